/**
 * Request body limits: JSON and everything else get `maxBodyBytes`; the few routes that take file
 * uploads as multipart get `maxUploadBytes`, and only for a multipart body, so a large body cannot
 * reach any other route's parser.
 */
import type { Config } from "../core/config.ts";
import { ApiError } from "../core/errors.ts";

/** Method and path of the routes that accept a multipart upload (image PATCH, attachment POST). */
const UPLOAD_ROUTES: { method: string; path: RegExp }[] = [
  { method: "PATCH", path: /^\/api\/(part|company)\/\d+\/?$/ },
  { method: "PUT", path: /^\/api\/(part|company)\/\d+\/?$/ },
  { method: "POST", path: /^\/api\/attachment\/?$/ },
];

const UPLOAD_METHODS = new Set(UPLOAD_ROUTES.map((r) => r.method));

const isMultipart = (request: Request) => (request.headers.get("content-type") ?? "").slice(0, 19).toLowerCase() === "multipart/form-data";

/** The path of a request, without parsing the whole URL (this runs on every request). */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

/** The path of a multipart upload to an upload route, else null. Cheap for every other request. */
export function uploadPath(request: Request): string | null {
  if (!UPLOAD_METHODS.has(request.method) || !isMultipart(request)) return null;
  const path = pathOf(request.url);
  return UPLOAD_ROUTES.some((r) => r.method === request.method && r.path.test(path)) ? path : null;
}

/** The largest body this request may carry. */
export function bodyLimitFor(config: Pick<Config, "maxBodyBytes" | "maxUploadBytes">, request: Request): number {
  return uploadPath(request) === null ? config.maxBodyBytes : config.maxUploadBytes;
}

export const tooLarge = (size: number, limit: number) => new ApiError(413, { detail: `Request body is too large: ${size} bytes, the limit is ${limit}.` });

/**
 * Reads a multipart body into FormData, counting bytes as they arrive: a body without (or lying
 * about) its content-length is refused with 413 as soon as it passes `limit`.
 */
export async function readMultipart(request: Request, limit: number): Promise<FormData> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(size, limit);
      }
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  }
  try {
    return await new Response(new Blob(chunks), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new ApiError(400, { detail: "Multipart form parse error: the body is not valid multipart/form-data." });
  }
}
