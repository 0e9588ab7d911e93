import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Database } from "bun:sqlite";
import { makeTestApp, sqliteOnly, type TestApp } from "./support/app.ts";
import { makeCategory, makeLocation, makePart, makeStockItem } from "./support/factory.ts";

/**
 * The stock and part lists' `search` goes through the FTS5 trigram search index (migration
 * 0002_search_index) and location cascades through the location tree. Differential test: on a
 * generated database full of accents (NFC and NFD), case, compatibility forms, LIKE wildcards and
 * nested locations, every answer over HTTP equals that of the query the lists ran before the index,
 * kept below as the reference (plain LIKE conditions over every row, in SQL, on the same database),
 * also after parts and items are edited and deleted through the API (the index's triggers).
 */

// ---- the reference: the search and cascade as they were before the index (server/db/query.ts at b1a72b4)
const fold = (text: string) => text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const terms = (search: string) => search.split(/[\s,]+/).filter(Boolean).slice(0, 10);

function oldContains(column: string, term: string, params: string[]): string {
  const pattern = likePattern(fold(term));
  if (ASCII_ONLY.test(term)) {
    params.push(pattern);
    return `${column} LIKE ? ESCAPE '\\'`;
  }
  params.push(pattern, pattern);
  return `(${column} LIKE ? ESCAPE '\\' OR (${column} GLOB '*[^ -~]*' AND bv_search_fold(${column}) LIKE ? ESCAPE '\\'))`;
}

function oldSearch(search: string, columns: string[], params: string[]): string {
  const ts = terms(search);
  if (ts.length === 0) return "1";
  return ts.map((term) => `(${columns.map((c) => oldContains(c, term, params)).join(" OR ")})`).join(" AND ");
}

function oldStockSearch(sqlite: Database, search: string): number[] {
  const params: string[] = [];
  const where = oldSearch(search, ["p.name", "p.IPN", "p.description", "si.serial", "si.batch", "l.name"], params);
  return sqlite
    .query<{ id: number }, string[]>(`SELECT si.id FROM stock_item si JOIN part p ON p.id = si.part_id LEFT JOIN stock_location l ON l.id = si.location_id WHERE ${where} ORDER BY si.id`)
    .all(...params)
    .map((r) => r.id);
}

function oldPartSearch(sqlite: Database, search: string): number[] {
  const params: string[] = [];
  const where = oldSearch(search, ["p.name", "p.IPN", "p.description", "p.keywords", "p.revision", "c.name"], params);
  return sqlite
    .query<{ id: number }, string[]>(`SELECT p.id FROM part p LEFT JOIN part_category c ON c.id = p.category_id WHERE ${where} ORDER BY p.id`)
    .all(...params)
    .map((r) => r.id);
}

function oldCascade(sqlite: Database, location: number): number[] {
  return sqlite
    .query<{ id: number }, [number]>(
      "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT l.id FROM stock_location l JOIN sub ON l.parent_id = sub.id) SELECT si.id FROM stock_item si WHERE si.location_id IN (SELECT id FROM sub) ORDER BY si.id",
    )
    .all(location)
    .map((r) => r.id);
}

// ---- generated data
let seed = 12;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const PIECES = ["wid", "get", "Wid", "GET", "café", "cafe\u0301", "CAFÉ", "CAFE\u0301", "straße", "STRASSE", "ss", "ß", "%", "_", "50%", "a_b", "\\", "ﬁ", "ｗｉｄ", "ı", "İ", "K", "ö", "o\u0308", "Ö", "ñ", "n\u0303", "x", "bolt", "Bolt", "M3", "m3", "日本", "\"q\"", "'", "-", "é", "e"];
const word = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(PIECES)).join("");
const text = () => Array.from({ length: Math.floor(rand() * 3) }, word).join(pick([" ", "", "-"]));

function variant(s: string): string {
  const r = rand();
  if (r < 0.2) return s.toUpperCase();
  if (r < 0.4) return s.toLowerCase();
  if (r < 0.55) return s.normalize("NFD");
  if (r < 0.7) return s.normalize("NFC");
  return s;
}

/** Searches drawn from the data (slices of stored values in other spellings), plus random words. */
function searches(values: string[]): string[] {
  const out = ["", "w", "wi", "wid", "café", "cafe\u0301", "CAFÉ", "ß", "ss", "straße", "%", "_", "50%", "a_b", "\\", "ﬁ", "fi", "ｗｉｄ", "wid", "K", "k", "ö", "o\u0308", "日本", "\"q", "wid get", "café bolt", "m3,bolt", "  wid  ", "zzzzzz"];
  const stored = values.filter((v) => v.length > 0);
  for (let i = 0; i < 120; i++) {
    const n = 1 + Math.floor(rand() * 3);
    const ts: string[] = [];
    for (let j = 0; j < n; j++) {
      if (rand() < 0.25) ts.push(word());
      else {
        const v = pick(stored);
        const a = Math.floor(rand() * v.length);
        const b = Math.min(v.length, a + 1 + Math.floor(rand() * 6));
        ts.push(variant(v.slice(a, b)));
      }
    }
    out.push(ts.join(pick([" ", ",", "  "])));
  }
  return out.filter((s) => s.trim() !== "" || s === "");
}

let t: TestApp;
const locations: number[] = [];
const stored: string[] = [];
let items: number[] = [];
let partIds: number[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  const db = t.services.database;
  const categories = [await makeCategory(db, { name: "Fasteners ß" }), await makeCategory(db, { name: "CAFE\u0301 stuff" }), await makeCategory(db, { name: "50% off" })];
  // Nested locations: 3 roots, children, grandchildren (pathstrings are not what is searched).
  for (let i = 0; i < 3; i++) {
    const root = await makeLocation(db, { name: `${text()} root ${i}` });
    locations.push(root);
    for (let j = 0; j < 3; j++) {
      const child = await makeLocation(db, { name: text() || `c${j}`, parent: root });
      locations.push(child);
      for (let k = 0; k < 2; k++) locations.push(await makeLocation(db, { name: text() || `g${k}`, parent: child }));
    }
  }
  for (let i = 0; i < 150; i++) {
    const v = { name: text() || `p${i}`, IPN: rand() < 0.5 ? text() : "", description: text(), keywords: text(), revision: rand() < 0.2 ? word() : "", category: rand() < 0.7 ? pick(categories) : null };
    stored.push(v.name, v.IPN, v.description, v.keywords);
    partIds.push(await makePart(db, v));
  }
  for (let i = 0; i < 600; i++) {
    const serial = rand() < 0.3 ? word() : null;
    const v = { part: pick(partIds), location: rand() < 0.9 ? pick(locations) : null, serial, quantity: serial === null ? 10 : 1, batch: rand() < 0.5 ? text() : "" };
    stored.push(v.serial ?? "", v.batch);
    items.push(await makeStockItem(db, v));
  }
});
afterAll(() => t.close());

async function stockPks(query: string): Promise<number[]> {
  const r = await t.call("GET", `/api/stock/?${query}`, undefined, "readonly");
  expect(r.status).toBe(200);
  return r.body.map((x: { pk: number }) => x.pk).sort((a: number, b: number) => a - b);
}

async function partPks(query: string): Promise<number[]> {
  const r = await t.call("GET", `/api/part/?${query}`, undefined, "readonly");
  expect(r.status).toBe(200);
  return r.body.map((x: { pk: number }) => x.pk).sort((a: number, b: number) => a - b);
}

async function compareSearches(list: string[]): Promise<number> {
  let nonEmpty = 0;
  for (const search of list) {
    const q = `search=${encodeURIComponent(search)}`;
    const want = oldStockSearch(t.services.sqlite, search);
    expect({ search, pks: await stockPks(q) }).toEqual({ search, pks: want });
    expect({ search, pks: await partPks(q) }).toEqual({ search, pks: oldPartSearch(t.services.sqlite, search) });
    // Paged: the count and a page agree as well.
    const page = await t.call("GET", `/api/stock/?limit=5&offset=2&${q}`, undefined, "readonly");
    expect({ search, count: page.body.count }).toEqual({ search, count: want.length });
    if (want.length > 0) nonEmpty++;
  }
  return nonEmpty;
}

describe("search through the index answers as the LIKE search did", () => {
  // SQLite only: the oracle is the old SQLite query, run on the raw connection.
  sqliteOnly("stock and part lists, every generated search", async () => {
    const list = searches(stored);
    const nonEmpty = await compareSearches(list);
    // The generator must produce searches that find something, and ones that find nothing.
    expect(nonEmpty).toBeGreaterThan(list.length / 3);
    expect(nonEmpty).toBeLessThan(list.length);
  }, 120_000);

  // SQLite only: the oracle is the old SQLite query, run on the raw connection.
  sqliteOnly("after edits and deletes through the API (the index follows its rows)", async () => {
    for (let i = 0; i < 20; i++) {
      const part = pick(partIds);
      const body = { name: `${word()} ${text()}`.trim() || "renamed", description: text(), IPN: rand() < 0.5 ? word() : "", keywords: text() };
      const r = await t.call("PATCH", `/api/part/${part}/`, body, "staff");
      expect(r.status).toBe(200);
      stored.push(body.name, body.description, body.IPN, body.keywords);
      const item = pick(items);
      const batch = rand() < 0.7 ? text() : "";
      const ri = await t.call("PATCH", `/api/stock/${item}/`, { batch }, "staff");
      expect(ri.status).toBe(200);
      stored.push(batch);
    }
    for (let i = 0; i < 10; i++) {
      const item = items[i * 7];
      const r = await t.call("DELETE", `/api/stock/${item}/`, undefined, "staff");
      expect(r.status).toBe(204);
    }
    items = items.filter((_, i) => i % 7 !== 0 || i >= 70);
    // A part with its stock gone can be deleted too.
    const lonely = await makePart(t.services.database, { name: "CAFE\u0301 lonely widget" });
    expect(await stockPks("search=lonely")).toEqual([]);
    expect(await partPks("search=lonely")).toEqual([lonely]);
    await t.call("PATCH", `/api/part/${lonely}/`, { active: false }, "staff");
    expect((await t.call("DELETE", `/api/part/${lonely}/`, undefined, "staff")).status).toBe(204);
    expect(await partPks("search=lonely")).toEqual([]);
    partIds = partIds.filter((p) => p !== lonely);
    await compareSearches(searches(stored).slice(0, 80));
  }, 120_000);
});

describe("location cascade answers as the recursive query did", () => {
  // SQLite only: the oracle is the old SQLite query, run on the raw connection.
  sqliteOnly("every location, cascade on and off", async () => {
    for (const location of locations) {
      expect({ location, pks: await stockPks(`location=${location}&cascade=true`) }).toEqual({ location, pks: oldCascade(t.services.sqlite, location) });
      const direct = t.services.sqlite.query<{ id: number }, [number]>("SELECT id FROM stock_item WHERE location_id = ? ORDER BY id").all(location).map((r) => r.id);
      expect({ location, pks: await stockPks(`location=${location}&cascade=false`) }).toEqual({ location, pks: direct });
      const page = await t.call("GET", `/api/stock/?location=${location}&cascade=true&limit=3`, undefined, "readonly");
      expect(page.body.count).toBe(oldCascade(t.services.sqlite, location).length);
    }
  });

  test("pages by part name (the default ordering, and descending) are slices of the whole list", async () => {
    for (const query of [`location=${locations[0]}&cascade=true`, `location=${locations[1]}&cascade=true`, "search=wid", "search=caf%C3%A9", `location=${locations[0]}&cascade=true&ordering=-part`, "in_stock=true&ordering=-part,quantity"]) {
      const full = await t.call("GET", `/api/stock/?${query}`, undefined, "readonly");
      const want = full.body.map((x: { pk: number }) => x.pk);
      expect(want.length).toBeGreaterThan(10);
      for (const limit of [4, 25]) {
        const got: number[] = [];
        for (let offset = 0; offset < want.length; offset += limit) {
          const r = await t.call("GET", `/api/stock/?${query}&limit=${limit}&offset=${offset}`, undefined, "readonly");
          expect(r.body.count).toBe(want.length);
          got.push(...r.body.results.map((x: { pk: number }) => x.pk));
        }
        expect({ query, limit, got }).toEqual({ query, limit, got: want });
      }
    }
  });
});
