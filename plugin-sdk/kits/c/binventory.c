/* Binventory plugin kit for C: implementation. See binventory.h for the API. */
#include "binventory.h"

/* ---- Extism kernel (module "extism:host/env"), as provided by @extism/extism 1.0.3 ---- */
#define KERNEL(name) __attribute__((import_module("extism:host/env"), import_name(#name)))
KERNEL(input_length) uint64_t k_input_length(void);
KERNEL(input_load_u8) uint32_t k_input_load_u8(uint64_t off);
KERNEL(input_load_u64) uint64_t k_input_load_u64(uint64_t off);
KERNEL(alloc) uint64_t k_alloc(uint64_t n);
KERNEL(free) void k_free(uint64_t off);
KERNEL(length) uint64_t k_length(uint64_t off);
KERNEL(load_u8) uint32_t k_load_u8(uint64_t off);
KERNEL(load_u64) uint64_t k_load_u64(uint64_t off);
KERNEL(store_u8) void k_store_u8(uint64_t off, uint32_t v);
KERNEL(store_u64) void k_store_u64(uint64_t off, uint64_t v);
KERNEL(output_set) void k_output_set(uint64_t off, uint64_t n);
KERNEL(error_set) void k_error_set(uint64_t off);

/* ---- Binventory host functions (module "extism:host/user") ---- */
#define HOST(name) __attribute__((import_module("extism:host/user"), import_name(#name)))
HOST(bv_get) uint64_t h_get(uint64_t);
HOST(bv_search) uint64_t h_search(uint64_t);
HOST(bv_stock_adjust) uint64_t h_stock_adjust(uint64_t);
HOST(bv_setting_get) uint64_t h_setting_get(uint64_t);
HOST(bv_log) uint64_t h_log(uint64_t);

/* The compiler may emit calls to these even without libc; no_builtin stops it from turning their
 * own loops back into calls to themselves. */
#define NO_BUILTIN __attribute__((no_builtin))
NO_BUILTIN void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}
NO_BUILTIN void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}
NO_BUILTIN void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

bv_str bv_cstr(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return (bv_str){s, n};
}

int bv_str_eq(bv_str a, bv_str b) {
  if (a.len != b.len) return 0;
  for (size_t i = 0; i < a.len; i++)
    if (a.ptr[i] != b.ptr[i]) return 0;
  return 1;
}

/* ---- arena ---- */
extern unsigned char __heap_base;
static uintptr_t arena_top;

static void arena_reset(void) { arena_top = (uintptr_t)&__heap_base; }

void *bv_alloc(size_t n) {
  if (!arena_top) arena_reset();
  uintptr_t start = (arena_top + 7) & ~(uintptr_t)7;
  uintptr_t end = start + n;
  uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    /* Out of memory (or past the plugin's memory limit) is a trap: the host reports it. */
    if (__builtin_wasm_memory_grow(0, (end - have + 65535u) / 65536u) == (size_t)-1) __builtin_trap();
  }
  arena_top = end;
  return (void *)start;
}

/* ---- blocks of Extism memory ---- */
static uint64_t block_from(bv_str s) {
  uint64_t off = k_alloc(s.len);
  size_t i = 0;
  for (; i + 8 <= s.len; i += 8) {
    uint64_t w;
    memcpy(&w, s.ptr + i, 8);
    k_store_u64(off + i, w);
  }
  for (; i < s.len; i++) k_store_u8(off + i, (unsigned char)s.ptr[i]);
  return off;
}

static bv_str block_read(uint64_t off) {
  size_t n = (size_t)k_length(off);
  char *buf = bv_alloc(n);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = k_load_u64(off + i);
    memcpy(buf + i, &w, 8);
  }
  for (; i < n; i++) buf[i] = (char)k_load_u8(off + i);
  return (bv_str){buf, n};
}

bv_str bv_input(void) {
  arena_reset();
  size_t n = (size_t)k_input_length();
  char *buf = bv_alloc(n);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = k_input_load_u64(i);
    memcpy(buf + i, &w, 8);
  }
  for (; i < n; i++) buf[i] = (char)k_input_load_u8(i);
  return (bv_str){buf, n};
}

int bv_output(bv_str s) {
  /* The host returns the whole block, so it must be exactly the output's length. */
  k_output_set(block_from(s), s.len);
  return 0;
}

int bv_fail_str(bv_str msg) {
  if (msg.len == 0) msg = bv_cstr("plugin failed");
  k_error_set(block_from(msg));
  return 1;
}

int bv_fail(const char *msg) { return bv_fail_str(bv_cstr(msg)); }

/* ---- host calls ---- */
static int host_call(uint64_t (*fn)(uint64_t), bv_str request, bv_str *out) {
  uint64_t req = block_from(request);
  uint64_t res = fn(req);
  k_free(req);
  if (res == 0) {
    *out = bv_cstr("host function returned no response");
    return 1;
  }
  bv_str envelope = block_read(res);
  k_free(res);
  if (bv_json_is_true(bv_json_get(envelope, "ok"))) {
    bv_str data = bv_json_get(envelope, "data");
    *out = data.ptr ? data : bv_cstr("null");
    return 0;
  }
  if (!bv_json_string(bv_json_get(envelope, "error"), out)) *out = bv_cstr("host function failed");
  return 1;
}

int bv_get(bv_str request, bv_str *out) { return host_call(h_get, request, out); }
int bv_search(bv_str request, bv_str *out) { return host_call(h_search, request, out); }
int bv_stock_adjust(bv_str request, bv_str *out) { return host_call(h_stock_adjust, request, out); }
int bv_setting_get(bv_str request, bv_str *out) { return host_call(h_setting_get, request, out); }
int bv_log(bv_str request, bv_str *out) { return host_call(h_log, request, out); }

/* ---- JSON reading ---- */
static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

/* Returns the end of the string starting at p (the quote), or NULL. */
static const char *skip_string(const char *p, const char *end) {
  for (p++; p < end; p++) {
    if (*p == '\\') p++;
    else if (*p == '"') return p + 1;
  }
  return NULL;
}

/* Returns the end of the value starting at p, or NULL when malformed. */
static const char *skip_value(const char *p, const char *end) {
  if (p >= end) return NULL;
  if (*p == '"') return skip_string(p, end);
  if (*p == '{' || *p == '[') {
    int depth = 0;
    while (p < end) {
      char c = *p;
      if (c == '"') {
        p = skip_string(p, end);
        if (!p) return NULL;
        continue;
      }
      if (c == '{' || c == '[') depth++;
      if (c == '}' || c == ']') {
        if (--depth == 0) return p + 1;
      }
      p++;
    }
    return NULL;
  }
  const char *start = p;
  while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
  return p > start ? p : NULL;
}

bv_str bv_json_get(bv_str object, const char *key) {
  bv_str none = {NULL, 0};
  bv_str want = bv_cstr(key);
  const char *end = object.ptr + object.len;
  const char *p = object.ptr ? skip_ws(object.ptr, end) : end;
  if (p >= end || *p != '{') return none;
  p = skip_ws(p + 1, end);
  while (p < end && *p == '"') {
    const char *kend = skip_string(p, end);
    if (!kend) return none;
    bv_str k = {p + 1, (size_t)(kend - p - 2)};
    p = skip_ws(kend, end);
    if (p >= end || *p != ':') return none;
    p = skip_ws(p + 1, end);
    const char *vend = skip_value(p, end);
    if (!vend) return none;
    if (bv_str_eq(k, want)) return (bv_str){p, (size_t)(vend - p)};
    p = skip_ws(vend, end);
    if (p < end && *p == ',') p = skip_ws(p + 1, end);
  }
  return none;
}

int bv_json_present(bv_str v) { return v.ptr != NULL && !bv_str_eq(v, bv_cstr("null")); }

int bv_json_is_true(bv_str v) { return v.ptr != NULL && bv_str_eq(v, bv_cstr("true")); }

int bv_json_number(bv_str v, double *out) {
  const char *p = v.ptr, *end = v.ptr + v.len;
  if (!p || p >= end) return 0;
  int neg = 0;
  if (*p == '-') neg = 1, p++;
  double x = 0;
  int digits = 0, scale = 0;
  for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) x = x * 10 + (*p - '0');
  if (p < end && *p == '.')
    for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++, scale--) x = x * 10 + (*p - '0');
  if (!digits) return 0;
  if (p < end && (*p == 'e' || *p == 'E')) {
    int eneg = 0, e = 0;
    p++;
    if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
    for (; p < end && *p >= '0' && *p <= '9'; p++) e = e * 10 + (*p - '0');
    scale += eneg ? -e : e;
  }
  if (p != end) return 0;
  /* Dividing by an exact power of ten keeps values like 0.1 correctly rounded. */
  double pow = 1;
  for (int i = 0; i < (scale < 0 ? -scale : scale); i++) pow *= 10;
  x = scale < 0 ? x / pow : x * pow;
  *out = neg ? -x : x;
  return 1;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int read_hex4(const char *p, const char *end, uint32_t *cp) {
  if (end - p < 4) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int d = hex_digit(p[i]);
    if (d < 0) return 0;
    v = v * 16 + (uint32_t)d;
  }
  *cp = v;
  return 1;
}

int bv_json_string(bv_str v, bv_str *out) {
  if (!v.ptr || v.len < 2 || v.ptr[0] != '"' || v.ptr[v.len - 1] != '"') return 0;
  const char *p = v.ptr + 1, *end = v.ptr + v.len - 1;
  char *buf = bv_alloc(v.len), *w = buf; /* decoding never grows the text */
  while (p < end) {
    if (*p != '\\') {
      *w++ = *p++;
      continue;
    }
    if (++p >= end) return 0;
    char c = *p++;
    switch (c) {
      case 'n': *w++ = '\n'; break;
      case 't': *w++ = '\t'; break;
      case 'r': *w++ = '\r'; break;
      case 'b': *w++ = '\b'; break;
      case 'f': *w++ = '\f'; break;
      case 'u': {
        uint32_t cp;
        if (!read_hex4(p, end, &cp)) return 0;
        p += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
          uint32_t lo;
          if (read_hex4(p + 2, end, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          }
        }
        if (cp < 0x80) {
          *w++ = (char)cp;
        } else if (cp < 0x800) {
          *w++ = (char)(0xC0 | (cp >> 6));
          *w++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          *w++ = (char)(0xE0 | (cp >> 12));
          *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
          *w++ = (char)(0x80 | (cp & 0x3F));
        } else {
          *w++ = (char)(0xF0 | (cp >> 18));
          *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
          *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
          *w++ = (char)(0x80 | (cp & 0x3F));
        }
        break;
      }
      default: *w++ = c; /* \" \\ \/ */
    }
  }
  *out = (bv_str){buf, (size_t)(w - buf)};
  return 1;
}

bv_json_iter bv_json_array(bv_str v) {
  bv_json_iter it = {NULL, NULL, 0};
  if (!v.ptr) return it;
  const char *end = v.ptr + v.len;
  const char *p = skip_ws(v.ptr, end);
  if (p >= end || *p != '[') return it;
  it.p = skip_ws(p + 1, end);
  it.end = end;
  it.ok = 1;
  return it;
}

int bv_json_next(bv_json_iter *it, bv_str *element) {
  if (!it->ok || it->p >= it->end || *it->p == ']') return 0;
  const char *vend = skip_value(it->p, it->end);
  if (!vend) return it->ok = 0;
  *element = (bv_str){it->p, (size_t)(vend - it->p)};
  it->p = skip_ws(vend, it->end);
  if (it->p < it->end && *it->p == ',') it->p = skip_ws(it->p + 1, it->end);
  return 1;
}

/* ---- JSON writing ---- */
static void buf_reserve(bv_buf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap * 2 : 256;
  while (cap < b->len + extra) cap *= 2;
  char *p = bv_alloc(cap);
  if (b->len) memcpy(p, b->ptr, b->len);
  b->ptr = p;
  b->cap = cap;
}

void bv_buf_span(bv_buf *b, bv_str s) {
  buf_reserve(b, s.len);
  memcpy(b->ptr + b->len, s.ptr, s.len);
  b->len += s.len;
}

void bv_buf_raw(bv_buf *b, const char *s) { bv_buf_span(b, bv_cstr(s)); }

void bv_buf_string(bv_buf *b, bv_str s) {
  static const char hex[] = "0123456789abcdef";
  buf_reserve(b, s.len + 2);
  b->ptr[b->len++] = '"';
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    buf_reserve(b, 7);
    if (c == '"' || c == '\\') {
      b->ptr[b->len++] = '\\';
      b->ptr[b->len++] = (char)c;
    } else if (c == '\n') {
      b->ptr[b->len++] = '\\';
      b->ptr[b->len++] = 'n';
    } else if (c < 0x20) {
      bv_buf_raw(b, "\\u00");
      b->ptr[b->len++] = hex[c >> 4];
      b->ptr[b->len++] = hex[c & 15];
    } else {
      b->ptr[b->len++] = (char)c; /* UTF-8 passes through unchanged */
    }
  }
  buf_reserve(b, 1);
  b->ptr[b->len++] = '"';
}

void bv_buf_int(bv_buf *b, int64_t n) {
  char tmp[24];
  int i = 0;
  uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
  do tmp[i++] = (char)('0' + u % 10); while (u /= 10);
  if (n < 0) tmp[i++] = '-';
  buf_reserve(b, (size_t)i);
  while (i) b->ptr[b->len++] = tmp[--i];
}

void bv_buf_number(bv_buf *b, double x) {
  if (x != x || x > 1e300 || x < -1e300) {
    bv_buf_raw(b, "null"); /* JSON has no NaN or infinity */
    return;
  }
  double ax = x < 0 ? -x : x;
  if (ax >= 9e12) { /* beyond exact 6-decimal scaling: print the integer part */
    bv_buf_int(b, (int64_t)x);
    return;
  }
  uint64_t scaled = (uint64_t)(ax * 1e6 + 0.5);
  if (x < 0 && scaled) bv_buf_raw(b, "-");
  bv_buf_int(b, (int64_t)(scaled / 1000000));
  uint64_t frac = scaled % 1000000;
  if (!frac) return;
  char digits[7];
  int n = 6;
  for (int i = 5; i >= 0; i--, frac /= 10) digits[i] = (char)('0' + frac % 10);
  while (digits[n - 1] == '0') n--;
  digits[n] = 0;
  bv_buf_raw(b, ".");
  bv_buf_raw(b, digits);
}

bv_str bv_buf_str(const bv_buf *b) { return (bv_str){b->ptr, b->len}; }
