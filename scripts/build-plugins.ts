#!/usr/bin/env bun
/**
 * Builds `plugin.wasm` for every plugin folder under plugins-wasm/ (plus tests/fixtures/plugins with
 * `--test`, plus any folders given as arguments), from the source named by plugin.json's `build`.
 * Skips plugins whose output is newer than their sources (`--force` rebuilds), checks every module
 * against ABI 1, prints one line per plugin and exits non-zero when any fails.
 *
 *   bun scripts/build-plugins.ts [--force] [--test] [dir ...]
 *
 * A missing Debian toolchain is installed with apt-get when running as root (BINVENTORY_AUTO_APT=0
 * turns that off), so `npm test` on a fresh machine can build everything.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compilePlugin, KIT_DIRS } from "./plugin-build/compile.ts";
import { type Discovered, findPluginDirs, type Language, readPlugin } from "./plugin-build/discover.ts";
import { aptInstall, canAutoApt, missingFor, type Toolchain, toolchainPaths } from "./plugin-build/toolchains.ts";
import { verifyModule } from "./plugin-build/verify.ts";

const root = resolve(import.meta.dir, "..");
const say = (line: string) => process.stdout.write(`[plugins] ${line}\n`);

const IGNORED = new Set(["plugin.wasm", "build", "node_modules", "target"]);

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
  const inputs = Math.max(
    newestSource(dir),
    existsSync(join(root, KIT_DIRS[language])) ? newestSource(join(root, KIT_DIRS[language])) : 0,
    statSync(join(root, "scripts", "plugin-build", "compile.ts")).mtimeMs,
  );
  return statSync(out).mtimeMs > inputs;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Installs what the plugins' languages need, if allowed; returns what is still missing per language. */
function prepareToolchains(languages: Set<Language>, tc: Toolchain): Map<Language, string> {
  const debian = new Set<string>();
  for (const lang of languages) for (const p of missingFor(lang, tc).debian) debian.add(p);
  if (debian.size > 0 && canAutoApt() && !aptInstall([...debian], say)) say("apt-get install failed");
  const missing = new Map<Language, string>();
  for (const lang of languages) {
    const m = missingFor(lang, tc);
    if (m.debian.length > 0) missing.set(lang, `needs the Debian package(s) ${m.debian.join(", ")}: apt-get install ${m.debian.join(" ")}`);
    else if (m.npm) missing.set(lang, `needs the npm package ${m.npm}`);
  }
  return missing;
}

async function buildOne(found: Discovered, tc: Toolchain, missing: Map<Language, string>, force: boolean): Promise<boolean> {
  const name = relative(root, found.dir) || found.dir;
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
  } else if (!force && isFresh(plugin.dir, plugin.build.language, out)) {
    status = "up to date";
  } else {
    const started = performance.now();
    const tmp = `${out}.${process.pid}.tmp`;
    const result = await compilePlugin(root, tc, plugin, tmp);
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

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // Flags this script does not know are setup.mjs's own; they are ignored.
  const force = args.includes("--force");
  const roots = [join(root, "plugins-wasm")];
  if (args.includes("--test")) roots.push(join(root, "tests", "fixtures", "plugins"));
  for (const a of args) if (!a.startsWith("--")) roots.push(resolve(a));

  const dirs = [...new Set(roots.flatMap(findPluginDirs))];
  const found = dirs.map((dir) => readPlugin(dir));
  const languages = new Set<Language>();
  for (const f of found) if (f.ok && f.plugin.build) languages.add(f.plugin.build.language);
  const tc = toolchainPaths(root);
  const missing = prepareToolchains(languages, tc);

  let failed = 0;
  for (const f of found) if (!(await buildOne(f, tc, missing, force))) failed++;
  if (failed > 0) say(`${failed} of ${found.length} plugin(s) failed`);
  return failed > 0 ? 1 : 0;
}

process.exit(await main());
