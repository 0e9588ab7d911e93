#!/usr/bin/env bun
/**
 * `npm run bench [-- <suite> [options…]]`: with no suite, the default suites one after another
 * (the HTTP suite, plugin calls, PDF reports), as `npm run bench` always ran them; with a suite
 * name, only that one, given the options that follow:
 *   http [filter…] [--duration S …]   bench/run.ts        (ratios to a bare Bun.serve)
 *   plugins [--calls N] [--cases …]   bench/plugin-calls.ts
 *   reports                           bench/report-pdf.ts
 *   scale                             bench/scale.ts      (10k / 100k / 1M stock items; SCALE_* env)
 *   copy-db                           bench/copy-db.ts    (needs PostgreSQL; COPY_SIZES env)
 *   lists                             bench/in-process-lists.ts
 *   host-call-bridge [--calls N]      bench/host-call-bridge.ts
 *   async-db [--n N]                  bench/async-db.ts   (the async database interface's cost per query and write)
 * Anything else as the first argument is a filter for the HTTP suite, as before.
 */
import { join } from "node:path";

const SUITES: Record<string, string> = {
  http: "run.ts",
  plugins: "plugin-calls.ts",
  reports: "report-pdf.ts",
  scale: "scale.ts",
  "copy-db": "copy-db.ts",
  lists: "in-process-lists.ts",
  "host-call-bridge": "host-call-bridge.ts",
  "async-db": "async-db.ts",
};
const DEFAULT = ["http", "plugins", "reports"];

const run = (file: string, args: string[]): number =>
  Bun.spawnSync([process.execPath, join(import.meta.dir, file), ...args], { stdio: ["inherit", "inherit", "inherit"] }).exitCode ?? 1;

const [first, ...rest] = process.argv.slice(2);
if (first !== undefined && SUITES[first]) process.exit(run(SUITES[first], rest));
if (first !== undefined) process.exit(run(SUITES.http, process.argv.slice(2)));
for (const suite of DEFAULT) {
  const code = run(SUITES[suite], []);
  if (code !== 0) process.exit(code);
}
