import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { GlobalSettingSchema, SettingKeyParams, SettingValueBody, UserSettingSchema } from "./model.ts";
import { getGlobalSetting, listGlobalSettings, updateGlobalSetting } from "./service.ts";
import { getUserSetting, listUserSettings, updateUserSetting } from "./user-service.ts";

/**
 * /api/settings/global/…: InvenTree's global settings; anyone signed in reads, superusers write.
 * /api/settings/user/…: the caller's own settings (InvenTree's UserSettingsList / Detail).
 */
export const settingsModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/settings", prefix: "/api/settings", detail: { tags: ["settings"] } })
    .use(authPlugin(ctx))
    .get("/global/", () => listGlobalSettings(ctx.database), { auth: "readonly", response: t.Array(GlobalSettingSchema) })
    .get("/global/:key/", ({ params }) => getGlobalSetting(ctx.database, params.key), { auth: "readonly", params: SettingKeyParams, response: GlobalSettingSchema })
    .patch("/global/:key/", ({ params, body }) => updateGlobalSetting(ctx.database, params.key, body.value), {
      auth: "superuser",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: GlobalSettingSchema,
    })
    .put("/global/:key/", ({ params, body }) => updateGlobalSetting(ctx.database, params.key, body.value), {
      auth: "superuser",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: GlobalSettingSchema,
    })
    .get("/user/", ({ user }) => listUserSettings(ctx.database, user.id), { auth: "readonly", response: t.Array(UserSettingSchema) })
    .get("/user/:key/", ({ user, params }) => getUserSetting(ctx.database, user.id, params.key), { auth: "readonly", params: SettingKeyParams, response: UserSettingSchema })
    .patch("/user/:key/", ({ user, params, body }) => updateUserSetting(ctx.database, user.id, params.key, body.value), {
      auth: "readonly",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: UserSettingSchema,
    })
    .put("/user/:key/", ({ user, params, body }) => updateUserSetting(ctx.database, user.id, params.key, body.value), {
      auth: "readonly",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: UserSettingSchema,
    });
