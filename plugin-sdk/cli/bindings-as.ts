/**
 * AssemblyScript bindings (plugin-sdk/kits/assemblyscript/abi.ts): each ABI struct is a class over
 * the kit's `Json` object with typed getters (reading an input) and chainable typed setters
 * (building an output or a host request); fixed fields (`"type": "heading"`, `"match": true`) are
 * set by the constructor. A union is a class with one `from<Variant>` per branch.
 */
import { type Decl, HEADER, pascal, type Ty } from "./bindings-read.ts";

const RESERVED = new Set(["json", "toJson", "constructor", "toString"]);
const member = (key: string) => (RESERVED.has(key) ? `${key}_` : key);

type Kinds = Map<string, Decl["kind"]>;

function asType(ty: Ty, kinds: Kinds): string {
  switch (ty.t) {
    case "string":
      return "string";
    case "integer":
      return "i64";
    case "number":
      return "f64";
    case "boolean":
      return "bool";
    case "json":
      return "Json";
    case "array":
      return `Array<${asType(ty.of, kinds)}>`;
    case "option":
      return asType(ty.of, kinds);
    case "named":
      return kinds.get(ty.name) === "enum" ? "string" : ty.name;
  }
}

/** Expression: the value `v` of `ty` as Json (arrays are handled by the caller's loop). */
function toJson(ty: Ty, v: string, kinds: Kinds): string {
  switch (ty.t) {
    case "string":
      return `Json.str(${v})`;
    case "integer":
      return `Json.num(<f64>${v})`;
    case "number":
      return `Json.num(${v})`;
    case "boolean":
      return `Json.bool(${v})`;
    case "json":
      return v;
    case "option":
      return toJson(ty.of, v, kinds);
    case "array":
      throw new Error("AssemblyScript bindings: an array of arrays is not supported (none is in ABI 1)");
    case "named":
      return kinds.get(ty.name) === "enum" ? `Json.str(${v})` : `${v}.toJson()`;
  }
}

/** Expression: the Json `j` read as `ty`. */
function fromJson(ty: Ty, j: string, kinds: Kinds): string {
  switch (ty.t) {
    case "string":
      return `${j}.str`;
    case "integer":
      return `<i64>${j}.num`;
    case "number":
      return `${j}.num`;
    case "boolean":
      return `${j}.bool`;
    case "json":
      return j;
    case "option":
      return fromJson(ty.of, j, kinds);
    case "array":
      throw new Error("AssemblyScript bindings: an array of arrays is not supported (none is in ABI 1)");
    case "named":
      return kinds.get(ty.name) === "enum" ? `${j}.str` : `${ty.name}.fromJson(${j})`;
  }
}

function structClass(d: Extract<Decl, { kind: "struct" }>, kinds: Kinds): string {
  const fixed = d.literals.map(([k, v]) => `.set(${JSON.stringify(k)}, ${typeof v === "string" ? `Json.str(${JSON.stringify(v)})` : `Json.bool(${v})`})`).join("");
  const members: string[] = [];
  for (const f of d.fields) {
    const key = JSON.stringify(f.key);
    const name = member(f.key);
    const type = asType(f.ty, kinds);
    const doc = f.doc ? `  /** ${f.doc} */\n` : "";
    const item = f.ty.t === "array" ? f.ty.of : null;
    if (item) {
      members.push(`${doc}  get ${name}(): ${type} {
    const items = this.json.get(${key}).items;
    const out = new ${type}(items.length);
    for (let i = 0; i < items.length; i++) out[i] = ${fromJson(item, "items[i]", kinds)};
    return out;
  }`);
      members.push(`  set${pascal(f.key)}(value: ${type}): ${d.name} {
    const items = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = ${toJson(item, "value[i]", kinds)};
    this.json.set(${key}, Json.arr(items));
    return this;
  }`);
    } else {
      members.push(`${doc}  get ${name}(): ${type} {
    return ${fromJson(f.ty, `this.json.get(${key})`, kinds)};
  }`);
      members.push(`  set${pascal(f.key)}(value: ${type}): ${d.name} {
    this.json.set(${key}, ${toJson(f.ty, "value", kinds)});
    return this;
  }`);
    }
    if (f.optional || f.ty.t === "option") members.push(`  has${pascal(f.key)}(): bool {
    return !this.json.get(${key}).isNull();
  }`);
  }
  return `${d.doc ? `/** ${d.doc} */\n` : ""}export class ${d.name} {
  json: Json;
  constructor(json: Json | null = null) {
    this.json = json === null ? Json.obj()${fixed} : json;
  }
  /** Wraps a value read from JSON (the host has validated inputs and answers against the ABI). */
  static fromJson(json: Json): ${d.name} {
    return new ${d.name}(json);
  }
  toJson(): Json {
    return this.json;
  }
${members.join("\n")}
}
`;
}

function unionClass(d: Extract<Decl, { kind: "union" }>): string {
  const from = d.variants.map(
    (v) => `  static from${v.name}(value: ${v.struct}): ${d.name} {
    return new ${d.name}(value.toJson());
  }`,
  );
  return `${d.doc ? `/** ${d.doc} */\n` : ""}export class ${d.name} {
  json: Json;
  constructor(json: Json) {
    this.json = json;
  }
  static fromJson(json: Json): ${d.name} {
    return new ${d.name}(json);
  }
${from.join("\n")}
  toJson(): Json {
    return this.json;
  }
}
`;
}

function enumClass(d: Extract<Decl, { kind: "enum" }>): string {
  return `/** The allowed values of ${d.name}. */
export class ${d.name} {
${d.values.map((v) => `  static readonly ${pascal(v)}: string = ${JSON.stringify(v)};`).join("\n")}
}
`;
}

/** The AssemblyScript kit's abi.ts. */
export function assemblyScriptBindings(decls: Decl[]): string {
  const kinds: Kinds = new Map(decls.map((d) => [d.name, d.kind]));
  const out = [
    `// ${HEADER}
// Each ABI type as a class over the kit's Json: typed getters read it, chainable setters build it
// (\`new SupplierBarcode().setSku("A-1").setQuantity(5)\`), \`toJson()\` gives the Json to output.
import { Json } from "./json";
`,
  ];
  for (const d of decls) out.push(d.kind === "enum" ? enumClass(d) : d.kind === "union" ? unionClass(d) : structClass(d, kinds));
  return out.join("\n");
}
