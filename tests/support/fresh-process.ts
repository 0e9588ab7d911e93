import { expect, test } from "bun:test";
import { basename } from "node:path";

/**
 * Some guarantees are about one process's own cost — the CPU a plugin slice takes on the request
 * thread, the heap 100,000 calls leave behind. Measured inside the full suite they also count what
 * eighty earlier test files left in the same bun process (measured: an instance rebuild 7 ms alone,
 * 52 ms after the other files; a heap delta 8 KB over its bound from others' leftovers), which no
 * server process carries. Such a file (or one test of it) runs again in a fresh `bun test` process,
 * as the server would run it; the suite's test passes when that run passes.
 */
export const inFreshProcess = (file: string): boolean => process.env.BV_FRESH_PROCESS === file;

/** Registers the test that runs `file` (only the tests named like `only`, if given) in a fresh bun process. */
export function runInFreshProcess(file: string, only?: string): void {
  test(`${basename(file)}${only ? `: ${only}` : ""}, in a fresh process`, () => {
    const args = [process.execPath, "test", "--timeout", "60000", file, ...(only ? ["-t", only] : [])];
    const run = Bun.spawnSync(args, { env: { ...process.env, BV_FRESH_PROCESS: file }, stdout: "pipe", stderr: "pipe" });
    const out = `${run.stdout.toString()}${run.stderr.toString()}`;
    console.log(out.split("\n").filter((l) => !l.startsWith("(pass)")).join("\n"));
    expect(out).toMatch(/\b[1-9][0-9]* pass\b/);
    expect(out).toMatch(/\b0 fail\b/);
    expect(run.exitCode).toBe(0);
  }, 300_000);
}
