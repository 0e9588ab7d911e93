import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { StockCreateResponse, StockDetailQuery, StockItemCreateBody, StockItemPatchBody, StockItemPutBody, StockItemSchema, StockListQuery } from "./item-model.ts";
import { getStockItem, listStockItems } from "./item-query.ts";
import { createFromApi, deleteStockItem, updateStockItem } from "./item-service.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { StatusClassSchema } from "./routes-common.ts";
import { stockStatusClass } from "./status-codes.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** The detail view shows part and location details unless asked not to, as InvenTree's StockDetail. */
const detailOpts = (q: { part_detail?: string; location_detail?: string; supplier_part_detail?: string }) => ({
  part_detail: parseBoolQuery(q.part_detail) ?? true,
  location_detail: parseBoolQuery(q.location_detail) ?? true,
  supplier_part_detail: parseBoolQuery(q.supplier_part_detail) ?? false,
});

/** /api/stock/ and /api/stock/<pk>/: stock items, plus the status-code table. */
export const itemRoutes = (ctx: AppContext) =>
  new Elysia()
    .use(authPlugin(ctx))
    .get("/status/", () => stockStatusClass(), { auth: "readonly", response: StatusClassSchema, detail: { summary: "InvenTree's stock status codes" } })
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await listStockItems(ctx.database, query)), {
      auth: "readonly",
      query: StockListQuery,
      response: Paginated(StockItemSchema),
      detail: { summary: "List stock items (InvenTree's filters; part_detail/location_detail joined in)" },
    })
    .post(
      "/",
      ({ body, user, set }) => {
        set.status = 201;
        return createFromApi(ctx.database, body, user.id);
      },
      {
        auth: "staff",
        body: StockItemCreateBody,
        response: { 201: StockCreateResponse },
        detail: { summary: "Create a stock item, or one per serial with serial_numbers (then a list is returned)" },
      },
    )
    .get("/:pk/", ({ params, query }) => getStockItem(ctx.database, params.pk, detailOpts(query)), {
      auth: "readonly",
      params: PkParams,
      query: StockDetailQuery,
      response: StockItemSchema,
    })
    .patch("/:pk/", ({ params, body, user, query }) => updateStockItem(ctx.database, params.pk, body, user.id, detailOpts(query)), {
      auth: "staff",
      params: PkParams,
      query: StockDetailQuery,
      body: StockItemPatchBody,
      response: StockItemSchema,
      detail: { summary: "Edit a stock item; the changes are tracked as EDITED" },
    })
    .put("/:pk/", ({ params, body, user, query }) => updateStockItem(ctx.database, params.pk, body, user.id, detailOpts(query)), {
      auth: "staff",
      params: PkParams,
      query: StockDetailQuery,
      body: StockItemPutBody,
      response: StockItemSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await deleteStockItem(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
