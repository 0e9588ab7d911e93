/**
 * InvenTree's status classes (generic/states): one integer code per NAME, with a label and a
 * colour. One definition per class feeds both the `status_text` labels the lists show and the
 * StatusView body the clients load (`GET …/status/`).
 */
import { t } from "elysia";

/** InvenTree's ColorEnum values; the app maps exactly these (inventree-app lib/inventree/status_codes.dart:126-142). */
export type StatusColor = "primary" | "secondary" | "success" | "danger" | "warning" | "info" | "dark";

interface StatusEntry {
  key: number;
  name: string;
  label: string;
  color: StatusColor;
}

/** A status class: its InvenTree class name and its values in declaration order. */
export interface StatusClass {
  name: string;
  values: readonly StatusEntry[];
  /** `status_text` for a code; an unknown code reads as its number, as InvenTree. */
  label(code: number): string;
  /** The StatusView body. */
  body(): StatusClassBody;
}

interface StatusClassBody {
  /** InvenTree ≥ 0.16 names it `status_class`; earlier servers (and our first clients) `class`. */
  status_class: string;
  class: string;
  values: Record<string, StatusEntry>;
}

/** Builds a status class from `{NAME: [code, label, color]}` (color defaults to secondary, as InvenTree). */
export function defineStatusClass(name: string, defs: Record<string, readonly [number, string, StatusColor?]>): StatusClass {
  const values: StatusEntry[] = Object.entries(defs).map(([n, [key, label, color]]) => ({ key, name: n, label, color: color ?? "secondary" }));
  const byCode = new Map(values.map((v) => [v.key, v]));
  const body: StatusClassBody = { status_class: name, class: name, values: Object.fromEntries(values.map((v) => [v.name, v])) };
  return {
    name,
    values,
    label: (code) => byCode.get(code)?.label ?? String(code),
    body: () => body,
  };
}

/** The StatusView response schema. */
export const StatusClassSchema = t.Object({
  status_class: t.String(),
  class: t.String(),
  values: t.Record(t.String(), t.Object({ key: t.Integer(), name: t.String(), label: t.String(), color: t.String() })),
});
