/**
 * Reads the ABI's published JSON Schemas into named declarations (structs, string enums, unions
 * of structs): what every kit's generated bindings (bindings*.ts) are written from.
 */
export type Schema = Record<string, unknown>;

/** The types a binding can express, read from JSON Schema. */
export type Ty =
  | { t: "string" | "integer" | "number" | "boolean" | "json" }
  | { t: "array"; of: Ty }
  | { t: "option"; of: Ty }
  | { t: "named"; name: string };

interface Field {
  key: string;
  ty: Ty;
  optional: boolean;
  doc?: string;
}
export type Decl =
  | { kind: "struct"; name: string; doc?: string; fields: Field[]; literals: [string, unknown][] }
  | { kind: "enum"; name: string; values: string[] }
  | { kind: "union"; name: string; doc?: string; variants: { name: string; struct: string }[] };

export const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("") || "Value";
const singular = (s: string) => (s.endsWith("ies") ? `${s.slice(0, -3)}y` : s.endsWith("s") ? s.slice(0, -1) : `${s}Item`);

/** The top-level types, by the schema file each comes from. */
const BINDING_ROOTS: [string, string][] = [
  ["action_run.input", "ActionRunInput"],
  ["action_run.output", "ActionRunOutput"],
  ["barcode_scan.input", "BarcodeScanInput"],
  ["barcode_scan.output", "BarcodeScanOutput"],
  ["report_build.input", "ReportBuildInput"],
  ["report-document", "ReportDocument"],
  ["report_build.output", "ReportBuildOutput"],
  ["bv_get.request", "GetRequest"],
  ["bv_search.request", "SearchRequest"],
  ["bv_stock_adjust.request", "StockAdjustRequest"],
  ["bv_setting_get.request", "SettingGetRequest"],
  ["bv_log.request", "LogRequest"],
];

/** Reads schemas into named declarations; the same schema met twice gets the first name. */
class Reader {
  decls: Decl[] = [];
  private seen = new Map<string, string>();

  private named(schema: Schema, name: string, make: (name: string) => Decl): Ty {
    const key = JSON.stringify(schema, (k, v) => (k === "description" || k === "$id" || k === "title" || k === "$schema" ? undefined : v));
    const known = this.seen.get(key);
    if (known) return { t: "named", name: known };
    let unique = name;
    for (let i = 2; this.decls.some((d) => d.name === unique); i++) unique = `${name}${i}`;
    this.seen.set(key, unique);
    const at = this.decls.length;
    this.decls.push({ kind: "enum", name: unique, values: [] }); // placeholder keeps the order parent-first
    this.decls[at] = make(unique);
    return { t: "named", name: unique };
  }

  read(s: Schema, given: string): Ty {
    // A nested schema's own title (e.g. SupplierBarcode) beats the name made up from its path.
    const name = typeof s.title === "string" && /^[A-Z]\w*$/.test(s.title) ? s.title : given;
    const anyOf = s.anyOf as Schema[] | undefined;
    if (anyOf) {
      if (anyOf.every((b) => typeof b.const === "string")) return this.named(s, name, (n) => ({ kind: "enum", name: n, values: anyOf.map((b) => b.const as string) }));
      const nonNull = anyOf.filter((b) => b.type !== "null");
      if (nonNull.length === 1 && anyOf.length === 2) return { t: "option", of: this.read(nonNull[0], name) };
      if (anyOf.every((b) => b.type === "object" && b.properties)) {
        return this.named(s, name, (n) => ({
          kind: "union",
          name: n,
          doc: s.description as string | undefined,
          variants: anyOf.map((b) => {
            const v = variantName(b);
            const ty = this.read(b, `${n}${v}`);
            return { name: v, struct: ty.t === "named" ? ty.name : `${n}${v}` };
          }),
        }));
      }
      return { t: "json" };
    }
    switch (s.type) {
      case "string":
        return { t: "string" };
      case "integer":
        return { t: "integer" };
      case "number":
        return { t: "number" };
      case "boolean":
        return { t: "boolean" };
      case "array":
        return { t: "array", of: this.read(s.items as Schema, singular(name)) };
      case "object": {
        const props = s.properties as Record<string, Schema> | undefined;
        if (!props) return { t: "json" }; // a record: free-form keys
        const required = new Set((s.required as string[] | undefined) ?? []);
        return this.named(s, name, (n) => {
          const fields: Field[] = [];
          const literals: [string, unknown][] = [];
          for (const [key, p] of Object.entries(props)) {
            if ("const" in p) literals.push([key, p.const]);
            else fields.push({ key, ty: this.read(p, `${n}${pascal(key)}`), optional: !required.has(key), doc: p.description as string | undefined });
          }
          return { kind: "struct", name: n, doc: s.description as string | undefined, fields, literals };
        });
      }
      default:
        return { t: "json" };
    }
  }
}

/** A union branch's name: its string discriminator (`type: "heading"` → Heading), else its first own key. */
function variantName(b: Schema): string {
  const props = b.properties as Record<string, Schema>;
  const lit = Object.entries(props).find(([, p]) => typeof p.const === "string");
  if (lit) return pascal(lit[1].const as string);
  const own = Object.entries(props).find(([, p]) => !("const" in p));
  if (own) return pascal(own[0]);
  const [k, p] = Object.entries(props)[0];
  return pascal(`${p.const === false ? "no" : ""} ${k}`);
}

export function readAll(schemas: Record<string, Schema>): Decl[] {
  const r = new Reader();
  for (const [file, name] of BINDING_ROOTS) {
    const s = schemas[`${file}.schema.json`];
    if (!s) throw new Error(`no schema ${file}.schema.json`);
    r.read(s, name);
  }
  return r.decls;
}

export const HEADER = "Generated by scripts/gen-kit-bindings.ts from plugin-sdk/json-schema: do not edit.";

