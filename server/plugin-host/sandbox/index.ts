/**
 * The WebAssembly plugin sandbox: load-time rewriting (fuel metering, memory and table caps,
 * refused-grow flag) plus the host-side pieces that read it back around an Extism call.
 */
export { prepareModule, type PreparedModule } from "./prepare.ts";
export { DEFAULT_LIMITS, MEASURED, type SandboxLimits, type SandboxLimitsInput } from "./limits.ts";
export { createKernelGuard, type KernelGuard } from "./kernel-guard.ts";
export { MeteredPlugin } from "./metered-plugin.ts";
export { functionImports, signatureText } from "./imports.ts";
export { PluginBudgetExceeded, PluginMemoryExceeded, PluginModuleRejected, PluginSandboxError, PluginStackOverflow } from "./errors.ts";
