import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Tx } from "./database.ts";

/**
 * Inserts one row into `table` and answers the id the database gave it, through drizzle's
 * `.returning()` (both dialects). A database answering no row is a bug, thrown as such.
 */
export async function insertReturningId<T extends SQLiteTable & { id: SQLiteColumn }>(tx: Tx, table: T, values: SQLiteInsertValue<T>): Promise<number> {
  const [row] = await tx.q.insert(table).values(values).returning({ id: table.id });
  if (!row) throw new Error("insert returned no row");
  return row.id as number;
}
