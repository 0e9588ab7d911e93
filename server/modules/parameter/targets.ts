/**
 * The models a parameter may belong to: those of InvenTree's InvenTreeParameterMixin that
 * Binventory has and the clients attach parameters to (inventree-app: part_detail.dart:234,
 * company_detail.dart:192, supplier_part_detail.dart:111, manufacturer_part_detail.dart:56,
 * purchase_order_detail.dart:307, sales_order_detail.dart:278). Build and return orders are out of scope.
 */
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { companies, manufacturerParts, ofBoundTables, parts, purchaseOrders, salesOrders, supplierParts } from "../../db/tables.ts";

export const PARAMETER_MODEL_TYPES = ["part", "company", "supplierpart", "manufacturerpart", "purchaseorder", "salesorder"] as const;
export type ParameterModelType = (typeof PARAMETER_MODEL_TYPES)[number];

interface Target {
  table: SQLiteTable;
  id: SQLiteColumn;
  /** Django's app label: InvenTree answers model_type as "<app_label>.<model>" (its ContentTypeField). */
  app: string;
  label: string;
}

/** Each parameter model with its table (bound now), app label and verbose name. */
export const parameterTargets = ofBoundTables((): Record<ParameterModelType, Target> => ({
  part: { table: parts, id: parts.id, app: "part", label: "Part" },
  company: { table: companies, id: companies.id, app: "company", label: "Company" },
  supplierpart: { table: supplierParts, id: supplierParts.id, app: "company", label: "Supplier Part" },
  manufacturerpart: { table: manufacturerParts, id: manufacturerParts.id, app: "company", label: "Manufacturer Part" },
  purchaseorder: { table: purchaseOrders, id: purchaseOrders.id, app: "order", label: "Purchase Order" },
  salesorder: { table: salesOrders, id: salesOrders.id, app: "order", label: "Sales Order" },
}));

/** "part.part" for "part", as InvenTree's ContentTypeField shows a content type. */
export const contentTypeLabel = (type: string): string => {
  const target = parameterTargets()[type as ParameterModelType];
  return target ? `${target.app}.${type}` : type;
};

/**
 * InvenTree's ContentTypeField input (and its model_type filters): the model name ("part") or
 * "<app_label>.<model>" ("part.part"), any case. Undefined when it names no parameter model.
 */
export function resolveModelType(value: string): ParameterModelType | undefined {
  const v = value.trim().toLowerCase();
  const [app, model] = v.includes(".") ? v.split(".", 2) : [undefined, v];
  const type = PARAMETER_MODEL_TYPES.find((m) => m === model);
  if (!type) return undefined;
  if (app !== undefined && parameterTargets()[type].app !== app) return undefined;
  return type;
}

/** OPTIONS choices for model_type, InvenTree's values and verbose names. */
export const MODEL_TYPE_CHOICES = PARAMETER_MODEL_TYPES.map((m) => ({ value: contentTypeLabel(m), display_name: parameterTargets()[m].label }));
