import type { Db } from "../../db/client.ts";
import type { AdjustBodyIn, TransferBodyIn } from "./adjust-model.ts";
import { type AdjustOp, adjustStock } from "./adjust-service.ts";
import { loadStockItems } from "./item-query.ts";
import { writeTransaction } from "../../db/write.ts";

/** The HTTP stock actions: one transaction around adjustStock, answering with the request and the items. */
export function runStockAction(db: Db, op: AdjustOp, body: AdjustBodyIn | TransferBodyIn, user: number | null) {
  return writeTransaction(db, (tx) => {
    const location = "location" in body ? body.location : undefined;
    const result = adjustStock(tx, op, body.items, user, { notes: body.notes, location });
    return {
      items: body.items,
      notes: body.notes ?? "",
      ...(location !== undefined ? { location } : {}),
      stock_items: loadStockItems(tx, [...new Set(result.items), ...result.created]),
    };
  });
}
