import type { Static } from "@sinclair/typebox";
import type { CallUser, GetRequest, HostFunctionName, HostResponse, LogRequest, PluginManifest, SearchRequest, StockAdjustRequest } from "../../plugin-sdk/schema/index.ts";
import { answerBlockingCalls, type BlockingCaller, type BlockingEnd } from "./blocking-call.ts";

/** One log line of a plugin, at its own level (the server maps it to its levels: host-services.ts). */
type PluginLogLine = { level: Static<typeof LogRequest>["level"] | "trace"; message: string };

/** Who a plugin call is made for and within which request; host functions act on its behalf. */
export interface CallMeta {
  slug: string;
  user: Static<typeof CallUser>;
  requestId?: string;
  /**
   * The plugin's stored settings (key → value, null included; a key never stored is absent), read
   * by the dispatcher just before the call when its manifest declares settings (dispatch.ts). Plain
   * data: it travels with the call to the worker or process, where config_get and bv_setting_get
   * answer from it synchronously (a setting changed through the API is seen by the next call).
   */
  settings?: Record<string, unknown>;
  /**
   * Set on a host call answered through the bridge (blocking-call.ts): a write calls it inside its
   * transaction just before committing; it throws if the plugin stopped waiting (its host call ran
   * past its deadline), so that write rolls back instead of landing behind the plugin's back.
   */
  claim?: () => void;
}

/** What a caller gives with a call (the dispatcher adds the slug and the plugin's settings). */
export type CallerMeta = Omit<CallMeta, "slug" | "settings" | "claim">;

/** A chain's meta (call-runner.ts runChain): the caller's, with each plugin's settings by slug. */
export type ChainMeta = CallerMeta & { settingsBySlug?: Record<string, Record<string, unknown>> };

/**
 * What host functions may do to the server, independent of Extism. The server implements it over
 * its services (host-services.ts); each method throws an ApiError (or any Error) to refuse. The
 * database methods may answer a promise: a plugin's thread then reaches them through the bridge
 * (bridgedHostApi), never on the thread that runs the services.
 */
export interface HostApi {
  get(req: Static<typeof GetRequest>, meta: CallMeta): unknown | Promise<unknown>;
  search(req: Static<typeof SearchRequest>, meta: CallMeta): unknown | Promise<unknown>;
  stockAdjust(req: Static<typeof StockAdjustRequest>, meta: CallMeta): unknown | Promise<unknown>;
  /** A plugin's log line: bv_log's levels, plus Extism's `trace` (log_trace). */
  log(req: PluginLogLine, meta: CallMeta): unknown;
  /** Optional: sees every host function call and the answer the plugin gets (`plugin call` prints them). */
  observe?(name: HostFunctionName, request: unknown, answer: HostResponse, meta: CallMeta): void;
}

/**
 * The host functions that reach the database: a plugin granted any of them never runs on the
 * request thread. (bv_setting_get does not: it answers from the settings the call carries.)
 */
const DATABASE_HOST_FUNCTIONS = ["bv_get", "bv_search", "bv_stock_adjust"] as const satisfies HostFunctionName[];

/** Whether the manifest grants a host function that reaches the database (decided at load). */
export function usesDatabase(manifest: PluginManifest): boolean {
  const granted = manifest.permissions ?? [];
  return DATABASE_HOST_FUNCTIONS.some((f) => granted.includes(f));
}

type BridgedMethod = "get" | "search" | "stockAdjust";
const BRIDGED: BridgedMethod[] = ["get", "search", "stockAdjust"];

/**
 * A HostApi for a plugin's thread whose database methods are answered by another thread through a
 * blocking call (the main thread's or a service thread's services); `log` stays on this thread.
 */
export function bridgedHostApi(caller: BlockingCaller, local: Pick<HostApi, "log">): HostApi {
  const bridged = (method: BridgedMethod) => (req: unknown, meta: CallMeta) => caller.call(method, { req, meta });
  return {
    get: bridged("get"),
    search: bridged("search"),
    stockAdjust: bridged("stockAdjust"),
    log: (req, meta) => local.log(req, meta),
  };
}

/**
 * Answers the bridged host calls arriving on `end` with `api` (awaited), errors described as the
 * plugin sees them (`describe`: host-functions.ts). Answers `stop`.
 */
export function answerHostCalls(end: BlockingEnd, api: HostApi, describe: (e: unknown) => string): () => void {
  return answerBlockingCalls(
    end,
    (method, args, call) => {
      if (!BRIDGED.includes(method as BridgedMethod)) throw new Error(`unknown host call ${method}`);
      const { req, meta } = args as { req: never; meta: CallMeta };
      return api[method as BridgedMethod](req, { ...meta, claim: () => call.claim() });
    },
    describe,
  );
}

/**
 * The request thread's HostApi: it cannot block on itself, so the database host calls are refused
 * at once (the hybrid executor never runs a plugin granted one there; this is the guard) and only
 * `log` is answered, synchronously (settings travel with the call: CallMeta.settings).
 */
export function requestThreadHostApi(api: HostApi): HostApi {
  const refuse = (name: string) => () => {
    throw new Error(`${name} cannot be answered on the request thread: a plugin granted it runs in a worker or plugin process`);
  };
  return { ...api, get: refuse("bv_get"), search: refuse("bv_search"), stockAdjust: refuse("bv_stock_adjust") };
}
