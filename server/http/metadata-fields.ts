/**
 * DRF / InvenTree field metadata (the `actions.POST` entries of an OPTIONS answer) derived from a
 * route's TypeBox schemas: the body gives the writable fields, the response the read-only ones.
 * Schema options it reads: `title` (label), `description` (help_text), `default`, `maxLength`,
 * `minLength`, `minimum`, `maximum`, `"x-related": {model, api_url, filters?, pk_field?}`,
 * `"x-choices": [{value, display_name}]` and `"x-hidden": true` (`hidden`, which the app honours
 * from the server's definition: it neither draws the field nor lets the user fill it, api_form.dart:127).
 */
import { relatedByName, type Related } from "./metadata-related.ts";

/** The JSON Schema keywords read here. */
export interface SchemaNode {
  type?: string | string[];
  format?: string;
  pattern?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode | SchemaNode[];
  title?: string;
  description?: string;
  default?: unknown;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  "x-related"?: Related;
  "x-choices"?: { value: unknown; display_name: string }[];
  "x-hidden"?: boolean;
}

export type FieldInfo = Record<string, unknown>;

/** "purchase_price" → "Purchase Price", as InvenTree's verbose names read. */
export const labelOf = (name: string): string =>
  name
    .split("_")
    .filter(Boolean)
    .map((w) => (w === "pk" ? "ID" : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");

/** The node without its `null` member and the Elysia string stand-ins of t.Integer / t.Numeric. */
function unwrap(node: SchemaNode): { inner: SchemaNode; members: SchemaNode[] } {
  if (!node.anyOf) return { inner: node, members: [node] };
  const members: SchemaNode[] = [];
  const walk = (n: SchemaNode) => {
    if (n.anyOf) n.anyOf.forEach(walk);
    else if (n.type === "null") return;
    else if (n.type === "string" && (n.format === "integer" || n.format === "numeric" || n.format === "boolean")) return;
    else members.push(n);
  };
  walk(node);
  return { inner: members.length === 1 ? members[0] : node, members };
}

const DATE_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;

/** DRF's type name for a scalar node. */
function scalarType(n: SchemaNode): string {
  const type = Array.isArray(n.type) ? n.type.find((x) => x !== "null") : n.type;
  switch (type) {
    case "integer":
      return "integer";
    case "number":
      return "float"; // InvenTreeDecimalField is a FloatField
    case "boolean":
      return "boolean";
    case "null":
      // A field that only takes null: a file field of a feature Binventory does not store keeps its kind.
      return n.format === "binary" ? "file upload" : "field";
    case "string":
      if (n.format === "date") return "date";
      if (n.format === "date-time") return "datetime";
      if (n.format === "email") return "email";
      if (n.format === "uri" || n.format === "url") return "url";
      if (n.format === "binary") return "file upload";
      if (n.pattern && DATE_PATTERN.test(n.pattern) && !n.pattern.includes("T")) return "date";
      return "string";
    default:
      return "field";
  }
}

/** Where a field sits: the route path (for path-dependent related models) and its access. */
interface FieldContext {
  path: string;
  readOnly: boolean;
}

/** Options may sit on the outer union (t.Union([...], opts)) or on the member itself. */
function option<K extends keyof SchemaNode>(outer: SchemaNode, inner: SchemaNode, key: K): SchemaNode[K] | undefined {
  return outer[key] !== undefined ? outer[key] : inner[key];
}

/** One field's metadata, InvenTree's shape. */
function fieldInfo(name: string, node: SchemaNode, required: boolean, ctx: FieldContext): FieldInfo {
  const { inner, members } = unwrap(node);
  const info: FieldInfo = { type: "field", required, read_only: ctx.readOnly, label: option(node, inner, "title") ?? labelOf(name) };
  const help = option(node, inner, "description");
  if (help) info.help_text = help;
  const consts = members.filter((m) => m.const !== undefined);
  const xChoices = option(node, inner, "x-choices");
  if (xChoices || (consts.length > 0 && consts.length === members.length)) {
    info.type = "choice";
    if (!ctx.readOnly) info.choices = xChoices ?? consts.map((c) => ({ value: c.const, display_name: String(c.const) }));
  } else if (inner.type === "array" && inner.items && !Array.isArray(inner.items)) {
    const child = unwrap(inner.items).inner;
    if (child.type === "object") {
      // A nested serializer with many=True: DRF's ListSerializer, its child the nested serializer.
      info.child = { type: "nested object", required: true, read_only: ctx.readOnly, label: info.label, children: ctx.readOnly ? {} : objectFields(child, ctx) };
    } else {
      info.type = child.format === "binary" ? "file upload" : "list";
      if (!ctx.readOnly) info.child = fieldInfo(name, inner.items, true, ctx);
    }
  } else if (inner.type === "object") {
    info.type = "nested object";
    if (!ctx.readOnly && inner.properties) info.children = objectFields(inner, ctx);
  } else {
    info.type = scalarType(inner);
    if (info.type === "file upload" && /image/.test(name)) info.type = "image upload";
  }
  if (option(node, inner, "x-hidden")) info.hidden = true;
  const def = option(node, inner, "default");
  if (def !== undefined) info.default = def;
  const maxLength = option(node, inner, "maxLength");
  if (maxLength !== undefined) info.max_length = maxLength;
  const minLength = option(node, inner, "minLength");
  if (minLength !== undefined && minLength > 0) info.min_length = minLength;
  const min = option(node, inner, "minimum") ?? option(node, inner, "exclusiveMinimum");
  if (min !== undefined && (info.type === "integer" || info.type === "float")) info.min_value = min;
  const max = option(node, inner, "maximum");
  if (max !== undefined && (info.type === "integer" || info.type === "float")) info.max_value = max;
  // Writable foreign keys: InvenTree's "related field", which the app renders as a search dropdown.
  // An explicit `x-related` wins whatever the value's type (a pk-or-key union is still a related field).
  if (!ctx.readOnly) {
    const scalar = info.type === "integer" || info.type === "string";
    const related = option(node, inner, "x-related") ?? (scalar ? relatedByName(name, ctx.path, info.type as "integer" | "string") : undefined);
    if (related) {
      info.type = "related field";
      info.model = related.model;
      info.api_url = related.api_url;
      info.filters = related.filters ?? {};
      info.pk_field = related.pk_field ?? "pk";
      delete info.min_value;
      delete info.max_value;
    }
  }
  return info;
}

/** The metadata of every property of an object schema. */
function objectFields(node: SchemaNode, ctx: FieldContext): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = {};
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    out[name] = fieldInfo(name, child, !ctx.readOnly && required.has(name) && child.default === undefined, ctx);
  }
  return out;
}

/** The object a response schema describes: a Paginated union or a list gives its item. */
function responseObject(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.type === "object" && node.properties) return node;
  if (node.type === "array" && node.items && !Array.isArray(node.items)) return responseObject(node.items);
  for (const member of node.anyOf ?? []) {
    const found = responseObject(member);
    if (found) return found;
  }
  return undefined;
}

/**
 * `actions.<METHOD>` for one route: its body's fields, then the response's fields that are not in
 * the body, read-only.
 */
export function actionFields(path: string, body: SchemaNode | undefined, response: SchemaNode | undefined): Record<string, FieldInfo> {
  const bodyObject = body && body.type === "object" ? body : undefined;
  const fields = bodyObject ? objectFields(bodyObject, { path, readOnly: false }) : {};
  const out = responseObject(response);
  if (out?.properties) {
    for (const [name, child] of Object.entries(out.properties)) {
      if (!(name in fields)) fields[name] = fieldInfo(name, child, false, { path, readOnly: true });
    }
  }
  return fields;
}
