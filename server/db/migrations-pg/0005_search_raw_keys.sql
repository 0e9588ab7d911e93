-- Search index, second key (issue 12, scale): the stored text alone, beside 0001's folded key.
-- The folded key (bv_part_search_key: ICU case mapping and two NFKC passes per column) costs ~30 µs
-- per row, and a trigram LIKE rechecks every candidate row with it: 1,000 parts matching "widget"
-- cost 30 ms before any exact check. For a term typed in ASCII the exact check (containsLike) compares
-- the stored text only, so this key is a superset for it at ~1 µs a row; non-ASCII terms keep 0001's.
-- dialect.ts (PG_SEARCH) picks the key per term.
CREATE FUNCTION bv_part_search_raw(name text, ipn text, description text, keywords text, revision text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(name, '') || chr(10) || coalesce(ipn, '') || chr(10) || coalesce(description, '') || chr(10) || coalesce(keywords, '') || chr(10) || coalesce(revision, '') $$;
--> statement-breakpoint
CREATE FUNCTION bv_stock_item_search_raw(serial text, batch text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(serial, '') || chr(10) || coalesce(batch, '') $$;
--> statement-breakpoint
CREATE INDEX "part_search_raw_trgm_idx" ON "part" USING gin (bv_part_search_raw("name", "IPN", "description", "keywords", "revision") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "stock_item_search_raw_trgm_idx" ON "stock_item" USING gin (bv_stock_item_search_raw("serial", "batch") gin_trgm_ops) WHERE coalesce("serial", '') <> '' OR "batch" <> '';
