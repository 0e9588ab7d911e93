import { Elysia } from "elysia";
import { parseBoolQuery } from "../../core/query.ts";
import type { AppContext } from "../../core/context.ts";
import { createExtraLine, deleteExtraLine, getExtraLine, listExtraLines, updateExtraLine } from "./extra-line.ts";
import type { OrderKind } from "./status.ts";
import { ExtraLineDetailQuery, ExtraLineQuery, ExtraLineSchema, PoExtraLineCreate, PoExtraLinePatch, PoExtraLinePut, SoExtraLineCreate, SoExtraLinePatch, SoExtraLinePut } from "./extra-line-model.ts";
import { crudRoutes } from "./crud-routes.ts";

/** /api/order/po-extra-line/ and /api/order/so-extra-line/: InvenTree's extra line items of orders. */
export const extraLineRoutes = (ctx: AppContext) => {
  const routes = (kind: OrderKind, path: string, create: typeof PoExtraLineCreate | typeof SoExtraLineCreate, patch: typeof PoExtraLinePatch | typeof SoExtraLinePatch, put: typeof PoExtraLinePut | typeof SoExtraLinePut) =>
    crudRoutes(ctx, path, { query: ExtraLineQuery, detail: ExtraLineDetailQuery, create, patch, put, out: ExtraLineSchema }, {
      list: (db, query) => listExtraLines(db, kind, query),
      create: (db, body) => createExtraLine(db, kind, body),
      get: (db, pk, query) => getExtraLine(db, kind, pk, parseBoolQuery(query.order_detail)),
      update: (db, pk, body) => updateExtraLine(db, kind, pk, body),
      remove: (db, pk) => deleteExtraLine(db, kind, pk),
    });
  return new Elysia().use(routes("purchase", "po-extra-line", PoExtraLineCreate, PoExtraLinePatch, PoExtraLinePut)).use(routes("sales", "so-extra-line", SoExtraLineCreate, SoExtraLinePatch, SoExtraLinePut));
};
