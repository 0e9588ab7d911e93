import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { ListQuery, Paginated } from "../../core/pagination.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import {
  BulkDeleteBody,
  CompanyCreateBody,
  CompanyPutBody,
  CompanyListQuery,
  CompanySchema,
  CompanyUpdateBody,
  ManufacturerPartCreateBody,
  ManufacturerPartDetailQuery,
  ManufacturerPartListQuery,
  ManufacturerPartSchema,
  ManufacturerPartUpdateBody,
  SupplierPartCreateBody,
  SupplierPartDetailQuery,
  SupplierPartListQuery,
  SupplierPartSchema,
  SupplierPartUpdateBody,
} from "./model.ts";
import { imageUploadDoc } from "../media/model.ts";
import * as company from "./service.ts";
import { bulkDeleteSupplierParts, detailOptions } from "./supplier-part-service.ts";
import * as mp from "./manufacturer-part-service.ts";
import { PkParams } from "../../core/params.ts";

/** /api/company/… : companies and their supplier parts, as InvenTree's company API. */
export const companyModule = (ctx: AppContext) => {
  const reads = ctx.database;
  return new Elysia({ name: "binventory/company", prefix: "/api/company", detail: { tags: ["company"] } })
    .use(authPlugin(ctx))
    // Manufacturer parts, then supplier parts: the static segments must not be read as pks.
    .get("/part/manufacturer/", async ({ query, request }) => pageEnvelope(request.url, query, await mp.listManufacturerParts(reads, query)), {
      auth: "readonly",
      query: ManufacturerPartListQuery,
      response: Paginated(ManufacturerPartSchema),
      detail: { summary: "List manufacturer parts" },
    })
    .post(
      "/part/manufacturer/",
      async ({ body, query, set }) => {
        const created = await mp.createManufacturerPart(ctx.database, body);
        set.status = 201;
        return mp.getManufacturerPart(reads, created.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", body: ManufacturerPartCreateBody, query: ManufacturerPartDetailQuery, response: { 201: ManufacturerPartSchema }, detail: { summary: "Create a manufacturer part" } },
    )
    .delete("/part/manufacturer/", ({ body }) => mp.bulkDeleteManufacturerParts(ctx.database, body), {
      auth: "staff",
      body: BulkDeleteBody,
      response: t.Object({ success: t.String() }),
      detail: { summary: "Bulk delete manufacturer parts: {items: [pk…]} and/or {filters: {part, manufacturer, MPN}}" },
    })
    .get("/part/manufacturer/:pk/", ({ params, query }) => mp.getManufacturerPart(reads, params.pk, mp.manufacturerDetailOptions(query)), {
      auth: "readonly",
      params: PkParams,
      query: ManufacturerPartDetailQuery,
      response: ManufacturerPartSchema,
    })
    .patch(
      "/part/manufacturer/:pk/",
      async ({ params, body, query }) => {
        await mp.updateManufacturerPart(ctx.database, params.pk, body);
        return mp.getManufacturerPart(reads, params.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", params: PkParams, body: ManufacturerPartUpdateBody, query: ManufacturerPartDetailQuery, response: ManufacturerPartSchema },
    )
    .put(
      "/part/manufacturer/:pk/",
      async ({ params, body, query }) => {
        await mp.updateManufacturerPart(ctx.database, params.pk, body);
        return mp.getManufacturerPart(reads, params.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", params: PkParams, body: ManufacturerPartCreateBody, query: ManufacturerPartDetailQuery, response: ManufacturerPartSchema },
    )
    .delete(
      "/part/manufacturer/:pk/",
      async ({ params, set }) => {
        await mp.deleteManufacturerPart(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a manufacturer part (linked supplier parts are unlinked)" } },
    )
    // Supplier parts first: the static "part" segment must not be read as a company pk.
    .get("/part/", async ({ query, request }) => pageEnvelope(request.url, query, await company.listSupplierParts(reads, query)), {
      auth: "readonly",
      query: SupplierPartListQuery,
      response: Paginated(SupplierPartSchema),
      detail: { summary: "List supplier parts" },
    })
    .post(
      "/part/",
      async ({ body, query, set }) => {
        const created = await company.createSupplierPart(ctx.database, body);
        set.status = 201;
        return company.getSupplierPart(reads, created.pk, detailOptions(query));
      },
      { auth: "staff", body: SupplierPartCreateBody, query: SupplierPartDetailQuery, response: { 201: SupplierPartSchema }, detail: { summary: "Create a supplier part" } },
    )
    .delete("/part/", ({ body }) => bulkDeleteSupplierParts(ctx.database, body), {
      auth: "staff",
      body: BulkDeleteBody,
      response: t.Object({ success: t.String() }),
      detail: { summary: "Bulk delete supplier parts: {items: [pk…]} and/or {filters: {part, supplier, SKU}}" },
    })
    .get("/part/:pk/", ({ params, query }) => company.getSupplierPart(reads, params.pk, detailOptions(query)), {
      auth: "readonly",
      params: PkParams,
      query: SupplierPartDetailQuery,
      response: SupplierPartSchema,
    })
    .patch(
      "/part/:pk/",
      async ({ params, body, query }) => {
        await company.updateSupplierPart(ctx.database, params.pk, body);
        return company.getSupplierPart(reads, params.pk, detailOptions(query));
      },
      { auth: "staff", params: PkParams, body: SupplierPartUpdateBody, query: SupplierPartDetailQuery, response: SupplierPartSchema },
    )
    .put(
      "/part/:pk/",
      async ({ params, body, query }) => {
        await company.updateSupplierPart(ctx.database, params.pk, body);
        return company.getSupplierPart(reads, params.pk, detailOptions(query));
      },
      { auth: "staff", params: PkParams, body: SupplierPartCreateBody, query: SupplierPartDetailQuery, response: SupplierPartSchema },
    )
    .delete(
      "/part/:pk/",
      async ({ params, set }) => {
        await company.deleteSupplierPart(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    )
    // Contacts and addresses are not kept by Binventory: InvenTree's lists, always empty, so
    // inventree-python's Company.getContacts / getAddresses (company.py:39-47) get an honest answer.
    .get("/contact/", ({ query, request }) => pageEnvelope(request.url, query, { total: 0, rows: [] }), {
      auth: "readonly",
      query: t.Object({ ...ListQuery, company: t.Optional(t.Integer()) }),
      response: Paginated(t.Object({ pk: t.Integer() })),
      detail: { summary: "Company contacts (not kept: always empty)" },
    })
    .get("/address/", ({ query, request }) => pageEnvelope(request.url, query, { total: 0, rows: [] }), {
      auth: "readonly",
      query: t.Object({ ...ListQuery, company: t.Optional(t.Integer()) }),
      response: Paginated(t.Object({ pk: t.Integer() })),
      detail: { summary: "Company addresses (not kept: always empty)" },
    })
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await company.listCompanies(reads, query)), {
      auth: "readonly",
      query: CompanyListQuery,
      response: Paginated(CompanySchema),
      detail: { summary: "List companies" },
    })
    .post(
      "/",
      async ({ body, set }) => {
        const created = await company.createCompany(ctx.database, body);
        set.status = 201;
        return created;
      },
      { auth: "staff", body: CompanyCreateBody, response: { 201: CompanySchema } },
    )
    .get("/:pk/", ({ params }) => company.getCompany(reads, params.pk), { auth: "readonly", params: PkParams, response: CompanySchema })
    .patch("/:pk/", ({ params, body }) => company.updateCompany(ctx.database, params.pk, body), { auth: "staff", params: PkParams, body: CompanyUpdateBody, response: CompanySchema, detail: imageUploadDoc })
    .put("/:pk/", ({ params, body }) => company.updateCompany(ctx.database, params.pk, body), { auth: "staff", params: PkParams, body: CompanyPutBody, response: CompanySchema, detail: imageUploadDoc })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await company.deleteCompany(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a company and its supplier parts" } },
    );
};
