/**
 * What goes with a deleted object: its attachments (and their files), and a part's or company's
 * image and thumbnail (also when the image is replaced or removed). Done by database triggers
 * (server/db/triggers.ts, both backends) so every way of deleting (a service, a foreign-key cascade
 * such as a company's supplier parts, a plugin) cleans up in the same transaction, without each
 * delete service knowing about attachments. Installed (re-created) at every start.
 */
import { getTableName } from "drizzle-orm";
import type { RowTrigger } from "../../db/triggers.ts";
import { ATTACHMENT_MODEL_TYPES, attachmentTargets } from "./targets.ts";

/** The attachment and image cleanup triggers. */
export function attachmentCleanupTriggers(): RowTrigger[] {
  const out: RowTrigger[] = [
    { name: "attachment_file_cleanup", table: "attachment", on: "delete", when: "OLD.file_id IS NOT NULL", body: () => "DELETE FROM media_file WHERE id = OLD.file_id" },
  ];
  for (const type of ATTACHMENT_MODEL_TYPES) {
    out.push({
      name: `attachment_cleanup_${type}`,
      table: getTableName(attachmentTargets()[type].table),
      on: "delete",
      body: () => `DELETE FROM attachment WHERE model_type = '${type}' AND model_id = OLD.id`,
    });
  }
  // Image paths are generated with one dot ("part_images/part_12_3f9a1c2b.jpg"); the thumbnail is
  // "<before the dot>.thumbnail.<ext>" (media/urls.ts thumbnailPath). SQLite's instr is strpos on PostgreSQL.
  const oldFiles = (dialect: "sqlite" | "postgres") => {
    const dot = dialect === "postgres" ? "strpos(OLD.image, '.')" : "instr(OLD.image, '.')";
    return `DELETE FROM media_file WHERE path IN (OLD.image, substr(OLD.image, 1, ${dot} - 1) || '.thumbnail' || substr(OLD.image, ${dot}))`;
  };
  for (const table of ["part", "company"]) {
    out.push(
      { name: `image_cleanup_${table}`, table, on: "delete", when: "OLD.image IS NOT NULL", body: oldFiles },
      // A replaced or removed image: its files go (media/service.ts writes the new ones first).
      { name: `image_replace_${table}`, table, on: { updateOf: "image" }, when: "OLD.image IS NOT NULL AND (NEW.image IS NULL OR NEW.image <> OLD.image)", body: oldFiles },
    );
  }
  return out;
}
