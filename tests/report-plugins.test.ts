import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type DemoTargets, demoTargets } from "./support/report.ts";
import { reportWat, writeReportPlugin } from "./support/report-plugins.ts";

let t: TestApp;
let d: DemoTargets;
const dir = mkdtempSync(join(tmpdir(), "report-plugins-"));

beforeAll(async () => {
  const doc = { document: { title: "Shelf summary", blocks: [{ type: "heading", text: "From a plugin" }, { type: "table", columns: [{ key: "a", title: "A" }], rows: [{ a: "=cmd()" }, { a: "two" }] }] } };
  writeReportPlugin(dir, "doc-plugin", [{ key: "summary", name: "Shelf summary", model: "stocklocation", formats: ["csv", "html", "docx"] }], reportWat(JSON.stringify(doc)));
  // Adds context to the built-in purchase order report: echoes what it was sent under `received`.
  writeReportPlugin(dir, "ctx-plugin", [{ key: "purchase-order", name: "PO with approvals", model: "purchaseorder" }, { key: "orphan", name: "No built-in", model: "part" }], reportWat('{"context":{"approved_by":"Dana","received":', "}}", true));
  const file = { file: { content_type: "application/json", filename: "items.json", data_base64: Buffer.from('{"ok":true}').toString("base64") } };
  writeReportPlugin(dir, "file-plugin", [{ key: "export", name: "JSON export", model: "stockitem", formats: ["csv"] }], reportWat(JSON.stringify(file)));
  writeReportPlugin(dir, "bad-plugin", [{ key: "broken", name: "Broken", model: "part" }], reportWat('{"document":{"title":5}}'));
  writeReportPlugin(dir, "odd-model", [{ key: "x", name: "Unknown model", model: "spaceship" }], reportWat("{}"));
  t = await makeTestApp({ demo: true, pluginsDir: dir });
  d = await demoTargets(t.services.database);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const download = async (output: string) => {
  const res = await t.app.handle(new Request(`http://localhost${output}`, { headers: { authorization: `Token ${t.tokens.superuser}` } }));
  return { res, text: await res.text() };
};

describe("plugin reports", () => {
  test("listed as <slug>:<key> with their model and (known) formats; unknown models are not offered", async () => {
    const r = await t.call("GET", "/api/report/?builtin=false", undefined, "readonly");
    expect(r.status).toBe(200);
    const keys = r.body.map((x: { key: string }) => x.key).sort();
    expect(keys).toEqual(["bad-plugin:broken", "ctx-plugin:orphan", "ctx-plugin:purchase-order", "doc-plugin:summary", "file-plugin:export"]);
    const doc = r.body.find((x: { key: string }) => x.key === "doc-plugin:summary");
    expect(doc).toMatchObject({ pk: "doc-plugin:summary", builtin: false, plugin: "doc-plugin", model_type: "stocklocation", formats: ["csv", "html"] });
  });

  test("InvenTree's list gives each plugin report a stable integer pk, distinct from the built-ins'; printing by it works", async () => {
    const r = await t.call("GET", "/api/report/template/?builtin=false", undefined, "readonly");
    const pks = (r.body as { pk: number; key: string }[]).map((x) => x.pk);
    expect(pks.every((pk) => Number.isInteger(pk) && pk >= 1000)).toBe(true);
    expect(new Set(pks).size).toBe(pks.length);
    const doc = (r.body as { pk: number; key: string }[]).find((x) => x.key === "doc-plugin:summary");
    // The same pk on every listing: derived from the key, not from load order.
    expect((await t.call("GET", "/api/report/template/?builtin=false")).body.find((x: { key: string }) => x.key === "doc-plugin:summary").pk).toBe(doc?.pk);
    expect((await t.call("GET", `/api/report/template/${doc?.pk}/`)).body).toMatchObject({ key: "doc-plugin:summary", builtin: false, plugin: "doc-plugin" });
    const printed = await t.call("POST", "/api/report/print/", { template: doc?.pk, items: [d.warehouse], format: "csv" }, "readonly");
    expect(printed.status).toBe(201);
    expect(printed.body).toMatchObject({ template: "doc-plugin:summary", plugin: "doc-plugin" });
  });

  test("a document answer is rendered in the requested format", async () => {
    const r = await t.call("POST", "/api/report/print/", { template: "doc-plugin:summary", items: [d.warehouse], format: "csv" }, "readonly");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ plugin: "doc-plugin", template_name: "Shelf summary", output_name: "Shelf_summary.csv" });
    const { res, text } = await download(r.body.output);
    expect(res.headers.get("content-type")).toStartWith("text/csv");
    // The renderer neutralises a formula a plugin put in a cell.
    expect(text).toContain("'=cmd()");
    const pdf = await t.call("POST", "/api/report/print/", { template: "doc-plugin:summary", items: [d.warehouse], format: "pdf" });
    expect(pdf.status).toBe(400);
    expect(pdf.body.format[0]).toContain("does not support");
  });

  test("a context answer is added to the built-in report of the same key; the plugin received the InvenTree-named context", async () => {
    const r = await t.call("POST", "/api/report/print/", { template: "ctx-plugin:purchase-order", items: [d.po], format: "html" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.plugin).toBe("ctx-plugin");
    const { text } = await download(r.body.output);
    expect(text).toContain(`Purchase order ${d.poReference}`);
    expect(text).toContain("Additional information");
    expect(text).toContain("Dana");
    // What the plugin was sent, echoed back: report key, format, user and the order's context.
    const sent = text.match(/<dt>received<\/dt><dd>([\s\S]*?)<\/dd>/)?.[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'") ?? "{}";
    const input = JSON.parse(sent);
    expect(input.report).toBe("purchase-order");
    expect(input.format).toBe("html");
    expect(input.user).toMatchObject({ username: "staff", role: "staff" });
    expect(input.context.order.reference).toBe(d.poReference);
    expect(input.context.lines.length).toBe(d.poLines);
    expect(input.context.qr_data).toBe(`{"purchaseorder": ${d.po}}`);
    expect(Object.keys(input.context)).toEqual(expect.arrayContaining(["order", "supplier", "lines", "date", "user", "qr_data"]));
  });

  test("a context answer without a built-in of that key is a 400", async () => {
    const r = await t.call("POST", "/api/report/print/", { template: "ctx-plugin:orphan", items: [1] });
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain("no built-in report");
  });

  test("a file answer is stored as is; several items are refused", async () => {
    const r = await t.call("POST", "/api/report/print/", { template: "file-plugin:export", items: [d.testedItem], format: "csv" });
    expect(r.status).toBe(201);
    expect(r.body.output_name).toBe("items.json");
    const { res, text } = await download(r.body.output);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("content-disposition")).toContain('filename="items.json"');
    expect(text).toBe('{"ok":true}');
    const many = await t.call("POST", "/api/report/print/", { template: "file-plugin:export", items: [d.testedItem, d.testedItem + 1], format: "csv" });
    expect(many.status).toBe(400);
    expect(many.body.items[0]).toContain("one item at a time");
  });

  test("a failing plugin is a 400 with its message, and nothing is stored", async () => {
    const before = (await t.call("GET", "/api/data-output/?limit=1")).body.count;
    const r = await t.call("POST", "/api/report/print/", { template: "bad-plugin:broken", items: [1], format: "html" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ plugin: "bad-plugin", failure: "output_schema" });
    expect(r.body.detail).toContain("bad-plugin");
    expect((await t.call("GET", "/api/data-output/?limit=1")).body.count).toBe(before);
  });

  test("an inactive plugin's reports are gone", async () => {
    await t.services.plugins.setActive("doc-plugin", false);
    try {
      expect((await t.call("GET", "/api/report/")).body.some((x: { key: string }) => x.key === "doc-plugin:summary")).toBe(false);
      const r = await t.call("POST", "/api/report/print/", { template: "doc-plugin:summary", items: [d.warehouse], format: "csv" });
      expect(r.status).toBe(400);
      expect(r.body.template).toBeDefined();
    } finally {
      await t.services.plugins.setActive("doc-plugin", true);
    }
  });
});
