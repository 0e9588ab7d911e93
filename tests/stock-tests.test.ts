import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePart, makeStockItem } from "./support/factory.ts";
import { expectStaffOnly } from "./support/factory-stock.ts";

let t: TestApp;
let item: number;
let other: number;
beforeAll(async () => {
  t = await makeTestApp();
  const part = await makePart(t.services.database);
  item = await makeStockItem(t.services.database, { part });
  other = await makeStockItem(t.services.database, { part });
});
afterAll(() => t.close());

const post = async (body: Record<string, unknown>, as: "staff" | "superuser" = "staff") => {
  const r = await t.call("POST", "/api/stock/test/", body, as);
  expect(r.status).toBe(201);
  return r.body as { pk: number; test_key: string };
};

describe("stock test results", () => {
  test("auth: read with any account, write with staff", async () => {
    expect((await t.call("GET", "/api/stock/test/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/stock/test/", undefined, "readonly")).status).toBe(200);
    await expectStaffOnly(t, "POST", "/api/stock/test/", { stock_item: item, test: "x" });
    const r = await post({ stock_item: item, test: "Auth probe" });
    await expectStaffOnly(t, "PATCH", `/api/stock/test/${r.pk}/`, { value: "1" });
    await expectStaffOnly(t, "DELETE", `/api/stock/test/${r.pk}/`);
    expect((await t.call("DELETE", `/api/stock/test/${r.pk}/`)).status).toBe(204);
  });

  test("POST records the result with InvenTree's test key and the caller", async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: item, test: "  Firmware Version 2! ", result: true, value: "2.1", notes: "ok" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ stock_item: item, test: "Firmware Version 2!", test_key: "firmwareversion2", result: true, value: "2.1", notes: "ok", user: t.users.staff, user_detail: { pk: t.users.staff, username: "staff" } });
    expect((await post({ stock_item: item, test: "3D scan" })).test_key).toBe("_3dscan");
    const got = await t.call("GET", `/api/stock/test/${r.body.pk}/`, undefined, "readonly");
    expect(got.body.test).toBe("Firmware Version 2!");
  });

  test("bad input names the field", async () => {
    const missing = await t.call("POST", "/api/stock/test/", {});
    expect(missing.status).toBe(400);
    expect(missing.body.stock_item).toEqual(["This field is required."]);
    // Since InvenTree API 169 `test` is optional (a `template` may be given instead); neither is a 400.
    const neither = await t.call("POST", "/api/stock/test/", { stock_item: item });
    expect(neither.status).toBe(400);
    expect(neither.body.non_field_errors).toEqual(["Template ID or test name must be provided"]);
    const unknown = await t.call("POST", "/api/stock/test/", { stock_item: 999999, test: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.stock_item[0]).toContain("does not exist");
    const typed = await t.call("POST", "/api/stock/test/", { stock_item: item, test: "x", result: "passed" });
    expect(typed.body.result).toEqual(["Must be a valid boolean."]);
    const symbols = await t.call("POST", "/api/stock/test/", { stock_item: item, test: "!!!" });
    expect(symbols.status).toBe(400);
    expect(symbols.body.test).toBeDefined();
    expect((await t.call("POST", "/api/stock/test/", { stock_item: -1, test: "x" })).body.stock_item).toBeDefined();
  });

  test("filters: stock_item, test by name or key, result, user; pagination", async () => {
    const a = await post({ stock_item: other, test: "Leak Test", result: false });
    const b = await post({ stock_item: other, test: "Leak test", result: true }, "superuser");
    const c = await post({ stock_item: other, test: "Burn in", result: true });
    const pks = async (qs: string) => ((await t.call("GET", `/api/stock/test/?${qs}`)).body as { pk: number }[]).map((x) => x.pk);
    expect(await pks(`stock_item=${other}`)).toEqual([a.pk, b.pk, c.pk]);
    expect(await pks(`stock_item=${other}&test=LEAK%20TEST`)).toEqual([a.pk, b.pk]);
    expect(await pks(`stock_item=${other}&test=leaktest`)).toEqual([a.pk, b.pk]);
    expect(await pks(`stock_item=${other}&result=true`)).toEqual([b.pk, c.pk]);
    expect(await pks(`stock_item=${other}&user=${t.users.superuser}`)).toEqual([b.pk]);
    expect(await pks(`stock_item=${other}&ordering=-pk`)).toEqual([c.pk, b.pk, a.pk]);
    const page = await t.call("GET", `/api/stock/test/?stock_item=${other}&limit=2`);
    expect(page.body.count).toBe(3);
    expect(page.body.results).toHaveLength(2);
    expect((await t.call("GET", "/api/stock/test/?result=maybe")).body.result).toBeDefined();
  });

  test("PATCH updates the name and key; DELETE removes; unknown pk is 404", async () => {
    const r = await post({ stock_item: item, test: "Old name" });
    const p = await t.call("PATCH", `/api/stock/test/${r.pk}/`, { test: "New Name", result: true });
    expect(p.body).toMatchObject({ test: "New Name", test_key: "newname", result: true });
    expect((await t.call("PATCH", `/api/stock/test/${r.pk}/`, { result: "maybe" })).status).toBe(400); // "yes" is true for DRF
    expect((await t.call("DELETE", `/api/stock/test/${r.pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/stock/test/${r.pk}/`)).status).toBe(404);
    expect((await t.call("DELETE", `/api/stock/test/${r.pk}/`)).status).toBe(404);
    expect((await t.call("PATCH", "/api/stock/test/999999/", { value: "x" })).status).toBe(404);
  });

  test("results go with their stock item", async () => {
    const doomed = await makeStockItem(t.services.database, { part: await makePart(t.services.database) });
    await post({ stock_item: doomed, test: "Gone" });
    await t.call("DELETE", `/api/stock/${doomed}/`);
    expect((await t.call("GET", `/api/stock/test/?stock_item=${doomed}`)).body).toEqual([]);
  });
});
