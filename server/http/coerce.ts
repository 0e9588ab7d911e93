/**
 * DRF's input semantics for JSON (and form) bodies, applied once for every route from its TypeBox
 * body schema, before validation: numeric strings for numbers ("1300.0", " 5 "), "12" / "12.0" for
 * integers and pks, DRF BooleanField's spellings ("true", "Yes", "on", 1, 0…), numbers into
 * CharFields, "10" for the choice 10. A value DRF would refuse is left as it is, so validation
 * answers with DRF's message ("A valid number is required.", "A valid integer is required.",
 * "Must be a valid boolean."). The walk follows the schema, never the input, so hostile nesting
 * costs nothing.
 */

/** The JSON Schema keywords the walk reads (TypeBox schemas are JSON Schema). */
interface SchemaNode {
  type?: string | string[];
  format?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
}

/** Returns the coerced value (the same value when nothing applies). */
export type Coercer = (value: unknown) => unknown;

/** DRF's guard against huge numeric strings (IntegerField/FloatField/DecimalField.MAX_STRING_LENGTH). */
const MAX_STRING_LENGTH = 1000;
/** Python's int(): optional sign, digits with single underscores between them, surrounding spaces. */
const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
/** Python's Decimal()/float() literals (no NaN / Infinity: DRF refuses those). */
const PY_DECIMAL = /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
/** IntegerField.re_decimal: "5.0", "5." and trailing spaces are whole numbers. */
const TRAILING_ZERO_DECIMALS = /\.0*\s*$/;
const TRUE_VALUES = new Set(["t", "y", "yes", "true", "on", "1"]);
const FALSE_VALUES = new Set(["f", "n", "no", "false", "off", "0"]);
const NULL_VALUES = new Set(["null", ""]);
/** Formats whose DRF fields (DateField, DateTimeField, TimeField) accept only strings. */
const STRING_ONLY_FORMATS = new Set(["date", "date-time", "time"]);

const noZeroSign = (n: number) => (n === 0 ? 0 : n);

/** DRF IntegerField.to_internal_value; undefined when DRF would refuse the value. */
function toInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== "string" || value.length > MAX_STRING_LENGTH) return undefined;
  const s = value.replace(TRAILING_ZERO_DECIMALS, "");
  if (!PY_INT.test(s)) return undefined;
  const n = Number(s.replace(/_/g, "").trim());
  return Number.isSafeInteger(n) ? noZeroSign(n) : undefined;
}

/** DRF DecimalField/FloatField.to_internal_value; undefined when DRF would refuse the value. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.length > MAX_STRING_LENGTH) return undefined;
  const s = value.trim();
  if (!PY_DECIMAL.test(s)) return undefined;
  const n = Number(s.replace(/_/g, ""));
  return Number.isFinite(n) ? noZeroSign(n) : undefined;
}

/** DRF BooleanField.to_internal_value (strings compared lower-cased); undefined when refused. */
function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1) return true;
  if (value === 0) return false;
  if (typeof value !== "string") return undefined;
  const s = value.toLowerCase();
  if (TRUE_VALUES.has(s)) return true;
  if (FALSE_VALUES.has(s)) return false;
  return undefined;
}

/** What a schema node accepts, as DRF field kinds. */
interface Kinds {
  integer: boolean;
  number: boolean;
  boolean: boolean;
  string: boolean;
  null: boolean;
  /** An Elysia t.Integer / t.Numeric member that takes strings DRF refuses ("0x10", "1e3"). */
  lenientStrings: boolean;
  consts: unknown[];
  object?: SchemaNode;
  array?: SchemaNode;
}

const typesOf = (node: SchemaNode): string[] => (node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type]);

/** Flattens unions; Elysia's t.Integer / t.Numeric / t.BooleanString carry a string member with a format that stands for the number or boolean itself. */
function collectKinds(node: SchemaNode, into: Kinds): void {
  if (node.anyOf) {
    for (const member of node.anyOf) collectKinds(member, into);
    return;
  }
  if (node.const !== undefined) {
    into.consts.push(node.const);
    return;
  }
  for (const type of typesOf(node)) {
    if (type === "string") {
      if (node.format === "integer") into.integer = into.lenientStrings = true;
      else if (node.format === "numeric") into.number = into.lenientStrings = true;
      else if (node.format === "boolean") into.boolean = true;
      else if (!(node.format && STRING_ONLY_FORMATS.has(node.format))) into.string = true;
    } else if (type === "integer") into.integer = true;
    else if (type === "number") into.number = true;
    else if (type === "boolean") into.boolean = true;
    else if (type === "null") into.null = true;
    else if (type === "object") into.object ??= node;
    else if (type === "array") into.array ??= node;
  }
}

/** Python's str() of a JSON scalar, as DRF ChoiceField compares choices. */
const pyStr = (v: unknown): string => (v === true ? "True" : v === false ? "False" : String(v));

/** A coercer for scalar kinds: keeps a value the schema already takes, else tries DRF's conversions. */
function scalarCoercer(k: Kinds): Coercer | null {
  const numeric = k.integer || k.number;
  if (!numeric && !k.boolean && !k.string && k.consts.length === 0) return null;
  const consts = k.consts;
  return (value) => {
    if (value === null) return value;
    // Already acceptable as it is?
    switch (typeof value) {
      case "number":
        if (k.number || (k.integer && Number.isInteger(value)) || consts.includes(value)) return value;
        break;
      case "boolean":
        if (k.boolean || consts.includes(value)) return value;
        break;
      case "string":
        if (k.string || consts.includes(value)) return value;
        break;
      default:
        return value;
    }
    // DRF ChoiceField matches str(value) against the choices' str().
    if (consts.length) {
      const s = pyStr(value);
      const hit = consts.find((c) => pyStr(c) === s);
      if (hit !== undefined) return hit;
    }
    // Empty strings (and BooleanField's "null") are None where the field allows null.
    if (k.null && typeof value === "string" && (numeric || k.boolean)) {
      if (value.trim() === "" || (k.boolean && NULL_VALUES.has(value.toLowerCase()))) return null;
    }
    if (k.integer) {
      const n = toInteger(value);
      if (n !== undefined) return n;
    }
    if (k.number) {
      const n = toNumber(value);
      if (n !== undefined) return n;
    }
    if (k.boolean) {
      const b = toBoolean(value);
      if (b !== undefined) return b;
    }
    // CharField takes numbers (not booleans) as their str().
    if (k.string && typeof value === "number" && Number.isFinite(value)) return String(value);
    // Refused by DRF but taken by Elysia's lenient string member: make validation refuse it too.
    if (k.lenientStrings && typeof value === "string") return Number.NaN;
    return value;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function objectCoercer(node: SchemaNode, depth: number): Coercer | null {
  const entries: [string, Coercer][] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const c = compileCoercer(child, depth + 1);
    if (c) entries.push([key, c]);
  }
  if (entries.length === 0) return null;
  return (value) => {
    if (!isPlainObject(value)) return value;
    for (const [key, c] of entries) {
      if (!Object.hasOwn(value, key)) continue;
      const before = value[key];
      const after = c(before);
      if (after !== before) value[key] = after;
    }
    return value;
  };
}

function arrayCoercer(node: SchemaNode, depth: number): Coercer | null {
  if (!node.items || Array.isArray(node.items)) return null;
  const c = compileCoercer(node.items, depth + 1);
  if (!c) return null;
  return (value) => {
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) value[i] = c(value[i]);
    return value;
  };
}

/**
 * Compiles a schema into a function that coerces a parsed body in place (objects and arrays are
 * mutated; scalars are returned). null when the schema has nothing to coerce.
 */
export function compileCoercer(node: SchemaNode, depth = 0): Coercer | null {
  if (depth > 32) return null; // recursive or absurd schemas: leave the rest to validation
  if (node.allOf) {
    const parts = node.allOf.map((n) => compileCoercer(n, depth + 1)).filter((c): c is Coercer => c !== null);
    return parts.length === 0 ? null : (value) => parts.reduce((v, c) => c(v), value);
  }
  const kinds: Kinds = { integer: false, number: false, boolean: false, string: false, null: false, lenientStrings: false, consts: [] };
  collectKinds(node, kinds);
  const scalar = scalarCoercer(kinds);
  const object = kinds.object ? objectCoercer(kinds.object, depth) : null;
  const array = kinds.array ? arrayCoercer(kinds.array, depth) : null;
  if (!scalar && !object && !array) return null;
  return (value) => {
    if (value !== null && typeof value === "object") {
      if (Array.isArray(value)) return array ? array(value) : value;
      return object ? object(value) : value;
    }
    return scalar ? scalar(value) : value;
  };
}
