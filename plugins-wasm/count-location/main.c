/*
 * count-location: counts the stock in a location and all its sublocations.
 * Action "count_location", data {"location": pk}
 *   → {"result": {"location", "items", "total_quantity", "parts"}, "info": "..."}
 */
#include "binventory.h"

/* The host's largest page; the plugin pages through bigger locations with "offset". */
#define PAGE 1000

/* Shell sort: the part pks of one location, to count distinct parts without a hash set. */
static void sort_i64(int64_t *v, size_t n) {
  for (size_t gap = n / 2; gap > 0; gap /= 2)
    for (size_t i = gap; i < n; i++) {
      int64_t x = v[i];
      size_t j = i;
      for (; j >= gap && v[j - gap] > x; j -= gap) v[j] = v[j - gap];
      v[j] = x;
    }
}

static size_t count_distinct(int64_t *v, size_t n) {
  sort_i64(v, n);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || v[i] != v[i - 1]) distinct++;
  return distinct;
}

__attribute__((export_name("action_run"))) int action_run(void) {
  bv_str input = bv_input();
  bv_str action;
  if (!bv_json_string(bv_json_get(input, "action"), &action) || !bv_str_eq(action, bv_cstr("count_location")))
    return bv_fail("unknown action: this plugin provides \"count_location\"");

  double location;
  if (!bv_json_number(bv_json_get(bv_json_get(input, "data"), "location"), &location) || location < 1 ||
      location != (double)(int64_t)location)
    return bv_fail("data.location must be a stock location pk");

  /* Stock items of the location and its sublocations, page by page. */
  int64_t *parts = NULL;
  size_t items = 0, capacity = 0;
  double total = 0, count = 0;
  do {
    bv_buf req = {0};
    bv_buf_raw(&req, "{\"model\":\"stockitem\",\"filters\":{\"location\":");
    bv_buf_int(&req, (int64_t)location);
    bv_buf_raw(&req, ",\"cascade\":true},\"limit\":");
    bv_buf_int(&req, PAGE);
    bv_buf_raw(&req, ",\"offset\":");
    bv_buf_int(&req, (int64_t)items);
    bv_buf_raw(&req, "}");
    bv_str found;
    if (bv_search(bv_buf_str(&req), &found)) return bv_fail_str(found);
    if (!bv_json_number(bv_json_get(found, "count"), &count)) return bv_fail("bv_search answered without a count");

    size_t before = items;
    bv_str item;
    for (bv_json_iter it = bv_json_array(bv_json_get(found, "results")); bv_json_next(&it, &item); items++) {
      double quantity, part;
      if (!bv_json_number(bv_json_get(item, "quantity"), &quantity) || !bv_json_number(bv_json_get(item, "part"), &part))
        return bv_fail("bv_search returned a stock item without a numeric quantity and part");
      if (items == capacity) { /* grow the pk list; the arena makes the old copy garbage, fine for one call */
        capacity = capacity ? capacity * 2 : PAGE;
        int64_t *grown = bv_alloc(capacity * sizeof(int64_t));
        for (size_t i = 0; i < items; i++) grown[i] = parts[i];
        parts = grown;
      }
      total += quantity;
      parts[items] = (int64_t)part;
    }
    if (items == before) break; /* an empty page ends it even if the count says otherwise */
  } while ((double)items < count);
  size_t distinct = count_distinct(parts, items);

  bv_buf out = {0};
  bv_buf_raw(&out, "{\"result\":{\"location\":");
  bv_buf_int(&out, (int64_t)location);
  bv_buf_raw(&out, ",\"items\":");
  bv_buf_int(&out, (int64_t)items);
  bv_buf_raw(&out, ",\"total_quantity\":");
  bv_buf_number(&out, total);
  bv_buf_raw(&out, ",\"parts\":");
  bv_buf_int(&out, (int64_t)distinct);
  bv_buf_raw(&out, "},\"info\":\"");
  bv_buf_int(&out, (int64_t)items);
  bv_buf_raw(&out, " stock items of ");
  bv_buf_int(&out, (int64_t)distinct);
  bv_buf_raw(&out, " parts");
  bv_buf_raw(&out, "\"}");
  return bv_output(bv_buf_str(&out));
}
