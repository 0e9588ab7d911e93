/**
 * One schema, both dialects (issue 12): a fresh SQLite and a fresh PostgreSQL database, each
 * migrated by `binventory migrate`, have the same tables, columns, types (through the mapping of
 * server/db/pg/schema.ts), nullability, defaults, primary keys, foreign keys with their ON DELETE,
 * unique constraints, indexes and triggers (by name and table), read from their own catalogs. The
 * search index objects and PostgreSQL's trigger functions, which differ by design, are the only
 * differences allowed, and they are listed here.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { foldSearchText } from "../server/db/search-fold.ts";
import { describeWithPostgres } from "./support/postgres.ts";
import { runCli } from "./support/process.ts";

/** SQLite-only: the FTS5 search tables (with FTS5's shadow tables) and the triggers that keep them. */
const SQLITE_ONLY_TABLES = ["part_search", "stock_item_search"].flatMap((t) => [t, `${t}_config`, `${t}_content`, `${t}_data`, `${t}_docsize`, `${t}_idx`]);
const SQLITE_ONLY_TRIGGERS = ["part_search_insert", "part_search_update", "part_search_delete", "stock_item_search_insert", "stock_item_search_update", "stock_item_search_delete"];
/** PostgreSQL-only: pg_trgm GIN indexes over the same search keys (0001), and over the stored text alone (0005). */
const PG_ONLY_INDEXES = ["part_search_trgm_idx", "stock_item_search_trgm_idx", "part_search_raw_trgm_idx", "stock_item_search_raw_trgm_idx"];

/**
 * Trigger functions exist on PostgreSQL alone (a SQLite trigger holds its body; a PostgreSQL trigger
 * calls a function): the search-key functions of 0001_search_index and 0005_search_raw_keys, the maintained counts' of
 * 0003_maintained_count_triggers. The triggers themselves are compared by name and table.
 */
const PG_ONLY_FUNCTIONS = [
  "bv_count_location_insert",
  "bv_count_location_part",
  "bv_count_location_part_rename",
  "bv_count_open_orders",
  "bv_count_part_insert",
  "bv_count_part_rename",
  "bv_count_part_with_stock",
  "bv_count_rows",
  "bv_count_stock_item_delete",
  "bv_count_stock_item_insert",
  "bv_count_stock_item_update",
  "bv_in_stock",
  "bv_part_in_stock",
  "bv_part_search_key",
  "bv_part_search_raw",
  "bv_search_fold",
  "bv_stock_item_search_key",
  "bv_stock_item_search_raw",
];

/** SQLite declared type → the PostgreSQL types it may become (server/db/pg/schema.ts, "The type mapping"). */
const TYPE_MAPPING: Record<string, string[]> = {
  integer: ["integer", "boolean"],
  real: ["double precision"],
  text: ["text", "jsonb"],
  blob: ["bytea"],
};

interface ColumnShape {
  type: string;
  notNull: boolean;
  default: string | null;
  /** Integer primary key with a sequence (SQLite AUTOINCREMENT / PostgreSQL identity). */
  identity: boolean;
}

interface ForeignKeyShape {
  columns: string[];
  table: string;
  foreignColumns: string[];
  onDelete: string;
}

interface IndexShape {
  unique: boolean;
  /** Column names, or the normalised expression for an expression part. */
  parts: string[];
  /** Column names the partial index's predicate mentions, sorted; null when not partial. */
  predicateColumns: string[] | null;
}

interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  foreignKeys: ForeignKeyShape[];
  indexes: Record<string, IndexShape>;
}

type SchemaShape = Record<string, TableShape>;

/** Defaults in one notation: casts dropped, both NOW expressions as NOW (PostgreSQL's per statement, as SQLite's 'now'), booleans as true/false. */
function normaliseDefault(value: string | null, pgType: string | null): string | null {
  if (value === null) return null;
  let v = value.trim();
  if (/strftime\('%Y-%m-%dT%H:%M:%fZ', 'now'\)/.test(v) || /to_char\(\(?statement_timestamp\(\) AT TIME ZONE 'UTC'/i.test(v)) return "NOW";
  v = v.replace(/::[a-z ]+$/i, "");
  if (pgType === "boolean" || v === "true" || v === "false") return v === "1" || v === "true" ? "true" : "false";
  return v;
}

const normaliseExpression = (text: string) => text.replace(/["\s()]/g, "").toLowerCase();

function mentionedColumns(predicate: string, columns: string[]): string[] {
  return columns.filter((c) => new RegExp(`(^|[^A-Za-z0-9_])"?${c}"?([^A-Za-z0-9_]|$)`).test(predicate.replace(/"[a-z_]+"\./g, ""))).sort();
}

function sqliteShape(path: string): { shape: SchemaShape; tables: string[]; triggers: string[]; triggerTables: Record<string, string> } {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name")
      .all()
      .map((r) => r.name);
    const triggerRows = db.query<{ name: string; tbl_name: string }, []>("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const triggers = triggerRows.map((r) => r.name);
    const triggerTables = Object.fromEntries(triggerRows.map((r) => [r.name, r.tbl_name]));
    const shape: SchemaShape = {};
    for (const table of tables.filter((t) => !SQLITE_ONLY_TABLES.includes(t))) {
      const createSql = db.query<{ sql: string }, [string]>("SELECT sql FROM sqlite_master WHERE name = ?").get(table)?.sql ?? "";
      const info = db.query<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }, []>(`PRAGMA table_info("${table}")`).all();
      const columns: Record<string, ColumnShape> = {};
      for (const c of info) {
        columns[c.name] = {
          type: c.type.toLowerCase(),
          notNull: c.notnull === 1 || c.pk > 0,
          default: normaliseDefault(c.dflt_value, null),
          identity: c.pk === 1 && c.type.toLowerCase() === "integer" && /autoincrement/i.test(createSql) && info.filter((x) => x.pk > 0).length === 1,
        };
      }
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const fkRows = db.query<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }, []>(`PRAGMA foreign_key_list("${table}")`).all();
      const foreignKeys: ForeignKeyShape[] = [...new Set(fkRows.map((r) => r.id))].map((id) => {
        const rows = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
        return { columns: rows.map((r) => r.from), table: rows[0]?.table ?? "", foreignColumns: rows.map((r) => r.to), onDelete: (rows[0]?.on_delete ?? "").toLowerCase() };
      });
      const indexes: Record<string, IndexShape> = {};
      const pkInfo = info.filter((c) => c.pk > 0);
      const rowidName = pkInfo.length === 1 && String(pkInfo[0]?.type).toUpperCase() === "INTEGER" ? pkInfo[0]?.name : undefined;
      for (const ix of db.query<{ name: string; unique: number; origin: string; partial: number }, []>(`PRAGMA index_list("${table}")`).all()) {
        if (ix.origin === "pk") continue;
        const indexSql = db.query<{ sql: string }, [string]>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(ix.name)?.sql ?? "";
        const on = /\bON\s+[`"]?\w+[`"]?\s*\((.*?)\)(\s+WHERE\s+(.*))?$/is.exec(indexSql);
        const keyParts = db.query<{ cid: number; name: string | null; key: number }, []>(`PRAGMA index_xinfo("${ix.name}")`).all().filter((p) => p.key === 1);
        const expressions = on ? on[1]?.split(/,(?![^(]*\))/) ?? [] : [];
        const parts = keyParts.map((p, i) => (p.name ?? normaliseExpression(expressions[i] ?? "?")));
        // Every SQLite index ends with the rowid, which PRAGMA index_xinfo lists as an auxiliary column;
        // PostgreSQL's non-unique twins end with the pk (pg/schema.ts, derive): the same key, written out.
        if (ix.unique !== 1 && rowidName && !parts.includes(rowidName)) parts.push(rowidName);
        indexes[ix.name] = {
          unique: ix.unique === 1,
          parts,
          predicateColumns: ix.partial === 1 ? mentionedColumns(on?.[3] ?? "", Object.keys(columns)) : null,
        };
      }
      shape[table] = { columns, primaryKey, foreignKeys, indexes };
    }
    return { shape, tables, triggers, triggerTables };
  } finally {
    db.close();
  }
}

const PG_ON_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function pgShape(url: string): Promise<{ shape: SchemaShape; tables: string[]; indexes: string[] }> {
  const sql = new SQL({ url, max: 1 });
  try {
    const tables: string[] = (await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`).map((r: { table_name: string }) => r.table_name);
    const shape: SchemaShape = {};
    const allIndexes: string[] = [];
    for (const table of tables) {
      const columns: Record<string, ColumnShape> = {};
      const cols = await sql`SELECT column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} ORDER BY ordinal_position`;
      for (const c of cols) columns[c.column_name] = { type: c.data_type, notNull: c.is_nullable === "NO", default: normaliseDefault(c.column_default, c.data_type), identity: c.is_identity === "YES" };
      const constraints = await sql`
        SELECT con.conname, con.contype, con.confdeltype, fc.relname AS foreign_table,
               ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
               ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS foreign_columns
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        WHERE c.relname = ${table} AND c.relnamespace = 'public'::regnamespace`;
      const primaryKey = (constraints.find((k: { contype: string }) => k.contype === "p")?.columns ?? []) as string[];
      const foreignKeys: ForeignKeyShape[] = constraints
        .filter((k: { contype: string }) => k.contype === "f")
        .map((k: { columns: string[]; foreign_table: string; foreign_columns: string[]; confdeltype: string }) => ({ columns: k.columns, table: k.foreign_table, foreignColumns: k.foreign_columns, onDelete: PG_ON_DELETE[k.confdeltype] ?? k.confdeltype }));
      const indexes: Record<string, IndexShape> = {};
      const ixRows = await sql`
        SELECT ic.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
               ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) k)::text[] AS parts
        FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
        WHERE c.relname = ${table} AND c.relnamespace = 'public'::regnamespace`;
      for (const ix of ixRows) {
        allIndexes.push(ix.name);
        if (ix.primary || PG_ONLY_INDEXES.includes(ix.name)) continue;
        indexes[ix.name] = {
          unique: ix.unique,
          // Keys in SQLite's NULL order (pg/schema.ts) say so; SQLite's own order is implicit: compared without it.
          parts: (ix.parts as string[]).map((raw) => {
            const p = raw.replace(/ NULLS FIRST$/, "").replace(/ DESC NULLS LAST$/, " DESC");
            return p.replace(/"/g, "") in columns ? p.replace(/"/g, "") : normaliseExpression(p);
          }),
          predicateColumns: ix.predicate === null ? null : mentionedColumns(ix.predicate, Object.keys(columns)),
        };
      }
      shape[table] = { columns, primaryKey, foreignKeys: foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join())), indexes };
    }
    return { shape, tables, indexes: allIndexes.sort() };
  } finally {
    await sql.close();
  }
}

/** The SQLite shape with every type replaced by the PostgreSQL type it must have, checked against the mapping. */
function throughMapping(sqlite: SchemaShape, pg: SchemaShape): SchemaShape {
  const mapped: SchemaShape = structuredClone(sqlite);
  for (const [table, shape] of Object.entries(mapped)) {
    shape.foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
    for (const [name, column] of Object.entries(shape.columns)) {
      const allowed = TYPE_MAPPING[column.type];
      if (!allowed) throw new Error(`${table}.${name}: SQLite type ${column.type} is not in the mapping`);
      const pgType = pg[table]?.columns[name]?.type;
      // The PostgreSQL type must be one the SQLite type maps to; a boolean default must be a boolean's.
      column.type = pgType && allowed.includes(pgType) ? pgType : `one of ${allowed.join("/")}`;
      if (pgType === "boolean") column.default = normaliseDefault(sqlite[table]?.columns[name]?.default === "true" || sqlite[table]?.columns[name]?.default === "1" ? "true" : column.default, "boolean");
    }
  }
  return mapped;
}

let dir: string;
let sqlitePath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "binventory-dialects-"));
  sqlitePath = join(dir, "fresh.sqlite");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithPostgres("schema dialects", (pg) => {
  let sqlite: ReturnType<typeof sqliteShape>;
  let postgres: Awaited<ReturnType<typeof pgShape>>;

  beforeAll(async () => {
    for (const env of [{ BINVENTORY_DB: sqlitePath }, { BINVENTORY_DATABASE_URL: pg.url }] as Array<Record<string, string>>) {
      const r = await runCli(["migrate"], env);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    sqlite = sqliteShape(sqlitePath);
    postgres = await pgShape(pg.url);
  }, 60_000);

  test("the same tables; the only ones apart are SQLite's FTS5 search tables", () => {
    expect(sqlite.tables.filter((t) => !SQLITE_ONLY_TABLES.includes(t))).toEqual(postgres.tables);
    expect(sqlite.tables.filter((t) => SQLITE_ONLY_TABLES.includes(t)).sort()).toEqual([...SQLITE_ONLY_TABLES].sort());
    expect(postgres.tables.length).toBeGreaterThan(30);
  });

  test("the same columns, types through the mapping, nullability, defaults, identity, keys and indexes, table by table", () => {
    const expected = throughMapping(sqlite.shape, postgres.shape);
    for (const table of Object.keys(expected)) expect({ table, ...postgres.shape[table] }).toEqual({ table, ...(expected[table] as TableShape) });
    // The comparison saw every kind of object it claims to compare.
    const all = Object.values(postgres.shape);
    expect(all.flatMap((t) => t.foreignKeys).map((f) => f.onDelete).sort()).toContain("cascade");
    expect(new Set(all.flatMap((t) => t.foreignKeys).map((f) => f.onDelete))).toEqual(new Set(["cascade", "set null", "restrict"]));
    expect(all.flatMap((t) => Object.values(t.columns)).filter((c) => c.type === "boolean").length).toBeGreaterThan(20);
    expect(all.flatMap((t) => Object.values(t.columns)).filter((c) => c.default === "NOW").length).toBeGreaterThan(10);
    expect(all.filter((t) => t.primaryKey.length === 2).length).toBe(4);
    expect(all.flatMap((t) => Object.values(t.indexes)).filter((i) => i.predicateColumns !== null)).toHaveLength(3);
    expect(all.flatMap((t) => Object.values(t.indexes)).filter((i) => i.unique).length).toBeGreaterThan(6);
    expect(postgres.shape.parameter_template?.indexes.parameter_template_name_idx?.parts).toEqual(["lowername"]);
  });

  test("the foreign keys migration 0001 added have their ON DELETE on SQLite too (migration 0005)", () => {
    const actions = [
      { table: "sales_order_shipment", column: "checked_by_id", onDelete: "set null" },
      { table: "stock_test_result", column: "template_id", onDelete: "cascade" },
      { table: "supplier_part", column: "manufacturer_part_id", onDelete: "set null" },
    ];
    for (const shape of [sqlite.shape, postgres.shape]) {
      expect(actions.map((a) => ({ ...a, onDelete: shape[a.table]?.foreignKeys.find((f) => f.columns.join() === a.column)?.onDelete }))).toEqual(actions);
    }
  });

  test("the same triggers by name and table, beside SQLite's search-index ones; PostgreSQL's trigger functions are the only functions apart", async () => {
    const sql = new SQL({ url: pg.url, max: 1 });
    try {
      const pgTriggers = await sql`SELECT t.tgname AS name, c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY 1`;
      const pgTriggerTables = Object.fromEntries(pgTriggers.map((r: { name: string; table: string }) => [r.name, r.table]));
      const shared = Object.fromEntries(Object.entries(sqlite.triggerTables).filter(([name]) => !SQLITE_ONLY_TRIGGERS.includes(name)));
      expect(pgTriggerTables).toEqual(shared);
      expect(Object.keys(shared).length).toBe(31);
      // Functions of the public schema that no extension (pg_trgm) owns.
      const functions = await sql`
        SELECT p.proname AS name FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') ORDER BY 1`;
      expect(functions.map((r: { name: string }) => r.name)).toEqual(PG_ONLY_FUNCTIONS);
    } finally {
      await sql.close();
    }
  });

  test("the search index differs by design, and only as listed: FTS5 tables and triggers on SQLite, pg_trgm GIN indexes on PostgreSQL", async () => {
    expect(sqlite.triggers.filter((t) => !t.startsWith("maintained_counts_"))).toEqual([...SQLITE_ONLY_TRIGGERS].sort());
    const sql = new SQL({ url: pg.url, max: 1 });
    try {
      const gin = await sql`SELECT ic.relname AS name, am.amname AS method FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_am am ON am.oid = ic.relam WHERE ic.relname IN ${sql(PG_ONLY_INDEXES)} ORDER BY 1`;
      expect(gin.map((r: { name: string; method: string }) => `${r.name} ${r.method}`)).toEqual(PG_ONLY_INDEXES.map((n) => `${n} gin`).sort());
      const triggers = await sql`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname NOT LIKE 'maintained_counts_%'`;
      expect(triggers.length).toBe(0);
      // A LIKE on the part's search key is answered from its trigram index.
      await sql.begin(async (tx) => {
        await tx`SET LOCAL enable_seqscan = off`;
        const plan = await tx.unsafe(`EXPLAIN SELECT id FROM part WHERE bv_part_search_key("name", "IPN", "description", "keywords", "revision") LIKE '%widget%'`);
        expect(plan.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n")).toContain("part_search_trgm_idx");
      });
      // The order lists' default page (-reference, then the pk, in SQLite's NULL order as dialect.ts
      // spells it) reads the reference index backwards instead of sorting every order.
      for (const table of ["purchase_order", "sales_order"]) {
        await sql.begin(async (tx) => {
          await tx`SET LOCAL enable_seqscan = off`;
          await tx`SET LOCAL enable_sort = off`;
          const plan = await tx.unsafe(`EXPLAIN SELECT id FROM ${table} ORDER BY reference DESC NULLS LAST, id ASC NULLS FIRST LIMIT 25`);
          expect(plan.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n")).toContain(`Index Only Scan Backward using ${table}_reference_idx`);
        });
      }
    } finally {
      await sql.close();
    }
  });

  test("bv_search_fold in PostgreSQL folds as foldSearchText (server/db/search-fold.ts) does", async () => {
    const samples = ["Straße", "STRASSE", "ＣＡＦÉ", "Cafe\u0301", "café", "ΣΑΣ", "ὈΔΥΣΣΕΎΣ", "İstanbul", "ﬁne ﬂow", "Ⅻ ½ ㎏", "ǅemal", "ÅNGSTRÖM Å", "résistance 10kΩ", "ＲＥＳＩＳＴＯＲ ０６０３", "Ꭰ ꭰ", "ß ẞ", "ﬀ", "plain ascii 123", ""];
    const sql = new SQL({ url: pg.url, max: 1 });
    try {
      for (const text of samples) {
        const [row] = await sql`SELECT bv_search_fold(${text}) AS folded`;
        expect({ text, folded: row.folded }).toEqual({ text, folded: foldSearchText(text) });
      }
    } finally {
      await sql.close();
    }
  });
});
