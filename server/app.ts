import { Elysia, type ValidationError } from "elysia";
import type { AppContext } from "./core/context.ts";
import { databaseErrorCode, databaseUnavailable } from "./core/unavailable.ts";
import { bodyCoercion } from "./http/body-coercion.ts";
import { ApiError } from "./core/errors.ts";
import type { DocumentedRoute } from "./http/openapi-document.ts";
import { openApiRoutes } from "./http/openapi-routes.ts";
import { pathIntegerGuard } from "./http/path-params.ts";
import { registerOptionsRoutes } from "./http/options-routes.ts";
import { expectDictionary } from "./http/json-body.ts";
import { JSON_CONTENT_TYPE, jsonContentType } from "./http/json-content-type.ts";
import { requestLog } from "./http/request-log.ts";
import { parseJsonBody } from "./http/safe-json.ts";
import { bodyLimitFor } from "./http/upload-limit.ts";
import { validationErrorBody } from "./http/validation-errors.ts";
import { moduleList } from "./modules/index.ts";
import { searchModule } from "./modules/search/index.ts";
import { SERVER_VERSION } from "./core/version.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": JSON_CONTENT_TYPE } });

/** Builds the whole HTTP application on wired services. Never listens: main.ts (or a test) does. */
export function createApp(ctx: AppContext) {
  const { log, config } = ctx;
  const coercion = bodyCoercion();
  const pathIntegers = pathIntegerGuard();
  // standardHostname false: Elysia finds the path after "http://" (index 7), not after index 11,
  // which assumed a host of at least 4 characters: `Host: x` behind a proxy made every route 404.
  // Bun.serve without TLS (main.ts) always gives "http://" request URLs.
  let app = new Elysia({ normalize: true, handler: { standardHostname: false } })
    .use(requestLog(log))
    .use(jsonContentType)
    .use(coercion.plugin)
    .use(pathIntegers.plugin)
    .onRequest(({ request }) => {
      const length = Number(request.headers.get("content-length") ?? 0);
      const limit = bodyLimitFor(config, request);
      if (length > limit) return json(413, { detail: `Request body is too large: ${length} bytes, the limit is ${limit}.` });
    })
    .onParse({ as: "global" }, async ({ request, contentType }) => {
      // Our own JSON parser: the size limit holds even without a content-length header.
      // Media types are case-insensitive (RFC 9110): "Application/JSON; charset=UTF-8" is JSON too.
      if (!contentType?.toLowerCase().startsWith("application/json")) return;
      const bytes = new Uint8Array(await request.arrayBuffer());
      if (bytes.byteLength > config.maxBodyBytes) {
        throw new ApiError(413, { detail: `Request body is too large: ${bytes.byteLength} bytes, the limit is ${config.maxBodyBytes}.` });
      }
      if (bytes.byteLength === 0) return {};
      let value: unknown;
      try {
        value = parseJsonBody(new TextDecoder().decode(bytes));
      } catch (e) {
        throw new ApiError(400, { detail: `JSON parse error - ${(e as Error).message}` });
      }
      return expectDictionary(request.method, value);
    })
    .onError({ as: "global" }, ({ code, error, request, path }) => {
      if (error instanceof ApiError) return json(error.status, error.body);
      // Elysia wraps whatever our body parser throws in a ParseError; unwrap ours.
      if (code === "PARSE" && (error as Error).cause instanceof ApiError) {
        const inner = (error as Error).cause as ApiError;
        return json(inner.status, inner.body);
      }
      if (code === "VALIDATION") return json(400, validationErrorBody(error as ValidationError, request.url));
      if (code === "PARSE") return json(400, { detail: `JSON parse error - ${(error as Error).message || "the body is not valid JSON"}` });
      if (code === "NOT_FOUND") return json(404, { detail: "Not found." });
      // Not the client's fault (locked past busy_timeout, disk full, I/O): 503, try again later.
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        log.error("database unavailable", { method: request.method, path, code: databaseErrorCode(error), error: error instanceof Error ? error.message : String(error) });
        const res = json(503, { detail: unavailable.detail });
        res.headers.set("retry-after", String(unavailable.retryAfter));
        return res;
      }
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
      log.error("unhandled error", { method: request.method, path, code, error: error instanceof Error ? (error.stack ?? error.message) : String(error), ...(cause ? { cause } : {}) });
      return json(500, { detail: "Internal server error." });
    })
    // The OpenAPI document, generated from every route's own schemas (server/http/openapi-document.ts).
    .use(openApiRoutes({ title: "Binventory API", version: SERVER_VERSION, description: "InvenTree-shaped inventory API with WebAssembly plugins." }, (): readonly DocumentedRoute[] => done.routes));
  for (const mod of moduleList) app = app.use(mod(ctx)) as unknown as typeof app;
  // The search answers each model from its list route, through the finished app.
  app = app.use(searchModule(ctx, (request) => done.handle(request))) as unknown as typeof app;
  coercion.register(app.routes);
  pathIntegers.register(app.routes);
  app = registerOptionsRoutes(app, ctx);
  const done = app.all("/api/*", () => json(404, { detail: "Not found." }));
  return done;
}

type App = ReturnType<typeof createApp>;
