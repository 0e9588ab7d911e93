import { TypeCompiler } from "@sinclair/typebox/compiler";
import { explainSchemaErrors, formatSchemaProblems } from "../../plugin-sdk/schema/explain.ts";
import { ABI_VERSION, PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { SERVER_VERSION } from "../core/version.ts";
import { patternsProblem } from "./pattern-check.ts";
import { settingValueFits } from "../core/plugins.ts";

const checkManifest = TypeCompiler.Compile(PluginManifest);

const compareVersions = (a: string, b: string): number => {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export type ManifestResult = { ok: true; manifest: PluginManifest } | { ok: false; error: string };

/**
 * Validates a plugin.json text against the ABI's schema and the server: the ABI version, the slug
 * matching its folder, the server version, cheap patterns (pattern-check.ts), coherent settings.
 */
export function parseManifest(text: string, folder: string): ManifestResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `plugin.json is not valid JSON: ${(e as Error).message}` };
  }
  if (raw && typeof raw === "object" && "abi" in raw && raw.abi !== ABI_VERSION) {
    return { ok: false, error: `plugin.json declares abi ${JSON.stringify(raw.abi)}, this server speaks abi ${ABI_VERSION}` };
  }
  if (!checkManifest.Check(raw)) {
    return { ok: false, error: `plugin.json does not match the manifest schema: ${formatSchemaProblems(explainSchemaErrors(PluginManifest, raw))}` };
  }
  const m = raw;
  if (m.slug !== folder) return { ok: false, error: `plugin.json slug "${m.slug}" does not match its folder "${folder}"` };
  if (m.min_server_version && compareVersions(m.min_server_version, SERVER_VERSION) > 0) {
    return { ok: false, error: `needs server ${m.min_server_version} or newer, this is ${SERVER_VERSION}` };
  }
  const patternError = patternsProblem(m.kinds.barcode?.patterns ?? []);
  if (patternError) return { ok: false, error: patternError };
  for (const [key, def] of Object.entries(m.settings ?? {})) {
    if (def.type === "choice" && !def.choices) return { ok: false, error: `setting ${key} is a choice without choices` };
    if (def.default !== undefined && !settingValueFits(def, def.default)) return { ok: false, error: `setting ${key}: default ${JSON.stringify(def.default)} does not fit its type` };
  }
  return { ok: true, manifest: m };
}
