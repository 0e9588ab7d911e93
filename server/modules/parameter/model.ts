import { type Static, t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { withoutDefaults } from "../../core/schema.ts";
import { CategorySchema } from "../part/model.ts";
import { MODEL_TYPE_CHOICES } from "./targets.ts";
import { UserBriefSchema } from "../user/model.ts";

/** A parameter template as InvenTree's ParameterTemplateSerializer shows it (API ≥ 429). */
export const TemplateSchema = t.Object({
  pk: t.Integer(),
  name: t.String(),
  units: t.String(),
  description: t.String(),
  model_type: t.Union([t.String(), t.Null()], { description: '"<app_label>.<model>" ("part.part"), or null for every model type.' }),
  checkbox: t.Boolean(),
  choices: t.String(),
  selectionlist: t.Union([t.Integer(), t.Null()], { description: "Always null: selection lists are not implemented." }),
  enabled: t.Boolean(),
});
export type TemplateOut = Static<typeof TemplateSchema>;


/** A parameter as InvenTree's ParameterSerializer shows it, with template_detail and updated_by_detail. */
export const ParameterSchema = t.Object({
  pk: t.Integer(),
  template: t.Integer(),
  model_type: t.String({ description: '"<app_label>.<model>", e.g. "part.part".' }),
  model_id: t.Integer(),
  data: t.String(),
  data_numeric: t.Union([t.Number(), t.Null()]),
  note: t.String(),
  updated: t.Union([t.String(), t.Null()]),
  updated_by: t.Union([t.Integer(), t.Null()]),
  template_detail: TemplateSchema,
  updated_by_detail: t.Union([UserBriefSchema, t.Null()]),
});
export type ParameterOut = Static<typeof ParameterSchema>;

const modelTypeOpts = { title: "Model Type", "x-choices": MODEL_TYPE_CHOICES };

const templateFields = {
  name: t.String({ maxLength: 100, title: "Name", description: "Parameter Name" }),
  units: t.Optional(t.String({ maxLength: 25, title: "Units", description: "Physical units for this parameter", default: "" })),
  description: t.Optional(t.String({ maxLength: 250, title: "Description", description: "Parameter description", default: "" })),
  model_type: t.Optional(t.Union([t.String({ maxLength: 100 }), t.Null()], { ...modelTypeOpts, description: "Target model type for this parameter template", default: "" })),
  checkbox: t.Optional(t.Boolean({ title: "Checkbox", description: "Is this parameter a checkbox?", default: false })),
  choices: t.Optional(t.String({ maxLength: 5000, title: "Choices", description: "Valid choices for this parameter (comma-separated)", default: "" })),
  enabled: t.Optional(t.Boolean({ title: "Enabled", description: "Is this parameter template enabled?", default: true })),
};

export const TemplateCreateBody = t.Object(templateFields);
export type TemplateInput = Static<typeof TemplateCreateBody>;
export const TemplateUpdateBody = t.Partial(t.Object(withoutDefaults(templateFields)));
export type TemplatePatch = Static<typeof TemplateUpdateBody>;

const parameterFields = {
  template: t.Integer({ minimum: 1, title: "Template", description: "Parameter template", "x-related": { model: "parametertemplate", api_url: "/api/parameter/template/" } }),
  model_type: t.String({ maxLength: 100, ...modelTypeOpts }),
  model_id: t.Integer({ minimum: 0, title: "Model ID", description: "ID of the target model for this parameter" }),
  data: t.String({ maxLength: 500, minLength: 1, title: "Data", description: "Parameter Value" }),
  note: t.Optional(t.String({ maxLength: 500, title: "Note", description: "Optional note field", default: "" })),
};

export const ParameterCreateBody = t.Object(parameterFields);
export type ParameterInput = Static<typeof ParameterCreateBody>;
export const ParameterUpdateBody = t.Partial(t.Object(withoutDefaults(parameterFields)));
export type ParameterPatch = Static<typeof ParameterUpdateBody>;

export const TemplateListQuery = t.Object({
  ...ListQuery,
  name: t.Optional(t.String({ maxLength: 100 })),
  units: t.Optional(t.String({ maxLength: 25 })),
  checkbox: t.Optional(BoolQuery),
  enabled: t.Optional(BoolQuery),
  has_choices: t.Optional(BoolQuery),
  has_units: t.Optional(BoolQuery),
  model_type: t.Optional(t.String({ maxLength: 100 })),
  for_model: t.Optional(t.String({ maxLength: 100 })),
  exists_for_model: t.Optional(t.String({ maxLength: 100 })),
});
export type TemplateListFilters = Static<typeof TemplateListQuery>;

export const ParameterListQuery = t.Object({
  ...ListQuery,
  model_type: t.Optional(t.String({ maxLength: 100 })),
  model_id: t.Optional(t.Integer({ minimum: 0 })),
  template: t.Optional(t.Integer({ minimum: 0 })),
  updated_by: t.Optional(t.Integer({ minimum: 0 })),
  enabled: t.Optional(BoolQuery),
});
export type ParameterListFilters = Static<typeof ParameterListQuery>;

/** inventree-python's BulkDeleteMixin (Parameter has it, base.py:560): DELETE with `items` and/or `filters`. */
export const BulkDeleteBody = t.Object({
  items: t.Optional(t.Array(t.Integer({ minimum: 1 }), { maxItems: 10000 })),
  filters: t.Optional(
    t.Object({
      model_type: t.Optional(t.String({ maxLength: 100 })),
      model_id: t.Optional(t.Integer({ minimum: 0 })),
      template: t.Optional(t.Integer({ minimum: 0 })),
    }),
  ),
});
export type BulkDelete = Static<typeof BulkDeleteBody>;

/** InvenTree's CategoryParameterTemplateSerializer (API ≥ 429 names: template, template_detail). */
export const CategoryTemplateSchema = t.Object({
  pk: t.Integer(),
  category: t.Integer(),
  category_detail: t.Union([CategorySchema, t.Null()]),
  template: t.Integer(),
  template_detail: TemplateSchema,
  default_value: t.String(),
});
export type CategoryTemplateOut = Static<typeof CategoryTemplateSchema>;

const categoryTemplateFields = {
  category: t.Integer({ minimum: 1, title: "Category", description: "Part Category", "x-related": { model: "partcategory", api_url: "/api/part/category/" } }),
  template: t.Integer({ minimum: 1, title: "Parameter Template", description: "Parameter Template", "x-related": { model: "parametertemplate", api_url: "/api/parameter/template/" } }),
  default_value: t.Optional(t.String({ maxLength: 500, title: "Default Value", description: "Default Parameter Value", default: "" })),
};
export const CategoryTemplateCreateBody = t.Object(categoryTemplateFields);
export type CategoryTemplateInput = Static<typeof CategoryTemplateCreateBody>;
export const CategoryTemplateUpdateBody = t.Partial(t.Object(withoutDefaults(categoryTemplateFields)));
export type CategoryTemplatePatch = Static<typeof CategoryTemplateUpdateBody>;

export const CategoryTemplateListQuery = t.Object({
  ...ListQuery,
  category: t.Optional(t.Integer({ minimum: 0 })),
  fetch_parent: t.Optional(t.String({ maxLength: 10, description: "With category: also the templates of its parent categories (default true)." })),
});
export type CategoryTemplateListFilters = Static<typeof CategoryTemplateListQuery>;
