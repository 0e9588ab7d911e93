/**
 * The SQL that differs between SQLite and PostgreSQL, in one place (issue 12; docs/data-layer.md).
 * Services write drizzle queries, which both dialects run; where they need a raw fragment whose
 * spelling or meaning differs (the current time, a JSON array as a set of ids, SQLite's NOCASE,
 * CAST's leading-digits rule, NULL ordering, a row lock) they take it from here. Each helper gives
 * PostgreSQL the *SQLite* meaning, so a list answers byte for byte the same on both backends
 * (tests/dialect.test.ts runs every helper on both and compares).
 *
 * One process serves one backend (tables.ts): helpers default to the dialect the tables are bound
 * to; tests pass a dialect explicitly.
 */
import { type AnyColumn, Column, is, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Dialect, Reads } from "./database.ts";
import { PG_NOW } from "./pg/schema.ts";
import { NOW } from "./schema/common.ts";
import { tablesDialect } from "./tables.ts";

type Operand = SQL | SQL.Aliased | AnyColumn | { getSQL(): SQL };

export interface DialectSql {
  readonly dialect: Dialect;
  /** The current time as the timestamp columns store it (for `set({ updated: … })`). */
  readonly now: SQL;
  /** A condition no row meets (SQLite's `0`; PostgreSQL wants a boolean). */
  readonly never: SQL;
  /**
   * A subquery yielding one integer column `value` per element of a JSON array of integers given as
   * a string or placeholder: `x IN (${intsOfJson(json)})`. One parameter whatever the list's length.
   */
  intsOfJson(json: string | Placeholder | SQL): SQL;
  /** SQLite's `a = b COLLATE NOCASE`: equal when equal after folding ASCII letters only. */
  equalsNoCase(column: Operand, value: string): SQL;
  /**
   * SQLite's `CAST(x AS INTEGER)` on text: the leading (signed) integer, 0 when there is none,
   * NULL for NULL ("12b" → 12, "b" → 0). Serial numbers sort by it.
   */
  leadingInteger(column: Operand): SQL;
  /** SQLite's two-argument `max(a, b)`: the larger, NULL if either is NULL (PostgreSQL's GREATEST skips NULLs). */
  greatest(a: Operand | number, b: Operand | number): SQL;
  /** ORDER BY terms with SQLite's NULL placement (first ascending, last descending) and byte order for text. */
  asc(column: Operand): SQL;
  desc(column: Operand): SQL;
  /**
   * ORDER BY terms for a column never NULL in the rows ordered — the listed table's own primary key —
   * without a NULLS clause: PostgreSQL's primary-key index is in its default NULL order, which `ASC
   * NULLS FIRST` does not match (a list ordered by pk alone sorted its whole table). SQLite: asc/desc.
   */
  ascKey(column: Operand): SQL;
  descKey(column: Operand): SQL;
  /** `column LIKE pattern ESCAPE '\'` folding ASCII case only, as SQLite's LIKE. */
  likeAscii(column: Operand, pattern: string): SQL;
  /** Whether the text holds a character outside printable ASCII (space to '~'). */
  hasNonAscii(column: Operand): SQL;
  /**
   * The pks of `index`'s table whose search key contains `folded` (a trigram index answers it:
   * FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL); a superset of the exact matches.
   */
  searchIndexPks(index: SearchIndex, folded: string, asciiTerm: boolean): SQL;
  /**
   * The same prefilter as a condition on a row of the index's table named `alias` (`p` in
   * `FROM part p`): SQLite's `p.id IN (<FTS5 match>)`; on PostgreSQL the indexed expression itself,
   * so the planner reads the trigram index and checks the exact conditions beside it on those rows
   * only (an `IN (subquery)` of the same table it turned into a scan of every part). `asciiTerm`:
   * the term as typed is ASCII, so the key of the stored text alone is a superset (containsLike
   * compares ASCII terms with the stored text only) and its cheap recheck serves.
   */
  searchIndexMatch(index: SearchIndex, folded: string, alias: string, asciiTerm: boolean): SQL;
}

/** The search indexes (SQLite migration 0002_search_index, PostgreSQL 0001_search_index). */
export type SearchIndex = "part_search" | "stock_item_search";

const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Text columns order by bytes on SQLite (BINARY); on PostgreSQL under the "C" collation. */
const isTextColumn = (c: Operand): boolean => is(c, Column) && (c as Column).dataType === "string";

/**
 * Whether the PostgreSQL database's default collation already orders text by bytes (libc "C",
 * "POSIX" or "C.UTF-8": code point order, which is UTF-8's byte order). Then an ORDER BY on a text
 * column needs no `COLLATE "C"` — and must not have one to use the column's btree index, which is
 * in the default collation: PostgreSQL matches an index to an ORDER BY by collation OID, not by
 * meaning, so `name COLLATE "C"` sorts all 50,000 parts where `name` reads 25 index entries.
 * Set once when the process opens its PostgreSQL database (open.ts; one process serves one backend,
 * tables.ts). Otherwise `COLLATE "C"` stays (the order is still SQLite's, without the index).
 */
let pgDefaultOrdersBytes = false;
export function notePostgresCollation(provider: string, collate: string): boolean {
  pgDefaultOrdersBytes = provider === "c" && /^(C|POSIX|C\.UTF-?8)$/i.test(collate);
  return pgDefaultOrdersBytes;
}
const pgByteOrder = (column: Operand): SQL => (isTextColumn(column) && !pgDefaultOrdersBytes ? sql`${column} COLLATE "C"` : sql`${column}`);

const SQLITE: DialectSql = {
  dialect: "sqlite",
  now: NOW,
  never: sql`0`,
  intsOfJson: (json) => sql`SELECT value FROM json_each(${json})`,
  equalsNoCase: (column, value) => sql`${column} = ${value} COLLATE NOCASE`,
  leadingInteger: (column) => sql`CAST(${column} AS INTEGER)`,
  greatest: (a, b) => sql`max(${a}, ${b})`,
  asc: (column) => sql`${column} asc`,
  desc: (column) => sql`${column} desc`,
  ascKey: (column) => sql`${column} asc`,
  descKey: (column) => sql`${column} desc`,
  likeAscii: (column, pattern) => sql`${column} LIKE ${pattern} ESCAPE '\\'`,
  hasNonAscii: (column) => sql`${column} GLOB '*[^ -~]*'`,
  searchIndexPks: (index, folded) => {
    const phrase = `"${folded.replace(/"/g, '""')}"`;
    return sql`SELECT rowid FROM ${sql.identifier(index)} WHERE ${sql.identifier(index)} MATCH ${phrase}`;
  },
  searchIndexMatch: (index, folded, alias, asciiTerm) => sql`${sql.identifier(alias)}."id" IN (${SQLITE.searchIndexPks(index, folded, asciiTerm)})`,
};

/**
 * PostgreSQL's search keys over a row of the table named `a`, each the expression a pg_trgm GIN
 * index is built on: the folded-and-stored key (migrations-pg/0001_search_index.sql), and the
 * stored text alone (0005_search_raw_keys.sql). The folded key costs ~30 µs a row to compute (ICU
 * case mapping and two NFKC passes), which every candidate's recheck pays: 1,000 candidates, 30 ms.
 * The stored-text key rechecks at ~1 µs and answers every ASCII term; non-ASCII terms keep the
 * folded one. Stock items with neither serial nor batch are in neither index (partial), as on SQLite.
 */
const PG_SEARCH: Record<SearchIndex, { table: string; folded: (a: SQL) => SQL; raw: (a: SQL) => SQL }> = {
  part_search: {
    table: "part",
    folded: (a) => sql`bv_part_search_key(${a}."name", ${a}."IPN", ${a}."description", ${a}."keywords", ${a}."revision")`,
    raw: (a) => sql`bv_part_search_raw(${a}."name", ${a}."IPN", ${a}."description", ${a}."keywords", ${a}."revision")`,
  },
  stock_item_search: {
    table: "stock_item",
    folded: (a) => sql`(coalesce(${a}."serial", '') <> '' OR ${a}."batch" <> '') AND bv_stock_item_search_key(${a}."serial", ${a}."batch")`,
    raw: (a) => sql`(coalesce(${a}."serial", '') <> '' OR ${a}."batch" <> '') AND bv_stock_item_search_raw(${a}."serial", ${a}."batch")`,
  },
};
const pgSearchMatch = (index: SearchIndex, folded: string, alias: string, asciiTerm: boolean): SQL => {
  const key = PG_SEARCH[index];
  const a = sql`${sql.identifier(alias)}`;
  return sql`(${asciiTerm ? key.raw(a) : key.folded(a)} ILIKE ${likePattern(folded)})`;
};

const PG: DialectSql = {
  dialect: "postgres",
  now: PG_NOW,
  never: sql`false`,
  // As an integer array, not through jsonb_array_elements: that function is planned at 100 rows
  // whatever the list, so a page's 5 parts looked like 2,000 items and the planner hashed all
  // 2,068 locations to join 30 (1.0 → 0.46 ms at 1M); unnest is planned at the array's length (a
  // custom plan) or 10 (a generic one). The text is JSON.stringify's "[1,2,3]"; int input trims spaces.
  intsOfJson: (json) => sql`SELECT unnest(string_to_array(btrim((${json})::text, '[]'), ',')::integer[]) AS value`,
  // lower() under the "C" collation folds ASCII letters only, as NOCASE does.
  equalsNoCase: (column, value) => sql`lower(${column} COLLATE "C") = lower(${value} COLLATE "C")`,
  leadingInteger: (column) =>
    sql`(CASE WHEN ${column} IS NULL THEN NULL ELSE coalesce(substring(${column}::text from '^\\s*([-+]?[0-9]{1,18})')::bigint, 0) END)`,
  greatest: (a, b) => sql`(CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL ELSE GREATEST(${a}, ${b}) END)`,
  // SQLite puts NULLs first ascending and last descending, PostgreSQL the other way round. Always
  // spelled out (a NOT NULL column is NULL on the outer side of a LEFT JOIN); the PostgreSQL indexes
  // are built in the same NULL order (pg/schema.ts), so they serve these terms.
  asc: (column) => sql`${pgByteOrder(column)} ASC NULLS FIRST`,
  desc: (column) => sql`${pgByteOrder(column)} DESC NULLS LAST`,
  ascKey: (column) => sql`${column} ASC`,
  descKey: (column) => sql`${column} DESC`,
  // ILIKE under "C" folds ASCII only, as SQLite's LIKE.
  likeAscii: (column, pattern) => sql`(${column} COLLATE "C") ILIKE ${pattern} ESCAPE '\\'`,
  hasNonAscii: (column) => sql`${column} ~ '[^ -~]'`,
  searchIndexPks: (index, folded, asciiTerm) => sql`SELECT s."id" FROM ${sql.identifier(PG_SEARCH[index].table)} s WHERE ${pgSearchMatch(index, folded, "s", asciiTerm)}`,
  searchIndexMatch: pgSearchMatch,
};

/** The dialect's SQL: of `of` (a database handle or a dialect), else of the backend this process serves. */
export function sqlFor(of?: Reads<unknown> | Dialect): DialectSql {
  const dialect = of === undefined ? tablesDialect() : typeof of === "string" ? of : of.dialect;
  return dialect === "postgres" ? PG : SQLITE;
}

/** Runs a raw SQL query on `db` and gives its rows, on either backend (SQLite's `all`, PostgreSQL's `execute`). */
export async function rawRows<T>(db: Reads<unknown>, query: SQL): Promise<T[]> {
  const q = db.q as { all?: (s: SQL) => unknown; execute?: (s: SQL) => Promise<unknown> };
  if (db.dialect === "postgres") return [...((await q.execute?.(query)) as Iterable<T>)];
  return (await q.all?.(query)) as T[];
}

/**
 * A select that a write then changes, row-locked on PostgreSQL (`FOR UPDATE`, held to the end of
 * the transaction, so concurrent read-modify-writes never lose an update); unchanged on SQLite,
 * where the one writer already serialises transactions.
 */
export function forUpdate<Q>(db: Reads<unknown>, query: Q): Q {
  if (db.dialect !== "postgres") return query;
  return (query as unknown as { for(strength: "update"): Q }).for("update");
}

/**
 * Serialises a check-then-insert that no unique index guards (a name unique under its parent, a
 * (supplier, SKU) pair…): on PostgreSQL takes a transaction-scoped advisory lock keyed by `key`
 * (held to COMMIT or ROLLBACK), so two concurrent transactions cannot both pass the check under
 * READ COMMITTED; nothing on SQLite, whose one writer already serialises transactions. Call it
 * inside the write's transaction, before the check.
 */
export async function lockKey(tx: Reads<unknown>, key: string): Promise<void> {
  if (tx.dialect !== "postgres") return;
  await rawRows(tx, sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

/**
 * Whether `e` (or an error it wraps as its `cause`, as drizzle does) is a unique-constraint
 * violation: PostgreSQL's SQLSTATE 23505, SQLite's "UNIQUE constraint failed". `constraint`
 * narrows it to one index or constraint by name (PostgreSQL names it; SQLite names an expression
 * index but otherwise the columns, so there only a message naming it matches).
 */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (let err: unknown = e; err instanceof Error; err = err.cause) {
    const pg = err as Error & { code?: unknown; errno?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (pg.code === "23505" || pg.errno === "23505") {
      const name = pg.constraint ?? pg.constraint_name;
      return constraint === undefined || name === undefined || name === constraint || err.message.includes(constraint);
    }
    if (/UNIQUE constraint failed/.test(err.message)) return constraint === undefined || err.message.includes(constraint);
  }
  return false;
}

/**
 * Runs `write` and answers `refusal()` instead when the unique index or constraint `constraint`
 * refuses it: on PostgreSQL a concurrent transaction can insert the same key between a service's
 * check and its write (READ COMMITTED), and the index, not the check, then says no; the client gets
 * the same 400 as from the check. SQLite's one writer never lets the check be overtaken.
 */
export async function refuseDuplicate<T>(write: Promise<T>, constraint: string, refusal: () => Error): Promise<T> {
  try {
    return await write;
  } catch (e) {
    if (isUniqueViolation(e, constraint)) throw refusal();
    throw e;
  }
}
