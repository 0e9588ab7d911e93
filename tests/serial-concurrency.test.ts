/**
 * Serial numbers under concurrent writes through HTTP (issue 12), on either backend (the PostgreSQL
 * pass runs it again there, where transactions run concurrently). A part's stock items never share
 * a serial, a rule no unique index guards: every write that gives out serials — POST /api/stock/
 * with `serial` or `serial_numbers` (also "~", the next one), a PATCH of `serial`, a purchase order
 * receipt with serial numbers — checks them under the part's serial lock (stock's
 * lockPartSerials). Requests sent at once must end as if run one after the other: each serial
 * given once, in one request's answer and in one row.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PO_STATUS } from "../server/db/schema/order.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { times, together } from "./support/concurrent.ts";
import { makePart, makePurchaseOrder, makeStockItem } from "./support/factory.ts";
import { makePurchaseLine, makePurchaseSetup, stockOfPart } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;


/** The serials the part's stock items carry, sorted (a duplicate shows twice). */
const serialsOf = async (part: number) =>
  (await stockOfPart(db(), part))
    .map((i) => i.serial)
    .filter((s): s is string => s !== null)
    .toSorted();
const statuses = (answers: { status: number }[]) => answers.map((r) => r.status).toSorted();

describe("one serial claimed at once", () => {
  test("ten POST /api/stock/ with the same serial: one 201, nine 400 naming serial, one row", async () => {
    const part = await makePart(db());
    const answers = await times(10, () => t.call("POST", "/api/stock/", { part, quantity: 1, serial: "S-7" }, "staff"));
    expect(statuses(answers)).toEqual([201, ...Array(9).fill(400)]);
    for (const r of answers.filter((r) => r.status === 400)) expect(r.body.serial).toEqual(["Serial number already exists"]);
    expect(await serialsOf(part)).toEqual(["S-7"]);
  });

  test("eight POST /api/stock/ with serial_numbers 1-5: one creates all five, the others 400", async () => {
    const part = await makePart(db(), { trackable: true });
    const answers = await times(8, () => t.call("POST", "/api/stock/", { part, quantity: 5, serial_numbers: "1-5" }, "staff"));
    expect(statuses(answers)).toEqual([201, ...Array(7).fill(400)]);
    for (const r of answers.filter((r) => r.status === 400)) expect(r.body.serial_numbers[0]).toStartWith("The following serial numbers already exist");
    expect(await serialsOf(part)).toEqual(["1", "2", "3", "4", "5"]);
  });

  test("receipts against two purchase orders and POST /api/stock/ claiming serials 10-13 at once: one of them gets them", async () => {
    const p = await makePurchaseSetup(db(), { trackable: true });
    const orders = [await makePurchaseOrder(db(), { reference: "SER-1", supplier: p.supplier, status: PO_STATUS.PLACED }), await makePurchaseOrder(db(), { reference: "SER-2", supplier: p.supplier, status: PO_STATUS.PLACED })];
    const lines = [await makePurchaseLine(db(), { order: orders[0], part: p.supplierPart, quantity: 20 }), await makePurchaseLine(db(), { order: orders[1], part: p.supplierPart, quantity: 20 })];
    const receive = (i: number) => () => t.call("POST", `/api/order/po/${orders[i]}/receive/`, { items: [{ line_item: lines[i], quantity: 4, serial_numbers: "10-13" }], location: p.location }, "staff");
    const post = () => t.call("POST", "/api/stock/", { part: p.part, quantity: 4, serial_numbers: "10-13", location: p.location }, "staff");
    const answers = await together([receive(0), post, receive(1), post, receive(0), post, receive(1), post]);
    expect(statuses(answers)).toEqual([201, ...Array(7).fill(400)]);
    expect(await serialsOf(p.part)).toEqual(["10", "11", "12", "13"]);
  });

  test("six items PATCHed to one serial at once: one takes it, five 400", async () => {
    const part = await makePart(db());
    const items = await Promise.all(Array.from({ length: 6 }, () => makeStockItem(db(), { part, quantity: 1 })));
    const answers = await times(6, (i) => t.call("PATCH", `/api/stock/${items[i]}/`, { serial: "P-1" }, "staff"));
    expect(statuses(answers)).toEqual([200, 400, 400, 400, 400, 400]);
    expect(await serialsOf(part)).toEqual(["P-1"]);
  });

  test("a PATCH, a receipt and a POST /api/stock/ claiming serial 50 at once: one of them gets it", async () => {
    const p = await makePurchaseSetup(db(), { trackable: true });
    const order = await makePurchaseOrder(db(), { reference: "SER-3", supplier: p.supplier, status: PO_STATUS.PLACED });
    const line = await makePurchaseLine(db(), { order, part: p.supplierPart, quantity: 20 });
    const item = await makeStockItem(db(), { part: p.part, quantity: 1 });
    const answers = await together([
      () => t.call("PATCH", `/api/stock/${item}/`, { serial: "50" }, "staff"),
      () => t.call("POST", `/api/order/po/${order}/receive/`, { items: [{ line_item: line, quantity: 1, serial_numbers: "50" }], location: p.location }, "staff"),
      () => t.call("POST", "/api/stock/", { part: p.part, quantity: 1, serial: "50", location: p.location }, "staff"),
    ]);
    expect(answers.filter((r) => r.status === 200 || r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 400)).toHaveLength(2);
    expect(await serialsOf(p.part)).toEqual(["50"]);
  });
});

describe('the next serial ("~")', () => {
  test('eight POST /api/stock/ with serial_numbers "~" at once: each 201 with its own serial, 1 to 8', async () => {
    const part = await makePart(db(), { trackable: true });
    const answers = await times(8, () => t.call("POST", "/api/stock/", { part, quantity: 1, serial_numbers: "~" }, "staff"));
    expect(statuses(answers)).toEqual(Array(8).fill(201));
    const given = answers.map((r) => r.body[0].serial as string);
    expect(given.toSorted((a, b) => Number(a) - Number(b))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect((await serialsOf(part)).toSorted((a, b) => Number(a) - Number(b))).toEqual(given.toSorted((a, b) => Number(a) - Number(b)));
  });
});
