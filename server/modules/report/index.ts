import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { BUILTIN_SLUG } from "../barcode/service.ts";
import type { AuthUser } from "../../core/auth.ts";
import { DataOutputListQuery, DataOutputSchema, DownloadParams, InvenTreeTemplateSchema, LabelPrintBody, ReportPrintBody, TemplateFileSchema, TemplateListQuery, TemplateSchema } from "./model.ts";
import { deleteOutput, getOutput, listOutputs, readOutputFile } from "./outputs.ts";
import { printTemplate } from "./service.ts";
import { getInvenTreeTemplate, getTemplateFile, listInvenTreeTemplates, listTemplateOut } from "./template-list.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { fileAnswerDoc } from "../../http/openapi-document.ts";
import { PkParams } from "../../core/params.ts";

/** RFC 6266 Content-Disposition: an ASCII fallback and the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The file of an output as a download. */
async function download(ctx: AppContext, pk: number, user: AuthUser): Promise<Response> {
  const f = await readOutputFile(ctx.database, pk, user);
  return new Response(f.bytes, { headers: { "content-type": f.contentType, "content-disposition": disposition(f.name), "x-content-type-options": "nosniff" } });
}

/**
 * Reports and labels as InvenTree's report app: template lists, print endpoints answering a
 * data-output record (201, rendered synchronously, `output` its download URL), and the outputs.
 * Any authenticated user may print, as in InvenTree.
 */
export const reportModule = (ctx: AppContext) => {
  const templates = (kind: "report" | "label") =>
    new Elysia({ prefix: `/api/${kind}`, detail: { tags: ["report"] } })
      .use(authPlugin(ctx))
      .get("/", ({ query, request }) => pageEnvelope(request.url, query, listTemplateOut(ctx, kind, query)), {
        auth: "readonly",
        query: TemplateListQuery,
        response: Paginated(TemplateSchema),
        detail: { summary: `List the ${kind} templates (built-in and plugin)` },
      })
      .get("/template/", ({ query, request }) => pageEnvelope(request.url, query, listInvenTreeTemplates(ctx, kind, query)), {
        auth: "readonly",
        query: TemplateListQuery,
        response: Paginated(InvenTreeTemplateSchema),
        detail: { summary: `List the ${kind} templates as InvenTree does: integer pks` },
      })
      .get("/template/:pk/", ({ params }) => getInvenTreeTemplate(ctx, kind, params.pk), {
        auth: "readonly",
        params: PkParams,
        response: InvenTreeTemplateSchema,
        detail: { summary: `One ${kind} template by its integer pk` },
      })
      .get("/template/:pk/file/:name", ({ params }) => getTemplateFile(ctx, kind, params.pk, params.name), {
        auth: "readonly",
        params: t.Object({ pk: t.Integer({ minimum: 1 }), name: t.String() }),
        response: TemplateFileSchema,
        detail: { summary: `The ${kind} template's file: a JSON description (templates are code, not files)` },
      });
  // Any plugin key the server knows: the label print tells "not found" from "cannot print labels".
  const pluginExists = (key: string) => key === BUILTIN_SLUG || ctx.plugins.find(key) !== undefined;

  return new Elysia({ name: "binventory/report" })
    .use(templates("report"))
    .use(templates("label"))
    .use(authPlugin(ctx))
    .post(
      "/api/report/print/",
      async ({ body, user, request, set }) => {
        set.status = 201;
        return printTemplate(ctx, "report", { ...body, user, requestId: request.headers.get("x-request-id") ?? undefined });
      },
      { auth: "readonly", body: ReportPrintBody, response: { 201: DataOutputSchema }, detail: { summary: "Print a report for items; answers the stored output", tags: ["report"] } },
    )
    .post(
      "/api/label/print/",
      async ({ body, user, request, set }) => {
        set.status = 201;
        return printTemplate(ctx, "label", { ...body, user, pluginExists, requestId: request.headers.get("x-request-id") ?? undefined });
      },
      {
        auth: "readonly",
        // The app sends every form field, null when left empty: a null nested `label` means none.
        transform({ body }) {
          const b = body as { label?: unknown } | null;
          if (b && typeof b === "object" && b.label === null) delete b.label;
        },
        body: LabelPrintBody,
        response: { 201: DataOutputSchema },
        detail: { summary: "Print labels for items through the label plugin (inventreelabel); answers the stored output, already complete", tags: ["report"] },
      },
    )
    .get("/api/data-output/", async ({ query, user, request }) => pageEnvelope(request.url, query, await listOutputs(ctx.database, query, user)), {
      auth: "readonly",
      query: DataOutputListQuery,
      response: Paginated(DataOutputSchema),
      detail: { summary: "Printed outputs: the caller's own, every one for a superuser", tags: ["report"] },
    })
    .get("/api/data-output/:pk/", ({ params, user }) => getOutput(ctx.database, params.pk, user), {
      auth: "readonly",
      params: PkParams,
      response: DataOutputSchema,
      detail: { summary: "One printed output", tags: ["report"] },
    })
    .delete(
      "/api/data-output/:pk/",
      async ({ params, user, set }) => {
        await deleteOutput(ctx.database, params.pk, user);
        set.status = 204;
      },
      { auth: "readonly", params: PkParams, detail: { summary: "Delete one of the caller's outputs", tags: ["report"] } },
    )
    .get("/api/data-output/:pk/download/", ({ params, user }) => download(ctx, params.pk, user), {
      auth: "readonly",
      params: PkParams,
      detail: { summary: "The output's file, with its content type and file name", tags: ["report"], ...fileAnswerDoc(["*/*"], "The rendered file (PDF, HTML, CSV, Markdown, TeX or an image), as its content type says.") },
    })
    .get("/api/data-output/:pk/download/:name", ({ params, user }) => download(ctx, params.pk, user), {
      auth: "readonly",
      params: DownloadParams,
      detail: { summary: "The output's file at the address `output` gives: its last segment is the file name, which clients save it under", tags: ["report"], ...fileAnswerDoc(["*/*"], "The rendered file (PDF, HTML, CSV, Markdown, TeX or an image), as its content type says.") },
    });
};
