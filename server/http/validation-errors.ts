import type { ValidationError } from "elysia";
import { DATE_FORMAT_MESSAGE } from "../core/errors.ts";
import { BOOL_QUERY_PATTERN } from "../core/query.ts";

type Issue = ValidationError["all"][number];
type SchemaLike = {
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: SchemaLike[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
};

/** A YYYY-MM-DD date string's pattern (not a datetime's), as the bodies' DateString schemas write it. */
const DATE_ONLY_PATTERN = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/;

/** DRF ChoiceField's message, the input as Python's str() writes it. */
const notAChoice = (value: unknown): string => `"${value === true ? "True" : value === false ? "False" : typeof value === "object" ? JSON.stringify(value) : String(value)}" is not a valid choice.`;

/** The message DRF would give for this kind of failure, which InvenTree's clients show as is. */
function drfMessage(issue: Issue): string {
  const schema = ("schema" in issue ? issue.schema : {}) as SchemaLike;
  const value = "value" in issue ? issue.value : undefined;
  const message = "message" in issue ? String(issue.message) : "Invalid value.";
  if (message.startsWith("Expected required property")) return "This field is required.";
  // Elysia reports a missing property only as its type error ("Expected string"), with no value.
  if (value === undefined && "value" in issue) return "This field is required.";
  const types = new Set<string>();
  const collect = (s: SchemaLike) => {
    if (s.anyOf) s.anyOf.forEach(collect);
    // A literal first: TypeBox writes t.Literal("USD") as {const: "USD", type: "string"}, a choice, not a CharField.
    else if (s.const !== undefined) types.add("const");
    else if (typeof s.type === "string") types.add(s.type);
  };
  collect(schema);
  // A string where a YYYY-MM-DD date is expected (also inside Nullable's union): DRF's DateField message.
  const datePattern = [schema.pattern, ...(schema.anyOf ?? []).map((s) => s.pattern)].find((p) => p !== undefined && DATE_ONLY_PATTERN.test(p));
  if (typeof value === "string" && datePattern !== undefined && !new RegExp(datePattern).test(value)) return DATE_FORMAT_MESSAGE;
  // A boolean query parameter (core/query.ts BoolQuery): DRF's BooleanField message.
  if (typeof value === "string" && (schema.pattern === BOOL_QUERY_PATTERN || schema.anyOf?.some((s) => s.pattern === BOOL_QUERY_PATTERN))) return "Must be a valid boolean.";
  const wrongType = message.startsWith("Expected union value") || /^Expected (integer|number|string|boolean|array|object)$/.test(message);
  if (wrongType) {
    if (value === null) return "This field may not be null.";
    if (types.has("integer") || types.has("numeric") || schema.format === "integer") return "A valid integer is required.";
    if (types.has("number")) return "A valid number is required.";
    if (types.has("boolean") || types.has("booleanString")) return "Must be a valid boolean.";
    if (types.has("string")) return value === null ? "This field may not be null." : "Not a valid string.";
    if (types.has("array")) return `Expected a list of items but got type "${typeof value}".`;
    if (types.has("object")) return "Invalid data. Expected a dictionary.";
    if (types.has("const")) return notAChoice(value);
  }
  const bounds = (s: SchemaLike): string | null => {
    if (s.minimum !== undefined && typeof value === "number" && value < s.minimum) return `Ensure this value is greater than or equal to ${s.minimum}.`;
    if (s.exclusiveMinimum !== undefined && typeof value === "number" && value <= s.exclusiveMinimum) return `Ensure this value is greater than ${s.exclusiveMinimum}.`;
    if (s.maximum !== undefined && typeof value === "number" && value > s.maximum) return `Ensure this value is less than or equal to ${s.maximum}.`;
    if (s.exclusiveMaximum !== undefined && typeof value === "number" && value >= s.exclusiveMaximum) return `Ensure this value is less than ${s.exclusiveMaximum}.`;
    if (s.minLength !== undefined && typeof value === "string" && value.length < s.minLength) return s.minLength === 1 ? "This field may not be blank." : `Ensure this field has at least ${s.minLength} characters.`;
    if (s.maxLength !== undefined && typeof value === "string" && value.length > s.maxLength) return `Ensure this field has no more than ${s.maxLength} characters.`;
    if (s.minItems !== undefined && Array.isArray(value) && value.length < s.minItems) return s.minItems === 1 ? "This list may not be empty." : `Ensure this field has at least ${s.minItems} elements.`;
    if (s.maxItems !== undefined && Array.isArray(value) && value.length > s.maxItems) return `Ensure this field has no more than ${s.maxItems} elements.`;
    return null;
  };
  const bound = bounds(schema) ?? schema.anyOf?.map(bounds).find((m) => m !== null) ?? null;
  if (bound) return bound;
  if (types.has("const") && !types.has("string")) return notAChoice(value);
  return message.endsWith(".") ? message : `${message}.`;
}

/** An own property (a body's keys are user data: "__proto__" or "toString" must not reach the prototype). */
const own = (node: object, key: string): unknown => (Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined);
const setOwn = (node: object, key: string, value: unknown) => Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
const isMessages = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === "string");
const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !isMessages(v);

/**
 * Sets a message at a JSON pointer inside a DRF error body: `/items/1/pk` → `{items: [{}, {pk: [..]}]}`.
 * A field that already has its own messages keeps them: errors below it are not added (a value that
 * is not even the right type has nothing to report inside it).
 */
function place(body: Record<string, unknown>, segments: string[], message: string): void {
  let node: Record<string, unknown> = body;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] as string;
    const existing = own(node, key);
    if (i === segments.length - 1) {
      if (isMessages(existing)) {
        if (!existing.includes(message)) existing.push(message);
      } else if (existing === undefined) setOwn(node, key, [message]);
      return;
    }
    const nextIsIndex = /^\d+$/.test(segments[i + 1] as string);
    let child = existing;
    if (child === undefined) {
      child = nextIsIndex ? [] : {};
      setOwn(node, key, child);
    }
    if (!isContainer(child)) return;
    if (Array.isArray(child) && nextIsIndex) {
      const idx = Number(segments[i + 1]);
      for (let j = 0; j <= idx; j++) if (child[j] === undefined) child[j] = {};
      const element = child[idx];
      if (!isContainer(element) || Array.isArray(element)) return;
      i++;
      if (i === segments.length - 1) {
        // The element itself is wrong (e.g. not an object): DRF reports it under non_field_errors.
        if (!isMessages(own(element, "non_field_errors"))) setOwn(element, "non_field_errors", [message]);
        return;
      }
      node = element;
    } else node = child;
  }
}

/**
 * The query parameter an Elysia "property" error is about. A numeric query value (t.Integer) that
 * parses but breaks a bound fails inside the schema's decode, which forgets the parameter's name
 * (`"property": "root"`); the parameter is the one whose value decodes to the failing number.
 */
function failingQueryParameter(error: ValidationError, url: string | undefined): string | undefined {
  if (error.type !== "property" || url === undefined || typeof error.value !== "number") return undefined;
  for (const [key, raw] of new URL(url).searchParams) if (raw.trim() !== "" && Number(raw) === error.value) return key;
  return undefined;
}

/**
 * Turns Elysia's validation error into DRF's body: each bad field named, one message per failure.
 * `url` (the request's) lets a query parameter's bound error be named after the parameter.
 */
export function validationErrorBody(error: ValidationError, url?: string): Record<string, unknown> {
  const queryKey = failingQueryParameter(error, url);
  if (queryKey !== undefined) return { [queryKey]: error.all.map(drfMessage).slice(0, 1) };
  const body: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const issue of error.all) {
    const path = "path" in issue ? String(issue.path) : "";
    if (seen.has(path)) continue; // TypeBox reports "required" and then "wrong type" for one missing field
    seen.add(path);
    const segments = path.split("/").filter(Boolean).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const message = drfMessage(issue);
    if (segments.length === 0) (body.non_field_errors as string[] | undefined)?.push(message) ?? (body.non_field_errors = [message]);
    else place(body, segments, message);
  }
  if (Object.keys(body).length === 0) body.non_field_errors = ["Invalid request."];
  return body;
}
