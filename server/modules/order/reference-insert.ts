import type { Tx, Writes } from "../../db/database.ts";
import { isReferenceTaken, lockReferences, type ReferenceKind } from "./reference.ts";

/** Attempts before a generated reference that keeps clashing is reported as the error it is. */
const MAX_ATTEMPTS = 5;

/**
 * Inserts an order of `kind` in one transaction with the given reference, or one generated inside
 * that same transaction. The transaction first takes the kind's reference lock (`lockReferences`),
 * so concurrent creates — on PostgreSQL, or several processes on one database — generate and check
 * references one after the other. Should a writer that takes no such lock still store the generated
 * reference first, the unique reference column refuses the insert and it is retried with the next
 * one. An empty or omitted reference means "generate".
 */
export async function insertWithReference<T>(
  db: Writes,
  kind: ReferenceKind,
  given: string | undefined,
  generate: (tx: Tx) => Promise<string> | string,
  insert: (tx: Tx, reference: string) => Promise<T> | T,
): Promise<T> {
  const reference = given === undefined || given === "" ? undefined : given;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.write(async (tx) => {
        await lockReferences(tx, kind);
        return insert(tx, reference ?? (await generate(tx)));
      });
    } catch (e) {
      if (reference === undefined && attempt < MAX_ATTEMPTS && isReferenceTaken(e, kind)) continue;
      throw e;
    }
  }
}
