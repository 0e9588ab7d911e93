/**
 * Part and company images: an upload is decoded and checked, its thumbnail rendered, and both are
 * stored with the owner's `image` path in one transaction; the previous image's files go with it.
 */
import { eq } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { checkImage } from "./images.ts";
import { putFile, randomTag } from "./store.ts";
import { mediaUrl, thumbnailPath } from "./urls.ts";
import { companies, ofBoundTables, parts } from "../../db/tables.ts";

/** The models that carry an `image`, with their table and InvenTree's upload folder. */
const owners = ofBoundTables(() => ({
  part: { table: parts, dir: "part_images", missing: "No Part matches the given query." },
  company: { table: companies, dir: "company_images", missing: "No Company matches the given query." },
}) as const);
export type ImageOwner = keyof ReturnType<typeof owners>;

async function currentImage(db: Reads, owner: ImageOwner, pk: number): Promise<string | null> {
  const { table, missing } = owners()[owner];
  const [row] = await db.q.select({ image: table.image }).from(table).where(eq(table.id, pk)).limit(1);
  if (!row) throw notFound(missing);
  return row.image;
}

/**
 * Replaces the image of a part or company with `bytes` (checked: a real image within
 * `maxPixels`, else 400 naming `image`). 404 when the owner does not exist.
 */
export async function setImage(db: Writes, owner: ImageOwner, pk: number, bytes: Uint8Array, maxPixels: number): Promise<void> {
  await currentImage(db, owner, pk); // 404 before the (slow) decode, which runs outside the transaction
  const img = await checkImage(bytes, "image", maxPixels);
  const { table, dir } = owners()[owner];
  const path = `${dir}/${owner}_${pk}_${randomTag()}.${img.ext}`;
  await db.write(async (tx) => {
    await currentImage(tx, owner, pk);
    await putFile(tx, { path, contentType: img.contentType, bytes, width: img.width, height: img.height });
    await putFile(tx, { path: thumbnailPath(path), contentType: img.thumbnail.contentType, bytes: img.thumbnail.bytes, width: img.thumbnail.width, height: img.thumbnail.height });
    // The previous image's files go by trigger (attachment/cleanup-triggers.ts).
    await tx.q.update(table).set({ image: path }).where(eq(table.id, pk));
  });
}

/**
 * The `image` of a JSON PATCH/PUT of a part or company: null removes the image (the app's "delete
 * image" sends `{"image": null}`); the current image's own address (inventree-python's `save()`
 * sends back every field it read) changes nothing; any other string is refused as DRF's ImageField
 * refuses a non-file. Returns the column change to apply.
 */
export function imageChange(current: string | null, value: string | null | undefined): { image?: null } {
  if (value === undefined) return {};
  if (value === null) return { image: null };
  if (current !== null && value === mediaUrl(current)) return {};
  throw fieldError("image", "The submitted data was not a file. Check the encoding type on the form.");
}

export { imageFields, mediaUrl } from "./urls.ts";
export { freePath, putFile } from "./store.ts";
