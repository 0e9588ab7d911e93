/**
 * Every write transaction in server/ goes through server/db/write.ts (the synchronous services) or
 * the async database's writer (server/db/sqlite-database.ts), both `BEGIN IMMEDIATE`, so no new
 * code can bring back a deferred transaction that fails with "database is locked" when another
 * connection writes first (issue 10; tests/concurrency-writes.test.ts shows the failure it
 * prevents), and nothing opens a connection that writes around the async writer's mutex.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
const HELPER = "server/db/write.ts";
const ASYNC_WRITER = "server/db/sqlite-database.ts";
/** Nested writes (SAVEPOINT) and COMMIT/ROLLBACK, shared by the async implementations. */
const TRANSACTIONS = "server/db/transactions.ts";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Code lines only: line comments and JSDoc lines say `.transaction(` without calling it. */
const codeLines = (text: string) =>
  text.split("\n").map((line, i) => ({ line: line.trim(), no: i + 1 })).filter(({ line }) => !line.startsWith("//") && !line.startsWith("*") && !line.startsWith("/*"));

describe("write transactions", () => {
  test("no `.transaction(` and no hand-written BEGIN, SAVEPOINT or COMMIT outside the two writers", () => {
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, "server"))) {
      // PostgreSQL's transactions (server/db/pg/) have no deferred-upgrade failure to guard against.
      // triggers.ts installs the modules' triggers at start, in one transaction of its own.
      if (file === HELPER || file === ASYNC_WRITER || file === TRANSACTIONS || file === "server/db/triggers.ts" || file.includes("/migrations/") || file.startsWith("server/db/pg/")) continue;
      for (const { line, no } of codeLines(readFileSync(join(ROOT, file), "utf8"))) {
        if (/\.transaction\s*\(/.test(line) || /["'`]\s*BEGIN\b/i.test(line)) offenders.push(`${file}:${no}: ${line}`);
        // copy-db (server/db/copy/) is a command run with the server stopped: it ends its own transactions.
        if (!file.startsWith("server/db/copy/") && /["'`]\s*(SAVEPOINT|COMMIT|RELEASE|ROLLBACK)\b/.test(line)) offenders.push(`${file}:${no}: ${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("every SQLite connection is opened by server/db/client.ts, set up alike", () => {
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, "server"))) {
      if (file === "server/db/client.ts") continue;
      for (const { line, no } of codeLines(readFileSync(join(ROOT, file), "utf8"))) {
        if (/new\s+Database\s*\(|Database\.open\s*\(/.test(line)) offenders.push(`${file}:${no}: ${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("services run no synchronous query: every query is awaited on the async database, on either backend", () => {
    // `.get()`, `.all()`, `.run()` and `.values()` without arguments are drizzle's synchronous
    // SQLite calls (PostgreSQL's drizzle has none): a service awaits its query, and writes through
    // `db.write`. Nothing outside server/db/ may hold a synchronous handle either.
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, "server"))) {
      if (file.startsWith("server/db/")) continue;
      for (const { line, no } of codeLines(readFileSync(join(ROOT, file), "utf8"))) {
        // A prepared statement's `.get()`/`.all()` is awaited (it answers a promise on PostgreSQL).
        const syncCall = /\.(get|all|run)\(\)/.test(line) && !/\bawait\b/.test(line);
        if (syncCall || /\b(writeTransaction|legacy)\s*\(/.test(line) || /\bctx\.(db|sqlite)\b/.test(line)) offenders.push(`${file}:${no}: ${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the async writer takes the write lock up front and holds its mutex until the end", () => {
    const text = readFileSync(join(ROOT, ASYNC_WRITER), "utf8");
    expect(text).toContain('"BEGIN IMMEDIATE"');
    expect(text).toContain("this.mutex.release()");
    expect(text).toContain("readonly: true");
  });

  test("copy-db's held write takes the write lock up front", () => {
    expect(readFileSync(join(ROOT, HELPER), "utf8")).toContain('"BEGIN IMMEDIATE"');
  });
});
