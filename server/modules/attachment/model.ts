import { type Static, t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { ATTACHMENT_MODEL_TYPES, MODEL_LABELS } from "./targets.ts";
import { UserBriefSchema } from "../user/model.ts";

const ModelType = t.Union(
  ATTACHMENT_MODEL_TYPES.map((m) => t.Literal(m)),
  { title: "Model type", description: "Target model type for the attachment", "x-choices": ATTACHMENT_MODEL_TYPES.map((m) => ({ value: m, display_name: MODEL_LABELS[m] })) },
);


/** An attachment as InvenTree's AttachmentSerializer shows it (API ≥ 207). */
export const AttachmentSchema = t.Object({
  pk: t.Integer(),
  attachment: t.Union([t.String(), t.Null()], { description: "Download address (/media/attachments/<model_type>/<model_id>/<file name>); null for a link." }),
  filename: t.Union([t.String(), t.Null()]),
  link: t.Union([t.String(), t.Null()]),
  comment: t.String(),
  upload_date: t.String({ description: "Date of the upload, YYYY-MM-DD." }),
  upload_user: t.Union([t.Integer(), t.Null()]),
  user_detail: t.Union([UserBriefSchema, t.Null()]),
  file_size: t.Integer({ description: "Bytes; 0 for a link." }),
  model_type: t.String(),
  model_id: t.Integer(),
  tags: t.Array(t.String()),
});
export type AttachmentOut = Static<typeof AttachmentSchema>;

const Tags = t.Array(t.String({ maxLength: 100 }), { maxItems: 50, title: "Tags" });

/** POST: multipart with the file in `attachment`, or JSON / multipart with a `link`. */
export const AttachmentCreateBody = t.Object({
  attachment: t.Optional(t.File({ title: "Attachment", description: "Select file to attach" })),
  link: t.Optional(t.String({ maxLength: 2000, title: "Link", description: "Link to external URL" })),
  comment: t.Optional(t.String({ maxLength: 250, title: "Comment", description: "Attachment comment" })),
  model_type: ModelType,
  model_id: t.Integer({ minimum: 0, title: "Model ID" }),
  tags: t.Optional(Tags),
});
export type AttachmentInput = Static<typeof AttachmentCreateBody>;

/** PATCH/PUT: the comment, the link of a link attachment, tags (InvenTree also renames; we do not). */
export const AttachmentUpdateBody = t.Object({
  link: t.Optional(t.Union([t.String({ maxLength: 2000, title: "Link", description: "Link to external URL" }), t.Null()])),
  comment: t.Optional(t.String({ maxLength: 250, title: "Comment", description: "Attachment comment" })),
  tags: t.Optional(Tags),
});
export type AttachmentPatch = Static<typeof AttachmentUpdateBody>;

export const AttachmentListQuery = t.Object({
  ...ListQuery,
  model_type: t.Optional(t.String({ maxLength: 100 })),
  model_id: t.Optional(t.Integer({ minimum: 0 })),
  upload_user: t.Optional(t.Integer({ minimum: 0 })),
  is_link: t.Optional(BoolQuery),
  is_file: t.Optional(BoolQuery),
});
export type AttachmentListFilters = Static<typeof AttachmentListQuery>;

/** inventree-python's BulkDeleteMixin: DELETE on the list URL with `items` (pks) or `filters`. */
export const BulkDeleteBody = t.Object({
  items: t.Optional(t.Array(t.Integer({ minimum: 1 }), { maxItems: 10000 })),
  filters: t.Optional(t.Object({ model_type: t.Optional(t.String({ maxLength: 100 })), model_id: t.Optional(t.Integer({ minimum: 0 })) })),
});
export type BulkDelete = Static<typeof BulkDeleteBody>;

