/**
 * A synchronous call to an async handler in another thread (docs/data-layer.md, "Plugin host
 * calls"). WebAssembly calls a host function synchronously and needs its answer before it goes on;
 * the services answering it are async. So the plugin's thread (the caller) posts the request on a
 * MessagePort to a thread whose event loop is free (the answerer), and blocks on `Atomics.wait`
 * over a SharedArrayBuffer until the answer is written there. An answer larger than the buffer
 * comes in chunks: the caller asks for the next one after copying each.
 *
 * The deadline: the caller waits at most `deadlineMs` for the answerer to take the call. Past it
 * the call is abandoned and throws a BlockingCallTimeout (a plugin called inside a write
 * transaction that its caller holds would otherwise wait forever for the writer). Abandoned means
 * abandoned: the answerer "claims" a call before answering it, and a write claims it inside its
 * transaction just before committing (`claim` below), so a write whose caller has stopped waiting
 * rolls back instead of landing after the plugin was told it failed. Once claimed, the caller waits
 * for the answer (a commit and the encoding of the answer) past the deadline.
 *
 * Shared memory: a 16-byte header of four Int32 (PENDING: the sequence number of the call waiting
 * for its answer, 0 once claimed or abandoned; READY: 1 while a chunk is in the buffer; CHUNK: its
 * length; TOTAL: the answer's length), then the data bytes. One caller thread per channel: it makes
 * one call at a time, being blocked during it.
 */

const PENDING = 0;
const READY = 1;
const CHUNK = 2;
const TOTAL = 3;
const HEADER_BYTES = 16;

/** Bytes of answer per chunk, by default: a bv_get answer is ~1 KiB, a page of 100 parts ~60 KiB. */
const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** How long a host call waits for the thread that answers it, by default (as SQLite's busy_timeout). */
const DEFAULT_HOST_CALL_DEADLINE_MS = 5000;
/** After the answerer claimed a call, how long the caller still waits for its answer (a commit, the encoding). */
const CLAIMED_GRACE_MS = 60_000;

/** One end of a channel: the port carries requests, the shared buffer answers. */
export interface BlockingEnd {
  port: MessagePort;
  shared: SharedArrayBuffer;
}

/** A channel's two ends: `caller` goes to the plugin's thread (transfer its port), `answerer` stays. */
export function blockingChannel(chunkBytes = DEFAULT_CHUNK_BYTES): { caller: BlockingEnd; answerer: BlockingEnd } {
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(HEADER_BYTES + chunkBytes);
  return { caller: { port: port1, shared }, answerer: { port: port2, shared } };
}

/** The caller stopped waiting: no answer was taken within the deadline. */
class BlockingCallTimeout extends Error {}

/** The answerer's handler threw: `message` is its description (the answerer's `describe`). */
class BlockingCallError extends Error {}

type Request = { type: "call"; seq: number; method: string; args: unknown } | { type: "more"; seq: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The plugin thread's side: `call` blocks until the answer arrives or the deadline passes. */
export class BlockingCaller {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private seq = 0;

  constructor(
    private readonly end: BlockingEnd,
    readonly deadlineMs = DEFAULT_HOST_CALL_DEADLINE_MS,
  ) {
    this.header = new Int32Array(end.shared, 0, 4);
    this.data = new Uint8Array(end.shared, HEADER_BYTES);
  }

  /** The handler's answer for (method, args); throws BlockingCallError (its error) or BlockingCallTimeout. */
  call(method: string, args: unknown): unknown {
    const h = this.header;
    const seq = (this.seq = (this.seq % 0x7ffffffe) + 1);
    Atomics.store(h, READY, 0);
    Atomics.store(h, PENDING, seq);
    this.end.port.postMessage({ type: "call", seq, method, args } satisfies Request);
    this.waitReady(seq, method, false);
    const total = h[TOTAL];
    const bytes = new Uint8Array(total);
    let received = 0;
    for (;;) {
      const n = h[CHUNK];
      bytes.set(this.data.subarray(0, n), received);
      received += n;
      if (received >= total) break;
      Atomics.store(h, READY, 0);
      this.end.port.postMessage({ type: "more", seq } satisfies Request);
      this.waitReady(seq, method, true);
    }
    Atomics.store(h, READY, 0);
    const answer = JSON.parse(decoder.decode(bytes)) as { v: unknown } | { e: string };
    if ("e" in answer) throw new BlockingCallError(answer.e);
    return answer.v;
  }

  /** Waits for a chunk; `taken`: the call is known to be claimed (a later chunk), so no deadline applies. */
  private waitReady(seq: number, method: string, taken: boolean): void {
    const h = this.header;
    let claimed = taken;
    let deadline = performance.now() + (claimed ? CLAIMED_GRACE_MS : this.deadlineMs);
    for (;;) {
      if (Atomics.load(h, READY) === 1) return;
      const left = deadline - performance.now();
      if (left > 0) {
        Atomics.wait(h, READY, 0, left);
        continue;
      }
      if (claimed) throw new BlockingCallTimeout(`${method}: its answer did not arrive within ${CLAIMED_GRACE_MS} ms`);
      // Not taken in time: abandon it, unless the answerer claimed it meanwhile (then its answer is coming).
      if (Atomics.compareExchange(h, PENDING, seq, 0) === seq) {
        throw new BlockingCallTimeout(
          `${method}: no answer within ${this.deadlineMs} ms (the database stayed busy: a plugin called while its caller holds the writer cannot write), so nothing was done`,
        );
      }
      claimed = true;
      deadline = performance.now() + CLAIMED_GRACE_MS;
    }
  }

  close(): void {
    this.end.port.close();
  }
}

/** Given to the handler: `claim()` takes the call for good, or throws if the caller has given up on it. */
export interface CallClaim {
  claim(): void;
}

/** Thrown by `claim()` for a call whose caller stopped waiting: a write doing it rolls back. */
class CallAbandoned extends Error {}

/**
 * The answering side: runs `handler` for each call arriving on `end` and writes its answer (or the
 * description of what it threw) into the shared buffer. Answers `stop`, which closes the port.
 */
export function answerBlockingCalls(
  end: BlockingEnd,
  handler: (method: string, args: unknown, call: CallClaim) => unknown,
  describe: (e: unknown) => string = (e) => (e instanceof Error ? e.message : String(e)),
): () => void {
  const h = new Int32Array(end.shared, 0, 4);
  const data = new Uint8Array(end.shared, HEADER_BYTES);
  let sending: { seq: number; bytes: Uint8Array; offset: number } | null = null;
  const writeChunk = () => {
    if (!sending) return;
    const n = Math.min(data.length, sending.bytes.length - sending.offset);
    data.set(sending.bytes.subarray(sending.offset, sending.offset + n));
    sending.offset += n;
    h[CHUNK] = n;
    h[TOTAL] = sending.bytes.length;
    if (sending.offset >= sending.bytes.length) sending = null;
    Atomics.store(h, READY, 1);
    Atomics.notify(h, READY);
  };
  end.port.onmessage = async (event: MessageEvent<Request>) => {
    const m = event.data;
    if (m.type === "more") {
      if (sending?.seq === m.seq) writeChunk();
      return;
    }
    let claimed = false;
    const call: CallClaim = {
      claim() {
        if (claimed) return;
        if (Atomics.compareExchange(h, PENDING, m.seq, 0) !== m.seq) throw new CallAbandoned(`${m.method}: its caller stopped waiting`);
        claimed = true;
      },
    };
    let body: string;
    try {
      body = JSON.stringify({ v: (await handler(m.method, m.args, call)) ?? null });
    } catch (e) {
      if (e instanceof CallAbandoned) return;
      body = JSON.stringify({ e: describe(e) });
    }
    try {
      call.claim();
    } catch {
      return; // abandoned: the caller went on without it
    }
    sending = { seq: m.seq, bytes: encoder.encode(body), offset: 0 };
    writeChunk();
  };
  return () => end.port.close();
}
