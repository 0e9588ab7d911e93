import { Elysia, t } from "elysia";
import { parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { toStockItemBrief } from "./briefs.ts";
import {
  CompleteBody,
  DetailQuery,
  PurchaseLineCreate,
  PurchaseLinePatch,
  PurchaseLineQuery,
  PurchaseLineSchema,
  PurchaseOrderCreate,
  PurchaseOrderPatch,
  PurchaseOrderPut,
  PurchaseOrderQuery,
  PurchaseOrderSchema,
  ReceiveBody,
  StockItemBrief,
} from "./model.ts";
import { createPurchaseLine, deletePurchaseLine, getPurchaseLine, listPurchaseLines, updatePurchaseLine } from "./purchase-line.ts";
import { createPurchaseOrder, deletePurchaseOrder, getPurchaseOrder, listPurchaseOrders, updatePurchaseOrder } from "./purchase-order.ts";
import { receivePurchaseOrderLines } from "./purchase-receive.ts";
import { type PurchaseTransition, transitionPurchaseOrder } from "./purchase-transitions.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

const TRANSITIONS: { action: PurchaseTransition; summary: string }[] = [
  { action: "issue", summary: "Issue (place) a pending or held order" },
  { action: "hold", summary: "Put a pending or placed order on hold" },
  { action: "cancel", summary: "Cancel an open order" },
];

/** /api/order/po/… and /api/order/po-line/…: purchase orders, their lines, status changes and receiving. */
export const purchaseRoutes = (ctx: AppContext) => {
  const { database } = ctx;
  let app = new Elysia({ detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    .get("/po/", async ({ query, request }) => pageEnvelope(request.url, query, await listPurchaseOrders(database, query)), { auth: "readonly", query: PurchaseOrderQuery, response: Paginated(PurchaseOrderSchema) })
    .post(
      "/po/",
      ({ body, user, set }) => {
        set.status = 201;
        return createPurchaseOrder(database, body, user.id);
      },
      { auth: "staff", body: PurchaseOrderCreate, response: { 201: PurchaseOrderSchema } },
    )
    .get("/po/:pk/", async ({ params, query }) => await getPurchaseOrder(database, params.pk, { supplierDetail: parseBoolQuery(query.supplier_detail) }), { auth: "readonly", params: PkParams, query: DetailQuery, response: PurchaseOrderSchema })
    .patch("/po/:pk/", ({ params, body }) => updatePurchaseOrder(database, params.pk, body), { auth: "staff", params: PkParams, body: PurchaseOrderPatch, response: PurchaseOrderSchema })
    .put("/po/:pk/", ({ params, body }) => updatePurchaseOrder(database, params.pk, body), { auth: "staff", params: PkParams, body: PurchaseOrderPut, response: PurchaseOrderSchema })
    .delete(
      "/po/:pk/",
      async ({ params, set }) => {
        await deletePurchaseOrder(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    )
    .get("/po-line/", async ({ query, request }) => pageEnvelope(request.url, query, await listPurchaseLines(database, query)), { auth: "readonly", query: PurchaseLineQuery, response: Paginated(PurchaseLineSchema) })
    .post(
      "/po-line/",
      ({ body, set }) => {
        set.status = 201;
        return createPurchaseLine(database, body);
      },
      { auth: "staff", body: PurchaseLineCreate, response: { 201: PurchaseLineSchema } },
    )
    .get("/po-line/:pk/", async ({ params, query }) => await getPurchaseLine(database, params.pk, { partDetail: parseBoolQuery(query.part_detail), orderDetail: parseBoolQuery(query.order_detail) }), { auth: "readonly", params: PkParams, query: DetailQuery, response: PurchaseLineSchema })
    .patch("/po-line/:pk/", ({ params, body }) => updatePurchaseLine(database, params.pk, body), { auth: "staff", params: PkParams, body: PurchaseLinePatch, response: PurchaseLineSchema })
    .put("/po-line/:pk/", ({ params, body }) => updatePurchaseLine(database, params.pk, body), { auth: "staff", params: PkParams, body: PurchaseLineCreate, response: PurchaseLineSchema })
    .delete(
      "/po-line/:pk/",
      async ({ params, set }) => {
        await deletePurchaseLine(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
  // The Python library builds these URLs as `order/po/` + `/<pk>/<action>/` (inventree-python
  // base.py:738, purchase_order.py:129 and :233): the `//` form is served too, hidden from the docs.
  for (const [base, hide] of [
    ["/po/", false],
    ["/po//", true],
  ] as const) {
    app = app
      .post(
        `${base}:pk/complete/`,
        ({ params, body, set }) => {
          set.status = 201;
          return transitionPurchaseOrder(database, params.pk, "complete", { acceptIncomplete: body?.accept_incomplete });
        },
        { auth: "staff", params: PkParams, body: t.Optional(CompleteBody), response: { 201: PurchaseOrderSchema }, detail: { hide, summary: "Complete a placed order (accept_incomplete to close it with lines outstanding)" } },
      )
      .post(
        `${base}:pk/receive/`,
        async ({ params, body, user, set }) => {
          set.status = 201;
          const created = await receivePurchaseOrderLines(database, params.pk, body.items, user.id, { location: body.location });
          return created.map(toStockItemBrief);
        },
        { auth: "staff", params: PkParams, body: ReceiveBody, response: { 201: t.Array(StockItemBrief) }, detail: { hide, summary: "Receive line items into stock; returns the new stock items" } },
      ) as unknown as typeof app;
    for (const { action, summary } of TRANSITIONS) {
      app = app.post(
        `${base}:pk/${action}/`,
        ({ params, set }) => {
          set.status = 201;
          return transitionPurchaseOrder(database, params.pk, action);
        },
        { auth: "staff", params: PkParams, response: { 201: PurchaseOrderSchema }, detail: { hide, summary } },
      ) as unknown as typeof app;
    }
  }
  return app;
};
