/**
 * Type checks as the clients' casts make them, for contract tests: a Dart `as int` on a double
 * or a string crashes, so "int" means a JSON integer; getDouble/getString are lenient, but we
 * still pin InvenTree's JSON type.
 */
import { expect } from "bun:test";

export type JsonType = "int" | "number" | "string" | "bool" | "object" | "array" | "int?" | "string?" | "number?" | "object?";

function check(value: unknown, type: JsonType): boolean {
  const nullable = type.endsWith("?");
  if (value === null) return nullable;
  switch (type.replace("?", "")) {
    case "int":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
  }
  return false;
}

/** Asserts every key is present with the JSON type the client reads it as. */
export function expectFields(obj: Record<string, unknown>, fields: Record<string, JsonType>): void {
  for (const [key, type] of Object.entries(fields)) {
    expect(obj, `missing "${key}"`).toHaveProperty([key]);
    expect(check(obj[key], type), `"${key}" should be ${type}, got ${JSON.stringify(obj[key])}`).toBe(true);
  }
}
