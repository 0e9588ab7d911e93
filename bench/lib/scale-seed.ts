/**
 * Builds a demo-shaped database of any size for the scale suite (bench/scale.ts): the demo data
 * through the real seed (server/db/seed.ts), then a fixed-size catalogue and `size` stock items
 * added with bulk SQL. The schema is the real one — the database is opened (and migrated) by
 * server/db/client.ts; the secondary indexes of the big tables are dropped for the bulk insert and
 * re-created from their own `sqlite_master` text afterwards (the triggers of the maintained counts
 * too, which are then rebuilt once: server/db/maintained-counts.ts).
 *
 * Shape at every size (the catalogue does not scale, stock and its history do):
 * - 50,000 parts (the demo's plus generated ones) in ~200 generated categories two levels deep,
 *   every 50th part a "Widget", every 5th salable; one supplier part per part, a second for every 3rd;
 * - ~2,000 locations: 4 stores / 7 aisles / 8 racks / 8 bins, stock only in bins;
 * - `size` stock items: one item in ten on the 100 "hot" parts, the rest spread over all parts and
 *   bins; 2 % used up (quantity 0), 1 in 200 sent to a customer, a few odd statuses, batches, prices;
 * - a CREATED tracking entry per item plus a stock count for every 4th (1.25 entries per item);
 * - size / 10 stored barcode scans; size / 200 purchase orders and as many sales orders, 4 lines each.
 */
import type { Database } from "bun:sqlite";
import { openDatabase } from "../../server/db/client.ts";
import { openSqliteDatabase } from "../../server/db/sqlite-database.ts";
import { MAINTAINED_COUNT_TRIGGERS, rebuildMaintainedCounts } from "../../server/db/maintained-counts.ts";
import { seedDemoData } from "../../server/demo/seed.ts";

const SCALE_PARTS = 50_000;
const STORES = 4;
const AISLES = 7;
const RACKS = 8;
const BINS = 8;
const TOP_CATEGORIES = 15;
const SUB_CATEGORIES = 13;
const SUPPLIERS = 200;
const CUSTOMERS = 100;
const HOT_PARTS = 100;
const LINES_PER_ORDER = 4;

/** Tables whose secondary indexes are dropped during the bulk insert and rebuilt after it. */
const BULK_TABLES = ["part", "supplier_part", "stock_item", "stock_tracking", "barcode_scan_result", "purchase_order", "purchase_order_line", "sales_order", "sales_order_line"];

const WORDS = [
  "Widget", "Bracket", "Resistor", "Capacitor", "Connector", "Sensor", "Cable", "Screw", "Washer", "Gear",
  "Module", "Relay", "Fuse", "Switch", "Header", "Spacer", "Standoff", "Bearing", "Spring", "Clip",
  "Diode", "Inductor", "Crystal", "Regulator", "Driver", "Heatsink", "Fan", "Gasket", "Label", "Tube",
  "Nut", "Rivet", "Hinge", "Latch", "Knob", "Lens", "Magnet", "Motor", "Pulley", "Belt",
  "Shaft", "Coupler", "Plate", "Panel", "Housing", "Lid", "Foot", "Grommet", "Tie", "Sleeve",
];
const ADJECTIVES = ["Small", "Large", "Miniature", "Industrial", "Precision", "Low-profile", "Heavy-duty", "Sealed", "Shielded", "Coated"];

export interface ScaleSeedStats {
  size: number;
  seconds: number;
  rows: Record<string, number>;
}

/** Builds the database for `size` stock items at `path` (which must not exist yet). */
export async function buildScaleDatabase(path: string, size: number): Promise<ScaleSeedStats> {
  if (!Number.isInteger(size) || size < 1000) throw new Error(`scale size must be an integer ≥ 1000, got ${size}`);
  const started = performance.now();
  const { db, sqlite, close } = openDatabase(path, { durability: "normal" });
  try {
    const seeding = openSqliteDatabase(path, { durability: "normal" });
    try {
      await seedDemoData(seeding);
    } finally {
      seeding.close();
    }
    // WAL stays: the seeding connections closed above may linger until their cached statements are collected, and leaving WAL needs the file to itself.
    sqlite.exec("PRAGMA synchronous = OFF");
    sqlite.exec("PRAGMA cache_size = -524288");
    sqlite.exec("PRAGMA temp_store = MEMORY");
    // Every reference below is computed from ids this transaction hands out; checked afterwards by foreign_key_check.
    sqlite.exec("PRAGMA foreign_keys = OFF");
    const indexes = sqlite
      .query<{ name: string; sql: string }, []>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map((t) => `'${t}'`).join(",")})`)
      .all();
    // The count triggers recount a part's stock per row on the part index, which is dropped here:
    // they go too, and the counts are rebuilt once at the end.
    const triggers = sqlite.query<{ name: string; sql: string }, []>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${MAINTAINED_COUNT_TRIGGERS}%'`).all();
    sqlite.transaction(() => {
      for (const ix of indexes) sqlite.exec(`DROP INDEX "${ix.name}"`);
      for (const tr of triggers) sqlite.exec(`DROP TRIGGER "${tr.name}"`);
      const ids = seedCatalogue(sqlite);
      seedStockAndHistory(sqlite, size, ids);
      seedOrders(sqlite, size, ids);
      for (const ix of indexes) sqlite.exec(ix.sql);
      for (const tr of triggers) sqlite.exec(tr.sql);
      rebuildMaintainedCounts(sqlite);
    })();
    const broken = sqlite.query("PRAGMA foreign_key_check").all();
    if (broken.length) throw new Error(`scale seed broke ${broken.length} foreign keys, e.g. ${JSON.stringify(broken[0])}`);
    sqlite.exec("PRAGMA foreign_keys = ON");
    sqlite.exec("PRAGMA journal_mode = WAL");
    const rows: Record<string, number> = {};
    for (const t of ["part", "part_category", "stock_location", "company", "supplier_part", "stock_item", "stock_tracking", "barcode_scan_result", "purchase_order", "purchase_order_line", "sales_order", "sales_order_line"]) {
      rows[t] = (sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    }
    return { size, seconds: (performance.now() - started) / 1000, rows };
  } finally {
    close();
  }
}

interface Ids {
  /** First generated part id; generated parts are contiguous. */
  firstPart: number;
  parts: number;
  /** Supplier part of generated part k: firstSupplierPart + k (the second ones come after). */
  firstSupplierPart: number;
  firstBin: number;
  bins: number;
  firstSupplier: number;
  firstCustomer: number;
  firstSalablePart: number;
}

/** Inserts rows through one prepared statement and returns the first new id, checking the ids are contiguous. */
function insertMany(sqlite: Database, sql: string, rows: (string | number | null)[][]): number {
  const stmt = sqlite.prepare(sql);
  let first = 0;
  let last = 0;
  for (const r of rows) {
    const res = stmt.run(...r);
    last = Number(res.lastInsertRowid);
    if (!first) first = last;
  }
  if (last - first + 1 !== rows.length) throw new Error(`scale seed: ids not contiguous for ${sql.slice(0, 40)}`);
  return first;
}

function seedCatalogue(sqlite: Database): Ids {
  const companyCols = "INSERT INTO company (name, description, is_supplier, is_customer, is_manufacturer) VALUES (?, ?, ?, ?, ?)";
  const firstSupplier = insertMany(sqlite, companyCols, range(SUPPLIERS).map((k) => [`Supplier ${pad(k, 3)}`, "Generated supplier", 1, 0, k % 4 === 0 ? 1 : 0]));
  const firstCustomer = insertMany(sqlite, companyCols, range(CUSTOMERS).map((k) => [`Customer ${pad(k, 3)}`, "Generated customer", 0, 1, 0]));

  // Locations level by level, so each level (and the bins above all) has contiguous ids.
  const loc = "INSERT INTO stock_location (name, description, parent_id, pathstring, structural) VALUES (?, ?, ?, ?, ?)";
  type Node = { id: number; path: string };
  let level: Node[] = [{ id: 0, path: "" }];
  const shape: [string, number, number][] = [["Store", STORES, 1], ["Aisle", AISLES, 0], ["Rack", RACKS, 0], ["Bin", BINS, 0]];
  let firstBin = 0;
  for (const [name, n, structural] of shape) {
    const rows = level.flatMap((p) => range(n).map((k) => [`${name} ${k + 1}`, "", p.id || null, p.path ? `${p.path}/${name} ${k + 1}` : `${name} ${k + 1}`, structural]));
    const first = insertMany(sqlite, loc, rows);
    level = rows.map((r, i) => ({ id: first + i, path: r[3] as string }));
    firstBin = first;
  }
  const bins = level.length;

  const cat = "INSERT INTO part_category (name, description, parent_id, pathstring) VALUES (?, ?, ?, ?)";
  const tops = range(TOP_CATEGORIES).map((k) => `${WORDS[(k * 3) % WORDS.length]}s`);
  const firstTop = insertMany(sqlite, cat, tops.map((name) => [name, `Generated ${name.toLowerCase()}`, null, name]));
  const firstLeaf = insertMany(
    sqlite,
    cat,
    tops.flatMap((top, t) => range(SUB_CATEGORIES).map((k) => [`${top} ${ADJECTIVES[k % ADJECTIVES.length]} ${k + 1}`, "", firstTop + t, `${top}/${top} ${ADJECTIVES[k % ADJECTIVES.length]} ${k + 1}`])),
  );
  const leaves = TOP_CATEGORIES * SUB_CATEGORIES;

  const existing = (sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM part").get() as { n: number }).n;
  const parts = SCALE_PARTS - existing;
  const firstPart = insertMany(
    sqlite,
    "INSERT INTO part (name, IPN, description, keywords, category_id, units, minimum_stock, salable, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    range(parts).map((k) => {
      // Every 50th part is a widget, the rest cycle through the other words.
      const word = k % 50 === 0 ? "Widget" : WORDS[1 + (k % (WORDS.length - 1))];
      const adj = ADJECTIVES[(k * 7) % ADJECTIVES.length];
      return [`${word} ${pad(k, 5)}`, `P-${pad(k, 6)}`, `${adj} ${word.toLowerCase()}, type ${k % 97}`, `${word.toLowerCase()} ${adj.toLowerCase()}`, firstLeaf + (k % leaves), k % 3 === 0 ? "pcs" : "", k % 11 === 0 ? 100 : 0, k % 5 === 0 ? 1 : 0, k % 97 === 0 ? 0 : 1];
    }),
  );
  const sp = "INSERT INTO supplier_part (part_id, supplier_id, SKU, MPN, description, pack_quantity, pack_quantity_native) VALUES (?, ?, ?, ?, ?, ?, ?)";
  const firstSupplierPart = insertMany(sqlite, sp, range(parts).map((k) => [firstPart + k, firstSupplier + (k % SUPPLIERS), `SKU-${pad(k, 6)}`, `MPN${pad(k * 13, 7)}`, "", "1", 1]));
  insertMany(sqlite, sp, range(Math.ceil(parts / 3)).map((j) => [firstPart + j * 3, firstSupplier + ((j * 3 + 7) % SUPPLIERS), `ALT-${pad(j, 6)}`, "", "", "10", 10]));
  return { firstPart, parts, firstSupplierPart, firstBin, bins, firstSupplier, firstCustomer, firstSalablePart: firstPart };
}

/** Stock items, their tracking, and the barcode history: INSERT … SELECT over a counter, no row-by-row JavaScript. */
function seedStockAndHistory(sqlite: Database, size: number, ids: Ids): void {
  const firstItem = (sqlite.query<{ n: number }, []>("SELECT coalesce(max(id), 0) + 1 AS n FROM stock_item").get() as { n: number }).n;
  const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;
  // Part index: one item in ten on the hot parts, the rest spread by a multiplicative hash.
  const partIdx = `(CASE WHEN i % 10 = 0 THEN (i / 10) % ${HOT_PARTS} ELSE (i * 7919) % ${ids.parts} END)`;
  // Two years of history, oldest first, so id order and date order agree as they do in use.
  const date = `strftime('%Y-%m-%dT%H:%M:%fZ', 1672531200 + i * ${Math.floor(63_072_000 / size)}, 'unixepoch')`;
  sqlite.exec(`${counter(size)}
    INSERT INTO stock_item (part_id, location_id, quantity, batch, status, supplier_part_id, purchase_price, expiry_date, customer_id, creation_date, updated, notes)
    SELECT ${ids.firstPart} + ${partIdx},
      CASE WHEN i % 200 = 5 THEN NULL ELSE ${ids.firstBin} + (i * 104729) % ${ids.bins} END,
      CASE WHEN i % 50 = 1 THEN 0 ELSE 1 + (i * 37) % 500 END,
      CASE WHEN i % 3 = 0 THEN '' ELSE 'L' || (2300 + (i / 5000) % 200) || '-' || (i % 9) END,
      CASE i % 40 WHEN 3 THEN 50 WHEN 7 THEN 55 WHEN 11 THEN 75 WHEN 13 THEN 70 WHEN 17 THEN 65 ELSE 10 END,
      CASE WHEN i % 3 = 0 THEN ${ids.firstSupplierPart} + ${partIdx} ELSE NULL END,
      CASE WHEN i % 3 = 0 THEN round(0.01 + ((i * 31) % 10000) / 100.0, 2) ELSE NULL END,
      CASE WHEN i % 25 = 0 THEN date(1672531200 + (i * 86400) % 126144000, 'unixepoch') ELSE NULL END,
      CASE WHEN i % 200 = 5 THEN ${ids.firstCustomer} + i % ${CUSTOMERS} ELSE NULL END,
      ${date}, ${date}, ''
    FROM n`);
  sqlite.exec(`INSERT INTO stock_tracking (item_id, tracking_type, date, notes, deltas)
    SELECT id, 1, creation_date, 'Scale benchmark data', json_object('quantity', quantity, 'location', location_id, 'status', status)
    FROM stock_item WHERE id >= ${firstItem}`);
  sqlite.exec(`INSERT INTO stock_tracking (item_id, tracking_type, date, notes, deltas)
    SELECT id, 10, strftime('%Y-%m-%dT%H:%M:%fZ', creation_date, '+30 days'), 'Stocktake', json_object('quantity', quantity)
    FROM stock_item WHERE id >= ${firstItem} AND (id - ${firstItem}) % 4 = 0`);
  const scans = Math.floor(size / 10);
  const scanDate = `strftime('%Y-%m-%dT%H:%M:%fZ', 1672531200 + i * ${Math.floor(63_072_000 / scans)}, 'unixepoch')`;
  sqlite.exec(`${counter(scans)}
    INSERT INTO barcode_scan_result (data, timestamp, endpoint, context, response, result)
    SELECT '{"stockitem": ' || (${firstItem} + (i * 7) % ${size}) || '}', ${scanDate}, '/api/barcode/', '{}',
      '{"stockitem":{"pk":"' || (${firstItem} + (i * 7) % ${size}) || '"},"success":"Match found for barcode data"}', 1
    FROM n`);
}

function seedOrders(sqlite: Database, size: number, ids: Ids): void {
  const orders = Math.max(50, Math.floor(size / 200));
  const lines = orders * LINES_PER_ORDER;
  const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;
  const date = (col: string) => `date(1672531200 + ${col} * ${Math.floor(63_072_000 / orders)}, 'unixepoch')`;
  const firstPo = (sqlite.query<{ n: number }, []>("SELECT coalesce(max(id), 0) + 1 AS n FROM purchase_order").get() as { n: number }).n;
  sqlite.exec(`${counter(orders)}
    INSERT INTO purchase_order (reference, supplier_id, description, status, destination_id, issue_date, target_date, creation_date)
    SELECT 'PO-' || printf('%06d', 1000 + i), ${ids.firstSupplier} + i % ${SUPPLIERS}, 'Generated order ' || i,
      CASE WHEN i % 10 < 7 THEN 30 WHEN i % 10 < 9 THEN 20 ELSE 10 END,
      ${ids.firstBin} + i % ${ids.bins}, ${date("i")}, date(${date("i")}, '+14 days'), ${date("i")} || 'T09:00:00.000Z'
    FROM n`);
  sqlite.exec(`${counter(lines)}
    INSERT INTO purchase_order_line (order_id, supplier_part_id, quantity, received, purchase_price)
    SELECT ${firstPo} + i / ${LINES_PER_ORDER}, ${ids.firstSupplierPart} + (i * 6007) % ${ids.parts}, 10 + i % 90,
      CASE WHEN (i / ${LINES_PER_ORDER}) % 10 < 7 THEN 10 + i % 90 ELSE 0 END, round(0.05 + (i % 400) / 10.0, 2)
    FROM n`);
  const firstSo = (sqlite.query<{ n: number }, []>("SELECT coalesce(max(id), 0) + 1 AS n FROM sales_order").get() as { n: number }).n;
  sqlite.exec(`${counter(orders)}
    INSERT INTO sales_order (reference, customer_id, description, status, target_date, creation_date)
    SELECT 'SO-' || printf('%06d', 1000 + i), ${ids.firstCustomer} + i % ${CUSTOMERS}, 'Generated order ' || i,
      CASE WHEN i % 10 < 6 THEN 30 WHEN i % 10 < 8 THEN 15 ELSE 10 END, date(${date("i")}, '+21 days'), ${date("i")} || 'T10:00:00.000Z'
    FROM n`);
  // Sales lines on the salable parts (every 5th generated part).
  sqlite.exec(`${counter(lines)}
    INSERT INTO sales_order_line (order_id, part_id, quantity, shipped, sale_price)
    SELECT ${firstSo} + i / ${LINES_PER_ORDER}, ${ids.firstSalablePart} + 5 * ((i * 3001) % ${Math.floor(ids.parts / 5)}), 1 + i % 20,
      CASE WHEN (i / ${LINES_PER_ORDER}) % 10 < 6 THEN 1 + i % 20 ELSE 0 END, round(1 + (i % 900) / 10.0, 2)
    FROM n`);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pad = (n: number, width: number) => String(n).padStart(width, "0");
