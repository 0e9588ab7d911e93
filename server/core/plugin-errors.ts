/** Why a plugin call failed; shown to clients and in /api/plugins/ statistics. */
export type PluginFailure =
  | "budget" // instruction budget exhausted (infinite loop)
  | "deadline" // ran past its wall-time deadline: its plugin process was killed
  | "crash" // its plugin process died during the call
  | "memory" // linear or host memory limit reached
  | "stack" // stack overflow
  | "trap" // unreachable, out-of-bounds access, division by zero…
  | "plugin_error" // the plugin reported an error itself (error_set / non-zero return)
  | "output_json" // output is not JSON
  | "output_schema" // output does not match the export's schema
  | "output_size" // output over max_output_bytes
  | "permission" // host function called without its permission
  | "missing_export"
  | "limit" // a per-call cap other than fuel or memory: host calls, request size, output depth, key size
  | "unavailable"; // inactive, suspended, failed to load, or its worker died

/** Every limit a call can run into; shown per plugin in GET /api/plugins/<slug>/ (stats.limits). */
export type PluginLimit =
  | "fuel"
  | "linear_memory"
  | "host_memory"
  | "max_output_bytes"
  | "output_depth"
  | "host_calls"
  | "host_request_bytes"
  | "kernel_key_bytes"
  | "var_bytes"
  | "log_lines"
  | "log_line_bytes"
  | "error_bytes";

/** What one call used: fuel (instructions + host work), peak linear memory, host blocks, host calls. */
export interface CallUsage {
  fuel: number;
  memory_bytes: number;
  host_memory_bytes: number;
  host_calls: number;
}

/** An error of one plugin call; never takes the server or other plugins down. */
export class PluginCallError extends Error {
  /** Limits the call ran into (the fatal one included). */
  limits: PluginLimit[] = [];
  /** What the call used before it failed (unset when it never ran). */
  usage?: CallUsage;
  constructor(
    readonly slug: string,
    readonly failure: PluginFailure,
    readonly detail: string,
  ) {
    super(`plugin ${slug}: ${detail}`);
    this.name = "PluginCallError";
  }

  toJSON() {
    return { plugin: this.slug, failure: this.failure, detail: this.detail };
  }
}

/** Failures that say something about the plugin's health and count towards suspension. */
export const COUNTS_TOWARDS_SUSPENSION: ReadonlySet<PluginFailure> = new Set([
  "budget",
  "deadline",
  "crash",
  "memory",
  "stack",
  "trap",
  "output_json",
  "output_schema",
  "output_size",
  "permission",
  "missing_export",
  "limit",
]);
