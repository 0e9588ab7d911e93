/**
 * The models plugins may read (bv_get, bv_search), each through its module's own detail and list
 * services and list query schema: what a plugin sees is what the HTTP API shows.
 */
import type { TSchema } from "@sinclair/typebox";
import type { ModelName } from "../../plugin-sdk/schema/index.ts";
import type { ListResult } from "../core/pagination.ts";
import type { Db } from "../db/client.ts";
import { CompanyListQuery, SupplierPartListQuery } from "../modules/company/model.ts";
import { getCompany, listCompanies } from "../modules/company/service.ts";
import { getSupplierPart, listSupplierParts } from "../modules/company/supplier-part-service.ts";
import { getCategory, listCategories } from "../modules/part/category-service.ts";
import { CategoryListQuery, PartListQuery } from "../modules/part/model.ts";
import { PurchaseLineQuery, PurchaseOrderQuery, SalesLineQuery, SalesOrderQuery, ShipmentQuery } from "../modules/order/model.ts";
import { getPurchaseLine, listPurchaseLines } from "../modules/order/purchase-line.ts";
import { getPurchaseOrder, listPurchaseOrders } from "../modules/order/purchase-order.ts";
import { getSalesLine, listSalesLines } from "../modules/order/sales-line.ts";
import { getSalesOrder, listSalesOrders } from "../modules/order/sales-order.ts";
import { getShipment, listShipments } from "../modules/order/shipment.ts";
import { getPart, listParts } from "../modules/part/service.ts";
import { StockListQuery } from "../modules/stock/item-model.ts";
import { getStockItem, listStockItems } from "../modules/stock/item-query.ts";
import { LocationListQuery } from "../modules/stock/location-model.ts";
import { getLocation, listLocations } from "../modules/stock/location-service.ts";

/** How a plugin reads one model: the module's own detail and list services and list query schema. */
interface ModelAccess {
  get(db: Db, pk: number): unknown;
  list(db: Db, q: never): ListResult<unknown>;
  query: TSchema;
  path: string;
}

const MODELS: Record<ModelName, ModelAccess> = {
  part: { get: (db, pk) => getPart(db, pk), list: listParts, query: PartListQuery, path: "/api/part/" },
  partcategory: { get: (db, pk) => getCategory(db, pk), list: listCategories, query: CategoryListQuery, path: "/api/part/category/" },
  stockitem: { get: (db, pk) => getStockItem(db, pk), list: listStockItems, query: StockListQuery, path: "/api/stock/" },
  stocklocation: { get: (db, pk) => getLocation(db, pk), list: listLocations, query: LocationListQuery, path: "/api/stock/location/" },
  company: { get: (db, pk) => getCompany(db, pk), list: listCompanies, query: CompanyListQuery, path: "/api/company/" },
  supplierpart: { get: (db, pk) => getSupplierPart(db, pk), list: listSupplierParts, query: SupplierPartListQuery, path: "/api/company/part/" },
  purchaseorder: { get: (db, pk) => getPurchaseOrder(db, pk), list: listPurchaseOrders, query: PurchaseOrderQuery, path: "/api/order/po/" },
  purchaseorderline: { get: (db, pk) => getPurchaseLine(db, pk), list: listPurchaseLines, query: PurchaseLineQuery, path: "/api/order/po-line/" },
  salesorder: { get: (db, pk) => getSalesOrder(db, pk), list: listSalesOrders, query: SalesOrderQuery, path: "/api/order/so/" },
  salesorderline: { get: (db, pk) => getSalesLine(db, pk), list: listSalesLines, query: SalesLineQuery, path: "/api/order/so-line/" },
  salesordershipment: { get: (db, pk) => getShipment(db, pk), list: listShipments, query: ShipmentQuery, path: "/api/order/so/shipment/" },
};

export const access = (model: ModelName): ModelAccess => MODELS[model];

/**
 * bv_search's answer: DRF's `{count, next, previous, results}`, with `next` / `previous` as the
 * list route's path and the other page's `limit` and `offset` (`/api/part/?limit=100&offset=100`).
 */
export function searchPage(a: ModelAccess, db: Db, q: { limit: number; offset: number }) {
  const { total, rows } = a.list(db, q as never);
  const link = (offset: number) => `${a.path}?limit=${q.limit}${offset > 0 ? `&offset=${offset}` : ""}`;
  return {
    count: total,
    next: q.offset + q.limit < total ? link(q.offset + q.limit) : null,
    previous: q.offset > 0 ? link(Math.max(0, q.offset - q.limit)) : null,
    results: rows,
  };
}
