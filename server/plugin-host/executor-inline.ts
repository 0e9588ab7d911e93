import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import { CallRunner } from "./call-runner.ts";
import type { CallRequest, Executor } from "./executor.ts";
import { type ChainMeta, type HostApi, requestThreadHostApi } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

/**
 * Runs plugins on the calling thread. Cheapest per call, but a plugin that spins to its budget
 * holds the event loop for that long: for benchmarks, tests and single-user tools. This thread
 * runs the async services and cannot block on itself, so the database host calls are refused here
 * (host-api.ts requestThreadHostApi): the hybrid executor sends a plugin granted one to a worker.
 */
export class InlineExecutor implements Executor {
  private runner: CallRunner;
  private pending = new Set<Promise<unknown>>();

  constructor(api: HostApi) {
    this.runner = new CallRunner(requestThreadHostApi(api));
  }

  load(plugins: PluginPayload[]) {
    return this.runner.load(plugins);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p)).catch(() => {});
    return p;
  }

  call(req: CallRequest) {
    return this.track(
      this.runner.call(req).then((o) => {
        o.ran = "inline";
        return o;
      }),
    );
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta) {
    return this.track(this.runner.chain(slugs, exportName, input, meta));
  }

  needsRebuild(slug: string) {
    return this.runner.needsRebuild(slug);
  }

  rebuild(slug: string) {
    return this.track(this.runner.rebuild(slug));
  }

  async drain() {
    await Promise.allSettled([...this.pending]);
  }

  async close() {
    await this.drain();
    await this.runner.close();
  }
}
