import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { API_VERSION, SERVER_VERSION } from "../../core/version.ts";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

/**
 * `GET /api/`: InvenTree's InfoView (InvenTree/api.py InfoApiSerializer), no authentication.
 * The app reads `version` (non-empty, as String) and `apiVersion` (as int) — inventree-app
 * lib/api.dart:289-291, 505, 511; inventree-python inventree/api.py:212-228 reads `server` and
 * `apiVersion`. The staff-only fields are always null here: this answer is the same for everyone.
 */
const ServerInfoSchema = t.Object({
  server: t.String(),
  id: t.Null(),
  version: t.String(),
  instance: t.String(),
  apiVersion: t.Integer(),
  worker_running: t.Boolean({ description: "Binventory runs no background task queue: nothing ever waits for a worker." }),
  worker_count: t.Integer(),
  worker_pending_tasks: t.Integer(),
  plugins_enabled: t.Boolean(),
  plugins_install_disabled: t.Boolean(),
  active_plugins: t.Array(t.Object({ name: t.String(), slug: t.String(), version: Nullable(t.String()) })),
  email_configured: t.Boolean(),
  debug_mode: t.Boolean(),
  docker_mode: t.Boolean(),
  default_locale: t.String(),
  system_health: t.Null(),
  database: t.Null(),
  platform: t.Null(),
  installer: t.Null(),
  target: t.Null(),
  django_admin: t.Null(),
  settings: t.Object({ sso_registration: t.Boolean(), registration_enabled: t.Boolean(), password_forgotten_enabled: t.Boolean() }),
});

/** The server root; the WASM plugins that can be called are its `active_plugins`. */
export const serverInfoModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/server-info" }).get(
    "/api/",
    () => ({
      server: "Binventory",
      id: null,
      version: SERVER_VERSION,
      instance: ctx.config.instanceName,
      apiVersion: API_VERSION,
      worker_running: true,
      worker_count: 0,
      worker_pending_tasks: 0,
      plugins_enabled: true,
      plugins_install_disabled: true,
      active_plugins: ctx.plugins.callable().map((r) => ({ name: r.manifest?.name ?? r.slug, slug: r.slug, version: r.manifest?.version ?? null })),
      email_configured: false,
      debug_mode: false,
      docker_mode: false,
      default_locale: "en-us",
      system_health: null,
      database: null,
      platform: null,
      installer: null,
      target: null,
      django_admin: null,
      settings: { sso_registration: false, registration_enabled: false, password_forgotten_enabled: false },
    }),
    { response: ServerInfoSchema, detail: { summary: "Server information (no authentication)", tags: ["server"] } },
  );
