import { Elysia, t } from "elysia";
import { BoolQuery, parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { allocateSalesOrderItems, deleteAllocation, getAllocation, listAllocations, updateAllocation } from "./allocation.ts";
import {
  AllocateBody,
  AllocationPatch,
  AllocationPut,
  AllocationQuery,
  AllocationSchema,
  CompleteBody,
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
import { pageEnvelope } from "../../http/pagination.ts";
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
    .get("/so/shipment/", async ({ query, request }) => pageEnvelope(request.url, query, await listShipments(database, query)), { auth: "readonly", query: ShipmentQuery, response: Paginated(ShipmentSchema) })
    .post(
      "/so/shipment/",
      ({ body, set }) => {
        set.status = 201;
        return createShipment(database, body);
      },
      { auth: "staff", body: ShipmentCreate, response: { 201: ShipmentSchema } },
    )
    .get("/so/shipment/:pk/", async ({ params }) => await getShipment(database, params.pk), { auth: "readonly", params: PkParams, response: ShipmentSchema })
    .patch("/so/shipment/:pk/", ({ params, body }) => updateShipment(database, params.pk, body), { auth: "staff", params: PkParams, body: ShipmentPatch, response: ShipmentSchema })
    .put("/so/shipment/:pk/", ({ params, body }) => updateShipment(database, params.pk, body), { auth: "staff", params: PkParams, body: ShipmentCreate, response: ShipmentSchema })
    .delete(
      "/so/shipment/:pk/",
      async ({ params, set }) => {
        await deleteShipment(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    )
    .get("/so/", async ({ query, request }) => pageEnvelope(request.url, query, await listSalesOrders(database, query)), { auth: "readonly", query: SalesOrderQuery, response: Paginated(SalesOrderSchema) })
    .post(
      "/so/",
      ({ body, user, set }) => {
        set.status = 201;
        return createSalesOrder(database, body, user.id);
      },
      { auth: "staff", body: SalesOrderCreate, response: { 201: SalesOrderSchema } },
    )
    .get("/so/:pk/", async ({ params, query }) => await getSalesOrder(database, params.pk, { customerDetail: parseBoolQuery(query.customer_detail) }), { auth: "readonly", params: PkParams, query: DetailQuery, response: SalesOrderSchema })
    .patch("/so/:pk/", ({ params, body }) => updateSalesOrder(database, params.pk, body), { auth: "staff", params: PkParams, body: SalesOrderPatch, response: SalesOrderSchema })
    .put("/so/:pk/", ({ params, body }) => updateSalesOrder(database, params.pk, body), { auth: "staff", params: PkParams, body: SalesOrderPut, response: SalesOrderSchema })
    .delete(
      "/so/:pk/",
      async ({ params, set }) => {
        await deleteSalesOrder(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    )
    .post(
      "/so/:pk/allocate/",
      ({ params, body, set }) => {
        set.status = 201;
        return allocateSalesOrderItems(database, params.pk, body.items, body.shipment);
      },
      { auth: "staff", params: PkParams, body: AllocateBody, response: { 201: t.Array(AllocationSchema) }, detail: { summary: "Allocate stock items to lines; returns the new allocations" } },
    )
    .get("/so-line/", async ({ query, request }) => pageEnvelope(request.url, query, await listSalesLines(database, query)), { auth: "readonly", query: SalesLineQuery, response: Paginated(SalesLineSchema) })
    .post(
      "/so-line/",
      ({ body, set }) => {
        set.status = 201;
        return createSalesLine(database, body);
      },
      { auth: "staff", body: SalesLineCreate, response: { 201: SalesLineSchema } },
    )
    .get("/so-line/:pk/", async ({ params, query }) => await getSalesLine(database, params.pk, { partDetail: parseBoolQuery(query.part_detail), orderDetail: parseBoolQuery(query.order_detail), customerDetail: parseBoolQuery(query.customer_detail) }), { auth: "readonly", params: PkParams, query: DetailQuery, response: SalesLineSchema })
    .patch("/so-line/:pk/", ({ params, body }) => updateSalesLine(database, params.pk, body), { auth: "staff", params: PkParams, body: SalesLinePatch, response: SalesLineSchema })
    .put("/so-line/:pk/", ({ params, body }) => updateSalesLine(database, params.pk, body), { auth: "staff", params: PkParams, body: SalesLineCreate, response: SalesLineSchema })
    .delete(
      "/so-line/:pk/",
      async ({ params, set }) => {
        await deleteSalesLine(database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
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
      .post(
        `${so}:pk/complete/`,
        ({ params, body, set }) => {
          set.status = 201;
          return transitionSalesOrder(database, params.pk, "complete", { acceptIncomplete: body?.accept_incomplete });
        },
        { auth: "staff", params: PkParams, body: t.Optional(CompleteBody), response: { 201: SalesOrderSchema }, detail: { hide, summary: "Mark shipped (then complete); accept_incomplete allows unshipped lines" } },
      ) as unknown as typeof app;
    for (const { action, summary } of TRANSITIONS) {
      app = app.post(
        `${so}:pk/${action}/`,
        ({ params, set }) => {
          set.status = 201;
          return transitionSalesOrder(database, params.pk, action);
        },
        { auth: "staff", params: PkParams, response: { 201: SalesOrderSchema }, detail: { hide, summary } },
      ) as unknown as typeof app;
    }
  }
  return app;
};
