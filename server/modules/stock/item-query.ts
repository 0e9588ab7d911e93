import { today } from "../../core/clock.ts";
import { type AnyColumn, and, asc, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { preparedPerDb } from "../../db/prepared.ts";
import { preparedPerDbKeyed } from "../../db/prepared.ts";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { type DialectSql, rawRows, sqlFor } from "../../db/dialect.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { categorySubtreeIds } from "../part/service.ts";
import { toPartBrief } from "../part/service.ts";
import type { StockItemOut, StockListQueryIn } from "./item-model.ts";
import { inStockItemCondition, isInStock } from "./in-stock.ts";
import { LocationTree } from "./location-tree.ts";
import { invalidChoice } from "../../core/errors.ts";
import { parseBoolQuery, parseOrdering, searchTerms } from "../../core/query.ts";
import { containsAny, containsLike, searchIndexMatch } from "../../db/query.ts";
import { MAX_SEARCH_TERMS } from "./query-params.ts";
import { stockStatusLabel } from "./status-codes.ts";
import { addItemExtras, type ItemExtraValues, itemExtraColumns } from "./item-extras.ts";
import { type ItemPage, inStockTotal, itemTotal, itemsOfPageParts, locationItemTotal, maintainedPartsOfPage, pageByPartName, partsOnlyPage, partsOnlyTotal, walkedPageByPartName } from "./item-pages.ts";
import { toLocationBrief } from "./location-service.ts";
import { ofBoundTables, parts, stockItems, stockLocations, supplierParts } from "../../db/tables.ts";

type ItemRow = typeof stockItems.$inferSelect;
type PartRow = typeof parts.$inferSelect;
type LocBrief = { id: number; name: string; pathstring: string } | null;

export interface DetailOptions {
  part_detail?: boolean;
  location_detail?: boolean;
  supplier_part_detail?: boolean;
}

function toOut(item: ItemRow, part: PartRow | null, loc: LocBrief, opts: DetailOptions, extras?: ItemExtraValues): StockItemOut {
  const inStock = isInStock(item);
  const out: StockItemOut = {
    pk: item.id,
    part: item.part,
    location: item.location,
    quantity: item.quantity,
    serial: item.serial,
    batch: item.batch,
    packaging: item.packaging,
    status: item.status,
    status_text: stockStatusLabel(item.status),
    status_custom_key: item.status,
    supplier_part: item.supplier_part,
    purchase_order: item.purchase_order,
    sales_order: item.sales_order,
    customer: item.customer,
    purchase_price: item.purchase_price,
    // InvenTree's default currency: prices are stored without one.
    purchase_price_currency: "USD",
    expiry_date: item.expiry_date,
    notes: item.notes,
    link: item.link,
    creation_date: item.creation_date,
    updated: item.updated,
    stocktake_date: item.stocktake_date,
    barcode_hash: item.barcode_hash,
    in_stock: inStock,
    expired: inStock && item.expiry_date !== null && item.expiry_date < today(),
    // STOCK_STALE_DAYS is 0 (InvenTree's default): nothing is stale.
    stale: false,
    // Selected with the item (itemExtraColumns), or filled per page by addItemExtras.
    allocated: extras?.allocated ?? 0,
    tracking_items: extras?.tracking_items ?? 0,
    is_building: false,
  };
  if (opts.part_detail && part) out.part_detail = toPartBrief(part);
  if (opts.location_detail) out.location_detail = loc ? toLocationBrief(loc) : null;
  return out;
}

/** The location columns a `location_detail` needs (toLocationBrief). */
const locBrief = ofBoundTables(() => ({ id: stockLocations.id, name: stockLocations.name, pathstring: stockLocations.pathstring }));

/** Items joined to their part and location in one statement, so details never cost a query per row. */
const joined = (q: ReadQueries) =>
  q
    .select({ item: stockItems, part: parts, loc: locBrief(), extras: itemExtraColumns() })
    .from(stockItems)
    .innerJoin(parts, eq(parts.id, stockItems.part))
    .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
    .$dynamic();

type JoinedRow = { item: ItemRow; part: PartRow; loc: LocBrief; extras?: ItemExtraValues };

/**
 * The same join selecting part and location columns only when their details are asked for:
 * drizzle maps every selected column of every row, and the part's are most of them. Rows lack
 * `part`/`loc` when not selected (typed as the full join, read through `rowOut`).
 */
const joinedFor = (q: ReadQueries, opts: DetailOptions, withExtras = false) =>
  q
    .select({
      item: stockItems,
      ...(opts.part_detail ? { part: parts } : {}),
      ...(opts.location_detail ? { loc: locBrief() } : {}),
      ...(withExtras ? { extras: itemExtraColumns() } : {}),
    } as unknown as { item: typeof stockItems; part: typeof parts; loc: ReturnType<typeof locBrief> })
    .from(stockItems)
    .innerJoin(parts, eq(parts.id, stockItems.part))
    .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
    .$dynamic();

const rowOut = (opts: DetailOptions) => (r: Partial<JoinedRow> & { item: ItemRow }) => toOut(r.item, r.part ?? null, r.loc ?? null, opts, r.extras);
const detailKey = (opts: DetailOptions) => `${opts.part_detail ? "p" : ""}${opts.location_detail ? "l" : ""}|`;

/** Stock items by pk, serialised, in the order given; missing pks are skipped. */
export async function loadStockItems(db: Reads, pks: number[], opts: DetailOptions = {}): Promise<StockItemOut[]> {
  if (pks.length === 0) return [];
  const rows = await joinedFor(db.q, opts).where(inArray(stockItems.id, pks));
  const out = rowOut(opts);
  const byId = new Map(rows.map((r) => [r.item.id, out(r)]));
  return addItemExtras(db, pks.map((pk) => byId.get(pk)).filter((x): x is StockItemOut => x !== undefined), opts.supplier_part_detail === true);
}

/**
 * One stock item as the API shows it; 404 when it does not exist.
 * Other modules (orders, the plugin host) call this to report an item.
 */
/** The one-item lookup is on the hot path (detail route, barcode scans, plugins): prepared once per database. */
const itemByPk = preparedPerDb((q: ReadQueries) => joined(q).where(eq(stockItems.id, sql.placeholder("pk"))).prepare());

export async function getStockItem(db: Reads, pk: number, opts: DetailOptions = {}): Promise<StockItemOut> {
  const row = await itemByPk(db.q).get({ pk });
  if (!row) throw notFound();
  const out = toOut(row.item, row.part, row.loc, opts, row.extras);
  return opts.supplier_part_detail ? (await addItemExtras(db, [out], true, true))[0] : out;
}


const ORDERING = ["quantity", "part", "part__name", "part__IPN", "IPN", "location", "updated", "creation_date", "stocktake_date", "expiry_date", "batch", "status", "serial", "stock", "pk"] as const;
type OrderField = (typeof ORDERING)[number];

// Columns as themselves (not wrapped in sql``): the dialect's asc/desc order text columns by bytes
// and place NULLs as SQLite does (first ascending) on PostgreSQL too.
const orderColumns = (d: DialectSql): Record<OrderField, (SQL | AnyColumn)[]> => ({
  quantity: [stockItems.quantity],
  part: [parts.name],
  part__name: [parts.name],
  part__IPN: [parts.IPN],
  IPN: [parts.IPN],
  location: [stockLocations.pathstring],
  updated: [stockItems.updated],
  creation_date: [stockItems.creation_date],
  stocktake_date: [stockItems.stocktake_date],
  expiry_date: [stockItems.expiry_date],
  batch: [stockItems.batch],
  status: [stockItems.status],
  serial: [stockItems.serial],
  // InvenTree's "stock" alias: quantity, then the serial as a number, then as text.
  stock: [stockItems.quantity, d.leadingInteger(stockItems.serial), stockItems.serial],
  pk: [stockItems.id],
});
const ORDER_COLUMNS = { sqlite: orderColumns(sqlFor("sqlite")), postgres: orderColumns(sqlFor("postgres")) };

/**
 * Items where one search term is in their part's name, IPN or description, their serial or batch,
 * or their location's name: containsLike on each, as the old search over every joined row, but run
 * only on the parts and items the search indexes offer (a superset) and on the locations (a few
 * thousand rows). Undefined for a term the indexes cannot answer (under 3 folded characters).
 */
async function indexedSearchTerm(db: Reads, term: string): Promise<{ cond: SQL; partsOnly?: SQL } | undefined> {
  const ownMatch = searchIndexMatch("stock_item_search", term, "s");
  const partMatch = searchIndexMatch("part_search", term, "p");
  if (!ownMatch || !partMatch) return undefined;
  const p = sql`SELECT p.id FROM part p WHERE ${partMatch} AND ${containsAny([sql`p.name`, sql`p."IPN"`, sql`p.description`], term)}`;
  const own = sql`SELECT s.id FROM stock_item s WHERE ${ownMatch} AND ${containsAny([sql`s.serial`, sql`s.batch`], term)}`;
  const loc = sql`SELECT l.id FROM stock_location l WHERE ${containsLike(sql`l.name`, term)}`;
  // When no item's serial or batch and no location name has the term (the common case: a word
  // from part names), the matches are exactly the items of the matching parts: `partsOnly`.
  // A boolean on PostgreSQL, 0/1 on SQLite.
  const othersMatch = Boolean((await rawRows<{ n: unknown }>(db, sql`SELECT (EXISTS (${own}) OR EXISTS (${loc})) AS n`))[0]?.n);
  return { cond: sql`(${stockItems.part} IN (${p}) OR ${stockItems.id} IN (${own}) OR ${stockItems.location} IN (${loc}))`, partsOnly: othersMatch ? undefined : sql`${parts.id} IN (${p})` };
}

/** Turns the list query into SQL conditions; reports whether part/location columns are needed. */
async function conditions(db: Reads, q: StockListQueryIn): Promise<{ where: SQL | undefined; joinsNeeded: boolean; inStockOnly: boolean; partsOnly?: SQL; locationsOnly?: number[] }> {
  const conds: SQL[] = [];
  let locations: number[] | undefined;
  let joinsNeeded = false;
  if (q.part !== undefined) conds.push(eq(stockItems.part, q.part));
  const cascade = parseBoolQuery(q.cascade) ?? true;
  if (q.location === "null") {
    // InvenTree: "location=null" narrows to unplaced stock only when cascade is off.
    if (!cascade) conds.push(isNull(stockItems.location));
  } else if (q.location !== undefined) {
    const tree = await LocationTree.loadShape(db);
    if (!tree.byId.has(q.location)) throw fieldError("location", invalidChoice);
    locations = cascade ? tree.descendants(q.location, true) : [q.location];
    // The subtree as one JSON parameter: a store's hundreds of pks would otherwise be as many
    // parameters in every statement the page runs, each built and prepared anew.
    conds.push(cascade ? sql`${stockItems.location} IN (${sqlFor(db).intsOfJson(JSON.stringify(locations))})` : eq(stockItems.location, q.location));
  }
  let categoryFilter: SQL | undefined;
  if (q.category !== undefined) {
    // The subtree's ids read first and listed: PostgreSQL's planner guesses a recursive CTE at a
    // thousand rows and scans every part; a list of 14 categories reads their index entries.
    categoryFilter = sql`${parts.category} IN (${sql.join(await categorySubtreeIds(db, q.category), sql`, `)})`;
    conds.push(categoryFilter);
    joinsNeeded = true;
  }
  if (q.supplier_part !== undefined) conds.push(eq(stockItems.supplier_part, q.supplier_part));
  if (q.supplier !== undefined) {
    conds.push(inArray(stockItems.supplier_part, db.q.select({ id: supplierParts.id }).from(supplierParts).where(eq(supplierParts.supplier, q.supplier))));
  }
  if (q.status !== undefined) conds.push(eq(stockItems.status, q.status));
  if (q.serial !== undefined) conds.push(eq(stockItems.serial, q.serial));
  const serialized = parseBoolQuery(q.serialized);
  if (serialized === true) conds.push(sql`(${stockItems.serial} IS NOT NULL AND ${stockItems.serial} != '')`);
  if (serialized === false) conds.push(sql`(${stockItems.serial} IS NULL OR ${stockItems.serial} = '')`);
  if (q.batch !== undefined) conds.push(sql`lower(${stockItems.batch}) = lower(${q.batch})`);
  const inStock = parseBoolQuery(q.in_stock);
  if (inStock === true) conds.push(inStockItemCondition());
  if (inStock === false) conds.push(sql`NOT (${inStockItemCondition()})`);
  if (q.customer !== undefined) conds.push(eq(stockItems.customer, q.customer));
  if (q.purchase_order !== undefined) conds.push(eq(stockItems.purchase_order, q.purchase_order));
  if (q.sales_order !== undefined) conds.push(eq(stockItems.sales_order, q.sales_order));
  // DRF SearchFilter: every term in one of the fields. A term of 3+ folded characters is looked up
  // in the search indexes; a shorter one is compared with every joined row (containsAny).
  const terms = searchTerms(q.search, MAX_SEARCH_TERMS);
  const searchParts: SQL[] = [];
  for (const term of terms) {
    const indexed = await indexedSearchTerm(db, term);
    if (indexed) {
      conds.push(indexed.cond);
      if (indexed.partsOnly) searchParts.push(indexed.partsOnly);
    } else {
      conds.push(containsAny([parts.name, parts.IPN, parts.description, stockItems.serial, stockItems.batch, stockLocations.name], term));
      joinsNeeded = true;
    }
  }
  const only = conds.length === 1;
  // A search alone whose every term matches through part fields only: a condition on parts.
  const partsOnly = terms.length > 0 && searchParts.length === terms.length && conds.length === terms.length ? and(...searchParts) : undefined;
  return { where: conds.length ? and(...conds) : undefined, joinsNeeded, inStockOnly: inStock === true && only, partsOnly: only && categoryFilter ? categoryFilter : partsOnly, locationsOnly: only ? locations : undefined };
}

/**
 * GET /api/stock/: InvenTree's StockList filters, search and ordering, paginated in SQL
 * (COUNT + LIMIT/OFFSET), with part and location details joined in the same query. Without a
 * filter, statements prepared per ordering answer it (drizzle would rebuild the SQL every call).
 */
export async function listStockItems(db: Reads, q: StockListQueryIn) {
  const { where, joinsNeeded, inStockOnly, partsOnly, locationsOnly } = await conditions(db, q);
  const opts: DetailOptions = {
    part_detail: parseBoolQuery(q.part_detail),
    location_detail: parseBoolQuery(q.location_detail),
    supplier_part_detail: parseBoolQuery(q.supplier_part_detail),
  };
  const envelope = async (total: number, list: StockItemOut[], known = false) => ({ total, rows: await addItemExtras(db, list, opts.supplier_part_detail === true, known) });

  const order = parseOrdering(q.ordering, ORDERING);
  // InvenTree's default ordering: part name, quantity, location.
  if (order.length === 0) order.push({ field: "part", desc: false }, { field: "quantity", desc: false }, { field: "location", desc: false });
  const columns = ORDER_COLUMNS[db.dialect];
  const dialectSql = sqlFor(db);
  const orderBy = order.flatMap(({ field, desc: d }) => columns[field].map((c) => (d ? dialectSql.desc(c) : dialectSql.asc(c))));
  orderBy.push(asc(stockItems.id)); // a stable tie-break keeps pages from overlapping

  const byPartName = order[0].field === "part" || order[0].field === "part__name";
  if (where === undefined && !joinsNeeded) {
    // No filter: the common case, answered from statements prepared per ordering.
    const key = order.map((o) => (o.desc ? "-" : "") + o.field).join(",");
    const offset = q.offset ?? 0;
    const out = rowOut(opts);
    if (q.limit === undefined) return envelope(0, (await orderedPage(db, opts, key, orderBy).all({ limit: NO_LIMIT[db.dialect], offset: 0 })).map(out));
    const total = await itemTotal(db);
    if (!byPartName) return envelope(total, (await orderedPage(db, opts, key, orderBy).all({ limit: q.limit, offset })).map(out));
    const walk = await maintainedPartsOfPage(db, { kind: "items" }, order[0].desc, q.limit, offset);
    const rows = walk.parts.length ? await partsPage(db, opts, key, orderBy).all({ parts: JSON.stringify(walk.parts), limit: q.limit, offset: offset - walk.before }) : [];
    return envelope(total, rows.map(out), true);
  }
  if (q.limit !== undefined && byPartName) {
    const offset = q.offset ?? 0;
    let page: ItemPage;
    if (inStockOnly) {
      // `in_stock=true` alone: the same walk on the parts' maintained in-stock counts.
      const walk = await maintainedPartsOfPage(db, { kind: "in_stock_items" }, order[0].desc, q.limit, offset);
      page = { total: await inStockTotal(db), pks: await itemsOfPageParts(db, where, orderBy, walk.parts, q.limit, offset - walk.before) };
    } else if (locationsOnly?.length === 1) {
      // One location alone (a bin, or a location without sublocations with cascade): the walk over
      // its parts' maintained counts by name; the total is its maintained item count.
      const walk = await maintainedPartsOfPage(db, { kind: "location", location: locationsOnly[0] }, order[0].desc, q.limit, offset);
      page = { total: await locationItemTotal(db, locationsOnly), pks: await itemsOfPageParts(db, where, orderBy, walk.parts, q.limit, offset - walk.before) };
    } else if (partsOnly) page = await partsOnlyPage(db, partsOnly, where, orderBy, order[0].desc, q.limit, offset);
    else {
      // A location filter alone: its total is the sum of the locations' maintained item counts.
      const knownTotal = locationsOnly ? await locationItemTotal(db, locationsOnly) : undefined;
      page =
        (!joinsNeeded && where !== undefined && (await walkedPageByPartName(db, where, orderBy, order[0].desc, q.limit, offset, knownTotal))) ||
        (await pageByPartName(db, where, joinsNeeded, orderBy, order[0].desc, q.limit, offset));
    }
    return { total: page.total, rows: await loadStockItems(db, page.pks, opts) };
  }

  // Other orderings: the total from the maintained counts when the filter is one they answer.
  let total: number;
  if (q.limit === undefined) total = 0;
  else if (inStockOnly) total = await inStockTotal(db);
  else if (locationsOnly) total = await locationItemTotal(db, locationsOnly);
  else if (partsOnly) total = await partsOnlyTotal(db, partsOnly);
  else if (joinsNeeded) {
    const [row] = await db.q
      .select({ n: count() })
      .from(stockItems)
      .innerJoin(parts, eq(parts.id, stockItems.part))
      .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
      .where(where);
    total = row?.n ?? 0;
  } else total = await db.q.$count(stockItems, where);

  let query = joinedFor(db.q, opts)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  const results = (await query).map(rowOut(opts));
  return envelope(q.limit === undefined ? results.length : total, results);
}

/** Built per ordering key: the whole list in that ordering, LIMIT/OFFSET as placeholders (`NO_LIMIT` is none). */
const buildOrderedPage = (q: ReadQueries, opts: DetailOptions, orderBy: SQL[], where?: SQL) =>
  joinedFor(q, opts)
    .where(where)
    .orderBy(...orderBy)
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare();
/** A LIMIT that is none: SQLite takes a negative one, PostgreSQL NULL. */
const NO_LIMIT = { sqlite: -1, postgres: null as unknown as number } as const;
const orderedPages = preparedPerDbKeyed<ReturnType<typeof buildOrderedPage>, ReadQueries>();
type PageRow = Partial<JoinedRow> & { item: ItemRow };
const partsPages = preparedPerDbKeyed<{ all(p: { parts: string; limit: number; offset: number }): PageRow[] | Promise<PageRow[]> }, ReadQueries>();
const orderedPage = (db: Reads, opts: DetailOptions, key: string, orderBy: SQL[]) => orderedPages(db.q, detailKey(opts) + key, () => buildOrderedPage(db.q, opts, orderBy));
/** The items of some parts (`parts`: a JSON array of pks), in one ordering, with LIMIT/OFFSET. */
const partsPage = (db: Reads, opts: DetailOptions, key: string, orderBy: SQL[]) =>
  partsPages(db.q, detailKey(opts) + key, () => {
    // The page's pks are sorted apart, narrow (from the part index, which holds quantity and
    // location): a sort of whole rows would carry every column of every item of the page's parts.
    const pagePks = db.q
      .select({ id: stockItems.id })
      .from(stockItems)
      .innerJoin(parts, eq(parts.id, stockItems.part))
      .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
      .where(sql`${stockItems.part} IN (${sqlFor(db).intsOfJson(sql.placeholder("parts"))})`)
      .orderBy(...orderBy)
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"));
    // Only the page's rows come out of this statement: the extras are selected with them.
    return joinedFor(db.q, opts, true)
      .where(inArray(stockItems.id, pagePks))
      .orderBy(...orderBy)
      .prepare();
  });
