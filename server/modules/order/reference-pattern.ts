/**
 * InvenTree's reference patterns ("PO-{ref:04d}") as Python format strings: parsing and validation.
 * No imports: the settings definitions use it to validate a pattern when it is saved, and the order
 * references (reference.ts) to validate and generate references.
 */

/** One piece of a Python format string: literal text, then an optional `{name:spec}` field. */
export interface FormatPiece {
  literal: string;
  name: string | null;
  spec: string;
}

/** Python's string.Formatter().parse, for the subset patterns use ({{, }} escapes; name and spec). */
export function parseFormat(pattern: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let literal = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "{" && pattern[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (c === "}" && pattern[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (c === "{") {
      const end = pattern.indexOf("}", i);
      if (end < 0) throw new Error("expected '}' before end of string");
      const field = pattern.slice(i + 1, end);
      const colon = field.indexOf(":");
      pieces.push({ literal, name: colon < 0 ? field : field.slice(0, colon), spec: colon < 0 ? "" : field.slice(colon + 1) });
      literal = "";
      i = end + 1;
    } else if (c === "}") {
      throw new Error("Single '}' encountered in format string");
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) pieces.push({ literal, name: null, spec: "" });
  return pieces;
}

/**
 * InvenTree's validate_reference_pattern: parses, only `ref`/`date`/`?` fields, and `ref` required.
 * Returns the message or null. The PURCHASEORDER_ / SALESORDER_REFERENCE_PATTERN definitions carry it as
 * their validator, so a write of a bad pattern is refused (400 naming `value`).
 */
export function referencePatternError(pattern: string): string | null {
  let pieces: FormatPiece[];
  try {
    pieces = parseFormat(pattern);
  } catch (e) {
    return `Improperly formatted pattern: ${(e as Error).message}`;
  }
  const names = pieces.flatMap((p) => (p.name ? [p.name] : []));
  for (const name of names) if (!["ref", "date", "?"].includes(name)) return `Unknown format key specified: '${name}'`;
  if (!names.includes("ref")) return "Missing required format key: 'ref'";
  return null;
}

