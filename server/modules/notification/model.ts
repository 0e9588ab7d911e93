import { t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";

const Ref = t.Union([t.Object({ model: t.String(), pk: t.Integer(), name: t.String(), link: t.Optional(t.String()) }), t.Null()]);

/** InvenTree's NotificationMessageSerializer (common/serializers.py). */
export const NotificationSchema = t.Object({
  pk: t.Integer(),
  target: Ref,
  source: Ref,
  user: t.Integer(),
  category: t.String(),
  name: t.String(),
  message: t.String(),
  creation: t.String(),
  age: t.Integer(),
  age_human: t.String(),
  read: t.Boolean(),
});

/** InvenTree's NotificationList filters: `read`, `category`, search over name and message. */
export const NotificationListQuery = t.Object({
  ...ListQuery,
  read: t.Optional(BoolQuery),
  category: t.Optional(t.String({ maxLength: 100 })),
});

export const NotificationPatchBody = t.Object({ read: t.Optional(t.Boolean({ title: "Read" })) });
