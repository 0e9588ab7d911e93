import { OutInt } from "../../core/response-schema.ts";
import { t, type Static } from "elysia";
import { Nullable, withDefaults } from "../../core/schema.ts";
import { ListQuery } from "../../core/pagination.ts";
import { LocationBriefSchema } from "./location-model.ts";
import { QueryBool, QueryPkOrNull } from "./query-params.ts";
import { STOCK_STATUS_CODES, stockStatusLabel } from "./status-codes.ts";
import { PartBriefSchema } from "../part/model.ts";

/** A stock item as InvenTree's StockItemSerializer shows it. */
export const StockItemSchema = t.Object({
  pk: OutInt(),
  part: OutInt(),
  location: Nullable(OutInt()),
  quantity: t.Number(),
  serial: Nullable(t.String()),
  batch: t.String(),
  packaging: t.String(),
  status: OutInt(),
  status_text: t.String(),
  status_custom_key: OutInt({ description: "Same as status: there are no custom states" }),
  supplier_part: Nullable(OutInt()),
  purchase_order: Nullable(OutInt()),
  sales_order: Nullable(OutInt()),
  customer: Nullable(OutInt()),
  purchase_price: Nullable(t.Number()),
  purchase_price_currency: t.String(),
  expiry_date: Nullable(t.String()),
  notes: t.String(),
  link: t.String(),
  creation_date: t.String(),
  updated: t.String(),
  stocktake_date: Nullable(t.String()),
  barcode_hash: t.String(),
  in_stock: t.Boolean({ description: "Quantity above zero, available status, not with a customer or sales order" }),
  expired: t.Boolean({ description: "In stock and past its expiry date" }),
  stale: t.Boolean({ description: "Expires within STOCK_STALE_DAYS (0: never stale)" }),
  allocated: t.Number({ description: "Quantity allocated to open sales orders and not yet shipped" }),
  tracking_items: OutInt({ description: "Number of tracking entries" }),
  is_building: t.Boolean({ description: "Always false: no build orders" }),
  part_detail: t.Optional(PartBriefSchema),
  location_detail: t.Optional(Nullable(LocationBriefSchema)),
  supplier_part_detail: t.Optional(Nullable(t.Record(t.String(), t.Unknown(), { description: "The supplier part (as /api/company/part/<pk>/)" }))),
});
export type StockItemOut = Static<typeof StockItemSchema>;

export const StatusCode = t.Union(
  STOCK_STATUS_CODES.map((c) => t.Literal(c)),
  {
    description: "InvenTree StockStatus code (see /api/stock/status/)",
    "x-choices": STOCK_STATUS_CODES.map((c) => ({ value: c, display_name: stockStatusLabel(c) })),
  },
);

const DateString = t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
const Fk = Nullable(t.Integer({ minimum: 1 }));

/** Fields a client may write on a stock item (InvenTree's writable StockItemSerializer fields). */
const writable = {
  location: t.Optional(Fk),
  serial: t.Optional(Nullable(t.String({ maxLength: 100 }))),
  batch: t.Optional(t.String({ maxLength: 100 })),
  packaging: t.Optional(t.String({ maxLength: 50, title: "Packaging", description: "Packaging this stock item is stored in" })),
  status: t.Optional(StatusCode),
  supplier_part: t.Optional(Fk),
  purchase_order: t.Optional(Fk),
  sales_order: t.Optional(Fk),
  customer: t.Optional(Fk),
  purchase_price: t.Optional(Nullable(t.Number({ minimum: 0 }))),
  // The app's stock item form sends it (inventree-app stock.dart:203); prices are kept in the default currency.
  purchase_price_currency: t.Optional(
    t.Union([t.Literal("USD")], { title: "Currency", description: "Purchase currency of this stock item (only USD: currencies are out of scope)", "x-choices": [{ value: "USD", display_name: "USD - US Dollar" }] }),
  ),
  expiry_date: t.Optional(Nullable(DateString)),
  notes: t.Optional(t.String({ maxLength: 50000 })),
  link: t.Optional(t.String({ maxLength: 2000 })),
};

export const StockItemCreateBody = t.Object({
  part: t.Integer({ minimum: 1 }),
  quantity: t.Number({ minimum: 0, maximum: 1e12 }),
  serial_numbers: t.Optional(t.String({ maxLength: 2000, description: 'InvenTree serial expression, e.g. "1-5,8" or "~"; one item per serial' })),
  // The defaults OPTIONS announces: the app's form sends them for an untouched choice (api_form.dart:1500).
  ...withDefaults(writable, { status: 10, purchase_price_currency: "USD" }),
});
export type StockItemCreate = Static<typeof StockItemCreateBody>;

export const StockItemPatchBody = t.Object({
  part: t.Optional(t.Integer({ minimum: 1 })),
  quantity: t.Optional(t.Number({ minimum: 0, maximum: 1e12 })),
  ...writable,
});
export type StockItemPatch = Static<typeof StockItemPatchBody>;

/** PUT: as DRF, the required fields must be present. */
export const StockItemPutBody = t.Object({
  part: t.Integer({ minimum: 1 }),
  quantity: t.Number({ minimum: 0, maximum: 1e12 }),
  ...writable,
});

export const StockDetailQuery = t.Object({ part_detail: QueryBool, location_detail: QueryBool, supplier_part_detail: QueryBool });

export const StockListQuery = t.Object({
  ...ListQuery,
  part: t.Optional(t.Integer({ minimum: 1 })),
  location: QueryPkOrNull,
  cascade: QueryBool,
  category: t.Optional(t.Integer({ minimum: 1 })),
  supplier_part: t.Optional(t.Integer({ minimum: 1 })),
  supplier: t.Optional(t.Integer({ minimum: 1 })),
  status: t.Optional(t.Integer()),
  serial: t.Optional(t.String({ maxLength: 100 })),
  serialized: QueryBool,
  batch: t.Optional(t.String({ maxLength: 100 })),
  in_stock: QueryBool,
  customer: t.Optional(t.Integer({ minimum: 1 })),
  purchase_order: t.Optional(t.Integer({ minimum: 1 })),
  sales_order: t.Optional(t.Integer({ minimum: 1 })),
  part_detail: QueryBool,
  location_detail: QueryBool,
  supplier_part_detail: QueryBool,
});
export type StockListQueryIn = Static<typeof StockListQuery>;

export const StockCreateResponse = t.Union([StockItemSchema, t.Array(StockItemSchema)]);
