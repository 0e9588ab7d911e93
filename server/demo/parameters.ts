/** Demo seed: parameter templates and parameters on demo parts and companies (InvenTree's unified parameters). */
import { evaluateValue } from "../modules/parameter/service.ts";
import type { Tx } from "../db/database.ts";
import type { Catalog } from "./catalog.ts";
import { categoryParameterTemplates, parameterTemplates, parameters } from "../db/tables.ts";

interface TemplateDef {
  name: string;
  units?: string;
  description: string;
  model_type: string | null;
  checkbox?: boolean;
  choices?: string;
}

const TEMPLATES: TemplateDef[] = [
  { name: "Resistance", units: "ohm", description: "Nominal resistance", model_type: "part" },
  { name: "Capacitance", units: "F", description: "Nominal capacitance", model_type: "part" },
  { name: "Voltage Rating", units: "V", description: "Maximum working voltage", model_type: "part" },
  { name: "Tolerance", description: "Value tolerance", model_type: "part", choices: "1%, 5%, 10%, 20%" },
  { name: "Package", description: "Footprint / package name", model_type: "part" },
  { name: "RoHS", description: "RoHS compliant", model_type: null, checkbox: true },
  { name: "Preferred", description: "Preferred company for new orders", model_type: "company", checkbox: true },
];

/** [IPN or company key, template name, value]; values go through the same validation as the API. */
const PART_VALUES: [string, string, string][] = [
  ["R-0603-10K", "Resistance", "10k"],
  ["R-0603-10K", "Tolerance", "1%"],
  ["R-0603-10K", "Package", "0603"],
  ["R-0603-10K", "RoHS", "true"],
  ["R-0603-1K", "Resistance", "1kohm"],
  ["R-0603-1K", "Package", "0603"],
  ["R-2512-R10", "Resistance", "100 mohm"],
  ["R-2512-R10", "Package", "2512"],
  ["C-0603-100N", "Capacitance", "100nF"],
  ["C-0603-100N", "Voltage Rating", "50"],
  ["C-0603-100N", "Tolerance", "10%"],
  ["C-0603-100N", "Package", "0603"],
  ["C-0603-100N", "RoHS", "true"],
  ["C-EL-470U-25V", "Capacitance", "470 uF"],
  ["C-EL-470U-25V", "Voltage Rating", "25V"],
  ["U-AMS1117-33", "Package", "SOT-223"],
  ["U-AMS1117-33", "Voltage Rating", "15 V"],
  ["U-STM32F103C8", "Package", "LQFP-48"],
  ["U-STM32F103C8", "RoHS", "yes"],
];
/** Templates suggested per category path, with default values (InvenTree's PartCategoryParameterTemplate). */
const CATEGORY_TEMPLATES: [string, string, string][] = [
  ["Electronics/Passives/Resistors", "Resistance", ""],
  ["Electronics/Passives/Resistors", "Tolerance", "1%"],
  ["Electronics/Passives/Resistors", "Package", "0603"],
  ["Electronics/Passives/Capacitors", "Capacitance", ""],
  ["Electronics/Passives/Capacitors", "Voltage Rating", "50"],
  ["Electronics", "RoHS", "true"],
];
const COMPANY_VALUES: [string, string, string][] = [
  ["digikey", "Preferred", "true"],
  ["lcsc", "Preferred", "false"],
];

/** Inserts the demo templates and parameters; the caller owns the transaction. The count of parameters. */
export async function seedParameters(tx: Tx, cat: Catalog): Promise<number> {
  const templates = new Map<string, TemplateDef & { id: number }>();
  for (const def of TEMPLATES) {
    const row = (await tx.q
      .insert(parameterTemplates)
      .values({ name: def.name, units: def.units ?? "", description: def.description, model_type: def.model_type, checkbox: def.checkbox ?? false, choices: def.choices ?? "" })
      .returning({ id: parameterTemplates.id })
      )[0];
    templates.set(def.name, { ...def, id: row.id });
  }
  let n = 0;
  const add = async (modelType: string, modelId: number | undefined, templateName: string, raw: string) => {
    const template = templates.get(templateName);
    if (modelId === undefined || !template) throw new Error(`seed parameters: unknown ${modelType} or template ${templateName}`);
    const value = evaluateValue({ checkbox: template.checkbox ?? false, choices: template.choices ?? "", units: template.units ?? "" }, raw);
    if ("error" in value) throw new Error(`seed parameters: ${templateName}=${raw}: ${value.error}`);
    await tx.q.insert(parameters).values({ template: template.id, model_type: modelType, model_id: modelId, ...value, updated: new Date().toISOString() });
    n++;
  };
  for (const [ipn, name, raw] of PART_VALUES) await add("part", cat.parts.get(ipn)?.id, name, raw);
  for (const [key, name, raw] of COMPANY_VALUES) await add("company", cat.companies.get(key), name, raw);
  for (const [path, name, default_value] of CATEGORY_TEMPLATES) {
    const category = cat.categories.get(path);
    const template = templates.get(name);
    if (category === undefined || !template) throw new Error(`seed parameters: unknown category ${path} or template ${name}`);
    await tx.q.insert(categoryParameterTemplates).values({ category, template: template.id, default_value });
  }
  return n;
}
