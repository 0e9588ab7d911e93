import { HOST_FUNCTIONS } from "../../plugin-sdk/schema/index.ts";

const I32 = 0x7f;
const I64 = 0x7e;
type Sig = { params: number[]; results: number[] };
const sig = (params: number[], results: number[] = []): Sig => ({ params, results });

/**
 * The exact type of every function the host provides. A plugin importing one under another type
 * is refused at load: JavaScript host functions would otherwise receive a Number (NaN, 1e300…)
 * where they expect a BigInt, which is how the host-memory guard could be switched off.
 */
export const KERNEL_SIGNATURES: Readonly<Record<string, Sig>> = {
  alloc: sig([I64], [I64]),
  free: sig([I64]),
  length: sig([I64], [I64]),
  length_unsafe: sig([I64], [I64]),
  load_u8: sig([I64], [I32]),
  load_u64: sig([I64], [I64]),
  store_u8: sig([I64, I32]),
  store_u64: sig([I64, I64]),
  input_offset: sig([], [I64]),
  input_length: sig([], [I64]),
  input_load_u8: sig([I64], [I32]),
  input_load_u64: sig([I64], [I64]),
  output_set: sig([I64, I64]),
  error_set: sig([I64]),
  config_get: sig([I64], [I64]),
  var_get: sig([I64], [I64]),
  var_set: sig([I64, I64]),
  http_request: sig([I64, I64], [I64]),
  http_status_code: sig([], [I32]),
  get_log_level: sig([], [I32]),
  log_trace: sig([I64]),
  log_debug: sig([I64]),
  log_info: sig([I64]),
  log_warn: sig([I64]),
  log_error: sig([I64]),
};

/** Every `extism:host/user` function takes and answers a block offset. */
export const USER_SIGNATURES: Readonly<Record<string, Sig>> = Object.fromEntries(HOST_FUNCTIONS.map((n) => [n, sig([I64], [I64])]));
