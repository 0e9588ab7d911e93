import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const wabt = await (await import("wabt")).default();

/**
 * Fills `dir` with plugins for a benchmark: copies of built examples from plugins-wasm/ and the
 * WAT fixtures in bench/fixtures/ (compiled here). `copies` clones an example under new slugs.
 */
export function makePluginsDir(root: string, dir: string, opts: { examples?: string[]; fixtures?: string[]; copies?: number } = {}): void {
  mkdirSync(dir, { recursive: true });
  for (const name of opts.examples ?? []) {
    const src = join(root, "plugins-wasm", name);
    if (!existsSync(join(src, "plugin.wasm"))) throw new Error(`example plugin ${name} is not built: run npm run plugins`);
    for (let i = 0; i < (opts.copies ?? 1); i++) {
      const slug = i === 0 ? name : `${name}-${i}`;
      mkdirSync(join(dir, slug), { recursive: true });
      const manifest = JSON.parse(readFileSync(join(src, "plugin.json"), "utf8"));
      manifest.slug = slug;
      writeFileSync(join(dir, slug, "plugin.json"), JSON.stringify(manifest));
      cpSync(join(src, "plugin.wasm"), join(dir, slug, "plugin.wasm"));
    }
  }
  for (const name of opts.fixtures ?? []) {
    const src = join(root, "bench", "fixtures", name);
    mkdirSync(join(dir, name), { recursive: true });
    cpSync(join(src, "plugin.json"), join(dir, name, "plugin.json"));
    const mod = wabt.parseWat(`${name}.wat`, readFileSync(join(src, `${name}.wat`), "utf8"));
    writeFileSync(join(dir, name, "plugin.wasm"), new Uint8Array(mod.toBinary({}).buffer));
    mod.destroy();
  }
}
