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
    .get("/template/", ({ query, request }) => pageEnvelope(request.url, query, templates.listTemplates(ctx.db, query)), {
      auth: "readonly",
      query: TemplateListQuery,
      response: Paginated(TemplateSchema),
      detail: { summary: "List parameter templates" },
    })
    .post(
      "/template/",
      ({ body, set }) => {
        set.status = 201;
        return templates.createTemplate(ctx.db, body);
      },
      { auth: "staff", body: TemplateCreateBody, response: { 201: TemplateSchema }, detail: { summary: "Add a parameter template" } },
    )
    .get("/template/:pk/", ({ params }) => templates.getTemplate(ctx.db, params.pk), { auth: "readonly", params: PkParams, response: TemplateSchema })
    .patch("/template/:pk/", ({ params, body }) => templates.updateTemplate(ctx.db, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TemplateUpdateBody,
      response: TemplateSchema,
    })
    .put("/template/:pk/", ({ params, body }) => templates.updateTemplate(ctx.db, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TemplateUpdateBody,
      response: TemplateSchema,
    })
    .delete(
      "/template/:pk/",
      ({ params, set }) => {
        templates.deleteTemplate(ctx.db, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a parameter template and its parameters" } },
    )
    .get("/", ({ query, request }) => pageEnvelope(request.url, query, service.listParameters(ctx.db, query)), {
      auth: "readonly",
      query: ParameterListQuery,
      response: Paginated(ParameterSchema),
      detail: { summary: "List parameters (filter model_type and model_id)" },
    })
    .post(
      "/",
      ({ body, user, set }) => {
        set.status = 201;
        return service.createParameter(ctx.db, body, user.id);
      },
      { auth: "staff", body: ParameterCreateBody, response: { 201: ParameterSchema }, detail: { summary: "Add a parameter to an object" } },
    )
    .delete(
      "/",
      ({ body, set }) => {
        service.bulkDeleteParameters(ctx.db, body);
        set.status = 204;
      },
      { auth: "staff", body: BulkDeleteBody, detail: { summary: "Delete several parameters (items and/or filters)" } },
    )
    .get("/:pk/", ({ params }) => service.getParameter(ctx.db, params.pk), { auth: "readonly", params: PkParams, response: ParameterSchema })
    .patch("/:pk/", ({ params, body, user }) => service.updateParameter(ctx.db, params.pk, body, user.id), {
      auth: "staff",
      params: PkParams,
      body: ParameterUpdateBody,
      response: ParameterSchema,
    })
    .put("/:pk/", ({ params, body, user }) => service.updateParameter(ctx.db, params.pk, body, user.id), {
      auth: "staff",
      params: PkParams,
      body: ParameterUpdateBody,
      response: ParameterSchema,
    })
    .delete(
      "/:pk/",
      ({ params, set }) => {
        service.deleteParameter(ctx.db, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
