CREATE TABLE `part_test_template` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`part_id` integer NOT NULL,
	`test_name` text NOT NULL,
	`key` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`requires_value` integer DEFAULT false NOT NULL,
	`requires_attachment` integer DEFAULT false NOT NULL,
	`choices` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `part_test_template_part_idx` ON `part_test_template` (`part_id`,`key`);--> statement-breakpoint
CREATE TABLE `manufacturer_part` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`part_id` integer NOT NULL,
	`manufacturer_id` integer NOT NULL,
	`MPN` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`barcode_data` text DEFAULT '' NOT NULL,
	`barcode_hash` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`manufacturer_id`) REFERENCES `company`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manufacturer_part_unique_idx` ON `manufacturer_part` (`part_id`,`manufacturer_id`,`MPN`);--> statement-breakpoint
CREATE INDEX `manufacturer_part_manufacturer_idx` ON `manufacturer_part` (`manufacturer_id`);--> statement-breakpoint
CREATE INDEX `manufacturer_part_mpn_idx` ON `manufacturer_part` (`MPN`);--> statement-breakpoint
CREATE INDEX `manufacturer_part_barcode_hash_idx` ON `manufacturer_part` (`barcode_hash`);--> statement-breakpoint
CREATE TABLE `purchase_order_extra_line` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`quantity` real DEFAULT 1 NOT NULL,
	`price` real,
	`price_currency` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`order_id` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `purchase_order`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `purchase_order_extra_line_order_idx` ON `purchase_order_extra_line` (`order_id`);--> statement-breakpoint
CREATE TABLE `sales_order_extra_line` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`quantity` real DEFAULT 1 NOT NULL,
	`price` real,
	`price_currency` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`order_id` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `sales_order`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sales_order_extra_line_order_idx` ON `sales_order_extra_line` (`order_id`);--> statement-breakpoint
CREATE TABLE `user_setting` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`user_id`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attachment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_type` text NOT NULL,
	`model_id` integer NOT NULL,
	`file_id` integer,
	`link` text DEFAULT '' NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`file_size` integer DEFAULT 0 NOT NULL,
	`upload_date` text NOT NULL,
	`upload_user_id` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `media_file`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`upload_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `attachment_model_idx` ON `attachment` (`model_type`,`model_id`);--> statement-breakpoint
CREATE TABLE `media_file` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`width` integer,
	`height` integer,
	`data` blob NOT NULL,
	`created` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_file_path_idx` ON `media_file` (`path`);--> statement-breakpoint
CREATE TABLE `object_metadata` (
	`model_type` text NOT NULL,
	`model_id` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`model_type`, `model_id`)
);
--> statement-breakpoint
CREATE TABLE `part_category_parameter_template` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`default_value` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `part_category`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `parameter_template`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `category_parameter_template_pair_idx` ON `part_category_parameter_template` (`category_id`,`template_id`);--> statement-breakpoint
CREATE INDEX `category_parameter_template_template_idx` ON `part_category_parameter_template` (`template_id`);--> statement-breakpoint
CREATE TABLE `parameter_template` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`units` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`model_type` text,
	`checkbox` integer DEFAULT false NOT NULL,
	`choices` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parameter_template_name_idx` ON `parameter_template` (lower("name"));--> statement-breakpoint
CREATE TABLE `parameter` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`model_type` text NOT NULL,
	`model_id` integer NOT NULL,
	`data` text NOT NULL,
	`data_numeric` real,
	`note` text DEFAULT '' NOT NULL,
	`updated` text,
	`updated_by_id` integer,
	FOREIGN KEY (`template_id`) REFERENCES `parameter_template`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parameter_target_template_idx` ON `parameter` (`model_type`,`model_id`,`template_id`);--> statement-breakpoint
CREATE INDEX `parameter_template_idx` ON `parameter` (`template_id`);--> statement-breakpoint
ALTER TABLE `part` ADD `testable` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `part` ADD `image` text;--> statement-breakpoint
ALTER TABLE `stock_item` ADD `packaging` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `stock_test_result` ADD `template_id` integer REFERENCES part_test_template(id);--> statement-breakpoint
ALTER TABLE `company` ADD `image` text;--> statement-breakpoint
ALTER TABLE `company` ADD `barcode_data` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `company` ADD `barcode_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `company_barcode_hash_idx` ON `company` (`barcode_hash`);--> statement-breakpoint
ALTER TABLE `supplier_part` ADD `manufacturer_part_id` integer REFERENCES manufacturer_part(id);--> statement-breakpoint
CREATE INDEX `supplier_part_manufacturer_part_idx` ON `supplier_part` (`manufacturer_part_id`);--> statement-breakpoint
ALTER TABLE `purchase_order_line` ADD `link` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `purchase_order` ADD `start_date` text;--> statement-breakpoint
ALTER TABLE `purchase_order` ADD `link` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sales_order_line` ADD `link` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sales_order_shipment` ADD `link` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sales_order_shipment` ADD `checked_by_id` integer REFERENCES user(id);--> statement-breakpoint
ALTER TABLE `sales_order` ADD `start_date` text;--> statement-breakpoint
ALTER TABLE `sales_order` ADD `link` text DEFAULT '' NOT NULL;