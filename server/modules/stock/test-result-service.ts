/**
 * Stock item test results. Since InvenTree API 169 a result belongs to a part test template
 * (`template`, with its `key`); a result posted with a legacy `test` name is matched to the
 * part's template by key, and kept by name alone when the part has no such template (results
 * recorded before templates existed go on working).
 */
import { and, asc, eq, type SQL } from "drizzle-orm";
import { sqlFor } from "../../db/dialect.ts";
import type { Reads, Writes } from "../../db/database.ts";
import { ApiError, FieldErrorCollector, fieldError, notFound } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { parseOrdering } from "../../core/query.ts";
import { findTestTemplateByKey, findTestTemplateRow, getTestTemplatesByIds } from "../part/service.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { generateTestKey } from "./test-key.ts";
import type { TestResultCreate, TestResultListQueryIn, TestResultOut, TestResultPatch } from "./test-result-model.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { ofBoundTables, stockItems, stockTestResults, users } from "../../db/tables.ts";

export { generateTestKey } from "./test-key.ts";

const joined = (db: Reads) =>
  db.q.select({ r: stockTestResults, user: userBriefColumns() }).from(stockTestResults).leftJoin(users, eq(users.id, stockTestResults.user)).$dynamic();

function toOut({ r, user }: { r: typeof stockTestResults.$inferSelect; user: UserBrief | null }): TestResultOut {
  return {
    pk: r.id,
    stock_item: r.stock_item,
    test: r.test,
    test_key: r.test_key,
    key: r.test_key,
    template: r.template,
    result: r.result,
    value: r.value,
    notes: r.notes,
    attachment: null,
    test_station: "",
    started_datetime: null,
    finished_datetime: null,
    date: r.date,
    user: r.user,
    user_detail: r.user !== null ? user : null,
  };
}

/** Adds `template_detail` to each result, one query for all their templates. */
async function withTemplateDetail(db: Reads, list: TestResultOut[]): Promise<TestResultOut[]> {
  const templates = await getTestTemplatesByIds(db, [...new Set(list.map((r) => r.template).filter((x): x is number => x !== null))]);
  for (const r of list) r.template_detail = r.template === null ? null : (templates.get(r.template) ?? null);
  return list;
}

const ORDER = ofBoundTables(() => ({ date: stockTestResults.date, result: stockTestResults.result, pk: stockTestResults.id, test: stockTestResults.test_key } as const));

/** GET /api/stock/test/: filters stock_item, test (by key), template, result, user; oldest first as InvenTree. */
export async function listTestResults(db: Reads, q: TestResultListQueryIn) {
  const conds: SQL[] = [];
  if (q.stock_item !== undefined) conds.push(eq(stockTestResults.stock_item, q.stock_item));
  if (q.test !== undefined) conds.push(eq(stockTestResults.test_key, generateTestKey(q.test)));
  if (q.template !== undefined) conds.push(eq(stockTestResults.template, q.template));
  const result = parseBoolQuery(q.result);
  if (result !== undefined) conds.push(eq(stockTestResults.result, result));
  if (q.user !== undefined) conds.push(eq(stockTestResults.user, q.user));
  const where = conds.length ? and(...conds) : undefined;
  const order = parseOrdering(q.ordering, ["date", "result", "pk", "test"] as const);
  const orderBy = order.map((o) => (o.desc ? sqlFor(db).desc(ORDER()[o.field]) : sqlFor(db).asc(ORDER()[o.field])));
  if (order.length === 0) orderBy.push(asc(stockTestResults.date));
  orderBy.push(asc(stockTestResults.id));
  let query = joined(db)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  let results = (await query).map(toOut);
  if (parseBoolQuery(q.template_detail)) results = await withTemplateDetail(db, results);
  const total = q.limit === undefined ? results.length : await db.q.$count(stockTestResults, where);
  return { total, rows: results };
}

export async function getTestResult(db: Reads, pk: number, opts: { templateDetail?: boolean } = {}): Promise<TestResultOut> {
  const [row] = await joined(db).where(eq(stockTestResults.id, pk)).limit(1);
  if (!row) throw notFound();
  const out = toOut(row);
  return opts.templateDetail ? (await withTemplateDetail(db, [out]))[0] : out;
}

function keyFor(test: string): string {
  const key = generateTestKey(test);
  if (!key) throw fieldError("test", "The test name must contain letters or digits.");
  return key;
}

/** InvenTree's StockItemTestResult.clean against its template: a value when required, one of the choices when there are choices. */
function checkValue(template: { requires_value: boolean; choices: string }, value: string): void {
  const errors = new FieldErrorCollector();
  if (template.requires_value && value.trim() === "") errors.add("value", "Value must be provided for this test");
  const choices = template.choices
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  if (choices.length > 0 && value.trim() !== "" && !choices.includes(value.trim())) errors.add("value", "Invalid choice for test value");
  errors.throwIfAny();
}

/**
 * POST /api/stock/test/: records a result against a stock item, attributed to the caller, by
 * `template` (modern) or by `test` name (legacy; linked to the part's template with that key).
 */
export function createTestResult(db: Writes, body: TestResultCreate, user: number | null): Promise<TestResultOut> {
  return db.write(async (tx) => {
    const [item] = await tx.q.select({ id: stockItems.id, part: stockItems.part }).from(stockItems).where(eq(stockItems.id, body.stock_item)).limit(1);
    if (!item) throw fieldError("stock_item", invalidPk(body.stock_item));
    const { template: templatePk, test: testName, attachment: _attachment, ...rest } = body;
    let template = null;
    if (templatePk !== undefined && templatePk !== null) {
      template = await findTestTemplateRow(tx, templatePk);
      if (!template) throw fieldError("template", invalidPk(templatePk));
      if (template.part !== item.part) throw fieldError("template", "Test template does not belong to the stock item's part");
    } else if (testName !== undefined) {
      template = (await findTestTemplateByKey(tx, item.part, keyFor(testName))) ?? null;
    } else {
      throw new ApiError(400, { non_field_errors: ["Template ID or test name must be provided"] });
    }
    if (template) checkValue(template, rest.value ?? "");
    const test = template ? template.test_name : (testName ?? "").trim();
    const [row] = await tx.q
      .insert(stockTestResults)
      .values({ ...rest, template: template?.id ?? null, test, test_key: template ? template.key : keyFor(test), result: rest.result ?? false, user })
      .returning({ id: stockTestResults.id });
    return getTestResult(tx, row.id);
  });
}

/** PATCH /api/stock/test/<pk>/. */
export function updateTestResult(db: Writes, pk: number, body: TestResultPatch): Promise<TestResultOut> {
  const { attachment: _attachment, ...fields } = body;
  const changes: Partial<typeof stockTestResults.$inferInsert> = { ...fields };
  if (body.test !== undefined) {
    changes.test = body.test.trim();
    changes.test_key = keyFor(body.test);
  }
  return db.write(async (tx) => {
    if (Object.keys(changes).length > 0) {
      const res = await tx.q.update(stockTestResults).set(changes).where(eq(stockTestResults.id, pk)).returning({ id: stockTestResults.id });
      if (res.length === 0) throw notFound();
    }
    return getTestResult(tx, pk);
  });
}

/** DELETE /api/stock/test/<pk>/. */
export async function deleteTestResult(db: Writes, pk: number): Promise<void> {
  const res = await db.write((tx) => tx.q.delete(stockTestResults).where(eq(stockTestResults.id, pk)).returning({ id: stockTestResults.id }));
  if (res.length === 0) throw notFound();
}
