import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basicAuth, type ServerProcess, startServer } from "./support/process.ts";

const dir = mkdtempSync(join(tmpdir(), "binventory-proc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the served process, over a real socket", () => {
  let server: ServerProcess;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ BINVENTORY_DB: join(dir, "served.sqlite"), BINVENTORY_ADMIN_USER: "boss", BINVENTORY_ADMIN_PASSWORD: "boss-password-123" });
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null) await server.stop();
  });

  test("listens on a loopback address and does not print a generated password", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.banner).not.toContain("password:");
  });

  test("GET /api/ answers without credentials", async () => {
    const r = await fetch(`${server.url}/api/`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/json");
    expect((await r.json()).server).toBe("Binventory");
  });

  test("GET /api/user/token/ with Basic auth returns a token that works on /api/user/me/", async () => {
    const r = await fetch(`${server.url}/api/user/token/`, { headers: { authorization: basicAuth("boss", "boss-password-123") } });
    expect(r.status).toBe(200);
    token = (await r.json()).token;
    expect(token).toMatch(/^inv-/);
    const me = await fetch(`${server.url}/api/user/me/`, { headers: { authorization: `Token ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: "boss", is_superuser: true });
  });

  test("401 without credentials or with a wrong password", async () => {
    expect((await fetch(`${server.url}/api/user/me/`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/user/token/`, { headers: { authorization: basicAuth("boss", "wrong") } })).status).toBe(401);
  });

  test("the demo stock is listed, paginated", async () => {
    const r = await fetch(`${server.url}/api/stock/?limit=5`, { headers: { authorization: `Token ${token}` } });
    expect(r.status).toBe(200);
    const page = await r.json();
    expect(page.count).toBeGreaterThanOrEqual(200);
    expect(page.results).toHaveLength(5);
    expect(typeof page.results[0].pk).toBe("number");
  });

  test("SIGTERM stops it cleanly", async () => {
    expect(await server.stop()).toBe(0);
    await expect(fetch(`${server.url}/api/`)).rejects.toThrow();
  });
});

describe("a new database without a configured admin", () => {
  const db = join(dir, "fresh.sqlite");
  test("prints a generated admin password once, and it works for Basic auth", async () => {
    const first = await startServer({ BINVENTORY_DB: db, BINVENTORY_DEMO: "0" });
    try {
      const user = first.banner.match(/username: (\S+)/)?.[1];
      const password = first.banner.match(/password: (\S+)/)?.[1];
      expect(user).toBe("admin");
      expect(password?.length).toBeGreaterThanOrEqual(12);
      const ok = await fetch(`${first.url}/api/user/token/`, { headers: { authorization: basicAuth(user ?? "", password ?? "") } });
      expect(ok.status).toBe(200);
      const wrong = await fetch(`${first.url}/api/user/token/`, { headers: { authorization: basicAuth("admin", `${password}x`) } });
      expect(wrong.status).toBe(401);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });

  test("a second start on the same database does not print it again", async () => {
    const second = await startServer({ BINVENTORY_DB: db, BINVENTORY_DEMO: "0" });
    try {
      expect(second.banner).toContain("listening on");
      expect(second.banner).not.toContain("password:");
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
