import { type Static, t } from "elysia";

/** InvenTree's MetadataSerializer: `{metadata: {...}}`. */
export const MetadataSchema = t.Object({ metadata: t.Record(t.String(), t.Unknown()) });
export type MetadataOut = Static<typeof MetadataSchema>;

export const MetadataBody = t.Object({
  // Unknown, not Record: Elysia would turn an array into an object; the service checks it is a dict.
  metadata: t.Unknown({ title: "Metadata", description: "JSON metadata field, for use by external plugins" }),
});
type MetadataIn = Static<typeof MetadataBody>;

export const MetadataParams = t.Object({ model: t.String({ maxLength: 50 }), pk: t.Integer({ minimum: 1 }) });
