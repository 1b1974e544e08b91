//! `ofx_response`: a parsed OFX document (a file or a server's answer).

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

use super::boundary::{
    FfiResult, bytes_arg, guard, guard_value, into_c_string, not_null, ofx_result, str_arg, write_out,
};
use crate::document::{Document, ParseError, ParseOptions};

/// A parsed OFX document. Opaque. Create it with `ofx_response_parse` or `ofx_response_read_file`,
/// free it with `ofx_response_free`. Every string and view borrowed from it stays valid until it is
/// freed. A response may be read from several threads at once; it is never modified after creation
/// (views it hands out are computed once and cached inside it, thread-safely).
pub struct ofx_response {
    _private: [u8; 0],
}

/// The Rust side of `ofx_response`.
pub struct Response {
    pub doc: Document,
    pub warnings_c: Vec<CString>,
    pub cache: OnceLock<super::views::Cache>,
    pub names: OnceLock<Vec<CString>>,
    /// MFA questions (phrase id, label), computed on first use.
    pub mfa: OnceLock<Vec<(CString, Option<CString>)>>,
    /// Money records (transfers, payments, payees) as C views, computed on first use.
    pub(crate) money: OnceLock<super::money::Views>,
}

impl Response {
    pub fn new(doc: Document) -> Response {
        let warnings_c =
            doc.warnings.iter().map(|w| CString::new(w.message.replace('\0', " ")).unwrap_or_default()).collect();
        Response {
            doc,
            warnings_c,
            cache: OnceLock::new(),
            names: OnceLock::new(),
            mfa: OnceLock::new(),
            money: OnceLock::new(),
        }
    }
}

/// Casts a handle pointer to its Rust type (read-only).
///
/// # Safety
/// `p` must be NULL or a live handle from `ofx_response_parse`/`ofx_response_read_file`.
pub unsafe fn resp_ref<'a>(p: *const ofx_response) -> Result<&'a Response, (ofx_result, String)> {
    not_null(p, "resp")?;
    // SAFETY: non-NULL handles are Box<Response> pointers made by this module.
    Ok(unsafe { &*(p as *const Response) })
}

fn into_handle(r: Response) -> *mut ofx_response {
    Box::into_raw(Box::new(r)) as *mut ofx_response
}

/// Options for reading. Initialise with `ofx_parse_options_init` (or `OFX_PARSE_OPTIONS_INIT` values:
/// version = OFX_PARSE_OPTIONS_VERSION, everything else 0) before setting fields; the struct only ever
/// grows at the end.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_parse_options {
    /// Must be OFX_PARSE_OPTIONS_VERSION.
    pub version: u32,
    /// Non-zero: strict mode (spec violations are errors: element order, required elements, enum values,
    /// lengths, and any repair).
    pub strict: u32,
}

/// The current version of `ofx_parse_options`.
pub const OFX_PARSE_OPTIONS_VERSION: u32 = 1;

/// Fills `opts` with defaults (tolerant reading). `opts` must not be NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_parse_options_init(opts: *mut ofx_parse_options) -> ofx_result {
    guard(|| {
        not_null(opts, "opts")?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(opts, ofx_parse_options { version: OFX_PARSE_OPTIONS_VERSION, strict: 0 }) };
        Ok(())
    })
}

unsafe fn options(opts: *const ofx_parse_options) -> Result<ParseOptions, (ofx_result, String)> {
    if opts.is_null() {
        return Ok(ParseOptions::default());
    }
    // SAFETY: non-NULL; the version field is read first, and only fields of that version after.
    let o = unsafe { &*opts };
    if o.version == 0 || o.version > OFX_PARSE_OPTIONS_VERSION {
        return Err((
            ofx_result::InvalidArgument,
            format!(
                "ofx_parse_options.version {} is not supported (expected 1..={OFX_PARSE_OPTIONS_VERSION})",
                o.version
            ),
        ));
    }
    Ok(ParseOptions { strict: o.strict != 0 })
}

fn parse_error(e: ParseError) -> (ofx_result, String) {
    let code = match &e {
        ParseError::NotOfx(_) => ofx_result::NotOfx,
        ParseError::NoContent => ofx_result::NoContent,
        ParseError::Strict(_) => ofx_result::StrictViolation,
        ParseError::TooLarge => ofx_result::TooLarge,
    };
    (code, e.to_string())
}

fn parse_into(bytes: &[u8], opts: ParseOptions, out: *mut *mut ofx_response) -> FfiResult {
    let doc = Document::parse_with(bytes, opts).map_err(parse_error)?;
    // SAFETY: `out` checked non-NULL by the callers.
    unsafe { write_out(out, into_handle(Response::new(doc))) };
    Ok(())
}

/// Reads an OFX document from memory (a file's bytes or a server's answer body).
///
/// `data` points to `len` bytes (may be NULL only when `len` is 0); they are copied, the caller keeps
/// ownership. On success `*out` receives a new response the caller frees with `ofx_response_free`; on
/// failure `*out` is untouched and `ofx_last_error_message()` says why (e.g. "an HTML page, not an OFX
/// document"). Tolerant: repairs are listed by `ofx_response_warning`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_parse(data: *const u8, len: usize, out: *mut *mut ofx_response) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: contract above.
        let bytes = unsafe { bytes_arg(data, len, "data") }?;
        parse_into(bytes, ParseOptions::default(), out)
    })
}

/// Like `ofx_response_parse`, with options (`opts` may be NULL for the defaults).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_parse_with(
    data: *const u8,
    len: usize,
    opts: *const ofx_parse_options,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: contract above.
        let bytes = unsafe { bytes_arg(data, len, "data") }?;
        // SAFETY: `opts` NULL or valid.
        let o = unsafe { options(opts) }?;
        parse_into(bytes, o, out)
    })
}

fn read_path(path: &str) -> Result<Vec<u8>, (ofx_result, String)> {
    std::fs::read(path).map_err(|e| (ofx_result::Io, format!("cannot read {path}: {e}")))
}

/// Reads an OFX file. `path` is a NUL-terminated UTF-8 path (copied). On success `*out` receives a new
/// response (free with `ofx_response_free`); on failure `*out` is untouched (`OFX_RESULT_IO` when the file
/// cannot be read).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_read_file(path: *const c_char, out: *mut *mut ofx_response) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: NUL-terminated by contract.
        let p = unsafe { str_arg(path, "path") }?;
        let bytes = read_path(p)?;
        parse_into(&bytes, ParseOptions::default(), out)
    })
}

/// Like `ofx_response_read_file`, with options (`opts` may be NULL for the defaults).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_read_file_with(
    path: *const c_char,
    opts: *const ofx_parse_options,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: NUL-terminated by contract.
        let p = unsafe { str_arg(path, "path") }?;
        // SAFETY: `opts` NULL or valid.
        let o = unsafe { options(opts) }?;
        let bytes = read_path(p)?;
        parse_into(&bytes, o, out)
    })
}

/// Frees a response and everything borrowed from it. `resp` may be NULL (nothing happens). Must not be
/// called twice on the same response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_free(resp: *mut ofx_response) {
    if resp.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: made by into_handle; freed once by contract.
        drop(unsafe { Box::from_raw(resp as *mut Response) });
    }));
}

/// The whole document as JSON (see README "JSON"). On success `*json_out` receives a new NUL-terminated
/// UTF-8 string the caller frees with `ofx_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_to_json(resp: *const ofx_response, json_out: *mut *mut c_char) -> ofx_result {
    guard(|| {
        not_null(json_out, "json_out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let s = crate::json::to_json(&r.doc);
        // SAFETY: checked non-NULL.
        unsafe { write_out(json_out, into_c_string(s)) };
        Ok(())
    })
}

/// Every transaction as CSV (header line `account_id,kind,fitid,type,date_posted,amount,name,memo,check_number`).
/// On success `*csv_out` receives a new string the caller frees with `ofx_string_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_to_csv(resp: *const ofx_response, csv_out: *mut *mut c_char) -> ofx_result {
    guard(|| {
        not_null(csv_out, "csv_out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let s = crate::json::to_csv(&r.doc);
        // SAFETY: checked non-NULL.
        unsafe { write_out(csv_out, into_c_string(s)) };
        Ok(())
    })
}

/// Writes the document out again as OFX `version` (102, 103, 151, 160: SGML with a colon header;
/// 200, 201, 202, 203, 210, 211, 220: XML). On success `*out` receives a new string (free with
/// `ofx_string_free`). Every element is kept, proprietary ones included.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_serialize(
    resp: *const ofx_response,
    version: u32,
    out: *mut *mut c_char,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let s = serialize(r, version)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, into_c_string(s)) };
        Ok(())
    })
}

fn serialize(r: &Response, version: u32) -> Result<String, (ofx_result, String)> {
    let v = crate::markup::writer::Version::from_number(version)
        .ok_or((ofx_result::UnsupportedVersion, format!("OFX version {version} is not one ofxkit writes")))?;
    crate::markup::writer::write_document(&r.doc.tree, &crate::markup::writer::WriteOptions::new(v))
        .map_err(|e| (ofx_result::Panic, format!("writing failed: {e}")))
}

/// Writes the document to a file as OFX `version` (see `ofx_response_serialize`). `path` is copied.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_write_file(
    resp: *const ofx_response,
    path: *const c_char,
    version: u32,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        // SAFETY: NUL-terminated by contract.
        let p = unsafe { str_arg(path, "path") }?;
        let s = serialize(r, version)?;
        std::fs::write(p, s).map_err(|e| (ofx_result::Io, format!("cannot write {p}: {e}")))
    })
}

/// One warning: a repair or tolerated deviation. Strings are borrowed from the response.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_warning {
    /// Kind (stable numbers): 1 header, 2 version, 3 charset, 4 entity, 5 end tag, 6 truncated,
    /// 7 empty value, 8 length, 9 order, 10 missing, 11 value, 12 value form, 13 markup, 14 fitid,
    /// 15 suppressed (a count of folded warnings).
    pub code: u32,
    /// Human-readable message; valid until the response is freed.
    pub message: *const c_char,
    /// 1-based line.
    pub line: u32,
    /// Byte offset in the decoded document.
    pub offset: u32,
}

/// Number of warnings (0 for a clean document). Returns 0 when `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_warning_count(resp: *const ofx_response) -> usize {
    // SAFETY: live handle or NULL.
    guard_value(0, || unsafe { resp_ref(resp) }.map(|r| r.doc.warnings.len()).unwrap_or(0))
}

/// Warning `index` (0-based). Fails with `OFX_RESULT_NOT_FOUND` past the end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_warning(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_warning,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let w = r.doc.warnings.get(index).ok_or((ofx_result::NotFound, format!("no warning {index}")))?;
        let msg: &CStr = &r.warnings_c[index];
        // SAFETY: checked non-NULL.
        unsafe {
            write_out(out, ofx_warning { code: w.code as u32, message: msg.as_ptr(), line: w.line, offset: w.offset })
        };
        Ok(())
    })
}
