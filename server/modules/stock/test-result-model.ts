import { OutInt } from "../../core/response-schema.ts";
import { t, type Static } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { TestTemplateSchema } from "../part/model.ts";
import { QueryBool } from "./query-params.ts";
import { UserBriefSchema } from "../user/model.ts";

/** A stock item test result (InvenTree's StockItemTestResultSerializer, legacy `test` name kept). */
export const TestResultSchema = t.Object({
  pk: OutInt(),
  stock_item: OutInt(),
  test: t.String({ description: "The test's name (the template's test_name when there is a template)" }),
  test_key: t.String({ description: "Lowercase alphanumerics of the test name, as InvenTree's generateTestKey" }),
  key: t.String({ description: "Same as test_key: the template's key, or the legacy test name's" }),
  template: t.Union([OutInt(), t.Null()], { description: "The part test template (InvenTree API ≥ 169); null for a result recorded by a name no template has" }),
  template_detail: t.Optional(t.Union([TestTemplateSchema, t.Null()])),
  attachment: t.Null({ description: "Always null: attachments are not stored on test results" }),
  test_station: t.String(),
  started_datetime: t.Union([t.String(), t.Null()]),
  finished_datetime: t.Union([t.String(), t.Null()]),
  result: t.Boolean(),
  value: t.String(),
  notes: t.String(),
  date: t.String(),
  user: t.Union([OutInt(), t.Null()]),
  user_detail: t.Union([UserBriefSchema, t.Null()]),
});
export type TestResultOut = Static<typeof TestResultSchema>;

export const TestResultCreateBody = t.Object({
  stock_item: t.Integer({ minimum: 1, title: "Stock Item", "x-related": { model: "stockitem", api_url: "/api/stock/" } }),
  template: t.Optional(
    t.Union([t.Integer({ minimum: 1 }), t.Null()], {
      title: "Test template for this result",
      description: "Template",
      "x-related": { model: "parttesttemplate", api_url: "/api/part/test-template/" },
    }),
  ),
  test: t.Optional(t.String({ minLength: 1, maxLength: 100, description: "Legacy: the test's name, matched to the part's template by key" })),
  result: t.Optional(t.Boolean()),
  value: t.Optional(t.String({ maxLength: 500 })),
  notes: t.Optional(t.String({ maxLength: 500 })),
  // The app's form asks for it (inventree-app stock.dart:44) and sends null when no file is picked;
  // hidden, so no file is picked: attachments are not stored on test results.
  attachment: t.Optional(t.Null({ format: "binary", title: "Attachment", description: "Test result attachment (not stored by Binventory: always null)", "x-hidden": true })),
});
export type TestResultCreate = Static<typeof TestResultCreateBody>;

export const TestResultPatchBody = t.Partial(t.Omit(TestResultCreateBody, ["stock_item", "template"]));
export type TestResultPatch = Static<typeof TestResultPatchBody>;

export const TestResultListQuery = t.Object({
  ...ListQuery,
  stock_item: t.Optional(t.Integer({ minimum: 1 })),
  test: t.Optional(t.String({ maxLength: 100, description: "Test name or key; matched on the key" })),
  template: t.Optional(t.Integer({ minimum: 1 })),
  result: QueryBool,
  user: t.Optional(t.Integer({ minimum: 1 })),
  user_detail: QueryBool,
  template_detail: QueryBool,
});
export type TestResultListQueryIn = Static<typeof TestResultListQuery>;
