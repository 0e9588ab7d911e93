/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, started on a free
 * loopback port, one database per test file, stopped and removed when the test process exits.
 *
 *   describeWithPostgres("copy-db", (pg) => {
 *     test("…", async () => { const sql = new SQL(pg.url); … });
 *   });
 *
 * PostgreSQL refuses to run as root: as root (CI's .ci/run), every PostgreSQL command runs as the
 * `postgres` user (Debian's package creates it; `nobody` otherwise) through `runuser`, and that
 * user owns the temporary directory. Binaries are looked for in /usr/lib/postgresql/<newest>/bin
 * (where Debian puts them, off PATH) and then on PATH. Without them the suite is skipped with a
 * message — unless CI is set, where a missing PostgreSQL fails the tests instead.
 */
import { afterAll, beforeAll, describe } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";

/** The directory holding initdb, pg_ctl and postgres, or null when PostgreSQL is not installed. */
function findPostgresBin(): string | null {
  const has = (dir: string) => ["initdb", "pg_ctl", "postgres"].every((b) => existsSync(join(dir, b)));
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(debian, v, "bin"))) return join(debian, v, "bin");
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && has(dir)) return dir;
  return null;
}

interface PostgresCluster {
  host: string;
  port: number;
  /** The superuser tests connect as (trust authentication, loopback only). */
  user: string;
  dataDir: string;
  /** URL of database `name` on this cluster. */
  url(name: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): void;
}

interface RunAs {
  /** The account PostgreSQL runs as when we are root; null when we run it as ourselves. */
  user: string | null;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { user: null };
  for (const user of ["postgres", "nobody"]) if (spawnSync("id", ["-u", user]).status === 0) return { user };
  throw new Error("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as");
}

function numericId(flag: "-u" | "-g", user: string): number {
  const out = spawnSync("id", [flag, user], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`id ${flag} ${user}: ${out.stderr}`);
  return Number(out.stdout.trim());
}

/** Runs a PostgreSQL program, as the unprivileged user when we are root; throws with its output on failure. */
function pgRun(as: RunAs, bin: string, program: string, args: string[], cwd: string): string {
  const exe = join(bin, program);
  const [cmd, argv] = as.user ? ["runuser", ["-u", as.user, "--", exe, ...args]] : [exe, args];
  const out = spawnSync(cmd, argv, { cwd, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  if (out.error) throw new Error(`${program}: ${out.error.message}`);
  if (out.status !== 0) throw new Error(`${program} ${args.join(" ")} exited ${out.status}:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/** Starts a new cluster in a temporary directory; the caller stops it, or asks for it to stop when this process ends. */
async function startPostgres(bin: string, opts: { stopWithProcess?: boolean } = {}): Promise<PostgresCluster> {
  const as = runAs();
  const root = mkdtempSync(join(tmpdir(), "binventory-pg-"));
  const dataDir = join(root, "data");
  if (as.user) chownSync(root, numericId("-u", as.user), numericId("-g", as.user));
  const user = "postgres";
  pgRun(as, bin, "initdb", ["-D", dataDir, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-instructions", "--no-sync"], root);
  const port = await freePort();
  // Throwaway data: no fsync. The socket lives in our directory (Debian's /var/run/postgresql may not exist).
  appendFileSync(
    join(dataDir, "postgresql.conf"),
    `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${root}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 100\n`,
  );
  const log = join(root, "postgres.log");
  try {
    pgRun(as, bin, "pg_ctl", ["-D", dataDir, "-l", log, "-w", "-t", "60", "start"], root);
  } catch (e) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
    rmSync(root, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${tail}`);
  }
  if (opts.stopWithProcess) stopWhenProcessEnds(as, bin, root, dataDir);
  const host = "127.0.0.1";
  const url = (name: string) => `postgres://${user}@${host}:${port}/${encodeURIComponent(name)}`;
  let stopped = false;
  const admin = async <T>(fn: (sql: SQL) => Promise<T>): Promise<T> => {
    const sql = new SQL({ url: url("postgres"), max: 1 });
    try {
      return await fn(sql);
    } finally {
      await sql.close();
    }
  };
  return {
    host,
    port,
    user,
    dataDir,
    url,
    createDatabase: async (name) => {
      await admin((sql) => sql.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`));
      return url(name);
    },
    dropDatabase: async (name) => {
      await admin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`));
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        pgRun(as, bin, "pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"], root);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Stops the cluster and removes its directory once this process is gone, however it ends: bun test
 * runs no exit handlers, and a killed run must not leave a postmaster behind. A detached shell
 * polls our pid, then runs `pg_ctl stop` (as the cluster's user) and `rm -rf`.
 */
function stopWhenProcessEnds(as: RunAs, bin: string, root: string, dataDir: string): void {
  const stop = [join(bin, "pg_ctl"), "-D", dataDir, "-m", "immediate", "-w", "stop"];
  const cmd = as.user ? ["runuser", "-u", as.user, "--", ...stop] : stop;
  const script = 'pid=$1; root=$2; shift 2; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done; "$@" >/dev/null 2>&1; rm -rf "$root"';
  spawn("sh", ["-c", script, "sh", String(process.pid), root, ...cmd], { detached: true, stdio: "ignore", cwd: root }).unref();
}

/**
 * A throwaway cluster outside the test runner (bench/copy-db.ts), stopped and removed when this
 * process ends; throws when PostgreSQL is not installed.
 */
export function startThrowawayPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL not found (no initdb/pg_ctl/postgres in /usr/lib/postgresql/*/bin or on PATH): install Debian's postgresql package");
  return startPostgres(bin, { stopWithProcess: true });
}

let shared: Promise<PostgresCluster> | undefined;

/** One cluster per test process (bun test runs every file in one process), stopped when the process ends. */
function startSharedPostgres(bin: string): Promise<PostgresCluster> {
  shared ??= startPostgres(bin, { stopWithProcess: true });
  return shared;
}

export interface PostgresDatabase {
  cluster: PostgresCluster;
  /** The test file's own database: created in beforeAll, dropped in afterAll. */
  name: string;
  url: string;
}

/**
 * `describe` with a PostgreSQL database of its own: the cluster starts (once per process) and the
 * database is created in beforeAll, dropped in afterAll. `pg` is filled in by the time tests run.
 * Without PostgreSQL binaries the block is skipped with a message, except in CI, where it fails.
 */
export function describeWithPostgres(label: string, fn: (pg: PostgresDatabase) => void): void {
  const bin = findPostgresBin();
  if (!bin && !process.env.CI) {
    console.warn(`[postgres] skipping "${label}": PostgreSQL not found (no initdb/pg_ctl/postgres in /usr/lib/postgresql/*/bin or on PATH); install Debian's postgresql package. CI fails here instead.`);
    describe.skip(label, () => fn({} as PostgresDatabase));
    return;
  }
  const pg = {} as PostgresDatabase;
  describe(label, () => {
    beforeAll(async () => {
      if (!bin) throw new Error("CI is set but PostgreSQL is not installed (no initdb/pg_ctl/postgres in /usr/lib/postgresql/*/bin or on PATH): .ci/run installs Debian's postgresql package");
      pg.cluster = await startSharedPostgres(bin);
      pg.name = `t_${label.toLowerCase().replace(/\W+/g, "_").slice(0, 40)}_${Math.random().toString(36).slice(2, 8)}`;
      pg.url = await pg.cluster.createDatabase(pg.name);
    }, 120_000);
    afterAll(async () => {
      if (pg.cluster && pg.name) await pg.cluster.dropDatabase(pg.name);
    });
    fn(pg);
  });
}

let template: Promise<{ cluster: PostgresCluster; name: string }> | undefined;
let copies = 0;
let creating: Promise<unknown> = Promise.resolve();

/**
 * A new, migrated database on the test process's shared cluster, for one test app
 * (makeTestApp under BINVENTORY_TEST_DATABASE=postgres): a copy of a template database migrated
 * once per process (CREATE DATABASE … TEMPLATE takes milliseconds; migrating takes a second).
 * Copies are made one at a time: PostgreSQL refuses to copy a template while another copy of it
 * is being made. Throws when PostgreSQL is not installed.
 */
export async function freshPostgresDatabase(): Promise<string> {
  template ??= (async () => {
    const bin = findPostgresBin();
    if (!bin) throw new Error("BINVENTORY_TEST_DATABASE=postgres but PostgreSQL is not installed (no initdb/pg_ctl/postgres in /usr/lib/postgresql/*/bin or on PATH): install Debian's postgresql package");
    const cluster = await startSharedPostgres(bin);
    const name = `template_${process.pid}`;
    const url = await cluster.createDatabase(name);
    const { migratePg, openPgDatabase } = await import("../../server/db/pg/client.ts");
    const opened = openPgDatabase(url, { max: 1 });
    try {
      await migratePg(opened);
    } finally {
      await opened.close();
    }
    return { cluster, name };
  })();
  const { cluster, name } = await template;
  const copy = `test_${process.pid}_${++copies}`;
  const made = creating.then(async () => {
    const sql = new SQL({ url: cluster.url("postgres"), max: 1 });
    try {
      await sql.unsafe(`CREATE DATABASE "${copy}" TEMPLATE "${name}"`);
    } finally {
      await sql.close();
    }
  });
  creating = made.catch(() => {});
  await made;
  return cluster.url(copy);
}
