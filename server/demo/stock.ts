/** Demo seed, second half: stock items (serialised, batched, assorted statuses) and test results. */
import { writeTrackingEntry } from "../modules/stock/service.ts";
import type { Tx } from "../db/database.ts";
import { insertReturningId } from "../db/insert.ts";
import { type Catalog, mustGet } from "./catalog.ts";
import { PARTS, type PartDef } from "./data.ts";
import { seededRng } from "./random.ts";
import { eq } from "drizzle-orm";
import { STOCK_STATUS, TRACKING } from "../db/schema/index.ts";
import { partTestTemplates, parts, stockItems, stockTestResults } from "../db/tables.ts";

export interface NewStock {
  part: number;
  location: number | null;
  quantity: number;
  serial?: string | null;
  batch?: string;
  status?: number;
  supplier_part?: number | null;
  purchase_order?: number | null;
  purchase_price?: number | null;
  expiry_date?: string | null;
  notes?: string;
}

/** Inserts one stock item with its CREATED tracking entry (InvenTree's first history line). */
export async function createStockItem(tx: Tx, item: NewStock): Promise<number> {
  const id = await insertReturningId(tx, stockItems, item);
  const deltas: Record<string, unknown> = { quantity: item.quantity, status: item.status ?? STOCK_STATUS.OK };
  if (item.location !== null) deltas.location = item.location;
  await writeTrackingEntry(tx, { item: id, tracking_type: TRACKING.CREATED, user: null, notes: "Demo data", deltas });
  return id;
}

/** Odd statuses sprinkled over the otherwise healthy stock, so status filters have something to find. */
const ODD_STATUSES = [STOCK_STATUS.ATTENTION, STOCK_STATUS.DAMAGED, STOCK_STATUS.QUARANTINED, STOCK_STATUS.REJECTED, STOCK_STATUS.LOST, STOCK_STATUS.RETURNED];
const SERIAL_BASE: Record<string, number> = { "A-SNODE-01": 1001, "A-MDRV-02": 2001 };

export interface DemoStock {
  count: number;
  /** Part IPN → serial → stock item id, for the serialised assemblies. */
  serials: Map<string, Map<string, number>>;
}

/** Creates the generated stock for every part in PARTS: `items` stock items each. */
export async function seedStock(tx: Tx, cat: Catalog): Promise<DemoStock> {
  const rng = seededRng(0xb1a5);
  const serials = new Map<string, Map<string, number>>();
  let count = 0;
  for (const def of PARTS) {
    const part = mustGet(cat.parts, def.IPN).id;
    const home = homeLocation(cat, def);
    const suppliers = (def.suppliers ?? []).map((s) => mustGet(cat.supplierParts, `${def.IPN}@${s.supplier}`));
    const bySerial = new Map<string, number>();
    for (let i = 0; i < def.items; i++) {
      const odd = rng.next() < 0.1;
      const elsewhere = rng.next() < 0.2;
      const location = elsewhere ? mustGet(cat.locations, rng.pick(["Lab/Bench 1", "Lab/Bench 2", "Warehouse/Receiving"])) : home;
      const supplier_part = suppliers.length ? rng.pick(suppliers) : null;
      const price = supplier_part ? round(def.price * (0.85 + rng.next() * 0.35), 4) : null;
      if (def.trackable) {
        const serial = String((SERIAL_BASE[def.IPN] ?? 1) + i);
        // The first units carry test results and the last two are packed for the sales order: both healthy.
        const packed = i >= def.items - 2;
        const status = odd && i >= 2 && !packed ? STOCK_STATUS.QUARANTINED : STOCK_STATUS.OK;
        const at = packed ? mustGet(cat.locations, "Shipping/Outbound") : location;
        bySerial.set(serial, await createStockItem(tx, { part, location: at, quantity: 1, serial, status }));
      } else {
        // Full reels and bags, and the part-used remainders a workshop really has.
        const quantity = rng.next() < 0.6 ? def.lot * rng.int(1, 4) : Math.max(1, Math.round(def.lot * rng.next()));
        const batched = rng.next() < 0.6;
        await createStockItem(tx, {
          part,
          location,
          quantity,
          batch: batched ? `B${24 + rng.int(0, 1)}${String(rng.int(1, 52)).padStart(2, "0")}-${rng.int(1, 9)}` : "",
          status: odd ? rng.pick(ODD_STATUSES) : STOCK_STATUS.OK,
          supplier_part,
          purchase_price: price,
          expiry_date: def.units === "mL" || def.units === "g" ? `2027-0${rng.int(1, 9)}-01` : null,
        });
      }
      count++;
    }
    if (bySerial.size) serials.set(def.IPN, bySerial);
  }
  return { count, serials };
}

function homeLocation(cat: Catalog, def: PartDef): number {
  const homes: Record<string, string> = {
    "Electronics/Passives/Resistors": "Warehouse/Shelf A/Bin 1",
    "Electronics/Passives/Capacitors": "Warehouse/Shelf A/Bin 2",
    "Electronics/Passives/Inductors": "Warehouse/Shelf A/Bin 3",
    "Electronics/Discretes": "Warehouse/Shelf A/Bin 4",
    "Electronics/ICs/Power": "Warehouse/Shelf B/Bin 1",
    "Electronics/Connectors": "Warehouse/Shelf B/Bin 2",
    Assemblies: "Warehouse/Shelf B/Bin 3",
    "Mechanical/Fasteners": "Warehouse/Shelf C/Drawer 1",
    "Mechanical/Enclosures": "Warehouse/Shelf C/Drawer 2",
    Consumables: "Lab/Bench 1",
  };
  return mustGet(cat.locations, homes[def.category] ?? "Lab/ESD Cabinet");
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** InvenTree's test key: the test name lowercased, alphanumerics only. */
const testKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The sensor node's end-of-line test templates (InvenTree's PartTestTemplate). */
const SENSOR_NODE_TESTS = [
  { test_name: "Power On", description: "Supply rail within 3.2-3.4 V", requires_value: true },
  { test_name: "Firmware Flash", description: "Release firmware flashed and verified", requires_value: true },
  { test_name: "Sensor Calibration", description: "BME280 reads room temperature within 0.5 C", requires_value: true },
  { test_name: "RF Range", description: "RSSI at 10 m better than -85 dBm", requires_value: true },
  { test_name: "Enclosure Seal", description: "IP54 gasket fitted", required: false },
];

/** End-of-line test templates and results for two sensor nodes, one of which needed a retest. */
export async function seedTestResults(tx: Tx, stock: DemoStock): Promise<number> {
  const nodes = mustGet(stock.serials, "A-SNODE-01");
  const part = (await tx.q.select({ id: parts.id }).from(parts).where(eq(parts.IPN, "A-SNODE-01")).limit(1))[0];
  const templates = new Map<string, number>();
  if (part) {
    for (const t of SENSOR_NODE_TESTS) {
      templates.set(testKey(t.test_name), await insertReturningId(tx, partTestTemplates, { part: part.id, key: testKey(t.test_name), ...t }));
    }
  }
  const results: { serial: string; test: string; result: boolean; value: string; notes?: string }[] = [
    { serial: "1001", test: "Power On", result: true, value: "3.31 V" },
    { serial: "1001", test: "Firmware Flash", result: true, value: "v1.4.2" },
    { serial: "1001", test: "Sensor Calibration", result: true, value: "21.4 C" },
    { serial: "1001", test: "RF Range", result: false, value: "-94 dBm", notes: "Antenna not seated" },
    { serial: "1001", test: "RF Range", result: true, value: "-78 dBm", notes: "Retest after reseating antenna" },
    { serial: "1002", test: "Power On", result: true, value: "3.29 V" },
    { serial: "1002", test: "Firmware Flash", result: true, value: "v1.4.2" },
  ];
  for (const r of results) {
    await tx.q
      .insert(stockTestResults)
      .values({ stock_item: mustGet(nodes, r.serial), template: templates.get(testKey(r.test)) ?? null, test: r.test, test_key: testKey(r.test), result: r.result, value: r.value, notes: r.notes ?? "" });
  }
  return results.length;
}
