/**
 * In-process timings of hot routes (no sockets): `bun bench/in-process-lists.ts [path…]`
 * (`npm run bench -- lists`). Seeds the demo data plus 10,000 stock items, then reports the median
 * and p90 µs per request, on SQLite and, when PostgreSQL's binaries are installed, on PostgreSQL too
 * (a child process on a throwaway cluster: a process serves one backend), side by side.
 * `LISTS_BACKENDS=sqlite` (or `postgres`) measures one. A path may be "POST <path> <json body>".
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { seedBulkStock, seedDemoData } from "../server/demo/seed.ts";
import { makeTestApp } from "../tests/support/app.ts";

const DEFAULT_CASES = [
  "/api/stock/?limit=25",
  "/api/part/?limit=25",
  "/api/stock/?limit=25&part_detail=true&location_detail=true&supplier_part_detail=true",
  "/api/part/?limit=25&category_detail=true",
  "/api/stock/1/",
  "/api/part/1/",
  'POST /api/barcode/ {"barcode": "{\\"stockitem\\": 1}"}',
];
const cases = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_CASES;
const inChild = process.env.LISTS_CHILD === "1";
const havePostgres = () => existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(join("/usr/lib/postgresql", v, "bin", "initdb")));
const backends = (process.env.LISTS_BACKENDS ?? (havePostgres() ? "sqlite,postgres" : "sqlite")).split(",").map((b) => b.trim());
const here = process.env.BINVENTORY_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

type Result = { median: number; p90: number };

/** Measures every case on this process's backend (makeTestApp's: BINVENTORY_TEST_DATABASE). */
async function measure(): Promise<Record<string, Result>> {
  const t = await makeTestApp({ demo: false });
  await seedDemoData(t.services.database);
  await seedBulkStock(t.services.database, 10_000);
  const out: Record<string, Result> = {};
  for (const c of cases) {
    const [method, path, body] = c.startsWith("POST ") ? ["POST", c.split(" ")[1], JSON.parse(c.slice(c.indexOf("{")))] : ["GET", c, undefined];
    for (let i = 0; i < 300; i++) await t.call(method, path, body, "staff");
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = Bun.nanoseconds();
      const r = await t.call(method, path, body, "staff");
      times.push((Bun.nanoseconds() - s) / 1000);
      if (r.status !== 200) throw new Error(`${c}: ${r.status}`);
    }
    times.sort((a, b) => a - b);
    out[c] = { median: times[times.length >> 1], p90: times[Math.floor(times.length * 0.9)] };
    if (!inChild) console.log(`[${here}] ${c.padEnd(90)} median ${out[c].median.toFixed(0).padStart(5)} µs  p90 ${out[c].p90.toFixed(0).padStart(5)} µs`);
  }
  await t.close();
  return out;
}

if (inChild) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}
const results: Partial<Record<"sqlite" | "postgres", Record<string, Result>>> = {};
if (backends.includes("sqlite")) results.sqlite = await measure();
if (backends.includes("postgres")) {
  const child = Bun.spawnSync([process.execPath, import.meta.path, ...process.argv.slice(2)], { env: { ...process.env, LISTS_CHILD: "1", BINVENTORY_TEST_DATABASE: "postgres" }, stderr: "inherit" });
  if (child.exitCode !== 0) throw new Error("the PostgreSQL run failed");
  const lines = child.stdout.toString().trim().split("\n");
  results.postgres = JSON.parse(lines[lines.length - 1]);
}
const fmt = (r?: Result) => (r ? `${r.median.toFixed(0).padStart(6)} ${r.p90.toFixed(0).padStart(6)}` : "     -      -");
console.log(`\n${"route (µs: median p90)".padEnd(90)}  ${"SQLite".padStart(13)}  ${"PostgreSQL".padStart(13)}  PG/SQLite`);
for (const c of cases) {
  const a = results.sqlite?.[c];
  const b = results.postgres?.[c];
  console.log(`${c.padEnd(90)}  ${fmt(a)}  ${fmt(b)}  ${a && b ? (b.median / a.median).toFixed(1).padStart(9) : ""}`);
}
console.log(JSON.stringify({ suite: "lists", results }));
