#!/usr/bin/env bun
/**
 * What the async database interface (server/db/database.ts) costs per query and per write against
 * the synchronous drizzle calls the services make today (issue 12; docs/data-layer.md):
 *   bun bench/async-db.ts [--n N]
 * On one temporary SQLite file with the demo data, in one run, interleaved rounds (best of 5):
 * a stock item by pk as a prepared statement and as a query built per call, each synchronous
 * (`.get()` on the request thread's connection) and awaited through `database.q` (the reader);
 * a one-row write as a synchronous drizzle transaction (BEGIN IMMEDIATE) and as `database.write`. The last line is one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "../server/db/client.ts";
import type { ReadQueries } from "../server/db/database.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { seedDemoData } from "../server/demo/seed.ts";
import { settings, stockItems } from "../server/db/tables.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("--n", 20_000);

const dir = mkdtempSync(join(tmpdir(), "bv-async-db-"));
const path = join(dir, "bench.sqlite");
const legacy = openDatabase(path, { durability: "normal" });
const database = openSqliteDatabase(path, { durability: "normal" });
await seedDemoData(database);
const pks = legacy.sqlite.query<{ id: number }, []>("SELECT id FROM stock_item ORDER BY id").all().map((r) => r.id);

const syncPrepared = legacy.db.select().from(stockItems).where(eq(stockItems.id, sql.placeholder("pk"))).prepare();
const asyncPrepared = (database.q as ReadQueries).select().from(stockItems).where(eq(stockItems.id, sql.placeholder("pk"))).prepare();

const cases: Record<string, () => unknown> = {
  "read by pk, prepared, sync .get()": () => {
    for (let i = 0; i < N; i++) syncPrepared.get({ pk: pks[i % pks.length] });
  },
  "read by pk, prepared, await database.q": async () => {
    for (let i = 0; i < N; i++) await asyncPrepared.get({ pk: pks[i % pks.length] });
  },
  "read by pk, built per call, sync .get()": () => {
    for (let i = 0; i < N; i++) legacy.db.select().from(stockItems).where(eq(stockItems.id, pks[i % pks.length])).get();
  },
  "read by pk, built per call, await database.q …limit(1)": async () => {
    for (let i = 0; i < N; i++) await database.q.select().from(stockItems).where(eq(stockItems.id, pks[i % pks.length])).limit(1);
  },
  "one-row write, synchronous drizzle transaction": () => {
    for (let i = 0; i < N / 10; i++) {
      legacy.db.transaction((tx) => tx.insert(settings).values({ key: "BENCH", value: String(i) }).onConflictDoUpdate({ target: settings.key, set: { value: String(i) } }).run(), { behavior: "immediate" });
    }
  },
  "one-row write, await database.write": async () => {
    for (let i = 0; i < N / 10; i++) {
      await database.write((tx) => tx.q.insert(settings).values({ key: "BENCH", value: String(i) }).onConflictDoUpdate({ target: settings.key, set: { value: String(i) } }));
    }
  },
};

const best: Record<string, number> = {};
for (let round = 0; round < 5; round++) {
  for (const [name, run] of Object.entries(cases)) {
    const started = Bun.nanoseconds();
    await run();
    const calls = name.startsWith("one-row write") ? N / 10 : N;
    const micros = (Bun.nanoseconds() - started) / 1000 / calls;
    best[name] = Math.min(best[name] ?? Infinity, micros);
  }
}
database.close();
legacy.close();
rmSync(dir, { recursive: true, force: true });

console.log(`µs per call, best of 5 interleaved rounds (${N} reads, ${N / 10} writes per round; durability normal):`);
for (const [name, micros] of Object.entries(best)) console.log(`  ${name.padEnd(58)} ${micros.toFixed(2).padStart(7)}`);
console.log(JSON.stringify({ n: N, micros: best }));
