/**
 * The PostgreSQL test fixture (tests/support/postgres.ts) works: a throwaway cluster, this file's
 * own database, Bun's built-in SQL client round-tripping rows, and — as root — a server that does
 * not run as root.
 */
import { expect, test } from "bun:test";
import { statSync } from "node:fs";
import { SQL } from "bun";
import { describeWithPostgres } from "./support/postgres.ts";

describeWithPostgres("PostgreSQL test fixture", (pg) => {
  test("a table created in this file's database round-trips a row through Bun.SQL", async () => {
    const sql = new SQL({ url: pg.url, max: 2 });
    try {
      const [{ db }] = await sql`SELECT current_database() AS db`;
      expect(db).toBe(pg.name);
      await sql`CREATE TABLE part (id serial PRIMARY KEY, name text NOT NULL, quantity numeric NOT NULL, meta jsonb)`;
      const [made] = await sql`INSERT INTO part ${sql({ name: "Widget ½″ – Ω", quantity: 12.5, meta: { bin: "A1" } })} RETURNING id`;
      const rows = await sql`SELECT id, name, quantity::float8 AS quantity, meta FROM part WHERE id = ${made.id}`;
      expect(rows.length).toBe(1);
      expect({ ...rows[0] }).toEqual({ id: made.id, name: "Widget ½″ – Ω", quantity: 12.5, meta: { bin: "A1" } });
    } finally {
      await sql.close();
    }
  });

  test("each database is separate, and the cluster never runs as root", async () => {
    const other = await pg.cluster.createDatabase(`${pg.name}_other`);
    const sql = new SQL({ url: other, max: 1 });
    try {
      const [{ n }] = await sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'part'`;
      expect(n).toBe(0);
      const [{ superuser }] = await sql`SELECT current_setting('is_superuser') AS superuser`;
      expect(superuser).toBe("on");
    } finally {
      await sql.close();
      await pg.cluster.dropDatabase(`${pg.name}_other`);
    }
    // PostgreSQL refuses to start as root: as root, the data directory belongs to the unprivileged user it runs as.
    if (process.getuid?.() === 0) expect(statSync(pg.cluster.dataDir).uid).not.toBe(0);
  });
});
