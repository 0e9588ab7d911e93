/**
 * Addresses of stored files, as InvenTree's serializers write them: `image` is `/media/<path>` or
 * null, `thumbnail` is the thumbnail's `/media/<path>` or the blank placeholder's `/static/…`.
 * Other modules call `imageFields(row.image)` to fill a part's or company's `image`/`thumbnail`.
 */

export const BLANK_IMAGE_URL = "/static/img/blank_image.png";
export const BLANK_THUMBNAIL_URL = "/static/img/blank_image.thumbnail.png";

/** `/media/<path>`, each segment percent-encoded. */
export const mediaUrl = (path: string) => `/media/${path.split("/").map(encodeURIComponent).join("/")}`;

/** "part_images/part_1_ab12.jpg" → "part_images/part_1_ab12.thumbnail.jpg" (InvenTree's StdImage naming). */
export function thumbnailPath(path: string): string {
  const dot = path.lastIndexOf(".");
  const slash = path.lastIndexOf("/");
  return dot > slash ? `${path.slice(0, dot)}.thumbnail${path.slice(dot)}` : `${path}.thumbnail`;
}

interface ImageFields {
  image: string | null;
  thumbnail: string;
}

/**
 * `image` and `thumbnail` of a part or company from its stored image path. The thumbnail's path is
 * derived from the image's, "<base>.thumbnail.<ext>", whatever its own format (a GIF's thumbnail is a
 * PNG stored under ".thumbnail.gif" and served as image/png).
 */
export function imageFields(path: string | null): ImageFields {
  if (!path) return { image: null, thumbnail: BLANK_THUMBNAIL_URL };
  return { image: mediaUrl(path), thumbnail: mediaUrl(thumbnailPath(path)) };
}
