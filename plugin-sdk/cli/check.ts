import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { explainSchemaErrors, formatSchemaProblems } from "../schema/explain.ts";
import { EXPORTS, type ExportName } from "../schema/exports.ts";
import { readPlugin } from "./discover.ts";
import { verifyModule } from "./verify.ts";

export interface CheckReport {
  problems: string[];
  warnings: string[];
  /** What was checked, for the summary line. */
  checked: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the fixture cases in tests/*.json: known export, input and expected output of the ABI's shapes. */
function checkFixtures(dir: string, exports: string[], report: CheckReport): void {
  const folder = join(dir, "tests");
  if (!existsSync(folder)) return;
  const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  for (const file of files) {
    const where = `tests/${file}`;
    let c: unknown;
    try {
      c = JSON.parse(readFileSync(join(folder, file), "utf8"));
    } catch (e) {
      report.problems.push(`${where} is not valid JSON: ${(e as Error).message}`);
      continue;
    }
    if (!isRecord(c) || typeof c.export !== "string" || !("input" in c) || ("output" in c) === ("error" in c)) {
      report.problems.push(`${where} must be {"export", "input", and either "output" or "error"}`);
      continue;
    }
    if (!exports.includes(c.export)) {
      report.problems.push(`${where}: export "${c.export}" is not one of this plugin's (${exports.join(", ")})`);
      continue;
    }
    const schemas = EXPORTS[c.export as ExportName];
    const input = explainSchemaErrors(schemas.input, c.input);
    if (input.length > 0) report.problems.push(`${where}: input does not match ${c.export}'s input schema at ${formatSchemaProblems(input)}`);
    if ("output" in c) {
      const output = explainSchemaErrors(schemas.output, c.output);
      if (output.length > 0) report.problems.push(`${where}: output does not match ${c.export}'s output schema at ${formatSchemaProblems(output)}`);
    }
  }
  if (files.length > 0) report.checked.push(`${files.length} fixture case(s)`);
}

/**
 * Checks a plugin folder without building it: plugin.json against the manifest schema, the built
 * plugin.wasm's exports, imports and memory against ABI 1 and the declared permissions, and the
 * fixture cases in tests/ against the exports' schemas.
 */
export function checkPlugin(dir: string): CheckReport {
  const report: CheckReport = { problems: [], warnings: [], checked: [] };
  const found = readPlugin(dir);
  if (!found.ok) {
    report.problems.push(found.error);
    return report;
  }
  const plugin = found.plugin;
  report.checked.push("plugin.json");
  if (basename(dir) !== plugin.slug) report.warnings.push(`the folder is named "${basename(dir)}": the server loads this plugin only from a folder named "${plugin.slug}"`);
  const wasm = join(dir, "plugin.wasm");
  if (!existsSync(wasm)) {
    report.problems.push("plugin.wasm is missing: build it first (binventory plugin build)");
  } else {
    const verdict = verifyModule(new Uint8Array(readFileSync(wasm)), plugin);
    report.problems.push(...verdict.problems.map((p) => `plugin.wasm ${p}`));
    report.warnings.push(...verdict.warnings);
    report.checked.push("plugin.wasm");
  }
  checkFixtures(dir, plugin.requiredExports, report);
  return report;
}
