import { t } from "elysia";
import { BoolQuery, PkOrNullQuery } from "../../core/query.ts";

/** A boolean query parameter: core/query.ts's BoolQuery (InvenTree's str2bool words), read with parseBoolQuery. */
export const QueryBool = t.Optional(BoolQuery);

/** A foreign-key query filter: a pk, or "null" for "not set". */
export const QueryPkOrNull = t.Optional(PkOrNullQuery);

/** The stock lists look at no more than this many search terms (DRF has no cap; kept as it was). */
export const MAX_SEARCH_TERMS = 10;
