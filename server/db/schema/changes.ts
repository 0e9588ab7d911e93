import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common.ts";

/**
 * The change feed of processes sharing one database (issue 12, scale-out; server/db/changes.ts):
 * one row per topic whose in-memory copy each process keeps (plugin activation and priority), its
 * version raised in the transaction that changes it. Every process polls the versions (and, on
 * PostgreSQL, is woken by NOTIFY) and reloads a topic whose version moved.
 */
export const changeStamps = sqliteTable("change_stamp", {
  topic: text("topic").primaryKey(),
  version: integer("version").notNull().default(0),
  changed: createdAt("changed"),
});
