#!/usr/bin/env bun
/**
 * Builds `plugin.wasm` for the plugin folders given as arguments, or, with none, for every example
 * under plugins-wasm/ (plus tests/fixtures/plugins with `--test`): plugin-sdk/cli/build.ts, as
 * `binventory plugin build` does. Prints one line per plugin and exits non-zero when any fails.
 *
 *   bun scripts/build-plugins.ts [--force] [--test] [dir ...]
 *
 * A missing Debian toolchain is installed with apt-get when running as root (BINVENTORY_AUTO_APT=0
 * turns that off), so `npm test` on a fresh machine can build everything.
 */
import { join, resolve } from "node:path";
import { buildPlugins } from "../plugin-sdk/cli/build.ts";
import { findPluginDirs } from "../plugin-sdk/cli/discover.ts";

const root = resolve(import.meta.dir, "..");
const args = process.argv.slice(2);
// Flags this script does not know are setup.mjs's own; they are ignored.
const given = args.filter((a) => !a.startsWith("--")).map((a) => resolve(a));
const roots = given.length > 0 ? given : [join(root, "plugins-wasm")];
if (args.includes("--test")) roots.push(join(root, "tests", "fixtures", "plugins"));
const dirs = [...new Set(roots.flatMap(findPluginDirs))];
const { failed } = await buildPlugins(dirs, { force: args.includes("--force"), base: root, say: (line) => process.stdout.write(`[plugins] ${line}\n`) });
process.exit(failed > 0 ? 1 : 0);
