/**
 * Manufacturer parts (InvenTree's ManufacturerPart): a part as one manufacturer makes it, unique per
 * (part, manufacturer, MPN). Supplier parts may link one; their `manufacturer` and `MPN` then mirror it.
 */
import { and, count, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { manufacturerParts as manufacturerPartsTable } from "../../db/schema/company.ts";
import { companies, manufacturerParts, ofBoundTables, parts, supplierParts } from "../../db/tables.ts";
import { ApiError, FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { findPartRow, getPartsByIds } from "../part/service.ts";
import { findCompanyRow, getCompaniesByIds } from "./company-reads.ts";
import type { ManufacturerPartDetailFlags, ManufacturerPartInput, ManufacturerPartListFilters, ManufacturerPartOut, ManufacturerPartPatch } from "./model.ts";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, isUniqueViolation, refuseDuplicate } from "../../db/dialect.ts";

export type ManufacturerPartRow = typeof manufacturerPartsTable.$inferSelect;

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
async function serialise(db: Reads, rows: ManufacturerPartRow[], opts: ManufacturerDetailOptions): Promise<ManufacturerPartOut[]> {
  const manufacturers = await getCompaniesByIds(db, [...new Set(rows.map((r) => r.manufacturer))]);
  const partMap = opts.part ? await getPartsByIds(db, [...new Set(rows.map((r) => r.part))]) : null;
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

export async function findManufacturerPartRow(db: Reads, id: number): Promise<ManufacturerPartRow | undefined> {
  return (await db.q.select().from(manufacturerParts).where(eq(manufacturerParts.id, id)).limit(1))[0];
}

/** One manufacturer part; 404 when absent. */
export async function getManufacturerPart(db: Reads, id: number, opts: ManufacturerDetailOptions = {}): Promise<ManufacturerPartOut> {
  const row = await findManufacturerPartRow(db, id);
  if (!row) throw notFoundManufacturerPart();
  return (await serialise(db, [row], opts))[0];
}

/** Several manufacturer parts by id (for supplier parts' `manufacturer_part_detail`). */
export async function getManufacturerPartRowsByIds(db: Reads, ids: number[]): Promise<Map<number, ManufacturerPartRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.q.select().from(manufacturerParts).where(inArray(manufacturerParts.id, ids))).map((r) => [r.id, r]));
}

const ORDERING = ofBoundTables((): Record<string, SQL | { getSQL(): SQL }> => ({
  part: sql`(SELECT name FROM part p WHERE p.id = ${manufacturerParts.part})`,
  manufacturer: sql`(SELECT name FROM company c WHERE c.id = ${manufacturerParts.manufacturer})`,
  MPN: manufacturerParts.MPN,
  pk: manufacturerParts.id,
}));

/** GET /api/company/part/manufacturer/ with InvenTree's ManufacturerPartFilter and search fields. */
export async function listManufacturerParts(db: Reads, q: ManufacturerPartListFilters) {
  const conds: (SQL | undefined)[] = [];
  if (q.part !== undefined) {
    if (!(await findPartRow(db, q.part))) throw fieldError("part", invalidChoice);
    conds.push(eq(manufacturerParts.part, q.part));
  }
  if (q.manufacturer !== undefined) {
    if (!(await findCompanyRow(db, q.manufacturer))) throw fieldError("manufacturer", invalidChoice);
    conds.push(eq(manufacturerParts.manufacturer, q.manufacturer));
  }
  if (q.MPN !== undefined) conds.push(eq(manufacturerParts.MPN, q.MPN));
  const partActive = parseBoolQuery(q.part_active);
  if (partActive !== undefined) conds.push(inArray(manufacturerParts.part, db.q.select({ id: parts.id }).from(parts).where(eq(parts.active, partActive))));
  const makerActive = parseBoolQuery(q.manufacturer_active);
  if (makerActive !== undefined) conds.push(inArray(manufacturerParts.manufacturer, db.q.select({ id: companies.id }).from(companies).where(eq(companies.active, makerActive))));
  conds.push(searchCondition(q.search, [companies.name, manufacturerParts.description, manufacturerParts.MPN, parts.IPN, parts.name, parts.description], Infinity, db.dialect));
  const where = and(...conds);
  const base = () =>
    db.q
      .select({ ...getTableColumns(manufacturerParts) })
      .from(manufacturerParts)
      .innerJoin(parts, eq(parts.id, manufacturerParts.part))
      .innerJoin(companies, eq(companies.id, manufacturerParts.manufacturer))
      .$dynamic();
  const [counted] = await db.q
      .select({ n: count() })
      .from(manufacturerParts)
      .innerJoin(parts, eq(parts.id, manufacturerParts.part))
      .innerJoin(companies, eq(companies.id, manufacturerParts.manufacturer))
      .where(where);
  const total = counted?.n ?? 0;
  let query = base()
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING(), [], manufacturerParts.id, db.dialect));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: await serialise(db, await query, manufacturerDetailOptions(q)) };
}

/**
 * InvenTree's rules: a purchaseable part, a company marked manufacturer, (part, manufacturer, MPN)
 * unique. Runs inside the write's transaction, so a concurrent duplicate is refused here.
 */
async function validate(tx: Tx, input: ManufacturerPartPatch, existing: ManufacturerPartRow | null): Promise<void> {
  const errors = new FieldErrorCollector();
  if (input.part !== undefined) {
    const part = await findPartRow(tx, input.part);
    if (!part || !part.purchaseable) errors.add("part", invalidPk(input.part));
  }
  if (input.manufacturer !== undefined) {
    const c = await findCompanyRow(tx, input.manufacturer);
    if (!c || !c.is_manufacturer) errors.add("manufacturer", invalidPk(input.manufacturer));
  }
  errors.throwIfAny();
  const part = input.part ?? existing?.part;
  const maker = input.manufacturer ?? existing?.manufacturer;
  const mpn = input.MPN ?? existing?.MPN;
  if (part === undefined || maker === undefined || mpn === undefined) return;
  const clash = (await matching(tx, part, maker, mpn)).some((r) => r.id !== existing?.id);
  if (clash) throw notUnique();
}

const notUnique = () => new ApiError(400, { non_field_errors: ["The fields part, manufacturer, MPN must make a unique set."] });
const UNIQUE_INDEX = "manufacturer_part_unique_idx";

/** The check's 400 also when the unique index refuses a concurrent duplicate (PostgreSQL; dialect.ts refuseDuplicate). */
const mapUnique = <T>(write: Promise<T>): Promise<T> => refuseDuplicate(write, UNIQUE_INDEX, notUnique);

const matching = (db: Reads, part: number, maker: number, mpn: string): Promise<ManufacturerPartRow[]> =>
  db.q
    .select()
    .from(manufacturerParts)
    .where(and(eq(manufacturerParts.part, part), eq(manufacturerParts.manufacturer, maker), eq(manufacturerParts.MPN, mpn)));

/** The row a write then changes, row-locked on PostgreSQL until the write commits. */
const manufacturerPartRow = async (db: Reads, id: number): Promise<ManufacturerPartRow | undefined> =>
  (await forUpdate(db, db.q.select().from(manufacturerParts).where(eq(manufacturerParts.id, id)).limit(1)))[0];

export async function createManufacturerPart(db: Writes, input: ManufacturerPartInput): Promise<ManufacturerPartOut> {
  const row = await mapUnique(
    db.write(async (tx) => {
    await validate(tx, input, null);
    const [inserted] = await tx.q.insert(manufacturerParts).values(input).returning();
    if (!inserted) throw new Error("insert returned no row");
    return inserted;
    }),
  );
  return (await serialise(db, [row], {}))[0];
}

export async function updateManufacturerPart(db: Writes, id: number, input: ManufacturerPartPatch): Promise<ManufacturerPartOut> {
  const row = await mapUnique(
    db.write(async (tx) => {
    const existing = await manufacturerPartRow(tx, id);
    if (!existing) throw notFoundManufacturerPart();
    await validate(tx, input, existing);
    if (Object.keys(input).length === 0) return existing;
    const [updated] = await tx.q.update(manufacturerParts).set(input).where(eq(manufacturerParts.id, id)).returning();
    if (!updated) throw notFoundManufacturerPart();
    // The supplier parts that link it mirror its maker and MPN.
    await tx.q.update(supplierParts).set({ manufacturer: updated.manufacturer, MPN: updated.MPN }).where(eq(supplierParts.manufacturer_part, updated.id));
    return updated;
    }),
  );
  return (await serialise(db, [row], {}))[0];
}

/** DELETE: supplier parts that linked it keep their manufacturer and MPN, unlinked. */
export async function deleteManufacturerPart(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    // Supplier parts that name it keep no manufacturer part (supplier_part.manufacturer_part_id ON DELETE SET NULL, as InvenTree's SET_NULL).
    const gone = await tx.q.delete(manufacturerParts).where(eq(manufacturerParts.id, id)).returning({ id: manufacturerParts.id });
    if (gone.length === 0) throw notFoundManufacturerPart();
  });
}

/**
 * The manufacturer part a supplier part write points at: the one given, else (as InvenTree's
 * SupplierPartSerializer does with `manufacturer` + `MPN`) the matching one, created when missing.
 * Returns undefined when the write does not concern it. Inside the supplier part's transaction.
 */
export async function resolveManufacturerPart(tx: Tx, part: number, manufacturer: number | null | undefined, mpn: string | undefined): Promise<ManufacturerPartRow | undefined> {
  if (manufacturer == null || !mpn) return undefined;
  const [found] = await matching(tx, part, manufacturer, mpn);
  if (found) return found;
  // In a savepoint: on PostgreSQL a concurrent transaction may insert the same one first (the
  // unique index refuses ours); the savepoint keeps our transaction usable to read theirs instead.
  try {
    return await tx.write(async (sp) => (await sp.q.insert(manufacturerParts).values({ part, manufacturer, MPN: mpn }).returning())[0]);
  } catch (e) {
    if (!isUniqueViolation(e, UNIQUE_INDEX)) throw e;
    return (await matching(tx, part, manufacturer, mpn))[0];
  }
}

/** The manufacturer parts a bulk request names: `items` (pks) and/or `filters` (part, manufacturer, MPN). */
async function bulkTargets(tx: Tx, body: BulkDeleteInput): Promise<number[]> {
  const conds: SQL[] = [];
  if (body.items?.length) conds.push(inArray(manufacturerParts.id, body.items));
  const f = body.filters ?? {};
  if (f.part !== undefined) conds.push(eq(manufacturerParts.part, Number(f.part)));
  if (f.manufacturer !== undefined) conds.push(eq(manufacturerParts.manufacturer, Number(f.manufacturer)));
  if (f.MPN !== undefined) conds.push(eq(manufacturerParts.MPN, String(f.MPN)));
  if (conds.length === 0) throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
  return (await tx.q.select({ id: manufacturerParts.id }).from(manufacturerParts).where(and(...conds))).map((r) => r.id);
}

export interface BulkDeleteInput {
  items?: number[];
  filters?: Record<string, unknown>;
}

/** DELETE on the list (InvenTree's BulkDeleteMixin, the Python library's bulkDelete): `{success: "Deleted n items"}`. */
export async function bulkDeleteManufacturerParts(db: Writes, body: BulkDeleteInput): Promise<{ success: string }> {
  const n = await db.write(async (tx) => {
    const ids = await bulkTargets(tx, body);
    if (ids.length === 0) return 0;
    await tx.q.update(supplierParts).set({ manufacturer_part: null }).where(inArray(supplierParts.manufacturer_part, ids));
    await tx.q.delete(manufacturerParts).where(inArray(manufacturerParts.id, ids));
    return ids.length;
  });
  return { success: `Deleted ${n} items` };
}
