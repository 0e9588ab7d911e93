import { t } from "elysia";

export const GlobalSettingSchema = t.Object({
  pk: t.Integer(),
  key: t.String(),
  value: t.String(),
  name: t.String(),
  description: t.String(),
  type: t.String(),
  units: t.String(),
  choices: t.Union([t.Array(t.Object({ value: t.String(), display_name: t.String() })), t.Null()]),
  model_name: t.Null(),
  api_url: t.Null(),
  typ: t.String(),
  required: t.Boolean(),
});

/** InvenTree's UserSettingsSerializer: the global shape plus the owner. */
export const UserSettingSchema = t.Composite([GlobalSettingSchema, t.Object({ user: t.Integer() })]);

export const SettingKeyParams = t.Object({ key: t.String({ maxLength: 100 }) });

/** `value` as InvenTree's forms send it: a string, though numbers and booleans are accepted too. */
export const SettingValueBody = t.Object({ value: t.Union([t.String({ maxLength: 2000 }), t.Number(), t.Boolean()]) });
