/**
 * Typed definitions of the global settings (InvenTree's InvenTreeSetting SETTINGS) and the user
 * settings (InvenTreeUserSetting): name, description, type, default and bounds, with InvenTree's
 * keys and defaults. Values are stored as strings (`setting`, `user_setting` tables).
 */
import { referencePatternError } from "../order/service.ts";

export interface SettingDefinition {
  name: string;
  description: string;
  type: "boolean" | "integer" | "string" | "choice";
  default: string;
  units?: string;
  minimum?: number;
  choices?: string[];
  /**
   * A feature Binventory does not have: the value is fixed (its default, "off") and a write is
   * refused, so a client never switches on forms for endpoints that do not exist.
   */
  fixed?: true;
  /**
   * Checks a string value before it is saved: the message for `value` (a 400), or null. Carried by the
   * definition so the settings service needs no knowledge of the feature the setting configures.
   */
  validate?: (value: string) => string | null;
}

export const GLOBAL_SETTINGS = {
  // Read by the app: lib/widget/stock/stock_detail.dart:223 (shows / edits `expiry_date` when on).
  // Implemented as InvenTree's switch for the field: items store and serve `expiry_date`; Binventory
  // runs no expiry checks of its own (no stale / expired filters, sales of expired stock allowed).
  STOCK_ENABLE_EXPIRY: { name: "Stock Expiry", description: "Enable stock expiry functionality", type: "boolean", default: "False" },
  // Read by the app with backup=true (lib/widget/order/purchase_order_detail.dart:292-296,
  // sales_order_detail.dart:267-271): it must answer, and "False", or the app shows project-code
  // fields. Project codes are out of Binventory's scope: fixed off.
  PROJECT_CODES_ENABLED: { name: "Enable project codes", description: "Enable project codes for tracking projects (not available in Binventory)", type: "boolean", default: "False", fixed: true },
  BARCODE_ENABLE: { name: "Barcode Support", description: "Enable barcode scanner support in the web interface", type: "boolean", default: "True" },
  BARCODE_STORE_RESULTS: { name: "Store Barcode Results", description: "Store barcode scan results in the database", type: "boolean", default: "False" },
  BARCODE_RESULTS_MAX_NUM: { name: "Barcode Scans Maximum Count", description: "Maximum number of barcode scan results to store", type: "integer", default: "100", minimum: 1 },
  BARCODE_INPUT_DELAY: { name: "Barcode Input Delay", description: "Barcode input processing delay time", type: "integer", default: "50", minimum: 1, units: "ms" },
  BARCODE_WEBCAM_SUPPORT: { name: "Barcode Webcam Support", description: "Allow barcode scanning via webcam in browser", type: "boolean", default: "True" },
  BARCODE_SHOW_TEXT: { name: "Barcode Show Data", description: "Display barcode data in browser as text", type: "boolean", default: "False" },
  BARCODE_GENERATION_PLUGIN: { name: "Barcode Generation Plugin", description: "Plugin to use for internal barcode data generation", type: "choice", default: "inventreebarcode", choices: ["inventreebarcode"] },
  // --- orders (h-orders): reference patterns, as InvenTree's order settings ---
  PURCHASEORDER_REFERENCE_PATTERN: { name: "Purchase Order Reference Pattern", description: "Required pattern for generating Purchase Order reference field", type: "string", default: "PO-{ref:04d}", validate: referencePatternError },
  SALESORDER_REFERENCE_PATTERN: { name: "Sales Order Reference Pattern", description: "Required pattern for generating Sales Order reference field", type: "string", default: "SO-{ref:04d}", validate: referencePatternError },
  // Read when a receipt leaves no line pending (order/purchase-receive.ts): the order completes.
  PURCHASEORDER_AUTO_COMPLETE: { name: "Auto Complete Purchase Orders", description: "Automatically mark purchase orders as complete when all line items are received", type: "boolean", default: "True" },
  // Read by "complete" on a sales order (order/sales-transitions.ts): straight to COMPLETE, no SHIPPED step.
  SALESORDER_SHIP_COMPLETE: { name: "Mark Shipped Orders as Complete", description: 'Sales orders marked as shipped will automatically be completed, bypassing the "shipped" status', type: "boolean", default: "False" },
  // --- end orders ---
} as const satisfies Record<string, SettingDefinition>;

export type GlobalSettingKey = keyof typeof GLOBAL_SETTINGS;

export const isGlobalSettingKey = (key: string): key is GlobalSettingKey => key in GLOBAL_SETTINGS;

/**
 * InvenTree's user settings a client may keep on the server. None of the clients we serve reads
 * one (the app has getUserSetting, lib/api.dart:1657-1679, but no caller); they are stored
 * preferences for web and script clients, with InvenTree's keys and defaults. Binventory's own
 * behaviour does not depend on them.
 */
export const USER_SETTINGS = {
  LABEL_INLINE: { name: "Inline label display", description: "Display PDF labels in the browser, instead of downloading as a file", type: "boolean", default: "True" },
  LABEL_DEFAULT_PRINTER: { name: "Default label printer", description: "Configure which label printer should be selected by default", type: "string", default: "" },
  REPORT_INLINE: { name: "Inline report display", description: "Display PDF reports in the browser, instead of downloading as a file", type: "boolean", default: "False" },
  SEARCH_PREVIEW_RESULTS: { name: "Search Preview Results", description: "Number of results to show in each section of the search preview window", type: "integer", default: "10", minimum: 1 },
  SEARCH_HIDE_INACTIVE_PARTS: { name: "Hide Inactive Parts", description: "Excluded inactive parts from search preview window", type: "boolean", default: "False" },
  SEARCH_REGEX: { name: "Regex Search", description: "Enable regular expressions in search queries", type: "boolean", default: "False" },
  SEARCH_WHOLE: { name: "Whole Word Search", description: "Search queries return results for whole word matches", type: "boolean", default: "False" },
  SEARCH_NOTES: { name: "Search Notes", description: "Search queries return results for matches from the item's notes", type: "boolean", default: "False" },
  DATE_DISPLAY_FORMAT: { name: "Date Format", description: "Preferred format for displaying dates", type: "string", default: "YYYY-MM-DD" },
} as const satisfies Record<string, SettingDefinition>;

export type UserSettingKey = keyof typeof USER_SETTINGS;

export const isUserSettingKey = (key: string): key is UserSettingKey => key in USER_SETTINGS;
