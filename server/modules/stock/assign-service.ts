/**
 * POST /api/stock/assign/: InvenTree's StockAssign. Whole stock items are handed to a customer
 * (location cleared, SENT_TO_CUSTOMER tracked with the customer's pk and name), all or nothing.
 */
import { forUpdate, sqlFor } from "../../db/dialect.ts";
import { count, eq, inArray } from "drizzle-orm";
import type { Writes } from "../../db/database.ts";
import { TRACKING } from "../../db/schema/stock.ts";
import { ApiError } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { isInStock } from "./in-stock.ts";
import { writeTrackingEntry } from "./tracking.ts";
import { companies, parts, salesOrderAllocations, stockItems } from "../../db/tables.ts";

export interface AssignInput {
  items: { item: number }[];
  customer: number;
  notes?: string;
}

/** Validates every line and the customer first (InvenTree's messages), then assigns in one transaction. */
export function assignStockToCustomer(db: Writes, body: AssignInput, user: number | null) {
  return db.write(async (tx) => {
    const errors: Record<string, unknown> = {};
    const [customer] = await tx.q.select({ id: companies.id, name: companies.name, is_customer: companies.is_customer }).from(companies).where(eq(companies.id, body.customer)).limit(1);
    if (!customer) errors.customer = [invalidPk(body.customer)];
    else if (!customer.is_customer) errors.customer = ["Selected company is not a customer"];

    const pks = body.items.map((l) => l.item);
    const rows = new Map(
      (await forUpdate(tx, tx.q.select({ item: stockItems, salable: parts.salable }).from(stockItems).innerJoin(parts, eq(parts.id, stockItems.part)).where(inArray(stockItems.id, pks)))).map((r) => [r.item.id, r]),
    );
    const allocated = new Set(
      (await tx.q.select({ item: salesOrderAllocations.item, n: count() }).from(salesOrderAllocations).where(inArray(salesOrderAllocations.item, pks)).groupBy(salesOrderAllocations.item)).map((r) => r.item),
    );
    const seen = new Set<number>();
    const lineErrors = body.items.map((line) => {
      const row = rows.get(line.item);
      const fail = (m: string) => ({ item: [m] });
      if (!row) return fail(invalidPk(line.item));
      if (seen.has(line.item)) return fail("This stock item appears more than once in the request.");
      seen.add(line.item);
      if (!isInStock(row.item)) return fail("Item must be in stock");
      if (!row.salable) return fail("Part must be salable");
      if (allocated.has(line.item)) return fail("Item is allocated to a sales order");
      return {};
    });
    if (lineErrors.some((e) => Object.keys(e).length > 0)) errors.items = lineErrors;
    if (Object.keys(errors).length > 0) throw new ApiError(400, errors);
    if (body.items.length === 0) throw new ApiError(400, { non_field_errors: ["A list of stock items must be provided"] });
    const c = customer as { id: number; name: string };

    const notes = body.notes ?? "";
    for (const pk of pks) {
      await tx.q.update(stockItems).set({ customer: c.id, sales_order: null, location: null, updated: sqlFor(tx).now }).where(eq(stockItems.id, pk));
      await writeTrackingEntry(tx, { item: pk, tracking_type: TRACKING.SENT_TO_CUSTOMER, user, notes, deltas: { customer: c.id, customer_name: c.name } });
    }
    return { items: body.items.map((l) => ({ item: l.item })), customer: c.id, notes };
  });
}
