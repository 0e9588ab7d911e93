import { readFileSync } from "node:fs";
import { join } from "node:path";
import createPlugin, { type CallContext } from "@extism/extism";

export const PLUGINS_DIR = join(import.meta.dir, "..", "..", "plugins-wasm");

/** A fake host function: gets the parsed request, returns the envelope to answer with. */
export type FakeHandler = (request: Record<string, unknown>) => { ok: true; data: unknown } | { ok: false; error: string };

export type HostCall = { fn: string; request: Record<string, unknown> };

/** What one export call produced: parsed output or the plugin's error text, and the host calls it made. */
export type CallOutcome = { output: unknown; error: string | null; calls: HostCall[] };

/** The bytes of a built example plugin. */
export function pluginBytes(slug: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(PLUGINS_DIR, slug, "plugin.wasm")));
}

/**
 * Runs one export of a built plugin straight through @extism/extism (no Binventory host), with
 * fake `extism:host/user` functions; every request is recorded in order.
 */
export async function callPlugin(slug: string, input: string, handlers: Record<string, FakeHandler> = {}, fn = "action_run"): Promise<CallOutcome> {
  const calls: HostCall[] = [];
  const functions: Record<string, (cp: CallContext, off: bigint) => bigint> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    functions[name] = (cp, off) => {
      const text = cp.read(off)?.text() ?? "";
      const request = JSON.parse(text) as Record<string, unknown>;
      calls.push({ fn: name, request });
      return cp.store(JSON.stringify(handler(request)));
    };
  }
  const plugin = await createPlugin({ wasm: [{ data: pluginBytes(slug) }] }, { useWasi: false, runInWorker: false, functions: { "extism:host/user": functions } });
  try {
    const out = await plugin.call(fn, input);
    return { output: out ? JSON.parse(out.text()) : null, error: null, calls };
  } catch (e) {
    return { output: null, error: (e as Error).message.replace(/^Plugin-originated error: /, ""), calls };
  } finally {
    await plugin.close();
  }
}

/** An `action_run` input. */
export function actionInput(action: string, data: unknown, user: { pk: number; username: string } | null = { pk: 1, username: "admin" }): string {
  return JSON.stringify({ action, data, user });
}
