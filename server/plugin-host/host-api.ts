import type { Static } from "@sinclair/typebox";
import type { CallUser, GetRequest, HostFunctionName, HostResponse, LogRequest, SearchRequest, SettingGetRequest, StockAdjustRequest } from "../../plugin-sdk/schema/index.ts";

/** One log line of a plugin, at its own level (the server maps it to its levels: host-services.ts). */
type PluginLogLine = { level: Static<typeof LogRequest>["level"] | "trace"; message: string };

/** Who a plugin call is made for and within which request; host functions act on its behalf. */
export interface CallMeta {
  slug: string;
  user: Static<typeof CallUser>;
  requestId?: string;
}

/**
 * What host functions may do to the server, independent of Extism. The server implements it over
 * its services (host-services.ts); each method throws an ApiError (or any Error) to refuse.
 */
export interface HostApi {
  get(req: Static<typeof GetRequest>, meta: CallMeta): unknown;
  search(req: Static<typeof SearchRequest>, meta: CallMeta): unknown;
  stockAdjust(req: Static<typeof StockAdjustRequest>, meta: CallMeta): unknown;
  settingGet(req: Static<typeof SettingGetRequest>, meta: CallMeta): unknown;
  /** A plugin's log line: bv_log's levels, plus Extism's `trace` (log_trace). */
  log(req: PluginLogLine, meta: CallMeta): unknown;
  /** Optional: sees every host function call and the answer the plugin gets (`plugin call` prints them). */
  observe?(name: HostFunctionName, request: unknown, answer: HostResponse, meta: CallMeta): void;
}
