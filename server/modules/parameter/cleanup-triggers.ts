/**
 * A deleted object's parameters go with it: database triggers on each target table (server/db/
 * triggers.ts, both backends), so every way of deleting (a service, a foreign-key cascade such as a
 * company's supplier parts, a plugin) removes them in the same transaction. Re-created at every
 * start, as attachment/cleanup-triggers.ts does for attachments.
 */
import { getTableName } from "drizzle-orm";
import type { RowTrigger } from "../../db/triggers.ts";
import { PARAMETER_MODEL_TYPES, parameterTargets } from "./targets.ts";

/** One trigger per parameter target. */
export function parameterCleanupTriggers(): RowTrigger[] {
  return PARAMETER_MODEL_TYPES.map((type) => ({
    name: `parameter_cleanup_${type}`,
    table: getTableName(parameterTargets()[type].table),
    on: "delete" as const,
    body: () => `DELETE FROM parameter WHERE model_type = '${type}' AND model_id = OLD.id`,
  }));
}
