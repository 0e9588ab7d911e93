/**
 * Every write transaction in server/ goes through server/db/write.ts (`BEGIN IMMEDIATE`), so no
 * new code can bring back a deferred transaction that fails with "database is locked" when another
 * connection writes first (issue 10; tests/concurrency-writes.test.ts shows the failure it prevents).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
const HELPER = "server/db/write.ts";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Code lines only: line comments and JSDoc lines say `.transaction(` without calling it. */
const codeLines = (text: string) =>
  text.split("\n").map((line, i) => ({ line: line.trim(), no: i + 1 })).filter(({ line }) => !line.startsWith("//") && !line.startsWith("*") && !line.startsWith("/*"));

describe("write transactions", () => {
  test("no `.transaction(` and no hand-written BEGIN outside server/db/write.ts", () => {
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, "server"))) {
      // PostgreSQL's transactions (server/db/pg/) have no deferred-upgrade failure to guard against.
      if (file === HELPER || file.includes("/migrations/") || file.startsWith("server/db/pg/")) continue;
      for (const { line, no } of codeLines(readFileSync(join(ROOT, file), "utf8"))) {
        if (/\.transaction\s*\(/.test(line) || /["'`]\s*BEGIN\b/i.test(line)) offenders.push(`${file}:${no}: ${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the helper itself takes the write lock up front", () => {
    const text = readFileSync(join(ROOT, HELPER), "utf8");
    expect(text).toContain('behavior: "immediate"');
    expect(text).toContain(".immediate()");
  });
});
