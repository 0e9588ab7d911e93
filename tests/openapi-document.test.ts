/**
 * Issue 10 item 3: the served OpenAPI document is valid OpenAPI 3.1, complete (bodies, exact
 * types, every answer incl. DRF errors, no phantom operations), and true: for every operation, a
 * request built from the document gets an answer the document promises.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { answerChecker, asParam, type Operation, operationsOf, validValue } from "./support/openapi.ts";

let t: TestApp;
// biome-ignore lint: JSON document
let doc: any;
let ops: Operation[];

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  const r = await t.call("GET", "/api/schema/", undefined, null);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("application/json");
  doc = r.body;
  ops = operationsOf(doc);
});
afterAll(() => t.close());

/** Path parameters that name an object of the demo data, so the example reaches the handler. */
const EXISTING: Record<string, string> = { pk: "1", model: "part", key: "barcode-demo", setting: "PREFIX", name: "x.pdf" };

/** A request for `op` from the document: required parameters and body, values sampled with a fixed seed. */
function exampleRequest(op: Operation, seed: number): { url: string; body?: unknown } {
  const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed, numRuns: 1 })[0] as T;
  let url = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(EXISTING[p.name] ?? asParam(sample(validValue(doc, p.schema)))));
    else if (p.required) query.set(p.name, asParam(sample(validValue(doc, p.schema))));
  }
  const qs = query.toString();
  return { url: qs ? `${url}?${qs}` : url, body: op.body?.media === "application/json" ? sample(validValue(doc, op.body.schema)) : undefined };
}

describe("the OpenAPI document", () => {
  test("validates against the OpenAPI 3.1 meta-schema", async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toStartWith("3.1.");
  });

  test("lists no phantom operations", () => {
    expect(Object.keys(doc.paths).filter((p) => p.includes("*") || !p.startsWith("/api/") || p.includes("//"))).toEqual([]);
    expect(ops.filter((o) => !["GET", "POST", "PUT", "PATCH", "DELETE"].includes(o.method)).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(ops.length).toBeGreaterThan(200);
  });

  test("describes every request body with its media type", () => {
    const bodies = ops.filter((o) => o.op.requestBody);
    expect(bodies.length).toBeGreaterThan(100);
    expect(bodies.filter((o) => Object.keys(o.op.requestBody.content ?? {}).length === 0).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(doc.paths["/api/attachment/"].post.requestBody.content["multipart/form-data"]).toBeDefined();
    expect(doc.paths["/api/stock/add/"].post.requestBody.content["application/json"].schema.properties.items.items.properties.pk.type).toBe("integer");
  });

  test("states exact types: no integer-as-string transforms", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"format":"integer"');
    expect(text).not.toContain('"format":"numeric"');
    const limit = doc.paths["/api/part/"].get.parameters.find((p: { name: string }) => p.name === "limit");
    expect(limit).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1 } });
    const pk = doc.paths["/api/part/{pk}/"].get.parameters.find((p: { name: string }) => p.name === "pk");
    expect(pk).toMatchObject({ in: "path", required: true, schema: { type: "integer" } });
  });

  test("documents every answer: success, DELETE's 204 and the DRF errors as shared components", () => {
    for (const o of ops) {
      const statuses = Object.keys(o.op.responses);
      expect(statuses.some((s) => s.startsWith("2")), `${o.method} ${o.path}`).toBe(true);
      if (o.op.requestBody) expect(statuses, `${o.method} ${o.path}`).toContain("400");
    }
    expect(doc.paths["/api/part/{pk}/"].delete.responses["204"]).toEqual({ description: "Deleted." });
    expect(doc.paths["/api/part/{pk}/"].patch.responses).toMatchObject({
      "400": { $ref: "#/components/responses/BadRequest" },
      "401": { $ref: "#/components/responses/Unauthorized" },
      "403": { $ref: "#/components/responses/Forbidden" },
      "404": { $ref: "#/components/responses/NotFound" },
      "413": { $ref: "#/components/responses/PayloadTooLarge" },
    });
    expect(doc.components.schemas.ErrorDetail.required).toEqual(["detail"]);
    // Public routes say so; the token routes take HTTP Basic.
    expect(doc.paths["/api/"].get.security).toEqual([]);
    expect(doc.paths["/api/user/token/"].get.security).toContainEqual({ basicAuth: [] });
  });

  test("every operation answers an example request as the document says", async () => {
    const check = answerChecker(doc);
    const problems: string[] = [];
    // Writes that remove data run last, so the other examples find the demo objects.
    const ordered = [...ops.filter((o) => o.method !== "DELETE"), ...ops.filter((o) => o.method === "DELETE")];
    for (const [i, o] of ordered.entries()) {
      const { url, body } = exampleRequest(o, 1000 + i);
      const r = await t.call(o.method, url, body);
      expect(r.status, `${o.method} ${url}`).toBeLessThan(500);
      if (process.env.SHOW) console.log(r.status, o.method, url, r.text.slice(0, 120));
      for (const p of check(o, r)) problems.push(`${o.method} ${url}: ${p}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  test("answers without credentials and for a readonly user are documented too", async () => {
    const check = answerChecker(doc);
    const problems: string[] = [];
    for (const [i, o] of ops.entries()) {
      if (o.method === "DELETE") continue;
      const { url, body } = exampleRequest(o, 5000 + i);
      for (const who of [null, "readonly"] as const) {
        const r = await t.call(o.method, url, body, who);
        for (const p of check(o, r)) problems.push(`${who ?? "anonymous"} ${o.method} ${url}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
