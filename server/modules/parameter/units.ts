/**
 * Physical units for parameter templates: a small, exact subset of what InvenTree does with pint
 * (InvenTree/conversion.py). A unit expression is a product of units, each an SI-prefixed symbol
 * or name with an optional exponent ("mm", "kg A", "m/s^2", "kOhm", "uF"); a value is a number
 * with an optional unit expression ("10", "10 cm", "4.7k" with the template's unit appended,
 * engineering notation "4K7"). Offset temperatures (degC, degF) work alone, not in products.
 * Unknown units are refused, so a value converts or is rejected, never guessed.
 */

/** Exponents of metre, kilogram, second, ampere, kelvin, mole, candela. */
type Dim = readonly number[];
interface Unit {
  /** Multiply by this to get SI base units. */
  factor: number;
  dim: Dim;
  /** Added after the factor (K = degC + 273.15); only for a unit standing alone. */
  offset?: number;
  prefixable?: boolean;
}

const D = (m = 0, kg = 0, s = 0, A = 0, K = 0, mol = 0, cd = 0): Dim => [m, kg, s, A, K, mol, cd];
const NONE = D();
const SI = (dim: Dim, factor = 1): Unit => ({ factor, dim, prefixable: true });
const plain = (dim: Dim, factor: number): Unit => ({ factor, dim });

// No prototype: a unit name such as "valueOf" or "constructor" must not find Object.prototype's members.
const BASE: Record<string, Unit> = Object.create(null);
function define(names: string[], unit: Unit) {
  for (const n of names) BASE[n] = unit;
}
define(["m", "meter", "metre"], SI(D(1)));
define(["g", "gram"], SI(D(0, 1), 1e-3));
define(["s", "sec", "second"], SI(D(0, 0, 1)));
define(["A", "amp", "ampere"], SI(D(0, 0, 0, 1)));
define(["K", "kelvin", "degK"], SI(D(0, 0, 0, 0, 1)));
define(["mol", "mole"], SI(D(0, 0, 0, 0, 0, 1)));
define(["cd", "candela"], SI(D(0, 0, 0, 0, 0, 0, 1)));
define(["Hz", "hertz"], SI(D(0, 0, -1)));
define(["N", "newton"], SI(D(1, 1, -2)));
define(["Pa", "pascal"], SI(D(-1, 1, -2)));
define(["J", "joule"], SI(D(2, 1, -2)));
define(["W", "watt"], SI(D(2, 1, -3)));
define(["C", "coulomb"], SI(D(0, 0, 1, 1)));
define(["V", "volt"], SI(D(2, 1, -3, -1)));
define(["F", "farad"], SI(D(-2, -1, 4, 2)));
define(["ohm", "Ohm", "Ω"], SI(D(2, 1, -3, -2)));
define(["S", "siemens"], SI(D(-2, -1, 3, 2)));
define(["H", "henry"], SI(D(2, 1, -2, -2)));
define(["T", "tesla"], SI(D(0, 1, -2, -1)));
define(["Wb", "weber"], SI(D(2, 1, -2, -1)));
define(["L", "l", "liter", "litre"], SI(D(3), 1e-3));
define(["bar"], SI(D(-1, 1, -2), 1e5));
define(["Wh"], SI(D(2, 1, -2), 3600));
define(["Ah"], SI(D(0, 0, 1, 1), 3600));
define(["min", "minute"], plain(D(0, 0, 1), 60));
define(["h", "hr", "hour"], plain(D(0, 0, 1), 3600));
define(["day"], plain(D(0, 0, 1), 86400));
define(["in", "inch", "inches"], plain(D(1), 0.0254));
define(["ft", "foot", "feet"], plain(D(1), 0.3048));
define(["yd", "yard"], plain(D(1), 0.9144));
define(["mil", "thou"], plain(D(1), 0.0000254));
define(["lb", "pound"], plain(D(0, 1), 0.45359237));
define(["oz", "ounce"], plain(D(0, 1), 0.028349523125));
define(["psi"], plain(D(-1, 1, -2), 6894.757293168361));
define(["degC", "celsius", "Celsius"], { factor: 1, dim: D(0, 0, 0, 0, 1), offset: 273.15 });
define(["degF", "fahrenheit", "Fahrenheit"], { factor: 5 / 9, dim: D(0, 0, 0, 0, 1), offset: 459.67 * (5 / 9) });
define(["percent", "%"], plain(NONE, 0.01));
define(["ppm"], plain(NONE, 1e-6));
define(["piece", "each", "ea"], plain(NONE, 1));
define(["dozen", "dz"], plain(NONE, 12));
define(["hundred"], plain(NONE, 100));
define(["thousand"], plain(NONE, 1000));

const PREFIXES: Record<string, number> = {
  Y: 1e24, Z: 1e21, E: 1e18, P: 1e15, T: 1e12, G: 1e9, M: 1e6, k: 1e3, h: 1e2, da: 1e1,
  d: 1e-1, c: 1e-2, m: 1e-3, u: 1e-6, µ: 1e-6, μ: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15, a: 1e-18,
  yotta: 1e24, zetta: 1e21, exa: 1e18, peta: 1e15, tera: 1e12, giga: 1e9, mega: 1e6, kilo: 1e3, hecto: 1e2, deca: 1e1,
  deci: 1e-1, centi: 1e-2, milli: 1e-3, micro: 1e-6, nano: 1e-9, pico: 1e-12, femto: 1e-15, atto: 1e-18,
};
const PREFIX_NAMES = Object.keys(PREFIXES).sort((a, b) => b.length - a.length);

function lookup(token: string): Unit | undefined {
  const direct = BASE[token];
  if (direct) return direct;
  for (const p of PREFIX_NAMES) {
    if (token.length <= p.length || !token.startsWith(p)) continue;
    const unit = BASE[token.slice(p.length)];
    if (unit?.prefixable) return { factor: unit.factor * (PREFIXES[p] ?? 1), dim: unit.dim };
  }
  return undefined;
}

/** A unit expression's SI factor and dimension; undefined when any part of it is unknown. */
function parseUnits(expr: string): Unit | undefined {
  const text = expr.trim();
  if (text === "") return { factor: 1, dim: NONE };
  const parts = text.replace(/\*\*/g, "^").split(/\s*([*/·])\s*|\s+/).filter((p) => p !== undefined && p !== "");
  let factor = 1;
  const dim = [...NONE];
  let divide = false;
  let count = 0;
  let offsetUnit: Unit | undefined;
  for (const part of parts) {
    if (part === "*" || part === "·") continue;
    if (part === "/") {
      divide = true;
      continue;
    }
    const m = /^([^\s^]+?)(?:\^([+-]?\d+))?$/.exec(part);
    if (!m?.[1]) return undefined;
    const unit = lookup(m[1]);
    if (!unit) return undefined;
    const power = (m[2] ? Number(m[2]) : 1) * (divide ? -1 : 1);
    divide = false;
    factor *= unit.factor ** power;
    for (let i = 0; i < dim.length; i++) dim[i] = (dim[i] ?? 0) + (unit.dim[i] ?? 0) * power;
    if (unit.offset !== undefined) offsetUnit = unit;
    count++;
  }
  if (divide || count === 0) return undefined;
  if (offsetUnit) return count === 1 && factor === offsetUnit.factor ? offsetUnit : undefined;
  return { factor, dim };
}

/** InvenTree's validate_physical_units: blank, or an expression of known units. */
export const isValidUnits = (expr: string): boolean => parseUnits(expr) !== undefined;

const NUMBER = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/;
const sameDim = (a: Dim, b: Dim) => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) < 1e-9);
const dimensionless = (d: Dim) => d.every((v) => v === 0);

/** "1K2" → "1.2K", "10n005F" → "10.005nF" (InvenTree's from_engineering_notation). */
function fromEngineering(value: string): string {
  const m = /^(\d+)([a-zA-Z]+)(\d+)(.*)$/.exec(value);
  return m ? `${m[1]}.${m[3]}${m[2]}${m[4]}` : value;
}

function convertOnce(text: string, target: Unit): number | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m?.[1]) return undefined;
  const source = parseUnits(m[2] ?? "");
  if (!source) return undefined;
  const magnitude = Number(m[1]);
  // A bare number (or "2 dozen") is taken as already in the target unit, as pint does here.
  if (dimensionless(source.dim) && source.offset === undefined) return magnitude * source.factor;
  if (!sameDim(source.dim, target.dim)) return undefined;
  const si = magnitude * source.factor + (source.offset ?? 0);
  return (si - (target.offset ?? 0)) / target.factor;
}

/**
 * InvenTree's convert_physical_value(value, unit): the value's magnitude in `unit`, or an error
 * message (InvenTree's wording) when it cannot be converted.
 */
export function convertToUnits(value: string, unit: string): { value: number } | { error: string } {
  const target = parseUnits(unit);
  if (!target) return { error: `Invalid unit provided (${unit})` };
  let text = value.trim();
  if (text === "") return { error: "No value provided" };
  if ((text.match(/'/g) ?? []).length === 1 && text.endsWith("'")) text = text.replace("'", " feet");
  if ((text.match(/"/g) ?? []).length === 1 && text.endsWith('"')) text = text.replace('"', " inches");
  const eng = fromEngineering(text);
  for (const attempt of [text, eng, `${text}${unit}`, `${eng}${unit}`, `${text} ${unit}`]) {
    const out = convertOnce(attempt, target);
    if (out !== undefined && Number.isFinite(out)) return { value: out };
  }
  return { error: `Could not convert ${value.trim()} to ${unit}` };
}

/** Python's float(): surrounding spaces, underscores between digits, inf/nan refused here. */
export function parseFloatLikePython(value: string): number | undefined {
  const s = value.trim().replace(/(\d)_(?=\d)/g, "$1");
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
