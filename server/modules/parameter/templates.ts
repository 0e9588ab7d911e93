/**
 * Parameter templates (InvenTree's /api/parameter/template/): list with InvenTree's filters,
 * create / edit / delete with its validation. Deleting a template deletes its parameters
 * (foreign-key cascade); editing its units or checkbox recomputes them in the same transaction.
 */
import { and, asc, eq, exists, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { parameters, parameterTemplates } from "../../db/schema/parameter.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { TemplateInput, TemplateListFilters, TemplateOut, TemplatePatch } from "./model.ts";
import { contentTypeLabel, resolveModelType } from "./targets.ts";
import { isValidUnits } from "./units.ts";
import { recomputeValue } from "./values.ts";
import { writeTransaction } from "../../db/write.ts";

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

const ORDERING = { pk: parameterTemplates.id, name: parameterTemplates.name, units: parameterTemplates.units, checkbox: parameterTemplates.checkbox };
const NOTHING = sql`0`;

/** A model type filter value: the model name, or NOTHING when it names no parameter model (InvenTree answers an empty list). */
function modelTypeCondition(value: string, allowNull: boolean): SQL | undefined {
  const type = resolveModelType(value);
  if (!type) return NOTHING;
  const same = eq(parameterTemplates.model_type, type);
  return allowNull ? or(same, isNull(parameterTemplates.model_type)) : same;
}

function boolCondition(value: string | undefined, test: (on: boolean) => SQL | undefined): SQL | undefined {
  const on = parseBoolQuery(value);
  return on === undefined ? undefined : test(on);
}

/** GET /api/parameter/template/: InvenTree's ParameterTemplateFilter, search on name and description. */
export function listTemplates(db: DbOrTx, q: TemplateListFilters) {
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
        ? exists(db.select({ one: sql`1` }).from(parameters).where(and(eq(parameters.template, parameterTemplates.id), eq(parameters.model_type, existsFor))))
        : NOTHING,
    searchCondition(q.search, [parameterTemplates.name, parameterTemplates.description]),
  );
  const rows = db
    .select()
    .from(parameterTemplates)
    .where(where)
    .orderBy(...orderingClause(q.ordering, ORDERING, [asc(parameterTemplates.id)], parameterTemplates.id))
    .all();
  const page = q.limit === undefined ? rows : rows.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  return { total: rows.length, rows: page.map(templateOut) };
}

export function findTemplate(db: DbOrTx, pk: number): TemplateRow | undefined {
  return db.select().from(parameterTemplates).where(eq(parameterTemplates.id, pk)).get();
}

export function getTemplate(db: DbOrTx, pk: number): TemplateOut {
  const row = findTemplate(db, pk);
  if (!row) throw notFoundTemplate();
  return templateOut(row);
}

type TemplateValues = Omit<TemplateRow, "id">;

/** InvenTree's ParameterTemplate.clean() and validate_unique(), every bad field at once. */
function validateTemplate(db: DbOrTx, v: TemplateValues, modelTypeInput: string | null | undefined, self?: number): void {
  const errors = new FieldErrorCollector();
  if (v.name.trim() === "") errors.add("name", "This field may not be blank.");
  else {
    const clash = db
      .select({ id: parameterTemplates.id })
      .from(parameterTemplates)
      .where(and(sql`lower(${parameterTemplates.name}) = lower(${v.name})`, self !== undefined ? ne(parameterTemplates.id, self) : undefined))
      .get();
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
export function createTemplate(db: DbOrTx, input: TemplateInput): TemplateOut {
  const values: TemplateValues = {
    name: input.name.trim(),
    units: (input.units ?? "").trim(),
    description: input.description ?? "",
    model_type: modelTypeOf(input.model_type),
    checkbox: input.checkbox ?? false,
    choices: (input.choices ?? "").trim(),
    enabled: input.enabled ?? true,
  };
  validateTemplate(db, values, input.model_type);
  const row = db.insert(parameterTemplates).values(values).returning().get();
  return templateOut(row);
}

/** PATCH / PUT: the merged template is validated as a whole; its parameters follow a change of units or checkbox. */
export function updateTemplate(db: DbOrTx, pk: number, input: TemplatePatch): TemplateOut {
  const existing = findTemplate(db, pk);
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
  validateTemplate(db, values, input.model_type, pk);
  return writeTransaction(db, (tx) => {
    tx.update(parameterTemplates).set(values).where(eq(parameterTemplates.id, pk)).run();
    if (values.units !== existing.units || values.checkbox !== existing.checkbox) {
      for (const p of tx.select({ id: parameters.id, data: parameters.data }).from(parameters).where(eq(parameters.template, pk)).all()) {
        tx.update(parameters).set(recomputeValue(values, p.data)).where(eq(parameters.id, p.id)).run();
      }
    }
    return templateOut({ id: pk, ...values });
  });
}

/** DELETE: the template and (cascade) every parameter of it. */
export function deleteTemplate(db: DbOrTx, pk: number): void {
  const gone = db.delete(parameterTemplates).where(eq(parameterTemplates.id, pk)).returning({ id: parameterTemplates.id }).all();
  if (!gone.length) throw notFoundTemplate();
}
