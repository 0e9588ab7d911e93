/**
 * InvenTree's serial-number expression, e.g. "1-5, 8, 10+2, ~": single serials, ranges, sequences
 * ("<start>+" fills the remaining quantity, "<start>+<n>" gives n more after start) and "~" for the
 * next free serial. Parsing is pure; the caller supplies the part's latest serial.
 */

/** A serial expression that cannot be expanded; `messages` are InvenTree's wording. */
export class SerialNumberError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(" "));
  }
}

/** The serial after `serial`: its trailing digits incremented, zero padding kept ("A009" → "A010"); null when it has none. */
export function incrementSerial(serial: string | null | undefined): string | null {
  if (serial === null || serial === undefined || serial === "") return null;
  const m = /^(.*?)(\d+)$/.exec(serial);
  if (!m) return null;
  const [, prefix, digits] = m;
  const next = (BigInt(digits) + 1n).toString();
  return prefix + next.padStart(digits.length, "0");
}

const MAX_SERIALS = 10_000;

/**
 * Expands a serial-number expression into exactly `quantity` distinct serials.
 * @param latest the part's highest existing serial, used by "~" (null: start at 1)
 * @throws SerialNumberError with every problem found
 */
export function parseSerialNumbers(input: string, quantity: number, latest: string | null): string[] {
  let text = input.trim();
  if (text.length === 0) throw new SerialNumberError(["Empty serial number string"]);
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > MAX_SERIALS) throw new SerialNumberError(["Invalid quantity provided"]);

  let next = latest ? incrementSerial(latest) : "1";
  while (text.includes("~") && next) {
    text = text.replace("~", next);
    next = incrementSerial(next);
  }

  const groups = text.split(/[\s,]+/).filter((g) => g.length > 0);
  const serials: string[] = [];
  const seen = new Set<string>();
  const errors: string[] = [];
  const addError = (e: string) => {
    if (!errors.includes(e)) errors.push(e);
  };
  const addSerial = (s: string) => {
    const v = s.trim();
    if (!v) return;
    if (seen.has(v)) addError(`Duplicate serial: ${v}`);
    else {
      seen.add(v);
      serials.push(v);
    }
  };

  // As InvenTree: when there are exactly as many groups as items, take each group literally.
  if (groups.length === quantity) {
    groups.forEach(addSerial);
    if (errors.length) throw new SerialNumberError(errors);
    return serials;
  }

  for (const group of groups) {
    const remaining = quantity - serials.length;
    if (group.includes("-")) {
      const parts = group.split("-");
      if (parts.length !== 2) {
        addSerial(group);
        continue;
      }
      const [a, b] = parts;
      if (!a || !b || a === b) {
        addError(`Invalid group range: ${group}`);
        continue;
      }
      const items: string[] = [a];
      let cur: string | null = a;
      let reached = false;
      while (items.length <= remaining) {
        cur = incrementSerial(cur);
        if (cur === null) break;
        items.push(cur);
        if (cur === b) {
          reached = true;
          break;
        }
      }
      if (items.length > remaining) addError(`Group range ${group} exceeds allowed quantity (${quantity})`);
      else if (reached) items.forEach(addSerial);
      else addError(`Invalid group range: ${group}`);
    } else if (group.includes("+")) {
      const parts = group.split("+");
      if (parts.length !== 2 || !parts[0]) {
        addError(`Invalid group sequence: ${group}`);
        continue;
      }
      let count = Math.max(0, remaining);
      if (parts[1]) {
        if (!/^\d+$/.test(parts[1])) {
          addError(`Invalid group sequence: ${group}`);
          continue;
        }
        count = Number(parts[1]) + 1;
      }
      if (count > MAX_SERIALS) {
        addError(`Group range ${group} exceeds allowed quantity (${quantity})`);
        continue;
      }
      const items: string[] = [];
      let cur: string | null = parts[0];
      while (cur !== null && items.length < count) {
        items.push(cur);
        cur = incrementSerial(cur);
      }
      if (items.length === count) items.forEach(addSerial);
      else addError(`Invalid group sequence: ${group}`);
    } else {
      addSerial(group);
    }
  }

  if (errors.length) throw new SerialNumberError(errors);
  if (serials.length === 0) throw new SerialNumberError(["No serial numbers found"]);
  if (serials.length !== quantity) throw new SerialNumberError([`Number of unique serial numbers (${serials.length}) must match quantity (${quantity})`]);
  return serials;
}
