import { t, type TSchema } from "elysia";
import { OutInt } from "../core/response-schema.ts";

/**
 * The largest offset a list accepts: 2^53 - 1, the largest integer a JSON number (and so a `next`
 * link) holds exactly. Above it SQLite's OFFSET would get a float (SQLITE_MISMATCH) and `next`
 * would read `offset=1e%2B29`. DRF's LimitOffsetPagination silently reads a bad offset as 0; we
 * answer 400 naming `offset` instead, as for a negative one: a client asking for a page that far
 * out has a bug, and an empty page would hide it.
 */
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;
/** The largest page size; DRF's `max_limit`. */
const MAX_LIMIT = 10000;

/** `limit` and `offset` schemas, shared by every paginated route (lists, barcode history, search). */
export const LimitQuery = (opts: { default?: number; title?: string; description?: string } = {}) => t.Optional(t.Integer({ minimum: 1, maximum: MAX_LIMIT, ...opts }));
export const OffsetQuery = (opts: { title?: string } = {}) => t.Optional(t.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, ...opts }));

/** Query parameters every list route accepts, as InvenTree's: limit/offset, search, ordering. */
export const ListQuery = {
  limit: LimitQuery({ description: "Page size; without it the whole list is returned as an array, as InvenTree does." }),
  offset: OffsetQuery(),
  search: t.Optional(t.String({ maxLength: 200 })),
  ordering: t.Optional(t.String({ maxLength: 100, description: "Field to order by; prefix with - for descending." })),
};

/** `{count, next, previous, results}` when `limit` is given, else a bare array (InvenTree's behaviour). */
export const Paginated = <T extends TSchema>(item: T) =>
  t.Union([
    t.Array(item),
    t.Object({
      count: OutInt(),
      next: t.Union([t.String(), t.Null()]),
      previous: t.Union([t.String(), t.Null()]),
      results: t.Array(item),
    }),
  ]);

export interface PageRequest {
  limit?: number;
  offset?: number;
}

/** What a list service answers: one page of rows and how many there are in all. Routes turn it
 * into DRF's envelope (http/pagination.ts); the plugin host API answers it as is. */
export interface ListResult<T> {
  total: number;
  rows: T[];
}
