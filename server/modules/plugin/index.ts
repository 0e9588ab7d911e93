import { Elysia, t } from "elysia";
import type { AppContext } from "../../context.ts";
import { authPlugin } from "../../http/auth.ts";
import { ActivateBody, PluginKeyParams, PluginPatchBody, PluginSchema, SettingParams, SettingPatchBody, SettingSchema, StatusSchema } from "./model.ts";
import { listBuiltinSettings, updateBuiltinSetting, builtinSettingOut } from "../barcode/inventree-plugin.ts";
import { assertLabelPluginChange, builtinLabelPluginOut, isLabelPlugin } from "../report/label-plugin.ts";
import * as svc from "./service.ts";

/** /api/plugins/…: the registry, activation, ordering and settings; superusers only. */
export const pluginModule = (ctx: AppContext) => {
  const registry = ctx.plugins;
  return new Elysia({ prefix: "/api/plugins", detail: { tags: ["plugins"] } })
    .use(authPlugin(ctx))
    .get("/", () => [svc.builtinBarcodePluginOut(), builtinLabelPluginOut(), ...registry.list().map(svc.toPluginOut)], { auth: "superuser", response: t.Array(PluginSchema) })
    .get(
      "/status/",
      () => {
        const list = registry.list();
        return {
          active_plugins: registry.callable().length,
          loaded_plugins: list.filter((r) => r.payload).length,
          suspended_plugins: list.filter((r) => r.suspension.suspended).map((r) => r.slug),
          registry_errors: Object.fromEntries(list.filter((r) => r.loadError).map((r) => [r.slug, r.loadError ?? ""])),
        };
      },
      { auth: "superuser", response: StatusSchema },
    )
    .post(
      "/reload/",
      async () => {
        await registry.reload();
        return registry.list().map(svc.toPluginOut);
      },
      { auth: "superuser", response: t.Array(PluginSchema), detail: { summary: "Rescan the plugins directory; calls in flight finish on the old instances" } },
    )
    .get(
      "/:key/",
      ({ params }) => (svc.isBuiltin(params.key) ? svc.builtinBarcodePluginOut() : isLabelPlugin(params.key) ? builtinLabelPluginOut() : svc.toPluginOut(svc.getPlugin(registry, params.key))),
      { auth: "superuser", params: PluginKeyParams, response: PluginSchema },
    )
    .patch(
      "/:key/",
      ({ params, body }) => {
        if (isLabelPlugin(params.key)) {
          assertLabelPluginChange(body);
          return builtinLabelPluginOut();
        }
        if (svc.isBuiltin(params.key)) {
          svc.assertBuiltinChange(body);
          return svc.builtinBarcodePluginOut();
        }
        svc.getPlugin(registry, params.key);
        if (body.priority !== undefined) registry.setPriority(params.key, body.priority);
        if (body.active !== undefined) registry.setActive(params.key, body.active);
        return svc.toPluginOut(svc.getPlugin(registry, params.key));
      },
      { auth: "superuser", params: PluginKeyParams, body: PluginPatchBody, response: PluginSchema },
    )
    .patch(
      "/:key/activate/",
      ({ params, body }) => {
        if (isLabelPlugin(params.key)) {
          assertLabelPluginChange({ active: body.active ?? true });
          return builtinLabelPluginOut();
        }
        if (svc.isBuiltin(params.key)) {
          svc.assertBuiltinChange({ active: body.active ?? true });
          return svc.builtinBarcodePluginOut();
        }
        svc.getPlugin(registry, params.key);
        registry.setActive(params.key, body.active ?? true);
        return svc.toPluginOut(svc.getPlugin(registry, params.key));
      },
      { auth: "superuser", params: PluginKeyParams, body: ActivateBody, response: PluginSchema },
    )
    .get("/:key/settings/", ({ params }) => (svc.isBuiltin(params.key) ? listBuiltinSettings(ctx.db) : isLabelPlugin(params.key) ? [] : svc.listSettings(registry, params.key)), { auth: "superuser", params: PluginKeyParams, response: t.Array(SettingSchema) })
    .get("/:key/settings/:setting/", ({ params }) => (svc.isBuiltin(params.key) ? builtinSettingOut(ctx.db, params.setting) : svc.getSetting(registry, params.key, params.setting)), { auth: "superuser", params: SettingParams, response: SettingSchema })
    .patch("/:key/settings/:setting/", ({ params, body }) => (svc.isBuiltin(params.key) ? updateBuiltinSetting(ctx.db, params.setting, body.value) : svc.updateSetting(registry, params.key, params.setting, body.value)), {
      auth: "superuser",
      params: SettingParams,
      body: SettingPatchBody,
      response: SettingSchema,
    });
};
