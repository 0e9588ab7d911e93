/** Per-user settings (InvenTree's InvenTreeUserSetting): each user reads and writes only their own. */
import { eq } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { notFound } from "../../core/errors.ts";
import { isUserSettingKey, USER_SETTINGS, type UserSettingKey } from "./definitions.ts";
import { normaliseSettingValue, settingOut } from "./service.ts";
import { userSettings } from "../../db/tables.ts";

const KEYS = Object.keys(USER_SETTINGS) as UserSettingKey[];
const pkOf = (key: UserSettingKey) => KEYS.indexOf(key) + 1;

async function storedValues(db: Reads, userId: number): Promise<Map<string, string>> {
  const rows = await db.q.select({ key: userSettings.key, value: userSettings.value }).from(userSettings).where(eq(userSettings.user, userId));
  return new Map(rows.map((r) => [r.key, r.value]));
}

function out(key: UserSettingKey, userId: number, stored: string | undefined) {
  return { ...settingOut(USER_SETTINGS[key], key, pkOf(key), stored ?? USER_SETTINGS[key].default, "user"), user: userId };
}

/** Every user setting with the user's value (or InvenTree's default). */
export async function listUserSettings(db: Reads, userId: number) {
  const stored = await storedValues(db, userId);
  return KEYS.map((k) => out(k, userId, stored.get(k)));
}

/** One user setting by key (404 for an unknown key, as InvenTree). */
export async function getUserSetting(db: Reads, userId: number, key: string) {
  if (!isUserSettingKey(key)) throw notFound(`User setting '${key}' not found.`);
  return out(key, userId, (await storedValues(db, userId)).get(key));
}

/** PATCH/PUT `{value}` on one of the caller's settings. */
export async function updateUserSetting(db: Writes, userId: number, key: string, value: unknown) {
  if (!isUserSettingKey(key)) throw notFound(`User setting '${key}' not found.`);
  const text = normaliseSettingValue(USER_SETTINGS[key], value);
  await db.write((tx) =>
    tx.q
      .insert(userSettings)
      .values({ user: userId, key, value: text })
      .onConflictDoUpdate({ target: [userSettings.user, userSettings.key], set: { value: text } }),
  );
  return out(key, userId, text);
}
