import { t } from "elysia";
import { LimitQuery, OffsetQuery } from "../../core/pagination.ts";

/**
 * InvenTree's APISearchView request (InvenTree/api.py APISearchViewSerializer): the pass-through
 * parameters, plus one object of list filters per model type wanted (`"part": {"active": true}`).
 */
export const SearchBody = t.Object(
  {
    search: t.String({ maxLength: 200, title: "Search", description: "The term every requested model is searched for" }),
    limit: LimitQuery({ default: 1, title: "Limit", description: "Results per model" }),
    offset: OffsetQuery({ title: "Offset" }),
    search_regex: t.Optional(t.Boolean({ default: false, title: "Regex search", description: "Accepted for compatibility; Binventory's lists match substrings only" })),
    search_whole: t.Optional(t.Boolean({ default: false, title: "Whole word search", description: "Accepted for compatibility; Binventory's lists match substrings only" })),
    search_notes: t.Optional(t.Boolean({ default: false, title: "Search notes", description: "Accepted for compatibility; notes are not searched" })),
  },
  { additionalProperties: true },
);

/**
 * The model types InvenTree's search knows, and the list endpoint each is answered from, with the
 * extra filters InvenTree adds (get_result_filters). `build` and `returnorder` are not part of
 * Binventory: requests for them are skipped, as are keys InvenTree does not know.
 */
export const SEARCH_TARGETS: Record<string, { path: string; filters?: Record<string, string> }> = {
  company: { path: "/api/company/" },
  supplier: { path: "/api/company/", filters: { is_supplier: "true" } },
  manufacturer: { path: "/api/company/", filters: { is_manufacturer: "true" } },
  customer: { path: "/api/company/", filters: { is_customer: "true" } },
  manufacturerpart: { path: "/api/company/part/manufacturer/" },
  supplierpart: { path: "/api/company/part/" },
  part: { path: "/api/part/" },
  partcategory: { path: "/api/part/category/" },
  purchaseorder: { path: "/api/order/po/" },
  salesorder: { path: "/api/order/so/" },
  salesordershipment: { path: "/api/order/so/shipment/" },
  stockitem: { path: "/api/stock/" },
  stocklocation: { path: "/api/stock/location/" },
};

/** One model's answer: the list endpoint's page, or InvenTree's per-model `{error}`. */
export const SearchResult = t.Union([
  t.Object({ count: t.Integer(), next: t.Union([t.String(), t.Null()]), previous: t.Union([t.String(), t.Null()]), results: t.Array(t.Unknown()) }),
  t.Object({ error: t.String() }),
]);
