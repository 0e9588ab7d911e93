/** Third-party barcodes linked to an object: found by InvenTree's hash across every barcode model. */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { BARCODE_MODEL_INFO, BARCODE_MODELS, type BarcodeModel } from "./barcode-models.ts";

/** The first object (in model order) whose barcode_hash is `hash`, or null. An empty hash matches nothing. */
export function findLinkedBarcode(db: DbOrTx, hash: string): { model: BarcodeModel; pk: number } | null {
  if (!hash) return null;
  for (const model of BARCODE_MODELS) {
    const row = byHash[model](db).get({ hash });
    if (row) return { model, pk: row.id };
  }
  return null;
}

/** Every scan that is not a native barcode looks here: one prepared lookup per model. */
const byHashFor = (model: BarcodeModel) => {
  const table = BARCODE_MODEL_INFO[model].table;
  return preparedPerDb((db) => db.select({ id: table.id }).from(table).where(eq(table.barcode_hash, sql.placeholder("hash"))).orderBy(table.id).limit(1).prepare());
};
const byHash = Object.fromEntries(BARCODE_MODELS.map((m) => [m, byHashFor(m)])) as Record<BarcodeModel, ReturnType<typeof byHashFor>>;

/** Writes (or clears, with empty strings) the linked barcode of one object. */
export function setLinkedBarcode(db: DbOrTx, model: BarcodeModel, pk: number, data: string, hash: string): void {
  const table = BARCODE_MODEL_INFO[model].table;
  db.update(table).set({ barcode_data: data, barcode_hash: hash }).where(eq(table.id, pk)).run();
}

/** The raw linked barcode of one object ("" when none). */
export function linkedBarcodeData(db: DbOrTx, model: BarcodeModel, pk: number): string {
  const table = BARCODE_MODEL_INFO[model].table;
  return db.select({ data: table.barcode_data }).from(table).where(eq(table.id, pk)).get()?.data ?? "";
}
