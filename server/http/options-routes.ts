/**
 * DRF's OPTIONS answer for every API path, generated from the registered routes: InvenTree's
 * `InvenTreeMetadata` shape `{name, description, renders, parses, model?, actions?}`, where
 * `actions.POST` / `PUT` / `PATCH` describe the writable fields (metadata-fields.ts) and only the
 * actions the caller's role may perform appear. Registered once, after every module, so routes
 * added later are covered without edits.
 */
import type { AnyElysia, Elysia } from "elysia";
import type { AppContext } from "../core/context.ts";
import { type AuthUser, hasRole, type Role } from "../core/auth.ts";
import { identify, routeRole } from "./auth.ts";
import { permissionDenied } from "../core/errors.ts";
import { actionFields, type FieldInfo, labelOf, type SchemaNode } from "./metadata-fields.ts";
import { modelForPath } from "./metadata-related.ts";

/** A registered route as Elysia lists it in `app.routes`. */
interface RouteEntry {
  method: string;
  path: string;
  hooks?: { body?: unknown; response?: unknown; detail?: { summary?: string; description?: string }; transform?: unknown };
}

interface PathMetadata {
  /** The role OPTIONS itself needs: readonly (signed in), or undefined when a route of the path is public. */
  role: Role | undefined;
  base: Record<string, unknown>;
  writable: boolean;
  actions: { method: string; role: Role | undefined; fields: Record<string, FieldInfo> }[];
  deleteRole: Role | undefined | null;
}

const asSchema = (v: unknown): SchemaNode | undefined => (v && typeof v === "object" ? (v as SchemaNode) : undefined);

/** The success response schema of a route: `response: S` or `response: {200: S}` / `{201: S}`. */
function successSchema(response: unknown): SchemaNode | undefined {
  const r = asSchema(response);
  if (!r) return undefined;
  if ("type" in r || "anyOf" in r) return r;
  const byStatus = r as Record<string, unknown>;
  return asSchema(byStatus["200"] ?? byStatus["201"]);
}

function describePath(path: string, routes: RouteEntry[]): PathMetadata {
  const of = (m: string) => routes.find((r) => r.method === m);
  // InvenTree maps OPTIONS to the "view" permission: any signed-in user (our readonly role) may ask,
  // and sees only the actions its role allows. Paths with a public route answer without credentials.
  const role: Role | undefined = routes.some((r) => routeRole(r.hooks) === undefined) ? undefined : "readonly";
  const main = of("GET") ?? of("POST") ?? routes[0];
  const actions: PathMetadata["actions"] = [];
  const add = (action: string, route: RouteEntry | undefined) => {
    if (!route) return;
    actions.push({ method: action, role: routeRole(route.hooks), fields: actionFields(path, asSchema(route.hooks?.body), successSchema(route.hooks?.response)) });
  };
  add("POST", of("POST"));
  // The app and InvenTree's own forms read PUT for edit forms; a PATCH-only route is described under both.
  add("PUT", of("PUT") ?? of("PATCH"));
  add("PATCH", of("PATCH"));
  const del = of("DELETE");
  const writable = actions.length > 0;
  const body = [of("POST"), of("PUT"), of("PATCH")].map((r) => asSchema(r?.hooks?.body));
  const takesFiles = body.some((b) => b && JSON.stringify(b).includes('"format":"binary"'));
  const model = modelForPath(path);
  const base: Record<string, unknown> = {
    name: main?.hooks?.detail?.summary ?? labelOf(path.replace(/^\/api\//, "").replace(/[/:-]+/g, "_")),
    description: main?.hooks?.detail?.description ?? "",
    renders: ["application/json"],
    parses: takesFiles ? ["application/json", "multipart/form-data"] : ["application/json"],
  };
  if (model) base.model = model;
  return { role, base, writable, actions, deleteRole: del ? (routeRole(del.hooks) ?? undefined) : null };
}

/** Who may see an action: anyone for a public route, else a caller with the role. */
const allowed = (user: AuthUser | undefined, role: Role | undefined) => role === undefined || (user !== undefined && hasRole(user, role));

/**
 * Adds an OPTIONS route to every /api/ path that has routes but no OPTIONS of its own. Call after
 * all modules are registered and before the catch-all 404.
 */
export function registerOptionsRoutes<A extends AnyElysia>(app: A, ctx: AppContext): A {
  const byPath = new Map<string, RouteEntry[]>();
  for (const route of app.routes as RouteEntry[]) {
    if (!route.path.startsWith("/api/") || route.path.includes("*") || route.method === "ALL") continue;
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  }
  // A plain Elysia view of the app: the typed instance's route inference adds nothing here.
  let out = app as unknown as Elysia;
  for (const [path, routes] of byPath) {
    if (routes.some((r) => r.method === "OPTIONS")) continue;
    let meta: PathMetadata | undefined;
    out = out.options(
      path,
      async ({ request }: { request: Request }) => {
        meta ??= describePath(path, routes);
        const header = request.headers.get("authorization") ?? undefined;
        let user: AuthUser | undefined;
        if (meta.role) {
          user = await identify(ctx, header); // 401 without valid credentials, as the routes themselves
          if (!hasRole(user, meta.role)) throw permissionDenied();
        } else if (header) {
          user = await identify(ctx, header).catch(() => undefined);
        }
        if (!meta.writable) return meta.base;
        const actions: Record<string, Record<string, FieldInfo>> = {};
        for (const a of meta.actions) if (allowed(user, a.role)) actions[a.method] = a.fields;
        if (meta.deleteRole !== null && allowed(user, meta.deleteRole)) actions.DELETE = {};
        return { ...meta.base, actions };
      },
      { detail: { hide: true } },
    ) as unknown as Elysia;
  }
  return out as unknown as A;
}
