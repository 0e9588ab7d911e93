//! Compact JSON output for large documents. The kit's `Display` formats every character through
//! `write!`, which costs hundreds of fuel per byte; this copies plain runs whole.

use binventory::Json;
use std::fmt::Write;

/// Index of the first byte at or after `i` that JSON must escape.
#[inline(never)]
fn plain_run(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i] >= 0x20 && s[i] != b'"' && s[i] != b'\\' {
        i += 1;
    }
    i
}

fn string(s: &str, out: &mut String) {
    let b = s.as_bytes();
    out.push('"');
    let mut i = 0;
    while i < b.len() {
        let j = plain_run(b, i);
        out.push_str(&s[i..j]); // j stops only at ASCII bytes, so both ends are char boundaries
        if j < b.len() {
            match b[j] {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                c => {
                    let _ = write!(out, "\\u{:04x}", c);
                }
            }
        }
        i = j + 1;
    }
    out.push('"');
}

fn number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null"); // JSON has no NaN or infinity
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        let _ = write!(out, "{}", n);
    }
}

/// Appends `v` as compact JSON.
pub fn json(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) => number(*n, out),
        Json::Str(s) => string(s, out),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json(item, out);
            }
            out.push(']');
        }
        Json::Obj(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                json(item, out);
            }
            out.push('}');
        }
    }
}
