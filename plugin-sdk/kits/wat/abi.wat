;; The imports of Binventory's plugin ABI 1, to copy into a plugin written in WebAssembly text.
;; Extism kernel functions, as provided by @extism/extism 1.0.3 (it lacks get_log_level,
;; log_trace, http_headers and error_get: do not import those). Offsets are i64 block addresses.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (import "extism:host/env" "log_error" (func $log_error (param i64)))
  (import "extism:host/env" "log_debug" (func $log_debug (param i64)))

  ;; Binventory host functions: JSON request block in, JSON envelope block out. Import only the
  ;; ones the plugin calls, and list exactly those in plugin.json's "permissions".
  (import "extism:host/user" "bv_get" (func $bv_get (param i64) (result i64)))
  (import "extism:host/user" "bv_search" (func $bv_search (param i64) (result i64)))
  (import "extism:host/user" "bv_stock_adjust" (func $bv_stock_adjust (param i64) (result i64)))
  (import "extism:host/user" "bv_setting_get" (func $bv_setting_get (param i64) (result i64)))
  (import "extism:host/user" "bv_log" (func $bv_log (param i64) (result i64)))

  ;; Exports, each () -> i32 (0 = success, 1 = failure after error_set), by plugin kind:
  ;;   action → "action_run", barcode → "barcode_scan", report → "report_build"
)
