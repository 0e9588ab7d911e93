/**
 * server/db/dialect.ts and the dialect-aware conditions of server/db/query.ts, differentially: each
 * fragment runs on SQLite (what the server has always run, the reference) and on PostgreSQL over
 * the same values, and the answers must be identical — the PostgreSQL spelling carries SQLite's
 * meaning (NOCASE folds ASCII only, CAST takes leading digits, max() propagates NULL, NULLs sort
 * first ascending, LIKE folds ASCII only, the trigram prefilter is a superset of the exact match).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type SQL, sql } from "drizzle-orm";
import type { Dialect, Reads } from "../server/db/database.ts";
import { openDatabase } from "../server/db/client.ts";
import { forUpdate, rawRows, sqlFor } from "../server/db/dialect.ts";
import { migratePg, type OpenPgDb, openPgDatabase } from "../server/db/pg/client.ts";
import { containsLike, searchCondition, searchIndexMatch, searchIndexPks } from "../server/db/query.ts";
import { describeWithPostgres } from "./support/postgres.ts";

/** Text values that tell the dialects apart when a fragment is spelled naively. */
const TEXTS: Array<string | null> = [
  "abc", "ABC", "Abc", "abd", "ß", "SS", "ss", "é", "É", "e\u0301", "Straße", "STRASSE", "ＡＢＣ",
  "12", "12b", "-3x", "  7", "+5", "0042", "b", "", null, "%", "_", "a\\b", "a%b", "x_y", "ǅ", "ı", "İ",
];

describeWithPostgres("SQL dialects: PostgreSQL answers as SQLite does", (pg) => {
  let sqliteClose: () => void;
  let pgOpen: OpenPgDb;
  const handles = {} as Record<Dialect, Reads<unknown>>;

  beforeAll(async () => {
    const opened = openDatabase(":memory:");
    sqliteClose = opened.close;
    handles.sqlite = { dialect: "sqlite", q: opened.db };
    pgOpen = openPgDatabase(pg.url, { max: 2 });
    await migratePg(pgOpen);
    handles.postgres = { dialect: "postgres", q: pgOpen.db };
  }, 120_000);
  afterAll(async () => {
    sqliteClose?.();
    await pgOpen?.close();
  });

  /** `SELECT <expr(v)> … FROM (the values as a one-column table v)`, on both backends. */
  const values = (list: Array<string | number | null>, type: "text" | "integer") =>
    sql.join(list.map((v) => sql`(CAST(${v} AS ${sql.raw(type)}))`), sql`, `);
  const both = async <T>(query: (d: Dialect) => SQL): Promise<Record<Dialect, T[]>> => ({
    sqlite: await rawRows<T>(handles.sqlite, query("sqlite")),
    postgres: await rawRows<T>(handles.postgres, query("postgres")),
  });
  const normal = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" || (typeof v === "string" && k === "n") ? Number(v) : v === 0 || v === 1 ? Boolean(v) : v])));

  test("equalsNoCase folds ASCII letters only, as COLLATE NOCASE", async () => {
    const r = await both<{ v: string | null; w: string; eq: unknown }>((d) =>
      sql`WITH t(v) AS (VALUES ${values(TEXTS, "text")}), u(w) AS (VALUES ${values(["abc", "é", "ß", "straße", "12b", ""], "text")})
          SELECT t.v AS v, u.w AS w, CASE WHEN ${sqlFor(d).equalsNoCase(sql`t.v`, sql`u.w` as unknown as string)} THEN 1 ELSE 0 END AS eq FROM t, u ORDER BY 1, 2`,
    );
    expect(r.postgres.length).toBe(TEXTS.length * 6);
    const key = (rows: Array<{ v: string | null; w: string; eq: unknown }>) => rows.map((x) => `${x.v}|${x.w}|${Number(x.eq)}`).sort();
    expect(key(r.postgres)).toEqual(key(r.sqlite));
    expect(key(r.sqlite)).toContain("ABC|abc|1");
    expect(key(r.sqlite)).toContain("É|é|0");
  });

  test("leadingInteger is CAST(text AS INTEGER): leading signed digits, 0 without, NULL for NULL", async () => {
    const r = await both<{ v: string | null; n: unknown }>((d) => sql`WITH t(v) AS (VALUES ${values(TEXTS, "text")}) SELECT t.v AS v, ${sqlFor(d).leadingInteger(sql`t.v`)} AS n FROM t`);
    const key = (rows: Array<{ v: string | null; n: unknown }>) => rows.map((x) => `${x.v}→${x.n === null ? "NULL" : Number(x.n)}`).sort();
    expect(key(r.postgres)).toEqual(key(r.sqlite));
    expect(key(r.sqlite)).toEqual(expect.arrayContaining(["12b→12", "-3x→-3", "  7→7", "b→0", "null→NULL"]));
  });

  test("greatest is two-argument max(): NULL when either side is NULL", async () => {
    const nums = [null, -2, 0, 3];
    const r = await both<{ a: unknown; b: unknown; m: unknown }>((d) =>
      sql`WITH t(a) AS (VALUES ${values(nums, "integer")}), u(b) AS (VALUES ${values(nums, "integer")}) SELECT t.a AS a, u.b AS b, ${sqlFor(d).greatest(sql`t.a`, sql`u.b`)} AS m FROM t, u`,
    );
    const key = (rows: Array<{ a: unknown; b: unknown; m: unknown }>) => rows.map((x) => `${x.a},${x.b}→${x.m === null ? "NULL" : Number(x.m)}`).sort();
    expect(key(r.postgres)).toEqual(key(r.sqlite));
    expect(key(r.sqlite)).toContain("null,3→NULL");
  });

  test("asc/desc order text by bytes with SQLite's NULL placement", async () => {
    for (const dir of ["asc", "desc"] as const) {
      // A text column orders under "C" on PostgreSQL (isTextColumn); this expression spells it out.
      const r = await both<{ v: string | null }>((d) => sql`WITH t(v) AS (VALUES ${values(TEXTS, "text")}) SELECT t.v AS v FROM t ORDER BY ${sqlFor(d)[dir](d === "postgres" ? sql`t.v COLLATE "C"` : sql`t.v`)}`);
      expect(r.postgres.map((x) => x.v)).toEqual(r.sqlite.map((x) => x.v));
      expect(r.sqlite[dir === "asc" ? 0 : TEXTS.length - 1]?.v).toBeNull();
    }
  });

  test("intsOfJson gives a JSON array's integers as one parameter", async () => {
    const json = JSON.stringify([3, 1, 2, 1000000]);
    const r = await both<{ value: unknown }>((d) => sql`SELECT value FROM (${sqlFor(d).intsOfJson(json)}) AS ids ORDER BY value`);
    expect(r.postgres.map((x) => Number(x.value))).toEqual(r.sqlite.map((x) => Number(x.value)));
    expect(r.sqlite.map((x) => Number(x.value))).toEqual([1, 2, 3, 1000000]);
    // Empty, one element, negatives, spaces (hand-written JSON), and the placeholder form prepared statements use.
    for (const [text, want] of [["[]", []], ["[7]", [7]], ["[-4, 5 ,6]", [-4, 5, 6]]] as const) {
      const e = await both<{ value: unknown }>((d) => sql`SELECT value FROM (${sqlFor(d).intsOfJson(text)}) AS ids ORDER BY value`);
      expect({ text, sqlite: e.sqlite.map((x) => Number(x.value)), postgres: e.postgres.map((x) => Number(x.value)) }).toEqual({ text, sqlite: [...want], postgres: [...want] });
    }
  });

  test("now has the stored timestamp form on both", async () => {
    const r = await both<{ t: string }>((d) => sql`SELECT ${sqlFor(d).now} AS t`);
    for (const d of ["sqlite", "postgres"] as const) expect(r[d][0]?.t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test("containsLike and searchCondition match the same values for every term", async () => {
    const terms = ["ab", "AB", "é", "É", "ss", "SS", "ß", "straße", "ＡＢ", "%", "_", "\\", "a%", "2b", "ı", "x_"];
    for (const term of terms) {
      const r = await both<{ v: string }>((d) => sql`WITH t(v) AS (VALUES ${values(TEXTS, "text")}) SELECT t.v AS v FROM t WHERE ${containsLike(sql`t.v`, term, d)} ORDER BY 1`);
      expect({ term, v: r.postgres.map((x) => x.v).sort() }).toEqual({ term, v: r.sqlite.map((x) => x.v).sort() });
    }
    const r = await both<{ v: string }>((d) => sql`WITH t(v) AS (VALUES ${values(TEXTS, "text")}) SELECT t.v AS v FROM t WHERE ${searchCondition("ab ABC", [sql`t.v`], Infinity, d)}`);
    expect(r.postgres.map((x) => x.v).sort()).toEqual(r.sqlite.map((x) => x.v).sort());
    expect(normal([{ n: "1" }])).toEqual([{ n: 1 }]);
  });

  test("the search index's pks are a superset of the exact matches, on both", async () => {
    const names = TEXTS.filter((t): t is string => !!t).map((t) => `Widget ${t}`);
    const insert = (d: Dialect) => sql`INSERT INTO part (name, description) VALUES ${sql.join(names.map((n) => sql`(${n}, ${n.toLowerCase()})`), sql`, `)}`;
    (handles.sqlite.q as { run(s: SQL): void }).run(insert("sqlite"));
    await rawRows(handles.postgres, insert("postgres"));
    for (const term of ["widget", "WIDGET", "straße", "STRASSE", "ＡＢＣ", "dget", "ﬁdget", "Wid"]) {
      for (const d of ["sqlite", "postgres"] as const) {
        const index = await rawRows<Record<string, unknown>>(handles[d], searchIndexPks("part_search", term, d) as SQL);
        const exact = await rawRows<{ id: unknown }>(handles[d], sql`SELECT id FROM part WHERE ${searchCondition(term, [sql`name`, sql`description`], Infinity, d)}`);
        const ids = new Set(index.map((x) => Number(Object.values(x)[0])));
        expect({ term, d, missing: exact.map((x) => Number(x.id)).filter((id) => !ids.has(id)) }).toEqual({ term, d, missing: [] });
        // The row-condition form (on PostgreSQL, an ASCII term reads the stored-text key): the same superset.
        const matched = await rawRows<{ id: unknown }>(handles[d], sql`SELECT p.id FROM part p WHERE ${searchIndexMatch("part_search", term, "p", d) as SQL}`);
        const matchedIds = new Set(matched.map((x) => Number(x.id)));
        expect({ term, d, how: "match", missing: exact.map((x) => Number(x.id)).filter((id) => !matchedIds.has(id)) }).toEqual({ term, d, how: "match", missing: [] });
        if (term === "widget") expect(exact.length).toBe(names.length);
      }
    }
  });

  test("forUpdate locks on PostgreSQL only", () => {
    const pgq = (handles.postgres.q as OpenPgDb["db"]).select().from(sql`part` as never);
    expect(forUpdate(handles.postgres, pgq).toSQL().sql).toMatch(/for update$/i);
    const sq = { toSQL: () => ({ sql: "select" }) };
    expect(forUpdate(handles.sqlite, sq)).toBe(sq);
  });
});
