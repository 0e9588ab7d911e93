;; echo: answers with the request it received, byte for byte, wrapped as an action result:
;;   input  {"action": "echo", "data": {...}, "user": {...}}
;;   output {"result": <the input>, "info": "echo"}
;; Written against the raw ABI with no kit, to show what the kits do: read the input through the
;; Extism kernel, build an output block, call one Binventory host function (bv_log).
(module
  ;; Extism kernel (all present in @extism/extism 1.0.3)
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  ;; Binventory host function: (offset of a JSON request block) -> offset of a JSON envelope block
  (import "extism:host/user" "bv_log" (func $bv_log (param i64) (result i64)))

  (memory (export "memory") 1)
  (data (i32.const 0) "{\"result\":")                                   ;; 10 bytes
  (data (i32.const 16) ",\"info\":\"echo\"}")                           ;; 15 bytes
  (data (i32.const 32) "{\"level\":\"debug\",\"message\":\"echo called\"}") ;; 41 bytes
  (data (i32.const 80) "empty input: expected an action request")      ;; 39 bytes

  ;; Copies len bytes of linear memory at ptr into the Extism block at dst.
  (func $copy_out (param $dst i64) (param $ptr i32) (param $len i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8
          (i64.add (local.get $dst) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; A new block holding len bytes of linear memory at ptr.
  (func $block_from (param $ptr i32) (param $len i32) (result i64)
    (local $off i64)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (call $copy_out (local.get $off) (local.get $ptr) (local.get $len))
    (local.get $off))

  (func (export "action_run") (result i32)
    (local $n i64) (local $out i64) (local $i i64)
    (local.set $n (call $input_length))
    (if (i64.eqz (local.get $n))
      (then
        (call $error_set (call $block_from (i32.const 80) (i32.const 39)))
        (return (i32.const 1))))

    ;; Log, then free both blocks; a logging failure must not fail the echo, so the answer is ignored.
    (local.set $i (call $block_from (i32.const 32) (i32.const 41)))
    (call $free (call $bv_log (local.get $i)))
    (call $free (local.get $i))

    ;; The output block must be exactly as long as the output: prefix + input + suffix.
    (local.set $out (call $alloc (i64.add (local.get $n) (i64.const 25))))
    (call $copy_out (local.get $out) (i32.const 0) (i32.const 10))
    ;; Input → output without touching linear memory: 8 bytes at a time, then the tail.
    (local.set $i (i64.const 0))
    (block $done
      (loop $next
        (br_if $done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $n)))
        (call $store_u64 (i64.add (local.get $out) (i64.add (local.get $i) (i64.const 10)))
                         (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $next)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $out) (i64.add (local.get $i) (i64.const 10)))
                        (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $tail)))
    (call $copy_out (i64.add (local.get $out) (i64.add (local.get $n) (i64.const 10))) (i32.const 16) (i32.const 15))
    (call $output_set (local.get $out) (i64.add (local.get $n) (i64.const 25)))
    (i32.const 0)))
