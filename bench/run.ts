/**
 * `npm run bench`: loads every suite in bench/cases/, runs each case under autocannon (a separate
 * Node process) against servers in their own processes, and reports requests/s and p50/p99
 * latency as ratios to the bare Bun.serve baseline measured in the same run.
 *
 *   bun bench/run.ts [filter…] [--duration S] [--warmup S] [--connections N] [--stock N]
 *
 * Filters are substrings of suite or case names; the baseline always runs. The last line of
 * output is one JSON object with every number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer, stopAllChildren } from "./lib/children.ts";
import { loadTest, preflight } from "./lib/load.ts";
import { type CaseOutcome, formatTable, ratiosFor, summaryJson } from "./lib/report.ts";
import type { BenchCase, BenchContext, BenchOptions, BenchSuite, StartedSuite } from "./lib/types.ts";

const ROOT = join(import.meta.dir, "..");
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function parseOptions(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    durationSeconds: Number(process.env.BENCH_DURATION ?? 5),
    warmupSeconds: Number(process.env.BENCH_WARMUP ?? 1),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
    stockItems: Number(process.env.BENCH_STOCK ?? 10_000),
    filters: [],
  };
  const numeric: Record<string, keyof Omit<BenchOptions, "filters">> = { "--duration": "durationSeconds", "--warmup": "warmupSeconds", "--connections": "connections", "--stock": "stockItems" };
  for (let i = 0; i < argv.length; i++) {
    const key = numeric[argv[i]];
    if (key) opts[key] = Number(argv[++i]);
    else if (argv[i].startsWith("--")) throw new Error(`unknown option ${argv[i]}`);
    else opts.filters.push(argv[i]);
  }
  for (const [flag, key] of Object.entries(numeric)) {
    const v = opts[key];
    if (!Number.isFinite(v) || v < 0 || (key !== "warmupSeconds" && v === 0)) throw new Error(`${flag} must be a positive number, got ${v}`);
  }
  // Bounded by design: a typo must not start an hour-long run.
  if (opts.durationSeconds > 60 || opts.warmupSeconds > 30) throw new Error("--duration is at most 60 s and --warmup at most 30 s");
  return opts;
}

function isSuite(x: unknown): x is BenchSuite {
  const s = x as Partial<BenchSuite> | null;
  return !!s && typeof s.name === "string" && typeof s.order === "number" && typeof s.start === "function";
}

/** Every bench/cases/*.ts file's default export, in `order`. */
async function loadSuites(): Promise<BenchSuite[]> {
  const dir = join(ROOT, "bench", "cases");
  const files = [...new Bun.Glob("*.ts").scanSync(dir)].sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const mod = (await import(join(dir, file))) as { default?: unknown };
    if (!isSuite(mod.default)) throw new Error(`bench/cases/${file} must default-export a BenchSuite`);
    suites.push(mod.default);
  }
  return suites.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/** Starts one suite, runs its selected cases one after another, and always stops it. */
async function runSuite(ctx: BenchContext, suite: BenchSuite, selected: (c: BenchCase) => boolean): Promise<CaseOutcome[]> {
  const { options } = ctx;
  log(`suite ${suite.name}: starting`);
  let started: StartedSuite;
  try {
    started = await suite.start(ctx);
  } catch (e) {
    const error = (e as Error).message.split("\n")[0];
    log(`suite ${suite.name} failed to start: ${error}`);
    return [{ suite: suite.name, name: suite.name, label: `${suite.name} (start)`, baseline: false, error }];
  }
  const outcomes: CaseOutcome[] = [];
  try {
    for (const c of started.cases.filter(selected)) {
      const outcome: CaseOutcome = { suite: suite.name, name: c.name, label: c.label, baseline: c.baseline === true };
      try {
        await preflight(started.url, c.request);
        log(`${c.name}: ${options.warmupSeconds}s warm-up + ${options.durationSeconds}s at ${options.connections} connections`);
        outcome.result = await loadTest(ROOT, started.url, c.request, options);
      } catch (e) {
        outcome.error = (e as Error).message.split("\n")[0];
        log(`${c.name} failed: ${outcome.error}`);
      }
      outcomes.push(outcome);
    }
  } finally {
    await started.stop();
  }
  return outcomes;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const tmpDir = mkdtempSync(join(tmpdir(), "binventory-bench-"));
  const bun = join(ROOT, "node_modules", ".bin", "bun");
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("BINVENTORY_")) childEnv[k] = v;
  const ctx: BenchContext = {
    root: ROOT,
    tmpDir,
    bun,
    options,
    log,
    spawnServer: (name, cmd, env = {}) => spawnServer(name, cmd, { cwd: ROOT, env: { ...childEnv, ...env } }),
  };
  const interrupted = async () => {
    log("interrupted: stopping children");
    await stopAllChildren();
    rmSync(tmpDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);

  const outcomes: CaseOutcome[] = [];
  const wanted = (suite: string, name: string, baseline: boolean) =>
    baseline || options.filters.length === 0 || options.filters.some((f) => suite.includes(f) || name.includes(f));
  try {
    const suites = await loadSuites();
    for (const suite of suites) outcomes.push(...(await runSuite(ctx, suite, (c) => wanted(suite.name, c.name, c.baseline === true))));
    // The baseline again at the end: on a shared machine the two runs show how much the ground moved.
    const base = suites.find((s) => s.order === 0);
    if (base) {
      const again = await runSuite(ctx, base, (c) => c.baseline === true);
      outcomes.push(...again.map((o) => ({ ...o, name: `${o.name}-again`, label: `${o.label} again` })));
    }
  } finally {
    await stopAllChildren();
    rmSync(tmpDir, { recursive: true, force: true });
  }

  const ratios = ratiosFor(outcomes);
  const env = { bun: Bun.version, node: Bun.spawnSync([Bun.which("node") ?? "node", "--version"]).stdout.toString().trim(), cpus: String(cpus().length), platform: `${process.platform}-${process.arch}` };
  console.log(`\nBinventory benchmarks: ${options.durationSeconds}s per case after ${options.warmupSeconds}s warm-up, ${options.connections} connections, loopback; ratios to the baseline (req/s: higher is better; latency: lower is better)\n`);
  console.log(formatTable(outcomes, ratios));
  console.log("");
  console.log(summaryJson(outcomes, ratios, options, env));
  const failed = outcomes.filter((o) => !o.result || o.result.non2xx > 0 || o.result.errors > 0);
  return failed.length ? 1 : 0;
}

try {
  process.exit(await main());
} catch (e) {
  log((e as Error).message);
  await stopAllChildren();
  process.exit(2);
}
