CREATE INDEX `purchase_order_reference_idx` ON `purchase_order` (`reference`);--> statement-breakpoint
CREATE INDEX `sales_order_reference_idx` ON `sales_order` (`reference`);