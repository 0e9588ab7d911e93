/**
 * Runs the real `bun server/main.ts …` as a child process, for tests of the CLI and of the served
 * socket. Waits on the process's own output, never on a timer.
 */
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const MAIN = join(ROOT, "server", "main.ts");
const LISTEN_TIMEOUT_MS = 30_000;

/** The parent's environment without any BINVENTORY_* setting, plus `env`: a test sees only what it sets. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("BINVENTORY_")) clean[k] = v;
  return { ...clean, BINVENTORY_LOG_LEVEL: "error", ...env };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], { cwd: ROOT, env: childEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

export interface ServerProcess {
  url: string;
  /** Everything the server printed on stdout up to and including its "listening on" line. */
  banner: string;
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  /** Everything the server wrote on stderr (its logs), once it has exited. */
  stderr: Promise<string>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
}

/** Starts `serve` (port 0: the OS picks a free one) and resolves once it prints its listening line. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const proc = Bun.spawn([process.execPath, MAIN, "serve"], {
    cwd: ROOT,
    env: childEnv({ BINVENTORY_HOST: "127.0.0.1", BINVENTORY_PORT: "0", ...env }),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = new Response(proc.stderr).text();
  // A guard, not a wait: a server that never listens is killed so no test leaves it running.
  const guard = setTimeout(() => proc.kill("SIGKILL"), LISTEN_TIMEOUT_MS);
  void proc.exited.finally(() => clearTimeout(guard));
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let banner = "";
  for (;;) {
    const match = banner.match(/listening on (http:\/\/\S+)[^\n]*\n/); // a whole line: the URL may arrive in pieces
    if (match) {
      // Keep draining stdout so the child never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read()).done) {}
      })().catch(() => {});
      clearTimeout(guard);
      return { url: match[1], banner, proc, stderr, stop: () => (proc.kill("SIGTERM"), proc.exited) };
    }
    const chunk = await reader.read();
    if (chunk.done) {
      const code = await proc.exited;
      throw new Error(`server exited (${code}${proc.signalCode ? `, ${proc.signalCode}` : ""}) before listening (killed after ${LISTEN_TIMEOUT_MS} ms if it never did).\nstdout: ${banner}\nstderr: ${await stderr}`);
    }
    banner += decoder.decode(chunk.value, { stream: true });
  }
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
