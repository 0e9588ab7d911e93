/// <reference lib="webworker" />
/**
 * A plugin process's service thread (docs/data-layer.md, "Plugin host calls"): a Worker inside the
 * child process, with its own async `Database` on the server's SQLite file, answering the host
 * calls its plugin thread makes through the bridge (plugin-host/blocking-call.ts) while that
 * thread blocks. Its writer meets the server's through SQLite's file lock and busy_timeout.
 * Started by service-client.ts.
 */
import { createLogger } from "../core/log.ts";
import type { Database } from "../db/database.ts";
import type { BlockingEnd } from "../plugin-host/blocking-call.ts";
import { answerHostCalls } from "../plugin-host/host-api.ts";
import { describeHostError } from "../plugin-host/host-functions.ts";
import type { WorkerConfig } from "../plugin-host/worker-protocol.ts";
import { createHostServices } from "./host-services.ts";
import { openServiceDatabase } from "./service-client.ts";

declare const self: Worker;

export type ToServiceThread = { type: "init"; config: WorkerConfig; end: BlockingEnd } | { type: "close" };
export type FromServiceThread = { type: "booted" } | { type: "ready" } | { type: "closed" } | { type: "failed"; error: string };

let database: Database | null = null;
let stop: (() => void) | null = null;
const post = (m: FromServiceThread) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<ToServiceThread>) => {
  const m = event.data;
  try {
    if (m.type === "init") {
      database = openServiceDatabase(m.config);
      stop = answerHostCalls(m.end, createHostServices({ database, log: createLogger(m.config.logLevel, { thread: "plugin-services" }) }), describeHostError);
      return post({ type: "ready" });
    }
    stop?.();
    await database?.close();
    stop = null;
    database = null;
    post({ type: "closed" });
  } catch (e) {
    post({ type: "failed", error: e instanceof Error ? e.message : String(e) });
  }
};

post({ type: "booted" });
