import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { barcodeColumns, bool } from "./common.ts";
import { parts } from "./part.ts";

export const companies = sqliteTable(
  "company",
  {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  website: text("website").notNull().default(""),
  phone: text("phone").notNull().default(""),
  email: text("email").notNull().default(""),
  contact: text("contact").notNull().default(""),
  currency: text("currency").notNull().default("USD"),
  notes: text("notes").notNull().default(""),
  is_customer: bool("is_customer").notNull().default(false),
  is_supplier: bool("is_supplier").notNull().default(true),
  is_manufacturer: bool("is_manufacturer").notNull().default(false),
  active: bool("active").notNull().default(true),
  /** Path of the image under /media/ (media_file.path), as InvenTree's ImageField; null: none. */
  image: text("image"),
  ...barcodeColumns(),
  },
  (t) => [index("company_barcode_hash_idx").on(t.barcode_hash)],
);

/** A part as one manufacturer makes it (InvenTree's ManufacturerPart): unique per part, manufacturer and MPN. */
export const manufacturerParts = sqliteTable(
  "manufacturer_part",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    part: integer("part_id").notNull().references(() => parts.id, { onDelete: "cascade" }),
    manufacturer: integer("manufacturer_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    MPN: text("MPN").notNull(),
    description: text("description").notNull().default(""),
    link: text("link").notNull().default(""),
    notes: text("notes").notNull().default(""),
    ...barcodeColumns(),
  },
  (t) => [
    uniqueIndex("manufacturer_part_unique_idx").on(t.part, t.manufacturer, t.MPN),
    index("manufacturer_part_manufacturer_idx").on(t.manufacturer),
    index("manufacturer_part_mpn_idx").on(t.MPN),
    index("manufacturer_part_barcode_hash_idx").on(t.barcode_hash),
  ],
);

export const supplierParts = sqliteTable(
  "supplier_part",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    part: integer("part_id").notNull().references(() => parts.id, { onDelete: "cascade" }),
    supplier: integer("supplier_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    SKU: text("SKU").notNull(),
    manufacturer: integer("manufacturer_id").references(() => companies.id, { onDelete: "set null" }),
    /** InvenTree's link to the manufacturer part; `manufacturer` and `MPN` mirror it when set. */
    manufacturer_part: integer("manufacturer_part_id").references(() => manufacturerParts.id, { onDelete: "set null" }),
    MPN: text("MPN").notNull().default(""),
    description: text("description").notNull().default(""),
    link: text("link").notNull().default(""),
    note: text("note").notNull().default(""),
    /** As the user wrote it ("100", "1 reel"), and its value in the part's units. */
    pack_quantity: text("pack_quantity").notNull().default("1"),
    pack_quantity_native: real("pack_quantity_native").notNull().default(1),
    active: bool("active").notNull().default(true),
    ...barcodeColumns(),
  },
  (t) => [
    index("supplier_part_part_idx").on(t.part),
    index("supplier_part_supplier_sku_idx").on(t.supplier, t.SKU),
    index("supplier_part_mpn_idx").on(t.MPN),
    index("supplier_part_barcode_hash_idx").on(t.barcode_hash),
    index("supplier_part_manufacturer_part_idx").on(t.manufacturer_part),
  ],
);
