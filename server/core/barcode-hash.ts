/**
 * InvenTree's hash_barcode: md5 of the data after Python's str.strip() and the removal of every
 * control / non-printable character (ASCII controls, DEL, newlines and Unicode category C).
 */

// Python's str.isspace() set, which strip() removes; JS trim() differs (it keeps \x1c-\x1f and \x85,
// and strips \ufeff, which Python keeps but the control-character pass below removes anyway).
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const CONTROL = /[\x00-\x1f\x7f]|\p{C}/gu;

/** Python's `str.strip()` with no argument. */
export function pythonStrip(text: string): string {
  return text.replace(PY_STRIP, "");
}

/** The cleaned text InvenTree hashes: stripped, then without control characters. */
function cleanBarcode(data: string): string {
  return pythonStrip(data).replace(CONTROL, "");
}

/** InvenTree's `hash_barcode(data)`: lowercase hex md5 of the cleaned data. */
export function barcodeHash(data: string): string {
  return new Bun.CryptoHasher("md5").update(cleanBarcode(data)).digest("hex");
}
