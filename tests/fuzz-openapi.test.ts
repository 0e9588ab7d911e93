/**
 * Issue 10: a property-based fuzz of every operation of the served OpenAPI document, on the demo
 * database, as a readonly user and as a superuser. For each operation fast-check generates path
 * and query parameters and bodies, valid per the document or hostile (wrong types, huge numbers,
 * wildcards, non-objects), and every answer must be one the document promises: never a 5xx, a
 * documented status, the documented content type (`application/json` exactly for JSON) and a body
 * that validates against the documented schema. Fixed seed, bounded runs (~15 s); for a longer hunt:
 * `FUZZ_RUNS=150 FUZZ_DELETE_RUNS=40 FUZZ_SEED=7 bun test tests/fuzz-openapi.test.ts`.
 *
 * Writes that delete run on a fresh app per operation, so they do not empty the database the other
 * operations are fuzzed against.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { makeTestApp, type TestApp, type TestResponse } from "./support/app.ts";
import { answerChecker, asParam, hostileValue, type Operation, operationsOf, type Schema, validValue } from "./support/openapi.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Runs per operation: enough to reach each field with valid and hostile values, bounded for CI. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const DELETE_RUNS = Number(process.env.FUZZ_DELETE_RUNS ?? 10);

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

/** Small pks find the demo objects; other values are whatever the document allows. */
function pathValue(doc: Json, name: string, schema: Schema): fc.Arbitrary<Json> {
  if (schema.type === "integer") return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: validValue(doc, schema) }, { weight: 1, arbitrary: hostileValue });
  const known: Record<string, string[]> = { model: ["part", "stockitem", "stocklocation", "company", "purchaseorder", "salesorder"], key: ["barcode-demo", "PART_IPN_REGEX", "LABEL_DEFAULT_ACTION"], setting: ["PREFIX"] };
  return fc.oneof({ weight: 3, arbitrary: known[name] ? fc.constantFrom(...known[name]) : validValue(doc, schema) }, { weight: 1, arbitrary: hostileValue });
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

/**
 * A request for `op`: half of the runs "tame" (valid values, at most two optional query
 * parameters, small pks) so handlers reach their success answers; the others mix in hostile values.
 */
function requestArbitrary(doc: Json, op: Operation): fc.Arbitrary<FuzzRequest> {
  const path: Record<string, fc.Arbitrary<Json>> = {};
  const tamePath: Record<string, fc.Arbitrary<Json>> = {};
  const query: Record<string, fc.Arbitrary<Json>> = {};
  const validQuery: Record<string, fc.Arbitrary<Json>> = {};
  const requiredQuery: string[] = [];
  for (const p of op.parameters) {
    if (p.in === "path") {
      path[p.name] = pathValue(doc, p.name, p.schema);
      tamePath[p.name] = p.schema.type === "integer" ? fc.integer({ min: 1, max: 12 }) : pathValue(doc, p.name, p.schema);
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
  const tame = fc.record({ role, path: fc.record(tamePath), query: tameQuery, body: op.body ? validValue(doc, op.body.schema) : fc.constant(undefined) });
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

/**
 * 5xx answers that belong to defects another issue-10 helper (h-r-guards) is fixing; allowed here
 * until both branches are merged.
 * TODO(issue 10 item 2, h-r-guards "bounds on every numeric query parameter"): drop this allowance.
 */
function knownDefect(req: FuzzRequest, res: TestResponse): string | undefined {
  if (res.status < 500) return undefined;
  const huge = Object.values(req.query).some((v) => {
    const n = Number(asParam(v));
    return Number.isFinite(n) && Math.abs(n) >= 2 ** 53;
  });
  return huge ? "issue 10 item 2: numeric query parameter beyond 2^53 (h-r-guards)" : undefined;
}

/** Fuzzes one operation; returns the failures (status, content type, schema), one per failing run. */
async function fuzzOperation(t: TestApp, op: Operation, runs: number, seed: number): Promise<string[]> {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(requestArbitrary(doc, op), async (req) => {
      // TODO(issue 10 item 4, h-r-guards "last superuser"): the fuzz leaves the superuser's own
      // account alone so later runs keep their credentials; the guard itself is tested there.
      if (op.path.startsWith("/api/user/{pk}/") && Number(asParam(req.path.pk)) === t.users.superuser) return;
      const { url, res } = await send(t, op, req);
      if (res.status < 300) succeeded.add(`${op.method} ${op.path}`);
      const knownReason = knownDefect(req, res);
      if (knownReason) {
        known.add(`${op.method} ${op.path}: ${knownReason}`);
        return;
      }
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
const known = new Set<string>();
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
  if (known.size) console.log(`fuzz: known defects allowed (owned by another helper):\n  ${[...known].join("\n  ")}`);
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
      const t = await makeTestApp({ demo: true });
      try {
        const failures: string[] = [];
        const mine = ops.filter((o) => groupOf(o.path) === group);
        // DELETE last, so the other operations find the demo objects.
        const ordered = [...mine.filter((o) => o.method !== "DELETE"), ...mine.filter((o) => o.method === "DELETE")];
        for (const [i, op] of ordered.entries()) failures.push(...(await fuzzOperation(t, op, op.method === "DELETE" ? DELETE_RUNS : RUNS, SEED + i)));
        expect(failures).toEqual([]);
      } finally {
        await t.close();
      }
    }, 60_000);
  }

  test("covers every operation of the document", () => {
    expect(ops.length).toBeGreaterThan(200);
    expect(ops.filter((o) => !GROUPS.includes(groupOf(o.path)))).toEqual([]);
  });

  // Last: most operations reached their handler's success answer, so their documented success
  // schemas were checked against real answers, not only the error paths.
  test("most operations answered 2xx at least once", () => {
    console.log(`fuzz: ${succeeded.size} of ${ops.length} operations answered 2xx`);
    expect(succeeded.size / ops.length).toBeGreaterThan(0.6);
  });
});
