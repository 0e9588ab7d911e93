import type { DbOrTx } from "../../db/client.ts";

/**
 * Like `preparedPerDb`, for lists whose SQL shape depends on a small key (the ordering): one
 * statement per database and key, made by `build` on first use. Keys come from request input, so
 * at most `maxKeys` are kept per database; past that, a statement is prepared per call.
 */
export function preparedPerDbKeyed<S>(maxKeys = 64): (db: DbOrTx, key: string, build: () => S) => S {
  const cache = new WeakMap<DbOrTx, Map<string, S>>();
  return (db, key, build) => {
    let byKey = cache.get(db);
    if (!byKey) cache.set(db, (byKey = new Map()));
    let s = byKey.get(key);
    if (s === undefined) {
      s = build();
      if (byKey.size < maxKeys) byKey.set(key, s);
    }
    return s;
  };
}
