/**
 * Companies (suppliers, customers, manufacturers). Supplier parts live in supplier-part-service.ts
 * and are re-exported here, so other modules import one file:
 * `getCompany`, `findCompanyRow`, `getSupplierPart`, `findSupplierPartRow`, `findSupplierPartsBySku`.
 */
import { and, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import { imageChange } from "../media/service.ts";
import { companies, manufacturerParts, ofBoundTables, purchaseOrderLines, purchaseOrders, salesOrders, supplierParts } from "../../db/tables.ts";
import { ApiError, FieldErrorCollector } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { type CompanyRow, getCompany, notFoundCompany, selectCompanies, toCompanyOut } from "./company-reads.ts";
import type { CompanyInput, CompanyListFilters, CompanyOut, CompanyPatch } from "./model.ts";

export {
  createSupplierPart,
  deleteSupplierPart,
  
  findSupplierPartsBySku,
  getSupplierPart,
  getSupplierPartsByIds,
  listSupplierParts,
  updateSupplierPart,
} from "./supplier-part-service.ts";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, lockKey, sqlFor } from "../../db/dialect.ts";
import { insertReturningId } from "../../db/insert.ts";
export {   getCompany } from "./company-reads.ts";

const ORDERING = ofBoundTables((): Record<string, SQL | { getSQL(): SQL }> => ({
  name: companies.name,
  active: companies.active,
  parts_supplied: sql`parts_supplied`,
  parts_manufactured: sql`parts_manufactured`,
  pk: companies.id,
}));

/** The list endpoint: role flags, active, name, search (name, description, website), ordering. */
export async function listCompanies(db: Reads, q: CompanyListFilters) {
  const conds: (SQL | undefined)[] = [];
  for (const flag of ["is_customer", "is_supplier", "is_manufacturer", "active"] as const) {
    const v = parseBoolQuery(q[flag]);
    if (v !== undefined) conds.push(eq(companies[flag], v));
  }
  if (q.name !== undefined) conds.push(eq(companies.name, q.name));
  conds.push(searchCondition(q.search, [companies.name, companies.description, companies.website], Infinity, db.dialect));
  const where = and(...conds);
  const total = (await db.q.select({ n: count() }).from(companies).where(where))[0]?.n ?? 0;
  let query = selectCompanies(db.q)
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING(), [sqlFor(db).asc(companies.name)], companies.id, db.dialect));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: (await query).map(toCompanyOut) };
}

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field formats (URL, email, currency), then InvenTree's (name, email) uniqueness inside the write's transaction. */
async function validateCompany(tx: Tx, input: CompanyPatch, existing: CompanyRow | null): Promise<CompanyPatch> {
  const errors = new FieldErrorCollector();
  const out: CompanyPatch = { ...input };
  if (input.website) {
    let ok = false;
    try {
      ok = ["http:", "https:", "ftp:", "ftps:"].includes(new URL(input.website).protocol);
    } catch {}
    if (!ok) errors.add("website", "Enter a valid URL.");
  }
  if (input.email && !EMAIL.test(input.email)) errors.add("email", "Enter a valid email address.");
  if (input.currency !== undefined) {
    out.currency = input.currency.toUpperCase();
    if (!CURRENCIES.has(out.currency)) errors.add("currency", `"${input.currency}" is not a valid choice.`);
  }
  errors.throwIfAny();
  const name = out.name ?? existing?.name ?? "";
  const email = out.email ?? existing?.email ?? "";
  // No unique index says it: concurrent writers take turns on PostgreSQL (SQLite has one writer).
  await lockKey(tx, "company_name_email");
  const clash = (
    await tx.q
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.name, name), eq(companies.email, email)))
  ).some((r) => r.id !== existing?.id);
  if (clash) throw new ApiError(400, { non_field_errors: ["Company with this Company name and Email already exists."] });
  return out;
}

/** The company a write then changes, row-locked on PostgreSQL until the write commits. */
const companyRow = async (db: Reads, id: number): Promise<CompanyRow | undefined> => (await forUpdate(db, db.q.select().from(companies).where(eq(companies.id, id)).limit(1)))[0];

/** Creates a company (currency upper-cased); 400 naming any bad field. */
export async function createCompany(db: Writes, input: CompanyInput): Promise<CompanyOut> {
  const id = await db.write(async (tx) => {
    const values = await validateCompany(tx, input, null);
    return insertReturningId(tx, companies, { ...values, name: input.name });
  });
  return getCompany(db, id);
}

/** PATCH/PUT: only the fields given change. */
export async function updateCompany(db: Writes, id: number, input: CompanyPatch): Promise<CompanyOut> {
  await db.write(async (tx) => {
    const existing = await companyRow(tx, id);
    if (!existing) throw notFoundCompany();
    const { image, ...fields } = input;
    const changes = { ...(await validateCompany(tx, fields, existing)), ...imageChange(existing.image, image) };
    if (Object.keys(changes).length > 0) await tx.q.update(companies).set(changes).where(eq(companies.id, id));
  });
  return getCompany(db, id);
}

const refuse = (message: string) => new ApiError(400, { non_field_errors: [message] });

/**
 * DELETE: the company's supplier parts and manufacturer parts go with it; other suppliers' parts
 * that named one of those manufacturer parts keep their row, without it (the column's foreign key
 * has no ON DELETE action in the database, so the cascade would otherwise fail). Refused while orders reference the company or
 * its supplier parts, since an order's history must stay whole.
 */
export async function deleteCompany(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    if (!(await companyRow(tx, id))) throw notFoundCompany();
    if ((await tx.q.$count(purchaseOrders, eq(purchaseOrders.supplier, id))) > 0) throw refuse("Cannot delete this company as it has purchase orders");
    if ((await tx.q.$count(salesOrders, eq(salesOrders.customer, id))) > 0) throw refuse("Cannot delete this company as it has sales orders");
    const [linesOnItsParts] = await tx.q.select({ n: count() }).from(purchaseOrderLines).innerJoin(supplierParts, eq(purchaseOrderLines.part, supplierParts.id)).where(eq(supplierParts.supplier, id));
    if ((linesOnItsParts?.n ?? 0) > 0) throw refuse("Cannot delete this company as its supplier parts are used in purchase orders");
    await tx.q.delete(supplierParts).where(eq(supplierParts.supplier, id));
    const itsManufacturerParts = tx.q.select({ id: manufacturerParts.id }).from(manufacturerParts).where(eq(manufacturerParts.manufacturer, id));
    await tx.q.update(supplierParts).set({ manufacturer_part: null }).where(inArray(supplierParts.manufacturer_part, itsManufacturerParts));
    await tx.q.delete(companies).where(eq(companies.id, id));
  });
}

export { getManufacturerPart, listManufacturerParts } from "./manufacturer-part-service.ts";
