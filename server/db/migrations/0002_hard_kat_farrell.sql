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
CREATE TABLE `object_metadata` (
	`model_type` text NOT NULL,
	`model_id` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`model_type`, `model_id`)
);
--> statement-breakpoint
ALTER TABLE `part` ADD `testable` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `stock_item` ADD `packaging` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `stock_test_result` ADD `template_id` integer REFERENCES part_test_template(id);--> statement-breakpoint
ALTER TABLE `purchase_order` ADD `start_date` text;--> statement-breakpoint
ALTER TABLE `sales_order` ADD `start_date` text;