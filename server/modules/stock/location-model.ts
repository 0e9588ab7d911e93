import { OutInt } from "../../core/response-schema.ts";
import { t, type Static } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { withDefaults } from "../../core/schema.ts";
import { QueryBool } from "./query-params.ts";

/** A stock location as InvenTree's LocationSerializer shows it. */
export const LocationSchema = t.Object({
  pk: OutInt(),
  name: t.String(),
  description: t.String(),
  parent: t.Union([OutInt(), t.Null()]),
  pathstring: t.String({ description: "Names from the root down, joined by '/'" }),
  level: OutInt({ description: "Depth in the tree; 0 for a top-level location" }),
  structural: t.Boolean(),
  external: t.Boolean(),
  icon: t.String(),
  barcode_hash: t.String(),
  items: OutInt({ description: "Stock items here and in every sublocation" }),
  sublocations: OutInt({ description: "Locations below this one, at any depth" }),
  location_type: t.Union([OutInt(), t.Null()], { description: "Always null: Binventory has no location types" }),
});
export type LocationOut = Static<typeof LocationSchema>;

/** A location in another object's `location_detail` (InvenTree's LocationBriefSerializer). */
export const LocationBriefSchema = t.Object({ pk: OutInt(), name: t.String(), pathstring: t.String() });
export type LocationBrief = Static<typeof LocationBriefSchema>;

const fields = {
  name: t.String({ minLength: 1, maxLength: 100 }),
  description: t.String({ maxLength: 250 }),
  parent: t.Union([t.Integer({ minimum: 1 }), t.Null()]),
  structural: t.Boolean(),
  external: t.Boolean(),
  icon: t.String({ maxLength: 100 }),
};

/** PUT: the writable fields, `name` required (as DRF); an omitted field keeps its value. */
export const LocationPutBody = t.Object({
  name: fields.name,
  description: t.Optional(fields.description),
  parent: t.Optional(fields.parent),
  structural: t.Optional(fields.structural),
  external: t.Optional(fields.external),
  icon: t.Optional(fields.icon),
});
/** POST: as PUT, with the defaults OPTIONS announces (the app's form sends them for untouched booleans). */
export const LocationCreateBody = t.Object(withDefaults(LocationPutBody.properties, { structural: false, external: false }));
export type LocationCreate = Static<typeof LocationCreateBody>;

/** PATCH: any subset of the writable fields. */
export const LocationPatchBody = t.Partial(LocationPutBody);
export type LocationPatch = Static<typeof LocationPatchBody>;

export const LocationListQuery = t.Object({
  ...ListQuery,
  parent: t.Optional(t.Union([t.Integer({ minimum: 1 }), t.Literal("null")], { description: "Children of this location; 'null' for top level" })),
  cascade: QueryBool,
  top_level: QueryBool,
  depth: t.Optional(t.Integer({ minimum: 0 })),
  structural: QueryBool,
  external: QueryBool,
  name: t.Optional(t.String({ maxLength: 100 })),
});
export type LocationListQueryIn = Static<typeof LocationListQuery>;
