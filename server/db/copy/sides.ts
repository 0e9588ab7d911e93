import type { CopyTable } from "./tables.ts";
import { MAINTAINED_COUNT_TABLES } from "../maintained-counts.ts";

/**
 * A row on its way between backends: one value per column of `CopyTable.columns`, in that order,
 * in one form whatever the backend: integer and real → number, boolean → boolean, text → string,
 * json → its JSON text, blob → Uint8Array, SQL NULL → null.
 */
export type CopyRow = unknown[];

/** The database copied from: read in one consistent snapshot, a batch at a time, never written. */
export interface CopySource {
  /** Starts the read snapshot every later read sees (a read transaction). */
  begin(): Promise<void>;
  count(table: CopyTable): Promise<number>;
  /** Up to `limit` rows in primary-key order, after the row whose key is `after` (from the start when null). */
  readBatch(table: CopyTable, after: unknown[] | null, limit: number): Promise<CopyRow[]>;
  /** [id, value] of the rows whose self-referencing `column` is set, by id, after `after`. */
  readSelfReferences(table: CopyTable, column: string, after: number | null, limit: number): Promise<Array<[number, unknown]>>;
  /** The last id the table's sequence handed out (it may exceed the largest id left), null without one. */
  sequencePosition(table: CopyTable): Promise<number | null>;
  end(): Promise<void>;
  close(): Promise<void>;
}

/** The database copied into, already migrated: written in one transaction. */
export interface CopyTarget {
  /** The first table that holds a row, or null when the database is empty (the maintained counts of an empty database do not count). */
  firstNonEmptyTable(tables: readonly CopyTable[]): Promise<string | null>;
  /** Starts the one write transaction, with the maintained-count triggers off (restoreMaintainedCounts). */
  begin(): Promise<void>;
  /** Inserts rows as read from the source, with the table's self-references left NULL. */
  insertBatch(table: CopyTable, rows: readonly CopyRow[]): Promise<void>;
  setSelfReferences(table: CopyTable, column: string, pairs: ReadonlyArray<[number, unknown]>): Promise<void>;
  /** Moves the table's sequence past `position` and past its largest id, so no id is handed out twice. */
  setSequence(table: CopyTable, position: number | null): Promise<void>;
  /** Brings the search index up to date inside the transaction; returns a line saying what it did. */
  rebuildSearchIndex(): Promise<string>;
  /**
   * Turns the maintained-count triggers back on (begin() turned them off: the count tables are
   * copied as data, and a trigger firing on each copied row would count it a second time) and
   * checks every maintained count against a recount of the copied tables, inside the transaction;
   * throws when one differs, returns a line saying what it checked.
   */
  restoreMaintainedCounts(): Promise<string>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  count(table: CopyTable): Promise<number>;
  close(): Promise<void>;
}

export const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `SELECT cols FROM t [WHERE (pk) > (params)] ORDER BY pk LIMIT n`, with the dialect's placeholder and column expressions. */
export function keysetSelect(table: CopyTable, selectList: string, after: unknown[] | null, placeholder: (i: number) => string): string {
  const pk = table.primaryKey.map(quoteName).join(", ");
  const where = after ? ` WHERE (${pk}) > (${table.primaryKey.map((_, i) => placeholder(i)).join(", ")})` : "";
  return `SELECT ${selectList} FROM ${quoteName(table.name)}${where} ORDER BY ${pk} LIMIT ${placeholder(after ? table.primaryKey.length : 0)}`;
}

/** What restoreMaintainedCounts says when the counts are exact (the same words on both backends). */
export const countsCheckedLine = (triggers: number) =>
  `maintained counts (${MAINTAINED_COUNT_TABLES.join(", ")}) copied as data with their ${triggers} triggers off, triggers back on, every count equal to a recount`;
