/**
 * Today's date as the API stores and compares dates: `YYYY-MM-DD` in UTC (InvenTree's
 * current_date with TIME_ZONE UTC). The timestamp counterpart, for SQL writes, is `NOW` in
 * db/schema/common.ts.
 */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
