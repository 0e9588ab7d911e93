import { type AnySQLiteColumn, index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { barcodeColumns, bool, createdAt } from "./common.ts";
import { stockLocations } from "./stock.ts";

export const partCategories = sqliteTable(
  "part_category",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    parent: integer("parent_id").references((): AnySQLiteColumn => partCategories.id, { onDelete: "restrict" }),
    /** "Electronics/Passives/Resistors": kept up to date on rename and move, for search and display. */
    pathstring: text("pathstring").notNull().default(""),
    default_location: integer("default_location_id").references(() => stockLocations.id, { onDelete: "set null" }),
    structural: bool("structural").notNull().default(false),
    icon: text("icon").notNull().default(""),
  },
  (t) => [index("part_category_parent_idx").on(t.parent)],
);

export const parts = sqliteTable(
  "part",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    IPN: text("IPN").notNull().default(""),
    description: text("description").notNull().default(""),
    keywords: text("keywords").notNull().default(""),
    revision: text("revision").notNull().default(""),
    units: text("units").notNull().default(""),
    link: text("link").notNull().default(""),
    notes: text("notes").notNull().default(""),
    category: integer("category_id").references(() => partCategories.id, { onDelete: "set null" }),
    default_location: integer("default_location_id").references(() => stockLocations.id, { onDelete: "set null" }),
    minimum_stock: real("minimum_stock").notNull().default(0),
    active: bool("active").notNull().default(true),
    assembly: bool("assembly").notNull().default(false),
    component: bool("component").notNull().default(true),
    trackable: bool("trackable").notNull().default(false),
    /** InvenTree's Part.testable: test results (and test templates) may be recorded against it. */
    testable: bool("testable").notNull().default(false),
    purchaseable: bool("purchaseable").notNull().default(true),
    salable: bool("salable").notNull().default(false),
    virtual: bool("virtual").notNull().default(false),
    is_template: bool("is_template").notNull().default(false),
    creation_date: createdAt("creation_date"),
    /** Path of the image under /media/ (media_file.path), as InvenTree's ImageField; null: none. */
    image: text("image"),
    ...barcodeColumns(),
  },
  (t) => [index("part_category_name_idx").on(t.category, t.name), index("part_ipn_idx").on(t.IPN), index("part_barcode_hash_idx").on(t.barcode_hash), index("part_name_idx").on(t.name)],
);

/** InvenTree's PartTestTemplate: a named test the stock items of a part should pass. */
export const partTestTemplates = sqliteTable(
  "part_test_template",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    part: integer("part_id").notNull().references(() => parts.id, { onDelete: "cascade" }),
    test_name: text("test_name").notNull(),
    /** generateTestKey(test_name): unique per part, matches legacy results by name. */
    key: text("key").notNull(),
    description: text("description").notNull().default(""),
    enabled: bool("enabled").notNull().default(true),
    required: bool("required").notNull().default(true),
    requires_value: bool("requires_value").notNull().default(false),
    requires_attachment: bool("requires_attachment").notNull().default(false),
    choices: text("choices").notNull().default(""),
  },
  (t) => [index("part_test_template_part_idx").on(t.part, t.key)],
);
