import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { Config } from "../core/config.ts";
import type { BlockingEnd } from "./blocking-call.ts";
import type { CallOutcome, CallRequest } from "./executor.ts";
import type { ChainMeta } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

/**
 * What a plugin worker or process needs: where its host calls are answered (a process's service
 * thread opens the database at `dbPath`, with `durability`: default "full") and how long a host
 * call waits for its answer (`hostCallDeadlineMs`, default blocking-call.ts DEFAULT_HOST_CALL_DEADLINE_MS).
 */
export type WorkerConfig = Pick<Config, "dbPath" | "logLevel"> & Partial<Pick<Config, "durability" | "hostCallDeadlineMs" | "database">>;

/** Messages between the pool (main thread) and a plugin worker; every request carries an id. */
export type ToWorker =
  /** `bridge`: the caller's end of a channel whose host calls the main thread answers (worker threads; transferred). */
  | { type: "init"; id: number; config: WorkerConfig; bridge?: BlockingEnd }
  | { type: "load"; id: number; plugins: PluginPayload[] }
  | { type: "call"; id: number; req: CallRequest }
  | { type: "chain"; id: number; slugs: string[]; export: ExportName; input: unknown; meta: ChainMeta }
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

/**
 * The same messages on a child process's IPC channel, which carries JSON: an echo round trip took
 * ~26 µs with `serialization: "json"`, ~31 µs with "advanced" (structured clone) and ~35 µs with
 * length-prefixed bun:jsc frames on stdin/stdout (Bun 1.4.4, here). The only binary field, a
 * module's bytes, travels as base64.
 */
export type ToProcess = Exclude<ToWorker, { type: "load" | "init" }> | { type: "init"; id: number; config: WorkerConfig } | { type: "load"; id: number; plugins: (Omit<PluginPayload, "bytes"> & { bytes: string })[] };

export function toProcess(msg: ToWorker): ToProcess {
  if (msg.type === "init") return { type: "init", id: msg.id, config: msg.config }; // a process answers its host calls itself
  if (msg.type !== "load") return msg;
  return { ...msg, plugins: msg.plugins.map((p) => ({ ...p, bytes: Buffer.from(p.bytes).toString("base64") })) };
}

export function fromProcess(msg: ToProcess): ToWorker {
  if (msg.type !== "load") return msg;
  return { ...msg, plugins: msg.plugins.map((p) => ({ ...p, bytes: new Uint8Array(Buffer.from(p.bytes, "base64")) })) };
}

/** Environment variable through which a server names itself to its plugin processes. */
export const PARENT_PID_ENV = "BINVENTORY_PLUGIN_PARENT";

/** The hidden CLI command (server/main.ts) that runs a plugin process. */
export const PLUGIN_PROCESS_COMMAND = "__plugin-process";
