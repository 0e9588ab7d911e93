/**
 * Query and message helpers every InvenTree-shaped list or write shares: DRF's related-field
 * messages, LIKE patterns, DRF SearchFilter terms and DRF OrderingFilter parsing.
 */
import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import { t } from "elysia";
import { foldSearchText, SEARCH_FOLD_FUNCTION } from "../db/search-fold.ts";

/** DRF's message for a related-field pk that matches no (acceptable) object. */
export const invalidPk = (pk: unknown): string => `Invalid pk "${String(pk)}" - object does not exist.`;

/** django-filter's (and DRF's ChoiceField's) message for a value that matches nothing. */
export const invalidChoice = "Select a valid choice. That choice is not one of the available choices.";

/** A pk filter that also accepts "null" (InvenTree's way of asking for "not set" / the top level). */
export const PkOrNullQuery = t.Union([t.Integer({ minimum: 1 }), t.Literal("null")]);

/**
 * Boolean query values as django-filter's BooleanFilter accepts them (`true`, `True`, `1`, ...).
 * A union of literals, not t.UnionEnum: Elysia fills an absent optional UnionEnum query value with
 * its first member. Anything else fails validation. (The stock module reads its booleans with
 * InvenTree's str2bool instead: see stock/query-params.ts.)
 */
export const BoolQuery = t.Union(["true", "false", "True", "False", "1", "0"].map((v) => t.Literal(v)), { description: "true/false (also True/False, 1/0)" });

/** Reads a BoolQuery value; undefined stays undefined (filter not applied). */
export function parseBoolQuery(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === "true" || value === "True" || value === "1";
}

/** `%term%` for `LIKE … ESCAPE '\'`, with the wildcards in the term escaped so user text matches literally. */
export const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type SqlLike = SQL | SQL.Aliased | { getSQL(): SQL };

/**
 * "Contains", case- and normalisation-insensitive, with LIKE's wildcards in the term escaped.
 * SQLite's LIKE folds ASCII case only, in C. An ASCII term is compared with LIKE alone, at
 * LIKE's cost; a term with another character ("CAFÉ", an NFD "é", "ß") is compared, on the
 * values that hold a non-ASCII character, with both sides folded (NFKC + case fold, by the SQL
 * function of server/db/search-fold.ts). Not covered: an ASCII term inside a value's compatibility
 * form ("ss" in "ß", full-width letters, ligatures): a GLOB for those characters made every
 * search ten to a hundred times slower, and a stored search key is a schema change per table.
 */
export function containsLike(column: SqlLike, term: string): SQL {
  const pattern = likePattern(foldSearchText(term));
  if (ASCII_ONLY.test(term)) return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  return sql`(${column} LIKE ${pattern} ESCAPE '\\' OR (${column} GLOB '*[^ -~]*' AND ${sql.raw(SEARCH_FOLD_FUNCTION)}(${column}) LIKE ${pattern} ESCAPE '\\'))`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** At least one of `columns` contains `term` (see containsLike). */
export function containsAny(columns: SqlLike[], term: string): SQL {
  return sql`(${sql.join(
    columns.map((c) => containsLike(c, term)),
    sql` OR `,
  )})`;
}

/** The same test in JavaScript, for lists filtered in memory (locations, plugins, templates). */
export function textContains(value: string | null | undefined, term: string): boolean {
  return value != null && foldSearchText(value).includes(foldSearchText(term));
}

/**
 * DRF SearchFilter's terms: the search string split on whitespace and commas, empty pieces
 * dropped, at most `maxTerms` of them.
 */
export function searchTerms(search: string | undefined, maxTerms = Infinity): string[] {
  if (!search) return [];
  return search
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, maxTerms);
}

/**
 * DRF SearchFilter: every term must match at least one of the fields. Returns undefined when there
 * is nothing to search for.
 */
export function searchCondition(search: string | undefined, fields: SqlLike[], maxTerms = Infinity): SQL | undefined {
  const terms = searchTerms(search, maxTerms);
  if (terms.length === 0) return undefined;
  return and(...terms.map((term) => containsAny(fields, term)));
}

/** searchCondition in JavaScript: every term is in at least one of the values. */
export function matchesSearch(search: string | undefined, values: (string | null | undefined)[], maxTerms = Infinity): boolean {
  return searchTerms(search, maxTerms).every((term) => values.some((v) => textContains(v, term)));
}

/** DRF's `ordering=a,-b` as fields and directions, keeping only the allowed names (DRF drops unknown ones). */
export function parseOrdering<K extends string>(ordering: string | undefined, allowed: readonly K[]): { field: K; desc: boolean }[] {
  if (!ordering) return [];
  const out: { field: K; desc: boolean }[] = [];
  for (const raw of ordering.split(",")) {
    const s = raw.trim();
    const descending = s.startsWith("-");
    const name = descending ? s.slice(1) : s;
    if ((allowed as readonly string[]).includes(name)) out.push({ field: name as K, desc: descending });
  }
  return out;
}

/** `parseOrdering` over a name → column map, as ORDER BY terms. */
export function orderingTerms(ordering: string | undefined, columns: Record<string, SqlLike>): SQL[] {
  return parseOrdering(ordering, Object.keys(columns)).map((o) => (o.desc ? desc(columns[o.field]) : asc(columns[o.field])));
}

/**
 * DRF OrderingFilter: `ordering=name,-in_stock`. Fields not in `allowed` are ignored; with none
 * left the `fallback` ordering is used. A final pk tie-breaker keeps pages stable.
 */
export function orderingClause(ordering: string | undefined, allowed: Record<string, SqlLike>, fallback: SQL[], pk: SqlLike): SQL[] {
  const out = orderingTerms(ordering, allowed);
  return [...(out.length ? out : fallback), asc(pk)];
}
