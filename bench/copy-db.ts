/**
 * copy-db's speed and memory (issue 12): builds the scale suite's database (lib/scale-seed.ts) at
 * each size, starts a throwaway PostgreSQL cluster (tests/support/postgres.ts), and runs the real
 * CLI, `bun server/main.ts copy-db`, in the three directions: SQLite → PostgreSQL, back to a new
 * SQLite, and SQLite → SQLite. Prints rows, seconds, rows/s and the copying process's peak RSS (as copy-db prints it).
 *
 *   bun bench/copy-db.ts                    sizes 10000 and 100000
 *   COPY_SIZES=1000000 bun bench/copy-db.ts
 *
 * Needs PostgreSQL's binaries (Debian's postgresql package). The last line is one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startThrowawayPostgres } from "../tests/support/postgres.ts";
import { buildScaleDatabase } from "./lib/scale-seed.ts";

const MAIN = join(import.meta.dir, "..", "server", "main.ts");
const sizes = (process.env.COPY_SIZES ?? "10000,100000").split(",").map(Number);

interface CopyRun {
  direction: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

async function copy(direction: string, from: string, to: string): Promise<CopyRun> {
  const proc = Bun.spawn([process.execPath, MAIN, "copy-db", "--from", from, "--to", to], { stdout: "pipe", stderr: "pipe", env: { ...process.env, BINVENTORY_LOG_LEVEL: "error" } });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`copy-db ${direction} exited ${code}: ${err}`);
  const done = /copied (\d+) rows in ([\d.]+) s .*; peak memory (\d+) MB/.exec(out);
  if (!done) throw new Error(`copy-db ${direction} printed no summary:\n${out}`);
  const rows = Number(done[1]);
  const seconds = Number(done[2]);
  const peakRssMb = Number(done[3]);
  return { direction, rows, seconds, rowsPerSecond: Math.round(rows / seconds), peakRssMb };
}

const dir = mkdtempSync(join(tmpdir(), "binventory-bench-copy-"));
const cluster = await startThrowawayPostgres();
const results: Array<{ size: number; runs: CopyRun[] }> = [];
try {
  for (const size of sizes) {
    const source = join(dir, `scale-${size}.sqlite`);
    const built = await buildScaleDatabase(source, size);
    console.log(`\n${size} stock items: built in ${built.seconds.toFixed(1)} s`);
    const pgUrl = await cluster.createDatabase(`copy_${size}`);
    const runs = [
      await copy("SQLite → PostgreSQL", source, pgUrl),
      await copy("PostgreSQL → SQLite", pgUrl, join(dir, `back-${size}.sqlite`)),
      await copy("SQLite → SQLite", source, join(dir, `copy-${size}.sqlite`)),
    ];
    for (const r of runs) console.log(`  ${r.direction.padEnd(20)} ${String(r.rows).padStart(9)} rows  ${r.seconds.toFixed(1).padStart(6)} s  ${String(r.rowsPerSecond).padStart(7)} rows/s  peak ${r.peakRssMb} MB`);
    results.push({ size, runs });
    await cluster.dropDatabase(`copy_${size}`);
  }
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ suite: "copy-db", results }));
