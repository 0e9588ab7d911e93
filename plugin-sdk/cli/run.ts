/**
 * `binventory plugin call` and `binventory plugin test`: the printing and the fixture comparison.
 * The calls themselves run in the server's sandbox with its host functions, which the plugin SDK
 * cannot import: the server's composition root hands in a `PluginRunnerFactory`
 * (server/plugin-bridge/plugin-runner.ts over a database from server/bootstrap.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One host function call as the plugin made it, with the answer it got. */
export interface HostCallRecord {
  name: string;
  request: unknown;
  answer: { ok: true; data: unknown } | { ok: false; error: string };
}

/** Everything one call did. */
export interface RunReport {
  ok: boolean;
  output?: unknown;
  /** When the call failed: the failure class (budget, trap, output_schema…) and its detail. */
  failure?: string;
  detail?: string;
  /** The input does not match the export's input schema (the call was not made). */
  inputProblems?: string;
  logs: { level: string; message: string }[];
  hostCalls: HostCallRecord[];
  usage?: { fuel: number; memory_bytes: number; host_memory_bytes: number; host_calls: number };
  /** The plugin's fuel budget per call. */
  budget: number;
  limits?: string[];
  micros: number;
}

export interface PluginRunner {
  /** Where the calls run, e.g. "a throwaway demo database (…)". */
  readonly database: string;
  /** The user calls are made for (--as, else the user the input names). */
  readonly user: string | null;
  call(exportName: string, input: unknown): Promise<RunReport>;
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** "demo" (default): a throwaway demo database; else the path of a Binventory database. */
  db?: string;
  /** A username of that database: host functions act for this user, and the input's user is replaced. */
  as?: string;
}

export type PluginRunnerFactory = (dir: string, options: RunnerOptions) => Promise<PluginRunner>;

type Say = (line: string) => void;

const num = (n: number) => n.toLocaleString("en-US");
const short = (v: unknown, max = 200) => {
  const text = JSON.stringify(v) ?? "undefined";
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
};

/** What a host answer holds, in a few words. */
function answerText(a: HostCallRecord["answer"]): string {
  if (!a.ok) return `error: ${a.error}`;
  const d = a.data as { count?: unknown; results?: unknown } | null;
  if (d && typeof d === "object" && Array.isArray(d.results)) return `ok: ${d.results.length} of ${d.count} row(s)`;
  return `ok: ${short(a.data, 120)}`;
}

/** Prints a call's report: output or failure, logs, host calls, schema errors, fuel and memory. */
export function printReport(r: RunReport, say: Say): void {
  if (r.inputProblems) {
    say(`input does not match the export's input schema at ${r.inputProblems}`);
    return;
  }
  if (r.ok) say(`output: ${JSON.stringify(r.output, null, 2)}`);
  else if (r.failure === "output_schema") say(`FAILED (output_schema): schema errors:\n  ${r.detail}`);
  else say(`FAILED (${r.failure}): ${r.detail}`);
  say(`logs (${r.logs.length}):`);
  for (const l of r.logs) say(`  [${l.level}] ${l.message}`);
  say(`host calls (${r.hostCalls.length}):`);
  for (const c of r.hostCalls) say(`  ${c.name} ${short(c.request)} → ${answerText(c.answer)}`);
  if (r.usage) {
    say(`fuel used: ${num(r.usage.fuel)} of ${num(r.budget)} (${((100 * r.usage.fuel) / r.budget).toFixed(2)}%)`);
    say(`peak memory: ${num(r.usage.memory_bytes)} bytes linear, ${num(r.usage.host_memory_bytes)} bytes of host blocks`);
  }
  if (r.limits?.length) say(`limits reached: ${r.limits.join(", ")}`);
  say(`time: ${num(r.micros)} µs`);
}

/** A fixture case of tests/*.json. */
interface FixtureCase {
  description?: string;
  export: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

/** JSON with object keys sorted: equal texts ⇔ equal values, key order aside. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** The fixture cases of a plugin folder, by file name; throws on a case that is not one. */
export function readFixtures(dir: string): [string, FixtureCase][] {
  const folder = join(dir, "tests");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      let c: unknown;
      try {
        c = JSON.parse(readFileSync(join(folder, f), "utf8"));
      } catch (e) {
        throw new Error(`tests/${f} is not valid JSON: ${(e as Error).message}`);
      }
      const ok = c && typeof c === "object" && typeof (c as FixtureCase).export === "string" && "input" in c && "output" in c !== "error" in c;
      if (!ok) throw new Error(`tests/${f} must be {"export", "input", and either "output" or "error"}`);
      if ("error" in (c as object) && typeof (c as FixtureCase).error !== "string") throw new Error(`tests/${f}: "error" must be a string the failure contains`);
      return [f, c as FixtureCase];
    });
}

/**
 * Runs each fixture case: `output` must equal the call's output (key order aside); `error` must
 * be contained in the failed call's "<failure>: <detail>". Answers how many failed.
 */
export async function runFixtures(runner: PluginRunner, cases: [string, FixtureCase][], say: Say): Promise<number> {
  let failed = 0;
  for (const [file, c] of cases) {
    const r = await runner.call(c.export, c.input);
    const name = `tests/${file}${c.description ? ` (${c.description})` : ""}`;
    const fuel = r.usage ? `, ${num(r.usage.fuel)} fuel` : "";
    let problem: string | null = null;
    if (r.inputProblems) problem = `input does not match ${c.export}'s input schema at ${r.inputProblems}`;
    else if (c.error !== undefined) {
      const got = r.ok ? null : `${r.failure}: ${r.detail}`;
      if (got === null) problem = `expected an error containing ${JSON.stringify(c.error)}, got output ${short(r.output)}`;
      else if (!got.includes(c.error)) problem = `expected an error containing ${JSON.stringify(c.error)}, got ${got}`;
    } else if (!r.ok) problem = `expected output ${short(c.output)}, the call FAILED (${r.failure}): ${r.detail}`;
    else if (canonical(r.output) !== canonical(c.output)) problem = `expected output ${short(c.output)}\n         got output ${short(r.output)}`;
    if (problem) {
      failed++;
      say(`FAIL ${name}: ${problem}`);
      for (const l of r.logs) say(`       [${l.level}] ${l.message}`);
    } else say(`ok   ${name}${fuel}`);
  }
  say(`${cases.length - failed} passed, ${failed} failed`);
  return failed;
}
