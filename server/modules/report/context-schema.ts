/**
 * The report contexts (context.ts) as schemas, one per report model: what a plugin's
 * `report_build` receives as `context`. Published as JSON Schemas in plugin-sdk/json-schema/contexts/
 * and tabled in ABI.md (scripts/gen-abi-models.ts); a test builds every context on the demo data
 * and checks it against its schema.
 */
import { type TSchema, t } from "elysia";
import { CompanySchema } from "../company/model.ts";
import { AllocationSchema, PurchaseLineSchema, PurchaseOrderSchema, SalesLineSchema, SalesOrderSchema, ShipmentSchema } from "../order/model.ts";
import { PartSchema } from "../part/model.ts";
import { LocationSchema, StockItemSchema } from "../stock/model.ts";
import type { ReportModel } from "../model-registry/service.ts";

/** Who printed and when: in every context. */
const base = {
  date: t.String({ description: "The print date, YYYY-MM-DD (UTC)." }),
  datetime: t.String({ description: "The print time, ISO 8601 (UTC)." }),
  user: t.Union([t.Object({ pk: t.Integer(), username: t.String() }), t.Null()], { description: "Who printed it." }),
  qr_data: t.String({ description: "The object's native barcode (InvenTree's JSON form)." }),
};

const TestResultBrief = t.Object({ test: t.String(), key: t.String(), result: t.Boolean(), value: t.String(), notes: t.String(), date: t.String() });

const sales = {
  order: SalesOrderSchema,
  customer: CompanySchema,
  lines: t.Array(SalesLineSchema),
  allocations: t.Array(AllocationSchema, { description: "Stock allocated to the lines (a shipment's: only those packed in it)." }),
  reference: t.String(),
};

/** The context of each report model, as InvenTree names its members. */
export const REPORT_CONTEXT_SCHEMAS: Record<ReportModel, TSchema> = {
  part: t.Object({ ...base, part: PartSchema }, { title: "PartReportContext" }),
  stockitem: t.Object(
    {
      ...base,
      item: StockItemSchema,
      stock_item: StockItemSchema,
      part: PartSchema,
      serial: t.Union([t.String(), t.Null()]),
      tests: t.Array(t.Object({ key: t.String(), name: t.String() }), { description: "The required tests: the distinct names recorded for any item of this part." }),
      results: t.Record(t.String(), TestResultBrief, { description: "The item's latest result per test key." }),
      result_list: t.Array(TestResultBrief),
    },
    { title: "StockItemReportContext" },
  ),
  stocklocation: t.Object(
    {
      ...base,
      location: LocationSchema,
      stock_location: LocationSchema,
      stock_items: t.Array(StockItemSchema, { description: "Every in-stock item in the location and its sublocations, with part and location details." }),
    },
    { title: "StockLocationReportContext" },
  ),
  purchaseorder: t.Object(
    { ...base, order: PurchaseOrderSchema, supplier: CompanySchema, lines: t.Array(PurchaseLineSchema), reference: t.String(), description: t.String() },
    { title: "PurchaseOrderReportContext" },
  ),
  salesorder: t.Object({ ...base, ...sales }, { title: "SalesOrderReportContext" }),
  salesordershipment: t.Object({ ...base, ...sales, shipment: ShipmentSchema }, { title: "SalesOrderShipmentReportContext" }),
};
