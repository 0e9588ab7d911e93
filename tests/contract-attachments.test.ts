/**
 * InvenTree's unified attachments (/api/attachment/, API ≥ 207) as the clients use them.
 * Sources: inventree-app @06013b3a (lib/…), inventree-python @d905764 (inventree/…).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { attachments, mediaFiles } from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { download, fileOf, makeJpeg, sendForm } from "./support/upload.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const pdf = new TextEncoder().encode("%PDF-1.4\n% a datasheet\n%%EOF\n") as Uint8Array<ArrayBuffer>;
const today = () => new Date().toISOString().slice(0, 10);
const count = async (table: typeof attachments | typeof mediaFiles) => (await t.services.database.q.select().from(table)).length;

/**
 * The app's InvenTreeAttachment.uploadAttachment (lib/inventree/attachment.dart:102-130):
 * fields comment (only when not empty, :114-116), model_type, model_id as a string (:118-119),
 * the file as part "attachment" (:121-127) through uploadFile (lib/api.dart:1009-1062).
 */
function appUpload(bytes: Uint8Array<ArrayBuffer>, filename: string, modelType: string, modelId: number, comment = "", as: "staff" | "readonly" = "staff") {
  const form = new FormData();
  if (comment) form.append("comment", comment);
  form.append("model_type", modelType);
  form.append("model_id", String(modelId));
  form.append("attachment", fileOf(bytes, filename));
  return sendForm(t, "POST", "/api/attachment/", form, as, { accept: "application/json" });
}

/** Every field and JSON type the app and the library read from an attachment. */
function expectAttachmentShape(a: Record<string, unknown>) {
  expect(a.pk).toBeInteger(); // lib/inventree/model.dart:328 getInt("pk")
  expect(typeof a.model_type).toBe("string"); // lib/inventree/attachment.dart:39
  expect(a.model_id).toBeInteger(); // attachment.dart:42 getInt("model_id")
  expect(a.attachment === null || typeof a.attachment === "string").toBe(true); // attachment.dart:44
  expect(typeof a.comment).toBe("string"); // attachment.dart:78
  expect(typeof a.upload_date).toBe("string"); // attachment.dart:82 (… ?? "") as String, DateTime.tryParse
  expect(a.link === null || typeof a.link === "string").toBe(true); // model.dart:360 (link ?? URL ?? "") as String
  expect(a.file_size).toBeInteger();
  expect(Array.isArray(a.tags)).toBe(true);
}

describe("inventree-app: attachments of a part", () => {
  test("count, upload, list, download, edit, delete", async () => {
    const part = await makePart(t.services.database, { name: "Attached" });
    // lib/inventree/attachment.dart:89-100 countAttachments → model.dart:462-486 count():
    // GET attachment/?model_type=part&model_id=<pk>&limit=1, reads data["count"] (:482).
    const empty = await t.call("GET", `/api/attachment/?model_type=part&model_id=${part}&limit=1`, undefined, "readonly");
    expect(empty.status).toBe(200);
    expect(empty.body.count).toBe(0);

    // lib/widget/attachment_widget.dart:67-99: pick a file, upload it.
    const up = await appUpload(pdf, "datasheet.pdf", "part", part, "Datasheet rev B");
    // lib/api.dart:1058-1062 json.decode(body); attachment.dart:129 response.successful().
    expect(up.status).toBe(201);
    // Exactly "application/json": set for every JSON answer by h-core's global mapResponse (branch
    // h-core); this line fails until that branch is merged.
    expect(up.headers.get("content-type")).toBe("application/json");
    expectAttachmentShape(up.body);
    expect(up.body).toMatchObject({ model_type: "part", model_id: part, comment: "Datasheet rev B", filename: "datasheet.pdf", file_size: pdf.byteLength, link: null, upload_date: today(), tags: [] });
    expect(up.body.attachment).toBe(`/media/attachments/part/${part}/datasheet.pdf`);
    expect(up.body.user_detail).toMatchObject({ username: "staff" });

    // A second upload from the camera (attachment.dart:132-150): "<prefix>_image_<iso time>.jpg".
    const photoName = `Part_image_${new Date().toISOString().replaceAll(":", "-")}.jpg`;
    const photo = await appUpload(await makeJpeg(64, 48), photoName, "part", part);
    expect(photo.status).toBe(201);
    expect(photo.body.comment).toBe("");

    // attachment_widget.dart:168-188 request(): list(filters: model_type, model_id) →
    // model.dart:797-835 (a bare list, or "results" of a page).
    const list = await t.call("GET", `/api/attachment/?model_type=part&model_id=${part}`, undefined, "readonly");
    expect(list.status).toBe(200);
    expect(list.body).toBeArrayOfSize(2);
    for (const a of list.body) expectAttachmentShape(a);
    const counted = await t.call("GET", `/api/attachment/?model_type=part&model_id=${part}&limit=1`, undefined, "readonly");
    expect(counted.body.count).toBe(2);
    expect(counted.body.results).toBeArrayOfSize(1);

    // attachment_widget.dart:197-200: a file tile when filename — the attachment URL's last
    // segment (attachment.dart:49-51) — is not empty; the icon by its extension (:53-76).
    const [file, image] = list.body;
    expect(file.attachment.split("/").pop()).toBe("datasheet.pdf");
    expect(image.attachment.split("/").pop()).toBe(photoName);

    // attachment.dart:173-175 downloadAttachment → lib/api.dart:906-1001 downloadFile:
    // makeUrl(url) (:919), default headers (:948), 200 (:974), local name url.split("/").last (:915).
    const got = await download(t, file.attachment, "readonly", { accept: "application/json", "content-type": "application/json" });
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(pdf);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toStartWith('attachment; filename="datasheet.pdf"');
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");

    // attachment_widget.dart:102-109 editAttachment → model.dart:301-319 editForm: PATCH url with
    // formFields (attachment.dart:28-36: comment; link only for a link attachment).
    const edited = await t.call("PATCH", `/api/attachment/${file.pk}/`, { comment: "Datasheet rev C" }, "staff");
    expect(edited.status).toBe(200);
    expect(edited.body.comment).toBe("Datasheet rev C");
    expect(edited.body.attachment).toBe(file.attachment);

    // attachment_widget.dart:114-126 → model.dart:543-566 delete(): DELETE url (model.dart:437
    // "attachment/<pk>/"), success when the status is 204 (:565).
    const del = await t.call("DELETE", `/api/attachment/${file.pk}/`, undefined, "staff");
    expect(del.status).toBe(204);
    expect((await t.call("GET", `/api/attachment/${file.pk}/`, undefined, "readonly")).status).toBe(404);
    expect((await download(t, file.attachment)).status).toBe(404);
    expect((await t.call("GET", `/api/attachment/?model_type=part&model_id=${part}&limit=1`, undefined, "readonly")).body.count).toBe(1);
  });

  test("every model type the app attaches to that Binventory has", async () => {
    const db = t.services.database;
    const supplier = await makeCompany(db, { name: "AttachCo" });
    const part = await makePart(db);
    const targets: [string, number][] = [
      ["part", part], // lib/inventree/part.dart:146
      ["stockitem", await makeStockItem(db, { part, location: await makeLocation(db), quantity: 1 })], // stock.dart:142
      ["company", supplier], // company.dart:22
      ["supplierpart", await makeSupplierPart(db, { part, supplier, SKU: "AT-1" })], // company.dart:126
      ["purchaseorder", await makePurchaseOrder(db, { supplier })], // purchase_order.dart:39
      ["salesorder", await makeSalesOrder(db, { customer: supplier })], // sales_order.dart:31
    ];
    for (const [type, pk] of targets) {
      const r = await appUpload(pdf, `${type}.pdf`, type, pk);
      expect(r.status).toBe(201);
      expect(r.body.attachment).toBe(`/media/attachments/${type}/${pk}/${type}.pdf`);
    }
  });

  test("readonly may list and download but not upload, edit or delete", async () => {
    const part = await makePart(t.services.database);
    const a = (await appUpload(pdf, "a.pdf", "part", part)).body;
    // attachment_widget.dart:50 hides upload without permission; the server refuses anyway.
    expect((await appUpload(pdf, "b.pdf", "part", part, "", "readonly")).status).toBe(403);
    expect((await t.call("PATCH", `/api/attachment/${a.pk}/`, { comment: "x" }, "readonly")).status).toBe(403);
    expect((await t.call("DELETE", `/api/attachment/${a.pk}/`, undefined, "readonly")).status).toBe(403);
    expect((await t.call("GET", `/api/attachment/${a.pk}/`, undefined, "readonly")).status).toBe(200);
    expect((await t.call("GET", "/api/attachment/", undefined, null)).status).toBe(401);
    expect((await download(t, a.attachment, null)).status).toBe(401);
    expect((await download(t, a.attachment, "readonly")).status).toBe(200);
  });

  test("an upload without staff credentials is refused before its body is read", async () => {
    for (const as of [null, "readonly"] as const) {
      let pulled = false;
      const body = new ReadableStream<Uint8Array>({
        pull() {
          pulled = true;
          throw new Error("the body must not be read");
        },
      }, { highWaterMark: 0 }); // pull() only when someone reads
      const headers: Record<string, string> = { "content-type": "multipart/form-data; boundary=x" };
      if (as) headers.authorization = `Token ${t.tokens[as]}`;
      const res = await t.app.handle(new Request("http://localhost/api/attachment/", { method: "POST", headers, body }));
      expect(res.status).toBe(as ? 403 : 401);
      expect(pulled).toBe(false);
    }
  });
});

describe("inventree-python: Attachment and AttachmentMixin", () => {
  test("uploadAttachment, addLinkAttachment, getAttachments, download, delete, bulkDelete", async () => {
    const item = await makeStockItem(t.services.database, { part: await makePart(t.services.database), quantity: 2 });
    // inventree/base.py:532-541 uploadAttachment → Attachment.upload (:463-509): data =
    // {comment, model_type, model_id}, files={'attachment': (basename, fo)} → api.post (api.py:413-448,
    // params format=json) → a multipart body (api.py:320-322); model_id is sent as text.
    const form = new FormData();
    form.append("comment", "");
    form.append("model_type", "stockitem"); // inventree/stock.py:60 MODEL_TYPE
    form.append("model_id", String(item));
    form.append("attachment", fileOf(pdf, "test report.pdf"));
    const up = await sendForm(t, "POST", "/api/attachment/?format=json", form, "staff");
    expect(up.status).toBe(201); // api.py:438 200/201
    // api.py:384-390 refuses anything but exactly "application/json" (h-core's global header; this
    // line fails until branch h-core is merged).
    expect(up.headers.get("content-type")).toBe("application/json");
    expect(up.body.attachment).toBe(`/media/attachments/stockitem/${item}/test%20report.pdf`);
    expect(up.body.filename).toBe("test report.pdf");

    // base.py:543-557 addLinkAttachment → Attachment.add_link (:440-460): api.post(URL, data) as JSON.
    const link = await t.call("POST", "/api/attachment/?format=json", { comment: "Vendor page", link: "https://example.com/part?id=1", model_type: "stockitem", model_id: item }, "staff");
    expect(link.status).toBe(201);
    expectAttachmentShape(link.body);
    expect(link.body).toMatchObject({ attachment: null, filename: null, link: "https://example.com/part?id=1", file_size: 0 });

    // base.py:522-530 getAttachments → Attachment.list(api, model_type=…, model_id=…): a list of
    // objects with a pk (base.py:270-271).
    const list = await t.call("GET", `/api/attachment/?model_type=stockitem&model_id=${item}`, undefined, "readonly");
    expect(list.body.map((a: { pk: number }) => a.pk)).toEqual([up.body.pk, link.body.pk]);

    // base.py:511-516 download → api.py:544-617 downloadFile(self.attachment): leading "/" stripped,
    // joined to the server root (:554-557), token header (:571-574), < 300 (:592), not text/html (:607).
    const got = await download(t, up.body.attachment, "readonly");
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).not.toContain("text/html");
    expect(got.bytes).toEqual(pdf);
    // api.py:559-564: the local name is the URL's basename (percent-encoded as any URL path).
    expect(decodeURIComponent(up.body.attachment.split("/").pop())).toBe("test report.pdf");

    // base.py:275-281 delete() → api.py:394-411 DELETE, 204.
    expect((await t.call("DELETE", `/api/attachment/${link.body.pk}/`, undefined, "staff")).status).toBe(204);

    // base.py:396-428 BulkDeleteMixin.bulkDelete: DELETE on the list URL with {"items": [...]} or
    // {"filters": {...}}.
    const more = [];
    for (const name of ["a.pdf", "b.pdf", "c.pdf"]) {
      const f = new FormData();
      f.append("model_type", "stockitem");
      f.append("model_id", String(item));
      f.append("attachment", fileOf(pdf, name));
      more.push((await sendForm(t, "POST", "/api/attachment/", f)).body.pk);
    }
    expect((await t.call("DELETE", "/api/attachment/", { items: [more[0]] }, "staff")).status).toBe(204);
    expect((await t.call("DELETE", "/api/attachment/", { filters: { model_type: "stockitem", model_id: item } }, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/attachment/?model_type=stockitem&model_id=${item}`, undefined, "readonly")).body).toEqual([]);
    expect((await t.call("DELETE", "/api/attachment/", {}, "staff")).status).toBe(400);
  });
});

describe("bad input and hostile uploads", () => {
  test("400 naming the field: unknown model type, missing object, neither file nor link, bad link, empty file", async () => {
    const part = await makePart(t.services.database);
    const before = await count(mediaFiles);
    // lib/inventree/company.dart:243: the app attaches to manufacturer parts, which Binventory lacks.
    const mp = await appUpload(pdf, "a.pdf", "manufacturerpart", 1);
    expect(mp.status).toBe(400);
    // The message is the shared validation mapper's (server/http/validation-errors.ts).
    expect(mp.body.model_type).toBeArrayOfSize(1);
    const missing = await appUpload(pdf, "a.pdf", "part", 999999);
    expect(missing.status).toBe(400);
    expect(missing.body.model_id[0]).toContain("does not exist");
    const neither = await t.call("POST", "/api/attachment/", { model_type: "part", model_id: part }, "staff");
    expect(neither.body).toEqual({ attachment: ["Missing file"], link: ["Missing external link"] });
    for (const link of ["javascript:alert(1)", "not a url", "file:///etc/passwd"]) {
      expect((await t.call("POST", "/api/attachment/", { model_type: "part", model_id: part, link }, "staff")).body.link).toEqual(["Enter a valid URL."]);
    }
    const empty = await appUpload(new Uint8Array(0) as Uint8Array<ArrayBuffer>, "empty.pdf", "part", part);
    expect(empty.status).toBe(400);
    expect(empty.body.attachment).toEqual(["The submitted file is empty."]);
    expect(await count(mediaFiles)).toBe(before);
  });

  test("file names: path traversal and odd characters are neutralised; same name twice gets a new address", async () => {
    const part = await makePart(t.services.database);
    const evil = await appUpload(pdf, "../../../etc/passwd", "part", part);
    expect(evil.status).toBe(201);
    expect(evil.body.filename).toBe("passwd");
    expect(evil.body.attachment).toBe(`/media/attachments/part/${part}/passwd`);
    const win = await appUpload(pdf, "C:\\Users\\me\\.hidden<script>.pdf", "part", part);
    expect(win.body.filename).toBe("hidden_script_.pdf");
    const again1 = await appUpload(pdf, "same.pdf", "part", part);
    const again2 = await appUpload(pdf, "same.pdf", "part", part);
    expect(again2.body.attachment).not.toBe(again1.body.attachment);
    expect(again2.body.filename).toMatch(/^same_[0-9a-f]{8}\.pdf$/);
    expect((await download(t, again1.body.attachment)).status).toBe(200);
    expect((await download(t, again2.body.attachment)).status).toBe(200);
  });

  test("content-type spoofing: an HTML or SVG upload is served as an inert download", async () => {
    const part = await makePart(t.services.database);
    const html = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>") as Uint8Array<ArrayBuffer>;
    for (const name of ["page.html", "pic.svg", "fake.png"]) {
      const form = new FormData();
      form.append("model_type", "part");
      form.append("model_id", String(part));
      form.append("attachment", new File([html], name, { type: "text/html" }));
      const up = await sendForm(t, "POST", "/api/attachment/", form);
      const got = await download(t, up.body.attachment);
      expect(got.headers.get("content-type")).not.toContain("html");
      expect(got.headers.get("content-type")).not.toContain("svg");
      expect(got.headers.get("content-disposition")).toStartWith("attachment;");
      expect(got.headers.get("x-content-type-options")).toBe("nosniff");
      expect(got.headers.get("content-security-policy")).toContain("sandbox");
    }
  });

  test("size limit: 413 above BINVENTORY_MAX_UPLOAD_BYTES; a large attachment under it is accepted", async () => {
    const small = await makeTestApp({ env: { BINVENTORY_MAX_UPLOAD_BYTES: "100000" } });
    try {
      const part = await makePart(small.services.database);
      const mk = (size: number) => {
        const f = new FormData();
        f.append("model_type", "part");
        f.append("model_id", String(part));
        f.append("attachment", fileOf(new Uint8Array(size) as Uint8Array<ArrayBuffer>, "blob.bin"));
        return f;
      };
      const body = await new Response(mk(150_000)).arrayBuffer();
      const type = new Response(mk(1)).headers.get("content-type") ?? "";
      const res = await small.app.handle(new Request("http://localhost/api/attachment/", { method: "POST", headers: { authorization: `Token ${small.tokens.staff}`, "content-type": type, "content-length": String(body.byteLength) }, body }));
      expect(res.status).toBe(413);
      const ok = await sendForm(small, "POST", "/api/attachment/", mk(90_000));
      expect(ok.status).toBe(201);
      expect(ok.body.file_size).toBe(90_000);
      const got = await download(small, ok.body.attachment);
      expect(got.headers.get("content-type")).toBe("application/octet-stream");
      expect(got.bytes.byteLength).toBe(90_000);
    } finally {
      await small.close();
    }
  });

  test("deleting the object deletes its attachments and their files (also through a cascade)", async () => {
    const db = t.services.database;
    const part = await makePart(db, { active: false });
    const company = await makeCompany(db, { name: "Doomed" });
    const sp = await makeSupplierPart(db, { part: await makePart(db), supplier: company, SKU: "D-1" });
    const a1 = (await appUpload(pdf, "p.pdf", "part", part)).body;
    const a2 = (await appUpload(pdf, "c.pdf", "company", company)).body;
    const a3 = (await appUpload(pdf, "s.pdf", "supplierpart", sp)).body;
    const link = (await t.call("POST", "/api/attachment/", { model_type: "part", model_id: part, link: "https://example.com" })).body;
    const [files, rows] = [await count(mediaFiles), await count(attachments)];
    expect((await t.call("DELETE", `/api/part/${part}/`)).status).toBe(204);
    // The company's supplier parts go with it (their attachments by the same trigger).
    expect((await t.call("DELETE", `/api/company/${company}/`)).status).toBe(204);
    for (const a of [a1, a2, a3, link]) expect((await t.call("GET", `/api/attachment/${a.pk}/`, undefined, "readonly")).status).toBe(404);
    for (const a of [a1, a2, a3]) expect((await download(t, a.attachment)).status).toBe(404);
    expect(await count(mediaFiles)).toBe(files - 3);
    expect(await count(attachments)).toBe(rows - 4);
  });

  test("list filters, search and ordering as InvenTree's AttachmentFilter", async () => {
    const part = await makePart(t.services.database);
    const f = (await appUpload(pdf, "zz.pdf", "part", part, "first")).body;
    const l = (await t.call("POST", "/api/attachment/", { model_type: "part", model_id: part, link: "https://example.org", comment: "second" })).body;
    const q = (s: string) => t.call("GET", `/api/attachment/?model_type=part&model_id=${part}&${s}`, undefined, "readonly");
    expect((await q("is_link=true")).body.map((a: { pk: number }) => a.pk)).toEqual([l.pk]);
    expect((await q("is_file=true")).body.map((a: { pk: number }) => a.pk)).toEqual([f.pk]);
    expect((await q("search=second")).body.map((a: { pk: number }) => a.pk)).toEqual([l.pk]);
    expect((await q("ordering=-file_size")).body.map((a: { pk: number }) => a.pk)).toEqual([f.pk, l.pk]);
    expect((await q(`upload_user=${t.users.staff}`)).body).toHaveLength(1);
  });
});
