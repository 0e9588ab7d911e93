// lcsc-qr: decodes LCSC reel/bag QR codes and resolves them through the host.
//
//   {pbn:PICK2301050031,on:WM2301050078,pc:C2040,pm:RP2040,qty:10,mc:,cc:1,pdi:80410836,hp:null,wc:ZH}
//
// pc = LCSC part number (our SKU), pm = manufacturer part number, qty = quantity, on = LCSC order
// number (a purchase order's supplier_reference); the other keys are ignored, as InvenTree does.
// barcode_scan → {"match": false} (not an LCSC code) · {"error": "…"} (an LCSC code that is damaged)
//              · {"match": true, "supplier": {supplier, sku, mpn?, quantity?, purchase_order?,
//                 supplier_part?, purchase_order_line?}}
import { Json, bvSearch, fail, inputString, jsonError, output } from "binventory";

/** The keys LCSC prints (see isLcsc for when they make a code LCSC's). */
const KNOWN: string[] = ["pbn", "on", "pc", "pm", "qty", "mc", "cc", "pdi", "hp", "wc"];
const SUPPLIER = "LCSC";

// ---- decoding ----

/** A label's fields; `complete` holds only pieces that cannot have been cut off. */
class Label {
  complete: Map<string, string> = new Map();
  /** Every key seen, a cut-off piece's included (recognition only). */
  keys: string[] = [];
  truncated: bool = false;
}

/** A key as LCSC writes them: lower-case letters, digits, underscores, starting with a letter. */
function isKey(k: string): bool {
  if (k.length == 0 || k.length > 16) return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    const letter = c >= 0x61 && c <= 0x7a;
    if (!(letter || (i > 0 && ((c >= 0x30 && c <= 0x39) || c == 0x5f)))) return false;
  }
  return true;
}

/**
 * Splits a code into key:value pieces (split on the first ':', spaces trimmed, order free).
 * Null when the text is not shaped like one. A missing brace on one side means the scan was cut
 * there, so the piece on that side may be partial and only counts towards recognition.
 */
function parseLabel(raw: string): Label | null {
  let text = raw.trim();
  const open = text.startsWith("{");
  const close = text.endsWith("}");
  if (open) text = text.substring(1);
  if (close) text = text.substring(0, text.length - 1);
  const label = new Label();
  label.truncated = open != close;
  const pieces = text.split(",");
  const cutFirst = close && !open;
  const cutLast = open && !close;

  let lastKey = "";
  for (let i = 0; i < pieces.length; i++) {
    const maybeCut = (cutFirst && i == 0) || (cutLast && i == pieces.length - 1);
    const piece = pieces[i].trim();
    if (piece.length == 0) continue; // a doubled or trailing comma
    const colon = piece.indexOf(":");
    if (colon < 0) {
      if (maybeCut) continue;
      // A value holding a comma ("pm:RES 10K,1%"): the piece belongs to the field before it.
      if (label.keys.length == 0) return null;
      if (lastKey.length > 0) label.complete.set(lastKey, label.complete.get(lastKey) + "," + piece);
      continue;
    }
    const key = piece.substring(0, colon).trim();
    if (!isKey(key)) {
      if (maybeCut) continue;
      return null;
    }
    if (!label.keys.includes(key)) label.keys.push(key);
    // The first occurrence wins; a repeated key (or a cut piece) is ignored, and so is what follows it.
    lastKey = "";
    if (maybeCut || label.complete.has(key)) continue;
    label.complete.set(key, piece.substring(colon + 1).trim());
    lastKey = key;
  }
  return label;
}

/**
 * Recognisably LCSC's: a `pc`, or `pbn` with another LCSC key, or three LCSC keys. Short keys such
 * as `on` or `cc` alone are too common to claim a code (an error here would end the plugin chain).
 */
function isLcsc(label: Label): bool {
  let known = 0;
  for (let i = 0; i < label.keys.length; i++) if (KNOWN.includes(label.keys[i])) known++;
  return label.keys.includes("pc") || (label.keys.includes("pbn") && known >= 2) || known >= 3;
}

/** A field's value; empty when absent, blank or LCSC's literal "null". */
function field(label: Label, key: string): string {
  if (!label.complete.has(key)) return "";
  const v = label.complete.get(key);
  return v == "null" ? "" : v;
}

/** A quantity as LCSC prints it (digits, maybe a decimal part); NaN when it is anything else. */
function parseQuantity(text: string): f64 {
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x2e) dots++;
    else if (c >= 0x30 && c <= 0x39) digits++;
    else return NaN;
  }
  if (dots > 1 || digits == 0 || text.startsWith(".") || text.endsWith(".")) return NaN;
  const n = parseFloat(text);
  return isFinite(n) ? n : NaN;
}

// ---- resolving through the host ----

/** Results of one bv_search, or null when the host refused it (the caller gives up on pks). */
function search(request: Json): Json[] | null {
  const found = bvSearch(request);
  if (!found.ok) return null;
  const results = found.data.get("results");
  return results.items;
}

function pkOf(row: Json): i64 {
  const pk = row.get("pk");
  return pk.isInteger() && pk.num > 0 ? <i64>pk.num : 0;
}

/** The one supplier company named LCSC; 0 when there is none, several, or the host failed. */
function findLcscCompany(): i64 {
  const rows = search(
    Json.obj()
      .set("model", Json.str("company"))
      .set("search", Json.str(SUPPLIER))
      .set("filters", Json.obj().set("is_supplier", Json.bool(true)))
      .set("limit", Json.num(20)),
  );
  if (rows === null) return 0;
  let pk: i64 = 0;
  for (let i = 0; i < rows.length; i++) {
    const name = rows[i].get("name");
    if (!name.isString() || name.str.trim().toUpperCase() != SUPPLIER) continue;
    if (pk != 0) return 0; // two companies called LCSC: do not guess
    pk = pkOf(rows[i]);
  }
  return pk;
}

/** Set when a host call fails: the lookups stop and the decoded fields go out without pks. */
let hostFailed = false;

/** The supplier part by SKU (and supplier when known), else by MPN for that supplier; 0 if not exactly one. */
function findSupplierPart(sku: string, mpn: string, supplier: i64): i64 {
  const filters = Json.obj().set("SKU", Json.str(sku));
  if (supplier > 0) filters.set("supplier", Json.num(<f64>supplier));
  const bySku = search(Json.obj().set("model", Json.str("supplierpart")).set("filters", filters).set("limit", Json.num(2)));
  if (bySku === null) {
    hostFailed = true;
    return 0;
  }
  // SKU alone may be shared by several suppliers' parts; with the supplier it is that supplier's part.
  if (bySku.length == 1 || (supplier > 0 && bySku.length > 0)) return pkOf(bySku[0]);
  if (bySku.length > 0 || mpn.length == 0 || supplier == 0) return 0;
  const byMpn = search(
    Json.obj()
      .set("model", Json.str("supplierpart"))
      .set("filters", Json.obj().set("MPN", Json.str(mpn)).set("supplier", Json.num(<f64>supplier)))
      .set("limit", Json.num(2)),
  );
  if (byMpn === null) {
    hostFailed = true;
    return 0;
  }
  return byMpn.length == 1 ? pkOf(byMpn[0]) : 0;
}

/** Pks of the purchase orders whose supplier_reference is `order` exactly; null when the host failed. */
function ordersWithReference(order: string, supplier: i64): i64[] | null {
  const req = Json.obj().set("model", Json.str("purchaseorder")).set("search", Json.str(order)).set("limit", Json.num(50));
  if (supplier > 0) req.set("filters", Json.obj().set("supplier", Json.num(<f64>supplier)));
  const rows = search(req);
  if (rows === null) return null;
  const pks: i64[] = [];
  for (let i = 0; i < rows.length; i++) {
    const ref = rows[i].get("supplier_reference");
    if (ref.isString() && ref.str.trim() == order) pks.push(pkOf(rows[i]));
  }
  return pks;
}

/**
 * The open (pending) purchase-order line for the supplier part: one whose order carries the LCSC
 * order number first, then one still waiting for goods; 0 when there is none.
 */
function findOrderLine(supplierPart: i64, order: string, supplier: i64): i64 {
  const lines = search(
    Json.obj()
      .set("model", Json.str("purchaseorderline"))
      .set("filters", Json.obj().set("part", Json.num(<f64>supplierPart)).set("pending", Json.bool(true)))
      .set("limit", Json.num(50)),
  );
  if (lines === null) {
    hostFailed = true;
    return 0;
  }
  if (lines.length == 0) return 0;
  let preferred: i64[] = [];
  if (order.length > 0) {
    const found = ordersWithReference(order, supplier);
    if (found === null) {
      hostFailed = true;
      return 0;
    }
    preferred = found;
  }
  let best: i64 = 0;
  let bestScore = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const orderPk = line.get("order");
    let score = 0;
    if (orderPk.isInteger() && preferred.includes(<i64>orderPk.num)) score += 2;
    const quantity = line.get("quantity");
    const received = line.get("received");
    if (quantity.isNumber() && received.isNumber() && received.num < quantity.num) score += 1;
    if (score > bestScore) {
      best = pkOf(line);
      bestScore = score;
    }
  }
  return best;
}

// ---- the export ----

export function barcode_scan(): i32 {
  hostFailed = false; // globals outlive a call: the instance is reused
  const input = Json.parse(inputString());
  if (input === null) return fail("input is not JSON: " + jsonError);
  const barcode = input.get("barcode");
  if (!barcode.isString()) return fail("input has no barcode string");

  const label = parseLabel(barcode.str);
  if (label === null || !isLcsc(label)) return output('{"match":false}');

  const sku = field(label, "pc");
  if (sku.length == 0) {
    const why = label.truncated ? "LCSC label is truncated: no part number (pc)" : "LCSC label has no part number (pc)";
    return output(Json.obj().set("error", Json.str(why)).toString());
  }
  const qtyText = field(label, "qty");
  const quantity = qtyText.length > 0 ? parseQuantity(qtyText) : NaN;
  if (qtyText.length > 0 && isNaN(quantity)) {
    return output(Json.obj().set("error", Json.str("LCSC label has a non-numeric quantity: " + qtyText)).toString());
  }
  const mpn = field(label, "pm");
  const order = field(label, "on");

  const supplier = Json.obj().set("supplier", Json.str(SUPPLIER)).set("sku", Json.str(sku));
  if (mpn.length > 0) supplier.set("mpn", Json.str(mpn));
  if (!isNaN(quantity)) supplier.set("quantity", Json.num(quantity));
  if (order.length > 0) supplier.set("purchase_order", Json.str(order));

  const company = findLcscCompany();
  const part = findSupplierPart(sku, mpn, company);
  if (part > 0) {
    supplier.set("supplier_part", Json.num(<f64>part));
    const line = hostFailed ? 0 : findOrderLine(part, order, company);
    if (line > 0) supplier.set("purchase_order_line", Json.num(<f64>line));
  }
  return output(Json.obj().set("match", Json.bool(true)).set("supplier", supplier).toString());
}
