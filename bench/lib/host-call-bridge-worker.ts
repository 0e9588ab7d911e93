/// <reference lib="webworker" />
/**
 * The plugin's side of bench/host-call-bridge.ts: a thread that cannot await (as a plugin inside
 * WebAssembly) making `bv_get` host calls through the bridge (plugin-host/blocking-call.ts) to the
 * main thread's async host services (a plugin worker thread's path).
 */
import { BlockingCaller, type BlockingEnd } from "../../server/plugin-host/blocking-call.ts";
import { bridgedHostApi } from "../../server/plugin-host/host-api.ts";

declare const self: Worker;

export interface BridgeStart {
  end: BlockingEnd;
  path: string;
  pks: number[];
  calls: number;
}
export type BridgeDone = { bridged: number };

/** µs per call of `call` over the pks, best of 3 rounds. */
export function perCall(calls: number, pks: number[], call: (request: string) => unknown): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) call(JSON.stringify({ model: "stockitem", pk: pks[i % pks.length] }));
    best = Math.min(best, ((performance.now() - started) * 1000) / calls);
  }
  return best;
}

if (typeof self !== "undefined" && typeof (self as { postMessage?: unknown }).postMessage === "function" && !Bun.isMainThread) {
  self.onmessage = (event: MessageEvent<BridgeStart>) => {
    const { end, pks, calls } = event.data;
    const api = bridgedHostApi(new BlockingCaller(end), { log: () => null });
    const meta = { slug: "bench", user: null };
    // As a host call: request JSON in, the service, answer JSON out.
    const bridged = (request: string) => JSON.stringify(api.get(JSON.parse(request), meta));
    self.postMessage({ bridged: perCall(calls, pks, bridged) } satisfies BridgeDone);
  };
}
