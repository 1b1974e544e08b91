//! The C ABI. Thin: checks arguments, converts, calls the engine, catches panics.
//!
//! Conventions (see README "C API"): opaque handles; every function returns `ofx_result` (OK = 0) and
//! writes outputs only on success; `*_free(NULL)` does nothing; strings in are NUL-terminated UTF-8 and
//! copied; strings out are either borrowed from a handle (valid until it is freed) or allocated and freed
//! with `ofx_string_free`. No Rust panic crosses this boundary: a panic becomes `OFX_RESULT_PANIC`.
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

pub mod batch;
pub mod boundary;
pub mod client;
pub mod element;
pub mod money;
pub mod response;
pub mod views;

use std::ffi::{CStr, c_char};

pub use boundary::ofx_result;

/// Major version of ofxkit (also `ofx_version()` at run time).
pub const OFX_VERSION_MAJOR: u32 = 0;
/// Minor version of ofxkit.
pub const OFX_VERSION_MINOR: u32 = 1;
/// Patch version of ofxkit.
pub const OFX_VERSION_PATCH: u32 = 0;

/// The library's version as "MAJOR.MINOR.PATCH".
///
/// Returns a static string owned by the library; never NULL; do not free.
#[unsafe(no_mangle)]
pub extern "C" fn ofx_version() -> *const c_char {
    static V: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(c) => c,
        Err(_) => c"?",
    };
    V.as_ptr()
}

/// Frees a string that ofxkit allocated and handed to the caller (e.g. by `ofx_response_to_json`).
///
/// `s` may be NULL (nothing happens). Must not be called twice on the same string, nor on a string
/// borrowed from a handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: `s` came from CString::into_raw in this library (documented contract).
        drop(unsafe { std::ffi::CString::from_raw(s) });
    });
}
