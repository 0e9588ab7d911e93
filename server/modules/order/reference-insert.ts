import type { Db, DbOrTx } from "../../db/client.ts";
import { writeTransaction } from "../../db/write.ts";

const isUniqueViolation = (e: unknown): boolean => e instanceof Error && /UNIQUE constraint failed: \w+\.reference/.test(e.message);

/** Attempts before a generated reference that keeps clashing is reported as the error it is. */
const MAX_ATTEMPTS = 5;

/**
 * Inserts an order in one transaction with the given reference, or one generated inside that same
 * transaction. The reference column is unique: should another writer (another process on the same
 * database) take the generated reference first, the insert fails and is retried with the next one.
 * An empty or omitted reference means "generate".
 */
export function insertWithReference<T>(db: Db, given: string | undefined, generate: (tx: DbOrTx) => string, insert: (tx: DbOrTx, reference: string) => T): T {
  const reference = given === undefined || given === "" ? undefined : given;
  for (let attempt = 1; ; attempt++) {
    try {
      return writeTransaction(db, (tx) => insert(tx, reference ?? generate(tx)));
    } catch (e) {
      if (reference === undefined && attempt < MAX_ATTEMPTS && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}
