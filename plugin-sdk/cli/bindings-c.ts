/**
 * C bindings (plugin-sdk/kits/c/binventory_abi.h, header-only over binventory.h): each ABI struct
 * as a C struct, each string enum as a C enum (0 = unset), each union as a tagged union; with
 * `bv_write_<T>(bv_buf *, const bv_<T> *)` writing its JSON and `bv_read_<T>(bv_str, bv_<T> *)`
 * reading it (1 on success). Strings are spans (ptr NULL = absent); an optional number or boolean
 * has a `has_<field>` flag; an optional struct is a pointer; an array is `<field>` + `<field>_count`.
 */
import { type Decl, HEADER, type Ty } from "./bindings-read.ts";

type Decls = Map<string, Decl>;

const C_KEYWORDS = new Set(["default", "case", "char", "int", "long", "short", "float", "double", "auto", "register", "static", "struct", "union", "enum", "return", "switch", "void"]);
const field = (k: string) => (C_KEYWORDS.has(k) ? `${k}_` : k);
const cName = (name: string) => `bv_${name}`;
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
const constant = (name: string, value: string) => `BV_${snake(name)}_${snake(value).replace(/[^A-Za-z0-9]+/g, "_")}`.toUpperCase();
const cString = (s: string) => JSON.stringify(s);

function cType(ty: Ty, decls: Decls): string {
  switch (ty.t) {
    case "string":
    case "json":
      return "bv_str";
    case "integer":
      return "int64_t";
    case "number":
      return "double";
    case "boolean":
      return "int";
    case "option":
      return cType(ty.of, decls);
    case "array":
      return `${cType(ty.of, decls)} *`;
    case "named":
      return cName(ty.name);
  }
}

/** Whether a field of `ty` needs a has_ flag to tell "absent" (spans, enums, pointers tell it themselves). */
const needsFlag = (ty: Ty): boolean => ty.t === "integer" || ty.t === "number" || ty.t === "boolean";
const isStructLike = (ty: Ty, decls: Decls) => ty.t === "named" && decls.get(ty.name)?.kind !== "enum";

/** Statements appending the value `v` (an lvalue of `ty`) to `b`. */
function writeValue(ty: Ty, v: string, decls: Decls): string {
  switch (ty.t) {
    case "string":
      return `bv_buf_string(b, ${v});`;
    case "json":
      return `if (${v}.ptr) bv_buf_span(b, ${v}); else bv_buf_raw(b, "null");`;
    case "integer":
      return `bv_buf_int(b, ${v});`;
    case "number":
      return `bv_buf_number(b, ${v});`;
    case "boolean":
      return `bv_buf_raw(b, ${v} ? "true" : "false");`;
    case "option":
      return writeValue(ty.of, v, decls);
    case "array":
      throw new Error("C bindings: arrays are written by their field");
    case "named": {
      const d = decls.get(ty.name);
      if (d?.kind === "enum") return `bv_buf_string(b, bv_cstr(${cName(ty.name)}_text(${v})));`;
      return `bv_write_${ty.name}(b, &${v});`;
    }
  }
}

/** Statements reading the span `j` as `ty` into the lvalue `target`; `return 0;` when it does not fit. */
function readValue(ty: Ty, j: string, target: string, decls: Decls): string {
  switch (ty.t) {
    case "string":
      return `if (!bv_json_string(${j}, &${target})) return 0;`;
    case "json":
      return `${target} = ${j};`;
    case "integer":
      return `{ double d; if (!bv_json_number(${j}, &d)) return 0; ${target} = (int64_t)d; }`;
    case "number":
      return `if (!bv_json_number(${j}, &${target})) return 0;`;
    case "boolean":
      return `${target} = bv_json_is_true(${j});`;
    case "option":
      return readValue(ty.of, j, target, decls);
    case "array":
      throw new Error("C bindings: arrays are read by their field");
    case "named": {
      const d = decls.get(ty.name);
      if (d?.kind === "enum") return `{ bv_str s; if (!bv_json_string(${j}, &s)) return 0; ${target} = ${cName(ty.name)}_parse(s); if (!${target}) return 0; }`;
      return `if (!bv_read_${ty.name}(${j}, &${target})) return 0;`;
    }
  }
}

function enumDecl(d: Extract<Decl, { kind: "enum" }>): string {
  const n = cName(d.name);
  return `typedef enum {
  ${constant(d.name, "unset")} = 0,
${d.values.map((v) => `  ${constant(d.name, v)},`).join("\n")}
} ${n};
static const char *const ${n}_texts[] = {""${d.values.map((v) => `, ${cString(v)}`).join("")}};
/* The JSON text of a value ("" when unset). */
static inline const char *${n}_text(${n} v) { return (unsigned)v <= ${d.values.length} ? ${n}_texts[v] : ""; }
/* The value a text names, or ${constant(d.name, "unset")} (0) for any other text. */
static inline ${n} ${n}_parse(bv_str s) {
  for (unsigned i = 1; i <= ${d.values.length}; i++) if (bv_str_eq(s, bv_cstr(${n}_texts[i]))) return (${n})i;
  return ${constant(d.name, "unset")};
}
`;
}

function structDecl(d: Extract<Decl, { kind: "struct" }>, decls: Decls): string {
  const n = cName(d.name);
  const members: string[] = [];
  const writes: string[] = [];
  const reads: string[] = [];
  for (const [k, v] of d.literals) {
    const text = typeof v === "string" ? `"\\"${v}\\""` : `"${v}"`;
    writes.push(`  bv__key(b, &first, ${cString(k)}); bv_buf_raw(b, ${text});`);
    if (typeof v === "string") reads.push(`  { bv_str s; if (!bv_json_string(bv_json_get(j, ${cString(k)}), &s) || !bv_str_eq(s, bv_cstr(${cString(v)}))) return 0; }`);
    else reads.push(`  { bv_str f = bv_json_get(j, ${cString(k)}); if (!bv_json_present(f) || bv_json_is_true(f) != ${v ? 1 : 0}) return 0; }`);
  }
  for (const f of d.fields) {
    const name = field(f.key);
    const optional = f.optional || f.ty.t === "option";
    const ty = f.ty.t === "option" ? f.ty.of : f.ty;
    const doc = f.doc ? `  /* ${f.doc.replace(/\*\//g, "* /")} */\n` : "";
    const key = `bv__key(b, &first, ${cString(f.key)});`;
    const get = `bv_json_get(j, ${cString(f.key)})`;
    if (ty.t === "array") {
      const item = ty.of;
      members.push(`${doc}  const ${cType(item, decls)} *${name};\n  size_t ${name}_count;`);
      const loop = `bv_buf_raw(b, "["); for (size_t i = 0; i < v->${name}_count; i++) { if (i) bv_buf_raw(b, ","); ${writeValue(item, `v->${name}[i]`, decls)} } bv_buf_raw(b, "]");`;
      writes.push(optional ? `  if (v->${name}) { ${key} ${loop} }` : `  ${key} ${loop}`);
      reads.push(`  {
    bv_str f = ${get};
    if (bv_json_present(f)) {
      size_t n = 0;
      bv_str e;
      bv_json_iter it = bv_json_array(f);
      while (bv_json_next(&it, &e)) n++;
      if (!it.ok) return 0;
      ${cType(item, decls)} *items = (${cType(item, decls)} *)bv_alloc(n * sizeof *items + 1);
      it = bv_json_array(f);
      for (size_t i = 0; bv_json_next(&it, &e); i++) { ${readValue(item, "e", "items[i]", decls)} }
      v.${name} = items;
      v.${name}_count = n;
    }${optional ? "" : " else return 0;"}
  }`);
      continue;
    }
    const structLike = isStructLike(ty, decls);
    if (structLike && optional) {
      members.push(`${doc}  const ${cType(ty, decls)} *${name};`);
      writes.push(`  if (v->${name}) { ${key} bv_write_${(ty as { name: string }).name}(b, v->${name}); }`);
      reads.push(`  {
    bv_str f = ${get};
    if (bv_json_present(f)) {
      ${cType(ty, decls)} *x = (${cType(ty, decls)} *)bv_alloc(sizeof *x);
      if (!bv_read_${(ty as { name: string }).name}(f, x)) return 0;
      v.${name} = x;
    }
  }`);
      continue;
    }
    const flag = optional && needsFlag(ty);
    members.push(`${doc}  ${cType(ty, decls)} ${name};${flag ? `\n  int has_${name};` : ""}`);
    const isEnum = ty.t === "named" && decls.get(ty.name)?.kind === "enum";
    const present = flag ? `v->has_${name}` : ty.t === "string" || ty.t === "json" ? `v->${name}.ptr` : isEnum ? `v->${name}` : "1";
    const write = `${key} ${writeValue(ty, `v->${name}`, decls)}`;
    writes.push(optional && present !== "1" ? `  if (${present}) { ${write} }` : `  ${write}`);
    reads.push(`  {
    bv_str f = ${get};
    if (bv_json_present(f)) { ${readValue(ty, "f", `v.${name}`, decls)}${flag ? ` v.has_${name} = 1;` : ""} }${optional ? "" : " else return 0;"}
  }`);
  }
  if (members.length === 0) members.push("  char unused_; /* no fields: only fixed ones */");
  return `${d.doc ? `/* ${d.doc.replace(/\*\//g, "* /")} */\n` : ""}typedef struct {
${members.join("\n")}
} ${n};
static inline void bv_write_${d.name}(bv_buf *b, const ${n} *v) {
  int first = 1;
  (void)v;
  bv_buf_raw(b, "{");
${writes.join("\n")}
  bv_buf_raw(b, "}");
}
static inline int bv_read_${d.name}(bv_str j, ${n} *out) {
  ${n} v = {0};
${reads.join("\n")}
  *out = v;
  return 1;
}
`;
}

function unionDecl(d: Extract<Decl, { kind: "union" }>): string {
  const n = cName(d.name);
  const tag = (v: string) => constant(d.name, v);
  return `${d.doc ? `/* ${d.doc.replace(/\*\//g, "* /")} */\n` : ""}typedef struct {
  enum { ${tag("unset")} = 0, ${d.variants.map((v) => tag(v.name)).join(", ")} } kind;
  union {
${d.variants.map((v) => `    ${cName(v.struct)} ${v.name.toLowerCase()};`).join("\n")}
  } as;
} ${n};
static inline void bv_write_${d.name}(bv_buf *b, const ${n} *v) {
  switch (v->kind) {
${d.variants.map((v) => `    case ${tag(v.name)}: bv_write_${v.struct}(b, &v->as.${v.name.toLowerCase()}); break;`).join("\n")}
    default: bv_buf_raw(b, "null");
  }
}
/* The first branch that reads (branches differ by their fixed fields). */
static inline int bv_read_${d.name}(bv_str j, ${n} *out) {
${d.variants.map((v) => `  if (bv_read_${v.struct}(j, &out->as.${v.name.toLowerCase()})) { out->kind = ${tag(v.name)}; return 1; }`).join("\n")}
  return 0;
}
`;
}

/** The names a declaration's own text refers to (so those come first in C). */
function dependencies(d: Decl): string[] {
  const names = (ty: Ty): string[] => (ty.t === "named" ? [ty.name] : ty.t === "array" || ty.t === "option" ? names(ty.of) : []);
  if (d.kind === "struct") return d.fields.flatMap((f) => names(f.ty));
  if (d.kind === "union") return d.variants.map((v) => v.struct);
  return [];
}

/** The C kit's binventory_abi.h. */
export function cBindings(list: Decl[]): string {
  const decls: Decls = new Map(list.map((d) => [d.name, d]));
  const done = new Set<string>();
  const out = [
    `/* ${HEADER}
 * Every ABI type as a C type over binventory.h (header-only: what a plugin does not use costs nothing).
 *   bv_write_<T>(&buf, &value)  appends its JSON;  bv_read_<T>(json, &value)  reads it (1 on success).
 * Strings are spans (ptr NULL = absent), an optional number or boolean has a has_<field> flag, an
 * optional struct is a pointer, an array is <field> + <field>_count, an enum is 0 when unset. */
#ifndef BINVENTORY_ABI_H
#define BINVENTORY_ABI_H
#include "binventory.h"

/* Writes a member's key (and the comma before all but the first). */
static inline void bv__key(bv_buf *b, int *first, const char *key) {
  if (!*first) bv_buf_raw(b, ",");
  *first = 0;
  bv_buf_string(b, bv_cstr(key));
  bv_buf_raw(b, ":");
}
`,
  ];
  const emit = (d: Decl) => {
    if (done.has(d.name)) return;
    done.add(d.name);
    for (const dep of dependencies(d)) {
      const x = decls.get(dep);
      if (x) emit(x);
    }
    out.push(d.kind === "enum" ? enumDecl(d) : d.kind === "union" ? unionDecl(d) : structDecl(d, decls));
  };
  for (const d of list) emit(d);
  out.push("#endif\n");
  return out.join("\n");
}
