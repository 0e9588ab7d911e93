import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin, identify } from "../../http/auth.ts";
import { ApiError, fieldError, notFound, permissionDenied } from "../../core/errors.ts";
import { readMultipart, uploadPath } from "../../http/upload-limit.ts";
import { getCompany } from "../company/service.ts";
import { getPart } from "../part/service.ts";
import { hasRole } from "../../core/auth.ts";
import { blankImages } from "./blank.ts";
import { fileResponse } from "./download.ts";
import { type ImageOwner, setImage } from "./service.ts";
import { readFile } from "./store.ts";
import { BLANK_IMAGE_URL, BLANK_THUMBNAIL_URL } from "./urls.ts";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const png = (bytes: Uint8Array) =>
  new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": "image/png", "cache-control": "public, max-age=86400", "x-content-type-options": "nosniff" } });

/**
 * A multipart PATCH/PUT of a part or company detail URL: the image upload the app
 * (`InvenTreePart.uploadImage`) and inventree-python (`ImageMixin.uploadImage`) send, field `image`.
 * Handled before routing so the JSON PATCH routes of the part and company modules stay as they are.
 */
async function uploadImage(ctx: AppContext, request: Request, owner: ImageOwner, pk: number): Promise<Response> {
  const user = await identify(ctx, request.headers.get("authorization") ?? undefined);
  if (!hasRole(user, "staff")) throw permissionDenied();
  const form = await readMultipart(request, ctx.config.maxUploadBytes);
  for (const key of form.keys()) {
    if (key !== "image") throw fieldError(key, "Only the image can be sent as multipart/form-data here; send the other fields as JSON.");
  }
  const file = form.get("image");
  if (file === null) throw fieldError("image", "No file was submitted.");
  if (typeof file === "string") throw fieldError("image", "The submitted data was not a file. Check the encoding type on the form.");
  await setImage(ctx.database, owner, pk, await file.bytes(), ctx.config.maxImagePixels);
  return json(200, owner === "part" ? await getPart(ctx.database, pk) : await getCompany(ctx.database, pk));
}

const DETAIL = /^\/api\/(part|company)\/(\d+)\/?$/;

/** Images: upload on the part/company detail URL, files under /media/, placeholders under /static/img/. */
export const mediaModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/media", detail: { tags: ["media"] } })
    .use(authPlugin(ctx))
    .onRequest(async ({ request }) => {
      const path = uploadPath(request);
      if (path === null) return;
      try {
        const m = DETAIL.exec(path);
        if (m) return await uploadImage(ctx, request, m[1] as ImageOwner, Number(m[2]));
      } catch (e) {
        if (e instanceof ApiError) return json(e.status, e.body);
        throw e;
      }
    })
    .get(BLANK_IMAGE_URL, () => png(blankImages().image), { detail: { summary: "Placeholder for a missing image" } })
    .get(BLANK_THUMBNAIL_URL, () => png(blankImages().thumbnail), { detail: { summary: "Placeholder for a missing thumbnail" } })
    .get(
      "/media/*",
      async ({ params, request }) => {
        let path: string;
        try {
          path = decodeURIComponent(params["*"]);
        } catch {
          throw notFound();
        }
        const file = await readFile(ctx.database, path);
        if (!file) throw notFound();
        return fileResponse(file, request);
      },
      { auth: "readonly", detail: { summary: "Download an uploaded image, thumbnail or attachment file" } },
    );
