import { t, type Static } from "elysia";
import { ListQuery } from "../../http/pagination.ts";
import { QueryBool } from "./query-params.ts";

/** A stock item test result (InvenTree's StockItemTestResultSerializer, legacy `test` name kept). */
export const TestResultSchema = t.Object({
  pk: t.Integer(),
  stock_item: t.Integer(),
  test: t.String(),
  test_key: t.String({ description: "Lowercase alphanumerics of the test name, as InvenTree's generateTestKey" }),
  result: t.Boolean(),
  value: t.String(),
  notes: t.String(),
  date: t.String(),
  user: t.Union([t.Integer(), t.Null()]),
  user_detail: t.Union([t.Object({ pk: t.Integer(), username: t.String() }), t.Null()]),
});
export type TestResultOut = Static<typeof TestResultSchema>;

export const TestResultCreateBody = t.Object({
  stock_item: t.Integer({ minimum: 1 }),
  test: t.String({ minLength: 1, maxLength: 100 }),
  result: t.Optional(t.Boolean()),
  value: t.Optional(t.String({ maxLength: 500 })),
  notes: t.Optional(t.String({ maxLength: 500 })),
});
export type TestResultCreate = Static<typeof TestResultCreateBody>;

export const TestResultPatchBody = t.Partial(t.Omit(TestResultCreateBody, ["stock_item"]));
export type TestResultPatch = Static<typeof TestResultPatchBody>;

export const TestResultListQuery = t.Object({
  ...ListQuery,
  stock_item: t.Optional(t.Integer({ minimum: 1 })),
  test: t.Optional(t.String({ maxLength: 100, description: "Test name or key; matched on the key" })),
  result: QueryBool,
  user: t.Optional(t.Integer({ minimum: 1 })),
});
export type TestResultListQueryIn = Static<typeof TestResultListQuery>;
