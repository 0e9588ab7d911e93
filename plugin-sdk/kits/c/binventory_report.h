/*
 * Report document builder over the generated ABI types (binventory_abi.h), header-only. It writes
 * report_build's output as it goes:
 *
 *   bv_report r;
 *   bv_report_begin(&r, bv_cstr("Stock at Shelf 1"));
 *   bv_report_heading(&r, bv_cstr("Parts"), 2);
 *   bv_report_key_value(&r, bv_cstr("Location"), bv_cstr("\"Shelf 1\""));   (value: raw JSON)
 *   bv_report_table(&r, &table);                                           (a bv_ReportDocumentBlockTable)
 *   return bv_output(bv_report_end(&r));                                   {"document": {...}}
 */
#ifndef BINVENTORY_REPORT_H
#define BINVENTORY_REPORT_H
#include "binventory_abi.h"

typedef struct {
  bv_buf buf;
  int blocks;       /* blocks written so far */
  int in_keyvalue;  /* a key/value list is open (consecutive key_values share it) */
} bv_report;

static inline void bv_report_begin(bv_report *r, bv_str title) {
  r->buf = (bv_buf){0};
  r->blocks = 0;
  r->in_keyvalue = 0;
  bv_buf_raw(&r->buf, "{\"document\":{\"title\":");
  bv_buf_string(&r->buf, title);
  bv_buf_raw(&r->buf, ",\"blocks\":[");
}

/* Starts the next block: closes an open key/value list, writes the comma. */
static inline void bv_report__next(bv_report *r) {
  if (r->in_keyvalue) bv_buf_raw(&r->buf, "]}");
  r->in_keyvalue = 0;
  if (r->blocks++) bv_buf_raw(&r->buf, ",");
}

/* Any block, as the ABI types spell it. */
static inline void bv_report_block(bv_report *r, const bv_ReportDocumentBlock *block) {
  bv_report__next(r);
  bv_write_ReportDocumentBlock(&r->buf, block);
}

/* A heading of `level` 1 (largest) to 3. */
static inline void bv_report_heading(bv_report *r, bv_str text, int level) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_HEADING};
  b.as.heading.text = text;
  b.as.heading.level = level;
  b.as.heading.has_level = 1;
  bv_report_block(r, &b);
}

static inline void bv_report_paragraph(bv_report *r, bv_str text) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_PARAGRAPH};
  b.as.paragraph.text = text;
  bv_report_block(r, &b);
}

/* One line of a key/value list (`value` is raw JSON): added to the list just before it, or starting one. */
static inline void bv_report_key_value(bv_report *r, bv_str key, bv_str value) {
  if (r->in_keyvalue) {
    bv_buf_raw(&r->buf, ",");
  } else {
    bv_report__next(r);
    bv_buf_raw(&r->buf, "{\"type\":\"keyvalue\",\"items\":[");
    r->in_keyvalue = 1;
  }
  bv_ReportDocumentBlockKeyvalueItem item = {.key = key, .value = value};
  bv_write_ReportDocumentBlockKeyvalueItem(&r->buf, &item);
}

static inline void bv_report_table(bv_report *r, const bv_ReportDocumentBlockTable *table) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_TABLE};
  b.as.table = *table;
  bv_report_block(r, &b);
}

static inline void bv_report_barcode(bv_report *r, bv_ReportDocumentBlockBarcodeSymbology symbology, bv_str data) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_BARCODE};
  b.as.barcode.symbology = symbology;
  b.as.barcode.data = data;
  bv_report_block(r, &b);
}

static inline void bv_report_spacer(bv_report *r, double height_mm) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_SPACER};
  b.as.spacer.height_mm = height_mm;
  bv_report_block(r, &b);
}

static inline void bv_report_page_break(bv_report *r) {
  bv_ReportDocumentBlock b = {.kind = BV_REPORT_DOCUMENT_BLOCK_PAGE_BREAK};
  bv_report_block(r, &b);
}

/* Closes the document: report_build's output, `{"document": …}`. */
static inline bv_str bv_report_end(bv_report *r) {
  if (r->in_keyvalue) bv_buf_raw(&r->buf, "]}");
  r->in_keyvalue = 0;
  bv_buf_raw(&r->buf, "]}}");
  return bv_buf_str(&r->buf);
}

#endif
