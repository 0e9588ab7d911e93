#!/usr/bin/env bun
/**
 * What a plugin's host call costs through the bridge (docs/data-layer.md, "Plugin host calls"): a
 * plugin runs synchronously inside WebAssembly, so its thread blocks (Atomics.wait) while another
 * thread runs the async service (plugin-host/blocking-call.ts). `bv_get` of a stock item on the
 * demo data, JSON in and out, three ways in the same run:
 *   direct     the async service awaited on the main thread, JSON in and out (no bridge: the floor)
 *   worker     a worker thread bridged to the main thread's async host services (BINVENTORY_PLUGIN_ISOLATION=worker)
 *   service    this thread bridged to a service thread with its own Database (a plugin process, `plugin call`)
 * Ratios are against `direct`, measured in the same run.
 *   bun bench/host-call-bridge.ts [--calls N]
 * The last line is one JSON object with every number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../server/core/log.ts";
import { openDatabase } from "../server/db/client.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { seedDemoData } from "../server/demo/seed.ts";
import { getStockItem } from "../server/modules/stock/item-query.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { startServiceThread } from "../server/plugin-bridge/service-client.ts";
import { BlockingCaller, blockingChannel } from "../server/plugin-host/blocking-call.ts";
import { answerHostCalls, bridgedHostApi } from "../server/plugin-host/host-api.ts";
import { describeHostError } from "../server/plugin-host/host-functions.ts";
import { type BridgeDone, type BridgeStart, perCall } from "./lib/host-call-bridge-worker.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const calls = arg("--calls", 20_000);

const dir = mkdtempSync(join(tmpdir(), "bv-bridge-"));
const path = join(dir, "bench.sqlite");
const seeded = openDatabase(path);
const seeding = openSqliteDatabase(path);
await seedDemoData(seeding);
seeding.close();
const pks = seeded.sqlite.query<{ id: number }, []>("SELECT id FROM stock_item ORDER BY id").all().map((r) => r.id);
seeded.close();

// A worker thread bridged to this thread's async host services.
const database = openSqliteDatabase(path);
const { caller, answerer } = blockingChannel();
const stop = answerHostCalls(answerer, createHostServices({ database, log: createLogger("silent") }), describeHostError);
const worker = new Worker(new URL("./lib/host-call-bridge-worker.ts", import.meta.url).href);
const fromWorker = await new Promise<BridgeDone>((resolve, reject) => {
  worker.onerror = (e) => reject(e);
  worker.onmessage = (event: MessageEvent<BridgeDone>) => resolve(event.data);
  worker.postMessage({ end: caller, path, pks, calls } satisfies BridgeStart, [caller.port]);
});
worker.terminate();
stop();
database.close();

// This thread bridged to a service thread (as a plugin process's plugin thread).
const service = await startServiceThread({ dbPath: path, logLevel: "silent" });
const blocking = new BlockingCaller(service.end);
const api = bridgedHostApi(blocking, { log: () => null });
const meta = { slug: "bench", user: null };
const viaService = perCall(calls, pks, (request) => JSON.stringify(api.get(JSON.parse(request), meta)));
blocking.close();
await service.close();

// The floor: the same service awaited where it runs, without a bridge.
const direct = await (async () => {
  const own = openSqliteDatabase(path);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) JSON.stringify(await getStockItem(own, JSON.parse(JSON.stringify({ model: "stockitem", pk: pks[i % pks.length] })).pk));
    best = Math.min(best, ((performance.now() - started) * 1000) / calls);
  }
  own.close();
  return best;
})();
rmSync(dir, { recursive: true, force: true });
const r = (x: number) => `${x.toFixed(1).padStart(6)}   (×${(x / direct).toFixed(2)})`;
console.log(`host call bv_get(stockitem), ${calls} calls per round, best of 3 rounds (µs per call, ratio to direct):`);
console.log(`  direct: the async service awaited on its own thread, no bridge           ${direct.toFixed(1).padStart(6)}`);
console.log(`  worker: bridged to the main thread's async host services                ${r(fromWorker.bridged)}`);
console.log(`  service: bridged to a service thread's own Database (plugin process)    ${r(viaService)}`);
console.log(JSON.stringify({ calls, direct_us: direct, worker_us: fromWorker.bridged, service_us: viaService, worker_ratio: fromWorker.bridged / direct, service_ratio: viaService / direct }));
process.exit(0);
