//! Binventory plugin kit for Rust (ABI 1): the crate `binventory`, built for
//! `wasm32-unknown-unknown` with Debian's rustc and no crates.io. Std is fine on that target: it
//! brings an allocator and imports nothing.
//!
//! ```ignore
//! use binventory::{run, Json};
//! #[no_mangle]
//! pub extern "C" fn action_run() -> i32 {
//!     run(|input| {
//!         let data = input.get("data");
//!         Ok(Json::obj([("result", Json::Null), ("info", "done".into())]))
//!     })
//! }
//! ```

pub mod abi;
pub mod report;
mod json;
pub use json::Json;

/// Extism kernel imports, as provided by @extism/extism 1.0.3.
mod kernel {
    #[link(wasm_import_module = "extism:host/env")]
    extern "C" {
        pub fn input_length() -> u64;
        pub fn input_load_u8(off: u64) -> u8;
        pub fn input_load_u64(off: u64) -> u64;
        pub fn alloc(n: u64) -> u64;
        pub fn free(off: u64);
        pub fn length(off: u64) -> u64;
        pub fn load_u8(off: u64) -> u8;
        pub fn load_u64(off: u64) -> u64;
        pub fn store_u8(off: u64, v: u8);
        pub fn store_u64(off: u64, v: u64);
        pub fn output_set(off: u64, n: u64);
        pub fn error_set(off: u64);
    }
}

/// Binventory's host functions. Only the ones a plugin calls are imported.
mod user {
    #[link(wasm_import_module = "extism:host/user")]
    extern "C" {
        pub fn bv_get(off: u64) -> u64;
        pub fn bv_search(off: u64) -> u64;
        pub fn bv_stock_adjust(off: u64) -> u64;
        pub fn bv_setting_get(off: u64) -> u64;
        pub fn bv_log(off: u64) -> u64;
    }
}

fn block_from(bytes: &[u8]) -> u64 {
    unsafe {
        let off = kernel::alloc(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        let mut i = 0u64;
        for c in &mut chunks {
            kernel::store_u64(off + i, u64::from_le_bytes(c.try_into().unwrap()));
            i += 8;
        }
        for b in chunks.remainder() {
            kernel::store_u8(off + i, *b);
            i += 1;
        }
        off
    }
}

fn read_bytes(len: u64, load_u64: impl Fn(u64) -> u64, load_u8: impl Fn(u64) -> u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(len as usize);
    let mut i = 0;
    while i + 8 <= len {
        out.extend_from_slice(&load_u64(i).to_le_bytes());
        i += 8;
    }
    while i < len {
        out.push(load_u8(i));
        i += 1;
    }
    out
}

/// The call input as raw bytes, for plugins that scan large inputs without building a `Json` tree.
pub fn input_bytes() -> Vec<u8> {
    unsafe { read_bytes(kernel::input_length(), |i| kernel::input_load_u64(i), |i| kernel::input_load_u8(i)) }
}

/// The call input as text (invalid UTF-8 is replaced, never a panic).
pub fn input_string() -> String {
    String::from_utf8_lossy(&input_bytes()).into_owned()
}

/// Sets the call output; returns 0, the export's success code.
pub fn output(text: &str) -> i32 {
    // The host hands back the whole block, so it must be exactly the output's length.
    unsafe { kernel::output_set(block_from(text.as_bytes()), text.len() as u64) };
    0
}

/// Sets the call error; returns 1, the export's failure code.
pub fn fail(message: &str) -> i32 {
    let message = if message.is_empty() { "plugin failed" } else { message };
    unsafe { kernel::error_set(block_from(message.as_bytes())) };
    1
}

/// Runs an export: parses the input as JSON, calls `handler`, and sets its `Ok` as the output or
/// its `Err` as the error. Returns the export's code.
pub fn run(handler: impl FnOnce(&Json) -> Result<Json, String>) -> i32 {
    let result = Json::parse(&input_string())
        .map_err(|e| format!("input is not JSON: {}", e))
        .and_then(|input| handler(&input));
    match result {
        Ok(out) => output(&out.to_string()),
        Err(message) => fail(&message),
    }
}

fn host_call(f: unsafe extern "C" fn(u64) -> u64, request: &Json) -> Result<Json, String> {
    let text = request.to_string();
    let envelope = unsafe {
        let req = block_from(text.as_bytes());
        let res = f(req);
        kernel::free(req);
        if res == 0 {
            return Err("host function returned no response".into());
        }
        let bytes = read_bytes(kernel::length(res), |i| kernel::load_u64(res + i), |i| kernel::load_u8(res + i));
        kernel::free(res);
        Json::parse(&String::from_utf8_lossy(&bytes)).map_err(|e| format!("host function answered badly: {}", e))?
    };
    if envelope.get("ok").as_bool() == Some(true) {
        Ok(envelope.get("data").clone())
    } else {
        Err(envelope.get("error").as_str().unwrap_or("host function failed").to_string())
    }
}

/// `bv_get {"model", "pk"}` → the object. Errors are the host's message.
pub fn bv_get(request: &Json) -> Result<Json, String> {
    host_call(user::bv_get, request)
}

/// `bv_search {"model", "filters", "search", "limit"}` → `{"count", "results"}`.
pub fn bv_search(request: &Json) -> Result<Json, String> {
    host_call(user::bv_search, request)
}

/// `bv_stock_adjust {"op", "items": [{"pk", "quantity"}], "location"?, "notes"?}`.
pub fn bv_stock_adjust(request: &Json) -> Result<Json, String> {
    host_call(user::bv_stock_adjust, request)
}

/// `bv_setting_get {"key"}` → `{"value"}`.
pub fn bv_setting_get(request: &Json) -> Result<Json, String> {
    host_call(user::bv_setting_get, request)
}

/// `bv_log {"level", "message"}`.
pub fn bv_log(request: &Json) -> Result<Json, String> {
    host_call(user::bv_log, request)
}
