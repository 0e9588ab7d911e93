/**
 * JSON request bodies whose objects always convert to a string. A body is user data: an object
 * such as `{"toString": "x"}` has no callable toString, and anything that prints it (`${value}`,
 * String(value): Elysia's validation summary does) throws a TypeError, a 500. Such objects get a
 * Symbol.toPrimitive, which JSON, Object.keys and schema validation never see.
 */

const SHADOWING_KEYS = ["toString", "valueOf"];

/** What `${object}` prints for any plain object. */
function plainToPrimitive(): string {
  return "[object Object]";
}

function guard(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && SHADOWING_KEYS.some((k) => Object.hasOwn(value, k))) {
    Object.defineProperty(value, Symbol.toPrimitive, { value: plainToPrimitive, enumerable: true });
  }
  return value;
}

/** JSON.parse for request bodies; the reviver only runs when a key could shadow a conversion. */
export function parseJsonBody(text: string): unknown {
  // Escapes (\u0074oString) can spell the keys too: any escape takes the careful path.
  const careful = text.includes("toString") || text.includes("valueOf") || text.includes("\\u");
  return careful ? JSON.parse(text, guard) : JSON.parse(text);
}
