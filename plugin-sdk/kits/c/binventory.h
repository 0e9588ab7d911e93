/*
 * Binventory plugin kit for C (ABI 1), freestanding: no libc, no WASI.
 *
 * One call = one arena: bv_input() resets a bump allocator, every helper allocates from it, and
 * nothing is freed by hand. Strings are (pointer, length) spans in UTF-8, never NUL-terminated.
 *
 *   int action_run(void) {
 *     bv_str in = bv_input();
 *     bv_str data = bv_json_get(in, "data");
 *     ...
 *     return bv_output(result);          // 0
 *     return bv_fail("what went wrong");  // 1
 *   }
 */
#ifndef BINVENTORY_H
#define BINVENTORY_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *ptr;
  size_t len;
} bv_str;

/* A span over a C string literal. */
bv_str bv_cstr(const char *s);
/* 1 when both spans hold the same bytes. */
int bv_str_eq(bv_str a, bv_str b);

/* ---- memory: a bump arena reset by bv_input() ---- */
void *bv_alloc(size_t n);

/* ---- call input / output ---- */
/* Reads the whole call input (resets the arena first, so call it once, at the start). */
bv_str bv_input(void);
/* Sets the call output; returns 0 so an export can `return bv_output(x);`. */
int bv_output(bv_str s);
/* Sets the call error; returns 1 so an export can `return bv_fail("...");`. */
int bv_fail(const char *msg);
int bv_fail_str(bv_str msg);

/* ---- host functions (module "extism:host/user") ----
 * Each sends a JSON request and unwraps the envelope: returns 0 and sets *out to the envelope's
 * "data" (raw JSON) when ok, or returns 1 and sets *out to the error message when not.
 * Only the ones a plugin calls end up imported, so list exactly those in plugin.json's
 * "permissions". */
int bv_get(bv_str request, bv_str *out);
int bv_search(bv_str request, bv_str *out);
int bv_stock_adjust(bv_str request, bv_str *out);
int bv_setting_get(bv_str request, bv_str *out);
int bv_log(bv_str request, bv_str *out);

/* ---- JSON reading: spans over the original text, no tree ---- */
/* Value of `key` in a JSON object (raw JSON span), or a span with ptr == NULL when absent. */
bv_str bv_json_get(bv_str object, const char *key);
/* 1 when the span holds a value at all (not absent and not `null`). */
int bv_json_present(bv_str v);
int bv_json_is_true(bv_str v);
/* Parses a JSON number; returns 1 on success. */
int bv_json_number(bv_str v, double *out);
/* Decodes a JSON string (escapes resolved, \uXXXX to UTF-8) into the arena; returns 1 on success. */
int bv_json_string(bv_str v, bv_str *out);

/* Iterates a JSON array: `bv_json_iter it = bv_json_array(v); bv_str e; while (bv_json_next(&it, &e))`. */
typedef struct {
  const char *p;
  const char *end;
  int ok;
} bv_json_iter;
bv_json_iter bv_json_array(bv_str v);
int bv_json_next(bv_json_iter *it, bv_str *element);

/* ---- JSON writing: a growable string builder in the arena ---- */
typedef struct {
  char *ptr;
  size_t len;
  size_t cap;
} bv_buf;
void bv_buf_raw(bv_buf *b, const char *s);      /* appends a C string as is */
void bv_buf_span(bv_buf *b, bv_str s);          /* appends a span as is (e.g. raw JSON) */
void bv_buf_string(bv_buf *b, bv_str s);        /* appends a quoted, escaped JSON string */
void bv_buf_int(bv_buf *b, int64_t n);
void bv_buf_number(bv_buf *b, double x);        /* integers exactly, else up to 6 decimals */
bv_str bv_buf_str(const bv_buf *b);

#endif
