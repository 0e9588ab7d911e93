import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type DemoTargets, demoTargets } from "./support/report.ts";

let t: TestApp;
let d: DemoTargets;
const scratch = mkdtempSync(join(tmpdir(), "report-print-"));
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  d = await demoTargets(t.services.database);
});
afterAll(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Prints and downloads: the data-output record and the file's bytes and headers. */
async function print(path: string, body: Record<string, unknown>, as: "superuser" | "staff" | "readonly" = "staff") {
  const r = await t.call("POST", path, body, as);
  expect(r.status).toBe(201);
  expect(r.body.complete).toBe(true);
  expect(r.body.output).toBe(`/api/data-output/${r.body.pk}/download/${encodeURIComponent(r.body.output_name)}`);
  const res = await t.app.handle(new Request(`http://localhost${r.body.output}`, { headers: { authorization: `Token ${t.tokens[as]}` } }));
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { record: r.body, bytes, text: new TextDecoder().decode(bytes), headers: res.headers };
}

/** The text of a PDF through poppler's pdftotext (layout kept, so table rows stay on one line). */
function pdfText(bytes: Uint8Array): string {
  const file = join(scratch, `${crypto.randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  const p = Bun.spawnSync(["pdftotext", "-layout", file, "-"]);
  if (p.exitCode !== 0) throw new Error(`pdftotext failed: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows;
}

const countMatches = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe("GET /api/report/ and /api/label/", () => {
  test("lists the built-in reports with model and formats; filters model_type, items, search; pagination", async () => {
    const r = await t.call("GET", "/api/report/", undefined, "readonly");
    expect(r.status).toBe(200);
    const keys = r.body.map((x: { key: string }) => x.key);
    expect(keys).toEqual(["stocktake", "packing-list", "test-report", "purchase-order"]);
    expect(r.body[0]).toMatchObject({ pk: "stocktake", model_type: "stocklocation", formats: ["pdf", "html", "csv", "md", "tex"], builtin: true, plugin: null, kind: "report" });
    const loc = await t.call("GET", `/api/report/template/?model_type=stockitem&items=${d.testedItem}`);
    expect(loc.body.map((x: { key: string }) => x.key)).toEqual(["test-report"]);
    expect((await t.call("GET", "/api/report/?search=packing")).body.map((x: { key: string }) => x.key)).toEqual(["packing-list"]);
    expect((await t.call("GET", "/api/report/?search=list%20PACKING")).body.map((x: { key: string }) => x.key)).toEqual(["packing-list"]); // each word, in any order
    const page = await t.call("GET", "/api/report/?limit=2&offset=1");
    expect(page.body.count).toBe(4);
    expect(page.body.results.map((x: { key: string }) => x.key)).toEqual(["packing-list", "test-report"]);
    expect(page.body.next).toContain("offset=3");
    const bad = await t.call("GET", "/api/report/?model_type=spaceship");
    expect(bad.status).toBe(400);
    expect(bad.body.model_type[0]).toContain("not one of the available choices");
    const labels = await t.call("GET", "/api/label/template/?model_type=part");
    expect(labels.body).toEqual([expect.objectContaining({ key: "part-label", kind: "label", width: 50, height: 20 })]);
  });

  test("auth: 401 without credentials", async () => {
    expect((await t.call("GET", "/api/report/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/label/", undefined, null)).status).toBe(401);
    expect((await t.call("POST", "/api/report/print/", { template: "stocktake", items: [d.warehouse] }, null)).status).toBe(401);
    expect((await t.call("POST", "/api/label/print/", { template: "part-label", items: [1] }, null)).status).toBe(401);
    expect((await t.call("GET", "/api/data-output/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/data-output/1/download/", undefined, null)).status).toBe(401);
  });
});

describe("stocktake in every format", () => {
  test("PDF: every item row, the location, the Counted column; content type and file name", async () => {
    const { record, bytes, headers } = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse] });
    expect(record).toMatchObject({ template: "stocktake", template_name: "Stocktake", total: 1, progress: 1, format: "pdf", plugin: null, output_name: "Stocktake_Warehouse.pdf" });
    expect(headers.get("content-type")).toBe("application/pdf");
    expect(headers.get("content-disposition")).toContain('filename="Stocktake_Warehouse.pdf"');
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const text = pdfText(bytes);
    expect(text).toContain("Stocktake: Warehouse");
    expect(text).toContain("Counted");
    expect(text).toContain("Totals per part");
    expect(countMatches(text, /Warehouse\/Shelf [ABC]|Warehouse\/Receiving/g)).toBeGreaterThanOrEqual(d.warehouseItems);
  });

  test("CSV: one row per stock item with expected = quantity and an empty Counted cell", async () => {
    const { text, headers } = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "csv" });
    expect(headers.get("content-type")).toStartWith("text/csv");
    const rows = parseCsv(text);
    const header = rows.findIndex((r) => r.includes("Counted") && r.includes("Location"));
    expect(header).toBeGreaterThanOrEqual(0);
    const cols = rows[header];
    const itemRows = rows.slice(header + 1).filter((r) => r.length === cols.length && r[cols.indexOf("Location")].startsWith("Warehouse/"));
    expect(itemRows.length).toBe(d.warehouseItems);
    for (const r of itemRows) {
      expect(r[cols.indexOf("Expected")]).toBe(r[cols.indexOf("Quantity")]);
      expect(r[cols.indexOf("Counted")]).toBe("");
    }
  });

  test("HTML: the items table has a row per item; the location QR is drawn", async () => {
    const { text, headers } = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "html" });
    expect(headers.get("content-type")).toStartWith("text/html");
    const tablesHtml = text.match(/<table[\s\S]*?<\/table>/g) ?? [];
    expect(tablesHtml.length).toBeGreaterThanOrEqual(2);
    const items = tablesHtml.find((x) => x.includes("Counted") && x.includes("Location")) ?? "";
    const body = items.match(/<tbody[\s\S]*?<\/tbody>/)?.[0] ?? "";
    expect(countMatches(body, /<tr[\s>]/g)).toBe(d.warehouseItems);
    expect(text).toMatch(/aria-label="qrcode: \{&quot;stocklocation&quot;: \d+\}"[^>]*><svg/);
  });

  test("Markdown and LaTeX: the table is there, LaTeX as a longtable", async () => {
    const md = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "md" });
    expect(md.headers.get("content-type")).toStartWith("text/markdown");
    expect(md.text).toContain("| Part |");
    expect(countMatches(md.text, /\| Warehouse\//g) + countMatches(md.text, /Warehouse\/Shelf|Warehouse\/Receiving/g)).toBeGreaterThanOrEqual(d.warehouseItems);
    const tex = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "tex" });
    expect(tex.record.output_name).toBe("Stocktake_Warehouse.tex");
    expect(tex.text).toContain("\\begin{longtable}");
    expect(tex.text).toContain("\\end{document}");
  });
});

describe("the other built-in reports", () => {
  test("packing list in each format", async () => {
    const pdf = pdfText((await print("/api/report/print/", { template: "packing-list", items: [d.shipment] })).bytes);
    expect(pdf).toContain("Packing list");
    expect(pdf).toContain("Allocated items");
    const csv = parseCsv((await print("/api/report/print/", { template: "packing-list", items: [d.shipment], format: "csv" })).text);
    const header = csv.findIndex((r) => r.includes("Serial") && r.includes("Packed"));
    expect(header).toBeGreaterThanOrEqual(0);
    const html = (await print("/api/report/print/", { template: "packing-list", items: [d.shipment], format: "html" })).text;
    const allocated = (html.match(/<table[\s\S]*?<\/table>/g) ?? []).find((x) => x.includes("Packed")) ?? "";
    expect(countMatches(allocated.match(/<tbody[\s\S]*?<\/tbody>/)?.[0] ?? "", /<tr[\s>]/g)).toBe(d.shipmentAllocations);
    expect((await print("/api/report/print/", { template: "packing-list", items: [d.shipment], format: "md" })).text).toContain("Allocated items");
    expect((await print("/api/report/print/", { template: "packing-list", items: [d.shipment], format: "tex" })).text).toContain("\\begin{longtable}");
  });

  test("test report in each format: each test and the summary", async () => {
    const pdf = pdfText((await print("/api/report/print/", { template: "test-report", items: [d.testedItem] }, "readonly")).bytes);
    expect(pdf).toContain("RF Range");
    expect(pdf).toContain("required tests passed");
    const csv = parseCsv((await print("/api/report/print/", { template: "test-report", items: [d.testedItem], format: "csv" })).text);
    const header = csv.findIndex((r) => r[0] === "Test" && r.includes("Result"));
    expect(csv.slice(header + 1).filter((r) => ["PASS", "FAIL", "Not run"].includes(r[1])).length).toBe(d.testNames.length);
    const html = (await print("/api/report/print/", { template: "test-report", items: [d.testedItem], format: "html" })).text;
    expect(html).toContain("RF Range");
    expect((await print("/api/report/print/", { template: "test-report", items: [d.testedItem], format: "md" })).text).toContain("RF Range");
    expect((await print("/api/report/print/", { template: "test-report", items: [d.testedItem], format: "tex" })).text).toContain("\\begin{longtable}");
  });

  test("purchase order in each format: lines with SKU and totals", async () => {
    const pdf = pdfText((await print("/api/report/print/", { template: "purchase-order", items: [d.po] })).bytes);
    expect(pdf).toContain(`Purchase order ${d.poReference}`);
    expect(pdf).toContain("SKU");
    const csv = parseCsv((await print("/api/report/print/", { template: "purchase-order", items: [d.po], format: "csv" })).text);
    const header = csv.findIndex((r) => r.includes("SKU") && r.includes("MPN"));
    const dataRows = csv.slice(header + 1).filter((r) => r.length === csv[header].length && r[0] !== "" && r[0] !== "Total");
    expect(dataRows.length).toBe(d.poLines);
    for (const f of ["html", "md", "tex"]) {
      expect((await print("/api/report/print/", { template: "purchase-order", items: [d.po], format: f })).text).toContain(d.poReference);
    }
  });

  test("several items: one output covering all, missing pks skipped", async () => {
    const { record, bytes } = await print("/api/report/print/", { template: "purchase-order", items: [d.po, d.po + 1, 99999] });
    expect(record.total).toBe(2);
    const text = pdfText(bytes);
    expect(text).toContain("PO-0001");
    expect(text).toContain("PO-0002");
  });
});

describe("labels", () => {
  test("a label per item, with its lines, in each format; size and symbology configurable", async () => {
    const items = [d.testedItem, d.testedItem + 1, d.testedItem + 2];
    const pdf = await print("/api/label/print/", { template: "stockitem-label", items, label: { width_mm: 62, height_mm: 29, gap_mm: 2, symbology: "code128" } }, "readonly");
    expect(pdf.record).toMatchObject({ output_type: "label", total: 3, template: "stockitem-label" });
    expect(countMatches(pdfText(pdf.bytes), /Location: /g)).toBe(3);
    const html = await print("/api/label/print/", { template: "stocklocation-label", items: [2, 3], format: "html" });
    expect(html.text).toContain("Warehouse/Shelf A/Bin 1");
    expect(countMatches(html.text, /<svg/g)).toBe(2);
    expect((await print("/api/label/print/", { template: "part-label", items: [1], format: "md" })).text).toContain("In stock:");
    expect((await print("/api/label/print/", { template: "part-label", items: [1], format: "tex" })).text).toContain("In stock:");
  });

  test("invalid label size or symbology: 400 naming it", async () => {
    const small = await t.call("POST", "/api/label/print/", { template: "part-label", items: [1], label: { width_mm: 2, height_mm: 20 } });
    expect(small.status).toBe(400);
    expect(small.body).toEqual({ label: { width_mm: ["Ensure this value is greater than or equal to 5."] } });
    const big = await t.call("POST", "/api/label/print/", { template: "part-label", items: [1], label: { width_mm: 50, height_mm: 900, gap_mm: -1, symbology: "morse" } });
    expect(big.status).toBe(400);
    expect(Object.keys(big.body.label).sort()).toEqual(["gap_mm", "height_mm", "symbology"]);
    const wrongType = await t.call("POST", "/api/label/print/", { template: "part-label", items: [1], label: { width_mm: "wide", height_mm: 20 } });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain("width_mm");
  });

  test("flat printing options (as the app's form sends them): size and symbology, null for the default, DRF messages", async () => {
    const flat = await print("/api/label/print/", { template: "part-label", items: [1, 2], width_mm: 62, height_mm: 29, gap_mm: 3, symbology: "datamatrix", format: "html" });
    expect(flat.text).toContain("62mm");
    expect(flat.record.output_name).toBe("labels-part-1-2.html");
    const defaults = await print("/api/label/print/", { template: "part-label", items: [1], width_mm: null, height_mm: null, gap_mm: null, symbology: null, format: null });
    expect(defaults.record).toMatchObject({ format: "pdf", output_name: "label-part-1.pdf", plugin: "inventreelabel" });
    const bad = await t.call("POST", "/api/label/print/", { template: "part-label", items: [1], width_mm: 2, height_mm: 900, gap_mm: -1, symbology: "morse" });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      width_mm: ["Ensure this value is greater than or equal to 5."],
      height_mm: ["Ensure this value is less than or equal to 500."],
      gap_mm: ["Ensure this value is greater than or equal to 0."],
      symbology: ['"morse" is not a valid choice.'],
    });
    // The nested form wins over the flat fields when both are sent.
    const nested = await print("/api/label/print/", { template: "part-label", items: [1], width_mm: 80, label: { width_mm: 41, height_mm: 17 }, format: "html" });
    expect(nested.text).toContain("41mm");
  });

  test("a report template is not a label template, and back", async () => {
    expect((await t.call("POST", "/api/label/print/", { template: "stocktake", items: [d.warehouse] })).body.template).toBeDefined();
    expect((await t.call("POST", "/api/report/print/", { template: "part-label", items: [1] })).body.template).toBeDefined();
  });
});

describe("print errors", () => {
  test("unknown template, no valid items, unsupported format, missing or mistyped fields", async () => {
    const unknown = await t.call("POST", "/api/report/print/", { template: "nope", items: [1] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.template[0]).toContain("does not exist");
    const none = await t.call("POST", "/api/report/print/", { template: "stocktake", items: [99999] });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ items: ["No valid items provided to template"] });
    expect((await t.call("POST", "/api/report/print/", { template: "stocktake", items: [] })).body).toEqual({ items: ["No valid items provided to template"] });
    const fmt = await t.call("POST", "/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "docx" });
    expect(fmt.status).toBe(400);
    expect(fmt.body.format[0]).toContain("not a valid choice");
    const labelCsv = await t.call("POST", "/api/label/print/", { template: "part-label", items: [1], format: "csv" });
    expect(labelCsv.status).toBe(400);
    expect(labelCsv.body.format[0]).toContain("does not support");
    const missing = await t.call("POST", "/api/report/print/", { template: "stocktake" });
    expect(missing.status).toBe(400);
    expect(missing.body.items).toEqual(["This field is required."]);
    const typed = await t.call("POST", "/api/report/print/", { template: "stocktake", items: ["x"] });
    expect(typed.status).toBe(400);
    expect(JSON.stringify(typed.body)).toContain("items");
  });
});

describe("data outputs", () => {
  test("each user sees their own outputs; a superuser sees all; others' are 404", async () => {
    const mine = await print("/api/report/print/", { template: "stocktake", items: [d.warehouse], format: "csv" }, "readonly");
    const list = await t.call("GET", "/api/data-output/", undefined, "readonly");
    expect(list.status).toBe(200);
    expect(list.body.every((o: { user: number }) => o.user === t.users.readonly)).toBe(true);
    expect(list.body[0]).toMatchObject({ pk: mine.record.pk, user_detail: { username: "reader" }, output_type: "report" });
    const staffView = await t.call("GET", `/api/data-output/${mine.record.pk}/`, undefined, "staff");
    expect(staffView.status).toBe(404);
    expect((await t.call("GET", `/api/data-output/${mine.record.pk}/download/`, undefined, "staff")).status).toBe(404);
    const all = await t.call("GET", "/api/data-output/?limit=1000", undefined, "superuser");
    expect(all.body.results.some((o: { user: number }) => o.user === t.users.staff)).toBe(true);
    expect(all.body.results.some((o: { user: number }) => o.user === t.users.readonly)).toBe(true);
    const one = await t.call("GET", `/api/data-output/${mine.record.pk}/`, undefined, "readonly");
    expect(one.body.output).toBe(mine.record.output);
    const labels = await t.call("GET", "/api/data-output/?output_type=label", undefined, "superuser");
    expect(labels.body.length).toBeGreaterThan(0);
    expect(labels.body.every((o: { output_type: string }) => o.output_type === "label")).toBe(true);
    expect((await t.call("DELETE", `/api/data-output/${mine.record.pk}/`, undefined, "staff")).status).toBe(404);
    expect((await t.call("DELETE", `/api/data-output/${mine.record.pk}/`, undefined, "readonly")).status).toBe(204);
    expect((await t.call("GET", `/api/data-output/${mine.record.pk}/`, undefined, "readonly")).status).toBe(404);
  });
});
