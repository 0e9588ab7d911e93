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
CREATE INDEX `category_parameter_template_template_idx` ON `part_category_parameter_template` (`template_id`);