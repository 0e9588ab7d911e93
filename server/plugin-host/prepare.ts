import type { PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { HOST_FUNCTIONS } from "../../plugin-sdk/schema/index.ts";
import { importHint } from "../../plugin-sdk/schema/import-hints.ts";
import { type ManifestMaxima, manifestLimits, MAX_MODULE_BYTES } from "./limits.ts";
import { KERNEL_SIGNATURES, USER_SIGNATURES } from "./kernel-abi.ts";
import { functionImports, PluginModuleRejected, prepareModule, type SandboxLimits, signatureText } from "./sandbox/index.ts";

/** A plugin in transferable form: what a worker needs to build its own instance. */
export interface PluginPayload {
  slug: string;
  manifest: PluginManifest;
  /** The metered, memory-capped module. */
  bytes: Uint8Array<ArrayBuffer>;
  fuelExport: string;
  /** Exported i32 flag the rewritten module sets when it refused a memory.grow; null without memory. */
  growDeniedExport: string | null;
  limits: SandboxLimits;
}

const KIND_EXPORTS = { action: "action_run", barcode: "barcode_scan", report: "report_build" } as const;
const KERNEL = "extism:host/env";
const USER = "extism:host/user";
const KNOWN_USER_IMPORTS = new Set<string>(HOST_FUNCTIONS);

/**
 * Checks a module against its manifest (exports for each declared kind, imports only from the
 * Extism kernel and our host functions — so no WASI, hence no filesystem), then injects metering
 * and caps its memory. Throws an Error whose message says what is wrong.
 */
export function preparePlugin(slug: string, manifest: PluginManifest, wasm: Uint8Array, maxLimits?: ManifestMaxima): PluginPayload {
  if (wasm.length > MAX_MODULE_BYTES) throw new Error(`plugin ${slug} refused at load (limits): plugin.wasm is ${wasm.length} bytes, over the limit of ${MAX_MODULE_BYTES}`);
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new Error(`plugin.wasm is not a valid WebAssembly module: ${(e as Error).message}`);
  }
  const exports = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name));
  for (const kind of Object.keys(manifest.kinds) as (keyof typeof KIND_EXPORTS)[]) {
    if (!exports.has(KIND_EXPORTS[kind])) throw new Error(`declares kind "${kind}" but does not export ${KIND_EXPORTS[kind]}`);
  }
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === USER && !KNOWN_USER_IMPORTS.has(imp.name)) throw new Error(`imports unknown host function ${imp.module}.${imp.name}`);
    if (imp.module !== KERNEL && imp.module !== USER) {
      throw new Error(`imports ${imp.module}.${imp.name}, which the host does not provide${importHint(imp.module, imp.name)}`);
    }
  }
  for (const imp of functionImports(wasm)) {
    const want = imp.module === KERNEL ? KERNEL_SIGNATURES[imp.name] : imp.module === USER ? USER_SIGNATURES[imp.name] : undefined;
    if (!want) {
      if (imp.module === KERNEL) throw new Error(`imports ${imp.module}.${imp.name}, which the host does not provide`);
      continue;
    }
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
    if (!same(imp.params, want.params) || !same(imp.results, want.results)) {
      throw new Error(`imports ${imp.module}.${imp.name} as ${signatureText(imp)}, but the host provides ${signatureText(want)}`);
    }
  }
  const limits = manifestLimits(manifest.limits, maxLimits);
  let prepared: ReturnType<typeof prepareModule>;
  try {
    prepared = prepareModule(wasm, { memoryPages: limits.memoryPages });
  } catch (e) {
    if (e instanceof PluginModuleRejected) throw new Error(`plugin ${slug} refused at load (${e.reason}): ${e.message}`);
    throw e;
  }
  return { slug, manifest, bytes: prepared.bytes, fuelExport: prepared.fuelExport, growDeniedExport: prepared.growDeniedExport, limits };
}
