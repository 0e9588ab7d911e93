import { type Static, t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { Nullable, withoutDefaults } from "../../core/schema.ts";

/** TypeBox schemas of the order extra lines (InvenTree's PurchaseOrderExtraLine / SalesOrderExtraLine). */

export const ExtraLineSchema = t.Object({
  pk: t.Integer(),
  order: t.Integer(),
  reference: t.String(),
  description: t.String(),
  quantity: t.Number(),
  price: Nullable(t.Number()),
  price_currency: t.String(),
  notes: t.String(),
  link: t.String(),
  context: t.Null(),
  order_detail: t.Optional(t.Unknown({ description: "The order, as its detail route shows it" })),
});
export type ExtraLineOut = Static<typeof ExtraLineSchema>;

const extraLineFields = (orderModel: "purchaseorder" | "salesorder") => ({
  order: t.Integer({
    minimum: 1,
    title: "Order",
    "x-related": { model: orderModel, api_url: orderModel === "purchaseorder" ? "/api/order/po/" : "/api/order/so/" },
  }),
  reference: t.Optional(t.String({ maxLength: 100, title: "Reference", description: "Line item reference" })),
  description: t.Optional(t.String({ maxLength: 250, title: "Description", description: "Line item description (optional)" })),
  quantity: t.Optional(t.Number({ default: 1, title: "Quantity", description: "Item quantity" })),
  price: t.Optional(Nullable(t.Number({ title: "Price", description: "Unit price" }))),
  price_currency: t.Optional(t.String({ maxLength: 3, title: "Currency", description: "Select currency from available options" })),
  notes: t.Optional(t.String({ maxLength: 500, title: "Notes", description: "Line item notes" })),
  link: t.Optional(t.String({ maxLength: 2000, title: "Link", description: "Link to external page" })),
});

export const PoExtraLineCreate = t.Object(extraLineFields("purchaseorder"));
/** PATCH / PUT: without `quantity`'s default, so an update leaving it out keeps it. */
export const PoExtraLinePatch = t.Partial(t.Object(withoutDefaults(PoExtraLineCreate.properties)));
export const SoExtraLineCreate = t.Object(extraLineFields("salesorder"));
export const SoExtraLinePatch = t.Partial(t.Object(withoutDefaults(SoExtraLineCreate.properties)));
export const PoExtraLinePut = t.Object(withoutDefaults(PoExtraLineCreate.properties));
export const SoExtraLinePut = t.Object(withoutDefaults(SoExtraLineCreate.properties));
export type ExtraLineInput = Static<typeof PoExtraLinePatch>;

export const ExtraLineQuery = t.Object({
  ...ListQuery,
  order: t.Optional(t.Integer()),
  order_detail: t.Optional(BoolQuery),
});
export const ExtraLineDetailQuery = t.Object({ order_detail: t.Optional(BoolQuery) });
