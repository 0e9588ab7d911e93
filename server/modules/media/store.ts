/** The media_file table: bytes by path, with size, type and sha256. Paths are made by the server. */
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Reads, Tx } from "../../db/database.ts";
import { mediaFiles } from "../../db/tables.ts";

interface NewMediaFile {
  path: string;
  contentType: string;
  bytes: Uint8Array;
  width?: number;
  height?: number;
}

/** Stores one file; returns its id. The path must be free (see `freePath`). */
export async function putFile(tx: Tx, f: NewMediaFile): Promise<number> {
  const data = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  const [row] = await tx.q
    .insert(mediaFiles)
    .values({
      path: f.path,
      content_type: f.contentType,
      size: f.bytes.byteLength,
      sha256: createHash("sha256").update(data).digest("hex"),
      width: f.width ?? null,
      height: f.height ?? null,
      data,
    })
    .returning({ id: mediaFiles.id });
  return (row as { id: number }).id;
}

export interface StoredFile {
  path: string;
  contentType: string;
  sha256: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** One file by path, or undefined. */
export async function readFile(db: Reads, path: string): Promise<StoredFile | undefined> {
  const [r] = await db.q.select({ path: mediaFiles.path, type: mediaFiles.content_type, sha: mediaFiles.sha256, data: mediaFiles.data }).from(mediaFiles).where(eq(mediaFiles.path, path)).limit(1);
  return r ? { path: r.path, contentType: r.type, sha256: r.sha, bytes: new Uint8Array(r.data) } : undefined;
}

const taken = async (db: Reads, path: string) => (await db.q.select({ id: mediaFiles.id }).from(mediaFiles).where(eq(mediaFiles.path, path)).limit(1)).length > 0;

/** `dir/name.ext`, or `dir/name_<random>.ext` when taken (Django's storage does the same). */
export async function freePath(db: Reads, dir: string, name: string): Promise<string> {
  let path = `${dir}/${name}`;
  while (await taken(db, path)) {
    const dot = name.lastIndexOf(".");
    const suffix = `_${randomBytes(4).toString("hex")}`;
    path = dot > 0 ? `${dir}/${name.slice(0, dot)}${suffix}${name.slice(dot)}` : `${dir}/${name}${suffix}`;
  }
  return path;
}

/** A short random tag, so a new image gets a new address (clients cache images by URL). */
export const randomTag = () => randomBytes(4).toString("hex");
