//! TLS settings and the server-certificate decision.
//!
//! native-tls has no verification hook, so the decision is made with handshakes:
//!
//! 1. A verified handshake (system trust store unless switched off, plus the configured extra CAs).
//!    When it succeeds and the application registered a certificate callback, the callback sees the
//!    certificate with `trusted: true`; `Reject` stops before anything is sent.
//! 2. When it fails and a callback exists, the transport makes a second handshake on a new connection
//!    with verification switched off, shows the leaf certificate to the callback with `trusted: false`
//!    and the first handshake's error as the reason. `Accept` goes on over that second connection;
//!    `Reject` or `Default` fail with [`ErrorKind::Certificate`](crate::client::events::ErrorKind).
//!    If the second handshake fails too, the problem was not the certificate: the first error is
//!    reported as a TLS error.
//! 3. Without a callback an untrusted certificate fails at once, with a message that says what to do.
//!
//! A certificate the callback accepted is remembered per host and port, so later new connections to
//! that server go straight to the unverified handshake; the callback is still asked each time, and a
//! different certificate starts over at step 1. Nothing is ever accepted silently.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::sync::{Arc, Mutex};

use base64::Engine;

use crate::client::events::{CertDecision, ConnState, ServerCert, TlsState};
use crate::client::proxy::TunnelError;
use crate::client::stream::{NetShared, ObservedStream, lock};

/// A minimum TLS protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    /// TLS 1.0 (old servers only; OpenSSL's default security level may still refuse it).
    Tls10,
    /// TLS 1.1.
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    /// The native-tls protocol of this version.
    pub fn to_native(self) -> native_tls::Protocol {
        match self {
            TlsVersion::Tls10 => native_tls::Protocol::Tlsv10,
            TlsVersion::Tls11 => native_tls::Protocol::Tlsv11,
            TlsVersion::Tls12 => native_tls::Protocol::Tlsv12,
            TlsVersion::Tls13 => native_tls::Protocol::Tlsv13,
        }
    }

    /// "TLS 1.2" and so on.
    pub fn name(self) -> &'static str {
        match self {
            TlsVersion::Tls10 => "TLS 1.0",
            TlsVersion::Tls11 => "TLS 1.1",
            TlsVersion::Tls12 => "TLS 1.2",
            TlsVersion::Tls13 => "TLS 1.3",
        }
    }
}

/// Why a TLS connection attempt stopped. Travels inside the `io::Error` that ureq passes back, so the
/// transport can tell a certificate decision from a network failure.
#[derive(Debug, Clone)]
pub(crate) enum TlsFailure {
    /// The verified handshake failed and a callback exists: retry with a probe handshake.
    NeedsProbe { reason: String },
    /// The certificate remembered as accepted changed: forget it and start over.
    PinChanged,
    /// Not trusted, and nobody accepted it. `asked`: a callback saw it and kept the verdict.
    Untrusted { reason: String, asked: bool },
    /// The application's callback rejected the certificate.
    Rejected { trusted: bool, reason: String },
    /// The handshake failed for a reason other than the certificate.
    Handshake { message: String },
    /// The handshake did not finish in time.
    Timeout,
    /// The proxy could not open the tunnel.
    Proxy { message: String },
    /// The proxy did not answer in time.
    ProxyTimeout,
    /// The server sent a TLS alert after the handshake (TLS 1.3 refuses a client certificate so).
    Alert { message: String },
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsFailure::NeedsProbe { reason } => write!(f, "certificate not verified: {reason}"),
            TlsFailure::PinChanged => f.write_str("the server certificate changed"),
            TlsFailure::Untrusted { reason, .. } => write!(f, "certificate not trusted: {reason}"),
            TlsFailure::Rejected { .. } => f.write_str("rejected by the application's certificate callback"),
            TlsFailure::Handshake { message } => write!(f, "TLS handshake failed: {message}"),
            TlsFailure::Timeout => f.write_str("TLS handshake timed out"),
            TlsFailure::Proxy { message } => write!(f, "proxy: {message}"),
            TlsFailure::ProxyTimeout => f.write_str("the proxy did not answer in time"),
            TlsFailure::Alert { message } => write!(f, "TLS alert from the server: {message}"),
        }
    }
}

impl std::error::Error for TlsFailure {}

impl TlsFailure {
    fn into_ureq(self) -> ureq::Error {
        let kind = match self {
            TlsFailure::Timeout | TlsFailure::ProxyTimeout => io::ErrorKind::TimedOut,
            _ => io::ErrorKind::Other,
        };
        ureq::Error::from(io::Error::new(kind, self))
    }
}

/// What the connector does on the next new connection to a host.
#[derive(Clone, Debug)]
enum HostMode {
    /// Make the unverified handshake and show the certificate to the callback (once).
    Probe { reason: String },
    /// The callback accepted this certificate before: skip the verified attempt, ask again.
    Accepted { der: Vec<u8>, reason: String },
}

/// The TLS settings a transport is built with.
pub(crate) struct TlsSettings {
    pub(crate) use_system_roots: bool,
    pub(crate) extra_ca_pem: Vec<Vec<u8>>,
    pub(crate) identity: Option<native_tls::Identity>,
    pub(crate) min_tls: Option<TlsVersion>,
    /// User-Agent of the proxy CONNECT request.
    pub(crate) user_agent: String,
}

/// The transport's ureq TLS connector: native-tls plus the certificate decision and the events.
pub(crate) struct OfxTlsConnector {
    verified: native_tls::TlsConnector,
    unverified: native_tls::TlsConnector,
    has_identity: bool,
    user_agent: String,
    shared: Arc<NetShared>,
    modes: Mutex<HashMap<(String, u16), HostMode>>,
}

/// Splits a PEM bundle into its certificates (native-tls reads one at a time).
pub(crate) fn certificates_from_pem(pem: &[u8]) -> Result<Vec<native_tls::Certificate>, String> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(start) = find(rest, BEGIN) {
        let Some(len) = find(&rest[start..], END) else {
            return Err("a PEM certificate has no END line".to_string());
        };
        let block = &rest[start..start + len + END.len()];
        let cert =
            native_tls::Certificate::from_pem(block).map_err(|e| format!("a PEM certificate is invalid: {e}"))?;
        out.push(cert);
        rest = &rest[start + len + END.len()..];
    }
    if out.is_empty() {
        return Err("no \"BEGIN CERTIFICATE\" block in the CA bundle".to_string());
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl OfxTlsConnector {
    /// Builds the verified and the unverified native-tls connectors.
    pub(crate) fn new(settings: TlsSettings, shared: Arc<NetShared>) -> Result<OfxTlsConnector, String> {
        let mut roots = Vec::new();
        for (i, pem) in settings.extra_ca_pem.iter().enumerate() {
            let certs = certificates_from_pem(pem).map_err(|e| format!("extra CA bundle {}: {e}", i + 1))?;
            roots.extend(certs);
        }
        let build = |verify: bool| -> Result<native_tls::TlsConnector, String> {
            let mut b = native_tls::TlsConnector::builder();
            // The unverified connector (the probe shown to the certificate callback) needs no roots.
            b.disable_built_in_roots(!settings.use_system_roots || !verify);
            if verify {
                for c in &roots {
                    b.add_root_certificate(c.clone());
                }
            }
            if let Some(id) = &settings.identity {
                b.identity(id.clone());
            }
            b.min_protocol_version(settings.min_tls.map(TlsVersion::to_native));
            if !verify {
                b.danger_accept_invalid_certs(true);
                b.danger_accept_invalid_hostnames(true);
            }
            b.build().map_err(|e| format!("could not set up TLS: {e}"))
        };
        // Loading the system trust store costs tens of milliseconds per connector: connectors without
        // a client identity are shared by every transport of the process with the same trust settings.
        let key = (settings.identity.is_none()).then(|| {
            let mut k = Vec::new();
            k.push(u8::from(settings.use_system_roots));
            k.extend_from_slice(format!("{:?}", settings.min_tls.map(TlsVersion::name)).as_bytes());
            for pem in &settings.extra_ca_pem {
                k.extend_from_slice(&(pem.len() as u64).to_le_bytes());
                k.extend_from_slice(pem);
            }
            k
        });
        type Cached = (Vec<u8>, native_tls::TlsConnector, native_tls::TlsConnector);
        static SHARED: Mutex<Vec<Cached>> = Mutex::new(Vec::new());
        let cached = key.as_ref().and_then(|k| {
            SHARED.lock().ok().and_then(|c| c.iter().find(|(ck, _, _)| ck == k).map(|(_, v, u)| (v.clone(), u.clone())))
        });
        let (verified, unverified) = match cached {
            Some(pair) => pair,
            None => {
                let pair = (build(true)?, build(false)?);
                if let (Some(k), Ok(mut c)) = (key, SHARED.lock()) {
                    if c.len() >= 16 {
                        c.remove(0);
                    }
                    c.push((k, pair.0.clone(), pair.1.clone()));
                }
                pair
            }
        };
        Ok(OfxTlsConnector {
            verified,
            unverified,
            has_identity: settings.identity.is_some(),
            user_agent: settings.user_agent.clone(),
            shared,
            modes: Mutex::new(HashMap::new()),
        })
    }

    /// The next new connection to this host makes the probe handshake.
    pub(crate) fn set_probe(&self, host: &str, port: u16, reason: String) {
        lock(&self.modes).insert((host.to_string(), port), HostMode::Probe { reason });
    }

    fn forget(&self, host: &str, port: u16) {
        lock(&self.modes).remove(&(host.to_string(), port));
    }

    /// The mode for the next connection: a probe is used once, an accepted certificate stays.
    fn take_mode(&self, host: &str, port: u16) -> Option<HostMode> {
        let mut modes = lock(&self.modes);
        let key = (host.to_string(), port);
        match modes.get(&key) {
            Some(HostMode::Probe { .. }) => modes.remove(&key),
            Some(m) => Some(m.clone()),
            None => None,
        }
    }

    fn ask(&self, der: &[u8], trusted: bool, reason: &str) -> CertDecision {
        let (host, port) = self.shared.target();
        let info = CertInfo::from_der(der);
        self.shared.events.server_cert(&ServerCert {
            der,
            pem: &info.pem,
            subject: &info.subject,
            issuer: &info.issuer,
            host: &host,
            port,
            trusted,
            reason,
        })
    }

    /// The handshake with verification: trusted, or a failure to sort out.
    fn connect_verified(
        &self,
        dns_name: &str,
        io: Box<dyn ureq::ReadWrite>,
    ) -> Result<native_tls::TlsStream<Box<dyn ureq::ReadWrite>>, TlsFailure> {
        match self.verified.connect(dns_name, io) {
            Ok(tls) => {
                let der = leaf_der(&tls);
                let subject = der.as_deref().map(|d| CertInfo::from_der(d).subject).unwrap_or_default();
                self.shared.tls_event(TlsState::CertificateTrusted, &subject);
                if self.shared.events.has_cert_callback()
                    && self.ask(der.as_deref().unwrap_or(&[]), true, "") == CertDecision::Reject
                {
                    self.shared.tls_event(TlsState::RejectedByCallback, "");
                    return Err(TlsFailure::Rejected { trusted: true, reason: String::new() });
                }
                Ok(tls)
            }
            Err(e) => {
                let failure = handshake_failure(e);
                let TlsFailure::Handshake { message } = failure else {
                    return Err(failure);
                };
                if self.shared.events.has_cert_callback() {
                    Err(TlsFailure::NeedsProbe { reason: message })
                } else if looks_like_certificate_problem(&message) {
                    self.shared.tls_event(TlsState::CertificateUntrusted, &message);
                    Err(TlsFailure::Untrusted { reason: message, asked: false })
                } else {
                    Err(TlsFailure::Handshake { message })
                }
            }
        }
    }

    /// The handshake without verification, for the callback to decide. `expect`: the certificate the
    /// callback accepted before (a different one starts over with a verified handshake).
    fn connect_unverified(
        &self,
        dns_name: &str,
        io: Box<dyn ureq::ReadWrite>,
        reason: &str,
        expect: Option<&[u8]>,
    ) -> Result<native_tls::TlsStream<Box<dyn ureq::ReadWrite>>, TlsFailure> {
        let (host, port) = self.shared.target();
        let tls = match self.unverified.connect(dns_name, io) {
            Ok(tls) => tls,
            Err(e) => {
                if expect.is_some() {
                    self.forget(&host, port);
                    return Err(TlsFailure::PinChanged);
                }
                // the second handshake failed too: the first error was not about the certificate
                return Err(match handshake_failure(e) {
                    TlsFailure::Timeout => TlsFailure::Timeout,
                    _ => TlsFailure::Handshake { message: reason.to_string() },
                });
            }
        };
        let Some(der) = leaf_der(&tls) else {
            return Err(TlsFailure::Handshake { message: "the server sent no certificate".into() });
        };
        if let Some(expected) = expect
            && expected != der.as_slice()
        {
            self.forget(&host, port);
            return Err(TlsFailure::PinChanged);
        }
        self.shared.tls_event(TlsState::CertificateUntrusted, reason);
        match self.ask(&der, false, reason) {
            CertDecision::Accept => {
                self.shared.tls_event(TlsState::AcceptedByCallback, reason);
                lock(&self.modes).insert((host, port), HostMode::Accepted { der, reason: reason.to_string() });
                Ok(tls)
            }
            CertDecision::Reject => {
                self.shared.tls_event(TlsState::RejectedByCallback, reason);
                self.forget(&host, port);
                Err(TlsFailure::Rejected { trusted: false, reason: reason.to_string() })
            }
            CertDecision::Default => {
                self.forget(&host, port);
                Err(TlsFailure::Untrusted { reason: reason.to_string(), asked: true })
            }
        }
    }
}

impl ureq::TlsConnector for OfxTlsConnector {
    fn connect(
        &self,
        dns_name: &str,
        mut io: Box<dyn ureq::ReadWrite>,
    ) -> Result<Box<dyn ureq::ReadWrite>, ureq::Error> {
        let (host, port) = self.shared.target();
        let peer = io.socket().and_then(|s| s.peer_addr().ok()).map(|a| a.to_string()).unwrap_or_default();
        // ureq writes the request head and the body separately; with Nagle's algorithm the body then
        // waits for the server's delayed ACK (about 40 ms per exchange). An OFX exchange is one
        // request and one answer: send at once.
        if let Some(s) = io.socket() {
            let _ = s.set_nodelay(true);
        }
        if let Some(proxy) = &self.shared.proxy {
            proxy.open_tunnel(io.as_mut(), &host, port, &self.user_agent).map_err(|e| {
                match e {
                    TunnelError::Timeout => TlsFailure::ProxyTimeout,
                    TunnelError::Failed(message) => TlsFailure::Proxy { message },
                }
                .into_ureq()
            })?;
            self.shared.conn_event(ConnState::Connected, &format!("{peer} (proxy)"));
        } else {
            self.shared.conn_event(ConnState::Connected, &peer);
        }
        self.shared.tls_event(TlsState::HandshakeStarted, dns_name);

        let result = match self.take_mode(&host, port) {
            None => self.connect_verified(dns_name, io).map(|t| (t, "verified")),
            Some(HostMode::Probe { reason }) => {
                self.connect_unverified(dns_name, io, &reason, None).map(|t| (t, "accepted by callback"))
            }
            Some(HostMode::Accepted { der, reason }) => {
                self.connect_unverified(dns_name, io, &reason, Some(&der)).map(|t| (t, "accepted by callback"))
            }
        };
        let (tls, how) = match result {
            Ok(ok) => ok,
            Err(failure) => {
                self.shared.conn_event(ConnState::Closed, "error");
                return Err(failure.into_ureq());
            }
        };
        if self.has_identity {
            self.shared.tls_event(TlsState::ClientCertificateSent, "configured client certificate (sent when asked)");
        }
        self.shared.tls_event(TlsState::HandshakeDone, "");
        self.shared.conn_event(ConnState::TlsHandshakeDone, how);
        let rec = self.shared.new_record(&host, port);
        Ok(Box::new(ObservedStream::new(tls, rec, self.shared.clone())))
    }
}

fn leaf_der<S: io::Read + io::Write>(tls: &native_tls::TlsStream<S>) -> Option<Vec<u8>> {
    tls.peer_certificate().ok().flatten().and_then(|c| c.to_der().ok())
}

fn handshake_failure<S>(e: native_tls::HandshakeError<S>) -> TlsFailure {
    match e {
        native_tls::HandshakeError::WouldBlock(_) => TlsFailure::Timeout,
        native_tls::HandshakeError::Failure(e) => {
            let message = e.to_string();
            let lower = message.to_ascii_lowercase();
            if lower.contains("timed out") || lower.contains("resource temporarily unavailable") {
                TlsFailure::Timeout
            } else {
                TlsFailure::Handshake { message }
            }
        }
    }
}

/// Whether a failed verified handshake failed on the certificate (the TLS libraries only say so in
/// words: OpenSSL "certificate verify failed", Secure Transport "not trusted", SChannel "not trusted"
/// or "principal name is incorrect").
fn looks_like_certificate_problem(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "certificate verify failed",
        "not trusted",
        "untrusted",
        "self signed",
        "self-signed",
        "unable to get local issuer",
        "principal name is incorrect",
        "hostname mismatch",
        "certificate has expired",
        "certificate is not yet valid",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// What the callback is shown about a certificate.
pub(crate) struct CertInfo {
    pub(crate) pem: String,
    pub(crate) subject: String,
    pub(crate) issuer: String,
}

impl CertInfo {
    pub(crate) fn from_der(der: &[u8]) -> CertInfo {
        let pem = der_to_pem(der);
        match x509_parser::parse_x509_certificate(der) {
            Ok((_, cert)) => CertInfo { pem, subject: rfc4514(cert.subject()), issuer: rfc4514(cert.issuer()) },
            Err(_) => CertInfo { pem, subject: String::new(), issuer: String::new() },
        }
    }
}

/// A DER certificate in PEM form.
pub fn der_to_pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::with_capacity(b64.len() + b64.len() / 64 + 60);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(chunk));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// A distinguished name in RFC 4514 order (most specific first: "CN=localhost, O=ofxkit sandbox").
fn rfc4514(name: &x509_parser::x509::X509Name<'_>) -> String {
    let registry = x509_parser::objects::oid_registry();
    let mut rdns = Vec::new();
    for rdn in name.iter() {
        let parts: Vec<String> = rdn
            .iter()
            .map(|attr| {
                let key = x509_parser::objects::oid2abbrev(attr.attr_type(), registry)
                    .map(str::to_string)
                    .unwrap_or_else(|_| attr.attr_type().to_id_string());
                let value = attr.as_str().map(escape_dn_value).unwrap_or_else(|_| "#…".to_string());
                format!("{key}={value}")
            })
            .collect();
        rdns.push(parts.join("+"));
    }
    rdns.reverse();
    rdns.join(", ")
}

/// Escapes the characters RFC 4514 reserves in attribute values.
pub(crate) fn escape_dn_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == v.chars().count() && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
