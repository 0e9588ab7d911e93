import { Value } from "@sinclair/typebox/value";
import { MODELS, SEARCH_LIMIT } from "../../plugin-sdk/schema/index.ts";
import { eq } from "drizzle-orm";
import type { Writes } from "../db/database.ts";
import { fieldError, permissionDenied } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { HostApi } from "../plugin-host/host-api.ts";
import { access, filtersOf, searchPage } from "./models.ts";
import { adjustStock } from "../modules/stock/adjust-service.ts";
import { getStockItem } from "../modules/stock/item-query.ts";
import { hasRole } from "../core/auth.ts";
import { users } from "../db/tables.ts";


/**
 * The server side of the host functions (bv_get, bv_search, bv_stock_adjust…), over the same
 * services the HTTP API uses, on the async database. The database methods answer promises: a
 * plugin reaches them through the bridge (plugin-host/blocking-call.ts) from its worker thread or
 * process, never on the thread that runs them. (bv_setting_get is not here: it answers from the
 * settings each call carries, plugin-host/host-api.ts CallMeta.settings.)
 */
export function createHostServices(deps: { database: Writes; log: Logger }): HostApi {
  const { database, log } = deps;
  return {
    async get(req) {
      return await access(req.model).get(database, req.pk);
    },
    async search(req) {
      const a = (access(req.model) as ReturnType<typeof access> | undefined) ?? null;
      if (!a) throw fieldError("model", `unknown model "${req.model}"; models: ${MODELS.join(", ")}`);
      // Only the model's own list filters: an unknown one is refused, never dropped (a dropped
      // {"sku": …} used to answer with every row).
      const valid = filtersOf(a.query);
      const unknown = Object.keys(req.filters ?? {}).filter((k) => !valid.includes(k));
      if (unknown.length > 0) {
        const which = unknown.map((k) => `"${k}"`).join(", ");
        throw fieldError(`filters.${unknown[0]}`, `unknown filter${unknown.length > 1 ? "s" : ""} ${which} for model ${req.model}; its filters are: ${valid.join(", ")}`);
      }
      // Filters arrive as JSON values; query schemas take booleans as query strings ("true").
      const raw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(req.filters ?? {})) raw[k] = typeof v === "boolean" ? String(v) : v;
      if (req.search) raw.search = req.search;
      raw.limit = req.limit ?? SEARCH_LIMIT.default;
      raw.offset = req.offset ?? 0;
      const q = Value.Convert(a.query, Value.Clean(a.query, Value.Clone(raw))) as { limit: number; offset: number };
      if (!Value.Check(a.query, q)) {
        const first = [...Value.Errors(a.query, q)][0];
        throw fieldError(first?.path.slice(1) || "filters", first?.message ?? "invalid filter");
      }
      return await searchPage(a, database, q);
    },
    async stockAdjust(req, meta) {
      const user = meta.user;
      if (!user) throw permissionDenied("stock can only be adjusted on behalf of a user");
      const result = await database.write(async (tx) => {
        // The user's role is read again, in the transaction: it may have changed since the request was authenticated.
        const [row] = await tx.q.select({ role: users.role, active: users.is_active }).from(users).where(eq(users.id, user.pk)).limit(1);
        if (!row?.active || !hasRole({ id: user.pk, username: user.username, role: row.role }, "staff")) {
          throw permissionDenied(`user ${user.username} may not adjust stock`);
        }
        const adjusted = await adjustStock(tx, req.op, req.items, user.pk, { notes: req.notes, location: req.location, plugin: meta.slug });
        // Bridged: the plugin is still waiting (else this throws and the adjustment rolls back).
        meta.claim?.();
        return adjusted;
      });
      const items = [];
      for (const pk of result.items) items.push(await getStockItem(database, pk));
      return { op: req.op, items, created: result.created };
    },
    log: pluginLog(log),
  };
}

/** bv_log and Extism's log_*: each plugin level at the server's own (the server has no trace: it is debug, and says so). */
export function pluginLog(log: Logger): HostApi["log"] {
  return (req, meta) => {
    const fields = { plugin: meta.slug, request_id: meta.requestId };
    if (req.level === "error") log.error(req.message, fields);
    else if (req.level === "warn") log.warn(req.message, fields);
    else if (req.level === "info") log.info(req.message, fields);
    else log.debug(req.message, req.level === "trace" ? { ...fields, plugin_level: "trace" } : fields);
    return null;
  };
}

