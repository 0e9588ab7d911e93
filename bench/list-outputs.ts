/**
 * Output A/B for the list routes (issue 12: results must stay identical): writes the answer of
 * ~430 list and detail URLs — the stock and part lists under every filter × ordering × offset the
 * scale suite's data offers, location and category trees, tracking, scan history, orders — as one
 * JSON line per URL, from the code under <code root> on a copy of <database> (a scale database:
 * bench/.cache/scale/). Run it for two checkouts on the same database and compare with `cmp`:
 *
 *   git archive <old commit> | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/
 *   bun bench/list-outputs.ts /tmp/old bench/.cache/scale/scale-1000000-*.sqlite /tmp/old.jsonl
 *   bun bench/list-outputs.ts .        bench/.cache/scale/scale-1000000-*.sqlite /tmp/new.jsonl
 *   cmp /tmp/old.jsonl /tmp/new.jsonl
 *
 * The older code must accept the newer schema (extra tables and indexes; its migrations already applied).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
const [root, dbSrc, out] = process.argv.slice(2);
if (!root || !dbSrc || !out) throw new Error("usage: bun bench/list-outputs.ts <code root> <database> <out.jsonl>");
const { makeTestApp } = await import(resolve(root, "tests/support/app.ts"));
const dir = mkdtempSync(join(tmpdir(), "ab-"));
const db = join(dir, "db.sqlite");
copyFileSync(dbSrc, db);
const t = await makeTestApp({ env: { BINVENTORY_DB: db } });
const sq = t.services.sqlite;
const one = (q: string, ...a: unknown[]) => (sq.query(q).get(...a) as { id: number }).id;
const store = one("SELECT id FROM stock_location WHERE pathstring = 'Store 1'");
const aisle = one("SELECT id FROM stock_location WHERE pathstring = 'Store 1/Aisle 1'");
const bin = one("SELECT id FROM stock_location WHERE pathstring = 'Store 1/Aisle 1/Rack 1/Bin 1'");
const top = one("SELECT id FROM part_category WHERE pathstring = 'Widgets'");
const sub = one("SELECT id FROM part_category WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1");
const hot = one("SELECT id FROM part WHERE IPN = 'P-000000'");
const total = (sq.query("SELECT count(*) AS id FROM stock_item").get() as { id: number }).id;
const urls: string[] = [];
const stockFilters = ["", "&in_stock=true", `&category=${top}`, `&category=${sub}`, `&location=${store}`, `&location=${aisle}&cascade=true`, `&location=${bin}&cascade=false`, "&search=widget", "&search=bolt", "&search=store", `&part=${hot}`, "&in_stock=true&search=widget"];
const stockOrderings = ["", "&ordering=part", "&ordering=-part", "&ordering=-part,quantity", "&ordering=quantity", "&ordering=-quantity", "&ordering=stock"];
for (const f of stockFilters) for (const o of stockOrderings) for (const off of [0, 37, 5000]) urls.push(`/api/stock/?limit=25&offset=${off}${o}${f}`);
for (const off of [total - 3, total, total + 10]) urls.push(`/api/stock/?limit=25&offset=${off}`, `/api/stock/?limit=25&offset=${off}&ordering=-part`);
urls.push("/api/stock/?limit=25&part_detail=true&location_detail=true&supplier_part_detail=true", "/api/stock/?limit=100&offset=200");
const partFilters = ["", "&has_stock=true", "&has_stock=false", "&low_stock=true", `&category=${top}`, `&category=${top}&cascade=false`, "&search=widget", "&search=bolt", "&search=wi", "&category_detail=true", `&has_stock=true&category=${top}`];
const partOrderings = ["", "&ordering=-in_stock", "&ordering=in_stock", "&ordering=name", "&ordering=-IPN", "&ordering=category", "&ordering=name,-in_stock"];
for (const f of partFilters) for (const o of partOrderings) for (const off of [0, 5000]) urls.push(`/api/part/?limit=25&offset=${off}${o}${f}`);
urls.push(`/api/part/${hot}/`, `/api/part/${hot}/requirements/`, `/api/stock/location/${aisle}/`, `/api/stock/location/${store}/`);
urls.push("/api/stock/location/", "/api/stock/location/?limit=25", `/api/stock/location/?limit=25&parent=${store}`, "/api/stock/location/?ordering=-items&limit=50", "/api/part/category/", "/api/part/category/?limit=25", "/api/part/category/?ordering=-part_count&limit=20");
urls.push("/api/stock/track/?limit=25", "/api/stock/track/?limit=25&offset=5000", "/api/barcode/history/?limit=25", "/api/order/po/?limit=25", "/api/order/so/?limit=25&outstanding=true");
const lines: string[] = [];
for (const u of urls) {
  const r = await t.call("GET", u, undefined, "staff");
  lines.push(JSON.stringify({ u, status: r.status, body: r.text }));
}
writeFileSync(out, lines.join("\n") + "\n");
await t.close();
rmSync(dir, { recursive: true, force: true });
console.log(`${urls.length} URLs → ${out}`);
