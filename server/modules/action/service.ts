import { PluginCallError } from "../../core/plugin-errors.ts";
import type { Plugins } from "../../core/plugins.ts";
import type { AuthUser } from "../../core/auth.ts";

/** InvenTree's answers: 400 without an action, 404 when no plugin handles it, else the plugin's. */
export async function runAction(registry: Plugins, action: string | undefined, data: unknown, user: AuthUser, requestId?: string) {
  if (!action) return { status: 400, body: { error: "No action specified" } };
  const plugin = registry.callable("action").find((r) => r.manifest?.kinds.action?.actions.includes(action));
  if (!plugin) return { status: 404, body: { error: "No matching action found", action } };
  const caller = { pk: user.id, username: user.username, role: user.role };
  try {
    const output = await registry.call(plugin.slug, "action_run", { action, data: data ?? {}, user: caller }, { user: caller, requestId });
    return { status: 200, body: { action, result: output.result, info: output.info ?? null, plugin: plugin.slug } };
  } catch (e) {
    if (!(e instanceof PluginCallError)) throw e;
    // The plugin failed, not the client: 502, or 503 while it is unavailable (suspended…).
    return { status: e.failure === "unavailable" ? 503 : e.failure === "plugin_error" ? 400 : 502, body: { error: e.detail, action, plugin: e.slug, failure: e.failure } };
  }
}
