import { sql } from "drizzle-orm";
import { integer, text } from "drizzle-orm/sqlite-core";

/** ISO-8601 timestamp columns, set by SQLite so every writer agrees on the clock format. */
export const createdAt = (name: string) =>
  text(name).notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** Linked third-party barcode: the raw data and InvenTree's md5 hash of it. */
export const barcodeColumns = () => ({
  barcode_data: text("barcode_data").notNull().default(""),
  barcode_hash: text("barcode_hash").notNull().default(""),
});

export const bool = (name: string) => integer(name, { mode: "boolean" });
