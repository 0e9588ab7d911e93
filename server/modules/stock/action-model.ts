import { t, type Static } from "elysia";
import { StatusCode, StockItemSchema } from "./item-model.ts";

const line = (quantity: ReturnType<typeof t.Number>) =>
  t.Object({
    pk: t.Integer({ minimum: 1, description: "Stock item" }),
    quantity,
    batch: t.Optional(t.String({ maxLength: 100, description: "New batch code for the item" })),
    status: t.Optional(StatusCode),
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
  items: t.Array(line(t.Number())),
  notes: t.String(),
  location: t.Optional(t.Integer()),
  stock_items: t.Array(StockItemSchema),
});
