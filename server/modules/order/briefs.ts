import type { Static } from "elysia";
import { imageFields } from "../media/service.ts";
import type { CompanyRow, StockItemRow, SupplierPartRow } from "./lookups.ts";
import type { CompanyBrief, StockItemBrief, SupplierPartBrief } from "./model.ts";

/** Row → the brief shapes the `*_detail` fields carry. */
export const toCompanyBrief = (c: CompanyRow): Static<typeof CompanyBrief> => ({
  pk: c.id,
  name: c.name,
  description: c.description,
  website: c.website,
  currency: c.currency,
  is_customer: c.is_customer,
  is_supplier: c.is_supplier,
  is_manufacturer: c.is_manufacturer,
  active: c.active,
  ...imageFields(c.image),
});

export const toSupplierPartBrief = (s: SupplierPartRow): Static<typeof SupplierPartBrief> => ({
  pk: s.id,
  part: s.part,
  supplier: s.supplier,
  SKU: s.SKU,
  MPN: s.MPN,
  description: s.description,
  pack_quantity: s.pack_quantity,
  pack_quantity_native: s.pack_quantity_native,
  active: s.active,
});

export const toStockItemBrief = (i: StockItemRow): Static<typeof StockItemBrief> => ({
  pk: i.id,
  part: i.part,
  quantity: i.quantity,
  location: i.location,
  serial: i.serial,
  batch: i.batch,
  status: i.status,
  supplier_part: i.supplier_part,
  purchase_order: i.purchase_order,
  sales_order: i.sales_order,
  customer: i.customer,
  purchase_price: i.purchase_price,
  expiry_date: i.expiry_date,
});
