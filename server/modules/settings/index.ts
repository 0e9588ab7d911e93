import { Elysia, t } from "elysia";
import type { AppContext } from "../../context.ts";
import { authPlugin } from "../../http/auth.ts";
import { GlobalSettingSchema, SettingKeyParams, SettingValueBody } from "./model.ts";
import { getGlobalSetting, listGlobalSettings, updateGlobalSetting } from "./service.ts";

/** /api/settings/global/…: InvenTree's global settings; anyone signed in reads, superusers write. */
export const settingsModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/settings", prefix: "/api/settings/global", detail: { tags: ["settings"] } })
    .use(authPlugin(ctx))
    .get("/", () => listGlobalSettings(ctx.db), { auth: "readonly", response: t.Array(GlobalSettingSchema) })
    .get("/:key/", ({ params }) => getGlobalSetting(ctx.db, params.key), { auth: "readonly", params: SettingKeyParams, response: GlobalSettingSchema })
    .patch("/:key/", ({ params, body }) => updateGlobalSetting(ctx.db, params.key, body.value), {
      auth: "superuser",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: GlobalSettingSchema,
    })
    .put("/:key/", ({ params, body }) => updateGlobalSetting(ctx.db, params.key, body.value), {
      auth: "superuser",
      params: SettingKeyParams,
      body: SettingValueBody,
      response: GlobalSettingSchema,
    });
