/**
 * A plugin child process (`binventory __plugin-process`, started by executor-processes.ts): the
 * worker's message handling over the IPC channel. It dies with its parent, whatever it is doing:
 *  - Linux's parent-death signal (prctl PR_SET_PDEATHSIG, SIGKILL) ends it even while its thread
 *    spins in WebAssembly and cannot run JavaScript;
 *  - an idle child also exits when the IPC channel closes (parent gone or closing it).
 * SIGINT/SIGTERM are ignored: a terminal's Ctrl-C reaches the whole process group, and the parent
 * decides when its plugin processes stop (it drains calls in flight first).
 */
import { dlopen, FFIType } from "bun:ffi";
import { createWorkerHandler } from "./worker-handler.ts";
import { type FromWorker, fromProcess, PARENT_PID_ENV, type ToProcess } from "../plugin-host/worker-protocol.ts";

const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;

function dieWithParent(): void {
  if (process.platform === "linux") {
    try {
      const libc = dlopen("libc.so.6", { prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 } });
      libc.symbols.prctl(PR_SET_PDEATHSIG, BigInt(SIGKILL), 0n, 0n, 0n);
    } catch (e) {
      process.stderr.write(`plugin process: no parent-death signal (${(e as Error).message}); relying on the IPC channel\n`);
    }
  }
  // The parent may have died before the signal was armed.
  const parent = Number(process.env[PARENT_PID_ENV]);
  if (parent && process.ppid !== parent) process.exit(0);
}

export function runPluginProcess(): void {
  if (!process.send) {
    process.stderr.write("binventory __plugin-process is started by the server, with an IPC channel\n");
    process.exit(2);
  }
  dieWithParent();
  const send = process.send.bind(process);
  const handle = createWorkerHandler("plugin-process");
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  process.on("disconnect", () => process.exit(0));
  process.on("message", async (msg: ToProcess) => {
    const answer = await handle(fromProcess(msg));
    send(answer);
    if (answer.type === "closed") process.exit(0);
  });
  send({ type: "booted", id: 0 } satisfies FromWorker);
}
