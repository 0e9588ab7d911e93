import { OutInt } from "../../core/response-schema.ts";
import { LimitQuery, OffsetQuery } from "../../core/pagination.ts";
/** TypeBox schemas of the barcode API (InvenTree's barcode serializers and responses). */
import { t } from "elysia";
import { BARCODE_MODELS } from "./barcode-models.ts";
import { IMAGE_FORMATS, IMAGE_TYPES } from "./images.ts";
import { MAX_BARCODE_LENGTH } from "./request-fields.ts";
import { UserBriefSchema } from "../user/model.ts";

const literals = <T extends string>(values: readonly T[]) => t.Union(values.map((v) => t.Literal(v)));

/**
 * A scanned barcode. The values are read as DRF's CharField reads them (numbers become text, the
 * text is stripped, blank refused), so the schema leaves their type to the service's messages.
 */
const BarcodeText = t.Unknown({ description: `Scanned barcode data (text, at most ${MAX_BARCODE_LENGTH} characters after stripping)` });

export const ScanBody = t.Object(
  { barcode: t.Optional(BarcodeText), barcode_data: t.Optional(t.Unknown({ description: "Older name of `barcode`, accepted when `barcode` is absent" })) },
  { additionalProperties: true },
);

const ModelPk = t.Unknown({ description: "Primary key of the object (null allowed)" });
const modelFields = Object.fromEntries(BARCODE_MODELS.map((m) => [m, t.Optional(ModelPk)]));

export const LinkBody = t.Object({ barcode: t.Optional(BarcodeText), ...modelFields }, { additionalProperties: true, description: "`barcode` and exactly one of the model fields" });
export const UnlinkBody = t.Object(modelFields, { additionalProperties: true, description: "Exactly one of the model fields" });

export const GenerateBody = t.Object({
  model: t.String({ description: `One of ${BARCODE_MODELS.join(", ")}` }),
  pk: t.Integer({ description: "Primary key of the object" }),
});
export const GenerateResponse = t.Object({ barcode: t.String() });

const MatchPayloadSchema = t.Object({ pk: OutInt(), api_url: t.String(), web_url: t.String(), instance: t.Optional(t.Unknown()) });

export const ScanResponseSchema = t.Object(
  {
    ...Object.fromEntries(BARCODE_MODELS.map((m) => [m, t.Optional(MatchPayloadSchema)])),
    plugin: t.Union([t.String(), t.Null()]),
    barcode_data: t.String(),
    barcode_hash: t.String(),
    success: t.Optional(t.String()),
    error: t.Optional(t.String()),
  },
  { additionalProperties: true },
);

export const LinkResponse = t.Object(
  { success: t.String(), ...Object.fromEntries(BARCODE_MODELS.map((m) => [m, t.Optional(t.Object({ pk: OutInt() }))])), barcode_data: t.String(), barcode_hash: t.String() },
  { additionalProperties: true },
);
export const UnlinkResponse = t.Object({ success: t.String() });

export const ImageQuery = t.Object({
  model: literals(BARCODE_MODELS),
  pk: t.Integer({ minimum: 1 }),
  format: t.Optional(literals(IMAGE_FORMATS)),
  type: t.Optional(literals(IMAGE_TYPES)),
  scale: t.Optional(t.Integer({ minimum: 1, maximum: 10, description: "Module size in pixels (PNG) or units (SVG); default 3" })),
  source: t.Optional(literals(["native", "linked"] as const)),
});


export const ScanResultSchema = t.Object({
  pk: t.Integer(),
  data: t.String(),
  timestamp: t.String(),
  endpoint: t.Union([t.String(), t.Null()]),
  context: t.Unknown(),
  response: t.Unknown(),
  result: t.Boolean(),
  user: t.Union([t.Integer(), t.Null()]),
  user_detail: t.Union([UserBriefSchema, t.Null()]),
});

export const HistoryQuery = t.Object({
  limit: LimitQuery(),
  offset: OffsetQuery(),
  search: t.Optional(t.String({ maxLength: 200 })),
  ordering: t.Optional(t.String({ maxLength: 100 })),
  user: t.Optional(t.Integer({ minimum: 1 })),
  result: t.Optional(t.Union(["true", "false", "True", "False", "1", "0"].map((v) => t.Literal(v)))),
});

export const BulkDeleteBody = t.Object({
  items: t.Optional(t.Array(t.Integer({ minimum: 1 }), { maxItems: 10000 })),
  filters: t.Optional(t.Record(t.String(), t.Unknown())),
  all: t.Optional(t.Boolean({ description: "Delete every stored result (Binventory's explicit form of clearing the history)" })),
});

