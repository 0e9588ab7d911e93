import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { and, eq } from "drizzle-orm";
import type { ModelName } from "../../plugin-sdk/schema/index.ts";
import type { Db } from "../db/client.ts";
import { pluginSettings } from "../db/schema/settings.ts";
import { users } from "../db/schema/user.ts";
import { fieldError, permissionDenied } from "../http/errors.ts";
import type { Logger } from "../log.ts";
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
import { adjustStock } from "../modules/stock/adjust-service.ts";
import { hasRole } from "../modules/user/service.ts";
import type { HostApi } from "./host-api.ts";
import { writeTransaction } from "../db/write.ts";

/** How a plugin reads one model: the module's own detail and list services and list query schema. */
interface ModelAccess {
  get(db: Db, pk: number): unknown;
  list(db: Db, url: string, q: never): unknown;
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

const access = (model: ModelName): ModelAccess => MODELS[model];

/** The server side of the host functions, over the same services the HTTP API uses. */
export function createHostServices(deps: { db: Db; log: Logger }): HostApi {
  const { db, log } = deps;
  return {
    get(req) {
      return access(req.model).get(db, req.pk);
    },
    search(req) {
      const a = access(req.model);
      // Filters arrive as JSON values; query schemas take booleans as query strings ("true").
      const raw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(req.filters ?? {})) raw[k] = typeof v === "boolean" ? String(v) : v;
      if (req.search) raw.search = req.search;
      raw.limit = req.limit ?? 100;
      raw.offset = req.offset ?? 0;
      const q = Value.Convert(a.query, Value.Clean(a.query, Value.Clone(raw)));
      if (!Value.Check(a.query, q)) {
        const first = [...Value.Errors(a.query, q)][0];
        throw fieldError(first?.path.slice(1) || "filters", first?.message ?? "invalid filter");
      }
      return a.list(db, `http://binventory.internal${a.path}`, q as never);
    },
    stockAdjust(req, meta) {
      if (!meta.user) throw permissionDenied("stock can only be adjusted on behalf of a user");
      // The user's role is read again: it may have changed since the request was authenticated.
      const row = db.select({ role: users.role, active: users.is_active }).from(users).where(eq(users.id, meta.user.pk)).get();
      if (!row?.active || !hasRole({ id: meta.user.pk, username: meta.user.username, role: row.role }, "staff")) {
        throw permissionDenied(`user ${meta.user.username} may not adjust stock`);
      }
      const result = writeTransaction(db, (tx) =>
        adjustStock(tx, req.op, req.items, meta.user?.pk ?? null, { notes: req.notes, location: req.location, plugin: meta.slug }),
      );
      return { op: req.op, items: result.items.map((pk) => getStockItem(db, pk)), created: result.created };
    },
    settingGet(req, meta) {
      const row = db.select().from(pluginSettings).where(and(eq(pluginSettings.plugin, meta.slug), eq(pluginSettings.key, req.key))).get();
      return { key: req.key, value: row ? JSON.parse(row.value) : null };
    },
    log(req, meta) {
      const fields = { plugin: meta.slug, request_id: meta.requestId };
      if (req.level === "error") log.error(req.message, fields);
      else if (req.level === "debug") log.debug(req.message, fields);
      else log.info(req.message, { ...fields, plugin_level: req.level });
      return null;
    },
  };
}

