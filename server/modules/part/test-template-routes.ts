import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { PkParams } from "../../core/params.ts";
import { TestTemplateCreateBody, TestTemplateListQuery, TestTemplatePatchBody, TestTemplatePutBody, TestTemplateSchema } from "./test-template-model.ts";
import * as templates from "./test-template-service.ts";
import { pageEnvelope } from "../../http/pagination.ts";

/** /api/part/test-template/…: InvenTree's part test templates. */
export const testTemplateRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/test-template" })
    .use(authPlugin(ctx))
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await templates.listTestTemplates(ctx.database, query)), {
      auth: "readonly",
      query: TestTemplateListQuery,
      response: Paginated(TestTemplateSchema),
      detail: { summary: "List part test templates" },
    })
    .post(
      "/",
      async ({ body, set }) => {
        const created = await templates.createTestTemplate(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: TestTemplateCreateBody, response: { 201: TestTemplateSchema }, detail: { summary: "Create a test template (the part must be testable)" } },
    )
    .get("/:pk/", ({ params }) => templates.getTestTemplate(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: TestTemplateSchema })
    .patch("/:pk/", ({ params, body }) => templates.updateTestTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TestTemplatePatchBody,
      response: TestTemplateSchema,
    })
    .put("/:pk/", ({ params, body }) => templates.updateTestTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TestTemplatePutBody,
      response: TestTemplateSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await templates.deleteTestTemplate(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a test template and the results recorded against it" } },
    );
