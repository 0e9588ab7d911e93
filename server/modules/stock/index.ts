import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { actionRoutes } from "./adjust-routes.ts";
import { itemRoutes } from "./item-routes.ts";
import { locationRoutes } from "./location-routes.ts";
import { testResultRoutes } from "./test-result-routes.ts";
import { trackingRoutes } from "./tracking-routes.ts";

/**
 * /api/stock/…: locations, items, adjustments, tracking and test results, InvenTree-shaped.
 * Other modules use the services directly: item-query.ts (getStockItem, listStockItems),
 * item-service.ts (createStockItems), adjust-service.ts (adjustStock, splitStockItem),
 * location-service.ts (assertStockableLocation), tracking.ts (writeTrackingEntry).
 */
export const stockModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/stock", prefix: "/api/stock", detail: { tags: ["stock"] } })
    .use(locationRoutes(ctx))
    .use(trackingRoutes(ctx))
    .use(testResultRoutes(ctx))
    .use(actionRoutes(ctx))
    .use(itemRoutes(ctx));
