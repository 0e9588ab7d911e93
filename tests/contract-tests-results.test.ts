/**
 * Part test templates and stock item test results as the clients use them since InvenTree API
 * 169 ("modern test results"): the app's test results screen (inventree-app
 * lib/widget/stock/stock_item_test_results.dart, lib/inventree/stock.dart:15-75 and
 * part.dart:86-133) and inventree-python's PartTestTemplate / uploadTestResult
 * (inventree/part.py:163-192, inventree/stock.py:325-425).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { expectFields } from "./support/client-types.ts";
import { coercionAvailable } from "./support/coercion.ts";
import { makePart, makeStockItem } from "./support/factory.ts";

let t: TestApp;
const t0 = await makeTestApp();
const coercion = await coercionAvailable(t0);
await t0.close();

let part: number;
let item: number;
let templates: Record<string, number> = {};

/** part.dart:98-106: what the app reads on a template. */
const TEMPLATE_FIELDS = { pk: "int", key: "string", test_name: "string", required: "bool", requires_value: "bool", requires_attachment: "bool", enabled: "bool", part: "int", description: "string", choices: "string", results: "int" } as const;
/** stock.dart:56-70: what the app reads on a result. */
const RESULT_FIELDS = { pk: "int", key: "string", template: "int?", test: "string", result: "bool", value: "string", attachment: "string?", date: "string", stock_item: "int", notes: "string", user: "int?" } as const;

beforeAll(async () => {
  t = await makeTestApp();
  part = await makePart(t.services.database, { name: "Board", trackable: true, testable: true });
  item = await makeStockItem(t.services.database, { part, quantity: 1, serial: "1001" });
});
afterAll(() => t.close());

describe("python: PartTestTemplate (part.py:163-192)", () => {
  test("create: POST part/test-template/ {part, test_name, …}; key derived as generateTestKey (part.py:169-177)", async () => {
    const r = await t.call("POST", "/api/part/test-template/", { part, test_name: "Firmware Version", description: "Check the version", required: true, requires_value: true }, "staff");
    expect(r.status).toBe(201);
    expectFields(r.body, TEMPLATE_FIELDS);
    expect(r.body.key).toBe("firmwareversion");
    expect(r.body.enabled).toBe(true);
    templates.firmware = r.body.pk;
    const b = await t.call("POST", "/api/part/test-template/", { part, test_name: "Visual Inspection", required: false }, "staff");
    templates.visual = b.body.pk;
    const c = await t.call("POST", "/api/part/test-template/", { part, test_name: "Burn-in (48h)", enabled: false, choices: "pass, fail" }, "staff");
    expect(c.body.key).toBe("burnin48h");
    templates.burnin = c.body.pk;
  });

  test("Part.getTestTemplates → GET part/test-template/?part=<pk> (part.py:87-89): a bare list", async () => {
    const r = await t.call("GET", `/api/part/test-template/?part=${part}`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.map((x: { key: string }) => x.key).sort()).toEqual(["burnin48h", "firmwareversion", "visualinspection"]);
  });

  test("InvenTree's rules: unique key per part, an alphanumeric name, a testable part", async () => {
    const dup = await t.call("POST", "/api/part/test-template/", { part, test_name: "firmware  version!" }, "staff");
    expect(dup.status).toBe(400);
    expect(dup.body.test_name).toEqual(["Test template with the same key already exists for part"]);
    const symbols = await t.call("POST", "/api/part/test-template/", { part, test_name: "!!!" }, "staff");
    expect(symbols.body.test_name).toEqual(["Invalid template name - must include at least one alphanumeric character"]);
    const plain = await makePart(t.services.database, { name: "Not testable" });
    const untestable = await t.call("POST", "/api/part/test-template/", { part: plain, test_name: "Anything" }, "staff");
    expect(untestable.body.part).toEqual(["Test templates can only be created for testable parts"]);
    const choices = await t.call("POST", "/api/part/test-template/", { part, test_name: "Colour", choices: "red,red" }, "staff");
    expect(choices.body.choices).toEqual(["Choices must be unique"]);
    expect((await t.call("POST", "/api/part/test-template/", { part, test_name: "x" }, "readonly")).status).toBe(403);
  });

  test("edit: the key follows the name; filters required / enabled / key", async () => {
    const r = await t.call("PATCH", `/api/part/test-template/${templates.visual}/`, { test_name: "Visual Check" }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.key).toBe("visualcheck");
    const required = await t.call("GET", `/api/part/test-template/?part=${part}&required=true`, undefined, "readonly");
    expect(required.body.map((x: { pk: number }) => x.pk).sort()).toEqual([templates.firmware, templates.burnin].sort());
    const enabled = await t.call("GET", `/api/part/test-template/?part=${part}&enabled=true&limit=10`, undefined, "readonly");
    expect(enabled.body.count).toBe(2);
    const byKey = await t.call("GET", "/api/part/test-template/?key=visualcheck", undefined, "readonly");
    expect(byKey.body.map((x: { pk: number }) => x.pk)).toEqual([templates.visual]);
  });
});

describe("python: uploadTestResult (stock.py:330-334, :371-425)", () => {
  test("by template pk: {stock_item, result, notes, value, template: <int>} (stock.py:412-414)", async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, notes: "", value: "v1.2.3", template: templates.firmware }, "staff");
    expect(r.status).toBe(201);
    expectFields(r.body, RESULT_FIELDS);
    expect(r.body.template).toBe(templates.firmware);
    expect(r.body.key).toBe("firmwareversion");
    expect(r.body.test).toBe("Firmware Version");
  });

  test(`by test name: {…, test: "<name>"} is matched to the part's template by key (stock.py:417-418)`, async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: item, result: false, notes: "scratch", value: "", test: "Visual check" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.template).toBe(templates.visual);
    expect(r.body.key).toBe("visualcheck");
  });

  test("a name no template has is still recorded, by name (results from before templates go on working)", async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, notes: "", value: "", test: "Legacy Leak Test" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.template).toBeNull();
    expect(r.body.key).toBe("legacyleaktest");
  });

  test("the template's rules: a value when it requires one, a listed choice, the item's own part", async () => {
    const noValue = await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, template: templates.firmware, value: "" }, "staff");
    expect(noValue.status).toBe(400);
    expect(noValue.body.value).toEqual(["Value must be provided for this test"]);
    const badChoice = await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, template: templates.burnin, value: "maybe" }, "staff");
    expect(badChoice.body.value).toBeDefined();
    const otherPart = await makePart(t.services.database, { name: "Other", testable: true });
    const foreign = (await t.call("POST", "/api/part/test-template/", { part: otherPart, test_name: "Foreign" }, "staff")).body.pk;
    const wrong = await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, template: foreign }, "staff");
    expect(wrong.body.template).toBeDefined();
    expect((await t.call("POST", "/api/stock/test/", { stock_item: item, result: true, template: 999999 }, "staff")).body.template).toEqual(['Invalid pk "999999" - object does not exist.']);
  });

  test("getTestResults → GET stock/test/?stock_item=<pk>; getTestTemplate → GET part/test-template/<template>/ (stock.py:325-328, :360-368)", async () => {
    const r = await t.call("GET", `/api/stock/test/?stock_item=${item}`, undefined, "readonly");
    expect(r.body.length).toBe(3);
    const withTemplate = r.body.find((x: { template: number | null }) => x.template === templates.firmware);
    const tpl = await t.call("GET", `/api/part/test-template/${withTemplate.template}/`, undefined, "readonly");
    expect(tpl.body.key).toBe("firmwareversion"); // part.py:180-188 getTestKey reads `key`
    expect(tpl.body.results).toBe(1);
  });
});

describe("app: the test results screen (stock_item_test_results.dart)", () => {
  test("templates: GET part/test-template/?part=<part>&enabled=true (stock.dart:227-240)", async () => {
    const r = await t.call("GET", `/api/part/test-template/?part=${part}&enabled=true`, undefined, "readonly");
    for (const x of r.body) expectFields(x, TEMPLATE_FIELDS);
    expect(r.body.length).toBe(2);
  });

  test("results: GET stock/test/?user_detail=true&template_detail=true&stock_item=<pk> (stock.dart:28-31, :244-257)", async () => {
    const r = await t.call("GET", `/api/stock/test/?user_detail=true&template_detail=true&stock_item=${item}`, undefined, "readonly");
    expect(r.status).toBe(200);
    for (const x of r.body) {
      expectFields(x, RESULT_FIELDS);
      // stock.dart:68 getString("username", subKey: "user_detail")
      expect(x.user_detail.username).toBe("staff");
      if (x.template !== null) expectFields(x.template_detail, TEMPLATE_FIELDS);
      else expect(x.template_detail).toBeNull();
    }
    // stock_item_test_results.dart:117 matches a result to a template by templateId or key
    const matched = r.body.filter((x: { template: number | null }) => x.template !== null).map((x: { key: string }) => x.key).sort();
    expect(matched).toEqual(["firmwareversion", "visualcheck"]);
  });

  test.skipIf(!coercion)(`add a result: the form posts {stock_item: "<pk>", template: "<pk>", result, value, notes} (stock_item_test_results.dart:63-92, stock.dart:33-53)`, async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: `${item}`, template: `${templates.visual}`, result: true, value: "", notes: "looks fine" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.template).toBe(templates.visual);
  });

  test("add a result with a template chosen in the form (related field value: an int)", async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: item, template: templates.visual, result: true, value: "", notes: "" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.key).toBe("visualcheck");
  });
});

describe("deleting a template deletes its results (InvenTree's cascade)", () => {
  test("DELETE part/test-template/<pk>/", async () => {
    const before = (await t.call("GET", `/api/stock/test/?stock_item=${item}&template=${templates.visual}`, undefined, "readonly")).body.length;
    expect(before).toBeGreaterThan(0);
    expect((await t.call("DELETE", `/api/part/test-template/${templates.visual}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/part/test-template/${templates.visual}/`, undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", `/api/stock/test/?stock_item=${item}&template=${templates.visual}`, undefined, "readonly")).body).toEqual([]);
  });
});

describe("the demo data", () => {
  test("the sensor node is testable, with templates its recorded results point to", async () => {
    const demo = await makeTestApp({ demo: true });
    try {
      const node = (await demo.call("GET", "/api/part/?IPN=A-SNODE-01", undefined, "readonly")).body[0];
      expect(node.testable).toBe(true);
      const tpls = await demo.call("GET", `/api/part/test-template/?part=${node.pk}&enabled=true`, undefined, "readonly");
      expect(tpls.body.length).toBe(5);
      const item = (await demo.call("GET", `/api/stock/?part=${node.pk}&serial=1001`, undefined, "readonly")).body[0];
      const results = await demo.call("GET", `/api/stock/test/?user_detail=true&template_detail=true&stock_item=${item.pk}`, undefined, "readonly");
      expect(results.body.length).toBeGreaterThan(0);
      for (const r of results.body) {
        expect(r.template).not.toBeNull();
        expect(r.template_detail.key).toBe(r.key);
      }
    } finally {
      await demo.close();
    }
  });
});
