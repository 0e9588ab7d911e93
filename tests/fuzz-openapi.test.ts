/**
 * Issue 10: a property-based fuzz of every operation of the served OpenAPI document, on the demo
 * database, as a readonly user and as a superuser. For each operation fast-check generates path
 * and query parameters and bodies, half "tame" (valid per the document and plausible, so handlers
 * reach their success answers) and half hostile (wrong types, huge numbers, wildcards, prototype
 * names, broken JSON, non-objects), and every answer must be one the document promises: never a
 * 5xx, a documented status, the documented content type (`application/json` exactly for JSON) and
 * a body that validates against the documented schema. Fixed seed, bounded runs (~35 s); for a
 * longer hunt: `FUZZ_RUNS=150 FUZZ_DELETE_RUNS=40 FUZZ_SEED=7 bun test tests/fuzz-openapi.test.ts`
 * (FUZZ_LOG=1 shows the server's error log, FUZZ_TIMES=1 the time per operation,
 * FUZZ_SHOW_UNREACHED=1 the operations that never answered 2xx).
 *
 * Each group of operations runs on its own demo app, DELETE last, so deletes do not empty the
 * database the other operations are fuzzed against.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { makeTestApp, type TestApp, type TestResponse } from "./support/app.ts";
import { answerChecker, asParam, hostileValue, type Operation, operationsOf, relatedIn, type Schema, tameValue, validValue } from "./support/openapi.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Runs per operation: enough to reach each field with valid and hostile values, bounded for CI. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const DELETE_RUNS = Number(process.env.FUZZ_DELETE_RUNS ?? 10);

/** An operation without parameters or body varies only in its role: a few runs cover it (`POST /api/plugins/reload/` costs 1-2 s a call). */
const INPUTLESS_RUNS = 4;

const runsFor = (op: Operation): number => (op.method === "DELETE" ? DELETE_RUNS : op.parameters.length === 0 && !op.body ? Math.min(RUNS, INPUTLESS_RUNS) : RUNS);

type Role = "readonly" | "superuser";
// biome-ignore lint: JSON values
type Json = any;

interface FuzzRequest {
  role: Role;
  path: Record<string, Json>;
  query: Record<string, Json>;
  /** The body value, or `undefined` for none. */
  body: Json;
}

/** Path values no list route above the parameter answers (`/api/metadata/{model}/{pk}/`, a plugin's settings). */
const KNOWN_PATH_VALUES: Record<string, string[]> = { model: ["part", "stockitem", "stocklocation", "company", "purchaseorder", "salesorder"], setting: ["PREFIX"] };

/** Small pks find the demo objects; other values are whatever the document allows. */
function pathValue(doc: Json, name: string, schema: Schema): fc.Arbitrary<Json> {
  if (schema.type === "integer") return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: validValue(doc, schema) }, { weight: 1, arbitrary: hostileValue });
  const known = KNOWN_PATH_VALUES[name];
  return fc.oneof({ weight: 3, arbitrary: known ? fc.constantFrom(...known) : validValue(doc, schema) }, { weight: 1, arbitrary: hostileValue });
}

/** A value for one field: mostly valid, sometimes hostile. */
const maybeHostile = (valid: fc.Arbitrary<Json>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });

/** A body: valid, valid with hostile fields, or something else entirely. */
function bodyArbitrary(doc: Json, schema: Schema): fc.Arbitrary<Json> {
  const valid = validValue(doc, schema);
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(props);
  const corrupted = names.length
    ? fc.tuple(valid, fc.subarray(names, { minLength: 1, maxLength: Math.min(3, names.length) }), fc.array(hostileValue, { minLength: 3, maxLength: 3 })).map(([v, keys, bad]) => {
        const out = { ...(v as object) } as Record<string, Json>;
        keys.forEach((k, i) => {
          out[k] = bad[i];
        });
        return out;
      })
    : valid;
  const raw = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("{", "[1,", '{"a":}', "\u0000", "{}garbage", "null")).map((text) => new RawBody(text));
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 3, arbitrary: corrupted }, { weight: 1, arbitrary: hostileValue }, { weight: 1, arbitrary: raw });
}

/** A body sent as is with `content-type: application/json` (not JSON.stringify'd): broken JSON. */
class RawBody {
  constructor(readonly text: string) {}
  toJSON() {
    return `<raw ${this.text}>`;
  }
}

/** What the tame runs pick from: the existing values of each path parameter and of each `x-related` list. */
interface Existing {
  path: Record<string, Json[]>;
  related: Map<string, Json[]>;
}

/** The values a list answers for `field` (its `pk`, or `key` for settings and plugins). */
async function listed(t: TestApp, url: string, field: string): Promise<Json[]> {
  const res = await t.call("GET", url, undefined, "superuser");
  const rows: Json[] = Array.isArray(res.body) ? res.body : (res.body?.results ?? []);
  return rows.map((r) => r?.[field]).filter((v) => v !== undefined && v !== null);
}

/**
 * The objects an operation can find now: each path parameter's values from the list route above it
 * (`/api/order/so/{pk}/issue/` → `GET /api/order/so/`), each documented foreign key's from its list.
 */
async function existingFor(t: TestApp, op: Operation): Promise<Existing> {
  const path: Record<string, Json[]> = {};
  for (const p of op.parameters.filter((p) => p.in === "path")) {
    const prefix = op.path.slice(0, op.path.indexOf(`{${p.name}}`));
    const values = prefix.includes("{") ? [] : await listed(t, prefix, p.name === "pk" ? "pk" : p.name);
    path[p.name] = values.length ? values : (KNOWN_PATH_VALUES[p.name] ?? []);
  }
  const related = new Map<string, Json[]>();
  if (op.body) for (const [key, r] of relatedIn(doc, op.body.schema)) related.set(key, await listed(t, key, r.pk_field ?? "pk"));
  return { path, related };
}

/**
 * A request for `op`: half of the runs "tame" (values valid per the document and plausible: objects
 * that exist, required fields and at most two optional ones, at most two optional query parameters)
 * so handlers reach their success answers; the others mix in hostile values. Tame writes go as the
 * superuser (a readonly user's write is a 403, which the wild runs check).
 */
function requestArbitrary(doc: Json, op: Operation, existing: Existing): fc.Arbitrary<FuzzRequest> {
  const path: Record<string, fc.Arbitrary<Json>> = {};
  const tamePath: Record<string, fc.Arbitrary<Json>> = {};
  const query: Record<string, fc.Arbitrary<Json>> = {};
  const validQuery: Record<string, fc.Arbitrary<Json>> = {};
  const requiredQuery: string[] = [];
  for (const p of op.parameters) {
    if (p.in === "path") {
      path[p.name] = pathValue(doc, p.name, p.schema);
      const found = existing.path[p.name] ?? [];
      tamePath[p.name] = found.length ? fc.constantFrom(...found) : path[p.name];
    } else {
      validQuery[p.name] = validValue(doc, p.schema);
      query[p.name] = maybeHostile(validQuery[p.name] as fc.Arbitrary<Json>);
      if (p.required) requiredQuery.push(p.name);
    }
  }
  const optional = Object.keys(validQuery).filter((n) => !requiredQuery.includes(n));
  const tameQuery = fc
    .subarray(optional, { maxLength: Math.min(2, optional.length) })
    .chain((names) => fc.record(Object.fromEntries([...requiredQuery, ...names].map((n) => [n, validQuery[n] as fc.Arbitrary<Json>]))));
  const role = fc.constantFrom<Role>("readonly", "superuser");
  const tame = fc.record({
    role: op.method === "GET" ? role : fc.constant<Role>("superuser"),
    path: fc.record(tamePath),
    query: tameQuery,
    body: op.body ? tameValue(doc, op.body.schema, existing.related) : fc.constant(undefined),
  });
  const wild = fc.record({
    role,
    path: fc.record(path),
    query: fc.record(query, { requiredKeys: requiredQuery }),
    body: op.body ? bodyArbitrary(doc, op.body.schema) : fc.constant(undefined),
  });
  return fc.oneof(tame, wild);
}

/** Sends a fuzz request through `app.handle`, as a JSON or multipart body per the document. */
async function send(t: TestApp, op: Operation, req: FuzzRequest): Promise<{ url: string; res: TestResponse }> {
  let url = op.path;
  for (const [k, v] of Object.entries(req.path)) url = url.replace(`{${k}}`, encodeURIComponent(asParam(v).toWellFormed()));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (v !== undefined) qs.set(k, asParam(v));
  if (qs.size) url += `?${qs}`;
  const headers: Record<string, string> = { authorization: `Token ${t.tokens[req.role]}` };
  let body: BodyInit | undefined;
  if (req.body !== undefined && op.body?.media === "multipart/form-data") {
    const form = new FormData();
    const fields = typeof req.body === "object" && req.body !== null && !Array.isArray(req.body) ? req.body : { value: req.body };
    for (const [k, v] of Object.entries<Json>(fields)) {
      if (v === undefined) continue;
      form.set(k, v === "file" ? new File(["fuzz file\n"], "fuzz.txt", { type: "text/plain" }) : asParam(v));
    }
    body = form;
  } else if (req.body instanceof RawBody) {
    body = req.body.text;
    headers["content-type"] = "application/json";
  } else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers["content-type"] = "application/json";
  }
  const response = await t.app.handle(new Request(`http://localhost${url}`, { method: op.method, headers, body }));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  return { url, res: { status: response.status, body: parsed, headers: response.headers, text } };
}

/** Fuzzes one operation; returns the failures (status, content type, schema), one per failing run. */
async function fuzzOperation(t: TestApp, op: Operation, runs: number, seed: number): Promise<string[]> {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(requestArbitrary(doc, op, await existingFor(t, op)), async (req) => {
      const { url, res } = await send(t, op, req);
      if (res.status < 300) succeeded.add(`${op.method} ${op.path}`);
      const problems = res.status >= 500 ? [`${res.status} ${res.text.slice(0, 200)}`] : check(op, res);
      if (problems.length) failures.push(`${req.role} ${op.method} ${url} ${req.body === undefined ? "" : JSON.stringify(req.body).slice(0, 300)}\n    ${problems.join("\n    ")}`);
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  return failures;
}

let doc: Json;
let ops: Operation[];
let check: ReturnType<typeof answerChecker>;
/** Operations that answered 2xx at least once: their success schemas were checked against real answers. */
const succeeded = new Set<string>();

beforeAll(async () => {
  const t = await makeTestApp({ demo: true });
  doc = (await t.call("GET", "/api/schema/", undefined, null)).body;
  ops = operationsOf(doc);
  check = answerChecker(doc);
  await t.close();
});
afterAll(() => {
  if (process.env.FUZZ_SHOW_UNREACHED) console.log(`fuzz: no 2xx for\n  ${ops.filter((o) => !succeeded.has(`${o.method} ${o.path}`)).map((o) => `${o.method} ${o.path}`).join("\n  ")}`);
});

/** Operation groups by first path segment after /api/, each fuzzed on its own demo app. */
const GROUPS = ["part", "stock", "company", "order", "user", "plugins|action|settings|notifications", "barcode", "report|label|data-output", "attachment|metadata|parameter|search|"];

const groupOf = (path: string) => {
  const segment = path.split("/")[2] ?? "";
  return GROUPS.find((g) => g.split("|").includes(segment)) ?? "attachment|metadata|parameter|search|";
};

describe("OpenAPI-driven fuzz", () => {
  for (const group of GROUPS) {
    test(`${group.replace(/\|$/, "") || "root"}: every answer is documented, never a 5xx`, async () => {
      // FUZZ_LOG=1: the server's own log of what went wrong (stderr). No fsync per commit: what
      // is checked here is the answers, not durability (tests/database-reliability.test.ts).
      const t = await makeTestApp({ demo: true, env: { BINVENTORY_DURABILITY: "normal", ...(process.env.FUZZ_LOG ? { BINVENTORY_LOG_LEVEL: "error" } : {}) } });
      try {
        const failures: string[] = [];
        const mine = ops.filter((o) => groupOf(o.path) === group);
        // DELETE last, so the other operations find the demo objects.
        const ordered = [...mine.filter((o) => o.method !== "DELETE"), ...mine.filter((o) => o.method === "DELETE")];
        for (const [i, op] of ordered.entries()) {
          const started = performance.now();
          failures.push(...(await fuzzOperation(t, op, runsFor(op), SEED + i)));
          if (process.env.FUZZ_TIMES) console.log(`${(performance.now() - started).toFixed(0).padStart(6)} ms ${op.method} ${op.path}`);
        }
        expect(failures).toEqual([]);
      } finally {
        await t.close();
      }
    }, Math.max(60_000, RUNS * 3_000));
  }

  test("covers every operation of the document", () => {
    expect(ops.length).toBeGreaterThan(200);
    expect(ops.filter((o) => !GROUPS.includes(groupOf(o.path)))).toEqual([]);
  });

  // Last: most operations reached their handler's success answer, so their documented success
  // schemas were checked against real answers, not only the error paths.
  test("most operations answered 2xx at least once", () => {
    console.log(`fuzz: ${succeeded.size} of ${ops.length} operations answered 2xx`);
    expect(succeeded.size / ops.length).toBeGreaterThan(0.8);
  });
});
