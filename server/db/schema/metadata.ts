import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * InvenTree's `metadata` JSON field of every metadata model (part, stockitem, …), kept in one
 * table keyed by model type and pk: plugins and scripts store what they like there.
 */
export const objectMetadata = sqliteTable(
  "object_metadata",
  {
    model_type: text("model_type").notNull(),
    model_id: integer("model_id").notNull(),
    /** A JSON object, size- and depth-limited on write (modules/metadata). */
    metadata: text("metadata").notNull().default("{}"),
  },
  (t) => [primaryKey({ columns: [t.model_type, t.model_id] })],
);
