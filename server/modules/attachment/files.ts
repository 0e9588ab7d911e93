/** File names and types of uploaded attachments: never trusted from the client as given. */

const MAX_NAME = 100;

/**
 * A safe stored name: the last path segment only (no "../", no "C:\\"), no control or reserved
 * characters, no leading dots, at most 100 characters with the extension kept.
 */
export function safeFilename(name: string): string {
  let base = name.split(/[\\/]/).pop() ?? "";
  base = base
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._\- ()+,=@]/gu, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  if (base.length > MAX_NAME) {
    const dot = base.lastIndexOf(".");
    const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : "";
    base = base.slice(0, MAX_NAME - ext.length) + ext;
  }
  return base || "attachment";
}

/** The types we name for a download, by extension; anything else is application/octet-stream. */
const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json",
  zip: "application/zip",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  step: "application/step",
  stp: "application/step",
};

/**
 * The content type a stored attachment is served with, from its (safe) name: the client's claimed
 * type is ignored, and active types (HTML, SVG, JavaScript, XML) are served as octet-stream.
 */
export function attachmentContentType(name: string): string {
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  return TYPES[ext] ?? "application/octet-stream";
}

const LINK_SCHEMES = new Set(["http:", "https:", "ftp:", "ftps:", "sftp:"]);

/** Django's URLValidator as InvenTree's URL field uses it: an absolute http(s)/ftp URL. */
export function isValidLink(link: string): boolean {
  try {
    const u = new URL(link);
    return LINK_SCHEMES.has(u.protocol) && u.hostname !== "";
  } catch {
    return false;
  }
}
