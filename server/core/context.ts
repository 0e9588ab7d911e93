import type { Authenticator } from "./auth.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { Plugins } from "./plugins.ts";

/**
 * Names the database type without core importing db/: db/database.ts adds `database: Database` to
 * this interface (declaration merging, `declare module`), so AppContext's `database` is typed.
 * @public (augmented, not imported)
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by db/client.ts
export interface DatabaseTypes {}
type AppDatabase = DatabaseTypes extends { database: infer D } ? D : never;

/** What createApp wires once and every module receives: no module reaches for globals. */
export interface AppContext {
  config: Config;
  /** The async database interface (db/database.ts): reads, and `write(fn)` for one transaction. */
  database: AppDatabase;
  log: Logger;
  /** Checks credentials for http/'s auth macro (the user module implements it). */
  auth: Authenticator;
  /** The WASM plugins: discovered, ordered, called through an executor (the plugin host implements it). */
  plugins: Plugins;
}
