/**
 * `binventory plugin …`: the plugin author's commands, also in the compiled binary.
 *   init <slug> --lang rust|as|c|wat [--kind barcode|action|report] [--dir <parent>]
 *   build [--force] [dir…]      (default: the current folder)
 *   check [dir…]
 *   call <dir> <export> [--input file|-] [--db demo|<path>] [--as <user>]
 *   test [dir] [--db demo|<path>] [--as <user>]
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildPlugins } from "./build.ts";
import { checkPlugin } from "./check.ts";
import { findPluginDirs } from "./discover.ts";
import { initPlugin, LANG_ALIASES } from "./init.ts";
import { type PluginRunnerFactory, printReport, readFixtures, runFixtures } from "./run.ts";
import { type Kind, KINDS } from "./templates.ts";

const PLUGIN_USAGE = `usage: binventory plugin <command>
  init <slug> --lang rust|as|c|wat [--kind barcode|action|report] [--dir <parent>]
                                scaffold a plugin folder <parent>/<slug> (default: here) with a fixture case
  build [--force] [dir ...]     build plugin.wasm in each plugin folder given (default: .) and check it
  check [dir ...]               check plugin.json, plugin.wasm and tests/*.json without building
  call <dir> <export> [--input file|-] [--db demo|<path>] [--as <user>]
                                run one call in the server's sandbox, with its host functions, on a
                                throwaway demo database (default) or a database file; prints the output,
                                logs, host calls, schema errors, fuel used and peak memory
  test [dir] [--db demo|<path>] [--as <user>]
                                run the fixture cases tests/*.json the same way; exit 1 on a mismatch`;

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

const RUN_FLAGS = ["--input", "--db", "--as"];

/** The one plugin folder a call or test names (default "."), or null after saying why not. */
function oneDir(dir: string | undefined, io: Out): string | null {
  const abs = resolve(dir ?? ".");
  if (!existsSync(join(abs, "plugin.json"))) return io.err(`${dir ?? "."}: no plugin.json here`), null;
  if (!existsSync(join(abs, "plugin.wasm"))) return io.err(`${dir ?? "."}: no plugin.wasm: run binventory plugin build ${dir ?? "."} first`), null;
  return abs;
}

async function readInput(args: string[], dir: string, exportName: string, io: Out): Promise<{ input: unknown } | null> {
  const from = flag(args, "--input");
  let text: string;
  if (from === undefined) {
    // No input given: the first fixture case of that export.
    const found = readFixtures(dir).find(([, c]) => c.export === exportName);
    if (!found) return io.err(`plugin call needs --input <file> (or - for stdin): tests/ has no case for ${exportName}`), null;
    io.out(`input: tests/${found[0]}`);
    return { input: found[1].input };
  }
  try {
    text = from === "-" ? await new Response(Bun.stdin.stream()).text() : readFileSync(resolve(from), "utf8");
  } catch (e) {
    return io.err(`--input ${from}: ${(e as Error).message}`), null;
  }
  try {
    return { input: JSON.parse(text) };
  } catch (e) {
    return io.err(`--input ${from} is not JSON: ${(e as Error).message}`), null;
  }
}

async function openRunner(open: PluginRunnerFactory | undefined, dir: string, args: string[], io: Out) {
  if (!open) return io.err("plugin call / test need the server's sandbox: run them through binventory (server/main.ts)"), null;
  try {
    const runner = await open(dir, { db: flag(args, "--db"), as: flag(args, "--as") });
    io.out(`running on ${runner.database}${runner.user ? `, as ${runner.user}` : ""}`);
    return runner;
  } catch (e) {
    return io.err(`plugin: ${(e as Error).message}`), null;
  }
}

async function call(args: string[], io: Out, open?: PluginRunnerFactory): Promise<number> {
  const [d, exportName] = positional(args, RUN_FLAGS);
  if (!d || !exportName) return io.err(`plugin call needs a plugin folder and an export\n${PLUGIN_USAGE}`), 2;
  const dir = oneDir(d, io);
  if (!dir) return 2;
  let input: { input: unknown } | null;
  try {
    input = await readInput(args, dir, exportName, io);
  } catch (e) {
    return io.err(`plugin call: ${(e as Error).message}`), 2;
  }
  if (!input) return 2;
  const runner = await openRunner(open, dir, args, io);
  if (!runner) return 1;
  try {
    const report = await runner.call(exportName, input.input);
    printReport(report, io.out);
    return report.ok ? 0 : 1;
  } finally {
    await runner.close();
  }
}

async function test(args: string[], io: Out, open?: PluginRunnerFactory): Promise<number> {
  const dir = oneDir(positional(args, RUN_FLAGS)[0], io);
  if (!dir) return 2;
  let cases: ReturnType<typeof readFixtures>;
  try {
    cases = readFixtures(dir);
  } catch (e) {
    return io.err(`plugin test: ${(e as Error).message}`), 1;
  }
  if (cases.length === 0) return io.err(`plugin test: ${dir} has no tests/*.json cases`), 1;
  const runner = await openRunner(open, dir, args, io);
  if (!runner) return 1;
  try {
    return (await runFixtures(runner, cases, io.out)) > 0 ? 1 : 0;
  } finally {
    await runner.close();
  }
}

/**
 * Runs `binventory plugin <args>`; returns the exit code. `call` and `test` run plugins through
 * `open`, which the server passes in (the SDK does not import the server).
 */
export async function runPluginCli(args: string[], io: Out = stdio, open?: PluginRunnerFactory): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "init":
      return init(rest, io);
    case "build":
      return build(rest, io);
    case "check":
      return check(rest, io);
    case "call":
      return call(rest, io, open);
    case "test":
      return test(rest, io, open);
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
