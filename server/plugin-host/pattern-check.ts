import { existsSync, readFileSync } from "node:fs";

/**
 * Barcode prefilter patterns run on the request thread for every scan, and a JavaScript regular
 * expression cannot be interrupted: `^(.+)+X$` on a 30-character barcode takes seconds. So a
 * manifest's patterns are checked at load, and refused unless they are provably cheap enough:
 *
 * 1. at most `count` patterns of at most `length` characters;
 * 2. no backreferences and no lookaround (the constructs whose cost is hardest to bound);
 * 3. a timed probe: each pattern is run against adversarial inputs — every character class the
 *    pattern mentions (and a few common ones), repeated n times, then a character that makes the
 *    match fail — for n growing in small steps up to `barcodeChars`. Exponential backtracking shows
 *    within a few dozen characters, polynomial before 1,024; a probe over `probeMs` refuses the
 *    pattern. The steps are small enough that the probe that crosses the line costs at most a few
 *    times `probeMs`, so the check itself cannot hang the load.
 *
 * Barcodes longer than `barcodeChars` are never offered to plugins with patterns (barcode-chain.ts), so
 * the probe covers every input a pattern will see. A scan's prefilter therefore costs at most about
 * count × probeMs (160 ms) even for an adversarial barcode, and microseconds for real ones. (A
 * quadratic pattern such as the ECIA example's `^\s*(…)?\s*>?` takes ~3 ms on 1,024 spaces.)
 */
export const PATTERN_LIMITS = { count: 16, length: 256, barcodeChars: 1024, probeMs: 10 } as const;

const SIZES = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 28, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];
const COMMON = ["a", "A", "0", " ", "\t", "\n", ":", "-", "_", ".", ",", "/", "[", ")", ">", "{", "\u001d", "é"];
const ENDINGS = ["\u0000", "!", "\n"];

/** Characters the pattern names literally or as an escape, then common ones: the probe's alphabet. */
function alphabet(pattern: string): string[] {
  const chars = new Set<string>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) {
      const e = pattern[++i];
      const cls: Record<string, string> = { d: "7", D: "x", w: "k", W: "-", s: " ", S: "x" };
      chars.add(cls[e] ?? e);
    } else if (!"()[]{}|*+?^$.".includes(c)) chars.add(c);
  }
  for (const c of COMMON) chars.add(c);
  return [...chars].slice(0, 48);
}

const SCHEDSTAT = "/proc/thread-self/schedstat";
const hasSchedstat = existsSync(SCHEDSTAT);

/** This thread's CPU time in ms (Linux), so other processes on a busy machine do not count; else wall time. */
function cpuMs(): number {
  return hasSchedstat ? Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) / 1e6 : performance.now();
}

function timed(re: RegExp, s: string, clock: () => number): number {
  const t = clock();
  re.test(s);
  return clock() - t;
}

/** Why a barcode pattern is refused, or null when it may be used. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > PATTERN_LIMITS.length) return `is ${pattern.length} characters long, over the limit of ${PATTERN_LIMITS.length}`;
  if (/\\[1-9]|\\k</.test(pattern)) return "uses a backreference, which is not allowed in barcode patterns";
  if (/\(\?<?[=!]/.test(pattern)) return "uses a lookahead or lookbehind, which is not allowed in barcode patterns";
  let re: RegExp;
  try {
    re = new RegExp(pattern, "u");
  } catch (e) {
    return `is not a valid regular expression: ${(e as Error).message}`;
  }
  re.test(""); // compile it before timing
  const units = alphabet(pattern);
  for (const n of SIZES) {
    for (const u of units) {
      for (const end of ENDINGS) {
        const s = u.repeat(n) + end;
        // Wall time first (cheap); a slow run is run again on this thread's CPU clock, so neither a
        // GC pause nor other processes on a busy machine refuse a good pattern.
        if (timed(re, s, performance.now) > PATTERN_LIMITS.probeMs && timed(re, s, cpuMs) > PATTERN_LIMITS.probeMs) {
          return `takes over ${PATTERN_LIMITS.probeMs} ms on a ${s.length}-character input (${JSON.stringify(u)} × ${n}): catastrophic backtracking, which would block every barcode scan`;
        }
      }
    }
  }
  return null;
}

/** The first problem with a manifest's pattern list, or null. */
export function patternsProblem(patterns: readonly string[]): string | null {
  if (patterns.length > PATTERN_LIMITS.count) return `declares ${patterns.length} barcode patterns, over the limit of ${PATTERN_LIMITS.count}`;
  for (const p of patterns) {
    const why = patternProblem(p);
    if (why) return `barcode pattern ${JSON.stringify(p)} ${why}`;
  }
  return null;
}
