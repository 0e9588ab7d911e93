import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { type SQL, sql } from "drizzle-orm";
import { rawRows } from "../server/db/dialect.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCategory, makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem } from "./support/factory.ts";
import { makePurchaseLine, makePurchaseSetup, makeSalesLine, makeShipment } from "./support/factory-order.ts";
import { pluginsDir } from "./support/plugins.ts";
import { PO_OPEN, SO_OPEN } from "../server/modules/order/status.ts";

/**
 * The maintained counts of migrations 0004, 0007 and 0008 (per-part stock totals, per-location item
 * counts, items per (location, part), the row counts of stock_item, stock_tracking, the scans and the
 * order tables), which the stock, part, location, tracking and order lists now read instead of
 * aggregating the tables per request.
 *
 * 1. Exact: after every write path (create, serialise, PATCH, add, remove, count, transfer whole and
 *    split, assign to a customer, delete, PO receive, SO allocate and ship, the plugin host's
 *    bv_stock_adjust, location and part deletes) the maintained values equal a recount from scratch.
 * 2. Differential: every list answer that reads them (over HTTP) equals what the queries the lists
 *    ran before gave on the same database, kept below as the reference: pages by part name and by
 *    quantity at every offset edge, `in_stock=true`, parts' in_stock and their has_stock / low_stock
 *    / ordering=in_stock pages, location item counts, the tracking total.
 *
 * The reference queries are plain SQL run on the app's own database, SQLite or PostgreSQL (the
 * PostgreSQL pass): written in SQLite's meaning, with the few spellings that differ given below
 * (`q`, `orderBy`, `like`, `equalsNoCase`): byte order and NULLs first for ORDER BY, LIKE folding
 * ASCII only, NOCASE equality.
 */

const IN_STOCK = (a: string) => `${a}.status IN (10, 50, 55, 85) AND ${a}.quantity > 0 AND ${a}.customer_id IS NULL AND ${a}.sales_order_id IS NULL`;
const OLD_PART_SUM = (p: string) => `(SELECT COALESCE(SUM(s.quantity), 0) FROM stock_item s WHERE s.part_id = ${p} AND ${IN_STOCK("s")})`;

/** Maintained values that differ from a recount, as readable lines (empty when exact). */
async function driftFromRecount(): Promise<string[]> {
  const out: string[] = [];
  const parts = await q<{ id: number; items: number | null; in_stock_items: number | null; in_stock: number | null; c_items: number; c_in: number; c_sum: number; name: string; t_name: string | null }>(
    `SELECT p.id, p.name, t.name AS t_name, t.items, t.in_stock_items, t.in_stock, (SELECT count(*) FROM stock_item s WHERE s.part_id = p.id) AS c_items,
        (SELECT count(*) FROM stock_item s WHERE s.part_id = p.id AND ${IN_STOCK("s")}) AS c_in, ${OLD_PART_SUM("p.id")} AS c_sum
       FROM part p LEFT JOIN part_stock_total t ON t.part_id = p.id`,
  );
  for (const r of parts) {
    if (r.items !== r.c_items || r.in_stock_items !== r.c_in || r.in_stock !== r.c_sum || r.t_name !== r.name) out.push(`part ${r.id}: ${r.t_name} ${r.items}/${r.in_stock_items}/${r.in_stock} vs ${r.name} ${r.c_items}/${r.c_in}/${r.c_sum}`);
  }
  const orphans = (await q<{ n: number }>("SELECT count(*) AS n FROM part_stock_total WHERE part_id NOT IN (SELECT id FROM part)"))[0]?.n;
  if (orphans) out.push(`${orphans} part totals without a part`);
  const locs = await q<{ id: number; items: number | null; c: number }>("SELECT l.id, t.items, (SELECT count(*) FROM stock_item s WHERE s.location_id = l.id) AS c FROM stock_location l LEFT JOIN stock_location_item_count t ON t.location_id = l.id");
  for (const r of locs) if (r.items !== r.c) out.push(`location ${r.id}: ${r.items} vs ${r.c}`);
  // Per (location, part): a row exactly for each pair holding items, with that many and the part's name.
  const pairs = await q<{ loc: number; part: number; n: number; name: string }>(
    "SELECT s.location_id AS loc, s.part_id AS part, count(*) AS n, p.name FROM stock_item s JOIN part p ON p.id = s.part_id WHERE s.location_id IS NOT NULL GROUP BY s.location_id, s.part_id, p.name",
  );
  const kept = new Map((await q<{ loc: number; part: number; n: number; name: string }>("SELECT location_id AS loc, part_id AS part, items AS n, name FROM stock_location_part_count")).map((r) => [`${r.loc}/${r.part}`, r]));
  for (const r of pairs) {
    const k = kept.get(`${r.loc}/${r.part}`);
    if (Number(k?.n) !== Number(r.n) || k?.name !== r.name) out.push(`location ${r.loc} part ${r.part}: ${k?.n} ${k?.name} vs ${r.n} ${r.name}`);
    kept.delete(`${r.loc}/${r.part}`);
  }
  for (const k of kept.keys()) out.push(`location/part ${k}: a row without items`);
  for (const table of ["stock_item", "stock_tracking", "barcode_scan_result", "purchase_order", "purchase_order_line", "sales_order", "sales_order_line"]) {
    const kept = (await q<{ n: number }>("SELECT n FROM table_row_count WHERE name = ?", table))[0]?.n;
    const real = (await q<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;
    if (kept !== real) out.push(`${table}: ${kept} vs ${real}`);
  }
  // Open orders, by InvenTree's OPEN status groups (order/status.ts).
  for (const [table, open] of [["purchase_order", PO_OPEN], ["sales_order", SO_OPEN]] as const) {
    const kept = (await q<{ n: number }>("SELECT n FROM table_row_count WHERE name = ?", `${table}_open`))[0]?.n;
    const real = (await q<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE status IN (${open.join(", ")})`))[0]?.n;
    if (Number(kept) !== Number(real)) out.push(`${table} open: ${kept} vs ${real}`);
  }
  const withStock = (await q<{ n: number }>("SELECT n FROM table_row_count WHERE name = 'part_with_stock'"))[0]?.n;
  const realWithStock = (await q<{ n: number }>(`SELECT count(*) AS n FROM part p WHERE ${OLD_PART_SUM("p.id")} > 0`))[0]?.n;
  if (withStock !== realWithStock) out.push(`parts with stock: ${withStock} vs ${realWithStock}`);
  return out;
}

// ---- generated data: shared part names, fractional quantities, every status, shipped and used-up items
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const STATUSES = [10, 10, 10, 50, 55, 60, 65, 70, 75, 85];
const QUANTITIES = [0, 1, 1, 2, 0.1, 0.2, 0.3, 1e-5, 3.33333, 7, 10, 12.5, 1000, 0.7];

let t: TestApp;
let plugins: string;
const postgres = () => t.services.database.dialect === "postgres";

/**
 * Rows of a reference query (`?` for each of `params`), on the app's database. Counts come back as
 * integers on both (PostgreSQL's count is a bigint).
 */
async function q<T>(text: string, ...params: unknown[]): Promise<T[]> {
  const pieces = text.replace(/count\(\*\)/gi, "CAST(count(*) AS integer)").split("?");
  if (pieces.length !== params.length + 1) throw new Error(`${params.length} parameters for ${pieces.length - 1} placeholders`);
  const query: SQL = sql.join(pieces.map((piece, i) => (i < params.length ? sql`${sql.raw(piece)}${params[i]}` : sql.raw(piece))));
  return rawRows<T>(t.services.database, query);
}

/** Splits an ORDER BY list at its top-level commas. */
const orderTerms = (list: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === "(") depth++;
    else if (list[i] === ")") depth--;
    else if (list[i] === "," && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [...out, list.slice(start).trim()];
};
/** Text columns the references order by: compared byte by byte (SQLite's BINARY). */
const TEXT_ORDER = new Set(["p.name", "l.pathstring", "c.name", 'p."IPN"']);
/** An ORDER BY list in SQLite's meaning: on PostgreSQL text in byte order and NULLs first ascending, last descending. */
const orderBy = (list: string): string =>
  postgres()
    ? orderTerms(list)
        .map((term) => {
          const desc = / DESC$/.test(term);
          const expr = desc ? term.slice(0, -5) : term;
          return `${expr}${TEXT_ORDER.has(expr) ? ' COLLATE "C"' : ""} ${desc ? "DESC NULLS LAST" : "ASC NULLS FIRST"}`;
        })
        .join(", ")
    : list;
/** SQLite's LIKE: ASCII letters fold, nothing else does. */
const like = (column: string, pattern: string) => (postgres() ? `(${column} COLLATE "C") ILIKE '${pattern}'` : `${column} LIKE '${pattern}'`);
/** SQLite's `= … COLLATE NOCASE`: equal but for ASCII case. */
const equalsNoCase = (column: string, value: string) => (postgres() ? `lower(${column} COLLATE "C") = lower('${value}')` : `${column} = '${value}' COLLATE NOCASE`);
const ids = { parts: [] as number[], locations: [] as number[], customer: 0, items: [] as number[], categories: [] as number[] };

beforeAll(async () => {
  plugins = pluginsDir({ examples: ["take-from-stock"] });
  t = await makeTestApp({ pluginsDir: plugins });
  const db = t.services.database;
  const top = await makeCategory(db, { name: "Top" });
  const sub = await makeCategory(db, { name: "Sub", parent: top });
  const deep = await makeCategory(db, { name: "Deep", parent: sub });
  ids.categories = [top, sub, await makeCategory(db, { name: "Empty", parent: deep })];
  const names = ["Bolt", "bolt", "Nut", "Nut", "Nut", "Washer", "Ährenhalter", "Zeta", "alpha", "Bolt"];
  for (let i = 0; i < 40; i++) ids.parts.push(await makePart(db, { name: names[i % names.length], IPN: `P-${i}`, category: [top, sub, deep, null][i % 4], minimum_stock: i % 4 === 0 ? 5 : 0, salable: true }));
  const store = await makeLocation(db, { name: "Store" });
  const aisle = await makeLocation(db, { name: "Aisle", parent: store, pathstring: "Store/Aisle" });
  ids.locations = [store, aisle, await makeLocation(db, { name: "Bin A", parent: aisle, pathstring: "Store/Aisle/Bin A" }), await makeLocation(db, { name: "Bin B", parent: aisle, pathstring: "Store/Aisle/Bin B" }), await makeLocation(db, { name: "Lab" })];
  ids.customer = await makeCompany(db, { name: "Customer", is_customer: true });
  const so = await makeSalesOrder(db, { customer: ids.customer, status: 15 });
  for (let i = 0; i < 400; i++) {
    const r = rand();
    ids.items.push(
      await makeStockItem(db, {
        // Parts 30..39 stay without stock.
        part: ids.parts[Math.floor(rand() * 30)],
        quantity: pick(QUANTITIES),
        status: pick(STATUSES),
        location: r < 0.1 ? null : pick(ids.locations),
        customer: r > 0.95 ? ids.customer : null,
        sales_order: r > 0.92 && r <= 0.95 ? so : null,
        batch: pick(["", "", "", "B-bolt", "lot7"]),
      }),
    );
  }
});
afterAll(async () => {
  await t.close();
  rmSync(plugins, { recursive: true, force: true });
});

const get = async (path: string) => {
  const r = await t.call("GET", path);
  expect(r.status).toBe(200);
  return r.body;
};
const pks = (rows: { pk: number }[]) => rows.map((r) => r.pk);

/** The old stock list: one sorted query over every matching item (item-query.ts before the maintained counts). */
async function oldStockPage(order: string, where: string, limit: number, offset: number): Promise<{ count: number; pks: number[] }> {
  const from = `FROM stock_item si JOIN part p ON p.id = si.part_id LEFT JOIN stock_location l ON l.id = si.location_id WHERE ${where}`;
  return {
    count: (await q<{ n: number }>(`SELECT count(*) AS n ${from}`))[0]?.n ?? 0,
    pks: (await q<{ id: number }>(`SELECT si.id ${from} ORDER BY ${orderBy(order)} LIMIT ? OFFSET ?`, limit, offset)).map((r) => r.id),
  };
}

const STOCK_ORDERINGS: Record<string, string> = {
  "": "p.name, si.quantity, l.pathstring, si.id",
  part: "p.name, si.id",
  "-part": "p.name DESC, si.id",
  "-part,quantity": "p.name DESC, si.quantity, si.id",
  quantity: "si.quantity, si.id",
  "-quantity": "si.quantity DESC, si.id",
};

async function expectListsAsBefore() {
  const total = (await q<{ n: number }>("SELECT count(*) AS n FROM stock_item"))[0]?.n ?? 0;
  // Stock pages: every offset edge (start, inside and at the end of a name group, the last page, past the end).
  for (const [ordering, order] of Object.entries(STOCK_ORDERINGS)) {
    const subtree = (pk: number) => `p.category_id IN (WITH RECURSIVE sub(id) AS (SELECT ${pk} UNION ALL SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`;
    const filters: Record<string, string> = { "": "1 = 1", "&in_stock=true": IN_STOCK("si") };
    for (const c of ids.categories) filters[`&category=${c}`] = subtree(c);
    // Searches matching part fields only (the walk over matching parts), item or location fields too, or nothing.
    const itemLike = (term: string) => `(${["p.name", 'p."IPN"', "p.description", "si.serial", "si.batch", "l.name"].map((c) => like(c, `%${term}%`)).join(" OR ")})`;
    // Location filters: the total from the locations' maintained counts.
    const [store, aisle, binA] = ids.locations;
    const inLocations = (pks: number[]) => `si.location_id IN (${pks.join(", ")})`;
    filters[`&location=${store}`] = inLocations([store, aisle, binA, ids.locations[3]]);
    filters[`&location=${aisle}&cascade=true`] = inLocations([aisle, binA, ids.locations[3]]);
    filters[`&location=${binA}&cascade=false`] = inLocations([binA]);
    // A leaf with cascade: its one location, as cascade=false (the walk over its parts by name).
    filters[`&location=${ids.locations[4]}&cascade=true`] = inLocations([ids.locations[4]]);
    for (const search of ["nut", "P-1", "zeta", "alp", "bolt", "lot", "aisle", "nut zeta", "nut P-2"]) filters[`&search=${encodeURIComponent(search)}`] = search.split(" ").map(itemLike).join(" AND ");
    for (const [filter, filterSql] of Object.entries(filters)) {
      for (const [limit, offset] of [[25, 0], [1, 0], [7, 3], [10, 37], [50, 100], [13, total - 5], [25, total], [1, total - 1], [100, 0]]) {
        const path = `/api/stock/?limit=${limit}&offset=${offset}${ordering ? `&ordering=${ordering}` : ""}${filter}`;
        const page = await get(path);
        const old = await oldStockPage(order, filterSql, limit, offset);
        expect({ path, count: page.count, pks: pks(page.results) }).toEqual({ path, ...old });
      }
    }
  }
  // Parts: in_stock of every part, and the lists that filter or order on it.
  const oldSums = new Map((await q<{ id: number; s: number }>(`SELECT p.id, ${OLD_PART_SUM("p.id")} AS s FROM part p`)).map((r) => [r.id, r.s]));
  for (const p of await get("/api/part/")) {
    expect({ pk: p.pk, in_stock: p.in_stock }).toEqual({ pk: p.pk, in_stock: oldSums.get(p.pk) as number });
  }
  // The detail and the requirements read the same total.
  for (const pk of ids.parts.slice(0, 12)) {
    expect({ pk, in_stock: (await get(`/api/part/${pk}/`)).in_stock }).toEqual({ pk, in_stock: oldSums.get(pk) as number });
    expect({ pk, total_stock: (await get(`/api/part/${pk}/requirements/`)).total_stock }).toEqual({ pk, total_stock: oldSums.get(pk) as number });
  }
  const oldParts = async (where: string, order: string, limit: number, offset: number) => {
    const from = `FROM part p LEFT JOIN part_category c ON c.id = p.category_id WHERE ${where}`;
    return {
      count: (await q<{ n: number }>(`SELECT count(*) AS n ${from}`))[0]?.n ?? 0,
      pks: (await q<{ id: number }>(`SELECT p.id ${from} ORDER BY ${orderBy(order)} LIMIT ? OFFSET ?`, limit, offset)).map((r) => r.id),
    };
  };
  const sum = OLD_PART_SUM("p.id");
  const partLike = (term: string) => `(${["p.name", 'p."IPN"', "p.description", "p.keywords", "p.revision", "c.name"].map((c) => like(c, `%${term}%`)).join(" OR ")})`;
  const partCases: [string, string, string][] = [
    ["has_stock=true", `${sum} > 0`, "p.name, p.id"],
    ["has_stock=false", `${sum} <= 0`, "p.name, p.id"],
    ["low_stock=true", `p.minimum_stock > 0 AND ${sum} < p.minimum_stock`, "p.name, p.id"],
    ["ordering=-in_stock", "1 = 1", `${sum} DESC, p.id`],
    ["ordering=in_stock", "1 = 1", `${sum}, p.id`],
    ["ordering=-in_stock&has_stock=true", `${sum} > 0`, `${sum} DESC, p.id`],
    ["ordering=name,-in_stock", "1 = 1", `p.name, ${sum} DESC, p.id`],
    ["has_stock=true&IPN=P-3", `${sum} > 0 AND ${equalsNoCase('p."IPN"', "P-3")}`, "p.name, p.id"],
    // Pages without stock in SQL (the page's pks sorted apart, then their rows), unfiltered and filtered.
    ["ordering=name", "1 = 1", "p.name, p.id"],
    ["ordering=-IPN", "1 = 1", 'p."IPN" DESC, p.id'],
    ["ordering=category", "1 = 1", "c.name, p.id"],
    [`category=${ids.categories[0]}`, `p.category_id IN (WITH RECURSIVE sub(id) AS (SELECT ${ids.categories[0]} UNION ALL SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`, "p.name, p.id"],
    ["search=nut", partLike("nut"), "p.name, p.id"],
    ["search=sub&ordering=-IPN", partLike("sub"), 'p."IPN" DESC, p.id'],
    ["search=P-1&ordering=category", partLike("P-1"), "c.name, p.id"],
    ["search=ol", partLike("ol"), "p.name, p.id"],
  ];
  for (const [query, where, order] of partCases) {
    for (const [limit, offset] of [[25, 0], [5, 7], [10, 35], [3, 39], [25, 60]]) {
      const page = await get(`/api/part/?limit=${limit}&offset=${offset}&${query}`);
      expect({ query, offset, count: page.count, pks: pks(page.results) }).toEqual({ query, offset, ...(await oldParts(where, order, limit, offset)) });
    }
  }
  // Locations: cascaded item counts as the grouped count over the stock table gave them.
  const direct = new Map((await q<{ loc: number; n: number }>("SELECT location_id AS loc, count(*) AS n FROM stock_item WHERE location_id IS NOT NULL GROUP BY location_id")).map((r) => [r.loc, r.n]));
  const locations: { pk: number; parent: number | null; items: number }[] = await get("/api/stock/location/");
  const childrenOf = (pk: number): number[] => locations.filter((l) => l.parent === pk).flatMap((l) => [l.pk, ...childrenOf(l.pk)]);
  for (const l of locations) expect({ pk: l.pk, items: l.items }).toEqual({ pk: l.pk, items: [l.pk, ...childrenOf(l.pk)].reduce((n, id) => n + (direct.get(id) ?? 0), 0) });
  expect((await get(`/api/stock/location/${ids.locations[1]}/`)).items).toBe(locations.find((l) => l.pk === ids.locations[1])?.items as number);
  // Categories: part counts (category-service.ts's statsCte) as the join of every part with its ancestors gave them.
  const oldPartCounts = new Map(
    (
      await q<{ id: number; n: number }>(
        `WITH RECURSIVE up(id, ancestor) AS (SELECT id, id FROM part_category UNION ALL SELECT up.id, c.parent_id FROM up JOIN part_category c ON c.id = up.ancestor WHERE c.parent_id IS NOT NULL)
         SELECT c.id, (SELECT COUNT(*) FROM part JOIN up ON part.category_id = up.id WHERE up.ancestor = c.id) AS n FROM part_category c`,
      )
    ).map((r) => [r.id, r.n]),
  );
  for (const cat of await get("/api/part/category/")) expect({ pk: cat.pk, part_count: cat.part_count }).toEqual({ pk: cat.pk, part_count: oldPartCounts.get(cat.pk) as number });
  // Tracking: the unfiltered total.
  expect((await get("/api/stock/track/?limit=5")).count).toBe((await q<{ n: number }>("SELECT count(*) AS n FROM stock_tracking"))[0]?.n ?? -1);
}

describe("maintained counts", () => {
  test("the generated data: maintained values equal a recount, and every list answers as before", async () => {
    expect(await driftFromRecount()).toEqual([]);
    await expectListsAsBefore();
  });

  test("every write path keeps them exact", async () => {
    const usable = new Set(
      (await q<{ id: number }>("SELECT id FROM stock_item WHERE quantity >= 2 AND status = 10 AND customer_id IS NULL AND sales_order_id IS NULL")).map((r) => r.id),
    );
    const [a, b, c, d, e] = ids.items.filter((id) => usable.has(id));
    const exact = async (step: string) => expect({ step, drift: await driftFromRecount() }).toEqual({ step, drift: [] });
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await t.call(method, path, body);
      expect({ path, status: r.status < 300 ? "2xx" : r.text }).toEqual({ path, status: "2xx" });
      return r.body;
    };
    const [bin, lab] = [ids.locations[2], ids.locations[4]];
    const part = ids.parts[1];

    await ok("POST", "/api/stock/", { part, quantity: 3.3, location: bin });
    await exact("create");
    await ok("PATCH", `/api/part/${ids.parts[3]}/`, { name: "Bolt" });
    await exact("part renamed (joins the other Bolts)");
    await ok("POST", "/api/part/", { name: "Serialised", trackable: true, description: "" });
    const trackable = (await q<{ id: number }>("SELECT max(id) AS id FROM part"))[0]?.id as number;
    await exact("create part");
    await ok("POST", "/api/stock/", { part: trackable, quantity: 3, serial_numbers: "1-3", location: lab });
    await exact("create serialised");
    await ok("PATCH", `/api/stock/${a}/`, { quantity: 0.30001, status: 50 });
    await exact("PATCH quantity and status");
    await ok("PATCH", `/api/stock/${a}/`, { status: 65 });
    await exact("PATCH to an unavailable status");
    await ok("PATCH", `/api/stock/${a}/`, { status: 10, location: null });
    await exact("PATCH back, unplaced");
    await ok("POST", "/api/stock/add/", { items: [{ pk: b, quantity: 0.1 }] });
    await exact("add");
    await ok("POST", "/api/stock/remove/", { items: [{ pk: b, quantity: 0.2 }] });
    await exact("remove");
    await ok("POST", "/api/stock/count/", { items: [{ pk: c, quantity: 0 }] });
    await exact("count to zero");
    await ok("POST", "/api/stock/transfer/", { items: [{ pk: d, quantity: 1 }], location: lab });
    await exact("transfer part (split)");
    const rest = (await q<{ q: number }>("SELECT quantity AS q FROM stock_item WHERE id = ?", d))[0]?.q;
    await ok("POST", "/api/stock/transfer/", { items: [{ pk: d, quantity: rest }], location: bin });
    await exact("transfer whole");
    await ok("POST", "/api/stock/assign/", { items: [{ item: e }], customer: ids.customer });
    await exact("assign to a customer");
    await ok("DELETE", `/api/stock/${b}/`);
    await exact("delete item (and its tracking)");

    // Purchase order receive.
    const p = await makePurchaseSetup(t.services.database);
    const po = await makePurchaseOrder(t.services.database, { supplier: p.supplier, status: 20 });
    const line = await makePurchaseLine(t.services.database, { order: po, part: p.supplierPart, quantity: 10 });
    await ok("POST", `/api/order/po/${po}/receive/`, { items: [{ line_item: line, quantity: 4 }], location: bin });
    await exact("PO receive (the part now has stock)");
    const received = await q<{ id: number }>("SELECT id FROM stock_item WHERE part_id = ?", p.part);
    await ok("POST", "/api/stock/count/", { items: received.map((r) => ({ pk: r.id, quantity: 0 })) });
    await exact("its stock counted to zero (the part has none again)");

    // Sales order allocate and ship: the shipped item leaves the stock.
    const stockPart = ids.parts[2];
    const item = await makeStockItem(t.services.database, { part: stockPart, quantity: 10, location: bin });
    const so = await makeSalesOrder(t.services.database, { customer: ids.customer, status: 15 });
    const soLine = await makeSalesLine(t.services.database, { order: so, part: stockPart, quantity: 4 });
    const shipment = await makeShipment(t.services.database, { order: so });
    await exact("SO setup");
    await ok("POST", `/api/order/so/${so}/allocate/`, { items: [{ line_item: soLine, stock_item: item, quantity: 4 }], shipment });
    await exact("SO allocate");
    await ok("POST", `/api/order/so/shipment/${shipment}/ship/`, { shipment_date: null, tracking_number: "", invoice_number: "", link: "" });
    await exact("SO ship");

    // Orders and their lines through the API: created, a line deleted, an order deleted with its
    // lines (ON DELETE CASCADE); the unfiltered lists' totals are the maintained row counts.
    const salable = await makePart(t.services.database, { salable: true });
    for (const kind of ["po", "so"] as const) {
      const order = (await ok("POST", `/api/order/${kind}/`, kind === "po" ? { supplier: p.supplier } : { customer: ids.customer })) as { pk: number };
      const lineBody = (n: number) => (kind === "po" ? { order: order.pk, part: p.supplierPart, quantity: n } : { order: order.pk, part: salable, quantity: n });
      const lines = [];
      for (const n of [1, 2, 3]) lines.push(((await ok("POST", `/api/order/${kind}-line/`, lineBody(n))) as { pk: number }).pk);
      await exact(`${kind} created with 3 lines`);
      await ok("DELETE", `/api/order/${kind}-line/${lines[0]}/`);
      await exact(`${kind} line deleted`);
      // Status changes through the transitions: the outstanding lists' totals follow.
      const outstandingCounts = async () => {
        const open = (kind === "po" ? PO_OPEN : SO_OPEN).join(", ");
        const table = kind === "po" ? "purchase_order" : "sales_order";
        const real = (await q<{ open: number; all: number }>(`SELECT (SELECT count(*) FROM ${table} WHERE status IN (${open})) AS open, (SELECT count(*) FROM ${table}) AS "all"`))[0];
        expect({ kind, open: (await get(`/api/order/${kind}/?outstanding=true&limit=1`)).count, closed: (await get(`/api/order/${kind}/?outstanding=false&limit=1`)).count }).toEqual({
          kind,
          open: Number(real.open),
          closed: Number(real.all) - Number(real.open),
        });
      };
      await outstandingCounts();
      await ok("POST", `/api/order/${kind}/${order.pk}/${kind === "po" ? "issue" : "hold"}/`, {});
      await exact(`${kind} ${kind === "po" ? "issued" : "held"} (still open)`);
      await ok("POST", `/api/order/${kind}/${order.pk}/cancel/`, {});
      await exact(`${kind} cancelled (no longer open)`);
      await outstandingCounts();
      for (const [list, table] of [[kind, kind === "po" ? "purchase_order" : "sales_order"], [`${kind}-line`, kind === "po" ? "purchase_order_line" : "sales_order_line"]]) {
        const real = (await q<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;
        expect({ list, count: (await get(`/api/order/${list}/?limit=1`)).count }).toEqual({ list, count: Number(real) });
      }
      await ok("DELETE", `/api/order/${kind}/${order.pk}/`);
      await exact(`${kind} deleted with its lines`);
    }

    // A plugin taking stock through the host (bv_stock_adjust).
    const take = await t.call("POST", "/api/action/", { action: "take", data: { item: c === a ? d : a, quantity: 0.1 } });
    expect(take.status).toBe(200);
    await exact("plugin bv_stock_adjust");

    // Stored barcode scans: stored, pruned past the maximum, deleted one and in bulk.
    await ok("PATCH", "/api/settings/global/BARCODE_STORE_RESULTS/", { value: true });
    await ok("PATCH", "/api/settings/global/BARCODE_RESULTS_MAX_NUM/", { value: 3 });
    for (let i = 0; i < 5; i++) await ok("POST", "/api/barcode/", { barcode: JSON.stringify({ stockitem: a }) });
    await exact("scans stored and pruned");
    const scans = await get("/api/barcode/history/?limit=10");
    expect(scans.count).toBe(3);
    await ok("DELETE", `/api/barcode/history/${scans.results[0].pk}/`);
    await exact("scan deleted");
    expect((await get("/api/barcode/history/?limit=10")).count).toBe(2);

    // Deleting a location unplaces its items; deleting a part without stock drops its totals.
    await ok("DELETE", `/api/stock/location/${ids.locations[3]}/`);
    await exact("location delete");
    await ok("PATCH", `/api/part/${ids.parts[35]}/`, { active: false });
    await ok("DELETE", `/api/part/${ids.parts[35]}/`);
    await exact("part delete");

    await expectListsAsBefore();
  });
});
