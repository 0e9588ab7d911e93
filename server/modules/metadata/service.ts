/**
 * InvenTree's `metadata` field of its metadata models, in one table keyed by model type and pk.
 * PATCH merges the given keys into what is stored (InvenTree's partial update), PUT replaces it.
 * What a client may store is bounded: size, nesting depth and key length.
 */
import { and, eq, sql } from "drizzle-orm";
import type { ReadQueries, Reads, Writes } from "../../db/database.ts";
import { lockKey } from "../../db/dialect.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import type { MetadataOut } from "./model.ts";
import { companies, objectMetadata, ofBoundTables, partCategories, partTestTemplates, parts, purchaseOrderLines, purchaseOrders, salesOrderLines, salesOrderShipments, salesOrders, stockItems, stockLocations, stockTestResults, supplierParts } from "../../db/tables.ts";

/** Largest metadata object stored, as compact JSON. */
const MAX_METADATA_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays below the top-level object. */
const MAX_METADATA_DEPTH = 10;
const MAX_KEY_LENGTH = 250;

type Table = typeof parts | typeof partCategories | typeof partTestTemplates | typeof stockItems | typeof stockLocations | typeof stockTestResults | typeof companies | typeof supplierParts | typeof purchaseOrders | typeof purchaseOrderLines | typeof salesOrders | typeof salesOrderLines | typeof salesOrderShipments;

/** The metadata models (InvenTree model type → table bound now), with the detail URL their legacy `metadata/` endpoint hangs off. */
export const metadataModels = ofBoundTables((): Record<string, { table: Table; legacyPath: string }> => ({
  part: { table: parts, legacyPath: "/api/part/:pk/metadata/" },
  partcategory: { table: partCategories, legacyPath: "/api/part/category/:pk/metadata/" },
  parttesttemplate: { table: partTestTemplates, legacyPath: "/api/part/test-template/:pk/metadata/" },
  stockitem: { table: stockItems, legacyPath: "/api/stock/:pk/metadata/" },
  stocklocation: { table: stockLocations, legacyPath: "/api/stock/location/:pk/metadata/" },
  stockitemtestresult: { table: stockTestResults, legacyPath: "/api/stock/test/:pk/metadata/" },
  company: { table: companies, legacyPath: "/api/company/:pk/metadata/" },
  supplierpart: { table: supplierParts, legacyPath: "/api/company/part/:pk/metadata/" },
  purchaseorder: { table: purchaseOrders, legacyPath: "/api/order/po/:pk/metadata/" },
  purchaseorderlineitem: { table: purchaseOrderLines, legacyPath: "/api/order/po-line/:pk/metadata/" },
  salesorder: { table: salesOrders, legacyPath: "/api/order/so/:pk/metadata/" },
  salesorderlineitem: { table: salesOrderLines, legacyPath: "/api/order/so-line/:pk/metadata/" },
  salesordershipment: { table: salesOrderShipments, legacyPath: "/api/order/so/shipment/:pk/metadata/" },
}));

const readStored = preparedPerDb((q: ReadQueries) =>
  q
    .select({ metadata: objectMetadata.metadata })
    .from(objectMetadata)
    .where(and(eq(objectMetadata.model_type, sql.placeholder("model")), eq(objectMetadata.model_id, sql.placeholder("pk"))))
    .prepare(),
);

/** 404 unless `model` is a metadata model and the object exists. */
async function assertObject(db: Reads, model: string, pk: number): Promise<void> {
  const models = metadataModels();
  const info = Object.hasOwn(models, model) ? models[model] : undefined;
  if (!info) throw notFound(`Unknown model type '${model}'`);
  const found = await db.q.select({ id: info.table.id }).from(info.table).where(eq(info.table.id, pk)).limit(1);
  if (found.length === 0) throw notFound();
}

async function stored(db: Reads, model: string, pk: number): Promise<Record<string, unknown>> {
  const row = await readStored(db.q).get({ model, pk });
  return row ? (JSON.parse(row.metadata) as Record<string, unknown>) : {};
}

/** GET …/metadata/: `{metadata: {}}` until something is stored. */
export async function getMetadata(db: Reads, model: string, pk: number): Promise<MetadataOut> {
  await assertObject(db, model, pk);
  return { metadata: await stored(db, model, pk) };
}

/** The nesting depth of a JSON value (a scalar is 0), stopping early past the limit. */
function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit < 0) return 1;
  let max = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    max = Math.max(max, depthOf(v, limit - 1));
    if (max > limit) break;
  }
  return max + 1;
}

/** The size, depth and key checks; answers the compact JSON to store. */
function validated(metadata: Record<string, unknown>): string {
  if (Object.keys(metadata).some((k) => k.length > MAX_KEY_LENGTH)) throw fieldError("metadata", `Keys must be at most ${MAX_KEY_LENGTH} characters.`);
  if (depthOf(metadata, MAX_METADATA_DEPTH) - 1 > MAX_METADATA_DEPTH) throw fieldError("metadata", `Metadata may be nested at most ${MAX_METADATA_DEPTH} levels deep.`);
  const json = JSON.stringify(metadata);
  if (Buffer.byteLength(json) > MAX_METADATA_BYTES) throw fieldError("metadata", `Metadata must be at most ${MAX_METADATA_BYTES} bytes as JSON.`);
  return json;
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** PATCH (merge the given top-level keys into the stored ones) or PUT (replace). */
export async function setMetadata(db: Writes, model: string, pk: number, metadata: unknown, mode: "merge" | "replace"): Promise<MetadataOut> {
  // One transaction: a merge reads what is stored and writes it back, so no other write may come between
  // (on PostgreSQL, where transactions run concurrently, a lock on the object's metadata, taken before
  // the read: the row may not exist yet, so there is none to lock FOR UPDATE).
  return db.write(async (tx) => {
    await lockKey(tx, `metadata:${model}:${pk}`);
    await assertObject(tx, model, pk);
    if (metadata === undefined) throw fieldError("metadata", "This field is required.");
    if (!isDict(metadata)) throw fieldError("metadata", "Metadata must be a python dict object");
    // Spread, not Object.assign: a "__proto__" key stays a plain key instead of hitting the setter.
    const next = mode === "merge" ? { ...(await stored(tx, model, pk)), ...metadata } : metadata;
    const json = validated(next);
    await tx.q
      .insert(objectMetadata)
      .values({ model_type: model, model_id: pk, metadata: json })
      .onConflictDoUpdate({ target: [objectMetadata.model_type, objectMetadata.model_id], set: { metadata: json } });
    return { metadata: JSON.parse(json) as Record<string, unknown> };
  });
}
