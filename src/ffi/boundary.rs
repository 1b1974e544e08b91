//! The boundary: result codes, the panic guard, NULL and UTF-8 checks, per-thread last error.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};

/// Result of every fallible ofxkit call. `OFX_RESULT_OK` is 0. Values are fixed and never renumbered
/// or reused; new codes are only ever added. Ranges: 1-99 calling errors, 100-199 reading documents,
/// 200-299 talking to a financial institution (configuration, requests, transport, TLS, answers).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ofx_result {
    /// Success.
    Ok = 0,
    /// An argument was invalid (an unknown enum value, an index out of range, a bad option struct).
    InvalidArgument = 1,
    /// A required pointer argument was NULL.
    NullPointer = 2,
    /// ofxkit hit an internal error (a Rust panic was caught at the boundary). Please report it.
    Panic = 3,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 4,
    /// The requested item does not exist (index past the end, no such element, no signon).
    NotFound = 5,
    /// A file could not be read or written.
    Io = 6,
    /// The input is not an OFX document (empty, an HTML page, an OFC file, binary data).
    NotOfx = 100,
    /// The document has an OFX element but nothing in it could be read.
    NoContent = 101,
    /// Strict mode: the document violates the spec (see the error message for the first violation).
    StrictViolation = 102,
    /// The document is too large (over 4 GiB).
    TooLarge = 103,
    /// The requested output version is not one ofxkit writes.
    UnsupportedVersion = 104,
    /// A client setting is missing or invalid (no URL, no credentials, an unknown key or bad value).
    Config = 200,
    /// The request could not be written: a field the OFX version lacks, a value the spec refuses.
    /// Nothing was sent.
    Request = 201,
    /// The URL is not a valid https:// URL (or http:// without allow_http).
    InvalidUrl = 202,
    /// The FI's host name did not resolve.
    Dns = 203,
    /// The TCP connection was refused or could not be opened.
    Connect = 204,
    /// The connect timeout or the whole-exchange timeout passed.
    Timeout = 205,
    /// The TLS handshake failed (protocol version, cipher, client certificate).
    Tls = 206,
    /// The server certificate was not trusted and no callback accepted it, or the callback rejected it.
    Certificate = 207,
    /// The connection was reset or closed in the middle of the answer.
    Reset = 208,
    /// The server answered with an HTTP status other than 200 (see the error info for the status and
    /// the first bytes of the body).
    HttpStatus = 209,
    /// The server answered 200 with an empty body.
    EmptyBody = 210,
    /// The answer was larger than max_response_bytes.
    ResponseTooLarge = 211,
    /// The proxy refused or failed.
    Proxy = 212,
    /// Another network input/output error.
    Network = 213,
    /// The answer is not an OFX document (an HTML page, garbage).
    BadResponse = 214,
    /// The answer is an OFX document that was cut off (truncated OFX).
    Truncated = 215,
    /// A batch item the server's answer does not contain (no transaction response with its TRNUID).
    NotAnswered = 216,
    /// The signon failed, so no request of the batch was carried out.
    SignonFailed = 217,
    /// The batch has not been posted yet.
    NotPosted = 218,
    /// The server answered and refused: a non-zero signon or transaction STATUS (its code and message
    /// are in the error message; the answer is readable where the call gave one).
    Refused = 219,
    /// A callback asked to stop (e.g. a sync record callback returned non-zero); nothing was handed out.
    CallbackStopped = 220,
}

impl ofx_result {
    /// Static description.
    pub fn describe(self) -> &'static CStr {
        match self {
            ofx_result::Ok => c"ok",
            ofx_result::InvalidArgument => c"invalid argument",
            ofx_result::NullPointer => c"a required pointer argument was NULL",
            ofx_result::Panic => c"internal error (panic caught at the C boundary)",
            ofx_result::InvalidUtf8 => c"a string argument is not valid UTF-8",
            ofx_result::NotFound => c"not found",
            ofx_result::Io => c"file input/output error",
            ofx_result::NotOfx => c"not an OFX document",
            ofx_result::NoContent => c"the OFX document has no content",
            ofx_result::StrictViolation => c"strict mode: the document violates the OFX specification",
            ofx_result::TooLarge => c"document too large",
            ofx_result::UnsupportedVersion => c"unsupported OFX version for writing",
            ofx_result::Config => c"invalid or missing client setting",
            ofx_result::Request => c"the request could not be written",
            ofx_result::InvalidUrl => c"invalid URL",
            ofx_result::Dns => c"host name not found",
            ofx_result::Connect => c"connection refused or failed",
            ofx_result::Timeout => c"timed out",
            ofx_result::Tls => c"TLS handshake failed",
            ofx_result::Certificate => c"server certificate not accepted",
            ofx_result::Reset => c"connection reset in the middle of the answer",
            ofx_result::HttpStatus => c"HTTP error status",
            ofx_result::EmptyBody => c"empty answer",
            ofx_result::ResponseTooLarge => c"answer larger than the size limit",
            ofx_result::Proxy => c"proxy error",
            ofx_result::Network => c"network input/output error",
            ofx_result::BadResponse => c"the answer is not an OFX document",
            ofx_result::Truncated => c"the OFX answer was cut off",
            ofx_result::NotAnswered => c"the server did not answer this request",
            ofx_result::SignonFailed => c"the signon failed",
            ofx_result::NotPosted => c"not posted yet",
            ofx_result::Refused => c"the server refused the request",
            ofx_result::CallbackStopped => c"stopped by a callback",
        }
    }
}

/// A static, human-readable description of a result code.
///
/// Returns a string owned by the library (never NULL, do not free); unknown codes give "unknown result
/// code".
#[unsafe(no_mangle)]
pub extern "C" fn ofx_result_str(code: u32) -> *const c_char {
    match result_from_u32(code) {
        Some(r) => r.describe().as_ptr(),
        None => c"unknown result code".as_ptr(),
    }
}

impl ofx_result {
    /// The constant's name in the header, e.g. "OFX_RESULT_DNS".
    pub fn name(self) -> &'static CStr {
        match self {
            ofx_result::Ok => c"OFX_RESULT_OK",
            ofx_result::InvalidArgument => c"OFX_RESULT_INVALID_ARGUMENT",
            ofx_result::NullPointer => c"OFX_RESULT_NULL_POINTER",
            ofx_result::Panic => c"OFX_RESULT_PANIC",
            ofx_result::InvalidUtf8 => c"OFX_RESULT_INVALID_UTF8",
            ofx_result::NotFound => c"OFX_RESULT_NOT_FOUND",
            ofx_result::Io => c"OFX_RESULT_IO",
            ofx_result::NotOfx => c"OFX_RESULT_NOT_OFX",
            ofx_result::NoContent => c"OFX_RESULT_NO_CONTENT",
            ofx_result::StrictViolation => c"OFX_RESULT_STRICT_VIOLATION",
            ofx_result::TooLarge => c"OFX_RESULT_TOO_LARGE",
            ofx_result::UnsupportedVersion => c"OFX_RESULT_UNSUPPORTED_VERSION",
            ofx_result::Config => c"OFX_RESULT_CONFIG",
            ofx_result::Request => c"OFX_RESULT_REQUEST",
            ofx_result::InvalidUrl => c"OFX_RESULT_INVALID_URL",
            ofx_result::Dns => c"OFX_RESULT_DNS",
            ofx_result::Connect => c"OFX_RESULT_CONNECT",
            ofx_result::Timeout => c"OFX_RESULT_TIMEOUT",
            ofx_result::Tls => c"OFX_RESULT_TLS",
            ofx_result::Certificate => c"OFX_RESULT_CERTIFICATE",
            ofx_result::Reset => c"OFX_RESULT_RESET",
            ofx_result::HttpStatus => c"OFX_RESULT_HTTP_STATUS",
            ofx_result::EmptyBody => c"OFX_RESULT_EMPTY_BODY",
            ofx_result::ResponseTooLarge => c"OFX_RESULT_RESPONSE_TOO_LARGE",
            ofx_result::Proxy => c"OFX_RESULT_PROXY",
            ofx_result::Network => c"OFX_RESULT_NETWORK",
            ofx_result::BadResponse => c"OFX_RESULT_BAD_RESPONSE",
            ofx_result::Truncated => c"OFX_RESULT_TRUNCATED",
            ofx_result::NotAnswered => c"OFX_RESULT_NOT_ANSWERED",
            ofx_result::SignonFailed => c"OFX_RESULT_SIGNON_FAILED",
            ofx_result::NotPosted => c"OFX_RESULT_NOT_POSTED",
            ofx_result::Refused => c"OFX_RESULT_REFUSED",
            ofx_result::CallbackStopped => c"OFX_RESULT_CALLBACK_STOPPED",
        }
    }
}

/// The name of a result code as the header spells it ("OFX_RESULT_DNS"), for bindings and logs.
///
/// Returns a static string owned by the library (never NULL, do not free); unknown codes give
/// "OFX_RESULT_UNKNOWN".
#[unsafe(no_mangle)]
pub extern "C" fn ofx_result_name(code: u32) -> *const c_char {
    match result_from_u32(code) {
        Some(r) => r.name().as_ptr(),
        None => c"OFX_RESULT_UNKNOWN".as_ptr(),
    }
}

/// The result of a code number, if it is one.
pub fn result_from_u32(code: u32) -> Option<ofx_result> {
    use ofx_result::*;
    const ALL: [ofx_result; 33] = [
        Ok,
        InvalidArgument,
        NullPointer,
        Panic,
        InvalidUtf8,
        NotFound,
        Io,
        NotOfx,
        NoContent,
        StrictViolation,
        TooLarge,
        UnsupportedVersion,
        Config,
        Request,
        InvalidUrl,
        Dns,
        Connect,
        Timeout,
        Tls,
        Certificate,
        Reset,
        HttpStatus,
        EmptyBody,
        ResponseTooLarge,
        Proxy,
        Network,
        BadResponse,
        Truncated,
        NotAnswered,
        SignonFailed,
        NotPosted,
        Refused,
        CallbackStopped,
    ];
    ALL.into_iter().find(|r| *r as u32 == code)
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Records the calling thread's last error message.
pub fn set_last_error(msg: &str) {
    let c = CString::new(msg.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = c);
}

/// The message of the last failed call on the calling thread (empty when the last call succeeded).
///
/// The string is owned by the library and valid until the next ofxkit call on the same thread; never
/// NULL; do not free. Read it on the thread that made the failing call. Handle-based calls also keep
/// their error on the handle (e.g. `ofx_response` has none: parsing is the only failing step), which
/// managed runtimes that move threads should prefer where offered.
#[unsafe(no_mangle)]
pub extern "C" fn ofx_last_error_message() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().as_ptr())
}

/// Runs `f` inside a panic boundary; a panic becomes `OFX_RESULT_PANIC` with a message.
pub fn guard(f: impl FnOnce() -> Result<(), (ofx_result, String)>) -> ofx_result {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            set_last_error("");
            ofx_result::Ok
        }
        Ok(Err((code, msg))) => {
            set_last_error(&msg);
            code
        }
        Err(p) => {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            set_last_error(&format!("internal error: {what}"));
            ofx_result::Panic
        }
    }
}

/// Runs `f` inside a panic boundary for functions that return a value instead of a result.
pub fn guard_value<T>(default: T, f: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(default)
}

/// Error shorthand.
pub type FfiResult = Result<(), (ofx_result, String)>;

/// Fails with NullPointer when `p` is NULL.
pub fn not_null<T>(p: *const T, name: &str) -> Result<(), (ofx_result, String)> {
    if p.is_null() { Err((ofx_result::NullPointer, format!("{name} is NULL"))) } else { Ok(()) }
}

/// Reads a NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `p` must be NULL or point to a NUL-terminated string.
pub unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> Result<&'a str, (ofx_result, String)> {
    not_null(p, name)?;
    // SAFETY: checked non-NULL; caller guarantees NUL termination.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str().map_err(|_| (ofx_result::InvalidUtf8, format!("{name} is not valid UTF-8")))
}

/// Reads a byte-slice argument; `len` 0 with a NULL pointer is an empty slice.
///
/// # Safety
/// `p` must point to `len` readable bytes when non-NULL.
pub unsafe fn bytes_arg<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8], (ofx_result, String)> {
    if p.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err((ofx_result::NullPointer, format!("{name} is NULL")));
    }
    // SAFETY: non-NULL, caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Turns a Rust string into an allocated C string the caller frees with `ofx_string_free`.
pub fn into_c_string(s: String) -> *mut c_char {
    let s = if s.contains('\0') { s.replace('\0', "\u{FFFD}") } else { s };
    CString::new(s).unwrap_or_default().into_raw()
}

/// Writes `v` through `out` (already checked non-NULL).
///
/// # Safety
/// `out` must be valid for writes.
pub unsafe fn write_out<T>(out: *mut T, v: T) {
    // SAFETY: the caller checked `out` and the C contract says it is writable.
    unsafe { out.write(v) };
}
