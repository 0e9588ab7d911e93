/**
 * Order references as InvenTree's ReferenceIndexingMixin: a pattern setting such as "PO-{ref:04d}"
 * validates a given reference and generates the next one when none is given.
 */
import { and, desc, eq, getTableName, ne, sql } from "drizzle-orm";
import type { Reads } from "../../db/database.ts";
import { isUniqueViolation, lockKey } from "../../db/dialect.ts";
import { GLOBAL_SETTINGS } from "../settings/service.ts";
import { parseFormat } from "./reference-pattern.ts";
import { purchaseOrders, salesOrders, settings } from "../../db/tables.ts";


export type ReferenceKind = "purchaseorder" | "salesorder";

const SETTING = { purchaseorder: "PURCHASEORDER_REFERENCE_PATTERN", salesorder: "SALESORDER_REFERENCE_PATTERN" } as const;
/** The model's verbose name, as InvenTree's unique-field message names it. */
const LABEL = { purchaseorder: "Purchase Order", salesorder: "Sales Order" } as const;
/** The kind's table, as db/tables.ts binds it now (a module-level map would keep the SQLite tables on PostgreSQL). */
const tableOf = (kind: ReferenceKind) => (kind === "purchaseorder" ? purchaseOrders : salesOrders);

/**
 * Serialises everything that decides a reference of `kind` (generating the next, checking a given
 * one unused ignoring case) with the write that stores it: on PostgreSQL a transaction-scoped
 * advisory lock per kind, so two concurrent creates cannot both find the same reference free under
 * READ COMMITTED; nothing on SQLite, whose one writer already serialises them. Call it inside the
 * write's transaction, before the reference is generated or checked.
 */
export const lockReferences = (tx: Reads, kind: ReferenceKind): Promise<void> => lockKey(tx, `${kind}_reference`);

/** Whether `e` is the unique reference column refusing a row of `kind` (PostgreSQL names the constraint, SQLite the column). */
export function isReferenceTaken(e: unknown, kind: ReferenceKind): boolean {
  const table = getTableName(tableOf(kind));
  return isUniqueViolation(e, `${table}_reference_unique`) || isUniqueViolation(e, `${table}.reference`);
}

const REGEX_SPECIAL = new Set(["+", "-", ".", "{", "}", "(", ")", "^", "$", "~", "!", "@", ":", ";", "|", "'", '"', "*", "[", "]", "\\", "/"]);

/** InvenTree's construct_format_regex: literals escaped, `?` any char, `#` a digit, fields named groups. */
function formatRegex(pattern: string): RegExp {
  let re = "^";
  for (const piece of parseFormat(pattern)) {
    for (const ch of piece.literal) re += ch === "?" ? "." : ch === "#" ? "\\d" : REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
    if (piece.name !== null && piece.name !== "") {
      const name = piece.name === "?" ? "wild" : piece.name.replace(/[^A-Za-z0-9_]/g, "_");
      re += `(?<${name}>${piece.spec.endsWith("d") ? "\\d" : "."}+)`;
    }
  }
  return new RegExp(`${re}$`);
}

/** Python's format spec for an integer or string field, the forms patterns use: [[fill]align][0][width][d]. */
function formatField(value: number | string, spec: string): string {
  const m = /^(?:(.)?([<>^]))?(0)?(\d+)?(d|s)?$/.exec(spec);
  if (!m) throw new Error(`Invalid format specifier '${spec}'`);
  const [, fillChar, align, zero, widthText] = m;
  const text = String(value);
  const width = widthText ? Number(widthText) : 0;
  if (text.length >= width) return text;
  if (zero && !align) return text.startsWith("-") ? `-${text.slice(1).padStart(width - 1, "0")}` : text.padStart(width, "0");
  const fill = fillChar ?? " ";
  const pad = width - text.length;
  const a = align ?? (typeof value === "number" ? ">" : "<");
  if (a === "<") return text + fill.repeat(pad);
  if (a === ">") return fill.repeat(pad) + text;
  return fill.repeat(Math.floor(pad / 2)) + text + fill.repeat(Math.ceil(pad / 2));
}

/** InvenTree's increment(): the trailing number + 1, keeping its width ("001" → "002", "QQQ" stays). */
function incrementReference(value: string): string {
  const m = /^(.*?)(\d+)?$/.exec(value.trim());
  if (!m || !m[2]) return m?.[1] ?? value;
  return m[1] + String(Number(m[2]) + 1).padStart(m[2].length, "0");
}

/** InvenTree's extract_int: the whole string, else a leading, else a trailing run of digits. */
function extractInt(reference: string): number {
  const s = reference.trim();
  if (/^[+-]?\d+$/.test(s)) return Math.abs(Number(s));
  const m = /^(\d+)/.exec(s) ?? /(\d+)$/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** The current pattern (the setting, else InvenTree's default), trimmed. */
async function referencePattern(db: Reads, kind: ReferenceKind): Promise<string> {
  const key = SETTING[kind];
  const [row] = await db.q.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return (row?.value ?? GLOBAL_SETTINGS[key].default).trim();
}

/** validate_reference_field: non-empty and, with a pattern, matching it. Returns the message or null. */
async function referenceError(db: Reads, kind: ReferenceKind, reference: string): Promise<string | null> {
  const value = reference.trim();
  if (value.length === 0) return "Reference field cannot be empty";
  const pattern = await referencePattern(db, kind);
  if (!pattern) return null;
  let ok = false;
  try {
    ok = formatRegex(pattern).test(value);
  } catch {
    return null;
  }
  return ok ? null : `Reference must match required pattern: ${pattern}`;
}

/**
 * The `reference` field's error for an order of `kind`, or null: validate_reference_field, then
 * unique ignoring case among the kind's orders (`exceptId`, the order being changed, aside).
 */
export async function referenceFieldError(db: Reads, kind: ReferenceKind, reference: string, exceptId?: number): Promise<string | null> {
  const problem = await referenceError(db, kind, reference);
  if (problem) return problem;
  const table = tableOf(kind);
  const [clash] = await db.q
    .select({ id: table.id })
    .from(table)
    .where(and(sql`lower(${table.reference}) = lower(${reference})`, exceptId === undefined ? undefined : ne(table.id, exceptId)))
    .limit(1);
  return clash ? `${LABEL[kind]} with this Reference already exists.` : null;
}

/** The `ref` part of a reference under the pattern, or its integer value (InvenTree's get_next_reference). */
function refPart(reference: string, pattern: string): string {
  try {
    const m = formatRegex(pattern).exec(reference.trim());
    if (m?.groups?.ref !== undefined) return m.groups.ref;
  } catch {}
  return String(extractInt(reference));
}

/** The highest `ref` number in use: InvenTree orders by reference_int; we compute it over the references. */
async function latestRef(db: Reads, kind: ReferenceKind, pattern: string): Promise<string | null> {
  const table = tableOf(kind);
  let best: { n: number; ref: string } | null = null;
  // Most recent first, so equal numbers keep the newest row's text as InvenTree's '-pk' tie-break.
  for (const row of await db.q.select({ reference: table.reference }).from(table).orderBy(desc(table.id))) {
    const ref = refPart(row.reference, pattern);
    const n = extractInt(ref);
    if (best === null || n > best.n) best = { n, ref };
  }
  return best?.ref ?? null;
}

/** InvenTree's generate_reference: the pattern filled with the next free `ref`. */
export async function generateReference(db: Reads, kind: ReferenceKind): Promise<string> {
  const pattern = await referencePattern(db, kind);
  const table = tableOf(kind);
  const latest = await latestRef(db, kind, pattern);
  let ref: number | string = latest === null ? 1 : incrementReference(latest);
  if (typeof ref === "string" && /^\d+$/.test(ref)) ref = Number(ref);
  const now = new Date();
  const tried = new Set<string>();
  for (;;) {
    let text: string;
    try {
      text = parseFormat(pattern)
        .map((p) => {
          if (p.name === null) return p.literal;
          if (p.name === "ref") return p.literal + formatField(ref, p.spec);
          if (p.name === "?") return p.literal + p.spec;
          if (p.name === "date") return p.literal + now.toISOString().slice(0, 10);
          return p.literal;
        })
        .join("");
    } catch {
      return String(ref);
    }
    if (tried.has(text)) return text;
    tried.add(text);
    const [taken] = await db.q.select({ id: table.id }).from(table).where(sql`lower(${table.reference}) = lower(${text})`).limit(1);
    if (!taken) return text;
    ref = incrementReference(String(ref));
    if (/^\d+$/.test(ref)) ref = Number(ref);
  }
}
