import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { explainSchemaErrors, formatSchemaProblems } from "../schema/explain.ts";
import { PluginManifest } from "../schema/manifest.ts";

const LANGUAGES = ["assemblyscript", "rust", "c", "wat"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The exports each plugin kind needs (ABI 1). */
const KIND_EXPORTS: Record<string, string> = { action: "action_run", barcode: "barcode_scan", report: "report_build" };

/** What the build needs from a plugin.json; the server validates the rest. */
export type PluginToBuild = {
  dir: string;
  slug: string;
  /** null when plugin.json has no `build`: plugin.wasm is used as it is. */
  build: { language: Language; source: string; verify: boolean } | null;
  requiredExports: string[];
  permissions: string[];
  memoryPages: number | null;
};

export type Discovered = { ok: true; dir: string; plugin: PluginToBuild } | { ok: false; dir: string; error: string };

/** Plugin folders in `root`: itself when it holds a plugin.json, else its direct subfolders that do. */
export function findPluginDirs(root: string): string[] {
  const abs = resolve(root);
  if (!existsSync(abs)) return [];
  if (existsSync(join(abs, "plugin.json"))) return [abs];
  return readdirSync(abs)
    .map((name) => join(abs, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, "plugin.json")))
    .sort();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads `<dir>/plugin.json`, validates it against the ABI's manifest schema (each problem named by
 * its field: a misspelt `permisions` fails), and returns the parts a build uses.
 */
export function readPlugin(dir: string): Discovered {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, "plugin.json"), "utf8"));
  } catch (e) {
    return { ok: false, dir, error: `plugin.json is not valid JSON: ${(e as Error).message}` };
  }
  if (!isRecord(raw)) return { ok: false, dir, error: "plugin.json is not an object" };
  if (raw.abi !== 1) return { ok: false, dir, error: `plugin.json declares abi ${JSON.stringify(raw.abi)}; this build speaks abi 1` };
  const problems = explainSchemaErrors(PluginManifest, raw);
  if (problems.length > 0) return { ok: false, dir, error: `plugin.json does not match the manifest schema: ${formatSchemaProblems(problems)}` };
  const slug = typeof raw.slug === "string" ? raw.slug : basename(dir);
  if (!isRecord(raw.kinds) || Object.keys(raw.kinds).length === 0) return { ok: false, dir, error: "plugin.json has no kinds" };
  const unknownKind = Object.keys(raw.kinds).find((k) => !(k in KIND_EXPORTS));
  if (unknownKind) return { ok: false, dir, error: `unknown kind "${unknownKind}"` };
  const permissions = Array.isArray(raw.permissions) ? raw.permissions.filter((p): p is string => typeof p === "string") : [];
  const memoryPages = isRecord(raw.limits) && typeof raw.limits.memory_pages === "number" ? raw.limits.memory_pages : null;

  let build: PluginToBuild["build"] = null;
  if (raw.build !== undefined) {
    const b = raw.build;
    if (!isRecord(b) || typeof b.source !== "string" || !LANGUAGES.includes(b.language as Language)) {
      return { ok: false, dir, error: `build must be {"language": ${LANGUAGES.map((l) => `"${l}"`).join("|")}, "source": "relative path"}` };
    }
    if (!existsSync(join(dir, b.source))) return { ok: false, dir, error: `build.source ${b.source} does not exist` };
    // `"verify": false` is for deliberately broken test fixtures (a plugin the host must refuse).
    build = { language: b.language as Language, source: b.source, verify: b.verify !== false };
  }
  const requiredExports = Object.keys(raw.kinds).map((k) => KIND_EXPORTS[k]);
  return { ok: true, dir, plugin: { dir, slug, build, requiredExports, permissions, memoryPages } };
}
