/**
 * Part and company images: an upload is decoded and checked, its thumbnail rendered, and both are
 * stored with the owner's `image` path in one transaction; the previous image's files go with it.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies } from "../../db/schema/company.ts";
import { parts } from "../../db/schema/part.ts";
import { notFound } from "../../http/errors.ts";
import { checkImage } from "./images.ts";
import { deleteFilesByPath, putFile, randomTag } from "./store.ts";
import { thumbnailPath } from "./urls.ts";

/** The models that carry an `image`, with their table and InvenTree's upload folder. */
const OWNERS = {
  part: { table: parts, dir: "part_images", missing: "No Part matches the given query." },
  company: { table: companies, dir: "company_images", missing: "No Company matches the given query." },
} as const;
export type ImageOwner = keyof typeof OWNERS;

function currentImage(db: DbOrTx, owner: ImageOwner, pk: number): string | null {
  const { table, missing } = OWNERS[owner];
  const row = db.select({ image: table.image }).from(table).where(eq(table.id, pk)).get();
  if (!row) throw notFound(missing);
  return row.image;
}

const filesOf = (path: string | null) => (path ? [path, thumbnailPath(path)] : []);

/**
 * Replaces the image of a part or company with `bytes` (checked: a real image within
 * `maxPixels`, else 400 naming `image`). 404 when the owner does not exist.
 */
export async function setImage(db: DbOrTx, owner: ImageOwner, pk: number, bytes: Uint8Array, maxPixels: number): Promise<void> {
  currentImage(db, owner, pk); // 404 before the (slow) decode
  const img = await checkImage(bytes, "image", maxPixels);
  const { table, dir } = OWNERS[owner];
  const path = `${dir}/${owner}_${pk}_${randomTag()}.${img.ext}`;
  db.transaction((tx) => {
    const old = currentImage(tx, owner, pk);
    putFile(tx, { path, contentType: img.contentType, bytes, width: img.width, height: img.height });
    putFile(tx, { path: thumbnailPath(path), contentType: img.thumbnail.contentType, bytes: img.thumbnail.bytes, width: img.thumbnail.width, height: img.thumbnail.height });
    tx.update(table).set({ image: path }).where(eq(table.id, pk)).run();
    deleteFilesByPath(tx, filesOf(old));
  });
}

/** Removes the image (`"image": null` in a PATCH, as InvenTree's nullable ImageField). */
export function clearImage(db: DbOrTx, owner: ImageOwner, pk: number): void {
  const { table } = OWNERS[owner];
  db.transaction((tx) => {
    const old = currentImage(tx, owner, pk);
    tx.update(table).set({ image: null }).where(eq(table.id, pk)).run();
    deleteFilesByPath(tx, filesOf(old));
  });
}

/** The files of an owner's image, for a caller deleting the owner in its own transaction. */
export function deleteImageFiles(db: DbOrTx, owner: ImageOwner, pk: number): void {
  const { table } = OWNERS[owner];
  const row = db.select({ image: table.image }).from(table).where(eq(table.id, pk)).get();
  deleteFilesByPath(db, filesOf(row?.image ?? null));
}
