/**
 * Contract: inventree-python (d905764) LabelTemplate / ReportTemplate.downloadTemplate()
 * (inventree/label.py:154-158, report.py uses the same mixin): reads `self._data['template']` (the
 * template_key, label.py:89-91) and calls api.downloadFile(url) (api.py:544-600), which GETs the URL
 * relative to the server and, for a directory destination, saves it under the URL's last segment.
 * Binventory's templates are code or plugins: the file is a JSON description of the template.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe("downloadTemplate()", () => {
  for (const kind of ["label", "report"] as const) {
    test(`${kind} templates carry a template URL that downloads`, async () => {
      const list = await t.call("GET", `/api/${kind}/template/`, undefined, "readonly");
      expect(list.status).toBe(200);
      expect(list.body.length).toBeGreaterThan(0);
      for (const tpl of list.body) {
        // label.py:158 self._data[self.template_key]: a KeyError without it
        expect(typeof tpl.template).toBe("string");
        // api.py:554-557: a leading "/" is dropped and the rest joined to base_url (http://host/)
        expect(tpl.template.startsWith("/api/")).toBe(true);
        const name = tpl.template.split("/").pop();
        expect(name).toMatch(/^[A-Za-z0-9._-]+\.json$/); // api.py:561-564 os.path.basename(fullurl)
        const file = await t.call("GET", tpl.template, undefined, "readonly");
        expect(file.status).toBe(200);
        expect(file.body.key).toBe(tpl.key);
        expect(file.body.model_type).toBe(tpl.model_type);
        expect(typeof file.body.note).toBe("string");
        // the detail answers the same URL
        expect((await t.call("GET", `/api/${kind}/template/${tpl.pk}/`, undefined, "readonly")).body.template).toBe(tpl.template);
      }
    });
  }

  test("another file name or pk is a 404; no credentials a 401", async () => {
    const [tpl] = (await t.call("GET", "/api/label/template/", undefined, "readonly")).body;
    expect((await t.call("GET", `/api/label/template/${tpl.pk}/file/other.json`, undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", `/api/label/template/99999/file/x.json`, undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", tpl.template, undefined, null)).status).toBe(401);
  });
});
