/**
 * The native barcodes (InvenTree's InvenTreeInternalBarcodePlugin): JSON (`{"stockitem": 12}`)
 * and short (`INV-SI12`, the prefix a setting that may be empty). Decoding accepts both formats
 * whatever INTERNAL_BARCODE_FORMAT says, and only answers for objects that exist.
 */
import type { Reads } from "../../db/database.ts";
import { barcodeModelInfo, BARCODE_MODELS, type BarcodeModel, barcodeObjectExists, modelForCode } from "./barcode-models.ts";
import { builtinSetting, builtinSettingValues } from "./inventree-plugin.ts";

export type { BarcodeModel } from "./barcode-models.ts";

export interface NativeMatch {
  model: BarcodeModel;
  pk: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** Python's int() over what json.loads may give: ints, integral strings, floats (truncated), bools. */
function pythonInt(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === "string" && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number.parseInt(value.replace(/_/g, ""), 10);
  return null;
}

/**
 * The short form `<prefix><code><pk>`. Returns the model and pk it names, `"unknown"` when the
 * prefix and shape match but the code is no model's (InvenTree then stops scanning natively), or
 * null when the text is not in that form.
 */
function parseShortBarcode(text: string, prefix: string): NativeMatch | "unknown" | null {
  // InvenTree's class: [0-9A-Z $%*+-.\/:], where "+-." is a range (+ , - .).
  const m = new RegExp(`^${escapeRegExp(prefix)}([0-9A-Z $%*+-.\\/:]{2})(\\d+)$`).exec(text);
  if (!m) return null;
  const model = modelForCode(m[1]);
  if (!model) return "unknown";
  return { model, pk: Number(m[2]) };
}

/** The first supported model key of a JSON object barcode naming an existing object. */
async function decodeJson(db: Reads, text: string): Promise<NativeMatch | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const dict = parsed as Record<string, unknown>;
  for (const model of BARCODE_MODELS) {
    if (!(model in dict)) continue;
    const pk = pythonInt(dict[model]);
    if (pk !== null && (await barcodeObjectExists(db, model, pk))) return { model, pk };
  }
  return null;
}

/**
 * Decodes a native barcode (either format, the short one with the current prefix) to an existing
 * object, or null. `stop` is true when InvenTree's plugin would give up without looking at linked
 * barcodes (a well-formed short code whose model code is unknown).
 */
export async function decodeNativeBarcodeDetailed(db: Reads, text: string): Promise<{ match: NativeMatch | null; stop: boolean }> {
  const short = parseShortBarcode(text, await builtinSetting(db, "SHORT_BARCODE_PREFIX"));
  if (short === "unknown") return { match: null, stop: true };
  if (short && (await barcodeObjectExists(db, short.model, short.pk))) return { match: short, stop: false };
  return { match: await decodeJson(db, text), stop: false };
}

/** The text InvenTree would print for this object under the current INTERNAL_BARCODE_FORMAT. */
export async function formatNativeBarcode(db: Reads, model: BarcodeModel, pk: number): Promise<string> {
  const settings = await builtinSettingValues(db);
  if (settings.INTERNAL_BARCODE_FORMAT === "short") {
    return `${settings.SHORT_BARCODE_PREFIX}${barcodeModelInfo()[model].code}${pk}`;
  }
  // Python's json.dumps: a space after the colon.
  return `{"${model}": ${pk}}`;
}
