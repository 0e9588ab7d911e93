/**
 * The contract between the runner and the benchmark files in bench/cases/: each file default-exports
 * a BenchSuite that starts its server(s) and returns the HTTP cases to load.
 */

/** One request shape autocannon repeats. */
export interface BenchRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query, e.g. "/api/stock/?limit=25". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status the preflight request must answer with; default: any 2xx. */
  expectStatus?: number;
}

export interface BenchCase {
  /** Stable id, used in the JSON output: "api-stock-list". */
  name: string;
  /** What a reader of the table sees. */
  label: string;
  request: BenchRequest;
  /** Exactly one case in a run is the baseline every ratio is taken against. */
  baseline?: boolean;
}

/** What the runner hands every suite. */
export interface BenchContext {
  root: string;
  /** Scratch directory for this run, removed at the end. */
  tmpDir: string;
  /** The pinned Bun binary (node_modules/.bin/bun). */
  bun: string;
  options: BenchOptions;
  /** Starts a child process that prints "listening on http://…"; stopped by the runner if the suite forgets. */
  spawnServer(name: string, cmd: string[], env?: Record<string, string>): Promise<ServerChild>;
  log(message: string): void;
}

export interface ServerChild {
  url: string;
  stop(): Promise<void>;
}

export interface StartedSuite {
  url: string;
  cases: BenchCase[];
  stop(): Promise<void>;
}

export interface BenchSuite {
  name: string;
  /** Suites run in ascending order; the baseline suite is 0. */
  order: number;
  start(ctx: BenchContext): Promise<StartedSuite>;
}

export interface BenchOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Stock items seeded for suites that need a realistic database. */
  stockItems: number;
  /** Substrings; when given, only matching cases run (the baseline always runs). */
  filters: string[];
}

/** What the load generator measured for one case. */
export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
