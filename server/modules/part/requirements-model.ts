import { type Static, t } from "elysia";
import { OutInt } from "../../core/response-schema.ts";

/**
 * GET /api/part/<pk>/requirements/ (InvenTree API 350): InvenTree's PartRequirementsSerializer.
 * Numbers are floats there except `scheduled_to_build`; the app reads each with getDouble.
 */
export const PartRequirementsSchema = t.Object({
  total_stock: t.Number({ title: "Total Stock" }),
  unallocated_stock: t.Number({ title: "Available Stock", description: "In stock, less what is allocated to open sales orders and not yet shipped" }),
  can_build: t.Number({ title: "Can Build", description: "Always 0: no bills of materials here (InvenTree answers 0 for a part without a BOM)" }),
  ordering: t.Number({ title: "On Order", description: "Outstanding quantity on open purchase order lines, in the part's units" }),
  building: t.Number({ title: "In Production", description: "Always 0: no build orders here" }),
  scheduled_to_build: OutInt({ title: "Scheduled to Build", description: "Always 0: no build orders here" }),
  required_for_build_orders: t.Number({ title: "Required for Build Orders", description: "Always 0: no build orders here" }),
  allocated_to_build_orders: t.Number({ title: "Allocated to Build Orders", description: "Always 0: no build orders here" }),
  required_for_sales_orders: t.Number({ title: "Required for Sales Orders", description: "Quantity still to ship on open sales order lines" }),
  allocated_to_sales_orders: t.Number({ title: "Allocated to Sales Orders", description: "Allocated to open sales orders, not yet shipped" }),
});
export type PartRequirementsOut = Static<typeof PartRequirementsSchema>;
