/**
 * The stock module's public schemas: what other modules (and demo data) may import. The rest of
 * the folder is the module's own.
 */
export { StockItemSchema, StockListQuery, type StockItemOut } from "./item-model.ts";
export { LocationBriefSchema, LocationListQuery, LocationSchema, type LocationOut } from "./location-model.ts";
export { STOCK_STATUS_CODES, stockStatusLabel } from "./status-codes.ts";
