/**
 * Contract: every form the InvenTree app (inventree-app @06013b3a) opens, replayed as the app does it.
 *
 * launchApiForm (lib/api_form.dart:1100-1200) first sends OPTIONS to the form's URL and takes
 * `actions.POST ?? PUT ?? PATCH` (api_form.dart:30-46; an empty map is "no permission"). Each field the
 * app asks for is looked up there (api_form.dart:1150, nested fields at `items.child.children.<name>`);
 * a missing definition or a type outside api_form.dart:288-316 renders "Unsupported field type". The
 * app hides a field whose own data or server definition says `hidden` (api_form.dart:127). On save
 * (api_form.dart:1490-1525) it sends every writable field as `value ?? default` — `value` is the
 * instance value (`modelData`, edit forms: the object as GET answered it; create forms: the `data`
 * passed in) or the one the app set — so untouched fields go as null; nested fields go as a one-element
 * list under their parent. The server must accept that body (200 / 201).
 *
 * Forms are listed with the Dart class / method that builds them and the file:line they come from; the
 * apiVersion-dependent removals (e.g. purchase_order.dart:66-76) follow Binventory's API_VERSION, and
 * again 305 (below the start-date and parameter gates), each on a fresh app.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { API_VERSION } from "../server/core/version.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;

/** The field types api_form.dart:288-316 renders. */
const SUPPORTED = new Set(["string", "url", "boolean", "boolean filter", "related field", "decimal", "float", "integer", "choice", "file upload", "image upload", "date", "barcode"]);

type FieldData = { value?: unknown; hidden?: boolean; parent?: string; nested?: boolean; type?: string; read_only?: boolean };

interface Form {
  /** Dart class / method and where the form is built. */
  name: string;
  url: () => string;
  method: "POST" | "PATCH";
  fields: () => Record<string, FieldData>;
  /** `modelData`: the create form's `data`, or the edit form's instance (GET of the url when omitted). */
  modelData?: () => Record<string, unknown>;
  status?: number;
}

/**
 * The apiVersion the forms are built for: Binventory's, and 305, the number docs/clients.md
 * recommends once its gates are met (the forms then also ask for PO `destination`).
 */
let v = API_VERSION;
const VERSIONS = [...new Set([API_VERSION, 305])];
// lib/api.dart gates
let supportsProjectCodes = false;
let supportsContactModel = false;
let supportsPurchaseOrderDestination = false;
let supportsStartDate = false;
let supportsCompanyActiveStatus = false;
let supportsModernTestResults = false;
let supportsStockAdjustExtraFields = false;
function setApiVersion(version: number) {
  v = version;
  supportsProjectCodes = v >= 109;
  supportsContactModel = v >= 104;
  supportsPurchaseOrderDestination = v >= 276;
  supportsStartDate = v >= 306;
  supportsCompanyActiveStatus = v >= 189;
  supportsModernTestResults = v >= 169;
  supportsStockAdjustExtraFields = v >= 133;
}

const ids: Record<string, number> = {};

// ---- the formFields() of each model, as lib/inventree/*.dart define them ----

/** InvenTreePartCategory.formFields, lib/inventree/part.dart:45 (and InvenTreeStockLocation, stock.dart:606). */
const treeFields = () => ({ name: {}, description: {}, parent: {}, structural: {} });

/** InvenTreePart.formFields, part.dart:162. */
const partFields = () => ({
  name: {}, description: {}, IPN: {}, revision: {}, keywords: {}, link: {}, category: {}, default_location: {}, units: {},
  active: {}, assembly: {}, component: {}, purchaseable: {}, salable: {}, trackable: {}, is_template: {}, virtual: {},
});

/** InvenTreeStockItem.formFields, stock.dart:193. */
const stockFields = (): Record<string, FieldData> => ({
  part: {}, location: {}, quantity: {}, serial: {}, serial_numbers: { type: "string" }, status: {}, batch: {},
  purchase_price: {}, purchase_price_currency: {}, packaging: {}, link: {},
});

/** InvenTreeStockItemTestResult.formFields, stock.dart:34-54. */
function testResultFields(): Record<string, FieldData> {
  const f: Record<string, FieldData> = { stock_item: { hidden: true }, test: {}, template: {}, result: {}, value: {}, notes: {}, attachment: {} };
  if (supportsModernTestResults) delete f.test;
  else delete f.template;
  return f;
}

/** InvenTreeCompany.formFields, company.dart:40-56. */
function companyFields(): Record<string, FieldData> {
  const f: Record<string, FieldData> = { name: {}, description: {}, website: {}, is_supplier: {}, is_manufacturer: {}, is_customer: {}, currency: {} };
  if (supportsCompanyActiveStatus) f.active = {};
  return f;
}

/** InvenTreeSupplierPart.formFields, company.dart:140-161. */
function supplierPartFields(): Record<string, FieldData> {
  const f: Record<string, FieldData> = { supplier: {}, SKU: {}, link: {}, note: {}, packaging: {} };
  if (v < 117) f.pack_size = {};
  else f.pack_quantity = {};
  if (supportsCompanyActiveStatus) f.active = {};
  return f;
}

/** InvenTreePurchaseOrder.formFields, purchase_order.dart:47-79. */
function poFields(): Record<string, FieldData> {
  const f: Record<string, FieldData> = {
    reference: {}, supplier: {}, supplier_reference: {}, description: {}, project_code: {}, destination: {}, start_date: {},
    target_date: {}, link: {}, responsible: {}, contact: {},
  };
  if (!supportsProjectCodes) delete f.project_code;
  if (!supportsPurchaseOrderDestination) delete f.destination;
  if (!supportsStartDate) delete f.start_date;
  return f;
}

/** InvenTreeSalesOrder.formFields, sales_order.dart:47-78. */
function soFields(): Record<string, FieldData> {
  const f: Record<string, FieldData> = {
    reference: {}, customer: {}, customer_reference: {}, description: {}, project_code: {}, start_date: {}, target_date: {},
    link: {}, responsible: {}, contact: {},
  };
  if (!supportsProjectCodes) delete f.project_code;
  if (!supportsContactModel) delete f.contact;
  if (!supportsStartDate) delete f.start_date;
  return f;
}

/** InvenTreePOLineItem.formFields, purchase_order.dart:176-194. */
const poLineFields = (): Record<string, FieldData> => ({
  part: { hidden: true }, order: { hidden: true }, reference: {}, quantity: {}, purchase_price: {}, purchase_price_currency: {}, destination: {}, notes: {}, link: {},
});

/** InvenTreeSOLineItem.formFields, sales_order.dart:155-166. */
const soLineFields = (): Record<string, FieldData> => ({ order: { hidden: true }, part: {}, quantity: {}, reference: {}, notes: {}, link: {} });

/** InvenTreeSalesOrderShipment.formFields, sales_order.dart:291-301. */
const shipmentFields = (): Record<string, FieldData> => ({ order: {}, reference: {}, tracking_number: {}, invoice_number: {}, link: {} });

/** InvenTreeExtraLineItem.formFields, orders.dart:148-162. */
const extraLineFields = (): Record<string, FieldData> => ({
  order: { hidden: true }, reference: {}, description: {}, quantity: {}, price: {}, price_currency: {}, link: {}, notes: {},
});

const without = (f: Record<string, FieldData>, ...names: string[]) => {
  for (const n of names) delete f[n];
  return f;
};

// ---- the forms ----

const FORMS: Form[] = [
  { name: "InvenTreePartCategory.createForm (widget/part/category_display.dart:222)", url: () => "/api/part/category/", method: "POST", fields: () => ({ ...treeFields(), name: { value: "Form category" } }), modelData: () => ({ parent: ids.category }) },
  { name: "InvenTreePartCategory.editForm (widget/part/category_display.dart:90)", url: () => `/api/part/category/${ids.category}/`, method: "PATCH", fields: treeFields },
  { name: "InvenTreePart.createForm (widget/part/category_display.dart:244)", url: () => "/api/part/", method: "POST", fields: partFields, modelData: () => ({ category: ids.category, name: "Form part" }) },
  { name: "InvenTreePart.editForm (widget/part/part_detail.dart:313)", url: () => `/api/part/${ids.part}/`, method: "PATCH", fields: partFields },
  { name: "InvenTreeStockLocation.createForm (widget/stock/location_display.dart:244)", url: () => "/api/stock/location/", method: "POST", fields: treeFields, modelData: () => ({ parent: ids.location, name: "Form bin" }) },
  { name: "InvenTreeStockLocation.editForm (widget/stock/location_display.dart:209)", url: () => `/api/stock/location/${ids.location}/`, method: "PATCH", fields: treeFields },
  {
    // part_detail.dart:780-826: serial removed, part hidden, a non-trackable part drops serial_numbers
    name: "InvenTreeStockItem.createForm from a part (widget/part/part_detail.dart:780)",
    url: () => "/api/stock/",
    method: "POST",
    fields: () => {
      const f = without(stockFields(), "serial", "serial_numbers");
      f.part = { hidden: true };
      f.quantity = { value: "5" };
      return f;
    },
    modelData: () => ({ part: String(ids.part), location: ids.location }),
  },
  {
    name: "InvenTreeStockItem.createForm from a trackable part (widget/part/part_detail.dart:780, serial_numbers kept)",
    url: () => "/api/stock/",
    method: "POST",
    fields: () => {
      const f = without(stockFields(), "serial");
      f.part = { hidden: true };
      f.quantity = { value: "2" };
      return f;
    },
    modelData: () => ({ part: String(ids.trackable), location: ids.location, serial_numbers: "100-101" }), // as from part/<pk>/serial-numbers/, with quantity 2
  },
  {
    name: "InvenTreeStockItem.createForm in a location (widget/stock/location_display.dart:263)",
    url: () => "/api/stock/",
    method: "POST",
    fields: () => {
      const f = without(stockFields(), "serial");
      f.part = { value: ids.part };
      f.quantity = { value: "3" };
      return f;
    },
    modelData: () => ({ location: ids.location }),
  },
  {
    // stock_detail.dart:340-351: part, quantity, location, serial_numbers removed; serial only for a trackable part
    name: "InvenTreeStockItem.editForm (widget/stock/stock_detail.dart:340)",
    url: () => `/api/stock/${ids.stock}/`,
    method: "PATCH",
    fields: () => without(stockFields(), "part", "quantity", "location", "serial_numbers", "serial"),
  },
  {
    name: "InvenTreeStockItemTestResult.createForm (widget/stock/stock_item_test_results.dart:73)",
    url: () => "/api/stock/test/",
    method: "POST",
    fields: () => {
      const f = testResultFields();
      f.result = { value: true };
      f.value = { value: "3.3V" };
      return f;
    },
    modelData: () => ({ template: `${ids.template}`, stock_item: `${ids.testedStock}`, test: "Voltage" }),
  },
  { name: "InvenTreeCompany.createForm (widget/company/company_list.dart:36)", url: () => "/api/company/", method: "POST", fields: companyFields, modelData: () => ({ is_supplier: true, name: "Form Co" }) },
  { name: "InvenTreeCompany.editForm (widget/company/company_detail.dart:213)", url: () => `/api/company/${ids.supplier}/`, method: "PATCH", fields: companyFields },
  { name: "InvenTreeSupplierPart.editForm (widget/company/supplier_part_detail.dart:52)", url: () => `/api/company/part/${ids.supplierPart}/`, method: "PATCH", fields: supplierPartFields },
  {
    name: "InvenTreeManufacturerPart.editForm (widget/company/manufacturer_part_detail.dart:83)",
    url: () => `/api/company/part/manufacturer/${ids.manufacturerPart}/`,
    method: "PATCH",
    fields: () => ({ manufacturer: {}, MPN: {}, link: {} }), // company.dart:249
  },
  {
    // purchase_order_list.dart:58-61: contact removed until the company is known
    name: "InvenTreePurchaseOrder.createForm (widget/order/purchase_order_list.dart:58)",
    url: () => "/api/order/po/",
    method: "POST",
    fields: () => {
      const f = without(poFields(), "contact");
      f.supplier = { value: ids.supplier };
      return f;
    },
    modelData: () => ({}),
  },
  {
    name: "InvenTreePurchaseOrder.createForm from a company (widget/company/company_detail.dart:131)",
    url: () => "/api/order/po/",
    method: "POST",
    fields: () => {
      const f = without(poFields(), "contact");
      f.supplier = { value: ids.supplier };
      return f;
    },
    modelData: () => ({}),
  },
  {
    // purchase_order_detail.dart:364-378: supplier removed; project_code removed when PROJECT_CODES_ENABLED is off
    name: "InvenTreePurchaseOrder.editForm (widget/order/purchase_order_detail.dart:365)",
    url: () => `/api/order/po/${ids.po}/`,
    method: "PATCH",
    fields: () => without(poFields(), "supplier", "project_code", ...(supportsContactModel ? [] : ["contact"])),
  },
  {
    name: "InvenTreeSalesOrder.createForm (widget/order/sales_order_list.dart:53)",
    url: () => "/api/order/so/",
    method: "POST",
    fields: () => {
      const f = without(soFields(), "contact");
      f.customer = { value: ids.customer };
      return f;
    },
    modelData: () => ({}),
  },
  {
    name: "InvenTreeSalesOrder.editForm (widget/order/sales_order_detail.dart:311)",
    url: () => `/api/order/so/${ids.so}/`,
    method: "PATCH",
    fields: () => without(soFields(), "customer", "project_code", ...(supportsContactModel ? [] : ["contact"])),
  },
  {
    name: "InvenTreePOLineItem.createForm (widget/order/purchase_order_detail.dart:160)",
    url: () => "/api/order/po-line/",
    method: "POST",
    fields: () => {
      const f = poLineFields();
      f.part = { hidden: false, value: ids.supplierPart };
      f.order = { hidden: true, value: ids.po };
      f.quantity = { value: "4" };
      return f;
    },
    modelData: () => ({}),
  },
  {
    name: "InvenTreePOLineItem.createForm by scan (barcode/purchase_order.dart:181)",
    url: () => "/api/order/po-line/",
    method: "POST",
    fields: () => {
      const f = poLineFields();
      f.order = { hidden: true, value: ids.po };
      f.part = { hidden: false, value: ids.supplierPart };
      f.quantity = { value: 1 };
      return f;
    },
    modelData: () => ({}),
  },
  { name: "InvenTreePOLineItem.editForm (widget/order/po_line_detail.dart:114)", url: () => `/api/order/po-line/${ids.poLine}/`, method: "PATCH", fields: poLineFields },
  {
    // purchase_order.dart:270-311
    name: "InvenTreePOLineItem.receive (inventree/purchase_order.dart:270)",
    url: () => `/api/order/po/${ids.placedPo}/receive/`,
    method: "POST",
    fields: () => ({
      line_item: { parent: "items", nested: true, hidden: true, value: ids.placedPoLine },
      quantity: { parent: "items", nested: true, value: 2 },
      location: { value: ids.location },
      status: { parent: "items", nested: true },
      batch_code: { parent: "items", nested: true },
      barcode: { parent: "items", nested: true, type: "barcode", value: null },
    }),
    modelData: () => ({}),
  },
  {
    name: "complete order (widget/order/purchase_order_detail.dart:208)",
    url: () => `/api/order/po/${ids.placedPo}/complete/`,
    method: "POST",
    fields: () => ({ accept_incomplete: { value: true } }),
    modelData: () => ({}),
  },
  {
    name: "InvenTreePOExtraLineItem.createForm (widget/order/po_extra_line_list.dart:34)",
    url: () => "/api/order/po-extra-line/",
    method: "POST",
    fields: () => ({ ...extraLineFields(), order: { hidden: true, value: ids.po }, quantity: { value: "1" } }),
    modelData: () => ({}),
  },
  { name: "InvenTreePOExtraLineItem.editForm (widget/order/extra_line_detail.dart:54)", url: () => `/api/order/po-extra-line/${ids.poExtra}/`, method: "PATCH", fields: extraLineFields },
  {
    name: "InvenTreeSOExtraLineItem.createForm (widget/order/so_extra_line_list.dart:36)",
    url: () => "/api/order/so-extra-line/",
    method: "POST",
    fields: () => ({ ...extraLineFields(), order: { hidden: true, value: ids.so }, quantity: { value: "1" } }),
    modelData: () => ({}),
  },
  { name: "InvenTreeSOExtraLineItem.editForm (widget/order/extra_line_detail.dart:54)", url: () => `/api/order/so-extra-line/${ids.soExtra}/`, method: "PATCH", fields: extraLineFields },
  {
    name: "InvenTreeSOLineItem.createForm (widget/order/sales_order_detail.dart:98)",
    url: () => "/api/order/so-line/",
    method: "POST",
    fields: () => ({ ...soLineFields(), order: { hidden: true, value: ids.so }, part: { value: ids.part }, quantity: { value: "2" } }),
    modelData: () => ({}),
  },
  {
    name: "InvenTreeSOLineItem.createForm by scan (barcode/sales_order.dart:54)",
    url: () => "/api/order/so-line/",
    method: "POST",
    fields: () => ({ ...soLineFields(), order: { hidden: true, value: ids.so }, part: { hidden: false, value: ids.part }, quantity: { value: 1 } }),
    modelData: () => ({}),
  },
  { name: "InvenTreeSOLineItem.editForm (widget/order/so_line_detail.dart:89)", url: () => `/api/order/so-line/${ids.soLine}/`, method: "PATCH", fields: soLineFields },
  {
    name: "InvenTreeSalesOrderShipment.createForm (widget/order/sales_order_detail.dart:81)",
    url: () => "/api/order/so/shipment/",
    method: "POST",
    fields: () => ({ ...shipmentFields(), order: { hidden: true, value: ids.so }, reference: { value: "2" } }),
    modelData: () => ({}),
  },
  {
    name: "InvenTreeSalesOrderShipment.editForm (widget/order/so_shipment_detail.dart:62)",
    url: () => `/api/order/so/shipment/${ids.shipment}/`,
    method: "PATCH",
    fields: () => ({ ...shipmentFields(), order: { hidden: true } }),
  },
  {
    // so_line_detail.dart:59-86 with allocateFormFields, sales_order.dart:168
    name: "InvenTreeSOLineItem.allocateFormFields (widget/order/so_line_detail.dart:64)",
    url: () => `/api/order/so/${ids.so}/allocate/`,
    method: "POST",
    fields: () => ({
      line_item: { parent: "items", nested: true, hidden: true, value: String(ids.soLine) },
      stock_item: { parent: "items", nested: true, value: ids.stock },
      quantity: { parent: "items", nested: true, value: "1.0" },
      shipment: { value: ids.shipment },
    }),
    modelData: () => ({}),
  },
  {
    name: "ship shipment (widget/order/so_shipment_detail.dart:121)",
    url: () => `/api/order/so/shipment/${ids.shipment}/ship/`,
    method: "POST",
    fields: () => ({ shipment_date: { value: new Date().toISOString().split("T")[0] }, tracking_number: { value: "" }, invoice_number: { value: "" } }),
    modelData: () => ({}),
  },
  { name: "notes editForm on a part (widget/notes_widget.dart:48)", url: () => `/api/part/${ids.part}/`, method: "PATCH", fields: () => ({ notes: {} }) },
  { name: "notes editForm on a stock item (widget/notes_widget.dart:48)", url: () => `/api/stock/${ids.stock}/`, method: "PATCH", fields: () => ({ notes: {} }) },
  { name: "notes editForm on a purchase order (widget/notes_widget.dart:48)", url: () => `/api/order/po/${ids.po}/`, method: "PATCH", fields: () => ({ notes: {} }) },
  { name: "notes editForm on a sales order (widget/notes_widget.dart:48)", url: () => `/api/order/so/${ids.so}/`, method: "PATCH", fields: () => ({ notes: {} }) },
  ...(["add", "remove", "count"] as const).map(
    (action): Form => ({
      // stock_detail.dart:367-456
      name: `stock ${action} dialog (widget/stock/stock_detail.dart:${{ add: 367, remove: 402, count: 428 }[action]})`,
      url: () => `/api/stock/${action}/`,
      method: "POST",
      fields: () => ({ pk: { parent: "items", nested: true, hidden: true, value: ids.stock }, quantity: { parent: "items", nested: true, value: action === "count" ? 20 : 1 }, notes: {} }),
      modelData: () => ({}),
    }),
  ),
  {
    // InvenTreeStockItem.transferFields, stock.dart:156-178
    name: "InvenTreeStockItem.transferFields (widget/stock/stock_detail.dart:461, barcode/stock.dart:126)",
    url: () => "/api/stock/transfer/",
    method: "POST",
    fields: () => {
      const f: Record<string, FieldData> = {
        pk: { parent: "items", nested: true, hidden: true, value: ids.stock },
        quantity: { parent: "items", nested: true, value: 20 },
        location: { value: ids.location2 },
        status: { parent: "items", nested: true, value: 10 },
        packaging: { parent: "items", nested: true, value: "" },
        notes: {},
      };
      if (!supportsStockAdjustExtraFields) without(f, "packaging", "status");
      return f;
    },
    modelData: () => ({}),
  },
  {
    // InvenTreeAttachment.formFields, attachment.dart:28-36 (link only for a link attachment)
    name: "InvenTreeAttachment.editForm (widget/attachment_widget.dart:107)",
    url: () => `/api/attachment/${ids.attachment}/`,
    method: "PATCH",
    fields: () => ({ link: {}, comment: {} }),
  },
  {
    // lib/labels.dart:247-281 (the plugin's own fields, labels.dart:90-157, are covered in contract-labels)
    name: "selectAndPrintLabel (labels.dart:270)",
    url: () => "/api/label/print/",
    method: "POST",
    fields: () => ({ template: { value: ids.labelTemplate }, plugin: { value: "inventreelabel", pk_field: "key" } as FieldData, items: { hidden: true, value: [ids.stock] } }),
    modelData: () => ({ plugin: null, template: null }),
  },
];

// ---- the harness: what launchApiForm and _save do ----

// biome-ignore lint: DRF metadata is arbitrary JSON
type Json = any;

/** extractFieldDefinition: the definition at `lookupPath` (api_form.dart:60-80). */
function definitionOf(server: Json, name: string, data: FieldData): Json {
  if (!data.parent && !data.nested) return server[name] ?? {};
  let node = data.parent ? server[data.parent]?.child : server;
  if (data.nested) node = node?.children;
  return node?.[name] ?? {};
}

async function openForm(form: Form) {
  const options = await t.call("OPTIONS", form.url(), undefined, "staff");
  expect(options.status).toBe(200);
  const actions = options.body.actions ?? {};
  const server: Json = actions.POST ?? actions.PUT ?? actions.PATCH ?? {};
  expect(Object.keys(server).length).toBeGreaterThan(0); // empty: the app says "no permission"
  return server;
}

async function submitForm(form: Form, server: Json) {
  const fields = form.fields();
  let modelData = form.modelData?.();
  if (!modelData) {
    const got = await t.call("GET", form.url(), undefined, "staff");
    expect(got.status).toBe(200);
    modelData = got.body as Record<string, unknown>;
  }
  const problems: string[] = [];
  const data: Record<string, Json> = {};
  for (const [name, own] of Object.entries(fields)) {
    const def = definitionOf(server, name, own);
    const param = (k: keyof FieldData | "default" | "choices") => ((own as Record<string, unknown>)[k] !== undefined ? (own as Record<string, unknown>)[k] : def[k]);
    const type = String(param("type") ?? "");
    const hidden = param("hidden") === true;
    if (Object.keys(def).length === 0) problems.push(`${name}: no definition`);
    else if (!hidden && !SUPPORTED.has(type)) problems.push(`${name}: unsupported type ${type}`);
    if (param("read_only")) continue;
    // the value: the app's own, else the instance's when not null (api_form.dart:1157-1165)
    const instance = own.parent ? undefined : modelData[name];
    let value: Json = own.value ?? (instance !== null && instance !== undefined ? instance : undefined);
    // the widgets start from `value`, which falls back to the definition's default (api_form.dart:145);
    // a hidden nested field sends its data["value"] only (api_form.dart:1518)
    if (value === undefined && !(own.parent && hidden)) value = param("default");
    // what the visible widget saves (api_form.dart:480-510 numbers, 860-885 strings, 570-600 choices)
    if (!hidden && (type === "string" || type === "url")) {
      if (value !== undefined && value !== null && typeof value !== "string") problems.push(`${name}: \`(value ?? "") as String\` on ${JSON.stringify(value)}`);
      value = value ?? "";
    } else if (!hidden && (type === "float" || type === "decimal" || type === "integer")) {
      const n = Number.parseFloat(String(value));
      value = Number.isFinite(n) ? String(n) : "";
    } else if (!hidden && type === "choice") {
      const choices = (param("choices") ?? []) as { value: unknown }[];
      value = choices.some((c) => c.value === value) ? value : null;
    }
    if (!own.parent) data[name] = value ?? null;
    else {
      const parent = (Array.isArray(data[own.parent]) ? data[own.parent][0] : data[own.parent]) ?? {};
      parent[name] = value ?? null;
      data[own.parent] = own.nested ? [parent] : parent;
    }
  }
  expect(problems).toEqual([]);
  const res = await t.call(form.method, form.url(), data, "staff");
  if (res.status >= 300) console.error(form.name, JSON.stringify(data), res.status, res.text);
  expect(res.status).toBe(form.status ?? (form.method === "POST" ? 201 : 200));
  return res;
}

// ---- the data the forms act on ----

async function create(path: string, body: Record<string, unknown>): Promise<number> {
  const res = await t.call("POST", path, body, "superuser");
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
  return (Array.isArray(res.body) ? res.body[0].pk : res.body.pk) as number; // serialized stock answers a list
}

/** A fresh app with the objects the forms act on (each apiVersion's forms get their own). */
async function setup() {
  t = await makeTestApp();
  for (const k of Object.keys(ids)) delete ids[k];
  ids.category = await create("/api/part/category/", { name: "Sensors" });
  ids.location = await create("/api/stock/location/", { name: "Shelf" });
  ids.location2 = await create("/api/stock/location/", { name: "Shelf 2" });
  ids.part = await create("/api/part/", { name: "Probe", category: ids.category, salable: true, purchaseable: true, trackable: false });
  ids.trackable = await create("/api/part/", { name: "Tracked", category: ids.category, trackable: true, testable: true });
  ids.supplier = await create("/api/company/", { name: "Supplier", is_supplier: true, is_manufacturer: true });
  ids.customer = await create("/api/company/", { name: "Customer", is_customer: true });
  ids.supplierPart = await create("/api/company/part/", { part: ids.part, supplier: ids.supplier, SKU: "SKU-1" });
  ids.manufacturerPart = await create("/api/company/part/manufacturer/", { part: ids.part, manufacturer: ids.supplier, MPN: "MPN-1" });
  ids.stock = await create("/api/stock/", { part: ids.part, location: ids.location, quantity: 50 });
  ids.template = await create("/api/part/test-template/", { part: ids.trackable, test_name: "Voltage" });
  ids.testedStock = await create("/api/stock/", { part: ids.trackable, location: ids.location, quantity: 1, serial_numbers: "1" });
  ids.po = await create("/api/order/po/", { supplier: ids.supplier });
  ids.poLine = await create("/api/order/po-line/", { order: ids.po, part: ids.supplierPart, quantity: 3 });
  ids.poExtra = await create("/api/order/po-extra-line/", { order: ids.po, reference: "Freight", quantity: 1 });
  ids.placedPo = await create("/api/order/po/", { supplier: ids.supplier });
  ids.placedPoLine = await create("/api/order/po-line/", { order: ids.placedPo, part: ids.supplierPart, quantity: 5 });
  expect((await t.call("POST", `/api/order/po/${ids.placedPo}/issue/`, {}, "superuser")).status).toBeLessThan(300);
  ids.so = await create("/api/order/so/", { customer: ids.customer });
  ids.soLine = await create("/api/order/so-line/", { order: ids.so, part: ids.part, quantity: 5 });
  ids.soExtra = await create("/api/order/so-extra-line/", { order: ids.so, reference: "Freight", quantity: 1 });
  ids.shipment = await create("/api/order/so/shipment/", { order: ids.so, reference: "1" });
  ids.attachment = await create("/api/attachment/", { model_type: "part", model_id: ids.part, link: "https://example.com/datasheet", comment: "" });
  const labels = await t.call("GET", "/api/label/template/?model_type=stockitem&enabled=true", undefined, "staff");
  ids.labelTemplate = labels.body[0].pk;
}

describe("every form the app opens describes its fields and accepts the body the app sends", () => {
  for (const version of VERSIONS) {
    describe(`apiVersion ${version}`, () => {
      beforeAll(async () => {
        setApiVersion(version);
        await setup();
      });
      afterAll(() => t.close());
      for (const form of FORMS) test(form.name, () => openForm(form).then((server) => submitForm(form, server)));
    });
  }
});

describe("fields of InvenTree features Binventory does not have", () => {
  beforeAll(setup);
  afterAll(() => t.close());
  // purchase_order.dart:55-63, sales_order.dart:55-62: asked for by apiVersion alone; the server's
  // `hidden` keeps them off the form (api_form.dart:127, 1300) and null is all they take.
  for (const [url, fields] of [
    ["/api/order/po/", ["project_code", "responsible", "contact", "address"]],
    ["/api/order/so/", ["project_code", "responsible", "contact", "address"]],
    ["/api/stock/test/", ["attachment"]],
  ] as const) {
    test(`OPTIONS ${url} describes ${fields.join(", ")} hidden, not required`, async () => {
      const o = await t.call("OPTIONS", url, undefined, "staff");
      for (const name of fields) {
        const def = o.body.actions.POST[name];
        expect(def.hidden).toBe(true);
        expect(def.required).toBe(false);
        expect(def.read_only).toBe(false);
        expect(SUPPORTED.has(def.type)).toBe(true);
      }
    });
  }

  test("a value for them is refused with a 400 naming the field, and the order is unchanged", async () => {
    const before = await t.call("GET", `/api/order/po/${ids.po}/`, undefined, "staff");
    const r = await t.call("PATCH", `/api/order/po/${ids.po}/`, { description: "x", project_code: 3 }, "staff");
    expect(r.status).toBe(400);
    expect(Object.keys(r.body)).toContain("project_code");
    const after = await t.call("GET", `/api/order/po/${ids.po}/`, undefined, "staff");
    expect(after.body.description).toBe(before.body.description);
  });

  test("null alone is a no-op PATCH", async () => {
    const r = await t.call("PATCH", `/api/order/so/${ids.so}/`, { project_code: null, responsible: null, contact: null, address: null }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.project_code).toBeNull();
    expect(r.body.contact).toBeNull();
  });
});

describe("the serial number a trackable part's new stock form starts from", () => {
  beforeAll(setup);
  afterAll(() => t.close());

  test("GET part/<pk>/serial-numbers/ answers latest and next as strings (part_detail.dart:799-807)", async () => {
    // part_detail.dart:806: data["serial_numbers"] = next ?? latest, then `(value ?? "") as String` (api_form.dart:878)
    const r = await t.call("GET", `/api/part/${ids.trackable}/serial-numbers/`, undefined, "staff");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ latest: "1", next: "2" }); // setup made serial 1
    const fresh = await t.call("GET", `/api/part/${ids.part}/serial-numbers/`, undefined, "staff");
    expect(fresh.body).toEqual({ latest: null, next: "1" });
    expect((await t.call("GET", "/api/part/99999/serial-numbers/", undefined, "staff")).status).toBe(404);
  });
});

describe("DRF's messages for a choice (the app shows them under the field, api_form.dart:1380-1440)", () => {
  beforeAll(setup);
  afterAll(() => t.close());
  test('a string choice answers "<value>" is not a valid choice.', async () => {
    const r = await t.call("PATCH", `/api/stock/${ids.stock}/`, { purchase_price_currency: "EUR" }, "staff");
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ purchase_price_currency: ['"EUR" is not a valid choice.'] });
  });

  test("an integer choice too, and a wrong JSON type", async () => {
    const r = await t.call("PATCH", `/api/stock/${ids.stock}/`, { status: 12345 }, "staff");
    expect(r.body).toEqual({ status: ['"12345" is not a valid choice.'] });
    const s = await t.call("PATCH", `/api/stock/${ids.stock}/`, { purchase_price_currency: true }, "staff");
    expect(s.body).toEqual({ purchase_price_currency: ['"True" is not a valid choice.'] });
  });
});
