import type { DbOrTx } from "./client.ts";

/**
 * A statement prepared once per database (or transaction) and reused. drizzle builds the SQL of a
 * query on every call, 10–150 µs depending on the columns; hot paths (auth, settings, lookups by
 * pk) prepare instead. `build` receives the db (or a Database's `q`, server/db/database.ts) and
 * returns `query.prepare()` with placeholders.
 */
export function preparedPerDb<S, D extends object = DbOrTx>(build: (db: D) => S): (db: D) => S {
  const cache = new WeakMap<D, S>();
  return (db) => {
    let s = cache.get(db);
    if (!s) cache.set(db, (s = onEitherBackend(build(db))));
    return s;
  };
}

/**
 * The statement as callers use it on either backend: SQLite's prepared statements answer `get` and
 * `all` (synchronously; callers await them); PostgreSQL's only `execute`, which gives the rows. A
 * PostgreSQL statement gets `get` (the first row) and `all` (the rows) over `execute`.
 */
function onEitherBackend<S>(statement: S): S {
  const s = statement as { get?: unknown; execute?: (p?: unknown) => Promise<unknown[]> };
  if (typeof s.get === "function" || typeof s.execute !== "function") return statement;
  const execute = s.execute.bind(statement);
  return {
    execute,
    all: (p?: unknown) => execute(p),
    get: async (p?: unknown) => (await execute(p))[0],
  } as S;
}

/**
 * Like `preparedPerDb`, for lists whose SQL shape depends on a small key (the ordering): one
 * statement per database and key, made by `build` on first use. Keys come from request input, so
 * at most `maxKeys` are kept per database; past that, a statement is prepared per call.
 */
export function preparedPerDbKeyed<S, D extends object = DbOrTx>(maxKeys = 64): (db: D, key: string, build: () => S) => S {
  const cache = new WeakMap<D, Map<string, S>>();
  return (db, key, build) => {
    let byKey = cache.get(db);
    if (!byKey) cache.set(db, (byKey = new Map()));
    let s = byKey.get(key);
    if (s === undefined) {
      s = onEitherBackend(build());
      if (byKey.size < maxKeys) byKey.set(key, s);
    }
    return s;
  };
}
