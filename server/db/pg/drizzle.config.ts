import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations, generated from the tables derived from the one SQLite schema (./schema.ts). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./server/db/pg/drizzle-kit-schema.ts",
  out: "./server/db/migrations-pg",
});
