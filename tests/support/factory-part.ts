/**
 * Extra builders for the part and company tests: order lines that reference parts, and a way to
 * make one SQL statement fail so a test can prove a multi-row write rolls back.
 */
import type { Database } from "bun:sqlite";
import type { Writes } from "../../server/db/database.ts";
import * as T from "../../server/db/tables.ts";

export const makePurchaseOrderLine = async (db: Writes, v: { order: number; part: number; quantity?: number }) =>
  (await db.write((tx) => tx.q.insert(T.purchaseOrderLines).values({ quantity: 1, ...v }).returning()))[0].id;

export const makeSalesOrderLine = async (db: Writes, v: { order: number; part: number; quantity?: number }) =>
  (await db.write((tx) => tx.q.insert(T.salesOrderLines).values({ quantity: 1, ...v }).returning()))[0].id;

/**
 * Installs a trigger that aborts `event` on `table` when `when` holds, so the write that reaches it
 * fails part-way; returns a function that removes it. A schema trigger, not a TEMP one: a TEMP
 * trigger exists only on the connection that made it, and the async database writes on its own.
 * SQLite only (a test using it runs under `sqliteOnly`).
 */
export function failOn(sqlite: Database, name: string, event: "UPDATE" | "DELETE" | "INSERT", table: string, when: string): () => void {
  sqlite.exec(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  return () => sqlite.exec(`DROP TRIGGER IF EXISTS ${name}`);
}
