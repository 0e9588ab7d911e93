/**
 * Typed bindings for the kits, generated from the ABI's published JSON Schemas
 * (plugin-sdk/json-schema): TypeScript types (for JS-PDK authors) and Rust structs and enums that
 * convert to and from the Rust kit's `Json`. scripts/gen-kit-bindings.ts writes them; a test keeps
 * the committed files equal to what this produces.
 */

import { assemblyScriptBindings } from "./bindings-as.ts";
import { cBindings } from "./bindings-c.ts";
import { type Decl, HEADER, pascal, readAll, type Schema, type Ty } from "./bindings-read.ts";

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
  const decls = () => readAll(schemas);
  return {
    "typescript/abi.ts": typescriptBindings(schemas),
    "rust/abi.rs": rustBindings(schemas),
    "assemblyscript/abi.ts": assemblyScriptBindings(decls()),
    "c/binventory_abi.h": cBindings(decls()),
  };
}
