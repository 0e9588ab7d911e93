import { t } from "elysia";
import { fieldError } from "../../http/errors.ts";

/**
 * A boolean query parameter as InvenTree's str2bool reads it: true/false, 1/0, yes/no, on/off, any case.
 * Python clients send `True`, so Elysia's strict `t.Boolean()` is not enough here.
 */
export const QueryBool = t.Optional(t.String({ maxLength: 10, description: "true/false (also 1/0, yes/no, on/off)" }));

/** A foreign-key query filter: a pk, or "null" for "not set". */
export const QueryPkOrNull = t.Optional(t.Union([t.Integer({ minimum: 1 }), t.Literal("null")]));

const TRUE = new Set(["true", "1", "yes", "y", "on", "t"]);
const FALSE = new Set(["false", "0", "no", "n", "off", "f", ""]);

/** Reads a QueryBool value; undefined stays undefined, anything unreadable is a 400 naming the field. */
export function parseBool(field: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw fieldError(field, "Must be a valid boolean.");
}

/** DRF SearchFilter semantics: whitespace-separated terms, every term must match some field. */
export function searchTerms(search: string | undefined): string[] {
  if (!search) return [];
  return search
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 10);
}

/** Escapes a LIKE pattern so user text matches literally (used with ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Parses DRF's `ordering=a,-b` into fields and directions, keeping only the allowed names. */
export function parseOrdering<K extends string>(ordering: string | undefined, allowed: readonly K[]): { field: K; desc: boolean }[] {
  if (!ordering) return [];
  const out: { field: K; desc: boolean }[] = [];
  for (const raw of ordering.split(",")) {
    const s = raw.trim();
    const desc = s.startsWith("-");
    const name = (desc ? s.slice(1) : s) as K;
    // DRF drops unknown ordering fields rather than failing the request.
    if (allowed.includes(name)) out.push({ field: name, desc });
  }
  return out;
}
