/** Per-user settings (InvenTree's InvenTreeUserSetting): each user reads and writes only their own. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { userSettings } from "../../db/schema/settings.ts";
import { notFound } from "../../core/errors.ts";
import { isUserSettingKey, USER_SETTINGS, type UserSettingKey } from "./definitions.ts";
import { normaliseSettingValue, settingOut } from "./service.ts";

const KEYS = Object.keys(USER_SETTINGS) as UserSettingKey[];
const pkOf = (key: UserSettingKey) => KEYS.indexOf(key) + 1;

function storedValues(db: DbOrTx, userId: number): Map<string, string> {
  const rows = db.select({ key: userSettings.key, value: userSettings.value }).from(userSettings).where(eq(userSettings.user, userId)).all();
  return new Map(rows.map((r) => [r.key, r.value]));
}

function out(key: UserSettingKey, userId: number, stored: string | undefined) {
  return { ...settingOut(USER_SETTINGS[key], key, pkOf(key), stored ?? USER_SETTINGS[key].default, "user"), user: userId };
}

/** Every user setting with the user's value (or InvenTree's default). */
export function listUserSettings(db: DbOrTx, userId: number) {
  const stored = storedValues(db, userId);
  return KEYS.map((k) => out(k, userId, stored.get(k)));
}

/** One user setting by key (404 for an unknown key, as InvenTree). */
export function getUserSetting(db: DbOrTx, userId: number, key: string) {
  if (!isUserSettingKey(key)) throw notFound(`User setting '${key}' not found.`);
  return out(key, userId, storedValues(db, userId).get(key));
}

/** PATCH/PUT `{value}` on one of the caller's settings. */
export function updateUserSetting(db: DbOrTx, userId: number, key: string, value: unknown) {
  if (!isUserSettingKey(key)) throw notFound(`User setting '${key}' not found.`);
  const text = normaliseSettingValue(USER_SETTINGS[key], value);
  db.insert(userSettings)
    .values({ user: userId, key, value: text })
    .onConflictDoUpdate({ target: [userSettings.user, userSettings.key], set: { value: text } })
    .run();
  return out(key, userId, text);
}
