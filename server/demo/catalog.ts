/** Demo seed, first half: location and category trees, companies, parts and supplier parts. */
import type { Tx } from "../db/database.ts";
import { CATEGORIES, COMPANIES, LOCATIONS, PARTS, type PartDef } from "./data.ts";
import { companies, partCategories, parts, stockLocations, supplierParts } from "../db/tables.ts";

export interface Catalog {
  locations: Map<string, number>;
  categories: Map<string, number>;
  companies: Map<string, number>;
  /** Part IPN → its id and definition. */
  parts: Map<string, { id: number; def: PartDef }>;
  /** `${IPN}@${supplier}` → supplier part id. */
  supplierParts: Map<string, number>;
}

const parentPath = (path: string) => path.split("/").slice(0, -1).join("/");
const leafName = (path: string) => path.split("/").at(-1) ?? path;

function parentId(ids: Map<string, number>, path: string): number | null {
  const parent = parentPath(path);
  if (!parent) return null;
  const id = ids.get(parent);
  if (id === undefined) throw new Error(`seed data: parent ${parent} of ${path} comes later or is missing`);
  return id;
}

/** Inserts the whole catalogue; the caller owns the transaction. */
export async function seedCatalog(tx: Tx): Promise<Catalog> {
  const locations = new Map<string, number>();
  for (const l of LOCATIONS) {
    const row = (await tx.q
      .insert(stockLocations)
      .values({ name: leafName(l.path), description: l.description, parent: parentId(locations, l.path), pathstring: l.path, structural: l.structural ?? false })
      .returning({ id: stockLocations.id })
      )[0];
    locations.set(l.path, row.id);
  }

  const categories = new Map<string, number>();
  for (const c of CATEGORIES) {
    const row = (await tx.q
      .insert(partCategories)
      .values({
        name: leafName(c.path),
        description: c.description,
        parent: parentId(categories, c.path),
        pathstring: c.path,
        structural: c.structural ?? false,
        default_location: c.location ? mustGet(locations, c.location) : null,
      })
      .returning({ id: partCategories.id })
      )[0];
    categories.set(c.path, row.id);
  }

  const companyIds = new Map<string, number>();
  for (const c of COMPANIES) {
    const row = (await tx.q
      .insert(companies)
      .values({
        name: c.name,
        description: c.description,
        website: c.website,
        currency: c.currency,
        email: c.email ?? "",
        is_supplier: c.is_supplier ?? true,
        is_manufacturer: c.is_manufacturer ?? false,
        is_customer: c.is_customer ?? false,
      })
      .returning({ id: companies.id })
      )[0];
    companyIds.set(c.key, row.id);
  }

  const partIds = new Map<string, { id: number; def: PartDef }>();
  const supplierPartIds = new Map<string, number>();
  for (const p of PARTS) {
    const row = (await tx.q
      .insert(parts)
      .values({
        name: p.name,
        IPN: p.IPN,
        description: p.description,
        keywords: p.keywords ?? "",
        units: p.units ?? "",
        category: mustGet(categories, p.category),
        minimum_stock: p.minimum_stock ?? 0,
        assembly: p.assembly ?? false,
        trackable: p.trackable ?? false,
        // InvenTree marked trackable parts testable when it introduced the flag; so does the demo.
        testable: p.trackable ?? false,
        salable: p.salable ?? false,
        purchaseable: p.purchaseable ?? true,
      })
      .returning({ id: parts.id })
      )[0];
    partIds.set(p.IPN, { id: row.id, def: p });
    for (const s of p.suppliers ?? []) {
      const sp = (await tx.q
        .insert(supplierParts)
        .values({
          part: row.id,
          supplier: mustGet(companyIds, s.supplier),
          SKU: s.SKU,
          manufacturer: p.manufacturer ? mustGet(companyIds, p.manufacturer) : null,
          MPN: p.MPN ?? "",
          description: p.description,
          pack_quantity: s.pack ?? "1",
          pack_quantity_native: s.pack ? Number.parseFloat(s.pack) : 1,
        })
        .returning({ id: supplierParts.id })
        )[0];
      supplierPartIds.set(`${p.IPN}@${s.supplier}`, sp.id);
    }
  }

  return { locations, categories, companies: companyIds, parts: partIds, supplierParts: supplierPartIds };
}

/** Map lookup that fails loudly: a typo in seed-data.ts must not seed a dangling reference. */
export function mustGet<K, V>(map: Map<K, V>, key: K): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`seed data: unknown reference ${String(key)}`);
  return v;
}
