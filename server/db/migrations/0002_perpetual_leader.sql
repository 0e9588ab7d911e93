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
CREATE INDEX `parameter_template_idx` ON `parameter` (`template_id`);