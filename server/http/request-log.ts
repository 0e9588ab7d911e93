import { Elysia } from "elysia";
import type { Logger } from "../core/log.ts";

const requests = new WeakMap<Request, { id: string; start: number }>();

/** The id of a request (the client's `x-request-id`, or one made up), for logs and plugin calls. */
export const requestIdOf = (request: Request): string | undefined => requests.get(request)?.id;

const statusOf = (value: unknown, fallback: unknown): number =>
  value instanceof Response ? value.status : typeof fallback === "number" ? fallback : 200;

/**
 * Gives every request an id (echoed as `x-request-id`) and writes one JSON log line per request
 * after the response: method, path, status, duration and the id, which plugin log lines share.
 */
export const requestLog = (log: Logger) =>
  new Elysia({ name: "binventory/request-log" })
    .onRequest(({ request, set }) => {
      const given = request.headers.get("x-request-id");
      const id = given && given.length <= 100 ? given : crypto.randomUUID();
      requests.set(request, { id, start: performance.now() });
      set.headers["x-request-id"] = id;
    })
    .onAfterResponse({ as: "global" }, ({ request, path, set, responseValue }) => {
      const r = requests.get(request);
      log.info("request", {
        request_id: r?.id,
        method: request.method,
        path,
        status: statusOf(responseValue, set.status),
        ms: r ? Math.round((performance.now() - r.start) * 100) / 100 : undefined,
      });
    });
