/**
 * InvenTree's unified attachments: a file (kept in media_file) or a link, on any model of
 * ATTACHMENT_MODEL_TYPES by pk. Files and rows are written in one transaction; what a deleted
 * object leaves behind is removed by the triggers of cleanup-triggers.ts.
 */
import { today } from "../../core/clock.ts";
import { and, asc, count, eq, inArray, isNotNull, isNull, ne, type SQL } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { freePath, putFile } from "../media/service.ts";
import { mediaUrl } from "../media/service.ts";
import { attachmentContentType, isValidLink, safeFilename } from "./files.ts";
import type { AttachmentInput, AttachmentListFilters, AttachmentOut, AttachmentPatch, BulkDelete } from "./model.ts";
import { attachmentTargets } from "./targets.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { attachments, mediaFiles, ofBoundTables, users } from "../../db/tables.ts";
import { insertReturningId } from "../../db/insert.ts";

const notFoundAttachment = () => notFound("No Attachment matches the given query.");

const columns = ofBoundTables(() => ({
  a: attachments,
  path: mediaFiles.path,
  user: userBriefColumns(),
}));

const select = (db: Reads) =>
  db.q
    .select(columns()).from(attachments).leftJoin(mediaFiles, eq(mediaFiles.id, attachments.file)).leftJoin(users, eq(users.id, attachments.upload_user)).$dynamic();

type Row = { a: typeof attachments.$inferSelect; path: string | null; user: UserBrief | null };

function toOut(r: Row): AttachmentOut {
  const { a, path } = r;
  return {
    pk: a.id,
    attachment: path ? mediaUrl(path) : null,
    filename: path ? path.slice(path.lastIndexOf("/") + 1) : null,
    link: a.link === "" ? null : a.link,
    comment: a.comment,
    upload_date: a.upload_date,
    upload_user: a.upload_user,
    user_detail: r.user && r.user.pk !== null ? r.user : null,
    file_size: a.file_size,
    model_type: a.model_type,
    model_id: a.model_id,
    tags: a.tags,
  };
}

const ORDERING = ofBoundTables(() => ({ pk: attachments.id, model_id: attachments.model_id, model_type: attachments.model_type, upload_date: attachments.upload_date, file_size: attachments.file_size }));

function listWhere(q: Pick<AttachmentListFilters, "model_type" | "model_id" | "upload_user" | "is_link" | "is_file" | "search">): SQL | undefined {
  const isLink = parseBoolQuery(q.is_link);
  const isFile = parseBoolQuery(q.is_file);
  return and(
    q.model_type !== undefined ? eq(attachments.model_type, q.model_type) : undefined,
    q.model_id !== undefined ? eq(attachments.model_id, q.model_id) : undefined,
    q.upload_user !== undefined ? eq(attachments.upload_user, q.upload_user) : undefined,
    isLink === undefined ? undefined : isLink ? ne(attachments.link, "") : eq(attachments.link, ""),
    isFile === undefined ? undefined : isFile ? isNotNull(attachments.file) : isNull(attachments.file),
    searchCondition(q.search, [attachments.comment, attachments.model_type]),
  );
}

/** GET /api/attachment/: filters model_type, model_id, upload_user, is_link, is_file; search; ordering. */
export async function listAttachments(db: Reads, q: AttachmentListFilters) {
  const where = listWhere(q);
  const total = q.limit === undefined ? 0 : ((await db.q.select({ n: count() }).from(attachments).where(where))[0]?.n ?? 0);
  let query = select(db).where(where).orderBy(...orderingClause(q.ordering, ORDERING(), [asc(attachments.id)], attachments.id));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: (await query).map(toOut) };
}

export async function getAttachment(db: Reads, pk: number): Promise<AttachmentOut> {
  const [r] = await select(db).where(eq(attachments.id, pk)).limit(1);
  if (!r) throw notFoundAttachment();
  return toOut(r);
}

interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** POST: a file or a link (or both) on an existing object; 400 naming each bad field. */
export async function createAttachment(db: Writes, input: Omit<AttachmentInput, "attachment"> & { file?: UploadedFile }, user: number): Promise<AttachmentOut> {
  const errors = new FieldErrorCollector();
  const link = input.link?.trim() ?? "";
  if (!input.file && link === "") {
    errors.add("attachment", "Missing file");
    errors.add("link", "Missing external link");
  }
  if (input.file && input.file.bytes.byteLength === 0) errors.add("attachment", "The submitted file is empty.");
  if (link !== "" && !isValidLink(link)) errors.add("link", "Enter a valid URL.");
  const target = attachmentTargets()[input.model_type];
  const targetFound = await db.q.select({ id: target.id }).from(target.table).where(eq(target.id, input.model_id)).limit(1);
  if (targetFound.length === 0) errors.add("model_id", invalidPk(input.model_id));
  errors.throwIfAny();
  return db.write(async (tx) => {
    let fileId: number | null = null;
    if (input.file) {
      const name = safeFilename(input.file.name);
      const path = await freePath(tx, `attachments/${input.model_type}/${input.model_id}`, name);
      fileId = await putFile(tx, { path, contentType: attachmentContentType(name), bytes: input.file.bytes });
    }
    const id = await insertReturningId(tx, attachments, {
      model_type: input.model_type,
      model_id: input.model_id,
      file: fileId,
      link,
      comment: input.comment ?? "",
      file_size: input.file?.bytes.byteLength ?? 0,
      upload_date: today(),
      upload_user: user,
      tags: input.tags ?? [],
    });
    return getAttachment(tx, id);
  });
}

/** PATCH/PUT: comment, tags, and the link (a file attachment may not lose its file). */
export async function updateAttachment(db: Writes, pk: number, input: AttachmentPatch): Promise<AttachmentOut> {
  return db.write(async (tx) => {
    const [existing] = await tx.q.select().from(attachments).where(eq(attachments.id, pk)).limit(1);
    if (!existing) throw notFoundAttachment();
    const changes: Partial<typeof attachments.$inferInsert> = {};
    if (input.comment !== undefined) changes.comment = input.comment;
    if (input.tags !== undefined) changes.tags = input.tags;
    if (input.link !== undefined) {
      const link = input.link?.trim() ?? "";
      const errors = new FieldErrorCollector();
      if (link !== "" && !isValidLink(link)) errors.add("link", "Enter a valid URL.");
      if (link === "" && existing.file === null) errors.add("link", "Missing external link");
      errors.throwIfAny();
      changes.link = link;
    }
    if (Object.keys(changes).length > 0) await tx.q.update(attachments).set(changes).where(eq(attachments.id, pk));
    return getAttachment(tx, pk);
  });
}

/** DELETE one attachment; its file goes with it (trigger attachment_file_cleanup). */
export async function deleteAttachment(db: Writes, pk: number): Promise<void> {
  const gone = await db.write((tx) => tx.q.delete(attachments).where(eq(attachments.id, pk)).returning({ id: attachments.id }));
  if (!gone.length) throw notFoundAttachment();
}

/** inventree-python's bulkDelete: by pks and filters (both narrow, as InvenTree's BulkDeleteMixin), in one transaction; the count deleted. */
export async function bulkDeleteAttachments(db: Writes, body: BulkDelete): Promise<number> {
  const errors = new FieldErrorCollector();
  const byItems = body.items?.length ? inArray(attachments.id, body.items) : undefined;
  const byFilters = body.filters && Object.keys(body.filters).length ? listWhere(body.filters) : undefined;
  if (!byItems && !byFilters) {
    errors.add("non_field_errors", "List of items or filters must be provided for bulk operation");
    errors.throwIfAny();
  }
  const gone = await db.write((tx) => tx.q.delete(attachments).where(and(byItems, byFilters)).returning({ id: attachments.id }));
  return gone.length;
}
