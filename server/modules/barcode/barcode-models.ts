/**
 * The models that carry barcodes, as InvenTree's InvenTreeBarcodeMixin models: their label
 * (`barcode_model_type`), two-character short code (`barcode_model_type_code`), table, API and web
 * addresses and detail serializer, all read from the model registry. Order matters: JSON barcodes
 * and linked hashes are tried in it.
 */
import { eq, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { ofBoundTables } from "../../db/tables.ts";
import { BARCODE_MODELS, type BarcodeModel, modelRegistry } from "../model-registry/service.ts";

export { BARCODE_MODELS, type BarcodeModel };

export interface BarcodeModelInfo {
  model: BarcodeModel;
  /** InvenTree's barcode_model_type_code(). */
  code: string;
  /** Django's verbose name, used in InvenTree's permission message. */
  verbose: string;
  table: ReturnType<typeof modelRegistry>[BarcodeModel]["table"];
  apiBase: string;
  webBase: string;
  /** The registry's detail service (callers await it). */
  detail: (db: Reads, pk: number) => unknown;
}

/** The barcode columns of the model registry (modules/model-registry), by model, its tables the ones bound now. */
export const barcodeModelInfo = ofBoundTables(() => Object.fromEntries(
  BARCODE_MODELS.map((model): [BarcodeModel, BarcodeModelInfo] => {
    const e = modelRegistry()[model];
    return [model, { model, code: e.barcode.code, verbose: e.barcode.verbose, table: e.table, apiBase: e.path, webBase: e.web, detail: e.get }];
  }),
) as Record<BarcodeModel, BarcodeModelInfo>);

const BY_CODE = new Map(BARCODE_MODELS.map((m) => [barcodeModelInfo()[m].code, m]));

/** The model with this short code (`SI` → stockitem), or undefined. */
export const modelForCode = (code: string): BarcodeModel | undefined => BY_CODE.get(code);

export const isBarcodeModel = (name: string): name is BarcodeModel => (BARCODE_MODELS as readonly string[]).includes(name);

/** Whether a row with this pk exists (pks beyond SQLite's integer range never do). */
export async function barcodeObjectExists(db: Reads, model: BarcodeModel, pk: number): Promise<boolean> {
  if (!Number.isSafeInteger(pk) || pk < 1) return false;
  return (await existsStatements[model](db.q).get({ pk })) !== undefined;
}

/** One prepared existence check per model: scans run it on every native barcode. */
const existsFor = (model: BarcodeModel) =>
  preparedPerDb((q: ReadQueries) => {
    const table = barcodeModelInfo()[model].table;
    return q.select({ id: table.id }).from(table).where(eq(table.id, sql.placeholder("pk"))).prepare();
  });
const existsStatements = Object.fromEntries(BARCODE_MODELS.map((m) => [m, existsFor(m)])) as Record<BarcodeModel, ReturnType<typeof existsFor>>;
