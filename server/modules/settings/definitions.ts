/**
 * Typed definitions of the global settings (InvenTree's InvenTreeSetting SETTINGS): name,
 * description, type, default and bounds. Values are stored as strings in the `setting` table.
 */
export interface SettingDefinition {
  name: string;
  description: string;
  type: "boolean" | "integer" | "string" | "choice";
  default: string;
  units?: string;
  minimum?: number;
  choices?: string[];
}

export const GLOBAL_SETTINGS = {
  BARCODE_ENABLE: { name: "Barcode Support", description: "Enable barcode scanner support in the web interface", type: "boolean", default: "True" },
  BARCODE_STORE_RESULTS: { name: "Store Barcode Results", description: "Store barcode scan results in the database", type: "boolean", default: "False" },
  BARCODE_RESULTS_MAX_NUM: { name: "Barcode Scans Maximum Count", description: "Maximum number of barcode scan results to store", type: "integer", default: "100", minimum: 1 },
  BARCODE_INPUT_DELAY: { name: "Barcode Input Delay", description: "Barcode input processing delay time", type: "integer", default: "50", minimum: 1, units: "ms" },
  BARCODE_WEBCAM_SUPPORT: { name: "Barcode Webcam Support", description: "Allow barcode scanning via webcam in browser", type: "boolean", default: "True" },
  BARCODE_SHOW_TEXT: { name: "Barcode Show Data", description: "Display barcode data in browser as text", type: "boolean", default: "False" },
  BARCODE_GENERATION_PLUGIN: { name: "Barcode Generation Plugin", description: "Plugin to use for internal barcode data generation", type: "choice", default: "inventreebarcode", choices: ["inventreebarcode"] },
  // --- orders (h-orders): reference patterns, as InvenTree's order settings ---
  PURCHASEORDER_REFERENCE_PATTERN: { name: "Purchase Order Reference Pattern", description: "Required pattern for generating Purchase Order reference field", type: "string", default: "PO-{ref:04d}" },
  SALESORDER_REFERENCE_PATTERN: { name: "Sales Order Reference Pattern", description: "Required pattern for generating Sales Order reference field", type: "string", default: "SO-{ref:04d}" },
  // --- end orders ---
} as const satisfies Record<string, SettingDefinition>;

export type GlobalSettingKey = keyof typeof GLOBAL_SETTINGS;

export const isGlobalSettingKey = (key: string): key is GlobalSettingKey => key in GLOBAL_SETTINGS;
