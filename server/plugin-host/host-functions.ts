import type { CallContext } from "@extism/extism";
import { type TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { HOST_FUNCTION_REQUESTS, SEARCH_LIMIT, type HostFunctionName, type HostResponse, type PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { explainSchemaErrors, formatSchemaProblems } from "../../plugin-sdk/schema/explain.ts";
import { databaseErrorCode, databaseUnavailable } from "../core/unavailable.ts";
import { ApiError } from "../core/errors.ts";
import { HOST_FUEL } from "./call-limits.ts";
import type { PluginLimit } from "../core/plugin-errors.ts";
import type { CallMeta, HostApi } from "./host-api.ts";

/** Thrown inside a host function to abort the plugin's call: the call fails with this reason. */
export class HostAbort extends Error {
  constructor(
    readonly failure: "permission" | "limit",
    message: string,
    readonly limit?: PluginLimit,
  ) {
    super(message);
  }
}

/** What the host counts and charges around each `bv_*` call (the plugin instance implements it). */
export interface HostCallMeter {
  /** Before decoding a request of `bytes`: may throw HostAbort (quota, size) or a budget error. */
  request(name: HostFunctionName, bytes: number): void;
  /**
   * Fuel for work whose size the request announces (`bv_search`'s rows), charged before the work
   * so that it cannot run past the budget; a negative amount gives back what was not used.
   */
  work(fuel: number): void;
  /** An answer of `bytes` is about to be stored in a host block: charge memory and fuel. */
  answer(bytes: number): void;
  /** bv_log: whether this line may still be written, and the message as it will be (cut if long). */
  logLine(message: string): string | null;
}

const encoder = new TextEncoder();

/** Rows in a search answer: a bare list or a page of `results`. */
function rowsIn(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  const results = (data as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? results.length : 0;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === "function";

const checkers = Object.fromEntries(
  Object.entries(HOST_FUNCTION_REQUESTS).map(([name, schema]) => [name, TypeCompiler.Compile(schema as TSchema)]),
) as Record<HostFunctionName, ReturnType<typeof TypeCompiler.Compile>>;

const dispatch: Record<HostFunctionName, (api: HostApi, req: never, meta: CallMeta) => unknown> = {
  bv_get: (api, req, meta) => api.get(req, meta),
  bv_search: (api, req, meta) => api.search(req, meta),
  bv_stock_adjust: (api, req, meta) => api.stockAdjust(req, meta),
  // Answered from the settings the call carries (CallMeta.settings): no database, no bridge.
  bv_setting_get: (_api, req: { key: string }, meta) => ({ key: req.key, value: meta.settings?.[req.key] ?? null }),
  bv_log: (api, req, meta) => api.log(req, meta),
};

/** A readable message from whatever a service threw: DRF bodies flatten to "field: message". */
export function describeHostError(e: unknown): string {
  const unavailable = databaseUnavailable(e);
  if (unavailable) return `${unavailable.detail} (${databaseErrorCode(e)})`;
  if (e instanceof ApiError) {
    const parts: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) parts.push(path ? `${path}: ${v.join(" ")}` : v.join(" "));
      else if (typeof v === "string") parts.push(path ? `${path}: ${v}` : v);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k === "detail" || k === "non_field_errors" ? path : path ? `${path}.${k}` : k);
    };
    walk(e.body, "");
    return parts.join("; ") || e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The `extism:host/user` functions for one plugin. Every function is provided (so any plugin
 * instantiates), but one the manifest did not ask for aborts the call with a permission error.
 * A request that is not valid JSON or not of the function's shape is answered with an error
 * envelope, which the plugin may handle.
 */
export function buildHostFunctions(api: HostApi, manifest: PluginManifest, currentMeta: () => CallMeta | null, meter: HostCallMeter) {
  const permissions = manifest.permissions ?? [];
  const granted = new Set(permissions);
  const functions: Record<string, (cp: CallContext, offset: bigint) => bigint> = {};
  for (const name of Object.keys(dispatch) as HostFunctionName[]) {
    functions[name] = (cp, offset) => {
      const meta = currentMeta();
      if (!meta) throw new HostAbort("permission", `${name} called outside a plugin call`);
      if (!granted.has(name)) throw new HostAbort("permission", `called host function ${name} without the "${name}" permission in plugin.json`);
      let req: unknown;
      const answer = (r: HostResponse) => {
        api.observe?.(name, req, r, meta);
        const bytes = encoder.encode(JSON.stringify(r));
        meter.answer(bytes.length);
        return cp.store(bytes);
      };
      meter.request(name, Number(cp.length(offset)));
      const text = cp.read(offset)?.text();
      if (text === undefined) return answer({ ok: false, error: `${name}: the request offset does not point at a memory block` });
      try {
        req = JSON.parse(text);
      } catch {
        return answer({ ok: false, error: `${name}: the request is not valid JSON` });
      }
      if (!checkers[name].Check(req)) {
        // Explained field by field: an unknown model lists the models, a union names its branch.
        const problems = explainSchemaErrors(HOST_FUNCTION_REQUESTS[name], req, 3);
        return answer({ ok: false, error: `${name}: invalid request at ${formatSchemaProblems(problems)}` });
      }
      if (name === "bv_log") {
        const message = meter.logLine((req as { message: string }).message);
        if (message === null) return answer({ ok: true, data: null });
        req = { ...(req as object), message };
      }
      // A search's time follows the rows it reads: reserved for the `limit` asked, refunded for
      // those not returned (one search of 1,000 fat parts held the thread ~24 ms).
      const reserved = name === "bv_search" ? ((req as { limit?: number }).limit ?? SEARCH_LIMIT.default) * HOST_FUEL.perSearchRow : 0;
      if (reserved) meter.work(reserved);
      try {
        let data = dispatch[name](api, req as never, meta) ?? null;
        if (isPromise(data)) {
          // Only reached by a HostApi whose services are async on this very thread: it cannot block on itself.
          data.catch(() => {});
          throw new Error(`${name} cannot be answered on this thread: its services are async (docs/data-layer.md, "Plugin host calls")`);
        }
        if (reserved) meter.work(-Math.max(0, reserved - rowsIn(data) * HOST_FUEL.perSearchRow));
        // A setting never stored reads as its manifest default.
        if (name === "bv_setting_get" && (data as { value?: unknown }).value === null) {
          const key = (req as { key: string }).key;
          if (!manifest.settings?.[key]) return answer({ ok: false, error: `bv_setting_get: plugin.json declares no setting ${key}` });
          data = { key, value: manifest.settings[key].default ?? null };
        }
        return answer({ ok: true, data });
      } catch (e) {
        if (e instanceof HostAbort) throw e;
        if (reserved) meter.work(-reserved);
        return answer({ ok: false, error: describeHostError(e) });
      }
    };
  }
  return functions;
}
