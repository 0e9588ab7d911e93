/**
 * A deleted object's parameters go with it: SQLite triggers on each target table, so every way of
 * deleting (a service, a foreign-key cascade such as a company's supplier parts, a plugin) removes
 * them in the same transaction. Re-created at every start (generated migrations carry no triggers),
 * as attachment/cleanup-triggers.ts does for attachments.
 */
import type { Database } from "bun:sqlite";
import { getTableName } from "drizzle-orm";
import { PARAMETER_MODEL_TYPES, PARAMETER_TARGETS } from "./targets.ts";
import { writeTransactionRaw } from "../../db/write.ts";

/** Installs (re-creates) the triggers in one transaction. */
export function installParameterCleanupTriggers(sqlite: Database): void {
  writeTransactionRaw(sqlite, () => {
    for (const type of PARAMETER_MODEL_TYPES) {
      const table = getTableName(PARAMETER_TARGETS[type].table);
      sqlite.run(`DROP TRIGGER IF EXISTS parameter_cleanup_${type}`);
      sqlite.run(`CREATE TRIGGER parameter_cleanup_${type} AFTER DELETE ON "${table}"
        BEGIN DELETE FROM parameter WHERE model_type = '${type}' AND model_id = OLD.id; END`);
    }
  });
}
