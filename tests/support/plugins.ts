import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const wabt = await (await import("wabt")).default();

/** Compiles WAT text to a module, as a plugin author's `wat2wasm` would. */
export function watToWasm(name: string, source: string): Uint8Array {
  const mod = wabt.parseWat(name, source, { bulk_memory: true, mutable_globals: true, sign_extension: true });
  try {
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/**
 * A fresh plugins directory for one test: copies of the named fixture folders, each `*.wat`
 * compiled to plugin.wasm, and of any built example plugins from plugins-wasm/.
 */
export function pluginsDir(opts: { fixtures?: string[]; examples?: string[] } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "binventory-plugins-"));
  for (const name of opts.fixtures ?? []) {
    const src = join(import.meta.dir, "..", "fixtures", "host-plugins", name);
    const dest = join(dir, name);
    cpSync(src, dest, { recursive: true });
    for (const f of readdirSync(dest).filter((f) => f.endsWith(".wat"))) {
      writeFileSync(join(dest, "plugin.wasm"), watToWasm(f, readFileSync(join(dest, f), "utf8")));
    }
  }
  for (const name of opts.examples ?? []) {
    const src = join(import.meta.dir, "..", "..", "plugins-wasm", name);
    if (!existsSync(join(src, "plugin.wasm"))) throw new Error(`example plugin ${name} is not built: run npm run plugins`);
    mkdirSync(join(dir, name));
    for (const f of ["plugin.json", "plugin.wasm"]) cpSync(join(src, f), join(dir, name, f));
  }
  return dir;
}

/** Writes a plugin folder by hand (for broken manifests and modules). */
export function writePlugin(dir: string, slug: string, manifest: unknown, wasm?: Uint8Array | string): void {
  mkdirSync(join(dir, slug), { recursive: true });
  writeFileSync(join(dir, slug, "plugin.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  if (wasm !== undefined) writeFileSync(join(dir, slug, "plugin.wasm"), wasm);
}
