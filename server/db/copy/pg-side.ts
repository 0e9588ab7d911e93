import type { ReservedSQL, SQL } from "bun";
import { describeMismatches, MAINTAINED_COUNT_MISMATCHES, MAINTAINED_COUNT_TABLES, MAINTAINED_COUNT_TRIGGERS, type MaintainedCountMismatches } from "../maintained-counts.ts";
import { beginPgTransaction, openPgDatabase } from "../pg/client.ts";
import { type CopyRow, type CopySource, type CopyTarget, countsCheckedLine, keysetSelect, quoteName } from "./sides.ts";
import type { CopyTable } from "./tables.ts";

/** PostgreSQL allows 65,535 parameters a statement; a batch insert stays well below. */
const MAX_PARAMETERS = 30_000;

const placeholder = (i: number) => `$${i + 1}`;

/** A column in a SELECT: JSON as its text, so the value travels as SQLite stores it. */
const selectExpression = (table: CopyTable) => table.columns.map((c) => (c.kind === "json" ? `${quoteName(c.name)}::text` : quoteName(c.name))).join(", ");

async function sequenceName(sql: SQL | ReservedSQL, table: CopyTable): Promise<string | null> {
  if (!table.identity) return null;
  const [row] = await sql.unsafe("SELECT pg_get_serial_sequence($1, $2) AS seq", [quoteName(table.name), table.identity]);
  return (row?.seq as string | null) ?? null;
}

async function countRows(sql: SQL | ReservedSQL, table: CopyTable): Promise<number> {
  const [row] = await sql.unsafe(`SELECT count(*)::float8 AS n FROM ${quoteName(table.name)}`);
  return Number(row?.n ?? 0);
}

/** A PostgreSQL database to copy from, read in one REPEATABLE READ snapshot on one connection. */
export async function pgSource(url: string): Promise<CopySource> {
  const open = openPgDatabase(url, { max: 1 });
  const conn = await open.sql.reserve();
  return {
    begin: () => beginPgTransaction(conn, "snapshot"),
    count: (table) => countRows(conn, table),
    readBatch: async (table, after, limit) => {
      const rows = await conn.unsafe(keysetSelect(table, selectExpression(table), after, placeholder), [...(after ?? []), limit]).values();
      return rows as CopyRow[];
    },
    readSelfReferences: async (table, column, after, limit) => {
      const id = quoteName(table.identity ?? "id");
      const rows = await conn
        .unsafe(`SELECT ${id}, ${quoteName(column)} FROM ${quoteName(table.name)} WHERE ${quoteName(column)} IS NOT NULL AND ${id} > $1 ORDER BY ${id} LIMIT $2`, [after ?? -2147483648, limit])
        .values();
      return rows as Array<[number, unknown]>;
    },
    sequencePosition: async (table) => {
      const seq = await sequenceName(conn, table);
      if (!seq) return null;
      const [row] = await conn.unsafe(`SELECT last_value::float8 AS last, is_called FROM ${seq}`);
      if (!row) return null;
      return row.is_called ? Number(row.last) : Number(row.last) - 1;
    },
    end: async () => void (await conn.unsafe("COMMIT")),
    close: async () => {
      conn.release();
      await open.close();
    },
  };
}

/** A migrated PostgreSQL database to copy into, written in one transaction on one connection. */
export async function pgTarget(url: string): Promise<CopyTarget> {
  const open = openPgDatabase(url, { max: 1 });
  const conn = await open.sql.reserve();
  let inTransaction = false;
  let droppedIndexes: string[] = [];
  let disabledTriggers: Array<{ name: string; table: string }> = [];
  return {
    firstNonEmptyTable: async (tables) => {
      for (const t of tables) if (!MAINTAINED_COUNT_TABLES.includes(t.name) && (await conn.unsafe(`SELECT 1 FROM ${quoteName(t.name)} LIMIT 1`)).length > 0) return t.name;
      return null;
    },
    begin: async () => {
      await beginPgTransaction(conn, "write");
      inTransaction = true;
      // Bulk load: the secondary indexes (the search index's GIN ones too) are dropped here and built
      // again from their own definitions once the rows are in, inside this same transaction.
      const rows = await conn.unsafe(`
        SELECT ic.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
        FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
        WHERE c.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)`);
      droppedIndexes = rows.map((r: { definition: string }) => r.definition);
      for (const r of rows) await conn.unsafe(`DROP INDEX ${quoteName(r.name)}`);
      // The maintained-count triggers are off for the load (the count tables are copied as data),
      // back on in restoreMaintainedCounts; ALTER TABLE is transactional, a rollback turns them on too.
      disabledTriggers = (await conn.unsafe(
        `SELECT t.tgname AS name, c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND starts_with(t.tgname, $1) ORDER BY 1`,
        [MAINTAINED_COUNT_TRIGGERS],
      )) as Array<{ name: string; table: string }>;
      for (const tr of disabledTriggers) await conn.unsafe(`ALTER TABLE ${quoteName(tr.table)} DISABLE TRIGGER ${quoteName(tr.name)}`);
      for (const table of MAINTAINED_COUNT_TABLES) await conn.unsafe(`DELETE FROM ${quoteName(table)}`);
    },
    insertBatch: async (table, rows) => {
      const width = table.columns.length;
      const selfRefs = new Set(table.selfReferences.map((name) => table.columns.findIndex((c) => c.name === name)));
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
      const names = table.columns.map((c) => quoteName(c.name)).join(", ");
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const params: unknown[] = [];
        const tuples = chunk.map((row) => {
          const cells = table.columns.map((column, i) => {
            params.push(selfRefs.has(i) ? null : row[i]);
            // ::text first: a parameter typed jsonb would have Bun encode the JS string as a JSON string.
            return column.kind === "json" ? `$${params.length}::text::jsonb` : `$${params.length}`;
          });
          return `(${cells.join(", ")})`;
        });
        await conn.unsafe(`INSERT INTO ${quoteName(table.name)} (${names}) VALUES ${tuples.join(", ")}`, params);
      }
    },
    setSelfReferences: async (table, column, pairs) => {
      if (pairs.length === 0) return;
      const params = pairs.flat();
      const values = pairs.map((_, i) => `($${2 * i + 1}::integer, $${2 * i + 2}::integer)`).join(", ");
      await conn.unsafe(`UPDATE ${quoteName(table.name)} AS t SET ${quoteName(column)} = v.value FROM (VALUES ${values}) AS v(id, value) WHERE t.${quoteName(table.identity ?? "id")} = v.id`, params);
    },
    setSequence: async (table, position) => {
      const seq = await sequenceName(conn, table);
      if (!seq || !table.identity) return;
      const [row] = await conn.unsafe(`SELECT coalesce(max(${quoteName(table.identity)}), 0)::float8 AS top FROM ${quoteName(table.name)}`);
      const next = Math.max(Number(row?.top ?? 0), position ?? 0);
      // setval(seq, n, true): the next id is n + 1; with n = 0 (an empty table) start at 1 instead.
      if (next > 0) await conn.unsafe("SELECT setval($1::regclass, $2::bigint, true)", [seq, next]);
      else await conn.unsafe("SELECT setval($1::regclass, 1, false)", [seq]);
    },
    rebuildSearchIndex: async () => {
      // Every index dropped by begin(), the pg_trgm GIN ones of migration 0001_search_index among
      // them, built again over the copied rows (statistics and the visibility map: VACUUM (ANALYZE) after the commit).
      // A bigger sort memory for the builds, for this transaction only (the GIN builds gain most).
      await conn.unsafe("SET LOCAL maintenance_work_mem = '256MB'");
      for (const definition of droppedIndexes) await conn.unsafe(definition);
      const [row] = await conn.unsafe(
        `SELECT (SELECT count(*) FROM part)::float8 AS parts, (SELECT count(*) FROM stock_item WHERE coalesce(serial, '') <> '' OR batch <> '')::float8 AS items`,
      );
      return `${droppedIndexes.length} indexes rebuilt, the search index (pg_trgm GIN) among them: ${Number(row?.parts ?? 0)} parts, ${Number(row?.items ?? 0)} stock items with a serial or batch; tables vacuumed and analyzed after the commit`;
    },
    restoreMaintainedCounts: async () => {
      for (const tr of disabledTriggers) await conn.unsafe(`ALTER TABLE ${quoteName(tr.table)} ENABLE TRIGGER ${quoteName(tr.name)}`);
      const [row] = await conn.unsafe(MAINTAINED_COUNT_MISMATCHES);
      const wrong = describeMismatches(row as MaintainedCountMismatches | undefined);
      if (wrong) throw new Error(`the maintained counts differ from a recount after the copy (${wrong}): the source's counts are wrong; rebuild them there and copy again`);
      return countsCheckedLine(disabledTriggers.length);
    },
    commit: async () => {
      await conn.unsafe("COMMIT");
      inTransaction = false;
      // Outside the transaction (VACUUM cannot run in one): the planner's statistics for the new
      // rows, and the visibility map, without which no index-only scan is chosen until autovacuum
      // gets to the tables (every page of a bulk-loaded table is "not all-visible").
      await conn.unsafe("VACUUM (ANALYZE)");
    },
    rollback: async () => {
      if (inTransaction) await conn.unsafe("ROLLBACK");
      inTransaction = false;
    },
    count: (table) => countRows(conn, table),
    close: async () => {
      conn.release();
      await open.close();
    },
  };
}
