/** Drives one case: a preflight request, then autocannon in a separate Node process. */
import { join } from "node:path";
import { runToCompletion } from "./children.ts";
import type { BenchOptions, BenchRequest, LoadResult } from "./types.ts";

const GENERATOR = join(import.meta.dir, "load-generator.mjs");

/** Sends the request once and checks its status, so a missing route fails loudly instead of benchmarking 404s. */
export async function preflight(baseUrl: string, req: BenchRequest): Promise<void> {
  const res = await fetch(`${baseUrl}${req.path}`, { method: req.method ?? "GET", headers: req.headers, body: req.body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  const ok = req.expectStatus === undefined ? res.status >= 200 && res.status < 300 : res.status === req.expectStatus;
  if (!ok) throw new Error(`${req.method ?? "GET"} ${req.path} answered ${res.status}: ${text.slice(0, 200)}`);
}

/** Runs the warm-up and the measured run; bounded by the durations plus a margin. */
export async function loadTest(root: string, baseUrl: string, req: BenchRequest, opts: BenchOptions): Promise<LoadResult> {
  const spec = {
    url: `${baseUrl}${req.path}`,
    method: req.method ?? "GET",
    headers: req.headers ?? {},
    body: req.body,
    connections: opts.connections,
    duration: opts.durationSeconds,
    warmup: opts.warmupSeconds,
  };
  const node = Bun.which("node") ?? "node";
  const out = await runToCompletion("load generator", [node, GENERATOR, JSON.stringify(spec)], {
    cwd: root,
    timeoutMs: (opts.durationSeconds + opts.warmupSeconds + 30) * 1000,
  });
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as LoadResult;
}
