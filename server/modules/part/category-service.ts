/**
 * Part categories: a tree kept by `parent`, with `pathstring` maintained for the whole subtree on
 * every create, rename, move and delete, as InvenTree's InvenTreeTree does.
 */
import { and, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { partCategories as categoriesTable } from "../../db/schema/part.ts";
import { ofBoundTables, partCategories, parts, stockLocations } from "../../db/tables.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { CategoryInput, CategoryListFilters, CategoryOut, CategoryPatch } from "./model.ts";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, lockKey, rawRows, sqlFor } from "../../db/dialect.ts";
import { constructPathString } from "../../core/pathstring.ts";
import { insertReturningId } from "../../db/insert.ts";

type CategoryRow = typeof categoriesTable.$inferSelect;

const notFoundCategory = () => notFound("No PartCategory matches the given query.");

/** Ids of a category and every category below it (`includeSelf` false leaves the root out). */
export async function categorySubtreeIds(db: Reads, rootId: number, includeSelf = true): Promise<number[]> {
  // The root cast: PostgreSQL types a recursive CTE's column by its first term, and a parameter has none.
  const rows = await rawRows<{ id: number }>(
    db,
    sql`
    WITH RECURSIVE sub(id) AS (
      SELECT CAST(${rootId} AS INTEGER)
      UNION ALL
      SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id
    )
    SELECT id FROM sub`,
  );
  const ids = rows.map((r) => Number(r.id));
  return includeSelf ? ids : ids.filter((id) => id !== rootId);
}

type PathRow = { id: number; parent: number | null; name: string; pathstring: string };
const pathColumns = ofBoundTables(() => ({ id: partCategories.id, parent: partCategories.parent, name: partCategories.name, pathstring: partCategories.pathstring }));

/** Names of a category's ancestors and itself, top first (a walk up the tree: a few statements, any dialect). */
async function namesToRoot(db: Reads, id: number): Promise<string[]> {
  const names: string[] = [];
  const seen = new Set<number>();
  for (let at: number | null = id; at !== null && !seen.has(at); ) {
    seen.add(at);
    const [row]: { name: string; parent: number | null }[] = await db.q
      .select({ name: partCategories.name, parent: partCategories.parent })
      .from(partCategories)
      .where(eq(partCategories.id, at))
      .limit(1);
    if (!row) break;
    names.unshift(row.name);
    at = row.parent;
  }
  return names;
}

/** Whether `id` is `ancestor` or below it (a walk up from `id`). */
async function isInSubtree(db: Reads, ancestor: number, id: number): Promise<boolean> {
  const seen = new Set<number>();
  for (let at: number | null = id; at !== null && !seen.has(at); ) {
    if (at === ancestor) return true;
    seen.add(at);
    const [row]: { parent: number | null }[] = await db.q.select({ parent: partCategories.parent }).from(partCategories).where(eq(partCategories.id, at)).limit(1);
    at = row?.parent ?? null;
  }
  return false;
}

/** Recomputes `pathstring` for a category and its whole subtree (level by level); call inside the write's transaction. */
async function rebuildCategoryPaths(tx: Tx, rootId: number): Promise<void> {
  const [root] = await tx.q.select(pathColumns()).from(partCategories).where(eq(partCategories.id, rootId)).limit(1);
  if (!root) return;
  let level: { row: PathRow; names: string[] }[] = [{ row: root, names: await namesToRoot(tx, rootId) }];
  const seen = new Set<number>([rootId]);
  while (level.length > 0) {
    const namesOf = new Map<number, string[]>();
    for (const { row, names } of level) {
      const path = constructPathString(names);
      if (path !== row.pathstring) await tx.q.update(partCategories).set({ pathstring: path }).where(eq(partCategories.id, row.id));
      namesOf.set(row.id, names);
    }
    const children = await tx.q.select(pathColumns()).from(partCategories).where(inArray(partCategories.parent, [...namesOf.keys()]));
    level = children.filter((c) => !seen.has(c.id)).map((c) => (seen.add(c.id), { row: c, names: [...(namesOf.get(c.parent ?? -1) ?? []), c.name] }));
  }
}

/**
 * Per-category figures computed over the whole tree in one statement: depth, the number of
 * categories below, and the number of parts in the category and below (counted per category on
 * part_category_name_idx first, then summed up the tree: not a join of every part with its ancestors).
 */
const statsCte = sql`
  WITH RECURSIVE up(id, ancestor, depth) AS (
    SELECT id, id, 0 FROM part_category
    UNION ALL
    SELECT up.id, c.parent_id, up.depth + 1 FROM up JOIN part_category c ON c.id = up.ancestor WHERE c.parent_id IS NOT NULL
  ),
  lvl AS (SELECT id, MAX(depth) AS level FROM up GROUP BY id),
  sub AS (SELECT ancestor, COUNT(*) - 1 AS n FROM up GROUP BY ancestor),
  direct AS (SELECT category_id AS id, COUNT(*) AS n FROM part WHERE category_id IS NOT NULL GROUP BY category_id),
  pc AS (SELECT up.ancestor AS ancestor, SUM(direct.n) AS n FROM direct JOIN up ON up.id = direct.id GROUP BY up.ancestor)`;

interface StatsRow {
  id: number;
  name: string;
  description: string;
  parent_id: number | null;
  pathstring: string;
  default_location_id: number | null;
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  structural: number | boolean;
  icon: string;
  // Counts and sums: bigint/numeric on PostgreSQL, which its driver gives as strings.
  level: number | string;
  subcategories: number | string;
  part_count: number | string;
}

const toCategoryOut = (r: StatsRow): CategoryOut => ({
  pk: r.id,
  name: r.name,
  description: r.description,
  parent: r.parent_id,
  pathstring: r.pathstring,
  level: Number(r.level),
  default_location: r.default_location_id,
  structural: Boolean(r.structural),
  icon: r.icon,
  part_count: Number(r.part_count),
  subcategories: Number(r.subcategories),
});

const ORDERING = ofBoundTables((): Record<string, SQL | { getSQL(): SQL }> => ({
  name: partCategories.name,
  pathstring: partCategories.pathstring,
  level: sql`level`,
  part_count: sql`part_count`,
  subcategories: sql`subcategories`,
  pk: partCategories.id,
}));

async function selectWithStats(db: Reads, where: SQL | undefined, orderBy: SQL[], limit?: number, offset?: number): Promise<CategoryOut[]> {
  const page = limit === undefined ? sql`` : sql` LIMIT ${limit} OFFSET ${offset ?? 0}`;
  const rows = await rawRows<StatsRow>(db, sql`${statsCte}
    SELECT part_category.id, part_category.name, part_category.description, part_category.parent_id, part_category.pathstring,
      part_category.default_location_id, part_category.structural, part_category.icon,
      lvl.level AS level, COALESCE(sub.n, 0) AS subcategories, COALESCE(pc.n, 0) AS part_count
    FROM part_category
    JOIN lvl ON lvl.id = part_category.id
    LEFT JOIN sub ON sub.ancestor = part_category.id
    LEFT JOIN pc ON pc.ancestor = part_category.id
    ${where ? sql`WHERE ${where}` : sql``}
    ORDER BY ${sql.join(orderBy, sql`, `)}${page}`);
  return rows.map(toCategoryOut);
}

/** One category with its counts; 404 when it does not exist. */
export async function getCategory(db: Reads, id: number): Promise<CategoryOut> {
  const [row] = await selectWithStats(db, sql`part_category.id = ${id}`, [sql`part_category.id`]);
  if (!row) throw notFoundCategory();
  return row;
}

/** Several categories with their counts, by id (used for `category_detail` without N+1 queries). */
export async function getCategoriesByIds(db: Reads, ids: number[]): Promise<Map<number, CategoryOut>> {
  const out = new Map<number, CategoryOut>();
  if (ids.length === 0) return out;
  for (const c of await selectWithStats(db, inArray(partCategories.id, ids), [sql`part_category.id`])) out.set(c.pk, c);
  return out;
}

/** The list endpoint: parent (+cascade), structural, name, search, ordering, pagination. */
export async function listCategories(db: Reads, q: CategoryListFilters) {
  const conds: (SQL | undefined)[] = [];
  const cascade = parseBoolQuery(q.cascade);
  if (q.parent === "null") {
    if (!cascade) conds.push(isNull(partCategories.parent));
  } else if (q.parent !== undefined) {
    if ((await db.q.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, q.parent)).limit(1)).length === 0) throw fieldError("parent", invalidChoice);
    conds.push(cascade ? inArray(partCategories.parent, await categorySubtreeIds(db, q.parent)) : eq(partCategories.parent, q.parent));
  } else if (cascade === false) {
    // InvenTree: cascade=false without a parent means "top-level categories only".
    conds.push(isNull(partCategories.parent));
  }
  const structural = parseBoolQuery(q.structural);
  if (structural !== undefined) conds.push(eq(partCategories.structural, structural));
  if (q.name !== undefined) conds.push(eq(partCategories.name, q.name));
  conds.push(searchCondition(q.search, [partCategories.name, partCategories.description], Infinity, db.dialect));
  const where = and(...conds);
  const total = (await db.q.select({ n: count() }).from(partCategories).where(where))[0]?.n ?? 0;
  const d = sqlFor(db);
  const orderBy = orderingClause(q.ordering, ORDERING(), [d.asc(partCategories.pathstring), d.asc(partCategories.name)], partCategories.id, db.dialect);
  return { total, rows: await selectWithStats(db, where, orderBy, q.limit, q.offset) };
}

/**
 * Checks the foreign keys and tree rules of a create or update, name unique under its parent
 * included; throws one 400 naming every bad field. Runs inside the write's transaction.
 */
async function validateCategory(tx: Tx, input: CategoryPatch, existing: CategoryRow | null): Promise<void> {
  const errors = new FieldErrorCollector();
  if (input.parent != null) {
    if ((await tx.q.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, input.parent)).limit(1)).length === 0) {
      errors.add("parent", invalidPk(input.parent));
    } else if (existing && (await isInSubtree(tx, existing.id, input.parent))) {
      // InvenTree (mptt InvalidMove): a category cannot go under itself or one of its descendants.
      errors.add("parent", "Invalid choice");
    }
  }
  if (input.default_location != null && (await tx.q.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.id, input.default_location)).limit(1)).length === 0) {
    errors.add("default_location", invalidPk(input.default_location));
  }
  const name = input.name ?? existing?.name;
  const parent = input.parent !== undefined ? input.parent : (existing?.parent ?? null);
  if (name !== undefined && errors.errors.parent === undefined) {
    // No unique index says it: concurrent writers take turns on PostgreSQL (SQLite has one writer).
    await lockKey(tx, "part_category_name");
    const clash = (
      await tx.q
        .select({ id: partCategories.id })
        .from(partCategories)
        .where(and(eq(partCategories.name, name), parent === null ? isNull(partCategories.parent) : eq(partCategories.parent, parent)))
    ).some((r) => r.id !== existing?.id);
    if (clash) errors.add("name", "Duplicate names cannot exist under the same parent");
  }
  if (existing && input.structural === true && !existing.structural) {
    const direct = await tx.q.$count(parts, eq(parts.category, existing.id));
    if (direct > 0) errors.add("structural", "You cannot make this part category structural because some parts are already assigned to it!");
  }
  errors.throwIfAny();
}

/** The row a write then changes, row-locked on PostgreSQL until the write commits. */
const categoryRow = async (db: Reads, id: number): Promise<CategoryRow | undefined> =>
  (await forUpdate(db, db.q.select().from(partCategories).where(eq(partCategories.id, id)).limit(1)))[0];

/** Creates a category and sets its pathstring, in one transaction. */
export async function createCategory(db: Writes, input: CategoryInput): Promise<CategoryOut> {
  const id = await db.write(async (tx) => {
    await validateCategory(tx, input, null);
    const id = await insertReturningId(tx, partCategories, { ...input, parent: input.parent ?? null });
    await rebuildCategoryPaths(tx, id);
    return id;
  });
  return getCategory(db, id);
}

/** PATCH/PUT: a rename or move rewrites the pathstring of the whole subtree in the same transaction. */
export async function updateCategory(db: Writes, id: number, input: CategoryPatch): Promise<CategoryOut> {
  await db.write(async (tx) => {
    const existing = await categoryRow(tx, id);
    if (!existing) throw notFoundCategory();
    await validateCategory(tx, input, existing);
    if (Object.keys(input).length === 0) return;
    await tx.q.update(partCategories).set(input).where(eq(partCategories.id, id));
    if ((input.name !== undefined && input.name !== existing.name) || (input.parent !== undefined && input.parent !== existing.parent)) {
      await rebuildCategoryPaths(tx, id);
    }
  });
  return getCategory(db, id);
}

/**
 * DELETE as InvenTree does by default: the category's parts and child categories move up to its
 * parent, and the moved subtrees get their pathstrings rebuilt, all in one transaction.
 */
export async function deleteCategory(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    const existing = await categoryRow(tx, id);
    if (!existing) throw notFoundCategory();
    await tx.q.update(parts).set({ category: existing.parent }).where(eq(parts.category, id));
    const children = await tx.q.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.parent, id));
    await tx.q.update(partCategories).set({ parent: existing.parent }).where(eq(partCategories.parent, id));
    await tx.q.delete(partCategories).where(eq(partCategories.id, id));
    for (const child of children) await rebuildCategoryPaths(tx, child.id);
  });
}

/** The raw row of a category, or undefined; for other modules' validation. */
export async function findCategoryRow(db: Reads, id: number): Promise<CategoryRow | undefined> {
  return (await db.q.select().from(partCategories).where(eq(partCategories.id, id)).limit(1))[0];
}
