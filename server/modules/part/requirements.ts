/**
 * A part's requirements (InvenTree API 350, `GET /api/part/<pk>/requirements/`): its stock, what is
 * on order and what open sales orders need, from the same annotations the part list carries
 * (part-extras.ts), in one statement. Build figures are 0: build orders are not part of Binventory.
 */
import { eq, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { parts } from "../../db/tables.ts";
import { notFound } from "../../core/errors.ts";
import { partExtraColumns } from "./part-extras.ts";
import type { PartRequirementsOut } from "./requirements-model.ts";
import { inStockExpr } from "./service.ts";

const figuresOf = preparedPerDb((q: ReadQueries) =>
  q
    .select({ in_stock: sql<number>`${inStockExpr()}`.mapWith(Number), ...partExtraColumns(sql`"part"."id"`) })
    .from(parts)
    .where(eq(parts.id, sql.placeholder("id")))
    .prepare(),
);

/** The requirements of part `id`; 404 when it does not exist. */
export async function partRequirements(db: Reads, id: number): Promise<PartRequirementsOut> {
  const f = await figuresOf(db.q).get({ id });
  if (!f) throw notFound("No Part matches the given query.");
  return {
    total_stock: f.in_stock,
    // As InvenTree's available_stock: stock less build and sales allocations, never below 0.
    unallocated_stock: Math.max(f.in_stock - f.allocated, 0),
    can_build: 0,
    ordering: f.ordering,
    building: 0,
    scheduled_to_build: 0,
    required_for_build_orders: 0,
    allocated_to_build_orders: 0,
    required_for_sales_orders: f.required,
    allocated_to_sales_orders: f.allocated,
  };
}
