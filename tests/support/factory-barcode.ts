/** One object of each barcode model, for the barcode tests. */
import type { Db } from "../../server/db/client.ts";
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

export function makeBarcodeObjects(db: Db): BarcodeObjects {
  const part = makePart(db, { salable: true, purchaseable: true });
  const stocklocation = makeLocation(db);
  const stockitem = makeStockItem(db, { part, location: stocklocation });
  const supplier = makeCompany(db, { is_supplier: true });
  const customer = makeCompany(db, { is_customer: true });
  const supplierpart = makeSupplierPart(db, { part, supplier });
  const purchaseorder = makePurchaseOrder(db, { supplier });
  const salesorder = makeSalesOrder(db, { customer });
  const salesordershipment = makeShipment(db, { order: salesorder });
  return { part, stockitem, stocklocation, supplierpart, purchaseorder, salesorder, salesordershipment };
}
