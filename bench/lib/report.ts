/** Turns measurements into ratios against the baseline, a readable table and one JSON line. */
import type { BenchOptions, LoadResult } from "./types.ts";

export interface CaseOutcome {
  suite: string;
  name: string;
  label: string;
  baseline: boolean;
  result?: LoadResult;
  error?: string;
}

export interface Ratios {
  /** Requests per second relative to the baseline: 0.5 means half as many. */
  rps: number;
  /** Latency relative to the baseline: 2 means twice as slow. */
  p50: number;
  p99: number;
}

const ratio = (x: number, base: number) => (base > 0 ? x / base : Number.NaN);

/**
 * Ratios of every measured case to the baseline. The baseline runs at the start and again at the
 * end; its reference numbers are the mean of those runs, and each run's own ratio shows the drift.
 */
export function ratiosFor(outcomes: CaseOutcome[]): Map<string, Ratios> {
  const out = new Map<string, Ratios>();
  const runs = outcomes.filter((o) => o.baseline && o.result).map((o) => o.result as LoadResult);
  if (!runs.length) return out;
  const mean = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const base = { rps: mean((r) => r.rps), p50: mean((r) => r.latencyMs.p50), p99: mean((r) => r.latencyMs.p99) };
  for (const o of outcomes) {
    if (!o.result) continue;
    out.set(o.name, {
      rps: ratio(o.result.rps, base.rps),
      p50: ratio(o.result.latencyMs.p50, base.p50),
      p99: ratio(o.result.latencyMs.p99, base.p99),
    });
  }
  return out;
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const fmtInt = (x: number) => Math.round(x).toLocaleString("en-US");

/** The table, as lines of text. */
export function formatTable(outcomes: CaseOutcome[], ratios: Map<string, Ratios>): string {
  const header = ["case", "req/s", "×base", "p50 ms", "×base", "p99 ms", "×base", "errors"];
  const rows = outcomes.map((o) => {
    const r = o.result;
    const q = ratios.get(o.name);
    if (!r) return [o.label, "—", "—", "—", "—", "—", "—", `FAILED: ${o.error ?? "no result"}`];
    const bad = r.non2xx + r.errors;
    return [
      o.label,
      fmtInt(r.rps),
      fmt(q?.rps ?? Number.NaN, 2),
      fmt(r.latencyMs.p50, 3),
      fmt(q?.p50 ?? Number.NaN, 2),
      fmt(r.latencyMs.p99, 3),
      fmt(q?.p99 ?? Number.NaN, 2),
      bad ? `${r.non2xx} non-2xx, ${r.errors} errors` : "0",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Everything in one machine-readable object: the last line of the run's output. */
export function summaryJson(outcomes: CaseOutcome[], ratios: Map<string, Ratios>, options: BenchOptions, env: Record<string, string>): string {
  const base = outcomes.find((o) => o.baseline);
  return JSON.stringify({
    // Ratios are to the mean of the baseline runs (the first and the "-again" one).
    bench: "binventory",
    options: { duration_s: options.durationSeconds, warmup_s: options.warmupSeconds, connections: options.connections, stock_items: options.stockItems },
    env,
    baseline: base?.name ?? null,
    results: outcomes.map((o) => {
      const q = ratios.get(o.name);
      const r = o.result;
      return {
        suite: o.suite,
        case: o.name,
        ok: !!r && r.non2xx === 0 && r.errors === 0,
        error: o.error ?? null,
        rps: r ? round(r.rps, 1) : null,
        p50_ms: r ? round(r.latencyMs.p50, 4) : null,
        p90_ms: r ? round(r.latencyMs.p90, 4) : null,
        p99_ms: r ? round(r.latencyMs.p99, 4) : null,
        requests: r?.requests ?? null,
        non2xx: r?.non2xx ?? null,
        errors: r?.errors ?? null,
        rps_ratio: q ? round(q.rps, 4) : null,
        p50_ratio: q ? round(q.p50, 4) : null,
        p99_ratio: q ? round(q.p99, 4) : null,
      };
    }),
  });
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);
