import type { DbOrTx } from "./client.ts";

/**
 * A statement prepared once per database (or transaction) and reused. drizzle builds the SQL of a
 * query on every call, 10–150 µs depending on the columns; hot paths (auth, settings, lookups by
 * pk) prepare instead. `build` receives the db and returns `query.prepare()` with placeholders.
 */
export function preparedPerDb<S>(build: (db: DbOrTx) => S): (db: DbOrTx) => S {
  const cache = new WeakMap<DbOrTx, S>();
  return (db) => {
    let s = cache.get(db);
    if (!s) cache.set(db, (s = build(db)));
    return s;
  };
}
