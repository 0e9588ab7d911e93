/**
 * The answers every route shares, as OpenAPI components: DRF's error shapes (errors.ts,
 * validation-errors.ts) and the statuses the HTTP layer gives on its own (app.ts).
 */
import type { JsonSchema } from "./openapi-schema.ts";

const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Shared schemas: `{detail}` and DRF's field errors. */
export const errorSchemas: Record<string, JsonSchema> = {
  ErrorDetail: {
    type: "object",
    description: "DRF's error for the whole request: `{\"detail\": \"...\"}`.",
    required: ["detail"],
    properties: { detail: { type: "string" } },
  },
  ValidationErrors: {
    type: "object",
    description:
      'DRF\'s 400: each invalid field names its messages (`{"quantity": ["A valid number is required."]}`), nested for list items; `non_field_errors` for the body as a whole, or `{"detail": "..."}` for a body that is not JSON.',
    minProperties: 1,
    additionalProperties: { anyOf: [{ type: "string" }, { type: "array" }, { type: "object" }] },
  },
};

/** Shared responses, by status. */
export const errorResponses: Record<string, { name: string; response: Record<string, unknown> }> = {
  "400": { name: "BadRequest", response: { description: "Invalid input: the fields at fault and why.", content: json(ref("ValidationErrors")) } },
  "401": { name: "Unauthorized", response: { description: "No or invalid credentials.", content: json(ref("ErrorDetail")) } },
  "403": { name: "Forbidden", response: { description: "The caller's role may not do this.", content: json(ref("ErrorDetail")) } },
  "404": { name: "NotFound", response: { description: "No such object.", content: json(ref("ErrorDetail")) } },
  "413": { name: "PayloadTooLarge", response: { description: "The body is larger than the server accepts.", content: json(ref("ErrorDetail")) } },
  "503": {
    name: "ServiceUnavailable",
    response: {
      description: "The server is busy (e.g. another writer holds the database); retry after the given seconds.",
      headers: { "Retry-After": { schema: { type: "integer", minimum: 0 }, description: "Seconds to wait before retrying." } },
      content: json(ref("ErrorDetail")),
    },
  },
};

/** A reference to a shared response. */
export const errorResponseRef = (status: string) => ({ $ref: `#/components/responses/${errorResponses[status]?.name}` });
