ALTER TABLE "api_token" ALTER COLUMN "created" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "barcode_scan_result" ALTER COLUMN "timestamp" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "change_stamp" ALTER COLUMN "changed" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "data_output" ALTER COLUMN "created" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "media_file" ALTER COLUMN "created" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "part" ALTER COLUMN "creation_date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "purchase_order" ALTER COLUMN "creation_date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "sales_order" ALTER COLUMN "creation_date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "stock_item" ALTER COLUMN "creation_date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "stock_item" ALTER COLUMN "updated" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "stock_test_result" ALTER COLUMN "date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "stock_tracking" ALTER COLUMN "date" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));--> statement-breakpoint
ALTER TABLE "user" ALTER COLUMN "date_joined" SET DEFAULT (to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));