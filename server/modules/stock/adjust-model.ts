import { OutInt } from "../../core/response-schema.ts";
import { t, type Static } from "elysia";
import { StatusCode, StockItemSchema } from "./item-model.ts";

const line = (quantity: ReturnType<typeof t.Number>) =>
  t.Object({
    pk: t.Integer({ minimum: 1, description: "Stock item" }),
    quantity,
    batch: t.Optional(t.String({ maxLength: 100, description: "New batch code for the item" })),
    status: t.Optional(StatusCode),
    packaging: t.Optional(t.String({ maxLength: 50, description: "New packaging for the item" })),
  });

const items = (quantity: ReturnType<typeof t.Number>) => t.Array(line(quantity), { minItems: 1, maxItems: 1000 });
const notes = t.Optional(t.String({ maxLength: 2000 }));
const Positive = t.Number({ exclusiveMinimum: 0, maximum: 1e12 });

/** POST /api/stock/add/ and /remove/: quantities above zero. */
export const AdjustBody = t.Object({ items: items(Positive), notes });
/** POST /api/stock/count/: the counted quantity, zero allowed. */
export const CountBody = t.Object({ items: items(t.Number({ minimum: 0, maximum: 1e12 })), notes });
/** POST /api/stock/transfer/: destination required. */
export const TransferBody = t.Object({ items: items(Positive), notes, location: t.Integer({ minimum: 1 }) });
export type AdjustBodyIn = Static<typeof AdjustBody>;
export type TransferBodyIn = Static<typeof TransferBody>;

/** InvenTree answers with the submitted data; we add the items as they now are (split-off items included). */
export const AdjustResponse = t.Object({
  items: t.Array(
    t.Object({
      pk: OutInt(),
      quantity: t.Number(),
      batch: t.Optional(t.String()),
      status: t.Optional(OutInt()),
      packaging: t.Optional(t.String()),
    }),
  ),
  notes: t.String(),
  location: t.Optional(OutInt()),
  stock_items: t.Array(StockItemSchema),
});

/** POST /api/stock/assign/ (InvenTree's StockAssignmentSerializer): whole items to a customer. */
export const AssignBody = t.Object({
  items: t.Array(t.Object({ item: t.Integer({ minimum: 1, title: "Stock Item", "x-related": { model: "stockitem", api_url: "/api/stock/" } }) }), { maxItems: 1000 }),
  customer: t.Integer({ minimum: 1, title: "Customer", description: "Customer to assign stock items", "x-related": { model: "company", api_url: "/api/company/", filters: { is_customer: true } } }),
  notes: t.Optional(t.String({ maxLength: 2000, title: "Notes", description: "Stock assignment notes" })),
});
export const AssignResponse = t.Object({ items: t.Array(t.Object({ item: OutInt() })), customer: OutInt(), notes: t.String() });
