/** InvenTree's generateTestKey: lowercase, spaces and symbols dropped, "_" in front of a leading digit. */
export function generateTestKey(name: string): string {
  const key = name.trim().toLowerCase().replace(/[^a-z0-9_]/g, "");
  return /^\d/.test(key) ? `_${key}` : key;
}
