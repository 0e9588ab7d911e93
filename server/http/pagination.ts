import { t, type TSchema } from "elysia";
import { OutInt } from "./response-schema.ts";

/** Query parameters every list route accepts, as InvenTree's: limit/offset, search, ordering. */
export const ListQuery = {
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 10000, description: "Page size; without it the whole list is returned as an array, as InvenTree does." })),
  offset: t.Optional(t.Integer({ minimum: 0, default: 0 })),
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

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface PageRequest {
  limit?: number;
  offset?: number;
}

/** Builds the DRF LimitOffsetPagination envelope; `url` is the request URL, reused for next/previous. */
export function pageEnvelope<T>(url: string, req: PageRequest, count: number, results: T[]): Page<T> | T[] {
  if (req.limit === undefined) return results;
  const offset = req.offset ?? 0;
  const link = (o: number) => {
    const u = new URL(url);
    u.searchParams.set("limit", String(req.limit));
    if (o <= 0) u.searchParams.delete("offset");
    else u.searchParams.set("offset", String(o));
    return u.toString();
  };
  return {
    count,
    next: offset + req.limit < count ? link(offset + req.limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - req.limit)) : null,
    results,
  };
}
