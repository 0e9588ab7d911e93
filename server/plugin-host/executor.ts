import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { CallUsage, PluginFailure, PluginLimit } from "../core/plugin-errors.ts";
import type { CallMeta, ChainMeta } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

/** The result of one call, as it crosses a thread boundary: plain data, no Error objects. */
export type CallOutcome = ({ ok: true; output: unknown } | { ok: false; failure: PluginFailure; detail: string }) & {
  micros: number;
  /** Where the call finally ran: "worker" is any isolated executor (plugin process or worker thread). */
  ran?: "inline" | "worker";
  /** Limits the call ran into, fatal or not (cut log lines, a cut error message…). */
  limits?: PluginLimit[];
  /** Fuel used, peak linear memory, host blocks and host calls of the call (when it ran). */
  usage?: CallUsage;
};

export interface CallRequest {
  slug: string;
  export: ExportName;
  input: unknown;
  meta: CallMeta;
  /** Instruction budget for this call when lower than the plugin's own (the hybrid executor's slice). */
  fuel?: number;
}

/** Runs plugin calls somewhere: in this thread, in worker threads, or in child processes. */
export interface Executor {
  /** Instantiates the plugins; answers the slugs that failed, with why. */
  load(plugins: PluginPayload[]): Promise<Record<string, string>>;
  call(req: CallRequest): Promise<CallOutcome>;
  /** Calls in order until an output ends the chain (call-runner.ts `endsChain`: the barcode chain). */
  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta): Promise<{ slug: string; outcome: CallOutcome }[]>;
  /** Executors whose instances live on this thread: whether `slug`'s must be rebuilt before its next call. */
  needsRebuild?(slug: string): boolean;
  /** …and rebuilding it apart from any call; answers why that failed, or null. */
  rebuild?(slug: string): Promise<string | null>;
  /** Resolves when every call started so far has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
