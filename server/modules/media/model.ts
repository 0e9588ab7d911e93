import { type DocumentDecoration, t } from "elysia";

/** `image` in a JSON PATCH/PUT of a part or company: null removes it (see media/service.ts imageChange). */
export const ImagePatchField = t.Union([t.Null(), t.String({ maxLength: 2000 })], {
  title: "Image",
  description: "null removes the image; upload one with a multipart PATCH of this URL, field image.",
});

/** `image` and `thumbnail` as parts and companies (and their briefs) show them. */
export const ImageOutFields = {
  image: t.Union([t.String(), t.Null()], { description: "Address of the image under /media/; null when there is none." }),
  thumbnail: t.String({ description: "Address of the image's 128 px thumbnail, or of the blank placeholder under /static/img/." }),
};

/**
 * For the OpenAPI document of the part and company detail PATCH/PUT: the multipart image upload
 * media/index.ts handles before routing, beside the route's JSON body.
 */
export const imageUploadDoc: DocumentDecoration = {
  requestBody: {
    content: {
      "multipart/form-data": {
        schema: { type: "object", required: ["image"], properties: { image: { type: "string", format: "binary", description: "The new image (PNG, JPEG, GIF, WebP)." } } },
      },
    },
  },
};
