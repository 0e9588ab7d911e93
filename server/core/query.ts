/**
 * Pure parsing of InvenTree-shaped list query values, shared by every module: django-filter
 * booleans, DRF SearchFilter terms and DRF OrderingFilter fields (db/query.ts turns them into SQL).
 */
import { t } from "elysia";

/** A pk filter that also accepts "null" (InvenTree's way of asking for "not set" / the top level). */
export const PkOrNullQuery = t.Union([t.Integer({ minimum: 1 }), t.Literal("null")]);

// InvenTree's str2bool words (InvenTree/helpers.py), which also cover django-filter's BooleanFilter
// values (True/False, true/false, 1/0).
const TRUE_WORDS = ["1", "y", "yes", "t", "true", "ok", "on"];
const FALSE_WORDS = ["0", "n", "no", "none", "f", "false", "off"];
const anyCase = (word: string) => [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join("");

/** The pattern of a boolean query value: a str2bool word in any case, or empty; the validation-error mapper keys its message on it. */
export const BOOL_QUERY_PATTERN = `^\\s*(${[...TRUE_WORDS, ...FALSE_WORDS].map(anyCase).join("|")})?\\s*$`;

/**
 * The one boolean query parameter of every list and detail route: the words InvenTree's str2bool
 * reads (true/false, 1/0, yes/no, on/off, t/f, y/n, ok/none; any case; Python clients send `True`).
 * Anything else fails validation with DRF's "Must be a valid boolean." under the parameter's name,
 * together with the request's other bad parameters. An empty value applies no filter, as
 * django-filter's BooleanFilter. Read it with parseBoolQuery.
 */
export const BoolQuery = t.String({ pattern: BOOL_QUERY_PATTERN, maxLength: 10, description: "true/false (also True/False, 1/0, yes/no, on/off)" });

const TRUE = new Set(TRUE_WORDS);
const FALSE = new Set(FALSE_WORDS);

/** InvenTree's str2bool: whether `text` is one of its true words (any case, surrounding blanks ignored); anything else is false. */
export const str2bool = (text: string): boolean => TRUE.has(text.trim().toLowerCase());

/** A str2bool word read strictly: true or false for one of its words (any case, blanks ignored), undefined for anything else. */
export function parseBoolWord(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
}

/** Reads a BoolQuery value; undefined and empty stay undefined (filter not applied). */
export function parseBoolQuery(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return str2bool(value);
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
