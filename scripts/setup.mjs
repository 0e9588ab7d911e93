#!/usr/bin/env node
// Runs under plain Node.js before `npm start`, `npm test` and `npm run bench`: it installs what a
// fresh clone lacks (npm packages, Bun from the npm package `bun`) and then builds the example
// plugins with Bun. Idempotent and quick when everything is already in place.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const say = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function needsInstall() {
  const marker = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(marker) || !existsSync(join(root, "node_modules", ".bin", "bun"))) return true;
  return statSync(join(root, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs + 1000;
}

if (needsInstall()) {
  say("installing npm dependencies (npm ci)");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
}

const bun = join(root, "node_modules", ".bin", "bun");
const version = spawnSync(bun, ["--version"], { encoding: "utf8" });
if (version.status !== 0) {
  say(`bun from node_modules does not run: ${version.stderr || version.error}`);
  process.exit(1);
}
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies.bun;
if (version.stdout.trim() !== pinned) say(`warning: bun ${version.stdout.trim()} installed, ${pinned} pinned`);

// The tools only the tests need (poppler-utils for the PDF report tests): scripts/test-tools.ts.
if (process.argv.includes("--test")) {
  const r = spawnSync(bun, [join(root, "scripts", "test-tools.ts")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const build = join(root, "scripts", "build-plugins.ts");
if (existsSync(build) && !process.argv.includes("--no-plugins")) {
  const r = spawnSync(bun, [build, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
