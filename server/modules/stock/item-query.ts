import { today } from "../../core/clock.ts";
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { imageFields } from "../media/service.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { preparedPerDbKeyed } from "../../db/prepared.ts";
import type { DbOrTx } from "../../db/client.ts";
import { supplierParts } from "../../db/schema/company.ts";
import { parts } from "../../db/schema/part.ts";
import { locationItemCounts, partStockTotals, stockItems, stockLocations } from "../../db/schema/stock.ts";
import { tableRowCounts } from "../../db/schema/row-counts.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { partFullName } from "../part/service.ts";
import { toPartBrief } from "../part/service.ts";
import type { StockItemOut, StockListQueryIn } from "./item-model.ts";
import { inStockItemCondition, isInStock } from "./in-stock.ts";
import { LocationTree } from "./location-tree.ts";
import { invalidChoice } from "../../core/errors.ts";
import { parseBoolQuery, parseOrdering, searchTerms } from "../../core/query.ts";
import { containsAny, containsLike, searchCondition, searchIndexPks } from "../../db/query.ts";
import { MAX_SEARCH_TERMS } from "./query-params.ts";
import { stockStatusLabel } from "./status-codes.ts";
import { addItemExtras, type ItemExtraValues, itemExtraColumns } from "./item-extras.ts";
import { toLocationBrief } from "./location-service.ts";

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
const locBrief = { id: stockLocations.id, name: stockLocations.name, pathstring: stockLocations.pathstring };

/** Items joined to their part and location in one statement, so details never cost a query per row. */
const joined = (db: DbOrTx) =>
  db
    .select({ item: stockItems, part: parts, loc: locBrief, extras: itemExtraColumns() })
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
const joinedFor = (db: DbOrTx, opts: DetailOptions, withExtras = false) =>
  db
    .select({
      item: stockItems,
      ...(opts.part_detail ? { part: parts } : {}),
      ...(opts.location_detail ? { loc: locBrief } : {}),
      ...(withExtras ? { extras: itemExtraColumns() } : {}),
    } as unknown as { item: typeof stockItems; part: typeof parts; loc: typeof locBrief })
    .from(stockItems)
    .innerJoin(parts, eq(parts.id, stockItems.part))
    .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
    .$dynamic();

const rowOut = (opts: DetailOptions) => (r: Partial<JoinedRow> & { item: ItemRow }) => toOut(r.item, r.part ?? null, r.loc ?? null, opts, r.extras);
const detailKey = (opts: DetailOptions) => `${opts.part_detail ? "p" : ""}${opts.location_detail ? "l" : ""}|`;

/** Stock items by pk, serialised, in the order given; missing pks are skipped. */
export function loadStockItems(db: DbOrTx, pks: number[], opts: DetailOptions = {}): StockItemOut[] {
  if (pks.length === 0) return [];
  const rows = joinedFor(db, opts).where(inArray(stockItems.id, pks)).all();
  const out = rowOut(opts);
  const byId = new Map(rows.map((r) => [r.item.id, out(r)]));
  return addItemExtras(db, pks.map((pk) => byId.get(pk)).filter((x): x is StockItemOut => x !== undefined), opts.supplier_part_detail === true);
}

/**
 * One stock item as the API shows it; 404 when it does not exist.
 * Other modules (orders, the plugin host) call this to report an item.
 */
/** The one-item lookup is on the hot path (detail route, barcode scans, plugins): prepared once per database. */
const itemByPk = preparedPerDb((db) => joined(db).where(eq(stockItems.id, sql.placeholder("pk"))).prepare());

export function getStockItem(db: DbOrTx, pk: number, opts: DetailOptions = {}): StockItemOut {
  const row = itemByPk(db).get({ pk });
  if (!row) throw notFound();
  const out = toOut(row.item, row.part, row.loc, opts, row.extras);
  return opts.supplier_part_detail ? addItemExtras(db, [out], true, true)[0] : out;
}

/** Part categories at or below `pk`, as a subquery (recursive over part_category.parent_id). */
const categorySubtree = (pk: number) =>
  sql`(WITH RECURSIVE sub(id) AS (SELECT ${pk} UNION ALL SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`;

const ORDERING = ["quantity", "part", "part__name", "part__IPN", "IPN", "location", "updated", "creation_date", "stocktake_date", "expiry_date", "batch", "status", "serial", "stock", "pk"] as const;
type OrderField = (typeof ORDERING)[number];

const ORDER_COLUMNS: Record<OrderField, SQL[]> = {
  quantity: [sql`${stockItems.quantity}`],
  part: [sql`${parts.name}`],
  part__name: [sql`${parts.name}`],
  part__IPN: [sql`${parts.IPN}`],
  IPN: [sql`${parts.IPN}`],
  location: [sql`${stockLocations.pathstring}`],
  updated: [sql`${stockItems.updated}`],
  creation_date: [sql`${stockItems.creation_date}`],
  stocktake_date: [sql`${stockItems.stocktake_date}`],
  expiry_date: [sql`${stockItems.expiry_date}`],
  batch: [sql`${stockItems.batch}`],
  status: [sql`${stockItems.status}`],
  serial: [sql`${stockItems.serial}`],
  // InvenTree's "stock" alias: quantity, then the serial as a number, then as text.
  stock: [sql`${stockItems.quantity}`, sql`CAST(${stockItems.serial} AS INTEGER)`, sql`${stockItems.serial}`],
  pk: [sql`${stockItems.id}`],
};

/**
 * Items where one search term is in their part's name, IPN or description, their serial or batch,
 * or their location's name: containsLike on each, as the old search over every joined row, but run
 * only on the parts and items the search indexes offer (a superset) and on the locations (a few
 * thousand rows). Undefined for a term the indexes cannot answer (under 3 folded characters).
 */
function indexedSearchTerm(db: DbOrTx, term: string): { cond: SQL; partsOnly?: SQL } | undefined {
  const ownPks = searchIndexPks("stock_item_search", term);
  const partPks = searchIndexPks("part_search", term);
  if (!ownPks || !partPks) return undefined;
  const p = sql`SELECT p.id FROM part p WHERE p.id IN (${partPks}) AND ${containsAny([sql`p.name`, sql`p.IPN`, sql`p.description`], term)}`;
  const own = sql`SELECT s.id FROM stock_item s WHERE s.id IN (${ownPks}) AND ${containsAny([sql`s.serial`, sql`s.batch`], term)}`;
  const loc = sql`SELECT l.id FROM stock_location l WHERE ${containsLike(sql`l.name`, term)}`;
  // When no item's serial or batch and no location name has the term (the common case: a word
  // from part names), the matches are exactly the items of the matching parts: `partsOnly`.
  const othersMatch = db.all<{ n: number }>(sql`SELECT EXISTS (${own}) OR EXISTS (${loc}) AS n`)[0]?.n === 1;
  return { cond: sql`(${stockItems.part} IN (${p}) OR ${stockItems.id} IN (${own}) OR ${stockItems.location} IN (${loc}))`, partsOnly: othersMatch ? undefined : sql`${parts.id} IN (${p})` };
}

/** Turns the list query into SQL conditions; reports whether part/location columns are needed. */
function conditions(db: DbOrTx, q: StockListQueryIn): { where: SQL | undefined; joinsNeeded: boolean; inStockOnly: boolean; partsOnly?: SQL; locationsOnly?: number[] } {
  const conds: SQL[] = [];
  let locations: number[] | undefined;
  let joinsNeeded = false;
  if (q.part !== undefined) conds.push(eq(stockItems.part, q.part));
  const cascade = parseBoolQuery(q.cascade) ?? true;
  if (q.location === "null") {
    // InvenTree: "location=null" narrows to unplaced stock only when cascade is off.
    if (!cascade) conds.push(isNull(stockItems.location));
  } else if (q.location !== undefined) {
    const tree = LocationTree.loadShape(db);
    if (!tree.byId.has(q.location)) throw fieldError("location", invalidChoice);
    locations = cascade ? tree.descendants(q.location, true) : [q.location];
    // The subtree as one JSON parameter: a store's hundreds of pks would otherwise be as many
    // parameters in every statement the page runs, each built and prepared anew.
    conds.push(cascade ? sql`${stockItems.location} IN (SELECT value FROM json_each(${JSON.stringify(locations)}))` : eq(stockItems.location, q.location));
  }
  let categoryFilter: SQL | undefined;
  if (q.category !== undefined) {
    categoryFilter = sql`${parts.category} IN ${categorySubtree(q.category)}`;
    conds.push(categoryFilter);
    joinsNeeded = true;
  }
  if (q.supplier_part !== undefined) conds.push(eq(stockItems.supplier_part, q.supplier_part));
  if (q.supplier !== undefined) {
    conds.push(inArray(stockItems.supplier_part, db.select({ id: supplierParts.id }).from(supplierParts).where(eq(supplierParts.supplier, q.supplier))));
  }
  if (q.status !== undefined) conds.push(eq(stockItems.status, q.status));
  if (q.serial !== undefined) conds.push(eq(stockItems.serial, q.serial));
  const serialized = parseBoolQuery(q.serialized);
  if (serialized === true) conds.push(sql`(${stockItems.serial} IS NOT NULL AND ${stockItems.serial} != '')`);
  if (serialized === false) conds.push(sql`(${stockItems.serial} IS NULL OR ${stockItems.serial} = '')`);
  if (q.batch !== undefined) conds.push(sql`lower(${stockItems.batch}) = lower(${q.batch})`);
  const inStock = parseBoolQuery(q.in_stock);
  if (inStock === true) conds.push(inStockItemCondition);
  if (inStock === false) conds.push(sql`NOT (${inStockItemCondition})`);
  if (q.customer !== undefined) conds.push(eq(stockItems.customer, q.customer));
  if (q.purchase_order !== undefined) conds.push(eq(stockItems.purchase_order, q.purchase_order));
  if (q.sales_order !== undefined) conds.push(eq(stockItems.sales_order, q.sales_order));
  // DRF SearchFilter: every term in one of the fields. A term of 3+ folded characters is looked up
  // in the search indexes; a shorter one is compared with every joined row (containsAny).
  const terms = searchTerms(q.search, MAX_SEARCH_TERMS);
  const searchParts: SQL[] = [];
  for (const term of terms) {
    const indexed = indexedSearchTerm(db, term);
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
export function listStockItems(db: DbOrTx, q: StockListQueryIn) {
  const { where, joinsNeeded, inStockOnly, partsOnly, locationsOnly } = conditions(db, q);
  const opts: DetailOptions = {
    part_detail: parseBoolQuery(q.part_detail),
    location_detail: parseBoolQuery(q.location_detail),
    supplier_part_detail: parseBoolQuery(q.supplier_part_detail),
  };
  const envelope = (total: number, list: StockItemOut[], known = false) => ({ total, rows: addItemExtras(db, list, opts.supplier_part_detail === true, known) });

  const order = parseOrdering(q.ordering, ORDERING);
  // InvenTree's default ordering: part name, quantity, location.
  if (order.length === 0) order.push({ field: "part", desc: false }, { field: "quantity", desc: false }, { field: "location", desc: false });
  const orderBy = order.flatMap(({ field, desc: d }) => ORDER_COLUMNS[field].map((c) => (d ? desc(c) : asc(c))));
  orderBy.push(asc(stockItems.id)); // a stable tie-break keeps pages from overlapping

  const byPartName = order[0].field === "part" || order[0].field === "part__name";
  if (where === undefined && !joinsNeeded) {
    // No filter: the common case, answered from statements prepared per ordering.
    const key = order.map((o) => (o.desc ? "-" : "") + o.field).join(",");
    const offset = q.offset ?? 0;
    const out = rowOut(opts);
    if (q.limit === undefined) return envelope(0, orderedPage(db, opts, key, orderBy).all({ limit: -1, offset: 0 }).map(out));
    const total = itemTotal(db).get()?.n ?? 0;
    if (!byPartName) return envelope(total, orderedPage(db, opts, key, orderBy).all({ limit: q.limit, offset }).map(out));
    const walk = maintainedPartsOfPage(db, "items", order[0].desc, q.limit, offset);
    const rows = walk.parts.length ? partsPage(db, opts, key, orderBy).all({ parts: JSON.stringify(walk.parts), limit: q.limit, offset: offset - walk.before }) : [];
    return envelope(total, rows.map(out), true);
  }
  if (inStockOnly && q.limit !== undefined && byPartName) {
    // `in_stock=true` alone: the same walk on the parts' maintained in-stock counts.
    const offset = q.offset ?? 0;
    const walk = maintainedPartsOfPage(db, "in_stock_items", order[0].desc, q.limit, offset);
    const pks = itemsOfPageParts(db, where, orderBy, walk.parts, q.limit, offset - walk.before);
    return { total: inStockTotal(db).get()?.n ?? 0, rows: loadStockItems(db, pks, opts) };
  }
  if (partsOnly && q.limit !== undefined && byPartName) {
    // A filter that is a condition on parts alone (`category`, a search matching part fields only):
    // the matching parts with their maintained item counts, in name order, give the page's parts
    // and the total; only the page's parts' items are read.
    const offset = q.offset ?? 0;
    const matching = db
      .select({ id: parts.id, name: parts.name, n: partStockTotals.items })
      .from(parts)
      .innerJoin(partStockTotals, eq(partStockTotals.part, parts.id))
      .where(and(gt(partStockTotals.items, 0), partsOnly))
      .orderBy(order[0].desc ? desc(parts.name) : asc(parts.name))
      .all();
    const walk = partsOfPage((after) => (after === undefined ? matching : []), q.limit, offset);
    const pks = itemsOfPageParts(db, where, orderBy, walk.parts, q.limit, offset - walk.before);
    return { total: matching.reduce((sum, m) => sum + m.n, 0), rows: loadStockItems(db, pks, opts) };
  }

  if (q.limit !== undefined && byPartName) {
    // A location filter alone: its total is the sum of the locations' maintained item counts.
    const knownTotal = locationsOnly ? locationItemTotal(db, locationsOnly) : undefined;
    const page = (!joinsNeeded && where !== undefined && walkedPageByPartName(db, where, orderBy, order[0].desc, q.limit, q.offset ?? 0, knownTotal)) || pageByPartName(db, where, joinsNeeded, orderBy, order[0].desc, q.limit, q.offset ?? 0);
    return { total: page.total, rows: loadStockItems(db, page.pks, opts) };
  }

  let total: number;
  if (q.limit === undefined) total = 0;
  else if (joinsNeeded) {
    total =
      db
        .select({ n: count() })
        .from(stockItems)
        .innerJoin(parts, eq(parts.id, stockItems.part))
        .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
        .where(where)
        .get()?.n ?? 0;
  } else total = db.select({ n: count() }).from(stockItems).where(where).get()?.n ?? 0;

  let query = joinedFor(db, opts)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  const results = query.all().map(rowOut(opts));
  return envelope(q.limit === undefined ? results.length : total, results);
}

/**
 * The page's items once the walk has found the parts it falls in: only those parts' items, sorted by
 * the full ORDER BY, `offset` counted from the first of them.
 */
function itemsOfPageParts(db: DbOrTx, where: SQL | undefined, orderBy: SQL[], pageParts: number[], limit: number, offset: number): number[] {
  if (pageParts.length === 0) return [];
  return db
    .select({ id: stockItems.id })
    .from(stockItems)
    .innerJoin(parts, eq(parts.id, stockItems.part))
    .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
    .where(and(where, inArray(stockItems.part, pageParts)))
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
}

/**
 * The pks of one page of a list ordered by part name first (InvenTree's default), without sorting
 * every matching item: matching items are counted per part (on the part index), the parts are walked
 * in name order to find the names the page falls in, and only those parts' items are sorted by the
 * full ORDER BY. Parts sharing a name are taken together, since their items interleave by quantity.
 * The counts also give the total, so the same page and count come out as from one big sorted query.
 */
function pageByPartName(db: DbOrTx, where: SQL | undefined, joinsNeeded: boolean, orderBy: SQL[], nameDesc: boolean, limit: number, offset: number): { total: number; pks: number[] } {
  const counted = db.select({ part: stockItems.part, n: count().as("n") }).from(stockItems).$dynamic();
  const perPart = (joinsNeeded ? counted.innerJoin(parts, eq(parts.id, stockItems.part)).leftJoin(stockLocations, eq(stockLocations.id, stockItems.location)) : counted)
    .where(where)
    .groupBy(stockItems.part)
    .as("per_part");
  const groups = db
    .select({ id: parts.id, name: parts.name, n: perPart.n })
    .from(perPart)
    .innerJoin(parts, eq(parts.id, perPart.part))
    .orderBy(nameDesc ? desc(parts.name) : asc(parts.name))
    .all();

  // Consecutive parts with the same name form one group (SQLite's ordering, compared exactly).
  const named: { name: string; ids: number[]; n: number }[] = [];
  for (const g of groups) {
    const last = named[named.length - 1];
    if (last && last.name === g.name) {
      last.ids.push(g.id);
      last.n += g.n;
    } else named.push({ name: g.name, ids: [g.id], n: g.n });
  }
  const total = named.reduce((sum, g) => sum + g.n, 0);
  let before = 0; // matching items in the groups wholly before the page
  let reached = 0; // matching items up to the end of the last group taken
  const pageParts: number[] = [];
  for (const g of named) {
    if (reached >= offset + limit) break;
    if (pageParts.length === 0 && before + g.n <= offset) {
      before += g.n;
      reached = before;
      continue;
    }
    pageParts.push(...g.ids);
    reached += g.n;
  }
  return { total, pks: itemsOfPageParts(db, where, orderBy, pageParts, limit, offset - before) };
}

/**
 * `pageByPartName` for a filter on stock_item's own columns that many items match (a whole store
 * with cascade, a common search word): the total is one count (on whichever index the filter
 * uses), and the page's parts are found by walking the parts in name order, counting their matching
 * items a chunk of parts at a time on the part index, until the page is reached: the items read
 * grow with the page over the filter's share of the stock, not with the matches. Null (use
 * pageByPartName) when the matches are few enough that grouping all of them is cheaper.
 */
function walkedPageByPartName(db: DbOrTx, where: SQL, orderBy: SQL[], nameDesc: boolean, limit: number, offset: number, knownTotal?: number): { total: number; pks: number[] } | null {
  const total = knownTotal ?? db.select({ n: count() }).from(stockItems).where(where).get()?.n ?? 0;
  const size = itemMaxPk(db).get()?.n ?? 0;
  const partCount = partMaxPk(db).get()?.n ?? 0;
  // Walking reads about (offset + limit) × size / total items, and (offset + limit) × partCount /
  // total parts; grouping reads total items (and does more per item).
  if (total === 0 || total * total < 8 * (offset + limit) * Math.max(size, partCount)) return null;
  let before = 0; // matching items in the name groups wholly before the page
  let reached = 0; // matching items up to the end of the last group taken
  const pageParts: number[] = [];
  let chunkSize = 64;
  let after: string | undefined; // the last name walked
  let walked = 0;
  const itemsPerPart = size / Math.max(1, partCount);
  while (reached < offset + limit) {
    // The next parts by name (on part_name_idx), completed with every part of the chunk's last
    // name, so that parts sharing a name are counted together.
    const chunk = db
      .select({ id: parts.id, name: parts.name })
      .from(parts)
      .where(after === undefined ? undefined : nameDesc ? lt(parts.name, after) : gt(parts.name, after))
      .orderBy(nameDesc ? desc(parts.name) : asc(parts.name))
      .limit(chunkSize)
      .all();
    if (chunk.length === 0) break;
    // Matches need not spread evenly over the names (a search for a word most names start with):
    // past as many parts as hold `total` items on average, grouping the matches is cheaper.
    walked += chunk.length;
    if (walked * itemsPerPart > total) return null;
    chunkSize = Math.min(chunkSize * 2, 4096);
    after = chunk[chunk.length - 1].name;
    const lastName = after;
    const seen = new Set(chunk.map((c) => c.id));
    for (const extra of db.select({ id: parts.id, name: parts.name }).from(parts).where(eq(parts.name, lastName)).all()) if (!seen.has(extra.id)) chunk.push(extra);
    const counts = new Map(
      db
        .all<{ part: number; n: number }>(sql`SELECT part_id AS part, count(*) AS n FROM stock_item INDEXED BY stock_item_part_idx WHERE part_id IN (SELECT value FROM json_each(${JSON.stringify(chunk.map((c) => c.id))})) AND ${where} GROUP BY part_id`)
        .map((r) => [r.part, r.n]),
    );
    for (let k = 0; k < chunk.length && reached < offset + limit; ) {
      const name = chunk[k].name;
      const ids: number[] = [];
      let n = 0;
      for (; k < chunk.length && chunk[k].name === name; k++) {
        ids.push(chunk[k].id);
        n += counts.get(chunk[k].id) ?? 0;
      }
      if (n === 0) continue;
      if (pageParts.length === 0 && before + n <= offset) {
        before += n;
        reached = before;
        continue;
      }
      pageParts.push(...ids);
      reached += n;
    }
  }
  return { total, pks: itemsOfPageParts(db, where, orderBy, pageParts, limit, offset - before) };
}

/** Built per ordering key: the whole list in that ordering, LIMIT/OFFSET as placeholders (`limit: -1` is none). */
const buildOrderedPage = (db: DbOrTx, opts: DetailOptions, orderBy: SQL[], where?: SQL) =>
  joinedFor(db, opts)
    .where(where)
    .orderBy(...orderBy)
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare();
const orderedPages = preparedPerDbKeyed<ReturnType<typeof buildOrderedPage>>();
const partsPages = preparedPerDbKeyed<{ all(p: { parts: string; limit: number; offset: number }): (Partial<JoinedRow> & { item: ItemRow })[] }>();
const orderedPage = (db: DbOrTx, opts: DetailOptions, key: string, orderBy: SQL[]) => orderedPages(db, detailKey(opts) + key, () => buildOrderedPage(db, opts, orderBy));
/** The items of some parts (`parts`: a JSON array of pks), in one ordering, with LIMIT/OFFSET. */
const partsPage = (db: DbOrTx, opts: DetailOptions, key: string, orderBy: SQL[]) =>
  partsPages(db, detailKey(opts) + key, () => {
    // The page's pks are sorted apart, narrow (from the part index, which holds quantity and
    // location): a sort of whole rows would carry every column of every item of the page's parts.
    const pagePks = db
      .select({ id: stockItems.id })
      .from(stockItems)
      .innerJoin(parts, eq(parts.id, stockItems.part))
      .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
      .where(sql`${stockItems.part} IN (SELECT value FROM json_each(${sql.placeholder("parts")}))`)
      .orderBy(...orderBy)
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"));
    // Only the page's rows come out of this statement: the extras are selected with them.
    return joinedFor(db, opts, true)
      .where(inArray(stockItems.id, pagePks))
      .orderBy(...orderBy)
      .prepare();
  });

/** The number of stock items, maintained by triggers (migration 0004): no count over the table. */
const itemTotal = preparedPerDb((db) => db.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "stock_item")).prepare());
/** Items directly in the locations `pks` (a JSON array), from their maintained counts. */
const locationItems = preparedPerDb((db) =>
  db
    .select({ n: sql<number>`coalesce(sum(${locationItemCounts.items}), 0)`.mapWith(Number) })
    .from(locationItemCounts)
    .where(sql`${locationItemCounts.location} IN (SELECT value FROM json_each(${sql.placeholder("pks")}))`)
    .prepare(),
);
const locationItemTotal = (db: DbOrTx, pks: number[]) => locationItems(db).get({ pks: JSON.stringify(pks) })?.n ?? 0;
/** In-stock items, summed over the parts' maintained counts (a row per part, not per item). */
const inStockTotal = preparedPerDb((db) => db.select({ n: sql<number>`coalesce(sum(${partStockTotals.in_stock_items}), 0)`.mapWith(Number) }).from(partStockTotals).prepare());
/** The largest part pk: the catalogue's size, roughly. */
const partMaxPk = preparedPerDb((db) => db.select({ n: sql<number>`coalesce(max(${parts.id}), 0)` }).from(parts).prepare());
/** The largest stock item pk: the table's size, roughly, without counting it. */
const itemMaxPk = preparedPerDb((db) => db.select({ n: sql<number>`coalesce(max(${stockItems.id}), 0)` }).from(stockItems).prepare());

type WalkRow = { id: number; name: string; n: number };
type WalkStatement<P> = { all(p: P): WalkRow[] };
const walkStatements = preparedPerDbKeyed<{ first: WalkStatement<{ limit: number }>; next: WalkStatement<{ after: string; limit: number }>; sameName: WalkStatement<{ name: string }> }>();
/**
 * The next `limit` parts holding items (by the maintained count `column`) after the name `after`,
 * in name order, and every other such part of the last name, so that parts sharing a name are taken
 * together (their items interleave by quantity). Read from part_stock_total alone, on its partial
 * index by name over the parts with such items: parts without stock are never visited.
 */
function walkChunk(db: DbOrTx, column: "items" | "in_stock_items", nameDesc: boolean, after: string | undefined, limit: number): WalkRow[] {
  const build = () => {
    const t = partStockTotals;
    const n = t[column];
    const from = () => db.select({ id: t.part, name: t.name, n }).from(t).$dynamic();
    const byName = nameDesc ? desc(t.name) : asc(t.name);
    return {
      first: from().where(gt(n, 0)).orderBy(byName).limit(sql.placeholder("limit")).prepare(),
      next: from()
        .where(and(gt(n, 0), nameDesc ? lt(t.name, sql.placeholder("after")) : gt(t.name, sql.placeholder("after"))))
        .orderBy(byName)
        .limit(sql.placeholder("limit"))
        .prepare(),
      sameName: from()
        .where(and(gt(n, 0), eq(t.name, sql.placeholder("name"))))
        .prepare(),
    };
  };
  const s = walkStatements(db, `${column}${nameDesc ? "-" : ""}`, build);
  const chunk = after === undefined ? s.first.all({ limit }) : s.next.all({ after, limit });
  if (chunk.length === limit) {
    const seen = new Set(chunk.map((c) => c.id));
    for (const extra of s.sameName.all({ name: chunk[chunk.length - 1].name })) if (!seen.has(extra.id)) chunk.push(extra);
  }
  return chunk;
}

/**
 * `pageByPartName` for the lists whose per-part item counts are maintained (no filter: `items`;
 * `in_stock=true` alone: `in_stock_items`): the parts holding such items are walked in name order,
 * a growing chunk at a time, adding up their counts until the page is reached. Nothing is counted
 * over the stock table; the walk grows with the page's depth, not with the table. Returns the parts
 * whose items hold the page and how many items come before them.
 */
function maintainedPartsOfPage(db: DbOrTx, column: "items" | "in_stock_items", nameDesc: boolean, limit: number, offset: number): { parts: number[]; before: number } {
  return partsOfPage((after, size) => walkChunk(db, column, nameDesc, after, size), limit, offset);
}

/**
 * The parts whose items hold the page `offset`…`offset + limit` of a list ordered by part name,
 * and how many items come before them, from the parts' item counts in name order, fetched by
 * `next(after, size)` a growing chunk at a time (the parts past the name `after`; empty at the end).
 * Parts sharing a name form one group: their items interleave by quantity.
 */
function partsOfPage(next: (after: string | undefined, size: number) => WalkRow[], limit: number, offset: number): { parts: number[]; before: number } {
  let before = 0; // items in the name groups wholly before the page
  let reached = 0; // items up to the end of the last group taken
  const pageParts: number[] = [];
  let chunkSize = 64;
  let after: string | undefined;
  while (reached < offset + limit) {
    const chunk = next(after, chunkSize);
    if (chunk.length === 0) break;
    chunkSize = Math.min(chunkSize * 4, 4096);
    after = chunk[chunk.length - 1].name;
    for (let k = 0; k < chunk.length && reached < offset + limit; ) {
      const name = chunk[k].name;
      const ids: number[] = [];
      let n = 0;
      for (; k < chunk.length && chunk[k].name === name; k++) {
        ids.push(chunk[k].id);
        n += chunk[k].n;
      }
      if (pageParts.length === 0 && before + n <= offset) {
        before += n;
        reached = before;
        continue;
      }
      pageParts.push(...ids);
      reached += n;
    }
  }
  return { parts: pageParts, before };
}
