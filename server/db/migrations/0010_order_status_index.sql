CREATE INDEX `purchase_order_status_idx` ON `purchase_order` (`status`);--> statement-breakpoint
CREATE INDEX `sales_order_status_idx` ON `sales_order` (`status`);