import type { Database } from "bun:sqlite";
import type { Config } from "./config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "./log.ts";
import type { PluginRegistry } from "../plugin-host/registry.ts";

/** What createApp wires once and every module receives: no module reaches for globals. */
export interface AppContext {
  config: Config;
  db: Db;
  sqlite: Database;
  log: Logger;
  /** The WASM plugins: discovered, ordered, called through an executor. */
  plugins: PluginRegistry;
}
