import type { Writes } from "../../db/database.ts";
import type { AdjustBodyIn, TransferBodyIn } from "./adjust-model.ts";
import { type AdjustOp, adjustStock } from "./adjust-service.ts";
import { loadStockItems } from "./item-query.ts";

/**
 * The HTTP stock actions: one transaction around adjustStock (its checks, enough stock among them,
 * run inside it), answering with the request and the items.
 */
export function runStockAction(db: Writes, op: AdjustOp, body: AdjustBodyIn | TransferBodyIn, user: number | null) {
  return db.write(async (tx) => {
    const location = "location" in body ? body.location : undefined;
    const result = await adjustStock(tx, op, body.items, user, { notes: body.notes, location });
    return {
      items: body.items,
      notes: body.notes ?? "",
      ...(location !== undefined ? { location } : {}),
      stock_items: await loadStockItems(tx, [...new Set(result.items), ...result.created]),
    };
  });
}
