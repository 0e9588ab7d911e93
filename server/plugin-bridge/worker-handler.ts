/**
 * What a plugin worker does with each message, whatever carries it: worker.ts (a thread,
 * postMessage) and process-entry.ts (a child process, IPC) share this one implementation.
 * Each holds its own plugin instances; their database host calls block on another thread that
 * runs the async services (docs/data-layer.md, "Plugin host calls"): a worker thread's are answered
 * by the main thread (the channel comes with "init"), a process's by a service thread it starts.
 */
import { createLogger } from "../core/log.ts";
import { BlockingCaller } from "../plugin-host/blocking-call.ts";
import { CallRunner } from "../plugin-host/call-runner.ts";
import { bridgedHostApi } from "../plugin-host/host-api.ts";
import type { FromWorker, ToWorker } from "../plugin-host/worker-protocol.ts";
import { pluginLog } from "./host-services.ts";
import { type ServiceThread, startServiceThread } from "./service-client.ts";

export function createWorkerHandler(thread: string): (msg: ToWorker) => Promise<FromWorker> {
  let runner: CallRunner | null = null;
  let caller: BlockingCaller | null = null;
  let service: ServiceThread | null = null;
  const need = (): CallRunner => {
    if (!runner) throw new Error("plugin worker used before init");
    return runner;
  };
  return async (msg) => {
    try {
      switch (msg.type) {
        case "init": {
          const end = msg.bridge ?? (service = await startServiceThread(msg.config)).end;
          caller = new BlockingCaller(end, msg.config.hostCallDeadlineMs);
          runner = new CallRunner(bridgedHostApi(caller, { log: pluginLog(createLogger(msg.config.logLevel, { thread })) }));
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
          caller?.close();
          await service?.close();
          runner = null;
          caller = null;
          service = null;
          return { type: "closed", id: msg.id };
      }
    } catch (e) {
      return { type: "failed", id: msg.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
}
