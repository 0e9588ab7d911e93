import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Language } from "./discover.ts";

/** Where each language's compiler lives; Rust is Debian's rustc, never a rustup one. */
export type Toolchain = { asc: string; rustc: string; clang: string; wasmLd: string };

/** A file of an npm package (`resolve` names it: import.meta.resolve), or null when it is not installed. */
function packageFile(resolve: () => string): string | null {
  try {
    const path = fileURLToPath(resolve());
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * The compilers, looked up where a plugin author has them: AssemblyScript's compiler from the npm
 * package beside this kit (the file npm links as node_modules/.bin/asc), else in the plugin
 * folder's own node_modules (`npm i -D assemblyscript`), else on PATH.
 */
export function toolchainPaths(pluginDir?: string): Toolchain {
  const candidates = [packageFile(() => import.meta.resolve("assemblyscript/bin/asc.js"))];
  if (pluginDir) candidates.push(join(pluginDir, "node_modules", ".bin", "asc"));
  return {
    asc: candidates.find((p): p is string => p !== null && existsSync(p)) ?? "asc",
    rustc: "/usr/bin/rustc",
    clang: existsSync("/usr/bin/clang") ? "/usr/bin/clang" : "clang",
    wasmLd: "/usr/bin/wasm-ld",
  };
}

const runs = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

function rustWasmStd(rustc: string): boolean {
  const sysroot = spawnSync(rustc, ["--print", "sysroot"], { encoding: "utf8" });
  if (sysroot.status !== 0) return false;
  const lib = join(sysroot.stdout.trim(), "lib", "rustlib", "wasm32-unknown-unknown", "lib");
  return existsSync(lib) && readdirSync(lib).some((f) => f.startsWith("libstd-"));
}

/** What is missing to build `language`: Debian packages to install, or an npm hint. */
export function missingFor(language: Language, tc: Toolchain): { debian: string[]; npm: string | null } {
  switch (language) {
    case "assemblyscript":
      return { debian: [], npm: existsSync(tc.asc) || runs(tc.asc, ["--version"]) ? null : "assemblyscript (npm i -D assemblyscript in the plugin folder)" };
    case "wat":
      // (The single binary has wabt compiled in; its files live under /$bunfs, not in node_modules.)
      return { debian: [], npm: packageFile(() => import.meta.resolve("wabt")) || import.meta.dir.startsWith("/$bunfs") ? null : "wabt (run npm install)" };
    case "rust": {
      if (!existsSync(tc.rustc)) return { debian: ["rustc", "libstd-rust-dev-wasm32", "lld"], npm: null };
      const debian = rustWasmStd(tc.rustc) ? [] : ["libstd-rust-dev-wasm32"];
      // Debian's rustc links wasm with /usr/bin/rust-lld, a symlink into lld (only recommended, so often absent).
      if (!existsSync("/usr/bin/rust-lld")) debian.push("lld");
      return { debian, npm: null };
    }
    case "c": {
      const debian: string[] = [];
      if (!runs(tc.clang, ["--version"])) debian.push("clang");
      if (!existsSync(tc.wasmLd)) debian.push("lld");
      return { debian, npm: null };
    }
  }
}

/**
 * The apt-get this process may run to install Debian packages itself (root, apt-get on PATH, not
 * opted out with BINVENTORY_AUTO_APT=0), or null. The one place that installs system packages: the
 * plugin toolchains (build.ts) and the test tools (scripts/test-tools.ts) both come through here.
 */
export function autoApt(): string | null {
  if (process.env.BINVENTORY_AUTO_APT === "0") return null;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  return Bun.which("apt-get");
}

/** Installs Debian packages with `aptGet` (from autoApt(); update first); returns whether it worked. */
export function aptInstall(aptGet: string, packages: string[], say: (line: string) => void): boolean {
  say(`installing Debian packages: ${packages.join(" ")} (set BINVENTORY_AUTO_APT=0 to stop this)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync(aptGet, ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
  if (update.status !== 0) return false;
  const install = spawnSync(aptGet, ["install", "-y", "-qq", "--no-install-recommends", ...packages], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  return install.status === 0;
}
