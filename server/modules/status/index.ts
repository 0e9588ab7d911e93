import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { PO_STATUS_CLASS, SO_STATUS_CLASS } from "../order/service.ts";
import { StatusClassSchema } from "./status-class.ts";

/**
 * The order status classes InvenTree serves beside its order lists (order/api.py, StatusView).
 * The stock ones (`/api/stock/status/`, `/api/stock/track/status/`) live with the stock routes; all
 * come from one definition each (status-class.ts). InvenTree has no shipment status class.
 */
export const statusModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/status", prefix: "/api/order", detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    .get("/po/status/", () => PO_STATUS_CLASS.body(), { auth: "readonly", response: StatusClassSchema, detail: { summary: "InvenTree's purchase order status codes" } })
    .get("/so/status/", () => SO_STATUS_CLASS.body(), { auth: "readonly", response: StatusClassSchema, detail: { summary: "InvenTree's sales order status codes" } });
