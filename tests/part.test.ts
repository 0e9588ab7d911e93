import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { STOCK_STATUS } from "../server/db/schema/stock.ts";
import { makeTestApp, sqliteOnly, type TestApp } from "./support/app.ts";
import { makeCategory, makeCompany, makeLocation, makePart, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { failOn, makeSalesOrderLine } from "./support/factory-part.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const post = (path: string, body: unknown) => t.call("POST", path, body, "staff");
const get = (path: string) => t.call("GET", path, undefined, "readonly");
const names = (body: { name: string }[]) => body.map((x) => x.name);

/** Creates a chain of categories through the API, top first; returns their pks. */
async function chain(...list: string[]): Promise<number[]> {
  const pks: number[] = [];
  for (const name of list) {
    const r = await post("/api/part/category/", { name, parent: pks.at(-1) ?? null });
    expect(r.status).toBe(201);
    pks.push(r.body.pk);
  }
  return pks;
}

describe("auth", () => {
  test("reads need credentials; writes need staff", async () => {
    for (const path of ["/api/part/", "/api/part/category/", "/api/part/1/", "/api/part/category/1/"]) {
      expect((await t.call("GET", path, undefined, null)).status).toBe(401);
    }
    expect((await t.call("GET", "/api/part/", undefined, "readonly")).status).toBe(200);
    expect((await t.call("POST", "/api/part/", { name: "x" }, "readonly")).status).toBe(403);
    expect((await t.call("POST", "/api/part/category/", { name: "x" }, "readonly")).status).toBe(403);
    expect((await t.call("POST", "/api/part/", { name: "x" }, null)).status).toBe(401);
    const cat = await makeCategory(t.services.database);
    const part = await makePart(t.services.database);
    for (const method of ["PATCH", "PUT", "DELETE"]) {
      expect((await t.call(method, `/api/part/${part}/`, { name: "y" }, "readonly")).status).toBe(403);
      expect((await t.call(method, `/api/part/category/${cat}/`, { name: "y" }, "readonly")).status).toBe(403);
    }
  });
});

describe("categories: tree and pathstring", () => {
  test("create sets pathstring and level; detail shows counts", async () => {
    const [a, b, c] = await chain("Electronics", "Passives", "Resistors");
    const r = await get(`/api/part/category/${c}/`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ pk: c, name: "Resistors", parent: b, pathstring: "Electronics/Passives/Resistors", level: 2, structural: false, icon: "", part_count: 0, subcategories: 0 });
    await makePart(t.services.database, { category: c });
    await makePart(t.services.database, { category: b });
    const top = await get(`/api/part/category/${a}/`);
    expect(top.body).toMatchObject({ level: 0, parent: null, subcategories: 2, part_count: 2 });
  });

  test("rename rewrites the whole subtree's pathstring", async () => {
    const [a, b, c, d] = await chain("Mech", "Fasteners", "Screws", "M3");
    const r = await t.call("PATCH", `/api/part/category/${b}/`, { name: "Hardware" }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.pathstring).toBe("Mech/Hardware");
    expect((await get(`/api/part/category/${c}/`)).body.pathstring).toBe("Mech/Hardware/Screws");
    expect((await get(`/api/part/category/${d}/`)).body.pathstring).toBe("Mech/Hardware/Screws/M3");
    expect((await get(`/api/part/category/${a}/`)).body.pathstring).toBe("Mech");
  });

  test("move rewrites pathstring and level below the moved category", async () => {
    const [x] = await chain("Tools");
    const [, y, z] = await chain("Misc", "Drivers", "Bits");
    const r = await t.call("PATCH", `/api/part/category/${y}/`, { parent: x }, "staff");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ parent: x, pathstring: "Tools/Drivers", level: 1 });
    expect((await get(`/api/part/category/${z}/`)).body).toMatchObject({ pathstring: "Tools/Drivers/Bits", level: 2 });
    const toTop = await t.call("PATCH", `/api/part/category/${z}/`, { parent: null }, "staff");
    expect(toTop.body).toMatchObject({ parent: null, pathstring: "Bits", level: 0 });
  });

  test("moving under itself or a descendant is 400 naming parent", async () => {
    const [a, , c] = await chain("Loop A", "Loop B", "Loop C");
    const self = await t.call("PATCH", `/api/part/category/${a}/`, { parent: a }, "staff");
    expect(self.status).toBe(400);
    expect(self.body).toEqual({ parent: ["Invalid choice"] });
    const below = await t.call("PATCH", `/api/part/category/${a}/`, { parent: c }, "staff");
    expect(below.status).toBe(400);
    expect(below.body.parent).toEqual(["Invalid choice"]);
    expect((await get(`/api/part/category/${a}/`)).body.parent).toBeNull();
  });

  // SQLite only: the failure is injected by a SQLite trigger (failOn) on the raw connection.
  sqliteOnly("a rename that fails part-way leaves every pathstring as it was", async () => {
    const [a, b, c] = await chain("Atomic", "Middle", "Leaf");
    const undo = failOn(t.services.sqlite, "fail_leaf_path", "UPDATE", "part_category", `OLD.id = ${c}`);
    try {
      const r = await t.call("PATCH", `/api/part/category/${a}/`, { name: "Renamed" }, "staff");
      expect(r.status).toBe(500);
    } finally {
      undo();
    }
    expect((await get(`/api/part/category/${a}/`)).body).toMatchObject({ name: "Atomic", pathstring: "Atomic" });
    expect((await get(`/api/part/category/${b}/`)).body.pathstring).toBe("Atomic/Middle");
    expect((await get(`/api/part/category/${c}/`)).body.pathstring).toBe("Atomic/Middle/Leaf");
  });

  test("PUT needs the required fields; PATCH changes only what it names", async () => {
    const [a] = await chain("PutMe");
    const missing = await t.call("PUT", `/api/part/category/${a}/`, { description: "d" }, "staff");
    expect(missing.status).toBe(400);
    expect(missing.body.name).toEqual(["This field is required."]);
    const put = await t.call("PUT", `/api/part/category/${a}/`, { name: "PutDone", description: "desc", icon: "ti:box" }, "staff");
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: "PutDone", description: "desc", icon: "ti:box", pathstring: "PutDone" });
    const patch = await t.call("PATCH", `/api/part/category/${a}/`, { description: "new" }, "staff");
    expect(patch.body).toMatchObject({ name: "PutDone", description: "new" });
  });

  test("bad input on create names the field", async () => {
    const missing = await post("/api/part/category/", { description: "no name" });
    expect(missing.status).toBe(400);
    expect(missing.body.name).toEqual(["This field is required."]);
    // DRF's CharField takes numbers as their str() but refuses booleans and composites
    const wrongType = await post("/api/part/category/", { name: true });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.name).toEqual(["Not a valid string."]);
    const blank = await post("/api/part/category/", { name: "" });
    expect(blank.body.name).toEqual(["This field may not be blank."]);
    const badParent = await post("/api/part/category/", { name: "Orphan", parent: 99999 });
    expect(badParent.status).toBe(400);
    expect(badParent.body).toEqual({ parent: ['Invalid pk "99999" - object does not exist.'] });
    const badParentType = await post("/api/part/category/", { name: "Orphan", parent: "abc" });
    expect(badParentType.status).toBe(400);
    expect(badParentType.body.parent).toBeDefined();
    const badLocation = await post("/api/part/category/", { name: "Orphan", default_location: 99999 });
    expect(badLocation.body).toEqual({ default_location: ['Invalid pk "99999" - object does not exist.'] });
    const [p] = await chain("DupParent");
    await post("/api/part/category/", { name: "Twin", parent: p });
    const dup = await post("/api/part/category/", { name: "Twin", parent: p });
    expect(dup.status).toBe(400);
    expect(dup.body.name).toEqual(["Duplicate names cannot exist under the same parent"]);
    const loc = await makeLocation(t.services.database);
    const ok = await post("/api/part/category/", { name: "Twin", default_location: loc, structural: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ default_location: loc, structural: true });
  });

  test("unknown category is 404 on every detail route", async () => {
    for (const method of ["GET", "PATCH", "PUT", "DELETE"]) {
      const r = await t.call(method, "/api/part/category/99999/", method === "GET" || method === "DELETE" ? undefined : { name: "n" }, "staff");
      expect(r.status).toBe(404);
    }
  });
});

describe("categories: structural", () => {
  test("parts cannot be created in or moved to a structural category", async () => {
    const s = (await post("/api/part/category/", { name: "Structural", structural: true })).body.pk;
    const r = await post("/api/part/", { name: "Nope", category: s });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ category: ["Parts cannot be assigned to structural part categories!"] });
    const p = await makePart(t.services.database);
    const move = await t.call("PATCH", `/api/part/${p}/`, { category: s }, "staff");
    expect(move.status).toBe(400);
    expect(move.body.category).toBeDefined();
  });

  test("a category holding parts cannot become structural", async () => {
    const [c] = await chain("HasParts");
    await makePart(t.services.database, { category: c });
    const r = await t.call("PATCH", `/api/part/category/${c}/`, { structural: true }, "staff");
    expect(r.status).toBe(400);
    expect(r.body.structural[0]).toContain("cannot make this part category structural");
  });
});

describe("categories: delete", () => {
  test("children and parts move to the deleted category's parent; paths follow", async () => {
    const [a, b, c] = await chain("DelTop", "DelMid", "DelLow");
    const [, other] = await chain("DelTop2", "DelSibling");
    const inMid = await makePart(t.services.database, { category: b });
    const inLow = await makePart(t.services.database, { category: c });
    const r = await t.call("DELETE", `/api/part/category/${b}/`, undefined, "staff");
    expect(r.status).toBe(204);
    expect((await get(`/api/part/category/${b}/`)).status).toBe(404);
    expect((await get(`/api/part/category/${c}/`)).body).toMatchObject({ parent: a, pathstring: "DelTop/DelLow", level: 1 });
    expect((await get(`/api/part/${inMid}/`)).body.category).toBe(a);
    expect((await get(`/api/part/${inLow}/`)).body.category).toBe(c);
    expect((await get(`/api/part/category/${other}/`)).body.pathstring).toBe("DelTop2/DelSibling");
  });

  test("deleting a top-level category makes its children top-level", async () => {
    const [a, b] = await chain("RootGone", "NowRoot");
    const p = await makePart(t.services.database, { category: a });
    expect((await t.call("DELETE", `/api/part/category/${a}/`, undefined, "staff")).status).toBe(204);
    expect((await get(`/api/part/category/${b}/`)).body).toMatchObject({ parent: null, pathstring: "NowRoot", level: 0 });
    expect((await get(`/api/part/${p}/`)).body.category).toBeNull();
  });

  // SQLite only: the failure is injected by a SQLite trigger (failOn) on the raw connection.
  sqliteOnly("a delete that fails part-way moves nothing", async () => {
    const [a, b, c] = await chain("RbTop", "RbMid", "RbLow");
    const p = await makePart(t.services.database, { category: b });
    const undo = failOn(t.services.sqlite, "fail_cat_delete", "DELETE", "part_category", `OLD.id = ${b}`);
    try {
      expect((await t.call("DELETE", `/api/part/category/${b}/`, undefined, "staff")).status).toBe(500);
    } finally {
      undo();
    }
    expect((await get(`/api/part/${p}/`)).body.category).toBe(b);
    expect((await get(`/api/part/category/${c}/`)).body).toMatchObject({ parent: b, pathstring: "RbTop/RbMid/RbLow" });
    expect((await get(`/api/part/category/${a}/`)).body.subcategories).toBe(2);
  });
});

describe("categories: list filters", () => {
  let app: TestApp;
  let ids: Record<string, number>;
  beforeAll(async () => {
    app = await makeTestApp();
    const mk = async (name: string, parent: number | null, extra: Record<string, unknown> = {}) =>
      (await app.call("POST", "/api/part/category/", { name, parent, ...extra }, "staff")).body.pk as number;
    const electronics = await mk("Electronics", null, { description: "things with electrons" });
    const passives = await mk("Passives", electronics);
    const caps = await mk("Capacitors", passives);
    const mech = await mk("Mechanical", null, { structural: true });
    ids = { electronics, passives, caps, mech };
    await makePart(app.services.database, { category: caps });
    await makePart(app.services.database, { category: caps });
    await makePart(app.services.database, { category: passives });
  });
  afterAll(() => app.close());
  const list = async (q: string) => {
    const r = await app.call("GET", `/api/part/category/${q}`, undefined, "readonly");
    expect(r.status).toBe(200);
    return r.body;
  };

  test("no limit: bare array in tree order", async () => {
    expect(names(await list(""))).toEqual(["Electronics", "Passives", "Capacitors", "Mechanical"]);
  });
  test("parent: direct children; with cascade, the whole subtree", async () => {
    expect(names(await list(`?parent=${ids.electronics}`))).toEqual(["Passives"]);
    expect(names(await list(`?parent=${ids.electronics}&cascade=true`))).toEqual(["Passives", "Capacitors"]);
  });
  test("cascade=false alone, or parent=null, gives the top level", async () => {
    expect(names(await list("?cascade=false"))).toEqual(["Electronics", "Mechanical"]);
    expect(names(await list("?parent=null"))).toEqual(["Electronics", "Mechanical"]);
  });
  test("an unknown parent is 400 naming parent", async () => {
    const r = await app.call("GET", "/api/part/category/?parent=9999", undefined, "readonly");
    expect(r.status).toBe(400);
    expect(r.body.parent).toBeDefined();
  });
  test("structural, search, ordering", async () => {
    expect(names(await list("?structural=true"))).toEqual(["Mechanical"]);
    expect(names(await list("?structural=false"))).toEqual(["Electronics", "Passives", "Capacitors"]);
    expect(names(await list("?search=electrons"))).toEqual(["Electronics"]);
    expect(names(await list("?search=cap"))).toEqual(["Capacitors"]);
    expect(names(await list("?ordering=-name"))).toEqual(["Passives", "Mechanical", "Electronics", "Capacitors"]);
    const byCount = await list("?ordering=-part_count");
    expect(byCount.map((c: { part_count: number }) => c.part_count)).toEqual([3, 3, 2, 0]);
    expect(names(await list("?ordering=level,name"))).toEqual(["Electronics", "Mechanical", "Passives", "Capacitors"]);
  });
  test("pagination envelope", async () => {
    const page = await list("?limit=2&offset=1");
    expect(page.count).toBe(4);
    expect(names(page.results)).toEqual(["Passives", "Capacitors"]);
    expect(page.next).toContain("offset=3");
    expect(page.previous).toContain("limit=2");
  });
  test("bad filter values are 400 naming the filter", async () => {
    const r = await app.call("GET", "/api/part/category/?structural=maybe", undefined, "readonly");
    expect(r.status).toBe(400);
    expect(r.body.structural).toHaveLength(1);
    const limit = await app.call("GET", "/api/part/category/?limit=0", undefined, "readonly");
    // The shared validation mapper cannot name coerced numeric query values (Elysia drops the path).
    expect(limit.status).toBe(400);
  });
});

describe("parts: create, read, update", () => {
  test("create returns InvenTree's fields with defaults and computed values", async () => {
    const [cat] = await chain("PartsHome");
    const r = await post("/api/part/", { name: "Resistor 10k", IPN: " R-0001 ", revision: "B", category: cat, units: "pcs" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "Resistor 10k",
      IPN: "R-0001",
      revision: "B",
      category: cat,
      category_name: "PartsHome",
      full_name: "R-0001 | Resistor 10k | B",
      in_stock: 0,
      active: true,
      component: true,
      purchaseable: true,
      assembly: false,
      salable: false,
      minimum_stock: 0,
    });
    expect(typeof r.body.creation_date).toBe("string");
    expect(r.body).not.toHaveProperty("category_detail");
    expect(r.body).not.toHaveProperty("barcode_data");
    const plain = await post("/api/part/", { name: "Plain" });
    expect(plain.body.full_name).toBe("Plain");
    expect(plain.body.category_name).toBeNull();
  });

  test("bad input names the field; nothing is written", async () => {
    const missing = await post("/api/part/", { IPN: "X" });
    expect(missing.status).toBe(400);
    expect(missing.body.name).toEqual(["This field is required."]);
    const wrong = await post("/api/part/", { name: "W", active: "perhaps", minimum_stock: "lots" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.active).toEqual(["Must be a valid boolean."]);
    expect(wrong.body.minimum_stock).toEqual(["A valid number is required."]);
    const negative = await post("/api/part/", { name: "N", minimum_stock: -1 });
    expect(negative.body.minimum_stock).toEqual(["Ensure this value is greater than or equal to 0."]);
    const unknown = await post("/api/part/", { name: "U", category: 424242, default_location: 434343 });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      category: ['Invalid pk "424242" - object does not exist.'],
      default_location: ['Invalid pk "434343" - object does not exist.'],
    });
    const tooLong = await post("/api/part/", { name: "x".repeat(101) });
    expect(tooLong.body.name[0]).toContain("no more than 100");
    expect((await get("/api/part/?search=424242")).body).toEqual([]);
    expect((await get("/api/part/?name=U")).body).toEqual([]);
  });

  test("name + IPN + revision must be unique", async () => {
    await post("/api/part/", { name: "Twin", IPN: "T-1" });
    const dup = await post("/api/part/", { name: "Twin", IPN: "T-1" });
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toEqual(["Part with this Name, IPN and Revision already exists."]);
    expect((await post("/api/part/", { name: "Twin", IPN: "T-1", revision: "2" })).status).toBe(201);
  });

  test("PATCH and PUT", async () => {
    const p = (await post("/api/part/", { name: "Editable", description: "old" })).body.pk;
    const patch = await t.call("PATCH", `/api/part/${p}/`, { description: "new", assembly: true }, "staff");
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ name: "Editable", description: "new", assembly: true });
    const badPatch = await t.call("PATCH", `/api/part/${p}/`, { category: 999999 }, "staff");
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.category).toBeDefined();
    const putMissing = await t.call("PUT", `/api/part/${p}/`, { description: "x" }, "staff");
    expect(putMissing.status).toBe(400);
    expect(putMissing.body.name).toEqual(["This field is required."]);
    const put = await t.call("PUT", `/api/part/${p}/`, { name: "Edited", keywords: "k1 k2" }, "staff");
    expect(put.body).toMatchObject({ name: "Edited", keywords: "k1 k2", description: "new" });
    expect((await t.call("PATCH", "/api/part/999999/", { name: "z" }, "staff")).status).toBe(404);
    expect((await get("/api/part/999999/")).status).toBe(404);
  });

  test("in_stock counts only in-stock statuses and unshipped items", async () => {
    const p = await makePart(t.services.database);
    const customer = await makeCompany(t.services.database, { is_customer: true });
    const db = t.services.database;
    await makeStockItem(db, { part: p, quantity: 5, status: STOCK_STATUS.OK });
    await makeStockItem(db, { part: p, quantity: 1, status: STOCK_STATUS.ATTENTION });
    await makeStockItem(db, { part: p, quantity: 2, status: STOCK_STATUS.DAMAGED });
    await makeStockItem(db, { part: p, quantity: 3, status: STOCK_STATUS.RETURNED });
    for (const status of [STOCK_STATUS.DESTROYED, STOCK_STATUS.REJECTED, STOCK_STATUS.LOST, STOCK_STATUS.QUARANTINED]) await makeStockItem(db, { part: p, quantity: 100, status });
    await makeStockItem(db, { part: p, quantity: 50, customer });
    const r = await get(`/api/part/${p}/`);
    expect(r.body.in_stock).toBe(11);
    expect(r.body.total_in_stock).toBe(11);
  });

  test("category_detail on request", async () => {
    const [a, b] = await chain("DetailTop", "DetailLeaf");
    const p = await makePart(t.services.database, { category: b });
    const r = await get(`/api/part/${p}/?category_detail=true`);
    expect(r.body.category_detail).toMatchObject({ pk: b, name: "DetailLeaf", parent: a, pathstring: "DetailTop/DetailLeaf", level: 1, part_count: 1 });
    const none = await get(`/api/part/${await makePart(t.services.database)}/?category_detail=true`);
    expect(none.body.category_detail).toBeNull();
  });
});

describe("parts: delete", () => {
  test("an active part cannot be deleted", async () => {
    const p = await makePart(t.services.database);
    const r = await t.call("DELETE", `/api/part/${p}/`, undefined, "staff");
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ non_field_errors: ["Cannot delete this part as it is still active"] });
    expect((await get(`/api/part/${p}/`)).status).toBe(200);
  });
  test("a part with stock items cannot be deleted", async () => {
    const p = await makePart(t.services.database, { active: false });
    await makeStockItem(t.services.database, { part: p, quantity: 0, status: STOCK_STATUS.DESTROYED });
    const r = await t.call("DELETE", `/api/part/${p}/`, undefined, "staff");
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors[0]).toContain("stock items");
  });
  test("a part on a sales order cannot be deleted", async () => {
    const p = await makePart(t.services.database, { active: false });
    const so = await makeSalesOrder(t.services.database, { customer: await makeCompany(t.services.database, { is_customer: true }) });
    await makeSalesOrderLine(t.services.database, { order: so, part: p });
    const r = await t.call("DELETE", `/api/part/${p}/`, undefined, "staff");
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors[0]).toContain("order");
  });
  test("an inactive part without stock is deleted with its supplier parts", async () => {
    const p = await makePart(t.services.database, { active: false });
    const sp = await makeSupplierPart(t.services.database, { part: p, supplier: await makeCompany(t.services.database) });
    expect((await t.call("DELETE", `/api/part/${p}/`, undefined, "staff")).status).toBe(204);
    expect((await get(`/api/part/${p}/`)).status).toBe(404);
    expect((await get(`/api/company/part/${sp}/`)).status).toBe(404);
    expect((await t.call("DELETE", `/api/part/${p}/`, undefined, "staff")).status).toBe(404);
  });
});

describe("parts: list filters", () => {
  let app: TestApp;
  let c: Record<string, number>;
  let p: Record<string, number>;
  beforeAll(async () => {
    app = await makeTestApp();
    const db = app.services.database;
    const top = await makeCategory(db, { name: "Top", pathstring: "Top" });
    const mid = await makeCategory(db, { name: "Mid", parent: top, pathstring: "Top/Mid" });
    const low = await makeCategory(db, { name: "Low", parent: mid, pathstring: "Top/Mid/Low" });
    c = { top, mid, low };
    p = {
      bolt: await makePart(db, { name: "Bolt", IPN: "MB-001", category: top, keywords: "fastener steel", minimum_stock: 10 }),
      nut: await makePart(db, { name: "Nut", IPN: "mb-002", category: mid, description: "hex nut", assembly: true, minimum_stock: 1 }),
      washer: await makePart(db, { name: "Washer", category: low, trackable: true, salable: true, active: false }),
      widget: await makePart(db, { name: "Widget", virtual: true, is_template: true, purchaseable: false, component: false }),
    };
    await makeStockItem(db, { part: p.bolt, quantity: 4 });
    await makeStockItem(db, { part: p.nut, quantity: 20 });
    await makeStockItem(db, { part: p.nut, quantity: 7 });
    await makeStockItem(db, { part: p.washer, quantity: 9, status: STOCK_STATUS.LOST });
  });
  afterAll(() => app.close());
  const list = async (q: string) => {
    const r = await app.call("GET", `/api/part/${q}`, undefined, "readonly");
    expect(r.status).toBe(200);
    return r.body;
  };

  test("default order is by name, bare array without limit", async () => {
    expect(names(await list(""))).toEqual(["Bolt", "Nut", "Washer", "Widget"]);
  });
  test("category cascades by default; cascade=false is direct only; null + cascade=false is uncategorised", async () => {
    expect(names(await list(`?category=${c.top}`))).toEqual(["Bolt", "Nut", "Washer"]);
    expect(names(await list(`?category=${c.mid}`))).toEqual(["Nut", "Washer"]);
    expect(names(await list(`?category=${c.top}&cascade=false`))).toEqual(["Bolt"]);
    expect(names(await list("?category=null&cascade=false"))).toEqual(["Widget"]);
    expect(names(await list("?category=null"))).toHaveLength(4);
  });
  test("boolean flags", async () => {
    expect(names(await list("?active=false"))).toEqual(["Washer"]);
    expect(names(await list("?active=true"))).toEqual(["Bolt", "Nut", "Widget"]);
    expect(names(await list("?assembly=true"))).toEqual(["Nut"]);
    expect(names(await list("?component=false"))).toEqual(["Widget"]);
    expect(names(await list("?trackable=1"))).toEqual(["Washer"]);
    expect(names(await list("?purchaseable=False"))).toEqual(["Widget"]);
    expect(names(await list("?salable=true"))).toEqual(["Washer"]);
    expect(names(await list("?virtual=true"))).toEqual(["Widget"]);
    expect(names(await list("?is_template=true"))).toEqual(["Widget"]);
  });
  test("IPN is exact and case-insensitive; has_ipn", async () => {
    expect(names(await list("?IPN=MB-002"))).toEqual(["Nut"]);
    expect(names(await list("?IPN=MB-00"))).toEqual([]);
    expect(names(await list("?has_ipn=false"))).toEqual(["Washer", "Widget"]);
  });
  test("stock filters and in_stock totals", async () => {
    const all = await list("");
    expect(Object.fromEntries(all.map((x: { name: string; in_stock: number }) => [x.name, x.in_stock]))).toEqual({ Bolt: 4, Nut: 27, Washer: 0, Widget: 0 });
    expect(names(await list("?has_stock=true"))).toEqual(["Bolt", "Nut"]);
    expect(names(await list("?has_stock=false"))).toEqual(["Washer", "Widget"]);
    expect(names(await list("?low_stock=true"))).toEqual(["Bolt"]);
    expect(names(await list("?low_stock=false"))).toEqual(["Nut", "Washer", "Widget"]);
  });
  test("search matches every word across name, IPN, description, keywords", async () => {
    expect(names(await list("?search=nut"))).toEqual(["Nut"]);
    expect(names(await list("?search=MB-00"))).toEqual(["Bolt", "Nut"]);
    expect(names(await list("?search=steel"))).toEqual(["Bolt"]);
    expect(names(await list("?search=hex%20nut"))).toEqual(["Nut"]);
    expect(names(await list("?search=hex%20bolt"))).toEqual([]);
    expect(names(await list("?search=100%25"))).toEqual([]);
  });
  test("ordering by name, IPN, in_stock, creation_date, with -", async () => {
    expect(names(await list("?ordering=-name"))).toEqual(["Widget", "Washer", "Nut", "Bolt"]);
    expect(names(await list("?ordering=-in_stock"))).toEqual(["Nut", "Bolt", "Washer", "Widget"]);
    expect(names(await list("?ordering=in_stock"))).toEqual(["Washer", "Widget", "Bolt", "Nut"]);
    expect(names(await list("?ordering=IPN"))).toEqual(["Washer", "Widget", "Bolt", "Nut"]);
    expect(names(await list("?ordering=-creation_date"))).toHaveLength(4);
    expect(names(await list("?ordering=nonsense"))).toEqual(["Bolt", "Nut", "Washer", "Widget"]);
  });
  test("pagination with filters", async () => {
    const page = await list(`?category=${c.top}&limit=2`);
    expect(page.count).toBe(3);
    expect(names(page.results)).toEqual(["Bolt", "Nut"]);
    expect(page.next).toContain("offset=2");
    expect(page.previous).toBeNull();
    const last = await list(`?category=${c.top}&limit=2&offset=2`);
    expect(names(last.results)).toEqual(["Washer"]);
    expect(last.next).toBeNull();
  });
  test("category_detail in the list", async () => {
    const r = await list(`?category=${c.mid}&category_detail=true`);
    expect(r[0].category_detail).toMatchObject({ pk: c.mid, pathstring: "Top/Mid", part_count: 2 });
    expect(r[1].category_detail).toMatchObject({ pk: c.low, pathstring: "Top/Mid/Low", level: 2 });
  });
  test("bad filter values are 400 naming the filter", async () => {
    const r = await app.call("GET", "/api/part/?active=sometimes&category=abc", undefined, "readonly");
    expect(r.status).toBe(400);
    expect(r.body.active).toBeDefined();
    expect(r.body.category).toBeDefined();
  });
});
