import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../server/app.ts";
import { openServices } from "../server/bootstrap.ts";
import { loadConfig } from "../server/core/config.ts";
import { runCli } from "./support/process.ts";

const dir = mkdtempSync(join(tmpdir(), "binventory-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "cli.sqlite");
const env = { BINVENTORY_DB: db };

/** Asks an in-process app on the same database who a token belongs to. */
async function whoIs(token: string): Promise<{ status: number; username?: string }> {
  const services = await openServices(loadConfig({ BINVENTORY_DB: db, BINVENTORY_LOG_LEVEL: "silent" }));
  try {
    const res = await createApp(services).handle(new Request("http://localhost/api/user/me/", { headers: { authorization: `Token ${token}` } }));
    const body = (await res.json()) as { username?: string };
    return { status: res.status, username: body.username };
  } finally {
    services.close();
  }
}

describe("binventory CLI", () => {
  test("migrate creates the database and says it is up to date", async () => {
    const r = await runCli(["migrate"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("up to date");
    expect(existsSync(db)).toBe(true);
  });

  test("createsuperuser takes the password from BINVENTORY_PASSWORD", async () => {
    const r = await runCli(["createsuperuser", "alice", "--email", "alice@example.com"], { ...env, BINVENTORY_PASSWORD: "alice-password" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created superuser alice \(pk \d+\)/);
  });

  test("a duplicate user is exit code 2 with a message", async () => {
    const r = await runCli(["createsuperuser", "alice"], { ...env, BINVENTORY_PASSWORD: "another-password" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("user alice already exists");
  });

  test("a too-short password is refused with exit code 2", async () => {
    const r = await runCli(["createsuperuser", "bob"], { ...env, BINVENTORY_PASSWORD: "short" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("at least 8");
  });

  test("token prints a working token for the user", async () => {
    const r = await runCli(["token", "alice"], env);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^inv-[0-9a-f]{40}$/);
    expect(await whoIs(token)).toEqual({ status: 200, username: "alice" });
    const altered = `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`;
    expect((await whoIs(altered)).status).toBe(401);
  });

  test("token for an unknown user is exit code 2", async () => {
    const r = await runCli(["token", "nobody"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("existing username");
  });

  test("seed adds the demo data once; the second run seeds nothing", async () => {
    const first = await runCli(["seed"], env);
    expect(first.code).toBe(0);
    const counts = JSON.parse(first.stdout.replace(/^seeded: /, "")) as Record<string, number>;
    expect(counts.parts).toBeGreaterThan(0);
    expect(counts.stock_items).toBeGreaterThan(0);
    const second = await runCli(["seed"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing seeded");
  });

  test("an unknown command is exit code 2 with the usage", async () => {
    const r = await runCli(["frobnicate"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command frobnicate");
    expect(r.stderr).toContain("createsuperuser");
  });
});
