import { importHint } from "../schema/import-hints.ts";
import type { PluginToBuild } from "./discover.ts";

/** Kernel imports that @extism/extism 1.0.3 provides (it lacks get_log_level, log_trace, http_headers, error_get). */
const KERNEL_IMPORTS = new Set([
  "input_length", "input_load_u8", "input_load_u64", "input_offset", "alloc", "free", "length", "length_unsafe",
  "load_u8", "load_u64", "store_u8", "store_u64", "output_set", "error_set", "config_get", "var_get", "var_set",
  "log_info", "log_warn", "log_error", "log_debug",
]);
/** Binventory's host functions (module extism:host/user). */
const HOST_FUNCTIONS = new Set(["bv_get", "bv_search", "bv_stock_adjust", "bv_setting_get", "bv_log"]);

export type Verdict = { problems: string[]; warnings: string[]; userImports: string[] };

function readLeb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, i];
  }
}

/** The initial page count of the memory the module defines, or null when it defines none. */
function definedMemoryPages(bytes: Uint8Array): number | null {
  let i = 8; // magic + version
  while (i < bytes.length) {
    const id = bytes[i];
    const [size, body] = readLeb(bytes, i + 1);
    if (id === 5) {
      const [count, at] = readLeb(bytes, body);
      if (count === 0) return null;
      return readLeb(bytes, at + 1)[0]; // skip the limits flag byte
    }
    i = body + size;
  }
  return null;
}

/**
 * Checks a built module against ABI 1: imports only from the Extism kernel that the JS SDK 1.0.3
 * provides and from the host functions the plugin is permitted, exports what its kinds need, and
 * starts with no more memory than its limit.
 */
export function verifyModule(bytes: Uint8Array<ArrayBuffer>, plugin: PluginToBuild): Verdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    return { problems: [`not a valid WebAssembly module: ${(e as Error).message}`], warnings, userImports: [] };
  }
  const userImports: string[] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const where = `${imp.module}.${imp.name}`;
    if (imp.kind !== "function") problems.push(`imports ${imp.kind} ${where}: only functions may be imported`);
    else if (imp.module === "extism:host/env") {
      if (!KERNEL_IMPORTS.has(imp.name)) problems.push(`imports ${where}, which the Extism 1.0.3 kernel does not provide`);
    } else if (imp.module === "extism:host/user") {
      userImports.push(imp.name);
      if (!HOST_FUNCTIONS.has(imp.name)) problems.push(`imports ${where}, which is not a Binventory host function`);
      else if (!plugin.permissions.includes(imp.name)) problems.push(`calls ${imp.name} but plugin.json's permissions do not list it`);
    } else {
      problems.push(`imports ${where}: only extism:host/env and extism:host/user are allowed${importHint(imp.module, imp.name) || " (no WASI)"}`);
    }
  }
  for (const p of plugin.permissions) {
    if (!userImports.includes(p)) warnings.push(`permission ${p} is never called`);
  }
  const exported = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name));
  for (const name of plugin.requiredExports) {
    if (!exported.has(name)) problems.push(`does not export ${name}, which its kinds need`);
  }
  const pages = definedMemoryPages(bytes);
  if (pages !== null && plugin.memoryPages !== null && pages > plugin.memoryPages) {
    problems.push(`starts with ${pages} memory pages, more than limits.memory_pages (${plugin.memoryPages})`);
  }
  return { problems, warnings, userImports };
}
