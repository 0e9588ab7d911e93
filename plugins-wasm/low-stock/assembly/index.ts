// low-stock: lists the parts whose stock is below their minimum.
// Action "low_stock", data {"category"?: pk}
//   → {"result": {"checked", "low": [{"pk", "name", "minimum_stock", "in_stock", "shortfall"}]}, "info"}
import { Json, bvSearch, bvSettingGet, fail, inputString, jsonError, numberText, output } from "binventory";

const DEFAULT_MAX_PARTS = 200;
const PAGE = 1000; // the host's largest bv_search page

/** Set when a host call fails; AssemblyScript has no exceptions to carry it. */
let failure = "";

function maxParts(): i32 {
  const setting = bvSettingGet(Json.obj().set("key", Json.str("MAX_PARTS")));
  if (!setting.ok) return DEFAULT_MAX_PARTS;
  const value = setting.data.get("value");
  return value.isInteger() && value.num > 0 ? <i32>Math.min(value.num, PAGE) : DEFAULT_MAX_PARTS;
}

/** Total quantity in stock of one part, paging through its stock items; NaN (and failure) on error. */
function stockOf(part: Json): f64 {
  let total: f64 = 0;
  let seen = 0;
  while (true) {
    const page = bvSearch(
      Json.obj()
        .set("model", Json.str("stockitem"))
        .set("filters", Json.obj().set("part", part).set("in_stock", Json.bool(true)))
        .set("limit", Json.num(PAGE))
        .set("offset", Json.num(seen)),
    );
    if (!page.ok) {
      failure = page.error;
      return NaN;
    }
    const items = page.data.get("results").items;
    for (let j = 0; j < items.length; j++) {
      const q = items[j].get("quantity");
      if (q.isNumber()) total += q.num;
    }
    seen += items.length;
    if (items.length == 0 || <f64>seen >= page.data.get("count").num) return total;
  }
  return total;
}

export function action_run(): i32 {
  const input = Json.parse(inputString());
  if (input === null) return fail("input is not JSON: " + jsonError);
  const action = input.get("action");
  if (!action.isString() || action.str != "low_stock") return fail('unknown action: this plugin provides "low_stock"');

  const filters = Json.obj().set("active", Json.bool(true));
  const category = input.get("data").get("category");
  if (!category.isNull()) {
    if (!category.isInteger()) return fail("data.category must be a part category pk");
    filters.set("category", category);
  }
  const parts = bvSearch(Json.obj().set("model", Json.str("part")).set("filters", filters).set("limit", Json.num(maxParts())));
  if (!parts.ok) return fail(parts.error);

  const low = Json.arr();
  let checked = 0;
  const list = parts.data.get("results").items;
  for (let i = 0; i < list.length; i++) {
    const part = list[i];
    const minimum = part.get("minimum_stock");
    if (!minimum.isNumber() || minimum.num <= 0) continue;
    checked++;
    const total = stockOf(part.get("pk"));
    if (isNaN(total)) return fail(failure);
    if (total < minimum.num) {
      low.push(
        Json.obj()
          .set("pk", part.get("pk"))
          .set("name", part.get("name"))
          .set("minimum_stock", minimum)
          .set("in_stock", Json.num(total))
          .set("shortfall", Json.num(minimum.num - total)),
      );
    }
  }

  const result = Json.obj().set("checked", Json.num(checked)).set("low", low);
  let info = low.items.length.toString() + " of " + checked.toString() + " parts with a minimum are below it";
  const found = parts.data.get("count");
  if (found.isNumber() && found.num > <f64>list.length) {
    info += " (looked at the first " + list.length.toString() + " of " + numberText(found.num) + " active parts: raise MAX_PARTS)";
  }
  return output(Json.obj().set("result", result).set("info", Json.str(info)).toString());
}
