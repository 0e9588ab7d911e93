import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { compilePlugin, kitDir } from "./compile.ts";
import { type Discovered, type Language, readPlugin } from "./discover.ts";
import { aptInstall, autoApt, missingFor, type Toolchain, toolchainPaths } from "./toolchains.ts";
import { verifyModule } from "./verify.ts";

const IGNORED = new Set(["plugin.wasm", "build", "node_modules", "target", "tests"]);

/** Newest modification time among the files in `dir` that can change a build. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (IGNORED.has(name) || name.endsWith(".md") || name.endsWith(".tmp")) continue;
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestSource(path) : st.mtimeMs);
  }
  return newest;
}

function isFresh(dir: string, language: Language, out: string): boolean {
  if (!existsSync(out)) return false;
  const kit = kitDir(language);
  const compiler = join(import.meta.dir, "compile.ts"); // (absent from the single binary)
  const inputs = Math.max(newestSource(dir), existsSync(kit) ? newestSource(kit) : 0, existsSync(compiler) ? statSync(compiler).mtimeMs : 0);
  return statSync(out).mtimeMs > inputs;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Installs what the plugins' languages need, if allowed; returns what is still missing per language. */
function prepareToolchains(languages: Set<Language>, tc: Toolchain, say: (line: string) => void): Map<Language, string> {
  const debian = new Set<string>();
  for (const lang of languages) for (const p of missingFor(lang, tc).debian) debian.add(p);
  const aptGet = debian.size > 0 ? autoApt() : null;
  if (aptGet && !aptInstall(aptGet, [...debian], say)) say("apt-get install failed");
  const missing = new Map<Language, string>();
  for (const lang of languages) {
    const m = missingFor(lang, tc);
    if (m.debian.length > 0) missing.set(lang, `needs the Debian package(s) ${m.debian.join(", ")}: apt-get install ${m.debian.join(" ")}`);
    else if (m.npm) missing.set(lang, `needs the npm package ${m.npm}`);
  }
  return missing;
}

export interface BuildOptions {
  /** Rebuild even when plugin.wasm is newer than every source. */
  force?: boolean;
  /** Plugin folders are named relative to this in the lines printed. */
  base: string;
  say: (line: string) => void;
}

async function buildOne(found: Discovered, missing: Map<Language, string>, opts: BuildOptions): Promise<boolean> {
  const { say } = opts;
  const name = relative(opts.base, found.dir) || basename(found.dir);
  if (!found.ok) {
    say(`${name}: FAILED: ${found.error}`);
    return false;
  }
  const plugin = found.plugin;
  const out = join(plugin.dir, "plugin.wasm");
  let status: string;
  if (!plugin.build) {
    if (!existsSync(out)) {
      say(`${name}: FAILED: plugin.json has no build section and there is no plugin.wasm`);
      return false;
    }
    status = "prebuilt";
  } else if (missing.has(plugin.build.language)) {
    say(`${name} (${plugin.build.language}): FAILED: ${missing.get(plugin.build.language)}`);
    return false;
  } else if (!opts.force && isFresh(plugin.dir, plugin.build.language, out)) {
    status = "up to date";
  } else {
    const started = performance.now();
    const tmp = `${out}.${process.pid}.tmp`;
    const result = await compilePlugin(toolchainPaths(plugin.dir), plugin, tmp);
    if (!result.ok) {
      rmSync(tmp, { force: true });
      say(`${name} (${plugin.build.language}): FAILED to compile:\n${result.error}`);
      return false;
    }
    renameSync(tmp, out); // atomic: a reader never sees half a module
    status = `built in ${((performance.now() - started) / 1000).toFixed(2)} s`;
  }

  const bytes = new Uint8Array(await Bun.file(out).arrayBuffer());
  const label = `${name} (${plugin.build?.language ?? "wasm"})`;
  if (plugin.build?.verify !== false) {
    const verdict = verifyModule(bytes, plugin);
    if (verdict.problems.length > 0) {
      if (plugin.build) rmSync(out, { force: true }); // never leave a module the host would refuse
      say(`${label}: FAILED: ${verdict.problems.join("; ")}`);
      return false;
    }
    for (const w of verdict.warnings) say(`${label}: warning: ${w}`);
  }
  say(`${label}: ${status}, ${kib(bytes.length)}`);
  return true;
}

/**
 * Builds `plugin.wasm` in each plugin folder of `dirs` (and nowhere else) from the source named by
 * plugin.json's `build`, after validating plugin.json against the manifest schema; skips folders
 * whose output is newer than their sources and checks every module against ABI 1. Prints one line
 * per plugin; returns how many failed.
 */
export async function buildPlugins(dirs: string[], opts: BuildOptions): Promise<{ failed: number; total: number }> {
  const found = dirs.map((dir) => readPlugin(dir));
  const languages = new Set<Language>();
  for (const f of found) if (f.ok && f.plugin.build) languages.add(f.plugin.build.language);
  // Toolchains are looked up once for the whole run (the first folder's asc wins when none is global).
  const missing = prepareToolchains(languages, toolchainPaths(dirs[0]), opts.say);
  let failed = 0;
  for (const f of found) if (!(await buildOne(f, missing, opts))) failed++;
  if (failed > 0) opts.say(`${failed} of ${found.length} plugin(s) failed`);
  return { failed, total: found.length };
}
