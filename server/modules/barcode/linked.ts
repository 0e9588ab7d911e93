/** Third-party barcodes linked to an object: found by InvenTree's hash across every barcode model. */
import { eq, sql } from "drizzle-orm";
import type { ReadQueries, Reads, Writes } from "../../db/database.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { barcodeModelInfo, BARCODE_MODELS, type BarcodeModel } from "./barcode-models.ts";

/** The first object (in model order) whose barcode_hash is `hash`, or null. An empty hash matches nothing. */
export async function findLinkedBarcode(db: Reads, hash: string): Promise<{ model: BarcodeModel; pk: number } | null> {
  if (!hash) return null;
  for (const model of BARCODE_MODELS) {
    const row = await byHash[model](db.q).get({ hash });
    if (row) return { model, pk: row.id };
  }
  return null;
}

/** Every scan that is not a native barcode looks here: one prepared lookup per model. */
const byHashFor = (model: BarcodeModel) =>
  preparedPerDb((q: ReadQueries) => {
    const table = barcodeModelInfo()[model].table;
    return q.select({ id: table.id }).from(table).where(eq(table.barcode_hash, sql.placeholder("hash"))).orderBy(table.id).limit(1).prepare();
  });
const byHash = Object.fromEntries(BARCODE_MODELS.map((m) => [m, byHashFor(m)])) as Record<BarcodeModel, ReturnType<typeof byHashFor>>;

/** Writes (or clears, with empty strings) the linked barcode of one object. */
export async function setLinkedBarcode(db: Writes, model: BarcodeModel, pk: number, data: string, hash: string): Promise<void> {
  const table = barcodeModelInfo()[model].table;
  await db.write((tx) => tx.q.update(table).set({ barcode_data: data, barcode_hash: hash }).where(eq(table.id, pk)));
}

/** The raw linked barcode of one object ("" when none). */
export async function linkedBarcodeData(db: Reads, model: BarcodeModel, pk: number): Promise<string> {
  const table = barcodeModelInfo()[model].table;
  const [row] = await db.q.select({ data: table.barcode_data }).from(table).where(eq(table.id, pk)).limit(1);
  return row?.data ?? "";
}
