/**
 * Parameter templates (InvenTree's /api/parameter/template/): list with InvenTree's filters,
 * create / edit / delete with its validation. Deleting a template deletes its parameters
 * (foreign-key cascade); editing its units or checkbox recomputes them in the same transaction.
 */
import { and, asc, eq, exists, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, refuseDuplicate, sqlFor } from "../../db/dialect.ts";
import { ofBoundTables, parameters, parameterTemplates } from "../../db/tables.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { TemplateInput, TemplateListFilters, TemplateOut, TemplatePatch } from "./model.ts";
import { contentTypeLabel, resolveModelType } from "./targets.ts";
import { isValidUnits } from "./units.ts";
import { recomputeValue } from "./values.ts";

type TemplateRow = typeof parameterTemplates.$inferSelect;

const notFoundTemplate = () => notFound("No ParameterTemplate matches the given query.");

/** The template as InvenTree shows it (also nested as a parameter's template_detail). */
export function templateOut(r: TemplateRow): TemplateOut {
  return {
    pk: r.id,
    name: r.name,
    units: r.units,
    description: r.description,
    model_type: r.model_type === null ? null : contentTypeLabel(r.model_type),
    checkbox: r.checkbox,
    choices: r.choices,
    selectionlist: null,
    enabled: r.enabled,
  };
}

const ORDERING = ofBoundTables(() => ({ pk: parameterTemplates.id, name: parameterTemplates.name, units: parameterTemplates.units, checkbox: parameterTemplates.checkbox }));
const NOTHING = (): SQL => sqlFor().never;

/** A model type filter value: the model name, or NOTHING when it names no parameter model (InvenTree answers an empty list). */
function modelTypeCondition(value: string, allowNull: boolean): SQL | undefined {
  const type = resolveModelType(value);
  if (!type) return NOTHING();
  const same = eq(parameterTemplates.model_type, type);
  return allowNull ? or(same, isNull(parameterTemplates.model_type)) : same;
}

function boolCondition(value: string | undefined, test: (on: boolean) => SQL | undefined): SQL | undefined {
  const on = parseBoolQuery(value);
  return on === undefined ? undefined : test(on);
}

/** GET /api/parameter/template/: InvenTree's ParameterTemplateFilter, search on name and description. */
export async function listTemplates(db: Reads, q: TemplateListFilters) {
  const existsFor = q.exists_for_model !== undefined ? resolveModelType(q.exists_for_model) : undefined;
  const where = and(
    q.name !== undefined ? eq(parameterTemplates.name, q.name) : undefined,
    q.units !== undefined ? eq(parameterTemplates.units, q.units) : undefined,
    boolCondition(q.checkbox, (on) => eq(parameterTemplates.checkbox, on)),
    boolCondition(q.enabled, (on) => eq(parameterTemplates.enabled, on)),
    boolCondition(q.has_choices, (on) => (on ? ne(parameterTemplates.choices, "") : eq(parameterTemplates.choices, ""))),
    boolCondition(q.has_units, (on) => (on ? ne(parameterTemplates.units, "") : eq(parameterTemplates.units, ""))),
    q.model_type !== undefined ? modelTypeCondition(q.model_type, false) : undefined,
    q.for_model !== undefined ? modelTypeCondition(q.for_model, true) : undefined,
    q.exists_for_model === undefined
      ? undefined
      : existsFor
        ? exists(db.q.select({ one: sql`1` }).from(parameters).where(and(eq(parameters.template, parameterTemplates.id), eq(parameters.model_type, existsFor))))
        : NOTHING(),
    searchCondition(q.search, [parameterTemplates.name, parameterTemplates.description]),
  );
  const rows = await db.q
    .select()
    .from(parameterTemplates)
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING(), [asc(parameterTemplates.id)], parameterTemplates.id));
  const page = q.limit === undefined ? rows : rows.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  return { total: rows.length, rows: page.map(templateOut) };
}

export async function findTemplate(db: Reads, pk: number): Promise<TemplateRow | undefined> {
  return (await db.q.select().from(parameterTemplates).where(eq(parameterTemplates.id, pk)).limit(1))[0];
}

export async function getTemplate(db: Reads, pk: number): Promise<TemplateOut> {
  const row = await findTemplate(db, pk);
  if (!row) throw notFoundTemplate();
  return templateOut(row);
}

type TemplateValues = Omit<TemplateRow, "id">;

/**
 * InvenTree's ParameterTemplate.clean() and validate_unique(), every bad field at once. Runs inside
 * the write's transaction, so a concurrent template of the same name is refused here.
 */
async function validateTemplate(tx: Tx, v: TemplateValues, modelTypeInput: string | null | undefined, self?: number): Promise<void> {
  const errors = new FieldErrorCollector();
  if (v.name.trim() === "") errors.add("name", "This field may not be blank.");
  else {
    const [clash] = await tx.q
      .select({ id: parameterTemplates.id })
      .from(parameterTemplates)
      .where(and(sql`lower(${parameterTemplates.name}) = lower(${v.name})`, self !== undefined ? ne(parameterTemplates.id, self) : undefined))
      .limit(1);
    if (clash) errors.add("name", "Parameter template name must be unique");
  }
  if (v.units !== "" && !isValidUnits(v.units)) errors.add("units", "Invalid physical unit");
  if (modelTypeInput && v.model_type === null) errors.add("model_type", "Content type not found");
  if (v.checkbox && v.units !== "") errors.add("units", "Checkbox parameters cannot have units");
  if (v.checkbox && v.choices !== "") errors.add("choices", "Checkbox parameters cannot have choices");
  const seen = new Set<string>();
  for (const choice of v.choices.split(",").map((c) => c.trim())) {
    if (!choice) continue;
    if (seen.has(choice)) {
      errors.add("choices", "Choices must be unique");
      break;
    }
    seen.add(choice);
  }
  errors.throwIfAny();
}

/** "" and null mean every model type (InvenTree's validate_model_type); else the model name, or null when unknown (validated above). */
const modelTypeOf = (input: string | null | undefined): string | null => (input ? (resolveModelType(input) ?? null) : null);

/** POST /api/parameter/template/. */
/** The check's 400 also when the unique index refuses a concurrent duplicate name (PostgreSQL; dialect.ts refuseDuplicate). */
const nameUnique = <T>(write: Promise<T>): Promise<T> => refuseDuplicate(write, "parameter_template_name_idx", () => fieldError("name", "Parameter template name must be unique"));

export async function createTemplate(db: Writes, input: TemplateInput): Promise<TemplateOut> {
  const values: TemplateValues = {
    name: input.name.trim(),
    units: (input.units ?? "").trim(),
    description: input.description ?? "",
    model_type: modelTypeOf(input.model_type),
    checkbox: input.checkbox ?? false,
    choices: (input.choices ?? "").trim(),
    enabled: input.enabled ?? true,
  };
  const row = await nameUnique(db.write(async (tx) => {
    await validateTemplate(tx, values, input.model_type);
    const [inserted] = await tx.q.insert(parameterTemplates).values(values).returning();
    if (!inserted) throw new Error("insert returned no row");
    return inserted;
  }));
  return templateOut(row);
}

/** PATCH / PUT: the merged template is validated as a whole; its parameters follow a change of units or checkbox. */
export async function updateTemplate(db: Writes, pk: number, input: TemplatePatch): Promise<TemplateOut> {
  return nameUnique(db.write(async (tx) => {
    const existing = await findTemplate(tx, pk);
    if (!existing) throw notFoundTemplate();
    const { id: _, ...current } = existing;
    const values: TemplateValues = {
      ...current,
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.units !== undefined && { units: input.units.trim() }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.model_type !== undefined && { model_type: modelTypeOf(input.model_type) }),
      ...(input.checkbox !== undefined && { checkbox: input.checkbox }),
      ...(input.choices !== undefined && { choices: input.choices.trim() }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
    };
    await validateTemplate(tx, values, input.model_type, pk);
    await tx.q.update(parameterTemplates).set(values).where(eq(parameterTemplates.id, pk));
    if (values.units !== existing.units || values.checkbox !== existing.checkbox) {
      // Locked on PostgreSQL: a concurrent edit of one of them must not be overwritten with the data read here.
      for (const p of await forUpdate(tx, tx.q.select({ id: parameters.id, data: parameters.data }).from(parameters).where(eq(parameters.template, pk)))) {
        await tx.q.update(parameters).set(recomputeValue(values, p.data)).where(eq(parameters.id, p.id));
      }
    }
    return templateOut({ id: pk, ...values });
  }));
}

/** DELETE: the template and (cascade) every parameter of it. */
export async function deleteTemplate(db: Writes, pk: number): Promise<void> {
  await db.write(async (tx) => {
    const gone = await tx.q.delete(parameterTemplates).where(eq(parameterTemplates.id, pk)).returning({ id: parameterTemplates.id });
    if (!gone.length) throw notFoundTemplate();
  });
}
