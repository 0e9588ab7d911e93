import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeLocation, makePart, makeStockItem } from "./support/factory.ts";
import { expectStaffOnly, trackingOf } from "./support/factory-stock.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>) => {
  const r = await t.call("POST", "/api/stock/location/", body, "staff");
  expect(r.status).toBe(201);
  return r.body as { pk: number; pathstring: string; level: number };
};
const get = async (pk: number) => (await t.call("GET", `/api/stock/location/${pk}/`)).body;

describe("stock locations: auth", () => {
  test("reading needs credentials; writing needs staff", async () => {
    const pk = await makeLocation(t.services.database);
    expect((await t.call("GET", "/api/stock/location/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", `/api/stock/location/${pk}/`, undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/stock/location/", undefined, "readonly")).status).toBe(200);
    await expectStaffOnly(t, "POST", "/api/stock/location/", { name: "X" });
    await expectStaffOnly(t, "PATCH", `/api/stock/location/${pk}/`, { name: "X" });
    await expectStaffOnly(t, "PUT", `/api/stock/location/${pk}/`, { name: "X" });
    await expectStaffOnly(t, "DELETE", `/api/stock/location/${pk}/`);
  });
});

describe("stock locations: create and read", () => {
  test("pathstring, level and counts follow the tree", async () => {
    const wh = await create({ name: "Warehouse", description: "Main" });
    const shelf = await create({ name: "Shelf", parent: wh.pk, icon: "ti:box" });
    const bin = await create({ name: "Bin 1", parent: shelf.pk });
    expect(shelf.pathstring).toBe("Warehouse/Shelf");
    expect(bin.pathstring).toBe("Warehouse/Shelf/Bin 1");
    expect(bin.level).toBe(2);
    const part = await makePart(t.services.database);
    await makeStockItem(t.services.database, { part, location: bin.pk });
    await makeStockItem(t.services.database, { part, location: wh.pk });
    const top = await get(wh.pk);
    expect(top).toMatchObject({ pk: wh.pk, name: "Warehouse", description: "Main", parent: null, level: 0, items: 2, sublocations: 2, structural: false, external: false, barcode_hash: "" });
    expect((await get(shelf.pk)).items).toBe(1);
  });

  test("a pathstring past 250 characters drops whole middle names, as a category's does", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `Level ${i} ${"x".repeat(22)}`); // 10 × 30 + 9 slashes = 309
    let loc: number | null = null;
    let cat: number | null = null;
    let locPath = "";
    let catPath = "";
    for (const name of names) {
      const l = await create({ name, parent: loc });
      const c = await t.call("POST", "/api/part/category/", { name, parent: cat }, "staff");
      expect(c.status).toBe(201);
      [loc, cat, locPath, catPath] = [l.pk, c.body.pk, l.pathstring, c.body.pathstring];
    }
    expect(locPath).toBe([...names.slice(0, 3), "...", ...names.slice(6)].join("/"));
    expect(locPath.length).toBeLessThanOrEqual(250);
    expect(catPath).toBe(locPath);
  });

  test("unknown location is 404", async () => {
    const r = await t.call("GET", "/api/stock/location/999999/");
    expect(r.status).toBe(404);
    expect(r.body.detail).toBeString();
  });

  test("bad input names the field", async () => {
    const missing = await t.call("POST", "/api/stock/location/", { description: "no name" });
    expect(missing.status).toBe(400);
    expect(missing.body.name).toEqual(["This field is required."]);
    const blank = await t.call("POST", "/api/stock/location/", { name: "" });
    expect(blank.body.name).toEqual(["This field may not be blank."]);
    const wrongType = await t.call("POST", "/api/stock/location/", { name: "Z", parent: "abc", structural: "maybe" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.parent).toBeDefined();
    expect(wrongType.body.structural).toBeDefined();
    const unknownParent = await t.call("POST", "/api/stock/location/", { name: "Orphan", parent: 999999 });
    expect(unknownParent.status).toBe(400);
    expect(unknownParent.body.parent[0]).toContain("does not exist");
    const negative = await t.call("POST", "/api/stock/location/", { name: "Neg", parent: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.parent).toBeDefined();
  });

  test("sibling names must differ", async () => {
    const p = await create({ name: "Dup parent" });
    await create({ name: "Twin", parent: p.pk });
    const r = await t.call("POST", "/api/stock/location/", { name: "twin", parent: p.pk });
    expect(r.status).toBe(400);
    expect(r.body.name).toBeDefined();
  });
});

describe("stock locations: update", () => {
  test("rename rewrites the pathstring of the whole subtree", async () => {
    const a = await create({ name: "Area" });
    const b = await create({ name: "Rack", parent: a.pk });
    const c = await create({ name: "Tray", parent: b.pk });
    const r = await t.call("PATCH", `/api/stock/location/${a.pk}/`, { name: "Zone" }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.pathstring).toBe("Zone");
    expect((await get(b.pk)).pathstring).toBe("Zone/Rack");
    expect((await get(c.pk)).pathstring).toBe("Zone/Rack/Tray");
  });

  test("move re-parents the subtree; moving under itself or a descendant is 400 on parent", async () => {
    const a = await create({ name: "Move A" });
    const b = await create({ name: "Move B" });
    const b1 = await create({ name: "B1", parent: b.pk });
    const moved = await t.call("PATCH", `/api/stock/location/${b.pk}/`, { parent: a.pk }, "staff");
    expect(moved.status).toBe(200);
    expect(moved.body.level).toBe(1);
    expect((await get(b1.pk)).pathstring).toBe("Move A/Move B/B1");
    const self = await t.call("PATCH", `/api/stock/location/${b.pk}/`, { parent: b.pk }, "staff");
    expect(self.status).toBe(400);
    expect(self.body.parent).toBeDefined();
    const desc = await t.call("PATCH", `/api/stock/location/${a.pk}/`, { parent: b1.pk }, "staff");
    expect(desc.status).toBe(400);
    expect(desc.body.parent).toBeDefined();
    expect((await get(a.pk)).parent).toBeNull();
    const toTop = await t.call("PATCH", `/api/stock/location/${b.pk}/`, { parent: null }, "staff");
    expect(toTop.body.pathstring).toBe("Move B");
    expect((await get(b1.pk)).pathstring).toBe("Move B/B1");
  });

  test("PUT needs the name; PATCH with unknown parent is 400; unknown pk is 404", async () => {
    const a = await create({ name: "Put me" });
    const noName = await t.call("PUT", `/api/stock/location/${a.pk}/`, { description: "x" });
    expect(noName.status).toBe(400);
    expect(noName.body.name).toBeDefined();
    const put = await t.call("PUT", `/api/stock/location/${a.pk}/`, { name: "Put done", external: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: "Put done", external: true });
    expect((await t.call("PATCH", `/api/stock/location/${a.pk}/`, { parent: 999999 })).body.parent).toBeDefined();
    expect((await t.call("PATCH", "/api/stock/location/999999/", { name: "x" })).status).toBe(404);
  });

  test("a location holding stock cannot become structural", async () => {
    const loc = await create({ name: "Busy" });
    await makeStockItem(t.services.database, { part: await makePart(t.services.database), location: loc.pk });
    const r = await t.call("PATCH", `/api/stock/location/${loc.pk}/`, { structural: true });
    expect(r.status).toBe(400);
    expect(r.body.structural).toBeDefined();
    const empty = await create({ name: "Empty" });
    expect((await t.call("PATCH", `/api/stock/location/${empty.pk}/`, { structural: true })).body.structural).toBe(true);
  });
});

describe("stock locations: delete", () => {
  test("sublocations and items move to the parent, with tracking for the items", async () => {
    const top = await create({ name: "Del top" });
    const mid = await create({ name: "Del mid", parent: top.pk });
    const leaf = await create({ name: "Del leaf", parent: mid.pk });
    const item = await makeStockItem(t.services.database, { part: await makePart(t.services.database), location: mid.pk });
    const r = await t.call("DELETE", `/api/stock/location/${mid.pk}/`, undefined, "staff");
    expect(r.status).toBe(204);
    expect((await t.call("GET", `/api/stock/location/${mid.pk}/`)).status).toBe(404);
    const leafNow = await get(leaf.pk);
    expect(leafNow.parent).toBe(top.pk);
    expect(leafNow.pathstring).toBe("Del top/Del leaf");
    expect((await t.call("GET", `/api/stock/${item}/`)).body.location).toBe(top.pk);
    const [entry] = await trackingOf(t, item);
    expect(entry.tracking_type).toBe(20);
    expect(entry.deltas).toEqual({ location: top.pk, old_location: mid.pk });
    expect(entry.user).toBe(t.users.staff);
  });

  test("deleting a top-level location leaves its items unplaced; unknown pk is 404", async () => {
    const top = await create({ name: "Lone top" });
    const item = await makeStockItem(t.services.database, { part: await makePart(t.services.database), location: top.pk });
    expect((await t.call("DELETE", `/api/stock/location/${top.pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.location).toBeNull();
    expect((await t.call("DELETE", "/api/stock/location/999999/")).status).toBe(404);
  });
});

describe("stock locations: list filters", () => {
  let root: number;
  let child: number;
  let grandchild: number;
  let structural: number;
  let external: number;
  beforeAll(async () => {
    root = (await create({ name: "Filter root", description: "findme" })).pk;
    child = (await create({ name: "Filter child", parent: root })).pk;
    grandchild = (await create({ name: "Filter grandchild", parent: child })).pk;
    structural = (await create({ name: "Filter structural", parent: root, structural: true })).pk;
    external = (await create({ name: "Filter external", parent: root, external: true })).pk;
  });
  const pks = async (qs: string) => {
    const r = await t.call("GET", `/api/stock/location/?${qs}`);
    expect(r.status).toBe(200);
    return (r.body as { pk: number }[]).map((x) => x.pk);
  };

  test("parent gives direct children; cascade gives the whole subtree", async () => {
    expect((await pks(`parent=${root}`)).sort()).toEqual([child, structural, external].sort());
    expect((await pks(`parent=${root}&cascade=true`)).sort()).toEqual([child, grandchild, structural, external].sort());
    expect((await pks(`parent=${root}&cascade=1&depth=1`)).sort()).toEqual([child, structural, external].sort());
  });

  test("cascade=false without a parent, top_level and parent=null list top-level locations", async () => {
    for (const qs of ["cascade=false", "top_level=true", "parent=null"]) {
      const list = await pks(qs);
      expect(list).toContain(root);
      expect(list).not.toContain(child);
    }
  });

  test("structural, external, search, name", async () => {
    expect(await pks(`parent=${root}&structural=true`)).toEqual([structural]);
    expect(await pks(`parent=${root}&external=True`)).toEqual([external]);
    expect(await pks("search=findme")).toEqual([root]);
    expect((await pks("search=grandchild")).includes(grandchild)).toBe(true);
    expect(await pks("name=Filter%20child")).toEqual([child]);
  });

  test("ordering and pagination", async () => {
    const byName = (await t.call("GET", `/api/stock/location/?parent=${root}&ordering=name`)).body.map((x: { name: string }) => x.name);
    expect(byName).toEqual(["Filter child", "Filter external", "Filter structural"]);
    const desc = (await t.call("GET", `/api/stock/location/?parent=${root}&ordering=-name`)).body.map((x: { name: string }) => x.name);
    expect(desc).toEqual([...byName].reverse());
    const page = await t.call("GET", `/api/stock/location/?parent=${root}&ordering=name&limit=2&offset=1`);
    expect(page.body.count).toBe(3);
    expect(page.body.results.map((x: { name: string }) => x.name)).toEqual(["Filter external", "Filter structural"]);
    expect(page.body.next).toBeNull();
    expect(page.body.previous).toContain("limit=2");
  });

  test("bad filter values are 400 naming the parameter", async () => {
    expect((await t.call("GET", "/api/stock/location/?parent=999999")).body.parent).toBeDefined();
    expect((await t.call("GET", "/api/stock/location/?cascade=perhaps")).body.cascade).toBeDefined();
    expect((await t.call("GET", "/api/stock/location/?limit=0")).status).toBe(400);
  });
});
