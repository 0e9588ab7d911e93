/**
 * The numbers the docs state about plugin limits, fuel costs and timings, checked against the
 * constants that enforce them: each expected fragment is built from the code, so a changed default
 * fails here until the docs say the same. (Whitespace is normalised: docs wrap lines freely.)
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PluginLimits } from "../plugin-sdk/schema/manifest.ts";
import { SEARCH_LIMIT } from "../plugin-sdk/schema/host-functions.ts";
import { loadConfig } from "../server/core/config.ts";
import { CALL_LIMITS, HOST_FUEL } from "../server/plugin-host/call-limits.ts";
import { DEFAULT_HYBRID } from "../server/plugin-host/executor-hybrid.ts";
import { callDeadlineMs, DEADLINE, MAX_LIMITS } from "../server/plugin-host/limits.ts";
import { PATTERN_LIMITS } from "../server/plugin-host/pattern-check.ts";
import { BULK_COST } from "../server/plugin-host/sandbox/bulk-cost.ts";
import { INSTRUCTION_COST } from "../server/plugin-host/sandbox/fuel.ts";
import { DEFAULT_LIMITS, MEASURED } from "../server/plugin-host/sandbox/index.ts";
import { PAGE_BYTES } from "../server/plugin-host/sandbox/memory-cap.ts";
import { BLOCK_OVERHEAD } from "../server/plugin-host/sandbox/kernel-guard.ts";
import { DEFAULT_SUSPENSION } from "../server/plugin-host/suspension.ts";

const root = join(import.meta.dir, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8").replace(/\s+/g, " ");
const docs = {
  abi: read("plugin-sdk/ABI.md"),
  sandbox: read("server/plugin-host/sandbox/README.md"),
  readme: read("README.md"),
};

/** 10000000 → "10,000,000". */
const n = (x: number) => x.toLocaleString("en-US");
/** 16777216 → "16 MiB"; only exact multiples, so a wrong unit cannot pass. */
const mib = (bytes: number) => {
  expect(bytes % (1024 * 1024)).toBe(0);
  return `${n(bytes / (1024 * 1024))} MiB`;
};
const kib = (bytes: number) => {
  expect(bytes % 1024).toBe(0);
  return `${n(bytes / 1024)} KiB`;
};
/** 10000000 → "10 M" (fuel in millions). */
const m = (fuel: number) => {
  expect(fuel % 1_000_000).toBe(0);
  return `${n(fuel / 1_000_000)} M`;
};
/** 30000 → "30 s", 1800000 → "30 min". */
const dur = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
/** "1 per 16" from a right shift. */
const per = (shift: number) => 1 << shift;
const range = ([lo, hi]: readonly [number, number]) => `${lo}–${hi}`;

const D = DEFAULT_LIMITS;
const caps = D.module;
const deadlineSchema = PluginLimits.properties.deadline_ms;
const sliceBoundMs = Number(/export const SLICE_BOUND_MS = (\d+);/.exec(readFileSync(join(import.meta.dir, "plugin-slice-bound.test.ts"), "utf8"))?.[1]);
const quarter = DEFAULT_SUSPENSION.successCredit === 0.25 ? "a quarter" : String(DEFAULT_SUSPENSION.successCredit);

const expectations: Record<keyof typeof docs, [what: string, fragment: string][]> = {
  abi: [
    ["fuel default, maximum, measured", `| \`fuel\` | ${n(D.fuel)} | ${n(MAX_LIMITS.fuel)} | instruction budget of one call (≈ WebAssembly instructions; ~${m(D.fuel)} ≈ ${range(MEASURED.defaultFuelLoopMs)} ms here) |`],
    ["memory_pages", `| \`memory_pages\` | ${n(D.memoryPages)} (${mib(D.memoryPages * PAGE_BYTES)}) | ${n(MAX_LIMITS.memoryPages)} (${mib(MAX_LIMITS.memoryPages * PAGE_BYTES)}) |`],
    ["max_output_bytes", `| \`max_output_bytes\` | ${mib(D.maxOutputBytes)} | ${mib(MAX_LIMITS.maxOutputBytes)} |`],
    ["host_memory_bytes", `| \`host_memory_bytes\` | ${mib(D.hostMemoryBytes)} | ${mib(MAX_LIMITS.hostMemoryBytes)} |`],
    [
      "deadline_ms",
      `| \`deadline_ms\` | ${n(DEADLINE.graceMs)} + \`fuel\` / ${n(DEADLINE.fuelPerMs)} (${callDeadlineMs(D.fuel) / 1000} s for the default fuel) | ${n(DEADLINE.maxMs)} | wall time of one call in a plugin process (minimum ${deadlineSchema.minimum}).`,
    ],
    ["start budget", `a start function gets ${n(D.startFuel)} fuel while the module is instantiated`],
    ["instruction costs", `1 fuel each; a \`call\` of an imported (kernel or host) function ${INSTRUCTION_COST.importCall}; a function entry 1 per ${per(INSTRUCTION_COST.localsShift)} locals it declares`],
    [
      "bulk costs",
      `\`memory.fill\` / \`memory.copy\` / \`memory.init\`: 1 fuel per ${per(BULK_COST.bytesShift)} bytes; \`table.fill\` / \`copy\` / \`init\` / \`grow\`: ${BULK_COST.perElement} per element; \`memory.grow(n)\`: ${BULK_COST.perGrow} + ${n(BULK_COST.perPage)} × (n + the pages the memory has)`,
    ],
    ["bulk costs (§4)", `(§5.1: 1 fuel per ${per(BULK_COST.bytesShift)} bytes, ${BULK_COST.perElement} per table element, ${n(BULK_COST.perPage)} per page asked for and per page the memory has)`],
    ["bv_search limit", `"limit"? (≤ ${SEARCH_LIMIT.maximum}, default ${SEARCH_LIMIT.default})`],
    ["bv_search reservation", `reserves ${n(HOST_FUEL.perSearchRow)} per row of its \`limit\` (default ${SEARCH_LIMIT.default})`],
    [
      "host work",
      `each \`bv_*\` call ${n(HOST_FUEL.perHostCall)} fuel + ${HOST_FUEL.perRequestByte} per request byte + ${HOST_FUEL.perAnswerByte} per answer byte; \`bv_search\` also reserves ${n(HOST_FUEL.perSearchRow)} per row of its \`limit\``,
    ],
    [
      "kernel work and output",
      `\`log_*\`, \`var_*\`, \`config_get\`, \`error_set\`: ${HOST_FUEL.perKernelCall} + 1 per ${per(HOST_FUEL.bytesShift)} bytes decoded; \`alloc(n)\`: ${HOST_FUEL.perKernelCall} + n/${per(HOST_FUEL.bytesShift)}; the output: 1 per ${per(HOST_FUEL.outputShift)} bytes`,
    ],
    ["host calls per slice", `So the ${m(DEFAULT_HYBRID.inlineFuel)} inline slice holds ~${DEFAULT_HYBRID.inlineFuel / HOST_FUEL.perHostCall} host calls at most`],
    ["output_depth", `| \`output_depth\` | ${CALL_LIMITS.outputDepth} levels of`],
    ["host_calls", `| \`host_calls\` | ${n(CALL_LIMITS.hostCalls)} \`bv_*\` calls per call |`],
    ["host_request_bytes", `| \`host_request_bytes\` | ${kib(CALL_LIMITS.hostRequestBytes)} per \`bv_*\` request |`],
    ["kernel_key_bytes", `| \`kernel_key_bytes\` | ${kib(CALL_LIMITS.kernelKeyBytes)} per`],
    ["var_bytes", `| \`var_bytes\` | ${mib(CALL_LIMITS.varBytes)} of Extism variables per instance |`],
    ["log_lines", `| \`log_lines\` | ${CALL_LIMITS.logLines} lines per call,`],
    ["log_line_bytes", `| \`log_line_bytes\` | ${kib(CALL_LIMITS.logLineBytes)} per line`],
    ["error_bytes", `| \`error_bytes\` | ${kib(CALL_LIMITS.errorBytes)} of \`error_set\` text |`],
    ["module size", `| module size | ${mib(caps.moduleBytes)} \`plugin.wasm\` |`],
    [
      "module declarations",
      `| module declarations | ${n(caps.types)} types, ${n(caps.functions)} functions, ${n(caps.imports)} imports, ${n(caps.exports)} exports, ${n(caps.globals)} globals, ${caps.tables} tables, ${n(caps.dataSegments)} data and ${n(caps.elemSegments)} element segments | not loaded: \`plugin <slug> refused at load (limits): module declares N tables, over the limit of ${caps.tables}\` |`,
    ],
    ["tables", `| tables | ${n(D.tableElements)} elements each, ${n(caps.totalTableElements)} in all |`],
    [
      "barcode patterns",
      `${PATTERN_LIMITS.count} patterns of ${PATTERN_LIMITS.length} characters, no backreferences or lookaround; each must answer within ${PATTERN_LIMITS.probeMs} ms (CPU) on adversarial inputs of up to ${n(PATTERN_LIMITS.barcodeChars)} characters, probed at load | not loaded (\`… catastrophic backtracking …\`); barcodes over ${n(PATTERN_LIMITS.barcodeChars)} characters`,
    ],
    ["slice bound", `no module can make one slice of ${m(DEFAULT_HYBRID.inlineFuel)} fuel hold the request thread longer than **${sliceBoundMs} ms of CPU**`],
    ["slice bound asserted", `fails if the slice's thread CPU time passes ${sliceBoundMs * 1.25} ms`],
    ["hybrid cool-down", `the plugin's calls go to the plugin processes for the next ${dur(DEFAULT_HYBRID.coolDownMs)}`],
    ["hybrid rebuild rate", `one slice and one rebuild per ${dur(DEFAULT_HYBRID.coolDownMs)} until it is suspended`],
    ["start budget cool-down", `its calls stay in the plugin processes for ${dur(DEFAULT_HYBRID.coolDownMs)}`],
    [
      "suspension",
      `each success takes ${quarter} off; ${DEFAULT_SUSPENSION.threshold} strikes suspend the plugin: ${dur(DEFAULT_SUSPENSION.baseMs)} for a first offence, doubling with each further one up to ${dur(DEFAULT_SUSPENSION.maxMs)}.`,
    ],
    ["suspension decay", `per ${DEFAULT_SUSPENSION.decaySuccesses} successes in a row`],
  ],
  sandbox: [
    ["start fuel", `The global starts at \`startFuel\` (${m(D.startFuel)} by default, at most \`fuel\`)`],
    ["start fuel (not covered)", `under their own \`startFuel\` (${m(D.startFuel)} by default)`],
    [
      "bulk costs",
      `charges 1 fuel per ${per(BULK_COST.bytesShift)} bytes of their length operand (read at run time from the top of the stack, then left there); \`table.fill\` / \`table.copy\` / \`table.init\` / \`table.grow\` ${BULK_COST.perElement} fuel per element; \`memory.grow\` ${BULK_COST.perGrow} + ${n(BULK_COST.perPage)} fuel per page`,
    ],
    ["static weights", `a \`call\` of an imported function counts ${INSTRUCTION_COST.importCall} fuel (a crossing into JavaScript, ~50–120 ns); a function entry 1 per ${per(INSTRUCTION_COST.localsShift)} declared locals`],
    ["slice bound", `one ${m(DEFAULT_HYBRID.inlineFuel)} slice stays under ${sliceBoundMs} ms of thread CPU`],
    ["host block overhead", `the guard counts bytes (+${BLOCK_OVERHEAD} per block)`],
    ["usage example", `prepareModule(wasmBytes, { fuel: ${D.fuel.toLocaleString("en-US").replaceAll(",", "_")}, memoryPages: ${D.memoryPages}, hostMemoryBytes: ${D.hostMemoryBytes / (1 << 20)} << 20 })`],
    ["measured default budget", `| wall time of ${m(D.fuel)} fuel spent by \`loop br 0\` on a fresh (unoptimised) instance — the worst case for how long a budget lasts | ${range(MEASURED.defaultFuelLoopMs)} ms |`],
    [
      "budget sizing",
      `\`fuel × ~${MEASURED.nsPerFuel} ns\` bounds how long a call can run. The default ${m(D.fuel)} (\`DEFAULT_LIMITS\` in \`limits.ts\`, the one place every default is stated) is about ${(D.fuel * MEASURED.nsPerFuel) / 1e9} s worst case; the plugin host's maximum for a manifest (\`MAX_LIMITS\`, server/plugin-host/limits.ts), ${n(MAX_LIMITS.fuel / 1_000_000)} M, ≲ ${(MAX_LIMITS.fuel * MEASURED.nsPerFuel) / 1e9} s.`,
    ],
    [
      "caps at load",
      `over \`module.moduleBytes\` (${mib(caps.moduleBytes)}) or declaring more than ${n(caps.types)} types, ${n(caps.functions)} functions, ${n(caps.imports)} imports, ${n(caps.exports)} exports, ${n(caps.globals)} globals, ${caps.tables} tables, ${n(caps.dataSegments)} data or element segments; all tables share ${n(caps.totalTableElements)} elements`,
    ],
    [
      "host work",
      `${n(HOST_FUEL.perHostCall)} fuel per \`bv_*\` call plus ${HOST_FUEL.perRequestByte} per request byte and ${HOST_FUEL.perAnswerByte} per answer byte (measured: a search costs 0.3–2 ms, ~20–40 ns per answer byte), 1 per ${per(HOST_FUEL.bytesShift)} bytes a kernel function decodes`,
    ],
  ],
  readme: [
    ["inline fuel default", `| \`BINVENTORY_PLUGIN_INLINE_FUEL\` | \`${DEFAULT_HYBRID.inlineFuel}\` |`],
    ["hybrid cool-down", `a plugin that outgrew the slice stays there for ${dur(DEFAULT_HYBRID.coolDownMs)}`],
  ],
};

describe("docs state the numbers the code enforces", () => {
  for (const [doc, list] of Object.entries(expectations) as [keyof typeof docs, [string, string][]][]) {
    for (const [what, fragment] of list) {
      test(`${doc}: ${what}`, () => {
        expect(docs[doc]).toContain(fragment.replace(/\s+/g, " "));
      });
    }
  }

  test("the defaults stated twice in code agree: the configured inline slice, the deadline bounds of the manifest schema", () => {
    expect(loadConfig({}).pluginInlineFuel).toBe(DEFAULT_HYBRID.inlineFuel);
    expect(deadlineSchema.maximum).toBe(DEADLINE.maxMs);
    expect(deadlineSchema.description).toContain(`default: ${DEADLINE.graceMs / 1000} s + 1 ms per ${n(DEADLINE.fuelPerMs)} fuel`);
  });

  test("a drifted number fails the check", () => {
    expect(docs.abi).not.toContain(`| \`fuel\` | ${n(D.fuel + 1)} |`);
    expect(docs.sandbox).not.toContain(`(${m(D.startFuel + 1_000_000)} by default, at most \`fuel\`)`);
  });
});
