#!/usr/bin/env bun
/**
 * What a plugin's host call would cost if the services were async (issue 12; docs/data-layer.md):
 * a plugin runs synchronously inside WebAssembly, so a `bv_get` it makes cannot await. Today the
 * plugin's thread calls the synchronous service on its own SQLite connection. With async services
 * the plugin's thread must hand the call to a thread that can await (here the main thread, running
 * the service as an async function) and block on `Atomics.wait` until the answer is in shared
 * memory. This prints both per call and the ratio bridged / direct, measured in the same run, on
 * the real schema and service (`getStockItem` on the demo data, JSON in and out as a host call).
 *   bun bench/host-call-bridge.ts [--calls N]
 * The last line is one JSON object with every number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/client.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { seedDemoData } from "../server/demo/seed.ts";
import { getStockItem } from "../server/modules/stock/item-query.ts";
import { BRIDGE_ANSWER_BYTES, type BridgeStart, type BridgeToMain } from "./lib/host-call-bridge-worker.ts";

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

const { db, close } = openDatabase(path, { migrate: false });
/** The service as it would be once async: the same query, awaited. */
const getStockItemAsync = async (pk: number) => getStockItem({ dialect: "sqlite", q: db }, pk);

const shared = new SharedArrayBuffer(8 + BRIDGE_ANSWER_BYTES);
const state = new Int32Array(shared, 0, 2);
const answer = new Uint8Array(shared, 8);
const encoder = new TextEncoder();
const worker = new Worker(new URL("./lib/host-call-bridge-worker.ts", import.meta.url).href);
const result = await new Promise<Record<string, number>>((resolve, reject) => {
  worker.onerror = (e) => reject(e);
  worker.onmessage = async (event: MessageEvent<BridgeToMain>) => {
    const m = event.data;
    if (m.type === "done") return resolve(m.microsPerCall);
    const bytes = encoder.encode(JSON.stringify(await getStockItemAsync(JSON.parse(m.request).pk)));
    answer.set(bytes);
    state[1] = bytes.length;
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
  };
  worker.postMessage({ shared, path, pks, calls } satisfies BridgeStart);
});
worker.terminate();
close();
rmSync(dir, { recursive: true, force: true });

const ratio = result.bridged / result.direct;
console.log(`host call bv_get(stockitem), ${calls} calls per round, best of 3 rounds (µs per call):`);
console.log(`  direct: the plugin's thread runs the service on its own connection   ${result.direct.toFixed(1)}`);
console.log(`  bridged: handed to the main thread's async service, Atomics.wait     ${result.bridged.toFixed(1)}   (×${ratio.toFixed(2)})`);
console.log(JSON.stringify({ calls, direct_us: result.direct, bridged_us: result.bridged, ratio }));
process.exit(0);
