import { type Static, t } from "elysia";
import { NullablePk, withDefaults } from "../../core/schema.ts";
import { ImageOutFields, ImagePatchField } from "../media/model.ts";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { PartSchema } from "../part/model.ts";

/* ---------- companies ---------- */

const CompanyFields = {
  name: t.String({ minLength: 1, maxLength: 100 }),
  description: t.String({ maxLength: 500 }),
  website: t.String({ maxLength: 2000 }),
  phone: t.String({ maxLength: 50 }),
  email: t.String({ maxLength: 254 }),
  contact: t.String({ maxLength: 100 }),
  currency: t.String({ maxLength: 3 }),
  notes: t.String({ maxLength: 50000 }),
  is_customer: t.Boolean(),
  is_supplier: t.Boolean(),
  is_manufacturer: t.Boolean(),
  active: t.Boolean(),
};

/** A company as InvenTree's CompanySerializer shows it (the fields our schema keeps). */
export const CompanySchema = t.Object({
  pk: t.Integer(),
  name: t.String(),
  description: t.String(),
  website: t.String(),
  phone: t.String(),
  email: t.String(),
  contact: t.String(),
  currency: t.String(),
  notes: t.String(),
  is_customer: t.Boolean(),
  is_supplier: t.Boolean(),
  is_manufacturer: t.Boolean(),
  active: t.Boolean(),
  ...ImageOutFields,
  parts_supplied: t.Integer({ description: "Supplier parts this company supplies." }),
  parts_manufactured: t.Integer({ description: "Manufacturer parts this company makes." }),
  barcode_hash: t.String(),
  // InvenTree fields we have no concept for, with its neutral values.
  link: t.String(),
  address: t.String(),
  address_count: t.Integer(),
  primary_address: t.Null(),
  tax_id: t.String(),
});
export type CompanyOut = Static<typeof CompanySchema>;

const { name: companyName, ...optionalCompanyFields } = CompanyFields;
/** POST: `name` required; the flags carry the database's defaults, which OPTIONS announces (the app's form sends them for untouched switches). */
export const CompanyCreateBody = t.Composite([
  t.Object({ name: companyName }),
  t.Partial(t.Object(withDefaults(optionalCompanyFields, { currency: "USD", is_customer: false, is_supplier: true, is_manufacturer: false, active: true }))),
]);
/** PUT: `name` required, the rest optional without defaults (an omitted field keeps its value), and `image` as in PATCH. */
export const CompanyPutBody = t.Composite([t.Object({ name: companyName }), t.Partial(t.Object({ ...optionalCompanyFields, image: ImagePatchField }))]);
export type CompanyInput = Static<typeof CompanyCreateBody>;
export const CompanyUpdateBody = t.Partial(t.Object({ ...CompanyFields, image: ImagePatchField }));
export type CompanyPatch = Static<typeof CompanyUpdateBody>;

export const CompanyListQuery = t.Object({
  ...ListQuery,
  is_customer: t.Optional(BoolQuery),
  is_supplier: t.Optional(BoolQuery),
  is_manufacturer: t.Optional(BoolQuery),
  active: t.Optional(BoolQuery),
  name: t.Optional(t.String({ maxLength: 100 })),
});
export type CompanyListFilters = Static<typeof CompanyListQuery>;

/* ---------- supplier parts ---------- */

/** A supplier part as InvenTree's SupplierPartSerializer shows it; manufacturer/MPN live on it directly. */
export const SupplierPartSchema = t.Object({
  pk: t.Integer(),
  part: t.Integer(),
  supplier: t.Integer(),
  SKU: t.String(),
  manufacturer: t.Union([t.Integer(), t.Null()]),
  manufacturer_part: t.Union([t.Integer(), t.Null()]),
  MPN: t.String(),
  description: t.String(),
  link: t.String(),
  note: t.String(),
  packaging: t.String({ description: "Not kept by Binventory: always empty." }),
  pack_quantity: t.String({ description: 'As entered: "100", "2.5 m".' }),
  pack_quantity_native: t.Number({ description: "pack_quantity in the part's units." }),
  active: t.Boolean(),
  barcode_hash: t.String(),
  in_stock: t.Number({ description: "Quantity in stock items received against this supplier part." }),
  on_order: t.Number({ description: "Quantity still to receive on open purchase orders (in supplier packs)." }),
  part_detail: t.Optional(PartSchema),
  supplier_detail: t.Optional(CompanySchema),
  manufacturer_detail: t.Optional(t.Union([CompanySchema, t.Null()])),
  manufacturer_part_detail: t.Optional(t.Union([t.Object({ pk: t.Integer(), part: t.Integer(), manufacturer: t.Integer(), MPN: t.String(), description: t.String(), link: t.String() }), t.Null()])),
});
export type SupplierPartOut = Static<typeof SupplierPartSchema>;

const SupplierPartFields = {
  part: t.Integer({ minimum: 1 }),
  supplier: t.Integer({ minimum: 1 }),
  SKU: t.String({ minLength: 1, maxLength: 100 }),
  manufacturer: NullablePk,
  manufacturer_part: t.Union([t.Integer({ minimum: 1 }), t.Null()], { title: "Manufacturer Part", description: "Select manufacturer part", "x-related": { model: "manufacturerpart", api_url: "/api/company/part/manufacturer/" } }),
  MPN: t.String({ maxLength: 100 }),
  description: t.String({ maxLength: 250 }),
  link: t.String({ maxLength: 2000 }),
  note: t.String({ maxLength: 100 }),
  pack_quantity: t.String({ maxLength: 25 }),
  active: t.Boolean(),
};
const { part: spPart, supplier: spSupplier, SKU: spSku, ...optionalSupplierPartFields } = SupplierPartFields;
export const SupplierPartCreateBody = t.Composite([t.Object({ part: spPart, supplier: spSupplier, SKU: spSku }), t.Partial(t.Object(optionalSupplierPartFields))]);
export type SupplierPartInput = Static<typeof SupplierPartCreateBody>;
export const SupplierPartUpdateBody = t.Partial(t.Object(SupplierPartFields));
export type SupplierPartPatch = Static<typeof SupplierPartUpdateBody>;

const DetailFlags = {
  part_detail: t.Optional(BoolQuery),
  supplier_detail: t.Optional(BoolQuery),
  manufacturer_detail: t.Optional(BoolQuery),
  manufacturer_part_detail: t.Optional(BoolQuery),
};

export const SupplierPartListQuery = t.Object({
  ...ListQuery,
  ...DetailFlags,
  part: t.Optional(t.Integer({ minimum: 1 })),
  supplier: t.Optional(t.Integer({ minimum: 1 })),
  manufacturer: t.Optional(t.Integer({ minimum: 1 })),
  manufacturer_part: t.Optional(t.Integer({ minimum: 1 })),
  company: t.Optional(t.Integer({ minimum: 1, description: "Supplier or manufacturer." })),
  SKU: t.Optional(t.String({ maxLength: 100 })),
  MPN: t.Optional(t.String({ maxLength: 100 })),
  active: t.Optional(BoolQuery),
  part_active: t.Optional(BoolQuery),
  supplier_active: t.Optional(BoolQuery),
  has_stock: t.Optional(BoolQuery),
});
export type SupplierPartListFilters = Static<typeof SupplierPartListQuery>;

export const SupplierPartDetailQuery = t.Object(DetailFlags);
export type SupplierPartDetailFlags = Static<typeof SupplierPartDetailQuery>;

/* ---------- manufacturer parts ---------- */

/** A manufacturer part as InvenTree's ManufacturerPartSerializer shows it. */
export const ManufacturerPartSchema = t.Object({
  pk: t.Integer(),
  part: t.Integer(),
  manufacturer: t.Integer(),
  MPN: t.String(),
  description: t.String(),
  link: t.String(),
  notes: t.String(),
  barcode_hash: t.String(),
  pretty_name: t.String(),
  tags: t.Array(t.String()),
  part_detail: t.Optional(PartSchema),
  manufacturer_detail: t.Optional(CompanySchema),
});
export type ManufacturerPartOut = Static<typeof ManufacturerPartSchema>;

const ManufacturerPartFields = {
  part: t.Integer({ minimum: 1, title: "Base Part", description: "Select part", "x-related": { model: "part", api_url: "/api/part/", filters: { purchaseable: true } } }),
  manufacturer: t.Integer({ minimum: 1, title: "Manufacturer", description: "Select manufacturer", "x-related": { model: "company", api_url: "/api/company/", filters: { is_manufacturer: true } } }),
  MPN: t.String({ minLength: 1, maxLength: 100, title: "MPN", description: "Manufacturer Part Number" }),
  description: t.String({ maxLength: 250, title: "Description", description: "Manufacturer part description" }),
  link: t.String({ maxLength: 2000, title: "Link", description: "URL for external manufacturer part link" }),
  notes: t.String({ maxLength: 50000, title: "Notes" }),
};
const { part: mpPart, manufacturer: mpManufacturer, MPN: mpMpn, ...optionalManufacturerPartFields } = ManufacturerPartFields;
export const ManufacturerPartCreateBody = t.Composite([t.Object({ part: mpPart, manufacturer: mpManufacturer, MPN: mpMpn }), t.Partial(t.Object(optionalManufacturerPartFields))]);
export type ManufacturerPartInput = Static<typeof ManufacturerPartCreateBody>;
export const ManufacturerPartUpdateBody = t.Partial(t.Object(ManufacturerPartFields));
export type ManufacturerPartPatch = Static<typeof ManufacturerPartUpdateBody>;

const ManufacturerDetailFlags = { part_detail: t.Optional(BoolQuery), manufacturer_detail: t.Optional(BoolQuery), pretty: t.Optional(BoolQuery) };
export const ManufacturerPartDetailQuery = t.Object(ManufacturerDetailFlags);
export type ManufacturerPartDetailFlags = Static<typeof ManufacturerPartDetailQuery>;

export const ManufacturerPartListQuery = t.Object({
  ...ListQuery,
  ...ManufacturerDetailFlags,
  part: t.Optional(t.Integer({ minimum: 1 })),
  manufacturer: t.Optional(t.Integer({ minimum: 1 })),
  MPN: t.Optional(t.String({ maxLength: 100 })),
  part_active: t.Optional(BoolQuery),
  manufacturer_active: t.Optional(BoolQuery),
});
export type ManufacturerPartListFilters = Static<typeof ManufacturerPartListQuery>;

/** InvenTree's bulk delete body: pks and/or list filters. */
export const BulkDeleteBody = t.Object({
  items: t.Optional(t.Array(t.Integer({ minimum: 1 }), { maxItems: 10000 })),
  filters: t.Optional(t.Record(t.String(), t.Union([t.String(), t.Number(), t.Boolean()]))),
});
