/**
 * Supplier parts: a part as one supplier sells it (SKU, pack size), with its manufacturer and MPN.
 * Lists join part, supplier and manufacturer once and fetch `*_detail` objects in one query each.
 */
import { and, count, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { supplierParts as supplierPartsTable } from "../../db/schema/company.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { companies, ofBoundTables, parts, purchaseOrderLines, stockItems, supplierParts } from "../../db/tables.ts";
import { ApiError, FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { findPartRow, getPartsByIds } from "../part/service.ts";
import { inStockItemCondition } from "../stock/service.ts";
import type { SupplierPartDetailFlags, SupplierPartInput, SupplierPartListFilters, SupplierPartOut, SupplierPartPatch } from "./model.ts";
import { parsePackQuantity } from "./pack-quantity.ts";
import { findCompanyRow, getCompaniesByIds } from "./company-reads.ts";
import { findManufacturerPartRow, getManufacturerPartRowsByIds, resolveManufacturerPart } from "./manufacturer-part-service.ts";
import type { ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, lockKey, sqlFor } from "../../db/dialect.ts";
import { insertReturningId } from "../../db/insert.ts";
import { preparedPerDb } from "../../db/prepared.ts";

type SupplierPartRow = typeof supplierPartsTable.$inferSelect;

/** The two company aliases joined (supplier, manufacturer), of the company table bound now. */
const joinedCompanies = ofBoundTables(() => ({ supplier: alias(companies, "supplier_company"), manufacturer: alias(companies, "manufacturer_company") }));

const notFoundSupplierPart = () => notFound("No SupplierPart matches the given query.");

const inStockExpr = ofBoundTables(() => sql<number>`(SELECT COALESCE(SUM(${stockItems.quantity}), 0) FROM ${stockItems} WHERE ${stockItems.supplier_part} = "supplier_part"."id" AND ${inStockItemCondition()})`);

// Still to receive on open orders (pending, placed, on hold), in the supplier's packs as InvenTree counts it.
// A function: the dialect (two-argument max) is the one the process serves, known once the tables are bound.
const onOrderExpr = () =>
  sql<number>`(SELECT COALESCE(SUM(${sqlFor().greatest(sql`l.quantity - l.received`, sql`0`)}), 0) FROM purchase_order_line l JOIN purchase_order o ON o.id = l.order_id WHERE l.supplier_part_id = "supplier_part"."id" AND o.status IN (${sql.raw([PO_STATUS.PENDING, PO_STATUS.PLACED, PO_STATUS.ON_HOLD].join(","))}))`;

function selectSupplierParts(db: ReadQueries) {
  const { supplier, manufacturer } = joinedCompanies();
  return db
    .select({ ...getTableColumns(supplierParts), in_stock: inStockExpr().as("in_stock"), on_order: onOrderExpr().as("on_order") })
    .from(supplierParts)
    .innerJoin(parts, eq(supplierParts.part, parts.id))
    .innerJoin(supplier, eq(supplierParts.supplier, supplier.id))
    .leftJoin(manufacturer, eq(supplierParts.manufacturer, manufacturer.id))
    .$dynamic();
}

function toOut(r: SupplierPartRow & { in_stock: number | string; on_order: number | string }): SupplierPartOut {
  const { id, barcode_data: _data, ...rest } = r;
  return { pk: id, ...rest, packaging: "", in_stock: Number(r.in_stock), on_order: Number(r.on_order) };
}

/** What `?part_detail=…` etc. ask for; InvenTree shows `supplier_detail` unless told not to. */
export interface DetailOptions {
  part?: boolean;
  supplier?: boolean;
  manufacturer?: boolean;
}

/** Reads the `*_detail` query flags with InvenTree's defaults. */
export function detailOptions(q: SupplierPartDetailFlags): DetailOptions {
  return { part: parseBoolQuery(q.part_detail) ?? false, supplier: parseBoolQuery(q.supplier_detail) ?? true, manufacturer: parseBoolQuery(q.manufacturer_detail) ?? false };
}

/** Adds the requested detail objects, one query per kind for the whole list; `manufacturer_part_detail` always (null when unlinked). */
async function withDetails(db: Reads, list: SupplierPartOut[], opts: DetailOptions): Promise<SupplierPartOut[]> {
  // The app reads MPN from manufacturer_part_detail (lib/inventree/company.dart:177): always present.
  const mps = await getManufacturerPartRowsByIds(db, [...new Set(list.flatMap((s) => (s.manufacturer_part === null ? [] : [s.manufacturer_part])))]);
  for (const s of list) {
    const mp = s.manufacturer_part === null ? undefined : mps.get(s.manufacturer_part);
    s.manufacturer_part_detail = mp ? { pk: mp.id, part: mp.part, manufacturer: mp.manufacturer, MPN: mp.MPN, description: mp.description, link: mp.link } : null;
  }
  if (!opts.part && !opts.supplier && !opts.manufacturer) return list;
  const partMap = opts.part ? await getPartsByIds(db, [...new Set(list.map((s) => s.part))]) : null;
  const companyIds = new Set<number>();
  for (const s of list) {
    if (opts.supplier) companyIds.add(s.supplier);
    if (opts.manufacturer && s.manufacturer !== null) companyIds.add(s.manufacturer);
  }
  const companyMap = await getCompaniesByIds(db, [...companyIds]);
  return list.map((s) => {
    const out: SupplierPartOut = { ...s };
    const p = partMap?.get(s.part);
    if (p) out.part_detail = p;
    const sup = opts.supplier ? companyMap.get(s.supplier) : undefined;
    if (sup) out.supplier_detail = sup;
    if (opts.manufacturer) out.manufacturer_detail = s.manufacturer === null ? null : (companyMap.get(s.manufacturer) ?? null);
    return out;
  });
}

/** One supplier part; 404 when it does not exist. No detail objects unless asked for. */
export async function getSupplierPart(db: Reads, id: number, opts: DetailOptions = {}): Promise<SupplierPartOut> {
  const [row] = await selectSupplierParts(db.q).where(eq(supplierParts.id, id)).limit(1);
  if (!row) throw notFoundSupplierPart();
  return (await withDetails(db, [toOut(row)], opts))[0] ?? toOut(row);
}

/** Supplier parts by pk (a JSON array): prepared once, as the stock list's supplier_part_detail asks for a page of them per request. */
const supplierPartsByIds = preparedPerDb((q: ReadQueries) =>
  selectSupplierParts(q)
    .where(sql`${supplierParts.id} IN (${sqlFor().intsOfJson(sql.placeholder("ids"))})`)
    .prepare(),
);

/** Several supplier parts by id in one query (for order lines' and stock items' details). */
export async function getSupplierPartsByIds(db: Reads, ids: number[], opts: DetailOptions = {}): Promise<Map<number, SupplierPartOut>> {
  const out = new Map<number, SupplierPartOut>();
  if (ids.length === 0) return out;
  const list = await withDetails(db, (await supplierPartsByIds(db.q).all({ ids: JSON.stringify(ids) })).map(toOut), opts);
  for (const s of list) out.set(s.pk, s);
  return out;
}

/**
 * Supplier parts whose SKU equals `sku` (case-sensitive, as stored), optionally for one supplier;
 * for barcode plugins that decode a supplier's label. Ordered by pk.
 */
export async function findSupplierPartsBySku(db: Reads, sku: string, supplierId?: number): Promise<SupplierPartOut[]> {
  const cond = supplierId === undefined ? eq(supplierParts.SKU, sku) : and(eq(supplierParts.SKU, sku), eq(supplierParts.supplier, supplierId));
  return (await selectSupplierParts(db.q).where(cond).orderBy(supplierParts.id)).map(toOut);
}

const ORDERING = ofBoundTables((): Record<string, SQL | { getSQL(): SQL }> => ({
  SKU: supplierParts.SKU,
  part: parts.name,
  supplier: joinedCompanies().supplier.name,
  manufacturer: joinedCompanies().manufacturer.name,
  MPN: supplierParts.MPN,
  active: supplierParts.active,
  pack_quantity: supplierParts.pack_quantity_native,
  in_stock: sql`in_stock`,
  pk: supplierParts.id,
}));

/** The list endpoint: filters as InvenTree's SupplierPartFilter, search, ordering, pagination. */
export async function listSupplierParts(db: Reads, q: SupplierPartListFilters) {
  const conds: (SQL | undefined)[] = [];
  // ModelChoiceFilters: a pk that matches nothing is a 400, as django-filter answers.
  if (q.part !== undefined) {
    if (!(await findPartRow(db, q.part))) throw fieldError("part", invalidChoice);
    conds.push(eq(supplierParts.part, q.part));
  }
  for (const [key, column] of [
    ["supplier", supplierParts.supplier],
      ["manufacturer", supplierParts.manufacturer],
  ] as const) {
    const v = q[key];
    if (v === undefined) continue;
    if (!(await findCompanyRow(db, v))) throw fieldError(key, invalidChoice);
    conds.push(eq(column, v));
  }
  if (q.company !== undefined) {
    if (!(await findCompanyRow(db, q.company))) throw fieldError("company", invalidChoice);
    conds.push(sql`(${supplierParts.supplier} = ${q.company} OR ${supplierParts.manufacturer} = ${q.company})`);
  }
  if (q.manufacturer_part !== undefined) {
    if (!(await findManufacturerPartRow(db, q.manufacturer_part))) throw fieldError("manufacturer_part", invalidChoice);
    conds.push(eq(supplierParts.manufacturer_part, q.manufacturer_part));
  }
  if (q.SKU !== undefined) conds.push(eq(supplierParts.SKU, q.SKU));
  if (q.MPN !== undefined) conds.push(sqlFor(db).equalsNoCase(supplierParts.MPN, q.MPN));
  const { supplier, manufacturer } = joinedCompanies();
  const flags = [
    [q.active, supplierParts.active],
    [q.part_active, parts.active],
    [q.supplier_active, supplier.active],
  ] as const;
  for (const [raw, column] of flags) {
    const v = parseBoolQuery(raw);
    if (v !== undefined) conds.push(eq(column, v));
  }
  const hasStock = parseBoolQuery(q.has_stock);
  if (hasStock !== undefined) conds.push(hasStock ? sql`${inStockExpr()} > 0` : sql`${inStockExpr()} <= 0`);
  conds.push(
    searchCondition(q.search, [supplierParts.SKU, supplier.name, manufacturer.name, supplierParts.description, supplierParts.MPN, parts.IPN, parts.name, parts.description, parts.keywords], Infinity, db.dialect),
  );
  const where = and(...conds);
  const [counted] = await db.q
      .select({ n: count() })
      .from(supplierParts)
      .innerJoin(parts, eq(supplierParts.part, parts.id))
      .innerJoin(supplier, eq(supplierParts.supplier, supplier.id))
      .leftJoin(manufacturer, eq(supplierParts.manufacturer, manufacturer.id))
      .where(where);
  const total = counted?.n ?? 0;
  let query = selectSupplierParts(db.q)
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING(), [], supplierParts.id, db.dialect));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: await withDetails(db, (await query).map(toOut), detailOptions(q)) };
}

/**
 * Checks a create or update against InvenTree's rules: the part must be purchaseable, the supplier
 * a supplier, the manufacturer a manufacturer (else DRF's "Invalid pk"), the pack quantity a
 * positive amount in the part's units, and (supplier, SKU) unique. Returns pack_quantity_native.
 * Runs inside the write's transaction, so a concurrent duplicate SKU is refused here.
 */
async function validateSupplierPart(tx: Tx, input: SupplierPartPatch, existing: SupplierPartRow | null): Promise<{ pack_quantity?: string; pack_quantity_native?: number }> {
  const errors = new FieldErrorCollector();
  const partId = input.part ?? existing?.part;
  const part = partId === undefined ? undefined : await findPartRow(tx, partId);
  if (input.part !== undefined && (!part || !part.purchaseable)) errors.add("part", invalidPk(input.part));
  if (input.supplier !== undefined) {
    const c = await findCompanyRow(tx, input.supplier);
    if (!c || !c.is_supplier) errors.add("supplier", invalidPk(input.supplier));
  }
  if (input.manufacturer != null) {
    const c = await findCompanyRow(tx, input.manufacturer);
    if (!c || !c.is_manufacturer) errors.add("manufacturer", invalidPk(input.manufacturer));
  }
  if (input.manufacturer_part != null) {
    const mp = await findManufacturerPartRow(tx, input.manufacturer_part);
    if (!mp) errors.add("manufacturer_part", invalidPk(input.manufacturer_part));
    else if (partId !== undefined && mp.part !== partId) errors.add("manufacturer_part", "Linked manufacturer part must reference the same base part");
  }
  let pack: { pack_quantity?: string; pack_quantity_native?: number } = {};
  // A new part with other units changes what the stored pack quantity means: re-parse it too.
  const packText = input.pack_quantity ?? (input.part !== undefined ? existing?.pack_quantity : undefined) ?? (existing ? undefined : "");
  if (packText !== undefined && part) {
    const parsed = parsePackQuantity(packText, part.units);
    if (parsed.ok) pack = { pack_quantity: parsed.text, pack_quantity_native: parsed.native };
    else errors.add("pack_quantity", parsed.message);
  }
  errors.throwIfAny();
  const supplierId = input.supplier ?? existing?.supplier;
  const sku = input.SKU ?? existing?.SKU;
  if (supplierId !== undefined && sku !== undefined) {
    // No unique index says it: concurrent writers take turns on PostgreSQL (SQLite has one writer).
    await lockKey(tx, "supplier_part_sku");
    const clash = (
      await tx.q
        .select({ id: supplierParts.id })
        .from(supplierParts)
        .where(and(eq(supplierParts.supplier, supplierId), eq(supplierParts.SKU, sku)))
    ).some((r) => r.id !== existing?.id);
    if (clash) throw fieldError("SKU", "The fields supplier, SKU must make a unique set.");
  }
  return pack;
}

/**
 * The manufacturer-part side of a write: a linked manufacturer part sets `manufacturer` and `MPN`;
 * `manufacturer` + `MPN` without one links (or creates) the matching manufacturer part, as InvenTree.
 */
async function manufacturerChanges(tx: Tx, input: SupplierPartPatch, existing: SupplierPartRow | null): Promise<Partial<SupplierPartRow>> {
  if (input.manufacturer_part != null) {
    const mp = await findManufacturerPartRow(tx, input.manufacturer_part);
    return mp ? { manufacturer_part: mp.id, manufacturer: mp.manufacturer, MPN: mp.MPN } : {};
  }
  if (input.manufacturer_part === null || (input.manufacturer === undefined && input.MPN === undefined)) return {};
  const part = input.part ?? existing?.part;
  const maker = input.manufacturer !== undefined ? input.manufacturer : existing?.manufacturer;
  const mpn = input.MPN ?? existing?.MPN;
  if (part === undefined) return {};
  const mp = await resolveManufacturerPart(tx, part, maker, mpn);
  return { manufacturer_part: mp?.id ?? null };
}

/** The row a write then changes, row-locked on PostgreSQL until the write commits. */
const supplierPartRow = async (db: Reads, id: number): Promise<SupplierPartRow | undefined> =>
  (await forUpdate(db, db.q.select().from(supplierParts).where(eq(supplierParts.id, id)).limit(1)))[0];

/** Creates a supplier part after `validateSupplierPart`; returns it without detail objects. */
export async function createSupplierPart(db: Writes, input: SupplierPartInput): Promise<SupplierPartOut> {
  const id = await db.write(async (tx) => {
    const pack = await validateSupplierPart(tx, input, null);
    return insertReturningId(tx, supplierParts, { ...input, ...pack, ...(await manufacturerChanges(tx, input, null)) });
  });
  return getSupplierPart(db, id);
}

/** PATCH/PUT: only the fields given change; pack_quantity is re-parsed when it or the part changes. */
export async function updateSupplierPart(db: Writes, id: number, input: SupplierPartPatch): Promise<SupplierPartOut> {
  await db.write(async (tx) => {
    const existing = await supplierPartRow(tx, id);
    if (!existing) throw notFoundSupplierPart();
    const changes = { ...input, ...(await validateSupplierPart(tx, input, existing)), ...(await manufacturerChanges(tx, input, existing)) };
    if (Object.keys(changes).length > 0) await tx.q.update(supplierParts).set(changes).where(eq(supplierParts.id, id));
  });
  return getSupplierPart(db, id);
}

const usedOnOrders = () => new ApiError(400, { non_field_errors: ["Cannot delete this supplier part as it is used in purchase orders"] });

/** DELETE: refused while purchase order lines use it; its stock items keep their history (link cleared). */
export async function deleteSupplierPart(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    if (!(await supplierPartRow(tx, id))) throw notFoundSupplierPart();
    if ((await tx.q.$count(purchaseOrderLines, eq(purchaseOrderLines.part, id))) > 0) throw usedOnOrders();
    await tx.q.delete(supplierParts).where(eq(supplierParts.id, id));
  });
}

/**
 * DELETE on the list (InvenTree's BulkDeleteMixin, the Python library's bulkDelete): `items` (pks)
 * and/or `filters` (part, supplier, SKU). Refused as a whole while any of them is on an order line.
 */
export async function bulkDeleteSupplierParts(db: Writes, body: { items?: number[]; filters?: Record<string, unknown> }): Promise<{ success: string }> {
  const conds: SQL[] = [];
  if (body.items?.length) conds.push(inArray(supplierParts.id, body.items));
  const f = body.filters ?? {};
  if (f.part !== undefined) conds.push(eq(supplierParts.part, Number(f.part)));
  if (f.supplier !== undefined) conds.push(eq(supplierParts.supplier, Number(f.supplier)));
  if (f.SKU !== undefined) conds.push(eq(supplierParts.SKU, String(f.SKU)));
  if (conds.length === 0) throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
  const n = await db.write(async (tx) => {
    const ids = (await tx.q.select({ id: supplierParts.id }).from(supplierParts).where(and(...conds))).map((r) => r.id);
    if (ids.length === 0) return 0;
    if ((await tx.q.$count(purchaseOrderLines, inArray(purchaseOrderLines.part, ids))) > 0) throw usedOnOrders();
    await tx.q.delete(supplierParts).where(inArray(supplierParts.id, ids));
    return ids.length;
  });
  return { success: `Deleted ${n} items` };
}
