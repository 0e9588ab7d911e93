-- Search index (issue 12): FTS5 trigram tables over a stored search key per part and per stock
-- item, kept by triggers. A key holds each searched column twice, folded (bv_search_fold,
-- server/db/search-fold.ts) and as stored, so a trigram match on it is a superset of the LIKE
-- conditions of server/db/query.ts (containsLike); the list queries re-check those exactly.
-- Stock items with neither serial nor batch have no row.
CREATE VIRTUAL TABLE `part_search` USING fts5(`key`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `part_search`(rowid, `key`) SELECT p."id", coalesce(bv_search_fold(p."name"), '') || char(10) || coalesce(p."name", '') || char(10) || coalesce(bv_search_fold(p."IPN"), '') || char(10) || coalesce(p."IPN", '') || char(10) || coalesce(bv_search_fold(p."description"), '') || char(10) || coalesce(p."description", '') || char(10) || coalesce(bv_search_fold(p."keywords"), '') || char(10) || coalesce(p."keywords", '') || char(10) || coalesce(bv_search_fold(p."revision"), '') || char(10) || coalesce(p."revision", '') FROM `part` p;
--> statement-breakpoint
CREATE TRIGGER `part_search_insert` AFTER INSERT ON `part` BEGIN
  INSERT INTO `part_search`(rowid, `key`) VALUES (new."id", coalesce(bv_search_fold(new."name"), '') || char(10) || coalesce(new."name", '') || char(10) || coalesce(bv_search_fold(new."IPN"), '') || char(10) || coalesce(new."IPN", '') || char(10) || coalesce(bv_search_fold(new."description"), '') || char(10) || coalesce(new."description", '') || char(10) || coalesce(bv_search_fold(new."keywords"), '') || char(10) || coalesce(new."keywords", '') || char(10) || coalesce(bv_search_fold(new."revision"), '') || char(10) || coalesce(new."revision", ''));
END;
--> statement-breakpoint
CREATE TRIGGER `part_search_update` AFTER UPDATE OF "id", "name", "IPN", "description", "keywords", "revision" ON `part` BEGIN
  DELETE FROM `part_search` WHERE rowid = old."id";
  INSERT INTO `part_search`(rowid, `key`) VALUES (new."id", coalesce(bv_search_fold(new."name"), '') || char(10) || coalesce(new."name", '') || char(10) || coalesce(bv_search_fold(new."IPN"), '') || char(10) || coalesce(new."IPN", '') || char(10) || coalesce(bv_search_fold(new."description"), '') || char(10) || coalesce(new."description", '') || char(10) || coalesce(bv_search_fold(new."keywords"), '') || char(10) || coalesce(new."keywords", '') || char(10) || coalesce(bv_search_fold(new."revision"), '') || char(10) || coalesce(new."revision", ''));
END;
--> statement-breakpoint
CREATE TRIGGER `part_search_delete` AFTER DELETE ON `part` BEGIN
  DELETE FROM `part_search` WHERE rowid = old."id";
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `stock_item_search` USING fts5(`key`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `stock_item_search`(rowid, `key`) SELECT s."id", coalesce(bv_search_fold(s."serial"), '') || char(10) || coalesce(s."serial", '') || char(10) || coalesce(bv_search_fold(s."batch"), '') || char(10) || coalesce(s."batch", '') FROM `stock_item` s WHERE coalesce(s."serial", '') <> '' OR s."batch" <> '';
--> statement-breakpoint
CREATE TRIGGER `stock_item_search_insert` AFTER INSERT ON `stock_item` WHEN coalesce(new."serial", '') <> '' OR new."batch" <> '' BEGIN
  INSERT INTO `stock_item_search`(rowid, `key`) VALUES (new."id", coalesce(bv_search_fold(new."serial"), '') || char(10) || coalesce(new."serial", '') || char(10) || coalesce(bv_search_fold(new."batch"), '') || char(10) || coalesce(new."batch", ''));
END;
--> statement-breakpoint
CREATE TRIGGER `stock_item_search_update` AFTER UPDATE OF "id", "serial", "batch" ON `stock_item` BEGIN
  DELETE FROM `stock_item_search` WHERE rowid = old."id";
  INSERT INTO `stock_item_search`(rowid, `key`) SELECT new."id", coalesce(bv_search_fold(new."serial"), '') || char(10) || coalesce(new."serial", '') || char(10) || coalesce(bv_search_fold(new."batch"), '') || char(10) || coalesce(new."batch", '') WHERE coalesce(new."serial", '') <> '' OR new."batch" <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `stock_item_search_delete` AFTER DELETE ON `stock_item` BEGIN
  DELETE FROM `stock_item_search` WHERE rowid = old."id";
END;
