/** Global settings: typed reads for services, InvenTree-shaped reads and writes for the API. */
import { eq, sql } from "drizzle-orm";
import { preparedPerDb } from "../../db/prepared.ts";
import type { ReadQueries, Reads, Writes } from "../../db/database.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { parseBoolWord, str2bool } from "../../core/query.ts";
import { GLOBAL_SETTINGS, type GlobalSettingKey, isGlobalSettingKey, type SettingDefinition } from "./definitions.ts";
import { settings } from "../../db/tables.ts";


const settingByKey = preparedPerDb((q: ReadQueries) => q.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder("key"))).prepare());

/** A setting's stored value or its default. */
async function rawValue(db: Reads, key: GlobalSettingKey): Promise<string> {
  const row = await settingByKey(db.q).get({ key });
  return row?.value ?? GLOBAL_SETTINGS[key].default;
}

/** A boolean setting (InvenTree's str2bool over the stored string). */
export async function globalBool(db: Reads, key: GlobalSettingKey): Promise<boolean> {
  return str2bool(await rawValue(db, key));
}

/** An integer setting; a stored value that is not an integer reads as its default. */
export async function globalInt(db: Reads, key: GlobalSettingKey): Promise<number> {
  const n = Number.parseInt(await rawValue(db, key), 10);
  return Number.isFinite(n) ? n : Number.parseInt(GLOBAL_SETTINGS[key].default, 10);
}

/** A setting as InvenTree's SettingsSerializer shows it (`typ`: "global" or "user"). */
export function settingOut(def: SettingDefinition, key: string, pk: number, value: string, typ: "global" | "user") {
  return {
    pk,
    key,
    value,
    name: def.name,
    description: def.description,
    type: def.type === "choice" ? "string" : def.type,
    units: def.units ?? "",
    choices: def.choices ? def.choices.map((c) => ({ value: c, display_name: c })) : null,
    model_name: null,
    api_url: null,
    typ,
    required: false,
  };
}

/** The stored global settings (key → value); a key not stored has its default. */
async function storedGlobals(db: Reads, key?: GlobalSettingKey): Promise<Map<string, string>> {
  const rows = await db.q.select({ key: settings.key, value: settings.value }).from(settings).where(key === undefined ? undefined : eq(settings.key, key));
  return new Map(rows.map((r) => [r.key, r.value]));
}

const toOut = (key: GlobalSettingKey, stored: Map<string, string>) => settingOut(GLOBAL_SETTINGS[key], key, pkOf(key), stored.get(key) ?? GLOBAL_SETTINGS[key].default, "global");

const pkOf = (key: GlobalSettingKey) => Object.keys(GLOBAL_SETTINGS).indexOf(key) + 1;

/** Every defined global setting with its current value. */
export async function listGlobalSettings(db: Reads) {
  const stored = await storedGlobals(db);
  return (Object.keys(GLOBAL_SETTINGS) as GlobalSettingKey[]).map((k) => toOut(k, stored));
}

/** One setting by key (404 for an unknown key, as InvenTree). */
export async function getGlobalSetting(db: Reads, key: string) {
  if (!isGlobalSettingKey(key)) throw notFound(`Setting '${key}' not found.`);
  return toOut(key, await storedGlobals(db, key));
}

/** Validates a new value against the definition; answers InvenTree's string form. */
export function normaliseSettingValue(def: SettingDefinition, value: unknown): string {
  if (def.fixed) throw fieldError("value", "This feature is not available in Binventory; the setting cannot be changed.");
  const text = typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : null;
  if (text === null) throw fieldError("value", "Not a valid string.");
  if (def.type === "boolean") {
    const on = parseBoolWord(text);
    if (on === undefined) throw fieldError("value", "Must be a valid boolean.");
    return on ? "True" : "False";
  }
  if (def.type === "integer") {
    if (!/^[+-]?\d+$/.test(text)) throw fieldError("value", "A valid integer is required.");
    const n = Number.parseInt(text, 10);
    if (def.minimum !== undefined && n < def.minimum) throw fieldError("value", `Ensure this value is greater than or equal to ${def.minimum}.`);
    return String(n);
  }
  if (def.choices && !def.choices.includes(text)) throw fieldError("value", `"${text}" is not a valid choice.`);
  const invalid = def.validate?.(text);
  if (invalid) throw fieldError("value", invalid);
  return text;
}

/** PATCH/PUT `{value}` on one setting. */
export async function updateGlobalSetting(db: Writes, key: string, value: unknown) {
  if (!isGlobalSettingKey(key)) throw notFound(`Setting '${key}' not found.`);
  const text = normaliseSettingValue(GLOBAL_SETTINGS[key], value);
  await db.write((tx) => tx.q.insert(settings).values({ key, value: text }).onConflictDoUpdate({ target: settings.key, set: { value: text } }));
  return toOut(key, new Map([[key, text]]));
}

export { GLOBAL_SETTINGS } from "./definitions.ts";
