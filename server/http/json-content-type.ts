import { Elysia, ElysiaCustomStatusResponse } from "elysia";

/** DRF's JSON media type, with no parameters: inventree-python compares the header exactly. */
export const JSON_CONTENT_TYPE = "application/json";

/** True for what Elysia serialises as JSON: plain objects and arrays (not Responses, files, strings). */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/**
 * Every JSON answer says `Content-Type: application/json`, exactly (Bun's `Response.json` would add
 * `;charset=utf-8`). Only the header is set: Elysia still serialises the body on its fast path, and
 * Responses, files and strings (PDF, PNG, SVG, CSV, HTML) keep their own type. Errors are answered
 * with the same type in app.ts's onError.
 */
export const jsonContentType = new Elysia({ name: "binventory/json-content-type" }).mapResponse({ as: "global" }, ({ responseValue, set }) => {
  // `status(201, body)` arrives wrapped.
  const value = responseValue instanceof ElysiaCustomStatusResponse ? (responseValue.response as unknown) : responseValue;
  if (isJsonValue(value)) set.headers["content-type"] = JSON_CONTENT_TYPE;
});
