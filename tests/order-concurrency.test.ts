/**
 * Concurrent order writes through HTTP (issue 12), on either backend (the PostgreSQL pass runs it
 * again there, where transactions run concurrently). Each case sends requests at once that would,
 * without the order module's row locks (server/modules/order/locks.ts) or its reference lock,
 * both pass a check only one may pass or lose one's update; the answers and the totals must be
 * exactly those of the requests run one after the other. tests/stock-concurrency.test.ts has the
 * receipts and allocations against one line.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { PO_STATUS, SO_STATUS } from "../server/db/schema/order.ts";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { times, together } from "./support/concurrent.ts";
import { makeCompany, makePurchaseOrder, makeSalesOrder } from "./support/factory.ts";
import { makeSalesLine, makeSalesSetup, makeShipment, stockItem, stockOfPart } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;


/** References for orders made straight in the database, apart from the ones the API generates here. */
let made = 0;
const ref = () => `T-${++made}`;

const allocationsOf = (line: number) => db().q.select().from(T.salesOrderAllocations).where(eq(T.salesOrderAllocations.line, line));
const sum = (rows: { quantity: number }[]) => rows.reduce((s, r) => s + r.quantity, 0);

describe("order references", () => {
  test("12 purchase and 12 sales orders created at once: every one 201, no reference twice", async () => {
    const supplier = await makeCompany(db(), { is_supplier: true });
    const customer = await makeCompany(db(), { is_customer: true });
    const made = await together([
      ...Array.from({ length: 12 }, () => () => t.call("POST", "/api/order/po/", { supplier }, "staff")),
      ...Array.from({ length: 12 }, () => () => t.call("POST", "/api/order/so/", { customer }, "staff")),
    ]);
    expect(made.map((r) => r.status)).toEqual(Array(24).fill(201));
    const po = made.slice(0, 12).map((r) => r.body.reference as string);
    const so = made.slice(12).map((r) => r.body.reference as string);
    // Generated one after the other: the next twelve numbers of each pattern.
    expect(po.toSorted()).toEqual(Array.from({ length: 12 }, (_, i) => `PO-${String(i + 1).padStart(4, "0")}`));
    expect(so.toSorted()).toEqual(Array.from({ length: 12 }, (_, i) => `SO-${String(i + 1).padStart(4, "0")}`));
  });

  test("one reference given in different cases at once: one order gets it, the others 400 naming reference", async () => {
    // A pattern whose wildcard takes letters, so "SO-0500xy", "SO-0500XY"… all match it.
    expect((await t.call("PATCH", "/api/settings/global/SALESORDER_REFERENCE_PATTERN/", { value: "SO-{ref:04d}{?:x}" })).status).toBe(200);
    try {
      const customer = await makeCompany(db(), { is_customer: true });
      const cases = ["xy", "xY", "Xy", "XY"];
      const made = await times(8, (i) => t.call("POST", "/api/order/so/", { customer, reference: `SO-0500${cases[i % 4]}` }, "staff"));
      expect(made.map((r) => r.status).toSorted()).toEqual([201, 400, 400, 400, 400, 400, 400, 400]);
      for (const r of made.filter((r) => r.status === 400)) expect(r.body.reference).toEqual(["Sales Order with this Reference already exists."]);
    } finally {
      expect((await t.call("PATCH", "/api/settings/global/SALESORDER_REFERENCE_PATTERN/", { value: "SO-{ref:04d}" })).status).toBe(200);
    }
  });
});

describe("transitions", () => {
  test("a pending purchase order and a pending sales order each issued five times at once: issued once, the others refused", async () => {
    const supplier = await makeCompany(db(), { is_supplier: true });
    const customer = await makeCompany(db(), { is_customer: true });
    const po = await makePurchaseOrder(db(), { reference: ref(), supplier, status: PO_STATUS.PENDING });
    const so = await makeSalesOrder(db(), { reference: ref(), customer, status: SO_STATUS.PENDING });
    const answers = await together([
      ...Array.from({ length: 5 }, () => () => t.call("POST", `/api/order/po/${po}/issue/`, {}, "staff")),
      ...Array.from({ length: 5 }, () => () => t.call("POST", `/api/order/so/${so}/issue/`, {}, "staff")),
    ]);
    for (const some of [answers.slice(0, 5), answers.slice(5)]) {
      expect(some.map((r) => r.status).toSorted()).toEqual([201, 400, 400, 400, 400]);
      for (const r of some.filter((r) => r.status === 400)) expect(r.body.non_field_errors[0]).toStartWith("Order cannot be issued: it is ");
    }
  });
});

describe("sales orders", () => {
  test("one stock item of 5 allocated from two orders at once, 1 each time: 5 allocated in all", async () => {
    const c = await makeSalesSetup(db(), { quantity: 5 });
    const orders = [await makeSalesOrder(db(), { reference: ref(), customer: c.customer, status: SO_STATUS.IN_PROGRESS }), await makeSalesOrder(db(), { reference: ref(), customer: c.customer, status: SO_STATUS.IN_PROGRESS })];
    const lines = [await makeSalesLine(db(), { order: orders[0], part: c.part }), await makeSalesLine(db(), { order: orders[1], part: c.part })];
    const answers = await times(10, (i) => t.call("POST", `/api/order/so/${orders[i % 2]}/allocate/`, { items: [{ line_item: lines[i % 2], stock_item: c.stock, quantity: 1 }] }, "staff"));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 400)).toHaveLength(5);
    expect(sum(await allocationsOf(lines[0])) + sum(await allocationsOf(lines[1]))).toBe(5);
  });

  test("one shipment shipped three times at once: sent once, the line shipped once, the stock split once", async () => {
    const c = await makeSalesSetup(db(), { quantity: 10 });
    const order = await makeSalesOrder(db(), { reference: ref(), customer: c.customer, status: SO_STATUS.IN_PROGRESS });
    const line = await makeSalesLine(db(), { order, part: c.part });
    const shipment = await makeShipment(db(), { order });
    expect((await t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: line, stock_item: c.stock, quantity: 4 }], shipment })).status).toBe(201);
    const answers = await times(3, () => t.call("POST", `/api/order/so/shipment/${shipment}/ship/`, {}, "staff"));
    expect(answers.map((r) => r.status).toSorted()).toEqual([201, 400, 400]);
    expect((await db().q.select().from(T.salesOrderLines).where(eq(T.salesOrderLines.id, line)))[0]?.shipped).toBe(4);
    expect((await stockItem(db(), c.stock))?.quantity).toBe(6);
    expect((await stockOfPart(db(), c.part)).map((i) => i.quantity).toSorted()).toEqual([4, 6]);
  });

  test("an order cancelled while stock is being allocated to it keeps no allocation", async () => {
    const c = await makeSalesSetup(db(), { quantity: 10 });
    const order = await makeSalesOrder(db(), { reference: ref(), customer: c.customer, status: SO_STATUS.IN_PROGRESS });
    const line = await makeSalesLine(db(), { order, part: c.part });
    const allocate = () => t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: line, stock_item: c.stock, quantity: 1 }] }, "staff");
    const answers = await together([allocate, allocate, allocate, () => t.call("POST", `/api/order/so/${order}/cancel/`, {}, "staff"), allocate, allocate, allocate]);
    expect(answers[3].status).toBe(201);
    expect((await t.call("GET", `/api/order/so/${order}/`)).body.status).toBe(SO_STATUS.CANCELLED);
    // Allocations made before the cancel went with it; those after it were refused.
    expect(await allocationsOf(line)).toEqual([]);
    for (const r of answers.filter((_, i) => i !== 3)) expect([201, 400]).toContain(r.status);
  });
});
