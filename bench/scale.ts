/**
 * The scale suite (`npm run bench:scale`): how the client list routes grow with the stock table.
 * Builds (or reuses from bench/.cache/scale/) demo-shaped databases of 10k, 100k and 1M stock items
 * (lib/scale-seed.ts), then times every route of lib/scale-routes.ts in-process (app.handle, one
 * request at a time) on a copy of each, and prints p50/p95 per size and the growth ratio
 * largest/smallest size per route. Flags routes over 20 ms p50 and paged routes whose ratio is
 * over 2 (issue 12's "done when").
 *
 * Environment:
 *   SCALE_SIZES=10000,100000      sizes to run (default 10000,100000,1000000)
 *   SCALE_BUDGET_MS=2000          time spent sampling one route (at least SCALE_MIN_SAMPLES samples)
 *   SCALE_MIN_SAMPLES=10  SCALE_MAX_SAMPLES=200
 *   SCALE_ONLY=stock              only routes whose name contains this text
 *   SCALE_REBUILD=1               ignore the cache
 *   SCALE_STRICT=1                exit 1 when any route is flagged
 *   SCALE_BACKENDS=sqlite,postgres  backends to measure (default: both when PostgreSQL's binaries
 *                                 are installed, else sqlite). PostgreSQL runs in a child process
 *                                 (a process serves one backend: server/db/tables.ts) on a throwaway
 *                                 cluster, each size copied from the SQLite database by copy-db.
 * The last line of output is one JSON object with every number; with both backends, a table puts
 * each route's p50 on SQLite and PostgreSQL side by side.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SQL } from "bun";
import { Database as SqliteConnection } from "bun:sqlite";
import { copyDatabase } from "../server/db/copy/copy-db.ts";
import { makeTestApp } from "../tests/support/app.ts";
import { startThrowawayPostgres } from "../tests/support/postgres.ts";
import { buildScaleDatabase } from "./lib/scale-seed.ts";
import { resultCount, type ScaleRoute, scaleRoutes } from "./lib/scale-routes.ts";

const P50_LIMIT_MS = 20;
const RATIO_LIMIT = 2;

const env = process.env;
const sizes = (env.SCALE_SIZES ?? "10000,100000,1000000").split(",").map((s) => Number(s.trim().replace(/_/g, "")));
if (sizes.some((s) => !Number.isInteger(s) || s < 1000)) throw new Error(`SCALE_SIZES: integers ≥ 1000 separated by commas, got ${env.SCALE_SIZES}`);
sizes.sort((a, b) => a - b);
const budgetMs = Number(env.SCALE_BUDGET_MS ?? 2000);
const minSamples = Number(env.SCALE_MIN_SAMPLES ?? 10);
const maxSamples = Number(env.SCALE_MAX_SAMPLES ?? 200);

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const cacheDir = here("./.cache/scale/");

/** The schema (the migrations) and the generator: a change to either makes a new cache entry. */
function schemaHash(): string {
  const h = createHash("sha256");
  const migrations = here("../server/db/migrations/");
  for (const f of readdirSync(migrations).filter((f) => f.endsWith(".sql")).sort()) h.update(f).update(readFileSync(join(migrations, f)));
  h.update(readFileSync(join(migrations, "meta/_journal.json")));
  h.update(readFileSync(here("./lib/scale-seed.ts")));
  return h.digest("hex").slice(0, 12);
}

/** The cached database for `size`, built first if missing; returns its path and how long a build took. */
async function cachedDatabase(size: number, hash: string): Promise<{ path: string; built?: number }> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `scale-${size}-${hash}.sqlite`);
  if (existsSync(path) && !env.SCALE_REBUILD) return { path };
  // Older builds of this size (another schema) are dropped: they are hundreds of MB each.
  for (const f of readdirSync(cacheDir)) if (f.startsWith(`scale-${size}-`)) rmSync(join(cacheDir, f), { force: true });
  const partial = `${path}.building`;
  const stats = await buildScaleDatabase(partial, size);
  for (const suffix of ["-wal", "-shm"]) rmSync(partial + suffix, { force: true });
  renameSync(partial, path);
  console.log(`built ${size.toLocaleString("en")} items in ${stats.seconds.toFixed(1)} s: ${Object.entries(stats.rows).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}`);
  return { path, built: stats.seconds };
}

interface Timing {
  p50: number;
  p95: number;
  samples: number;
  rows: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

async function measureSize(size: number, hash: string): Promise<{ timings: Map<string, Timing>; routes: ScaleRoute[]; built?: number }> {
  const cached = await cachedDatabase(size, hash);
  // Each run works on a copy: the barcode scans write history, and the cache must stay as built.
  const dir = mkdtempSync(join(tmpdir(), "binventory-scale-"));
  const dbPath = join(dir, "scale.sqlite");
  let target: Record<string, string>;
  if (pgUrl) {
    const url = pgUrl.replace(/\/[^/]*$/, `/scale_${size}`);
    const admin = new SQL({ url: pgUrl, max: 1 });
    await admin.unsafe(`DROP DATABASE IF EXISTS scale_${size}`);
    await admin.unsafe(`CREATE DATABASE scale_${size}`);
    await admin.close();
    const started = performance.now();
    await copyDatabase({ kind: "sqlite", path: cached.path }, { kind: "postgres", url }, { batchRows: 5000 });
    // The copy leaves gigabytes of dirty buffers that the checkpointer would write out, spread over
    // minutes (checkpoint_completion_target), under the timings: flush them now, so every size is
    // measured in the steady state a server runs in, not in its bulk load's aftermath.
    const flush = new SQL({ url: pgUrl, max: 1 });
    await flush.unsafe("CHECKPOINT");
    await flush.close();
    console.log(`  copied ${size.toLocaleString("en")} items to PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    target = { BINVENTORY_DATABASE_URL: url };
  } else {
    copyFileSync(cached.path, dbPath);
    target = { BINVENTORY_DB: dbPath };
  }
  const t = await makeTestApp({ env: target });
  const timings = new Map<string, Timing>();
  let routes: ScaleRoute[] = [];
  // The routes' pks are looked up in the SQLite database (copy-db keeps every id).
  const lookup = new SqliteConnection(cached.path, { readonly: true });
  try {
    routes = scaleRoutes(lookup).filter((r) => !env.SCALE_ONLY || r.name.includes(env.SCALE_ONLY));
    for (const route of routes) {
      if (route.storeScans) {
        for (const [key, value] of [["BARCODE_STORE_RESULTS", true], ["BARCODE_RESULTS_MAX_NUM", 10_000_000]] as const) {
          const r = await t.call("PATCH", `/api/settings/global/${key}/`, { value }, "superuser");
          if (r.status !== 200) throw new Error(`setting ${key}: ${r.status} ${r.text}`);
        }
      }
      const first = await t.call(route.method, route.path, route.body, "staff");
      if (first.status !== 200) throw new Error(`${route.name} (${route.method} ${route.path}): ${first.status} ${first.text.slice(0, 300)}`);
      const rows = resultCount(first.body);
      if (rows === 0) throw new Error(`${route.name}: empty answer, nothing would be measured`);
      for (let i = 0; i < 2; i++) await t.call(route.method, route.path, route.body, "staff");
      const times: number[] = [];
      const until = performance.now() + budgetMs;
      while (times.length < maxSamples && (times.length < minSamples || performance.now() < until)) {
        const s = Bun.nanoseconds();
        const r = await t.call(route.method, route.path, route.body, "staff");
        times.push((Bun.nanoseconds() - s) / 1e6);
        if (r.status !== 200) throw new Error(`${route.name}: ${r.status}`);
      }
      times.sort((a, b) => a - b);
      const timing = { p50: quantile(times, 0.5), p95: quantile(times, 0.95), samples: times.length, rows };
      timings.set(route.name, timing);
      console.log(`  ${size.toLocaleString("en").padStart(9)}  ${route.name.padEnd(36)} p50 ${fmt(timing.p50)}  p95 ${fmt(timing.p95)}  n ${String(timing.samples).padStart(3)}  rows ${rows.toLocaleString("en")}`);
    }
  } finally {
    lookup.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { timings, routes, built: cached.built };
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1).padStart(7);
const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** This process's backend: PostgreSQL when the parent handed it a cluster (SCALE_PG_URL), else SQLite. */
const pgUrl = env.SCALE_PG_URL;
const backends = (env.SCALE_BACKENDS ?? (pgUrl ? "postgres" : havePostgres() ? "sqlite,postgres" : "sqlite")).split(",").map((b) => b.trim());

function havePostgres(): boolean {
  return existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(join("/usr/lib/postgresql", v, "bin", "initdb")));
}

const hash = schemaHash();
// The parent measures SQLite itself and PostgreSQL in a child (one backend per process), then prints both.
let pgSummary: Record<string, { p50: Record<string, number> }> | null = null;
if (!pgUrl && backends.includes("postgres")) {
  const cluster = await startThrowawayPostgres();
  // The SQLite caches first (the child reuses them).
  for (const size of sizes) await cachedDatabase(size, hash);
  const child = Bun.spawn([process.execPath, fileURLToPath(import.meta.url)], { env: { ...env, SCALE_PG_URL: await cluster.createDatabase("scale_admin"), SCALE_BACKENDS: "postgres", SCALE_STRICT: "" }, stdout: "pipe", stderr: "inherit" });
  // Line by line: a chunk may end inside a line, and the last line is the child's JSON summary.
  let pending = "";
  let last = "";
  const decoder = new TextDecoder();
  const emit = (line: string) => {
    process.stdout.write(`[postgres] ${line}\n`);
    if (line.trim()) last = line;
  };
  for await (const chunk of child.stdout) {
    const lines = (pending + decoder.decode(chunk, { stream: true })).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) emit(line);
  }
  if (pending) emit(pending);
  if ((await child.exited) !== 0) throw new Error("the PostgreSQL run failed");
  pgSummary = JSON.parse(last).routes;
  cluster.stop();
}
if (!backends.includes("sqlite") && !pgUrl) process.exit(0);
console.log(`scale suite (${pgUrl ? "PostgreSQL" : "SQLite"}): sizes ${sizes.map(label).join(", ")}; schema+generator ${hash}; cache ${cacheDir}`);
const results: { size: number; timings: Map<string, Timing>; built?: number }[] = [];
let routes: ScaleRoute[] = [];
for (const size of sizes) {
  const r = await measureSize(size, hash);
  results.push({ size, ...r });
  routes = r.routes;
}

for (const { size, timings } of results) {
  console.log(`\n${label(size)} stock items (ms)`);
  console.log(`${"route".padEnd(38)}${"p50".padStart(8)}${"p95".padStart(8)}`);
  for (const route of routes) {
    const t = timings.get(route.name);
    if (t) console.log(`${route.name.padEnd(38)}${fmt(t.p50).padStart(8)}${fmt(t.p95).padStart(8)}${t.p50 > P50_LIMIT_MS ? "  > 20 ms" : ""}`);
  }
}

const small = results[0];
const large = results[results.length - 1];
const ratioName = `${label(large.size)}/${label(small.size)}`;
console.log(`\np50 (ms) by size, growth ratio ${ratioName}; flags: p50 > ${P50_LIMIT_MS} ms at ${label(large.size)}, ratio > ${RATIO_LIMIT} on a paged route`);
console.log(`${"route".padEnd(38)}${results.map((r) => label(r.size).padStart(9)).join("")}${ratioName.padStart(10)}  flags`);
const summary: Record<string, { p50: Record<string, number>; p95: Record<string, number>; ratio: number; paged: boolean; flags: string[] }> = {};
let flagged = 0;
for (const route of routes) {
  const a = small.timings.get(route.name);
  const b = large.timings.get(route.name);
  if (!a || !b) continue;
  const ratio = b.p50 / a.p50;
  const flags: string[] = [];
  if (b.p50 > P50_LIMIT_MS) flags.push(`p50>${P50_LIMIT_MS}ms`);
  if (route.paged && results.length > 1 && ratio > RATIO_LIMIT) flags.push(`ratio>${RATIO_LIMIT}`);
  if (flags.length) flagged++;
  summary[route.name] = {
    p50: Object.fromEntries(results.map((r) => [r.size, round(r.timings.get(route.name)?.p50 ?? Number.NaN)])),
    p95: Object.fromEntries(results.map((r) => [r.size, round(r.timings.get(route.name)?.p95 ?? Number.NaN)])),
    ratio: round(ratio),
    paged: route.paged,
    flags,
  };
  console.log(`${route.name.padEnd(38)}${results.map((r) => fmt(r.timings.get(route.name)?.p50 ?? Number.NaN).padStart(9)).join("")}${ratio.toFixed(1).padStart(10)}  ${flags.join(" ")}`);
}
console.log(`\n${flagged} of ${Object.keys(summary).length} routes flagged`);
if (pgSummary) {
  console.log(`\np50 (ms) at ${label(large.size)}, SQLite vs PostgreSQL (same routes, same data: copy-db)`);
  console.log(`${"route".padEnd(38)}${"SQLite".padStart(9)}${"Postgres".padStart(10)}${"PG/SQLite".padStart(11)}`);
  for (const route of routes) {
    const a = summary[route.name]?.p50[large.size];
    const b = pgSummary[route.name]?.p50[large.size];
    if (a === undefined || b === undefined) continue;
    console.log(`${route.name.padEnd(38)}${fmt(a).padStart(9)}${fmt(b).padStart(10)}${(b / a).toFixed(1).padStart(11)}${b > P50_LIMIT_MS ? "  > 20 ms" : ""}`);
    if (b > P50_LIMIT_MS) flagged++;
  }
}
console.log(JSON.stringify({ suite: "scale", backend: pgUrl ? "postgres" : "sqlite", postgres: pgSummary ?? undefined, sizes, schema: hash, seedSeconds: Object.fromEntries(results.filter((r) => r.built !== undefined).map((r) => [r.size, round(r.built as number)])), routes: summary, flagged }));
if (env.SCALE_STRICT && flagged) process.exit(1);

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
