import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { Config } from "../config.ts";
import type { CallOutcome, CallRequest } from "./executor.ts";
import type { CallMeta } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

/** Messages between the pool (main thread) and a plugin worker; every request carries an id. */
export type ToWorker =
  | { type: "init"; id: number; config: Pick<Config, "dbPath" | "logLevel"> }
  | { type: "load"; id: number; plugins: PluginPayload[] }
  | { type: "call"; id: number; req: CallRequest }
  | { type: "chain"; id: number; slugs: string[]; export: ExportName; input: unknown; meta: Omit<CallMeta, "slug"> }
  | { type: "close"; id: number };

export type FromWorker =
  /** Sent once the worker's modules have evaluated: messages sent earlier could be lost. */
  | { type: "booted"; id: 0 }
  | { type: "ready"; id: number }
  | { type: "loaded"; id: number; errors: Record<string, string> }
  | { type: "result"; id: number; outcome: CallOutcome }
  | { type: "chained"; id: number; results: { slug: string; outcome: CallOutcome }[] }
  | { type: "closed"; id: number }
  | { type: "failed"; id: number; error: string };
