/**
 * GET /api/schema/ (the OpenAPI document, openapi-document.ts) and GET /api/docs (@elysiajs/openapi's
 * Scalar page reading it). The document is built once, on first request, from every route the app
 * has by then, so modules registered after this plugin are described too.
 */
import { ScalarRender } from "@elysiajs/openapi/scalar";
import { Elysia } from "elysia";
import { buildOpenApiDocument, type DocumentedRoute, type DocumentInfo } from "./openapi-document.ts";

const SCHEMA_PATH = "/api/schema/";

export function openApiRoutes(info: DocumentInfo, routes: () => readonly DocumentedRoute[]) {
  let document: Record<string, unknown> | undefined;
  const page = ScalarRender(
    { title: info.title, version: info.version, description: info.description },
    { url: SCHEMA_PATH, version: "latest", cdn: "https://cdn.jsdelivr.net/npm/@scalar/api-reference@latest/dist/browser/standalone.min.js" },
  );
  return new Elysia({ name: "binventory/openapi" })
    .get("/api/docs", () => new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } }), { detail: { hide: true } })
    .get(SCHEMA_PATH, () => (document ??= buildOpenApiDocument(routes(), info)), { detail: { hide: true } });
}
