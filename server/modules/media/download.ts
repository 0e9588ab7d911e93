/** Serving stored files: exact type, no sniffing, no scripts, a safe file name. */
import type { StoredFile } from "./store.ts";

/** `attachment; filename="…"; filename*=UTF-8''…` with the ASCII name stripped of anything unsafe. */
function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_").trim() || "download";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The response for a stored file. Checked images are shown inline; everything else is a download. Either
 * way the browser may not sniff another type, and a document cannot run script (CSP sandbox).
 */
export function fileResponse(file: StoredFile, request: Request): Response {
  const name = file.path.slice(file.path.lastIndexOf("/") + 1);
  // Part and company images (checked by decoding) are shown inline; attachments, whatever their
  // name claims, are downloads.
  const inline = !file.path.startsWith("attachments/") && file.contentType.startsWith("image/") && file.contentType !== "image/svg+xml";
  const headers: Record<string, string> = {
    "content-type": file.contentType,
    "content-disposition": contentDisposition(inline ? "inline" : "attachment", name),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    // An image's address changes with every upload, so a client may keep it; attachments revalidate.
    "cache-control": inline ? "private, max-age=86400" : "private, no-cache",
    etag: `"${file.sha256}"`,
  };
  if (request.headers.get("if-none-match") === headers.etag) return new Response(null, { status: 304, headers });
  return new Response(file.bytes, { status: 200, headers });
}
