/**
 * Pages of the stock list ordered by part name (InvenTree's default), found without sorting every
 * matching item: the parts are taken in name order with how many matching items each holds (from
 * the maintained counts of migration 0004 when the filter allows, else counted), until the page is
 * reached; then only the page's parts' items are sorted by the full ORDER BY. Also the list totals
 * the maintained counts answer. item-query.ts decides which applies.
 */
import { and, asc, count, desc, eq, gt, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { rawRows, sqlFor } from "../../db/dialect.ts";
import { preparedPerDb, preparedPerDbKeyed } from "../../db/prepared.ts";
import { locationItemCounts, locationPartCounts, parts, partStockTotals, stockItems, stockLocations, tableRowCounts } from "../../db/tables.ts";

/** A page: its item pks in order, and the list's total. */
export interface ItemPage {
  total: number;
  pks: number[];
}

/**
 * The page's items once the walk has found the parts it falls in: only those parts' items, sorted by
 * the full ORDER BY, `offset` counted from the first of them.
 */
export async function itemsOfPageParts(db: Reads, where: SQL | undefined, orderBy: SQL[], pageParts: number[], limit: number, offset: number): Promise<number[]> {
  if (pageParts.length === 0) return [];
  const rows = await db.q
    .select({ id: stockItems.id })
    .from(stockItems)
    .innerJoin(parts, eq(parts.id, stockItems.part))
    .leftJoin(stockLocations, eq(stockLocations.id, stockItems.location))
    .where(and(where, inArray(stockItems.part, pageParts)))
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
  return rows.map((r) => r.id);
}

/**
 * The pks of one page of a list ordered by part name first (InvenTree's default), without sorting
 * every matching item: matching items are counted per part (on the part index), the parts are walked
 * in name order to find the names the page falls in, and only those parts' items are sorted by the
 * full ORDER BY. Parts sharing a name are taken together, since their items interleave by quantity.
 * The counts also give the total, so the same page and count come out as from one big sorted query.
 */
export async function pageByPartName(db: Reads, where: SQL | undefined, joinsNeeded: boolean, orderBy: SQL[], nameDesc: boolean, limit: number, offset: number): Promise<ItemPage> {
  const counted = db.q.select({ part: stockItems.part, n: count().as("n") }).from(stockItems).$dynamic();
  const perPart = (joinsNeeded ? counted.innerJoin(parts, eq(parts.id, stockItems.part)).leftJoin(stockLocations, eq(stockLocations.id, stockItems.location)) : counted)
    .where(where)
    .groupBy(stockItems.part)
    .as("per_part");
  const d = sqlFor(db);
  const groups = (
    await db.q
      .select({ id: parts.id, name: parts.name, n: perPart.n })
      .from(perPart)
      .innerJoin(parts, eq(parts.id, perPart.part))
      .orderBy(nameDesc ? d.desc(parts.name) : d.asc(parts.name))
  ).map((g) => ({ ...g, n: Number(g.n) }));

  const total = groups.reduce((sum, g) => sum + g.n, 0);
  // All the groups at once: the walk below takes them as its one chunk.
  const { parts: pageParts, before } = await partsOfPage(async (after) => (after === undefined ? groups : []), limit, offset);
  return { total, pks: await itemsOfPageParts(db, where, orderBy, pageParts, limit, offset - before) };
}

/**
 * `pageByPartName` for a filter on stock_item's own columns that many items match (a whole store
 * with cascade, a common search word): the total is one count (on whichever index the filter
 * uses), and the page's parts are found by walking the parts in name order, counting their matching
 * items a chunk of parts at a time on the part index, until the page is reached: the items read
 * grow with the page over the filter's share of the stock, not with the matches. Null (use
 * pageByPartName) when the matches are few enough that grouping all of them is cheaper.
 */
export async function walkedPageByPartName(db: Reads, where: SQL, orderBy: SQL[], nameDesc: boolean, limit: number, offset: number, knownTotal?: number): Promise<ItemPage | null> {
  const total = knownTotal ?? (await db.q.$count(stockItems, where));
  const size = Number((await itemMaxPk(db.q).get())?.n ?? 0);
  const partCount = Number((await partMaxPk(db.q).get())?.n ?? 0);
  const d = sqlFor(db);
  // Walking reads about (offset + limit) × size / total items, and (offset + limit) × partCount /
  // total parts; grouping reads total items (and does more per item).
  if (total === 0 || total * total < 8 * (offset + limit) * Math.max(size, partCount)) return null;
  const itemsPerPart = size / Math.max(1, partCount);
  let walked = 0;
  const page = await partsOfPage(
    async (after, chunkSize) => {
      // The next parts by name (on part_name_idx), completed with every part of the chunk's last
      // name, so that parts sharing a name are counted together.
      const chunk = await db.q
        .select({ id: parts.id, name: parts.name })
        .from(parts)
        .where(after === undefined ? undefined : nameDesc ? lt(parts.name, after) : gt(parts.name, after))
        .orderBy(nameDesc ? d.desc(parts.name) : d.asc(parts.name))
        .limit(chunkSize);
      if (chunk.length === 0) return [];
      // Matches need not spread evenly over the names (a search for a word most names start with):
      // past as many parts as hold `total` items on average, grouping the matches is cheaper.
      walked += chunk.length;
      if (walked * itemsPerPart > total) return null;
      const lastName = chunk[chunk.length - 1].name;
      const seen = new Set(chunk.map((c) => c.id));
      for (const extra of await db.q.select({ id: parts.id, name: parts.name }).from(parts).where(eq(parts.name, lastName))) if (!seen.has(extra.id)) chunk.push(extra);
      // INDEXED BY is SQLite's planner hint (its planner would take the filter's index instead).
      const byPart = db.dialect === "sqlite" ? sql`stock_item INDEXED BY stock_item_part_idx` : sql`stock_item`;
      const ids = JSON.stringify(chunk.map((c) => c.id));
      const counted = await rawRows<{ part: number; n: number | bigint | string }>(db, sql`SELECT part_id AS part, count(*) AS n FROM ${byPart} WHERE part_id IN (${d.intsOfJson(ids)}) AND ${where} GROUP BY part_id`);
      const counts = new Map(counted.map((r) => [Number(r.part), Number(r.n)]));
      return chunk.map((c) => ({ id: c.id, name: c.name, n: counts.get(c.id) ?? 0 }));
    },
    limit,
    offset,
    2,
  );
  if (!page) return null;
  return { total, pks: await itemsOfPageParts(db, where, orderBy, page.parts, limit, offset - page.before) };
}

/** The number of stock items, maintained by triggers (migration 0004): no count over the table. */
const itemCount = preparedPerDb((q: ReadQueries) => q.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "stock_item")).prepare());
/** Items directly in the locations `pks` (a JSON array), from their maintained counts. */
const locationItems = preparedPerDb((q: ReadQueries) =>
  q
    .select({ n: sql<number>`coalesce(sum(${locationItemCounts.items}), 0)`.mapWith(Number) })
    .from(locationItemCounts)
    .where(sql`${locationItemCounts.location} IN (${sqlFor().intsOfJson(sql.placeholder("pks"))})`)
    .prepare(),
);
export const locationItemTotal = async (db: Reads, pks: number[]): Promise<number> => (await locationItems(db.q).get({ pks: JSON.stringify(pks) }))?.n ?? 0;
/** In-stock items, summed over the parts' maintained counts (a row per part, not per item). */
const inStockCount = preparedPerDb((q: ReadQueries) => q.select({ n: sql<number>`coalesce(sum(${partStockTotals.in_stock_items}), 0)`.mapWith(Number) }).from(partStockTotals).prepare());
/** The largest part pk: the catalogue's size, roughly. */
const partMaxPk = preparedPerDb((q: ReadQueries) => q.select({ n: sql<number>`coalesce(max(${parts.id}), 0)`.mapWith(Number) }).from(parts).prepare());
/** The largest stock item pk: the table's size, roughly, without counting it. */
const itemMaxPk = preparedPerDb((q: ReadQueries) => q.select({ n: sql<number>`coalesce(max(${stockItems.id}), 0)`.mapWith(Number) }).from(stockItems).prepare());

type WalkRow = { id: number; name: string; n: number };
type WalkParams = { location?: number; after?: string; limit?: number; name?: string };
type WalkStatement = { all(p: WalkParams): WalkRow[] | Promise<WalkRow[]> };
// One statement per key: preparedPerDbKeyed gives a PostgreSQL statement its mapped `all` only when
// the statement itself is cached (PostgreSQL's own `all` answers unmapped rows, keyed by column name).
const walkStatements = preparedPerDbKeyed<WalkStatement, ReadQueries>();

/**
 * What a walk by part name reads, each a maintained table with the part's name and an item count,
 * indexed by name: the parts holding items (`items`) or in-stock items (`in_stock_items`), from
 * part_stock_total on its partial indexes; or the parts holding items directly in one location
 * (`location`), from stock_location_part_count on (location, name).
 */
type WalkSource = { kind: "items" | "in_stock_items" } | { kind: "location"; location: number };

/**
 * The next `limit` parts of `source` after the name `after`, in name order, and every other part of
 * the last name, so that parts sharing a name are taken together (their items interleave by
 * quantity). Parts without such items are never visited.
 */
async function walkChunk(db: Reads, source: WalkSource, nameDesc: boolean, after: string | undefined, limit: number): Promise<WalkRow[]> {
  const d = sqlFor(db);
  const statement = (kind: "first" | "next" | "sameName") =>
    walkStatements(db.q, `${kind}|${source.kind}${nameDesc ? "-" : ""}`, () => {
      let from;
      let name;
      let holds: SQL | undefined;
      if (source.kind === "location") {
        const t = locationPartCounts;
        from = () => db.q.select({ id: t.part, name: t.name, n: t.items }).from(t).$dynamic();
        name = t.name;
        holds = eq(t.location, sql.placeholder("location"));
      } else {
        const t = partStockTotals;
        from = () => db.q.select({ id: t.part, name: t.name, n: t[source.kind] }).from(t).$dynamic();
        name = t.name;
        holds = gt(t[source.kind], 0);
      }
      const byName = nameDesc ? d.desc(name) : d.asc(name);
      if (kind === "first") return from().where(holds).orderBy(byName).limit(sql.placeholder("limit")).prepare();
      if (kind === "next")
        return from()
          .where(and(holds, nameDesc ? lt(name, sql.placeholder("after")) : gt(name, sql.placeholder("after"))))
          .orderBy(byName)
          .limit(sql.placeholder("limit"))
          .prepare();
      return from()
        .where(and(holds, eq(name, sql.placeholder("name"))))
        .prepare();
    });
  const location = source.kind === "location" ? { location: source.location } : {};
  const chunk = after === undefined ? await statement("first").all({ ...location, limit }) : await statement("next").all({ ...location, after, limit });
  if (chunk.length === limit) {
    const seen = new Set(chunk.map((c) => c.id));
    for (const extra of await statement("sameName").all({ ...location, name: chunk[chunk.length - 1].name })) if (!seen.has(extra.id)) chunk.push(extra);
  }
  return chunk;
}

/**
 * `pageByPartName` for the lists whose per-part item counts are maintained (no filter: `items`;
 * `in_stock=true` alone: `in_stock_items`; one location alone: `location`): the parts holding such
 * items are walked in name order, a growing chunk at a time, adding up their counts until the page
 * is reached. Nothing is counted over the stock table; the walk grows with the page's depth, not
 * with the table. Returns the parts whose items hold the page and how many items come before them.
 */
export function maintainedPartsOfPage(db: Reads, source: WalkSource, nameDesc: boolean, limit: number, offset: number): Promise<{ parts: number[]; before: number }> {
  return partsOfPage((after, size) => walkChunk(db, source, nameDesc, after, size), limit, offset);
}

/**
 * The parts whose items hold the page `offset`…`offset + limit` of a list ordered by part name,
 * and how many items come before them, from the parts' item counts in name order, fetched by
 * `next(after, size)` a growing chunk at a time (the parts past the name `after`; empty at the end).
 * Parts sharing a name form one group: their items interleave by quantity. `next` may answer null
 * to give the walk up (then so does this); the chunk grows by `growth` each time.
 */
function partsOfPage(next: (after: string | undefined, size: number) => Promise<WalkRow[]>, limit: number, offset: number, growth?: number): Promise<{ parts: number[]; before: number }>;
function partsOfPage(next: (after: string | undefined, size: number) => Promise<WalkRow[] | null>, limit: number, offset: number, growth?: number): Promise<{ parts: number[]; before: number } | null>;
async function partsOfPage(next: (after: string | undefined, size: number) => Promise<WalkRow[] | null>, limit: number, offset: number, growth = 4): Promise<{ parts: number[]; before: number } | null> {
  let before = 0; // items in the name groups wholly before the page
  let reached = 0; // items up to the end of the last group taken
  const pageParts: number[] = [];
  let chunkSize = 64;
  let after: string | undefined;
  while (reached < offset + limit) {
    const chunk = await next(after, chunkSize);
    if (chunk === null) return null;
    if (chunk.length === 0) break;
    chunkSize = Math.min(chunkSize * growth, 4096);
    after = chunk[chunk.length - 1].name;
    for (let k = 0; k < chunk.length && reached < offset + limit; ) {
      const name = chunk[k].name;
      const ids: number[] = [];
      let n = 0;
      for (; k < chunk.length && chunk[k].name === name; k++) {
        ids.push(chunk[k].id);
        n += chunk[k].n;
      }
      if (pageParts.length === 0 && before + n <= offset) {
        before += n;
        reached = before;
        continue;
      }
      pageParts.push(...ids);
      reached += n;
    }
  }
  return { parts: pageParts, before };
}

/** The number of stock items (maintained). */
export const itemTotal = async (db: Reads): Promise<number> => Number((await itemCount(db.q).get())?.n ?? 0);
/** The number of in-stock items (maintained, per part). */
export const inStockTotal = async (db: Reads): Promise<number> => (await inStockCount(db.q).get())?.n ?? 0;

/** Parts matching `partFilter` (a condition on part) that hold stock, in name order, with their maintained item counts. */
function matchingParts(db: Reads, partFilter: SQL, nameDesc: boolean): Promise<WalkRow[]> {
  const d = sqlFor(db);
  return db.q
    .select({ id: parts.id, name: parts.name, n: partStockTotals.items })
    .from(parts)
    .innerJoin(partStockTotals, eq(partStockTotals.part, parts.id))
    .where(and(gt(partStockTotals.items, 0), partFilter))
    .orderBy(nameDesc ? d.desc(parts.name) : d.asc(parts.name));
}

/** Items of the parts matching `partFilter`, summed from their maintained counts. */
export async function partsOnlyTotal(db: Reads, partFilter: SQL): Promise<number> {
  const [row] = await db.q.select({ n: sql<number>`coalesce(sum(${partStockTotals.items}), 0)`.mapWith(Number) }).from(partStockTotals).innerJoin(parts, eq(parts.id, partStockTotals.part)).where(partFilter);
  return row?.n ?? 0;
}

/**
 * A page by part name for a filter that is a condition on parts alone (`category`, a search
 * matching part fields only): the matching parts with their maintained item counts, in name
 * order, give the page's parts and the total; only the page's parts' items are read.
 */
export async function partsOnlyPage(db: Reads, partFilter: SQL, where: SQL | undefined, orderBy: SQL[], nameDesc: boolean, limit: number, offset: number): Promise<ItemPage> {
  const matching = await matchingParts(db, partFilter, nameDesc);
  const walk = await partsOfPage(async (after) => (after === undefined ? matching : []), limit, offset);
  return { total: matching.reduce((sum, m) => sum + m.n, 0), pks: await itemsOfPageParts(db, where, orderBy, walk.parts, limit, offset - walk.before) };
}
