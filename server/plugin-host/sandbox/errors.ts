/** Why a sandboxed plugin was stopped or refused. */
export type SandboxErrorReason =
  | "fuel" // instruction budget exhausted
  | "linear-memory" // memory.grow past the module's (capped) maximum
  | "host-memory" // too many bytes allocated through the Extism kernel (alloc/config_get)
  | "stack" // call stack exhausted
  | "invalid-module" // bytes are not a WebAssembly module we can parse
  | "unsupported" // valid WebAssembly that uses a feature the sandbox cannot meter
  | "limits"; // declares more functions, globals, tables, segments… (or more bytes) than allowed

/** Base class of every error the sandbox raises; `reason` is machine-readable. */
export class PluginSandboxError extends Error {
  readonly reason: SandboxErrorReason;
  constructor(reason: SandboxErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
    this.name = new.target.name;
  }
}

/** The call ran out of its instruction budget (an infinite loop ends here). */
export class PluginBudgetExceeded extends PluginSandboxError {
  readonly budget: bigint;
  constructor(budget: bigint, options?: { cause?: unknown }) {
    super("fuel", `plugin exceeded its instruction budget of ${budget}`, options);
    this.budget = budget;
  }
}

/** The plugin tried to use more memory than its limit (its own linear memory, or host blocks). */
export class PluginMemoryExceeded extends PluginSandboxError {
  readonly limitBytes: number;
  constructor(
    reason: "linear-memory" | "host-memory",
    limitBytes: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(reason, `plugin exceeded its ${reason === "host-memory" ? "host " : ""}memory limit of ${limitBytes} bytes: ${detail}`, options);
    this.limitBytes = limitBytes;
  }
}

/** The plugin recursed too deeply; the engine's stack guard stopped it. */
export class PluginStackOverflow extends PluginSandboxError {
  constructor(options?: { cause?: unknown }) {
    super("stack", "plugin overflowed the call stack", options);
  }
}

/** The module was refused at load time (malformed, unsupported feature, or limits it cannot meet). */
export class PluginModuleRejected extends PluginSandboxError {
  constructor(reason: "invalid-module" | "unsupported" | "linear-memory" | "limits", message: string) {
    super(reason, message);
  }
}
