/**
 * Part categories: a tree kept by `parent`, with `pathstring` maintained for the whole subtree on
 * every create, rename, move and delete, as InvenTree's InvenTreeTree does.
 */
import { and, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { partCategories, parts } from "../../db/schema/part.ts";
import { stockLocations } from "../../db/schema/stock.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { CategoryInput, CategoryListFilters, CategoryOut, CategoryPatch } from "./model.ts";
import { writeTransaction } from "../../db/write.ts";
import { constructPathString } from "../../core/pathstring.ts";

type CategoryRow = typeof partCategories.$inferSelect;

const notFoundCategory = () => notFound("No PartCategory matches the given query.");

/** Ids of a category and every category below it (`includeSelf` false leaves the root out). */
export function categorySubtreeIds(db: DbOrTx, rootId: number, includeSelf = true): number[] {
  const rows = db.all<{ id: number }>(sql`
    WITH RECURSIVE sub(id) AS (
      SELECT ${rootId}
      UNION ALL
      SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id
    )
    SELECT id FROM sub`);
  const ids = rows.map((r) => r.id);
  return includeSelf ? ids : ids.filter((id) => id !== rootId);
}

/** Names of a category's ancestors and itself, top first. */
function namesToRoot(db: DbOrTx, id: number): string[] {
  const rows = db.all<{ name: string; depth: number }>(sql`
    WITH RECURSIVE up(id, parent_id, name, depth) AS (
      SELECT id, parent_id, name, 0 FROM part_category WHERE id = ${id}
      UNION ALL
      SELECT c.id, c.parent_id, c.name, up.depth + 1 FROM part_category c JOIN up ON c.id = up.parent_id
    )
    SELECT name, depth FROM up ORDER BY depth DESC`);
  return rows.map((r) => r.name);
}

/** Recomputes `pathstring` for a category and its whole subtree; call inside the write's transaction. */
function rebuildCategoryPaths(tx: DbOrTx, rootId: number): void {
  const rootNames = namesToRoot(tx, rootId);
  const subtree = tx.all<{ id: number; parent_id: number | null; name: string; pathstring: string }>(sql`
    WITH RECURSIVE sub(id) AS (
      SELECT ${rootId}
      UNION ALL
      SELECT c.id FROM part_category c JOIN sub ON c.parent_id = sub.id
    )
    SELECT c.id, c.parent_id, c.name, c.pathstring FROM part_category c JOIN sub ON sub.id = c.id`);
  const children = new Map<number, typeof subtree>();
  for (const row of subtree) {
    if (row.parent_id === null) continue;
    const list = children.get(row.parent_id) ?? [];
    list.push(row);
    children.set(row.parent_id, list);
  }
  const root = subtree.find((r) => r.id === rootId);
  if (!root) return;
  const queue: { row: (typeof subtree)[number]; names: string[] }[] = [{ row: root, names: rootNames }];
  while (queue.length > 0) {
    const item = queue.shift();
    if (!item) break;
    const path = constructPathString(item.names);
    if (path !== item.row.pathstring) tx.update(partCategories).set({ pathstring: path }).where(eq(partCategories.id, item.row.id)).run();
    for (const child of children.get(item.row.id) ?? []) queue.push({ row: child, names: [...item.names, child.name] });
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
  structural: number;
  icon: string;
  level: number;
  subcategories: number;
  part_count: number;
}

const toCategoryOut = (r: StatsRow): CategoryOut => ({
  pk: r.id,
  name: r.name,
  description: r.description,
  parent: r.parent_id,
  pathstring: r.pathstring,
  level: r.level,
  default_location: r.default_location_id,
  structural: Boolean(r.structural),
  icon: r.icon,
  part_count: r.part_count,
  subcategories: r.subcategories,
});

const ORDERING: Record<string, SQL> = {
  name: sql`part_category.name`,
  pathstring: sql`part_category.pathstring`,
  level: sql`level`,
  part_count: sql`part_count`,
  subcategories: sql`subcategories`,
  pk: sql`part_category.id`,
};

function selectWithStats(db: DbOrTx, where: SQL | undefined, orderBy: SQL[], limit?: number, offset?: number): CategoryOut[] {
  const page = limit === undefined ? sql`` : sql` LIMIT ${limit} OFFSET ${offset ?? 0}`;
  const rows = db.all<StatsRow>(sql`${statsCte}
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
export function getCategory(db: DbOrTx, id: number): CategoryOut {
  const [row] = selectWithStats(db, sql`part_category.id = ${id}`, [sql`part_category.id`]);
  if (!row) throw notFoundCategory();
  return row;
}

/** Several categories with their counts, by id (used for `category_detail` without N+1 queries). */
export function getCategoriesByIds(db: DbOrTx, ids: number[]): Map<number, CategoryOut> {
  const out = new Map<number, CategoryOut>();
  if (ids.length === 0) return out;
  for (const c of selectWithStats(db, inArray(partCategories.id, ids), [sql`part_category.id`])) out.set(c.pk, c);
  return out;
}

/** The list endpoint: parent (+cascade), structural, name, search, ordering, pagination. */
export function listCategories(db: DbOrTx, q: CategoryListFilters) {
  const conds: (SQL | undefined)[] = [];
  const cascade = parseBoolQuery(q.cascade);
  if (q.parent === "null") {
    if (!cascade) conds.push(isNull(partCategories.parent));
  } else if (q.parent !== undefined) {
    if (!db.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, q.parent)).get()) throw fieldError("parent", invalidChoice);
    conds.push(cascade ? inArray(partCategories.parent, categorySubtreeIds(db, q.parent)) : eq(partCategories.parent, q.parent));
  } else if (cascade === false) {
    // InvenTree: cascade=false without a parent means "top-level categories only".
    conds.push(isNull(partCategories.parent));
  }
  const structural = parseBoolQuery(q.structural);
  if (structural !== undefined) conds.push(eq(partCategories.structural, structural));
  if (q.name !== undefined) conds.push(eq(partCategories.name, q.name));
  conds.push(searchCondition(q.search, [partCategories.name, partCategories.description]));
  const where = and(...conds);
  const total = db.select({ n: count() }).from(partCategories).where(where).get()?.n ?? 0;
  const orderBy = orderingClause(q.ordering, ORDERING, [sql`part_category.pathstring`, sql`part_category.name`], partCategories.id);
  return { total, rows: selectWithStats(db, where, orderBy, q.limit, q.offset) };
}

/** Checks the foreign keys and tree rules of a create or update; throws one 400 naming every bad field. */
function validateCategory(db: DbOrTx, input: CategoryPatch, existing: CategoryRow | null): void {
  const errors = new FieldErrorCollector();
  if (input.parent != null) {
    if (!db.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, input.parent)).get()) {
      errors.add("parent", invalidPk(input.parent));
    } else if (existing && categorySubtreeIds(db, existing.id).includes(input.parent)) {
      // InvenTree (mptt InvalidMove): a category cannot go under itself or one of its descendants.
      errors.add("parent", "Invalid choice");
    }
  }
  if (input.default_location != null && !db.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.id, input.default_location)).get()) {
    errors.add("default_location", invalidPk(input.default_location));
  }
  const name = input.name ?? existing?.name;
  const parent = input.parent !== undefined ? input.parent : (existing?.parent ?? null);
  if (name !== undefined && errors.errors.parent === undefined) {
    const clash = db
      .select({ id: partCategories.id })
      .from(partCategories)
      .where(and(eq(partCategories.name, name), parent === null ? isNull(partCategories.parent) : eq(partCategories.parent, parent)))
      .all()
      .some((r) => r.id !== existing?.id);
    if (clash) errors.add("name", "Duplicate names cannot exist under the same parent");
  }
  if (existing && input.structural === true && !existing.structural) {
    const direct = db.select({ n: count() }).from(parts).where(eq(parts.category, existing.id)).get()?.n ?? 0;
    if (direct > 0) errors.add("structural", "You cannot make this part category structural because some parts are already assigned to it!");
  }
  errors.throwIfAny();
}

/** Creates a category and sets its pathstring, in one transaction. */
export function createCategory(db: DbOrTx, input: CategoryInput): CategoryOut {
  validateCategory(db, input, null);
  const id = writeTransaction(db, (tx) => {
    const row = tx.insert(partCategories).values({ ...input, parent: input.parent ?? null }).returning({ id: partCategories.id }).get();
    rebuildCategoryPaths(tx, row.id);
    return row.id;
  });
  return getCategory(db, id);
}

/** PATCH/PUT: a rename or move rewrites the pathstring of the whole subtree in the same transaction. */
export function updateCategory(db: DbOrTx, id: number, input: CategoryPatch): CategoryOut {
  const existing = db.select().from(partCategories).where(eq(partCategories.id, id)).get();
  if (!existing) throw notFoundCategory();
  validateCategory(db, input, existing);
  if (Object.keys(input).length > 0) {
    writeTransaction(db, (tx) => {
      tx.update(partCategories).set(input).where(eq(partCategories.id, id)).run();
      if ((input.name !== undefined && input.name !== existing.name) || (input.parent !== undefined && input.parent !== existing.parent)) {
        rebuildCategoryPaths(tx, id);
      }
    });
  }
  return getCategory(db, id);
}

/**
 * DELETE as InvenTree does by default: the category's parts and child categories move up to its
 * parent, and the moved subtrees get their pathstrings rebuilt, all in one transaction.
 */
export function deleteCategory(db: DbOrTx, id: number): void {
  const existing = db.select().from(partCategories).where(eq(partCategories.id, id)).get();
  if (!existing) throw notFoundCategory();
  writeTransaction(db, (tx) => {
    tx.update(parts).set({ category: existing.parent }).where(eq(parts.category, id)).run();
    const children = tx.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.parent, id)).all();
    tx.update(partCategories).set({ parent: existing.parent }).where(eq(partCategories.parent, id)).run();
    tx.delete(partCategories).where(eq(partCategories.id, id)).run();
    for (const child of children) rebuildCategoryPaths(tx, child.id);
  });
}

/** The raw row of a category, or undefined; for other modules' validation. */
export function findCategoryRow(db: DbOrTx, id: number): CategoryRow | undefined {
  return db.select().from(partCategories).where(eq(partCategories.id, id)).get();
}
