import { t } from "elysia";

export const PkParams = t.Object({ pk: t.Integer({ minimum: 1 }) });

/** InvenTree's StatusView body: `{class, values: {NAME: {key, name, label, color}}}`. */
export const StatusClassSchema = t.Object({
  class: t.String(),
  values: t.Record(t.String(), t.Object({ key: t.Integer(), name: t.String(), label: t.String(), color: t.String() })),
});
