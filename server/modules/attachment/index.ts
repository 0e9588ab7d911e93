import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin, identify } from "../../http/auth.ts";
import { ApiError, permissionDenied } from "../../core/errors.ts";
import { Paginated } from "../../core/pagination.ts";
import { tooLarge, uploadPath } from "../../http/upload-limit.ts";
import { hasRole } from "../../core/auth.ts";
import { AttachmentCreateBody, AttachmentListQuery, AttachmentSchema, AttachmentUpdateBody, BulkDeleteBody } from "./model.ts";
import * as service from "./service.ts";
import { PkParams } from "../../core/params.ts";
import { pageEnvelope } from "../../http/pagination.ts";

const ATTACHMENT_UPLOAD = /^\/api\/attachment\/?$/;

/**
 * /api/attachment/: InvenTree's unified attachments API (API ≥ 207). Reading needs any role (every
 * role may view every model); adding, editing and deleting need staff, as changing the model does.
 */
export const attachmentModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/attachment", prefix: "/api/attachment", detail: { tags: ["attachment"] } })
    .use(authPlugin(ctx))
    .onRequest(async ({ request }) => {
      // An upload's credentials are checked before its body is read (Elysia parses the body
      // before the auth macro runs), so an anonymous or read-only caller cannot make the server
      // buffer up to BINVENTORY_MAX_UPLOAD_BYTES.
      const path = uploadPath(request);
      if (path === null || !ATTACHMENT_UPLOAD.test(path)) return;
      try {
        const user = await identify(ctx, request.headers.get("authorization") ?? undefined);
        if (!hasRole(user, "staff")) throw permissionDenied();
      } catch (e) {
        if (e instanceof ApiError) return new Response(JSON.stringify(e.body), { status: e.status, headers: { "content-type": "application/json" } });
        throw e;
      }
    })
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await service.listAttachments(ctx.database, query)), {
      auth: "readonly",
      query: AttachmentListQuery,
      response: Paginated(AttachmentSchema),
      detail: { summary: "List attachments (filter model_type and model_id)" },
    })
    .post(
      "/",
      async ({ body, user, set }) => {
        const { attachment: file, ...rest } = body;
        if (file && file.size > ctx.config.maxUploadBytes) throw tooLarge(file.size, ctx.config.maxUploadBytes);
        const upload = file ? { name: file.name, bytes: await file.bytes() } : undefined;
        set.status = 201;
        return service.createAttachment(ctx.database, { ...rest, file: upload }, user.id);
      },
      {
        auth: "staff",
        body: AttachmentCreateBody,
        response: { 201: AttachmentSchema },
        detail: { summary: "Upload a file (multipart, field attachment) or add a link" },
      },
    )
    .delete(
      "/",
      async ({ body, set }) => {
        await service.bulkDeleteAttachments(ctx.database, body);
        set.status = 204;
      },
      { auth: "staff", body: BulkDeleteBody, detail: { summary: "Delete several attachments (items and/or filters)" } },
    )
    .get("/:pk/", ({ params }) => service.getAttachment(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: AttachmentSchema })
    .patch("/:pk/", ({ params, body }) => service.updateAttachment(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: AttachmentUpdateBody,
      response: AttachmentSchema,
    })
    .put("/:pk/", ({ params, body }) => service.updateAttachment(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: AttachmentUpdateBody,
      response: AttachmentSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await service.deleteAttachment(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
