import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });

describe("server info", () => {
  test("GET /api/ answers without auth with InvenTree's fields", async () => {
    const r = await t.call("GET", "/api/", undefined, null);
    expect(r.status).toBe(200);
    expect(r.body.server).toBe("Binventory");
    expect(r.body.apiVersion).toBeGreaterThanOrEqual(206);
    expect(Array.isArray(r.body.active_plugins)).toBe(true);
  });
  test("every response carries a request id: the client's, or a new one", async () => {
    const mine = await t.call("GET", "/api/", undefined, null, { "x-request-id": "scanner-42" });
    expect(mine.headers.get("x-request-id")).toBe("scanner-42");
    const a = (await t.call("GET", "/api/no/such/", undefined, null)).headers.get("x-request-id");
    const b = (await t.call("GET", "/api/", undefined, null)).headers.get("x-request-id");
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });
  test("unknown /api paths answer 404 JSON", async () => {
    const r = await t.call("GET", "/api/no/such/thing/");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ detail: "Not found." });
  });
  test("the OpenAPI document is served", async () => {
    const r = await t.call("GET", "/api/schema/", undefined, null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toContain("/api/user/me/");
  });
});

describe("tokens", () => {
  test("HTTP Basic on /api/user/token/ returns a working token", async () => {
    const r = await t.call("GET", "/api/user/token/?name=scanner", undefined, null, basic("staff", "staff-password"));
    expect(r.status).toBe(200);
    expect(r.body.token).toMatch(/^inv-[0-9a-f]{40}$/);
    expect(r.body.name).toBe("scanner");
    const me = await t.call("GET", "/api/user/me/", undefined, null, { authorization: `Token ${r.body.token}` });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe("staff");
    expect(me.body.is_staff).toBe(true);
    expect(me.body.is_superuser).toBe(false);
  });
  test("a wrong password or no credentials is 401 with detail", async () => {
    const bad = await t.call("GET", "/api/user/token/", undefined, null, basic("staff", "nope"));
    expect(bad.status).toBe(401);
    expect(typeof bad.body.detail).toBe("string");
    const none = await t.call("GET", "/api/user/me/", undefined, null);
    expect(none.status).toBe(401);
    const garbage = await t.call("GET", "/api/user/me/", undefined, null, { authorization: "Token inv-000" });
    expect(garbage.status).toBe(401);
  });
  test("a revoked token stops working", async () => {
    const r = await t.call("GET", "/api/user/token/", undefined, null, basic("reader", "reader-password"));
    const auth = { authorization: `Token ${r.body.token}` };
    const list = await t.call("GET", "/api/user/tokens/", undefined, null, auth);
    const mine = (list.body as { pk: number; name: string; token: string }[]).find((x) => r.body.token.startsWith(x.token.replace("…", "")) && x.name === "default");
    expect(mine).toBeDefined();
    expect((await t.call("DELETE", `/api/user/tokens/${mine?.pk}/`, undefined, null, auth)).status).toBe(204);
    expect((await t.call("GET", "/api/user/me/", undefined, null, auth)).status).toBe(401);
  });
});

describe("user administration", () => {
  test("only superusers manage users: 403 for staff", async () => {
    expect((await t.call("GET", "/api/user/", undefined, "staff")).status).toBe(403);
    expect((await t.call("POST", "/api/user/", { username: "x", password: "longenough" }, "readonly")).status).toBe(403);
  });
  test("create, duplicate, bad fields", async () => {
    const ok = await t.call("POST", "/api/user/", { username: "alice", password: "correct horse", role: "staff" });
    expect(ok.status).toBe(201);
    expect(ok.body.role).toBe("staff");
    const dup = await t.call("POST", "/api/user/", { username: "alice", password: "correct horse" });
    expect(dup.status).toBe(400);
    expect(dup.body.username).toEqual(["A user with that username already exists."]);
    const bad = await t.call("POST", "/api/user/", { username: "bob", password: "short", role: "emperor" });
    expect(bad.status).toBe(400);
    expect(bad.body.password[0]).toContain("at least 8");
    expect(bad.body.role).toBeDefined();
    const list = await t.call("GET", "/api/user/?limit=2");
    expect(list.body.count).toBe(4);
    expect(list.body.results).toHaveLength(2);
    expect(list.body.next).toContain("offset=2");
  });
  test("malformed JSON is 400, never 500", async () => {
    const r = await t.call("POST", "/api/user/", "{not json");
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain("JSON parse error");
  });
  test("an oversized body is refused before it is read", async () => {
    const r = await t.call("POST", "/api/user/", { username: "big", password: "x".repeat(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
  });
});
