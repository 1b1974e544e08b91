//! Events a client reports while it talks to a financial institution: connection status, TLS status,
//! the server-certificate decision and errors. The transport calls an [`EventSink`]; the C ABI adapts
//! function pointers to it, a Rust user implements it directly.
//!
//! Every method is called on the thread that made the client call (ureq is synchronous), never
//! concurrently for one client, and never after that call returned.

/// Where a connection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ConnState {
    /// Looking up the host name (detail: the name).
    Resolving = 1,
    /// Opening the TCP connection (detail: the address being tried).
    Connecting = 2,
    /// TCP connected (detail: the peer address).
    Connected = 3,
    /// TLS handshake finished and the certificate was accepted (detail: how it was accepted).
    TlsHandshakeDone = 4,
    /// The whole request was written (detail: its size in bytes).
    RequestSent = 5,
    /// The response's first bytes arrived (detail: empty), or the whole body was read (detail: its size).
    ResponseReceived = 6,
    /// The connection was closed (detail: why: "done", "reused later", "error").
    Closed = 7,
}

impl ConnState {
    /// A stable lower-case name ("resolving", "connecting", ...).
    pub fn name(self) -> &'static str {
        match self {
            ConnState::Resolving => "resolving",
            ConnState::Connecting => "connecting",
            ConnState::Connected => "connected",
            ConnState::TlsHandshakeDone => "tls_handshake_done",
            ConnState::RequestSent => "request_sent",
            ConnState::ResponseReceived => "response_received",
            ConnState::Closed => "closed",
        }
    }
}

/// A connection status change.
#[derive(Clone, Debug)]
pub struct ConnectionEvent<'a> {
    pub state: ConnState,
    pub host: &'a str,
    pub port: u16,
    pub detail: &'a str,
}

/// What the TLS layer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TlsState {
    /// Handshake started (detail: the server name sent in SNI).
    HandshakeStarted = 1,
    /// The server's certificate chain verified against the trust store.
    CertificateTrusted = 2,
    /// The certificate did not verify (detail: the reason); the server-certificate callback decides.
    CertificateUntrusted = 3,
    /// The application's callback accepted a certificate the library did not trust.
    AcceptedByCallback = 4,
    /// The application's callback rejected the certificate.
    RejectedByCallback = 5,
    /// Handshake complete (detail: negotiated protocol when known).
    HandshakeDone = 6,
    /// A client certificate was offered.
    ClientCertificateSent = 7,
}

impl TlsState {
    /// A stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            TlsState::HandshakeStarted => "handshake_started",
            TlsState::CertificateTrusted => "certificate_trusted",
            TlsState::CertificateUntrusted => "certificate_untrusted",
            TlsState::AcceptedByCallback => "accepted_by_callback",
            TlsState::RejectedByCallback => "rejected_by_callback",
            TlsState::HandshakeDone => "handshake_done",
            TlsState::ClientCertificateSent => "client_certificate_sent",
        }
    }
}

/// A TLS status change.
#[derive(Clone, Debug)]
pub struct TlsEvent<'a> {
    pub state: TlsState,
    pub host: &'a str,
    pub port: u16,
    pub detail: &'a str,
}

/// The server's certificate, shown to the application before anything is sent.
#[derive(Clone, Debug)]
pub struct ServerCert<'a> {
    /// The leaf certificate, DER.
    pub der: &'a [u8],
    /// The same, PEM ("-----BEGIN CERTIFICATE-----" ...).
    pub pem: &'a str,
    /// Subject and issuer distinguished names (RFC 4514 form, e.g. "CN=localhost, O=ofxkit sandbox").
    pub subject: &'a str,
    pub issuer: &'a str,
    /// The host and port connected to.
    pub host: &'a str,
    pub port: u16,
    /// The library's own verdict: true when the chain verified against the trust store for this host.
    pub trusted: bool,
    /// Why not, when not trusted (the TLS library's message); empty when trusted.
    pub reason: &'a str,
}

/// What the application decides about a server certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertDecision {
    /// Go on with this certificate even if the library did not trust it.
    Accept,
    /// Refuse it even if the library trusted it: nothing is sent.
    Reject,
    /// Keep the library's verdict.
    Default,
}

/// Kinds of failure reported as error events (and as client errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorKind {
    /// The URL is not a valid http(s) URL.
    InvalidUrl = 1,
    /// The host name did not resolve.
    Dns = 2,
    /// The TCP connection was refused or could not be opened.
    Connect = 3,
    /// The connect or whole-exchange timeout passed.
    Timeout = 4,
    /// The TLS handshake failed (protocol, version, client certificate).
    Tls = 5,
    /// The server certificate was not trusted and no callback accepted it, or a callback rejected it.
    Certificate = 6,
    /// The connection was reset or closed in the middle of the answer.
    Reset = 7,
    /// The server answered with an HTTP status other than 200.
    HttpStatus = 8,
    /// The server answered 200 with an empty body (after the cookie retry when one was possible).
    EmptyBody = 9,
    /// The body exceeded the response size limit.
    TooLarge = 10,
    /// The proxy refused or failed.
    Proxy = 11,
    /// Any other input/output error.
    Io = 12,
    /// The answer is not an OFX document.
    BadResponse = 13,
    /// The answer is an OFX document that was cut off (truncated OFX).
    Truncated = 14,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidUrl => "invalid_url",
            ErrorKind::Dns => "dns",
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Tls => "tls",
            ErrorKind::Certificate => "certificate",
            ErrorKind::Reset => "reset",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::EmptyBody => "empty_body",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Proxy => "proxy",
            ErrorKind::Io => "io",
            ErrorKind::BadResponse => "bad_response",
            ErrorKind::Truncated => "truncated",
        }
    }
}

/// An error event.
#[derive(Clone, Debug)]
pub struct ErrorEvent<'a> {
    pub kind: ErrorKind,
    pub message: &'a str,
}

/// Receives a client's events. Every method has a default that does nothing (and keeps the library's
/// certificate verdict), so an implementation overrides only what it wants.
pub trait EventSink: Send + Sync {
    fn connection(&self, _e: &ConnectionEvent<'_>) {}
    fn tls(&self, _e: &TlsEvent<'_>) {}
    /// Whether a callback is registered: without one an untrusted certificate fails at once (no second
    /// handshake is made to show it to anybody).
    fn has_cert_callback(&self) -> bool {
        false
    }
    fn server_cert(&self, _c: &ServerCert<'_>) -> CertDecision {
        CertDecision::Default
    }
    fn error(&self, _e: &ErrorEvent<'_>) {}
}

/// A sink that ignores everything.
pub struct NoEvents;

impl EventSink for NoEvents {}
