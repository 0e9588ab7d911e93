/** Pieces every built-in report shares: page bands, sections per object, plugin-added context. */
import type { Block, ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import type { BuildOptions } from "./types.ts";

type CellValue = string | number | boolean | null;

const isCell = (v: unknown): v is CellValue => v === null || ["string", "number", "boolean"].includes(typeof v);
const isRow = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The header and footer every built-in report prints. */
export function pageBands(): Pick<ReportDocument, "header" | "footer"> {
  return { header: { left: "{title}", right: "{date}" }, footer: { left: "Binventory", right: "Page {page} of {pages}" } };
}

/** One section per object, separated by page breaks (InvenTree prints one report per item, merged). */
export function joinSections(sections: Block[][]): Block[] {
  const out: Block[] = [];
  sections.forEach((s, i) => {
    if (i > 0) out.push({ type: "page_break" });
    out.push(...s);
  });
  return out;
}

/**
 * Plugin-added context as blocks: scalar values as one key/value list, lists of flat objects as
 * tables (columns from the first row), anything else as its JSON text. Keys the built-in context
 * already holds are skipped: a plugin adds, it does not replace.
 */
export function extraContextBlocks(opts: BuildOptions, pk: number, ownKeys: readonly string[]): Block[] {
  const extra = opts.extraContext?.get(pk);
  if (!extra) return [];
  const entries = Object.entries(extra).filter(([k]) => !ownKeys.includes(k));
  if (!entries.length) return [];
  const items: { key: string; value: CellValue }[] = [];
  const tables: Block[] = [];
  for (const [key, value] of entries) {
    if (isCell(value)) items.push({ key, value });
    else if (Array.isArray(value) && value.length > 0 && value.every(isRow)) {
      const columns = Object.keys(value[0]).slice(0, 50);
      const rows = value.map((r) => Object.fromEntries(columns.map((c) => [c, isCell(r[c]) ? r[c] : JSON.stringify(r[c] ?? null)])));
      tables.push({ type: "table", caption: key, columns: columns.map((c) => ({ key: c, title: c })), rows });
    } else items.push({ key, value: JSON.stringify(value) });
  }
  const blocks: Block[] = [{ type: "heading", text: "Additional information", level: 2 }];
  if (items.length) blocks.push({ type: "keyvalue", items });
  return [...blocks, ...tables];
}

/** Who printed the report and when, for the key/value block under each heading. */
export function printedBy(ctx: { date: string; user: { username: string } | null }): { key: string; value: CellValue }[] {
  return [
    { key: "Date", value: ctx.date },
    { key: "Printed by", value: ctx.user?.username ?? "" },
  ];
}

/** The context of each pk, built one after the other (in order, one query at a time). */
export async function contextsInOrder<T>(pks: readonly number[], build: (pk: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const pk of pks) out.push(await build(pk));
  return out;
}
