import { Elysia } from "elysia";
import type { AppContext } from "../core/context.ts";
import { type AuthUser, hasRole, type Role } from "../core/auth.ts";
import { notAuthenticated, permissionDenied } from "../core/errors.ts";

/** Who is calling: `Authorization: Token <key>` (also `Bearer`), or HTTP Basic as DRF allows. */
export async function identify(ctx: AppContext, header: string | undefined): Promise<AuthUser> {
  if (!header) throw notAuthenticated();
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? "" : header.slice(space + 1).trim();
  if (scheme === "token" || scheme === "bearer") {
    if (!value) throw notAuthenticated("Invalid token header. No credentials provided.");
    const user = await ctx.auth.token(value);
    if (!user) throw notAuthenticated("Invalid token.");
    return user;
  }
  if (scheme === "basic") {
    let decoded: string;
    try {
      decoded = Buffer.from(value, "base64").toString("utf8");
    } catch {
      throw notAuthenticated("Invalid basic header. Credentials not correctly base64 encoded.");
    }
    const colon = decoded.indexOf(":");
    if (colon < 0) throw notAuthenticated("Invalid basic header. Credentials not correctly base64 encoded.");
    const user = await ctx.auth.password(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!user) throw notAuthenticated("Invalid username/password.");
    return user;
  }
  throw notAuthenticated();
}

/**
 * The `auth` macro: a route declares the weakest role it accepts (`{ auth: "staff" }`) and receives
 * `user`. 401 without valid credentials, 403 when the role is too weak.
 */
export const authPlugin = (ctx: AppContext) => {
  // Checked in `transform`, which runs before body validation, so a caller without the right
  // credentials gets 401/403 (as DRF) rather than a 400 that reveals the body's schema.
  const callers = new WeakMap<Request, AuthUser>();
  return new Elysia({ name: "binventory/auth" }).macro({
    auth: (role: Role) => {
      const transform = async ({ headers, request }: { headers: Record<string, string | undefined>; request: Request }) => {
        const user = await identify(ctx, headers.authorization);
        if (!hasRole(user, role)) throw permissionDenied();
        callers.set(request, user);
      };
      hookRoles.set(transform, role);
      return {
        transform,
        async resolve({ headers, request }) {
          const user = callers.get(request) ?? (await identify(ctx, headers.authorization));
          return { user };
        },
      };
    },
  });
};

/** The role each `auth` macro's check demands, so OPTIONS metadata can tell a route's role from its hooks. */
const hookRoles = new WeakMap<object, Role>();

/** The role a registered route requires (from its hooks), or undefined for a public route. */
export function routeRole(hooks: { transform?: unknown } | undefined): Role | undefined {
  const transforms = hooks?.transform;
  const list = Array.isArray(transforms) ? transforms : transforms ? [transforms] : [];
  for (const hook of list) {
    const fn = typeof hook === "function" ? hook : (hook as { fn?: unknown })?.fn;
    const role = fn && typeof fn === "function" ? hookRoles.get(fn) : undefined;
    if (role) return role;
  }
  return undefined;
}
