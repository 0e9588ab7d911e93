import { PkParams } from "../../core/params.ts";
import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { StatusClassSchema } from "./routes-common.ts";
import { trackingStatusClass } from "./status-codes.ts";
import { TrackingListQuery, TrackingSchema } from "./tracking-model.ts";
import { getTracking, listTracking } from "./tracking-query.ts";
import { pageEnvelope } from "../../http/pagination.ts";

/** /api/stock/track/…: the read-only stock history. */
export const trackingRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/track" })
    .use(authPlugin(ctx))
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await listTracking(ctx.database, query)), {
      auth: "readonly",
      query: TrackingListQuery,
      response: Paginated(TrackingSchema),
      detail: { summary: "Stock tracking entries, newest first" },
    })
    .get("/status/", () => trackingStatusClass(), { auth: "readonly", response: StatusClassSchema, detail: { summary: "InvenTree's tracking codes" } })
    .get("/:pk/", ({ params }) => getTracking(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: TrackingSchema });
