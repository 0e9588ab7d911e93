import { COUNTS_TOWARDS_SUSPENSION, type PluginFailure } from "../core/plugin-errors.ts";

/** When a plugin is suspended, for how long, and how fast it earns its way back. */
export interface SuspensionPolicy {
  /** Strikes that suspend: each counted failure adds one, each success removes `successCredit`. */
  threshold: number;
  successCredit: number;
  /** Back-off of the first offence, doubling with each further one up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** Successes in a row (no counted failure) that lower the offence level by one. */
  decaySuccesses: number;
}

export const DEFAULT_SUSPENSION: SuspensionPolicy = { threshold: 5, successCredit: 0.25, baseMs: 30_000, maxMs: 30 * 60_000, decaySuccesses: 100 };

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

/**
 * Circuit breaker per plugin. Failures add strikes, successes take a quarter strike off, so a
 * plugin that fails every other call (trap / ok / trap…) is suspended too, not only one failing
 * 5 times in a row. Each suspension is an offence: its back-off doubles with the offence level.
 * When it elapses the next call is a trial: a failure suspends again at once (one level up); a
 * success lets calls through but leaves the plugin one strike from the threshold and keeps its
 * offence level, which only decays by one per `decaySuccesses` successes in a row.
 */
export class Suspension {
  strikes = 0;
  consecutiveFailures = 0;
  /** Offence level: how many suspensions have not been earned back yet. */
  suspensions = 0;
  goodStreak = 0;
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
    this.strikes = Math.max(0, this.strikes - this.policy.successCredit);
    if (this.suspendedUntil !== null && !this.suspended) {
      this.suspendedUntil = null;
      this.reason = null;
    }
    if (++this.goodStreak >= this.policy.decaySuccesses) {
      this.goodStreak = 0;
      this.suspensions = Math.max(0, this.suspensions - 1);
    }
  }

  recordFailure(failure: PluginFailure, detail: string): void {
    if (!COUNTS_TOWARDS_SUSPENSION.has(failure)) return;
    this.consecutiveFailures++;
    this.strikes++;
    this.goodStreak = 0;
    const trialFailed = this.suspendedUntil !== null && !this.suspended;
    if (this.strikes < this.policy.threshold && !trialFailed) return;
    this.suspensions++;
    const backoff = Math.min(this.policy.baseMs * 2 ** (this.suspensions - 1), this.policy.maxMs);
    const why = trialFailed
      ? "its trial call after a suspension failed"
      : this.consecutiveFailures >= this.policy.threshold
        ? `${this.consecutiveFailures} consecutive failures`
        : "repeated failures mixed with successes";
    this.suspendedUntil = this.now() + backoff;
    this.reason = `suspended for ${seconds(backoff)} (offence ${this.suspensions}) after ${why}, last: ${failure}: ${detail}`;
    this.strikes = this.policy.threshold - 1;
    this.consecutiveFailures = 0;
  }

  reset(): void {
    this.strikes = 0;
    this.consecutiveFailures = 0;
    this.suspensions = 0;
    this.goodStreak = 0;
    this.suspendedUntil = null;
    this.reason = null;
  }
}
