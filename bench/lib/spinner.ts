export {};
/**
 * Keeps one plugin busy: POSTs `{action}` to /api/action/ one request at a time until killed, so
 * exactly one plugin call is spinning at any moment. Usage: bun spinner.ts URL AUTH ACTION
 */
const [url, auth, action] = process.argv.slice(2);
if (!url || !auth || !action) throw new Error("usage: spinner.ts URL AUTH ACTION");
let calls = 0;
process.on("SIGTERM", () => {
  process.stderr.write(`[spinner] ${calls} calls\n`);
  process.exit(0);
});
for (;;) {
  const r = await fetch(`${url}/api/action/`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ action, data: {} }) });
  if (r.status !== 200) throw new Error(`spinner: /api/action/ answered ${r.status}: ${await r.text()}`);
  await r.arrayBuffer();
  calls++;
}
