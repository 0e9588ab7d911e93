/**
 * Child processes of a benchmark run: servers under test and load generators. Every child is
 * tracked so the runner can stop all of them, whatever happens; every wait is bounded.
 */
import type { ServerChild } from "./types.ts";

type Child = Bun.Subprocess<"ignore", "pipe", "pipe">;
const live = new Set<Child>();

const STOP_GRACE_MS = 5_000;

/** SIGTERM, then SIGKILL if the child has not exited within the grace period. */
async function stopChild(proc: Child): Promise<void> {
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
  }
  live.delete(proc);
}

/** Stops every child still running (on the way out, or on Ctrl-C). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map(stopChild));
}

/** Keeps the last `max` characters a stream produced, for error messages; draining it keeps the pipe from filling. */
function tail(stream: ReadableStream<Uint8Array>, max = 8_000): () => string {
  let text = "";
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of stream) text = (text + decoder.decode(chunk, { stream: true })).slice(-max);
  })().catch(() => {});
  return () => text;
}

/**
 * Starts a server process and resolves once it prints "listening on http://…" on stdout. Fails
 * (and kills it) if it exits first or does not listen within `timeoutMs`.
 */
export async function spawnServer(name: string, cmd: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<ServerChild> {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, env: opts.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  live.add(proc);
  const stderr = tail(proc.stderr);
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let out = "";
  const timeout = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`${name}: not listening after ${opts.timeoutMs ?? 30_000} ms`)), opts.timeoutMs ?? 30_000);
    void proc.exited.finally(() => clearTimeout(t));
  });
  const listening = (async () => {
    for (;;) {
      const m = out.match(/listening on (http:\/\/\S+)[^\n]*\n/);
      if (m) return m[1];
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`${name} exited with ${await proc.exited} before listening.\n${stderr()}`);
      out += decoder.decode(chunk.value, { stream: true });
    }
  })();
  try {
    const url = await Promise.race([listening, timeout]);
    void (async () => {
      while (!(await reader.read()).done) {}
    })().catch(() => {});
    return { url, stop: () => stopChild(proc) };
  } catch (e) {
    await stopChild(proc);
    throw e;
  }
}

/** Runs a short-lived child to completion within `timeoutMs`, returning its stdout; non-zero exit throws. */
export async function runToCompletion(name: string, cmd: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<string> {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, env: opts.env ?? (process.env as Record<string, string>), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  live.add(proc);
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  live.delete(proc);
  if (code !== 0) throw new Error(`${name} failed (exit ${code}${proc.signalCode ? `, ${proc.signalCode}` : ""}): ${stderr.trim().slice(-2000)}`);
  return stdout;
}
