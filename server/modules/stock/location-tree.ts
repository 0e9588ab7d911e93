import { constructPathString } from "../../core/pathstring.ts";
import type { Reads, ReadQueries } from "../../db/database.ts";
import { forUpdate } from "../../db/dialect.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { stockLocations } from "../../db/tables.ts";

export type LocationRow = typeof stockLocations.$inferSelect;
/** What the tree's shape needs of a location. */
type Node = Pick<LocationRow, "id" | "parent">;

const allLocations = preparedPerDb((q: ReadQueries) => q.select().from(stockLocations).prepare());
const allShapes = preparedPerDb((q: ReadQueries) => q.select({ id: stockLocations.id, parent: stockLocations.parent }).from(stockLocations).prepare());

/**
 * Every location in memory, indexed by pk and by parent. Locations number in the hundreds, so the
 * tree questions (level, subtree, path) are answered here instead of with recursive SQL per row.
 */
export class LocationTree<R extends Node = LocationRow> {
  readonly byId = new Map<number, R>();
  readonly children = new Map<number | null, R[]>();

  constructor(rows: R[]) {
    for (const r of rows) {
      this.byId.set(r.id, r);
      const list = this.children.get(r.parent) ?? [];
      list.push(r);
      this.children.set(r.parent, list);
    }
  }

  static async load(db: Reads): Promise<LocationTree> {
    return new LocationTree(await allLocations(db.q).all());
  }

  /**
   * Every location, row-locked on PostgreSQL (a write that reads the tree to change it: names under
   * a parent, a move, a delete). Not prepared: it runs once per location write.
   */
  static async loadForUpdate(db: Reads): Promise<LocationTree> {
    return new LocationTree(await forUpdate(db, db.q.select().from(stockLocations)));
  }

  /** The tree's shape only (pk and parent): for filters that ask which locations are below which. */
  static async loadShape(db: Reads): Promise<LocationTree<Node>> {
    return new LocationTree(await allShapes(db.q).all());
  }

  /** The location and its ancestors, root first. */
  ancestry(id: number): R[] {
    const chain: R[] = [];
    let cur = this.byId.get(id);
    // The depth bound guards against a cycle in corrupt data.
    while (cur && chain.length < 1000) {
      chain.unshift(cur);
      cur = cur.parent === null ? undefined : this.byId.get(cur.parent);
    }
    return chain;
  }

  level(id: number): number {
    return Math.max(0, this.ancestry(id).length - 1);
  }

  /** pks below `id` at any depth, plus `id` itself when asked. */
  descendants(id: number, includeSelf = false): number[] {
    const out: number[] = includeSelf ? [id] : [];
    const stack = [...(this.children.get(id) ?? [])];
    while (stack.length) {
      const r = stack.pop() as R;
      out.push(r.id);
      stack.push(...(this.children.get(r.id) ?? []));
    }
    return out;
  }

  /** InvenTree's pathstring for a location named `name` under `parent`. */
  pathFor(this: LocationTree<LocationRow>, parent: number | null, name: string): string {
    const names = parent === null ? [] : this.ancestry(parent).map((r) => r.name);
    return constructPathString([...names, name]);
  }
}
