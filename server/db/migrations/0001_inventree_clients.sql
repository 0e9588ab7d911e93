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
ALTER TABLE `part` ADD `image` text;--> statement-breakpoint
ALTER TABLE `company` ADD `image` text;