/**
 * A first-come first-served async lock: the SQLite writer (server/db/sqlite-database.ts) holds it
 * from `BEGIN IMMEDIATE` to `COMMIT`/`ROLLBACK`. Taking a free lock costs no promise; a waiter is
 * handed the lock directly on release, so nobody can jump the queue between release and wake-up.
 */
export class Mutex {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  /** Undefined when the lock was free and is now held; otherwise a promise that settles once it is. */
  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Hands the lock to the next waiter, or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }

  get isHeld(): boolean {
    return this.held;
  }
}
