import { ApiError } from "../core/errors.ts";

/** Python's name for a JSON value's type, as DRF prints it. */
function pythonTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

const WRITES = new Set(["POST", "PUT", "PATCH"]);

/**
 * A write body must be a JSON object, as DRF's Serializer demands of every POST/PUT/PATCH
 * (`"AAA"`, `null` or `[1,2]` would otherwise pass a schema whose fields are all optional):
 * 400 `{"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}`.
 */
export function expectDictionary(method: string, value: unknown): unknown {
  if (!WRITES.has(method.toUpperCase())) return value;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
  throw new ApiError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`] });
}
