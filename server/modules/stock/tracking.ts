import { TRACKING } from "../../db/schema/stock.ts";
import type { Tx } from "../../db/database.ts";
import { stockTracking } from "../../db/tables.ts";

export type TrackingCode = (typeof TRACKING)[keyof typeof TRACKING];

export interface TrackingEntry {
  item: number;
  tracking_type: TrackingCode;
  user: number | null;
  /** Slug of the plugin acting for the user, when one is. */
  plugin?: string | null;
  notes?: string;
  /** InvenTree's `deltas`: quantity after the change, added/removed, location, … */
  deltas: Record<string, unknown>;
}

/** Writes one stock tracking entry; call it inside the transaction that makes the change. */
export async function writeTrackingEntry(tx: Tx, entry: TrackingEntry): Promise<void> {
  await tx.q.insert(stockTracking).values({ item: entry.item, tracking_type: entry.tracking_type, user: entry.user, plugin: entry.plugin ?? null, notes: entry.notes ?? "", deltas: entry.deltas });
}
