/**
 * Reading the served OpenAPI document in tests: its operations, a check that an answer is one
 * the document promises (status, content type, body against the schema, with Ajv 2020-12), and
 * fast-check arbitraries for valid and invalid inputs built from the documented schemas.
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { TestResponse } from "./app.ts";

// biome-ignore lint: JSON documents
type Json = any;
export type Schema = Record<string, Json>;

export interface Operation {
  method: string;
  path: string;
  op: Json;
  parameters: { name: string; in: "path" | "query"; required: boolean; schema: Schema }[];
  body?: { media: string; schema: Schema; required: boolean };
}

/** Every operation of the document, path parameters and body resolved. */
export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const content = op.requestBody?.content ?? {};
      const media = Object.keys(content)[0];
      out.push({
        method: method.toUpperCase(),
        path,
        op,
        parameters: op.parameters ?? [],
        body: media ? { media, schema: content[media].schema, required: op.requestBody.required } : undefined,
      });
    }
  }
  return out;
}

/** Resolves a `$ref` to a component (one level, as the document uses them). */
function deref(doc: Json, node: Json): Json {
  if (!node?.$ref) return node;
  const parts = (node.$ref as string).replace(/^#\//, "").split("/");
  return parts.reduce((n: Json, k) => n?.[k], doc);
}

/** Checks answers against the document. */
export function answerChecker(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
  const cache = new Map<Json, ValidateFunction>();
  const compile = (schema: Json): ValidateFunction => {
    let v = cache.get(schema);
    if (!v) {
      // Component references are written against the document root.
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
      v = ajv.compile(rewritten);
      cache.set(schema, v);
    }
    return v;
  };
  /** Problems with one answer to `op`; empty when it is one the document promises. */
  return (op: Operation, res: TestResponse): string[] => {
    const documented = op.op.responses?.[String(res.status)] ?? op.op.responses?.default;
    if (!documented) return [`status ${res.status} is not documented (${res.text.slice(0, 200)})`];
    const response = deref(doc, documented);
    const content = response.content as Record<string, Json> | undefined;
    if (!content || Object.keys(content).length === 0) return res.text === "" ? [] : [`status ${res.status} documents no body, got ${res.text.slice(0, 100)}`];
    const type = res.headers.get("content-type") ?? "";
    const media = Object.keys(content).find((m) => m === type || (m.endsWith("/*") && type.startsWith(m.slice(0, -1))) || m === "*/*");
    if (!media) return [`content type ${type} is not documented for ${res.status} (${Object.keys(content).join(", ")})`];
    if (media !== "application/json") return [];
    const validate = compile(content[media].schema ?? {});
    if (validate(res.body)) return [];
    return [`body does not match the ${res.status} schema: ${ajv.errorsText(validate.errors)} (${res.text.slice(0, 300)})`];
  };
}

const DATE = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true });

/** Values that satisfy a documented schema (the keywords the document uses). */
export function validValue(doc: Json, schema: Json, depth = 0): fc.Arbitrary<Json> {
  const s = deref(doc, schema) ?? {};
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((b: Json) => validValue(doc, { ...s, anyOf: undefined, ...b }, depth)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer": {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : min + 100000);
      // Small values first: pks of the demo objects (1..12) reach the handlers' success paths.
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max: Math.min(max, min + 11) }) }, { weight: 1, arbitrary: fc.integer({ min, max }) });
    }
    case "number": {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1e6;
      const max = s.maximum ?? s.exclusiveMaximum ?? 1e6;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: s.exclusiveMinimum !== undefined, maxExcluded: s.exclusiveMaximum !== undefined }).map((v) => (Object.is(v, -0) ? 0 : v));
    }
    case "string": {
      if (s.format === "binary") return fc.constant("file");
      if (s.format === "date" || s.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return DATE.map((d) => d.toISOString().slice(0, 10));
      if (s.format === "date-time") return DATE.map((d) => d.toISOString());
      if (s.format === "email") return fc.emailAddress();
      if (s.format === "uri") return fc.webUrl();
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40), unit: "grapheme" });
    }
    case "array": {
      if (depth > 3) return fc.constant([]);
      return fc.array(validValue(doc, s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    }
    case "object": {
      if (depth > 3) return fc.constant({});
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set<string>(s.required ?? []);
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validValue(doc, v, depth + 1);
      if (Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      return fc.record(model, { requiredKeys: [...required] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Any JSON value, or a value of a type the schema does not accept (for invalid inputs). */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("", " ", "0", "-1", "-0", " 1", "1e3", "1e309", "9223372036854775807", "9223372036854775808", "NaN", "Infinity", "null", "true", "%", "_", "\\", "'", "\"", "\u0000", "é", "0x1", "١", "１", "\ud800", "x".repeat(5000), "constructor", "__proto__", "toString", "hasOwnProperty"),
  fc.constantFrom(-1, 0, -0.5, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, -(2 ** 63), 1e21, 1e308, 1e-320, Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom<Json>([], {}, [[[[[[[[[[[]]]]]]]]]]], Array.from({ length: 200 }, (_, i) => i), { pk: 1 }, [{ pk: 1, quantity: 1 }]),
  fc.string({ maxLength: 30, unit: "binary" }),
);

/** A query or path value as text: how it travels in a URL. */
export const asParam = (v: Json): string => (typeof v === "string" ? v : v === null ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Where a documented foreign key finds its objects: `x-related` (InvenTree's form metadata). */
export interface Related {
  api_url: string;
  filters?: Record<string, Json>;
  pk_field?: string;
}

/** A key for one related list: its URL with its filters as a query string. */
const relatedKey = (r: Related): string => {
  const qs = new URLSearchParams(Object.entries(r.filters ?? {}).map(([k, v]) => [k, String(v)]));
  return qs.size ? `${r.api_url}?${qs}` : r.api_url;
};

/** Every `x-related` a schema mentions, resolving component references. */
export function relatedIn(doc: Json, schema: Json, out = new Map<string, Related>(), seen = new Set<Json>()): Map<string, Related> {
  const s = deref(doc, schema);
  if (!s || typeof s !== "object" || seen.has(s)) return out;
  seen.add(s);
  if (s["x-related"]?.api_url) out.set(relatedKey(s["x-related"]), s["x-related"]);
  for (const v of Object.values<Json>(s)) if (v && typeof v === "object") relatedIn(doc, v, out, seen);
  return out;
}

/** Realistic text for a field named like these (the document says only "string"). */
const NAMED_TEXT: [RegExp, fc.Arbitrary<string>][] = [
  [/email/, fc.constantFrom("someone@example.com", "")],
  [/website|link|url/, fc.constantFrom("https://example.com/", "")],
  [/currency/, fc.constant("USD")],
];

const ALNUM = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789");

/**
 * "Tame" values: valid per the document and plausible, so handlers reach their success answers:
 * foreign keys from the objects `related` lists (the field's `x-related`), small numbers, short
 * ASCII text, required object properties and at most two optional ones.
 */
export function tameValue(doc: Json, schema: Json, related: Map<string, Json[]>, name = "", depth = 0): fc.Arbitrary<Json> {
  const s = deref(doc, schema) ?? {};
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((b: Json) => tameValue(doc, { ...s, anyOf: undefined, ...b }, related, name, depth)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const known = s["x-related"] ? related.get(relatedKey(s["x-related"])) : undefined;
  if (known?.length && (type === "integer" || type === "string")) return fc.constantFrom(...known);
  switch (type) {
    case "integer":
    case "number": {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? Math.floor(s.exclusiveMinimum) + 1 : 0);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? Math.ceil(s.exclusiveMaximum) - 1 : lo + 100);
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) return validValue(doc, s, depth);
      return fc.integer({ min: lo, max: Math.min(hi, lo + 11) });
    }
    case "string": {
      if (s.format || s.pattern) return validValue(doc, s, depth);
      const named = NAMED_TEXT.find(([re]) => re.test(name));
      if (named && (s.maxLength ?? Infinity) >= 20) return named[1].filter((v) => v.length >= (s.minLength ?? 0));
      const min = Math.max(s.minLength ?? 0, 1);
      const max = Math.min(s.maxLength ?? 12, 12);
      if (max < min) return validValue(doc, s, depth);
      return fc.string({ unit: ALNUM, minLength: min, maxLength: max });
    }
    case "array": {
      if (depth > 3) return fc.constant([]);
      const min = s.minItems ?? 0;
      return fc.array(tameValue(doc, s.items ?? {}, related, name, depth + 1), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 2, 2)) });
    }
    case "object": {
      const props = (s.properties ?? {}) as Record<string, Json>;
      if (depth > 3 || Object.keys(props).length === 0) return fc.constant({});
      const required = (s.required ?? []) as string[];
      const optional = Object.keys(props).filter((k) => !required.includes(k));
      return fc
        .subarray(optional, { maxLength: Math.min(2, optional.length) })
        .chain((names) => fc.record(Object.fromEntries([...required, ...names].map((k) => [k, tameValue(doc, props[k], related, k, depth + 1)]))));
    }
    default:
      return validValue(doc, s, depth);
  }
}
