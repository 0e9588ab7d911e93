/**
 * The OpenAPI 3.1 document of the API, generated from the registered routes: the same TypeBox
 * schemas the routes validate their params, query and body with and answer with, plus the answers
 * the HTTP layer gives every route (DRF errors, 413, 503) as shared components. Routes Elysia
 * adds for plumbing (the generated OPTIONS metadata routes, the `/api/*` 404 catch-all, hidden
 * aliases) are not operations.
 */
import type { DocumentDecoration } from "elysia";
import { routeRole } from "./auth.ts";
import { errorResponseRef, errorResponses, errorSchemas } from "./openapi-errors.ts";
import { type JsonSchema, takesFile, toDocumentSchema } from "./openapi-schema.ts";

/** A registered route as Elysia lists it in `app.routes`. */
export interface DocumentedRoute {
  method: string;
  path: string;
  hooks?: {
    body?: unknown;
    query?: unknown;
    params?: unknown;
    response?: unknown;
    transform?: unknown;
    detail?: {
      hide?: boolean;
      summary?: string;
      description?: string;
      tags?: string[];
      deprecated?: boolean;
      /** Security for a route that checks credentials itself (no `auth` macro), e.g. HTTP Basic. */
      security?: Record<string, string[]>[];
      /** The route's own answers, as OpenAPI response objects, for what a schema cannot say (files). */
      responses?: Record<string, unknown>;
      /** More media types the route takes, handled before routing (e.g. a multipart image upload). */
      requestBody?: { content: Record<string, unknown> };
    };
  };
}

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

type Operation = Record<string, unknown>;

const DOCUMENTED_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const TYPEBOX_KIND = Symbol.for("TypeBox.Kind");

const isSchema = (v: unknown): v is object => typeof v === "object" && v !== null && (TYPEBOX_KIND in v || "type" in v || "anyOf" in v || "$ref" in v);

/** Whether a route is an operation of the document. */
function documented(route: DocumentedRoute): boolean {
  return DOCUMENTED_METHODS.has(route.method) && route.path.startsWith("/api/") && !route.path.includes("*") && !route.hooks?.detail?.hide;
}

/** The route's answers that its schemas state: `response: S` is 200, `response: {201: S}` per status. */
function successResponses(route: DocumentedRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const response = route.hooks?.response;
  const answer = (status: string, schema: unknown) =>
    status === "204" ? { description: "No content." } : { description: status.startsWith("2") ? "Success." : "Refused.", content: { "application/json": { schema: toDocumentSchema(schema) } } };
  if (isSchema(response)) out["200"] = answer("200", response);
  else if (response && typeof response === "object") for (const [status, schema] of Object.entries(response)) out[status] = answer(status, schema);
  else if (route.method === "DELETE") out["204"] = { description: "Deleted." };
  else out["200"] = { description: "Success: a JSON value.", content: { "application/json": { schema: {} } } };
  return { ...out, ...route.hooks?.detail?.responses };
}

/** A parameter list from an object schema (`in` path or query). */
function parametersOf(schema: unknown, where: "path" | "query"): Record<string, unknown>[] {
  if (!schema) return [];
  const s = toDocumentSchema(schema);
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: where, required: where === "path" || required.has(name), ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
}

function operationOf(route: DocumentedRoute): Operation {
  const hooks = route.hooks ?? {};
  const detail = hooks.detail ?? {};
  const role = routeRole(hooks);
  const pathNames = [...route.path.matchAll(/:([^/]+)/g)].map((m) => m[1] as string);
  const parameters = parametersOf(hooks.params, "path");
  for (const name of pathNames) if (!parameters.some((p) => p.name === name)) parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
  parameters.push(...parametersOf(hooks.query, "query"));

  const op: Operation = { operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}` };
  if (detail.tags) op.tags = detail.tags;
  if (detail.summary) op.summary = detail.summary;
  if (detail.description) op.description = detail.description;
  if (detail.deprecated) op.deprecated = true;
  if (parameters.length) op.parameters = parameters;
  if (hooks.body) {
    const schema = toDocumentSchema(hooks.body);
    const media = takesFile(schema) ? "multipart/form-data" : "application/json";
    op.requestBody = { required: Array.isArray(schema.required) && schema.required.length > 0, content: { [media]: { schema }, ...detail.requestBody?.content } };
  }
  const secured = role !== undefined || (detail.security?.length ?? 0) > 0;
  if (!secured) op.security = [];
  else if (detail.security) op.security = detail.security;

  const responses: Record<string, unknown> = successResponses(route);
  const errors: string[] = [];
  if (hooks.body || hooks.query || hooks.params) errors.push("400");
  if (secured) errors.push("401");
  // Any signed-in route may refuse the caller: by role, or by the object (a readonly user linking a barcode).
  if (secured) errors.push("403");
  if (pathNames.length) errors.push("404");
  if (hooks.body) errors.push("413");
  if (route.method !== "GET") errors.push("503");
  for (const status of errors) responses[status] ??= errorResponseRef(status);
  op.responses = responses;
  return op;
}

/** The whole document for the given routes. */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[], info: DocumentInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    if (!documented(route)) continue;
    const path = route.path.replace(/:([^/]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route);
  }
  const responses: Record<string, unknown> = {};
  for (const { name, response } of Object.values(errorResponses)) responses[name] = response;
  return {
    openapi: "3.1.1",
    info,
    security: [{ tokenAuth: [] }, { basicAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        tokenAuth: { type: "apiKey", in: "header", name: "Authorization", description: "`Token <key>` from GET /api/user/token/" },
        basicAuth: { type: "http", scheme: "basic" },
      },
      schemas: errorSchemas,
      responses,
    },
  };
}

/** A route's `detail` for an answer that is a file, not JSON (its schema cannot say so). */
export const fileAnswerDoc = (mediaTypes: string[], description: string): DocumentDecoration => ({
  responses: { "200": { description, content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: { type: "string", format: "binary" } }])) } },
});
