/**
 * Issue 10: a short `Host` header (`x`, `inv`) made every route 404: Elysia looked for the path
 * from index 11 of the URL. Through the real server (raw HTTP/1.1, since fetch sets Host itself)
 * and through app.handle.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { basicAuth, type ServerProcess, startServer } from "./support/process.ts";

const HOSTS = ["x", "in", "inv", "ab.c", "localhost", "example.com:8080"];

/** One raw HTTP/1.1 GET; answers the status and the body. */
function rawGet(url: string, host: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const head = [`GET ${path} HTTP/1.1`, `Host: ${host}`, "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(head));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [top, ...rest] = text.split("\r\n\r\n");
      const status = Number(top.split(" ")[1]);
      const chunked = /transfer-encoding:\s*chunked/i.test(top);
      const raw = rest.join("\r\n\r\n");
      resolve({ status, body: chunked ? dechunk(raw) : raw });
    });
  });
}

function dechunk(raw: string): string {
  let out = "";
  let rest = raw;
  for (;;) {
    const nl = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

describe("the real server routes on the path whatever the Host header", () => {
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "binventory-host-"));
    server = await startServer({ BINVENTORY_DB: join(dir, "host.sqlite"), BINVENTORY_ADMIN_USER: "boss", BINVENTORY_ADMIN_PASSWORD: "boss-password-123" });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const host of HOSTS) {
    test(`Host: ${host}`, async () => {
      const root = await rawGet(server.url, host, "/api/");
      expect(root.status).toBe(200);
      expect(JSON.parse(root.body).server).toBe("Binventory");
      const me = await rawGet(server.url, host, "/api/user/me/", { Authorization: basicAuth("boss", "boss-password-123") });
      expect(me.status).toBe(200);
      expect(JSON.parse(me.body).username).toBe("boss");
      const users = await rawGet(server.url, host, "/api/user/?limit=1&offset=0", { Authorization: basicAuth("boss", "boss-password-123") });
      expect(users.status).toBe(200);
      expect(JSON.parse(users.body).count).toBeGreaterThan(0);
      const missing = await rawGet(server.url, host, "/api/no-such-thing/");
      expect(missing.status).toBe(404);
    });
  }
});

describe("app.handle routes on the path whatever the host", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true });
  });
  afterAll(() => t.close());

  for (const host of HOSTS) {
    test(`http://${host}/…`, async () => {
      const res = await t.app.handle(new Request(`http://${host}/api/part/?limit=2&offset=1`, { headers: { authorization: `Token ${t.tokens.readonly}` } }));
      expect(res.status).toBe(200);
      const body = await res.json();
      // The links keep the caller's host.
      expect(body.next).toBe(`http://${host}/api/part/?limit=2&offset=3`);
      const one = await t.app.handle(new Request(`http://${host}/api/part/1/`, { headers: { authorization: `Token ${t.tokens.readonly}` } }));
      expect(one.status).toBe(200);
    });
  }
});
