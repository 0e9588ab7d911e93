import { Elysia } from "elysia";
import type { AppContext } from "../../context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../http/pagination.ts";
import { DataOutputListQuery, DataOutputSchema, LabelPrintBody, PkParams, ReportPrintBody, TemplateListQuery, TemplateSchema } from "./model.ts";
import { deleteOutput, getOutput, listOutputs, readOutputFile } from "./outputs.ts";
import { printTemplate } from "./service.ts";
import { listTemplateOut } from "./templates.ts";

/** RFC 6266 Content-Disposition: an ASCII fallback and the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
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
      .get("/", ({ query, request }) => listTemplateOut(ctx, kind, request.url, query), {
        auth: "readonly",
        query: TemplateListQuery,
        response: Paginated(TemplateSchema),
        detail: { summary: `List the ${kind} templates (built-in and plugin)` },
      })
      .get("/template/", ({ query, request }) => listTemplateOut(ctx, kind, request.url, query), {
        auth: "readonly",
        query: TemplateListQuery,
        response: Paginated(TemplateSchema),
        detail: { summary: `List the ${kind} templates (InvenTree's address)` },
      });

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
        return printTemplate(ctx, "label", { ...body, user, requestId: request.headers.get("x-request-id") ?? undefined });
      },
      { auth: "readonly", body: LabelPrintBody, response: { 201: DataOutputSchema }, detail: { summary: "Print a label sheet for items; answers the stored output", tags: ["report"] } },
    )
    .get("/api/data-output/", ({ query, user, request }) => listOutputs(ctx.db, request.url, query, user), {
      auth: "readonly",
      query: DataOutputListQuery,
      response: Paginated(DataOutputSchema),
      detail: { summary: "Printed outputs: the caller's own, every one for a superuser", tags: ["report"] },
    })
    .get("/api/data-output/:pk/", ({ params, user }) => getOutput(ctx.db, params.pk, user), {
      auth: "readonly",
      params: PkParams,
      response: DataOutputSchema,
      detail: { summary: "One printed output", tags: ["report"] },
    })
    .delete(
      "/api/data-output/:pk/",
      ({ params, user, set }) => {
        deleteOutput(ctx.db, params.pk, user);
        set.status = 204;
      },
      { auth: "readonly", params: PkParams, detail: { summary: "Delete one of the caller's outputs", tags: ["report"] } },
    )
    .get(
      "/api/data-output/:pk/download/",
      ({ params, user }) => {
        const f = readOutputFile(ctx.db, params.pk, user);
        return new Response(f.bytes, { headers: { "content-type": f.contentType, "content-disposition": disposition(f.name), "x-content-type-options": "nosniff" } });
      },
      { auth: "readonly", params: PkParams, detail: { summary: "The output's file, with its content type and file name", tags: ["report"] } },
    );
};
