import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { settings } from "../../db/schema/settings.ts";

/** A boolean global setting (InvenTree's str2bool over the stored string), with its default when unset. */
export function booleanSetting(db: DbOrTx, key: string, fallback: boolean): boolean {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  if (!row) return fallback;
  return ["1", "true", "t", "yes", "y", "on"].includes(row.value.trim().toLowerCase());
}
