/** One object of each barcode model, for the barcode tests. */
import type { Writes } from "../../server/db/database.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./factory.ts";
import { makeShipment } from "./factory-order.ts";

export interface BarcodeObjects {
  part: number;
  stockitem: number;
  stocklocation: number;
  supplierpart: number;
  purchaseorder: number;
  salesorder: number;
  salesordershipment: number;
}

export async function makeBarcodeObjects(db: Writes): Promise<BarcodeObjects> {
  const part = await makePart(db, { salable: true, purchaseable: true });
  const stocklocation = await makeLocation(db);
  const stockitem = await makeStockItem(db, { part, location: stocklocation });
  const supplier = await makeCompany(db, { is_supplier: true });
  const customer = await makeCompany(db, { is_customer: true });
  const supplierpart = await makeSupplierPart(db, { part, supplier });
  const purchaseorder = await makePurchaseOrder(db, { supplier });
  const salesorder = await makeSalesOrder(db, { customer });
  const salesordershipment = await makeShipment(db, { order: salesorder });
  return { part, stockitem, stocklocation, supplierpart, purchaseorder, salesorder, salesordershipment };
}
