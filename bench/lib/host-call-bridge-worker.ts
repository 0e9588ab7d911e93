/// <reference lib="webworker" />
/**
 * The plugin's side of bench/host-call-bridge.ts: a thread that cannot await (as a plugin inside
 * WebAssembly) making host calls directly on its own connection, then through the main thread.
 */
import { openDatabase } from "../../server/db/client.ts";
import { getStockItem } from "../../server/modules/stock/item-query.ts";

declare const self: Worker;

/** Room for one answer in the shared buffer (a stock item's JSON is ~1–2 KiB). */
export const BRIDGE_ANSWER_BYTES = 1 << 16;
export interface BridgeStart {
  shared: SharedArrayBuffer;
  path: string;
  pks: number[];
  calls: number;
}
export type BridgeToMain = { type: "call"; request: string } | { type: "done"; microsPerCall: { direct: number; bridged: number } };

self.onmessage = async (event: MessageEvent<BridgeStart>) => {
  const { shared, path, pks, calls } = event.data;
  const state = new Int32Array(shared, 0, 2);
  const answer = new Uint8Array(shared, 8);
  const decoder = new TextDecoder();
  const { db } = openDatabase(path, { migrate: false });

  // In the plugin's own thread: request JSON in, the (async) service on its own connection, answer JSON out.
  const reads = { dialect: "sqlite" as const, q: db };
  const direct = async (request: string) => JSON.parse(JSON.stringify(await getStockItem(reads, JSON.parse(request).pk)));
  const bridged = (request: string) => {
    Atomics.store(state, 0, 0);
    self.postMessage({ type: "call", request } satisfies BridgeToMain);
    Atomics.wait(state, 0, 0);
    return JSON.parse(decoder.decode(answer.slice(0, state[1])));
  };
  const perCall = async (call: (request: string) => unknown) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call(JSON.stringify({ model: "stockitem", pk: pks[i % pks.length] }));
    return ((performance.now() - started) * 1000) / calls;
  };
  const best = { direct: Infinity, bridged: Infinity };
  for (let round = 0; round < 3; round++) {
    best.direct = Math.min(best.direct, await perCall(direct));
    best.bridged = Math.min(best.bridged, await perCall(bridged));
  }
  self.postMessage({ type: "done", microsPerCall: best } satisfies BridgeToMain);
};
