/**
 * Hints for the mistakes an author's toolchain makes by default, shared by the server's load
 * check and `binventory plugin check` so that both tell the same fix.
 */

/**
 * How to fix an import the host does not provide, or "" when there is nothing more to say.
 * `env.abort` is what a default `asc` build imports for AssemblyScript's abort().
 */
export function importHint(module: string, name: string): string {
  if (module === "env" && name === "abort") {
    return (
      " (a default AssemblyScript build imports env.abort for abort(): build with `asc … --use abort=<file>/<function>` " +
      "naming an abort of your own, as @extism/as-pdk's README does, or with `binventory plugin build`, whose kit routes abort() to the call's error)"
    );
  }
  if (module.startsWith("wasi")) return " (WASI is not available to plugins: no filesystem, no clock, no network)";
  return "";
}

/**
 * The hint for a kernel load or store past the end of its block (the engine's DataView throws
 * "Out of bounds access"): @extism/as-pdk 1.0's Host.outputString allocates the string's UTF-16
 * length and stores its longer UTF-8 bytes whenever the output has a non-ASCII character.
 */
export const BLOCK_OVERRUN_HINT =
  "a kernel store_u8/store_u64 or load went past the end of its block (more bytes than alloc was given). " +
  "With @extism/as-pdk this is Host.outputString on non-ASCII text (it allocates the UTF-16 length, not the UTF-8 byte length): " +
  "write Host.output(Uint8Array.wrap(String.UTF8.encode(text))) instead, or use Binventory's AssemblyScript kit";
