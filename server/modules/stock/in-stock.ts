/**
 * InvenTree's IN_STOCK_FILTER, once: an available status, a positive quantity, and not shipped
 * (no customer, no sales order). Parts and supplier parts sum their `in_stock` with it too.
 */
import { type SQL, sql } from "drizzle-orm";
import { AVAILABLE_STATUS_CODES } from "./status-codes.ts";
import { ofBoundTables, stockItems } from "../../db/tables.ts";

type Row = Pick<typeof stockItems.$inferSelect, "quantity" | "sales_order" | "customer" | "status">;

/** IN_STOCK_FILTER as a predicate on one row. */
export const isInStock = (r: Row): boolean => r.quantity > 0 && r.sales_order === null && r.customer === null && AVAILABLE_STATUS_CODES.includes(r.status);

/** IN_STOCK_FILTER in SQL over `stock_item` (statuses inlined as literals, so the plan does not depend on bound values). */
export const inStockItemCondition = ofBoundTables((): SQL => (sql`${stockItems.status} IN (${sql.join(
  AVAILABLE_STATUS_CODES.map((s) => sql.raw(String(s))),
  sql`, `,
)}) AND ${stockItems.quantity} > 0 AND ${stockItems.customer} IS NULL AND ${stockItems.sales_order} IS NULL`));
