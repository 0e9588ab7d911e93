/*
 * tme-qr: decodes TME (Transfer Multisort Elektronik) labels for barcode_scan.
 *
 * Two formats are printed on TME bags:
 *   QR code   "QTY:1 PN:WBP-302 PO:19361337/1 CPO:PO-2023-06-08-001337 MFR:WISHERENTERPRISE MPN:WBP-302 RoHS https://…"
 *   older 2D  "PWBP-302 1PWBP-302 Q1 K19361337/1"  (ECIA data identifiers, separated by spaces)
 * PN / P = TME symbol (our SKU), MPN / 1P = manufacturer part number, QTY / Q = quantity,
 * PO / K = TME order number "/" line, CPO = the customer's own PO number, MFR = manufacturer.
 *
 * Output: {"match": false} when the text is not a TME label; {"error": "…"} for a recognisable but
 * damaged one; else {"match": true, "supplier": {…}} with the supplier part and the pending
 * purchase-order line resolved through bv_search when that works (a failing host call only drops
 * the pks).
 */
#include "binventory.h"

#define MAX_LOOKUP 100   /* the host refuses SKU/MPN filters longer than this */
#define MAX_LINES 100    /* pending lines of one supplier part we look at */
#define MAX_ORDERS 100   /* orders one reference search may return */

/* ---------- small text helpers (all bounded by the span length) ---------- */

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* ASCII case-insensitive equality of two spans. */
static int ieq(bv_str a, bv_str b) {
  if (a.len != b.len) return 0;
  for (size_t i = 0; i < a.len; i++)
    if (lower(a.ptr[i]) != lower(b.ptr[i])) return 0;
  return 1;
}

/* 1 when `needle` occurs in `hay`, ignoring ASCII case. */
static int icontains(bv_str hay, const char *needle) {
  bv_str n = bv_cstr(needle);
  if (n.len > hay.len) return 0;
  for (size_t i = 0; i + n.len <= hay.len; i++)
    if (ieq((bv_str){hay.ptr + i, n.len}, n)) return 1;
  return 0;
}

static int starts_with(bv_str s, const char *prefix) {
  bv_str p = bv_cstr(prefix);
  return s.len >= p.len && bv_str_eq((bv_str){s.ptr, p.len}, p);
}

static int has_char(bv_str s, char c) {
  for (size_t i = 0; i < s.len; i++)
    if (s.ptr[i] == c) return 1;
  return 0;
}

/* The next whitespace-separated token from *pos; 0 at the end. CR/LF/tabs count as spaces. */
static int next_token(bv_str s, size_t *pos, bv_str *tok) {
  size_t i = *pos;
  while (i < s.len && is_ws(s.ptr[i])) i++;
  if (i >= s.len) {
    *pos = i;
    return 0;
  }
  size_t start = i;
  while (i < s.len && !is_ws(s.ptr[i])) i++;
  *tok = (bv_str){s.ptr + start, i - start};
  *pos = i;
  return 1;
}

/* Parses a label quantity: digits with at most one '.' or ',' decimal separator, > 0. */
static int parse_quantity(bv_str s, double *out) {
  double whole = 0, frac = 0, scale = 1;
  size_t digits = 0, i = 0;
  int seen_sep = 0;
  if (s.len == 0 || s.len > 15) return 0; /* longer would lose precision: not a real label quantity */
  for (; i < s.len; i++) {
    char c = s.ptr[i];
    if (c >= '0' && c <= '9') {
      digits++;
      if (seen_sep) frac = frac * 10 + (c - '0'), scale *= 10;
      else whole = whole * 10 + (c - '0');
    } else if ((c == '.' || c == ',') && !seen_sep) {
      seen_sep = 1;
    } else {
      return 0;
    }
  }
  if (!digits) return 0;
  *out = whole + frac / scale;
  return *out > 0;
}

/* ---------- decoded label ---------- */

typedef struct {
  bv_str sku, mpn, qty, po, cpo, mfr; /* ptr == NULL: absent */
} label;

typedef enum { NOT_TME, DAMAGED, DECODED } verdict;

/* Stores a field; a second, different value for the same field means the label is garbled. */
static int set_field(bv_str *slot, bv_str value) {
  if (slot->ptr && !bv_str_eq(*slot, value)) return 0;
  *slot = value;
  return 1;
}

/* ---------- QR format: KEY:value tokens ---------- */

static const char *const QR_KEYS[] = {"QTY", "PN", "PO", "CPO", "MFR", "MPN"};
#define QR_KEY_COUNT (sizeof QR_KEYS / sizeof QR_KEYS[0])

/* Index of a known key (case-insensitive), or -1. */
static int qr_key(bv_str key) {
  for (size_t k = 0; k < QR_KEY_COUNT; k++)
    if (ieq(key, bv_cstr(QR_KEYS[k]))) return (int)k;
  return -1;
}

/* Splits "KEY:value" at the first ':'; 0 when the token has none. */
static int split_pair(bv_str tok, bv_str *key, bv_str *value) {
  for (size_t i = 0; i < tok.len; i++)
    if (tok.ptr[i] == ':') {
      *key = (bv_str){tok.ptr, i};
      *value = (bv_str){tok.ptr + i + 1, tok.len - i - 1};
      return 1;
    }
  return 0;
}

/* A QR label has at least one token whose key is one of TME's. */
static int looks_like_qr(bv_str code) {
  size_t pos = 0;
  bv_str tok, key, value;
  while (next_token(code, &pos, &tok))
    if (split_pair(tok, &key, &value) && qr_key(key) >= 0) return 1;
  return 0;
}

static verdict parse_qr(bv_str code, label *l, const char **why) {
  size_t pos = 0;
  bv_str tok, key, value;
  while (next_token(code, &pos, &tok)) {
    if (!split_pair(tok, &key, &value)) continue; /* "RoHS" and other bare words */
    int k = qr_key(key);
    if (k < 0) continue; /* unknown keys, URLs ("https://…") */
    if (value.len == 0) {
      /* "QTY: 1": the value may follow after a space; a key at the very end is a cut-off label. */
      size_t peek = pos;
      bv_str next;
      if (!next_token(code, &peek, &next) || has_char(next, ':')) {
        *why = "damaged TME label: a field has no value (truncated?)";
        return DAMAGED;
      }
      value = next;
      pos = peek;
    }
    bv_str *slot = k == 0 ? &l->qty : k == 1 ? &l->sku : k == 2 ? &l->po : k == 3 ? &l->cpo : k == 4 ? &l->mfr : &l->mpn;
    if (!set_field(slot, value)) {
      *why = "damaged TME label: a field appears twice with different values";
      return DAMAGED;
    }
  }
  return DECODED;
}

/* ---------- older 2D format: ECIA data identifiers separated by spaces ---------- */

/* Data identifiers we accept in a token, longest first so "11K" is not read as "1K". */
static const char *const DIS[] = {"30P", "11K", "10K", "14K", "10D", "1P", "1K", "4K", "1T", "4L", "1V", "9D", "6D", "P", "Q", "K"};
#define DI_COUNT (sizeof DIS / sizeof DIS[0])

static const char *data_identifier(bv_str tok) {
  for (size_t i = 0; i < DI_COUNT; i++)
    if (starts_with(tok, DIS[i])) return DIS[i];
  return NULL;
}

/*
 * A 2D label: two or more tokens, none with ':', each starting with a known data identifier, one
 * of them a part number (P, 30P or 1P). Anything else is not ours.
 */
static verdict parse_2d(bv_str code, label *l, const char **why) {
  size_t pos = 0, tokens = 0;
  int part = 0;
  bv_str tok;
  while (next_token(code, &pos, &tok)) {
    const char *di = data_identifier(tok);
    if (!di || has_char(tok, ':')) return NOT_TME;
    tokens++;
    if (di[0] == 'P' || bv_str_eq(bv_cstr(di), bv_cstr("1P")) || bv_str_eq(bv_cstr(di), bv_cstr("30P"))) part = 1;
  }
  if (tokens < 2 || !part) return NOT_TME;

  pos = 0;
  while (next_token(code, &pos, &tok)) {
    bv_str id = bv_cstr(data_identifier(tok));
    bv_str value = {tok.ptr + id.len, tok.len - id.len};
    bv_str *slot = NULL;
    if (bv_str_eq(id, bv_cstr("P")) || bv_str_eq(id, bv_cstr("30P"))) slot = &l->sku;
    else if (bv_str_eq(id, bv_cstr("1P"))) slot = &l->mpn;
    else if (bv_str_eq(id, bv_cstr("Q"))) slot = &l->qty;
    else if (bv_str_eq(id, bv_cstr("K"))) slot = &l->po; /* TME puts its own order/line here */
    else if (bv_str_eq(id, bv_cstr("1V"))) slot = &l->mfr;
    if (!slot) continue;
    if (value.len == 0) {
      *why = "damaged TME label: a field has no value (truncated?)";
      return DAMAGED;
    }
    if (!set_field(slot, value)) {
      *why = "damaged TME label: a field appears twice with different values";
      return DAMAGED;
    }
  }
  return DECODED;
}

/* ---------- host lookups (any failure: 0, the server falls back to its own lookup) ---------- */

static int json_pk(bv_str v, int64_t *out) {
  double d;
  if (!bv_json_number(v, &d) || d < 1 || d > 9007199254740991.0 || d != (double)(int64_t)d) return 0;
  *out = (int64_t)d;
  return 1;
}

/* The one TME supplier part whose `field` (SKU or MPN) equals value; 0 when none or several. */
static int64_t find_supplier_part(const char *field, bv_str value) {
  if (!value.ptr || value.len == 0 || value.len > MAX_LOOKUP) return 0;
  bv_buf req = {0};
  bv_buf_raw(&req, "{\"model\":\"supplierpart\",\"filters\":{\"");
  bv_buf_raw(&req, field);
  bv_buf_raw(&req, "\":");
  bv_buf_string(&req, value);
  bv_buf_raw(&req, ",\"supplier_detail\":true},\"limit\":50}");
  bv_str data, item;
  if (bv_search(bv_buf_str(&req), &data)) return 0;
  int64_t found = 0;
  int matches = 0;
  for (bv_json_iter it = bv_json_array(bv_json_get(data, "results")); bv_json_next(&it, &item);) {
    bv_str name;
    int64_t pk;
    /* An MPN is shared by every supplier of the part: only TME's own supplier part will do. */
    if (!bv_json_string(bv_json_get(bv_json_get(item, "supplier_detail"), "name"), &name)) continue;
    if (!icontains(name, "tme") && !icontains(name, "transfer multisort")) continue;
    if (!json_pk(bv_json_get(item, "pk"), &pk)) continue;
    found = pk;
    matches++;
  }
  return matches == 1 ? found : 0;
}

/* Fills `orders` with the pks of purchase orders whose reference or supplier_reference is `key`. */
static size_t orders_named(bv_str key, int64_t *orders) {
  if (!key.ptr || key.len == 0 || key.len > MAX_LOOKUP) return 0;
  bv_buf req = {0};
  bv_buf_raw(&req, "{\"model\":\"purchaseorder\",\"search\":");
  bv_buf_string(&req, key);
  bv_buf_raw(&req, ",\"limit\":100}");
  bv_str data, item;
  if (bv_search(bv_buf_str(&req), &data)) return 0;
  size_t n = 0;
  for (bv_json_iter it = bv_json_array(bv_json_get(data, "results")); n < MAX_ORDERS && bv_json_next(&it, &item);) {
    bv_str reference, supplier_reference;
    int64_t pk;
    int same = (bv_json_string(bv_json_get(item, "reference"), &reference) && ieq(reference, key)) ||
               (bv_json_string(bv_json_get(item, "supplier_reference"), &supplier_reference) && ieq(supplier_reference, key));
    if (same && json_pk(bv_json_get(item, "pk"), &pk)) orders[n++] = pk;
  }
  return n;
}

/*
 * The pending line of an open order for this supplier part: the only one, or the one on the order
 * the label names (CPO = our reference, else TME's order number = the supplier reference).
 * Several candidates and none named: 0, rather than receive into the wrong order.
 */
static int64_t find_order_line(int64_t supplier_part, bv_str cpo, bv_str tme_order) {
  bv_buf req = {0};
  bv_buf_raw(&req, "{\"model\":\"purchaseorderline\",\"filters\":{\"part\":");
  bv_buf_int(&req, supplier_part);
  bv_buf_raw(&req, ",\"pending\":true},\"limit\":");
  bv_buf_int(&req, MAX_LINES);
  bv_buf_raw(&req, "}");
  bv_str data, item;
  if (bv_search(bv_buf_str(&req), &data)) return 0;

  int64_t line_pk[MAX_LINES], line_order[MAX_LINES];
  size_t lines = 0;
  for (bv_json_iter it = bv_json_array(bv_json_get(data, "results")); lines < MAX_LINES && bv_json_next(&it, &item);) {
    int64_t pk, order;
    double quantity, received;
    if (!json_pk(bv_json_get(item, "pk"), &pk) || !json_pk(bv_json_get(item, "order"), &order)) continue;
    if (bv_json_number(bv_json_get(item, "quantity"), &quantity) && bv_json_number(bv_json_get(item, "received"), &received) &&
        received >= quantity)
      continue; /* fully received: nothing left to book in */
    line_pk[lines] = pk;
    line_order[lines] = order;
    lines++;
  }
  if (lines == 0) return 0;
  if (lines == 1) return line_pk[0];

  int64_t orders[MAX_ORDERS];
  bv_str keys[2] = {cpo, tme_order};
  for (int k = 0; k < 2; k++) {
    size_t n = orders_named(keys[k], orders);
    for (size_t i = 0; i < lines; i++)
      for (size_t j = 0; j < n; j++)
        if (line_order[i] == orders[j]) return line_pk[i];
  }
  return 0;
}

/* ---------- export ---------- */

static int answer(const char *json) { return bv_output(bv_cstr(json)); }

static int answer_error(const char *message) {
  bv_buf out = {0};
  bv_buf_raw(&out, "{\"error\":");
  bv_buf_string(&out, bv_cstr(message));
  bv_buf_raw(&out, "}");
  return bv_output(bv_buf_str(&out));
}

static void field(bv_buf *out, const char *name, bv_str value) {
  bv_buf_raw(out, ",\"");
  bv_buf_raw(out, name);
  bv_buf_raw(out, "\":");
  bv_buf_string(out, value);
}

__attribute__((export_name("barcode_scan"))) int barcode_scan(void) {
  bv_str input = bv_input();
  bv_str code;
  if (!bv_json_string(bv_json_get(input, "barcode"), &code)) return bv_fail("input has no \"barcode\" string");

  label l = {0};
  const char *why = "damaged TME label";
  verdict v = looks_like_qr(code) ? parse_qr(code, &l, &why) : parse_2d(code, &l, &why);
  if (v == NOT_TME) return answer("{\"match\":false}");
  if (v == DAMAGED) return answer_error(why);
  if (!l.sku.ptr && !l.mpn.ptr) return answer_error("damaged TME label: no part number (PN) and no MPN");
  double quantity = 0;
  if (l.qty.ptr && !parse_quantity(l.qty, &quantity)) return answer_error("damaged TME label: the quantity is not a positive number");

  /* "19361337/1" is TME's order 19361337, line 1. */
  bv_str tme_order = l.po;
  for (size_t i = 0; tme_order.ptr && i < tme_order.len; i++)
    if (tme_order.ptr[i] == '/') {
      tme_order.len = i;
      break;
    }
  if (tme_order.ptr && tme_order.len == 0) tme_order.ptr = NULL;

  int64_t supplier_part = find_supplier_part("SKU", l.sku);
  if (!supplier_part) supplier_part = find_supplier_part("MPN", l.mpn);
  int64_t line = supplier_part ? find_order_line(supplier_part, l.cpo, tme_order) : 0;

  bv_buf out = {0};
  bv_buf_raw(&out, "{\"match\":true,\"supplier\":{\"supplier\":\"TME\"");
  if (l.sku.ptr) field(&out, "sku", l.sku);
  if (l.mpn.ptr) field(&out, "mpn", l.mpn);
  if (l.qty.ptr) {
    bv_buf_raw(&out, ",\"quantity\":");
    bv_buf_number(&out, quantity);
  }
  if (l.cpo.ptr) field(&out, "purchase_order", l.cpo);
  else if (tme_order.ptr) field(&out, "purchase_order", tme_order);
  if (tme_order.ptr) field(&out, "supplier_order", tme_order);
  if (l.mfr.ptr) field(&out, "manufacturer", l.mfr);
  if (supplier_part) {
    bv_buf_raw(&out, ",\"supplier_part\":");
    bv_buf_int(&out, supplier_part);
  }
  if (line) {
    bv_buf_raw(&out, ",\"purchase_order_line\":");
    bv_buf_int(&out, line);
  }
  bv_buf_raw(&out, "}}");
  return bv_output(bv_buf_str(&out));
}
