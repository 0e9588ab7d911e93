/**
 * A route's TypeBox schema as the JSON Schema (2020-12) an OpenAPI 3.1 document carries: the
 * schema the route validates with, minus Elysia's input transforms. `t.Integer` / `t.Numeric`
 * serialise as `anyOf: [{type: "string", format: "integer"}, {type: "integer"}]` because Elysia
 * also accepts the numeric string a query string carries; the document states the value's type,
 * `integer`, which is also how OpenAPI describes a query or path parameter.
 */

/** A JSON Schema object, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** Formats Elysia puts on the string branch of a transform (t.Integer, t.Numeric, t.BooleanString...). */
const TRANSFORM_FORMATS = new Set(["integer", "numeric", "boolean", "ObjectString", "ArrayString"]);

const isObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

/** The string branch Elysia adds to a transform: `{type: "string", format: "integer", default: 0}`. */
const isTransformBranch = (s: unknown): boolean => isObject(s) && s.type === "string" && typeof s.format === "string" && TRANSFORM_FORMATS.has(s.format);

/** Elysia's bookkeeping keywords that are not JSON Schema. */
const ELYSIA_KEYS = new Set(["elysiaMeta"]);

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (ELYSIA_KEYS.has(key)) continue;
    out[key] = key === "properties" || key === "patternProperties" || key === "$defs" ? mapValues(value) : clean(value);
  }
  // t.Literal(10) says "number": the value is an integer.
  if (out.type === "number" && Number.isInteger(out.const)) out.type = "integer";
  // t.File / t.Files carry `default: "File"`: not a value of the field.
  if (out.format === "binary" && typeof out.default === "string") delete out.default;
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf)) {
    const kept = anyOf.filter((branch) => !isTransformBranch(branch));
    if (kept.length === 1 && isObject(kept[0])) {
      // The outer node repeats the value branch's annotations (minimum, description...): merge them.
      const { anyOf: _drop, ...outer } = out;
      return { ...outer, ...kept[0] };
    }
    if (kept.length !== anyOf.length) out.anyOf = kept;
  }
  return out;
}

function mapValues(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: JsonSchema = {};
  for (const [key, schema] of Object.entries(value)) out[key] = clean(schema);
  return out;
}

/**
 * The JSON Schema of a TypeBox/Elysia schema for the document: a deep JSON copy (TypeBox's
 * symbol-keyed metadata drops out) with Elysia's transform branches removed.
 */
export function toDocumentSchema(schema: unknown): JsonSchema {
  const plain: unknown = JSON.parse(JSON.stringify(schema ?? {}));
  const cleaned = clean(plain);
  return isObject(cleaned) ? cleaned : {};
}

/** Whether a schema takes a file anywhere (then its body is multipart/form-data). */
export function takesFile(schema: JsonSchema): boolean {
  return JSON.stringify(schema).includes('"format":"binary"');
}
