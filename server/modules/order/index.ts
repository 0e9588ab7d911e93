import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { extraLineRoutes } from "./extra-line-routes.ts";
import { purchaseRoutes } from "./purchase-routes.ts";
import { salesRoutes } from "./sales-routes.ts";

/** /api/order/…: purchase orders (with receiving), sales orders (with shipments and allocations), extra lines. */
export const orderModule = (ctx: AppContext) => new Elysia({ name: "binventory/order", prefix: "/api/order" }).use(purchaseRoutes(ctx)).use(salesRoutes(ctx)).use(extraLineRoutes(ctx));
