// Binventory plugin kit for AssemblyScript (ABI 1): no WASI, only the Extism kernel imports that
// @extism/extism 1.0.3 provides. Text crosses the boundary as UTF-8 with its byte length (not the
// UTF-16 length, the bug in @extism/as-pdk's outputString).
//
// The build passes `--use abort=<this file>/bvAbort`, so an abort() becomes the call's error.

import { Json, Kind, jsonError } from "./json";
export { Json, Kind, jsonError, quote, numberText } from "./json";
export * from "./abi";
export { Report } from "./report";

// ---- Extism kernel ----
@external("extism:host/env", "input_length")
declare function input_length(): u64;
@external("extism:host/env", "input_load_u8")
declare function input_load_u8(off: u64): u8;
@external("extism:host/env", "input_load_u64")
declare function input_load_u64(off: u64): u64;
@external("extism:host/env", "alloc")
declare function alloc(n: u64): u64;
@external("extism:host/env", "free")
declare function free(off: u64): void;
@external("extism:host/env", "length")
declare function length(off: u64): u64;
@external("extism:host/env", "load_u8")
declare function load_u8(off: u64): u8;
@external("extism:host/env", "load_u64")
declare function load_u64(off: u64): u64;
@external("extism:host/env", "store_u8")
declare function store_u8(off: u64, v: u8): void;
@external("extism:host/env", "store_u64")
declare function store_u64(off: u64, v: u64): void;
@external("extism:host/env", "output_set")
declare function output_set(off: u64, n: u64): void;
@external("extism:host/env", "error_set")
declare function error_set(off: u64): void;

// ---- Binventory host functions: only the ones a plugin calls end up imported ----
@external("extism:host/user", "bv_get")
declare function host_get(off: u64): u64;
@external("extism:host/user", "bv_search")
declare function host_search(off: u64): u64;
@external("extism:host/user", "bv_stock_adjust")
declare function host_stock_adjust(off: u64): u64;
@external("extism:host/user", "bv_setting_get")
declare function host_setting_get(off: u64): u64;
@external("extism:host/user", "bv_log")
declare function host_log(off: u64): u64;

function blockFrom(text: string): u64 {
  const bytes = Uint8Array.wrap(String.UTF8.encode(text));
  const n = bytes.length;
  const off = alloc(<u64>n);
  let i = 0;
  for (; i + 8 <= n; i += 8) store_u64(off + <u64>i, load<u64>(bytes.dataStart + <usize>i));
  for (; i < n; i++) store_u8(off + <u64>i, bytes[i]);
  return off;
}

function blockText(off: u64): string {
  const n = <i32>length(off);
  const bytes = new Uint8Array(n);
  let i = 0;
  for (; i + 8 <= n; i += 8) store<u64>(bytes.dataStart + <usize>i, load_u64(off + <u64>i));
  for (; i < n; i++) bytes[i] = load_u8(off + <u64>i);
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>n);
}

/** The call input as text. */
export function inputString(): string {
  const n = <i32>input_length();
  const bytes = new Uint8Array(n);
  let i = 0;
  for (; i + 8 <= n; i += 8) store<u64>(bytes.dataStart + <usize>i, input_load_u64(<u64>i));
  for (; i < n; i++) bytes[i] = input_load_u8(<u64>i);
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>n);
}

/** Sets the call output; returns 0, the export's success code. */
export function output(text: string): i32 {
  // The host hands back the whole block, so it must hold exactly the UTF-8 bytes.
  const off = blockFrom(text);
  output_set(off, length(off));
  return 0;
}

/** Sets the call error; returns 1, the export's failure code. */
export function fail(message: string): i32 {
  error_set(blockFrom(message.length > 0 ? message : "plugin failed"));
  return 1;
}

/** Replaces AssemblyScript's abort (wired by the build with --use abort=...). */
export function bvAbort(message: string | null, file: string | null, line: u32, column: u32): void {
  let text = message !== null ? message : "abort";
  if (file !== null) text += " (" + file + ":" + line.toString() + ":" + column.toString() + ")";
  error_set(blockFrom(text));
  unreachable();
}

/** A host function's answer: `data` when `ok`, else `error`. */
export class HostResult {
  constructor(public ok: bool, public data: Json, public error: string) {}
}

function unwrap(res: u64): HostResult {
  if (res == 0) return new HostResult(false, Json.null(), "host function returned no response");
  const text = blockText(res);
  free(res);
  const envelope = Json.parse(text);
  if (envelope === null) return new HostResult(false, Json.null(), "host function answered badly: " + jsonError);
  const ok = envelope.get("ok");
  if (ok.kind == Kind.Bool && ok.bool) return new HostResult(true, envelope.get("data"), "");
  const error = envelope.get("error");
  return new HostResult(false, Json.null(), error.isString() ? error.str : "host function failed");
}

// One wrapper per host function: an import is a static call, so it cannot be passed as a value.
/** `bv_get {"model", "pk"}` → the object. */
export function bvGet(request: Json): HostResult {
  const req = blockFrom(request.toString());
  const res = host_get(req);
  free(req);
  return unwrap(res);
}

/** `bv_search {"model", "filters", "search", "limit"}` → `{"count", "results"}`. */
export function bvSearch(request: Json): HostResult {
  const req = blockFrom(request.toString());
  const res = host_search(req);
  free(req);
  return unwrap(res);
}

/** `bv_stock_adjust {"op", "items": [{"pk", "quantity"}], "location"?, "notes"?}`. */
export function bvStockAdjust(request: Json): HostResult {
  const req = blockFrom(request.toString());
  const res = host_stock_adjust(req);
  free(req);
  return unwrap(res);
}

/** `bv_setting_get {"key"}` → `{"value"}`. */
export function bvSettingGet(request: Json): HostResult {
  const req = blockFrom(request.toString());
  const res = host_setting_get(req);
  free(req);
  return unwrap(res);
}

/** `bv_log {"level", "message"}`. */
export function bvLog(request: Json): HostResult {
  const req = blockFrom(request.toString());
  const res = host_log(req);
  free(req);
  return unwrap(res);
}
