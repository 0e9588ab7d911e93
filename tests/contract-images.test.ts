/**
 * Part and company images as InvenTree's clients use them, request by request.
 * Sources: inventree-app @06013b3a (lib/…), inventree-python @d905764 (inventree/…).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mediaFiles } from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseOrderLine } from "./support/factory-part.ts";
import { download, fileOf, makeJpeg, makePng, sendForm } from "./support/upload.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

// inventree-app lib/api.dart:1536-1546 defaultHeaders(): the token, Accept and Content-Type JSON;
// getImage (lib/api.dart:1614) sends them with every image request.
const appHeaders = { accept: "application/json", "content-type": "application/json", "accept-language": "en" };

/** The app's `uploadFile` (lib/api.dart:1009-1062): a Dart MultipartRequest, file part named `name`. */
function appUpload(path: string, name: string, bytes: Uint8Array<ArrayBuffer>, filename: string) {
  const form = new FormData();
  // lib/api.dart:1044 MultipartFile.fromPath: the file's name, type application/octet-stream.
  form.append(name, fileOf(bytes, filename));
  // lib/api.dart:1028: default headers copied, but MultipartRequest replaces Content-Type.
  return sendForm(t, "PATCH", path, form, "staff", { accept: "application/json" });
}

const mediaCount = async () => (await t.services.database.q.select().from(mediaFiles)).length;

describe("inventree-app: part images", () => {
  test("no image: image null, thumbnail the blank placeholder, both placeholders served", async () => {
    const pk = await makePart(t.services.database, { name: "Bare" });
    const r = await t.call("GET", `/api/part/${pk}/`, undefined, "readonly");
    expect(r.status).toBe(200);
    // lib/inventree/part.dart:403 getString("image"): null → "" → part.dart:430 staticImage.
    expect(r.body.image).toBeNull();
    // lib/inventree/part.dart:406 getString("thumbnail") → a URL the app fetches.
    expect(r.body.thumbnail).toBe("/static/img/blank_image.thumbnail.png");
    // lib/api.dart:1558/1560 staticImage / staticThumb, fetched by getImage (lib/api.dart:1585-1619).
    for (const [path, size] of [["/static/img/blank_image.png", 256], ["/static/img/blank_image.thumbnail.png", 128]] as const) {
      const img = await download(t, path, "readonly", appHeaders);
      expect(img.status).toBe(200);
      expect(img.headers.get("content-type")).toBe("image/png");
      expect(await new Bun.Image(img.bytes).metadata()).toEqual({ width: size, height: size, format: "png" });
      // Placeholders need no login (InvenTree serves /static/ openly).
      expect((await download(t, path, null)).status).toBe(200);
    }
  });

  test("upload (PATCH multipart, field image), read back, fetch image and thumbnail, delete", async () => {
    const pk = await makePart(t.services.database, { name: "Photographed" });
    // lib/widget/part/part_image_widget.dart:71-75: the cropped photo as cropped_image_<ts>.jpg.
    const jpeg = await makeJpeg(1200, 900);
    // lib/inventree/part.dart:441-448: uploadFile(url, image, method: "PATCH", name: "image"),
    // url = "part/<pk>/" (lib/inventree/model.dart:437) made absolute by makeApiUrl (lib/api.dart:1024).
    const up = await appUpload(`/api/part/${pk}/`, "image", jpeg, `cropped_image_${Date.now()}.jpg`);
    // lib/api.dart:1058-1062: statusCode and json.decode(body); part.dart:450 response.successful().
    expect(up.status).toBe(200);
    expect(up.headers.get("content-type")).toBe("application/json");
    expect(up.body.pk).toBe(pk);
    expect(typeof up.body.image).toBe("string");
    expect(up.body.image).toMatch(/^\/media\/part_images\/part_\d+_[0-9a-f]{8}\.jpg$/);
    expect(up.body.thumbnail).toMatch(/^\/media\/part_images\/part_\d+_[0-9a-f]{8}\.thumbnail\.jpg$/);

    // refresh(): GET the part again (part_image_widget.dart:88).
    const part = (await t.call("GET", `/api/part/${pk}/`, undefined, "readonly")).body;
    expect(part.image).toBe(up.body.image);
    expect(part.thumbnail).toBe(up.body.thumbnail);

    // getImage (lib/api.dart:1594) makeUrl(image) and CachedNetworkImage with defaultHeaders (:1614).
    const full = await download(t, part.image, "readonly", appHeaders);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    expect(full.bytes).toEqual(jpeg); // the upload itself, byte for byte
    const thumb = await download(t, part.thumbnail, "readonly", appHeaders);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
    // InvenTree's StdImage variation "thumbnail": (128, 128), aspect kept.
    expect(await new Bun.Image(thumb.bytes).metadata()).toEqual({ width: 128, height: 96, format: "jpeg" });
    // Conditional GET: the cache revalidates cheaply.
    expect((await download(t, part.thumbnail, "readonly", { "if-none-match": thumb.headers.get("etag") ?? "" })).status).toBe(304);

    // part_image_widget.dart:141 shows "delete" when jsondata["image"] != null;
    // :118-121 InvenTreeAPI().patch(part.url, body: {"image": null}).
    const del = await t.call("PATCH", `/api/part/${pk}/`, { image: null }, "staff");
    expect(del.status).toBe(200);
    expect(del.body.image).toBeNull();
    expect(del.body.thumbnail).toBe("/static/img/blank_image.thumbnail.png");
    expect((await download(t, part.image)).status).toBe(404);
    expect((await download(t, part.thumbnail)).status).toBe(404);
  });

  test("a new upload replaces the old image and its files; the address changes (the app caches by URL)", async () => {
    const pk = await makePart(t.services.database);
    const first = (await appUpload(`/api/part/${pk}/`, "image", makePng(300, 200), "a.png")).body;
    const before = await mediaCount();
    const second = (await appUpload(`/api/part/${pk}/`, "image", makePng(64, 64), "b.png")).body;
    expect(second.image).not.toBe(first.image);
    expect(await mediaCount()).toBe(before);
    expect((await download(t, first.image)).status).toBe(404);
    const thumb = await download(t, second.thumbnail);
    // Never enlarged: a 64 px image's thumbnail stays 64 px.
    expect(await new Bun.Image(thumb.bytes).metadata()).toEqual({ width: 64, height: 64, format: "png" });
  });

  test("part_detail briefs carry image and thumbnail as strings / null", async () => {
    const db = t.services.database;
    const pk = await makePart(db, { name: "Briefed" });
    const loc = await makeLocation(db);
    await makeStockItem(db, { part: pk, location: loc, quantity: 3 });
    const supplier = await makeCompany(db, { name: "Briefs Inc" });
    const sp = await makeSupplierPart(db, { part: pk, supplier, SKU: "BR-1" });
    const po = await makePurchaseOrder(db, { supplier });
    await makePurchaseOrderLine(db, { order: po, part: sp });
    const up = (await appUpload(`/api/part/${pk}/`, "image", makePng(40, 20), "x.png")).body;

    // lib/inventree/stock.dart:371 (jsondata["part_detail"]?["thumbnail"] ?? "") as String; :375 "image".
    const stock = await t.call("GET", `/api/stock/?part=${pk}&part_detail=true`, undefined, "readonly");
    expect(stock.body[0].part_detail.thumbnail).toBe(up.thumbnail);
    expect(stock.body[0].part_detail.image).toBe(up.image);
    // lib/inventree/company.dart:208 (jsondata["part_detail"]?["thumbnail"] ?? staticThumb) as String;
    // :192 supplier_detail image (null here: falls back to thumbnail, a String).
    const sps = await t.call("GET", `/api/company/part/?part=${pk}&part_detail=true&supplier_detail=true`, undefined, "readonly");
    expect(sps.body[0].part_detail.thumbnail).toBe(up.thumbnail);
    expect(sps.body[0].supplier_detail.image).toBeNull();
    expect(sps.body[0].supplier_detail.thumbnail).toBe("/static/img/blank_image.thumbnail.png");
    // lib/inventree/orders.dart:116-119 getString("thumbnail"/"image", subKey: "part_detail").
    const lines = await t.call("GET", `/api/order/po-line/?order=${po}&part_detail=true`, undefined, "readonly");
    expect(lines.body[0].part_detail.thumbnail).toBe(up.thumbnail);
    // lib/inventree/purchase_order.dart / company.dart:59 supplier image: order supplier_detail.
    const order = await t.call("GET", `/api/order/po/${po}/?supplier_detail=true`, undefined, "readonly");
    expect(order.body.supplier_detail.thumbnail).toBe("/static/img/blank_image.thumbnail.png");
  });
});

describe("inventree-python: ImageMixin", () => {
  test("Part.uploadImage / downloadImage and Company.uploadImage", async () => {
    const pk = await makePart(t.services.database, { name: "PyPart" });
    // inventree/base.py:705-708 downloadImage: `if self.image` — falsy (null) without an image.
    expect((await t.call("GET", `/api/part/${pk}/`, undefined, "readonly")).body.image).toBeNull();

    // inventree/base.py:681-691: files['image'] = (basename, fo); self.save(data={}, files=files)
    // → base.py:298 api.patch(url, {}, files=files) → api.py:460-470 params {'format': 'json'}
    // → api.py:320-322 a multipart body of the file alone (requests' default file type).
    const png = makePng(500, 250);
    const form = new FormData();
    form.append("image", fileOf(png, "photo.png"));
    const r = await sendForm(t, "PATCH", `/api/part/${pk}/?format=json`, form, "staff");
    expect(r.status).toBe(200); // api.py:476 200/201
    expect(r.headers.get("content-type")).toBe("application/json"); // api.py:384-390, exactly
    expect(r.body.image).toMatch(/^\/media\/part_images\/.+\.png$/);

    // base.py:706 downloadFile(self.image): api.py:554-557 strips the leading "/" and joins it to
    // the server root; :571-574 sends AUTHORIZATION: Token; :592 status < 300; :607 not text/html.
    const got = await download(t, `/${r.body.image.slice(1)}`, "readonly");
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).not.toContain("text/html");
    expect(got.bytes).toEqual(png);
    // api.py:559-564: the destination file name is the URL's basename.
    expect(r.body.image.split("/").pop()).toMatch(/\.png$/);

    // inventree/company.py:28-30 Company has ImageMixin: the same PATCH on /api/company/<pk>/.
    const c = await makeCompany(t.services.database, { name: "PyCo" });
    const cr = await sendForm(t, "PATCH", `/api/company/${c}/?format=json`, (() => {
      const f = new FormData();
      f.append("image", fileOf(png, "logo.png"));
      return f;
    })(), "staff");
    expect(cr.status).toBe(200);
    // lib/inventree/company.dart:58-63 (app) reads image / thumbnail as String.
    expect(cr.body.image).toMatch(/^\/media\/company_images\/company_\d+_[0-9a-f]{8}\.png$/);
    expect(cr.body.thumbnail).toMatch(/\.thumbnail\.png$/);
    expect((await download(t, cr.body.thumbnail)).status).toBe(200);

    // base.py:283-298 save() with no data sends every field it read, image included: accepted.
    const whole = (await t.call("GET", `/api/part/${pk}/`, undefined, "readonly")).body;
    const saved = await t.call("PATCH", `/api/part/${pk}/?format=json`, whole, "staff");
    expect(saved.status).toBe(200);
    expect(saved.body.image).toBe(whole.image);
  });
});

describe("hostile uploads", () => {
  const upload = (pk: number, bytes: Uint8Array<ArrayBuffer>, name = "x.jpg", as: "staff" | "readonly" | null = "staff") => {
    const form = new FormData();
    form.append("image", fileOf(bytes, name, "image/jpeg"));
    return sendForm(t, "PATCH", `/api/part/${pk}/`, form, as);
  };

  test("permissions: staff uploads, readonly 403, anonymous 401, unknown part 404", async () => {
    const pk = await makePart(t.services.database);
    expect((await upload(pk, makePng(8, 8), "a.png", "readonly")).status).toBe(403);
    expect((await upload(pk, makePng(8, 8), "a.png", null)).status).toBe(401);
    expect((await upload(999999, makePng(8, 8))).status).toBe(404);
    expect((await t.call("PATCH", `/api/part/${pk}/`, { image: null }, "readonly")).status).toBe(403);
  });

  test("not an image, an empty file, a truncated image, a text field as image: 400 naming image, nothing stored", async () => {
    const pk = await makePart(t.services.database);
    const before = await mediaCount();
    for (const bytes of [new TextEncoder().encode("<html><script>alert(1)</script></html>"), new Uint8Array(0), makePng(200, 200).slice(0, 120)]) {
      const r = await upload(pk, bytes as Uint8Array<ArrayBuffer>);
      expect(r.status).toBe(400);
      expect(r.body.image[0]).toBeString();
    }
    const form = new FormData();
    form.append("image", "not a file");
    expect((await sendForm(t, "PATCH", `/api/part/${pk}/`, form)).body.image[0]).toContain("not a file");
    const other = new FormData();
    other.append("name", "renamed");
    other.append("image", fileOf(makePng(8, 8), "a.png"));
    const r = await sendForm(t, "PATCH", `/api/part/${pk}/`, other);
    expect(r.status).toBe(400);
    expect(r.body.name).toBeArray();
    // A JSON string that is not the current image is not a file (as DRF's ImageField).
    expect((await t.call("PATCH", `/api/part/${pk}/`, { image: "/media/part_images/someone_else.png" })).body.image).toBeArray();
    expect(await mediaCount()).toBe(before);
    expect((await t.call("GET", `/api/part/${pk}/`)).body.image).toBeNull();
  });

  test("WebP and GIF are accepted; a GIF's thumbnail is a PNG", async () => {
    const pk = await makePart(t.services.database);
    const webp = new Uint8Array(await new Bun.Image(makePng(300, 150)).webp({ quality: 80 }).bytes());
    const w = await upload(pk, webp, "x.webp");
    expect(w.status).toBe(200);
    expect(w.body.image).toEndWith(".webp");
    expect((await download(t, w.body.thumbnail)).headers.get("content-type")).toBe("image/webp");
    // A 1 × 1 GIF89a, written out byte by byte.
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]);
    const g = await upload(pk, gif, "x.gif");
    expect(g.status).toBe(200);
    expect(g.body.image).toEndWith(".gif");
    const thumb = await download(t, g.body.thumbnail);
    expect(thumb.headers.get("content-type")).toBe("image/png");
    expect((await new Bun.Image(thumb.bytes).metadata()).format).toBe("png");
  });

  test("decompression bomb: a tiny PNG claiming 100000 × 100000 is refused from its header", async () => {
    const pk = await makePart(t.services.database);
    const started = performance.now();
    const r = await upload(pk, makePng(16, 16, { w: 100_000, h: 100_000 }), "bomb.png");
    expect(r.status).toBe(400);
    expect(r.body.image[0]).toContain("too large");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("upload size limit: 413 above BINVENTORY_MAX_UPLOAD_BYTES, with or without content-length; JSON keeps its own limit", async () => {
    const small = await makeTestApp({ env: { BINVENTORY_MAX_UPLOAD_BYTES: "20000", BINVENTORY_MAX_BODY_BYTES: "4096" } });
    try {
      const pk = await makePart(small.services.database);
      const big = new Uint8Array(30_000) as Uint8Array<ArrayBuffer>;
      const form = new FormData();
      form.append("image", fileOf(big, "big.png"));
      // With a content-length (what both clients send).
      const body = await new Response(form).arrayBuffer();
      const type = new Response(form).headers.get("content-type") ?? "";
      const withLength = await small.app.handle(new Request(`http://localhost/api/part/${pk}/`, { method: "PATCH", headers: { authorization: `Token ${small.tokens.staff}`, "content-type": type, "content-length": String(body.byteLength) }, body }));
      expect(withLength.status).toBe(413);
      // Streamed, no content-length: counted while read.
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array(body));
          c.close();
        },
      });
      const streamed = await small.app.handle(new Request(`http://localhost/api/part/${pk}/`, { method: "PATCH", headers: { authorization: `Token ${small.tokens.staff}`, "content-type": type }, body: stream }));
      expect(streamed.status).toBe(413);
      // Under the upload limit but over the JSON limit: accepted as an upload…
      const ok = new FormData();
      ok.append("image", fileOf(makePng(60, 60), "ok.png"));
      expect((await sendForm(small, "PATCH", `/api/part/${pk}/`, ok)).status).toBe(200);
      // …while a JSON body of that size is still refused, and so is a multipart body sent elsewhere.
      expect((await small.call("PATCH", `/api/part/${pk}/`, { notes: "x".repeat(10_000) })).status).toBe(413);
      const elsewhere = await small.app.handle(new Request("http://localhost/api/part/", { method: "POST", headers: { authorization: `Token ${small.tokens.staff}`, "content-type": type, "content-length": String(body.byteLength) }, body }));
      expect(elsewhere.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  test("/media/ needs a login and reaches nothing but stored files", async () => {
    const pk = await makePart(t.services.database);
    const up = (await upload(pk, makePng(10, 10), "a.png")).body;
    expect((await download(t, up.image, null)).status).toBe(401);
    for (const path of ["/media/../package.json", "/media/%2e%2e/%2e%2e/etc/passwd", "/media/part_images/%2e%2e%2fpart.ts", "/media/part_images/", "/media/%E0%A4%A"]) {
      const r = await download(t, path);
      expect(r.status).toBe(404);
    }
  });

  test("deleting a part takes its image files with it", async () => {
    const pk = await makePart(t.services.database, { active: false });
    const up = (await upload(pk, makePng(10, 10), "a.png")).body;
    expect((await t.call("DELETE", `/api/part/${pk}/`)).status).toBe(204);
    expect((await download(t, up.image)).status).toBe(404);
    expect((await download(t, up.thumbnail)).status).toBe(404);
  });
});
