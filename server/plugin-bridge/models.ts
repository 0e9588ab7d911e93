/**
 * The models plugins may read (bv_get, bv_search): the ABI's model names, each read through its
 * row of the model registry (modules/model-registry): the module's own detail and list services and
 * list query schema, so what a plugin sees is what the HTTP API shows.
 */
import type { TSchema } from "@sinclair/typebox";
import type { ModelName } from "../../plugin-sdk/schema/index.ts";
import type { Reads } from "../db/database.ts";
import { type ModelEntry, modelRegistry } from "../modules/model-registry/service.ts";

/** How a plugin reads one model: the registry's detail and list services, list query schema and path. */
type ModelAccess = Pick<ModelEntry, "get" | "list" | "query" | "path" | "schema">;

export const access = (model: ModelName): ModelAccess => modelRegistry()[model];

/** Request fields of bv_search itself, not filters. */
const NOT_FILTERS = new Set(["limit", "offset", "search"]);

/** A model's bv_search filters: its list query's parameters but the paging and search ones. */
export function filtersOf(query: TSchema): string[] {
  return Object.keys((query as { properties?: Record<string, unknown> }).properties ?? {}).filter((k) => !NOT_FILTERS.has(k));
}

/**
 * bv_search's answer: DRF's `{count, next, previous, results}`, with `next` / `previous` as the
 * list route's path and the other page's `limit` and `offset` (`/api/part/?limit=100&offset=100`).
 */
export async function searchPage(a: ModelAccess, db: Reads, q: { limit: number; offset: number }) {
  const { total, rows } = await a.list(db, q as never);
  const link = (offset: number) => `${a.path}?limit=${q.limit}${offset > 0 ? `&offset=${offset}` : ""}`;
  return {
    count: total,
    next: q.offset + q.limit < total ? link(q.offset + q.limit) : null,
    previous: q.offset > 0 ? link(Math.max(0, q.offset - q.limit)) : null,
    results: rows,
  };
}
