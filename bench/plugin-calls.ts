#!/usr/bin/env bun
/**
 * Plugin host costs, in-process (no HTTP), as ratios to a bare Extism call + reset of the same
 * module measured in the same run:
 *  - bare: @extism/extism createPlugin + call + reset (the floor any host pays on this SDK);
 *  - host inline: Binventory's call path (metered module, limits, host-function binding, JSON
 *    in/out, ABI output validation, per-instance queue) on the calling thread;
 *  - host worker: the same through the worker pool (postMessage round trip);
 *  - host process: the same through the plugin-process pool (IPC round trip to a child process),
 *    as the server runs calls that leave the inline slice;
 *  - host hybrid (the server's default): a call that fits its inline slice, so it runs inline; it
 *    should cost what inline does (the slice and the process pool beside it add nothing per call);
 *  - start time of the registry with 20 plugins (discovery, validation, metering, compile, workers).
 * The last line is one JSON object with every number.
 * Usage: bun bench/plugin-calls.ts [--calls N] [--cases bare,inline,hybrid,worker,process,start] (default: all)
 */
import createPlugin, { type CallContext } from "@extism/extism";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/client.ts";
import { createPluginStore } from "../server/db/plugin-store.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { createLogger } from "../server/core/log.ts";
import type { Executor } from "../server/plugin-host/executor.ts";
import { DEFAULT_HYBRID, HybridExecutor } from "../server/plugin-host/executor-hybrid.ts";
import { InlineExecutor } from "../server/plugin-host/executor-inline.ts";
import { ProcessPoolExecutor } from "../server/plugin-host/executor-processes.ts";
import { PLUGIN_WORKER_URL } from "../server/plugin-bridge/worker-url.ts";
import { WorkerPoolExecutor } from "../server/plugin-host/executor-workers.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { PluginRegistry } from "../server/plugin-host/registry.ts";
import { makePluginsDir } from "./lib/plugins-dir.ts";

const root = join(import.meta.dir, "..");
const argCalls = process.argv.indexOf("--calls");
const CALLS = argCalls > 0 ? Number(process.argv[argCalls + 1]) : 20_000;
const argCases = process.argv.indexOf("--cases");
const CASES = new Set(argCases > 0 ? (process.argv[argCases + 1] ?? "").split(",") : ["bare", "inline", "hybrid", "worker", "process", "start"]);
const ROUNDS = 5;
const input = { action: "echo", data: { item: 12, quantity: 3 }, user: null };
const inputText = JSON.stringify(input);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ns per call, median of ROUNDS rounds of CALLS calls each. */
async function measure(call: () => Promise<unknown>, calls = CALLS): Promise<number> {
  for (let i = 0; i < Math.min(2000, calls); i++) await call(); // warm-up: let the JIT settle
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = Bun.nanoseconds();
    for (let i = 0; i < calls; i++) await call();
    rounds.push((Bun.nanoseconds() - t0) / calls);
  }
  return median(rounds);
}

const tmp = mkdtempSync(join(tmpdir(), "binventory-bench-plugins-"));
const log = createLogger("error");
try {
  // The same module in every case: the WAT echo example (one bv_log host call per call).
  const pluginsDir = join(tmp, "plugins");
  makePluginsDir(root, pluginsDir, { examples: ["echo"] });
  const wasm = readFileSync(join(pluginsDir, "echo", "plugin.wasm"));
  const envelope = JSON.stringify({ ok: true, data: null });
  let bareNs = Number.NaN;
  if (CASES.has("bare")) {
    const bare = await createPlugin(
      { wasm: [{ data: wasm }] },
      { useWasi: false, runInWorker: false, functions: { "extism:host/user": { bv_log: (cp: CallContext, _off: bigint) => cp.store(envelope) } } },
    );
    bareNs = await measure(async () => {
      const out = await bare.call("action_run", inputText);
      out?.bytes();
      await bare.reset();
    });
    await bare.close();
  }

  const { sqlite, close } = openDatabase(join(tmp, "bench.sqlite"));
  const database = openSqliteDatabase(join(tmp, "bench.sqlite"));
  const meta = { user: null, requestId: undefined };
  const config = { dbPath: join(tmp, "bench.sqlite"), logLevel: "error" as const };
  /** ns per call of the echo plugin through a registry on the given executor. */
  const hostNs = async (name: string, makeExecutor: () => Executor, calls = CALLS) => {
    if (!CASES.has(name)) return Number.NaN;
    const reg = new PluginRegistry(createPluginStore(database), { pluginsDir }, log, makeExecutor);
    await reg.start();
    const ns = await measure(() => reg.call("echo", "action_run", input, meta), calls);
    // The hybrid case measures the common case only if every call fitted its slice.
    const ran = reg.find("echo")?.stats.ran;
    if (name === "hybrid" && ran?.worker !== 0) throw new Error(`hybrid: ${ran?.worker} calls left the inline slice`);
    await reg.close();
    return ns;
  };
  const inlineNs = await hostNs("inline", () => new InlineExecutor(createHostServices({ database, log })));
  const hybridNs = await hostNs("hybrid", () => new HybridExecutor(new InlineExecutor(createHostServices({ database, log })), new ProcessPoolExecutor(config, 2, log), DEFAULT_HYBRID));
  const workerNs = await hostNs("worker", () => new WorkerPoolExecutor(PLUGIN_WORKER_URL, config, 2, log, { host: createHostServices({ database, log }) }), Math.min(CALLS, 5000));
  const processNs = await hostNs("process", () => new ProcessPoolExecutor(config, 2, log), Math.min(CALLS, 5000));

  // Start time: 20 plugins (5 copies of each of the four examples), worker pool of 2, median of 3.
  const twenty = join(tmp, "twenty");
  makePluginsDir(root, twenty, { examples: ["count-location", "echo", "low-stock", "take-from-stock"], copies: 5 });
  const none = join(tmp, "none");
  const startMs = async (dir: string) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const reg = new PluginRegistry(createPluginStore(database), { pluginsDir: dir }, log, () => new WorkerPoolExecutor(PLUGIN_WORKER_URL, config, 2, log, { host: createHostServices({ database, log }) }));
      const t0 = performance.now();
      await reg.start();
      times.push(performance.now() - t0);
      if (dir === twenty && reg.callable().length !== 20) throw new Error(`expected 20 plugins, loaded ${reg.callable().length}`);
      await reg.close();
    }
    return median(times);
  };
  const start0 = CASES.has("start") ? await startMs(none) : Number.NaN;
  const start20 = CASES.has("start") ? await startMs(twenty) : Number.NaN;
  database.close();
  close();

  const all: [string, string, string][] = [
    ["bare Extism call + reset (baseline)", `${(bareNs / 1000).toFixed(2)} µs`, "1.00"],
    ["Binventory host call, inline", `${(inlineNs / 1000).toFixed(2)} µs`, (inlineNs / bareNs).toFixed(2)],
    ["Binventory host call, hybrid (default)", `${(hybridNs / 1000).toFixed(2)} µs`, (hybridNs / bareNs).toFixed(2)],
    ["  hybrid ÷ inline", `${(hybridNs / inlineNs).toFixed(2)}×`, ""],
    ["Binventory host call, worker pool", `${(workerNs / 1000).toFixed(2)} µs`, (workerNs / bareNs).toFixed(2)],
    ["Binventory host call, plugin processes", `${(processNs / 1000).toFixed(2)} µs`, (processNs / bareNs).toFixed(2)],
    ["  plugin processes ÷ inline, ÷ worker pool", `${(processNs / inlineNs).toFixed(1)}×, ${(processNs / workerNs).toFixed(2)}×`, ""],
    ["registry start, no plugins (2 workers)", `${start0.toFixed(0)} ms`, ""],
    ["registry start, 20 plugins (2 workers)", `${start20.toFixed(0)} ms`, (start20 / start0).toFixed(2)],
  ];
  const rows = all.filter(([, value]) => !value.includes("NaN"));
  console.log(`\nPlugin host costs: ${CALLS} calls × ${ROUNDS} rounds (median), WAT echo plugin\n`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(42)} ${b.padStart(10)}  ${c && c !== "NaN" ? `×${c}` : ""}`);
  console.log(
    `\n${JSON.stringify({ bench: "plugin-calls", calls: CALLS, bare_ns: Math.round(bareNs), inline_ns: Math.round(inlineNs), hybrid_ns: Math.round(hybridNs), worker_ns: Math.round(workerNs), process_ns: Math.round(processNs), inline_ratio: +(inlineNs / bareNs).toFixed(3), worker_ratio: +(workerNs / bareNs).toFixed(3), process_ratio: +(processNs / bareNs).toFixed(3), process_vs_inline: +(processNs / inlineNs).toFixed(2), hybrid_vs_inline: +(hybridNs / inlineNs).toFixed(3), process_vs_worker: +(processNs / workerNs).toFixed(3), start_ms_0: Math.round(start0), start_ms_20: Math.round(start20) })}`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
