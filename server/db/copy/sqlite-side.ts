import type { Database, Statement } from "bun:sqlite";
import { existsSync } from "node:fs";
import { openDatabase } from "../client.ts";
import { describeMismatches, MAINTAINED_COUNT_MISMATCHES, MAINTAINED_COUNT_TABLES, MAINTAINED_COUNT_TRIGGERS, type MaintainedCountMismatches } from "../maintained-counts.ts";
import { beginHeldWrite, beginReadSnapshot } from "../write.ts";
import { type CopyRow, type CopySource, type CopyTarget, countsCheckedLine, keysetSelect, quoteName } from "./sides.ts";
import type { CopyTable } from "./tables.ts";

function booleanIndexes(table: CopyTable): number[] {
  return table.columns.flatMap((c, i) => (c.kind === "boolean" ? [i] : []));
}

async function sequenceOf(sqlite: Database, table: CopyTable): Promise<number | null> {
  if (!table.identity) return null;
  const row = sqlite.query<{ seq: number }, [string]>("SELECT seq FROM sqlite_sequence WHERE name = ?").get(table.name);
  return row ? Number(row.seq) : null;
}

/** A SQLite file to copy from; it must exist (opening would otherwise create an empty one). */
export function sqliteSource(path: string): CopySource {
  if (path !== ":memory:" && !existsSync(path)) throw new Error(`no SQLite database at ${path}`);
  const { sqlite, close } = openDatabase(path, { migrate: false });
  const selects = new Map<string, Statement>();
  return {
    begin: async () => beginReadSnapshot(sqlite),
    count: async (table) => Number(sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${quoteName(table.name)}`).get()?.n ?? 0),
    readBatch: async (table, after, limit) => {
      const key = `${table.name}:${after ? "after" : "first"}`;
      let statement = selects.get(key);
      if (!statement) {
        statement = sqlite.prepare(keysetSelect(table, table.columns.map((c) => quoteName(c.name)).join(", "), after, () => "?"));
        selects.set(key, statement);
      }
      const rows = statement.values(...((after ?? []) as never[]), limit as never) as CopyRow[];
      const booleans = booleanIndexes(table);
      if (booleans.length > 0) for (const row of rows) for (const i of booleans) if (row[i] !== null) row[i] = row[i] === 1;
      return rows;
    },
    readSelfReferences: async (table, column, after, limit) => {
      const id = quoteName(table.identity ?? "id");
      const rows = sqlite
        .query(`SELECT ${id}, ${quoteName(column)} FROM ${quoteName(table.name)} WHERE ${quoteName(column)} IS NOT NULL AND ${id} > ? ORDER BY ${id} LIMIT ?`)
        .values(after ?? Number.MIN_SAFE_INTEGER, limit);
      return rows as Array<[number, unknown]>;
    },
    sequencePosition: async (table) => sequenceOf(sqlite, table),
    end: async () => void sqlite.exec("COMMIT"),
    close: async () => {
      for (const s of selects.values()) s.finalize();
      close();
    },
  };
}

/** A migrated SQLite file to copy into. The search index (FTS5) is kept by its triggers as rows arrive. */
export function sqliteTarget(path: string): CopyTarget {
  const { sqlite, close } = openDatabase(path, { migrate: false });
  const inserts = new Map<string, Statement>();
  let droppedIndexes: string[] = [];
  let droppedTriggers: string[] = [];
  return {
    firstNonEmptyTable: async (tables) => tables.find((t) => !MAINTAINED_COUNT_TABLES.includes(t.name) && sqlite.query(`SELECT 1 FROM ${quoteName(t.name)} LIMIT 1`).get() !== null)?.name ?? null,
    begin: async () => {
      beginHeldWrite(sqlite);
      // Bulk load: the ordinary secondary indexes are dropped here and built again from their own
      // definitions once the rows are in, inside this same transaction (unique ones stay: they check).
      const indexes = sqlite
        .query<{ name: string; sql: string }, []>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
        .all();
      droppedIndexes = indexes.map((ix) => ix.sql);
      for (const ix of indexes) sqlite.exec(`DROP INDEX ${quoteName(ix.name)}`);
      // The maintained-count triggers are dropped for the load (the count tables are copied as data)
      // and re-created from their own text by restoreMaintainedCounts, in this same transaction.
      const triggers = sqlite
        .query<{ name: string; sql: string }, [string]>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, length(?1)) = ?1 ORDER BY name")
        .all(MAINTAINED_COUNT_TRIGGERS);
      droppedTriggers = triggers.map((tr) => tr.sql);
      for (const tr of triggers) sqlite.exec(`DROP TRIGGER ${quoteName(tr.name)}`);
      for (const table of MAINTAINED_COUNT_TABLES) sqlite.exec(`DELETE FROM ${quoteName(table)}`);
    },
    insertBatch: async (table, rows) => {
      let insert = inserts.get(table.name);
      if (!insert) {
        insert = sqlite.prepare(`INSERT INTO ${quoteName(table.name)} (${table.columns.map((c) => quoteName(c.name)).join(", ")}) VALUES (${table.columns.map(() => "?").join(", ")})`);
        inserts.set(table.name, insert);
      }
      const booleans = booleanIndexes(table);
      const selfRefs = table.selfReferences.map((name) => table.columns.findIndex((c) => c.name === name));
      for (const source of rows) {
        const row = source.slice();
        for (const i of booleans) if (row[i] !== null) row[i] = row[i] ? 1 : 0;
        for (const i of selfRefs) row[i] = null;
        insert.run(...(row as never[]));
      }
    },
    setSelfReferences: async (table, column, pairs) => {
      const update = sqlite.prepare(`UPDATE ${quoteName(table.name)} SET ${quoteName(column)} = ? WHERE ${quoteName(table.identity ?? "id")} = ?`);
      for (const [id, value] of pairs) update.run(value as never, id);
      update.finalize();
    },
    setSequence: async (table, position) => {
      if (!table.identity || position === null) return;
      // Inserting explicit ids already moved the sequence to the largest; keep the source's if further.
      const changed = sqlite.query("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?").run(position, table.name);
      if (changed.changes === 0 && position > 0) sqlite.query("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)").run(table.name, position);
    },
    rebuildSearchIndex: async () => {
      for (const definition of droppedIndexes) sqlite.exec(definition);
      // The triggers of migration 0002_search_index filled the FTS5 tables row by row; check they agree.
      const counts = sqlite
        .query<{ parts: number; indexed_parts: number; items: number; indexed_items: number }, []>(
          `SELECT (SELECT count(*) FROM part) AS parts, (SELECT count(*) FROM part_search) AS indexed_parts,
                  (SELECT count(*) FROM stock_item WHERE coalesce(serial, '') <> '' OR batch <> '') AS items, (SELECT count(*) FROM stock_item_search) AS indexed_items`,
        )
        .get();
      if (!counts || counts.parts !== counts.indexed_parts || counts.items !== counts.indexed_items) {
        throw new Error(`the search index disagrees with its tables after the copy: ${JSON.stringify(counts)}`);
      }
      return `${droppedIndexes.length} indexes rebuilt; search index (FTS5, kept by triggers): ${counts.indexed_parts} parts, ${counts.indexed_items} stock items with a serial or batch`;
    },
    restoreMaintainedCounts: async () => {
      for (const definition of droppedTriggers) sqlite.exec(definition);
      const wrong = describeMismatches(sqlite.query<MaintainedCountMismatches, []>(MAINTAINED_COUNT_MISMATCHES).get() ?? undefined);
      if (wrong) throw new Error(`the maintained counts differ from a recount after the copy (${wrong}): the source's counts are wrong; rebuild them there (server/db/maintained-counts.ts) and copy again`);
      return countsCheckedLine(droppedTriggers.length);
    },
    commit: async () => void sqlite.exec("COMMIT"),
    rollback: async () => {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    },
    count: async (table) => Number(sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${quoteName(table.name)}`).get()?.n ?? 0),
    close: async () => {
      for (const s of inserts.values()) s.finalize();
      close();
    },
  };
}
