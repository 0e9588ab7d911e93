// A small JSON value for AssemblyScript plugins: parse, read, build, print.
// AssemblyScript has no exceptions to catch, so parse() returns null and sets jsonError.

export const enum Kind {
  Null = 0,
  Bool = 1,
  Num = 2,
  Str = 3,
  Arr = 4,
  Obj = 5,
}

/** Why the last Json.parse returned null. */
export let jsonError = "";

const MAX_DEPTH = 128;
// Scalars share these (never written: set/push only touch objects/arrays), so a number costs no arrays.
const NO_ITEMS: Json[] = [];
const NO_KEYS: string[] = [];

export class Json {
  kind: Kind = Kind.Null;
  bool: bool = false;
  num: f64 = 0;
  str: string = "";
  /** Array elements, or object values (keys in `keys`, same order). */
  items: Json[] = NO_ITEMS;
  keys: string[] = NO_KEYS;

  static null(): Json {
    return new Json();
  }
  static bool(b: bool): Json {
    const v = new Json();
    v.kind = Kind.Bool;
    v.bool = b;
    return v;
  }
  static num(n: f64): Json {
    const v = new Json();
    v.kind = Kind.Num;
    v.num = n;
    return v;
  }
  static str(s: string): Json {
    const v = new Json();
    v.kind = Kind.Str;
    v.str = s;
    return v;
  }
  static arr(items: Json[] = []): Json {
    const v = new Json();
    v.kind = Kind.Arr;
    v.items = items.length == 0 ? [] : items;
    return v;
  }
  static obj(): Json {
    const v = new Json();
    v.kind = Kind.Obj;
    v.items = [];
    v.keys = [];
    return v;
  }

  /** Sets (or replaces) an object member; returns this, for chaining. Does nothing on a non-object. */
  set(key: string, value: Json): Json {
    if (this.kind != Kind.Obj) return this;
    const i = this.keys.indexOf(key);
    if (i >= 0) {
      this.items[i] = value;
    } else {
      this.keys.push(key);
      this.items.push(value);
    }
    return this;
  }

  /** Appends to an array; returns this. Does nothing on a non-array. */
  push(value: Json): Json {
    if (this.kind == Kind.Arr) this.items.push(value);
    return this;
  }

  /** The member `key`, or a Null value when absent or this is not an object. */
  get(key: string): Json {
    if (this.kind != Kind.Obj) return new Json();
    const i = this.keys.indexOf(key);
    return i >= 0 ? this.items[i] : new Json();
  }

  isNull(): bool {
    return this.kind == Kind.Null;
  }
  isNumber(): bool {
    return this.kind == Kind.Num;
  }
  isString(): bool {
    return this.kind == Kind.Str;
  }
  /** True for a whole number (a pk, a count). */
  isInteger(): bool {
    return this.kind == Kind.Num && Math.floor(this.num) == this.num && Math.abs(this.num) < 9.0e15;
  }

  /** Compact JSON text. */
  toString(): string {
    switch (this.kind) {
      case Kind.Bool:
        return this.bool ? "true" : "false";
      case Kind.Num:
        return numberText(this.num);
      case Kind.Str:
        return quote(this.str);
      case Kind.Arr: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) parts[i] = this.items[i].toString();
        return "[" + parts.join(",") + "]";
      }
      case Kind.Obj: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) parts[i] = quote(this.keys[i]) + ":" + this.items[i].toString();
        return "{" + parts.join(",") + "}";
      }
    }
    return "null";
  }

  /** Parses a whole JSON text; null (and jsonError set) when it is not JSON. */
  static parse(text: string): Json | null {
    const p = new Parser(text);
    const v = p.value(0);
    if (v === null) return null;
    p.ws();
    if (p.i != text.length) {
      jsonError = "unexpected text at " + p.i.toString();
      return null;
    }
    return v;
  }
}

/** A JSON number: whole numbers without ".0", NaN and infinities as null. */
export function numberText(n: f64): string {
  if (!isFinite(n)) return "null";
  if (Math.floor(n) == n && Math.abs(n) < 9.0e15) return (<i64>n).toString();
  return n.toString();
}

/** A quoted, escaped JSON string. */
export function quote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c != 0x22 && c != 0x5c && c >= 0x20) continue;
    out += s.substring(start, i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    start = i + 1;
  }
  return out + s.substring(start) + '"';
}

class Parser {
  i: i32 = 0;
  constructor(public s: string) {}

  fail(what: string): Json | null {
    jsonError = what + " at " + this.i.toString();
    return null;
  }

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.i++;
    }
  }

  /** Consumes `lit` if it comes next; compares code units, no substring (parsing is hot). */
  eat(lit: string): bool {
    const n = lit.length;
    if (this.i + n > this.s.length) return false;
    for (let k = 0; k < n; k++) if (this.s.charCodeAt(this.i + k) != lit.charCodeAt(k)) return false;
    this.i += n;
    return true;
  }

  /** Consumes one code unit if it is `c`. */
  eatChar(c: i32): bool {
    if (this.i >= this.s.length || this.s.charCodeAt(this.i) != c) return false;
    this.i++;
    return true;
  }

  value(depth: i32): Json | null {
    if (depth > MAX_DEPTH) return this.fail("nested too deeply");
    this.ws();
    if (this.i >= this.s.length) return this.fail("unexpected end");
    const c = this.s.charCodeAt(this.i);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      return s === null ? null : Json.str(s);
    }
    if (c == 0x74 && this.eat("true")) return Json.bool(true);
    if (c == 0x66 && this.eat("false")) return Json.bool(false);
    if (c == 0x6e && this.eat("null")) return Json.null();
    return this.number();
  }

  object(depth: i32): Json | null {
    this.i++;
    const o = Json.obj();
    this.ws();
    if (this.eatChar(0x7d)) return o;
    while (true) {
      this.ws();
      const key = this.string();
      if (key === null) return null;
      this.ws();
      if (!this.eatChar(0x3a)) return this.fail("expected ':'");
      const v = this.value(depth + 1);
      if (v === null) return null;
      o.keys.push(key);
      o.items.push(v);
      this.ws();
      if (this.eatChar(0x7d)) return o;
      if (!this.eatChar(0x2c)) return this.fail("expected ',' or '}'");
    }
    return null; // unreachable; the compiler wants a return
  }

  array(depth: i32): Json | null {
    this.i++;
    const a = Json.arr();
    this.ws();
    if (this.eatChar(0x5d)) return a;
    while (true) {
      const v = this.value(depth + 1);
      if (v === null) return null;
      a.items.push(v);
      this.ws();
      if (this.eatChar(0x5d)) return a;
      if (!this.eatChar(0x2c)) return this.fail("expected ',' or ']'");
    }
    return null;
  }

  number(): Json | null {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (!((c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2b || c == 0x2e || c == 0x65 || c == 0x45)) break;
      this.i++;
    }
    const n = parseFloat(this.s.substring(start, this.i));
    if (this.i == start || isNaN(n)) {
      this.i = start;
      return this.fail("invalid value");
    }
    return Json.num(n);
  }

  hex4(): i32 {
    if (this.i + 4 > this.s.length) return -1;
    const n = I32.parseInt(this.s.substr(this.i, 4), 16);
    this.i += 4;
    return n;
  }

  string(): string | null {
    if (!this.eatChar(0x22)) {
      this.fail("expected a string");
      return null;
    }
    let out = "";
    let start = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c == 0x22) {
        const tail = this.s.substring(start, this.i);
        this.i++;
        return out.length == 0 ? tail : out + tail;
      }
      if (c != 0x5c) {
        this.i++;
        continue;
      }
      out += this.s.substring(start, this.i);
      this.i++;
      if (this.i >= this.s.length) break;
      const e = this.s.charCodeAt(this.i++);
      if (e == 0x6e) out += "\n";
      else if (e == 0x74) out += "\t";
      else if (e == 0x72) out += "\r";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x75) {
        const code = this.hex4();
        if (code < 0) break;
        out += String.fromCharCode(code); // UTF-16 code unit: surrogate pairs join by themselves
      } else out += String.fromCharCode(e);
      start = this.i;
    }
    this.fail("unterminated string");
    return null;
  }
}
