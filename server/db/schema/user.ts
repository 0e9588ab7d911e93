import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../core/auth.ts";
import { bool, createdAt } from "./common.ts";


export const users = sqliteTable("user", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  email: text("email").notNull().default(""),
  first_name: text("first_name").notNull().default(""),
  last_name: text("last_name").notNull().default(""),
  password_hash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull().default("readonly"),
  is_active: bool("is_active").notNull().default(true),
  date_joined: createdAt("date_joined"),
  last_login: text("last_login"),
});

/** API tokens: only the SHA-256 of the key is stored, so a database leak leaks no credentials. */
export const apiTokens = sqliteTable(
  "api_token",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    user_id: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    key_hash: text("key_hash").notNull().unique(),
    /** First characters of the key, shown in listings so a user can tell tokens apart. */
    prefix: text("prefix").notNull(),
    name: text("name").notNull().default(""),
    created: createdAt("created"),
    expiry: text("expiry"),
    last_seen: text("last_seen"),
    revoked: bool("revoked").notNull().default(false),
  },
  (t) => [index("api_token_user_idx").on(t.user_id)],
);
