import { Elysia } from "elysia";
import { type Coercer, compileCoercer } from "./coerce.ts";

/** What the coercion needs of a registered route (Elysia's `app.routes` entries fit). */
export interface RouteWithBody {
  method: string;
  path: string;
  hooks?: { body?: unknown };
}

/**
 * DRF input coercion for every route, from its own body schema (see coerce.ts). `plugin` goes
 * before the modules (a global transform, which runs before body validation); `register` is
 * called once all routes exist, so routes added later by any module are covered without edits.
 */
export function bodyCoercion() {
  const schemas = new Map<string, object>();
  const compiled = new Map<string, Coercer | null>();
  const coercerFor = (key: string): Coercer | null => {
    let c = compiled.get(key);
    if (c === undefined) {
      const schema = schemas.get(key);
      c = schema ? compileCoercer(schema) : null;
      compiled.set(key, c);
    }
    return c;
  };
  const plugin = new Elysia().onTransform({ as: "global" }, (ctx) => {
    const body: unknown = ctx.body;
    if (body === null || typeof body !== "object") return;
    const coerce = coercerFor(`${ctx.request.method} ${ctx.route}`);
    if (coerce) ctx.body = coerce(body);
  });
  const register = (routes: readonly RouteWithBody[]) => {
    for (const route of routes) {
      const body = route.hooks?.body;
      if (body && typeof body === "object") schemas.set(`${route.method} ${route.path}`, body);
    }
    compiled.clear();
  };
  return { plugin, register };
}
