/**
 * TRANSITION (issue 12, docs/data-layer.md "The steps left"): while the modules are converted to
 * async, async code that calls a function still taking the synchronous `Db` passes `legacy(handle)`.
 * The result is the handle's drizzle builder (a synchronous SQLite builder at runtime) that is also
 * a `Writes`, so the call type-checks whether the callee has been converted yet or not.
 *
 * Valid for reads, and for writes inside an open write transaction (`legacy(tx)`); a synchronous
 * `writeTransaction` given such a handle runs as a savepoint of the open transaction (write.ts).
 * SQLite only. This file goes, with every call of `legacy`, once nothing synchronous is left.
 */
import type { Db } from "./client.ts";
import type { Reads, Writes } from "./database.ts";

const LEGACY = Symbol("legacy database handle");

/** A synchronous drizzle database that is also the async handle it was made from. */
export type Legacy = Db & Writes;

// One handle per (handle, builder): statements prepared per database (db/prepared.ts, keyed by the
// object they are given) would otherwise be prepared again on every call through a new proxy.
const made = new WeakMap<object, WeakMap<object, Legacy>>();

/** The synchronous builder of `handle` (see above), usable as either kind of database. */
export function legacy(handle: Reads | Writes): Legacy {
  const target = handle.q as unknown as Db;
  let byBuilder = made.get(handle);
  if (!byBuilder) made.set(handle, (byBuilder = new WeakMap()));
  const known = byBuilder.get(target);
  if (known) return known;
  const own: Record<PropertyKey, unknown> = {
    q: handle.q,
    write: "write" in handle ? handle.write.bind(handle) : undefined,
    [LEGACY]: true,
  };
  const proxy = new Proxy(target, {
    get(t, prop) {
      if (prop in own) return own[prop];
      const value = Reflect.get(t, prop, t);
      // drizzle's methods read their own fields (`this.dialect`, `this.session`): bind them to it.
      return typeof value === "function" ? value.bind(t) : value;
    },
  }) as unknown as Legacy;
  byBuilder.set(target, proxy);
  return proxy;
}

/** Whether `db` came from `legacy`: its synchronous transactions are savepoints of the open async one. */
export function isLegacy(db: unknown): db is Legacy {
  return typeof db === "object" && db !== null && (db as Record<PropertyKey, unknown>)[LEGACY] === true;
}
