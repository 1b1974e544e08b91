//! The HTTPS transport: ureq 2 over native-tls, one keep-alive connection pool per [`Transport`].
//!
//! # Events
//! A transport reports connection and TLS events (never error events: the client layer reports errors,
//! in one place) through the [`EventSink`] it was built with. They come on the thread that called
//! [`Transport::post_ofx`] or [`Transport::get`], while that call runs, and never overlap: a transport
//! runs one call at a time (a second thread waits). Order for a new HTTPS connection:
//! `Resolving`, `Connecting`, `Connected`, TLS `HandshakeStarted`, `CertificateTrusted` (or the
//! certificate-decision events, see [`crate::client::tls`]), `ClientCertificateSent` when an identity
//! is configured, `HandshakeDone`, `TlsHandshakeDone`; then for every exchange `RequestSent` (bytes
//! written), `ResponseReceived` with an empty detail (first bytes), `ResponseReceived` with the body
//! size, and `Closed` with "reused later" when the connection stays open in the pool, "done" when it
//! closed after the answer, "error" when the exchange on it failed. A reused connection starts at
//! `RequestSent`. Connections still open when the transport is dropped close without events. Plain
//! `http://` (only with `allow_http`, for tests) reports `Resolving`, `Connecting` and the final
//! `ResponseReceived` only.
//!
//! # Callbacks
//! Event and certificate callbacks must not call the same transport (such a call fails at once).

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::Duration;

use zeroize::Zeroize;

use crate::client::events::{ConnState, ErrorKind, EventSink};
use crate::client::proxy::ProxySpec;
use crate::client::stream::{EventResolver, NetShared, lock};
use crate::client::tls::{OfxTlsConnector, TlsFailure, TlsSettings};

pub use crate::client::tls::TlsVersion;

/// How a [`Transport`] talks HTTP. `Default` gives settings that work with most OFX servers.
#[derive(Clone)]
pub struct TransportConfig {
    /// `User-Agent` (servers check it). Default "InetClntApp/3.0".
    pub user_agent: String,
    /// `Accept`. Default "*/*, application/x-ofx, application/xml;q=0.9".
    pub accept: String,
    /// `Content-Type` of posted requests. Default "application/x-ofx".
    pub content_type: String,
    /// More request headers, sent after the standard ones. One with the name of a standard header
    /// (e.g. "User-Agent") replaces that header's value.
    pub extra_headers: Vec<(String, String)>,
    /// Header names written first, in this order (case-insensitive; e.g. `["Content-Type", "Host",
    /// "Content-Length", "Connection"]`); the others follow in the usual order: Host, User-Agent,
    /// Accept, Content-Type, Content-Length, Connection, Cookie, then the extra headers.
    pub header_order: Vec<String>,
    /// `Connection` header value, e.g. "Keep-Alive" or "close"; `None`: not sent.
    pub connection_header: Option<String>,
    /// Limit for opening the TCP connection (and a proxy tunnel). Default 30 s; `None`: only the
    /// overall timeout limits it.
    pub connect_timeout: Option<Duration>,
    /// Limit for a whole exchange (connect, request, answer). Default 120 s; `None`: no limit.
    pub timeout: Option<Duration>,
    /// Proxy URL: "http://user:pass@host:port" (CONNECT tunnel), "socks5://[user:pass@]host:port",
    /// "socks4://host:port". `None`: direct (environment variables are not read).
    pub proxy: Option<String>,
    /// Largest accepted answer body. Default 64 MiB.
    pub max_response_bytes: u64,
    /// Trust the system's CA store. Default true.
    pub use_system_roots: bool,
    /// More trusted CA bundles (PEM; one bundle may hold several certificates).
    pub extra_ca_pem: Vec<Vec<u8>>,
    /// Client certificate: PKCS#12 (DER) and its password. [`Transport::new`] wipes both from the
    /// configuration it consumes (a configuration never given to it is not wiped).
    pub client_identity: Option<(Vec<u8>, String)>,
    /// Minimum TLS version; `None`: the TLS library's default.
    pub min_tls: Option<TlsVersion>,
    /// On an empty HTTP 200 that sets cookies, send the request once more with them. Default true.
    pub retry_empty_with_cookies: bool,
    /// Allow plain `http://` URLs. Default false: real OFX servers are HTTPS only.
    pub allow_http: bool,
}

impl Default for TransportConfig {
    fn default() -> TransportConfig {
        TransportConfig {
            user_agent: "InetClntApp/3.0".into(),
            accept: "*/*, application/x-ofx, application/xml;q=0.9".into(),
            content_type: "application/x-ofx".into(),
            extra_headers: Vec::new(),
            header_order: Vec::new(),
            connection_header: None,
            connect_timeout: Some(Duration::from_secs(30)),
            timeout: Some(Duration::from_secs(120)),
            proxy: None,
            max_response_bytes: 64 * 1024 * 1024,
            use_system_roots: true,
            extra_ca_pem: Vec::new(),
            client_identity: None,
            min_tls: None,
            retry_empty_with_cookies: true,
            allow_http: false,
        }
    }
}

impl fmt::Debug for TransportConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportConfig")
            .field("user_agent", &self.user_agent)
            .field("accept", &self.accept)
            .field("content_type", &self.content_type)
            .field("extra_headers", &self.extra_headers)
            .field("header_order", &self.header_order)
            .field("connection_header", &self.connection_header)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("proxy", &self.proxy.as_deref().map(mask_credentials))
            .field("max_response_bytes", &self.max_response_bytes)
            .field("use_system_roots", &self.use_system_roots)
            .field("extra_ca_pem", &format_args!("{} bundle(s)", self.extra_ca_pem.len()))
            .field("client_identity", &self.client_identity.as_ref().map(|_| "***"))
            .field("min_tls", &self.min_tls)
            .field("retry_empty_with_cookies", &self.retry_empty_with_cookies)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// An HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpAnswer {
    /// HTTP status (200 for a successful [`Transport::post_ofx`]).
    pub status: u16,
    /// Response headers in arrival order, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The `Content-Type` header as sent (with parameters such as charset).
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A transport failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What failed.
    pub kind: ErrorKind,
    /// What happened and, where it helps, what to do (never contains credentials).
    pub message: String,
    /// The HTTP status, for [`ErrorKind::HttpStatus`].
    pub http_status: Option<u16>,
    /// The start of the answer's body (HTML reduced to its text), for [`ErrorKind::HttpStatus`].
    pub body_start: Option<String>,
}

impl TransportError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> TransportError {
        TransportError { kind, message: mask_credentials(&message.into()), http_status: None, body_start: None }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// The URL of one exchange, taken apart.
#[derive(Clone, Debug)]
struct Target {
    url: String,
    host: String,
    /// Value of the Host header (port only when not the scheme's default).
    host_header: String,
    port: u16,
}

/// Settings kept from the configuration.
struct Settings {
    user_agent: String,
    accept: String,
    content_type: String,
    extra_headers: Vec<(String, String)>,
    header_order: Vec<String>,
    connection_header: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_response_bytes: u64,
    retry_empty_with_cookies: bool,
    allow_http: bool,
    /// Proxy URL with credentials masked, for messages.
    proxy_shown: Option<String>,
    /// Proxy user name and password, masked wherever they might show up.
    secrets: Vec<String>,
}

/// An HTTPS client for OFX servers: one ureq agent (so one keep-alive pool), one TLS setup, the
/// certificate decision, a cookie jar, and connection events (see the module documentation).
///
/// `Transport` is `Send + Sync`; calls from several threads run one after the other.
pub struct Transport {
    agent: ureq::Agent,
    tls: Arc<OfxTlsConnector>,
    shared: Arc<NetShared>,
    settings: Settings,
    /// Cookies per host, in the order first set.
    cookies: Mutex<HashMap<String, Vec<(String, String)>>>,
    call_lock: Mutex<()>,
    owner: Mutex<Option<ThreadId>>,
}

/// Held while a call runs: serializes calls and catches re-entry from a callback.
struct CallGuard<'a> {
    owner: &'a Mutex<Option<ThreadId>>,
    shared: &'a NetShared,
    _lock: MutexGuard<'a, ()>,
}

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.shared.flush_closed();
        *lock(self.owner) = None;
    }
}

impl Transport {
    /// Builds a transport. Fails on a bad client certificate or password, a bad CA bundle, a bad proxy
    /// URL or a header that cannot be sent.
    pub fn new(mut cfg: TransportConfig, events: Arc<dyn EventSink>) -> Result<Transport, TransportError> {
        let identity = match cfg.client_identity.as_mut() {
            Some((der, password)) => {
                let id = native_tls::Identity::from_pkcs12(der, password);
                der.zeroize();
                password.zeroize();
                Some(id.map_err(|e| {
                    TransportError::new(
                        ErrorKind::Tls,
                        format!("could not read the client certificate (PKCS#12 and its password): {e}"),
                    )
                })?)
            }
            None => None,
        };
        cfg.client_identity = None;
        for (name, value) in std::iter::once(("User-Agent", cfg.user_agent.as_str()))
            .chain(std::iter::once(("Accept", cfg.accept.as_str())))
            .chain(std::iter::once(("Content-Type", cfg.content_type.as_str())))
            .chain(cfg.connection_header.as_deref().map(|v| ("Connection", v)))
            .chain(cfg.extra_headers.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        {
            check_header(name, value)?;
        }

        let proxy = match cfg.proxy.as_deref() {
            None => None,
            Some(p) => Some(Arc::new(ProxySpec::parse(p).map_err(|m| TransportError::new(ErrorKind::Proxy, m))?)),
        };
        if let Some(p) = cfg.proxy.as_mut() {
            p.zeroize();
        }
        cfg.proxy = None;
        let secrets: Vec<String> =
            proxy.as_ref().map(|p| p.secrets()).unwrap_or_default().into_iter().filter(|s| s.len() >= 3).collect();
        let proxy_shown = proxy.as_ref().map(|p| p.shown.clone());

        let shared = Arc::new(NetShared::new(events, proxy));
        let settings = TlsSettings {
            use_system_roots: cfg.use_system_roots,
            extra_ca_pem: cfg.extra_ca_pem.clone(),
            identity,
            min_tls: cfg.min_tls,
            user_agent: cfg.user_agent.clone(),
        };
        let tls = Arc::new(
            OfxTlsConnector::new(settings, shared.clone()).map_err(|m| TransportError::new(ErrorKind::Tls, m))?,
        );

        let mut builder = ureq::AgentBuilder::new()
            .tls_connector(tls.clone())
            .resolver(EventResolver { shared: shared.clone() })
            .try_proxy_from_env(false)
            .https_only(!cfg.allow_http)
            .redirects(0)
            .user_agent(&cfg.user_agent);
        let connect_limit = cfg.connect_timeout.or(cfg.timeout).unwrap_or(Duration::from_secs(24 * 3600));
        builder = builder.timeout_connect(connect_limit);
        if let Some(t) = cfg.timeout {
            builder = builder.timeout(t);
        }
        let agent = builder.build();

        let settings = Settings {
            user_agent: cfg.user_agent.clone(),
            accept: cfg.accept.clone(),
            content_type: cfg.content_type.clone(),
            extra_headers: cfg.extra_headers.clone(),
            header_order: cfg.header_order.clone(),
            connection_header: cfg.connection_header.clone(),
            connect_timeout: cfg.connect_timeout,
            timeout: cfg.timeout,
            max_response_bytes: cfg.max_response_bytes,
            retry_empty_with_cookies: cfg.retry_empty_with_cookies,
            allow_http: cfg.allow_http,
            proxy_shown,
            secrets,
        };
        Ok(Transport {
            agent,
            tls,
            shared,
            settings,
            cookies: Mutex::new(HashMap::new()),
            call_lock: Mutex::new(()),
            owner: Mutex::new(None),
        })
    }

    /// POST an OFX request body; Ok only for HTTP 200 with a non-empty body within the size limit.
    ///
    /// A body of white space only counts as empty.
    /// An empty 200 that sets cookies is sent once more with them (when `retry_empty_with_cookies`);
    /// cookies are kept for later requests to the same host. Redirects are not followed (a 3xx is an
    /// [`ErrorKind::HttpStatus`] error naming the new location).
    pub fn post_ofx(&self, url: &str, body: &[u8]) -> Result<HttpAnswer, TransportError> {
        let _guard = self.enter()?;
        let target = self.target(url)?;
        let mut retried = false;
        loop {
            let answer = self.exchange("POST", &target, Some(body)).map_err(|e| self.scrub(e))?;
            if answer.status != 200 {
                return Err(self.scrub(status_error(&target, &answer)));
            }
            if answer.body.iter().all(u8::is_ascii_whitespace) {
                let sets_cookies = answer.headers.iter().any(|(k, _)| k == "set-cookie");
                if sets_cookies && self.settings.retry_empty_with_cookies && !retried {
                    retried = true;
                    continue;
                }
                let why = if retried {
                    " (also after sending the request again with the cookies it set)"
                } else if sets_cookies {
                    " (it set cookies; the retry with cookies is switched off)"
                } else {
                    ""
                };
                return Err(self.scrub(TransportError::new(
                    ErrorKind::EmptyBody,
                    format!("{}:{} answered HTTP 200 with an empty body{why}", target.host, target.port),
                )));
            }
            return Ok(answer);
        }
    }

    /// GET (image download by URL); Ok only for 200. Follows up to 5 redirects (never from https to
    /// http unless `allow_http`).
    pub fn get(&self, url: &str) -> Result<HttpAnswer, TransportError> {
        let _guard = self.enter()?;
        let mut target = self.target(url)?;
        for _ in 0..=5 {
            let answer = self.exchange("GET", &target, None).map_err(|e| self.scrub(e))?;
            if matches!(answer.status, 301 | 302 | 303 | 307 | 308)
                && let Some(loc) = header_of(&answer, "location")
            {
                let next = self
                    .agent
                    .get(&target.url)
                    .request_url()
                    .ok()
                    .and_then(|u| u.as_url().join(loc).ok())
                    .map(|u| u.to_string());
                let Some(next) = next else {
                    return Err(self.scrub(TransportError::new(
                        ErrorKind::InvalidUrl,
                        format!("{}:{} redirected to an invalid URL '{loc}'", target.host, target.port),
                    )));
                };
                target = self.target(&next)?;
                continue;
            }
            if answer.status != 200 {
                return Err(self.scrub(status_error(&target, &answer)));
            }
            return Ok(answer);
        }
        Err(self.scrub(TransportError::new(ErrorKind::HttpStatus, format!("more than 5 redirects from {url}"))))
    }

    /// The cookies kept for a host ("name=value" pairs, in the order first set).
    pub fn cookies(&self, host: &str) -> Vec<(String, String)> {
        lock(&self.cookies).get(&host.to_ascii_lowercase()).cloned().unwrap_or_default()
    }

    fn enter(&self) -> Result<CallGuard<'_>, TransportError> {
        let me = thread::current().id();
        if *lock(&self.owner) == Some(me) {
            return Err(TransportError::new(
                ErrorKind::Io,
                "the transport was called from inside one of its own callbacks (not allowed)",
            ));
        }
        let guard = lock(&self.call_lock);
        *lock(&self.owner) = Some(me);
        Ok(CallGuard { owner: &self.owner, shared: &self.shared, _lock: guard })
    }

    /// Masks the proxy credentials wherever they appear.
    fn scrub(&self, mut e: TransportError) -> TransportError {
        for s in &self.settings.secrets {
            e.message = e.message.replace(s.as_str(), "***");
        }
        e
    }

    fn target(&self, url: &str) -> Result<Target, TransportError> {
        let shown = mask_credentials(url);
        let parsed = self.agent.get(url).request_url().map_err(|e| {
            let cause = e.into_transport().and_then(|t| t.message().map(str::to_string)).unwrap_or_default();
            TransportError::new(ErrorKind::InvalidUrl, format!("not a valid URL: '{shown}' {cause}"))
        })?;
        let u = parsed.as_url();
        match u.scheme() {
            "https" => {}
            "http" if self.settings.allow_http && self.shared.proxy.is_some() => {
                return Err(TransportError::new(
                    ErrorKind::Proxy,
                    format!("plain http:// through a proxy is not supported ('{shown}')"),
                ));
            }
            "http" if self.settings.allow_http => {}
            "http" => {
                return Err(TransportError::new(
                    ErrorKind::InvalidUrl,
                    format!("plain http:// is refused ('{shown}'): OFX servers are HTTPS only"),
                ));
            }
            other => {
                return Err(TransportError::new(
                    ErrorKind::InvalidUrl,
                    format!("unsupported URL scheme '{other}' in '{shown}' (want https://)"),
                ));
            }
        }
        let Some(host) = u.host_str().filter(|h| !h.is_empty()) else {
            return Err(TransportError::new(ErrorKind::InvalidUrl, format!("no host in URL '{shown}'")));
        };
        let port = u.port_or_known_default().unwrap_or(443);
        let host_header = match u.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        Ok(Target { url: url.to_string(), host: host.to_string(), host_header, port })
    }

    /// The request headers in the order they go on the wire.
    fn headers(&self, t: &Target, body_len: Option<usize>) -> Vec<(String, String)> {
        let s = &self.settings;
        let mut h: Vec<(String, String)> = vec![
            ("Host".into(), t.host_header.clone()),
            ("User-Agent".into(), s.user_agent.clone()),
            ("Accept".into(), s.accept.clone()),
        ];
        if let Some(n) = body_len {
            h.push(("Content-Type".into(), s.content_type.clone()));
            h.push(("Content-Length".into(), n.to_string()));
        }
        if let Some(c) = &s.connection_header {
            h.push(("Connection".into(), c.clone()));
        }
        if let Some(c) = self.cookie_header(&t.host) {
            h.push(("Cookie".into(), c));
        }
        for (k, v) in &s.extra_headers {
            match h.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(k)) {
                Some(slot) if !k.to_ascii_lowercase().starts_with("x-") => slot.1 = v.clone(),
                _ => h.push((k.clone(), v.clone())),
            }
        }
        if !s.header_order.is_empty() {
            let mut ordered = Vec::with_capacity(h.len());
            for name in &s.header_order {
                while let Some(i) = h.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    ordered.push(h.remove(i));
                }
            }
            ordered.append(&mut h);
            h = ordered;
        }
        h
    }

    /// One HTTP exchange, with the certificate-decision retries; any status is an answer here.
    fn exchange(&self, method: &str, t: &Target, body: Option<&[u8]>) -> Result<HttpAnswer, TransportError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.shared.set_target(&t.host, t.port);
            let mut req = self.agent.request(method, &t.url);
            for (k, v) in self.headers(t, body.map(<[u8]>::len)) {
                req = req.set(&k, &v);
            }
            let result = match body {
                Some(b) => req.send_bytes(b),
                None => req.call(),
            };
            match result {
                Ok(resp) | Err(ureq::Error::Status(_, resp)) => return self.read_answer(t, resp),
                Err(ureq::Error::Transport(err)) => {
                    let failure = find_tls_failure(&err);
                    if attempts < 3 {
                        match &failure {
                            Some(TlsFailure::NeedsProbe { reason }) => {
                                self.tls.set_probe(&t.host, t.port, reason.clone());
                                continue;
                            }
                            Some(TlsFailure::PinChanged) => continue,
                            _ => {}
                        }
                    }
                    let sent = self.shared.current().map(|rec| {
                        rec.mark_failed();
                        rec.request_was_sent()
                    });
                    return Err(self.map_error(t, &err, failure, sent.unwrap_or(false)));
                }
            }
        }
    }

    fn read_answer(&self, t: &Target, resp: ureq::Response) -> Result<HttpAnswer, TransportError> {
        let status = resp.status();
        let mut headers = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for name in resp.headers_names() {
            let i = seen.entry(name.clone()).or_insert(0);
            if let Some(v) = resp.all(&name).get(*i) {
                headers.push((name.clone(), v.to_string()));
            }
            *i += 1;
        }
        let content_type = resp.header("content-type").map(str::to_string);
        self.store_cookies(&t.host, &resp.all("set-cookie"));
        let declared: Option<u64> = resp.header("content-length").and_then(|v| v.trim().parse().ok());
        let max = self.settings.max_response_bytes;
        let fail = |e: TransportError| {
            if let Some(rec) = self.shared.current() {
                rec.mark_failed();
            }
            e
        };
        if let Some(n) = declared
            && n > max
        {
            return Err(fail(too_large(t, max, Some(n))));
        }
        let mut reader = resp.into_reader().take(max.saturating_add(1));
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20) as usize);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let err = self.body_error(t, &e, body.len() as u64, declared);
                    let err = fail(err);
                    drop(reader);
                    return Err(err);
                }
            }
        }
        if body.len() as u64 > max {
            let err = fail(too_large(t, max, None));
            drop(reader);
            return Err(err);
        }
        drop(reader);
        self.shared.conn_event(ConnState::ResponseReceived, &format!("{} bytes", body.len()));
        self.shared.flush_closed();
        if let Some(rec) = self.shared.current() {
            rec.park(&self.shared);
        }
        Ok(HttpAnswer { status, headers, content_type, body })
    }

    fn body_error(&self, t: &Target, e: &io::Error, got: u64, declared: Option<u64>) -> TransportError {
        let of = declared.map(|n| format!(" of {n}")).unwrap_or_default();
        match io_kind_of(e) {
            Some(ErrorKind::Timeout) => TransportError::new(
                ErrorKind::Timeout,
                format!(
                    "the answer from {}:{} stopped arriving: timeout{} after {got}{of} bytes of the body",
                    t.host,
                    t.port,
                    self.timeout_text()
                ),
            ),
            Some(ErrorKind::Tls) => TransportError::new(
                ErrorKind::Tls,
                format!("TLS failure from {}:{} after {got}{of} bytes of the body: {e}", t.host, t.port),
            ),
            _ => TransportError::new(
                ErrorKind::Reset,
                format!(
                    "the connection to {}:{} was closed in the middle of the answer: {got}{of} bytes of the body arrived ({})",
                    t.host,
                    t.port,
                    deepest_message(e)
                ),
            ),
        }
    }

    fn timeout_text(&self) -> String {
        match self.settings.timeout {
            Some(d) => format!(" ({} limit for the exchange)", secs(d)),
            None => String::new(),
        }
    }

    fn map_error(&self, t: &Target, err: &ureq::Transport, failure: Option<TlsFailure>, sent: bool) -> TransportError {
        let at = format!("{}:{}", t.host, t.port);
        let cause = cause_text(err);
        let proxy = self.settings.proxy_shown.as_deref();
        if let Some(f) = failure {
            return match f {
                TlsFailure::Untrusted { reason, asked } => {
                    let what_to_do = if asked {
                        "the certificate callback kept that verdict".to_string()
                    } else {
                        "add the CA that issued it to the trusted certificates (extra CA bundle), or register a \
                         server-certificate callback to decide"
                            .to_string()
                    };
                    TransportError::new(
                        ErrorKind::Certificate,
                        format!("the server certificate of {at} is not trusted: {reason}; {what_to_do}"),
                    )
                }
                TlsFailure::Rejected { trusted, reason } => TransportError::new(
                    ErrorKind::Certificate,
                    format!(
                        "the server certificate of {at} ({}) was rejected by the application's certificate \
                         callback; nothing was sent",
                        if trusted { "trusted".to_string() } else { format!("not trusted: {reason}") }
                    ),
                ),
                TlsFailure::NeedsProbe { reason } | TlsFailure::Handshake { message: reason } => TransportError::new(
                    ErrorKind::Tls,
                    format!("TLS handshake with {at} failed: {reason}{}", handshake_hint(&reason)),
                ),
                TlsFailure::PinChanged => TransportError::new(
                    ErrorKind::Tls,
                    format!("the server certificate of {at} keeps changing between connections"),
                ),
                TlsFailure::Timeout => TransportError::new(
                    ErrorKind::Timeout,
                    format!("TLS handshake with {at} timed out{}", self.timeout_text()),
                ),
                TlsFailure::Proxy { message } => TransportError::new(
                    ErrorKind::Proxy,
                    format!("the proxy {} could not open a tunnel to {at}: {message}", proxy.unwrap_or("")),
                ),
                TlsFailure::ProxyTimeout => TransportError::new(
                    ErrorKind::Timeout,
                    format!(
                        "the proxy {} did not open the tunnel to {at} in time{}",
                        proxy.unwrap_or(""),
                        self.timeout_text()
                    ),
                ),
                TlsFailure::Alert { message } => TransportError::new(
                    ErrorKind::Tls,
                    format!(
                        "{at} ended the TLS session{}: {message}{}",
                        if sent { " after the request was sent" } else { "" },
                        if message.to_ascii_lowercase().contains("certificate") {
                            " (the server may want a client certificate it trusts)"
                        } else {
                            ""
                        }
                    ),
                ),
            };
        }
        use ureq::ErrorKind as U;
        match err.kind() {
            U::InvalidUrl | U::UnknownScheme | U::InsecureRequestHttpsOnly => {
                TransportError::new(ErrorKind::InvalidUrl, format!("cannot use the URL: {cause}"))
            }
            U::Dns => match proxy {
                Some(p) => TransportError::new(
                    ErrorKind::Proxy,
                    format!("could not resolve the host name of the proxy {p}: {}", deepest_message(err)),
                ),
                None => TransportError::new(
                    ErrorKind::Dns,
                    format!("could not resolve the host name '{}': {}", t.host, deepest_message(err)),
                ),
            },
            U::ConnectionFailed => {
                let timed_out = io_kind_in(err) == Some(ErrorKind::Timeout);
                match (timed_out, proxy) {
                    (true, None) => TransportError::new(
                        ErrorKind::Timeout,
                        format!("could not connect to {at} in time{}", self.connect_timeout_text()),
                    ),
                    (true, Some(p)) => TransportError::new(
                        ErrorKind::Timeout,
                        format!(
                            "could not connect to {at} through the proxy {p} in time{}",
                            self.connect_timeout_text()
                        ),
                    ),
                    (false, None) => TransportError::new(
                        ErrorKind::Connect,
                        format!("could not connect to {at}: {}", deepest_message(err)),
                    ),
                    (false, Some(p)) => TransportError::new(
                        ErrorKind::Proxy,
                        format!("could not connect to the proxy {p} (for {at}): {}", deepest_message(err)),
                    ),
                }
            }
            U::ProxyUnauthorized => TransportError::new(
                ErrorKind::Proxy,
                format!("the proxy {} refused the credentials (HTTP 407)", proxy.unwrap_or("")),
            ),
            U::ProxyConnect => TransportError::new(
                ErrorKind::Proxy,
                format!("the proxy {} refused or failed to open a tunnel to {at}: {cause}", proxy.unwrap_or("")),
            ),
            U::InvalidProxyUrl => {
                TransportError::new(ErrorKind::Proxy, format!("invalid proxy URL {}", proxy.unwrap_or("")))
            }
            U::BadStatus | U::BadHeader => {
                TransportError::new(ErrorKind::BadResponse, format!("the answer from {at} is not valid HTTP: {cause}"))
            }
            U::TooManyRedirects | U::HTTP => {
                TransportError::new(ErrorKind::HttpStatus, format!("unexpected redirect handling for {at}: {cause}"))
            }
            U::Io => match io_kind_in(err) {
                Some(ErrorKind::Timeout) => TransportError::new(
                    ErrorKind::Timeout,
                    format!("no answer from {at} in time{}", self.timeout_text()),
                ),
                Some(ErrorKind::Reset) if sent => TransportError::new(
                    ErrorKind::Reset,
                    format!(
                        "the connection to {at} was closed before any answer arrived; the request was sent, so \
                         the server may have acted on it ({cause})"
                    ),
                ),
                Some(ErrorKind::Reset) => TransportError::new(
                    ErrorKind::Reset,
                    format!("the connection to {at} was closed while the request was being sent ({cause})"),
                ),
                _ => TransportError::new(ErrorKind::Io, format!("input/output error with {at}: {cause}")),
            },
        }
    }

    fn connect_timeout_text(&self) -> String {
        match self.settings.connect_timeout.or(self.settings.timeout) {
            Some(d) => format!(" ({} limit)", secs(d)),
            None => String::new(),
        }
    }

    fn cookie_header(&self, host: &str) -> Option<String> {
        let jar = lock(&self.cookies);
        let list = jar.get(&host.to_ascii_lowercase())?;
        if list.is_empty() {
            return None;
        }
        Some(list.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
    }

    fn store_cookies(&self, host: &str, set_cookies: &[&str]) {
        if set_cookies.is_empty() {
            return;
        }
        let mut jar = lock(&self.cookies);
        let list = jar.entry(host.to_ascii_lowercase()).or_default();
        for sc in set_cookies {
            let mut parts = sc.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let (name, value) = (name.trim(), value.trim());
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b'=') {
                continue;
            }
            let expired = parts.any(|a| {
                a.split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("max-age") && v.trim().parse::<i64>().is_ok_and(|n| n <= 0)
                })
            });
            list.retain(|(k, _)| k != name);
            if !expired {
                list.push((name.to_string(), value.to_string()));
            }
        }
    }
}

impl Drop for Transport {
    fn drop(&mut self) {
        self.shared.set_dead();
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport").field("proxy", &self.settings.proxy_shown).finish_non_exhaustive()
    }
}

/// What a TLS alert usually means, for the message.
fn handshake_hint(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    if m.contains("protocol version") || m.contains("unsupported protocol") || m.contains("no protocols available") {
        " (no TLS version in common: check min_tls against what the server supports)"
    } else if m.contains("certificate required") {
        " (the server wants a client certificate)"
    } else if m.contains("handshake failure") {
        " (no cipher in common, or the server wants a client certificate it trusts)"
    } else {
        ""
    }
}

fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{:.1} s", d.as_secs_f64()) }
}

fn header_of<'a>(a: &'a HttpAnswer, name: &str) -> Option<&'a str> {
    a.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn status_error(t: &Target, a: &HttpAnswer) -> TransportError {
    let snippet = body_snippet(&a.body, a.content_type.as_deref(), 200);
    let mut message = format!("{}:{} answered HTTP {}", t.host, t.port, a.status);
    if let Some(loc) = header_of(a, "location") {
        message.push_str(&format!(" (redirect to {loc}, not followed for OFX requests)"));
    }
    if !snippet.is_empty() {
        message.push_str(": ");
        message.push_str(&snippet);
    }
    let mut e = TransportError::new(ErrorKind::HttpStatus, message);
    e.http_status = Some(a.status);
    e.body_start = Some(snippet);
    e
}

fn too_large(t: &Target, max: u64, declared: Option<u64>) -> TransportError {
    let what = match declared {
        Some(n) => format!("announced {n} bytes"),
        None => "sent more".to_string(),
    };
    TransportError::new(
        ErrorKind::TooLarge,
        format!("the answer from {}:{} {what}, over the limit of {max} bytes (max_response_bytes)", t.host, t.port),
    )
}

fn check_header(name: &str, value: &str) -> Result<(), TransportError> {
    let name_ok =
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let value_ok = value.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f));
    if name_ok && value_ok {
        Ok(())
    } else {
        Err(TransportError::new(
            ErrorKind::Io,
            format!(
                "the header '{}' cannot be sent (bad name, or a control character in its value)",
                name.escape_debug()
            ),
        ))
    }
}

/// Replaces the user-info part of every URL in a text ("scheme://user:pass@host" → "scheme://***@host").
pub fn mask_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let end =
            rest.find(|c: char| c.is_whitespace() || matches!(c, '/' | '\'' | '"' | ')' | '>')).unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.push_str("***");
            rest = &rest[at..];
        }
    }
    out.push_str(rest);
    out
}

/// Every error in a chain, including those wrapped inside `io::Error`s (whose `source()` skips them).
fn error_chain<'a>(root: &'a (dyn std::error::Error + 'static)) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(e) = todo.pop() {
        if out.len() > 32 {
            break;
        }
        out.push(e);
        if let Some(ioe) = e.downcast_ref::<io::Error>()
            && let Some(inner) = ioe.get_ref()
        {
            todo.push(inner as &(dyn std::error::Error + 'static));
        } else if let Some(s) = e.source() {
            todo.push(s);
        }
    }
    out
}

fn find_tls_failure(err: &ureq::Transport) -> Option<TlsFailure> {
    error_chain(err).into_iter().find_map(|e| e.downcast_ref::<TlsFailure>().cloned())
}

fn kind_of_io(kind: io::ErrorKind) -> Option<ErrorKind> {
    match kind {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Some(ErrorKind::Timeout),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::UnexpectedEof
        | io::ErrorKind::BrokenPipe => Some(ErrorKind::Reset),
        _ => None,
    }
}

/// The transport kind an `io::Error` (from reading the body) stands for.
fn io_kind_of(e: &io::Error) -> Option<ErrorKind> {
    let chain = error_chain(e);
    if chain.iter().any(|x| matches!(x.downcast_ref::<TlsFailure>(), Some(TlsFailure::Alert { .. }))) {
        return Some(ErrorKind::Tls);
    }
    chain.iter().filter_map(|x| x.downcast_ref::<io::Error>()).find_map(|x| kind_of_io(x.kind()))
}

/// The transport kind of the deepest `io::Error` in a ureq error.
fn io_kind_in(err: &ureq::Transport) -> Option<ErrorKind> {
    error_chain(err).iter().filter_map(|x| x.downcast_ref::<io::Error>()).find_map(|x| kind_of_io(x.kind()))
}

/// The innermost message of an error chain (the operating system's or TLS library's words).
fn deepest_message(e: &(dyn std::error::Error + 'static)) -> String {
    let chain = error_chain(e);
    chain.last().map(|x| x.to_string()).unwrap_or_default()
}

/// A short cause for a ureq error: its message and the innermost error's text, without the URL.
fn cause_text(err: &ureq::Transport) -> String {
    let deepest = deepest_message(err);
    match err.message() {
        Some(m) if !deepest.is_empty() && !deepest.contains(m) && deepest != err.to_string() => {
            format!("{m}: {deepest}")
        }
        Some(m) if deepest.is_empty() || deepest == err.to_string() => m.to_string(),
        _ => deepest,
    }
}

/// The start of a body as one line of text, at most `max_chars` characters: HTML is reduced to its text
/// (tags, scripts, styles and comments dropped, common entities decoded), whitespace runs collapsed.
pub fn body_snippet(body: &[u8], content_type: Option<&str>, max_chars: usize) -> String {
    let head = &body[..body.len().min(256 * 1024)];
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    let is_html = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("html"))
        || ["<html", "<!doctype html", "<body", "<head", "<title"].iter().any(|m| lower.contains(m));
    let plain = if is_html { html_to_text(&text) } else { text.into_owned() };
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in plain.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if space {
            if count + 1 >= max_chars {
                out.push('…');
                return out;
            }
            out.push(' ');
            count += 1;
            space = false;
        }
        if count >= max_chars {
            out.push('…');
            return out;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Tags that do not separate words.
const INLINE_TAGS: &[&str] =
    &["a", "abbr", "b", "code", "em", "font", "i", "small", "span", "strong", "sub", "sup", "u"];

fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &lower[i..];
            let skip_to = if rest.starts_with("<!--") {
                rest.find("-->").map(|e| i + e + 3)
            } else if rest.starts_with("<script") {
                rest.find("</script").and_then(|e| lower[i + e..].find('>').map(|g| i + e + g + 1))
            } else if rest.starts_with("<style") {
                rest.find("</style").and_then(|e| lower[i + e..].find('>').map(|g| i + e + g + 1))
            } else {
                rest.find('>').map(|e| i + e + 1)
            };
            let name: String =
                rest[1..].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !INLINE_TAGS.contains(&name.as_str()) {
                out.push(' ');
            }
            i = skip_to.unwrap_or(b.len());
            continue;
        }
        if b[i] == b'&'
            && let Some(semi) = lower[i..].find(';').filter(|&s| s <= 10)
        {
            let ent = &lower[i + 1..i + semi];
            let decoded = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            if let Some(c) = decoded {
                out.push(c);
                i += semi + 1;
                continue;
            }
        }
        let c = html[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}
