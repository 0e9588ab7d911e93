import { fileURLToPath } from "node:url";
import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { Logger } from "../core/log.ts";
import { runChain } from "./call-runner.ts";
import type { CallOutcome, CallRequest, Executor } from "./executor.ts";
import type { ChainMeta } from "./host-api.ts";
import { callDeadlineMs } from "./limits.ts";
import type { PluginPayload } from "./prepare.ts";
import { type FromWorker, PARENT_PID_ENV, PLUGIN_PROCESS_COMMAND, type ToWorker, toProcess, type WorkerConfig } from "./worker-protocol.ts";

/** The same executable: the compiled binary itself, or bun running server/main.ts. */
function childCommand(): string[] {
  if (Bun.isStandaloneExecutable) return [process.execPath, PLUGIN_PROCESS_COMMAND];
  return [process.execPath, fileURLToPath(new URL("../main.ts", import.meta.url)), PLUGIN_PROCESS_COMMAND];
}

/** Every live child of every pool, killed if this process exits without closing them. */
const LIVE = new Set<Bun.Subprocess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const p of LIVE) p.kill("SIGKILL");
  });
}

type Req = ToWorker extends infer M ? (M extends ToWorker ? Omit<M, "id"> : never) : never;

/** Why a request got no answer: the child was killed at the deadline, or died on its own. */
class ChildGone extends Error {
  constructor(
    readonly why: "deadline" | "crash",
    message: string,
  ) {
    super(message);
  }
}

/**
 * One child process. It runs one request at a time (WebAssembly runs synchronously in its only
 * thread anyway), so the call in flight when it is killed is exactly the one that overran.
 */
class PluginProcess {
  readonly proc: Bun.Subprocess<"ignore", "inherit", "inherit">;
  private current: { id: number; resolve: (m: FromWorker) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> } | null = null;
  private nextId = 1;
  private killedFor: "deadline" | null = null;
  readonly booted: Promise<void>;
  private onBooted!: () => void;
  /** Initialised and holding the plugins: may take calls. */
  ready = false;
  busy = false;
  served = 0;

  constructor(private readonly onExit: (p: PluginProcess, why: string) => void) {
    installExitHook();
    this.booted = new Promise((resolve) => {
      this.onBooted = resolve;
    });
    this.proc = Bun.spawn(childCommand(), {
      ipc: (m: FromWorker) => this.receive(m),
      serialization: "json",
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) },
    });
    LIVE.add(this.proc);
    void this.proc.exited.then(() => {
      LIVE.delete(this.proc);
      const why = this.proc.signalCode ? `signal ${this.proc.signalCode}` : `exit code ${this.proc.exitCode}`;
      const c = this.current;
      this.current = null;
      if (c) {
        if (c.timer) clearTimeout(c.timer);
        c.reject(new ChildGone(this.killedFor ?? "crash", `its plugin process died during the call (${why})`));
      }
      this.onBooted();
      this.onExit(this, why);
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null && !this.killedFor;
  }

  private receive(m: FromWorker): void {
    if (m.type === "booted") return this.onBooted();
    const c = this.current;
    if (!c || c.id !== m.id) return;
    this.current = null;
    if (c.timer) clearTimeout(c.timer);
    if (m.type === "failed") c.reject(new Error(m.error));
    else c.resolve(m);
  }

  /** Sends one request; past `deadlineMs` without an answer the process is SIGKILLed. */
  async request(msg: Req, deadlineMs: number): Promise<FromWorker> {
    await this.booted;
    if (!this.alive) throw new ChildGone("crash", "its plugin process is gone");
    if (this.current) throw new Error("a plugin process runs one request at a time");
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const c: NonNullable<PluginProcess["current"]> = { id, resolve, reject };
      c.timer = setTimeout(() => {
        this.current = null;
        this.kill("deadline");
        reject(new ChildGone("deadline", `did not finish within ${deadlineMs} ms`));
      }, deadlineMs);
      this.current = c;
      this.proc.send(toProcess({ ...msg, id } as ToWorker));
    });
  }

  kill(why: "deadline" | null = null): void {
    if (why) this.killedFor = why;
    this.proc.kill("SIGKILL");
  }
}

interface Job {
  req: CallRequest;
  resolve: (o: CallOutcome) => void;
  queuedAt: number;
}

/** Boot (init + load) of one child; a start function that spins is cut here. */
const BOOT_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 3000;

/**
 * Runs plugin calls in child processes (the same executable, `__plugin-process`), each with its
 * own database connection and plugin instances. The last line of the sandbox: a call that runs
 * past its deadline (limits.ts callDeadlineMs) has its process SIGKILLed — which, unlike a worker
 * thread's terminate(), really stops WebAssembly — and answered as that plugin's `deadline`
 * failure; a replacement process starts at once. Each child runs one call at a time; calls
 * wait here, in order, for the next idle child, so a killed child never takes another call with it.
 */
export class ProcessPoolExecutor implements Executor {
  private children: PluginProcess[] = [];
  private queue: Job[] = [];
  private plugins: PluginPayload[] = [];
  private deadlines = new Map<string, number>();
  private inFlight = new Set<Promise<unknown>>();
  private closing = false;
  private bootFailures = 0;
  private respawnTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly size: number,
    private readonly log: Logger,
  ) {}

  /** Process ids of the live children (tests and diagnostics). */
  pids(): number[] {
    return this.children.filter((c) => c.alive).map((c) => c.pid);
  }

  /** Calls served by each child that can take calls, by pid. */
  served(): Record<number, number> {
    return Object.fromEntries(this.children.filter((c) => c.ready && c.alive).map((c) => [c.pid, c.served]));
  }

  private bootTimeout(): number {
    return BOOT_TIMEOUT_MS + Math.max(0, ...this.deadlines.values());
  }

  /** Starts one child and brings it to idle; answers the load errors, or throws why it failed. */
  private async spawn(): Promise<Record<string, string>> {
    const child = new PluginProcess((p, why) => this.exited(p, why));
    this.children.push(child);
    try {
      await child.request({ type: "init", config: this.config }, this.bootTimeout());
      const loaded = await child.request({ type: "load", plugins: this.plugins }, this.bootTimeout());
      child.ready = true;
      this.bootFailures = 0;
      this.dispatch();
      return loaded.type === "loaded" ? loaded.errors : {};
    } catch (e) {
      child.kill();
      throw e;
    }
  }

  private exited(p: PluginProcess, why: string): void {
    this.children = this.children.filter((c) => c !== p);
    if (this.closing) return;
    this.log.error("plugin process replaced", { pid: p.pid, why });
    this.replenish();
  }

  /** Brings the pool back to size; after boot failures, waits longer each time. */
  private replenish(): void {
    if (this.closing || this.respawnTimer || this.children.length >= this.size) return;
    const delay = this.bootFailures ? Math.min(250 * 2 ** this.bootFailures, 30_000) : 0;
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = null;
      while (!this.closing && this.children.length < this.size) {
        this.spawn().catch((e) => {
          this.bootFailures++;
          this.log.error("could not start a plugin process", { error: (e as Error).message });
          // Nothing can run the queued calls: answer them rather than leave requests hanging.
          if (!this.children.some((c) => c.alive)) this.failQueue(`no plugin process could start: ${(e as Error).message}`);
          this.replenish();
        });
      }
    }, delay);
  }

  private failQueue(detail: string): void {
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, failure: "unavailable", detail, micros: Math.round((performance.now() - job.queuedAt) * 1000) });
  }

  async load(plugins: PluginPayload[]): Promise<Record<string, string>> {
    this.plugins = plugins;
    this.deadlines = new Map(plugins.map((p) => [p.slug, callDeadlineMs(p.limits.fuel, p.manifest.limits?.deadline_ms)]));
    for (const c of this.children) c.kill();
    const answers = await Promise.allSettled(Array.from({ length: this.size }, () => this.spawn()));
    const errors: Record<string, string> = {};
    for (const a of answers) if (a.status === "fulfilled") Object.assign(errors, a.value);
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === "rejected");
    if (failed && answers.every((a) => a.status === "rejected")) {
      for (const p of plugins) errors[p.slug] = `no plugin process could load the plugins: ${(failed.reason as Error).message}`;
    }
    if (failed) {
      this.bootFailures++;
      this.replenish();
    }
    return errors;
  }

  /** Hands queued calls to idle children, the least used first, each call bound before the next pick. */
  private dispatch(): void {
    while (this.queue.length) {
      let child: PluginProcess | undefined;
      for (const c of this.children) if (c.ready && c.alive && !c.busy && (!child || c.served < child.served)) child = c;
      if (!child) return;
      const job = this.queue.shift() as Job;
      child.busy = true;
      child.served++;
      void this.run(child, job);
    }
  }

  private async run(child: PluginProcess, job: Job): Promise<void> {
    const deadline = this.deadlines.get(job.req.slug) ?? callDeadlineMs(job.req.fuel ?? 0);
    const micros = () => Math.round((performance.now() - job.queuedAt) * 1000);
    try {
      const answer = await child.request({ type: "call", req: job.req }, deadline);
      if (answer.type !== "result") throw new Error(`unexpected answer ${answer.type}`);
      job.resolve({ ...answer.outcome, ran: "worker" });
    } catch (e) {
      if (e instanceof ChildGone && e.why === "deadline") {
        this.log.error("plugin call ran past its deadline: its process was killed", { plugin: job.req.slug, deadline_ms: deadline, pid: child.pid });
        job.resolve({ ok: false, failure: "deadline", detail: `ran past its deadline of ${deadline} ms: its plugin process was killed`, micros: micros(), ran: "worker" });
      } else if (e instanceof ChildGone) {
        job.resolve({ ok: false, failure: "crash", detail: e.message, micros: micros(), ran: "worker" });
      } else {
        job.resolve({ ok: false, failure: "unavailable", detail: `plugin process failed: ${(e as Error).message}`, micros: micros(), ran: "worker" });
      }
    } finally {
      child.busy = false;
      this.dispatch();
    }
  }

  call(req: CallRequest): Promise<CallOutcome> {
    const p = new Promise<CallOutcome>((resolve) => {
      if (this.closing) return resolve({ ok: false, failure: "unavailable", detail: "the plugin host is closing", micros: 0 });
      this.queue.push({ req, resolve, queuedAt: performance.now() });
      this.dispatch();
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta) {
    return runChain((req) => this.call(req), slugs, exportName, input, meta);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Lets calls finish, asks each child to close, and reaps it (SIGKILL if it does not exit in time). */
  async close(): Promise<void> {
    await this.drain();
    this.closing = true;
    if (this.respawnTimer) clearTimeout(this.respawnTimer);
    const children = [...this.children];
    await Promise.allSettled(
      children.map(async (c) => {
        if (!c.ready) c.kill(); // still booting: nothing to close
        else if (c.alive) await Promise.race([c.request({ type: "close" }, CLOSE_TIMEOUT_MS).catch(() => {}), c.proc.exited]);
        const exited = await Promise.race([c.proc.exited.then(() => true), Bun.sleep(CLOSE_TIMEOUT_MS).then(() => false)]);
        if (!exited) c.kill();
        await c.proc.exited;
      }),
    );
    this.children = [];
  }
}
