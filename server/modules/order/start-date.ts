/**
 * `start_date` of purchase and sales orders (InvenTree API 306): its check against `target_date`
 * and its list filters, shared by both order kinds.
 */
import { isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { parseBoolQuery } from "../../core/query.ts";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { DATE_FORMAT_MESSAGE, type FieldErrorCollector } from "../../core/errors.ts";

/** True for an existing calendar day written YYYY-MM-DD (the body schema already checked the shape). */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

interface OrderDates {
  start_date?: string | null;
  target_date?: string | null;
}

/**
 * Adds InvenTree's errors for the order's dates after this change: each must be a real day, and
 * the start may not come after the target (both fields named, as Order.clean does). Fields left out
 * of `input` keep `existing`'s value; null clears them.
 */
export function checkOrderDates(errors: FieldErrorCollector, input: OrderDates, existing?: { start_date: string | null; target_date: string | null }): void {
  let valid = true;
  for (const field of ["start_date", "target_date"] as const) {
    const v = input[field];
    if (typeof v === "string" && !isCalendarDate(v)) {
      errors.add(field, DATE_FORMAT_MESSAGE);
      valid = false;
    }
  }
  const start = input.start_date !== undefined ? input.start_date : (existing?.start_date ?? null);
  const target = input.target_date !== undefined ? input.target_date : (existing?.target_date ?? null);
  if (valid && start && target && start > target) {
    errors.add("target_date", "Target date must be after start date");
    errors.add("start_date", "Start date must be before target date");
  }
}

export interface StartDateQuery {
  has_start_date?: string;
  start_date_before?: string;
  start_date_after?: string;
}

/** InvenTree's order list filters on start_date: `has_start_date`, `start_date_before` / `_after` (strict). */
export function startDateConditions(column: SQLiteColumn, q: StartDateQuery): SQL[] {
  const conds: SQL[] = [];
  if (parseBoolQuery(q.has_start_date) !== undefined) conds.push(parseBoolQuery(q.has_start_date) ? isNotNull(column) : isNull(column));
  if (q.start_date_before !== undefined) conds.push(sql`${column} < ${q.start_date_before}`);
  if (q.start_date_after !== undefined) conds.push(sql`${column} > ${q.start_date_after}`);
  return conds;
}
