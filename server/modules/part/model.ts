import { OutInt } from "../../core/response-schema.ts";
import { type Static, t } from "elysia";
import { NullablePk, withDefaults } from "../../core/schema.ts";
import { Nullable } from "../../core/schema.ts";
import { ImageOutFields, ImagePatchField } from "../media/model.ts";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery, PkOrNullQuery } from "../../core/query.ts";

/** A part in another object's `part_detail` (stock items, order lines, allocations): InvenTree's PartBriefSerializer, the fields we hold. */
export const PartBriefSchema = t.Object({
  pk: OutInt(),
  name: t.String(),
  full_name: t.String(),
  IPN: t.String(),
  description: t.String(),
  revision: t.String(),
  units: t.String(),
  category: Nullable(OutInt()),
  default_location: Nullable(OutInt()),
  minimum_stock: t.Number(),
  active: t.Boolean(),
  assembly: t.Boolean(),
  component: t.Boolean(),
  is_template: t.Boolean(),
  purchaseable: t.Boolean(),
  salable: t.Boolean(),
  trackable: t.Boolean(),
  testable: t.Boolean(),
  virtual: t.Boolean(),
  locked: t.Boolean({ description: "Always false: Binventory does not lock parts" }),
  barcode_hash: t.String(),
  ...ImageOutFields,
});
export type PartBrief = Static<typeof PartBriefSchema>;

/* ---------- categories ---------- */

/** A part category as InvenTree's CategorySerializer shows it. */
export const CategorySchema = t.Object({
  pk: OutInt(),
  name: t.String(),
  description: t.String(),
  parent: t.Union([OutInt(), t.Null()]),
  pathstring: t.String({ description: 'Names from the top down, "Electronics/Passives/Resistors".' }),
  level: OutInt({ description: "Depth in the tree; 0 for a top-level category." }),
  default_location: t.Union([OutInt(), t.Null()]),
  structural: t.Boolean(),
  icon: t.String(),
  part_count: OutInt({ description: "Parts in this category and all its subcategories." }),
  subcategories: OutInt({ description: "Categories below this one, at any depth." }),
});
export type CategoryOut = Static<typeof CategorySchema>;

/** PUT: the writable fields, `name` required (as DRF); an omitted field keeps its value. */
export const CategoryPutBody = t.Object({
  name: t.String({ minLength: 1, maxLength: 100 }),
  description: t.Optional(t.String({ maxLength: 250 })),
  parent: t.Optional(NullablePk),
  default_location: t.Optional(NullablePk),
  structural: t.Optional(t.Boolean()),
  icon: t.Optional(t.String({ maxLength: 100 })),
});
/** POST: as PUT, with the defaults OPTIONS announces (the app's form sends them for untouched booleans). */
export const CategoryCreateBody = t.Object(withDefaults(CategoryPutBody.properties, { structural: false }));
export type CategoryInput = Static<typeof CategoryCreateBody>;

export const CategoryUpdateBody = t.Partial(CategoryPutBody);
export type CategoryPatch = Static<typeof CategoryUpdateBody>;

export const CategoryListQuery = t.Object({
  ...ListQuery,
  parent: t.Optional(PkOrNullQuery),
  cascade: t.Optional(BoolQuery),
  structural: t.Optional(BoolQuery),
  name: t.Optional(t.String({ maxLength: 100 })),
});
export type CategoryListFilters = Static<typeof CategoryListQuery>;

/* ---------- parts ---------- */

const PartFields = {
  name: t.String({ minLength: 1, maxLength: 100 }),
  IPN: t.String({ maxLength: 100 }),
  description: t.String({ maxLength: 250 }),
  keywords: t.String({ maxLength: 250 }),
  revision: t.String({ maxLength: 100 }),
  units: t.String({ maxLength: 20 }),
  link: t.String({ maxLength: 2000 }),
  notes: t.String({ maxLength: 50000 }),
  category: NullablePk,
  default_location: NullablePk,
  minimum_stock: t.Number({ minimum: 0 }),
  active: t.Boolean(),
  assembly: t.Boolean(),
  component: t.Boolean(),
  trackable: t.Boolean(),
  testable: t.Boolean({ title: "Testable", description: "Can this part have test results recorded against it?" }),
  purchaseable: t.Boolean(),
  salable: t.Boolean(),
  virtual: t.Boolean(),
  is_template: t.Boolean(),
};

/** A part as InvenTree's PartSerializer shows it (the fields our schema keeps). */
export const PartSchema = t.Object({
  pk: OutInt(),
  name: t.String(),
  IPN: t.String(),
  description: t.String(),
  keywords: t.String(),
  revision: t.String(),
  units: t.String(),
  link: t.String(),
  notes: t.String(),
  category: t.Union([OutInt(), t.Null()]),
  category_name: t.Union([t.String(), t.Null()]),
  default_location: t.Union([OutInt(), t.Null()]),
  minimum_stock: t.Number(),
  active: t.Boolean(),
  assembly: t.Boolean(),
  component: t.Boolean(),
  trackable: t.Boolean(),
  testable: t.Boolean(),
  purchaseable: t.Boolean(),
  salable: t.Boolean(),
  virtual: t.Boolean(),
  is_template: t.Boolean(),
  locked: t.Boolean({ description: "Always false: Binventory does not lock parts." }),
  starred: t.Boolean({ description: "Always false: Binventory has no per-user part subscriptions." }),
  variant_of: t.Union([OutInt(), t.Null()], { description: "Always null: no variants." }),
  revision_of: t.Union([OutInt(), t.Null()]),
  default_expiry: OutInt(),
  creation_date: t.String(),
  barcode_hash: t.String(),
  full_name: t.String({ description: 'InvenTree\'s default name format: "IPN | name | revision", empty parts left out.' }),
  ...ImageOutFields,
  in_stock: t.Number({ description: "Quantity in stock items whose status counts as in stock (OK, ATTENTION, DAMAGED, RETURNED), not shipped to a customer." }),
  total_in_stock: t.Number({ description: "Same as in_stock: there are no variant parts to add." }),
  unallocated_stock: t.Number({ description: "in_stock less what open sales orders have allocated (never below 0)." }),
  allocated_to_sales_orders: t.Number(),
  required_for_sales_orders: t.Number({ description: "Outstanding quantity on open sales order lines." }),
  allocated_to_build_orders: t.Number({ description: "Always 0: no build orders." }),
  required_for_build_orders: t.Number({ description: "Always 0: no build orders." }),
  building: t.Number({ description: "Always 0: no build orders." }),
  scheduled_to_build: t.Number({ description: "Always 0: no build orders." }),
  ordering: t.Number({ description: "Outstanding quantity on open purchase orders (in the part's units)." }),
  suppliers: OutInt({ description: "Number of supplier parts." }),
  variant_stock: t.Number(),
  external_stock: t.Number(),
  category_detail: t.Optional(t.Union([CategorySchema, t.Null()])),
});
export type PartOut = Static<typeof PartSchema>;

const { name: partName, ...optionalPartFields } = PartFields;

/**
 * POST body: `name` required, the rest optional; the booleans carry the database's defaults, which
 * OPTIONS announces (the app's part form sends them for untouched switches, api_form.dart:1500).
 */
export const PartCreateBody = t.Composite([
  t.Object({ name: partName }),
  t.Partial(
    t.Object(
      withDefaults(optionalPartFields, { active: true, assembly: false, component: true, trackable: false, testable: false, purchaseable: true, salable: false, virtual: false, is_template: false }),
    ),
  ),
]);
/** PUT: `name` required, the rest optional without defaults (an omitted field keeps its value), and `image` as in PATCH. */
export const PartPutBody = t.Composite([t.Object({ name: partName }), t.Partial(t.Object({ ...optionalPartFields, image: ImagePatchField }))]);
export type PartInput = Static<typeof PartCreateBody>;

export const PartUpdateBody = t.Partial(t.Object({ ...PartFields, image: ImagePatchField }));
export type PartPatch = Static<typeof PartUpdateBody>;

export const PartListQuery = t.Object({
  ...ListQuery,
  category: t.Optional(PkOrNullQuery),
  cascade: t.Optional(BoolQuery),
  category_detail: t.Optional(BoolQuery),
  active: t.Optional(BoolQuery),
  assembly: t.Optional(BoolQuery),
  component: t.Optional(BoolQuery),
  trackable: t.Optional(BoolQuery),
  testable: t.Optional(BoolQuery),
  purchaseable: t.Optional(BoolQuery),
  salable: t.Optional(BoolQuery),
  virtual: t.Optional(BoolQuery),
  is_template: t.Optional(BoolQuery),
  has_stock: t.Optional(BoolQuery),
  low_stock: t.Optional(BoolQuery),
  has_ipn: t.Optional(BoolQuery),
  IPN: t.Optional(t.String({ maxLength: 100, description: "Exact IPN, case-insensitive." })),
  name: t.Optional(t.String({ maxLength: 100, description: "Exact name, case-insensitive." })),
});
export type PartListFilters = Static<typeof PartListQuery>;

export const DetailQuery = t.Object({ category_detail: t.Optional(BoolQuery) });
export { TestTemplateSchema } from "./test-template-model.ts";
