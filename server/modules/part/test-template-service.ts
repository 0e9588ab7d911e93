/**
 * Part test templates (InvenTree's PartTestTemplate): the tests a testable part's stock items
 * should pass. The key is derived from the name and unique per part; deleting a template deletes
 * the results recorded against it, as InvenTree's cascade does.
 */
import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { forUpdate, lockKey, sqlFor } from "../../db/dialect.ts";
import type { partTestTemplates as templatesTable } from "../../db/schema/part.ts";
import { ofBoundTables, parts, partTestTemplates } from "../../db/tables.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { orderingClause, searchCondition } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { generateTestKey } from "../stock/service.ts";
import type { TestTemplateCreate, TestTemplateListQueryIn, TestTemplateOut, TestTemplatePatch } from "./test-template-model.ts";
import { insertReturningId } from "../../db/insert.ts";

type TemplateRow = typeof templatesTable.$inferSelect;

// Spelt out: drizzle leaves the table off columns in a one-table select, which would make `id` the result's own.
const resultCount = sql<number>`(SELECT COUNT(*) FROM stock_test_result r WHERE r.template_id = "part_test_template"."id")`.mapWith(Number);

const selectTemplates = (q: ReadQueries) => q.select({ t: partTestTemplates, results: resultCount.as("results") }).from(partTestTemplates).$dynamic();

const toOut = ({ t, results }: { t: TemplateRow; results: number }): TestTemplateOut => {
  const { id, ...rest } = t;
  return { pk: id, ...rest, results };
};

const notFoundTemplate = () => notFound("No PartTestTemplate matches the given query.");

/** One template; 404 when missing. */
export async function getTestTemplate(db: Reads, pk: number): Promise<TestTemplateOut> {
  const [row] = await selectTemplates(db.q).where(eq(partTestTemplates.id, pk)).limit(1);
  if (!row) throw notFoundTemplate();
  return toOut(row);
}

/** The raw template row, for the test results' `template` field. */
export async function findTestTemplateRow(db: Reads, pk: number): Promise<TemplateRow | undefined> {
  return (await db.q.select().from(partTestTemplates).where(eq(partTestTemplates.id, pk)).limit(1))[0];
}

/** The template of `part` whose key is `key`, if any (legacy results recorded by test name find theirs this way). */
export async function findTestTemplateByKey(db: Reads, part: number, key: string): Promise<TemplateRow | undefined> {
  return (
    await db.q
      .select()
      .from(partTestTemplates)
      .where(and(eq(partTestTemplates.part, part), eq(partTestTemplates.key, key)))
      .limit(1)
  )[0];
}

/** Several templates by pk (for the results' `template_detail`), one query. */
export async function getTestTemplatesByIds(db: Reads, ids: number[]): Promise<Map<number, TestTemplateOut>> {
  const out = new Map<number, TestTemplateOut>();
  if (ids.length === 0) return out;
  const rows = await selectTemplates(db.q).where(sql`${partTestTemplates.id} IN (${sqlFor(db).intsOfJson(JSON.stringify(ids))})`);
  for (const r of rows) out.set(r.t.id, toOut(r));
  return out;
}

const ORDERING = ofBoundTables(() => ({
  test_name: partTestTemplates.test_name,
  key: partTestTemplates.key,
  required: partTestTemplates.required,
  enabled: partTestTemplates.enabled,
  requires_value: partTestTemplates.requires_value,
  requires_attachment: partTestTemplates.requires_attachment,
  results: sql`results`,
  pk: partTestTemplates.id,
}));

/** GET /api/part/test-template/: InvenTree's filters (part, key, enabled, required, …, has_results), search, ordering. */
export async function listTestTemplates(db: Reads, q: TestTemplateListQueryIn) {
  const conds: (SQL | undefined)[] = [];
  if (q.part !== undefined) conds.push(eq(partTestTemplates.part, q.part));
  if (q.key !== undefined) conds.push(eq(partTestTemplates.key, q.key));
  for (const flag of ["enabled", "required", "requires_value", "requires_attachment"] as const) {
    const v = parseBoolQuery(q[flag]);
    if (v !== undefined) conds.push(eq(partTestTemplates[flag], v));
  }
  const hasResults = parseBoolQuery(q.has_results);
  if (hasResults !== undefined) conds.push(hasResults ? sql`${resultCount} > 0` : sql`${resultCount} = 0`);
  conds.push(searchCondition(q.search, [partTestTemplates.test_name, partTestTemplates.description]));
  const where = and(...conds);
  const orderBy = orderingClause(q.ordering, ORDERING(), [sql`${partTestTemplates.test_name}`], partTestTemplates.id);
  let query = selectTemplates(db.q)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  const list = (await query).map(toOut);
  const total = q.limit === undefined ? list.length : await db.q.$count(partTestTemplates, where);
  return { total, rows: list };
}

/**
 * InvenTree's PartTestTemplate.clean: a testable part, a name with a key, a key unique for the part,
 * unique choices. Runs inside the write's transaction, so a concurrent duplicate key is refused here.
 */
async function validate(tx: Tx, merged: TemplateRow | (TestTemplateCreate & { id?: number })): Promise<{ key: string; test_name: string; choices: string }> {
  const errors = new FieldErrorCollector();
  const [part] = await tx.q.select({ testable: parts.testable }).from(parts).where(eq(parts.id, merged.part)).limit(1);
  if (!part) errors.add("part", invalidPk(merged.part));
  else if (!part.testable) errors.add("part", "Test templates can only be created for testable parts");
  const test_name = merged.test_name.trim();
  const key = generateTestKey(test_name);
  if (key === "") errors.add("test_name", "Invalid template name - must include at least one alphanumeric character");
  const choices = (merged.choices ?? "").trim();
  const seen = new Set<string>();
  for (const c of choices.split(",").map((s) => s.trim())) {
    if (c === "") continue;
    if (seen.has(c)) {
      errors.add("choices", "Choices must be unique");
      break;
    }
    seen.add(c);
  }
  errors.throwIfAny();
  // No unique index says it: concurrent writers take turns on PostgreSQL (SQLite has one writer).
  await lockKey(tx, "part_test_template_key");
  const [clash] = await tx.q
    .select({ id: partTestTemplates.id })
    .from(partTestTemplates)
    .where(and(eq(partTestTemplates.part, merged.part), eq(partTestTemplates.key, key), merged.id !== undefined ? ne(partTestTemplates.id, merged.id) : undefined))
    .limit(1);
  if (clash) errors.add("test_name", "Test template with the same key already exists for part");
  errors.throwIfAny();
  return { key, test_name, choices };
}

/** The row a write then changes, row-locked on PostgreSQL until the write commits. */
const templateRow = async (db: Reads, pk: number): Promise<TemplateRow | undefined> =>
  (await forUpdate(db, db.q.select().from(partTestTemplates).where(eq(partTestTemplates.id, pk)).limit(1)))[0];

/** POST /api/part/test-template/. */
export async function createTestTemplate(db: Writes, body: TestTemplateCreate): Promise<TestTemplateOut> {
  const id = await db.write(async (tx) => {
    const derived = await validate(tx, body);
    return insertReturningId(tx, partTestTemplates, { ...body, ...derived, description: body.description ?? "" });
  });
  return getTestTemplate(db, id);
}

/** PATCH/PUT /api/part/test-template/<pk>/: the key follows the name. */
export async function updateTestTemplate(db: Writes, pk: number, body: TestTemplatePatch): Promise<TestTemplateOut> {
  await db.write(async (tx) => {
    const existing = await templateRow(tx, pk);
    if (!existing) throw notFoundTemplate();
    const derived = await validate(tx, { ...existing, ...body });
    await tx.q
      .update(partTestTemplates)
      .set({ ...body, ...derived })
      .where(eq(partTestTemplates.id, pk));
  });
  return getTestTemplate(db, pk);
}

/** DELETE /api/part/test-template/<pk>/: its results go with it (stock_test_result.template_id ON DELETE CASCADE, as InvenTree's on_delete=CASCADE). */
export async function deleteTestTemplate(db: Writes, pk: number): Promise<void> {
  await db.write(async (tx) => {
    const gone = await tx.q.delete(partTestTemplates).where(eq(partTestTemplates.id, pk)).returning({ id: partTestTemplates.id });
    if (gone.length === 0) throw notFoundTemplate();
  });
}
