/**
 * Database errors that are not the client's fault: the database stayed locked past `busy_timeout`,
 * the disk is full, an I/O error. The HTTP API answers them 503 with `Retry-After` (server/app.ts),
 * and a plugin's host call gets the same explanation (server/plugin-host/host-functions.ts).
 */

export interface Unavailable {
  /** Seconds, for the Retry-After header. */
  retryAfter: number;
  detail: string;
}

/** The SQLite result code of `e` or of an error it wraps (drizzle wraps as DrizzleQueryError's cause). */
export function sqliteCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return null;
}

/** What to answer for `e` when the database, not the request, is at fault; null for anything else. */
export function databaseUnavailable(e: unknown): Unavailable | null {
  const code = sqliteCode(e);
  if (!code) return null;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return { retryAfter: 1, detail: "The database is busy with other writes. Please try again shortly." };
  }
  if (code === "SQLITE_FULL") return { retryAfter: 60, detail: "The server's disk is full: the change was not saved. Please try again later." };
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN" || code === "SQLITE_NOMEM" || code === "SQLITE_PROTOCOL" || code.startsWith("SQLITE_READONLY")) {
    return { retryAfter: 30, detail: "The server cannot use its database right now: the change was not saved. Please try again later." };
  }
  return null;
}
