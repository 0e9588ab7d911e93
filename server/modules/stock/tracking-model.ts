import { OutInt } from "../../core/response-schema.ts";
import { t, type Static } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { UserBriefSchema } from "../user/model.ts";

/** A stock tracking entry as InvenTree's StockTrackingSerializer shows it, plus the acting plugin. */
export const TrackingSchema = t.Object({
  pk: OutInt(),
  item: OutInt(),
  date: t.String(),
  tracking_type: OutInt(),
  label: t.String({ description: "InvenTree's text for tracking_type" }),
  notes: t.String(),
  deltas: t.Record(t.String(), t.Unknown()),
  user: t.Union([OutInt(), t.Null()]),
  user_detail: t.Union([UserBriefSchema, t.Null()]),
  plugin: t.Union([t.String(), t.Null()], { description: "Slug of the plugin that made the change" }),
});
export type TrackingOut = Static<typeof TrackingSchema>;

export const TrackingListQuery = t.Object({
  ...ListQuery,
  item: t.Optional(t.Integer({ minimum: 1 })),
  user: t.Optional(t.Integer({ minimum: 1 })),
  tracking_type: t.Optional(t.Integer({ minimum: 0 })),
});
export type TrackingListQueryIn = Static<typeof TrackingListQuery>;
