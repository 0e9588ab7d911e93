/**
 * The modules' row triggers (server/db/triggers.ts: attachment, image and parameter cleanup) do the
 * same on SQLite and PostgreSQL: the same rows are inserted on both, the same deletes and image
 * replacements run, and the rows left must be identical. Installing twice (every start) is harmless.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/client.ts";
import { migratePg, openPgDatabase } from "../server/db/pg/client.ts";
import { installPgTriggers, installSqliteTriggers } from "../server/db/triggers.ts";
import { attachmentCleanupTriggers } from "../server/modules/attachment/cleanup-triggers.ts";
import { parameterCleanupTriggers } from "../server/modules/parameter/cleanup-triggers.ts";
import { describeWithPostgres } from "./support/postgres.ts";

const triggers = [...attachmentCleanupTriggers(), ...parameterCleanupTriggers()];

/** The writes, as plain SQL both dialects take (explicit ids, so the rows compare). */
const SETUP = [
  `INSERT INTO part (id, name, image) VALUES (1, 'kept', 'part_images/part_1_aa.jpg'), (2, 'deleted', 'part_images/part_2_bb.png'), (3, 'replaced', 'part_images/part_3_cc.jpg')`,
  `INSERT INTO media_file (id, path, content_type, size, sha256, data) VALUES
     (1, 'part_images/part_1_aa.jpg', 'image/jpeg', 1, 'x', 'x'), (2, 'part_images/part_1_aa.thumbnail.jpg', 'image/jpeg', 1, 'x', 'x'),
     (3, 'part_images/part_2_bb.png', 'image/png', 1, 'x', 'x'), (4, 'part_images/part_2_bb.thumbnail.png', 'image/png', 1, 'x', 'x'),
     (5, 'part_images/part_3_cc.jpg', 'image/jpeg', 1, 'x', 'x'), (6, 'part_images/part_3_cc.thumbnail.jpg', 'image/jpeg', 1, 'x', 'x'),
     (7, 'attachments/a.txt', 'text/plain', 1, 'x', 'x'), (8, 'attachments/b.txt', 'text/plain', 1, 'x', 'x')`,
  `INSERT INTO attachment (id, model_type, model_id, file_id, upload_date) VALUES (1, 'part', 1, 7, '2026-01-01'), (2, 'part', 2, 8, '2026-01-01'), (3, 'part', 2, NULL, '2026-01-01')`,
  `INSERT INTO parameter_template (id, name) VALUES (1, 'Length')`,
  `INSERT INTO parameter (id, template_id, model_type, model_id, data) VALUES (1, 1, 'part', 1, '1'), (2, 1, 'part', 2, '2')`,
];
const CHANGES = [`DELETE FROM part WHERE id = 2`, `UPDATE part SET image = 'part_images/part_3_dd.jpg' WHERE id = 3`, `UPDATE part SET name = 'renamed' WHERE id = 1`];
const STATE = `SELECT 'media' AS t, id FROM media_file UNION ALL SELECT 'attachment', id FROM attachment UNION ALL SELECT 'parameter', id FROM parameter UNION ALL SELECT 'part', id FROM part ORDER BY 1, 2`;

describeWithPostgres("cleanup triggers on both backends", (pg) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bv-triggers-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the same writes leave the same rows on SQLite and PostgreSQL", async () => {
    const path = join(dir, "t.sqlite");
    const { sqlite, close } = openDatabase(path);
    installSqliteTriggers(sqlite, triggers);
    installSqliteTriggers(sqlite, triggers);
    for (const s of [...SETUP, ...CHANGES]) sqlite.run(s);
    const onSqlite = sqlite.query(STATE).all() as Array<{ t: string; id: number }>;
    close();

    const opened = openPgDatabase(pg.url, { max: 1 });
    await migratePg(opened);
    await opened.close();
    const sql = new SQL({ url: pg.url, max: 2 });
    try {
      await Promise.all([installPgTriggers(sql, triggers), installPgTriggers(sql, triggers)]);
      for (const s of [...SETUP, ...CHANGES]) await sql.unsafe(s.replace(/'x'\)/g, "'x'::bytea)").replace(/, 'x', 'x'\)/g, ", 'x', 'x'::bytea)"));
      const onPg = (await sql.unsafe(STATE)) as Array<{ t: string; id: number }>;
      expect(onPg.map((r) => `${r.t}:${r.id}`)).toEqual(onSqlite.map((r) => `${r.t}:${r.id}`));
    } finally {
      await sql.close();
    }
    // Part 2's image, thumbnail, attachments (and the file of one) and parameter went; part 3's old image files too.
    expect(onSqlite.map((r) => `${r.t}:${r.id}`)).toEqual(["attachment:1", "media:1", "media:2", "media:7", "parameter:1", "part:1", "part:3"]);
  });
});
