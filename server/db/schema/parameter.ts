import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool } from "./common.ts";
import { partCategories } from "./part.ts";
import { users } from "./user.ts";

/**
 * InvenTree's unified ParameterTemplate (API ≥ 429): a named, optionally typed value any model
 * type may carry. `model_type` is InvenTree's model name ("part") or null for every model.
 * Names are unique ignoring case (InvenTree's validate_unique), hence the lower() index.
 */
export const parameterTemplates = sqliteTable(
  "parameter_template",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    units: text("units").notNull().default(""),
    description: text("description").notNull().default(""),
    model_type: text("model_type"),
    checkbox: bool("checkbox").notNull().default(false),
    /** Comma-separated valid values ("" = any value), as InvenTree stores them. */
    choices: text("choices").notNull().default(""),
    enabled: bool("enabled").notNull().default(true),
  },
  (t) => [uniqueIndex("parameter_template_name_idx").on(sql`lower(${t.name})`)],
);

/** InvenTree's unified Parameter: one template's value on one object (model type + pk). */
export const parameters = sqliteTable(
  "parameter",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    template: integer("template_id")
      .notNull()
      .references(() => parameterTemplates.id, { onDelete: "cascade" }),
    model_type: text("model_type").notNull(),
    model_id: integer("model_id").notNull(),
    data: text("data").notNull(),
    /** The value as a number in the template's units; null when it is not numeric. */
    data_numeric: real("data_numeric"),
    note: text("note").notNull().default(""),
    /** ISO-8601 time of the last write (InvenTree's UpdatedUserMixin). */
    updated: text("updated"),
    updated_by: integer("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("parameter_target_template_idx").on(t.model_type, t.model_id, t.template), index("parameter_template_idx").on(t.template)],
);

/**
 * InvenTree's PartCategoryParameterTemplate (/api/part/category/parameters/): a template suggested
 * for the parts of a category (and its subcategories), with a default value. Unique per pair.
 */
export const categoryParameterTemplates = sqliteTable(
  "part_category_parameter_template",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    category: integer("category_id")
      .notNull()
      .references(() => partCategories.id, { onDelete: "cascade" }),
    template: integer("template_id")
      .notNull()
      .references(() => parameterTemplates.id, { onDelete: "cascade" }),
    default_value: text("default_value").notNull().default(""),
  },
  (t) => [uniqueIndex("category_parameter_template_pair_idx").on(t.category, t.template), index("category_parameter_template_template_idx").on(t.template)],
);
