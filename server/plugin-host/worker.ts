/// <reference lib="webworker" />
/**
 * A plugin worker thread: its own database connection, its own plugin instances. The main thread
 * sends calls; a plugin that spins to its budget here never blocks the HTTP event loop.
 */
import { openDatabase } from "../db/client.ts";
import { createLogger } from "../log.ts";
import { CallRunner } from "./call-runner.ts";
import { createHostServices } from "./host-services.ts";
import type { FromWorker, ToWorker } from "./worker-protocol.ts";

declare const self: Worker;

let runner: CallRunner | null = null;
let closeDb: (() => void) | null = null;
const post = (m: FromWorker) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  try {
    switch (msg.type) {
      case "init": {
        const { db, close } = openDatabase(msg.config.dbPath, { migrate: false });
        closeDb = close;
        runner = new CallRunner(createHostServices({ db, log: createLogger(msg.config.logLevel, { thread: "plugin-worker" }) }));
        return post({ type: "ready", id: msg.id });
      }
      case "load":
        return post({ type: "loaded", id: msg.id, errors: await need(runner).load(msg.plugins) });
      case "call":
        return post({ type: "result", id: msg.id, outcome: await need(runner).call(msg.req) });
      case "chain":
        return post({ type: "chained", id: msg.id, results: await need(runner).chain(msg.slugs, msg.export, msg.input, msg.meta) });
      case "close":
        await runner?.close();
        closeDb?.();
        return post({ type: "closed", id: msg.id });
    }
  } catch (e) {
    post({ type: "failed", id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
};

post({ type: "booted", id: 0 });

function need(r: CallRunner | null): CallRunner {
  if (!r) throw new Error("worker used before init");
  return r;
}
