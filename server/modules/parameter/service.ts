/**
 * InvenTree's unified parameters (/api/parameter/, API ≥ 429): one template's value on one object
 * of PARAMETER_MODEL_TYPES, unique per (model type, object, template). Values are validated and
 * converted by values.ts; what a deleted object leaves behind goes by cleanup-triggers.ts.
 */
import { type AnyColumn, and, asc, count, eq, inArray, ne, type SQL } from "drizzle-orm";
import type { Dialect, ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, refuseDuplicate, sqlFor } from "../../db/dialect.ts";
import { ofBoundTables, parameters, parameterTemplates, users } from "../../db/tables.ts";
import { FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { parseBoolQuery, parseOrdering } from "../../core/query.ts";
import { searchCondition } from "../../db/query.ts";
import type { BulkDelete, ParameterInput, ParameterListFilters, ParameterOut, ParameterPatch } from "./model.ts";
import { contentTypeLabel, parameterTargets, resolveModelType } from "./targets.ts";
import { findTemplate, templateOut } from "./templates.ts";
import { evaluateValue } from "./values.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { insertReturningId } from "../../db/insert.ts";

const notFoundParameter = () => notFound("No Parameter matches the given query.");

const columns = ofBoundTables(() => ({
  p: parameters,
  t: parameterTemplates,
  user: userBriefColumns(),
}));

const select = (q: ReadQueries) =>
  q.select(columns()).from(parameters).innerJoin(parameterTemplates, eq(parameterTemplates.id, parameters.template)).leftJoin(users, eq(users.id, parameters.updated_by)).$dynamic();

type Row = {
  p: typeof parameters.$inferSelect;
  t: typeof parameterTemplates.$inferSelect;
  user: UserBrief | null;
};

function toOut({ p, t, user }: Row): ParameterOut {
  return {
    pk: p.id,
    template: p.template,
    model_type: contentTypeLabel(p.model_type),
    model_id: p.model_id,
    data: p.data,
    data_numeric: p.data_numeric,
    note: p.note,
    updated: p.updated,
    updated_by: p.updated_by,
    template_detail: templateOut(t),
    updated_by_detail: user && user.pk !== null ? user : null,
  };
}

/** ParameterList's ordering fields and aliases (name, units → the template's; data → numeric, then text). */
// Columns as themselves: the dialect's asc/desc give PostgreSQL SQLite's NULL placement and byte order.
const ORDERING = ofBoundTables((): Record<string, AnyColumn[]> => ({
  pk: [parameters.id],
  name: [parameterTemplates.name],
  units: [parameterTemplates.units],
  data: [parameters.data_numeric, parameters.data],
  template: [parameters.template],
  updated: [parameters.updated],
  updated_by: [parameters.updated_by],
}));

function orderBy(ordering: string | undefined, dialect: Dialect): SQL[] {
  const d = sqlFor(dialect);
  const fields = ORDERING();
  const terms = parseOrdering(ordering, Object.keys(fields)).flatMap((o) => (fields[o.field] ?? []).map((c) => (o.desc ? d.desc(c) : d.asc(c))));
  return [...terms, asc(parameters.id)];
}

type Filters = Pick<ParameterListFilters, "model_type" | "model_id" | "template" | "updated_by" | "enabled" | "search">;

function listWhere(q: Filters): SQL | undefined {
  const enabled = parseBoolQuery(q.enabled);
  let modelType: SQL | undefined;
  if (q.model_type !== undefined) {
    const type = resolveModelType(q.model_type);
    modelType = type ? eq(parameters.model_type, type) : sqlFor().never;
  }
  return and(
    modelType,
    q.model_id !== undefined ? eq(parameters.model_id, q.model_id) : undefined,
    q.template !== undefined ? eq(parameters.template, q.template) : undefined,
    q.updated_by !== undefined ? eq(parameters.updated_by, q.updated_by) : undefined,
    enabled !== undefined ? eq(parameterTemplates.enabled, enabled) : undefined,
    searchCondition(q.search, [parameters.data, parameterTemplates.name, parameterTemplates.description, parameterTemplates.units]),
  );
}

/** GET /api/parameter/: filters model_type, model_id, template, updated_by, enabled; search; ordering. */
export async function listParameters(db: Reads, q: ParameterListFilters) {
  const where = listWhere(q);
  const total =
    q.limit === undefined
      ? 0
      : ((await db.q.select({ n: count() }).from(parameters).innerJoin(parameterTemplates, eq(parameterTemplates.id, parameters.template)).where(where))[0]?.n ?? 0);
  let query = select(db.q).where(where).orderBy(...orderBy(q.ordering, db.dialect));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: (await query).map(toOut) };
}

export async function getParameter(db: Reads, pk: number): Promise<ParameterOut> {
  const [r] = await select(db.q).where(eq(parameters.id, pk)).limit(1);
  if (!r) throw notFoundParameter();
  return toOut(r);
}

interface Target {
  template: number;
  model_type: string;
  model_id: number;
  data: string;
  note: string;
}

/**
 * Validates a whole (merged) parameter; the values to store. Every bad field at once, as DRF. Runs
 * inside the write's transaction, so a concurrent second value for the same template and object is refused here.
 */
async function validate(tx: Tx, v: Target, self?: number) {
  const errors = new FieldErrorCollector();
  const template = await findTemplate(tx, v.template);
  if (!template) errors.add("template", invalidPk(v.template));
  const type = resolveModelType(v.model_type);
  if (!type) errors.add("model_type", "Content type not found");
  else {
    const target = parameterTargets()[type];
    if ((await tx.q.select({ id: target.id }).from(target.table).where(eq(target.id, v.model_id)).limit(1)).length === 0) errors.add("model_id", invalidPk(v.model_id));
  }
  if (v.data.trim() === "") errors.add("data", "This field may not be blank.");
  let value: { data: string; data_numeric: number | null } | undefined;
  if (template && v.data.trim() !== "") {
    const evaluated = evaluateValue(template, v.data);
    if ("error" in evaluated) errors.add("data", evaluated.error);
    else value = evaluated;
  }
  if (template && type) {
    const [clash] = await tx.q
      .select({ id: parameters.id })
      .from(parameters)
      .where(and(eq(parameters.model_type, type), eq(parameters.model_id, v.model_id), eq(parameters.template, v.template), self !== undefined ? ne(parameters.id, self) : undefined))
      .limit(1);
    if (clash) errors.add("non_field_errors", "The fields model_type, model_id, template must make a unique set.");
  }
  errors.throwIfAny();
  if (!type || !value) throw new Error("unreachable: validated parameter without type or value");
  return { template: v.template, model_type: type, model_id: v.model_id, note: v.note, ...value };
}

/** The check's 400 also when the unique index refuses a concurrent duplicate (PostgreSQL; dialect.ts refuseDuplicate). */
const targetUnique = <T>(write: Promise<T>): Promise<T> =>
  refuseDuplicate(write, "parameter_target_template_idx", () => fieldError("non_field_errors", "The fields model_type, model_id, template must make a unique set."));

/** POST /api/parameter/: stamps updated / updated_by with the caller, as InvenTree's serializer. */
export async function createParameter(db: Writes, input: ParameterInput, user: number): Promise<ParameterOut> {
  const id = await targetUnique(db.write(async (tx) => {
    const values = await validate(tx, { ...input, note: input.note ?? "" });
    return insertReturningId(tx, parameters, { ...values, updated: sqlFor(tx).now, updated_by: user });
  }));
  return getParameter(db, id);
}

/** PATCH / PUT: the merged parameter is validated again (value against its template, uniqueness). */
export async function updateParameter(db: Writes, pk: number, input: ParameterPatch, user: number): Promise<ParameterOut> {
  await targetUnique(db.write(async (tx) => {
    const [existing] = await forUpdate(tx, tx.q.select().from(parameters).where(eq(parameters.id, pk)).limit(1));
    if (!existing) throw notFoundParameter();
    const merged: Target = {
      template: input.template ?? existing.template,
      model_type: input.model_type ?? existing.model_type,
      model_id: input.model_id ?? existing.model_id,
      data: input.data ?? existing.data,
      note: input.note ?? existing.note,
    };
    const values = await validate(tx, merged, pk);
    await tx.q
      .update(parameters)
      .set({ ...values, updated: sqlFor(tx).now, updated_by: user })
      .where(eq(parameters.id, pk));
  }));
  return getParameter(db, pk);
}

export async function deleteParameter(db: Writes, pk: number): Promise<void> {
  await db.write(async (tx) => {
    const gone = await tx.q.delete(parameters).where(eq(parameters.id, pk)).returning({ id: parameters.id });
    if (!gone.length) throw notFoundParameter();
  });
}

/** inventree-python's bulkDelete: by pks and/or filters (both narrow), in one statement; the count deleted. */
export async function bulkDeleteParameters(db: Writes, body: BulkDelete): Promise<number> {
  const byItems = body.items?.length ? inArray(parameters.id, body.items) : undefined;
  const f = body.filters ?? {};
  const byFilters = Object.keys(f).length ? listWhere(f) : undefined;
  if (!byItems && !byFilters) {
    const errors = new FieldErrorCollector();
    errors.add("non_field_errors", "List of items or filters must be provided for bulk operation");
    errors.throwIfAny();
  }
  return db.write(async (tx) => {
    const ids = (await select(tx.q).where(and(byItems, byFilters))).map((r) => r.p.id);
    if (!ids.length) return 0;
    return (await tx.q.delete(parameters).where(inArray(parameters.id, ids)).returning({ id: parameters.id })).length;
  });
}

export { evaluateValue } from "./values.ts";
