import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { barcodeColumns, bool, createdAt } from "./common.ts";
import { companies, supplierParts } from "./company.ts";
import { parts, partTestTemplates } from "./part.ts";
import { purchaseOrders, salesOrders } from "./order.ts";
import { users } from "./user.ts";

export const stockLocations = sqliteTable(
  "stock_location",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    parent: integer("parent_id").references((): AnySQLiteColumn => stockLocations.id, { onDelete: "restrict" }),
    pathstring: text("pathstring").notNull().default(""),
    structural: bool("structural").notNull().default(false),
    external: bool("external").notNull().default(false),
    icon: text("icon").notNull().default(""),
    ...barcodeColumns(),
  },
  (t) => [index("stock_location_parent_idx").on(t.parent), index("stock_location_barcode_hash_idx").on(t.barcode_hash)],
);

/** InvenTree's StockStatus codes, so its clients show the right labels. */
export const STOCK_STATUS = {
  OK: 10,
  ATTENTION: 50,
  DAMAGED: 55,
  DESTROYED: 60,
  REJECTED: 65,
  LOST: 70,
  QUARANTINED: 75,
  RETURNED: 85,
} as const;

export const stockItems = sqliteTable(
  "stock_item",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    part: integer("part_id").notNull().references(() => parts.id, { onDelete: "restrict" }),
    location: integer("location_id").references(() => stockLocations.id, { onDelete: "set null" }),
    quantity: real("quantity").notNull(),
    serial: text("serial"),
    batch: text("batch").notNull().default(""),
    packaging: text("packaging").notNull().default(""),
    status: integer("status").notNull().default(STOCK_STATUS.OK),
    supplier_part: integer("supplier_part_id").references(() => supplierParts.id, { onDelete: "set null" }),
    purchase_order: integer("purchase_order_id").references((): AnySQLiteColumn => purchaseOrders.id, { onDelete: "set null" }),
    sales_order: integer("sales_order_id").references((): AnySQLiteColumn => salesOrders.id, { onDelete: "set null" }),
    customer: integer("customer_id").references(() => companies.id, { onDelete: "set null" }),
    purchase_price: real("purchase_price"),
    expiry_date: text("expiry_date"),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    creation_date: createdAt("creation_date"),
    updated: createdAt("updated"),
    stocktake_date: text("stocktake_date"),
    ...barcodeColumns(),
  },
  (t) => [
    // Holds quantity and location too, so a page of the default ordering (part name, quantity,
    // location) sorts its candidates from the index without reading their rows.
    index("stock_item_part_idx").on(t.part, t.quantity, t.location),
    // With the part: a location filter groups its items per part (pages by part name) from the index alone.
    index("stock_item_location_part_idx").on(t.location, t.part),
    index("stock_item_supplier_part_idx").on(t.supplier_part),
    index("stock_item_barcode_hash_idx").on(t.barcode_hash),
    index("stock_item_serial_idx").on(t.part, t.serial),
    // Descending, so the rowid it ends with runs ascending: `ordering=-quantity` (pk as tie-break)
    // reads its page from the index.
    index("stock_item_quantity_desc_idx").on(sql`${t.quantity} DESC`),
    // Only in-stock items (stock/in-stock.ts's condition, written the same way so SQLite matches
    // it), covering: part lists sum `in_stock` per part from the index alone, skipping the rest.
    index("stock_item_part_in_stock_idx")
      .on(t.part, t.quantity, t.status, t.customer, t.sales_order)
      .where(
        sql`${t.status} IN (${sql.raw([STOCK_STATUS.OK, STOCK_STATUS.ATTENTION, STOCK_STATUS.DAMAGED, STOCK_STATUS.RETURNED].join(", "))}) AND ${t.quantity} > 0 AND ${t.customer} IS NULL AND ${t.sales_order} IS NULL`,
      ),
  ],
);

/** InvenTree's StockHistoryCode values for the tracking entries we write. */
export const TRACKING = {
  CREATED: 1,
  EDITED: 5,
  STOCK_COUNT: 10,
  STOCK_ADD: 11,
  STOCK_REMOVE: 12,
  LOCATION_CHANGE: 20,
  /** A transfer into the location the item is already in (InvenTree's STOCK_UPDATE). */
  STOCK_UPDATE: 25,
  SPLIT_FROM_PARENT: 40,
  SPLIT_CHILD_ITEM: 42,
  RECEIVED_AGAINST_PURCHASE_ORDER: 70,
  SHIPPED_AGAINST_SALES_ORDER: 60,
  /** Assigned to a customer by hand (POST /api/stock/assign/). */
  SENT_TO_CUSTOMER: 100,
  PLUGIN_ADJUSTMENT: 95,
} as const;

export const stockTracking = sqliteTable(
  "stock_tracking",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    item: integer("item_id").notNull().references(() => stockItems.id, { onDelete: "cascade" }),
    tracking_type: integer("tracking_type").notNull(),
    date: createdAt("date"),
    user: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Slug of the plugin that made the change, when a plugin made it. */
    plugin: text("plugin"),
    notes: text("notes").notNull().default(""),
    /** JSON object: {quantity, added, removed, location, old_location, …} as InvenTree's `deltas`. */
    deltas: text("deltas", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("stock_tracking_item_idx").on(t.item), index("stock_tracking_date_idx").on(t.date)],
);

export const stockTestResults = sqliteTable(
  "stock_test_result",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stock_item: integer("stock_item_id").notNull().references(() => stockItems.id, { onDelete: "cascade" }),
    test: text("test").notNull(),
    /** The template this result is for (InvenTree API ≥ 169); null for a legacy result recorded by name only. */
    template: integer("template_id").references(() => partTestTemplates.id, { onDelete: "cascade" }),
    /** Normalised test name (lowercase alphanumerics), InvenTree's key for matching templates. */
    test_key: text("test_key").notNull(),
    result: bool("result").notNull(),
    value: text("value").notNull().default(""),
    notes: text("notes").notNull().default(""),
    date: createdAt("date"),
    user: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("stock_test_result_item_idx").on(t.stock_item)],
);

/**
 * Maintained per-part stock numbers (migration 0004, kept exact by triggers on stock_item and part
 * in the same statement as every write): how many stock items the part has, how many of them are
 * in stock (stock/in-stock.ts), and the sum of their quantities, recounted for the part on every
 * change so it is the same number a fresh SUM gives; and the part's name. Every part has a row.
 * Lists filter, order and page by these instead of aggregating the stock table per request.
 */
export const partStockTotals = sqliteTable(
  "part_stock_total",
  {
    part: integer("part_id")
      .primaryKey()
      .references(() => parts.id, { onDelete: "cascade" }),
    items: integer("items").notNull().default(0),
    in_stock_items: integer("in_stock_items").notNull().default(0),
    in_stock: real("in_stock").notNull().default(0),
    /** The part's name, kept by a trigger on part: the partial indexes below list only parts holding stock, in name order. */
    name: text("name").notNull().default(""),
  },
  (t) => [
    // Descending for `ordering=-in_stock` (see stock_item_quantity_desc_idx).
    index("part_stock_total_in_stock_desc_idx").on(sql`${t.in_stock} DESC`),
    // The stock list's walk by part name (no filter / in_stock=true) visits only parts with such items.
    index("part_stock_total_name_idx").on(t.name).where(sql`${t.items} > 0`),
    index("part_stock_total_in_stock_name_idx").on(t.name).where(sql`${t.in_stock_items} > 0`),
  ],
);

/** Stock items directly in each location (not cascaded), maintained by triggers (migration 0004); every location has a row. */
export const locationItemCounts = sqliteTable("stock_location_item_count", {
  location: integer("location_id")
    .primaryKey()
    .references(() => stockLocations.id, { onDelete: "cascade" }),
  items: integer("items").notNull().default(0),
});

/**
 * Stock items directly in a location per part, with the part's name (migration 0008), maintained by
 * triggers on stock_item and part; a row exists while the pair has items. A location's stock list in
 * InvenTree's default order (part name first) walks the location's parts by name on the index below
 * and reads only the page's parts' items: a bin holding 559 items no longer sorts them all.
 */
export const locationPartCounts = sqliteTable(
  "stock_location_part_count",
  {
    location: integer("location_id")
      .notNull()
      .references(() => stockLocations.id, { onDelete: "cascade" }),
    part: integer("part_id")
      .notNull()
      .references(() => parts.id, { onDelete: "cascade" }),
    /** The part's name, kept by a trigger on part. */
    name: text("name").notNull().default(""),
    items: integer("items").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.location, t.part] }), index("stock_location_part_count_name_idx").on(t.location, t.name), index("stock_location_part_count_part_idx").on(t.part)],
);
