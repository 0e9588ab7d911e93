/**
 * Scan history (stored when BARCODE_STORE_RESULTS is on, pruned oldest-first), barcode images
 * (PNG/SVG, each symbology, EAN/UPC only when the data fits), the global settings API and the
 * built-in plugin's entry in /api/plugins/.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type BarcodeObjects, makeBarcodeObjects } from "./support/factory-barcode.ts";

let t: TestApp;
let o: BarcodeObjects;
type Who = "readonly" | "staff" | "superuser" | null;
const scan = (barcode: string, as: Who = "staff") => t.call("POST", "/api/barcode/", { barcode }, as);
const setGlobal = (key: string, value: unknown) => t.call("PATCH", `/api/settings/global/${key}/`, { value });
const history = (query = "", as: Who = "readonly") => t.call("GET", `/api/barcode/history/${query}`, undefined, as);

beforeAll(async () => {
  t = await makeTestApp();
  o = await makeBarcodeObjects(t.services.database);
});
afterAll(() => t.close());

describe("scan history", () => {
  test("nothing is stored while BARCODE_STORE_RESULTS is off (the default)", async () => {
    await scan(`INV-PA${o.part}`);
    expect((await history()).body).toEqual([]);
  });

  test("with it on, successes and failures are stored with user, endpoint, context and response", async () => {
    expect((await setGlobal("BARCODE_STORE_RESULTS", true)).body.value).toBe("True");
    await scan(`INV-PA${o.part}`);
    await t.call("POST", "/api/barcode/", { barcode: "unknown-thing", extra: 5 }, "readonly");
    const list = (await history()).body;
    expect(list).toHaveLength(2);
    // Newest first.
    expect(list[0]).toMatchObject({ data: "unknown-thing", result: false, endpoint: "/api/barcode/", user: t.users.readonly, context: { extra: "5" } });
    expect(list[0].response.error).toBe("No match found for barcode data");
    expect(list[0].user_detail.username).toBe("reader");
    expect(list[1]).toMatchObject({ data: `INV-PA${o.part}`, result: true, user: t.users.staff });
    expect(list[1].response.success).toBe("Match found for barcode data");
    const one = await t.call("GET", `/api/barcode/history/${list[0].pk}/`, undefined, "readonly");
    expect(one.body).toEqual(list[0]);
  });

  test("filters, pagination and search", async () => {
    expect((await history("?result=true")).body.map((r: { result: boolean }) => r.result)).toEqual([true]);
    expect((await history(`?user=${t.users.readonly}`)).body).toHaveLength(1);
    const page = (await history("?limit=1")).body;
    expect(page.count).toBe(2);
    expect(page.results).toHaveLength(1);
    expect(page.next).toContain("offset=1");
    expect((await history("?search=unknown")).body).toHaveLength(1);
    // DRF's SearchFilter: each word must be in `data`, not the string as a whole.
    expect((await history("?search=thing%20unknown")).body).toHaveLength(1);
    expect((await history("?search=thing%20nowhere")).body).toHaveLength(0);
  });

  test("pruned oldest first past BARCODE_RESULTS_MAX_NUM", async () => {
    expect((await setGlobal("BARCODE_RESULTS_MAX_NUM", 3)).status).toBe(200);
    for (const n of [1, 2, 3, 4]) await scan(`prune-${n}`);
    const data = (await history()).body.map((r: { data: string }) => r.data);
    expect(data).toEqual(["prune-4", "prune-3", "prune-2"]);
    expect((await setGlobal("BARCODE_RESULTS_MAX_NUM", 0)).body).toEqual({ value: ["Ensure this value is greater than or equal to 1."] });
  });

  test("24 scans at once keep at most BARCODE_RESULTS_MAX_NUM, and the count agrees", async () => {
    // On PostgreSQL the scans' transactions run concurrently: each stores one and prunes under the
    // history's lock (barcode/history.ts), so none counts past the others' rows.
    const scans = await Promise.all(Array.from({ length: 24 }, (_, n) => scan(`burst-${n}`)));
    expect(scans.every((r) => r.status === 200 || r.status === 400)).toBe(true);
    const kept = (await history()).body as { data: string }[];
    expect(kept).toHaveLength(3);
    for (const r of kept) expect(r.data).toStartWith("burst-");
    expect((await history("?limit=1")).body.count).toBe(3);
  });

  test("long data is cut to 250 characters in the history", async () => {
    await scan("z".repeat(600));
    expect((await history()).body[0].data).toHaveLength(250);
  });

  test("delete: read-only users may not; staff delete one or in bulk; unknown pk 404", async () => {
    const [first, second] = (await history()).body as { pk: number }[];
    expect((await t.call("DELETE", `/api/barcode/history/${first.pk}/`, undefined, "readonly")).status).toBe(403);
    expect((await t.call("DELETE", `/api/barcode/history/${first.pk}/`, undefined, null)).status).toBe(401);
    expect((await t.call("DELETE", `/api/barcode/history/${first.pk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/barcode/history/${first.pk}/`, undefined, "readonly")).status).toBe(404);
    expect((await t.call("DELETE", "/api/barcode/history/", {}, "staff")).status).toBe(400);
    expect((await t.call("DELETE", "/api/barcode/history/", { items: [second.pk] }, "staff")).status).toBe(204);
    expect((await history()).body).toHaveLength(1);
    expect((await t.call("DELETE", "/api/barcode/history/", { all: true }, "staff")).status).toBe(204);
    expect((await history()).body).toEqual([]);
    expect((await history("", null)).status).toBe(401);
    await setGlobal("BARCODE_STORE_RESULTS", false);
  });
});

describe("barcode images", () => {
  const image = (query: string, as: Who = "readonly") => t.call("GET", `/api/barcode/image/?${query}`, undefined, as);
  const bytes = async (query: string) => {
    const res = await t.app.handle(new Request(`http://localhost/api/barcode/image/?${query}`, { headers: { authorization: `Token ${t.tokens.readonly}` } }));
    return { status: res.status, type: res.headers.get("content-type"), body: new Uint8Array(await res.arrayBuffer()) };
  };
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  test("PNG for each 2-D symbology and Code 128, starting with the PNG signature", async () => {
    for (const type of ["qrcode", "datamatrix", "code128"]) {
      const r = await bytes(`model=stockitem&pk=${o.stockitem}&type=${type}`);
      expect(r.status).toBe(200);
      expect(r.type).toBe("image/png");
      expect([...r.body.slice(0, 8)]).toEqual(PNG);
    }
  });

  test("SVG has an <svg> root; scale changes the size", async () => {
    const small = await image(`model=stocklocation&pk=${o.stocklocation}&format=svg&type=qrcode&scale=1`);
    const big = await image(`model=stocklocation&pk=${o.stocklocation}&format=svg&type=qrcode&scale=6`);
    expect(small.headers.get("content-type")).toBe("image/svg+xml");
    expect(small.text.trimStart().startsWith("<svg")).toBe(true);
    expect(small.text.trimEnd().endsWith("</svg>")).toBe(true);
    const width = (svg: string) => Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
    expect(width(big.text)).toBeGreaterThan(width(small.text));
  });

  test("EAN-13 / UPC-A: the native barcode does not fit (400 naming type); a linked EAN does", async () => {
    const r = await image(`model=part&pk=${o.part}&type=ean13`);
    expect(r.status).toBe(400);
    expect(r.body.type[0]).toContain("EAN-13");
    expect((await image(`model=part&pk=${o.part}&type=upca`)).body.type[0]).toContain("UPC-A");
    await t.call("POST", "/api/barcode/link/", { barcode: "4006381333931", part: o.part }, "staff");
    const ean = await bytes(`model=part&pk=${o.part}&type=ean13&source=linked`);
    expect(ean.status).toBe(200);
    expect([...ean.body.slice(0, 8)]).toEqual(PNG);
    // A wrong check digit is the symbology refusing the data.
    await t.call("POST", "/api/barcode/unlink/", { part: o.part }, "staff");
    await t.call("POST", "/api/barcode/link/", { barcode: "4006381333932", part: o.part }, "staff");
    expect((await image(`model=part&pk=${o.part}&type=ean13&source=linked`)).body.type[0]).toContain("check digit");
    expect((await image(`model=stockitem&pk=${o.stockitem}&source=linked`)).body.source).toBeDefined();
  });

  test("bad query: unknown model, unknown pk, unknown type or format; anonymous 401", async () => {
    expect((await image("model=build&pk=1")).status).toBe(400);
    expect((await image("model=part&pk=99999")).body.pk[0]).toContain("does not exist");
    expect((await image(`model=part&pk=${o.part}&type=pdf417`)).status).toBe(400);
    expect((await image(`model=part&pk=${o.part}&format=gif`)).status).toBe(400);
    expect((await image(`model=part&pk=${o.part}&scale=50`)).status).toBe(400);
    expect((await image(`model=part&pk=${o.part}`, null)).status).toBe(401);
  });
});

describe("global settings", () => {
  test("list and detail for any user; writes for superusers; typed validation", async () => {
    const list = (await t.call("GET", "/api/settings/global/", undefined, "readonly")).body as { key: string }[];
    expect(list.map((s) => s.key)).toEqual(expect.arrayContaining(["BARCODE_ENABLE", "BARCODE_STORE_RESULTS", "BARCODE_RESULTS_MAX_NUM"]));
    const max = (await t.call("GET", "/api/settings/global/BARCODE_RESULTS_MAX_NUM/", undefined, "readonly")).body;
    expect(max).toMatchObject({ key: "BARCODE_RESULTS_MAX_NUM", type: "integer" });
    expect((await t.call("PATCH", "/api/settings/global/BARCODE_ENABLE/", { value: false }, "staff")).status).toBe(403);
    expect((await t.call("PATCH", "/api/settings/global/BARCODE_ENABLE/", { value: "maybe" })).body).toEqual({ value: ["Must be a valid boolean."] });
    expect((await t.call("PATCH", "/api/settings/global/BARCODE_RESULTS_MAX_NUM/", { value: "ten" })).body).toEqual({ value: ["A valid integer is required."] });
    expect((await t.call("GET", "/api/settings/global/NOPE/", undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", "/api/settings/global/", undefined, null)).status).toBe(401);
  });
});

describe("the built-in plugin in /api/plugins/", () => {
  test("listed as built-in, active, with the barcode mixin; cannot be deactivated", async () => {
    const list = (await t.call("GET", "/api/plugins/")).body as { key: string; is_builtin: boolean; active: boolean; mixins: Record<string, unknown> }[];
    const me = list.find((p) => p.key === "inventreebarcode");
    expect(me).toMatchObject({ is_builtin: true, active: true, name: "InvenTreeBarcode" });
    expect(Object.keys(me?.mixins ?? {})).toContain("barcode");
    // search: each word in the key, name or description (DRF's SearchFilter), in any order
    const found = async (q: string) => ((await t.call("GET", `/api/plugins/?search=${q}`)).body as { key: string }[]).map((p) => p.key);
    expect(await found("barcode%20INVENTREE")).toContain("inventreebarcode");
    expect(await found("barcode%20nowhere")).not.toContain("inventreebarcode");
    const off = await t.call("PATCH", "/api/plugins/inventreebarcode/activate/", { active: false });
    expect(off.status).toBe(400);
    expect(off.body.detail).toBe("builtin plugins cannot be deactivated");
    expect((await t.call("PATCH", "/api/plugins/inventreebarcode/", { active: false })).status).toBe(400);
    expect((await t.call("PATCH", "/api/plugins/inventreebarcode/activate/", { active: true })).body.active).toBe(true);
    expect((await t.call("GET", "/api/plugins/inventreebarcode/")).body.is_builtin).toBe(true);
  });

  test("its settings are listed and writable by superusers only", async () => {
    const settings = (await t.call("GET", "/api/plugins/inventreebarcode/settings/")).body as { key: string; value: string }[];
    expect(Object.fromEntries(settings.map((s) => [s.key, s.value]))).toEqual({ INTERNAL_BARCODE_FORMAT: "json", SHORT_BARCODE_PREFIX: "INV-" });
    expect((await t.call("PATCH", "/api/plugins/inventreebarcode/settings/SHORT_BARCODE_PREFIX/", { value: "X-" }, "staff")).status).toBe(403);
    expect((await t.call("GET", "/api/plugins/inventreebarcode/settings/NOPE/")).status).toBe(404);
  });
});
