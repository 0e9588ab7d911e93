import type { Logger } from "../core/log.ts";
import type { CallUsage, PluginFailure, PluginLimit } from "../core/plugin-errors.ts";
import type { CallOutcome } from "./executor.ts";
import type { Suspension } from "./suspension.ts";

export interface PluginStats {
  calls: number;
  /** Where calls ran: `worker` counts every isolated call (plugin process or worker thread). */
  ran: { inline: number; worker: number };
  errors: number;
  failures: Partial<Record<PluginFailure, number>>;
  /** How often each limit was hit (fatal or not: a cut log line counts too). */
  limits: Partial<Record<PluginLimit, number>>;
  total_micros: number;
  /** Calls that reported what they used, and their fuel and memory (the last call's as it was). */
  usage: { measured: number; total_fuel: number; max_fuel: number; max_memory_bytes: number; max_host_memory_bytes: number; last: CallUsage | null };
  last_error: { failure: PluginFailure; detail: string; at: string } | null;
}

const emptyUsage = (): PluginStats["usage"] => ({ measured: 0, total_fuel: 0, max_fuel: 0, max_memory_bytes: 0, max_host_memory_bytes: 0, last: null });

export const emptyStats = (): PluginStats => ({ calls: 0, ran: { inline: 0, worker: 0 }, errors: 0, failures: {}, limits: {}, total_micros: 0, usage: emptyUsage(), last_error: null });

/**
 * Counts one call's outcome in a plugin's statistics and feeds its circuit breaker; logs a failure,
 * and the suspension it may have caused.
 */
export function recordOutcome(rec: { slug: string; stats: PluginStats; suspension: Suspension }, outcome: CallOutcome, log: Logger, requestId?: string): void {
  const { stats, suspension } = rec;
  stats.calls++;
  stats.total_micros += outcome.micros;
  if (outcome.ran) stats.ran[outcome.ran]++;
  for (const l of outcome.limits ?? []) stats.limits[l] = (stats.limits[l] ?? 0) + 1;
  if (outcome.usage) {
    const u = stats.usage;
    u.measured++;
    u.total_fuel += outcome.usage.fuel;
    u.max_fuel = Math.max(u.max_fuel, outcome.usage.fuel);
    u.max_memory_bytes = Math.max(u.max_memory_bytes, outcome.usage.memory_bytes);
    u.max_host_memory_bytes = Math.max(u.max_host_memory_bytes, outcome.usage.host_memory_bytes);
    u.last = outcome.usage;
  }
  if (outcome.ok) {
    suspension.recordSuccess();
    return;
  }
  stats.errors++;
  stats.failures[outcome.failure] = (stats.failures[outcome.failure] ?? 0) + 1;
  stats.last_error = { failure: outcome.failure, detail: outcome.detail, at: new Date().toISOString() };
  const wasSuspended = suspension.suspendedUntil !== null;
  suspension.recordFailure(outcome.failure, outcome.detail);
  if (suspension.suspendedUntil !== null && !wasSuspended) log.error("plugin suspended", { plugin: rec.slug, reason: suspension.reason });
  log.info("plugin call failed", { plugin: rec.slug, failure: outcome.failure, detail: outcome.detail, request_id: requestId });
}
