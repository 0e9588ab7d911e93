import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin, identify } from "../../http/auth.ts";
import { ListQuery, Paginated } from "../../core/pagination.ts";
import { RolesSchema, TokenInfo, TokenQuery, TokenResponse, UserCreateBody, UserSchema, UserUpdateBody } from "./model.ts";
import { rolesFor } from "./roles.ts";
import * as users from "./service.ts";
import { PkParams } from "../../core/params.ts";
import { pageEnvelope } from "../../http/pagination.ts";

/** /api/user/…: tokens (InvenTree's flow), the current user, and user administration for superusers. */
export const userModule = (ctx: AppContext) => {
  const mintToken = async ({ headers, query }: { headers: Record<string, string | undefined>; query: { name?: string } }) => {
    // Any valid credential may mint a token, but the InvenTree flow sends HTTP Basic here.
    const user = await identify(ctx, headers.authorization);
    return users.issueToken(ctx.database, user.id, users.sanitizeTokenName(query.name ?? "default"));
  };
  return new Elysia({ prefix: "/api/user", detail: { tags: ["user"] } })
    .use(authPlugin(ctx))
    .get("/token/", mintToken, { query: TokenQuery, response: TokenResponse, detail: { summary: "Get an API token (HTTP Basic auth)", security: [{ basicAuth: [] }, { tokenAuth: [] }] } })
    // InvenTree ≥ API 490 moved these under me/ (inventree-app lib/api.dart:201-202, 602, 727).
    .get("/me/token/", mintToken, { query: TokenQuery, response: TokenResponse, detail: { summary: "Get an API token (HTTP Basic auth; InvenTree's newer URL)", security: [{ basicAuth: [] }, { tokenAuth: [] }] } })
    .get("/roles/", ({ user }) => rolesFor(user), { auth: "readonly", response: RolesSchema, detail: { summary: "The caller's permissions, as InvenTree's rulesets and models" } })
    .get("/me/roles/", ({ user }) => rolesFor(user), { auth: "readonly", response: RolesSchema, detail: { summary: "Same as /api/user/roles/ (InvenTree's newer URL)" } })
    .get("/tokens/", ({ user }) => users.listTokens(ctx.database, user.id), {
      auth: "readonly",
      response: t.Array(TokenInfo),
      detail: { summary: "The caller's tokens (keys are never shown again)" },
    })
    .delete(
      "/tokens/:pk/",
      async ({ user, params, set }) => {
        await users.revokeToken(ctx.database, user.id, params.pk);
        set.status = 204;
      },
      { auth: "readonly", params: PkParams, detail: { summary: "Revoke one of the caller's tokens" } },
    )
    .get("/me/", ({ user }) => users.getUser(ctx.database, user.id), { auth: "readonly", response: UserSchema })
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await users.listUsers(ctx.database, query)), {
      auth: "superuser",
      query: t.Object({ ...ListQuery, is_active: t.Optional(t.Boolean()) }),
      response: Paginated(UserSchema),
    })
    .post(
      "/",
      async ({ body, set }) => {
        set.status = 201;
        return users.createUser(ctx.database, body);
      },
      { auth: "superuser", body: UserCreateBody, response: { 201: UserSchema } },
    )
    .get("/:pk/", ({ params }) => users.getUser(ctx.database, params.pk), { auth: "superuser", params: PkParams, response: UserSchema })
    .patch("/:pk/", ({ params, body }) => users.updateUser(ctx.database, params.pk, body), {
      auth: "superuser",
      params: PkParams,
      body: UserUpdateBody,
      response: UserSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, user, set }) => {
        await users.deleteUser(ctx.database, params.pk, user);
        set.status = 204;
      },
      { auth: "superuser", params: PkParams },
    );
};
