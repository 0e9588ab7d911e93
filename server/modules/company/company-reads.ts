/** Reading companies with their supplier-part counts; shared by the company and supplier-part services. */
import { eq, inArray, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import type { companies as companiesTable } from "../../db/schema/company.ts";
import { companies } from "../../db/tables.ts";
import { notFound } from "../../core/errors.ts";
import { imageFields } from "../media/service.ts";
import type { CompanyOut } from "./model.ts";

export type CompanyRow = typeof companiesTable.$inferSelect;

export const notFoundCompany = () => notFound("No Company matches the given query.");

// Counted by correlated subqueries over the supplier_part indexes, only for the rows returned.
// Written out with table names: drizzle leaves columns unqualified in a single-table select.
const partsSupplied = sql<number>`(SELECT COUNT(*) FROM supplier_part sp WHERE sp.supplier_id = company.id)`;
// Manufacturer parts, plus supplier parts that name the manufacturer without a manufacturer part (older rows).
const partsManufactured = sql<number>`((SELECT COUNT(*) FROM manufacturer_part mp WHERE mp.manufacturer_id = company.id) + (SELECT COUNT(*) FROM supplier_part sp WHERE sp.manufacturer_id = company.id AND sp.manufacturer_part_id IS NULL))`;

export function selectCompanies(db: ReadQueries) {
  return db
    .select({ company: companies, parts_supplied: partsSupplied.as("parts_supplied"), parts_manufactured: partsManufactured.as("parts_manufactured") })
    .from(companies)
    .$dynamic();
}

// The counts are bigint on PostgreSQL, which its driver gives as strings.
export const toCompanyOut = (r: { company: CompanyRow; parts_supplied: number | string; parts_manufactured: number | string }): CompanyOut => {
  const { id, image, barcode_data: _data, ...rest } = r.company;
  return {
    pk: id,
    ...rest,
    ...imageFields(image),
    parts_supplied: Number(r.parts_supplied),
    parts_manufactured: Number(r.parts_manufactured),
    link: "",
    address: "",
    address_count: 0,
    primary_address: null,
    tax_id: "",
  };
};

/** One company with its supplier-part counts; 404 when it does not exist. */
export async function getCompany(db: Reads, id: number): Promise<CompanyOut> {
  const [row] = await selectCompanies(db.q).where(eq(companies.id, id)).limit(1);
  if (!row) throw notFoundCompany();
  return toCompanyOut(row);
}

/** Several companies by id in one query (for `supplier_detail` and other modules' details). */
export async function getCompaniesByIds(db: Reads, ids: number[]): Promise<Map<number, CompanyOut>> {
  const out = new Map<number, CompanyOut>();
  if (ids.length === 0) return out;
  for (const row of await selectCompanies(db.q).where(inArray(companies.id, ids))) out.set(row.company.id, toCompanyOut(row));
  return out;
}

/** The raw company row, or undefined: for other modules checking a supplier or customer pk. */
export async function findCompanyRow(db: Reads, id: number): Promise<CompanyRow | undefined> {
  return (await db.q.select().from(companies).where(eq(companies.id, id)).limit(1))[0];
}

