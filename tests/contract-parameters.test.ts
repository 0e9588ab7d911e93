/**
 * InvenTree's unified parameters (/api/parameter/, /api/parameter/template/, API ≥ 429) as the
 * clients use them. Sources: inventree-app @06013b3a (lib/…), inventree-python @d905764
 * (inventree/…, test/…).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCategory, makeCompany, makePart, makePurchaseOrder, makeSalesOrder, makeSupplierPart } from "./support/factory.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const db = () => t.services.database;
const makeManufacturerPart = async (part: number, manufacturer: number) =>
  (await db().write((tx) => tx.q.insert(T.manufacturerParts).values({ part, manufacturer, MPN: `MPN-${part}-${manufacturer}` }).returning()))[0].id;
const paramsOf = async (type: string, id: number) =>
  (await db().q
    .select()
    .from(T.parameters)
    .where(eq(T.parameters.model_type, type)))
    .filter((p) => p.model_id === id);

async function makeTemplate(body: Record<string, unknown>): Promise<number> {
  const r = await t.call("POST", "/api/parameter/template/", body, "staff");
  expect(r.status).toBe(201);
  return r.body.pk;
}

/** Every field and JSON type the app reads from a template (also as template_detail). */
function expectTemplateShape(tp: Record<string, unknown>) {
  expect(tp.pk).toBeInteger();
  expect(typeof tp.name).toBe("string"); // lib/inventree/parameter.dart:33 getString("name", subKey: "template_detail")
  expect(typeof tp.description).toBe("string"); // parameter.dart:36
  expect(typeof tp.units).toBe("string"); // parameter.dart:53, shown as "name [units]" (widget/parameter_widget.dart:123-125)
  expect(typeof tp.checkbox).toBe("boolean"); // parameter.dart:55-56 getBool("checkbox", subKey: "template_detail")
  expect(typeof tp.choices).toBe("string");
  expect(tp.model_type === null || typeof tp.model_type === "string").toBe(true);
  expect(tp.selectionlist).toBeNull();
  expect(typeof tp.enabled).toBe("boolean");
}

/** Every field and JSON type the app reads from a parameter. */
function expectParameterShape(p: Record<string, unknown>) {
  expect(p.pk).toBeInteger(); // lib/inventree/model.dart:328 getInt("pk"), the PATCH url (model.dart:437, 623)
  expect(typeof p.data).toBe("string"); // parameter.dart:38 getString("data")
  expect(typeof p.model_type).toBe("string"); // parameter.dart:59
  expect(p.model_id).toBeInteger(); // parameter.dart:62 getInt("model_id")
  expect(p.template).toBeInteger();
  expect(p.data_numeric === null || typeof p.data_numeric === "number").toBe(true);
  expect(typeof p.note).toBe("string"); // form field "note" (parameter.dart:26) is filled from the instance (api_form.dart:1163)
  expect(p.updated === null || typeof p.updated === "string").toBe(true);
  expect(p.updated_by === null || Number.isInteger(p.updated_by)).toBe(true);
  expect(typeof p.template_detail).toBe("object"); // getValue(subKey: "template_detail") expects a Map (model.dart:80-95)
  expectTemplateShape(p.template_detail as Record<string, unknown>);
}

describe("inventree-app: parameters of a part", () => {
  test("count, list page by page, edit a value, toggle a checkbox", async () => {
    const part = await makePart(db(), { name: "Shunt" });
    const resistance = await makeTemplate({ name: "Resistance", units: "ohm", description: "Nominal resistance" });
    const rohs = await makeTemplate({ name: "RoHS", checkbox: true, description: "RoHS compliant" });
    const pkg = await makeTemplate({ name: "Package", choices: "0603, 0805, 2512" });
    for (const [template, data] of [
      [resistance, "100 mohm"],
      [rohs, "false"],
      [pkg, "2512"],
    ] as const) {
      expect((await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template, data }, "staff")).status).toBe(201);
    }

    // lib/widget/part/part_detail.dart:232-234 (supportsModernParameters, lib/api.dart:361) →
    // parameter.dart:65-76 countParameters → model.dart:462-486 count(): GET parameter/?model_type=part&model_id=<pk>&limit=1,
    // reads int.tryParse(data["count"].toString()) (model.dart:482).
    const count = await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}&limit=1`, undefined, "readonly");
    expect(count.status).toBe(200);
    expect(count.headers.get("content-type")).toBe("application/json");
    expect(count.body.count).toBe(3);
    expect(count.body.results).toHaveLength(1);

    // widget/parameter_widget.dart:43-46 filters, :93 listPaginated → model.dart:721-790: limit, offset
    // (and "search" when typed, widget/paginator.dart:318-333); reads (count as int) (model.dart:765) and (results as List).
    const page = await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}&limit=25&offset=0`, undefined, "readonly");
    expect(page.status).toBe(200);
    expect(page.body.count).toBeInteger();
    expect(page.body.results).toHaveLength(3);
    for (const p of page.body.results) expectParameterShape(p);
    const byName = Object.fromEntries(page.body.results.map((p: { template_detail: { name: string } }) => [p.template_detail.name, p]));
    expect(byName.Resistance.template_detail.units).toBe("ohm");
    expect(byName.Resistance.data).toBe("100 mohm");
    expect(byName.Resistance.data_numeric).toBeCloseTo(0.1, 12);
    expect(byName.Resistance.model_type).toBe("part.part"); // InvenTree's ContentTypeField: "<app_label>.<model>"
    expect(byName.Resistance.model_id).toBe(part);
    // parameter.dart:51 as_bool is value.toLowerCase() == "true": InvenTree stores "True"/"False".
    expect(byName.RoHS.data).toBe("False");
    expect(byName.RoHS.data_numeric).toBe(0);
    expect(byName.RoHS.template_detail.checkbox).toBe(true);

    const search = await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}&limit=25&offset=0&search=resist`, undefined, "readonly");
    expect(search.body.results.map((p: { template: number }) => p.template)).toEqual([resistance]);

    // parameter_widget.dart:133-136: the switch sends PATCH parameter/<pk>/ {"data": "true"} (model.dart:619-641).
    const toggled = await t.call("PATCH", `/api/parameter/${byName.RoHS.pk}/`, { data: "true" }, "staff");
    expect(toggled.status).toBe(200);
    expectParameterShape(toggled.body);
    expect(toggled.body.data).toBe("True");
    expect(toggled.body.data_numeric).toBe(1);

    // parameter_widget.dart:102-114 editParameter → model.dart:301-322 editForm → api_form.dart:1119 OPTIONS on
    // parameter/<pk>/, fields from actions POST ?? PUT ?? PATCH (api_form.dart:43): "data" and "note" (parameter.dart:25-26).
    const options = await t.call("OPTIONS", `/api/parameter/${byName.Resistance.pk}/`, undefined, "staff");
    expect(options.status).toBe(200);
    const fields = options.body.actions.PUT ?? options.body.actions.PATCH;
    expect(fields.data.type).toBe("string");
    expect(fields.data.max_length).toBe(500);
    expect(fields.note.type).toBe("string");
    expect(fields.template.type).toBe("related field");
    expect(fields.template.api_url).toBe("/api/parameter/template/");
    expect(fields.data_numeric.read_only).toBe(true);
    // A read-only user gets no write actions, so the app opens no form (api_form.dart:1129-1131).
    const readOnly = await t.call("OPTIONS", `/api/parameter/${byName.Resistance.pk}/`, undefined, "readonly");
    expect(readOnly.body.actions?.PATCH).toBeUndefined();

    // Then PATCH with the form's values (api_form.dart: the fields' values, method "PATCH").
    const edited = await t.call("PATCH", `/api/parameter/${byName.Resistance.pk}/`, { data: "0.22", note: "measured" }, "staff");
    expect(edited.status).toBe(200);
    expect(edited.body.data).toBe("0.22");
    expect(edited.body.data_numeric).toBeCloseTo(0.22, 12);
    expect(edited.body.note).toBe("measured");
    expect(edited.body.updated_by).toBe(t.users.staff);
    expect(edited.body.updated_by_detail.username).toBe("staff");

    // A value the template refuses: 400 naming "data" (the app shows it under the field).
    const bad = await t.call("PATCH", `/api/parameter/${byName.Package.pk}/`, { data: "1206" }, "staff");
    expect(bad.status).toBe(400);
    expect(bad.body.data).toEqual(["Invalid choice for parameter value"]);
    const badUnits = await t.call("PATCH", `/api/parameter/${byName.Resistance.pk}/`, { data: "3 V" }, "staff");
    expect(badUnits.status).toBe(400);
    expect(badUnits.body.data).toEqual(["Could not convert 3 V to ohm"]);

    // Read-only users see the list but may not change it.
    expect((await t.call("PATCH", `/api/parameter/${byName.Package.pk}/`, { data: "0603" }, "readonly")).status).toBe(403);
  });

  test("company, supplier part, manufacturer part, purchase and sales order detail screens count their parameters", async () => {
    const company = await makeCompany(db(), { is_supplier: true, is_manufacturer: true, is_customer: true });
    const part = await makePart(db());
    const targets: [string, number][] = [
      ["company", company], // lib/widget/company/company_detail.dart:191-192
      ["supplierpart", await makeSupplierPart(db(), { part, supplier: company })], // company/supplier_part_detail.dart:110-113
      ["manufacturerpart", await makeManufacturerPart(part, company)], // company/manufacturer_part_detail.dart:55-58
      ["purchaseorder", await makePurchaseOrder(db(), { supplier: company })], // order/purchase_order_detail.dart:306-307
      ["salesorder", await makeSalesOrder(db(), { customer: company })], // order/sales_order_detail.dart:277-278
    ];
    const template = await makeTemplate({ name: "Approved", checkbox: true });
    for (const [type, id] of targets) {
      const created = await t.call("POST", "/api/parameter/", { model_type: type, model_id: id, template, data: "yes" }, "staff");
      expect(created.status).toBe(201);
      const count = await t.call("GET", `/api/parameter/?model_type=${type}&model_id=${id}&limit=1`, undefined, "readonly");
      expect(count.body.count).toBe(1);
      expect(count.body.results[0].data).toBe("True");
    }
  });
});

describe("inventree-python: ParameterTemplate and Parameter (test/test_part.py:589-658)", () => {
  test("create a template, add a parameter to a part, refuse a duplicate, delete both", async () => {
    const part = await makePart(db());
    // ParameterTemplate.list (base.py:569-575, URL "parameter/template/"; base.py:233-273 list: a bare array without limit).
    const before = await t.call("GET", "/api/parameter/template/", undefined, "readonly");
    expect(Array.isArray(before.body)).toBe(true);
    const existing = before.body.length;

    // test_part.py:600-601: no name → HTTPError.
    const noName = await t.call("POST", "/api/parameter/template/", { units: "kg A" }, "staff");
    expect(noName.status).toBe(400);
    expect(noName.body.name).toBeDefined();

    // test_part.py:604-612: name, description, model_type None, units "kg A" (base.py:202-217 create reads the answer's pk).
    const created = await t.call("POST", "/api/parameter/template/", { name: `Test parameter no ${existing}`, description: "A parameter template for testing", model_type: null, units: "kg A" }, "staff");
    expect(created.status).toBe(201);
    expectTemplateShape(created.body);
    expect(created.body.units).toBe("kg A");
    expect(created.body.model_type).toBeNull();
    const templatePk = created.body.pk;
    expect((await t.call("GET", "/api/parameter/template/", undefined, "readonly")).body).toHaveLength(existing + 1);

    // Part.getParameters (part.py:118-125) → ParameterMixin.getParameters (base.py:584-595):
    // Parameter.list(model_type="part", model_id=pk) on "parameter/" (base.py:560-567).
    const none = await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}`, undefined, "readonly");
    expect(none.body).toEqual([]);

    // test_part.py:627-632: missing data, then missing template → HTTPError (400 naming the field).
    const noData = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template: templatePk }, "staff");
    expect(noData.status).toBe(400);
    expect(noData.body.data).toBeDefined();
    const noTemplate = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, data: 10 }, "staff");
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.body.template).toBeDefined();

    // test_part.py:635: data as a JSON integer (DRF's CharField takes it as "10"); units "kg A" → 10 in kg·A.
    const param = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template: templatePk, data: 10 }, "staff");
    expect(param.status).toBe(201);
    expectParameterShape(param.body);
    expect(param.body.data).toBe("10");
    expect(param.body.data_numeric).toBe(10);
    expect(param.body.updated_by).toBe(t.users.staff);

    // test_part.py:641-643: the same template on the same part again → HTTPError.
    const dup = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template: templatePk, data: "String value" }, "staff");
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toEqual(["The fields model_type, model_id, template must make a unique set."]);

    const listed = await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}`, undefined, "readonly");
    expect(listed.body).toHaveLength(1);

    // test_part.py:649: param.delete() → DELETE parameter/<pk>/ (base.py:275-281; api.py:406 expects 204).
    expect((await t.call("DELETE", `/api/parameter/${param.body.pk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/parameter/?model_type=part&model_id=${part}`, undefined, "readonly")).body).toEqual([]);

    // test_part.py:655: parametertemplate.delete().
    expect((await t.call("DELETE", `/api/parameter/template/${templatePk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", "/api/parameter/template/", undefined, "readonly")).body).toHaveLength(existing);
  });

  test("ManufacturerPart.getParameters and Parameter.bulkDelete", async () => {
    const mp = await makeManufacturerPart(await makePart(db()), await makeCompany(db(), { is_manufacturer: true }));
    const a = await makeTemplate({ name: "Bulk A" });
    const b = await makeTemplate({ name: "Bulk B" });
    for (const template of [a, b]) await t.call("POST", "/api/parameter/", { model_type: "manufacturerpart", model_id: mp, template, data: "x" }, "staff");
    // company.py:145-154 → base.py:584-595: model_type "manufacturerpart" (company.py:143 MODEL_TYPE).
    const listed = await t.call("GET", `/api/parameter/?model_type=manufacturerpart&model_id=${mp}`, undefined, "readonly");
    expect(listed.body).toHaveLength(2);
    // The "<app_label>.<model>" form InvenTree answers is accepted as a filter too.
    expect((await t.call("GET", `/api/parameter/?model_type=company.manufacturerpart&model_id=${mp}`, undefined, "readonly")).body).toHaveLength(2);
    // Parameter has BulkDeleteMixin (base.py:560; base.py:397-425): DELETE parameter/ with items and/or filters.
    const gone = await t.call("DELETE", "/api/parameter/", { filters: { model_type: "manufacturerpart", model_id: mp } }, "staff");
    expect(gone.status).toBe(204);
    expect(await paramsOf("manufacturerpart", mp)).toHaveLength(0);
    const neither = await t.call("DELETE", "/api/parameter/", {}, "staff");
    expect(neither.status).toBe(400);
  });
});

describe("inventree-python: PartCategoryParameterTemplate (test/test_part.py:142-186)", () => {
  test("templates for a category, created with a default value, inherited by child categories", async () => {
    const electronics = await makeCategory(db(), { name: "Electronics", pathstring: "Electronics" });
    const child = await makeCategory(db(), { name: "Passives", parent: electronics, pathstring: "Electronics/Passives" });
    // PartCategory.getCategoryParameterTemplates (part.py:55-67): GET part/category/parameters/?category=<pk>&fetch_parent=False
    // (URL part.py:19; requests sends Python's False as "False").
    const empty = await t.call("GET", `/api/part/category/parameters/?category=${electronics}&fetch_parent=False`, undefined, "readonly");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
    for (const name of ["wodth", "lungth", "herght"]) {
      // test_part.py:156-159: ParameterTemplate.create(name, units "mm").
      const template = await makeTemplate({ name, units: "mm" });
      // test_part.py:161-168: default_value sent as the JSON integer 123.
      const pcpt = await t.call("POST", "/api/part/category/parameters/", { category: electronics, template, default_value: 123 }, "staff");
      expect(pcpt.status).toBe(201);
      // part.py:21-23 getCategory reads "category"; part.py:25-34 getTemplate reads "template" (≥ 429) and GETs parameter/template/<pk>/.
      expect(pcpt.body.category).toBe(electronics);
      expect(pcpt.body.template).toBe(template);
      expect(pcpt.body.default_value).toBe("123");
      expect(pcpt.body.category_detail.pk).toBe(electronics);
      expectTemplateShape(pcpt.body.template_detail);
      expect((await t.call("GET", `/api/parameter/template/${pcpt.body.template}/`, undefined, "readonly")).body.name).toBe(name);
    }
    const own = await t.call("GET", `/api/part/category/parameters/?category=${electronics}&fetch_parent=False`, undefined, "readonly");
    expect(own.body).toHaveLength(3);
    // test_part.py:185: child.getCategoryParameterTemplates(fetch_parent=True) includes the parent's.
    const inherited = await t.call("GET", `/api/part/category/parameters/?category=${child}&fetch_parent=True`, undefined, "readonly");
    expect(inherited.body).toHaveLength(3);
    expect((await t.call("GET", `/api/part/category/parameters/?category=${child}&fetch_parent=False`, undefined, "readonly")).body).toEqual([]);

    const template = own.body[0].template;
    const dup = await t.call("POST", "/api/part/category/parameters/", { category: electronics, template }, "staff");
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toBeDefined();
    const badDefault = await t.call("POST", "/api/part/category/parameters/", { category: child, template, default_value: "3 V" }, "staff");
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.default_value).toEqual(["Could not convert 3 V to mm"]);
    expect((await t.call("DELETE", `/api/part/category/parameters/${own.body[0].pk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/part/category/parameters/?category=${electronics}`, undefined, "readonly")).body).toHaveLength(2);
  });
});

describe("templates and values, as InvenTree validates them", () => {
  test("template validation: unique name (any case), units, checkbox rules, unique choices, model type", async () => {
    await makeTemplate({ name: "Length", units: "mm", model_type: "part" });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: "LENGTH" }, "name", "Parameter template name must be unique"],
      [{ name: "Weird", units: "furlongs per fortnight" }, "units", "Invalid physical unit"],
      [{ name: "Box", checkbox: true, units: "V" }, "units", "Checkbox parameters cannot have units"],
      [{ name: "Box", checkbox: true, choices: "a,b" }, "choices", "Checkbox parameters cannot have choices"],
      [{ name: "Colour", choices: "red, green, red" }, "choices", "Choices must be unique"],
      [{ name: "Where", model_type: "stocklocation" }, "model_type", "Content type not found"],
    ];
    for (const [body, field, message] of cases) {
      const r = await t.call("POST", "/api/parameter/template/", body, "staff");
      expect(r.status).toBe(400);
      expect(r.body[field]).toEqual([message]);
    }
    expect((await t.call("POST", "/api/parameter/template/", { name: "Nope" }, "readonly")).status).toBe(403);
  });

  test("template filters the clients' servers offer: model_type, for_model, exists_for_model, search", async () => {
    const forParts = await makeTemplate({ name: "Pitch", units: "mm", model_type: "part.part" });
    const forAll = await makeTemplate({ name: "Datasheet rev" });
    const forCompanies = await makeTemplate({ name: "Rating", model_type: "company" });
    const pks = async (q: string) => (await t.call("GET", `/api/parameter/template/?${q}`, undefined, "readonly")).body.map((x: { pk: number }) => x.pk);
    expect(await pks("model_type=part")).toContain(forParts);
    expect(await pks("model_type=part")).not.toContain(forAll);
    expect(await pks("for_model=part")).toEqual(expect.arrayContaining([forParts, forAll]));
    expect(await pks("for_model=part")).not.toContain(forCompanies);
    expect((await t.call("GET", `/api/parameter/template/${forParts}/`, undefined, "readonly")).body.model_type).toBe("part.part");
    const part = await makePart(db());
    await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template: forParts, data: "2.54" }, "staff");
    expect(await pks("exists_for_model=part")).toContain(forParts);
    expect(await pks("exists_for_model=part")).not.toContain(forAll);
    expect(await pks("search=pitch")).toEqual([forParts]);
    const page = await t.call("GET", "/api/parameter/template/?limit=2&offset=0&ordering=-name", undefined, "readonly");
    expect(page.body.results).toHaveLength(2);
    expect(page.body.count).toBeGreaterThanOrEqual(3);
  });

  test("values convert into the template's units; a units change recomputes them", async () => {
    const template = await makeTemplate({ name: "Gap", units: "mm" });
    const cases: [string, number][] = [
      ["10", 10],
      ["10cm", 100],
      ["2.5 m", 2500],
      ["1e-3 m", 1],
      ["12\"", 304.8], // InvenTree reads a trailing " as inches, ' as feet
      ["1'", 304.8],
      ["3 V", NaN],
    ];
    for (const [data, expected] of cases) {
      const part = await makePart(db());
      const r = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template, data }, "staff");
      if (Number.isNaN(expected)) {
        expect(r.status).toBe(400);
        expect(r.body.data).toEqual([`Could not convert ${data} to mm`]);
      } else {
        expect(r.status).toBe(201);
        expect(r.body.data_numeric).toBeCloseTo(expected, 9);
      }
    }
    const capacitance = await makeTemplate({ name: "C", units: "F" });
    const cap = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: await makePart(db()), template: capacitance, data: "100n" }, "staff");
    expect(cap.status).toBe(201);
    expect(cap.body.data_numeric).toBeCloseTo(1e-7, 15); // "100n" + "F" → 100 nF, in F (InvenTree appends the unit)
    const temp = await makeTemplate({ name: "Max temperature", units: "degC" });
    const hot = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: await makePart(db()), template: temp, data: "398.15 K" }, "staff");
    expect(hot.body.data_numeric).toBeCloseTo(125, 9);

    // Template without units: data_numeric is the float, or null.
    const plain = await makeTemplate({ name: "Revision" });
    const text = await t.call("POST", "/api/parameter/", { model_type: "part", model_id: await makePart(db()), template: plain, data: "B2" }, "staff");
    expect(text.body.data_numeric).toBeNull();

    // Units changed: InvenTree rebuilds data_numeric of the template's parameters.
    const changed = await t.call("PATCH", `/api/parameter/template/${template}/`, { units: "m" }, "staff");
    expect(changed.status).toBe(200);
    const values = (await db().q
      .select()
      .from(T.parameters)
      .where(eq(T.parameters.template, template)))
      .map((p) => p.data_numeric);
    expect(values[1]).toBeCloseTo(0.1, 12); // "10cm" in m
  });

  test("create validation: unknown template, model type, object; blank data", async () => {
    const template = await makeTemplate({ name: "Anything" });
    const part = await makePart(db());
    const cases: [Record<string, unknown>, string][] = [
      [{ model_type: "part", model_id: part, template: 99999, data: "x" }, "template"],
      [{ model_type: "stocklocation", model_id: part, template, data: "x" }, "model_type"],
      [{ model_type: "part", model_id: 99999, template, data: "x" }, "model_id"],
      [{ model_type: "part", model_id: part, template, data: "  " }, "data"],
    ];
    for (const [body, field] of cases) {
      const r = await t.call("POST", "/api/parameter/", body, "staff");
      expect(r.status).toBe(400);
      expect(r.body[field]).toBeDefined();
    }
    expect((await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template, data: "x" }, "readonly")).status).toBe(403);
    expect((await t.call("GET", "/api/parameter/99999/", undefined, "readonly")).status).toBe(404);
  });

  test("deleting an object or a template deletes its parameters", async () => {
    const template = await makeTemplate({ name: "Doomed" });
    const company = await makeCompany(db(), { is_supplier: true });
    const sp = await makeSupplierPart(db(), { part: await makePart(db()), supplier: company });
    for (const [type, id] of [
      ["company", company],
      ["supplierpart", sp],
    ] as const) {
      await t.call("POST", "/api/parameter/", { model_type: type, model_id: id, template, data: "1" }, "staff");
    }
    expect(await paramsOf("supplierpart", sp)).toHaveLength(1);
    // The company's delete cascades to its supplier parts; both lose their parameters.
    expect((await t.call("DELETE", `/api/company/${company}/`, undefined, "staff")).status).toBe(204);
    expect(await paramsOf("company", company)).toHaveLength(0);
    expect(await paramsOf("supplierpart", sp)).toHaveLength(0);

    const part = await makePart(db());
    await t.call("POST", "/api/parameter/", { model_type: "part", model_id: part, template, data: "1" }, "staff");
    expect((await t.call("DELETE", `/api/parameter/template/${template}/`, undefined, "staff")).status).toBe(204);
    expect(await paramsOf("part", part)).toHaveLength(0);
  });
});

describe("demo data", () => {
  test("demo parts carry parameters", async () => {
    const demo = await makeTestApp({ demo: true });
    try {
      const part = (await demo.services.database.q.select().from(T.parts).where(eq(T.parts.IPN, "R-0603-10K")))[0];
      expect(part).toBeDefined();
      const r = await demo.call("GET", `/api/parameter/?model_type=part&model_id=${part?.id}&limit=25&offset=0`, undefined, "readonly");
      expect(r.body.count).toBe(4);
      const resistance = r.body.results.find((p: { template_detail: { name: string } }) => p.template_detail.name === "Resistance");
      expect(resistance.data_numeric).toBe(10000);
    } finally {
      await demo.close();
    }
  });
});
