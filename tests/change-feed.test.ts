/**
 * The change feed (server/db/changes.ts) between two database handles on one database, as two
 * processes sharing it have: a change recorded through one reaches the other's watcher, within the
 * poll interval on SQLite, and at once (NOTIFY at commit) on PostgreSQL even with a long interval;
 * a rolled-back change reaches nobody.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChangeTopic, recordChange, watchChanges } from "../server/db/changes.ts";
import { openDatabase } from "../server/db/client.ts";
import type { Database } from "../server/db/database.ts";
import { migratePg, openPgDatabase } from "../server/db/pg/client.ts";
import { openPgAsyncDatabase } from "../server/db/pg/pg-database.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { describeWithPostgres } from "./support/postgres.ts";

/** Waits for the watcher to report, or fails after `ms`. */
function nextChange(seen: ChangeTopic[], ms: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (seen.length > 0) {
        clearInterval(t);
        resolve(performance.now() - start);
      } else if (performance.now() - start > ms) {
        clearInterval(t);
        reject(new Error(`no change within ${ms} ms`));
      }
    }, 5);
  });
}

async function feedBetween(a: Database, b: Database, intervalMs: number, within: number): Promise<void> {
  const seen: ChangeTopic[] = [];
  const stop = await watchChanges(b, (topic) => {
    seen.push(topic);
  }, { intervalMs });
  try {
    // A rolled-back change is not seen.
    await expect(a.write(async (tx) => {
      await recordChange(tx, "plugins");
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    await Bun.sleep(Math.min(intervalMs, within) + 100);
    expect(seen).toEqual([]);
    await recordChange(a, "plugins");
    await nextChange(seen, within);
    expect(seen).toEqual(["plugins"]);
  } finally {
    await stop();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bv-feed-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("SQLite: a change through one handle reaches the other's watcher within the poll interval", async () => {
  const path = join(dir, "feed.sqlite");
  openDatabase(path).close();
  const a = openSqliteDatabase(path);
  const b = openSqliteDatabase(path);
  try {
    await feedBetween(a, b, 200, 1000);
  } finally {
    a.close();
    b.close();
  }
});

describeWithPostgres("change feed on PostgreSQL", (pg) => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    const opened = openPgDatabase(pg.url, { max: 1 });
    await migratePg(opened);
    await opened.close();
    a = openPgAsyncDatabase(new SQL({ url: pg.url, max: 2 })) as unknown as Database;
    b = openPgAsyncDatabase(new SQL({ url: pg.url, max: 2 })) as unknown as Database;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test("NOTIFY wakes the other watcher at once, long before its poll", async () => {
    await feedBetween(a, b, 60_000, 1000);
  });
});
