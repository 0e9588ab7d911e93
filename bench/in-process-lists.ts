/**
 * In-process timings of hot routes (no sockets): `bun bench/in-process-lists.ts [path…]`.
 * Seeds the demo data plus 10,000 stock items, then reports the median and p90 µs per request.
 * A path may be "POST <path> <json body>".
 */
import { seedBulkStock, seedDemoData } from "../server/demo/seed.ts";
import { makeTestApp } from "../tests/support/app.ts";

const t = await makeTestApp({ demo: false });
await seedDemoData(t.services.database);
await seedBulkStock(t.services.database, 10_000);
const cases = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      "/api/stock/?limit=25",
      "/api/part/?limit=25",
      "/api/stock/?limit=25&part_detail=true&location_detail=true&supplier_part_detail=true",
      "/api/part/?limit=25&category_detail=true",
      "/api/stock/1/",
      "/api/part/1/",
      'POST /api/barcode/ {"barcode": "{\\"stockitem\\": 1}"}',
    ];
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
  console.log(`${c.padEnd(90)} median ${times[times.length >> 1].toFixed(0).padStart(5)} µs  p90 ${times[Math.floor(times.length * 0.9)].toFixed(0).padStart(5)} µs`);
}
await t.close();
