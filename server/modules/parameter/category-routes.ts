import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import * as service from "./category-templates.ts";
import { CategoryTemplateCreateBody, CategoryTemplateListQuery, CategoryTemplateSchema, CategoryTemplateUpdateBody } from "./model.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/**
 * /api/part/category/parameters/: InvenTree's category parameter templates, which
 * inventree-python's PartCategoryParameterTemplate (part.py:16-34) reads and writes.
 * Every role reads; staff adds, edits and deletes.
 */
export const categoryParameterRoutes = (ctx: AppContext) =>
  new Elysia({ name: "binventory/category-parameter", prefix: "/api/part/category/parameters", detail: { tags: ["parameter"] } })
    .use(authPlugin(ctx))
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await service.listCategoryTemplates(ctx.database, query)), {
      auth: "readonly",
      query: CategoryTemplateListQuery,
      response: Paginated(CategoryTemplateSchema),
      detail: { summary: "List category parameter templates (category, fetch_parent)" },
    })
    .post(
      "/",
      async ({ body, set }) => {
        const created = await service.createCategoryTemplate(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: CategoryTemplateCreateBody, response: { 201: CategoryTemplateSchema } },
    )
    .get("/:pk/", ({ params }) => service.getCategoryTemplate(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: CategoryTemplateSchema })
    .patch("/:pk/", ({ params, body }) => service.updateCategoryTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: CategoryTemplateUpdateBody,
      response: CategoryTemplateSchema,
    })
    .put("/:pk/", ({ params, body }) => service.updateCategoryTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: CategoryTemplateUpdateBody,
      response: CategoryTemplateSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await service.deleteCategoryTemplate(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
