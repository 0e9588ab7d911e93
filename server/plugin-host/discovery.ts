import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { MAX_MODULE_BYTES } from "./limits.ts";
import { parseManifest } from "./manifest.ts";

/** One folder found in the plugins directory: a valid manifest and its module, or why not. */
export type DiscoveredPlugin =
  | { ok: true; slug: string; dir: string; manifest: PluginManifest; wasm: Uint8Array }
  | { ok: false; slug: string; dir: string; error: string; manifest?: PluginManifest };

/** Scans `<dir>/<slug>/{plugin.json,plugin.wasm}`; an invalid folder is reported, never thrown. */
export function discoverPlugins(dir: string): DiscoveredPlugin[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => discoverPlugin(dir, name) ?? []);
}

/**
 * Reads the one folder `<dir>/<name>`: null when it is not a plugin folder (a file, a hidden or
 * missing folder, one without plugin.json such as shared sources), else the plugin or why not.
 */
export function discoverPlugin(dir: string, name: string): DiscoveredPlugin | null {
  const folder = join(dir, name);
  if (name.startsWith(".") || !existsSync(folder) || !statSync(folder).isDirectory()) return null;
  const manifestPath = join(folder, "plugin.json");
  if (!existsSync(manifestPath)) return null;
  const parsed = parseManifest(readFileSync(manifestPath, "utf8"), name);
  if (!parsed.ok) return { ok: false, slug: name, dir: folder, error: parsed.error };
  const wasmPath = join(folder, "plugin.wasm");
  if (!existsSync(wasmPath)) return { ok: false, slug: name, dir: folder, manifest: parsed.manifest, error: "plugin.wasm is missing (build it with `npm run plugins`)" };
  const size = statSync(wasmPath).size;
  if (size > MAX_MODULE_BYTES) {
    // Refused before reading it: a 200 MiB module costs GBs to compile.
    return { ok: false, slug: name, dir: folder, manifest: parsed.manifest, error: `plugin ${name} refused at load (limits): plugin.wasm is ${size} bytes, over the limit of ${MAX_MODULE_BYTES}` };
  }
  return { ok: true, slug: name, dir: folder, manifest: parsed.manifest, wasm: new Uint8Array(readFileSync(wasmPath)) };
}
