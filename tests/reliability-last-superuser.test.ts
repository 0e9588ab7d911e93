/** Issue 10: the last active superuser cannot be demoted, deactivated or deleted (through HTTP). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { issueToken } from "../server/modules/user/service.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

/** A second superuser and a token for it. */
async function secondSuperuser(): Promise<{ pk: number; auth: Record<string, string> }> {
  const r = await t.call("POST", "/api/user/", { username: "root2", password: "root2-password", role: "superuser" });
  expect(r.status).toBe(201);
  return { pk: r.body.pk, auth: { authorization: `Token ${(await issueToken(t.services.database, r.body.pk, "test")).token}` } };
}

describe("the last active superuser", () => {
  test("cannot demote itself: 400 naming role, nothing changed", async () => {
    const r = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { role: "readonly" });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ role: ["The last active superuser cannot be demoted."] });
    const me = await t.call("GET", "/api/user/me/");
    expect(me.body.role).toBe("superuser");
  });

  test("cannot deactivate itself: 400 naming is_active, also with DRF's string boolean", async () => {
    for (const is_active of [false, "false"]) {
      const r = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { is_active });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ is_active: ["The last active superuser cannot be deactivated."] });
    }
    expect((await t.call("GET", "/api/user/me/")).body.is_active).toBe(true);
  });

  test("a demotion and another field in one PATCH change nothing at all", async () => {
    const r = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { first_name: "Changed", role: "staff" });
    expect(r.status).toBe(400);
    expect((await t.call("GET", "/api/user/me/")).body.first_name).toBe("");
  });

  test("cannot be deleted (own account), and other edits still work", async () => {
    const del = await t.call("DELETE", `/api/user/${t.users.superuser}/`);
    expect(del.status).toBe(400);
    const ok = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { first_name: "Root", role: "superuser", is_active: true });
    expect(ok.status).toBe(200);
    expect(ok.body.first_name).toBe("Root");
  });

  test("with a second active superuser, one may step down; then the other is the last", async () => {
    const second = await secondSuperuser();
    const down = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { role: "staff" });
    expect(down.status).toBe(200);
    expect(down.body.is_superuser).toBe(false);
    const last = await t.call("PATCH", `/api/user/${second.pk}/`, { is_active: false }, null, second.auth);
    expect(last.status).toBe(400);
    expect(Object.keys(last.body)).toEqual(["is_active"]);
  });

  test("an inactive superuser does not count as the remaining one", async () => {
    const second = await secondSuperuser();
    expect((await t.call("PATCH", `/api/user/${second.pk}/`, { is_active: false })).status).toBe(200);
    const r = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { role: "staff" });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body)).toEqual(["role"]);
  });

  test("two concurrent demotions of the last two superusers: exactly one succeeds", async () => {
    const second = await secondSuperuser();
    // Each demotes itself, with a password change so that both requests await a hash first.
    const [a, b] = await Promise.all([
      t.call("PATCH", `/api/user/${t.users.superuser}/`, { role: "readonly", password: "new-password-1" }),
      t.call("PATCH", `/api/user/${second.pk}/`, { role: "readonly", password: "new-password-2" }, null, second.auth),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const list = await t.call("GET", "/api/user/", undefined, a.status === 200 ? null : "superuser", a.status === 200 ? second.auth : {});
    expect(list.body.filter((u: { is_superuser: boolean; is_active: boolean }) => u.is_superuser && u.is_active)).toHaveLength(1);
  });

  test("a PATCH without role keeps the role (Elysia used to fill an absent UnionEnum with readonly)", async () => {
    const r = await t.call("PATCH", `/api/user/${t.users.staff}/`, { first_name: "Still staff" });
    expect(r.status).toBe(200);
    expect(r.body.role).toBe("staff");
    const root = await t.call("PATCH", `/api/user/${t.users.superuser}/`, { is_active: true });
    expect(root.body.role).toBe("superuser");
  });

  test("deleting a superuser while another remains works", async () => {
    const second = await secondSuperuser();
    expect((await t.call("DELETE", `/api/user/${second.pk}/`)).status).toBe(204);
  });
});
