/**
 * The three foreign keys migration 0001 added without their ON DELETE (fixed on SQLite by migration
 * 0005_foreign_key_actions): deleting the referenced row through the API answers 204 and does what
 * InvenTree does — a shipment checked by a deleted user keeps no checker (SET_NULL), a supplier part
 * of a deleted manufacturer part keeps no manufacturer part (SET_NULL), the results of a deleted test
 * template go with it (CASCADE). Before 0005 each delete failed on SQLite's NO ACTION with a 500.
 */
import type { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/client.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makePart, makeSalesOrder, makeStockItem } from "./support/factory.ts";
import { makeShipment } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => {
  await t?.close();
});

test("DELETE /api/user/<pk>/ of a user who checked a shipment: 204, the shipment's checked_by is null", async () => {
  const customer = await makeCompany(t.services.database, { is_customer: true });
  const order = await makeSalesOrder(t.services.database, { customer });
  const shipment = await makeShipment(t.services.database, { order });
  const created = await t.call("POST", "/api/user/", { username: "checker", password: "password-checker", role: "staff" }, "superuser");
  expect(created.status).toBe(201);
  const checker = created.body.pk as number;
  const checked = await t.call("PATCH", `/api/order/so/shipment/${shipment}/`, { checked_by: checker }, "staff");
  expect(checked.body.checked_by).toBe(checker);

  const deleted = await t.call("DELETE", `/api/user/${checker}/`, undefined, "superuser");
  expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: "" });
  expect((await t.call("GET", `/api/user/${checker}/`, undefined, "superuser")).status).toBe(404);
  const after = await t.call("GET", `/api/order/so/shipment/${shipment}/`);
  expect(after.status).toBe(200);
  expect(after.body.checked_by).toBeNull();
  expect(after.body.order).toBe(order);
});

test("DELETE a manufacturer part that supplier parts name: 204, the supplier parts stay without it", async () => {
  const part = await makePart(t.services.database, { purchaseable: true });
  const maker = await makeCompany(t.services.database, { is_manufacturer: true });
  const supplier = await makeCompany(t.services.database, { is_supplier: true });
  const mp = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker, MPN: "BME280" }, "staff");
  expect(mp.status).toBe(201);
  const supplierParts: number[] = [];
  for (const SKU of ["DK-1", "DK-2"]) {
    const sp = await t.call("POST", "/api/company/part/", { part, supplier, SKU, manufacturer_part: mp.body.pk }, "staff");
    expect(sp.status).toBe(201);
    expect(sp.body.manufacturer_part).toBe(mp.body.pk);
    supplierParts.push(sp.body.pk);
  }

  const deleted = await t.call("DELETE", `/api/company/part/manufacturer/${mp.body.pk}/`, undefined, "staff");
  expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: "" });
  expect((await t.call("GET", `/api/company/part/manufacturer/${mp.body.pk}/`)).status).toBe(404);
  for (const pk of supplierParts) {
    const sp = await t.call("GET", `/api/company/part/${pk}/`);
    expect({ pk, status: sp.status, manufacturer_part: sp.body.manufacturer_part, part: sp.body.part }).toEqual({ pk, status: 200, manufacturer_part: null, part });
  }
});

test("DELETE a test template with results: 204, its results are deleted with it, other results stay", async () => {
  const part = await makePart(t.services.database, { testable: true });
  const item = await makeStockItem(t.services.database, { part, quantity: 1 });
  const template = await t.call("POST", "/api/part/test-template/", { part, test_name: "Firmware Version", requires_value: true }, "staff");
  expect(template.status).toBe(201);
  const templated = await t.call("POST", "/api/stock/test/", { stock_item: item, template: template.body.pk, result: true, value: "1.2" }, "staff");
  expect(templated.status).toBe(201);
  expect(templated.body.template).toBe(template.body.pk);
  const free = await t.call("POST", "/api/stock/test/", { stock_item: item, test: "Visual check", result: true }, "staff");
  expect(free.status).toBe(201);
  expect(free.body.template).not.toBe(template.body.pk);

  const deleted = await t.call("DELETE", `/api/part/test-template/${template.body.pk}/`, undefined, "staff");
  expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: "" });
  const results = await t.call("GET", `/api/stock/test/?stock_item=${item}`);
  expect(results.status).toBe(200);
  const rows = (Array.isArray(results.body) ? results.body : results.body.results) as Array<{ pk: number }>;
  expect(rows.map((r) => r.pk)).toEqual([free.body.pk]);
  expect((await t.call("GET", `/api/stock/test/${templated.body.pk}/`)).status).toBe(404);
});

test("migration 0005 on a database with rows keeps every value of the three columns, and the actions then apply", async () => {
  // A database migrated up to 0004 (the drift), holding rows that use the three columns.
  const dir = mkdtempSync(join(tmpdir(), "binventory-fk-actions-"));
  try {
    const folder = join(dir, "migrations-0004");
    mkdirSync(join(folder, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync("server/db/migrations/meta/_journal.json", "utf8")) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((e) => e.tag < "0005");
    writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries) copyFileSync(`server/db/migrations/${e.tag}.sql`, join(folder, `${e.tag}.sql`));
    const path = join(dir, "old.sqlite");
    const old = openDatabase(path, { migrationsFolder: folder });
    old.sqlite.exec(`
      INSERT INTO user (id, username, password_hash) VALUES (1, 'a', 'x'), (2, 'b', 'x');
      INSERT INTO company (id, name) VALUES (1, 'Maker'), (2, 'Customer');
      INSERT INTO sales_order (id, reference, customer_id) VALUES (1, 'SO-1', 2);
      INSERT INTO sales_order_shipment (id, order_id, reference, checked_by_id) VALUES (1, 1, '1', 1), (2, 1, '2', 2), (3, 1, '3', NULL);
      INSERT INTO part (id, name) VALUES (1, 'P');
      INSERT INTO manufacturer_part (id, part_id, manufacturer_id, MPN) VALUES (1, 1, 1, 'M1'), (2, 1, 1, 'M2');
      INSERT INTO supplier_part (id, part_id, supplier_id, SKU, manufacturer_part_id) VALUES (1, 1, 1, 'S1', 1), (2, 1, 1, 'S2', 2), (3, 1, 1, 'S3', NULL);
      INSERT INTO part_test_template (id, part_id, test_name, key) VALUES (1, 1, 'T1', 't1'), (2, 1, 'T2', 't2');
      INSERT INTO stock_item (id, part_id, quantity) VALUES (1, 1, 1);
      INSERT INTO stock_test_result (id, stock_item_id, test, test_key, result, template_id) VALUES (1, 1, 'T1', 't1', 1, 1), (2, 1, 'T2', 't2', 1, 2), (3, 1, 'free', 'free', 0, NULL);`);
    const values = (db: Database) => ({
      shipments: db.query("SELECT id, checked_by_id FROM sales_order_shipment ORDER BY id").values(),
      supplierParts: db.query("SELECT id, manufacturer_part_id FROM supplier_part ORDER BY id").values(),
      results: db.query("SELECT id, template_id FROM stock_test_result ORDER BY id").values(),
      indexes: db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('sales_order_shipment', 'supplier_part', 'stock_test_result') ORDER BY name").values(),
    });
    const before = values(old.sqlite);
    old.close();

    const migrated = openDatabase(path); // the embedded migrations: 0005 applies
    try {
      expect(values(migrated.sqlite)).toEqual(before);
      migrated.sqlite.exec("DELETE FROM user WHERE id = 1; DELETE FROM manufacturer_part WHERE id = 1; DELETE FROM part_test_template WHERE id = 1;");
      expect(values(migrated.sqlite)).toEqual({
        ...before,
        shipments: [[1, null], [2, 2], [3, null]],
        supplierParts: [[1, null], [2, 2], [3, null]],
        results: [[2, 2], [3, null]],
      });
      expect(migrated.sqlite.query("PRAGMA foreign_key_check").all()).toEqual([]);
    } finally {
      migrated.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
