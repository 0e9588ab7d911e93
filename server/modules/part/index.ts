import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { parseBoolQuery } from "../../core/query.ts";
import {
  CategoryCreateBody,
  CategoryPutBody,
  CategoryListQuery,
  CategorySchema,
  CategoryUpdateBody,
  DetailQuery,
  PartCreateBody,
  PartPutBody,
  PartListQuery,
  PartSchema,
  PartUpdateBody,
} from "./model.ts";
import { partSerialNumbers } from "../stock/service.ts";
import { imageUploadDoc } from "../media/model.ts";
import { partRequirements } from "./requirements.ts";
import { PartRequirementsSchema } from "./requirements-model.ts";
import * as part from "./service.ts";
import { testTemplateRoutes } from "./test-template-routes.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** /api/part/… : part categories (a tree) and parts, as InvenTree's part API. */
export const partModule = (ctx: AppContext) => {
  const reads = ctx.database;
  return new Elysia({ name: "binventory/part", prefix: "/api/part", detail: { tags: ["part"] } })
    .use(authPlugin(ctx))
    .use(testTemplateRoutes(ctx))
    // Categories first: the static "category" segment must not be read as a part pk.
    .get("/category/", async ({ query, request }) => pageEnvelope(request.url, query, await part.listCategories(reads, query)), {
      auth: "readonly",
      query: CategoryListQuery,
      response: Paginated(CategorySchema),
      detail: { summary: "List part categories" },
    })
    .post(
      "/category/",
      async ({ body, set }) => {
        const created = await part.createCategory(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: CategoryCreateBody, response: { 201: CategorySchema }, detail: { summary: "Create a part category" } },
    )
    .get("/category/:pk/", ({ params }) => part.getCategory(reads, params.pk), { auth: "readonly", params: PkParams, response: CategorySchema })
    .patch("/category/:pk/", ({ params, body }) => part.updateCategory(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: CategoryUpdateBody,
      response: CategorySchema,
      detail: { summary: "Update a category; a rename or move rewrites the pathstring of its subtree" },
    })
    .put("/category/:pk/", ({ params, body }) => part.updateCategory(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: CategoryPutBody,
      response: CategorySchema,
    })
    .delete(
      "/category/:pk/",
      async ({ params, set }) => {
        await part.deleteCategory(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a category; its parts and child categories move to its parent" } },
    )
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await part.listParts(reads, query)), {
      auth: "readonly",
      query: PartListQuery,
      response: Paginated(PartSchema),
      detail: { summary: "List parts with their stock totals" },
    })
    .post(
      "/",
      async ({ body, set }) => {
        const created = await part.createPart(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: PartCreateBody, response: { 201: PartSchema }, detail: { summary: "Create a part" } },
    )
    .get("/:pk/", ({ params, query }) => part.getPart(reads, params.pk, { categoryDetail: parseBoolQuery(query.category_detail) }), {
      auth: "readonly",
      params: PkParams,
      query: DetailQuery,
      response: PartSchema,
    })
    .get("/:pk/serial-numbers/", ({ params }) => partSerialNumbers(reads, params.pk), {
      auth: "readonly",
      params: PkParams,
      response: t.Object({ latest: t.Union([t.String(), t.Null()]), next: t.Union([t.String(), t.Null()]) }),
      detail: { summary: "The part's latest serial number and the next one" },
    })
    .get("/:pk/requirements/", ({ params }) => partRequirements(ctx.database, params.pk), {
      auth: "readonly",
      params: PkParams,
      response: PartRequirementsSchema,
      detail: { summary: "What the part has in stock, on order and needed by open sales orders (InvenTree API 350)" },
    })
    .patch("/:pk/", ({ params, body }) => part.updatePart(ctx.database, params.pk, body), { auth: "staff", params: PkParams, body: PartUpdateBody, response: PartSchema, detail: imageUploadDoc })
    .put("/:pk/", ({ params, body }) => part.updatePart(ctx.database, params.pk, body), { auth: "staff", params: PkParams, body: PartPutBody, response: PartSchema, detail: imageUploadDoc })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await part.deletePart(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete an inactive part without stock" } },
    );
};
