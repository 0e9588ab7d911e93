/**
 * Text order on PostgreSQL whatever the database's collation (server/db/dialect.ts, pgByteOrder):
 * lists answer in SQLite's byte order on a database whose default collation is ICU's "en-US" (which
 * sorts "_" and case differently), and the server says that indexes cannot serve those orderings
 * there; on a "C" database (the test cluster's default) it has nothing to say.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { openBackend } from "../server/db/open.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { describeWithPostgres } from "./support/postgres.ts";

const NAMES = ["b", "B", "a", "_x", "A", "Z", "é"];
/** JavaScript's default sort compares UTF-16 code units: byte order for these. */
const BYTE_ORDER = [...NAMES].sort();

// Its apps serve from PostgreSQL, which binds this process's tables to PostgreSQL (db/tables.ts): on
// the PostgreSQL pass only (tests/postgres-suite.txt), where every app does.
const onPostgresPass = process.env.BINVENTORY_TEST_DATABASE === "postgres";
if (!onPostgresPass) describe.skip("postgres collation (on the PostgreSQL pass: tests/postgres-suite.txt)", () => test("skipped", () => {}));
else describeWithPostgres("postgres collation", (pg) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  async function icuDatabase(): Promise<string> {
    const name = `${pg.name}_icu`;
    const admin = new SQL({ url: pg.cluster.url("postgres"), max: 1 });
    try {
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`);
    } finally {
      await admin.close();
    }
    return pg.cluster.url(name);
  }

  /** A test app on `url` holding NAMES as parts; `names(ordering)` lists them. */
  async function appWithParts(url: string): Promise<(ordering: string) => Promise<string[]>> {
    const t = await makeTestApp({ env: { BINVENTORY_DATABASE_URL: url } });
    apps.push(t);
    const cat = await t.call("POST", "/api/part/category/", { name: "Letters" });
    expect(cat.status).toBe(201);
    for (const name of NAMES) expect((await t.call("POST", "/api/part/", { name, category: cat.body.pk, description: name })).status).toBe(201);
    return async (ordering) => {
      const r = await t.call("GET", `/api/part/?ordering=${ordering}&limit=50`);
      expect(r.status).toBe(200);
      return (r.body.results as { name: string }[]).map((p) => p.name);
    };
  }

  test("a database whose collation is not byte order: the same order as SQLite, and a warning", async () => {
    const url = await icuDatabase();
    const names = await appWithParts(url);
    // ICU en-US puts "_x" first and "a" before "B"; SQLite (and this list) order by bytes.
    expect(await names("name")).toEqual(BYTE_ORDER);
    expect(await names("-name")).toEqual([...BYTE_ORDER].reverse());
    const opened = await openBackend({ kind: "postgres", url }, { triggers: [] });
    try {
      expect(opened.warnings).toHaveLength(1);
      expect(opened.warnings[0]).toContain("does not order text by bytes");
    } finally {
      await opened.close();
    }
  });

  test("a \"C\" database: the same order, from the index, and no warning", async () => {
    const opened = await openBackend({ kind: "postgres", url: pg.url }, { triggers: [] });
    try {
      expect(opened.warnings).toEqual([]);
    } finally {
      await opened.close();
    }
    const names = await appWithParts(pg.url);
    expect(await names("name")).toEqual(BYTE_ORDER);
    expect(await names("-name")).toEqual([...BYTE_ORDER].reverse());
  });
});
