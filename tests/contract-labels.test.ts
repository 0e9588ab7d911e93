/**
 * Label and report printing as InvenTree's own clients drive it, request by request:
 * - the mobile app (inventree-app 06013b3a): lib/labels.dart, lib/api_form.dart, lib/api.dart,
 *   lib/inventree/model.dart — plugin list, the print form's related fields, print, poll, download;
 * - the python library (inventree-python d905764): inventree/label.py, report.py, base.py, api.py —
 *   LabelTemplate / ReportTemplate lists, printLabel / printReport, downloadFile.
 * Every field each client reads is asserted with the JSON type it casts it to.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type DemoTargets, demoTargets } from "./support/report.ts";

// Built before the tests are declared: whether the OPTIONS test runs depends on it.
const t: TestApp = await makeTestApp({ demo: true });
const d: DemoTargets = await demoTargets(t.services.database);
/**
 * Whether OPTIONS metadata (DRF `actions`, generated globally from the body schemas by another
 * change) is served yet: the OPTIONS test is skipped until then, and runs from then on.
 */
const probe = await t.call("OPTIONS", "/api/label/print/", undefined, "readonly");
const optionsServed = probe.status === 200 && typeof probe.body?.actions === "object";
afterAll(() => t.close());

type Json = Record<string, unknown>;

/** A GET of an absolute URL path as the clients download files: token header, raw bytes. */
async function download(path: string, as: "readonly" | "staff" = "readonly") {
  const res = await t.app.handle(new Request(`http://localhost${path}`, { headers: { authorization: `Token ${t.tokens[as]}` } }));
  return { status: res.status, type: res.headers.get("content-type") ?? "", bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The app's APIResponse.resultsList() (lib/api.dart:96-109): a bare list, or the `results` of a page. */
const resultsList = (body: unknown): Json[] => (Array.isArray(body) ? body : ((body as { results?: Json[] }).results ?? [])) as Json[];

/** The fields handlePrintingSuccess reads from a print answer and from each poll (lib/labels.dart:174-177). */
function expectPrintingRecord(r: Json) {
  expect(typeof r.pk).toBe("number"); // (data["pk"] ?? -1) as int
  expect(Number.isInteger(r.pk)).toBe(true);
  expect(typeof r.complete).toBe("boolean"); // (data["complete"] ?? false) as bool
  expect("errors" in r).toBe(true); // data["errors"] != null, only looked at while not complete
  expect(r.output === null || typeof r.output === "string").toBe(true); // data["output"] as String?
}

describe("inventree-app: print a label from a stock item, part or location", () => {
  test("the server passes the app's gate for modern label printing", async () => {
    // lib/api.dart:337 supportsModernLabelPrinting => apiVersion >= 201; the print buttons need it
    // (lib/widget/stock/stock_detail.dart:132, part/part_detail.dart:124, stock/location_display.dart:183)
    const root = await t.call("GET", "/api/", undefined, null);
    expect(typeof root.body.apiVersion).toBe("number");
    expect(root.body.apiVersion).toBeGreaterThanOrEqual(201);
  });

  test("the plugin list carries an active plugin with the labels mixin", async () => {
    // lib/api.dart:764 InvenTreePlugin().list() → GET plugins/ (lib/inventree/model.dart:878-886, API ≥ 90);
    // lib/api.dart:768 keeps `active` ones; model.dart:891 key, :893 active (bool), :899 meta.human_name as String,
    // :902-906 mixins map, containsKey("labels"). Listed to superusers until the listing is opened to every user.
    const r = await t.call("GET", "/api/plugins/");
    expect(r.status).toBe(200);
    const me = resultsList(r.body).find((p) => p.key === "inventreelabel") as Json;
    expect(me).toBeDefined();
    expect(typeof me.key).toBe("string");
    expect(me.active).toBe(true);
    expect(typeof (me.meta as Json).human_name).toBe("string");
    expect(typeof (me.meta as Json).description).toBe("string");
    expect(typeof me.mixins).toBe("object");
    expect(Object.keys(me.mixins as Json)).toContain("labels");
  });

  test("the print form's plugin field: dropdown search and its initial value", async () => {
    // lib/labels.dart:256-260: plugin field, pk_field "key", filters {enabled: true, mixin: "labels"};
    // lib/api_form.dart:531-541 dropdown: GET api_url with the filters + search, offset=0, limit=25;
    // :822-827 renders a "pluginconfig" from meta.human_name ?? name and meta.description; :558 value = item["key"].
    const r = await t.call("GET", "/api/plugins/?enabled=true&mixin=labels&search=&offset=0&limit=25");
    expect(r.status).toBe(200);
    const me = resultsList(r.body).find((p) => p.key === "inventreelabel") as Json;
    expect(me).toBeDefined();
    expect(typeof me.name).toBe("string");
    expect(typeof (me.meta as Json).human_name).toBe("string");
    // lib/api_form.dart:276-278 loadInitialData (the remembered default plugin): GET api_url + value + "/" with the filters
    const one = await t.call("GET", "/api/plugins/inventreelabel/?enabled=true&mixin=labels");
    expect(one.status).toBe(200);
    expect(one.body.key).toBe("inventreelabel");
    expect(typeof one.body.meta.human_name).toBe("string");
  });

  for (const [labelType, pk] of [
    ["stockitem", () => d.testedItem],
    ["part", () => 1],
    ["stocklocation", () => d.warehouse],
  ] as const) {
    test(`the print form's template field for a ${labelType}: dropdown search and initial value`, async () => {
      // lib/labels.dart:248-255: template filters {enabled: true, model_type: labelType, items: "<pk>"};
      // lib/api_form.dart:531-541: GET api_url (from OPTIONS: /api/label/template/) + filters, search, offset=0, limit=25
      const id = pk();
      const r = await t.call("GET", `/api/label/template/?enabled=true&model_type=${labelType}&items=${id}&search=&offset=0&limit=25`, undefined, "readonly");
      expect(r.status).toBe(200);
      const list = resultsList(r.body);
      expect(list.length).toBeGreaterThan(0);
      for (const tpl of list) {
        // :558 setFieldValue(item[pk_field]) with pk_field "pk"; lib/labels.dart:61 reads it back `as int?`
        expect(Number.isInteger(tpl.pk)).toBe(true);
        // :817-820 renders a "labeltemplate" from name and description (toString)
        expect(typeof tpl.name).toBe("string");
        expect(typeof tpl.description).toBe("string");
        expect(tpl.model_type).toBe(labelType);
      }
      // lib/labels.dart:236 the default template per label type is stored as int; api_form.dart:276-278 then
      // fetches api_url + pk + "/" with the same filters as query parameters
      const first = list[0];
      const one = await t.call("GET", `/api/label/template/${first.pk}/?enabled=true&model_type=${labelType}&items=${id}`, undefined, "readonly");
      expect(one.status).toBe(200);
      expect(one.body.pk).toBe(first.pk);
      expect(typeof one.body.name).toBe("string");
    });
  }

  test.skipIf(!optionsServed)("OPTIONS label/print/ describes template, plugin and items, and the plugin's options", async () => {
    // lib/api_form.dart:1119 OPTIONS url; :30-46 extractFields → actions.POST; :1155 each base field's definition
    const o = await t.call("OPTIONS", "/api/label/print/", undefined, "readonly");
    const post = o.body.actions.POST as Record<string, Json>;
    // :296 "related field" builds the dropdown; :121 api_url, :124 model, :118 pk_field (string casts)
    expect(post.template.type).toBe("related field");
    expect(post.template.model).toBe("labeltemplate");
    expect(post.template.api_url).toBe("/api/label/template/");
    expect(post.plugin.type).toBe("related field");
    expect(post.plugin.model).toBe("pluginconfig");
    expect(post.plugin.api_url).toBe("/api/plugins/");
    expect(post.items).toBeDefined();
    // lib/labels.dart:90 OPTIONS label/print/?plugin=<key>; :104-157 every other field becomes a form field
    const withPlugin = await t.call("OPTIONS", "/api/label/print/?plugin=inventreelabel", undefined, "readonly");
    const fields = withPlugin.body.actions.POST as Record<string, Json>;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["width_mm", "height_mm", "gap_mm", "symbology"]));
  });

  test("print as the form submits it, poll the output, download the file under its URL's last segment", async () => {
    const item = d.testedItem;
    const tpl = resultsList((await t.call("GET", "/api/label/template/?enabled=true&model_type=stockitem", undefined, "readonly")).body)[0];
    // lib/api_form.dart:1491-1498 every simple field: value ?? default — template (int pk from the dropdown),
    // plugin (its key), items (hidden, [instanceId], lib/labels.dart:261-264), and the plugin's option fields
    // (lib/labels.dart:104-157) at their defaults; :1375 POST label/print/
    const r = await t.call(
      "POST",
      "/api/label/print/",
      { template: tpl.pk, plugin: "inventreelabel", items: [item], width_mm: 50, height_mm: 20, gap_mm: 2, symbology: "qrcode", format: "pdf" },
      "readonly",
    );
    // :1545-1558 200/201 → handleSuccess(data, json) → lib/labels.dart:278-279 handlePrintingSuccess
    expect(r.status).toBe(201);
    expectPrintingRecord(r.body);
    expect(r.body.complete).toBe(true);
    expect(r.body.plugin).toBe("inventreelabel");
    expect(r.body.output_type).toBe("label");
    expect(r.body.total).toBe(1);
    expect(r.body.progress).toBe(1);

    // lib/labels.dart:190-198: while not complete, GET data-output/<pk>/ each second, 200 and a Map
    const poll = await t.call("GET", `/api/data-output/${r.body.pk}/`, undefined, "readonly");
    expect(poll.status).toBe(200);
    expectPrintingRecord(poll.body);
    expect(poll.body.complete).toBe(true);
    expect(poll.body.output).toBe(r.body.output);

    // lib/labels.dart:180-183 complete with a non-empty output → downloadFile(output);
    // lib/api.dart:915 filename = url.split("/").last, :917 saved as <temp dir>/<filename>, then opened by type
    const output = r.body.output as string;
    const filename = output.split("/").pop();
    expect(filename).toBe(`label-stockitem-${item}.pdf`);
    // lib/api.dart:919 makeUrl(url) resolves the path against the server; :947-950 sends the token headers
    const file = await download(output);
    expect(file.status).toBe(200); // lib/api.dart:974 only a 200 is saved
    expect(file.type).toBe("application/pdf");
    expect(new TextDecoder().decode(file.bytes.slice(0, 5))).toBe("%PDF-");
  });

  test("a first print (no remembered plugin) sends plugin null: the built-in printer is used", async () => {
    // lib/labels.dart:240-243, 276: the default plugin is null until one print succeeded; api_form.dart:1498 sends null.
    // Option fields the user left empty are null too (value ?? default, with no default).
    const r = await t.call("POST", "/api/label/print/", { template: 1, plugin: null, items: [1], width_mm: null, height_mm: null, gap_mm: null, symbology: null, format: null, label: null }, "readonly");
    expect(r.status).toBe(201);
    expectPrintingRecord(r.body);
    expect(r.body.plugin).toBe("inventreelabel");
    expect(r.body.output.split("/").pop()).toBe("label-part-1.pdf");
  });

  test("a plugin that cannot print labels, or none of that key: 400 on `plugin`, shown under the field", async () => {
    // lib/api_form.dart:1561-1571 a 400 puts response[field] under each field (plugin is a visible field)
    const barcode = await t.call("POST", "/api/label/print/", { template: 2, plugin: "inventreebarcode", items: [d.testedItem] }, "readonly");
    expect(barcode.status).toBe(400);
    expect(barcode.body).toEqual({ plugin: ["Plugin does not support label printing"] });
    const missing = await t.call("POST", "/api/label/print/", { template: 2, plugin: "no-such-plugin", items: [d.testedItem] }, "readonly");
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ plugin: ["Plugin not found"] });
    const badTemplate = await t.call("POST", "/api/label/print/", { template: 999, items: [d.testedItem] }, "readonly");
    expect(badTemplate.status).toBe(400);
    expect(Array.isArray(badTemplate.body.template)).toBe(true);
  });
});

describe("inventree-python: LabelTemplate / ReportTemplate, printLabel / printReport, downloadFile", () => {
  test("LabelTemplate.list(model_type=…), count and LabelTemplate(api, pk)", async () => {
    // inventree/label.py:74-81 getLabelTemplates → LabelTemplate.list(api, model_type=<MODEL_TYPE>);
    // :164 URL 'label/template/'; base.py:249 api.get(url, params=kwargs); :266-271 a dict's results or the list,
    // each item with "pk" → cls(data=…); base.py:91-98 int(str(pk).strip()) must be > 0
    for (const model of ["stockitem", "part", "stocklocation"]) {
      const r = await t.call("GET", `/api/label/template/?model_type=${model}`, undefined, "readonly");
      expect(r.status).toBe(200);
      expect(r.body.length).toBeGreaterThan(0);
      for (const tpl of r.body as Json[]) {
        expect(Number.isInteger(tpl.pk)).toBe(true);
        expect(tpl.pk as number).toBeGreaterThan(0);
        // label.py:166-169 __str__ reads name and model_type
        expect(typeof tpl.name).toBe("string");
        expect(tpl.model_type).toBe(model);
      }
    }
    // base.py:219-230 count(): GET with limit=1, reads response['count']
    const c = await t.call("GET", "/api/label/template/?limit=1", undefined, "readonly");
    expect(c.body.count).toBe(3);
    // base.py:102 _url = "<URL>/<pk>/", :336-347 reload() GETs it when built from a bare pk
    const one = await t.call("GET", "/api/label/template/2/", undefined, "readonly");
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ pk: 2, model_type: "stockitem", key: "stockitem-label" });
    expect((await t.call("GET", "/api/label/template/99/", undefined, "readonly")).status).toBe(404);
  });

  test("StockItem.printLabel(template, destination=dir): POST label/print/, then download the output", async () => {
    // label.py:17-26 getTemplateId: int(template) or int(template.pk); :46-49 data {template, items: [self.pk]};
    // api.py:413-432 post() adds the query format=json and sends JSON; :438 needs 200 or 201
    const r = await t.call("POST", "/api/label/print/?format=json", { template: 2, items: [d.testedItem] }, "readonly");
    expect(r.status).toBe(201);
    // label.py:67 response.get('output'); :69-70 with a destination → saveOutput → api.downloadFile(url=output)
    expect(typeof r.body.output).toBe("string");
    // api.py:554-557 drops the leading "/" and joins with the server's base URL (not /api/)
    const url = (r.body.output as string).replace(/^\//, "");
    expect(url.startsWith("api/data-output/")).toBe(true);
    // api.py:559-564 a destination directory gets os.path.basename(fullurl)
    expect(url.split("/").pop()).toBe(`label-stockitem-${d.testedItem}.pdf`);
    const file = await download(`/${url}`);
    expect(file.status).toBeLessThan(300); // api.py:592
    expect(file.type).not.toContain("text/html"); // api.py:607 a text/html answer is refused
    expect(new TextDecoder().decode(file.bytes.slice(0, 5))).toBe("%PDF-");
  });

  test("printLabel with a plugin key (label.py:51-60), and a template pk given as a string", async () => {
    const r = await t.call("POST", "/api/label/print/?format=json", { template: 3, items: [d.warehouse], plugin: "inventreelabel" }, "readonly");
    expect(r.status).toBe(201);
    expect(r.body.plugin).toBe("inventreelabel");
    expect(r.body.output.split("/").pop()).toBe(`label-stocklocation-${d.warehouse}.pdf`);
    // label.py:20-21 accepts str templates and casts them; DRF's PrimaryKeyRelatedField takes "3" as well
    const s = await t.call("POST", "/api/label/print/?format=json", { template: "3", items: [d.warehouse] }, "readonly");
    expect(s.status).toBe(201);
  });

  test("ReportTemplate.list(model_type=…) and printReport(report, destination=dir)", async () => {
    // report.py:50-53 getReportTemplates → ReportTemplate.list(model_type=…); :127 URL 'report/template/'
    const list = await t.call("GET", "/api/report/template/?model_type=stocklocation", undefined, "readonly");
    expect(list.status).toBe(200);
    const tpl = (list.body as Json[])[0];
    expect(Number.isInteger(tpl.pk)).toBe(true);
    expect(tpl).toMatchObject({ key: "stocktake", model_type: "stocklocation" });
    // report.py:9-18 getTemplateId → int; :35-41 POST report/print/ {template, items: [self.pk]}
    const r = await t.call("POST", "/api/report/print/?format=json", { template: tpl.pk, items: [d.warehouse] }, "readonly");
    expect(r.status).toBe(201);
    // report.py:43-46 output → api.downloadFile(url=output, destination) — a directory takes the URL's basename
    const output = r.body.output as string;
    expect(output.split("/").pop()).toBe("Stocktake_Warehouse.pdf");
    const file = await download(output);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/pdf");
    // the template detail, as ReportTemplate(api, pk) reloads it (base.py:336-347)
    const one = await t.call("GET", `/api/report/template/${tpl.pk}/`, undefined, "readonly");
    expect(one.body).toMatchObject({ pk: tpl.pk, key: "stocktake", page_size: "A4", landscape: false });
  });
});

describe("template list filters read booleans as every other list route (InvenTree's str2bool words)", () => {
  test("enabled / builtin take True/False, yes/no, 1/0; anything else is a 400 naming the parameter", async () => {
    // inventree-app lib/labels.dart:248-255 sends enabled=true; the python library sends True/False (str(bool)).
    const count = async (query: string) => {
      const r = await t.call("GET", `/api/label/template/?${query}`, undefined, "readonly");
      expect(r.status).toBe(200);
      return (r.body as Json[]).length;
    };
    const all = await count("");
    expect(all).toBeGreaterThan(0);
    expect(await count("enabled=True")).toBe(all);
    expect(await count("enabled=on")).toBe(all);
    expect(await count("enabled=False")).toBe(0);
    expect(await count("enabled=no")).toBe(0);
    const builtinOnly = await count("builtin=yes");
    expect(builtinOnly).toBeGreaterThan(0);
    expect(builtinOnly + (await count("builtin=0"))).toBe(all);
    for (const bad of ["enabled=maybe", "builtin=2"]) {
      const r = await t.call("GET", `/api/label/template/?${bad}`, undefined, "readonly");
      expect(r.status).toBe(400);
      expect(Object.keys(r.body)).toEqual([bad.split("=")[0]]);
    }
  });
});
