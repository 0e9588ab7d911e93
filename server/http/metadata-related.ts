/**
 * Which InvenTree model a foreign-key field points to, for OPTIONS metadata ("related field"),
 * when its schema carries no `"x-related"` option: by field name, and for the few names that
 * mean different models on different endpoints (parent, order, line_item, template…), by path.
 */

/** A related field's target, InvenTree's shape (`model` is the model's lower-case name). */
export interface Related {
  model: string;
  api_url: string;
  filters?: Record<string, unknown>;
  pk_field?: string;
}

const PART: Related = { model: "part", api_url: "/api/part/" };
const CATEGORY: Related = { model: "partcategory", api_url: "/api/part/category/" };
const LOCATION: Related = { model: "stocklocation", api_url: "/api/stock/location/" };
const STOCK_ITEM: Related = { model: "stockitem", api_url: "/api/stock/" };
const COMPANY: Related = { model: "company", api_url: "/api/company/" };
const SUPPLIER_PART: Related = { model: "supplierpart", api_url: "/api/company/part/" };
const MANUFACTURER_PART: Related = { model: "manufacturerpart", api_url: "/api/company/part/manufacturer/" };
const PURCHASE_ORDER: Related = { model: "purchaseorder", api_url: "/api/order/po/" };
const SALES_ORDER: Related = { model: "salesorder", api_url: "/api/order/so/" };
const PO_LINE: Related = { model: "purchaseorderlineitem", api_url: "/api/order/po-line/" };
const SO_LINE: Related = { model: "salesorderlineitem", api_url: "/api/order/so-line/" };
const SHIPMENT: Related = { model: "salesordershipment", api_url: "/api/order/so/shipment/" };
const TEST_TEMPLATE: Related = { model: "parttesttemplate", api_url: "/api/part/test-template/" };
const LABEL_TEMPLATE: Related = { model: "labeltemplate", api_url: "/api/label/template/" };
const USER: Related = { model: "user", api_url: "/api/user/" };

/** Names that mean the same model wherever they appear. */
const BY_NAME: Record<string, Related> = {
  part: PART,
  category: CATEGORY,
  location: LOCATION,
  destination: LOCATION,
  default_location: LOCATION,
  stock_item: STOCK_ITEM,
  supplier: { ...COMPANY, filters: { is_supplier: true } },
  manufacturer: { ...COMPANY, filters: { is_manufacturer: true } },
  customer: { ...COMPANY, filters: { is_customer: true } },
  company: COMPANY,
  supplier_part: SUPPLIER_PART,
  manufacturer_part: MANUFACTURER_PART,
  purchase_order: PURCHASE_ORDER,
  sales_order: SALES_ORDER,
  shipment: SHIPMENT,
  user: USER,
};

const isPurchase = (path: string) => path.includes("/po") || path.includes("po-");
const isSales = (path: string) => path.includes("/so") || path.includes("so-");

/** Names whose model depends on the endpoint. */
function byPath(name: string, path: string): Related | undefined {
  switch (name) {
    case "part":
      // a purchase order line orders a SupplierPart under the name "part", as InvenTree's
      return path.startsWith("/api/order/po-line") ? SUPPLIER_PART : undefined;
    case "parent":
      if (path.startsWith("/api/part/category")) return CATEGORY;
      if (path.startsWith("/api/stock/location")) return LOCATION;
      return undefined;
    case "order":
      if (isPurchase(path)) return PURCHASE_ORDER;
      if (isSales(path)) return SALES_ORDER;
      return undefined;
    case "line_item":
    case "line":
      if (isPurchase(path)) return PO_LINE;
      if (isSales(path)) return SO_LINE;
      return undefined;
    case "item":
      return path.startsWith("/api/stock/") || isSales(path) ? STOCK_ITEM : undefined;
    case "pk":
      // the stock adjustment serializers' items[].pk
      return path.startsWith("/api/stock/") && !path.includes(":") ? STOCK_ITEM : undefined;
    case "template":
      if (path.startsWith("/api/label/")) return LABEL_TEMPLATE;
      if (path.startsWith("/api/stock/test") || path.startsWith("/api/part/test")) return TEST_TEMPLATE;
      return undefined;
    default:
      return undefined;
  }
}

/** Plugins are referred to by their key (a string), as InvenTree's PluginConfig. */
const PLUGIN: Related = { model: "pluginconfig", api_url: "/api/plugins/", pk_field: "key", filters: { active: true } };

/**
 * The related model of a field without an `"x-related"` option, if it is a known foreign key:
 * integers by name (and path), strings only for `plugin`.
 */
export function relatedByName(name: string, path: string, type: "integer" | "string"): Related | undefined {
  if (type === "string") return name === "plugin" ? { ...PLUGIN, filters: path.startsWith("/api/label/") ? { active: true, mixin: "labels" } : PLUGIN.filters } : undefined;
  return byPath(name, path) ?? BY_NAME[name];
}

const LIST_MODELS: Related[] = [PART, CATEGORY, LOCATION, STOCK_ITEM, COMPANY, SUPPLIER_PART, MANUFACTURER_PART, PURCHASE_ORDER, SALES_ORDER, PO_LINE, SO_LINE, SHIPMENT, TEST_TEMPLATE, LABEL_TEMPLATE, USER];

/** InvenTree's `model` of a list or detail endpoint (`/api/stock/`, `/api/stock/:pk/`), if it is one. */
export function modelForPath(path: string): string | undefined {
  const list = path.replace(/:[^/]+\/$/, "");
  return LIST_MODELS.find((r) => r.api_url === list)?.model;
}
