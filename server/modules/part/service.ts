/**
 * Parts: CRUD with InvenTree's rules, and the list with stock totals aggregated in SQL (one query
 * for the page, one for the count, one more only when `category_detail` is asked for).
 *
 * Other modules read parts through `getPart`, `getPartsByIds`, `findPartRow`,
 * `partDefaultLocation` and `toPartBrief`; the in-stock filter itself is the stock module's
 * (stock/in-stock.ts).
 */
import { and, count, eq, getTableColumns, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { parts as partsTable } from "../../db/schema/part.ts";
import { ofBoundTables, partCategories, parts, partStockTotals, purchaseOrderLines, salesOrderLines, stockItems, stockLocations, supplierParts, tableRowCounts } from "../../db/tables.ts";
import { ApiError, FieldErrorCollector, notFound } from "../../core/errors.ts";
import { categorySubtreeIds, findCategoryRow, getCategoriesByIds } from "./category-service.ts";
import { invalidPk } from "../../core/errors.ts";
import { containsAny, containsLike, orderingClause, searchIndexMatch, searchIndexPks } from "../../db/query.ts";
import { parseBoolQuery, parseOrdering, searchTerms } from "../../core/query.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { preparedPerDbKeyed } from "../../db/prepared.ts";
import { imageChange } from "../media/service.ts";
import { imageFields } from "../media/service.ts";
import type { PartInput, PartListFilters, PartOut, PartPatch } from "./model.ts";
import type { PartBrief } from "./model.ts";
import { addPartExtras, applyPartExtras, partExtraColumns } from "./part-extras.ts";

export {
  categorySubtreeIds,
  createCategory,
  deleteCategory,
  getCategoriesByIds,
  getCategory,
  listCategories,
  updateCategory,
} from "./category-service.ts";
import type { Dialect, ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, lockKey, sqlFor } from "../../db/dialect.ts";
import { insertReturningId } from "../../db/insert.ts";

type PartRow = typeof partsTable.$inferSelect;

/**
 * The part's in-stock quantity (the sum of its in-stock items' quantities, see `inStockItemCondition`),
 * maintained per part by triggers (migration 0004) and read by primary key: a subquery on "part"."id".
 */
export const inStockExpr = ofBoundTables(() => sql<number>`coalesce((SELECT ${partStockTotals.in_stock} FROM ${partStockTotals} WHERE ${partStockTotals.part} = "part"."id"), 0)`);

const notFoundPart = () => notFound("No Part matches the given query.");

/** InvenTree's default PART_NAME_FORMAT: "IPN | name | revision", leaving out what is empty. */
function partFullName(p: { name: string; IPN: string; revision: string }): string {
  return [p.IPN, p.name, p.revision].filter((s) => s !== "").join(" | ");
}

/** A part as other objects' `part_detail` shows it (PartBriefSchema). */
export function toPartBrief(part: PartRow): PartBrief {
  return {
    pk: part.id,
    name: part.name,
    full_name: partFullName(part),
    IPN: part.IPN,
    description: part.description,
    revision: part.revision,
    units: part.units,
    category: part.category,
    default_location: part.default_location,
    minimum_stock: part.minimum_stock,
    active: part.active,
    assembly: part.assembly,
    component: part.component,
    is_template: part.is_template,
    purchaseable: part.purchaseable,
    salable: part.salable,
    trackable: part.trackable,
    testable: part.testable,
    virtual: part.virtual,
    locked: false,
    barcode_hash: part.barcode_hash,
    ...imageFields(part.image),
  };
}

type SelectedRow = PartRow & { in_stock: number; category_name: string | null };

function toPartOut(r: SelectedRow): PartOut {
  const { id, barcode_data: _data, image, ...rest } = r;
  const in_stock = Number(r.in_stock);
  return {
    pk: id,
    ...rest,
    ...imageFields(image),
    full_name: partFullName(r),
    in_stock,
    total_in_stock: in_stock,
    locked: false,
    starred: false,
    variant_of: null,
    revision_of: null,
    default_expiry: 0,
    // Filled per page by addPartExtras.
    unallocated_stock: in_stock,
    allocated_to_sales_orders: 0,
    required_for_sales_orders: 0,
    allocated_to_build_orders: 0,
    required_for_build_orders: 0,
    building: 0,
    scheduled_to_build: 0,
    ordering: 0,
    suppliers: 0,
    variant_stock: 0,
    external_stock: 0,
  };
}

function selectParts(db: ReadQueries) {
  return db
    .select({ ...getTableColumns(parts), in_stock: inStockExpr().as("in_stock"), category_name: partCategories.name })
    .from(parts)
    .leftJoin(partCategories, eq(parts.category, partCategories.id))
    .$dynamic();
}

/**
 * `selectParts` joined to the maintained totals (every part has a row): filters and orderings on
 * `in_stock` read `part_stock_total` and its index instead of a subquery per part.
 */
function selectPartsWithTotals(db: ReadQueries) {
  return db
    .select({ ...getTableColumns(parts), in_stock: sql<number>`${partStockTotals.in_stock}`.as("in_stock"), category_name: partCategories.name })
    .from(parts)
    .innerJoin(partStockTotals, eq(partStockTotals.part, parts.id))
    .leftJoin(partCategories, eq(parts.category, partCategories.id))
    .$dynamic();
}

/** Parts with stock (a count kept by triggers), and without (counted on the maintained totals' index: usually few). */
const partsWithStock = preparedPerDb((db: ReadQueries) => db.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "part_with_stock")).prepare());
const partsWithoutStock = preparedPerDb((db: ReadQueries) => db.select({ n: count() }).from(partStockTotals).where(sql`${partStockTotals.in_stock} <= 0`).prepare());

/** Adds `category_detail` to each part with one extra query for all their categories. */
async function withCategoryDetail(db: Reads, list: PartOut[]): Promise<PartOut[]> {
  const ids = [...new Set(list.map((p) => p.category).filter((c): c is number => c !== null))];
  const cats = await getCategoriesByIds(db, ids);
  return list.map((p) => ({ ...p, category_detail: p.category === null ? null : (cats.get(p.category) ?? null) }));
}

/** One part with its stock total and annotations, in one prepared statement (detail route, scans, other modules). */
const partByPk = preparedPerDb((db: ReadQueries) =>
  db
    .select({ ...getTableColumns(parts), in_stock: inStockExpr().as("in_stock"), category_name: partCategories.name, extras: partExtraColumns(sql`"part"."id"`) })
    .from(parts)
    .leftJoin(partCategories, eq(parts.category, partCategories.id))
    .where(eq(parts.id, sql.placeholder("pk")))
    .prepare(),
);

/** One part with its stock total; 404 when it does not exist. */
export async function getPart(db: Reads, id: number, opts: { categoryDetail?: boolean } = {}): Promise<PartOut> {
  const found = await partByPk(db.q).get({ pk: id });
  if (!found) throw notFoundPart();
  const { extras, ...row } = found;
  const out = toPartOut(row);
  applyPartExtras(out, extras);
  return opts.categoryDetail ? ((await withCategoryDetail(db, [out]))[0] ?? out) : out;
}

/** Several parts with their stock totals, by id, in one query (for other modules' `part_detail`). */
export async function getPartsByIds(db: Reads, ids: number[]): Promise<Map<number, PartOut>> {
  const out = new Map<number, PartOut>();
  if (ids.length === 0) return out;
  for (const p of await addPartExtras(db, (await selectParts(db.q).where(inArray(parts.id, ids))).map(toPartOut))) out.set(p.pk, p);
  return out;
}

/** The raw part row, or undefined: for other modules checking a pk or reading units/flags. */
export async function findPartRow(db: Reads, id: number): Promise<PartRow | undefined> {
  return (await db.q.select().from(parts).where(eq(parts.id, id)).limit(1))[0];
}

const ORDERING = ofBoundTables((): Record<string, SQL | { getSQL(): SQL }> => ({
  name: parts.name,
  IPN: parts.IPN,
  // The maintained total's own column, which its (in_stock DESC) index holds on both dialects.
  in_stock: partStockTotals.in_stock,
  total_in_stock: partStockTotals.in_stock,
  creation_date: parts.creation_date,
  category: partCategories.name,
  units: parts.units,
  pk: parts.id,
}));

/**
 * Part.get_default_location: where new stock of a part goes when nothing else names a place — the
 * part's own default location, else the nearest one up its category tree.
 */
export async function partDefaultLocation(db: Reads, part: Pick<PartRow, "default_location" | "category">): Promise<number | null> {
  if (part.default_location !== null) return part.default_location;
  const seen = new Set<number>();
  for (let cat = part.category; cat !== null && !seen.has(cat); ) {
    seen.add(cat);
    const [row]: { loc: number | null; parent: number | null }[] = await db.q
      .select({ loc: partCategories.default_location, parent: partCategories.parent })
      .from(partCategories)
      .where(eq(partCategories.id, cat))
      .limit(1);
    if (!row) return null;
    if (row.loc !== null) return row.loc;
    cat = row.parent;
  }
  return null;
}

async function listConditions(db: Reads, q: PartListFilters): Promise<SQL | undefined> {
  const conds: (SQL | undefined)[] = [];
  // InvenTree: cascade defaults to true; an unknown category pk is ignored, not an error.
  const cascade = parseBoolQuery(q.cascade) ?? true;
  if (q.category === "null") {
    if (!cascade) conds.push(isNull(parts.category));
  } else if (q.category !== undefined && (await findCategoryRow(db, q.category))) {
    conds.push(cascade ? sql`${parts.category} IN (${sql.join(await categorySubtreeIds(db, q.category), sql`, `)})` : eq(parts.category, q.category));
  }
  for (const flag of ["active", "assembly", "component", "trackable", "testable", "purchaseable", "salable", "virtual", "is_template"] as const) {
    const v = parseBoolQuery(q[flag]);
    if (v !== undefined) conds.push(eq(parts[flag], v));
  }
  if (q.IPN !== undefined) conds.push(sqlFor(db).equalsNoCase(parts.IPN, q.IPN));
  if (q.name !== undefined) conds.push(sqlFor(db).equalsNoCase(parts.name, q.name));
  const hasIpn = parseBoolQuery(q.has_ipn);
  if (hasIpn !== undefined) conds.push(hasIpn ? ne(parts.IPN, "") : eq(parts.IPN, ""));
  const hasStock = parseBoolQuery(q.has_stock);
  if (hasStock !== undefined) conds.push(hasStock ? sql`${inStockExpr()} > 0` : sql`${inStockExpr()} <= 0`);
  const lowStock = parseBoolQuery(q.low_stock);
  if (lowStock === true) conds.push(sql`${parts.minimum_stock} > 0 AND ${inStockExpr()} < ${parts.minimum_stock}`);
  if (lowStock === false) conds.push(sql`${inStockExpr()} >= ${parts.minimum_stock}`);
  // DRF SearchFilter: every term in one of the fields; a term of 3+ folded characters through the
  // search index (indexedPartSearchTerm), a shorter one compared with every row.
  for (const term of searchTerms(q.search)) {
    conds.push(indexedPartSearchTerm(term, db.dialect) ?? containsAny([parts.name, parts.IPN, parts.description, parts.keywords, parts.revision, partCategories.name], term, db.dialect));
  }
  return and(...conds);
}

/**
 * Parts where one search term is in their name, IPN, description, keywords or revision, or their
 * category's name: containsLike on each, as over every row, but run only on the parts the search
 * index offers (a superset) and on the categories (hundreds of rows). Undefined for a term the
 * index cannot answer (under 3 folded characters).
 */
function indexedPartSearchTerm(term: string, dialect: Dialect): SQL | undefined {
  const candidates = searchIndexMatch("part_search", term, "p", dialect);
  if (!candidates) return undefined;
  // "IPN" quoted: PostgreSQL folds unquoted names to lower case.
  const own = sql`SELECT p.id FROM part p WHERE ${candidates} AND ${containsAny([sql`p.name`, sql`p."IPN"`, sql`p.description`, sql`p.keywords`, sql`p.revision`], term, dialect)}`;
  const category = sql`SELECT c.id FROM part_category c WHERE ${containsLike(sql`c.name`, term, dialect)}`;
  return sql`(${parts.id} IN (${own}) OR ${parts.category} IN (${category}))`;
}

/**
 * COUNT for the list; the category join only when a search term is compared with the joined
 * category name (a term the search index cannot answer: indexedPartSearchTerm looks names up itself).
 */
async function countParts(db: Reads, q: PartListFilters, where: SQL | undefined): Promise<number> {
  const base = db.q.select({ n: count() }).from(parts).$dynamic();
  const joinsCategory = searchTerms(q.search).some((term) => searchIndexPks("part_search", term, db.dialect) === undefined);
  const from = joinsCategory ? base.leftJoin(partCategories, eq(parts.category, partCategories.id)) : base;
  return (await from.where(where))[0]?.n ?? 0;
}

/** A page of parts without their stock totals (see `inStockOfParts`). */
function pageQuery(db: ReadQueries, orderBy: SQL[], where?: SQL) {
  return db
    .select({ ...getTableColumns(parts), category_name: partCategories.name })
    .from(parts)
    .leftJoin(partCategories, eq(parts.category, partCategories.id))
    .where(where)
    .orderBy(...orderBy)
    .$dynamic();
}
type PartPageRow = Omit<SelectedRow, "in_stock">;

/** The pks of the parts matching `where` in the list's ordering (the category join for `ordering=category` and short search terms). */
const pagePksQuery = (db: ReadQueries, orderBy: SQL[], where?: SQL) =>
  db
    .select({ id: parts.id })
    .from(parts)
    .leftJoin(partCategories, eq(parts.category, partCategories.id))
    .where(where)
    .orderBy(...orderBy)
    .$dynamic();

const partPages = preparedPerDbKeyed<{ all(p: { limit: number | null; offset: number }): PartPageRow[] | Promise<PartPageRow[]> }, ReadQueries>();
const partTotal = preparedPerDb((db: ReadQueries) => db.select({ n: count() }).from(parts).prepare());
/** Stock totals of the parts in `ids` (a JSON array), read as `inStockExpr()` reads them, with their other annotations. */
const inStockOfParts = preparedPerDb((db: ReadQueries) =>
  db
    .select({ id: sql<number>`"part"."id"`.mapWith(Number), n: sql<number>`${inStockExpr()}`.mapWith(Number), ...partExtraColumns(sql`"part"."id"`) })
    .from(sql`(SELECT ids.value AS id FROM (${sqlFor().intsOfJson(sql.placeholder("ids"))}) AS ids) AS "part"`)
    .prepare(),
);

/** The list endpoint: filters, search, ordering and pagination, all in SQL. */
export async function listParts(db: Reads, q: PartListFilters) {
  const where = await listConditions(db, q);
  const ordering = parseOrdering(q.ordering, Object.keys(ORDERING()));
  const stockInSql = ordering.some((o) => o.field === "in_stock" || o.field === "total_in_stock") || q.has_stock !== undefined || q.low_stock !== undefined;
  // With the totals joined, the pk tie-break is theirs (the same number): `ORDER BY in_stock, pk` then reads their index.
  const orderBy = orderingClause(q.ordering, ORDERING(), [sqlFor(db).asc(parts.name)], stockInSql ? partStockTotals.part : parts.id, db.dialect);
  let list: PartOut[];
  let total: number;
  if (stockInSql) {
    const hasStock = parseBoolQuery(q.has_stock);
    if (q.limit === undefined) total = 0;
    else if (hasStock !== undefined && (await listConditions(db, { ...q, has_stock: undefined })) === undefined) total = Number((await (hasStock ? partsWithStock : partsWithoutStock)(db.q).get())?.n ?? 0);
    else total = await countParts(db, q, where);
    let query = selectPartsWithTotals(db.q).where(where).orderBy(...orderBy);
    if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
    list = await addPartExtras(db, (await query).map(toPartOut));
  } else {
    // Stock totals only for the parts on the page: the page first, then one sum per page part.
    // No limit: SQLite's LIMIT -1, PostgreSQL's LIMIT NULL.
    const page = q.limit === undefined ? { limit: db.dialect === "postgres" ? null : -1, offset: 0 } : { limit: q.limit, offset: q.offset ?? 0 };
    const r = db.q;
    let rows: PartPageRow[];
    if (where === undefined) {
      total = q.limit === undefined ? 0 : Number((await partTotal(r).get())?.n ?? 0);
      const key = ordering.map((o) => (o.desc ? "-" : "") + o.field).join(",");
      if (q.limit === undefined) rows = await partPages(r, key, () => pageQuery(r, orderBy).limit(sql.placeholder("limit")).offset(sql.placeholder("offset")).prepare()).all(page);
      else {
        // A page: its pks found on the ordering's index, narrow (an offset skips index entries, not joined rows), then their rows.
        rows = await partPages(r, `page:${key}`, () => pageQuery(r, orderBy, inArray(parts.id, pagePksQuery(r, orderBy).limit(sql.placeholder("limit")).offset(sql.placeholder("offset")))).prepare()).all(page);
      }
    } else {
      total = q.limit === undefined ? 0 : await countParts(db, q, where);
      if (q.limit === undefined) rows = await pageQuery(r, orderBy, where);
      else {
        // The page's pks are sorted apart, narrow: sorting whole rows would carry every column of every match.
        const pagePks = pagePksQuery(r, orderBy, where).limit(q.limit).offset(page.offset);
        rows = await pageQuery(r, orderBy, inArray(parts.id, pagePks));
      }
    }
    const sums = new Map((await inStockOfParts(r).all({ ids: JSON.stringify(rows.map((row) => row.id)) })).map((row) => [row.id, row]));
    list = rows.map(({ category_name, ...cols }) => {
      const s = sums.get(cols.id);
      const p = toPartOut({ ...cols, in_stock: s?.n ?? 0, category_name });
      if (s) applyPartExtras(p, s);
      return p;
    });
  }
  if (parseBoolQuery(q.category_detail)) list = await withCategoryDetail(db, list);
  return { total, rows: list };
}

/** The part a write then changes, row-locked on PostgreSQL until the write commits. */
const partRow = async (db: Reads, id: number): Promise<PartRow | undefined> => (await forUpdate(db, db.q.select().from(parts).where(eq(parts.id, id)).limit(1)))[0];

/**
 * Foreign keys, structural categories and (name, IPN, revision) uniqueness, as InvenTree's
 * Part.clean. Runs inside the write's transaction, so a concurrent duplicate is refused here.
 */
async function validatePart(tx: Tx, input: PartPatch, existing: PartRow | null): Promise<void> {
  const errors = new FieldErrorCollector();
  if (input.category != null) {
    const [cat] = await tx.q.select({ id: partCategories.id, structural: partCategories.structural }).from(partCategories).where(eq(partCategories.id, input.category)).limit(1);
    if (!cat) errors.add("category", invalidPk(input.category));
    else if (cat.structural && cat.id !== existing?.category) errors.add("category", "Parts cannot be assigned to structural part categories!");
  }
  if (input.default_location != null && (await tx.q.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.id, input.default_location)).limit(1)).length === 0) {
    errors.add("default_location", invalidPk(input.default_location));
  }
  errors.throwIfAny();
  const name = input.name ?? existing?.name ?? "";
  const IPN = (input.IPN ?? existing?.IPN ?? "").trim();
  const revision = input.revision ?? existing?.revision ?? "";
  // No unique index says it: concurrent writers take turns on PostgreSQL (SQLite has one writer).
  await lockKey(tx, "part_name_ipn_revision");
  const clash = (
    await tx.q
      .select({ id: parts.id })
      .from(parts)
      .where(and(eq(parts.name, name), eq(parts.IPN, IPN), eq(parts.revision, revision)))
  ).some((r) => r.id !== existing?.id);
  if (clash) throw new ApiError(400, { non_field_errors: ["Part with this Name, IPN and Revision already exists."] });
}

/** Creates a part (IPN trimmed, as InvenTree does). */
export async function createPart(db: Writes, input: PartInput): Promise<PartOut> {
  const id = await db.write(async (tx) => {
    await validatePart(tx, input, null);
    return insertReturningId(tx, parts, { ...input, IPN: (input.IPN ?? "").trim() });
  });
  return getPart(db, id);
}

/** PATCH/PUT: only the fields given change. */
export async function updatePart(db: Writes, id: number, input: PartPatch): Promise<PartOut> {
  await db.write(async (tx) => {
    const existing = await partRow(tx, id);
    if (!existing) throw notFoundPart();
    await validatePart(tx, input, existing);
    const { image, ...fields } = input;
    const changes = { ...fields, ...imageChange(existing.image, image) };
    if (changes.IPN !== undefined) changes.IPN = changes.IPN.trim();
    if (Object.keys(changes).length > 0) await tx.q.update(parts).set(changes).where(eq(parts.id, id));
  });
  return getPart(db, id);
}

const refuse = (message: string) => new ApiError(400, { non_field_errors: [message] });

/**
 * DELETE: InvenTree refuses an active part; we also refuse a part that still has stock items or is
 * on an order (its history would be lost). Its supplier parts go with it.
 */
export async function deletePart(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    const existing = await partRow(tx, id);
    if (!existing) throw notFoundPart();
    if (existing.active) throw refuse("Cannot delete this part as it is still active");
    if ((await tx.q.$count(stockItems, eq(stockItems.part, id))) > 0) throw refuse("Cannot delete this part as it has stock items");
    const onOrders =
      (await tx.q.$count(salesOrderLines, eq(salesOrderLines.part, id))) > 0 ||
      ((await tx.q.select({ n: count() }).from(purchaseOrderLines).innerJoin(supplierParts, eq(purchaseOrderLines.part, supplierParts.id)).where(eq(supplierParts.part, id)))[0]?.n ?? 0) > 0;
    if (onOrders) throw refuse("Cannot delete this part as it is used in an order");
    await tx.q.delete(supplierParts).where(eq(supplierParts.part, id));
    // Its manufacturer parts go too (ON DELETE CASCADE); a supplier part elsewhere that still names
    // one loses the link (supplier_part.manufacturer_part_id ON DELETE SET NULL, migration 0005).
    await tx.q.delete(parts).where(eq(parts.id, id));
  });
}

export { findTestTemplateByKey, findTestTemplateRow, getTestTemplatesByIds } from "./test-template-service.ts";
