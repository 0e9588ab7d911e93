/**
 * Manufacturer parts (InvenTree's ManufacturerPart): a part as one manufacturer makes it, unique per
 * (part, manufacturer, MPN). Supplier parts may link one; their `manufacturer` and `MPN` then mirror it.
 */
import { and, count, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies, manufacturerParts, supplierParts } from "../../db/schema/company.ts";
import { parts } from "../../db/schema/part.ts";
import { ApiError, FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { findPartRow, getPartsByIds } from "../part/service.ts";
import { findCompanyRow, getCompaniesByIds } from "./company-reads.ts";
import type { ManufacturerPartDetailFlags, ManufacturerPartInput, ManufacturerPartListFilters, ManufacturerPartOut, ManufacturerPartPatch } from "./model.ts";
import { writeTransaction } from "../../db/write.ts";

export type ManufacturerPartRow = typeof manufacturerParts.$inferSelect;

const notFoundManufacturerPart = () => notFound("No ManufacturerPart matches the given query.");

export interface ManufacturerDetailOptions {
  part?: boolean;
  manufacturer?: boolean;
}

/** The `?part_detail=` / `?manufacturer_detail=` flags (InvenTree's default: off). */
export const manufacturerDetailOptions = (q: ManufacturerPartDetailFlags): ManufacturerDetailOptions => ({
  part: parseBoolQuery(q.part_detail) ?? false,
  manufacturer: parseBoolQuery(q.manufacturer_detail) ?? false,
});

/** Rows → InvenTree's shape, with the detail objects asked for (one query per kind for the list). */
function serialise(db: DbOrTx, rows: ManufacturerPartRow[], opts: ManufacturerDetailOptions): ManufacturerPartOut[] {
  const manufacturers = getCompaniesByIds(db, [...new Set(rows.map((r) => r.manufacturer))]);
  const partMap = opts.part ? getPartsByIds(db, [...new Set(rows.map((r) => r.part))]) : null;
  return rows.map((r) => {
    const maker = manufacturers.get(r.manufacturer);
    const out: ManufacturerPartOut = {
      pk: r.id,
      part: r.part,
      manufacturer: r.manufacturer,
      MPN: r.MPN,
      description: r.description,
      link: r.link,
      notes: r.notes,
      barcode_hash: r.barcode_hash,
      // InvenTree's ManufacturerPart.__str__: "<manufacturer> | <MPN>".
      pretty_name: maker ? `${maker.name} | ${r.MPN}` : r.MPN,
      tags: [],
    };
    const p = partMap?.get(r.part);
    if (p) out.part_detail = p;
    if (opts.manufacturer && maker) out.manufacturer_detail = maker;
    return out;
  });
}

export function findManufacturerPartRow(db: DbOrTx, id: number): ManufacturerPartRow | undefined {
  return db.select().from(manufacturerParts).where(eq(manufacturerParts.id, id)).get();
}

/** One manufacturer part; 404 when absent. */
export function getManufacturerPart(db: DbOrTx, id: number, opts: ManufacturerDetailOptions = {}): ManufacturerPartOut {
  const row = findManufacturerPartRow(db, id);
  if (!row) throw notFoundManufacturerPart();
  return serialise(db, [row], opts)[0];
}

/** Several manufacturer parts by id (for supplier parts' `manufacturer_part_detail`). */
export function getManufacturerPartRowsByIds(db: DbOrTx, ids: number[]): Map<number, ManufacturerPartRow> {
  if (ids.length === 0) return new Map();
  return new Map(db.select().from(manufacturerParts).where(inArray(manufacturerParts.id, ids)).all().map((r) => [r.id, r]));
}

const ORDERING: Record<string, SQL | { getSQL(): SQL }> = {
  part: sql`(SELECT name FROM part p WHERE p.id = ${manufacturerParts.part})`,
  manufacturer: sql`(SELECT name FROM company c WHERE c.id = ${manufacturerParts.manufacturer})`,
  MPN: manufacturerParts.MPN,
  pk: manufacturerParts.id,
};

/** GET /api/company/part/manufacturer/ with InvenTree's ManufacturerPartFilter and search fields. */
export function listManufacturerParts(db: DbOrTx, q: ManufacturerPartListFilters) {
  const conds: (SQL | undefined)[] = [];
  if (q.part !== undefined) {
    if (!findPartRow(db, q.part)) throw fieldError("part", invalidChoice);
    conds.push(eq(manufacturerParts.part, q.part));
  }
  if (q.manufacturer !== undefined) {
    if (!findCompanyRow(db, q.manufacturer)) throw fieldError("manufacturer", invalidChoice);
    conds.push(eq(manufacturerParts.manufacturer, q.manufacturer));
  }
  if (q.MPN !== undefined) conds.push(eq(manufacturerParts.MPN, q.MPN));
  const partActive = parseBoolQuery(q.part_active);
  if (partActive !== undefined) conds.push(inArray(manufacturerParts.part, db.select({ id: parts.id }).from(parts).where(eq(parts.active, partActive))));
  const makerActive = parseBoolQuery(q.manufacturer_active);
  if (makerActive !== undefined) conds.push(inArray(manufacturerParts.manufacturer, db.select({ id: companies.id }).from(companies).where(eq(companies.active, makerActive))));
  conds.push(searchCondition(q.search, [companies.name, manufacturerParts.description, manufacturerParts.MPN, parts.IPN, parts.name, parts.description]));
  const where = and(...conds);
  const base = () =>
    db
      .select({ ...getTableColumns(manufacturerParts) })
      .from(manufacturerParts)
      .innerJoin(parts, eq(parts.id, manufacturerParts.part))
      .innerJoin(companies, eq(companies.id, manufacturerParts.manufacturer))
      .$dynamic();
  const total =
    db
      .select({ n: count() })
      .from(manufacturerParts)
      .innerJoin(parts, eq(parts.id, manufacturerParts.part))
      .innerJoin(companies, eq(companies.id, manufacturerParts.manufacturer))
      .where(where)
      .get()?.n ?? 0;
  let query = base()
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING, [], manufacturerParts.id));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: serialise(db, query.all(), manufacturerDetailOptions(q)) };
}

/** InvenTree's rules: a purchaseable part, a company marked manufacturer, (part, manufacturer, MPN) unique. */
function validate(db: DbOrTx, input: ManufacturerPartPatch, existing: ManufacturerPartRow | null): void {
  const errors = new FieldErrorCollector();
  if (input.part !== undefined) {
    const part = findPartRow(db, input.part);
    if (!part || !part.purchaseable) errors.add("part", invalidPk(input.part));
  }
  if (input.manufacturer !== undefined) {
    const c = findCompanyRow(db, input.manufacturer);
    if (!c || !c.is_manufacturer) errors.add("manufacturer", invalidPk(input.manufacturer));
  }
  errors.throwIfAny();
  const part = input.part ?? existing?.part;
  const maker = input.manufacturer ?? existing?.manufacturer;
  const mpn = input.MPN ?? existing?.MPN;
  if (part === undefined || maker === undefined || mpn === undefined) return;
  const clash = db
    .select({ id: manufacturerParts.id })
    .from(manufacturerParts)
    .where(and(eq(manufacturerParts.part, part), eq(manufacturerParts.manufacturer, maker), eq(manufacturerParts.MPN, mpn)))
    .all()
    .some((r) => r.id !== existing?.id);
  if (clash) throw new ApiError(400, { non_field_errors: ["The fields part, manufacturer, MPN must make a unique set."] });
}

/** Copies a manufacturer part's maker and MPN onto the supplier parts that link it. */
function syncSupplierParts(db: DbOrTx, row: ManufacturerPartRow): void {
  db.update(supplierParts).set({ manufacturer: row.manufacturer, MPN: row.MPN }).where(eq(supplierParts.manufacturer_part, row.id)).run();
}

export function createManufacturerPart(db: DbOrTx, input: ManufacturerPartInput): ManufacturerPartOut {
  validate(db, input, null);
  const row = db.insert(manufacturerParts).values(input).returning().get();
  return serialise(db, [row], {})[0];
}

export function updateManufacturerPart(db: DbOrTx, id: number, input: ManufacturerPartPatch): ManufacturerPartOut {
  const existing = findManufacturerPartRow(db, id);
  if (!existing) throw notFoundManufacturerPart();
  validate(db, input, existing);
  if (Object.keys(input).length === 0) return serialise(db, [existing], {})[0];
  const row = writeTransaction(db, (tx) => {
    const updated = tx.update(manufacturerParts).set(input).where(eq(manufacturerParts.id, id)).returning().get();
    syncSupplierParts(tx, updated);
    return updated;
  });
  return serialise(db, [row], {})[0];
}

/** DELETE: supplier parts that linked it keep their manufacturer and MPN, unlinked. */
export function deleteManufacturerPart(db: DbOrTx, id: number): void {
  if (!findManufacturerPartRow(db, id)) throw notFoundManufacturerPart();
  // Supplier parts that name it keep no manufacturer part (supplier_part.manufacturer_part_id ON DELETE SET NULL, as InvenTree's SET_NULL).
  db.delete(manufacturerParts).where(eq(manufacturerParts.id, id)).run();
}

/**
 * The manufacturer part a supplier part write points at: the one given, else (as InvenTree's
 * SupplierPartSerializer does with `manufacturer` + `MPN`) the matching one, created when missing.
 * Returns undefined when the write does not concern it.
 */
export function resolveManufacturerPart(db: DbOrTx, part: number, manufacturer: number | null | undefined, mpn: string | undefined): ManufacturerPartRow | undefined {
  if (manufacturer == null || !mpn) return undefined;
  const found = db
    .select()
    .from(manufacturerParts)
    .where(and(eq(manufacturerParts.part, part), eq(manufacturerParts.manufacturer, manufacturer), eq(manufacturerParts.MPN, mpn)))
    .get();
  return found ?? db.insert(manufacturerParts).values({ part, manufacturer, MPN: mpn }).returning().get();
}

/** The manufacturer parts a bulk request names: `items` (pks) and/or `filters` (part, manufacturer, MPN). */
function bulkTargets(db: DbOrTx, body: BulkDeleteInput): number[] {
  const conds: SQL[] = [];
  if (body.items?.length) conds.push(inArray(manufacturerParts.id, body.items));
  const f = body.filters ?? {};
  if (f.part !== undefined) conds.push(eq(manufacturerParts.part, Number(f.part)));
  if (f.manufacturer !== undefined) conds.push(eq(manufacturerParts.manufacturer, Number(f.manufacturer)));
  if (f.MPN !== undefined) conds.push(eq(manufacturerParts.MPN, String(f.MPN)));
  if (conds.length === 0) throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
  return db.select({ id: manufacturerParts.id }).from(manufacturerParts).where(and(...conds)).all().map((r) => r.id);
}

export interface BulkDeleteInput {
  items?: number[];
  filters?: Record<string, unknown>;
}

/** DELETE on the list (InvenTree's BulkDeleteMixin, the Python library's bulkDelete): `{success: "Deleted n items"}`. */
export function bulkDeleteManufacturerParts(db: DbOrTx, body: BulkDeleteInput): { success: string } {
  const ids = bulkTargets(db, body);
  writeTransaction(db, (tx) => {
    if (ids.length === 0) return;
    tx.update(supplierParts).set({ manufacturer_part: null }).where(inArray(supplierParts.manufacturer_part, ids)).run();
    tx.delete(manufacturerParts).where(inArray(manufacturerParts.id, ids)).run();
  });
  return { success: `Deleted ${ids.length} items` };
}
