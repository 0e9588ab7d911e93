/**
 * The stock module's public services: what other modules (and demo data) may import. The rest of
 * the folder is the module's own.
 */
export { generateTestKey } from "./test-key.ts";
export { LocationTree } from "./location-tree.ts";
export { writeTrackingEntry } from "./tracking.ts";
export { inStockItemCondition } from "./in-stock.ts";
export { getLocation, listLocations, toLocationBrief } from "./location-service.ts";
export { latestSerial, lockPartSerials } from "./item-validation.ts";
export { parseSerialNumbers, SerialNumberError } from "./serial-numbers.ts";
export { splitStockItem } from "./adjust-service.ts";
export { getStockItem, listStockItems, loadStockItems } from "./item-query.ts";
export { partSerialNumbers } from "./item-service.ts";
