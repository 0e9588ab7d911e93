import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import {
  BulkDeleteBody,
  ParameterCreateBody,
  ParameterListQuery,
  ParameterSchema,
  ParameterUpdateBody,
  TemplateCreateBody,
  TemplateListQuery,
  TemplateSchema,
  TemplateUpdateBody,
} from "./model.ts";
import * as service from "./service.ts";
import * as templates from "./templates.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/**
 * /api/parameter/ and /api/parameter/template/: InvenTree's unified parameters (API ≥ 429), as the
 * app (parameter.dart, parameter_widget.dart) and inventree-python (base.py Parameter,
 * ParameterTemplate, ParameterMixin) use them. Every role reads; staff adds, edits and deletes.
 */
export const parameterModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/parameter", prefix: "/api/parameter", detail: { tags: ["parameter"] } })
    .use(authPlugin(ctx))
    .get("/template/", async ({ query, request }) => pageEnvelope(request.url, query, await templates.listTemplates(ctx.database, query)), {
      auth: "readonly",
      query: TemplateListQuery,
      response: Paginated(TemplateSchema),
      detail: { summary: "List parameter templates" },
    })
    .post(
      "/template/",
      async ({ body, set }) => {
        const created = await templates.createTemplate(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: TemplateCreateBody, response: { 201: TemplateSchema }, detail: { summary: "Add a parameter template" } },
    )
    .get("/template/:pk/", ({ params }) => templates.getTemplate(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: TemplateSchema })
    .patch("/template/:pk/", ({ params, body }) => templates.updateTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TemplateUpdateBody,
      response: TemplateSchema,
    })
    .put("/template/:pk/", ({ params, body }) => templates.updateTemplate(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TemplateUpdateBody,
      response: TemplateSchema,
    })
    .delete(
      "/template/:pk/",
      async ({ params, set }) => {
        await templates.deleteTemplate(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a parameter template and its parameters" } },
    )
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await service.listParameters(ctx.database, query)), {
      auth: "readonly",
      query: ParameterListQuery,
      response: Paginated(ParameterSchema),
      detail: { summary: "List parameters (filter model_type and model_id)" },
    })
    .post(
      "/",
      async ({ body, user, set }) => {
        const created = await service.createParameter(ctx.database, body, user.id);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: ParameterCreateBody, response: { 201: ParameterSchema }, detail: { summary: "Add a parameter to an object" } },
    )
    .delete(
      "/",
      async ({ body, set }) => {
        await service.bulkDeleteParameters(ctx.database, body);
        set.status = 204;
      },
      { auth: "staff", body: BulkDeleteBody, detail: { summary: "Delete several parameters (items and/or filters)" } },
    )
    .get("/:pk/", ({ params }) => service.getParameter(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: ParameterSchema })
    .patch("/:pk/", ({ params, body, user }) => service.updateParameter(ctx.database, params.pk, body, user.id), {
      auth: "staff",
      params: PkParams,
      body: ParameterUpdateBody,
      response: ParameterSchema,
    })
    .put("/:pk/", ({ params, body, user }) => service.updateParameter(ctx.database, params.pk, body, user.id), {
      auth: "staff",
      params: PkParams,
      body: ParameterUpdateBody,
      response: ParameterSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await service.deleteParameter(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
