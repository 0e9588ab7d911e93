import { type AnyElysia, Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { MetadataBody, MetadataParams, MetadataSchema } from "./model.ts";
import { getMetadata, metadataModels, setMetadata } from "./service.ts";
import { PkParams } from "../../core/params.ts";

/**
 * InvenTree's metadata endpoints, both forms inventree-python uses (inventree/base.py
 * MetadataMixin.metadata_url): `/api/metadata/<model>/<pk>/` (API ≥ 436) and, before that,
 * `<detail URL>/metadata/` of each metadata model. GET reads, PATCH merges, PUT replaces.
 */
export const metadataModule = (ctx: AppContext): AnyElysia => {
  let app: AnyElysia = new Elysia({ name: "binventory/metadata", detail: { tags: ["metadata"] } })
    .use(authPlugin(ctx))
    .get("/api/metadata/:model/:pk/", ({ params }) => getMetadata(ctx.database, params.model, params.pk), { auth: "readonly", params: MetadataParams, response: MetadataSchema })
    .patch("/api/metadata/:model/:pk/", ({ params, body }) => setMetadata(ctx.database, params.model, params.pk, body.metadata, "merge"), {
      auth: "staff",
      params: MetadataParams,
      body: MetadataBody,
      response: MetadataSchema,
      detail: { summary: "Merge keys into an object's metadata" },
    })
    .put("/api/metadata/:model/:pk/", ({ params, body }) => setMetadata(ctx.database, params.model, params.pk, body.metadata, "replace"), {
      auth: "staff",
      params: MetadataParams,
      body: MetadataBody,
      response: MetadataSchema,
      detail: { summary: "Replace an object's metadata" },
    });
  for (const [model, { legacyPath }] of Object.entries(metadataModels())) app = app.use(legacyRoutes(ctx, model, legacyPath));
  return app;
};

/** GET/PATCH/PUT `<detail URL>/metadata/` of one model (the form before API 436). */
const legacyRoutes = (ctx: AppContext, model: string, legacyPath: string) =>
  new Elysia({ name: `binventory/metadata/${model}` })
    .use(authPlugin(ctx))
    .get(legacyPath, ({ params }) => getMetadata(ctx.database, model, params.pk), { auth: "readonly", params: PkParams, response: MetadataSchema })
    .patch(legacyPath, ({ params, body }) => setMetadata(ctx.database, model, params.pk, body.metadata, "merge"), { auth: "staff", params: PkParams, body: MetadataBody, response: MetadataSchema })
    .put(legacyPath, ({ params, body }) => setMetadata(ctx.database, model, params.pk, body.metadata, "replace"), { auth: "staff", params: PkParams, body: MetadataBody, response: MetadataSchema });
