import { type Static, Type } from "@sinclair/typebox";

/** The ABI version this server speaks; a plugin.json with another `abi` is refused. */
export const ABI_VERSION = 1;

/** Host functions a plugin may be granted, by name (module `extism:host/user`). */
export const HOST_FUNCTIONS = ["bv_get", "bv_search", "bv_stock_adjust", "bv_setting_get", "bv_log"] as const;
export type HostFunctionName = (typeof HOST_FUNCTIONS)[number];

export const SLUG_PATTERN = "^[a-z0-9][a-z0-9_-]{0,62}$";

export const SettingDefinition = Type.Object(
  {
    type: Type.Union([Type.Literal("string"), Type.Literal("integer"), Type.Literal("boolean"), Type.Literal("choice")]),
    name: Type.Optional(Type.String({ description: "Label shown to admins; defaults to the key." })),
    description: Type.Optional(Type.String()),
    default: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Boolean()])),
    required: Type.Optional(Type.Boolean({ description: "The plugin is not usable until this setting has a value." })),
    protected: Type.Optional(Type.Boolean({ description: "Secret: read back as *** through the API." })),
    choices: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: "Allowed values when type is choice." })),
    minimum: Type.Optional(Type.Integer()),
    maximum: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type SettingDefinition = Static<typeof SettingDefinition>;

export const PluginLimits = Type.Object(
  {
    fuel: Type.Optional(Type.Integer({ minimum: 1000, maximum: 10_000_000_000, description: "Instruction budget of one call (metered instructions, roughly wasm instructions)." })),
    memory_pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 16384, description: "Largest linear memory, in 64 KiB pages." })),
    max_output_bytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 * 1024 * 1024 })),
    host_memory_bytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, description: "Largest total of Extism memory blocks the plugin may allocate in one call." })),
    deadline_ms: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 300_000, description: "Wall time of one call in a plugin process before it is killed (default: 1 s + 1 ms per 10,000 fuel)." }),
    ),
  },
  { additionalProperties: false },
);
export type PluginLimits = Static<typeof PluginLimits>;

export const BarcodeKind = Type.Object(
  {
    patterns: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: "Regular expressions (JavaScript syntax); the plugin is called only for barcodes matching one." })),
    priority: Type.Optional(Type.Integer({ description: "Lower runs first; ties break by slug." })),
  },
  { additionalProperties: false },
);

export const ActionKind = Type.Object({ actions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 }) }, { additionalProperties: false });

export const ReportDeclaration = Type.Object(
  {
    key: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]*$" }),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    model: Type.String({ description: "What the report is about: stocklocation, stockitem, part, purchaseorder, salesorder, salesordershipment…" }),
    formats: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export const ReportKind = Type.Object({ reports: Type.Array(ReportDeclaration, { minItems: 1 }) }, { additionalProperties: false });

export const PluginKinds = Type.Object(
  { barcode: Type.Optional(BarcodeKind), action: Type.Optional(ActionKind), report: Type.Optional(ReportKind) },
  { additionalProperties: false, minProperties: 1 },
);

export const PluginBuild = Type.Object(
  {
    language: Type.Union([Type.Literal("assemblyscript"), Type.Literal("rust"), Type.Literal("c"), Type.Literal("wat")]),
    source: Type.String(),
  },
  { additionalProperties: true, description: "How scripts/build-plugins.ts builds plugin.wasm; ignored by the server." },
);

/** `plugin.json`: everything the server needs to know before it instantiates a plugin. */
export const PluginManifest = Type.Object(
  {
    abi: Type.Integer({ description: `ABI version; this server speaks ${ABI_VERSION}.` }),
    slug: Type.String({ pattern: SLUG_PATTERN, description: "Unique key; also the folder name." }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    version: Type.String({ minLength: 1, maxLength: 50 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    author: Type.Optional(Type.String()),
    license: Type.Optional(Type.String()),
    website: Type.Optional(Type.String()),
    min_server_version: Type.Optional(Type.String({ pattern: "^\\d+\\.\\d+\\.\\d+$" })),
    kinds: PluginKinds,
    settings: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Z][A-Z0-9_]*$" }), SettingDefinition)),
    permissions: Type.Optional(Type.Array(Type.Union(HOST_FUNCTIONS.map((f) => Type.Literal(f))), { uniqueItems: true })),
    limits: Type.Optional(PluginLimits),
    build: Type.Optional(PluginBuild),
  },
  { additionalProperties: false, $id: "https://binventory.dev/schema/plugin.json" },
);
export type PluginManifest = Static<typeof PluginManifest>;
