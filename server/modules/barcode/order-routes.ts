import { requestIdOf } from "../../http/request-log.ts";
import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { ApiError } from "../../core/errors.ts";
import type { AuthUser } from "../../core/auth.ts";
import { logScan } from "./history.ts";
import { PoAllocateBody, PoAllocateResponse, PoReceiveBody, PoReceiveResponse, ScanErrorResponse, SoAllocateBody, SoAllocateResponse } from "./order-model.ts";
import { allocatePurchaseByBarcode } from "./po-allocate.ts";
import { receiveByBarcode } from "./po-receive.ts";
import type { ScanBody } from "./scan-errors.ts";
import { allocateByBarcode } from "./so-allocate.ts";

/** Runs one scan-driven request and records it in the scan history (when that is on), as InvenTree's log_scan. */
async function withScanLog(ctx: AppContext, request: Request, body: Record<string, unknown>, user: AuthUser, run: () => Promise<ScanBody>): Promise<ScanBody> {
  const entry = { barcode: typeof body.barcode === "string" ? body.barcode : "", user: user.id, endpoint: new URL(request.url).pathname, context: body };
  try {
    const response = await run();
    await logScan(ctx.database, { ...entry, response, result: "success" in response });
    return response;
  } catch (e) {
    if (e instanceof ApiError) await logScan(ctx.database, { ...entry, response: e.body, result: false });
    throw e;
  }
}

const requestId = requestIdOf;

/**
 * /api/barcode/po-receive/, po-allocate/ and so-allocate/: receiving, adding lines and allocating
 * stock by scanning, as InvenTree's BarcodePOReceive, BarcodePOAllocate and BarcodeSOAllocate. Errors answer 400 with the scan
 * response and `error`; both need the staff role (InvenTree: purchase_order.add / sales_order.add).
 */
export const barcodeOrderRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/api/barcode", detail: { tags: ["barcode"] } })
    .use(authPlugin(ctx))
    .post(
      "/po-receive/",
      async ({ body, user, request }) => await withScanLog(ctx, request, body, user, () => receiveByBarcode(ctx, body, user, requestId(request))),
      {
        auth: "staff",
        body: PoReceiveBody,
        response: { 200: PoReceiveResponse, 400: ScanErrorResponse },
        detail: { summary: "Receive a purchase order line by scanning a supplier barcode" },
      },
    )
    .post("/po-allocate/", async ({ body, user, request }) => await withScanLog(ctx, request, body, user, () => allocatePurchaseByBarcode(ctx, body, user, requestId(request))), {
      auth: "staff",
      body: PoAllocateBody,
      response: { 200: PoAllocateResponse, 400: ScanErrorResponse },
      detail: { summary: "Find the supplier part to add to a purchase order by scanning a part, manufacturer part or supplier barcode" },
    })
    .post("/so-allocate/", async ({ body, user, request }) => await withScanLog(ctx, request, body, user, () => allocateByBarcode(ctx, body, user, requestId(request))), {
      auth: "staff",
      body: SoAllocateBody,
      response: { 200: SoAllocateResponse, 400: ScanErrorResponse },
      detail: { summary: "Allocate a scanned stock item to a sales order" },
    });
