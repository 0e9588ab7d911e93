import { Kind, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/** One way a value breaks a schema: a JSON Pointer to the field and the rule it breaks. */
export interface SchemaProblem {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? "nothing" : JSON.stringify(v)?.slice(0, 80) ?? String(v));

/** The branches of a union schema (TypeBox `anyOf`), or null when it is not one. */
function branchesOf(schema: TSchema): TSchema[] | null {
  return schema[Kind] === "Union" && Array.isArray(schema.anyOf) ? (schema.anyOf as TSchema[]) : null;
}

/** A branch's fixed value (a literal, `const`), if it is one. */
function literalOf(schema: TSchema | undefined): { value: unknown } | null {
  return schema && "const" in schema ? { value: schema.const } : null;
}

/**
 * Picks the union branch the value means. A branch whose literal properties (`match`, `type`…)
 * disagree with the value is out; of the rest, the one sharing most keys with the value wins, and
 * a tie goes to the branch with fewer problems.
 */
function chooseBranch(branches: TSchema[], value: Obj): TSchema | null {
  // A discriminator the value carries but no branch accepts is the error itself (see explainUnion).
  const discriminators = new Set(branches.flatMap((b) => Object.entries((b.properties ?? {}) as Record<string, TSchema>).filter(([, p]) => literalOf(p)).map(([k]) => k)));
  let best: { branch: TSchema; score: number; problems: number } | null = null;
  for (const branch of branches) {
    if (branch[Kind] !== "Object") continue;
    const props = (branch.properties ?? {}) as Record<string, TSchema>;
    const required = new Set<string>((branch.required as string[] | undefined) ?? []);
    let excluded = false;
    let score = 0;
    for (const [key, prop] of Object.entries(props)) {
      const lit = literalOf(prop);
      if (lit && (key in value ? value[key] !== lit.value : required.has(key))) excluded = true;
      if (key in value) score += lit ? 10 : 1;
    }
    if (excluded || [...discriminators].some((k) => k in value && !(k in props))) continue;
    const problems = [...Value.Errors(branch, value)].length;
    if (!best || score > best.score || (score === best.score && problems < best.problems)) best = { branch, score, problems };
  }
  return best && best.score > 0 ? best.branch : null;
}

/** Why `value` at `path` fits no branch of a union. */
function explainUnion(branches: TSchema[], value: unknown, path: string, out: SchemaProblem[]): void {
  const literals = branches.map(literalOf);
  if (literals.every((l) => l !== null)) {
    const allowed = literals.map((l) => JSON.stringify(l?.value)).join(", ");
    out.push({ path: path || "/", message: `must be one of ${allowed}, not ${show(value)}` });
    return;
  }
  if (isObject(value)) {
    const branch = chooseBranch(branches, value);
    if (branch) return explainInto(branch, value, path, out);
    // No branch accepts the value's discriminator: name the field and what it may be.
    for (const key of Object.keys(value)) {
      const allowed = branches.map((b) => literalOf((b.properties as Record<string, TSchema> | undefined)?.[key])).filter((l) => l !== null);
      if (allowed.length > 0) {
        const values = [...new Set(allowed.map((l) => JSON.stringify(l?.value)))].join(", ");
        out.push({ path: `${path}/${key}`, message: `must be one of ${values}, not ${show(value[key])}` });
        return;
      }
    }
  }
  const scalar = branches.find((b) => b[Kind] !== "Object" && b[Kind] !== "Null" && [...Value.Errors(b, value)].length > 0 && b.type === typeof value);
  if (scalar) return explainInto(scalar, value, path, out);
  const kinds = branches.map((b) => (b[Kind] === "Object" ? `{${Object.keys(b.properties ?? {}).join(", ")}}` : literalOf(b) ? JSON.stringify(b.const) : String(b.type ?? b[Kind]).toLowerCase()));
  out.push({ path: path || "/", message: `must be one of: ${kinds.join(" | ")}; got ${show(value)}` });
}

function explainInto(schema: TSchema, value: unknown, prefix: string, out: SchemaProblem[]): void {
  const missing = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const path = prefix + e.path;
    // TypeBox follows "Expected required property" with the missing value's type error: one is enough.
    if (missing.has(path)) continue;
    if (e.value === undefined && e.message === "Expected required property") missing.add(path);
    const branches = branchesOf(e.schema);
    if (branches) explainUnion(branches, e.value, path, out);
    else out.push({ path: path || "/", message: e.message });
  }
}

/**
 * Every way `value` breaks `schema`, with the exact path and rule. Unlike TypeBox's own errors,
 * a union (a barcode answer, a report block, a host request field) is explained through the branch
 * the value means (chosen by `match`, `type`, `document`… and the keys present), and a union of
 * literals lists its allowed values.
 */
export function explainSchemaErrors(schema: TSchema, value: unknown, max = 5): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  explainInto(schema, value, "", out);
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(`${p.path} ${p.message}`) && seen.add(`${p.path} ${p.message}`)).slice(0, max);
}

/** The problems as one line: `/pk: Expected integer; /model: …`. */
export function formatSchemaProblems(problems: SchemaProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("; ");
}
