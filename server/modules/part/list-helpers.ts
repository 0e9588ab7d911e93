/**
 * Small pieces every InvenTree-shaped list needs: DRF-style boolean query values, the search
 * filter (every word must match some field), and the ordering filter (comma-separated, `-` for
 * descending, unknown fields ignored as DRF's OrderingFilter does).
 */
import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import { t } from "elysia";

/**
 * Boolean query values as django-filter accepts them (`true`, `True`, `1`, ...). A union of
 * literals, not t.UnionEnum: Elysia fills an absent optional UnionEnum query value with its first member.
 */
export const BoolQuery = t.Union(["true", "false", "True", "False", "1", "0"].map((v) => t.Literal(v)), { description: "true/false (also True/False, 1/0)" });

/** Parses a BoolQuery value; undefined stays undefined (filter not applied). */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === "true" || value === "True" || value === "1";
}

/** A pk filter that also accepts "null" (InvenTree's way of asking for the top level). */
export const PkOrNullQuery = t.Union([t.Integer({ minimum: 1 }), t.Literal("null")]);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive "contains" for SQLite LIKE, with wildcards in the term escaped. */
export function containsLike(column: SQL | SQL.Aliased | { getSQL(): SQL }, term: string): SQL {
  return sql`${column} LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`;
}

/**
 * DRF SearchFilter: the search string is split on whitespace and every term must match at least
 * one of the fields. Returns undefined when there is nothing to search for.
 */
export function searchCondition(search: string | undefined, fields: ({ getSQL(): SQL } | SQL)[]): SQL | undefined {
  const terms = (search ?? "").split(/[\s,]+/).filter(Boolean);
  if (terms.length === 0) return undefined;
  const perTerm = terms.map((term) => sql`(${sql.join(
    fields.map((f) => containsLike(f, term)),
    sql` OR `,
  )})`);
  return and(...perTerm);
}

/**
 * DRF OrderingFilter: `ordering=name,-in_stock`. Fields not in `allowed` are ignored; with none
 * left the `fallback` ordering is used. A final pk tie-breaker keeps pages stable.
 */
export function orderingClause(ordering: string | undefined, allowed: Record<string, SQL | { getSQL(): SQL }>, fallback: SQL[], pk: { getSQL(): SQL }): SQL[] {
  const out: SQL[] = [];
  for (const raw of (ordering ?? "").split(",")) {
    const field = raw.trim();
    const descending = field.startsWith("-");
    const name = descending ? field.slice(1) : field;
    const expr = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (expr) out.push(descending ? desc(expr) : asc(expr));
  }
  return [...(out.length ? out : fallback), asc(pk)];
}

/** DRF's message for a related-field pk that matches no (acceptable) object. */
export const invalidPk = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

/** django-filter's message for a ModelChoiceFilter value that matches nothing. */
export const invalidChoice = "Select a valid choice. That choice is not one of the available choices.";
