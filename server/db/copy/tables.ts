/**
 * What copy-db needs to know of each table, read from the one schema (server/db/schema/): its
 * columns with their kind, its primary key, and the foreign keys that fix the copy order.
 */
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { isRowidSequence, sqliteTables } from "../pg/schema.ts";

/** How a column's values travel between the backends (server/db/pg/schema.ts maps the types). */
type ColumnKind = "integer" | "boolean" | "real" | "text" | "json" | "blob";

const KIND_OF: Readonly<Record<string, ColumnKind>> = {
  SQLiteInteger: "integer",
  SQLiteBoolean: "boolean",
  SQLiteReal: "real",
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteBlobBuffer: "blob",
};

interface CopyColumn {
  name: string;
  kind: ColumnKind;
}

export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  /** Primary key columns, in key order: rows are read in this order, a batch at a time after the last key. */
  primaryKey: string[];
  /** The single integer primary key with a sequence (SQLite AUTOINCREMENT / PostgreSQL identity), if any. */
  identity: string | null;
  /**
   * Columns referencing the table itself (a location's parent): copied as NULL first, then set in a
   * second pass once every row exists, so no row needs its parent to come first.
   */
  selfReferences: string[];
}

function columnOf(table: string, column: SQLiteColumn): CopyColumn {
  const kind = KIND_OF[column.columnType];
  if (!kind) throw new Error(`${table}.${column.name}: copy-db does not know the column type ${column.columnType} (server/db/copy/tables.ts)`);
  return { name: column.name, kind };
}

/**
 * Every table of the schema in foreign-key order: a table comes after every other table it
 * references. Throws on a cycle between tables (none today; self-references are handled apart).
 */
export function tablesInCopyOrder(): CopyTable[] {
  const configs = sqliteTables.map(([, table]) => getTableConfig(table as SQLiteTable));
  const byName = new Map<string, CopyTable>();
  const dependsOn = new Map<string, Set<string>>();
  for (const config of configs) {
    const columns = config.columns.map((c) => columnOf(config.name, c));
    const inline = config.columns.filter((c) => c.primary).map((c) => c.name);
    const primaryKey = inline.length > 0 ? inline : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
    if (primaryKey.length === 0) throw new Error(`${config.name} has no primary key: copy-db reads tables in key order`);
    const pkColumn = config.columns.find((c) => c.primary);
    const identity = primaryKey.length === 1 && pkColumn && isRowidSequence(pkColumn) ? pkColumn.name : null;
    const selfReferences: string[] = [];
    const deps = new Set<string>();
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const target = getTableConfig(ref.foreignTable).name;
      if (target === config.name) selfReferences.push(...ref.columns.map((c) => c.name));
      else deps.add(target);
    }
    byName.set(config.name, { name: config.name, columns, primaryKey, identity, selfReferences });
    dependsOn.set(config.name, deps);
  }
  const ordered: CopyTable[] = [];
  const placed = new Set<string>();
  // Kahn's algorithm, alphabetical among the ready tables so the order is stable.
  while (placed.size < byName.size) {
    const ready = [...byName.keys()].filter((name) => !placed.has(name) && [...(dependsOn.get(name) ?? [])].every((d) => placed.has(d))).sort();
    if (ready.length === 0) {
      const left = [...byName.keys()].filter((n) => !placed.has(n));
      throw new Error(`the foreign keys between ${left.join(", ")} form a cycle: copy-db needs an order to insert them in`);
    }
    for (const name of ready) {
      placed.add(name);
      ordered.push(byName.get(name) as CopyTable);
    }
  }
  return ordered;
}
