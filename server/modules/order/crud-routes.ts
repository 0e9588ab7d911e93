import { Elysia, type Static, type TSchema } from "elysia";
import type { AppContext } from "../../core/context.ts";
import type { Database } from "../../db/database.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated, type PageRequest } from "../../core/pagination.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** An endpoint's schemas: list query, detail query, bodies of POST, PATCH and PUT, the object it answers. */
interface CrudSchemas<Q extends TSchema, D extends TSchema, C extends TSchema, P extends TSchema, U extends TSchema, O extends TSchema> {
  query: Q;
  /** Absent where the detail route takes no query. */
  detail?: D;
  create: C;
  patch: P;
  put: U;
  out: O;
}

/** An endpoint's services; `create` is told who creates (an order records it). */
interface CrudServices<Q extends TSchema, D extends TSchema, C extends TSchema, P extends TSchema, U extends TSchema, O extends TSchema> {
  list: (db: Database, q: Static<Q>) => Promise<{ total: number; rows: Static<O>[] }>;
  create: (db: Database, body: Static<C>, userId: number) => Promise<Static<O>>;
  get: (db: Database, pk: number, q: Static<D>) => Promise<Static<O>>;
  update: (db: Database, pk: number, body: Static<P> | Static<U>) => Promise<Static<O>>;
  remove: (db: Database, pk: number) => Promise<void>;
}

/**
 * The six routes of one of the order module's InvenTree list/detail endpoints: GET (paged) and POST
 * (201) at `/${path}/`; GET, PATCH, PUT and DELETE (204) at `/${path}/:pk/`. Reads need a read-only
 * token, writes staff.
 */
export function crudRoutes<Q extends TSchema, D extends TSchema, C extends TSchema, P extends TSchema, U extends TSchema, O extends TSchema>(
  ctx: AppContext,
  path: string,
  schemas: CrudSchemas<Q, D, C, P, U, O>,
  services: CrudServices<Q, D, C, P, U, O>,
) {
  const db = ctx.database;
  return new Elysia({ detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    .get(`/${path}/`, async ({ query, request }) => pageEnvelope(request.url, query as PageRequest, await services.list(db, query as Static<Q>)), { auth: "readonly", query: schemas.query, response: Paginated(schemas.out) as TSchema })
    .post(
      `/${path}/`,
      ({ body, user, set }) => {
        set.status = 201;
        return services.create(db, body as Static<C>, user.id);
      },
      { auth: "staff", body: schemas.create, response: { 201: schemas.out } },
    )
    .get(`/${path}/:pk/`, ({ params, query }) => services.get(db, params.pk, query as Static<D>), { auth: "readonly", params: PkParams, query: schemas.detail, response: schemas.out })
    .patch(`/${path}/:pk/`, ({ params, body }) => services.update(db, params.pk, body as Static<P>), { auth: "staff", params: PkParams, body: schemas.patch, response: schemas.out })
    .put(`/${path}/:pk/`, ({ params, body }) => services.update(db, params.pk, body as Static<U>), { auth: "staff", params: PkParams, body: schemas.put, response: schemas.out })
    .delete(
      `/${path}/:pk/`,
      async ({ params, set }) => {
        await services.remove(db, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
}
