import { Elysia } from "elysia";
import { parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { createExtraLine, deleteExtraLine, getExtraLine, listExtraLines, updateExtraLine } from "./extra-line.ts";
import type { OrderKind } from "./status.ts";
import { ExtraLineDetailQuery, ExtraLineQuery, ExtraLineSchema, PoExtraLineCreate, PoExtraLinePatch, PoExtraLinePut, SoExtraLineCreate, SoExtraLinePatch, SoExtraLinePut } from "./extra-line-model.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** /api/order/po-extra-line/ and /api/order/so-extra-line/: InvenTree's extra line items of orders. */
export const extraLineRoutes = (ctx: AppContext) => {
  const db = ctx.database;
  const routes = (kind: OrderKind, path: string, create: typeof PoExtraLineCreate | typeof SoExtraLineCreate, patch: typeof PoExtraLinePatch | typeof SoExtraLinePatch, put: typeof PoExtraLinePut | typeof SoExtraLinePut) =>
    new Elysia({ detail: { tags: ["order"] } })
      .use(authPlugin(ctx))
      .get(`/${path}/`, async ({ query, request }) => pageEnvelope(request.url, query, await listExtraLines(db, kind, query)), { auth: "readonly", query: ExtraLineQuery, response: Paginated(ExtraLineSchema) })
      .post(
        `/${path}/`,
        ({ body, set }) => {
          set.status = 201;
          return createExtraLine(db, kind, body);
        },
        { auth: "staff", body: create, response: { 201: ExtraLineSchema } },
      )
      .get(`/${path}/:pk/`, ({ params, query }) => getExtraLine(db, kind, params.pk, parseBoolQuery(query.order_detail)), { auth: "readonly", params: PkParams, query: ExtraLineDetailQuery, response: ExtraLineSchema })
      .patch(`/${path}/:pk/`, ({ params, body }) => updateExtraLine(db, kind, params.pk, body), { auth: "staff", params: PkParams, body: patch, response: ExtraLineSchema })
      .put(`/${path}/:pk/`, ({ params, body }) => updateExtraLine(db, kind, params.pk, body), { auth: "staff", params: PkParams, body: put, response: ExtraLineSchema })
      .delete(
        `/${path}/:pk/`,
        async ({ params, set }) => {
          await deleteExtraLine(db, kind, params.pk);
          set.status = 204;
        },
        { auth: "staff", params: PkParams },
      );
  return new Elysia().use(routes("purchase", "po-extra-line", PoExtraLineCreate, PoExtraLinePatch, PoExtraLinePut)).use(routes("sales", "so-extra-line", SoExtraLineCreate, SoExtraLinePatch, SoExtraLinePut));
};
