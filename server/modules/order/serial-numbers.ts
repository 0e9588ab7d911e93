/**
 * InvenTree's extract_serial_numbers, the common forms: "1, 2, 5-8" or "A1 A2". Returns the serials,
 * or the messages DRF would give under `serial_numbers`.
 */
// Not stock/serial-numbers.ts: this subset (no "~" or "+", numeric ranges ≤ 1000) has its own messages that receive clients see.
export function parseSerialNumbers(input: string, expected: number): { serials: string[] } | { errors: string[] } {
  const errors: string[] = [];
  if (!Number.isInteger(expected)) return { errors: ["Serial numbers can only be assigned to an integer quantity"] };
  const serials: string[] = [];
  const seen = new Set<string>();
  const add = (s: string) => {
    if (seen.has(s)) errors.push(`Duplicate serial: ${s}`);
    else {
      seen.add(s);
      serials.push(s);
    }
  };
  for (const group of input.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(group);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      // A backwards or huge range is a typo, not a request for a million items.
      if (b < a || b - a >= 1000) errors.push(`Invalid group range: ${group}`);
      else for (let n = a; n <= b; n++) add(String(n));
    } else if (/^[\w.\-/#]+$/.test(group)) add(group);
    else errors.push(`Invalid group: ${group}`);
  }
  if (errors.length) return { errors };
  if (serials.length === 0) return { errors: ["Empty serial number string"] };
  if (serials.length !== expected) return { errors: [`Number of unique serial numbers (${serials.length}) must match quantity (${expected})`] };
  return { serials };
}
