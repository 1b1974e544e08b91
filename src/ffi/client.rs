//! `ofx_client` and `ofx_request`: talking to a financial institution from C.
//!
//! Thin: arguments are checked and converted, the engine's [`Client`] does the work. Event callbacks
//! are adapted to the engine's [`EventSink`].

use std::ffi::{CString, c_char, c_void};
use std::ptr;
use std::sync::Arc;

use super::boundary::{
    FfiResult, bytes_arg, guard, guard_value, into_c_string, not_null, ofx_result, str_arg, write_out,
};
use super::response::{Response, ofx_response};
use crate::client::ClientConfig;
use crate::client::events::{CertDecision, ConnectionEvent, ErrorEvent, ErrorKind, EventSink, ServerCert, TlsEvent};
use crate::client::ops::{self, AccountRef, StatementQuery};
use crate::client::request::{RequestItem, RequestKind};
use crate::client::session::{Client, ClientError, ClientErrorKind, ImageRefType};

/// A client: one FI, one user, one HTTP agent (connections are kept and reused). Opaque. Create it
/// with `ofx_client_new`, free it with `ofx_client_free` (credentials are wiped from memory then).
///
/// Threads: a client may be moved between threads but used by one thread at a time; its callbacks are
/// called on the thread that runs the operation, during the call, never concurrently.
pub struct ofx_client {
    _private: [u8; 0],
}

/// A request item: one request aggregate (statement, closing, account list, profile, MFA challenge,
/// image) without signon, with its TRNUID, made for one client (the product's OFXRequest). Opaque.
/// Make one with an `ofx_request_*` constructor, post it with `ofx_client_post` (or add it to a
/// batch), free it with `ofx_request_free`. Immutable except for `ofx_request_set_uid`.
pub struct ofx_request {
    _private: [u8; 0],
}

/// A downloaded check or statement image. Opaque; free with `ofx_image_free`.
pub struct ofx_image {
    _private: [u8; 0],
}

/// Connection states reported to the connection callback (`ofx_connection_event.state`).
pub const OFX_CONN_RESOLVING: u32 = 1;
/// Opening the TCP connection.
pub const OFX_CONN_CONNECTING: u32 = 2;
/// TCP connected.
pub const OFX_CONN_CONNECTED: u32 = 3;
/// TLS handshake done and the certificate accepted.
pub const OFX_CONN_TLS_DONE: u32 = 4;
/// The request was written.
pub const OFX_CONN_REQUEST_SENT: u32 = 5;
/// The answer arrived.
pub const OFX_CONN_RESPONSE_RECEIVED: u32 = 6;
/// The connection was closed.
pub const OFX_CONN_CLOSED: u32 = 7;

/// A connection status change. Every pointer is valid only during the callback.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_connection_event {
    /// One of `OFX_CONN_*`.
    pub state: u32,
    /// A stable lower-case name of the state ("resolving", "connecting", ...).
    pub state_name: *const c_char,
    /// The FI's host name and port.
    pub host: *const c_char,
    pub port: u16,
    /// More about it (the address tried, bytes sent, ...); never NULL, may be empty.
    pub detail: *const c_char,
}

/// TLS event kinds (`ofx_tls_event.kind`). 1-7 are status reports (the callback's return value is
/// ignored); `OFX_TLS_SERVER_CERTIFICATE` asks for a decision.
pub const OFX_TLS_HANDSHAKE_STARTED: u32 = 1;
/// The chain verified against the trust store.
pub const OFX_TLS_CERTIFICATE_TRUSTED: u32 = 2;
/// The chain did not verify; the callback is asked next.
pub const OFX_TLS_CERTIFICATE_UNTRUSTED: u32 = 3;
/// The callback accepted a certificate the library did not trust.
pub const OFX_TLS_ACCEPTED_BY_CALLBACK: u32 = 4;
/// The callback rejected the certificate.
pub const OFX_TLS_REJECTED_BY_CALLBACK: u32 = 5;
/// Handshake complete.
pub const OFX_TLS_HANDSHAKE_DONE: u32 = 6;
/// A client certificate was offered.
pub const OFX_TLS_CLIENT_CERTIFICATE_SENT: u32 = 7;
/// The server's certificate, for the application to accept or reject (return 0 accept, negative
/// reject, positive keep the library's verdict).
pub const OFX_TLS_SERVER_CERTIFICATE: u32 = 100;

/// A TLS event. Every pointer is valid only during the callback. The certificate fields are set only
/// for `OFX_TLS_SERVER_CERTIFICATE` (NULL/0 otherwise).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_tls_event {
    /// One of `OFX_TLS_*`.
    pub kind: u32,
    /// The host and port connected to.
    pub host: *const c_char,
    pub port: u16,
    /// Details of a status event (never NULL, may be empty).
    pub detail: *const c_char,
    /// The leaf certificate, DER (`cert_der_len` bytes).
    pub cert_der: *const u8,
    pub cert_der_len: usize,
    /// The same, PEM.
    pub cert_pem: *const c_char,
    /// Subject and issuer distinguished names (RFC 4514).
    pub subject: *const c_char,
    pub issuer: *const c_char,
    /// The library's verdict: 1 when the chain verified for this host, else 0.
    pub trusted: i32,
    /// Why not, when not trusted (empty when trusted).
    pub reason: *const c_char,
}

/// An error event: what failed, as the `ofx_result` code the call will return, and a message.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_error_event {
    /// The `ofx_result` code (e.g. `OFX_RESULT_DNS`).
    pub code: u32,
    /// A message without credentials; valid only during the callback.
    pub message: *const c_char,
}

/// Connection callback: `userdata` as registered, then the event (read it only during the call).
pub type ofx_connection_callback =
    Option<unsafe extern "C" fn(userdata: *mut c_void, event: *const ofx_connection_event)>;
/// TLS callback: for `OFX_TLS_SERVER_CERTIFICATE` return 0 to accept, a negative value to reject and a
/// positive value to keep the library's verdict; for status events the return value is ignored.
pub type ofx_tls_callback = Option<unsafe extern "C" fn(userdata: *mut c_void, event: *const ofx_tls_event) -> i32>;
/// Error callback.
pub type ofx_error_callback = Option<unsafe extern "C" fn(userdata: *mut c_void, event: *const ofx_error_event)>;
/// Frees a callback's `userdata`; called exactly once, when the registration is replaced, when the
/// client is freed, or at once when the registration fails.
pub type ofx_userdata_free = Option<unsafe extern "C" fn(userdata: *mut c_void)>;

/// One registration: the function, its user data and the free function, run once on drop.
pub(crate) struct Reg<F> {
    f: F,
    userdata: *mut c_void,
    free: ofx_userdata_free,
}

impl<F> Drop for Reg<F> {
    fn drop(&mut self) {
        if let Some(free) = self.free {
            // SAFETY: the application's function with its own pointer, called exactly once (the Reg is
            // dropped once).
            unsafe { free(self.userdata) };
        }
    }
}

/// A registration from a C call: `(Some(reg), None)` for a callback, `(None, Some(guard))` for NULL
/// (the guard frees `userdata` when dropped, since nothing keeps it). Either way `userdata_free`
/// runs exactly once: when the registration is replaced or its owner freed, or when the guard drops
/// (also when the call fails).
pub(crate) fn registration<F>(
    cb: Option<F>,
    userdata: *mut c_void,
    free: ofx_userdata_free,
) -> (Option<Arc<Reg<F>>>, Option<Reg<()>>) {
    match cb {
        Some(f) => (Some(Arc::new(Reg { f, userdata, free })), None),
        None => (None, Some(Reg { f: (), userdata, free })),
    }
}

// SAFETY: callbacks are called only on the thread running an operation of the client that owns them
// (documented); the pointer is the application's and travels with the handle.
unsafe impl<F> Send for Reg<F> {}
// SAFETY: as above: never called concurrently.
unsafe impl<F> Sync for Reg<F> {}

pub(crate) type ConnFn = unsafe extern "C" fn(*mut c_void, *const ofx_connection_event);
pub(crate) type TlsFn = unsafe extern "C" fn(*mut c_void, *const ofx_tls_event) -> i32;
pub(crate) type ErrFn = unsafe extern "C" fn(*mut c_void, *const ofx_error_event);

/// The registrations of one client as an [`EventSink`].
#[derive(Clone, Default)]
pub(crate) struct FfiEvents {
    pub(crate) conn: Option<Arc<Reg<ConnFn>>>,
    pub(crate) tls: Option<Arc<Reg<TlsFn>>>,
    pub(crate) err: Option<Arc<Reg<ErrFn>>>,
}

pub(crate) fn cs(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

impl FfiEvents {
    fn tls_status(&self, kind: u32, host: &str, port: u16, detail: &str) {
        let Some(r) = &self.tls else { return };
        let (h, d, empty) = (cs(host), cs(detail), c"");
        let ev = ofx_tls_event {
            kind,
            host: h.as_ptr(),
            port,
            detail: d.as_ptr(),
            cert_der: ptr::null(),
            cert_der_len: 0,
            cert_pem: ptr::null(),
            subject: ptr::null(),
            issuer: ptr::null(),
            trusted: 0,
            reason: empty.as_ptr(),
        };
        // SAFETY: the application's callback with its pointer and a struct valid during the call.
        let _ = unsafe { (r.f)(r.userdata, &ev) };
    }
}

impl EventSink for FfiEvents {
    fn connection(&self, e: &ConnectionEvent<'_>) {
        let Some(r) = &self.conn else { return };
        let (h, d, n) = (cs(e.host), cs(e.detail), cs(e.state.name()));
        let ev = ofx_connection_event {
            state: e.state as u32,
            state_name: n.as_ptr(),
            host: h.as_ptr(),
            port: e.port,
            detail: d.as_ptr(),
        };
        // SAFETY: as in tls_status.
        unsafe { (r.f)(r.userdata, &ev) };
    }
    fn tls(&self, e: &TlsEvent<'_>) {
        self.tls_status(e.state as u32, e.host, e.port, e.detail);
    }
    fn has_cert_callback(&self) -> bool {
        self.tls.is_some()
    }
    fn server_cert(&self, c: &ServerCert<'_>) -> CertDecision {
        let Some(r) = &self.tls else { return CertDecision::Default };
        let (h, pem, sub, iss, why, empty) = (cs(c.host), cs(c.pem), cs(c.subject), cs(c.issuer), cs(c.reason), c"");
        let ev = ofx_tls_event {
            kind: OFX_TLS_SERVER_CERTIFICATE,
            host: h.as_ptr(),
            port: c.port,
            detail: empty.as_ptr(),
            cert_der: c.der.as_ptr(),
            cert_der_len: c.der.len(),
            cert_pem: pem.as_ptr(),
            subject: sub.as_ptr(),
            issuer: iss.as_ptr(),
            trusted: i32::from(c.trusted),
            reason: why.as_ptr(),
        };
        // SAFETY: as in tls_status.
        let v = unsafe { (r.f)(r.userdata, &ev) };
        match v {
            0 => CertDecision::Accept,
            v if v < 0 => CertDecision::Reject,
            _ => CertDecision::Default,
        }
    }
    fn error(&self, e: &ErrorEvent<'_>) {
        let Some(r) = &self.err else { return };
        let m = cs(e.message);
        let ev = ofx_error_event { code: code_of_kind(e.kind) as u32, message: m.as_ptr() };
        // SAFETY: as in tls_status.
        unsafe { (r.f)(r.userdata, &ev) };
    }
}

/// The Rust side of `ofx_client`.
pub(crate) struct ClientHandle {
    pub(crate) client: Client,
    pub(crate) events: FfiEvents,
    pub(crate) error: CString,
    pub(crate) error_info: ErrorInfo,
}

#[derive(Default)]
pub(crate) struct ErrorInfo {
    pub(crate) code: u32,
    pub(crate) http_status: u16,
    pub(crate) body_start: CString,
}

/// The Rust side of `ofx_request`.
pub(crate) struct RequestHandle {
    pub(crate) item: RequestItem,
    pub(crate) uid: CString,
}

/// The Rust side of `ofx_image`.
struct ImageHandle {
    content_type: CString,
    bytes: Vec<u8>,
}

fn code_of_kind(k: ErrorKind) -> ofx_result {
    match k {
        ErrorKind::InvalidUrl => ofx_result::InvalidUrl,
        ErrorKind::Dns => ofx_result::Dns,
        ErrorKind::Connect => ofx_result::Connect,
        ErrorKind::Timeout => ofx_result::Timeout,
        ErrorKind::Tls => ofx_result::Tls,
        ErrorKind::Certificate => ofx_result::Certificate,
        ErrorKind::Reset => ofx_result::Reset,
        ErrorKind::HttpStatus => ofx_result::HttpStatus,
        ErrorKind::EmptyBody => ofx_result::EmptyBody,
        ErrorKind::TooLarge => ofx_result::ResponseTooLarge,
        ErrorKind::Proxy => ofx_result::Proxy,
        ErrorKind::Io => ofx_result::Network,
        ErrorKind::BadResponse => ofx_result::BadResponse,
        ErrorKind::Truncated => ofx_result::Truncated,
    }
}

pub(crate) fn code_of(e: &ClientError) -> ofx_result {
    match e.kind {
        ClientErrorKind::Config => ofx_result::Config,
        ClientErrorKind::Request => ofx_result::Request,
        ClientErrorKind::Transport(k) => code_of_kind(k),
        ClientErrorKind::Refused(_) => ofx_result::Refused,
        ClientErrorKind::Callback => ofx_result::CallbackStopped,
    }
}

/// Casts a client handle (mutable use).
///
/// # Safety
/// `p` must be NULL or a live `ofx_client`.
pub(crate) unsafe fn client_mut<'a>(p: *mut ofx_client) -> Result<&'a mut ClientHandle, (ofx_result, String)> {
    not_null(p, "client")?;
    // SAFETY: non-NULL handles are Box<ClientHandle> pointers made by ofx_client_new.
    Ok(unsafe { &mut *(p as *mut ClientHandle) })
}

/// # Safety
/// `p` must be NULL or a live `ofx_client`.
pub(crate) unsafe fn client_ref<'a>(p: *const ofx_client) -> Result<&'a ClientHandle, (ofx_result, String)> {
    not_null(p, "client")?;
    // SAFETY: as above.
    Ok(unsafe { &*(p as *const ClientHandle) })
}

/// # Safety
/// `p` must be NULL or a live `ofx_request`.
pub(crate) unsafe fn request_ref<'a>(p: *const ofx_request) -> Result<&'a RequestHandle, (ofx_result, String)> {
    not_null(p, "request")?;
    // SAFETY: non-NULL handles are Box<RequestHandle> pointers made by this module.
    Ok(unsafe { &*(p as *const RequestHandle) })
}

/// Runs an operation of a client: its error is also kept on the handle (`ofx_client_errmsg`).
pub(crate) fn on_client(
    h: &mut ClientHandle,
    f: impl FnOnce(&mut ClientHandle) -> Result<(), ClientError>,
) -> FfiResult {
    match f(h) {
        Ok(()) => {
            h.error = CString::default();
            h.error_info = ErrorInfo::default();
            Ok(())
        }
        Err(e) => {
            let code = code_of(&e);
            h.error = cs(&e.message);
            h.error_info = ErrorInfo {
                code: code as u32,
                http_status: e.transport.as_ref().and_then(|t| t.http_status).unwrap_or(0),
                body_start: cs(e.transport.as_ref().and_then(|t| t.body_start.as_deref()).unwrap_or("")),
            };
            Err((code, e.message))
        }
    }
}

/// Creates a client with the defaults (OFX 102, APPID QWIN, APPVER 2700, LANGUAGE ENG, the system trust
/// store). On success `*out` receives the client (free it with `ofx_client_free`). Nothing is sent
/// until an operation runs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_new(out: *mut *mut ofx_client) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        let events = FfiEvents::default();
        let client = Client::new(ClientConfig::default(), Arc::new(events.clone()));
        let h = ClientHandle { client, events, error: CString::default(), error_info: ErrorInfo::default() };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(h)) as *mut ofx_client) };
        Ok(())
    })
}

/// Frees a client: its connections are closed, its credentials wiped from memory, and each
/// registered callback's `userdata_free` runs. `client` may be NULL. Must not be called twice, nor
/// from one of the client's callbacks.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_free(client: *mut ofx_client) {
    if client.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: made by ofx_client_new; freed once by contract.
        drop(unsafe { Box::from_raw(client as *mut ClientHandle) });
    }));
}

/// The message of the client's last failed call (empty after a success). Owned by the client, valid
/// until its next call or until it is freed; never NULL ("" for a NULL client). Never contains
/// credentials.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_errmsg(client: *const ofx_client) -> *const c_char {
    // SAFETY: live handle or NULL.
    guard_value(c"".as_ptr(), || unsafe { client_ref(client) }.map(|h| h.error.as_ptr()).unwrap_or(c"".as_ptr()))
}

/// Details of the client's last failure.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_error_info {
    /// The `ofx_result` code of the last failed call (0 after a success).
    pub code: u32,
    /// For `OFX_RESULT_HTTP_STATUS`: the HTTP status (else 0).
    pub http_status: u16,
    /// For `OFX_RESULT_HTTP_STATUS`: the first bytes of the body as text ("" otherwise). Borrowed from
    /// the client, valid until its next call.
    pub body_start: *const c_char,
}

/// Fills `out` with the details of the client's last failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_error_info(client: *const ofx_client, out: *mut ofx_error_info) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let h = unsafe { client_ref(client) }?;
        let i = &h.error_info;
        // SAFETY: checked non-NULL.
        unsafe {
            write_out(
                out,
                ofx_error_info { code: i.code, http_status: i.http_status, body_start: i.body_start.as_ptr() },
            )
        };
        Ok(())
    })
}

/// Sets one configuration knob by key (the product's Config), e.g. `("url", "https://...")`,
/// `("version", "220")`, `("version.profile", "211")`, `("profile", "discover")`, `("ca_file", path)`,
/// `("proxy", "http://user:pass@host:3128")`, `("timeout_ms", "30000")`. The keys are listed in the
/// README ("Client configuration"). An empty value clears an optional setting. Both strings are copied.
/// Fails with `OFX_RESULT_CONFIG` for an unknown key or a bad value (the message says which).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set(
    client: *mut ofx_client,
    key: *const c_char,
    value: *const c_char,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: NUL-terminated strings by contract.
        let (k, v) = unsafe { (str_arg(key, "key")?, str_arg(value, "value")?) };
        on_client(h, |h| h.client.set(k, v))
    })
}

/// Reads a setting that is not a secret, or what the server gave: `"access_key"` (after MFA: persist
/// it and set it again next time), `"user_key"`, `"sess_cookie"`, `"url"`, `"version"`, `"client_uid"`,
/// `"org"`, `"fid"`, `"app_id"`, `"app_ver"`. On success `*out` receives a new string (free it with
/// `ofx_string_free`); `OFX_RESULT_NOT_FOUND` when the value is not set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_get(
    client: *const ofx_client,
    key: *const c_char,
    out: *mut *mut c_char,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let h = unsafe { client_ref(client) }?;
        // SAFETY: NUL-terminated by contract.
        let k = unsafe { str_arg(key, "key") }?;
        let c = &h.client.config;
        let v: Option<String> = match k {
            "access_key" => c.access_key.as_ref().map(|s| s.expose().to_string()),
            "user_key" => c.user_key.as_ref().map(|s| s.expose().to_string()),
            "sess_cookie" => c.sess_cookie.clone(),
            "url" => Some(c.url.clone()).filter(|s| !s.is_empty()),
            "version" => Some(c.version.to_string()),
            "client_uid" => c.client_uid.clone(),
            "org" => c.org.clone(),
            "fid" => c.fid.clone(),
            "app_id" => Some(c.app_id.clone()),
            "app_ver" => Some(c.app_ver.clone()),
            "language" => Some(c.language.clone()),
            "user_agent" => Some(c.transport.user_agent.clone()),
            _ => return Err((ofx_result::InvalidArgument, format!("'{k}' cannot be read back"))),
        };
        let v = v.ok_or((ofx_result::NotFound, format!("{k} is not set")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, into_c_string(v)) };
        Ok(())
    })
}

/// Applies a quirk profile the application supplies: `key=value` lines (keys as for
/// `ofx_client_set`, `#` comments). All or nothing: on an error nothing changes. Built-in profiles are
/// applied with `ofx_client_set(client, "profile", name)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_load_profile(client: *mut ofx_client, text: *const c_char) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: NUL-terminated by contract.
        let t = unsafe { str_arg(text, "text") }?;
        on_client(h, |h| h.client.apply_profile_text(t))
    })
}

/// Sets the FI's OFX URL, ORG and FID in one call (`fid` may be NULL). Strings are copied.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_fi(
    client: *mut ofx_client,
    url: *const c_char,
    org: *const c_char,
    fid: *const c_char,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: NUL-terminated strings by contract (fid may be NULL).
        let (u, o) = unsafe { (str_arg(url, "url")?, str_arg(org, "org")?) };
        let f = if fid.is_null() { "" } else { unsafe { str_arg(fid, "fid") }? };
        on_client(h, |h| {
            h.client.set("url", u)?;
            h.client.set("org", o)?;
            h.client.set("fid", f)
        })
    })
}

/// Sets USERID and USERPASS (copied; wiped from memory when replaced or when the client is freed;
/// never written to messages).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_credentials(
    client: *mut ofx_client,
    user_id: *const c_char,
    password: *const c_char,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: NUL-terminated strings by contract.
        let (u, p) = unsafe { (str_arg(user_id, "user_id")?, str_arg(password, "password")?) };
        on_client(h, |h| {
            h.client.set("user_id", u)?;
            h.client.set("password", p)
        })
    })
}

/// Adds trusted CA certificates (PEM, `len` bytes, copied) beside the system trust store.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_add_ca_pem(client: *mut ofx_client, pem: *const u8, len: usize) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: `len` readable bytes by contract.
        let b = unsafe { bytes_arg(pem, len, "pem") }?;
        let s = std::str::from_utf8(b).map_err(|_| (ofx_result::InvalidUtf8, "pem is not text".to_string()))?;
        on_client(h, |h| h.client.set("ca_pem", s))
    })
}

/// Sets the client certificate: a PKCS#12 archive (`len` bytes, copied) and its password (copied,
/// may be NULL for none). Pass `p12` NULL and `len` 0 to remove it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_client_cert(
    client: *mut ofx_client,
    p12: *const u8,
    len: usize,
    password: *const c_char,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        // SAFETY: `len` readable bytes by contract; password NULL or NUL-terminated.
        let b = unsafe { bytes_arg(p12, len, "p12") }?.to_vec();
        let pw = if password.is_null() { "" } else { unsafe { str_arg(password, "password") }? };
        on_client(h, |h| {
            h.client.config.transport.client_identity = if b.is_empty() { None } else { Some((b, pw.to_string())) };
            let ev: Arc<dyn EventSink> = Arc::new(h.events.clone());
            h.client.set_events(ev);
            Ok(())
        })
    })
}

pub(crate) fn install(h: &mut ClientHandle) {
    let ev: Arc<dyn EventSink> = Arc::new(h.events.clone());
    h.client.set_events(ev);
}

/// Registers the connection callback (NULL `cb` removes it). It is called on the thread running an
/// operation of this client, during that call, never concurrently; it must not call functions of this
/// client. `userdata_free` (may be NULL) runs once for `userdata` when this registration is replaced,
/// when the client is freed, or at once if this call fails.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_connection_callback(
    client: *mut ofx_client,
    cb: ofx_connection_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        h.events.conn = reg;
        install(h);
        Ok(())
    });
    drop(free_now);
    r
}

/// Registers the TLS callback (NULL `cb` removes it): TLS status events, and the server-certificate
/// decision (`OFX_TLS_SERVER_CERTIFICATE`: return 0 to accept, negative to reject, positive to keep
/// the library's verdict). Without a TLS callback an untrusted certificate fails with
/// `OFX_RESULT_CERTIFICATE`. When the library does not trust a certificate and a callback exists, a
/// second handshake without verification shows it to the callback (never accepted silently). Threads,
/// re-entrancy and `userdata_free` as for `ofx_client_set_connection_callback`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_tls_callback(
    client: *mut ofx_client,
    cb: ofx_tls_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        h.events.tls = reg;
        install(h);
        Ok(())
    });
    drop(free_now);
    r
}

/// Registers the error callback (NULL `cb` removes it): called once per failed exchange with the
/// code the call returns and a message. Threads, re-entrancy and `userdata_free` as for
/// `ofx_client_set_connection_callback`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_error_callback(
    client: *mut ofx_client,
    cb: ofx_error_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        h.events.err = reg;
        install(h);
        Ok(())
    });
    drop(free_now);
    r
}

/// What a statement or closing request asks for. Initialise with `ofx_statement_request_init`, then
/// set fields; strings are borrowed only during the call that reads them (copied). The struct only
/// ever grows at the end.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_statement_request {
    /// Must be `OFX_STATEMENT_REQUEST_VERSION`.
    pub version: u32,
    /// "checking", "savings", "moneymrkt", "creditline", "cd" (bank accounts: `bank_id` needed),
    /// "creditcard", "investment" (`broker_id` needed) or "loan" (`loan_type`, default MORTGAGE).
    pub account_type: *const c_char,
    /// The account number (ACCTID / LOANACCTID).
    pub account_id: *const c_char,
    /// Bank routing number (BANKID), bank accounts only.
    pub bank_id: *const c_char,
    /// BRANCHID, optional (NULL).
    pub branch_id: *const c_char,
    /// BROKERID, investment accounts only.
    pub broker_id: *const c_char,
    /// LOANACCTTYPE for loans (MORTGAGE, AUTO, CONSUMER, ...), NULL for the default.
    pub loan_type: *const c_char,
    /// Start and end of the period: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or an OFX date-time; NULL
    /// for none.
    pub start: *const c_char,
    pub end: *const c_char,
    /// 1 (default) to include transactions, 0 for balances only.
    pub include_transactions: i32,
    /// 2.x: pending transactions (-1 unset: not sent, 0 no, 1 yes).
    pub include_pending: i32,
    /// 2.1.1: image references (-1 unset, 0, 1).
    pub include_images: i32,
    /// Investment: positions (1 default), as of a date (NULL: now), open orders (1), balances (1).
    pub include_positions: i32,
    pub positions_as_of: *const c_char,
    pub include_open_orders: i32,
    pub include_balance: i32,
}

/// The current version of `ofx_statement_request`.
pub const OFX_STATEMENT_REQUEST_VERSION: u32 = 1;

/// Fills `rq` with defaults: everything included, no dates, optional flags unset, strings NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_statement_request_init(rq: *mut ofx_statement_request) -> ofx_result {
    guard(|| {
        not_null(rq, "rq")?;
        let v = ofx_statement_request {
            version: OFX_STATEMENT_REQUEST_VERSION,
            account_type: ptr::null(),
            account_id: ptr::null(),
            bank_id: ptr::null(),
            branch_id: ptr::null(),
            broker_id: ptr::null(),
            loan_type: ptr::null(),
            start: ptr::null(),
            end: ptr::null(),
            include_transactions: 1,
            include_pending: -1,
            include_images: -1,
            include_positions: 1,
            positions_as_of: ptr::null(),
            include_open_orders: 1,
            include_balance: 1,
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(rq, v) };
        Ok(())
    })
}

/// # Safety
/// `p` NULL or NUL-terminated.
unsafe fn opt_str<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>, (ofx_result, String)> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, NUL-terminated by contract.
    Ok(Some(unsafe { str_arg(p, name) }?).filter(|s| !s.is_empty()))
}

fn date_arg(s: Option<&str>, name: &str) -> Result<Option<crate::values::datetime::OfxDateTime>, (ofx_result, String)> {
    s.map(|t| ops::parse_user_date(t).map_err(|e| (ofx_result::InvalidArgument, format!("{name}: {e}")))).transpose()
}

fn tri(v: i32, name: &str) -> Result<Option<bool>, (ofx_result, String)> {
    match v {
        -1 => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        _ => Err((ofx_result::InvalidArgument, format!("{name} must be -1, 0 or 1 (got {v})"))),
    }
}

fn flag(v: i32, name: &str) -> Result<bool, (ofx_result, String)> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err((ofx_result::InvalidArgument, format!("{name} must be 0 or 1 (got {v})"))),
    }
}

/// # Safety
/// `rq` NULL or a valid struct whose strings are NULL or NUL-terminated.
unsafe fn statement_query(rq: *const ofx_statement_request) -> Result<StatementQuery, (ofx_result, String)> {
    not_null(rq, "rq")?;
    // SAFETY: non-NULL by check; the version is read before anything else.
    let r = unsafe { &*rq };
    if r.version != OFX_STATEMENT_REQUEST_VERSION {
        return Err((
            ofx_result::InvalidArgument,
            format!(
                "ofx_statement_request.version {} is not {OFX_STATEMENT_REQUEST_VERSION}: call ofx_statement_request_init",
                r.version
            ),
        ));
    }
    // SAFETY: strings NULL or NUL-terminated by contract.
    let (at, id, bank, branch, broker, loan, start, end, asof) = unsafe {
        (
            str_arg(r.account_type, "account_type")?,
            str_arg(r.account_id, "account_id")?,
            opt_str(r.bank_id, "bank_id")?,
            opt_str(r.branch_id, "branch_id")?,
            opt_str(r.broker_id, "broker_id")?,
            opt_str(r.loan_type, "loan_type")?,
            opt_str(r.start, "start")?,
            opt_str(r.end, "end")?,
            opt_str(r.positions_as_of, "positions_as_of")?,
        )
    };
    let mut account =
        AccountRef::from_words(at, id, bank, broker, loan).map_err(|e| (ofx_result::InvalidArgument, e))?;
    if let (AccountRef::Bank { branch_id, .. }, Some(b)) = (&mut account, branch) {
        *branch_id = Some(b.to_string());
    }
    let mut q = StatementQuery::new(account);
    q.start = date_arg(start, "start")?;
    q.end = date_arg(end, "end")?;
    q.positions_as_of = date_arg(asof, "positions_as_of")?;
    q.include_transactions = flag(r.include_transactions, "include_transactions")?;
    q.include_pending = tri(r.include_pending, "include_pending")?;
    q.include_images = tri(r.include_images, "include_images")?;
    q.include_positions = flag(r.include_positions, "include_positions")?;
    q.include_open_orders = flag(r.include_open_orders, "include_open_orders")?;
    q.include_balance = flag(r.include_balance, "include_balance")?;
    Ok(q)
}

/// The statement request `rq` asks for (for `ofx_request_statement` and `ofx_client_statement`).
///
/// # Safety
/// As `statement_query`.
unsafe fn statement_body(
    rq: *const ofx_statement_request,
) -> Result<crate::client::request::RequestBody, (ofx_result, String)> {
    // SAFETY: forwarded contract.
    let q = unsafe { statement_query(rq) }?;
    ops::statement(&q).map_err(|e| (ofx_result::InvalidArgument, e))
}

/// The closing-information request `rq` asks for (for `ofx_request_closing` and `ofx_client_closing`).
///
/// # Safety
/// As `statement_query`.
unsafe fn closing_body(
    rq: *const ofx_statement_request,
) -> Result<crate::client::request::RequestBody, (ofx_result, String)> {
    // SAFETY: forwarded contract.
    let q = unsafe { statement_query(rq) }?;
    ops::closing(&q.account, q.start, q.end, q.include_images).map_err(|e| (ofx_result::InvalidArgument, e))
}

/// A `since` date argument (NULL or empty: none).
///
/// # Safety
/// `since` NULL or NUL-terminated.
unsafe fn since_arg(
    since: *const c_char,
) -> Result<Option<crate::values::datetime::OfxDateTime>, (ofx_result, String)> {
    // SAFETY: forwarded contract.
    date_arg(unsafe { opt_str(since, "since") }?, "since")
}

fn new_request(h: &ClientHandle, body: crate::client::request::RequestBody, out: *mut *mut ofx_request) -> FfiResult {
    let item = h.client.item(body);
    let uid = cs(&item.trnuid);
    // SAFETY: `out` checked by callers.
    unsafe { write_out(out, Box::into_raw(Box::new(RequestHandle { item, uid })) as *mut ofx_request) };
    Ok(())
}

/// A statement request (bank, credit card, investment or loan, by `rq->account_type`) for `client`,
/// with a fresh TRNUID. Like every `ofx_request_*` constructor (which take the client read-only), it
/// reports failures through `ofx_last_error_message()`, not `ofx_client_errmsg`. On success `*out` receives it (free with `ofx_request_free`). Fails with
/// `OFX_RESULT_INVALID_ARGUMENT` for a bad account or date (nothing is sent).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_statement(
    client: *const ofx_client,
    rq: *const ofx_statement_request,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let body = unsafe { statement_body(rq) }?;
        new_request(h, body, out)
    })
}

/// A closing-information request (STMTENDRQ, CCSTMTENDRQ, LOANSTMTENDRQ) for the account, period and
/// `include_images` of `rq`. Ownership as for `ofx_request_statement`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_closing(
    client: *const ofx_client,
    rq: *const ofx_statement_request,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let body = unsafe { closing_body(rq) }?;
        new_request(h, body, out)
    })
}

/// An account-list request (ACCTINFORQ) for accounts changed since `since` (NULL: all). Ownership as
/// for `ofx_request_statement`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_account_info(
    client: *const ofx_client,
    since: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle, NULL or NUL-terminated string by contract.
        let h = unsafe { client_ref(client) }?;
        let s = unsafe { since_arg(since) }?;
        new_request(h, ops::account_info(s), out)
    })
}

/// An FI profile request (PROFRQ, CLIENTROUTING NONE) for a profile newer than `since` (NULL: the
/// whole profile). Ownership as for `ofx_request_statement`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_profile(
    client: *const ofx_client,
    since: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: as above.
        let h = unsafe { client_ref(client) }?;
        let s = unsafe { since_arg(since) }?;
        new_request(h, ops::profile(s, None), out)
    })
}

/// An MFA challenge request (MFACHALLENGERQ, OFX 1.0.3 and 2.1.1). Ownership as for
/// `ofx_request_statement`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_mfa_challenge(
    client: *const ofx_client,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let h = unsafe { client_ref(client) }?;
        new_request(h, ops::mfa_challenge(ops::now()), out)
    })
}

/// Request kinds (`ofx_request_kind`, `ofx_batch_item_request_type`): fixed values, never renumbered.
pub const OFX_REQUEST_ACCOUNT_INFO: u32 = 1;
/// Bank statement (STMTRQ).
pub const OFX_REQUEST_BANK_STATEMENT: u32 = 2;
/// Bank closing information (STMTENDRQ).
pub const OFX_REQUEST_BANK_CLOSING: u32 = 3;
/// Credit-card statement (CCSTMTRQ).
pub const OFX_REQUEST_CREDITCARD_STATEMENT: u32 = 4;
/// Credit-card closing information (CCSTMTENDRQ).
pub const OFX_REQUEST_CREDITCARD_CLOSING: u32 = 5;
/// Investment statement (INVSTMTRQ).
pub const OFX_REQUEST_INVESTMENT_STATEMENT: u32 = 6;
/// Loan statement (LOANSTMTRQ).
pub const OFX_REQUEST_LOAN_STATEMENT: u32 = 7;
/// Loan closing information (LOANSTMTENDRQ).
pub const OFX_REQUEST_LOAN_CLOSING: u32 = 8;
/// FI profile (PROFRQ).
pub const OFX_REQUEST_PROFILE: u32 = 9;
/// MFA challenge (MFACHALLENGERQ).
pub const OFX_REQUEST_MFA_CHALLENGE: u32 = 10;
/// Image (IMAGERQ).
pub const OFX_REQUEST_IMAGE: u32 = 11;
/// Intrabank transfer (INTRARQ).
pub const OFX_REQUEST_TRANSFER: u32 = 12;
/// Intrabank transfer change (INTRAMODRQ).
pub const OFX_REQUEST_TRANSFER_MODIFY: u32 = 13;
/// Intrabank transfer cancellation (INTRACANRQ).
pub const OFX_REQUEST_TRANSFER_CANCEL: u32 = 14;
/// Interbank transfer (INTERRQ).
pub const OFX_REQUEST_INTERBANK_TRANSFER: u32 = 15;
/// Interbank transfer change (INTERMODRQ).
pub const OFX_REQUEST_INTERBANK_MODIFY: u32 = 16;
/// Interbank transfer cancellation (INTERCANRQ).
pub const OFX_REQUEST_INTERBANK_CANCEL: u32 = 17;
/// Intrabank transfer synchronization (INTRASYNCRQ).
pub const OFX_REQUEST_TRANSFER_SYNC: u32 = 18;
/// Interbank transfer synchronization (INTERSYNCRQ).
pub const OFX_REQUEST_INTERBANK_SYNC: u32 = 19;
/// Bill payment (PMTRQ).
pub const OFX_REQUEST_PAYMENT: u32 = 20;
/// Payment change (PMTMODRQ).
pub const OFX_REQUEST_PAYMENT_MODIFY: u32 = 21;
/// Payment cancellation (PMTCANCRQ).
pub const OFX_REQUEST_PAYMENT_CANCEL: u32 = 22;
/// Payment status (PMTINQRQ).
pub const OFX_REQUEST_PAYMENT_STATUS: u32 = 23;
/// New payee (PAYEERQ).
pub const OFX_REQUEST_PAYEE_ADD: u32 = 24;
/// Payee change (PAYEEMODRQ).
pub const OFX_REQUEST_PAYEE_MODIFY: u32 = 25;
/// Payee deletion (PAYEEDELRQ).
pub const OFX_REQUEST_PAYEE_DELETE: u32 = 26;
/// Payee list synchronization (PAYEESYNCRQ).
pub const OFX_REQUEST_PAYEE_SYNC: u32 = 27;
/// Payment synchronization (PMTSYNCRQ).
pub const OFX_REQUEST_PAYMENT_SYNC: u32 = 28;

/// An image request (IMAGERQ, OFX 2.1.1) by an OPAQUE image reference. Ownership as for
/// `ofx_request_statement`; `ofx_client_get_image` fetches an image in one call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_image(
    client: *const ofx_client,
    image_ref: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated string by contract.
        let h = unsafe { client_ref(client) }?;
        let r = unsafe { str_arg(image_ref, "image_ref") }?;
        new_request(h, ops::image(r).map_err(|e| (ofx_result::InvalidArgument, e))?, out)
    })
}

/// Frees a request. `request` may be NULL. Must not be called twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_free(request: *mut ofx_request) {
    if request.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: made by new_request; freed once by contract.
        drop(unsafe { Box::from_raw(request as *mut RequestHandle) });
    }));
}

/// The request's TRNUID. Borrowed from the request (valid until it is freed or its TRNUID is set);
/// never NULL ("" for a NULL request).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_uid(request: *const ofx_request) -> *const c_char {
    // SAFETY: live handle or NULL.
    guard_value(c"".as_ptr(), || unsafe { request_ref(request) }.map(|r| r.uid.as_ptr()).unwrap_or(c"".as_ptr()))
}

/// Sets the request's TRNUID (copied, 1-36 characters): to ask again, after a lost answer, with the
/// TRNUID of the first attempt, so that the server answers it instead of acting twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_set_uid(request: *mut ofx_request, uid: *const c_char) -> ofx_result {
    guard(|| {
        not_null(request, "request")?;
        // SAFETY: NUL-terminated by contract.
        let u = unsafe { str_arg(uid, "uid") }?;
        if u.is_empty() || u.chars().count() > 36 {
            return Err((
                ofx_result::InvalidArgument,
                format!("a TRNUID has 1 to 36 characters (got {})", u.chars().count()),
            ));
        }
        // SAFETY: live handle by contract.
        let r = unsafe { &mut *(request as *mut RequestHandle) };
        r.item.trnuid = u.to_string();
        r.uid = cs(u);
        Ok(())
    })
}

/// The request's kind: one of the `OFX_REQUEST_*` constants (fixed values, never renumbered); 0 for a
/// NULL request. `ofx_request_kind_name` names them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_kind(request: *const ofx_request) -> u32 {
    // SAFETY: live handle or NULL.
    guard_value(0, || unsafe { request_ref(request) }.map(|r| r.item.body.kind() as u32).unwrap_or(0))
}

/// The name of a request kind ("bank_statement", ...): a static string, "" for unknown kinds.
#[unsafe(no_mangle)]
pub extern "C" fn ofx_request_kind_name(kind: u32) -> *const c_char {
    static NAMES: std::sync::OnceLock<Vec<CString>> = std::sync::OnceLock::new();
    guard_value(c"".as_ptr(), || {
        let names = NAMES.get_or_init(|| RequestKind::ALL.iter().map(|k| cs(k.name())).collect());
        RequestKind::from_u32(kind)
            .and_then(|k| RequestKind::ALL.iter().position(|x| *x == k))
            .and_then(|i| names.get(i))
            .map(|c| c.as_ptr())
            .unwrap_or(c"".as_ptr())
    })
}

/// The whole request document `client` would post for `request` (header, signon, the request), with
/// the password and other secrets replaced by asterisks when `masked` is non-zero (the `--dry-run`
/// view). On success `*out` receives a new string (free with `ofx_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_text(
    client: *mut ofx_client,
    request: *const ofx_request,
    masked: i32,
    out: *mut *mut c_char,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handles by contract.
        let h = unsafe { client_mut(client) }?;
        let r = unsafe { request_ref(request) }?;
        let mut text = String::new();
        on_client(h, |h| {
            text = h.client.request_text(std::slice::from_ref(&r.item), masked != 0)?;
            Ok(())
        })?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, into_c_string(text)) };
        Ok(())
    })
}

fn post_into(h: &mut ClientHandle, items: &[RequestItem], out: *mut *mut ofx_response) -> FfiResult {
    let mut doc = None;
    on_client(h, |h| {
        doc = Some(h.client.exchange(items)?);
        Ok(())
    })?;
    let doc = doc.ok_or((ofx_result::Panic, "no document".to_string()))?;
    // SAFETY: `out` checked by callers.
    unsafe { write_out(out, Box::into_raw(Box::new(Response::new(doc))) as *mut ofx_response) };
    Ok(())
}

/// Posts one request under the client's signon and reads the answer. On success `*out` receives the
/// answer (free with `ofx_response_free`) — also when the server refused the signon or the request:
/// OFX statuses are read from the response (`ofx_response_signon`, `ofx_response_trn_status`). On a
/// failure `*out` is untouched, the result says what failed (`OFX_RESULT_DNS`, `OFX_RESULT_CERTIFICATE`,
/// `OFX_RESULT_HTTP_STATUS`, ...) and `ofx_client_errmsg` / `ofx_client_error_info` say more. The
/// request keeps its TRNUID: posting it again after a lost answer asks the same question.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_post(
    client: *mut ofx_client,
    request: *const ofx_request,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handles by contract.
        let h = unsafe { client_mut(client) }?;
        let r = unsafe { request_ref(request) }?;
        let item = r.item.clone();
        post_into(h, std::slice::from_ref(&item), out)
    })
}

fn post_body(
    h: &mut ClientHandle,
    body: crate::client::request::RequestBody,
    out: *mut *mut ofx_response,
) -> FfiResult {
    let item = h.client.item(body);
    post_into(h, std::slice::from_ref(&item), out)
}

/// Downloads the account list (Account.GetInfo): `ofx_request_account_info` + `ofx_client_post`.
/// Read the accounts with `ofx_response_account`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_account_info(
    client: *mut ofx_client,
    since: *const c_char,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle, NULL or NUL-terminated string by contract.
        let h = unsafe { client_mut(client) }?;
        let s = unsafe { since_arg(since) }?;
        post_body(h, ops::account_info(s), out)
    })
}

/// Downloads a statement (BankStatement / CCStatement / InvStatement / LoanStatement .GetStatement):
/// `ofx_request_statement` + `ofx_client_post`. Investment answers carry the security list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_statement(
    client: *mut ofx_client,
    rq: *const ofx_statement_request,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_mut(client) }?;
        let body = unsafe { statement_body(rq) }?;
        post_body(h, body, out)
    })
}

/// Downloads closing information (GetClosingInfo): `ofx_request_closing` + `ofx_client_post`. Read
/// it with `ofx_response_closing`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_closing(
    client: *mut ofx_client,
    rq: *const ofx_statement_request,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_mut(client) }?;
        let body = unsafe { closing_body(rq) }?;
        post_body(h, body, out)
    })
}

/// Downloads the FI profile (FIProfile.GetProfile). Read it with `ofx_response_profile`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_profile(
    client: *mut ofx_client,
    since: *const c_char,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: as above.
        let h = unsafe { client_mut(client) }?;
        let s = unsafe { since_arg(since) }?;
        post_body(h, ops::profile(s, None), out)
    })
}

/// Asks for the MFA questions (after a signon status 3000). Read them with
/// `ofx_response_mfa_question`, answer with `ofx_client_set_mfa_answer`, then repeat the operation.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_mfa_challenge(client: *mut ofx_client, out: *mut *mut ofx_response) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let h = unsafe { client_mut(client) }?;
        post_body(h, ops::mfa_challenge(ops::now()), out)
    })
}

/// Gives the answer to one MFA question (both strings copied; the answer is wiped from memory once
/// the server has given an ACCESSKEY or when the client is freed). The answers go with the next signon.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_set_mfa_answer(
    client: *mut ofx_client,
    phrase_id: *const c_char,
    answer: *const c_char,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handle and NUL-terminated strings by contract.
        let h = unsafe { client_mut(client) }?;
        let (id, a) = unsafe { (str_arg(phrase_id, "phrase_id")?, str_arg(answer, "answer")?) };
        if id.trim().is_empty() {
            return Err((ofx_result::InvalidArgument, "phrase_id is empty".into()));
        }
        h.client.set_mfa_answer(id.trim(), a);
        Ok(())
    })
}

/// One MFA question of a response. Strings borrowed from the response (valid until it is freed).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_mfa_question {
    /// MFAPHRASEID, e.g. "MFA13" (never NULL).
    pub phrase_id: *const c_char,
    /// MFAPHRASELABEL, the question; NULL for the spec's built-in ids that need none (MFA101-MFA107).
    pub label: *const c_char,
}

fn mfa_of(r: &Response) -> &Vec<(CString, Option<CString>)> {
    r.mfa.get_or_init(|| {
        crate::client::session::mfa_questions(&r.doc)
            .into_iter()
            .map(|q| (cs(&q.phrase_id), q.label.as_deref().map(cs)))
            .collect()
    })
}

/// Number of MFA questions in a response (MFACHALLENGERS); 0 when none or `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_mfa_question_count(resp: *const ofx_response) -> usize {
    // SAFETY: live handle or NULL.
    guard_value(0, || unsafe { super::response::resp_ref(resp) }.map(|r| mfa_of(r).len()).unwrap_or(0))
}

/// MFA question `index` (0-based); `OFX_RESULT_NOT_FOUND` past the end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_mfa_question(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_mfa_question,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { super::response::resp_ref(resp) }?;
        let (id, label) = mfa_of(r).get(index).ok_or((ofx_result::NotFound, format!("no MFA question {index}")))?;
        let q = ofx_mfa_question {
            phrase_id: id.as_ptr(),
            label: label.as_ref().map(|l| l.as_ptr()).unwrap_or(ptr::null()),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, q) };
        Ok(())
    })
}

/// IMAGEREFTYPE OPAQUE: an OFX image request to the FI's server.
pub const OFX_IMAGE_OPAQUE: u32 = 1;
/// IMAGEREFTYPE URL: an HTTP GET of the URL, without authentication.
pub const OFX_IMAGE_URL: u32 = 2;
/// IMAGEREFTYPE FORMURL: the signed-on image request posted to the URL.
pub const OFX_IMAGE_FORMURL: u32 = 3;

/// Downloads a check or statement image (2.1.1) by the IMAGEREF and IMAGEREFTYPE (`OFX_IMAGE_*`) of
/// an IMAGEDATA. On success `*out` receives the image (free with `ofx_image_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_get_image(
    client: *mut ofx_client,
    ref_type: u32,
    image_ref: *const c_char,
    out: *mut *mut ofx_image,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated string by contract.
        let h = unsafe { client_mut(client) }?;
        let r = unsafe { str_arg(image_ref, "image_ref") }?;
        let t = match ref_type {
            OFX_IMAGE_OPAQUE => ImageRefType::Opaque,
            OFX_IMAGE_URL => ImageRefType::Url,
            OFX_IMAGE_FORMURL => ImageRefType::FormUrl,
            _ => return Err((ofx_result::InvalidArgument, format!("unknown image reference type {ref_type}"))),
        };
        let mut img = None;
        on_client(h, |h| {
            img = Some(h.client.image(t, r)?);
            Ok(())
        })?;
        let img = img.ok_or((ofx_result::Panic, "no image".to_string()))?;
        let handle = ImageHandle { content_type: cs(&img.content_type), bytes: img.bytes };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(handle)) as *mut ofx_image) };
        Ok(())
    })
}

/// The image's bytes: `*data` (borrowed, valid until the image is freed) and `*len`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_image_data(image: *const ofx_image, data: *mut *const u8, len: *mut usize) -> ofx_result {
    guard(|| {
        not_null(image, "image")?;
        not_null(data, "data")?;
        not_null(len, "len")?;
        // SAFETY: live handle by contract.
        let i = unsafe { &*(image as *const ImageHandle) };
        // SAFETY: checked non-NULL.
        unsafe {
            write_out(data, i.bytes.as_ptr());
            write_out(len, i.bytes.len());
        }
        Ok(())
    })
}

/// The image's content type (e.g. "image/png"): borrowed, valid until the image is freed; "" for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_image_content_type(image: *const ofx_image) -> *const c_char {
    guard_value(c"".as_ptr(), || {
        if image.is_null() {
            return c"".as_ptr();
        }
        // SAFETY: live handle by contract.
        unsafe { &*(image as *const ImageHandle) }.content_type.as_ptr()
    })
}

/// Frees an image. `image` may be NULL. Must not be called twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_image_free(image: *mut ofx_image) {
    if image.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: made by ofx_client_get_image; freed once by contract.
        drop(unsafe { Box::from_raw(image as *mut ImageHandle) });
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The request kind constants of the header are the engine's numbers.
    #[test]
    fn request_kind_constants() {
        let c = [
            OFX_REQUEST_ACCOUNT_INFO,
            OFX_REQUEST_BANK_STATEMENT,
            OFX_REQUEST_BANK_CLOSING,
            OFX_REQUEST_CREDITCARD_STATEMENT,
            OFX_REQUEST_CREDITCARD_CLOSING,
            OFX_REQUEST_INVESTMENT_STATEMENT,
            OFX_REQUEST_LOAN_STATEMENT,
            OFX_REQUEST_LOAN_CLOSING,
            OFX_REQUEST_PROFILE,
            OFX_REQUEST_MFA_CHALLENGE,
            OFX_REQUEST_IMAGE,
            OFX_REQUEST_TRANSFER,
            OFX_REQUEST_TRANSFER_MODIFY,
            OFX_REQUEST_TRANSFER_CANCEL,
            OFX_REQUEST_INTERBANK_TRANSFER,
            OFX_REQUEST_INTERBANK_MODIFY,
            OFX_REQUEST_INTERBANK_CANCEL,
            OFX_REQUEST_TRANSFER_SYNC,
            OFX_REQUEST_INTERBANK_SYNC,
            OFX_REQUEST_PAYMENT,
            OFX_REQUEST_PAYMENT_MODIFY,
            OFX_REQUEST_PAYMENT_CANCEL,
            OFX_REQUEST_PAYMENT_STATUS,
            OFX_REQUEST_PAYEE_ADD,
            OFX_REQUEST_PAYEE_MODIFY,
            OFX_REQUEST_PAYEE_DELETE,
            OFX_REQUEST_PAYEE_SYNC,
            OFX_REQUEST_PAYMENT_SYNC,
        ];
        assert_eq!(c.len(), RequestKind::ALL.len());
        for (k, v) in RequestKind::ALL.iter().zip(c) {
            assert_eq!(*k as u32, v, "{}", k.name());
        }
        assert_eq!(unsafe { std::ffi::CStr::from_ptr(ofx_request_kind_name(28)) }.to_str().unwrap(), "payment_sync");
        assert_eq!(
            unsafe { std::ffi::CStr::from_ptr(crate::ffi::boundary::ofx_result_name(203)) }.to_str().unwrap(),
            "OFX_RESULT_DNS"
        );
    }
}
