/**
 * The tables the services query, bound to the backend this process serves from (issue 12;
 * docs/data-layer.md). Services import tables from here, never from db/schema/ directly: on SQLite
 * these are the hand-written tables (db/schema/*.ts); after `useTables("postgres")` (called once
 * at start, before any query, by the PostgreSQL branch of openServices) the same names are bound
 * to their PostgreSQL twins (pg/schema.ts `pgTables`), so one service source runs on either
 * dialect. They are typed as the SQLite tables: the twins have the same columns and JS values.
 *
 * Row types, enums and constants stay in db/schema/ (they do not differ by backend).
 * tests/tables.test.ts checks that every table of the schema is bound here.
 */
import type { Dialect } from "./database.ts";
import { pgTables } from "./pg/schema.ts";
import * as userSchema from "./schema/user.ts";
import * as mediaSchema from "./schema/media.ts";
import * as barcodeSchema from "./schema/barcode.ts";
import * as parameterSchema from "./schema/parameter.ts";
import * as changesSchema from "./schema/changes.ts";
import * as companySchema from "./schema/company.ts";
import * as reportSchema from "./schema/report.ts";
import * as stockSchema from "./schema/stock.ts";
import * as metadataSchema from "./schema/metadata.ts";
import * as partSchema from "./schema/part.ts";
import * as settingsSchema from "./schema/settings.ts";
import * as orderSchema from "./schema/order.ts";
import * as rowCountsSchema from "./schema/row-counts.ts";

export let apiTokens = userSchema.apiTokens;
export let users = userSchema.users;
export let attachments = mediaSchema.attachments;
export let mediaFiles = mediaSchema.mediaFiles;
export let barcodeScanResults = barcodeSchema.barcodeScanResults;
export let categoryParameterTemplates = parameterSchema.categoryParameterTemplates;
export let parameterTemplates = parameterSchema.parameterTemplates;
export let parameters = parameterSchema.parameters;
export let changeStamps = changesSchema.changeStamps;
export let companies = companySchema.companies;
export let manufacturerParts = companySchema.manufacturerParts;
export let supplierParts = companySchema.supplierParts;
export let dataOutputs = reportSchema.dataOutputs;
export let locationItemCounts = stockSchema.locationItemCounts;
export let locationPartCounts = stockSchema.locationPartCounts;
export let partStockTotals = stockSchema.partStockTotals;
export let stockItems = stockSchema.stockItems;
export let stockLocations = stockSchema.stockLocations;
export let stockTestResults = stockSchema.stockTestResults;
export let stockTracking = stockSchema.stockTracking;
export let objectMetadata = metadataSchema.objectMetadata;
export let partCategories = partSchema.partCategories;
export let partTestTemplates = partSchema.partTestTemplates;
export let parts = partSchema.parts;
export let pluginConfigs = settingsSchema.pluginConfigs;
export let pluginSettings = settingsSchema.pluginSettings;
export let settings = settingsSchema.settings;
export let userSettings = settingsSchema.userSettings;
export let purchaseOrderExtraLines = orderSchema.purchaseOrderExtraLines;
export let purchaseOrderLines = orderSchema.purchaseOrderLines;
export let purchaseOrders = orderSchema.purchaseOrders;
export let salesOrderAllocations = orderSchema.salesOrderAllocations;
export let salesOrderExtraLines = orderSchema.salesOrderExtraLines;
export let salesOrderLines = orderSchema.salesOrderLines;
export let salesOrderShipments = orderSchema.salesOrderShipments;
export let salesOrders = orderSchema.salesOrders;
export let tableRowCounts = rowCountsSchema.tableRowCounts;

let bound: Dialect = "sqlite";

/** Which dialect's tables the names above are bound to. */
export function tablesDialect(): Dialect {
  return bound;
}

/**
 * Binds every table name above to `dialect`'s tables. One backend per process: PostgreSQL may be
 * bound once, before any query; binding back, or twice to different dialects, is refused.
 */
export function useTables(dialect: Dialect): void {
  if (dialect === bound) return;
  if (dialect !== "postgres") throw new Error(`tables are bound to ${bound}; a process serves one backend`);
  const pg = pgTables as unknown as Record<string, unknown>;
  const twin = <T>(name: string): T => {
    const table = pg[name];
    if (!table) throw new Error(`no PostgreSQL twin of table ${name}`);
    return table as T;
  };
  apiTokens = twin("apiTokens");
  attachments = twin("attachments");
  barcodeScanResults = twin("barcodeScanResults");
  categoryParameterTemplates = twin("categoryParameterTemplates");
  changeStamps = twin("changeStamps");
  companies = twin("companies");
  dataOutputs = twin("dataOutputs");
  locationItemCounts = twin("locationItemCounts");
  locationPartCounts = twin("locationPartCounts");
  manufacturerParts = twin("manufacturerParts");
  mediaFiles = twin("mediaFiles");
  objectMetadata = twin("objectMetadata");
  parameterTemplates = twin("parameterTemplates");
  parameters = twin("parameters");
  partCategories = twin("partCategories");
  partStockTotals = twin("partStockTotals");
  partTestTemplates = twin("partTestTemplates");
  parts = twin("parts");
  pluginConfigs = twin("pluginConfigs");
  pluginSettings = twin("pluginSettings");
  purchaseOrderExtraLines = twin("purchaseOrderExtraLines");
  purchaseOrderLines = twin("purchaseOrderLines");
  purchaseOrders = twin("purchaseOrders");
  salesOrderAllocations = twin("salesOrderAllocations");
  salesOrderExtraLines = twin("salesOrderExtraLines");
  salesOrderLines = twin("salesOrderLines");
  salesOrderShipments = twin("salesOrderShipments");
  salesOrders = twin("salesOrders");
  settings = twin("settings");
  stockItems = twin("stockItems");
  stockLocations = twin("stockLocations");
  stockTestResults = twin("stockTestResults");
  stockTracking = twin("stockTracking");
  supplierParts = twin("supplierParts");
  tableRowCounts = twin("tableRowCounts");
  userSettings = twin("userSettings");
  users = twin("users");
  bound = dialect;
}

/**
 * A value built from the tables bound now: a map of columns, a list of target tables, an alias.
 * A module-level constant that names tables captures the ones bound at import (SQLite's); on
 * PostgreSQL those map JSON and boolean columns SQLite's way and render aliases without their table.
 * `ofBoundTables(() => ({ pk: parts.id, … }))` gives a function answering the value built from
 * the bound tables, built once per binding.
 */
export function ofBoundTables<T>(build: () => T): () => T {
  let cached: { dialect: Dialect; value: T } | undefined;
  return () => {
    if (cached?.dialect !== bound) cached = { dialect: bound, value: build() };
    return cached.value;
  };
}

/** Every table bound here, by name (tests/tables.test.ts checks it against the schema). */
export function boundTables(): Record<string, unknown> {
  return { apiTokens, attachments, barcodeScanResults, categoryParameterTemplates, changeStamps, companies, dataOutputs, locationItemCounts, locationPartCounts, manufacturerParts, mediaFiles, objectMetadata, parameterTemplates, parameters, partCategories, partStockTotals, partTestTemplates, parts, pluginConfigs, pluginSettings, purchaseOrderExtraLines, purchaseOrderLines, purchaseOrders, salesOrderAllocations, salesOrderExtraLines, salesOrderLines, salesOrderShipments, salesOrders, settings, stockItems, stockLocations, stockTestResults, stockTracking, supplierParts, tableRowCounts, userSettings, users };
}
