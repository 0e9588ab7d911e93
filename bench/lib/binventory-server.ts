/**
 * The real server for suites that benchmark Binventory's API: a fresh database seeded with bulk
 * stock, `bun server/main.ts serve` as a child process, and an API token from the token endpoint.
 */
import { join } from "node:path";
import { asc, count } from "drizzle-orm";
import { openDatabase } from "../../server/db/client.ts";
import { openSqliteDatabase } from "../../server/db/sqlite-database.ts";
import { seedBulkStock } from "../../server/demo/seed.ts";
import type { BenchContext } from "./types.ts";
import { stockItems } from "../../server/db/tables.ts";

export interface BinventoryServer {
  url: string;
  /** `Authorization` header value for the admin. */
  auth: string;
  /** A stock item from the middle of the table, for detail routes. */
  stockPk: number;
  stockCount: number;
  dbPath: string;
  stop(): Promise<void>;
}

const ADMIN = { user: "bench", password: "bench-password-1234" };

/** Seeds a database of its own (`name` keeps suites apart) and serves it. */
export async function startBinventory(ctx: BenchContext, name: string, extraEnv: Record<string, string> = {}): Promise<BinventoryServer> {
  const dbPath = join(ctx.tmpDir, `${name}.sqlite`);
  const seeded = openDatabase(dbPath);
  const started = performance.now();
  let stockPk: number;
  let stockCount: number;
  try {
    const seeding = openSqliteDatabase(dbPath);
    try {
      await seedBulkStock(seeding, ctx.options.stockItems);
    } finally {
      seeding.close();
    }
    stockCount = seeded.db.select({ n: count() }).from(stockItems).get()?.n ?? 0;
    const middle = seeded.db.select({ id: stockItems.id }).from(stockItems).orderBy(asc(stockItems.id)).limit(1).offset(Math.floor(stockCount / 2)).get();
    if (!middle) throw new Error("no stock item after seeding");
    stockPk = middle.id;
  } finally {
    seeded.close();
  }
  ctx.log(`${name}: seeded ${stockCount} stock items in ${Math.round(performance.now() - started)} ms`);

  const server = await ctx.spawnServer(`binventory (${name})`, [ctx.bun, join(ctx.root, "server", "main.ts"), "serve"], {
    BINVENTORY_DB: dbPath,
    BINVENTORY_HOST: "127.0.0.1",
    BINVENTORY_PORT: "0",
    BINVENTORY_ADMIN_USER: ADMIN.user,
    BINVENTORY_ADMIN_PASSWORD: ADMIN.password,
    BINVENTORY_DEMO: "0",
    BINVENTORY_LOG_LEVEL: "error",
    BINVENTORY_PLUGINS_DIR: join(ctx.tmpDir, `${name}-plugins`),
    ...extraEnv,
  });
  try {
    const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}`;
    const res = await fetch(`${server.url}/api/user/token/?name=bench`, { headers: { authorization: basic }, signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`GET /api/user/token/ answered ${res.status}: ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    return { url: server.url, auth: `Token ${token}`, stockPk, stockCount, dbPath, stop: server.stop };
  } catch (e) {
    await server.stop();
    throw e;
  }
}
