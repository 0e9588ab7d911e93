import { t } from "elysia";
import { fieldError } from "../../core/errors.ts";
import { PkOrNullQuery } from "../../core/query.ts";

/**
 * A boolean query parameter as InvenTree's str2bool reads it: true/false, 1/0, yes/no, on/off, any case.
 * Python clients send `True`, so Elysia's strict `t.Boolean()` is not enough here.
 * Kept apart from core/query.ts's BoolQuery on purpose: the stock routes have always accepted
 * str2bool's words and answer anything else with a 400 naming the field, which clients may rely on.
 */
export const QueryBool = t.Optional(t.String({ maxLength: 10, description: "true/false (also 1/0, yes/no, on/off)" }));

/** A foreign-key query filter: a pk, or "null" for "not set". */
export const QueryPkOrNull = t.Optional(PkOrNullQuery);

/** The stock lists look at no more than this many search terms (DRF has no cap; kept as it was). */
export const MAX_SEARCH_TERMS = 10;

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
