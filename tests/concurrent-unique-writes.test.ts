/**
 * Issue 12: the write services of part, company and parameter are async, so requests interleave at
 * every await. Each uniqueness rule is checked inside the write's transaction: N concurrent
 * creations of the same value give exactly one 201, and every other answer is a 400 naming the
 * field (as InvenTree's serializers do), never a duplicate row nor a UNIQUE-constraint 500.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp, type TestResponse } from "./support/app.ts";
import { makeCategory, makeCompany, makePart } from "./support/factory.ts";

const N = 8;
let t: TestApp;

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** Sends the same POST N times at once; the answers, the 400s' bodies checked to name `field` with `message`. */
async function race(path: string, body: unknown, field: string, message: string): Promise<TestResponse[]> {
  const answers = await Promise.all(Array.from({ length: N }, () => t.call("POST", path, body, "staff")));
  expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array.from({ length: N - 1 }, () => 400)]);
  for (const r of answers.filter((r) => r.status === 400)) expect(r.body[field]).toEqual([message]);
  return answers;
}

/** How many rows a list route answers for `query`. */
const countOf = async (path: string) => (await t.call("GET", path, undefined, "staff")).body.count as number;

describe(`${N} concurrent creations of one unique value: one 201, the rest 400 naming the field`, () => {
  test("part category: name under the same parent", async () => {
    const parent = await makeCategory(t.services.database);
    await race("/api/part/category/", { name: "Twin", parent }, "name", "Duplicate names cannot exist under the same parent");
    expect(await countOf(`/api/part/category/?parent=${parent}&limit=10`)).toBe(1);
  });

  test("part: name, IPN and revision", async () => {
    await race("/api/part/", { name: "Twin part", IPN: "TW-1", revision: "A" }, "non_field_errors", "Part with this Name, IPN and Revision already exists.");
    expect(await countOf("/api/part/?IPN=TW-1&limit=10")).toBe(1);
  });

  test("part test template: key per part", async () => {
    const part = await makePart(t.services.database, { testable: true });
    await race("/api/part/test-template/", { part, test_name: "Twin test" }, "test_name", "Test template with the same key already exists for part");
    expect(await countOf(`/api/part/test-template/?part=${part}&limit=10`)).toBe(1);
  });

  test("company: name and email", async () => {
    await race("/api/company/", { name: "Twin Co", email: "twin@example.com" }, "non_field_errors", "Company with this Company name and Email already exists.");
    expect(await countOf("/api/company/?name=Twin%20Co&limit=10")).toBe(1);
  });

  test("supplier part: SKU per supplier", async () => {
    const part = await makePart(t.services.database, { purchaseable: true });
    const supplier = await makeCompany(t.services.database, { is_supplier: true });
    await race("/api/company/part/", { part, supplier, SKU: "TWIN-SKU" }, "SKU", "The fields supplier, SKU must make a unique set.");
    expect(await countOf(`/api/company/part/?supplier=${supplier}&limit=10`)).toBe(1);
  });

  test("manufacturer part: MPN per part and manufacturer (a unique index: never its 500)", async () => {
    const part = await makePart(t.services.database, { purchaseable: true });
    const manufacturer = await makeCompany(t.services.database, { is_manufacturer: true });
    await race("/api/company/part/manufacturer/", { part, manufacturer, MPN: "TWIN-MPN" }, "non_field_errors", "The fields part, manufacturer, MPN must make a unique set.");
    expect(await countOf(`/api/company/part/manufacturer/?manufacturer=${manufacturer}&limit=10`)).toBe(1);
  });

  test("parameter template: name, ignoring case (a unique index)", async () => {
    await race("/api/parameter/template/", { name: "Twin template" }, "name", "Parameter template name must be unique");
    expect(await countOf("/api/parameter/template/?name=Twin%20template&limit=10")).toBe(1);
  });

  test("parameter: one per template and object (a unique index)", async () => {
    const part = await makePart(t.services.database);
    const template = (await t.call("POST", "/api/parameter/template/", { name: "Twin length" }, "staff")).body.pk as number;
    await race("/api/parameter/", { template, model_type: "part", model_id: part, data: "12" }, "non_field_errors", "The fields model_type, model_id, template must make a unique set.");
    expect(await countOf(`/api/parameter/?model_type=part&model_id=${part}&limit=10`)).toBe(1);
  });

  test("category parameter template: one per category and template (a unique index)", async () => {
    const category = await makeCategory(t.services.database);
    const template = (await t.call("POST", "/api/parameter/template/", { name: "Twin width" }, "staff")).body.pk as number;
    await race("/api/part/category/parameters/", { category, template }, "non_field_errors", "The fields category, template must make a unique set.");
    expect(await countOf(`/api/part/category/parameters/?category=${category}&fetch_parent=false&limit=10`)).toBe(1);
  });
});
