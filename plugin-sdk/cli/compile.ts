import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { PluginToBuild } from "./discover.ts";
import { kitsRoot } from "./kits.ts";
import type { Toolchain } from "./toolchains.ts";

export type CompileResult = { ok: true } | { ok: false; error: string };

/** Each language's kit folder (absolute): from the checkout, BINVENTORY_KITS_DIR or the binary (kits.ts). */
export function kitDir(language: "assemblyscript" | "rust" | "c" | "wat"): string {
  return join(kitsRoot(), language);
}

function run(cmd: string, args: string[], cwd: string): CompileResult {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.error) return { ok: false, error: `${cmd}: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, error: `${cmd} ${args.join(" ")}\n${(r.stderr || r.stdout).trim()}` };
  return { ok: true };
}

/**
 * AssemblyScript: no WASI, MVP features only (hosts that rewrite modules need not know newer
 * opcodes), and abort() routed to the kit so it becomes the call's error instead of an env.abort import.
 * The kit is the package `binventory` (`import { … } from "binventory"`): a copy in a scratch
 * folder on asc's package path, so the plugin may live anywhere and abort has one fixed name.
 */
function compileAssemblyScript(tc: Toolchain, plugin: PluginToBuild, source: string, out: string): CompileResult {
  const scratch = mkdtempSync(join(tmpdir(), "binventory-as-kit-"));
  try {
    cpSync(kitDir("assemblyscript"), join(scratch, "binventory"), { recursive: true, filter: (f) => !f.endsWith(".md") });
    const args = [relative(plugin.dir, source), "--outFile", out, "-O3", "--noAssert", "--runtime", "incremental", "--path", scratch];
    args.push("--disable", "bulk-memory,sign-extension,nontrapping-f2i", "--use", "abort=~lib/binventory/index/bvAbort");
    return run(tc.asc, args, plugin.dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Rust: the kit is built once as the rlib `binventory`, then each plugin as a cdylib against it. */
function compileRust(tc: Toolchain, plugin: PluginToBuild, source: string, out: string): CompileResult {
  // A private folder per build, so concurrent builds never read a half-written rlib.
  const scratch = mkdtempSync(join(tmpdir(), "binventory-rust-kit-"));
  try {
    const rlib = join(scratch, "libbinventory.rlib");
    const common = ["--edition", "2021", "--target", "wasm32-unknown-unknown", "-O", "-C", "panic=abort"];
    const kit = run(tc.rustc, [...common, "--crate-type", "rlib", "--crate-name", "binventory", "-o", rlib, join(kitDir("rust"), "lib.rs")], plugin.dir);
    if (!kit.ok) return kit;
    const crate = plugin.slug.replace(/[^a-zA-Z0-9_]/g, "_");
    const args = [...common, "--crate-type", "cdylib", "--crate-name", crate, "-C", "strip=symbols"];
    args.push("--extern", `binventory=${rlib}`, "-o", out, source);
    return run(tc.rustc, args, plugin.dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * C: freestanding (no libc, so no WASI), the kit's .c linked in, only the ABI exports kept, and the
 * stack first so an overflow traps instead of overwriting data.
 */
function compileC(tc: Toolchain, plugin: PluginToBuild, source: string, out: string): CompileResult {
  const args = ["--target=wasm32", "-nostdlib", "-O2", "-std=c11", "-Wall", "-Wextra", "-I", kitDir("c")];
  args.push("-Wl,--no-entry", "-Wl,--strip-all", "-Wl,--stack-first", ...plugin.requiredExports.map((e) => `-Wl,--export=${e}`));
  args.push("-o", out, source, join(kitDir("c"), "binventory.c"));
  return run(tc.clang, args, plugin.dir);
}

/** WAT: assembled with the npm package wabt (no Debian package needed). */
async function compileWat(source: string, out: string): Promise<CompileResult> {
  const { default: wabt } = await import("wabt");
  const w = await wabt();
  try {
    const module = w.parseWat(source, readFileSync(source, "utf8"), {});
    module.validate();
    writeFileSync(out, module.toBinary({}).buffer);
    module.destroy();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Builds `plugin` into `out` with its language's toolchain. */
export async function compilePlugin(tc: Toolchain, plugin: PluginToBuild, out: string): Promise<CompileResult> {
  if (!plugin.build) return { ok: false, error: "no build section" };
  const source = join(plugin.dir, plugin.build.source);
  switch (plugin.build.language) {
    case "assemblyscript":
      return compileAssemblyScript(tc, plugin, source, out);
    case "rust":
      return compileRust(tc, plugin, source, out);
    case "c":
      return compileC(tc, plugin, source, out);
    case "wat":
      return compileWat(source, out);
  }
}
