//! Crate root for the native unit tests of the pure parts (not part of the plugin build):
//!   rustc --edition 2021 --test src/native_tests.rs -o /tmp/ecia-tests && /tmp/ecia-tests
//! tests/plugin-ecia.test.ts runs them when the host's Rust std is installed.

mod envelope;
mod label;
