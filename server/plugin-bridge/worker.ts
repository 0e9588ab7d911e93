/// <reference lib="webworker" />
/**
 * A plugin worker thread: its own database connection, its own plugin instances. The main thread
 * sends calls; a plugin that spins to its budget here never blocks the HTTP event loop.
 */
import { createWorkerHandler } from "./worker-handler.ts";
import type { FromWorker, ToWorker } from "../plugin-host/worker-protocol.ts";

declare const self: Worker;

const handle = createWorkerHandler("plugin-worker");
const post = (m: FromWorker) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<ToWorker>) => post(await handle(event.data));

post({ type: "booted", id: 0 });
