/**
 * The blocking call plugins' host calls go through (server/plugin-host/blocking-call.ts): a thread
 * blocked on Atomics.wait gets the answer of an async handler on this thread's event loop, in chunks
 * when it is larger than the shared buffer; past the deadline it gives up, and a handler that claims
 * the call only after that (a write about to commit) is refused, so nothing is done behind its back.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { answerBlockingCalls, blockingChannel } from "../server/plugin-host/blocking-call.ts";

type Reply = { value?: unknown; error?: string; kind?: string; ms: number };

let worker: Worker;
let stop: () => void;
const replies: ((r: Reply) => void)[] = [];
let release = Promise.withResolvers<void>();
const done: string[] = [];

async function call(method: string, args: unknown): Promise<Reply> {
  const reply = new Promise<Reply>((resolve) => replies.push(resolve));
  worker.postMessage({ method, args });
  return reply;
}

beforeAll(async () => {
  // 64-byte chunks: any real answer takes several.
  const { caller, answerer } = blockingChannel(64);
  stop = answerBlockingCalls(answerer, async (method, args, call) => {
    if (method === "echo") return args;
    if (method === "big") return { rows: Array.from({ length: args as number }, (_, i) => ({ i, name: `row ${i} µ日本` })) };
    if (method === "fail") throw new Error(`refused: ${JSON.stringify(args)}`);
    if (method === "wait-then-write") {
      await release.promise; // the writer its caller holds
      call.claim(); // inside the transaction, just before COMMIT: throws if the caller gave up
      done.push(String(args));
      return "written";
    }
    throw new Error(`unknown ${method}`);
  });
  worker = new Worker(new URL("./fixtures/blocking-caller-worker.ts", import.meta.url).href);
  const ready = new Promise((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.ready) return resolve(null);
      replies.shift()?.(e.data);
    };
  });
  worker.postMessage({ end: caller, deadlineMs: 300 }, [caller.port]);
  await ready;
});
afterAll(() => {
  stop();
  worker.terminate();
});

describe("a blocking call to an async handler in another thread", () => {
  test("answers the handler's value", async () => {
    expect((await call("echo", { a: [1, "two", null] })).value).toEqual({ a: [1, "two", null] });
  });

  test("an answer larger than the shared buffer arrives whole, in chunks", async () => {
    const r = await call("big", 500);
    expect((r.value as { rows: unknown[] }).rows).toHaveLength(500);
    expect((r.value as { rows: { name: string }[] }).rows[499].name).toBe("row 499 µ日本");
  });

  test("what the handler throws reaches the caller as its message", async () => {
    const r = await call("fail", { x: 1 });
    expect(r.kind).toBe("BlockingCallError");
    expect(r.error).toBe('refused: {"x":1}');
  });

  test("past the deadline the caller gets an error, and the late handler's write is refused", async () => {
    release = Promise.withResolvers<void>();
    const r = await call("wait-then-write", "first");
    expect(r.kind).toBe("BlockingCallTimeout");
    expect(r.error).toContain("no answer within 300 ms");
    expect(r.ms).toBeGreaterThanOrEqual(290);
    release.resolve();
    await Bun.sleep(20);
    expect(done).toEqual([]); // claimed too late: the write rolled back
    // The channel still serves the next call.
    expect((await call("echo", 5)).value).toBe(5);
  });

  test("a call taken in time is answered", async () => {
    release = Promise.withResolvers<void>();
    const pending = call("wait-then-write", "second");
    await Bun.sleep(50);
    release.resolve();
    expect((await pending).value).toBe("written");
    expect(done).toEqual(["second"]);
  });
});
