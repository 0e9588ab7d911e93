/**
 * SQL for InvenTree-shaped lists: LIKE patterns, DRF SearchFilter conditions and DRF OrderingFilter
 * terms. The parsing of the query values themselves is in core/query.ts.
 */
import { and, count, getTableName, inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { PageRequest } from "../core/pagination.ts";
import { parseOrdering, searchTerms } from "../core/query.ts";
import type { Dialect, Reads } from "./database.ts";
import { type SearchIndex, sqlFor } from "./dialect.ts";
import { ROW_COUNTED_TABLES } from "./maintained-counts.ts";
import { foldSearchText, SEARCH_FOLD_FUNCTION } from "./search-fold.ts";
import { tableRowCounts } from "./tables.ts";

/** `%term%` for `LIKE … ESCAPE '\'`, with the wildcards in the term escaped so user text matches literally. */
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type SqlLike = SQL | SQL.Aliased | { getSQL(): SQL };

/**
 * "Contains", case- and normalisation-insensitive, with LIKE's wildcards in the term escaped.
 * SQLite's LIKE folds ASCII case only, in C. An ASCII term is compared with LIKE alone, at
 * LIKE's cost; a term with another character ("CAFÉ", an NFD "é", "ß") is compared, on the
 * values that hold a non-ASCII character, with both sides folded (NFKC + case fold, by the SQL
 * function of server/db/search-fold.ts). Not covered: an ASCII term inside a value's compatibility
 * form ("ss" in "ß", full-width letters, ligatures): a GLOB for those characters made every
 * search ten to a hundred times slower. The part and stock lists run this only on the rows their
 * search index offers (searchIndexPks), so it stays the one definition of a match.
 */
export function containsLike(column: SqlLike, term: string, dialect?: Dialect): SQL {
  const d = sqlFor(dialect);
  const pattern = likePattern(foldSearchText(term));
  if (ASCII_ONLY.test(term)) return d.likeAscii(column, pattern);
  const folded = sql`${sql.raw(SEARCH_FOLD_FUNCTION)}(${column})`;
  return sql`(${d.likeAscii(column, pattern)} OR (${d.hasNonAscii(column)} AND ${d.likeAscii(folded, pattern)}))`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** At least one of `columns` contains `term` (see containsLike). */
export function containsAny(columns: SqlLike[], term: string, dialect?: Dialect): SQL {
  return sql`(${sql.join(
    columns.map((c) => containsLike(c, term, dialect)),
    sql` OR `,
  )})`;
}

/** The same test in JavaScript, for lists filtered in memory (locations, plugins, templates). */
export function textContains(value: string | null | undefined, term: string): boolean {
  return value != null && foldSearchText(value).includes(foldSearchText(term));
}

/**
 * DRF SearchFilter: every term must match at least one of the fields. Returns undefined when there
 * is nothing to search for.
 */
export function searchCondition(search: string | undefined, fields: SqlLike[], maxTerms = Infinity, dialect?: Dialect): SQL | undefined {
  const terms = searchTerms(search, maxTerms);
  if (terms.length === 0) return undefined;
  return and(...terms.map((term) => containsAny(fields, term, dialect)));
}

/**
 * Pks of `index`'s table whose search key may contain `term`: a superset of the rows where one of
 * the indexed columns matches containsLike(column, term), since the key holds every column both
 * folded and as stored and the trigram match ignores case. A prefilter only: callers keep the exact
 * searchCondition beside it. Undefined when the folded term is shorter than three characters (a
 * trigram index cannot answer it; the LIKE conditions alone then scan, as before).
 */
export function searchIndexPks(index: SearchIndex, term: string, dialect?: Dialect): SQL | undefined {
  const folded = foldSearchText(term);
  if ([...folded].length < 3) return undefined;
  return sqlFor(dialect).searchIndexPks(index, folded, ASCII_ONLY.test(term));
}

/**
 * searchIndexPks as a condition on a row of the index's table named `alias` (`p` in `FROM part p`):
 * what a query that checks the exact conditions on the same row should use (see DialectSql).
 */
export function searchIndexMatch(index: SearchIndex, term: string, alias: string, dialect?: Dialect): SQL | undefined {
  const folded = foldSearchText(term);
  if ([...folded].length < 3) return undefined;
  return sqlFor(dialect).searchIndexMatch(index, folded, alias, ASCII_ONLY.test(term));
}

/** searchCondition in JavaScript: every term is in at least one of the values. */
export function matchesSearch(search: string | undefined, values: (string | null | undefined)[], maxTerms = Infinity): boolean {
  return searchTerms(search, maxTerms).every((term) => values.some((v) => textContains(v, term)));
}

/**
 * `parseOrdering` over a name → column map, as ORDER BY terms. The listed table's own `pk`, when
 * given, is ordered in key order (ascKey/descKey: its primary-key index's), every other column in
 * SQLite's NULL order.
 */
export function orderingTerms(ordering: string | undefined, columns: Record<string, SqlLike>, dialect?: Dialect, pk?: SqlLike): SQL[] {
  const d = sqlFor(dialect);
  return parseOrdering(ordering, Object.keys(columns)).map((o) => {
    const column = columns[o.field] as SqlLike;
    if (pk !== undefined && column === pk) return o.desc ? d.descKey(pk) : d.ascKey(pk);
    return o.desc ? d.desc(column) : d.asc(column);
  });
}

/**
 * DRF OrderingFilter: `ordering=name,-in_stock`. Fields not in `allowed` are ignored; with none
 * left the `fallback` ordering is used. A final pk tie-breaker keeps pages stable.
 */
export function orderingClause(ordering: string | undefined, allowed: Record<string, SqlLike>, fallback: SQL[], pk: SqlLike, dialect?: Dialect): SQL[] {
  const d = sqlFor(dialect);
  const parsed = parseOrdering(ordering, Object.keys(allowed));
  const out = orderingTerms(ordering, allowed, dialect, pk);
  const terms = out.length ? out : fallback;
  // The pk ordered alone reads the primary key's index (key order); after other terms, the NULL
  // order of the indexes those read, which end with the pk (pg/schema.ts). Not repeated when last.
  if (parsed.length > 0 && allowed[parsed[parsed.length - 1].field] === pk) return terms;
  return [...terms, terms.length ? d.asc(pk) : d.ascKey(pk)];
}

/**
 * A list endpoint's page: `table`'s rows matching `where` in `order`, `page.limit` of them from
 * `page.offset` (all without a limit), and how many match in all.
 */
export async function listPage<T extends SQLiteTable>(
  db: Reads,
  table: T,
  where: SQL | undefined,
  order: SQL[],
  page: PageRequest,
  /** The number of rows matching `where`, when the caller knows it from a maintained count. */
  knownTotal?: () => Promise<number>,
): Promise<{ total: number; rows: T["$inferSelect"][] }> {
  let query = db.q.select().from(table).where(where).orderBy(...order).$dynamic();
  if (page.limit !== undefined) query = query.limit(page.limit).offset(page.offset ?? 0);
  // Unfiltered, a table whose row count is maintained (maintained-counts.ts) reads it: no count over
  // the table. Otherwise the count and the page at once: on PostgreSQL two connections of the pool
  // answer them side by side (the count is a scan there, as the table grows); on SQLite it changes nothing.
  const name = getTableName(table);
  const counting = knownTotal
    ? knownTotal()
    : where === undefined && ROW_COUNTED_TABLES.includes(name)
      ? maintainedRowCounts(db, [name]).then((counts) => counts.get(name) ?? 0)
      : db.q
          .select({ n: count() })
          .from(table)
          .where(where)
          .limit(1)
          .then((r) => r[0]?.n ?? 0);
  const [total, rows] = await Promise.all([counting, query]);
  return { total, rows: rows as T["$inferSelect"][] };
}

/** Entries of table_row_count (maintained-counts.ts) by name; a name it does not hold is absent. */
export async function maintainedRowCounts(db: Reads, names: string[]): Promise<Map<string, number>> {
  const rows = await db.q.select({ name: tableRowCounts.name, n: tableRowCounts.n }).from(tableRowCounts).where(inArray(tableRowCounts.name, names));
  return new Map(rows.map((r) => [r.name, Number(r.n)]));
}
