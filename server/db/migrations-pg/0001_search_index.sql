-- Search index (issue 12), PostgreSQL's counterpart of SQLite's 0002_search_index: the same search
-- key per part and per stock item (each searched column folded, then as stored, joined by newlines),
-- here an indexed expression with pg_trgm's GIN operator class instead of an FTS5 trigram table kept
-- by triggers. A LIKE '%term%' on the key uses the index and is a superset of the exact conditions,
-- which the list queries re-check, as on SQLite. Stock items with neither serial nor batch are not
-- indexed (the index is partial), as they have no row in SQLite's stock_item_search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- foldSearchText (server/db/search-fold.ts) in SQL: NFKC, upper then lower case with ICU's root
-- locale (full case mapping: "ß" → "SS" → "ss", as JavaScript does; libc's upper() keeps "ß"), NFKC again.
CREATE FUNCTION bv_search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT normalize(lower(upper(normalize(value, NFKC) COLLATE "und-x-icu")), NFKC) $$;
--> statement-breakpoint
CREATE FUNCTION bv_part_search_key(name text, ipn text, description text, keywords text, revision text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(bv_search_fold(name), '') || chr(10) || coalesce(name, '') || chr(10) || coalesce(bv_search_fold(ipn), '') || chr(10) || coalesce(ipn, '') || chr(10) || coalesce(bv_search_fold(description), '') || chr(10) || coalesce(description, '') || chr(10) || coalesce(bv_search_fold(keywords), '') || chr(10) || coalesce(keywords, '') || chr(10) || coalesce(bv_search_fold(revision), '') || chr(10) || coalesce(revision, '') $$;
--> statement-breakpoint
CREATE FUNCTION bv_stock_item_search_key(serial text, batch text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(bv_search_fold(serial), '') || chr(10) || coalesce(serial, '') || chr(10) || coalesce(bv_search_fold(batch), '') || chr(10) || coalesce(batch, '') $$;
--> statement-breakpoint
CREATE INDEX "part_search_trgm_idx" ON "part" USING gin (bv_part_search_key("name", "IPN", "description", "keywords", "revision") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "stock_item_search_trgm_idx" ON "stock_item" USING gin (bv_stock_item_search_key("serial", "batch") gin_trgm_ops) WHERE coalesce("serial", '') <> '' OR "batch" <> '';
