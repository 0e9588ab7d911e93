import { Elysia } from "elysia";
import { ApiError } from "../core/errors.ts";

/** What the guard needs of a registered route (Elysia's `app.routes` entries fit). */
export interface RouteWithParams {
  method: string;
  path: string;
  hooks?: { params?: unknown };
}

interface ParamSchema {
  type?: string;
  minimum?: number;
  anyOf?: ParamSchema[];
}

/** The integer path parameters of a params schema, with their minimum. */
function integerParams(schema: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const props = (schema as { properties?: Record<string, ParamSchema> }).properties ?? {};
  for (const [name, s] of Object.entries(props)) {
    const members = [s, ...(s.anyOf ?? [])];
    if (members.some((m) => m.type === "integer")) out.set(name, Math.max(...members.map((m) => m.minimum ?? 0)));
  }
  return out;
}

const DIGITS = /^[0-9]+$/;

/**
 * Integer path parameters as Django's `<int:pk>` path converter reads them: only `[0-9]+` matches
 * the URL (so `0x1`, `1e0`, `+1`, `-1`, `1.0` find no route: 404), then `int()` (so `00001` is
 * pk 1, as in Django). A pk below the schema's minimum (0) names no object: 404, not a 400.
 * `plugin` goes before the modules; `register` once every route exists (as body-coercion.ts).
 */
export function pathIntegerGuard() {
  const byRoute = new Map<string, Map<string, number>>();
  const plugin = new Elysia().onTransform({ as: "global" }, (ctx) => {
    const ints = byRoute.get(`${ctx.request.method} ${ctx.route}`);
    if (!ints) return;
    const params = ctx.params as Record<string, string | undefined>;
    for (const [name, minimum] of ints) {
      const raw = params[name];
      if (raw === undefined) continue;
      const value = Number(raw);
      if (!DIGITS.test(raw) || value < minimum || value > Number.MAX_SAFE_INTEGER) throw new ApiError(404, { detail: "Not found." });
    }
  });
  const register = (routes: readonly RouteWithParams[]) => {
    byRoute.clear();
    for (const route of routes) {
      const ints = route.hooks?.params ? integerParams(route.hooks.params) : undefined;
      if (ints?.size) byRoute.set(`${route.method} ${route.path}`, ints);
    }
  };
  return { plugin, register };
}
