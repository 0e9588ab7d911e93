/**
 * What a parameter's value becomes under its template, as InvenTree's Parameter.clean() and
 * save(): a checkbox stores "True"/"False" (data_numeric 1/0); choices must contain the value;
 * with units the value must convert to them (data_numeric in the template's units); without
 * units data_numeric is the value as a float, or null.
 */
import { str2bool } from "../../core/query.ts";
import { convertToUnits, parseFloatLikePython } from "./units.ts";

export interface TemplateRules {
  checkbox: boolean;
  choices: string;
  units: string;
}


/** The template's choices as a list (comma-separated, blanks dropped). */
const choiceList = (choices: string): string[] =>
  choices
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);

export type Evaluated = { data: string; data_numeric: number | null } | { error: string };

/** Validates `raw` against the template; the stored data and numeric value, or the message for `data`. */
export function evaluateValue(rules: TemplateRules, raw: string): Evaluated {
  if (rules.checkbox) {
    const on = str2bool(raw);
    return { data: on ? "True" : "False", data_numeric: on ? 1 : 0 };
  }
  const choices = choiceList(rules.choices);
  if (choices.length > 0 && !choices.includes(raw)) return { error: "Invalid choice for parameter value" };
  if (rules.units) {
    const converted = convertToUnits(raw, rules.units);
    if ("error" in converted) return { error: converted.error };
    return { data: raw, data_numeric: converted.value };
  }
  return { data: raw, data_numeric: parseFloatLikePython(raw) ?? null };
}

/** InvenTree's rebuild after a template changes: no validation, the numeric value recomputed (null if it no longer converts). */
export function recomputeValue(rules: TemplateRules, data: string): { data: string; data_numeric: number | null } {
  if (rules.checkbox) return evaluateValue(rules, data) as { data: string; data_numeric: number };
  if (rules.units) {
    const converted = convertToUnits(data, rules.units);
    return { data, data_numeric: "error" in converted ? null : converted.value };
  }
  return { data, data_numeric: parseFloatLikePython(data) ?? null };
}
