/**
 * Cost of BINVENTORY_DURABILITY=full against normal: sequential POST /api/stock/add/ in-process
 * (app.handle, no socket), on a file database in the temp directory. Run:
 * `bun bench/durability.ts [requests]`. Reports the median and p95 per request for each setting.
 */
import { makeTestApp } from "../tests/support/app.ts";

const N = Number(process.argv[2] ?? 400);

async function measure(durability: "full" | "normal"): Promise<{ median: number; p95: number; total: number }> {
  const t = await makeTestApp({ env: { BINVENTORY_DURABILITY: durability } });
  try {
    const part = (await t.call("POST", "/api/part/", { name: "Bench part" })).body.pk;
    const item = (await t.call("POST", "/api/stock/", { part, quantity: 1 })).body.pk;
    const times: number[] = [];
    const start = performance.now();
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] }, "staff");
      times.push(performance.now() - t0);
      if (r.status !== 201) throw new Error(`status ${r.status}`);
    }
    const total = performance.now() - start;
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(N / 2)], p95: times[Math.floor(N * 0.95)], total };
  } finally {
    await t.close();
  }
}

for (let round = 0; round < 2; round++) {
  for (const d of ["normal", "full"] as const) {
    const r = await measure(d);
    console.log(`${d.padEnd(6)} median ${r.median.toFixed(3)} ms  p95 ${r.p95.toFixed(3)} ms  ${(N / (r.total / 1000)).toFixed(0)} req/s`);
  }
}
