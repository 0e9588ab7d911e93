import type { Db } from "./client.ts";

/** Placeholder until the demo dataset lands: returns null when nothing was seeded. */
export async function seedDemoData(_db: Db): Promise<Record<string, number> | null> {
  return null;
}
