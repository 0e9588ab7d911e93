import type { ReportDocument } from "../../../../plugin-sdk/schema/report.ts";

/** Values the `{page}`, `{pages}`, `{date}` and `{title}` placeholders of a page band take. */
export interface BandValues {
  page: string;
  pages: string;
  date: string;
  title: string;
}

export type Band = NonNullable<ReportDocument["header"]>;
export const BAND_SLOTS = ["left", "center", "right"] as const;

/**
 * Splits a band text into literal parts and placeholders, so each format can render the
 * placeholders its own way (a number in PDF, a CSS counter in HTML, `\thepage` in LaTeX).
 * Unknown `{words}` stay literal.
 */
export function bandParts(text: string): Array<{ literal: string } | { field: keyof BandValues }> {
  const parts: Array<{ literal: string } | { field: keyof BandValues }> = [];
  let last = 0;
  for (const m of text.matchAll(/\{(page|pages|date|title)\}/g)) {
    if (m.index > last) parts.push({ literal: text.slice(last, m.index) });
    parts.push({ field: m[1] as keyof BandValues });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

/** A band text with its placeholders filled in (plain text, not yet escaped). */
export function fillBand(text: string, values: BandValues): string {
  return bandParts(text)
    .map((p) => ("literal" in p ? p.literal : values[p.field]))
    .join("");
}

/** `YYYY-MM-DD` in UTC, the `{date}` of every format. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
