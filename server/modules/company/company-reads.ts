/** Reading companies with their supplier-part counts; shared by the company and supplier-part services. */
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies } from "../../db/schema/company.ts";
import { notFound } from "../../core/errors.ts";
import { imageFields } from "../media/service.ts";
import type { CompanyOut } from "./model.ts";

export type CompanyRow = typeof companies.$inferSelect;

export const notFoundCompany = () => notFound("No Company matches the given query.");

// Counted by correlated subqueries over the supplier_part indexes, only for the rows returned.
// Written out with table names: drizzle leaves columns unqualified in a single-table select.
const partsSupplied = sql<number>`(SELECT COUNT(*) FROM supplier_part sp WHERE sp.supplier_id = company.id)`;
// Manufacturer parts, plus supplier parts that name the manufacturer without a manufacturer part (older rows).
const partsManufactured = sql<number>`((SELECT COUNT(*) FROM manufacturer_part mp WHERE mp.manufacturer_id = company.id) + (SELECT COUNT(*) FROM supplier_part sp WHERE sp.manufacturer_id = company.id AND sp.manufacturer_part_id IS NULL))`;

export function selectCompanies(db: DbOrTx) {
  return db
    .select({ company: companies, parts_supplied: partsSupplied.as("parts_supplied"), parts_manufactured: partsManufactured.as("parts_manufactured") })
    .from(companies)
    .$dynamic();
}

export const toCompanyOut = (r: { company: CompanyRow; parts_supplied: number; parts_manufactured: number }): CompanyOut => {
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
export function getCompany(db: DbOrTx, id: number): CompanyOut {
  const row = selectCompanies(db).where(eq(companies.id, id)).get();
  if (!row) throw notFoundCompany();
  return toCompanyOut(row);
}

/** Several companies by id in one query (for `supplier_detail` and other modules' details). */
export function getCompaniesByIds(db: DbOrTx, ids: number[]): Map<number, CompanyOut> {
  const out = new Map<number, CompanyOut>();
  if (ids.length === 0) return out;
  for (const row of selectCompanies(db).where(inArray(companies.id, ids)).all()) out.set(row.company.id, toCompanyOut(row));
  return out;
}

/** The raw company row, or undefined: for other modules checking a supplier or customer pk. */
export function findCompanyRow(db: DbOrTx, id: number): CompanyRow | undefined {
  return db.select().from(companies).where(eq(companies.id, id)).get();
}

