import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bool, createdAt } from "./common.ts";
import { users } from "./user.ts";

/** InvenTree's BarcodeScanResult: one stored scan (kept when BARCODE_STORE_RESULTS is on). */
export const barcodeScanResults = sqliteTable(
  "barcode_scan_result",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    data: text("data").notNull(),
    timestamp: createdAt("timestamp"),
    endpoint: text("endpoint"),
    /** JSON object (request context) or null. */
    context: text("context"),
    /** JSON object (the response) or null. */
    response: text("response"),
    result: bool("result").notNull().default(false),
    user: integer("user").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("barcode_scan_result_timestamp_idx").on(t.timestamp)],
);
