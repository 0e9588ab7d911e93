/**
 * Report plugins for tests, written in WAT: `report_build` answers `prefix + input + suffix`
 * (the input JSON embedded as a value, to prove what the server sent) or a constant.
 */
import { writePlugin, watToWasm } from "./plugins.ts";

const hex = (s: string) => [...new TextEncoder().encode(s)].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");

/** A module whose report_build writes `prefix`, then the input when `echo`, then `suffix`. */
export function reportWat(prefix: string, suffix = "", echo = false): Uint8Array {
  const p = new TextEncoder().encode(prefix).length;
  const s = new TextEncoder().encode(suffix).length;
  const src = `(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 4)
  (data (i32.const 0) "${hex(prefix)}")
  (data (i32.const ${p}) "${hex(suffix)}")
  (func (export "report_build") (result i32)
    (local $len i64) (local $out i64) (local $i i64) (local $total i64)
    (local.set $len ${echo ? "(call $input_length)" : "(i64.const 0)"})
    (local.set $total (i64.add (local.get $len) (i64.const ${p + s})))
    (local.set $out (call $alloc (local.get $total)))
    (local.set $i (i64.const 0))
    (block $d1 (loop $l1
      (br_if $d1 (i64.ge_u (local.get $i) (i64.const ${p})))
      (call $store_u8 (i64.add (local.get $out) (local.get $i)) (i32.load8_u (i32.wrap_i64 (local.get $i))))
      (local.set $i (i64.add (local.get $i) (i64.const 1))) (br $l1)))
    (local.set $i (i64.const 0))
    (block $d2 (loop $l2
      (br_if $d2 (i64.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $out) (i64.add (local.get $i) (i64.const ${p}))) (call $input_load_u8 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1))) (br $l2)))
    (local.set $i (i64.const 0))
    (block $d3 (loop $l3
      (br_if $d3 (i64.ge_u (local.get $i) (i64.const ${s})))
      (call $store_u8 (i64.add (local.get $out) (i64.add (local.get $i) (i64.add (local.get $len) (i64.const ${p}))))
        (i32.load8_u (i32.add (i32.const ${p}) (i32.wrap_i64 (local.get $i)))))
      (local.set $i (i64.add (local.get $i) (i64.const 1))) (br $l3)))
    (call $output_set (local.get $out) (local.get $total))
    (i32.const 0)))`;
  return watToWasm("report.wat", src);
}

/** Writes a report plugin declaring `reports` whose report_build is `wasm`. */
export function writeReportPlugin(dir: string, slug: string, reports: { key: string; name: string; model: string; formats?: string[] }[], wasm: Uint8Array): void {
  writePlugin(dir, slug, { abi: 1, slug, name: `Report ${slug}`, version: "1.0.0", kinds: { report: { reports } } }, wasm);
}
