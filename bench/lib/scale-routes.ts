/**
 * The routes the scale suite times: every list route the clients use (issue 12), with the pks
 * they filter on looked up in the database being measured, plus detail routes as the flat reference.
 */
import type { Database } from "bun:sqlite";

export interface ScaleRoute {
  /** Stable name, the key across sizes. */
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  /** Paged routes must not grow with the table (ratio ≤ 2); whole trees and details are not paged. */
  paged: boolean;
  /** Turn BARCODE_STORE_RESULTS on before this route (it and every later one then store scans). */
  storeScans?: boolean;
}

const one = (sqlite: Database, sql: string): number => {
  const row = sqlite.query<{ id: number }, []>(sql).get();
  if (!row) throw new Error(`scale routes: nothing found for ${sql}`);
  return row.id;
};

/** The route list for the database `sqlite` (built by scale-seed.ts). */
export function scaleRoutes(sqlite: Database): ScaleRoute[] {
  const hotPart = one(sqlite, "SELECT id FROM part WHERE IPN = 'P-000000'");
  const store = one(sqlite, "SELECT id FROM stock_location WHERE pathstring = 'Store 1'");
  const aisle = one(sqlite, "SELECT id FROM stock_location WHERE pathstring = 'Store 1/Aisle 1'");
  const bin = one(sqlite, "SELECT id FROM stock_location WHERE pathstring = 'Store 1/Aisle 1/Rack 1/Bin 1'");
  const topCategory = one(sqlite, "SELECT id FROM part_category WHERE pathstring = 'Widgets'");
  const midItem = one(sqlite, "SELECT id FROM stock_item ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM stock_item)");
  const get = (name: string, path: string, paged = true): ScaleRoute => ({ name, method: "GET", path, paged });
  const scan = { barcode: JSON.stringify({ stockitem: midItem }) };
  return [
    get("stock: page 1", "/api/stock/?limit=25"),
    get("stock: page 3 of 100", "/api/stock/?limit=100&offset=200"),
    get("stock: offset 5000", "/api/stock/?limit=25&offset=5000"),
    get("stock: location + cascade", `/api/stock/?limit=25&location=${aisle}&cascade=true`),
    get("stock: location (store) + cascade", `/api/stock/?limit=25&location=${store}&cascade=true`),
    get("stock: location (bin)", `/api/stock/?limit=25&location=${bin}&cascade=false`),
    get("stock: part", `/api/stock/?limit=25&part=${hotPart}`),
    get("stock: category", `/api/stock/?limit=25&category=${topCategory}`),
    get("stock: in_stock", "/api/stock/?limit=25&in_stock=true"),
    get("stock: search=widget", "/api/stock/?limit=25&search=widget"),
    get("stock: ordering=-quantity", "/api/stock/?limit=25&ordering=-quantity"),
    get("stock: all details", "/api/stock/?limit=25&part_detail=true&location_detail=true&supplier_part_detail=true"),
    get("part: page 1", "/api/part/?limit=25"),
    get("part: offset 5000", "/api/part/?limit=25&offset=5000"),
    get("part: category + cascade", `/api/part/?limit=25&category=${topCategory}&cascade=true`),
    get("part: search=widget", "/api/part/?limit=25&search=widget"),
    get("part: has_stock", "/api/part/?limit=25&has_stock=true"),
    get("part: ordering=-in_stock", "/api/part/?limit=25&ordering=-in_stock"),
    get("part: category_detail", "/api/part/?limit=25&category_detail=true"),
    get("location tree (all, counts)", "/api/stock/location/", false),
    get("location: page 1", "/api/stock/location/?limit=25"),
    get("location: children of store", `/api/stock/location/?limit=25&parent=${store}`),
    get("category tree (all, counts)", "/api/part/category/", false),
    get("category: page 1", "/api/part/category/?limit=25"),
    get("tracking: page 1", "/api/stock/track/?limit=25"),
    get("tracking: offset 5000", "/api/stock/track/?limit=25&offset=5000"),
    get("tracking: one item", `/api/stock/track/?limit=25&item=${midItem}`),
    { name: "barcode scan (stock item)", method: "POST", path: "/api/barcode/", body: scan, paged: false },
    { name: "barcode scan, history stored", method: "POST", path: "/api/barcode/", body: scan, paged: false, storeScans: true },
    get("barcode history: page 1", "/api/barcode/history/?limit=25"),
    get("po: page 1", "/api/order/po/?limit=25"),
    get("po: outstanding", "/api/order/po/?limit=25&outstanding=true"),
    get("po-line: page 1", "/api/order/po-line/?limit=25"),
    get("so: page 1", "/api/order/so/?limit=25"),
    get("so: outstanding", "/api/order/so/?limit=25&outstanding=true"),
    get("so-line: page 1", "/api/order/so-line/?limit=25"),
    get("detail: stock item", `/api/stock/${midItem}/`, false),
    get("detail: part", `/api/part/${hotPart}/`, false),
    get("detail: location", `/api/stock/location/${aisle}/`, false),
  ];
}

/** How many rows a response holds (a page's `count`, an array's length, 1 for an object). */
export function resultCount(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === "object" && "count" in body && typeof (body as { count: unknown }).count === "number") return (body as { count: number }).count;
  return body && typeof body === "object" ? 1 : 0;
}
