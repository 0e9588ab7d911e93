import type { Tx, Writes } from "../../db/database.ts";

/** The reference column's UNIQUE constraint refused the row (drizzle may wrap the driver's error as its cause). */
const isUniqueViolation = (e: unknown): boolean => {
  for (let err = e; err instanceof Error; err = err.cause) if (/UNIQUE constraint failed: \w+\.reference/.test(err.message)) return true;
  return false;
};

/** Attempts before a generated reference that keeps clashing is reported as the error it is. */
const MAX_ATTEMPTS = 5;

/**
 * Inserts an order in one transaction with the given reference, or one generated inside that same
 * transaction. The reference column is unique: should another writer (another process on the same
 * database) take the generated reference first, the insert fails and is retried with the next one.
 * An empty or omitted reference means "generate".
 */
export async function insertWithReference<T>(
  db: Writes,
  given: string | undefined,
  generate: (tx: Tx) => Promise<string> | string,
  insert: (tx: Tx, reference: string) => Promise<T> | T,
): Promise<T> {
  const reference = given === undefined || given === "" ? undefined : given;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.write(async (tx) => insert(tx, reference ?? (await generate(tx))));
    } catch (e) {
      if (reference === undefined && attempt < MAX_ATTEMPTS && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}
