/**
 * The WebAssembly plugin sandbox: load-time rewriting (fuel metering, memory and table caps,
 * refused-grow flag) plus the host-side pieces that read it back around an Extism call.
 */
export { prepareModule, type PreparedModule } from "./prepare.ts";
export { DEFAULT_LIMITS, MEASURED, resolveLimits, type SandboxLimits, type SandboxLimitsInput } from "./limits.ts";
export { createKernelGuard, type KernelGuard } from "./kernel-guard.ts";
export { MeteredPlugin, type MeteredResult } from "./metered-plugin.ts";
export { FUEL_EXPORT } from "./fuel.ts";
export { DEFAULT_MODULE_CAPS, type ModuleCaps } from "./module-caps.ts";
export { functionImports, signatureText, type FunctionImport } from "./imports.ts";
export { GROW_DENIED_EXPORT, PAGE_BYTES } from "./memory-cap.ts";
export {
  PluginBudgetExceeded,
  PluginMemoryExceeded,
  PluginModuleRejected,
  PluginSandboxError,
  PluginStackOverflow,
  type SandboxErrorReason,
} from "./errors.ts";
