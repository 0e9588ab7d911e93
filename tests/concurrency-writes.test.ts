/**
 * Issue 10, item 1: writers never fail because another writer exists. The real server process
 * (`serve`, default plugin isolation: the stock-writing `take-from-stock` plugin runs in child
 * processes with their own database connections) takes 16 concurrent clients alternating the HTTP
 * stock actions (add, remove, transfer) and the plugin's `take` action (`bv_stock_adjust`) on the
 * same few items. No 5xx at all; every answer a 2xx or a 4xx the client caused (asking for more than
 * there is); exact totals; one tracking entry per acknowledged action, attributed to its user (and
 * to the plugin for takes). On main before server/db/write.ts: 85 of 768 HTTP actions answered 500
 * "database is locked" and 140 of 256 takes failed with it in the plugin.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRACKING } from "../server/db/schema/stock.ts";
import { pluginsDir } from "./support/plugins.ts";
import { basicAuth, type ServerProcess, startServer } from "./support/process.ts";

const CLIENTS = 16;
const ROUNDS = 64;
const USERS = 4;
const START = 500;

const dir = mkdtempSync(join(tmpdir(), "binventory-concurrency-"));
const plugins = pluginsDir({ examples: ["take-from-stock"] });
let server: ServerProcess;

afterAll(async () => {
  if (server && server.proc.exitCode === null) await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(plugins, { recursive: true, force: true });
});

// biome-ignore lint: tests read arbitrary JSON
type Json = any;

async function call(auth: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; retryAfter: string | null }> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: r.status, body: parsed, retryAfter: r.headers.get("retry-after") };
}

interface Ack {
  kind: "add" | "remove" | "take" | "transfer";
  item: number;
  quantity: number;
  user: number;
}

describe("16 concurrent writers: HTTP stock actions beside a bv_stock_adjust plugin", () => {
  const users: { pk: number; auth: string }[] = [];
  let items: number[] = [];
  let mover = 0;
  let locations: number[] = [];

  beforeAll(async () => {
    server = await startServer({
      BINVENTORY_DB: join(dir, "served.sqlite"),
      BINVENTORY_DEMO: "0",
      BINVENTORY_ADMIN_USER: "boss",
      BINVENTORY_ADMIN_PASSWORD: "boss-password-123",
      BINVENTORY_PLUGINS_DIR: plugins,
      BINVENTORY_PLUGIN_WORKERS: "2",
    });
    const admin = basicAuth("boss", "boss-password-123");
    for (let i = 0; i < USERS; i++) {
      const name = `writer${i}`;
      const u = await call(admin, "POST", "/api/user/", { username: name, password: `password-${name}`, role: "staff" });
      expect(u.status).toBe(201);
      const tok = await call(basicAuth(name, `password-${name}`), "GET", "/api/user/token/");
      users.push({ pk: u.body.pk, auth: `Token ${tok.body.token}` });
    }
    const a = users[0].auth;
    locations = [(await call(a, "POST", "/api/stock/location/", { name: "Shelf A" })).body.pk, (await call(a, "POST", "/api/stock/location/", { name: "Shelf B" })).body.pk];
    const part = (await call(a, "POST", "/api/part/", { name: "Contended part" })).body.pk;
    for (let i = 0; i < 3; i++) items.push((await call(a, "POST", "/api/stock/", { part, quantity: START, location: locations[0] })).body.pk);
    mover = (await call(a, "POST", "/api/stock/", { part, quantity: 5, location: locations[0] })).body.pk;
    expect([...items, mover].every((pk) => Number.isInteger(pk))).toBe(true);
  }, 30_000);

  test("no 5xx, exact totals, complete and correctly attributed tracking", async () => {
    const acks: Ack[] = [];
    const answers = new Map<string, number>();
    const bad: unknown[] = [];
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const user = users[c % USERS];
        for (let round = 0; round < ROUNDS; round++) {
          const kind = (["add", "remove", "take", "transfer"] as const)[(c + round) % 4];
          const item = kind === "transfer" ? mover : items[(c + round) % items.length];
          // Now and then a client asks for far more than there is: a 4xx it caused, which must change nothing.
          const greedy = round % 8 === 7 && (kind === "remove" || kind === "take");
          const quantity = kind === "transfer" ? 5 : greedy ? 1_000_000 : 1 + ((c * 7 + round) % 3);
          const r =
            kind === "take"
              ? await call(user.auth, "POST", "/api/action/", { action: "take", data: { item, quantity } })
              : await call(user.auth, "POST", `/api/stock/${kind}/`, { items: [{ pk: item, quantity }], ...(kind === "transfer" ? { location: locations[round % 2] } : {}) });
          const key = `${kind} ${r.status}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
          if (r.status >= 200 && r.status < 300 && !greedy) acks.push({ kind, item, quantity, user: user.pk });
          else if (greedy && r.status === 400 && JSON.stringify(r.body).includes("available")) refused++;
          else bad.push({ kind, greedy, status: r.status, body: r.body, retryAfter: r.retryAfter });
        }
      }),
    );
    const ms = Math.round(performance.now() - started);
    const summary = Object.fromEntries([...answers].sort());
    console.log(`concurrency: ${CLIENTS * ROUNDS} writes in ${ms} ms`, summary);

    // No 5xx at all; every answer a 2xx, or the 400 of a client that asked for more than there is.
    // (The items hold far more than is ever removed otherwise.)
    expect({ fiveXX: [...answers].filter(([k]) => Number(k.split(" ")[1]) >= 500), bad: bad.slice(0, 5) }).toEqual({ fiveXX: [], bad: [] });
    const greedyRequests = CLIENTS * (ROUNDS / 8) / 2;
    expect(refused).toBe(greedyRequests);
    expect(acks).toHaveLength(CLIENTS * ROUNDS - greedyRequests);

    const admin = users[0].auth;
    for (const pk of items) {
      const mine = acks.filter((a) => a.item === pk);
      const expected = START + mine.reduce((s, a) => s + (a.kind === "add" ? a.quantity : -a.quantity), 0);
      expect((await call(admin, "GET", `/api/stock/${pk}/`)).body.quantity).toBe(expected);
      const track = (await call(admin, "GET", `/api/stock/track/?item=${pk}`)).body as { tracking_type: number; user: number | null; plugin: string | null; deltas: Record<string, number> }[];
      const changes = track.filter((e) => e.tracking_type !== TRACKING.CREATED);
      const tally = (rows: { type: string; user: number | null; plugin: string | null; q: number }[]) =>
        rows
          .map((r) => `${r.type} user=${r.user} plugin=${r.plugin} q=${r.q}`)
          .sort()
          .join("\n");
      expect(
        tally(changes.map((e) => ({ type: e.tracking_type === TRACKING.STOCK_ADD ? "add" : e.tracking_type === TRACKING.STOCK_REMOVE ? "remove" : String(e.tracking_type), user: e.user, plugin: e.plugin, q: e.deltas.added ?? e.deltas.removed }))),
      ).toBe(tally(mine.map((a) => ({ type: a.kind === "add" ? "add" : "remove", user: a.user, plugin: a.kind === "take" ? "take-from-stock" : null, q: a.quantity }))));
    }
    const moves = acks.filter((a) => a.kind === "transfer");
    const moved = ((await call(admin, "GET", `/api/stock/track/?item=${mover}`)).body as { tracking_type: number; user: number | null }[]).filter((e) => e.tracking_type !== TRACKING.CREATED);
    expect(moved.every((e) => e.tracking_type === TRACKING.LOCATION_CHANGE || e.tracking_type === TRACKING.STOCK_UPDATE)).toBe(true);
    expect(moved.map((e) => e.user).sort()).toEqual(moves.map((a) => a.user).sort());
    expect((await call(admin, "GET", `/api/stock/${mover}/`)).body.quantity).toBe(5);
  }, 60_000);
});
