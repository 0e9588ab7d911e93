import type { Database } from "bun:sqlite";

/**
 * A search's normal form: NFKC, then case folded (upper then lower: "ß" and "SS" both give "ss"),
 * then NFKC again (case mapping can leave a string unnormalised). NFD and NFC spellings, full-width
 * forms and ligatures, "CAFÉ" and "Café" all fold alike. SQLite's own LIKE folds ASCII only.
 */
export function foldSearchText(text: string): string {
  return text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/** The SQL name of foldSearchText, which the search conditions (server/db/query.ts) call. */
export const SEARCH_FOLD_FUNCTION = "bv_search_fold";

/** How many folded values a connection remembers (short ones only); a full memo is simply dropped. */
const MEMO_ENTRIES = 4096;
const MEMO_MAX_LENGTH = 200;

/**
 * Registers foldSearchText on a connection (bun:sqlite's `Database.function`); every connection
 * that may run a list query (the request thread's, the plugin workers') needs it. Searches fold the
 * same values again and again (a stock list repeats its parts' names), so short results are
 * memoised: the call from SQLite costs ~0.3 µs, the normalisation several times that.
 */
export function registerSearchFold(sqlite: Database): void {
  const memo = new Map<string, string>();
  // Not directOnly: the search index's triggers (migration 0002_search_index) call it, so every
  // connection that writes parts or stock items needs it too. It is pure, so a schema may use it.
  sqlite.function(SEARCH_FOLD_FUNCTION, { deterministic: true }, (value: unknown) => {
    if (value === null || value === undefined) return null;
    const text = String(value);
    if (text.length > MEMO_MAX_LENGTH) return foldSearchText(text);
    let folded = memo.get(text);
    if (folded === undefined) {
      folded = foldSearchText(text);
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(text, folded);
    }
    return folded;
  });
}

