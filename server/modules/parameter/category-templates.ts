/**
 * InvenTree's PartCategoryParameterTemplate (/api/part/category/parameters/): templates suggested
 * for a category's parts, with a default value. inventree-python's PartCategory
 * .getCategoryParameterTemplates (part.py:55-67) lists them by category, with or without parents.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { categoryParameterTemplates, parameterTemplates } from "../../db/schema/parameter.ts";
import { partCategories } from "../../db/schema/part.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { getCategoriesByIds } from "../part/service.ts";
import type { CategoryTemplateInput, CategoryTemplateListFilters, CategoryTemplateOut, CategoryTemplatePatch } from "./model.ts";
import { findTemplate, templateOut } from "./templates.ts";
import { convertToUnits } from "./units.ts";
import { str2bool } from "../../core/query.ts";

const notFoundLink = () => notFound("No PartCategoryParameterTemplate matches the given query.");

type LinkRow = typeof categoryParameterTemplates.$inferSelect;

function toOut(db: DbOrTx, rows: { link: LinkRow; template: typeof parameterTemplates.$inferSelect }[]): CategoryTemplateOut[] {
  const categories = getCategoriesByIds(db, [...new Set(rows.map((r) => r.link.category))]);
  return rows.map(({ link, template }) => ({
    pk: link.id,
    category: link.category,
    category_detail: categories.get(link.category) ?? null,
    template: link.template,
    template_detail: templateOut(template),
    default_value: link.default_value,
  }));
}

const select = (db: DbOrTx) =>
  db
    .select({ link: categoryParameterTemplates, template: parameterTemplates })
    .from(categoryParameterTemplates)
    .innerJoin(parameterTemplates, eq(parameterTemplates.id, categoryParameterTemplates.template))
    .$dynamic();

/** The category and its ancestors, nearest first. */
function withAncestors(db: DbOrTx, id: number): number[] {
  const out: number[] = [];
  let current: number | null = id;
  while (current !== null && !out.includes(current)) {
    out.push(current);
    current = db.select({ parent: partCategories.parent }).from(partCategories).where(eq(partCategories.id, current)).get()?.parent ?? null;
  }
  return out;
}

/** GET: `category` (an unknown one filters nothing, as InvenTree), `fetch_parent` (str2bool, default true). */
export function listCategoryTemplates(db: DbOrTx, q: CategoryTemplateListFilters) {
  let where = undefined;
  if (q.category !== undefined && db.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, q.category)).get()) {
    const fetchParent = q.fetch_parent === undefined ? true : str2bool(q.fetch_parent);
    where = fetchParent ? inArray(categoryParameterTemplates.category, withAncestors(db, q.category)) : eq(categoryParameterTemplates.category, q.category);
  }
  const rows = select(db).where(where).orderBy(asc(categoryParameterTemplates.id)).all();
  const page = q.limit === undefined ? rows : rows.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  return { total: rows.length, rows: toOut(db, page) };
}

export function getCategoryTemplate(db: DbOrTx, pk: number): CategoryTemplateOut {
  const rows = select(db).where(eq(categoryParameterTemplates.id, pk)).all();
  if (!rows.length) throw notFoundLink();
  return toOut(db, rows)[0] as CategoryTemplateOut;
}

/** InvenTree's clean(): both objects exist, the pair is unique, a default value converts to the template's units. */
function validate(db: DbOrTx, v: Omit<LinkRow, "id">, self?: number): void {
  const errors = new FieldErrorCollector();
  if (!db.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, v.category)).get()) errors.add("category", invalidPk(v.category));
  const template = findTemplate(db, v.template);
  if (!template) errors.add("template", invalidPk(v.template));
  if (template?.units && v.default_value !== "") {
    const converted = convertToUnits(v.default_value, template.units);
    if ("error" in converted) errors.add("default_value", converted.error);
  }
  const clash = db
    .select({ id: categoryParameterTemplates.id })
    .from(categoryParameterTemplates)
    .where(and(eq(categoryParameterTemplates.category, v.category), eq(categoryParameterTemplates.template, v.template), self !== undefined ? ne(categoryParameterTemplates.id, self) : undefined))
    .get();
  if (clash) errors.add("non_field_errors", "The fields category, template must make a unique set.");
  errors.throwIfAny();
}

export function createCategoryTemplate(db: DbOrTx, input: CategoryTemplateInput): CategoryTemplateOut {
  const values = { category: input.category, template: input.template, default_value: (input.default_value ?? "").trim() };
  validate(db, values);
  const id = db.insert(categoryParameterTemplates).values(values).returning({ id: categoryParameterTemplates.id }).get().id;
  return getCategoryTemplate(db, id);
}

export function updateCategoryTemplate(db: DbOrTx, pk: number, input: CategoryTemplatePatch): CategoryTemplateOut {
  const existing = db.select().from(categoryParameterTemplates).where(eq(categoryParameterTemplates.id, pk)).get();
  if (!existing) throw notFoundLink();
  const values = {
    category: input.category ?? existing.category,
    template: input.template ?? existing.template,
    default_value: input.default_value !== undefined ? input.default_value.trim() : existing.default_value,
  };
  validate(db, values, pk);
  db.update(categoryParameterTemplates).set(values).where(eq(categoryParameterTemplates.id, pk)).run();
  return getCategoryTemplate(db, pk);
}

export function deleteCategoryTemplate(db: DbOrTx, pk: number): void {
  const gone = db.delete(categoryParameterTemplates).where(eq(categoryParameterTemplates.id, pk)).returning({ id: categoryParameterTemplates.id }).all();
  if (!gone.length) throw notFoundLink();
}
