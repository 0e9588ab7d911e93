import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const wabt = await (await import("wabt")).default();

/** Compiles WAT text to a module, as a plugin author's `wat2wasm` would. */
export function watToWasm(name: string, source: string): Uint8Array {
  const mod = wabt.parseWat(name, source, { bulk_memory: true, mutable_globals: true, sign_extension: true });
  try {
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/**
 * WAT for `$block(ptr, len)`: copies `len` bytes at `ptr` of linear memory into a new kernel block
 * and answers its offset. Needs the kernel's `$alloc` and `$store_u8` imported under those names.
 */
export const WAT_TO_BLOCK = `
  (func $block (param $ptr i32) (param $len i32) (result i64) (local $b i64) (local $i i32)
    (local.set $b (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $b) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $b))`;

/**
 * A fresh plugins directory for one test: copies of the named fixture folders, each `*.wat`
 * compiled to plugin.wasm, and of any built example plugins from plugins-wasm/.
 */
export function pluginsDir(opts: { fixtures?: string[]; examples?: string[] } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "binventory-plugins-"));
  for (const name of opts.fixtures ?? []) {
    const src = join(import.meta.dir, "..", "fixtures", "host-plugins", name);
    const dest = join(dir, name);
    cpSync(src, dest, { recursive: true });
    for (const f of readdirSync(dest).filter((f) => f.endsWith(".wat"))) {
      writeFileSync(join(dest, "plugin.wasm"), watToWasm(f, readFileSync(join(dest, f), "utf8")));
    }
  }
  for (const name of opts.examples ?? []) {
    const src = join(import.meta.dir, "..", "..", "plugins-wasm", name);
    if (!existsSync(join(src, "plugin.wasm"))) throw new Error(`example plugin ${name} is not built: run npm run plugins`);
    mkdirSync(join(dir, name));
    for (const f of ["plugin.json", "plugin.wasm"]) cpSync(join(src, f), join(dir, name, f));
  }
  return dir;
}

/** Writes a plugin folder by hand (for broken manifests and modules). */
export function writePlugin(dir: string, slug: string, manifest: unknown, wasm?: Uint8Array | string): void {
  mkdirSync(join(dir, slug), { recursive: true });
  writeFileSync(join(dir, slug, "plugin.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  if (wasm !== undefined) writeFileSync(join(dir, slug, "plugin.wasm"), wasm);
}

/**
 * An action plugin's WAT (kernel imports, bv_setting_get, WAT_TO_BLOCK) whose `action_run` answers
 * {"result": <bv_setting_get's answer for the key ANSWER>}, verbatim: tests of how settings reach a
 * plugin (plugin-settings-call, plugin-cli's `call`).
 */
export const SETTING_ANSWER_ACTION_WAT = `(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "bv_setting_get" (func $setting_get (param i64) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\\"result\\":")
  (data (i32.const 1024) "{\\"key\\":\\"ANSWER\\"}")
  ${WAT_TO_BLOCK}
  (func (export "action_run") (result i32) (local $v i64) (local $n i32) (local $i i32)
    (local.set $v (call $setting_get (call $block (i32.const 1024) (i32.const 16))))
    (local.set $n (i32.wrap_i64 (call $length (local.get $v))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (i32.const 10) (local.get $i)) (call $load_u8 (i64.add (local.get $v) (i64.extend_i32_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.store8 (i32.add (i32.const 10) (local.get $n)) (i32.const 125))
    (call $output_set (call $block (i32.const 0) (i32.add (local.get $n) (i32.const 11))) (i64.extend_i32_u (i32.add (local.get $n) (i32.const 11))))
    (i32.const 0)))`;
