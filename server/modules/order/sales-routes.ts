import { Elysia, t } from "elysia";
import { BoolQuery, parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { allocateSalesOrderItems, deleteAllocation, getAllocation, listAllocations, updateAllocation } from "./allocation.ts";
import {
  AllocateBody,
  AllocationPatch,
  AllocationPut,
  AllocationQuery,
  AllocationSchema,
  DetailQuery,
  SalesLineCreate,
  SalesLinePatch,
  SalesLineQuery,
  SalesLineSchema,
  SalesOrderCreate,
  SalesOrderPatch,
  SalesOrderPut,
  SalesOrderQuery,
  SalesOrderSchema,
  ShipBody,
  ShipmentCreate,
  ShipmentPatch,
  ShipmentQuery,
  ShipmentSchema,
} from "./model.ts";
import { createSalesLine, deleteSalesLine, getSalesLine, listSalesLines, updateSalesLine } from "./sales-line.ts";
import { createSalesOrder, deleteSalesOrder, getSalesOrder, listSalesOrders, updateSalesOrder } from "./sales-order.ts";
import { type SalesTransition, transitionSalesOrder } from "./sales-transitions.ts";
import { createShipment, deleteShipment, getShipment, listShipments, shipSalesOrderShipment, updateShipment } from "./shipment.ts";
import { crudRoutes } from "./crud-routes.ts";
import { transitionRoutes } from "./transition-routes.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { Paginated } from "../../core/pagination.ts";
import { PkParams } from "../../core/params.ts";

const AllocationDetailQuery = t.Object({ part_detail: t.Optional(BoolQuery), item_detail: t.Optional(BoolQuery), location_detail: t.Optional(BoolQuery), order_detail: t.Optional(BoolQuery) });

const TRANSITIONS: { action: Exclude<SalesTransition, "complete">; summary: string }[] = [
  { action: "issue", summary: "Issue a pending or held order (to In Progress)" },
  { action: "hold", summary: "Put a pending or in-progress order on hold" },
  { action: "cancel", summary: "Cancel an open order (its unshipped allocations are removed)" },
];

/** /api/order/so/…, so-line, so/shipment and so-allocation: sales orders from lines to shipped stock. */
export const salesRoutes = (ctx: AppContext) => {
  const { database } = ctx;
  let app = new Elysia({ detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    // Shipments first: "/so/shipment/" must not be read as a sales order pk.
    .use(
      crudRoutes(ctx, "so/shipment", { query: ShipmentQuery, create: ShipmentCreate, patch: ShipmentPatch, put: ShipmentCreate, out: ShipmentSchema }, {
        list: listShipments,
        create: (db, body) => createShipment(db, body),
        get: (db, pk) => getShipment(db, pk),
        update: updateShipment,
        remove: deleteShipment,
      }),
    )
    .use(
      crudRoutes(ctx, "so", { query: SalesOrderQuery, detail: DetailQuery, create: SalesOrderCreate, patch: SalesOrderPatch, put: SalesOrderPut, out: SalesOrderSchema }, {
        list: listSalesOrders,
        create: createSalesOrder,
        get: (db, pk, query) => getSalesOrder(db, pk, { customerDetail: parseBoolQuery(query.customer_detail) }),
        update: updateSalesOrder,
        remove: deleteSalesOrder,
      }),
    )
    .post(
      "/so/:pk/allocate/",
      ({ params, body, set }) => {
        set.status = 201;
        return allocateSalesOrderItems(database, params.pk, body.items, body.shipment);
      },
      { auth: "staff", params: PkParams, body: AllocateBody, response: { 201: t.Array(AllocationSchema) }, detail: { summary: "Allocate stock items to lines; returns the new allocations" } },
    )
    .use(
      crudRoutes(ctx, "so-line", { query: SalesLineQuery, detail: DetailQuery, create: SalesLineCreate, patch: SalesLinePatch, put: SalesLineCreate, out: SalesLineSchema }, {
        list: listSalesLines,
        create: (db, body) => createSalesLine(db, body),
        get: (db, pk, query) => getSalesLine(db, pk, { partDetail: parseBoolQuery(query.part_detail), orderDetail: parseBoolQuery(query.order_detail), customerDetail: parseBoolQuery(query.customer_detail) }),
        update: updateSalesLine,
        remove: deleteSalesLine,
      }),
    )
    .get("/so-allocation/", async ({ query, request }) => pageEnvelope(request.url, query, await listAllocations(database, query)), { auth: "readonly", query: AllocationQuery, response: Paginated(AllocationSchema) })
    .get("/so-allocation/:pk/", async ({ params, query }) => await getAllocation(database, params.pk, { partDetail: parseBoolQuery(query.part_detail), itemDetail: parseBoolQuery(query.item_detail), locationDetail: parseBoolQuery(query.location_detail), orderDetail: parseBoolQuery(query.order_detail) }), {
      auth: "readonly",
      params: PkParams,
      query: AllocationDetailQuery,
      response: AllocationSchema,
    })
    .patch("/so-allocation/:pk/", ({ params, body }) => updateAllocation(database, params.pk, body), { auth: "staff", params: PkParams, body: AllocationPatch, response: AllocationSchema })
    .put("/so-allocation/:pk/", ({ params, body }) => updateAllocation(database, params.pk, body), { auth: "staff", params: PkParams, body: AllocationPut, response: AllocationSchema })
    .delete(
      "/so-allocation/:pk/",
      async ({ params, set }) => {
        await deleteAllocation(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
  // The Python library builds these URLs as `order/so/` + `/<pk>/<action>/` (inventree-python
  // base.py:738): the `//` form is served too, hidden from the docs.
  for (const [so, shipment, hide] of [
    ["/so/", "/so/shipment/", false],
    ["/so//", "/so/shipment//", true],
  ] as const) {
    app = app
      .post(
        `${shipment}:pk/ship/`,
        ({ params, body, user, set }) => {
          set.status = 201;
          return shipSalesOrderShipment(database, params.pk, body ?? {}, user.id);
        },
        { auth: "staff", params: PkParams, body: t.Optional(ShipBody), response: { 201: ShipmentSchema }, detail: { hide, summary: "Ship: allocated stock leaves to the customer" } },
      )
      .use(transitionRoutes(ctx, { base: so, hide, out: SalesOrderSchema, completeSummary: "Mark shipped (then complete); accept_incomplete allows unshipped lines", actions: TRANSITIONS }, transitionSalesOrder)) as unknown as typeof app;
  }
  return app;
};
