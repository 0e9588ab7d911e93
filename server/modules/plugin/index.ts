import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { badRequest, notFound } from "../../core/errors.ts";
import { authPlugin } from "../../http/auth.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { Paginated } from "../../core/pagination.ts";
import { builtinSettings, BUILTIN_PLUGINS, findBuiltin } from "./builtins.ts";
import { filterPlugins } from "./listing.ts";
import { ActivateBody, PluginKeyParams, PluginListQuery, PluginPatchBody, PluginSchema, SettingParams, SettingPatchBody, SettingSchema, StatusSchema } from "./model.ts";
import * as svc from "./service.ts";

/**
 * /api/plugins/…: the registry, activation, ordering and settings. Anyone signed in lists and reads
 * plugins (InvenTree's PluginList / PluginDetail: the app loads the list at login to learn which
 * mixins the server offers, inventree-app lib/api.dart:758-776); changes are for superusers.
 */
export const pluginModule = (ctx: AppContext) => {
  const registry = ctx.plugins;
  const activate = async (key: string, active: boolean) => {
    const builtin = findBuiltin(key);
    if (builtin) {
      builtin.assertChange({ active });
      return builtin.out();
    }
    svc.getPlugin(registry, key);
    await registry.setActive(key, active);
    return svc.toPluginOut(svc.getPlugin(registry, key));
  };
  const allPlugins = () => [...BUILTIN_PLUGINS.map((b) => b.out()), ...registry.list().map(svc.toPluginOut)];
  return new Elysia({ prefix: "/api/plugins", detail: { tags: ["plugins"] } })
    .use(authPlugin(ctx))
    .get("/", ({ query, request }) => pageEnvelope(request.url, query, filterPlugins(allPlugins(), query)), { auth: "readonly", query: PluginListQuery, response: Paginated(PluginSchema) })
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
    .post(
      "/:key/reload/",
      async ({ params }) => {
        if (findBuiltin(params.key)) throw badRequest(`"${params.key}" is built into the server: there is nothing to reload from disk.`);
        const r = await registry.reloadPlugin(params.key);
        if (!r) throw notFound(`No plugin folder matching key "${params.key}" in the plugins directory.`);
        return svc.toPluginOut(r);
      },
      {
        auth: "superuser",
        params: PluginKeyParams,
        response: PluginSchema,
        detail: { summary: "Reload one plugin from its folder; a broken new version is reported in its `error`, the other plugins keep running" },
      },
    )
    .get("/:key/", ({ params }) => findBuiltin(params.key)?.out() ?? svc.toPluginOut(svc.getPlugin(registry, params.key)), { auth: "readonly", params: PluginKeyParams, response: PluginSchema })
    .patch(
      "/:key/",
      async ({ params, body }) => {
        const builtin = findBuiltin(params.key);
        if (builtin) {
          builtin.assertChange(body);
          return builtin.out();
        }
        svc.getPlugin(registry, params.key);
        if (body.priority !== undefined) await registry.setPriority(params.key, body.priority);
        if (body.active !== undefined) await registry.setActive(params.key, body.active);
        return svc.toPluginOut(svc.getPlugin(registry, params.key));
      },
      { auth: "superuser", params: PluginKeyParams, body: PluginPatchBody, response: PluginSchema },
    )
    .patch("/:key/activate/", async ({ params, body }) => await activate(params.key, body.active ?? true), { auth: "superuser", params: PluginKeyParams, body: ActivateBody, response: PluginSchema })
    // inventree-python inventree/plugin.py:18-22 setActive() POSTs here (InvenTree itself takes PUT/PATCH).
    .post("/:key/activate/", async ({ params, body }) => await activate(params.key, body.active ?? true), { auth: "superuser", params: PluginKeyParams, body: ActivateBody, response: PluginSchema })
    .get("/:key/settings/", async ({ params }) => {
        const builtin = findBuiltin(params.key);
        return builtin ? await builtinSettings(builtin).list(ctx.database) : await svc.listSettings(registry, params.key);
      }, { auth: "superuser", params: PluginKeyParams, response: t.Array(SettingSchema) })
    .get("/:key/settings/:setting/", async ({ params }) => {
        const builtin = findBuiltin(params.key);
        return builtin ? await builtinSettings(builtin).get(ctx.database, params.setting) : await svc.getSetting(registry, params.key, params.setting);
      }, { auth: "superuser", params: SettingParams, response: SettingSchema })
    .patch("/:key/settings/:setting/", async ({ params, body }) => {
        const builtin = findBuiltin(params.key);
        return builtin ? await builtinSettings(builtin).update(ctx.database, params.setting, body.value) : await svc.updateSetting(registry, params.key, params.setting, body.value);
      }, {
      auth: "superuser",
      params: SettingParams,
      body: SettingPatchBody,
      response: SettingSchema,
    });
};
