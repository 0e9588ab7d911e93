/**
 * What a plugin worker does with each message, whatever carries it: worker.ts (a thread,
 * postMessage) and process-entry.ts (a child process, IPC) share this one implementation.
 * Each holds its own database connection and plugin instances.
 */
import { openDatabase } from "../db/client.ts";
import { createLogger } from "../core/log.ts";
import { CallRunner } from "../plugin-host/call-runner.ts";
import { createHostServices } from "./host-services.ts";
import type { FromWorker, ToWorker } from "../plugin-host/worker-protocol.ts";

export function createWorkerHandler(thread: string): (msg: ToWorker) => Promise<FromWorker> {
  let runner: CallRunner | null = null;
  let closeDb: (() => void) | null = null;
  const need = (): CallRunner => {
    if (!runner) throw new Error("plugin worker used before init");
    return runner;
  };
  return async (msg) => {
    try {
      switch (msg.type) {
        case "init": {
          const { db, close } = openDatabase(msg.config.dbPath, { migrate: false, durability: msg.config.durability });
          closeDb = close;
          runner = new CallRunner(createHostServices({ db, log: createLogger(msg.config.logLevel, { thread }) }));
          return { type: "ready", id: msg.id };
        }
        case "load":
          return { type: "loaded", id: msg.id, errors: await need().load(msg.plugins) };
        case "call":
          return { type: "result", id: msg.id, outcome: await need().call(msg.req) };
        case "chain":
          return { type: "chained", id: msg.id, results: await need().chain(msg.slugs, msg.export, msg.input, msg.meta) };
        case "close":
          await runner?.close();
          closeDb?.();
          runner = null;
          closeDb = null;
          return { type: "closed", id: msg.id };
      }
    } catch (e) {
      return { type: "failed", id: msg.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
}
