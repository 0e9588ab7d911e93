import { Elysia, t } from "elysia";
import { parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { toStockItemBrief } from "./briefs.ts";
import {
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
import { crudRoutes } from "./crud-routes.ts";
import { transitionRoutes } from "./transition-routes.ts";
import { PkParams } from "../../core/params.ts";

const TRANSITIONS: { action: Exclude<PurchaseTransition, "complete">; summary: string }[] = [
  { action: "issue", summary: "Issue (place) a pending or held order" },
  { action: "hold", summary: "Put a pending or placed order on hold" },
  { action: "cancel", summary: "Cancel an open order" },
];

/** /api/order/po/… and /api/order/po-line/…: purchase orders, their lines, status changes and receiving. */
export const purchaseRoutes = (ctx: AppContext) => {
  const { database } = ctx;
  let app = new Elysia({ detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    .use(
      crudRoutes(ctx, "po", { query: PurchaseOrderQuery, detail: DetailQuery, create: PurchaseOrderCreate, patch: PurchaseOrderPatch, put: PurchaseOrderPut, out: PurchaseOrderSchema }, {
        list: listPurchaseOrders,
        create: createPurchaseOrder,
        get: (db, pk, query) => getPurchaseOrder(db, pk, { supplierDetail: parseBoolQuery(query.supplier_detail) }),
        update: updatePurchaseOrder,
        remove: deletePurchaseOrder,
      }),
    )
    .use(
      crudRoutes(ctx, "po-line", { query: PurchaseLineQuery, detail: DetailQuery, create: PurchaseLineCreate, patch: PurchaseLinePatch, put: PurchaseLineCreate, out: PurchaseLineSchema }, {
        list: listPurchaseLines,
        create: (db, body) => createPurchaseLine(db, body),
        get: (db, pk, query) => getPurchaseLine(db, pk, { partDetail: parseBoolQuery(query.part_detail), orderDetail: parseBoolQuery(query.order_detail) }),
        update: updatePurchaseLine,
        remove: deletePurchaseLine,
      }),
    );
  // The Python library builds these URLs as `order/po/` + `/<pk>/<action>/` (inventree-python
  // base.py:738, purchase_order.py:129 and :233): the `//` form is served too, hidden from the docs.
  for (const [base, hide] of [
    ["/po/", false],
    ["/po//", true],
  ] as const) {
    app = app
      .use(transitionRoutes(ctx, { base, hide, out: PurchaseOrderSchema, completeSummary: "Complete a placed order (accept_incomplete to close it with lines outstanding)", actions: TRANSITIONS }, transitionPurchaseOrder))
      .post(
        `${base}:pk/receive/`,
        async ({ params, body, user, set }) => {
          set.status = 201;
          const created = await receivePurchaseOrderLines(database, params.pk, body.items, user.id, { location: body.location });
          return created.map(toStockItemBrief);
        },
        { auth: "staff", params: PkParams, body: ReceiveBody, response: { 201: t.Array(StockItemBrief) }, detail: { hide, summary: "Receive line items into stock; returns the new stock items" } },
      ) as unknown as typeof app;
  }
  return app;
};
