/**
 * A PATCH that leaves a field out never changes it. Elysia fills a body schema's `default`s into the
 * parsed body, so a default on a PATCH (or PUT) body field would reset that field on every update
 * that omits it. For every PATCH route the app registers, `{}` must leave the object as it was
 * (GET before and after equal, apart from timestamps the update itself sets). A route missing from
 * URLS below fails the test, so new PATCH routes are covered as they are added. PUT, with only its
 * required fields, must not reset the others either (DRF leaves a field a PUT omits as it is).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
const ids: Record<string, number> = {};

/** The concrete URL to PATCH for each route path, and the URL that reads the object back (the same when omitted). */
const URLS: Record<string, () => { patch: string; get?: string } | null> = {
  "/api/user/:pk/": () => ({ patch: `/api/user/${t.users.staff}/` }),
  "/api/part/test-template/:pk/": () => ({ patch: `/api/part/test-template/${ids.template}/` }),
  "/api/part/category/:pk/": () => ({ patch: `/api/part/category/${ids.category}/` }),
  "/api/part/:pk/": () => ({ patch: `/api/part/${ids.part}/` }),
  "/api/stock/location/:pk/": () => ({ patch: `/api/stock/location/${ids.location}/` }),
  "/api/stock/test/:pk/": () => ({ patch: `/api/stock/test/${ids.testResult}/` }),
  "/api/stock/:pk/": () => ({ patch: `/api/stock/${ids.stock}/` }),
  "/api/company/part/manufacturer/:pk/": () => ({ patch: `/api/company/part/manufacturer/${ids.manufacturerPart}/` }),
  "/api/company/part/:pk/": () => ({ patch: `/api/company/part/${ids.supplierPart}/` }),
  "/api/company/:pk/": () => ({ patch: `/api/company/${ids.company}/` }),
  "/api/order/po/:pk/": () => ({ patch: `/api/order/po/${ids.po}/` }),
  "/api/order/po-line/:pk/": () => ({ patch: `/api/order/po-line/${ids.poLine}/` }),
  "/api/order/so/shipment/:pk/": () => ({ patch: `/api/order/so/shipment/${ids.shipment}/` }),
  "/api/order/so/:pk/": () => ({ patch: `/api/order/so/${ids.so}/` }),
  "/api/order/so-line/:pk/": () => ({ patch: `/api/order/so-line/${ids.soLine}/` }),
  "/api/order/so-allocation/:pk/": () => ({ patch: `/api/order/so-allocation/${ids.allocation}/` }),
  "/api/order/po-extra-line/:pk/": () => ({ patch: `/api/order/po-extra-line/${ids.poExtra}/` }),
  "/api/order/so-extra-line/:pk/": () => ({ patch: `/api/order/so-extra-line/${ids.soExtra}/` }),
  "/api/plugins/:key/": () => ({ patch: "/api/plugins/inventreebarcode/" }),
  // InvenTree's activate: a body without `active` activates (its default true); an active plugin stays active.
  "/api/plugins/:key/activate/": () => ({ patch: "/api/plugins/inventreebarcode/activate/", get: "/api/plugins/inventreebarcode/" }),
  "/api/plugins/:key/settings/:setting/": () => ({ patch: "/api/plugins/inventreebarcode/settings/SHORT_BARCODE_PREFIX/" }),
  "/api/settings/global/:key/": () => ({ patch: "/api/settings/global/PURCHASEORDER_REFERENCE_PATTERN/" }),
  "/api/settings/user/:key/": () => ({ patch: "/api/settings/user/SEARCH_PREVIEW_RESULTS/" }),
  "/api/notifications/:pk/": () => null, // no notifications are ever raised: nothing to patch
  "/api/attachment/:pk/": () => ({ patch: `/api/attachment/${ids.attachment}/` }),
  "/api/metadata/:model/:pk/": () => ({ patch: `/api/metadata/part/${ids.part}/` }),
  "/api/parameter/template/:pk/": () => ({ patch: `/api/parameter/template/${ids.parameterTemplate}/` }),
  "/api/parameter/:pk/": () => ({ patch: `/api/parameter/${ids.parameter}/` }),
  "/api/part/category/parameters/:pk/": () => ({ patch: `/api/part/category/parameters/${ids.categoryParameter}/` }),
};

/** Metadata routes under each model: `<model url>/<pk>/metadata/`. */
const METADATA_OWNERS: Record<string, () => number> = {
  "/api/part/": () => ids.part,
  "/api/part/category/": () => ids.category,
  "/api/part/test-template/": () => ids.template,
  "/api/stock/": () => ids.stock,
  "/api/stock/location/": () => ids.location,
  "/api/stock/test/": () => ids.testResult,
  "/api/company/": () => ids.company,
  "/api/company/part/": () => ids.supplierPart,
  "/api/order/po/": () => ids.po,
  "/api/order/po-line/": () => ids.poLine,
  "/api/order/so/": () => ids.so,
  "/api/order/so-line/": () => ids.soLine,
  "/api/order/so/shipment/": () => ids.shipment,
};

function urlsFor(path: string): { patch: string; get?: string } | null | undefined {
  if (path in URLS) return URLS[path]();
  const m = /^(.*\/):pk\/metadata\/$/.exec(path);
  if (m && m[1] in METADATA_OWNERS) return { patch: `${m[1]}${METADATA_OWNERS[m[1]]()}/metadata/` };
  return undefined;
}

/** Fields an update sets by itself. */
const VOLATILE = new Set(["updated", "last_updated", "updated_at", "modified"]);
const stable = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !VOLATILE.has(k)));

async function create(path: string, body: Record<string, unknown>): Promise<number> {
  const res = await t.call("POST", path, body, "superuser");
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
  return (Array.isArray(res.body) ? res.body[0].pk : res.body.pk) as number;
}

beforeAll(async () => {
  t = await makeTestApp();
  ids.category = await create("/api/part/category/", { name: "Cat", structural: false, description: "d" });
  ids.location = await create("/api/stock/location/", { name: "Loc", description: "d" });
  // values unlike the create defaults, so a default filled into a PATCH shows
  ids.part = await create("/api/part/", { name: "P", category: ids.category, active: true, component: false, purchaseable: true, salable: true, trackable: true, testable: true, assembly: true, virtual: false, is_template: true });
  ids.company = await create("/api/company/", { name: "Co", is_supplier: false, is_customer: true, is_manufacturer: true, active: false, currency: "EUR" });
  ids.supplier = await create("/api/company/", { name: "Sup", is_supplier: true, is_manufacturer: true });
  ids.supplierPart = await create("/api/company/part/", { part: ids.part, supplier: ids.supplier, SKU: "S1" });
  ids.manufacturerPart = await create("/api/company/part/manufacturer/", { part: ids.part, manufacturer: ids.supplier, MPN: "M1" });
  ids.stock = await create("/api/stock/", { part: ids.part, location: ids.location, quantity: 1, serial_numbers: "7", status: 50, purchase_price: 2 });
  ids.template = await create("/api/part/test-template/", { part: ids.part, test_name: "T", enabled: false, required: false, requires_value: true });
  ids.testResult = await create("/api/stock/test/", { stock_item: ids.stock, template: ids.template, result: true, value: "v" });
  ids.po = await create("/api/order/po/", { supplier: ids.supplier, description: "po" });
  ids.poLine = await create("/api/order/po-line/", { order: ids.po, part: ids.supplierPart, quantity: 3 });
  ids.poExtra = await create("/api/order/po-extra-line/", { order: ids.po, reference: "Freight", quantity: 4 });
  ids.so = await create("/api/order/so/", { customer: ids.company, description: "so" });
  ids.soLine = await create("/api/order/so-line/", { order: ids.so, part: ids.part, quantity: 5 });
  ids.soExtra = await create("/api/order/so-extra-line/", { order: ids.so, reference: "Fee", quantity: 6 });
  ids.shipment = await create("/api/order/so/shipment/", { order: ids.so, reference: "1", tracking_number: "TN" });
  const alloc = await t.call("POST", `/api/order/so/${ids.so}/allocate/`, { items: [{ line_item: ids.soLine, stock_item: ids.stock, quantity: 1 }], shipment: ids.shipment }, "superuser");
  expect(alloc.status).toBeLessThan(300);
  ids.allocation = (await t.call("GET", `/api/order/so-allocation/?order=${ids.so}`, undefined, "superuser")).body[0].pk;
  // values unlike the create defaults (units, checkbox off, disabled; a note; a default value)
  ids.parameterTemplate = await create("/api/parameter/template/", { name: "Length", units: "mm", description: "d", checkbox: false, choices: "", enabled: false });
  ids.parameter = await create("/api/parameter/", { template: ids.parameterTemplate, model_type: "part", model_id: ids.part, data: "12", note: "n" });
  ids.categoryParameter = await create("/api/part/category/parameters/", { category: ids.category, template: ids.parameterTemplate, default_value: "5" });
  ids.attachment = await create("/api/attachment/", { model_type: "part", model_id: ids.part, link: "https://example.com/x", comment: "c" });
  for (const [url, value] of [
    [`/api/part/${ids.part}/metadata/`, { a: 1 }],
    [`/api/metadata/part/${ids.part}/`, { a: 1 }],
  ] as const) expect((await t.call("PATCH", url, { metadata: value }, "superuser")).status).toBe(200);
  expect((await t.call("PATCH", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", { value: 7 }, "superuser")).status).toBe(200);
});
afterAll(() => t.close());

describe("PATCH {} leaves every field as it was", () => {
  test("every PATCH route is listed here", () => {
    const paths = (t.app.routes as { method: string; path: string }[]).filter((r) => r.method === "PATCH").map((r) => r.path);
    expect(paths.filter((p) => urlsFor(p) === undefined)).toEqual([]);
  });

  const patchPaths = () => (t.app.routes as { method: string; path: string }[]).filter((r) => r.method === "PATCH").map((r) => r.path);
  test("PATCH {} on every route", async () => {
    const changed: string[] = [];
    for (const path of patchPaths()) {
      const urls = urlsFor(path);
      if (!urls) continue;
      const get = urls.get ?? urls.patch;
      const before = await t.call("GET", get, undefined, "superuser");
      expect(before.status).toBe(200);
      const res = await t.call("PATCH", urls.patch, {}, "superuser");
      // settings take a required `value`: a 400 there changes nothing either
      expect([200, 400]).toContain(res.status);
      const after = await t.call("GET", get, undefined, "superuser");
      if (JSON.stringify(stable(before.body)) !== JSON.stringify(stable(after.body))) changed.push(`${path}: ${JSON.stringify(stable(before.body))} → ${JSON.stringify(stable(after.body))}`);
    }
    expect(changed).toEqual([]);
  });

  test("PUT with only the required fields (as GET shows them) on every route that has one", async () => {
    const changed: string[] = [];
    type Route = { method: string; path: string; hooks?: { body?: { required?: string[] } } };
    for (const route of (t.app.routes as Route[]).filter((r) => r.method === "PUT")) {
      const urls = urlsFor(route.path);
      if (!urls) continue;
      const get = urls.get ?? urls.patch;
      const before = await t.call("GET", get, undefined, "superuser");
      const body = Object.fromEntries((route.hooks?.body?.required ?? []).map((k) => [k, before.body[k]]));
      const res = await t.call("PUT", urls.patch, body, "superuser");
      expect([200, 400]).toContain(res.status);
      const after = await t.call("GET", get, undefined, "superuser");
      if (JSON.stringify(stable(before.body)) !== JSON.stringify(stable(after.body))) changed.push(`${route.path} ${JSON.stringify(body)}: ${JSON.stringify(stable(before.body))} → ${JSON.stringify(stable(after.body))}`);
    }
    expect(changed).toEqual([]);
  });
});
