/**
 * The plugin worker thread's entry script, for WorkerPoolExecutor. In a compiled binary
 * (scripts/build-binary.ts, build root = repository root) import.meta.url is the binary's own path
 * at the root of its embedded files, and the worker entrypoint sits under its source path.
 */
export const PLUGIN_WORKER_URL = new URL(Bun.isStandaloneExecutable ? "./server/plugin-bridge/worker.ts" : "./worker.ts", import.meta.url).href;
