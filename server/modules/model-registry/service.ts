/**
 * The one model registry: every model that plugins read (bv_get / bv_search), that carries a
 * barcode or that a report is printed for, with its table, its module's detail and list services
 * and list query schema, its API and web addresses, its barcode code and whether reports take it.
 * The plugin host API (plugin-bridge/models.ts), barcodes (barcode/barcode-models.ts) and report
 * contexts (report/context.ts) all read this table.
 *
 * Order matters: JSON barcodes and linked hashes are tried in it (manufacturer parts and companies
 * last, so the older models keep their precedence).
 */
import type { TSchema } from "@sinclair/typebox";
import type { ListResult } from "../../core/pagination.ts";
import type { Reads } from "../../db/database.ts";
import { CompanyListQuery, CompanySchema, ManufacturerPartListQuery, ManufacturerPartSchema, SupplierPartListQuery, SupplierPartSchema } from "../company/model.ts";
import { getCompany, getManufacturerPart, getSupplierPart, listCompanies, listManufacturerParts, listSupplierParts } from "../company/service.ts";
import {
  PurchaseLineQuery,
  PurchaseLineSchema,
  PurchaseOrderQuery,
  PurchaseOrderSchema,
  SalesLineQuery,
  SalesLineSchema,
  SalesOrderQuery,
  SalesOrderSchema,
  ShipmentQuery,
  ShipmentSchema,
} from "../order/model.ts";
import {
  getPurchaseLine,
  getPurchaseOrder,
  getSalesLine,
  getSalesOrder,
  getShipment,
  listPurchaseLines,
  listPurchaseOrders,
  listSalesLines,
  listSalesOrders,
  listShipments,
} from "../order/service.ts";
import { CategoryListQuery, CategorySchema, PartListQuery, PartSchema } from "../part/model.ts";
import { getCategory, getPart, listCategories, listParts } from "../part/service.ts";
import { LocationListQuery, LocationSchema, StockItemSchema, StockListQuery } from "../stock/model.ts";
import { getLocation, getStockItem, listLocations, listStockItems } from "../stock/service.ts";
import { companies, manufacturerParts, ofBoundTables, partCategories, parts, purchaseOrderLines, purchaseOrders, salesOrderLines, salesOrders, salesOrderShipments, stockItems, stockLocations, supplierParts } from "../../db/tables.ts";

type ModelTable =
  | typeof parts
  | typeof partCategories
  | typeof stockItems
  | typeof stockLocations
  | typeof supplierParts
  | typeof manufacturerParts
  | typeof companies
  | typeof purchaseOrders
  | typeof purchaseOrderLines
  | typeof salesOrders
  | typeof salesOrderLines
  | typeof salesOrderShipments;

export interface ModelEntry {
  table: ModelTable;
  /** The detail service: the object as the API's detail route shows it (throws 404 if absent). Await it. */
  get(db: Reads, pk: number): unknown | Promise<unknown>;
  /** The list service and the list route's query schema. Await it. */
  list(db: Reads, q: never): ListResult<unknown> | Promise<ListResult<unknown>>;
  query: TSchema;
  /** The object as the detail route (and bv_get) answers it. */
  schema: TSchema;
  /** The list route's path; detail routes are `<path><pk>/`. */
  path: string;
  /** The web UI's detail address prefix. */
  web: string;
  /** InvenTree's barcode_model_type_code() and Django's verbose name, for models that carry barcodes. */
  barcode: { code: string; verbose: string } | null;
  /** Whether reports and labels can be printed for it (InvenTree's report `model_type`); report/context.ts builds the context. */
  report: boolean;
}

const entry = <E extends ModelEntry>(e: E) => e;

/** The registry, its tables the ones bound now. */
export const modelRegistry = ofBoundTables(() => ({
  part: entry({ table: parts, get: (db, pk) => getPart(db, pk), list: listParts, query: PartListQuery, schema: PartSchema, path: "/api/part/", web: "/web/part/", barcode: { code: "PA", verbose: "part" }, report: true }),
  partcategory: entry({ table: partCategories, get: (db, pk) => getCategory(db, pk), list: listCategories, query: CategoryListQuery, schema: CategorySchema, path: "/api/part/category/", web: "/web/part/category/", barcode: null, report: false }),
  stockitem: entry({ table: stockItems, get: (db, pk) => getStockItem(db, pk), list: listStockItems, query: StockListQuery, schema: StockItemSchema, path: "/api/stock/", web: "/web/stock/item/", barcode: { code: "SI", verbose: "stock item" }, report: true }),
  stocklocation: entry({ table: stockLocations, get: (db, pk) => getLocation(db, pk), list: listLocations, query: LocationListQuery, schema: LocationSchema, path: "/api/stock/location/", web: "/web/stock/location/", barcode: { code: "SL", verbose: "stock location" }, report: true }),
  supplierpart: entry({ table: supplierParts, get: (db, pk) => getSupplierPart(db, pk), list: listSupplierParts, query: SupplierPartListQuery, schema: SupplierPartSchema, path: "/api/company/part/", web: "/web/purchasing/supplier-part/", barcode: { code: "SP", verbose: "supplier part" }, report: false }),
  purchaseorder: entry({ table: purchaseOrders, get: (db, pk) => getPurchaseOrder(db, pk), list: listPurchaseOrders, query: PurchaseOrderQuery, schema: PurchaseOrderSchema, path: "/api/order/po/", web: "/web/purchasing/purchase-order/", barcode: { code: "PO", verbose: "purchase order" }, report: true }),
  purchaseorderline: entry({ table: purchaseOrderLines, get: (db, pk) => getPurchaseLine(db, pk), list: listPurchaseLines, query: PurchaseLineQuery, schema: PurchaseLineSchema, path: "/api/order/po-line/", web: "/web/purchasing/purchase-order/", barcode: null, report: false }),
  salesorder: entry({ table: salesOrders, get: (db, pk) => getSalesOrder(db, pk), list: listSalesOrders, query: SalesOrderQuery, schema: SalesOrderSchema, path: "/api/order/so/", web: "/web/sales/sales-order/", barcode: { code: "SO", verbose: "sales order" }, report: true }),
  salesorderline: entry({ table: salesOrderLines, get: (db, pk) => getSalesLine(db, pk), list: listSalesLines, query: SalesLineQuery, schema: SalesLineSchema, path: "/api/order/so-line/", web: "/web/sales/sales-order/", barcode: null, report: false }),
  salesordershipment: entry({ table: salesOrderShipments, get: (db, pk) => getShipment(db, pk), list: listShipments, query: ShipmentQuery, schema: ShipmentSchema, path: "/api/order/so/shipment/", web: "/web/sales/shipment/", barcode: { code: "SS", verbose: "sales order shipment" }, report: true }),
  // InvenTree's ManufacturerPart code; companies have no InvenTree barcode, "CO" is ours (the app scans `{"company": N}`).
  manufacturerpart: entry({ table: manufacturerParts, get: (db, pk) => getManufacturerPart(db, pk), list: listManufacturerParts, query: ManufacturerPartListQuery, schema: ManufacturerPartSchema, path: "/api/company/part/manufacturer/", web: "/web/purchasing/manufacturer-part/", barcode: { code: "MP", verbose: "manufacturer part" }, report: false }),
  company: entry({ table: companies, get: (db, pk) => getCompany(db, pk), list: listCompanies, query: CompanyListQuery, schema: CompanySchema, path: "/api/company/", web: "/web/company/", barcode: { code: "CO", verbose: "company" }, report: false }),
}) satisfies Record<string, ModelEntry>);

type Registry = ReturnType<typeof modelRegistry>;
type RegisteredModel = keyof Registry;
/** The models whose entry has a barcode, in registry order. */
export type BarcodeModel = { [M in RegisteredModel]: Registry[M]["barcode"] extends null ? never : M }[RegisteredModel];
/** The models reports and labels are printed for. */
export type ReportModel = { [M in RegisteredModel]: Registry[M]["report"] extends true ? M : never }[RegisteredModel];

const NAMES = Object.keys(modelRegistry()) as RegisteredModel[];
export const BARCODE_MODELS = NAMES.filter((m): m is BarcodeModel => modelRegistry()[m].barcode !== null);
export const REPORT_MODELS = NAMES.filter((m): m is ReportModel => modelRegistry()[m].report);
