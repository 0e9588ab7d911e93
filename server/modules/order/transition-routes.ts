import { Elysia, type Static, t, type TSchema } from "elysia";
import type { AppContext } from "../../core/context.ts";
import type { Database } from "../../db/database.ts";
import { authPlugin } from "../../http/auth.ts";
import { PkParams } from "../../core/params.ts";
import { CompleteBody } from "./model.ts";

/**
 * An order's status actions as InvenTree routes them, each answering the order (201): POST
 * `${base}:pk/complete/` (accept_incomplete in the body) and `${base}:pk/<action>/` for each of
 * `actions`. `base` is the kind's path or, hidden from the docs, the `//` twin inventree-python builds.
 */
export function transitionRoutes<A extends string, O extends TSchema>(
  ctx: AppContext,
  route: { base: string; hide: boolean; out: O; completeSummary: string; actions: readonly { action: A; summary: string }[] },
  transition: (db: Database, pk: number, action: A | "complete", opts?: { acceptIncomplete?: boolean }) => Promise<Static<O>>,
) {
  const db = ctx.database;
  const { base, hide, out } = route;
  let app = new Elysia({ detail: { tags: ["order"] } })
    .use(authPlugin(ctx))
    .post(
      `${base}:pk/complete/`,
      ({ params, body, set }) => {
        set.status = 201;
        return transition(db, params.pk, "complete", { acceptIncomplete: body?.accept_incomplete });
      },
      { auth: "staff", params: PkParams, body: t.Optional(CompleteBody), response: { 201: out as TSchema }, detail: { hide, summary: route.completeSummary } },
    );
  for (const { action, summary } of route.actions) {
    app = app.post(
      `${base}:pk/${action}/`,
      ({ params, set }) => {
        set.status = 201;
        return transition(db, params.pk, action);
      },
      { auth: "staff", params: PkParams, response: { 201: out as TSchema }, detail: { hide, summary } },
    ) as unknown as typeof app;
  }
  return app;
}
