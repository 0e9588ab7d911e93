/**
 * Pure parsing of InvenTree-shaped list query values, shared by every module: django-filter
 * booleans, DRF SearchFilter terms and DRF OrderingFilter fields (db/query.ts turns them into SQL).
 */
import { t } from "elysia";

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
