import { COUNTS_TOWARDS_SUSPENSION, type PluginFailure } from "./errors.ts";

/** Consecutive health failures after which a plugin is suspended, and the back-off schedule. */
export interface SuspensionPolicy {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_SUSPENSION: SuspensionPolicy = { threshold: 5, baseMs: 30_000, maxMs: 30 * 60_000 };

/**
 * Circuit breaker per plugin, in the manner of proxy-wasm hosts: after `threshold` consecutive
 * failures the plugin is suspended for a back-off that doubles with each further suspension;
 * when it elapses, calls are let through again (half-open) and one success closes the breaker.
 */
export class Suspension {
  consecutiveFailures = 0;
  suspensions = 0;
  suspendedUntil: number | null = null;
  reason: string | null = null;

  constructor(
    private readonly policy: SuspensionPolicy = DEFAULT_SUSPENSION,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether calls are refused right now. */
  get suspended(): boolean {
    return this.suspendedUntil !== null && this.now() < this.suspendedUntil;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    if (this.suspendedUntil !== null && !this.suspended) {
      this.suspendedUntil = null;
      this.suspensions = 0;
      this.reason = null;
    }
  }

  recordFailure(failure: PluginFailure, detail: string): void {
    if (!COUNTS_TOWARDS_SUSPENSION.has(failure)) return;
    this.consecutiveFailures++;
    const halfOpen = this.suspendedUntil !== null && !this.suspended;
    if (this.consecutiveFailures >= this.policy.threshold || halfOpen) {
      const backoff = Math.min(this.policy.baseMs * 2 ** this.suspensions, this.policy.maxMs);
      this.suspensions++;
      this.suspendedUntil = this.now() + backoff;
      this.reason = `suspended after ${this.consecutiveFailures} consecutive failures, last: ${failure}: ${detail}`;
      this.consecutiveFailures = 0;
    }
  }

  reset(): void {
    this.consecutiveFailures = 0;
    this.suspensions = 0;
    this.suspendedUntil = null;
    this.reason = null;
  }
}
