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
export const companyModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/company", prefix: "/api/company", detail: { tags: ["company"] } })
    .use(authPlugin(ctx))
    // Manufacturer parts, then supplier parts: the static segments must not be read as pks.
    .get("/part/manufacturer/", ({ query, request }) => pageEnvelope(request.url, query, mp.listManufacturerParts(ctx.db, query)), {
      auth: "readonly",
      query: ManufacturerPartListQuery,
      response: Paginated(ManufacturerPartSchema),
      detail: { summary: "List manufacturer parts" },
    })
    .post(
      "/part/manufacturer/",
      ({ body, query, set }) => {
        set.status = 201;
        const created = mp.createManufacturerPart(ctx.db, body);
        return mp.getManufacturerPart(ctx.db, created.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", body: ManufacturerPartCreateBody, query: ManufacturerPartDetailQuery, response: { 201: ManufacturerPartSchema }, detail: { summary: "Create a manufacturer part" } },
    )
    .delete("/part/manufacturer/", ({ body }) => mp.bulkDeleteManufacturerParts(ctx.db, body), {
      auth: "staff",
      body: BulkDeleteBody,
      response: t.Object({ success: t.String() }),
      detail: { summary: "Bulk delete manufacturer parts: {items: [pk…]} and/or {filters: {part, manufacturer, MPN}}" },
    })
    .get("/part/manufacturer/:pk/", ({ params, query }) => mp.getManufacturerPart(ctx.db, params.pk, mp.manufacturerDetailOptions(query)), {
      auth: "readonly",
      params: PkParams,
      query: ManufacturerPartDetailQuery,
      response: ManufacturerPartSchema,
    })
    .patch(
      "/part/manufacturer/:pk/",
      ({ params, body, query }) => {
        mp.updateManufacturerPart(ctx.db, params.pk, body);
        return mp.getManufacturerPart(ctx.db, params.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", params: PkParams, body: ManufacturerPartUpdateBody, query: ManufacturerPartDetailQuery, response: ManufacturerPartSchema },
    )
    .put(
      "/part/manufacturer/:pk/",
      ({ params, body, query }) => {
        mp.updateManufacturerPart(ctx.db, params.pk, body);
        return mp.getManufacturerPart(ctx.db, params.pk, mp.manufacturerDetailOptions(query));
      },
      { auth: "staff", params: PkParams, body: ManufacturerPartCreateBody, query: ManufacturerPartDetailQuery, response: ManufacturerPartSchema },
    )
    .delete(
      "/part/manufacturer/:pk/",
      ({ params, set }) => {
        mp.deleteManufacturerPart(ctx.db, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a manufacturer part (linked supplier parts are unlinked)" } },
    )
    // Supplier parts first: the static "part" segment must not be read as a company pk.
    .get("/part/", ({ query, request }) => pageEnvelope(request.url, query, company.listSupplierParts(ctx.db, query)), {
      auth: "readonly",
      query: SupplierPartListQuery,
      response: Paginated(SupplierPartSchema),
      detail: { summary: "List supplier parts" },
    })
    .post(
      "/part/",
      ({ body, query, set }) => {
        set.status = 201;
        const created = company.createSupplierPart(ctx.db, body);
        return company.getSupplierPart(ctx.db, created.pk, detailOptions(query));
      },
      { auth: "staff", body: SupplierPartCreateBody, query: SupplierPartDetailQuery, response: { 201: SupplierPartSchema }, detail: { summary: "Create a supplier part" } },
    )
    .delete("/part/", ({ body }) => bulkDeleteSupplierParts(ctx.db, body), {
      auth: "staff",
      body: BulkDeleteBody,
      response: t.Object({ success: t.String() }),
      detail: { summary: "Bulk delete supplier parts: {items: [pk…]} and/or {filters: {part, supplier, SKU}}" },
    })
    .get("/part/:pk/", ({ params, query }) => company.getSupplierPart(ctx.db, params.pk, detailOptions(query)), {
      auth: "readonly",
      params: PkParams,
      query: SupplierPartDetailQuery,
      response: SupplierPartSchema,
    })
    .patch(
      "/part/:pk/",
      ({ params, body, query }) => {
        company.updateSupplierPart(ctx.db, params.pk, body);
        return company.getSupplierPart(ctx.db, params.pk, detailOptions(query));
      },
      { auth: "staff", params: PkParams, body: SupplierPartUpdateBody, query: SupplierPartDetailQuery, response: SupplierPartSchema },
    )
    .put(
      "/part/:pk/",
      ({ params, body, query }) => {
        company.updateSupplierPart(ctx.db, params.pk, body);
        return company.getSupplierPart(ctx.db, params.pk, detailOptions(query));
      },
      { auth: "staff", params: PkParams, body: SupplierPartCreateBody, query: SupplierPartDetailQuery, response: SupplierPartSchema },
    )
    .delete(
      "/part/:pk/",
      ({ params, set }) => {
        company.deleteSupplierPart(ctx.db, params.pk);
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
    .get("/", ({ query, request }) => pageEnvelope(request.url, query, company.listCompanies(ctx.db, query)), {
      auth: "readonly",
      query: CompanyListQuery,
      response: Paginated(CompanySchema),
      detail: { summary: "List companies" },
    })
    .post(
      "/",
      ({ body, set }) => {
        set.status = 201;
        return company.createCompany(ctx.db, body);
      },
      { auth: "staff", body: CompanyCreateBody, response: { 201: CompanySchema } },
    )
    .get("/:pk/", ({ params }) => company.getCompany(ctx.db, params.pk), { auth: "readonly", params: PkParams, response: CompanySchema })
    .patch("/:pk/", ({ params, body }) => company.updateCompany(ctx.db, params.pk, body), { auth: "staff", params: PkParams, body: CompanyUpdateBody, response: CompanySchema, detail: imageUploadDoc })
    .put("/:pk/", ({ params, body }) => company.updateCompany(ctx.db, params.pk, body), { auth: "staff", params: PkParams, body: CompanyPutBody, response: CompanySchema, detail: imageUploadDoc })
    .delete(
      "/:pk/",
      ({ params, set }) => {
        company.deleteCompany(ctx.db, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams, detail: { summary: "Delete a company and its supplier parts" } },
    );
