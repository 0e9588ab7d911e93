import { asc, desc, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { FieldErrorCollector } from "../../http/errors.ts";

/** DRF's message for a primary key that names no row. */
export const invalidPk = (pk: number | string): string => `Invalid pk "${pk}" - object does not exist.`;

/** The message InvenTree gives when a closed order's lines are touched. */
export const LOCKED = "The order is locked and cannot be modified";

type Orderable = SQLiteColumn | SQL;

/**
 * DRF's OrderingFilter: `ordering=-reference,pk` over the fields a list allows; unknown fields are
 * ignored as DRF does. The primary key always breaks ties so pages are stable.
 */
export function orderingFrom(ordering: string | undefined, fields: Record<string, Orderable>, fallback: string, pk: SQLiteColumn): SQL[] {
  const out: SQL[] = [];
  for (const raw of (ordering || fallback).split(",")) {
    const name = raw.trim().replace(/^-/, "");
    const col = fields[name];
    if (!col) continue;
    out.push(raw.trim().startsWith("-") ? desc(col) : asc(col));
  }
  out.push(asc(pk));
  return out;
}

/** `%term%` for LIKE, with the wildcards in the term escaped. */
export const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export { FieldErrorCollector };
