import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { Logger } from "../core/log.ts";
import type { CallOutcome, CallRequest, Executor } from "./executor.ts";
import { blockingChannel } from "./blocking-call.ts";
import { answerHostCalls, type ChainMeta, type HostApi } from "./host-api.ts";
import { describeHostError } from "./host-functions.ts";
import type { PluginPayload } from "./prepare.ts";
import type { FromWorker, ToWorker, WorkerConfig } from "./worker-protocol.ts";

type Pending = { resolve: (m: FromWorker) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> };
/** A message without its id, distributed over the union so each variant keeps its fields. */
type Req = ToWorker extends infer M ? (M extends ToWorker ? Omit<M, "id"> : never) : never;

/** One worker thread and its outstanding requests. */
class PluginWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  private nextId = 1;
  dead = false;
  /** Stops answering its host calls (when this thread answers them). */
  stopAnswering: () => void = () => {};
  /** Resolves when the worker can take messages. */
  readonly booted: Promise<void>;
  private onBoot!: () => void;

  constructor(
    entry: string,
    private readonly onDeath: (w: PluginWorker, why: string) => void,
  ) {
    this.booted = new Promise((resolve) => {
      this.onBoot = resolve;
    });
    this.worker = new Worker(entry);
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.type === "booted") return this.onBoot();
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (p.timer) clearTimeout(p.timer);
      if (e.data.type === "failed") p.reject(new Error(e.data.error));
      else p.resolve(e.data);
    };
    this.worker.onerror = (e) => this.die(`worker error: ${e.message}`);
  }

  /**
   * Registers the request at once (so `load` counts it before the caller's next pick: concurrent
   * calls spread over the workers), then posts it once the worker has booted.
   */
  send(msg: Req, timeoutMs?: number, transfer: Transferable[] = []): Promise<FromWorker> {
    if (this.dead) return Promise.reject(new Error("plugin worker is gone"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject };
      this.pending.set(id, p);
      void this.booted.then(() => {
        if (this.dead || !this.pending.has(id)) return; // died meanwhile: die() rejected it
        if (timeoutMs) p.timer = setTimeout(() => this.die(`no answer within ${timeoutMs} ms`), timeoutMs);
        this.worker.postMessage({ ...msg, id } as ToWorker, transfer);
      });
    });
  }

  get load(): number {
    return this.pending.size;
  }

  die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error(why));
    }
    this.pending.clear();
    this.stopAnswering();
    this.worker.terminate();
    this.onBoot();
    this.onDeath(this, why);
  }
}

/**
 * Runs plugin calls in a pool of worker threads, each holding every plugin. A call goes to the
 * least busy worker. With `host`, the workers' database host calls are answered on this thread by
 * it (the main thread's one Database), each worker blocking on its own channel
 * (blocking-call.ts); without, each worker starts a service thread of its own (as a process does). Metering ends runaway guests within their budget; the watchdog is a last
 * resort for a worker that stops answering (Bun cannot stop WASM in a terminated worker, so that
 * case is logged loudly: PLATFORM-FACTS 3).
 */
export class WorkerPoolExecutor implements Executor {
  private workers: PluginWorker[] = [];
  private plugins: PluginPayload[] = [];
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    /** The worker thread's entry script (plugin-bridge/worker.ts: the host never imports the application). */
    private readonly entry: string,
    private readonly config: WorkerConfig,
    private readonly size: number,
    private readonly log: Logger,
    private readonly options: {
      /** The services answering the workers' host calls on this thread (the main thread's Database). */
      host?: HostApi;
      /** A call that takes longer than this is presumed stuck and its worker replaced. */
      watchdogMs?: number;
    } = {},
  ) {}

  private get watchdogMs(): number {
    return this.options.watchdogMs ?? 30_000;
  }

  private async spawn(): Promise<PluginWorker> {
    const w = new PluginWorker(this.entry, (dead, why) => this.replace(dead, why));
    this.workers.push(w);
    if (this.options.host) {
      const { caller, answerer } = blockingChannel();
      w.stopAnswering = answerHostCalls(answerer, this.options.host, describeHostError);
      await w.send({ type: "init", config: this.config, bridge: caller }, undefined, [caller.port]);
    } else {
      await w.send({ type: "init", config: this.config });
    }
    if (this.plugins.length) await w.send({ type: "load", plugins: this.plugins });
    return w;
  }

  private replace(dead: PluginWorker, why: string): void {
    this.workers = this.workers.filter((w) => w !== dead);
    this.log.error("plugin worker replaced", { why });
    this.spawn().catch((e) => this.log.error("could not start a plugin worker", { error: String(e) }));
  }

  async load(plugins: PluginPayload[]): Promise<Record<string, string>> {
    this.plugins = plugins;
    while (this.workers.length < this.size) await this.spawn();
    const answers = await Promise.all(this.workers.map((w) => w.send({ type: "load", plugins })));
    const errors: Record<string, string> = {};
    for (const a of answers) if (a.type === "loaded") Object.assign(errors, a.errors);
    return errors;
  }

  private pick(): PluginWorker {
    const live = this.workers.filter((w) => !w.dead);
    if (!live.length) throw new Error("no plugin worker is running");
    return live.reduce((a, b) => (b.load < a.load ? b : a));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  call(req: CallRequest): Promise<CallOutcome> {
    const started = performance.now();
    return this.track(
      (async (): Promise<CallOutcome> => {
        try {
          const answer = await this.pick().send({ type: "call", req }, this.watchdogMs);
          if (answer.type === "result") return { ...answer.outcome, ran: "worker" };
          throw new Error(`unexpected answer ${answer.type}`);
        } catch (e) {
          return { ok: false, failure: "unavailable", detail: `plugin worker failed: ${(e as Error).message}`, micros: Math.round((performance.now() - started) * 1000) };
        }
      })(),
    );
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta) {
    return this.track(
      (async () => {
        const answer = await this.pick().send({ type: "chain", slugs, export: exportName, input, meta }, this.watchdogMs);
        if (answer.type === "chained") return answer.results;
        throw new Error(`unexpected answer ${answer.type}`);
      })(),
    );
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.drain();
    await Promise.allSettled(this.workers.map((w) => w.send({ type: "close" }, 5000)));
    for (const w of this.workers) {
      w.dead = true;
      w.stopAnswering();
      w.worker.terminate();
    }
    this.workers = [];
  }
}
