/**
 * Parses a supplier part's pack quantity ("100", "2.5 m", "500mm") into the part's own units, as
 * InvenTree's convert_physical_value does for the common cases: a bare number, the part's unit, or
 * the part's unit with a different SI prefix. Returns the value or the message for a 400.
 */

const SI_PREFIXES: Record<string, number> = {
  "": 1,
  G: 1e9,
  M: 1e6,
  k: 1e3,
  h: 1e2,
  da: 1e1,
  d: 1e-1,
  c: 1e-2,
  m: 1e-3,
  u: 1e-6,
  µ: 1e-6,
  n: 1e-9,
  p: 1e-12,
};

/** The factor taking a value in `from` to `to` when they differ only by SI prefix, else null. */
function prefixFactor(from: string, to: string): number | null {
  if (from === to) return 1;
  let best: { core: number; factor: number } | null = null;
  for (const [pf, mf] of Object.entries(SI_PREFIXES)) {
    if (!from.startsWith(pf)) continue;
    const core = from.slice(pf.length);
    if (!core) continue;
    for (const [pt, mt] of Object.entries(SI_PREFIXES)) {
      if (pt + core === to && (!best || core.length > best.core)) best = { core: core.length, factor: mf / mt };
    }
  }
  return best?.factor ?? null;
}

export type PackQuantity = { ok: true; text: string; native: number } | { ok: false; message: string };

/** `raw` as entered (blank means "1"), `partUnits` the base part's units ("" when it has none). */
export function parsePackQuantity(raw: string, partUnits: string): PackQuantity {
  const text = raw.trim() === "" ? "1" : raw.trim();
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/.exec(text);
  if (!m) return { ok: false, message: "Invalid quantity supplied" };
  const value = Number(m[1]);
  const unit = (m[2] ?? "").trim();
  let native = value;
  if (unit !== "") {
    if (partUnits === "") return { ok: false, message: "Pack units must be compatible with the base part units" };
    const factor = prefixFactor(unit, partUnits);
    if (factor === null) return { ok: false, message: `Could not convert ${text} to ${partUnits}` };
    native = value * factor;
  }
  if (!Number.isFinite(native)) return { ok: false, message: "Invalid quantity supplied" };
  if (native <= 0) return { ok: false, message: "Pack units must be greater than zero" };
  // Round away binary noise from the prefix factor (InvenTree keeps 10 decimal places).
  return { ok: true, text, native: Number(native.toPrecision(12)) };
}
