import { count, eq } from "drizzle-orm";
import type { ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, sqlFor } from "../../db/dialect.ts";
import { TRACKING } from "../../db/schema/stock.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import type { LocationCreate, LocationListQueryIn, LocationOut, LocationPatch } from "./location-model.ts";
import { constructPathString } from "../../core/pathstring.ts";
import { LocationTree, type LocationRow } from "./location-tree.ts";
import { invalidChoice, invalidPk } from "../../core/errors.ts";
import { matchesSearch } from "../../db/query.ts";
import { parseOrdering } from "../../core/query.ts";
import type { LocationBrief } from "./location-model.ts";
import { MAX_SEARCH_TERMS } from "./query-params.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { writeTrackingEntry } from "./tracking.ts";
import { locationItemCounts, stockItems, stockLocations } from "../../db/tables.ts";

/** A location as other objects' `location_detail` shows it (LocationBriefSchema). */
export function toLocationBrief(l: Pick<LocationRow, "id" | "name" | "pathstring">): LocationBrief {
  return { pk: l.id, name: l.name, pathstring: l.pathstring };
}

export const STRUCTURAL_MESSAGE = "Stock items cannot be located into structural stock locations!";

/** Stock item counts per location (not cascaded), maintained by triggers (migration 0004): a row per location. */
const directCounts = preparedPerDb((q: ReadQueries) => q.select({ loc: locationItemCounts.location, n: locationItemCounts.items }).from(locationItemCounts).prepare());
async function directItemCounts(db: Reads): Promise<Map<number, number>> {
  return new Map((await directCounts(db.q).all()).map((r) => [r.loc, r.n]));
}

/** Serialises locations with InvenTree's cascaded `items` and `sublocations` counts. */
function serialise(tree: LocationTree, rows: LocationRow[], direct: Map<number, number>): LocationOut[] {
  return rows.map((r) => {
    const below = tree.descendants(r.id);
    let items = direct.get(r.id) ?? 0;
    for (const id of below) items += direct.get(id) ?? 0;
    return {
      pk: r.id,
      name: r.name,
      description: r.description,
      parent: r.parent,
      pathstring: r.pathstring,
      level: tree.level(r.id),
      structural: r.structural,
      external: r.external,
      icon: r.icon,
      barcode_hash: r.barcode_hash,
      items,
      sublocations: below.length,
      location_type: null,
    };
  });
}

const ORDERING = ["name", "pathstring", "items", "level", "sublocations", "pk"] as const;

/** GET /api/stock/location/: filters and ordering as InvenTree's StockLocationList. */
export async function listLocations(db: Reads, q: LocationListQueryIn) {
  const tree = await LocationTree.load(db);
  const cascade = parseBoolQuery(q.cascade);
  const topLevel = parseBoolQuery(q.top_level);
  const structural = parseBoolQuery(q.structural);
  const external = parseBoolQuery(q.external);

  let rows = [...tree.byId.values()];
  if (q.parent !== undefined && q.parent !== "null") {
    const parent = tree.byId.get(q.parent);
    if (!parent) throw fieldError("parent", invalidChoice);
    const allowed = new Set(cascade ? tree.descendants(parent.id) : (tree.children.get(parent.id) ?? []).map((r) => r.id));
    rows = rows.filter((r) => allowed.has(r.id));
    if (q.depth !== undefined) {
      const max = tree.level(parent.id) + q.depth;
      rows = rows.filter((r) => tree.level(r.id) <= max);
    }
  } else {
    // As InvenTree: "cascade=false" or "top_level=true" without a parent means top-level only.
    if (q.parent === "null" || cascade === false || (topLevel && !cascade)) rows = rows.filter((r) => r.parent === null);
    if (q.depth !== undefined) rows = rows.filter((r) => tree.level(r.id) <= (q.depth as number));
  }
  if (structural !== undefined) rows = rows.filter((r) => r.structural === structural);
  if (external !== undefined) rows = rows.filter((r) => r.external === external);
  if (q.name !== undefined) rows = rows.filter((r) => r.name === q.name);
  if (q.search) rows = rows.filter((r) => matchesSearch(q.search, [r.name, r.description, r.pathstring], MAX_SEARCH_TERMS));

  const out = serialise(tree, rows, await directItemCounts(db));
  const order = parseOrdering(q.ordering, ORDERING);
  if (order.length === 0) order.push({ field: "pathstring", desc: false });
  order.push({ field: "pk", desc: false });
  out.sort((a, b) => {
    for (const { field, desc } of order) {
      const x = a[field];
      const y = b[field];
      const c = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : (x as number) - (y as number);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
  const offset = q.offset ?? 0;
  const page = q.limit === undefined ? out : out.slice(offset, offset + q.limit);
  return { total: out.length, rows: page };
}

/** One location with its counts; 404 when it does not exist. */
export async function getLocation(db: Reads, pk: number): Promise<LocationOut> {
  const tree = await LocationTree.load(db);
  const row = tree.byId.get(pk);
  if (!row) throw notFound();
  return serialise(tree, [row], await directItemCounts(db))[0];
}

/**
 * Checks that stock may be placed in location `pk`: it exists and is not structural.
 * Throws a 400 naming `field` otherwise. For callers that place stock (receiving, transfers).
 */
export async function assertStockableLocation(db: Reads, pk: number, field = "location"): Promise<LocationRow> {
  const [loc] = await db.q.select().from(stockLocations).where(eq(stockLocations.id, pk)).limit(1);
  if (!loc) throw fieldError(field, invalidPk(pk));
  if (loc.structural) throw fieldError(field, STRUCTURAL_MESSAGE);
  return loc;
}

function checkSiblingName(tree: LocationTree, parent: number | null, name: string, self: number | null, errors: FieldErrorCollector): void {
  const clash = (tree.children.get(parent) ?? []).some((r) => r.id !== self && r.name.toLowerCase() === name.toLowerCase());
  if (clash) errors.add("name", "Duplicate names cannot exist under the same parent");
}

/** Every location, read through `tx` (the transaction's own view), row-locked on PostgreSQL. */
const loadTree = (tx: Tx): Promise<LocationTree> => LocationTree.loadForUpdate(tx);

/** POST /api/stock/location/. */
export function createLocation(db: Writes, body: LocationCreate): Promise<LocationOut> {
  return db.write(async (tx) => {
    const tree = await loadTree(tx);
    const parent = body.parent ?? null;
    const errors = new FieldErrorCollector();
    if (parent !== null && !tree.byId.has(parent)) errors.add("parent", invalidPk(parent));
    else checkSiblingName(tree, parent, body.name, null, errors);
    errors.throwIfAny();
    const [row] = await tx.q
      .insert(stockLocations)
      .values({ ...body, parent, pathstring: tree.pathFor(parent, body.name) })
      .returning({ id: stockLocations.id });
    return getLocation(tx, row.id);
  });
}

/**
 * PATCH/PUT /api/stock/location/<pk>/. A rename or move rewrites the pathstring of the whole
 * subtree in the same transaction.
 */
export function updateLocation(db: Writes, pk: number, body: LocationPatch): Promise<LocationOut> {
  return db.write(async (tx) => {
    const tree = await loadTree(tx);
    const current = tree.byId.get(pk);
    if (!current) throw notFound();
    const errors = new FieldErrorCollector();
    const parent = body.parent === undefined ? current.parent : body.parent;
    const name = body.name ?? current.name;
    if (parent !== null && parent !== current.parent) {
      if (!tree.byId.has(parent)) errors.add("parent", invalidPk(parent));
      else if (tree.descendants(pk, true).includes(parent)) errors.add("parent", "A location cannot be moved under itself or one of its sublocations.");
    }
    if (errors.empty && (name !== current.name || parent !== current.parent)) checkSiblingName(tree, parent, name, pk, errors);
    if (body.structural === true && !current.structural) {
      const held = await tx.q.$count(stockItems, eq(stockItems.location, pk));
      if (held > 0) errors.add("structural", "You cannot make this stock location structural because some stock items are already located into it!");
    }
    errors.throwIfAny();

    await tx.q.update(stockLocations).set({ ...body, parent }).where(eq(stockLocations.id, pk));
    if (name !== current.name || parent !== current.parent) await rewritePaths(tx, pk);
    return getLocation(tx, pk);
  });
}

/** Recomputes the pathstring of `root` and everything under it (after a rename, move or delete). */
async function rewritePaths(tx: Tx, root: number): Promise<void> {
  const tree = await loadTree(tx);
  for (const id of tree.descendants(root, true)) {
    const path = tree.ancestry(id).map((r) => r.name);
    await tx.q
      .update(stockLocations)
      .set({ pathstring: constructPathString(path) })
      .where(eq(stockLocations.id, id));
  }
}

/**
 * DELETE /api/stock/location/<pk>/, as InvenTree by default: sublocations and stock items move up
 * to the parent (items go to no location when the parent is structural), each moved item gets a
 * location-change tracking entry, all in one transaction.
 */
export async function deleteLocation(db: Writes, pk: number, user: number | null): Promise<void> {
  await db.write(async (tx) => {
    const tree = await loadTree(tx);
    const loc = tree.byId.get(pk);
    if (!loc) throw notFound();
    const parent = loc.parent === null ? null : (tree.byId.get(loc.parent) ?? null);
    const itemTarget = parent && !parent.structural ? parent.id : null;

    const moved = await forUpdate(tx, tx.q.select({ id: stockItems.id }).from(stockItems).where(eq(stockItems.location, pk)));
    if (moved.length) {
      await tx.q.update(stockItems).set({ location: itemTarget, updated: sqlFor(tx).now }).where(eq(stockItems.location, pk));
      for (const { id } of moved) {
        await writeTrackingEntry(tx, {
          item: id,
          tracking_type: TRACKING.LOCATION_CHANGE,
          user,
          notes: `Location "${loc.name}" was deleted`,
          deltas: { location: itemTarget, old_location: pk },
        });
      }
    }
    const children = (tree.children.get(pk) ?? []).map((r) => r.id);
    await tx.q.update(stockLocations).set({ parent: loc.parent }).where(eq(stockLocations.parent, pk));
    await tx.q.delete(stockLocations).where(eq(stockLocations.id, pk));
    for (const child of children) await rewritePaths(tx, child);
  });
}
