import { resolve } from "node:path";

/** Everything the server reads from its environment, typed and defaulted in one place. */
export interface Config {
  /** Which database: BINVENTORY_DATABASE_URL, else the SQLite file of BINVENTORY_DB. */
  database: DatabaseLocation;
  /** SQLite file path, or ":memory:" (the default file when `database` is PostgreSQL: nothing opens it then). */
  dbPath: string;
  pluginsDir: string;
  host: string;
  port: number;
  admin: { username: string; password: string; email: string } | null;
  demo: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Largest upload (multipart body of an image or attachment upload), in bytes. */
  maxUploadBytes: number;
  /** Largest image accepted, in pixels (width × height): refused before it is decoded. */
  maxImagePixels: number;
  /** Logging: "info" prints one JSON object per request line; "silent" for tests. */
  logLevel: "silent" | "error" | "warn" | "info" | "debug";
  instanceName: string;
  /**
   * Where plugin code runs: "hybrid" (default: cheap calls of read-only plugins on the request
   * thread, anything longer than `pluginInlineFuel` moved to child processes), "process" (always
   * in child processes, killed at a call's deadline), "worker" (always in worker threads, which
   * cannot be stopped mid-call) or "inline" (always on the request thread).
   */
  pluginIsolation: "hybrid" | "process" | "worker" | "inline";
  pluginWorkers: number;
  pluginInlineFuel: number;
  /** Dev mode (BINVENTORY_PLUGINS_WATCH=1): reload a plugin when its plugin.json or plugin.wasm changes. */
  pluginsWatch: boolean;
  /**
   * SQLite `synchronous` on every connection (README: Durability). "full" (default): a write
   * acknowledged to a client survives a power loss. "normal": it survives a crash of the process,
   * but the last transactions before a power loss or OS crash may be rolled back.
   */
  durability: Durability;
  /**
   * How long a plugin's database host call (bv_get, bv_search, bv_stock_adjust)
   * waits for the thread answering it before it fails (docs/data-layer.md, "Plugin host calls").
   */
  hostCallDeadlineMs: number;
}

export type Durability = "full" | "normal";

/** A database named by a URL: a SQLite file (or ":memory:") or a PostgreSQL server. */
export type DatabaseLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/**
 * Reads a database URL: `postgres://…` or `postgresql://…` is PostgreSQL (kept as written, Bun's
 * SQL client parses it); `sqlite:<path>` (`sqlite:///abs/path`, `sqlite:./rel.sqlite`,
 * `sqlite::memory:`) or a plain path is a SQLite file. Any other scheme is refused by name.
 */
export function parseDatabaseUrl(value: string): DatabaseLocation {
  const text = value.trim();
  if (text === "") throw new Error("the database URL is empty");
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`not a valid PostgreSQL URL: ${redactUrl(text)}`);
    }
    if (!url.hostname && !url.searchParams.get("host")) throw new Error(`a PostgreSQL URL needs a host: ${redactUrl(text)}`);
    return { kind: "postgres", url: text };
  }
  const sqlitePath = /^sqlite:/i.test(text) ? text.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "") : text;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(sqlitePath);
  if (scheme) throw new Error(`unsupported database URL scheme "${scheme[1]}:": use postgres://… for PostgreSQL, or sqlite:<path> or a plain path for SQLite`);
  if (sqlitePath === "") throw new Error("a sqlite: URL needs a path (sqlite:./data/binventory.sqlite)");
  return { kind: "sqlite", path: sqlitePath === ":memory:" ? sqlitePath : resolve(sqlitePath) };
}

/** A URL fit for messages and logs: the password replaced by "***". */
function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

/** Where a database is, for messages: the SQLite path, or the PostgreSQL URL without its password. */
export function describeDatabase(location: DatabaseLocation): string {
  return location.kind === "sqlite" ? `sqlite ${location.path}` : `postgres ${redactUrl(location.url)}`;
}

const truthy = (v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined || v === "") return dflt;
  return !["0", "false", "no", "off"].includes(v.toLowerCase());
};

/** Reads the documented BINVENTORY_* variables (README: Configuration). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const port = Number(env.BINVENTORY_PORT ?? env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`BINVENTORY_PORT/PORT must be a port number, got ${JSON.stringify(env.BINVENTORY_PORT ?? env.PORT)}`);
  }
  const user = env.BINVENTORY_ADMIN_USER;
  const password = env.BINVENTORY_ADMIN_PASSWORD;
  if (user && !password) throw new Error("BINVENTORY_ADMIN_USER is set but BINVENTORY_ADMIN_PASSWORD is not");
  const logLevel = (env.BINVENTORY_LOG_LEVEL ?? "info") as Config["logLevel"];
  if (!["silent", "error", "warn", "info", "debug"].includes(logLevel)) {
    throw new Error(`BINVENTORY_LOG_LEVEL must be silent, error, warn, info or debug, got ${logLevel}`);
  }
  // BINVENTORY_DATABASE_URL wins; BINVENTORY_DB (a path, as before) is read the same way.
  const database = parseDatabaseUrl(env.BINVENTORY_DATABASE_URL || env.BINVENTORY_DB || "./data/binventory.sqlite");
  const dbPath = database.kind === "sqlite" ? database.path : resolve("./data/binventory.sqlite");
  const isolation = (env.BINVENTORY_PLUGIN_ISOLATION ?? "hybrid") as Config["pluginIsolation"];
  if (!["hybrid", "process", "worker", "inline"].includes(isolation)) throw new Error(`BINVENTORY_PLUGIN_ISOLATION must be hybrid, process, worker or inline, got ${isolation}`);
  const pluginInlineFuel = Number(env.BINVENTORY_PLUGIN_INLINE_FUEL ?? 1_000_000);
  if (!Number.isInteger(pluginInlineFuel) || pluginInlineFuel < 1000) throw new Error("BINVENTORY_PLUGIN_INLINE_FUEL must be an integer of at least 1000");
  const pluginWorkers = Number(env.BINVENTORY_PLUGIN_WORKERS ?? 2);
  if (!Number.isInteger(pluginWorkers) || pluginWorkers < 1 || pluginWorkers > 64) throw new Error("BINVENTORY_PLUGIN_WORKERS must be an integer from 1 to 64");
  const maxUploadBytes = Number(env.BINVENTORY_MAX_UPLOAD_BYTES ?? 20 * 1024 * 1024);
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes < 1024) throw new Error("BINVENTORY_MAX_UPLOAD_BYTES must be an integer of at least 1024");
  const maxImagePixels = Number(env.BINVENTORY_MAX_IMAGE_PIXELS ?? 40_000_000);
  if (!Number.isInteger(maxImagePixels) || maxImagePixels < 1) throw new Error("BINVENTORY_MAX_IMAGE_PIXELS must be a positive integer");
  const durability = (env.BINVENTORY_DURABILITY || "full").toLowerCase() as Durability;
  if (durability !== "full" && durability !== "normal") throw new Error(`BINVENTORY_DURABILITY must be full or normal, got ${env.BINVENTORY_DURABILITY}`);
  const hostCallDeadlineMs = Number(env.BINVENTORY_HOST_CALL_DEADLINE_MS ?? 5000);
  if (!Number.isInteger(hostCallDeadlineMs) || hostCallDeadlineMs < 1) throw new Error("BINVENTORY_HOST_CALL_DEADLINE_MS must be a positive integer (milliseconds)");
  return {
    database,
    dbPath,
    pluginsDir: resolve(env.BINVENTORY_PLUGINS_DIR ?? "./plugins-wasm"),
    host: env.BINVENTORY_HOST ?? "127.0.0.1",
    port,
    admin: user && password ? { username: user, password, email: env.BINVENTORY_ADMIN_EMAIL ?? "" } : null,
    demo: truthy(env.BINVENTORY_DEMO, true),
    maxBodyBytes: Number(env.BINVENTORY_MAX_BODY_BYTES ?? 1024 * 1024),
    maxUploadBytes,
    maxImagePixels,
    logLevel,
    instanceName: env.BINVENTORY_INSTANCE ?? "Binventory",
    pluginIsolation: isolation,
    pluginWorkers,
    pluginInlineFuel,
    pluginsWatch: truthy(env.BINVENTORY_PLUGINS_WATCH, false),
    durability,
    hostCallDeadlineMs,
  };
}
