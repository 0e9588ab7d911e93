/**
 * What goes with a deleted object: its attachments (and their files), and a part's or company's
 * image and thumbnail (also when the image is replaced or removed). Done by SQLite triggers so every way of deleting (a service, a foreign-key
 * cascade such as a company's supplier parts, a plugin) cleans up in the same transaction, without
 * each delete service knowing about attachments. Installed (re-created) at every start, since
 * generated migrations do not carry triggers.
 */
import type { Database } from "bun:sqlite";
import { getTableName } from "drizzle-orm";
import { ATTACHMENT_MODEL_TYPES, TARGETS } from "./targets.ts";
import { writeTransactionRaw } from "../../db/write.ts";

/** The SQL of every cleanup trigger, in order. */
function cleanupTriggerSql(): string[] {
  const out = [
    "DROP TRIGGER IF EXISTS attachment_file_cleanup",
    `CREATE TRIGGER attachment_file_cleanup AFTER DELETE ON attachment WHEN OLD.file_id IS NOT NULL
       BEGIN DELETE FROM media_file WHERE id = OLD.file_id; END`,
  ];
  for (const type of ATTACHMENT_MODEL_TYPES) {
    const table = getTableName(TARGETS[type].table);
    out.push(
      `DROP TRIGGER IF EXISTS attachment_cleanup_${type}`,
      `CREATE TRIGGER attachment_cleanup_${type} AFTER DELETE ON "${table}"
         BEGIN DELETE FROM attachment WHERE model_type = '${type}' AND model_id = OLD.id; END`,
    );
  }
  // Image paths are generated with one dot ("part_images/part_12_3f9a1c2b.jpg"); the thumbnail is
  // "<before the dot>.thumbnail.<ext>" (media/urls.ts thumbnailPath).
  const oldFiles = `DELETE FROM media_file WHERE path IN (OLD.image,
    substr(OLD.image, 1, instr(OLD.image, '.') - 1) || '.thumbnail' || substr(OLD.image, instr(OLD.image, '.')))`;
  for (const table of ["part", "company"]) {
    out.push(
      `DROP TRIGGER IF EXISTS image_cleanup_${table}`,
      `CREATE TRIGGER image_cleanup_${table} AFTER DELETE ON "${table}" WHEN OLD.image IS NOT NULL BEGIN ${oldFiles}; END`,
      // A replaced or removed image: its files go (media/service.ts writes the new ones first).
      `DROP TRIGGER IF EXISTS image_replace_${table}`,
      `CREATE TRIGGER image_replace_${table} AFTER UPDATE OF image ON "${table}"
         WHEN OLD.image IS NOT NULL AND (NEW.image IS NULL OR NEW.image <> OLD.image) BEGIN ${oldFiles}; END`,
    );
  }
  return out;
}

/** Installs the triggers in one transaction. */
export function installCleanupTriggers(sqlite: Database): void {
  writeTransactionRaw(sqlite, () => {
    for (const stmt of cleanupTriggerSql()) sqlite.run(stmt);
  });
}
