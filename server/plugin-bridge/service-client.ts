/**
 * Starts a service thread (service-thread.ts) for a plugin thread that has no other thread to
 * answer its host calls: a plugin process, or `binventory plugin call`. Answers the caller's end of
 * the channel and how to stop the thread.
 */
import type { Database } from "../db/database.ts";
import { SQL } from "bun";
import { openPgAsyncDatabase } from "../db/pg/pg-database.ts";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { useTables } from "../db/tables.ts";
import { type BlockingEnd, blockingChannel } from "../plugin-host/blocking-call.ts";
import type { WorkerConfig } from "../plugin-host/worker-protocol.ts";
import type { FromServiceThread, ToServiceThread } from "./service-thread.ts";

/** In a compiled binary the entry sits under its source path (scripts/build-binary.ts ENTRYPOINTS), as worker-url.ts. */
const SERVICE_THREAD_URL = new URL(Bun.isStandaloneExecutable ? "./server/plugin-bridge/service-thread.ts" : "./service-thread.ts", import.meta.url).href;

/**
 * The service thread's own Database: on the server's SQLite file, with the server's durability
 * (busy_timeout as the server's), or a small pool on the server's PostgreSQL database (migrated by
 * the server already), with this thread's tables bound to PostgreSQL's.
 */
export function openServiceDatabase(config: WorkerConfig): Database {
  if (config.database?.kind === "postgres") {
    useTables("postgres");
    return openPgAsyncDatabase(new SQL({ url: config.database.url, max: 2 })) as unknown as Database;
  }
  return openSqliteDatabase(config.dbPath, { durability: config.durability });
}

export interface ServiceThread {
  /** The end a BlockingCaller on this thread uses. */
  end: BlockingEnd;
  close(): Promise<void>;
}

export async function startServiceThread(config: WorkerConfig): Promise<ServiceThread> {
  const worker = new Worker(SERVICE_THREAD_URL);
  let next: ((m: FromServiceThread) => void) | null = null;
  const booted = Promise.withResolvers<void>();
  worker.onmessage = (e: MessageEvent<FromServiceThread>) => (e.data.type === "booted" ? booted.resolve() : next?.(e.data));
  worker.onerror = (e) => booted.reject(new Error(`plugin service thread: ${e.message}`));
  const request = (m: ToServiceThread, transfer: Transferable[] = []) =>
    new Promise<FromServiceThread>((resolve) => {
      next = resolve;
      worker.postMessage(m, transfer);
    });
  await booted.promise;
  const { caller, answerer } = blockingChannel();
  const ready = await request({ type: "init", config, end: answerer }, [answerer.port]);
  if (ready.type === "failed") {
    worker.terminate();
    throw new Error(`plugin service thread: ${ready.error}`);
  }
  return {
    end: caller,
    async close() {
      await Promise.race([request({ type: "close" }), Bun.sleep(3000)]);
      worker.terminate();
    },
  };
}
