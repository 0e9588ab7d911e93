import { OutInt } from "../../core/response-schema.ts";
import { type Static, t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { withoutDefaults } from "../../core/schema.ts";

/** A part test template as InvenTree's PartTestTemplateSerializer shows it. */
export const TestTemplateSchema = t.Object({
  pk: OutInt(),
  part: OutInt(),
  test_name: t.String(),
  key: t.String({ description: "generateTestKey(test_name): lowercase letters, digits and _" }),
  description: t.String(),
  enabled: t.Boolean(),
  required: t.Boolean(),
  requires_value: t.Boolean(),
  requires_attachment: t.Boolean(),
  choices: t.String(),
  results: OutInt({ description: "Number of test results recorded against this template" }),
});
export type TestTemplateOut = Static<typeof TestTemplateSchema>;

const fields = {
  part: t.Integer({ minimum: 1, title: "Part", "x-related": { model: "part", api_url: "/api/part/", filters: { testable: true } } }),
  test_name: t.String({ minLength: 1, maxLength: 100, title: "Test Name", description: "Enter a name for the test" }),
  description: t.String({ maxLength: 100, title: "Test Description", description: "Enter description for this test" }),
  enabled: t.Boolean({ title: "Enabled", description: "Is this test enabled?" }),
  required: t.Boolean({ title: "Required", description: "Is this test required to pass?" }),
  requires_value: t.Boolean({ title: "Requires Value", description: "Does this test require a value when adding a test result?" }),
  requires_attachment: t.Boolean({ title: "Requires Attachment", description: "Does this test require a file attachment when adding a test result?" }),
  choices: t.String({ maxLength: 5000, title: "Choices", description: "Valid choices for this test (comma-separated)" }),
};

/** With InvenTree's defaults (Elysia fills them in, which is right for POST only). */
const withDefault = <T extends ReturnType<typeof t.Boolean>>(s: T, value: boolean) => ({ ...s, default: value });

export const TestTemplateCreateBody = t.Object({
  part: fields.part,
  test_name: fields.test_name,
  description: t.Optional(fields.description),
  enabled: t.Optional(withDefault(fields.enabled, true)),
  required: t.Optional(withDefault(fields.required, true)),
  requires_value: t.Optional(withDefault(fields.requires_value, false)),
  requires_attachment: t.Optional(withDefault(fields.requires_attachment, false)),
  choices: t.Optional(fields.choices),
});
export type TestTemplateCreate = Static<typeof TestTemplateCreateBody>;
/** PUT: as POST without the defaults (DRF leaves a field a PUT omits as it is). */
export const TestTemplatePutBody = t.Object(withoutDefaults(TestTemplateCreateBody.properties));

/** PATCH: no defaults, so fields left out stay as they are. */
export const TestTemplatePatchBody = t.Partial(t.Object(fields));
export type TestTemplatePatch = Static<typeof TestTemplatePatchBody>;

export const TestTemplateListQuery = t.Object({
  ...ListQuery,
  part: t.Optional(t.Integer({ minimum: 1 })),
  key: t.Optional(t.String({ maxLength: 100 })),
  enabled: t.Optional(BoolQuery),
  required: t.Optional(BoolQuery),
  requires_value: t.Optional(BoolQuery),
  requires_attachment: t.Optional(BoolQuery),
  has_results: t.Optional(BoolQuery),
});
export type TestTemplateListQueryIn = Static<typeof TestTemplateListQuery>;
