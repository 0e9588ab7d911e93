/** Concurrency tests' senders: every request started before any is awaited. */

/** Sends every request at once; the answers in request order. */
export const together = <R>(sends: (() => Promise<R>)[]): Promise<R[]> => Promise.all(sends.map((send) => send()));

/** `send(0)` … `send(n - 1)` at once; the answers in order. */
export const times = <R>(n: number, send: (i: number) => Promise<R>): Promise<R[]> => together(Array.from({ length: n }, (_, i) => () => send(i)));
