/**
 * Database errors that are not the client's fault: the database stayed locked past `busy_timeout`
 * (PostgreSQL: the `lock_timeout` an operator set), the disk is full, an I/O error, a connection lost
 * or refused. The HTTP API answers them 503 with `Retry-After` (server/app.ts),
 * and a plugin's host call gets the same explanation (server/plugin-host/host-functions.ts).
 */

export interface Unavailable {
  /** Seconds, for the Retry-After header. */
  retryAfter: number;
  detail: string;
}

/** The SQLite result code of `e` or of an error it wraps (drizzle wraps as DrizzleQueryError's cause). */
function sqliteCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return null;
}

/** PostgreSQL's SQLSTATE of `e` or of the error it wraps (Bun's SQL puts it in `errno`; drizzle wraps the driver's error as `cause`). */
export function pgSqlState(e: unknown): string | null {
  for (let x = e as { errno?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0; x && typeof x === "object" && depth < 5; x = x.cause as typeof x, depth++) {
    for (const v of [x.errno, x.code]) if (typeof v === "string" && /^[0-9A-Z]{5}$/.test(v)) return v;
  }
  return null;
}

/** The code naming a database error in logs and host-call errors: SQLite's result code, else PostgreSQL's SQLSTATE. */
export function databaseErrorCode(e: unknown): string | null {
  return sqliteCode(e) ?? pgSqlState(e);
}

const BUSY: Unavailable = { retryAfter: 1, detail: "The database is busy with other writes. Please try again shortly." };
const DISK_FULL: Unavailable = { retryAfter: 60, detail: "The server's disk is full: the change was not saved. Please try again later." };
const CANNOT_USE: Unavailable = { retryAfter: 30, detail: "The server cannot use its database right now: the change was not saved. Please try again later." };

/**
 * PostgreSQL's SQLSTATEs with SQLite's meanings above: a lock not granted within `lock_timeout`
 * (55P03); disk full (53100) and out of memory (53200); too many connections (53300), a connection
 * failure (class 08), the server shutting down or starting (57P01–57P03), an I/O error (58030) and a
 * read-only server (25006, a standby).
 */
function pgUnavailable(state: string): Unavailable | null {
  if (state === "55P03") return BUSY;
  if (state === "53100") return DISK_FULL;
  if (state === "53200" || state === "53300" || state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03" || state === "58030" || state === "25006") return CANNOT_USE;
  return null;
}

/** What to answer for `e` when the database, not the request, is at fault; null for anything else. */
export function databaseUnavailable(e: unknown): Unavailable | null {
  const code = sqliteCode(e);
  if (!code) {
    const state = pgSqlState(e);
    return state ? pgUnavailable(state) : null;
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return BUSY;
  if (code === "SQLITE_FULL") return DISK_FULL;
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN" || code === "SQLITE_NOMEM" || code === "SQLITE_PROTOCOL" || code.startsWith("SQLITE_READONLY")) {
    return CANNOT_USE;
  }
  return null;
}
