import type { TSchema } from "@sinclair/typebox";
import { EXPORTS } from "./exports.ts";
import { HOST_FUNCTION_REQUESTS, HostResponse } from "./host-functions.ts";
import { ABI_VERSION, PluginManifest } from "./manifest.ts";
import { ReportDocument } from "./report.ts";

const BASE = "https://binventory.dev/schema/abi-1";

/** TypeBox schemas are JSON Schema already; its Kind symbols vanish in JSON.stringify. */
const doc = (id: string, title: string, schema: TSchema) => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  ...JSON.parse(JSON.stringify(schema)),
  $id: `${BASE}/${id}`,
  title,
});

/** Every published schema of ABI 1 by file name: the manifest, each export's input and output, each host function. */
export function abiJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {
    "plugin.schema.json": doc("plugin.schema.json", `plugin.json (ABI ${ABI_VERSION})`, PluginManifest),
    "host-response.schema.json": doc("host-response.schema.json", "Envelope every host function answers with", HostResponse),
    "report-document.schema.json": doc("report-document.schema.json", "Report document model", ReportDocument),
  };
  for (const [name, e] of Object.entries(EXPORTS)) {
    out[`${name}.input.schema.json`] = doc(`${name}.input.schema.json`, `${name} input`, e.input);
    out[`${name}.output.schema.json`] = doc(`${name}.output.schema.json`, `${name} output`, e.output);
  }
  for (const [name, s] of Object.entries(HOST_FUNCTION_REQUESTS)) {
    out[`${name}.request.schema.json`] = doc(`${name}.request.schema.json`, `${name} request`, s);
  }
  return out;
}
