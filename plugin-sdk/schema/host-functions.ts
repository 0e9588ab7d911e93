import { type Static, Type } from "@sinclair/typebox";

/** Objects a plugin may read, by InvenTree's model names. */
export const MODELS = ["part", "partcategory", "stockitem", "stocklocation", "company", "supplierpart", "purchaseorder", "purchaseorderline", "salesorder", "salesorderline", "salesordershipment"] as const;
export const ModelName = Type.Union(MODELS.map((m) => Type.Literal(m)));
export type ModelName = (typeof MODELS)[number];

/** bv_search: rows of one answer when the plugin names no `limit`, and the most it may name. */
export const SEARCH_LIMIT = { default: 100, maximum: 1000 } as const;

export const GetRequest = Type.Object({ model: ModelName, pk: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const SearchRequest = Type.Object(
  {
    model: ModelName,
    filters: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT.maximum, default: SEARCH_LIMIT.default })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export const StockAdjustRequest = Type.Object(
  {
    op: Type.Union([Type.Literal("add"), Type.Literal("remove"), Type.Literal("count"), Type.Literal("transfer")]),
    items: Type.Array(Type.Object({ pk: Type.Integer({ minimum: 1 }), quantity: Type.Number({ minimum: 0 }) }), { minItems: 1, maxItems: 1000 }),
    location: Type.Optional(Type.Integer({ minimum: 1 })),
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const SettingGetRequest = Type.Object({ key: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export const LogRequest = Type.Object(
  { level: Type.Union([Type.Literal("debug"), Type.Literal("info"), Type.Literal("warn"), Type.Literal("error")]), message: Type.String({ maxLength: 10_000 }) },
  { additionalProperties: false },
);

/** Every host function answers with this envelope, JSON in an Extism memory block. */
export const HostResponse = Type.Union([
  Type.Object({ ok: Type.Literal(true), data: Type.Unknown() }),
  Type.Object({ ok: Type.Literal(false), error: Type.String() }),
]);
export type HostResponse = Static<typeof HostResponse>;

export const HOST_FUNCTION_REQUESTS = {
  bv_get: GetRequest,
  bv_search: SearchRequest,
  bv_stock_adjust: StockAdjustRequest,
  bv_setting_get: SettingGetRequest,
  bv_log: LogRequest,
} as const;
