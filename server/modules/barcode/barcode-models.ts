/**
 * The models that carry barcodes, as InvenTree's InvenTreeBarcodeMixin models: their label
 * (`barcode_model_type`), two-character short code (`barcode_model_type_code`), table, API and web
 * addresses and detail serializer. Order matters: JSON barcodes and linked hashes are tried in it.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { salesOrderShipments, purchaseOrders, salesOrders } from "../../db/schema/order.ts";
import { parts } from "../../db/schema/part.ts";
import { stockItems, stockLocations } from "../../db/schema/stock.ts";
import { companies, manufacturerParts, supplierParts } from "../../db/schema/company.ts";
import { getCompany } from "../company/service.ts";
import { getManufacturerPart } from "../company/service.ts";
import { getSupplierPart } from "../company/service.ts";
import { getPurchaseOrder } from "../order/service.ts";
import { getSalesOrder } from "../order/service.ts";
import { getShipment } from "../order/service.ts";
import { getPart } from "../part/service.ts";
import { getStockItem } from "../stock/service.ts";
import { getLocation } from "../stock/service.ts";

/** Manufacturer parts and companies last, so the older models keep their precedence in JSON barcodes. */
export const BARCODE_MODELS = ["part", "stockitem", "stocklocation", "supplierpart", "purchaseorder", "salesorder", "salesordershipment", "manufacturerpart", "company"] as const;
export type BarcodeModel = (typeof BARCODE_MODELS)[number];

type BarcodeTable =
  | typeof parts
  | typeof stockItems
  | typeof stockLocations
  | typeof supplierParts
  | typeof purchaseOrders
  | typeof salesOrders
  | typeof salesOrderShipments
  | typeof manufacturerParts
  | typeof companies;

export interface BarcodeModelInfo {
  model: BarcodeModel;
  /** InvenTree's barcode_model_type_code(). */
  code: string;
  /** Django's verbose name, used in InvenTree's permission message. */
  verbose: string;
  table: BarcodeTable;
  apiBase: string;
  webBase: string;
  detail: (db: DbOrTx, pk: number) => unknown;
}

export const BARCODE_MODEL_INFO: Record<BarcodeModel, BarcodeModelInfo> = {
  part: { model: "part", code: "PA", verbose: "part", table: parts, apiBase: "/api/part/", webBase: "/web/part/", detail: (db, pk) => getPart(db, pk) },
  stockitem: { model: "stockitem", code: "SI", verbose: "stock item", table: stockItems, apiBase: "/api/stock/", webBase: "/web/stock/item/", detail: (db, pk) => getStockItem(db, pk) },
  stocklocation: { model: "stocklocation", code: "SL", verbose: "stock location", table: stockLocations, apiBase: "/api/stock/location/", webBase: "/web/stock/location/", detail: (db, pk) => getLocation(db, pk) },
  supplierpart: { model: "supplierpart", code: "SP", verbose: "supplier part", table: supplierParts, apiBase: "/api/company/part/", webBase: "/web/purchasing/supplier-part/", detail: (db, pk) => getSupplierPart(db, pk) },
  purchaseorder: { model: "purchaseorder", code: "PO", verbose: "purchase order", table: purchaseOrders, apiBase: "/api/order/po/", webBase: "/web/purchasing/purchase-order/", detail: (db, pk) => getPurchaseOrder(db, pk) },
  salesorder: { model: "salesorder", code: "SO", verbose: "sales order", table: salesOrders, apiBase: "/api/order/so/", webBase: "/web/sales/sales-order/", detail: (db, pk) => getSalesOrder(db, pk) },
  salesordershipment: { model: "salesordershipment", code: "SS", verbose: "sales order shipment", table: salesOrderShipments, apiBase: "/api/order/so/shipment/", webBase: "/web/sales/shipment/", detail: (db, pk) => getShipment(db, pk) },
  // InvenTree's ManufacturerPart code; companies have no InvenTree barcode, "CO" is ours (the app scans `{"company": N}`).
  manufacturerpart: { model: "manufacturerpart", code: "MP", verbose: "manufacturer part", table: manufacturerParts, apiBase: "/api/company/part/manufacturer/", webBase: "/web/purchasing/manufacturer-part/", detail: (db, pk) => getManufacturerPart(db, pk) },
  company: { model: "company", code: "CO", verbose: "company", table: companies, apiBase: "/api/company/", webBase: "/web/company/", detail: (db, pk) => getCompany(db, pk) },
};

const BY_CODE = new Map(BARCODE_MODELS.map((m) => [BARCODE_MODEL_INFO[m].code, m]));

/** The model with this short code (`SI` → stockitem), or undefined. */
export const modelForCode = (code: string): BarcodeModel | undefined => BY_CODE.get(code);

export const isBarcodeModel = (name: string): name is BarcodeModel => (BARCODE_MODELS as readonly string[]).includes(name);

/** Whether a row with this pk exists (pks beyond SQLite's integer range never do). */
export function barcodeObjectExists(db: DbOrTx, model: BarcodeModel, pk: number): boolean {
  if (!Number.isSafeInteger(pk) || pk < 1) return false;
  return existsStatements[model](db).get({ pk }) !== undefined;
}

/** One prepared existence check per model: scans run it on every native barcode. */
const existsFor = (model: BarcodeModel) => {
  const table = BARCODE_MODEL_INFO[model].table;
  return preparedPerDb((db) => db.select({ id: table.id }).from(table).where(eq(table.id, sql.placeholder("pk"))).prepare());
};
const existsStatements = Object.fromEntries(BARCODE_MODELS.map((m) => [m, existsFor(m)])) as Record<BarcodeModel, ReturnType<typeof existsFor>>;
