import { test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import { openServices, type Services } from "../../server/bootstrap.ts";
import { loadConfig } from "../../server/core/config.ts";
import { createUser, issueToken } from "../../server/modules/user/service.ts";
import { freshPostgresDatabase } from "./postgres.ts";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  /** Tokens for one user of each role. */
  tokens: { superuser: string; staff: string; readonly: string };
  users: { superuser: number; staff: number; readonly: number };
  /** Calls the app: `call("POST", "/api/stock/add/", body, "staff")`; `as: null` sends no credentials. */
  call(method: string, path: string, body?: unknown, as?: keyof TestApp["tokens"] | null, headers?: Record<string, string>): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  // biome-ignore lint: tests read arbitrary JSON
  body: any;
  headers: Headers;
  text: string;
}

/** Which backend test apps run on: BINVENTORY_TEST_DATABASE=postgres runs them on PostgreSQL (.ci/run's second pass). */
const TEST_DATABASE: "sqlite" | "postgres" = process.env.BINVENTORY_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

/**
 * `test` for a test that exercises SQLite itself (its raw connection `t.services.sqlite`, its query
 * plans, triggers installed by `failOn`…): skipped on the PostgreSQL pass. Say why where it is used.
 */
export const sqliteOnly = TEST_DATABASE === "sqlite" ? test : test.skip;

/** `test` for PostgreSQL's counterpart of a `sqliteOnly` test (what the backend does instead): run on the PostgreSQL pass only. */
export const postgresOnly = TEST_DATABASE === "postgres" ? test : test.skip;

/**
 * A fresh app with one user per role, no demo data unless asked: on a temporary SQLite database, or
 * under BINVENTORY_TEST_DATABASE=postgres on a fresh PostgreSQL database (a migrated template's copy).
 */
export async function makeTestApp(opts: { demo?: boolean; env?: Record<string, string>; pluginsDir?: string } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "binventory-test-"));
  const backend = TEST_DATABASE === "postgres" ? { BINVENTORY_DATABASE_URL: await freshPostgresDatabase() } : { BINVENTORY_DB: join(dir, "test.sqlite") };
  const config = loadConfig({ ...backend, BINVENTORY_LOG_LEVEL: process.env.BINVENTORY_TEST_LOG_LEVEL ?? "silent", BINVENTORY_DEMO: opts.demo ? "1" : "0", BINVENTORY_PLUGINS_DIR: opts.pluginsDir ?? join(dir, "plugins"), ...opts.env });
  const services = await openServices(config);
  const users = {
    superuser: (await createUser(services.database, { username: "root", password: "root-password", role: "superuser" })).pk,
    staff: (await createUser(services.database, { username: "staff", password: "staff-password", role: "staff" })).pk,
    readonly: (await createUser(services.database, { username: "reader", password: "reader-password", role: "readonly" })).pk,
  };
  const tokens = {
    superuser: (await issueToken(services.database, users.superuser, "test")).token,
    staff: (await issueToken(services.database, users.staff, "test")).token,
    readonly: (await issueToken(services.database, users.readonly, "test")).token,
  };
  if (opts.demo) {
    const { seedDemoData } = await import("../../server/demo/seed.ts");
    await seedDemoData(services.database);
  }
  if (opts.pluginsDir) await services.plugins.start();
  const app = createApp(services);
  const call: TestApp["call"] = async (method, path, body, as = "superuser", headers = {}) => {
    const h: Record<string, string> = { ...headers };
    if (as) h.authorization = `Token ${tokens[as]}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      h["content-type"] ??= "application/json";
    }
    const res = await app.handle(new Request(`http://localhost${path}`, { method, headers: h, body: payload }));
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  return {
    app,
    services,
    tokens,
    users,
    call,
    close: async () => {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
