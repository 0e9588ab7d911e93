import { describe, expect, test } from "bun:test";
import type { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { HybridExecutor } from "../server/plugin-host/executor-hybrid.ts";
import type { CallOutcome, CallRequest, Executor } from "../server/plugin-host/executor.ts";
import type { PluginPayload } from "../server/plugin-host/prepare.ts";

/** An executor that records what it is asked; `outcome` decides each call's answer. */
function fake(outcome: () => CallOutcome) {
  const log: string[] = [];
  let broken = false;
  const ex: Executor & { log: string[]; broken: boolean } = {
    log,
    get broken() {
      return broken;
    },
    set broken(b) {
      broken = b;
    },
    load: async () => ({}),
    call: async (req: CallRequest) => {
      log.push(`call ${req.slug}`);
      const o = outcome();
      if (!o.ok && o.failure === "trap") broken = true;
      return o;
    },
    chain: async () => [],
    needsRebuild: () => broken,
    rebuild: async (slug: string) => {
      log.push(`rebuild ${slug}`);
      broken = false;
      return null;
    },
    drain: async () => {},
    close: async () => {},
  };
  return ex;
}

const payload = { slug: "p", manifest: { permissions: [] } as unknown as PluginManifest, limits: { fuel: 10_000_000 } } as unknown as PluginPayload;
const req: CallRequest = { slug: "p", export: "action_run", input: {}, meta: { slug: "p", user: null } };

/**
 * Issue 9: after a fault the inline instance is rebuilt (its start function runs again, up to a
 * slice of work) — never on a call's path, and the plugin's calls go to the workers meanwhile and
 * for a cool-down, so no request waits for a slice and a rebuild in a row.
 */
describe("hybrid: rebuilds after a fault run apart from calls", () => {
  test("a trap answers at once; the rebuild runs in a later task; the next calls go to the workers until the cool-down ends", async () => {
    let now = 1_000;
    const inline = fake(() => ({ ok: false, failure: "trap", detail: "trapped", micros: 1 }));
    const workers = fake(() => ({ ok: false, failure: "trap", detail: "trapped", micros: 1 }));
    const hybrid = new HybridExecutor(inline, workers, { inlineFuel: 1_000_000, coolDownMs: 30_000 }, () => now);
    await hybrid.load([payload]);
    const first = await hybrid.call(req);
    expect(first).toMatchObject({ ok: false, failure: "trap", ran: "inline" });
    expect(inline.log).toEqual(["call p"]); // not rebuilt on the call's path
    const second = await hybrid.call(req); // while the rebuild is pending, and within the cool-down
    expect(second.ran).toBe("worker");
    await hybrid.drain();
    expect(inline.log).toEqual(["call p", "rebuild p"]);
    expect(inline.broken).toBe(false);
    expect((await hybrid.call(req)).ran).toBe("worker"); // still cooling down
    now += 30_001;
    expect((await hybrid.call(req)).ran).toBe("inline"); // rebuilt, tried inline again
    expect(inline.log).toEqual(["call p", "rebuild p", "call p"]);
    await hybrid.close();
  });

  test("an instance still broken when the cool-down ends is rebuilt apart, that call going to the workers", async () => {
    let now = 1_000;
    const inline = fake(() => ({ ok: true, output: {}, micros: 1 }));
    const workers = fake(() => ({ ok: true, output: {}, micros: 1 }));
    const hybrid = new HybridExecutor(inline, workers, { inlineFuel: 1_000_000, coolDownMs: 30_000 }, () => now);
    await hybrid.load([payload]);
    inline.broken = true; // e.g. a rebuild whose start function failed once
    expect((await hybrid.call(req)).ran).toBe("worker");
    await hybrid.drain();
    expect(inline.log).toEqual(["rebuild p"]);
    now += 1;
    expect((await hybrid.call(req)).ran).toBe("inline");
    await hybrid.close();
  });

  test("a successful call (the common case) stays inline and never rebuilds", async () => {
    const inline = fake(() => ({ ok: true, output: {}, micros: 1 }));
    const workers = fake(() => ({ ok: true, output: {}, micros: 1 }));
    const hybrid = new HybridExecutor(inline, workers);
    await hybrid.load([payload]);
    for (let i = 0; i < 3; i++) expect((await hybrid.call(req)).ran).toBe("inline");
    await hybrid.drain();
    expect(inline.log).toEqual(["call p", "call p", "call p"]);
    expect(workers.log).toEqual([]);
  });
});
