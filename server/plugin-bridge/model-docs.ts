/**
 * What a plugin can read, documented from the code that serves it: for each bv_get / bv_search
 * model its route, filters (the list query's) and fields (the detail schema's), and for each report
 * model the `report_build` context, each with a JSON Schema. scripts/gen-abi-models.ts writes the
 * schemas to plugin-sdk/json-schema/{models,contexts}/ and the tables into plugin-sdk/ABI.md; a
 * test keeps both current.
 */
import type { TSchema } from "@sinclair/typebox";
import { MODELS } from "../../plugin-sdk/schema/index.ts";
import { REPORT_MODELS } from "../modules/model-registry/service.ts";
import { REPORT_CONTEXT_SCHEMAS } from "../modules/report/model.ts";
import { access, filtersOf } from "./models.ts";

/** Where the generated tables go in ABI.md (the text between the markers is replaced). */
export const ABI_MODELS_BEGIN = "<!-- generated: models (scripts/gen-abi-models.ts) -->";
export const ABI_MODELS_END = "<!-- end of generated models -->";

const propertiesOf = (s: TSchema): string[] => Object.keys((s as { properties?: Record<string, unknown> }).properties ?? {});
const code = (names: string[]) => names.map((n) => `\`${n}\``).join(", ");

/**
 * Objects that leave `additionalProperties` open are closed: the services answer exactly the
 * declared fields, and the HTTP layer (Elysia) closes these very schema objects in place the first
 * time a route answers, so the published form must not depend on whether a request came first.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v);
  if ("properties" in out && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

/** A JSON Schema document from a TypeBox schema: plain JSON, with its $id and title. */
function jsonSchema(s: TSchema, id: string, title: string): Record<string, unknown> {
  const plain = closeObjects(JSON.parse(JSON.stringify(s))) as Record<string, unknown>;
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `https://binventory.dev/schema/${id}`, title, ...plain };
}

/** The JSON Schema files (path under plugin-sdk/json-schema → document) and ABI.md's generated section. */
export function abiModelDocs(): { schemas: Record<string, Record<string, unknown>>; markdown: string } {
  const schemas: Record<string, Record<string, unknown>> = {};
  const models = ["| model | route (`bv_get`: `<route><pk>/`) | `bv_search` filters | fields | schema |", "| --- | --- | --- | --- | --- |"];
  for (const m of MODELS) {
    const a = access(m);
    const file = `models/${m}.schema.json`;
    schemas[file] = jsonSchema(a.schema, file, m);
    models.push(`| \`${m}\` | \`${a.path}\` | ${code(filtersOf(a.query))} | ${code(propertiesOf(a.schema))} | [${m}](json-schema/${file}) |`);
  }
  const contexts = ["| report model | `context` members | schema |", "| --- | --- | --- |"];
  for (const m of REPORT_MODELS) {
    const file = `contexts/${m}.schema.json`;
    const s = REPORT_CONTEXT_SCHEMAS[m];
    schemas[file] = jsonSchema(s, file, `${m} report context`);
    contexts.push(`| \`${m}\` | ${code(propertiesOf(s))} | [${m}](json-schema/${file}) |`);
  }
  const markdown = [
    ABI_MODELS_BEGIN,
    "",
    `The ${MODELS.length} models of \`bv_get\` and \`bv_search\`: each answers as its API route does (the same service and`,
    "detail schema); `bv_search` takes the route's list filters (any other is refused, naming the valid ones).",
    "",
    ...models,
    "",
    "`report_build`'s `context`, per report model (`kinds.report.reports[].model`):",
    "",
    ...contexts,
    "",
    ABI_MODELS_END,
  ].join("\n");
  return { schemas, markdown };
}
