/**
 * DRF DecimalField's precision check (rest_framework/fields.py `validate_precision`), for
 * InvenTree's quantities: `DecimalField(max_digits=15, decimal_places=5)`. The value's digits and
 * exponent are read from its shortest decimal spelling, as Python's `Decimal(str(float))`.
 * Returns DRF's message, or null when the value fits. Refusing, not rounding: DRF rounds only when
 * the field says so, and InvenTree's don't; `1e-320` would otherwise be tracked as `{"added": 0}`.
 */
export function decimalPrecisionError(value: number, maxDigits = 15, decimalPlaces = 5): string | null {
  if (!Number.isFinite(value)) return "A valid number is required.";
  const [mantissa, exp = "0"] = Math.abs(value).toString().split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = `${whole}${fraction}`.replace(/^0+/, "") || "0";
  const exponent = Number(exp) - fraction.length;
  let total: number;
  let places: number;
  if (exponent >= 0) {
    total = digits.length + exponent;
    places = 0;
  } else if (digits.length > -exponent) {
    total = digits.length;
    places = -exponent;
  } else {
    total = -exponent;
    places = total;
  }
  if (total > maxDigits) return `Ensure that there are no more than ${maxDigits} digits in total.`;
  if (places > decimalPlaces) return `Ensure that there are no more than ${decimalPlaces} decimal places.`;
  if (total - places > maxDigits - decimalPlaces) return `Ensure that there are no more than ${maxDigits - decimalPlaces} digits before the decimal point.`;
  return null;
}
