/**
 * The change feed between processes that share one database (issue 12, scale-out). What a process
 * keeps in memory from the database (today: plugin activation and priority, applied to its plugin
 * catalog) must follow a change made through another process within a second. A write that changes
 * such state calls `recordChange(tx, topic)` in its transaction: the topic's version in
 * `change_stamp` goes up with the commit (and on PostgreSQL a NOTIFY goes out with it). Each process
 * runs `watchChanges`: it reads the versions every `intervalMs` (one indexed read of a few rows)
 * and, on PostgreSQL, also as soon as a NOTIFY arrives; a topic whose version moved since the last
 * read is handed to `onChange`. Its own changes come back too: reloading is idempotent.
 *
 * Everything else is read from the database per request (tokens, settings, plugin settings), so it
 * needs no feed.
 */
import { sql } from "drizzle-orm";
import type { Database, Reads, Writes } from "./database.ts";
import { sqlFor } from "./dialect.ts";
import { changeStamps } from "./tables.ts";

/** The topics processes watch. */
export type ChangeTopic = "plugins";

/** The PostgreSQL NOTIFY channel the feed uses. */
const CHANGE_CHANNEL = "binventory_changes";

/** Raises `topic`'s version in the caller's transaction (on PostgreSQL, notifies at its commit). */
export async function recordChange(db: Writes, topic: ChangeTopic): Promise<void> {
  await db.write(async (tx) => {
    await tx.q
      .insert(changeStamps)
      .values({ topic, version: 1 })
      .onConflictDoUpdate({ target: changeStamps.topic, set: { version: sql`${changeStamps.version} + 1`, changed: sqlFor(tx).now } });
    if (tx.dialect === "postgres") await (tx.q as unknown as { execute(s: unknown): Promise<unknown> }).execute(sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${topic})`);
  });
}

async function versions(db: Reads): Promise<Map<string, number>> {
  const rows = await db.q.select({ topic: changeStamps.topic, version: changeStamps.version }).from(changeStamps);
  return new Map(rows.map((r) => [r.topic, r.version]));
}

/**
 * Calls `onChange(topic)` for each topic whose version moves after this call, until the returned
 * function is called. A failing read (database restarting) is logged by `onError` and retried at
 * the next tick; `onChange` runs once at a time.
 */
export async function watchChanges(
  database: Database,
  onChange: (topic: ChangeTopic) => Promise<void> | void,
  opts: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): Promise<() => Promise<void>> {
  let known = await versions(database);
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const check = async (): Promise<void> => {
    const now = await versions(database);
    for (const [topic, version] of now) {
      if (known.get(topic) !== version) await onChange(topic as ChangeTopic);
    }
    known = now;
  };
  // One check at a time; a wake-up during a check runs one more after it.
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = check()
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 500);
  timer.unref?.();
  const unlisten = database.listen ? await database.listen(CHANGE_CHANNEL, tick) : null;
  return async () => {
    stopped = true;
    clearInterval(timer);
    await unlisten?.();
    await running;
  };
}
