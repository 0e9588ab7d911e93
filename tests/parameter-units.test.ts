/** The unit subset parameter templates use (server/modules/parameter/units.ts), against pint's answers in InvenTree. */
import { describe, expect, test } from "bun:test";
import { convertToUnits, isValidUnits, parseFloatLikePython } from "../server/modules/parameter/units.ts";
import { evaluateValue } from "../server/modules/parameter/values.ts";

const value = (data: string, unit: string) => {
  const r = convertToUnits(data, unit);
  if ("error" in r) throw new Error(r.error);
  return r.value;
};

describe("units", () => {
  test("unit expressions", () => {
    for (const u of ["mm", "kg A", "m/s^2", "kg*m/s**2", "kOhm", "Ω", "uF", "µH", "degC", "V", "mAh", "W h", "%", "dozen", "inch", "hPa"]) expect(isValidUnits(u)).toBe(true);
    for (const u of ["furlong", "kk", "m/", "Kohm", "degC m", "3"]) expect(isValidUnits(u)).toBe(false);
  });

  test("values convert into the template's unit (InvenTree's convert_physical_value)", () => {
    expect(value("10", "mm")).toBe(10);
    expect(value("10cm", "mm")).toBeCloseTo(100, 9);
    expect(value("4.7k", "ohm")).toBeCloseTo(4700, 9); // the unit is appended: "4.7kohm"
    expect(value("4k7", "ohm")).toBeCloseTo(4700, 9); // engineering notation, then the unit
    expect(value("100n", "F")).toBeCloseTo(1e-7, 15);
    expect(value("2 dozen", "piece")).toBe(24);
    expect(value("25 degC", "K")).toBeCloseTo(298.15, 9);
    expect(value("212 degF", "degC")).toBeCloseTo(100, 9);
    expect(value("1 km/h", "m/s")).toBeCloseTo(1 / 3.6, 12);
    expect(value("3'", "inch")).toBeCloseTo(36, 9);
  });

  test("what does not convert gets InvenTree's message", () => {
    expect(convertToUnits("3 V", "A")).toEqual({ error: "Could not convert 3 V to A" });
    expect(convertToUnits("", "A")).toEqual({ error: "No value provided" });
    expect(convertToUnits("1", "bogus")).toEqual({ error: "Invalid unit provided (bogus)" });
  });

  test("Python float() for templates without units", () => {
    expect(parseFloatLikePython(" 1_000.5 ")).toBe(1000.5);
    expect(parseFloatLikePython("1e3")).toBe(1000);
    expect(parseFloatLikePython("B2")).toBeUndefined();
    expect(parseFloatLikePython("inf")).toBeUndefined();
  });

  test("checkbox and choices", () => {
    expect(evaluateValue({ checkbox: true, choices: "", units: "" }, "on")).toEqual({ data: "True", data_numeric: 1 });
    expect(evaluateValue({ checkbox: true, choices: "", units: "" }, "nope")).toEqual({ data: "False", data_numeric: 0 });
    expect(evaluateValue({ checkbox: false, choices: "a, b", units: "" }, "b")).toEqual({ data: "b", data_numeric: null });
    expect(evaluateValue({ checkbox: false, choices: "a, b", units: "" }, "c")).toEqual({ error: "Invalid choice for parameter value" });
  });
});
