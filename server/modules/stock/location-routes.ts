import { PkParams } from "../../core/params.ts";
import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { LocationCreateBody, LocationListQuery, LocationPatchBody, LocationPutBody, LocationSchema } from "./location-model.ts";
import * as locations from "./location-service.ts";
import { pageEnvelope } from "../../http/pagination.ts";

/** /api/stock/location/…: the location tree. */
export const locationRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/location" })
    .use(authPlugin(ctx))
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await locations.listLocations(ctx.database, query)), {
      auth: "readonly",
      query: LocationListQuery,
      response: Paginated(LocationSchema),
      detail: { summary: "List stock locations (filters parent, cascade, structural, external, search)" },
    })
    .post(
      "/",
      ({ body, set }) => {
        set.status = 201;
        return locations.createLocation(ctx.database, body);
      },
      { auth: "staff", body: LocationCreateBody, response: { 201: LocationSchema }, detail: { summary: "Create a stock location" } },
    )
    .get("/:pk/", ({ params }) => locations.getLocation(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: LocationSchema })
    .patch("/:pk/", ({ params, body }) => locations.updateLocation(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: LocationPatchBody,
      response: LocationSchema,
      detail: { summary: "Update a location; renames and moves rewrite the subtree's pathstrings" },
    })
    .put("/:pk/", ({ params, body }) => locations.updateLocation(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: LocationPutBody,
      response: LocationSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, user, set }) => {
        await locations.deleteLocation(ctx.database, params.pk, user.id);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a location; its sublocations and items move to its parent" } },
    );
