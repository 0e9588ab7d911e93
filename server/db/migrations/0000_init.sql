CREATE TABLE `api_token` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`created` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expiry` text,
	`last_seen` text,
	`revoked` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_token_key_hash_unique` ON `api_token` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_token_user_idx` ON `api_token` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'readonly' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`date_joined` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_login` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_username_unique` ON `user` (`username`);--> statement-breakpoint
CREATE TABLE `part_category` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`parent_id` integer,
	`pathstring` text DEFAULT '' NOT NULL,
	`default_location_id` integer,
	`structural` integer DEFAULT false NOT NULL,
	`icon` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `part_category`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`default_location_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `part_category_parent_idx` ON `part_category` (`parent_id`);--> statement-breakpoint
CREATE TABLE `part` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`IPN` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`keywords` text DEFAULT '' NOT NULL,
	`revision` text DEFAULT '' NOT NULL,
	`units` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`category_id` integer,
	`default_location_id` integer,
	`minimum_stock` real DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`assembly` integer DEFAULT false NOT NULL,
	`component` integer DEFAULT true NOT NULL,
	`trackable` integer DEFAULT false NOT NULL,
	`purchaseable` integer DEFAULT true NOT NULL,
	`salable` integer DEFAULT false NOT NULL,
	`virtual` integer DEFAULT false NOT NULL,
	`is_template` integer DEFAULT false NOT NULL,
	`creation_date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `part_category`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`default_location_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `part_category_idx` ON `part` (`category_id`);--> statement-breakpoint
CREATE INDEX `part_ipn_idx` ON `part` (`IPN`);--> statement-breakpoint
CREATE INDEX `part_barcode_hash_idx` ON `part` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `stock_item` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`part_id` integer NOT NULL,
	`location_id` integer,
	`quantity` real NOT NULL,
	`serial` text,
	`batch` text DEFAULT '' NOT NULL,
	`status` integer DEFAULT 10 NOT NULL,
	`supplier_part_id` integer,
	`purchase_order_id` integer,
	`sales_order_id` integer,
	`customer_id` integer,
	`purchase_price` real,
	`expiry_date` text,
	`notes` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`creation_date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`stocktake_date` text,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`location_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`supplier_part_id`) REFERENCES `supplier_part`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`purchase_order_id`) REFERENCES `purchase_order`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`sales_order_id`) REFERENCES `sales_order`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`customer_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stock_item_part_idx` ON `stock_item` (`part_id`,`quantity`,`location_id`);--> statement-breakpoint
CREATE INDEX `stock_item_location_idx` ON `stock_item` (`location_id`);--> statement-breakpoint
CREATE INDEX `stock_item_supplier_part_idx` ON `stock_item` (`supplier_part_id`);--> statement-breakpoint
CREATE INDEX `stock_item_barcode_hash_idx` ON `stock_item` (`barcode_hash`);--> statement-breakpoint
CREATE INDEX `stock_item_serial_idx` ON `stock_item` (`part_id`,`serial`);--> statement-breakpoint
CREATE INDEX `stock_item_part_in_stock_idx` ON `stock_item` (`part_id`,`quantity`,`status`,`customer_id`,`sales_order_id`) WHERE "stock_item"."status" IN (10, 50, 55, 85) AND "stock_item"."quantity" > 0 AND "stock_item"."customer_id" IS NULL AND "stock_item"."sales_order_id" IS NULL;--> statement-breakpoint
CREATE TABLE `stock_location` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`parent_id` integer,
	`pathstring` text DEFAULT '' NOT NULL,
	`structural` integer DEFAULT false NOT NULL,
	`external` integer DEFAULT false NOT NULL,
	`icon` text DEFAULT '' NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `stock_location_parent_idx` ON `stock_location` (`parent_id`);--> statement-breakpoint
CREATE INDEX `stock_location_barcode_hash_idx` ON `stock_location` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `stock_test_result` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stock_item_id` integer NOT NULL,
	`test` text NOT NULL,
	`test_key` text NOT NULL,
	`result` integer NOT NULL,
	`value` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`user_id` integer,
	FOREIGN KEY (`stock_item_id`) REFERENCES `stock_item`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stock_test_result_item_idx` ON `stock_test_result` (`stock_item_id`);--> statement-breakpoint
CREATE TABLE `stock_tracking` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`tracking_type` integer NOT NULL,
	`date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`user_id` integer,
	`plugin` text,
	`notes` text DEFAULT '' NOT NULL,
	`deltas` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `stock_item`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stock_tracking_item_idx` ON `stock_tracking` (`item_id`);--> statement-breakpoint
CREATE INDEX `stock_tracking_date_idx` ON `stock_tracking` (`date`);--> statement-breakpoint
CREATE TABLE `company` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`is_customer` integer DEFAULT false NOT NULL,
	`is_supplier` integer DEFAULT true NOT NULL,
	`is_manufacturer` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `supplier_part` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`part_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`SKU` text NOT NULL,
	`manufacturer_id` integer,
	`MPN` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`pack_quantity` text DEFAULT '1' NOT NULL,
	`pack_quantity_native` real DEFAULT 1 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`manufacturer_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `supplier_part_part_idx` ON `supplier_part` (`part_id`);--> statement-breakpoint
CREATE INDEX `supplier_part_supplier_sku_idx` ON `supplier_part` (`supplier_id`,`SKU`);--> statement-breakpoint
CREATE INDEX `supplier_part_mpn_idx` ON `supplier_part` (`MPN`);--> statement-breakpoint
CREATE INDEX `supplier_part_barcode_hash_idx` ON `supplier_part` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `purchase_order_line` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`supplier_part_id` integer NOT NULL,
	`quantity` real NOT NULL,
	`received` real DEFAULT 0 NOT NULL,
	`purchase_price` real,
	`destination_id` integer,
	`reference` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`target_date` text,
	FOREIGN KEY (`order_id`) REFERENCES `purchase_order`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_part_id`) REFERENCES `supplier_part`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`destination_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `purchase_order_line_order_idx` ON `purchase_order_line` (`order_id`);--> statement-breakpoint
CREATE INDEX `purchase_order_line_part_idx` ON `purchase_order_line` (`supplier_part_id`);--> statement-breakpoint
CREATE TABLE `purchase_order` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`supplier_id` integer NOT NULL,
	`supplier_reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` integer DEFAULT 10 NOT NULL,
	`destination_id` integer,
	`creation_date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`issue_date` text,
	`target_date` text,
	`complete_date` text,
	`created_by_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`destination_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_reference_unique` ON `purchase_order` (`reference`);--> statement-breakpoint
CREATE INDEX `purchase_order_supplier_idx` ON `purchase_order` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `purchase_order_barcode_hash_idx` ON `purchase_order` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `sales_order_allocation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`line_id` integer NOT NULL,
	`shipment_id` integer,
	`item_id` integer NOT NULL,
	`quantity` real NOT NULL,
	FOREIGN KEY (`line_id`) REFERENCES `sales_order_line`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shipment_id`) REFERENCES `sales_order_shipment`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`item_id`) REFERENCES `stock_item`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sales_order_allocation_line_idx` ON `sales_order_allocation` (`line_id`);--> statement-breakpoint
CREATE INDEX `sales_order_allocation_item_idx` ON `sales_order_allocation` (`item_id`);--> statement-breakpoint
CREATE TABLE `sales_order_line` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`part_id` integer NOT NULL,
	`quantity` real NOT NULL,
	`shipped` real DEFAULT 0 NOT NULL,
	`sale_price` real,
	`reference` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`target_date` text,
	FOREIGN KEY (`order_id`) REFERENCES `sales_order`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `sales_order_line_order_idx` ON `sales_order_line` (`order_id`);--> statement-breakpoint
CREATE TABLE `sales_order_shipment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`reference` text DEFAULT '1' NOT NULL,
	`shipment_date` text,
	`delivery_date` text,
	`tracking_number` text DEFAULT '' NOT NULL,
	`invoice_number` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `sales_order`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sales_order_shipment_order_idx` ON `sales_order_shipment` (`order_id`);--> statement-breakpoint
CREATE TABLE `sales_order` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`customer_id` integer NOT NULL,
	`customer_reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` integer DEFAULT 10 NOT NULL,
	`creation_date` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`target_date` text,
	`shipment_date` text,
	`created_by_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_order_reference_unique` ON `sales_order` (`reference`);--> statement-breakpoint
CREATE INDEX `sales_order_customer_idx` ON `sales_order` (`customer_id`);--> statement-breakpoint
CREATE INDEX `sales_order_barcode_hash_idx` ON `sales_order` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `plugin_config` (
	`key` text PRIMARY KEY NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`priority` integer
);
--> statement-breakpoint
CREATE TABLE `plugin_setting` (
	`plugin` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`plugin`, `key`)
);
--> statement-breakpoint
CREATE TABLE `setting` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `barcode_scan_result` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`data` text NOT NULL,
	`timestamp` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`endpoint` text,
	`context` text,
	`response` text,
	`result` integer DEFAULT false NOT NULL,
	`user` integer,
	FOREIGN KEY (`user`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `barcode_scan_result_timestamp_idx` ON `barcode_scan_result` (`timestamp`);--> statement-breakpoint
CREATE TABLE `data_output` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`user_id` integer,
	`output_type` text NOT NULL,
	`template` text NOT NULL,
	`template_name` text NOT NULL,
	`plugin` text,
	`format` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`complete` integer DEFAULT false NOT NULL,
	`output_name` text NOT NULL,
	`content_type` text NOT NULL,
	`data` blob NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `data_output_user_idx` ON `data_output` (`user_id`);