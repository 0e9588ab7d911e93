/**
 * `binventory plugin …`: the plugin author's commands, also in the compiled binary.
 *   init <slug> --lang rust|as|c|wat [--kind barcode|action|report] [--dir <parent>]
 *   build [--force] [dir…]      (default: the current folder)
 *   check [dir…]
 */
import { join, resolve } from "node:path";
import { buildPlugins } from "./build.ts";
import { checkPlugin } from "./check.ts";
import { findPluginDirs } from "./discover.ts";
import { initPlugin, LANG_ALIASES } from "./init.ts";
import { type Kind, KINDS } from "./templates.ts";

export const PLUGIN_USAGE = `usage: binventory plugin <command>
  init <slug> --lang rust|as|c|wat [--kind barcode|action|report] [--dir <parent>]
                                scaffold a plugin folder <parent>/<slug> (default: here) with a fixture case
  build [--force] [dir ...]     build plugin.wasm in each plugin folder given (default: .) and check it
  check [dir ...]               check plugin.json, plugin.wasm and tests/*.json without building`;

type Out = { out: (line: string) => void; err: (line: string) => void };
const stdio: Out = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Positional arguments: everything that is neither a flag nor a flag's value. */
function positional(args: string[], valued: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (valued.includes(args[i])) i++;
    else if (!args[i].startsWith("--")) out.push(args[i]);
  }
  return out;
}

function init(args: string[], io: Out): number {
  const [slug] = positional(args, ["--lang", "--kind", "--dir"]);
  const lang = flag(args, "--lang");
  const language = lang ? LANG_ALIASES[lang] : undefined;
  if (!slug) return io.err(`plugin init needs a slug\n${PLUGIN_USAGE}`), 2;
  if (!language) return io.err(`plugin init needs --lang rust|as|c|wat${lang ? ` (not "${lang}")` : ""}`), 2;
  const kind = (flag(args, "--kind") ?? "barcode") as Kind;
  if (!KINDS.includes(kind)) return io.err(`--kind must be one of ${KINDS.join(", ")} (not "${kind}")`), 2;
  const dir = join(resolve(flag(args, "--dir") ?? "."), slug);
  try {
    const files = initPlugin({ slug, language, kind, dir });
    io.out(`created ${dir}: ${files.join(", ")}`);
    io.out(`next: binventory plugin build ${dir}`);
    return 0;
  } catch (e) {
    return io.err(`plugin init: ${(e as Error).message}`), 1;
  }
}

/** Plugin folders named by the arguments (each a plugin folder or a folder of them), default ".". */
function pluginDirs(args: string[], io: Out): string[] | null {
  const given = positional(args, []);
  const dirs: string[] = [];
  for (const d of given.length > 0 ? given : ["."]) {
    const found = findPluginDirs(d);
    if (found.length === 0) return io.err(`${d}: no plugin.json here or in its subfolders`), null;
    dirs.push(...found);
  }
  return [...new Set(dirs)];
}

async function build(args: string[], io: Out): Promise<number> {
  const dirs = pluginDirs(args, io);
  if (!dirs) return 2;
  const { failed } = await buildPlugins(dirs, { force: args.includes("--force"), base: process.cwd(), say: io.out });
  return failed > 0 ? 1 : 0;
}

function check(args: string[], io: Out): number {
  const dirs = pluginDirs(args, io);
  if (!dirs) return 2;
  let failed = 0;
  for (const dir of dirs) {
    const r = checkPlugin(dir);
    for (const w of r.warnings) io.out(`${dir}: warning: ${w}`);
    if (r.problems.length > 0) {
      failed++;
      for (const p of r.problems) io.out(`${dir}: FAILED: ${p}`);
    } else io.out(`${dir}: ok (${r.checked.join(", ")})`);
  }
  return failed > 0 ? 1 : 0;
}

/** Runs `binventory plugin <args>`; returns the exit code. */
export async function runPluginCli(args: string[], io: Out = stdio): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "init":
      return init(rest, io);
    case "build":
      return build(rest, io);
    case "check":
      return check(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(PLUGIN_USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`unknown plugin command ${command}\n${PLUGIN_USAGE}`);
      return 2;
  }
}
