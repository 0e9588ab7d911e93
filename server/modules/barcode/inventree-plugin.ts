/**
 * The built-in InvenTreeBarcode plugin's identity and settings (InvenTree's
 * InvenTreeInternalBarcodePlugin, slug `inventreebarcode`). It is TypeScript, always active and
 * cannot be deactivated; its settings live in the plugin_setting table like any plugin's.
 */
import type { Reads, Writes } from "../../db/database.ts";
import { readPluginSettings, writePluginSetting } from "../../db/plugin-store.ts";
import { fieldError, notFound } from "../../core/errors.ts";

export const BUILTIN_SLUG = "inventreebarcode";
/** InvenTree's plugin NAME, which scan responses report as `plugin`. */
export const BUILTIN_NAME = "InvenTreeBarcode";
export const BUILTIN_TITLE = "InvenTree Barcodes";
export const BUILTIN_VERSION = "2.1.0";

interface BuiltinSettingDef {
  name: string;
  description: string;
  type: "choice" | "string";
  choices: string[] | null;
  default: string;
}

const BUILTIN_SETTINGS: Record<"INTERNAL_BARCODE_FORMAT" | "SHORT_BARCODE_PREFIX", BuiltinSettingDef> = {
  INTERNAL_BARCODE_FORMAT: {
    name: "Internal Barcode Format",
    description: "Select an internal barcode format",
    type: "choice",
    choices: ["json", "short"],
    default: "json",
  },
  SHORT_BARCODE_PREFIX: {
    name: "Short Barcode Prefix",
    description: "Customize the prefix used for short barcodes, may be useful for environments with multiple InvenTree instances",
    type: "string",
    choices: null,
    default: "INV-",
  },
};
export type BuiltinSettingKey = keyof typeof BUILTIN_SETTINGS;

const isKey = (key: string): key is BuiltinSettingKey => key in BUILTIN_SETTINGS;

/** The built-in settings' values (one read): the stored one, else the default. An empty prefix is a valid stored value. */
export async function builtinSettingValues(db: Reads): Promise<Record<BuiltinSettingKey, string>> {
  const stored = await readPluginSettings(db, BUILTIN_SLUG);
  const value = (key: BuiltinSettingKey) => (!Object.hasOwn(stored, key) ? BUILTIN_SETTINGS[key].default : stored[key] === null ? "" : String(stored[key]));
  return { INTERNAL_BARCODE_FORMAT: value("INTERNAL_BARCODE_FORMAT"), SHORT_BARCODE_PREFIX: value("SHORT_BARCODE_PREFIX") };
}

/** One built-in setting's value (builtinSettingValues). */
export async function builtinSetting(db: Reads, key: BuiltinSettingKey): Promise<string> {
  return (await builtinSettingValues(db))[key];
}

function settingOut(key: BuiltinSettingKey, value: string) {
  const def = BUILTIN_SETTINGS[key];
  return { key, value, name: def.name, description: def.description, type: def.type, choices: def.choices, required: false, protected: false, plugin: BUILTIN_SLUG };
}

/** InvenTree's plugin-setting shape for one built-in setting. */
export async function builtinSettingOut(db: Reads, key: string) {
  if (!isKey(key)) throw notFound(`Plugin ${BUILTIN_SLUG} has no setting "${key}".`);
  return settingOut(key, await builtinSetting(db, key));
}

export async function listBuiltinSettings(db: Reads) {
  const values = await builtinSettingValues(db);
  return (Object.keys(BUILTIN_SETTINGS) as BuiltinSettingKey[]).map((k) => settingOut(k, values[k]));
}

/** Validates and stores a built-in setting (a choice must be one of its choices; null means empty). */
export async function updateBuiltinSetting(db: Writes, key: string, value: unknown) {
  if (!isKey(key)) throw notFound(`Plugin ${BUILTIN_SLUG} has no setting "${key}".`);
  const def = BUILTIN_SETTINGS[key];
  const text = value === null || value === undefined ? "" : typeof value === "string" || typeof value === "number" ? String(value) : null;
  if (text === null) throw fieldError("value", "Not a valid string.");
  if (def.choices && !def.choices.includes(text)) throw fieldError("value", `"${text}" is not a valid choice.`);
  if (text.length > 2000) throw fieldError("value", "Ensure this field has no more than 2000 characters.");
  await writePluginSetting(db, BUILTIN_SLUG, key, text);
  return await builtinSettingOut(db, key);
}
