/**
 * Typed bindings for the kits, generated from the ABI's published JSON Schemas
 * (plugin-sdk/json-schema): TypeScript types (for JS-PDK authors) and Rust structs and enums that
 * convert to and from the Rust kit's `Json`. scripts/gen-kit-bindings.ts writes them; a test keeps
 * the committed files equal to what this produces.
 */

type Schema = Record<string, unknown>;

/** The types a binding can express, read from JSON Schema. */
type Ty =
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
type Decl =
  | { kind: "struct"; name: string; doc?: string; fields: Field[]; literals: [string, unknown][] }
  | { kind: "enum"; name: string; values: string[] }
  | { kind: "union"; name: string; doc?: string; variants: { name: string; struct: string }[] };

const pascal = (s: string) =>
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

function readAll(schemas: Record<string, Schema>): Decl[] {
  const r = new Reader();
  for (const [file, name] of BINDING_ROOTS) {
    const s = schemas[`${file}.schema.json`];
    if (!s) throw new Error(`no schema ${file}.schema.json`);
    r.read(s, name);
  }
  return r.decls;
}

const HEADER = "Generated by scripts/gen-kit-bindings.ts from plugin-sdk/json-schema: do not edit.";

// ---- TypeScript -------------------------------------------------------------------------------
function tsType(ty: Ty): string {
  switch (ty.t) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "json":
      return "unknown";
    case "array":
      return `${tsType(ty.of)}[]`;
    case "option":
      return `${tsType(ty.of)} | null`;
    case "named":
      return ty.name;
  }
}

/** TypeScript declarations of every ABI type. */
function typescriptBindings(schemas: Record<string, Schema>): string {
  const out = [`// ${HEADER}\n`];
  for (const d of readAll(schemas)) {
    if (d.kind === "enum") out.push(`export type ${d.name} = ${d.values.map((v) => JSON.stringify(v)).join(" | ")};\n`);
    else if (d.kind === "union") out.push(`${d.doc ? `/** ${d.doc} */\n` : ""}export type ${d.name} = ${d.variants.map((v) => v.struct).join(" | ")};\n`);
    else {
      const lines = d.literals.map(([k, v]) => `  ${k}: ${JSON.stringify(v)};`);
      for (const f of d.fields) lines.push(`${f.doc ? `  /** ${f.doc} */\n` : ""}  ${f.key}${f.optional ? "?" : ""}: ${tsType(f.ty)};`);
      out.push(`${d.doc ? `/** ${d.doc} */\n` : ""}export interface ${d.name} {\n${lines.join("\n")}\n}\n`);
    }
  }
  return out.join("\n");
}

// ---- Rust -------------------------------------------------------------------------------------
const RUST_KEYWORDS = new Set(["type", "match", "ref", "mod", "fn", "use", "in", "loop", "move", "self", "where", "impl", "trait"]);
const rustField = (k: string) => (RUST_KEYWORDS.has(k) ? `r#${k}` : k);

function rustType(ty: Ty): string {
  switch (ty.t) {
    case "string":
      return "String";
    case "integer":
      return "i64";
    case "number":
      return "f64";
    case "boolean":
      return "bool";
    case "json":
      return "Json";
    case "array":
      return `Vec<${rustType(ty.of)}>`;
    case "option":
      return `Option<${rustType(ty.of)}>`;
    case "named":
      return ty.name;
  }
}

/** Rust expression turning `v` (a reference to a value of `ty`) into Json. */
function rustTo(ty: Ty, v: string): string {
  switch (ty.t) {
    case "string":
      return `Json::Str(${v}.clone())`;
    case "integer":
      return `Json::Num(*${v} as f64)`;
    case "number":
      return `Json::Num(*${v})`;
    case "boolean":
      return `Json::Bool(*${v})`;
    case "json":
      return `${v}.clone()`;
    case "array":
      return `Json::Arr(${v}.iter().map(|x| ${rustTo(ty.of, "x")}).collect())`;
    case "option":
      return `match ${v} { Some(x) => ${rustTo(ty.of, "x")}, None => Json::Null }`;
    case "named":
      return `${v}.to_json()`;
  }
}

/** Rust expression reading a value of `ty` from `j` (a &Json) at `path`, `?` on error. */
function rustFrom(ty: Ty, j: string, path: string): string {
  const bad = (what: string) => `.ok_or_else(|| format!("{}: expected ${what}", ${path}))?`;
  switch (ty.t) {
    case "string":
      return `${j}.as_str().map(|s| s.to_string())${bad("a string")}`;
    case "integer":
      return `${j}.as_i64()${bad("an integer")}`;
    case "number":
      return `${j}.as_f64()${bad("a number")}`;
    case "boolean":
      return `${j}.as_bool()${bad("true or false")}`;
    case "json":
      return `${j}.clone()`;
    case "array":
      return `${j}.as_array().iter().enumerate().map(|(i, x)| Ok(${rustFrom(ty.of, "x", `format!("{}/{}", ${path}, i)`)})).collect::<Result<Vec<_>, String>>()?`;
    case "option":
      return `if ${j}.is_null() { None } else { Some(${rustFrom(ty.of, j, path)}) }`;
    case "named":
      return `${ty.name}::read(${j}, &${path})?`;
  }
}

/** Rust structs and enums of every ABI type, each with `to_json()` and `from_json()`. */
function rustBindings(schemas: Record<string, Schema>): string {
  const out = [`//! ${HEADER}\n//! Every ABI type as a struct or enum: \`to_json()\` builds the kit's \`Json\`, \`from_json()\` reads one\n//! (naming the path of what does not fit). Optional fields are \`Option\`s.\n#![allow(clippy::all, dead_code, unused_variables)]\nuse crate::Json;\n`];
  for (const d of readAll(schemas)) {
    if (d.kind === "enum") {
      const variants = d.values.map((v) => [pascal(v), v] as const);
      out.push(`#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ${d.name} {
${variants.map(([n]) => `    ${n},`).join("\n")}
}
impl ${d.name} {
    pub fn as_str(&self) -> &'static str {
        match self {
${variants.map(([n, v]) => `            ${d.name}::${n} => ${JSON.stringify(v)},`).join("\n")}
        }
    }
    pub fn to_json(&self) -> Json {
        Json::Str(self.as_str().to_string())
    }
    pub fn from_json(j: &Json) -> Result<Self, String> {
        Self::read(j, "")
    }
    fn read(j: &Json, path: &str) -> Result<Self, String> {
        match j.as_str() {
${variants.map(([n, v]) => `            Some(${JSON.stringify(v)}) => Ok(${d.name}::${n}),`).join("\n")}
            _ => Err(format!("{}: must be one of ${d.values.join(", ")}", path)),
        }
    }
}
`);
    } else if (d.kind === "union") {
      out.push(`${d.doc ? `/// ${d.doc}\n` : ""}#[derive(Clone, Debug, PartialEq)]
pub enum ${d.name} {
${d.variants.map((v) => `    ${v.name}(${v.struct}),`).join("\n")}
}
impl ${d.name} {
    pub fn to_json(&self) -> Json {
        match self {
${d.variants.map((v) => `            ${d.name}::${v.name}(x) => x.to_json(),`).join("\n")}
        }
    }
    pub fn from_json(j: &Json) -> Result<Self, String> {
        Self::read(j, "")
    }
    /// The first branch that reads without error (branches differ by their fixed fields).
    fn read(j: &Json, path: &str) -> Result<Self, String> {
        let mut first = None;
${d.variants.map((v) => `        match ${v.struct}::read(j, path) {\n            Ok(x) => return Ok(${d.name}::${v.name}(x)),\n            Err(e) => { first.get_or_insert(e); }\n        }`).join("\n")}
        Err(first.unwrap_or_default())
    }
}
`);
    } else {
      const fields = d.fields.map((f) => `${f.doc ? `    /// ${f.doc}\n` : ""}    pub ${rustField(f.key)}: ${f.optional ? `Option<${rustType(f.ty)}>` : rustType(f.ty)},`);
      const to = [
        ...d.literals.map(([k, v]) => `        o.push((${JSON.stringify(k)}.to_string(), ${typeof v === "string" ? `Json::Str(${JSON.stringify(v)}.to_string())` : `Json::Bool(${v})`}));`),
        ...d.fields.map((f) =>
          f.optional
            ? `        if let Some(x) = &self.${rustField(f.key)} { o.push((${JSON.stringify(f.key)}.to_string(), ${rustTo(f.ty, "x")})); }`
            : `        { let x = &self.${rustField(f.key)}; o.push((${JSON.stringify(f.key)}.to_string(), ${rustTo(f.ty, "x")})); }`,
        ),
      ];
      const checks = d.literals.map(
        ([k, v]) =>
          `        if j.get(${JSON.stringify(k)}) != &${typeof v === "string" ? `Json::Str(${JSON.stringify(v)}.to_string())` : `Json::Bool(${v})`} { return Err(format!("{}/${k}: must be ${JSON.stringify(v).replace(/"/g, '\\"')}", path)); }`,
      );
      const reads = d.fields.map((f) => {
        const j = `j.get(${JSON.stringify(f.key)})`;
        const p = `format!("{}/${f.key}", path)`;
        const read = rustFrom(f.ty, j, p);
        return `            ${rustField(f.key)}: ${f.optional ? `if ${j}.is_null() { None } else { Some(${read}) }` : read},`;
      });
      const defaultable = d.fields.every((f) => f.optional);
      out.push(`${d.doc ? `/// ${d.doc}\n` : ""}#[derive(Clone, Debug, PartialEq${defaultable ? ", Default" : ""})]
pub struct ${d.name} {
${fields.join("\n")}
}
impl ${d.name} {
    pub fn to_json(&self) -> Json {
        let mut o: Vec<(String, Json)> = Vec::new();
${to.join("\n")}
        Json::Obj(o)
    }
    pub fn from_json(j: &Json) -> Result<Self, String> {
        Self::read(j, "")
    }
    fn read(j: &Json, path: &str) -> Result<Self, String> {
        if !matches!(j, Json::Obj(_)) { return Err(format!("{}: expected an object", path)); }
${checks.join("\n")}
        Ok(${d.name} {
${reads.join("\n")}
        })
    }
}
`);
    }
  }
  return out.join("\n");
}

/** Every generated file, by path relative to plugin-sdk/kits. */
export function kitBindings(schemas: Record<string, Schema>): Record<string, string> {
  return { "typescript/abi.ts": typescriptBindings(schemas), "rust/abi.rs": rustBindings(schemas) };
}
