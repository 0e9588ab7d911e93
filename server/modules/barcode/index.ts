import { requestIdOf } from "../../http/request-log.ts";
import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { fileAnswerDoc } from "../../http/openapi-document.ts";
import { generateForRequest, objectBarcodeImage } from "./generate.ts";
import { bulkDeleteScans, deleteScan, getScan, listScans } from "./history.ts";
import { linkBarcode, unlinkBarcode } from "./link-service.ts";
import {
  BulkDeleteBody,
  GenerateBody,
  GenerateResponse,
  HistoryQuery,
  ImageQuery,
  LinkBody,
  LinkResponse,
  ScanBody,
  ScanResponseSchema,
  ScanResultSchema,
  UnlinkBody,
  UnlinkResponse,
} from "./model.ts";
import { handleScan } from "./scan-answer.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

const pathOf = (url: string) => new URL(url).pathname;

/** /api/barcode/…: scan, generate, link/unlink, images and the scan history (InvenTree's barcode API). */
/** InvenTree's 400 for a barcode nothing matches: the scan answer plus `error` (or DRF's field errors for a bad body). */
const scanFailureDoc = {
  description: "No match for the barcode (InvenTree's shape), or an invalid body.",
  content: {
    "application/json": {
      schema: {
        anyOf: [
          {
            type: "object" as const,
            required: ["error"],
            properties: {
              error: { type: "string" as const },
              barcode_data: { type: "string" as const },
              barcode_hash: { type: "string" as const },
              plugin_errors: {
                type: "array" as const,
                description: "To superusers only: the barcode plugins that failed during the scan (trap, deadline, bad output…).",
                items: {
                  type: "object" as const,
                  required: ["plugin", "failure", "error"],
                  properties: { plugin: { type: "string" as const }, failure: { type: "string" as const }, error: { type: "string" as const } },
                },
              },
            },
          },
          { $ref: "#/components/schemas/ValidationErrors" },
        ],
      },
    },
  },
};

export const barcodeModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/barcode", prefix: "/api/barcode", detail: { tags: ["barcode"] } })
    .use(authPlugin(ctx))
    .post("/", async ({ body, user, request }) => await handleScan(ctx, body, user, pathOf(request.url), requestIdOf(request)), {
      auth: "readonly",
      body: ScanBody,
      response: ScanResponseSchema,
      detail: { summary: "Scan a barcode: native, linked, then the WASM barcode plugins", responses: { "400": scanFailureDoc } },
    })
    .post("/generate/", async ({ body }) => await generateForRequest(ctx.database, body.model, body.pk), {
      auth: "readonly",
      body: GenerateBody,
      response: GenerateResponse,
      detail: { summary: "The native barcode of an object" },
    })
    .post("/link/", async ({ body, user, request }) => await linkBarcode(ctx, body, user, pathOf(request.url)), {
      auth: "readonly",
      body: LinkBody,
      response: LinkResponse,
      detail: { summary: "Link a third-party barcode to an object (staff; 403 otherwise)" },
    })
    .post("/unlink/", async ({ body, user }) => await unlinkBarcode(ctx, body, user), {
      auth: "readonly",
      body: UnlinkBody,
      response: UnlinkResponse,
      detail: { summary: "Remove the linked barcode of an object (staff; 403 otherwise)" },
    })
    .get(
      "/image/",
      async ({ query }) => {
        const image = await objectBarcodeImage(ctx.database, { model: query.model, pk: query.pk, type: query.type ?? "qrcode", format: query.format ?? "png", scale: query.scale ?? 3, source: query.source ?? "native" });
        return new Response(image.body, { headers: { "content-type": image.contentType, "cache-control": "no-store" } });
      },
      { auth: "readonly", query: ImageQuery, detail: { summary: "An object's barcode as PNG or SVG (QR, DataMatrix, Code 128, EAN-13, UPC-A)", ...fileAnswerDoc(["image/png", "image/svg+xml"], "The barcode image.") } },
    )
    .get("/history/", async ({ query, request }) => pageEnvelope(request.url, query, await listScans(ctx.database, query)), { auth: "readonly", query: HistoryQuery, response: Paginated(ScanResultSchema) })
    .delete(
      "/history/",
      async ({ body, set }) => {
        await bulkDeleteScans(ctx.database, body);
        set.status = 204;
      },
      { auth: "staff", body: BulkDeleteBody, detail: { summary: "Bulk delete: {items: [pk…]}, {filters: {user, result}} or {all: true}" } },
    )
    .get("/history/:pk/", async ({ params }) => await getScan(ctx.database, params.pk), { auth: "readonly", params: PkParams, response: ScanResultSchema })
    .delete(
      "/history/:pk/",
      async ({ params, set }) => {
        await deleteScan(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
