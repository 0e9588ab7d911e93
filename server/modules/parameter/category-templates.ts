/**
 * InvenTree's PartCategoryParameterTemplate (/api/part/category/parameters/): templates suggested
 * for a category's parts, with a default value. inventree-python's PartCategory
 * .getCategoryParameterTemplates (part.py:55-67) lists them by category, with or without parents.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, refuseDuplicate } from "../../db/dialect.ts";
import { categoryParameterTemplates, parameterTemplates, partCategories } from "../../db/tables.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { getCategoriesByIds } from "../part/service.ts";
import type { CategoryTemplateInput, CategoryTemplateListFilters, CategoryTemplateOut, CategoryTemplatePatch } from "./model.ts";
import { findTemplate, templateOut } from "./templates.ts";
import { convertToUnits } from "./units.ts";
import { str2bool } from "../../core/query.ts";
import { insertReturningId } from "../../db/insert.ts";

const notFoundLink = () => notFound("No PartCategoryParameterTemplate matches the given query.");

type LinkRow = typeof categoryParameterTemplates.$inferSelect;

async function toOut(db: Reads, rows: { link: LinkRow; template: typeof parameterTemplates.$inferSelect }[]): Promise<CategoryTemplateOut[]> {
  const categories = await getCategoriesByIds(db, [...new Set(rows.map((r) => r.link.category))]);
  return rows.map(({ link, template }) => ({
    pk: link.id,
    category: link.category,
    category_detail: categories.get(link.category) ?? null,
    template: link.template,
    template_detail: templateOut(template),
    default_value: link.default_value,
  }));
}

const select = (q: ReadQueries) =>
  q
    .select({ link: categoryParameterTemplates, template: parameterTemplates })
    .from(categoryParameterTemplates)
    .innerJoin(parameterTemplates, eq(parameterTemplates.id, categoryParameterTemplates.template))
    .$dynamic();

const categoryExists = async (db: Reads, id: number) => (await db.q.select({ id: partCategories.id }).from(partCategories).where(eq(partCategories.id, id)).limit(1)).length > 0;

/** The category and its ancestors, nearest first. */
async function withAncestors(db: Reads, id: number): Promise<number[]> {
  const out: number[] = [];
  let current: number | null = id;
  while (current !== null && !out.includes(current)) {
    out.push(current);
    const [row]: { parent: number | null }[] = await db.q.select({ parent: partCategories.parent }).from(partCategories).where(eq(partCategories.id, current)).limit(1);
    current = row?.parent ?? null;
  }
  return out;
}

/** GET: `category` (an unknown one filters nothing, as InvenTree), `fetch_parent` (str2bool, default true). */
export async function listCategoryTemplates(db: Reads, q: CategoryTemplateListFilters) {
  let where = undefined;
  if (q.category !== undefined && (await categoryExists(db, q.category))) {
    const fetchParent = q.fetch_parent === undefined ? true : str2bool(q.fetch_parent);
    where = fetchParent ? inArray(categoryParameterTemplates.category, await withAncestors(db, q.category)) : eq(categoryParameterTemplates.category, q.category);
  }
  const rows = await select(db.q).where(where).orderBy(asc(categoryParameterTemplates.id));
  const page = q.limit === undefined ? rows : rows.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  return { total: rows.length, rows: await toOut(db, page) };
}

export async function getCategoryTemplate(db: Reads, pk: number): Promise<CategoryTemplateOut> {
  const rows = await select(db.q).where(eq(categoryParameterTemplates.id, pk));
  if (!rows.length) throw notFoundLink();
  return (await toOut(db, rows))[0] as CategoryTemplateOut;
}

/**
 * InvenTree's clean(): both objects exist, the pair is unique, a default value converts to the
 * template's units. Runs inside the write's transaction, so a concurrent duplicate pair is refused here.
 */
async function validate(tx: Tx, v: Omit<LinkRow, "id">, self?: number): Promise<void> {
  const errors = new FieldErrorCollector();
  if (!(await categoryExists(tx, v.category))) errors.add("category", invalidPk(v.category));
  const template = await findTemplate(tx, v.template);
  if (!template) errors.add("template", invalidPk(v.template));
  if (template?.units && v.default_value !== "") {
    const converted = convertToUnits(v.default_value, template.units);
    if ("error" in converted) errors.add("default_value", converted.error);
  }
  const [clash] = await tx.q
    .select({ id: categoryParameterTemplates.id })
    .from(categoryParameterTemplates)
    .where(and(eq(categoryParameterTemplates.category, v.category), eq(categoryParameterTemplates.template, v.template), self !== undefined ? ne(categoryParameterTemplates.id, self) : undefined))
    .limit(1);
  if (clash) errors.add("non_field_errors", "The fields category, template must make a unique set.");
  errors.throwIfAny();
}

/** The check's 400 also when the unique index refuses a concurrent duplicate pair (PostgreSQL; dialect.ts refuseDuplicate). */
const pairUnique = <T>(write: Promise<T>): Promise<T> =>
  refuseDuplicate(write, "category_parameter_template_pair_idx", () => fieldError("non_field_errors", "The fields category, template must make a unique set."));

export async function createCategoryTemplate(db: Writes, input: CategoryTemplateInput): Promise<CategoryTemplateOut> {
  const values = { category: input.category, template: input.template, default_value: (input.default_value ?? "").trim() };
  const id = await pairUnique(db.write(async (tx) => {
    await validate(tx, values);
    return insertReturningId(tx, categoryParameterTemplates, values);
  }));
  return getCategoryTemplate(db, id);
}

export async function updateCategoryTemplate(db: Writes, pk: number, input: CategoryTemplatePatch): Promise<CategoryTemplateOut> {
  await pairUnique(db.write(async (tx) => {
    const [existing] = await forUpdate(tx, tx.q.select().from(categoryParameterTemplates).where(eq(categoryParameterTemplates.id, pk)).limit(1));
    if (!existing) throw notFoundLink();
    const values = {
      category: input.category ?? existing.category,
      template: input.template ?? existing.template,
      default_value: input.default_value !== undefined ? input.default_value.trim() : existing.default_value,
    };
    await validate(tx, values, pk);
    await tx.q.update(categoryParameterTemplates).set(values).where(eq(categoryParameterTemplates.id, pk));
  }));
  return getCategoryTemplate(db, pk);
}

export async function deleteCategoryTemplate(db: Writes, pk: number): Promise<void> {
  await db.write(async (tx) => {
    const gone = await tx.q.delete(categoryParameterTemplates).where(eq(categoryParameterTemplates.id, pk)).returning({ id: categoryParameterTemplates.id });
    if (!gone.length) throw notFoundLink();
  });
}
