/**
 * `binventory copy-db --from <url> --to <url> [--batch <rows>]`: parses the arguments, runs
 * copyDatabase and prints what it did. Exit status: 0 copied and verified, 1 refused or failed
 * (the reason on one line), 2 bad arguments.
 */
import { readFileSync } from "node:fs";
import { type DatabaseLocation, describeDatabase, parseDatabaseUrl } from "../../core/config.ts";
import { copyDatabase, sameDatabase } from "./copy-db.ts";

export const COPY_DB_USAGE = `usage: binventory copy-db --from <url> --to <url> [--batch <rows>]
  <url>: postgres://user:password@host:port/database, sqlite:<path> or a plain SQLite path
  The target is migrated first and must be empty; the source must be up to date.`;

interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

type Parsed = { from: DatabaseLocation; to: DatabaseLocation; batchRows: number | undefined } | { error: string };

function parseArguments(args: readonly string[]): Parsed {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const match = /^--(from|to|batch)(?:=(.*))?$/.exec(arg);
    if (!match) return { error: `unexpected argument ${JSON.stringify(arg)}` };
    const name = match[1] as string;
    const value = match[2] ?? args[++i];
    if (value === undefined || value === "") return { error: `--${name} needs a value` };
    if (name in values) return { error: `--${name} is given twice` };
    values[name] = value;
  }
  if (!values.from) return { error: "--from is required" };
  if (!values.to) return { error: "--to is required" };
  let batchRows: number | undefined;
  if (values.batch !== undefined) {
    batchRows = Number(values.batch);
    if (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > 100_000) return { error: "--batch must be an integer from 1 to 100000" };
  }
  let from: DatabaseLocation;
  let to: DatabaseLocation;
  try {
    from = parseDatabaseUrl(values.from);
    to = parseDatabaseUrl(values.to);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (sameDatabase(from, to)) return { error: `--from and --to name the same database (${describeDatabase(from)})` };
  return { from, to, batchRows };
}

/**
 * This process's peak resident memory in MB: Linux's VmHWM (this program's own, since exec), else
 * getrusage's maxRSS (which on Linux also remembers the process that spawned this one).
 */
function peakMemoryMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {}
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Runs copy-db with `args` (after the command name); returns the exit status. */
export async function runCopyDbCli(args: readonly string[], output: Output = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  const parsed = parseArguments(args);
  if ("error" in parsed) {
    output.err(`binventory copy-db: ${parsed.error}\n${COPY_DB_USAGE}`);
    return 2;
  }
  output.out(`copying ${describeDatabase(parsed.from)} → ${describeDatabase(parsed.to)}`);
  try {
    const report = await copyDatabase(parsed.from, parsed.to, { batchRows: parsed.batchRows, log: output.out });
    const width = Math.max(...report.tables.map((t) => t.table.length));
    output.out("row counts (source = target):");
    for (const t of report.tables) output.out(`  ${t.table.padEnd(width)}  ${t.target}`);
    output.out(`copied ${report.rows} rows in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / Math.max(report.seconds, 1e-3))} rows/s); every table's count verified; peak memory ${peakMemoryMb()} MB`);
    return 0;
  } catch (e) {
    output.err(`binventory copy-db: ${(e as Error).message}`);
    return 1;
  }
}
