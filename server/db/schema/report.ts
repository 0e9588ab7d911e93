import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bool, createdAt } from "./common.ts";
import { users } from "./user.ts";

/**
 * InvenTree's DataOutput: one printed report or label sheet. Rendering is synchronous, so a row is
 * written complete; the file itself is kept in the row (a compiled binary has no media folder).
 */
export const dataOutputs = sqliteTable(
  "data_output",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    created: createdAt("created"),
    user: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** "report" or "label". */
    output_type: text("output_type").notNull(),
    /** The template key printed ("stocktake", "<plugin slug>:<report key>"). */
    template: text("template").notNull(),
    template_name: text("template_name").notNull(),
    /** Slug of the plugin that built the output, when a plugin did. */
    plugin: text("plugin"),
    format: text("format").notNull(),
    total: integer("total").notNull().default(0),
    progress: integer("progress").notNull().default(0),
    complete: bool("complete").notNull().default(false),
    output_name: text("output_name").notNull(),
    content_type: text("content_type").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
    /** JSON array of messages, as InvenTree's `errors`. */
    errors: text("errors", { mode: "json" }).$type<string[]>().notNull().default([]),
  },
  (t) => [index("data_output_user_idx").on(t.user)],
);
