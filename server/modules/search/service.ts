/**
 * InvenTree's consolidated search (`POST /api/search/`): one list query per requested model type,
 * answered by that model's own list endpoint — the same filters, search and pagination as
 * `GET /api/part/?search=…&limit=…` — exactly as InvenTree's APISearchView calls each list view.
 */
import type { Static } from "elysia";
import { SEARCH_TARGETS, type SearchResult } from "./model.ts";

/** Answers a request inside this server (the app's own `handle`). */
export type Dispatch = (request: Request) => Response | Promise<Response>;

/** What a model's list answered: a page, or `{error}` (InvenTree: per model, the search goes on). */
export type SearchOutcome = Static<typeof SearchResult>;

const PASS_THROUGH = ["search", "search_regex", "search_whole", "search_notes", "limit", "offset"] as const;

/** A filter value as a query string carries it; objects and nulls have no query form and are left out. */
function queryValue(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return v.join(",");
  return null;
}

function buildQuery(filters: Record<string, unknown>, body: Record<string, unknown>, extra: Record<string, string> | undefined): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    const s = queryValue(v);
    if (s !== null) q.set(k, s);
  }
  // InvenTree overrides the model's own filters with the pass-through parameters, then its extras.
  const pass: Record<string, unknown> = { limit: 1, offset: 0, ...body };
  for (const k of PASS_THROUGH) {
    const v = pass[k];
    // Regex / whole-word / notes search are not implemented by our lists: sent only when asked.
    if (v === undefined || v === false) {
      q.delete(k);
      continue;
    }
    const s = queryValue(v);
    if (s !== null) q.set(k, s);
  }
  for (const [k, v] of Object.entries(extra ?? {})) q.set(k, v);
  return q;
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object") {
      const detail = (body as Record<string, unknown>).detail;
      if (typeof detail === "string") return detail;
      return JSON.stringify(body);
    }
  } catch {}
  return text || `HTTP ${res.status}`;
}

/**
 * Runs the search for every model key in `body` that InvenTree knows and Binventory serves; other
 * keys are ignored. `caller` comes from the search request: each list runs with the caller's
 * credentials (so their permissions) and logs under its request id.
 */
export async function runSearch(dispatch: Dispatch, caller: { origin: string; authorization?: string; requestId?: string }, body: Record<string, unknown>): Promise<Record<string, SearchOutcome>> {
  const wanted = Object.keys(body).filter((k) => Object.hasOwn(SEARCH_TARGETS, k));
  const answers = await Promise.all(
    wanted.map(async (key): Promise<[string, SearchOutcome | null]> => {
      const filters = body[key];
      if (!filters || typeof filters !== "object" || Array.isArray(filters)) return [key, null];
      const target = SEARCH_TARGETS[key];
      const query = buildQuery(filters as Record<string, unknown>, body, target.filters);
      const headers: Record<string, string> = { accept: "application/json" };
      if (caller.authorization) headers.authorization = caller.authorization;
      // The lists log under the search's request id.
      if (caller.requestId) headers["x-request-id"] = caller.requestId;
      const res = await dispatch(new Request(`${caller.origin}${target.path}?${query}`, { method: "GET", headers }));
      if (res.status === 200) return [key, (await res.json()) as SearchOutcome];
      // A list this server does not serve (yet) is skipped, like the model types it leaves out.
      if (res.status === 404) return [key, null];
      if (res.status === 403) return [key, { error: "User does not have permission to view this model" }];
      return [key, { error: await errorText(res) }];
    }),
  );
  const out: Record<string, SearchOutcome> = {};
  for (const [key, value] of answers) if (value) out[key] = value;
  return out;
}
