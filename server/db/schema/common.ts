import { sql } from "drizzle-orm";
import { integer, text } from "drizzle-orm/sqlite-core";

/**
 * The current time as SQLite writes it into timestamp columns: ISO-8601 UTC with milliseconds
 * ("2025-01-31T12:00:00.000Z", the format of JavaScript's toISOString). Every timestamp a write
 * sets (`updated`, `created`…) uses this one expression, so every writer agrees on clock and format.
 */
export const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** ISO-8601 timestamp columns, defaulting to NOW. */
export const createdAt = (name: string) => text(name).notNull().default(NOW);

/** Linked third-party barcode: the raw data and InvenTree's md5 hash of it. */
export const barcodeColumns = () => ({
  barcode_data: text("barcode_data").notNull().default(""),
  barcode_hash: text("barcode_hash").notNull().default(""),
});

export const bool = (name: string) => integer(name, { mode: "boolean" });
