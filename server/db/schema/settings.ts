import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bool } from "./common.ts";
import { users } from "./user.ts";

/** Global server settings (InvenTree's InvenTreeSetting): string values, typed by their definitions. */
export const settings = sqliteTable("setting", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Per-user settings (InvenTree's InvenTreeUserSetting): string values, typed by their definitions. */
export const userSettings = sqliteTable(
  "user_setting",
  {
    user: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.user, t.key] })],
);

/** Per-plugin state kept across restarts: activation and the admin's ordering. */
export const pluginConfigs = sqliteTable("plugin_config", {
  key: text("key").primaryKey(),
  active: bool("active").notNull().default(true),
  /** Overrides the manifest's priority when set. */
  priority: integer("priority"),
});

export const pluginSettings = sqliteTable(
  "plugin_setting",
  {
    plugin: text("plugin").notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.plugin, t.key] })],
);
