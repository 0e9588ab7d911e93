import type { ListResult, PageRequest } from "../core/pagination.ts";

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * DRF's LimitOffsetPagination envelope for a service's `{total, rows}`: `{count, next, previous,
 * results}` when `limit` is given, else the bare rows. `url` is the request URL, reused for links.
 */
export function pageEnvelope<T>(url: string, req: PageRequest, list: ListResult<T>): Page<T> | T[] {
  const { total: count, rows: results } = list;
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
