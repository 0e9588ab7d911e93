import type { Config } from "./config.ts";

export type LogFields = Record<string, unknown>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVELS = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;

/** Structured logs: one JSON object a line on stderr, with whatever context the caller binds. */
export function createLogger(level: Config["logLevel"], bound: LogFields = {}): Logger {
  const max = LEVELS[level];
  const write = (lvl: keyof typeof LEVELS, msg: string, fields?: LogFields) => {
    if (LEVELS[lvl] > max) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...bound, ...fields })}\n`);
  };
  return {
    error: (m, f) => write("error", m, f),
    warn: (m, f) => write("warn", m, f),
    info: (m, f) => write("info", m, f),
    debug: (m, f) => write("debug", m, f),
    child: (f) => createLogger(level, { ...bound, ...f }),
  };
}
