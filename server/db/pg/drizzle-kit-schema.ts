/**
 * The derived PostgreSQL tables as named exports, the shape drizzle-kit reads a schema file in
 * (it collects the PgTable values among a module's exports). Only drizzle-kit imports this file
 * (server/db/pg/drizzle.config.ts); the program uses `pgTables` from ./schema.ts. The names are a
 * list only, no definitions: a table added to the SQLite schema and not listed here makes this
 * file throw, so `npm run db:generate:pg` cannot silently leave it out.
 */
import { pgTables } from "./schema.ts";

export const {
  apiTokens,
  attachments,
  barcodeScanResults,
  categoryParameterTemplates,
  changeStamps,
  companies,
  dataOutputs,
  locationItemCounts,
  locationPartCounts,
  manufacturerParts,
  mediaFiles,
  objectMetadata,
  parameterTemplates,
  parameters,
  partCategories,
  partTestTemplates,
  partStockTotals,
  parts,
  pluginConfigs,
  pluginSettings,
  purchaseOrderExtraLines,
  purchaseOrderLines,
  purchaseOrders,
  salesOrderAllocations,
  salesOrderExtraLines,
  salesOrderLines,
  salesOrderShipments,
  salesOrders,
  settings,
  stockItems,
  stockLocations,
  stockTestResults,
  stockTracking,
  supplierParts,
  tableRowCounts,
  userSettings,
  users,
  ...unlisted
} = pgTables;

if (Object.keys(unlisted).length > 0) throw new Error(`list ${Object.keys(unlisted).join(", ")} in server/db/pg/drizzle-kit-schema.ts`);
