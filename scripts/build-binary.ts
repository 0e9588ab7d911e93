#!/usr/bin/env bun
/**
 * Builds the single-file server: `bun scripts/build-binary.ts [--outfile dist/binventory]`.
 * The plugin worker is a second entrypoint so the compiled binary carries it (Bun runs a worker
 * only from a file that is part of the build); plugin processes need no entrypoint of their own (they
 * are the binary itself, `binventory __plugin-process`); the migrations are compiled in by
 * server/db/embedded-migrations.ts, the plugin kits by plugin-sdk/cli/kits.ts. Plugins stay
 * outside: BINVENTORY_PLUGINS_DIR.
 */
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { kitFiles } from "../plugin-sdk/cli/kits.ts";

const ROOT = join(import.meta.dir, "..");
/** Entrypoints, relative to ROOT (the build root): the worker's path is the one executor-workers.ts opens in a binary. */
export const ENTRYPOINTS = ["server/main.ts", "server/plugin-bridge/worker.ts", "server/plugin-bridge/service-thread.ts"];

/** Compiles the binary to `outfile` and returns its absolute path; throws with Bun's messages on failure. */
export async function buildBinary(outfile: string): Promise<string> {
  const target = resolve(outfile);
  const result = await Bun.build({
    entrypoints: ENTRYPOINTS.map((e) => join(ROOT, e)),
    root: ROOT,
    target: "bun",
    // Embedded in the binary, so stack traces name server/*.ts lines.
    sourcemap: "linked",
    // The plugin kits, so `binventory plugin init/build` works from the binary (plugin-sdk/cli/kits.ts).
    define: { BINVENTORY_EMBEDDED_KITS: JSON.stringify(JSON.stringify(kitFiles(join(ROOT, "plugin-sdk", "kits")))) },
    compile: { outfile: target },
  });
  if (!result.success) throw new Error(`bun build --compile failed:\n${result.logs.map(String).join("\n")}`);
  // Bun also writes the maps next to the binary; it does not need them, and one file is the point.
  for (const out of result.outputs) if (out.kind === "sourcemap") rmSync(out.path, { force: true });
  return target;
}

if (import.meta.main) {
  const i = process.argv.indexOf("--outfile");
  const outfile = i >= 0 ? process.argv[i + 1] : join(ROOT, "dist", "binventory");
  if (!outfile) throw new Error("--outfile needs a path");
  const started = performance.now();
  const built = await buildBinary(outfile);
  const size = (Bun.file(built).size / 1e6).toFixed(0);
  console.log(`built ${built} (${size} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
