/**
 * tests/postgres-suite.txt lists the files .ci/run runs again with every test app on PostgreSQL:
 * every test file that makes a test app (imports tests/support/app.ts), but the two its header names.
 * This keeps the rule checked rather than remembered: a new app-level file fails here until listed.
 */
import { expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dir;
const NOT_LISTED = ["copy-db.test.ts", "plugin-slice-bound.test.ts"];

test("every file that makes a test app runs on the PostgreSQL pass, but the two named in the header", () => {
  const listed = readFileSync(join(dir, "postgres-suite.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  expect(listed.filter((f) => !existsSync(join(dir, f)))).toEqual([]);
  expect(listed).toEqual([...new Set(listed)].sort());
  const appLevel = readdirSync(dir)
    .filter((f) => f.endsWith(".test.ts") && /from "\.\/support\/app\.ts"/.test(readFileSync(join(dir, f), "utf8")))
    .sort();
  expect(appLevel.filter((f) => !listed.includes(f) && !NOT_LISTED.includes(f))).toEqual([]);
  for (const f of NOT_LISTED) expect(readFileSync(join(dir, "postgres-suite.txt"), "utf8")).toContain(f.replace(".test.ts", ""));
});
