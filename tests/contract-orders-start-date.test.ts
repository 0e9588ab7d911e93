/**
 * Contract: `start_date` on purchase and sales orders (InvenTree API 306) as the InvenTree app
 * (inventree-app @06013b3a) drives it once `supportsStartDate` holds (api.dart:351, ≥ 306): the
 * create and edit forms (OPTIONS, then POST / PATCH) and the order screens reading it back.
 * Citations are `file:line` there. Rules as InvenTree's Order.clean and order filter sets.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePurchaseLine, makeSalesLine } from "./support/factory-order.ts";
import { makeCompany, makePart, makePurchaseOrder, makeSalesOrder, makeSupplierPart } from "./support/factory.ts";

let t: TestApp;
const db = () => t.services.database;
const DATE_MESSAGE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";

let supplier: number;
let customer: number;
let sp: number;
let part: number;

beforeAll(async () => {
  t = await makeTestApp();
  supplier = await makeCompany(db(), { name: "Start supplier", is_supplier: true });
  customer = await makeCompany(db(), { name: "Start customer", is_customer: true, is_supplier: false });
  part = await makePart(db(), { purchaseable: true, salable: true });
  sp = await makeSupplierPart(db(), { part, supplier, SKU: "ST-1" });
});
afterAll(() => t.close());

/** The date field InvenTree's metadata gives for start_date: the app builds a date picker from `type` (api_form.dart:307). */
function expectStartDateField(f: Record<string, unknown> | undefined) {
  expect(f).toMatchObject({ type: "date", required: false, read_only: false, label: "Start date", help_text: "Scheduled start date for this order" });
}

const kinds = [
  {
    name: "purchase order",
    url: "/api/order/po/",
    // purchase_order.dart:47-64 formFields (start_date at :57, kept from 306 on: :74-75), as far as Binventory describes them.
    form: () => ({ reference: null, supplier, supplier_reference: "", description: "Start dated", destination: null, target_date: null, link: "" }),
    detailScreen: "purchase_order_detail.dart:525-529",
    editAt: "purchase_order_detail.dart:380",
    make: (v: { start_date?: string | null; target_date?: string | null; reference: string }) => makePurchaseOrder(db(), { supplier, ...v }),
    lineUrl: "/api/order/po-line/",
    makeLine: (order: number) => makePurchaseLine(db(), { order, part: sp }),
  },
  {
    name: "sales order",
    url: "/api/order/so/",
    // sales_order.dart:47-64 formFields (start_date at :56, kept from 306 on: :73-74).
    form: () => ({ reference: null, customer, customer_reference: "", description: "Start dated", target_date: null, link: "" }),
    detailScreen: "sales_order_detail.dart:452-456",
    editAt: "sales_order_detail.dart:325",
    make: (v: { start_date?: string | null; target_date?: string | null; reference: string }) => makeSalesOrder(db(), { customer, ...v }),
    lineUrl: "/api/order/so-line/",
    makeLine: (order: number) => makeSalesLine(db(), { order, part }),
  },
] as const;

for (const k of kinds) {
  describe(`${k.name}: start_date`, () => {
    test("the create and edit forms' OPTIONS describe start_date as a date", async () => {
      // api_form.dart:20 OPTIONS on the form's URL; :41-43 reads actions.POST ?? PUT ?? PATCH.
      const create = await t.call("OPTIONS", k.url, undefined, "staff");
      expect(create.status).toBe(200);
      expectStartDateField(create.body.actions.POST.start_date);
      const pk = await k.make({ reference: `${k.name === "purchase order" ? "PO" : "SO"}-0900` });
      const edit = await t.call("OPTIONS", `${k.url}${pk}/`, undefined, "staff");
      expectStartDateField(edit.body.actions.PUT.start_date);
      expectStartDateField(edit.body.actions.PATCH.start_date);
    });

    test("create form: the picked date (YYYY-MM-DD) is stored and read back by the order screens", async () => {
      // api_form.dart:373-378: the date picker's value is `time.toString().split(" ").first`, i.e. "2031-01-05";
      // model.dart:274-290 createForm POSTs to the list URL.
      const r = await t.call("POST", k.url, { ...k.form(), start_date: "2031-01-05", target_date: "2031-01-20" }, "staff");
      expect(r.status).toBe(201);
      expect(r.body.start_date).toBe("2031-01-05");
      expect(r.body.target_date).toBe("2031-01-20");
      // orders.dart:18 startDate = getString("start_date"); shown when not empty (detail screen at the cited lines).
      const detail = await t.call("GET", `${k.url}${r.body.pk}/`, undefined, "readonly");
      expect(detail.body.start_date).toBe("2031-01-05");
      const list = await t.call("GET", `${k.url}?limit=100`, undefined, "readonly");
      expect(list.body.results.find((o: { pk: number }) => o.pk === r.body.pk).start_date).toBe("2031-01-05");
      // A line's order_detail (the line screens' order) carries it too.
      const line = await k.makeLine(r.body.pk);
      const l = await t.call("GET", `${k.lineUrl}${line}/?order_detail=true`, undefined, "readonly");
      expect(l.body.order_detail.start_date).toBe("2031-01-05");
    });

    test("create form left untouched: start_date null (api_form.dart:1498 sends null), read back as null", async () => {
      const r = await t.call("POST", k.url, { ...k.form(), start_date: null }, "staff");
      expect(r.status).toBe(201);
      expect(r.body.start_date).toBeNull();
      // orders.dart:18: getString on null gives "", so the screen hides the tile.
    });

    test("edit form: PATCH sets, moves and clears the start date", async () => {
      // model.dart:301-318 editForm: PATCH to the detail URL (opened at the cited edit line).
      const pk = (await t.call("POST", k.url, { ...k.form() }, "staff")).body.pk;
      const set = await t.call("PATCH", `${k.url}${pk}/`, { ...k.form(), reference: undefined, start_date: "2031-03-01", target_date: "2031-03-31" }, "staff");
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ start_date: "2031-03-01", target_date: "2031-03-31" });
      // Start date alone, up to the target date itself (InvenTree refuses only start > target).
      expect((await t.call("PATCH", `${k.url}${pk}/`, { start_date: "2031-03-31" }, "staff")).body.start_date).toBe("2031-03-31");
      const cleared = await t.call("PATCH", `${k.url}${pk}/`, { start_date: null }, "staff");
      expect(cleared.status).toBe(200);
      expect(cleared.body.start_date).toBeNull();
      expect(cleared.body.target_date).toBe("2031-03-31");
    });

    test("a start after the target is refused naming both fields, on create and edit; nothing is written", async () => {
      const bad = await t.call("POST", k.url, { ...k.form(), start_date: "2031-02-01", target_date: "2031-01-01" }, "staff");
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ target_date: ["Target date must be after start date"], start_date: ["Start date must be before target date"] });
      const pk = (await t.call("POST", k.url, { ...k.form(), start_date: "2031-05-01", target_date: "2031-05-10" }, "staff")).body.pk;
      // The stored dates count: a new start after the stored target, or a new target before the stored start.
      const late = await t.call("PATCH", `${k.url}${pk}/`, { start_date: "2031-06-01" }, "staff");
      expect(late.status).toBe(400);
      expect(late.body.start_date).toEqual(["Start date must be before target date"]);
      const early = await t.call("PATCH", `${k.url}${pk}/`, { target_date: "2031-04-01" }, "staff");
      expect(early.status).toBe(400);
      expect(early.body.target_date).toEqual(["Target date must be after start date"]);
      const after = (await t.call("GET", `${k.url}${pk}/`)).body;
      expect(after).toMatchObject({ start_date: "2031-05-01", target_date: "2031-05-10" });
      // Clearing the target lifts the constraint, and a start without a target is fine.
      expect((await t.call("PATCH", `${k.url}${pk}/`, { target_date: null, start_date: "2032-01-01" }, "staff")).status).toBe(200);
    });

    test("malformed dates: DRF's date message on the field", async () => {
      for (const start_date of ["05/01/2031", "2031-1-5", "tomorrow", "2031-02-30"]) {
        const r = await t.call("POST", k.url, { ...k.form(), start_date }, "staff");
        expect(r.status).toBe(400);
        expect(r.body).toEqual({ start_date: [DATE_MESSAGE] });
      }
      const r = await t.call("POST", k.url, { ...k.form(), start_date: 20310105 }, "staff");
      expect(r.status).toBe(400);
      expect(r.body.start_date).toBeDefined();
    });

    test("list filters and ordering on start_date, as InvenTree's order filter set", async () => {
      const prefix = k.name === "purchase order" ? "PO" : "SO";
      const a = await k.make({ reference: `${prefix}-0801`, start_date: "2040-01-10" });
      const b = await k.make({ reference: `${prefix}-0802`, start_date: "2040-01-20" });
      const none = await k.make({ reference: `${prefix}-0803`, start_date: null });
      const pks = async (q: string) => ((await t.call("GET", `${k.url}?${q}`, undefined, "readonly")).body as { pk: number }[]).map((o) => o.pk);
      const between = await pks("start_date_after=2040-01-01&start_date_before=2040-12-31");
      expect(between.sort()).toEqual([a, b].sort());
      expect(await pks("start_date_after=2040-01-10&start_date_before=2040-12-31")).toEqual([b]); // strict, as lookup_expr gt
      expect(await pks("start_date_before=2040-01-20&start_date_after=2040-01-01")).toEqual([a]); // strict, as lookup_expr lt
      expect(await pks("has_start_date=false")).toContain(none);
      expect(await pks("has_start_date=true")).not.toContain(none);
      const ordered = (await pks("ordering=-start_date&has_start_date=true")).filter((pk) => pk === a || pk === b);
      expect(ordered).toEqual([b, a]);
      const bad = await t.call("GET", `${k.url}?start_date_before=soon`, undefined, "readonly");
      expect(bad.status).toBe(400);
      expect(bad.body.start_date_before).toBeDefined();
    });
  });
}
