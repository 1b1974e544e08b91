//! The sandbox HTTPS server: HTTP/1.1 with keep-alive through hyper, over OpenSSL (tokio-openssl), on
//! its own tokio runtime (two worker threads) on 127.0.0.1.
//!
//! Every request goes to the [`Handler`] on a blocking-capable thread, with its headers as received
//! (names in their original case and order, read from the raw bytes). The server counts connections,
//! TLS handshakes and requests, keeps a bounded log of recent requests, and can misbehave on purpose
//! ([`Fault`]) so the client's error handling can be tested over real TLS.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use openssl::ssl::{Ssl, SslAcceptor, SslMethod, SslVerifyMode, SslVersion};
use openssl::x509::X509;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

use super::certs::{Issued, SandboxCerts, name_to_string};
use super::{Handler, HttpReply, HttpRequestInfo};
use crate::client::tls::TlsVersion;

/// Name of the cookie the [`Fault::EmptyWithCookie`] mode hands out and then expects.
pub const SANDBOX_COOKIE: &str = "ofxsandbox";

/// How many requests [`SandboxServer::requests`] keeps.
pub const REQUEST_LOG_LIMIT: usize = 256;

/// A way for the server to misbehave. Set with [`SandboxServer::set_fault`] (until changed) or
/// [`SandboxServer::set_fault_times`] (for the next n requests; for `UntrustedCert`, the next n TLS
/// handshakes).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Fault {
    /// Behave.
    #[default]
    None,
    /// Wait this long before answering (the client's timeout).
    Delay(Duration),
    /// Send the status line and headers with the full Content-Length, then close (client: reset).
    DropAfterHeaders,
    /// Send the headers and half the body, then close (client: reset).
    TruncatedBody,
    /// A complete HTTP answer whose body is the handler's answer cut in half (client: truncated OFX).
    TruncatedOfx,
    /// HTTP 500 with a WebLogic-like HTML error page.
    HtmlError,
    /// HTTP 200 with an Akamai-like "Access Denied" HTML page.
    Html200,
    /// Without the sandbox cookie: HTTP 200, empty body, Set-Cookie. With it: the real answer.
    EmptyWithCookie,
    /// HTTP 200 with an empty body and no cookie.
    EmptyNoCookie,
    /// Handshakes present the self-signed certificate that the sandbox CA did not issue.
    UntrustedCert,
    /// The handler runs (its effects stay), then the connection closes without any answer.
    DropBeforeReply,
    /// Answer with this status and a short text body.
    Status(u16),
}

/// How the server is set up. `Default`: any free port, generated certificates, nothing written.
#[derive(Clone, Debug, Default)]
pub struct ServerConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Write ca.pem, server.pem and server.key here.
    pub cert_dir: Option<PathBuf>,
    /// Server certificate PEM file to load instead of generating one (with `key_pem`).
    pub cert_pem: Option<PathBuf>,
    /// Server key PEM file (with `cert_pem`).
    pub key_pem: Option<PathBuf>,
    /// CA PEM file belonging to a loaded certificate (else the chain's last certificate is the CA).
    pub ca_pem: Option<PathBuf>,
    /// Require a client certificate issued by one of these CAs (PEM bundle).
    pub require_client_cert: Option<Vec<u8>>,
    /// Highest TLS version the server speaks.
    pub max_tls: Option<TlsVersion>,
    /// Serve plain HTTP instead of HTTPS (for tests of `allow_http`).
    pub plain_http: bool,
}

/// Counters since start (or the last [`SandboxServer::reset_stats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerStats {
    /// TCP connections accepted.
    pub connections: u64,
    /// TLS handshakes completed.
    pub tls_handshakes: u64,
    /// TLS handshakes that failed.
    pub tls_failures: u64,
    /// HTTP requests received.
    pub requests: u64,
}

#[derive(Default)]
struct FaultSlot {
    fault: Fault,
    remaining: Option<u64>,
}

impl FaultSlot {
    fn consume(&mut self) -> Fault {
        let f = self.fault.clone();
        if let Some(n) = self.remaining.as_mut() {
            if *n <= 1 {
                self.fault = Fault::None;
                self.remaining = None;
            } else {
                *n -= 1;
            }
        }
        f
    }

    /// The fault for a request (`UntrustedCert` belongs to handshakes and is not used up here).
    fn for_request(&mut self) -> Fault {
        if self.fault == Fault::UntrustedCert { Fault::None } else { self.consume() }
    }

    /// Whether this handshake presents the untrusted certificate.
    fn for_handshake(&mut self) -> bool {
        self.fault == Fault::UntrustedCert && self.consume() == Fault::UntrustedCert
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

struct Inner {
    handler: Arc<dyn Handler>,
    trusted: Option<SslAcceptor>,
    untrusted: Option<SslAcceptor>,
    connections: AtomicU64,
    handshakes: AtomicU64,
    tls_failures: AtomicU64,
    requests: AtomicU64,
    next_conn: AtomicU64,
    cookie_seq: AtomicU64,
    log: Mutex<VecDeque<HttpRequestInfo>>,
    fault: Mutex<FaultSlot>,
}

/// The sandbox HTTPS server. Stops when dropped or on [`SandboxServer::shutdown`].
pub struct SandboxServer {
    inner: Arc<Inner>,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<tokio::sync::watch::Sender<bool>>,
    port: u16,
    plain: bool,
    ca_pem: Vec<u8>,
    ca_path: Option<PathBuf>,
    certs: SandboxCerts,
}

fn acceptor(
    id: &Issued,
    chain: &[X509],
    client_cas: Option<&[X509]>,
    max: Option<TlsVersion>,
) -> io::Result<SslAcceptor> {
    let ssl = |e: openssl::error::ErrorStack| io::Error::other(format!("OpenSSL: {e}"));
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server()).map_err(ssl)?;
    b.set_private_key(&id.key).map_err(ssl)?;
    b.set_certificate(&id.cert).map_err(ssl)?;
    for c in chain {
        b.add_extra_chain_cert(c.clone()).map_err(ssl)?;
    }
    b.check_private_key().map_err(ssl)?;
    b.set_session_id_context(b"ofxkit-sandbox").map_err(ssl)?;
    if let Some(cas) = client_cas {
        for c in cas {
            b.cert_store_mut().add_cert(c.clone()).map_err(ssl)?;
            b.add_client_ca(c).map_err(ssl)?;
        }
        b.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
    }
    if let Some(v) = max {
        let version = match v {
            TlsVersion::Tls10 => SslVersion::TLS1,
            TlsVersion::Tls11 => SslVersion::TLS1_1,
            TlsVersion::Tls12 => SslVersion::TLS1_2,
            TlsVersion::Tls13 => SslVersion::TLS1_3,
        };
        b.set_max_proto_version(Some(version)).map_err(ssl)?;
        if v < TlsVersion::Tls12 {
            // old protocols need OpenSSL's lowest security level
            b.set_min_proto_version(None).map_err(ssl)?;
            b.set_security_level(0);
            b.set_cipher_list("DEFAULT:@SECLEVEL=0").map_err(ssl)?;
        }
    }
    Ok(b.build())
}

impl SandboxServer {
    /// Starts the server: certificates (generated, or loaded from `cfg`), the listener on
    /// 127.0.0.1:`cfg.port`, and the runtime serving it.
    pub fn start(cfg: ServerConfig, handler: Arc<dyn Handler>) -> io::Result<SandboxServer> {
        let certs = match (&cfg.cert_pem, &cfg.key_pem) {
            (Some(c), Some(k)) => SandboxCerts::load(c, k, cfg.ca_pem.as_deref())?,
            (None, None) => SandboxCerts::generate()?,
            _ => return Err(io::Error::new(io::ErrorKind::InvalidInput, "give both cert_pem and key_pem, or neither")),
        };
        let ca_path = match &cfg.cert_dir {
            Some(d) => Some(certs.write_to(d)?),
            None => None,
        };
        let client_cas = match &cfg.require_client_cert {
            Some(pem) => {
                let cas = X509::stack_from_pem(pem).map_err(|e| io::Error::other(format!("client CA PEM: {e}")))?;
                if cas.is_empty() {
                    return Err(io::Error::new(io::ErrorKind::InvalidInput, "client CA PEM holds no certificate"));
                }
                Some(cas)
            }
            None => None,
        };
        let (trusted, untrusted) = if cfg.plain_http {
            (None, None)
        } else {
            (
                Some(acceptor(&certs.server, &certs.server_chain, client_cas.as_deref(), cfg.max_tls)?),
                Some(acceptor(&certs.untrusted, &[], client_cas.as_deref(), cfg.max_tls)?),
            )
        };
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", cfg.port))?;
        std_listener.set_nonblocking(true)?;
        let port = std_listener.local_addr()?.port();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(16)
            .thread_name("ofxkit-sandbox")
            .enable_all()
            .build()?;
        let inner = Arc::new(Inner {
            handler,
            trusted,
            untrusted,
            connections: AtomicU64::new(0),
            handshakes: AtomicU64::new(0),
            tls_failures: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            next_conn: AtomicU64::new(1),
            cookie_seq: AtomicU64::new(1),
            log: Mutex::new(VecDeque::new()),
            fault: Mutex::new(FaultSlot::default()),
        });
        let listener = {
            let _enter = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)?
        };
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        runtime.spawn(accept_loop(inner.clone(), listener, stop_rx));
        Ok(SandboxServer {
            inner,
            runtime: Some(runtime),
            stop: Some(stop_tx),
            port,
            plain: cfg.plain_http,
            ca_pem: certs.ca_pem(),
            ca_path,
            certs,
        })
    }

    /// "https://localhost:PORT/ofx" ("http://..." when serving plain HTTP).
    pub fn url(&self) -> String {
        format!("{}://localhost:{}/ofx", if self.plain { "http" } else { "https" }, self.port)
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The CA certificate (PEM) that issued the server certificate.
    pub fn ca_pem(&self) -> &[u8] {
        &self.ca_pem
    }

    /// Where ca.pem was written, when `cert_dir` was given.
    pub fn ca_path(&self) -> Option<&std::path::Path> {
        self.ca_path.as_deref()
    }

    /// The server's certificates.
    pub fn certs(&self) -> &SandboxCerts {
        &self.certs
    }

    /// Counters since start or the last reset.
    pub fn stats(&self) -> ServerStats {
        let i = &self.inner;
        ServerStats {
            connections: i.connections.load(Ordering::SeqCst),
            tls_handshakes: i.handshakes.load(Ordering::SeqCst),
            tls_failures: i.tls_failures.load(Ordering::SeqCst),
            requests: i.requests.load(Ordering::SeqCst),
        }
    }

    /// Sets the counters to zero and empties the request log.
    pub fn reset_stats(&self) {
        let i = &self.inner;
        for c in [&i.connections, &i.handshakes, &i.tls_failures, &i.requests] {
            c.store(0, Ordering::SeqCst);
        }
        lock(&i.log).clear();
    }

    /// The most recent requests (at most [`REQUEST_LOG_LIMIT`]), oldest first.
    pub fn requests(&self) -> Vec<HttpRequestInfo> {
        lock(&self.inner.log).iter().cloned().collect()
    }

    /// Misbehave this way until told otherwise.
    pub fn set_fault(&self, fault: Fault) {
        *lock(&self.inner.fault) = FaultSlot { fault, remaining: None };
    }

    /// Misbehave this way for the next `n` requests (handshakes for `UntrustedCert`), then behave.
    pub fn set_fault_times(&self, fault: Fault, n: u64) {
        *lock(&self.inner.fault) = if n == 0 { FaultSlot::default() } else { FaultSlot { fault, remaining: Some(n) } };
    }

    /// Stops accepting and serving; open connections are closed. Also done on drop.
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(rt) = self.runtime.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                rt.shutdown_background();
            } else {
                rt.shutdown_timeout(Duration::from_secs(2));
            }
        }
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

async fn accept_loop(
    inner: Arc<Inner>,
    listener: tokio::net::TcpListener,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => {
                    tokio::spawn(serve_connection(inner.clone(), tcp));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

async fn serve_connection(inner: Arc<Inner>, tcp: TcpStream) {
    inner.connections.fetch_add(1, Ordering::SeqCst);
    let conn_id = inner.next_conn.fetch_add(1, Ordering::SeqCst);
    let _ = tcp.set_nodelay(true);
    let conn = Arc::new(ConnShared::default());
    let (Some(trusted), Some(untrusted)) = (&inner.trusted, &inner.untrusted) else {
        serve_http(inner.clone(), ConnIo::new(tcp, conn.clone()), conn, conn_id, None).await;
        return;
    };
    let acceptor = if lock(&inner.fault).for_handshake() { untrusted } else { trusted };
    let Ok(ssl) = Ssl::new(acceptor.context()) else { return };
    let Ok(mut stream) = tokio_openssl::SslStream::new(ssl, tcp) else { return };
    if Pin::new(&mut stream).accept().await.is_err() {
        inner.tls_failures.fetch_add(1, Ordering::SeqCst);
        linger(stream.get_mut()).await;
        return;
    }
    inner.handshakes.fetch_add(1, Ordering::SeqCst);
    let subject = stream.ssl().peer_certificate().map(|c| name_to_string(c.subject_name()));
    serve_http(inner.clone(), ConnIo::new(stream, conn.clone()), conn, conn_id, subject).await;
}

/// After a failed handshake: let the alert reach the client and close with FIN, not RST (the client
/// may still be writing): stop writing, read until the client closes or 2 s pass.
async fn linger(tcp: &mut TcpStream) {
    let _ = tcp.shutdown().await;
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while let Ok(n) = tcp.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}

async fn serve_http<S>(inner: Arc<Inner>, io: ConnIo<S>, conn: Arc<ConnShared>, conn_id: u64, subject: Option<String>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = service_fn(move |req| handle(inner.clone(), conn.clone(), conn_id, subject.clone(), req));
    let _ =
        http1::Builder::new().keep_alive(true).timer(TokioTimer::new()).serve_connection(TokioIo::new(io), svc).await;
}

async fn handle(
    inner: Arc<Inner>,
    conn: Arc<ConnShared>,
    conn_id: u64,
    subject: Option<String>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().to_string();
    let path = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
    let chunked = req.headers().contains_key(hyper::header::TRANSFER_ENCODING);
    let headers = conn.take_raw_headers().unwrap_or_else(|| {
        req.headers().iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
    });
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    conn.consume_body(body.len(), chunked);
    let info = HttpRequestInfo { method, path, headers, body, connection_id: conn_id, client_cert_subject: subject };
    inner.requests.fetch_add(1, Ordering::SeqCst);
    {
        let mut log = lock(&inner.log);
        if log.len() >= REQUEST_LOG_LIMIT {
            log.pop_front();
        }
        log.push_back(info.clone());
    }
    let fault = lock(&inner.fault).for_request();
    let reply = match fault {
        Fault::None | Fault::UntrustedCert => call_handler(&inner, info).await,
        Fault::Delay(d) => {
            tokio::time::sleep(d).await;
            call_handler(&inner, info).await
        }
        Fault::DropAfterHeaders => {
            let reply = call_handler(&inner, info).await;
            conn.set_cut(Cut::AfterHeaders(0));
            reply
        }
        Fault::TruncatedBody => {
            let reply = call_handler(&inner, info).await;
            conn.set_cut(Cut::AfterHeaders(reply.body.len() / 2));
            reply
        }
        Fault::DropBeforeReply => {
            let reply = call_handler(&inner, info).await;
            conn.set_cut(Cut::Everything);
            reply
        }
        Fault::TruncatedOfx => {
            let mut reply = call_handler(&inner, info).await;
            let half = reply.body.len() / 2;
            reply.body.truncate(half);
            reply
        }
        Fault::HtmlError => HttpReply { status: 500, ..HttpReply::ok("text/html", WEBLOGIC_500.as_bytes().to_vec()) },
        Fault::Html200 => HttpReply::ok("text/html", AKAMAI_DENIED.as_bytes().to_vec()),
        Fault::EmptyWithCookie => {
            let has_cookie = info
                .header("cookie")
                .is_some_and(|c| c.split(';').any(|p| p.trim().starts_with(&format!("{SANDBOX_COOKIE}="))));
            if has_cookie {
                call_handler(&inner, info).await
            } else {
                let n = inner.cookie_seq.fetch_add(1, Ordering::SeqCst);
                HttpReply {
                    headers: vec![
                        ("Set-Cookie".into(), format!("{SANDBOX_COOKIE}=s{n}; Path=/; Secure; HttpOnly")),
                        ("Set-Cookie".into(), "ofxbot=1; Path=/".into()),
                    ],
                    ..HttpReply::ok("application/x-ofx", Vec::new())
                }
            }
        }
        Fault::EmptyNoCookie => HttpReply::ok("application/x-ofx", Vec::new()),
        Fault::Status(code) => HttpReply::error(code, &format!("sandbox fault: HTTP {code}")),
    };
    Ok(to_response(reply))
}

async fn call_handler(inner: &Arc<Inner>, info: HttpRequestInfo) -> HttpReply {
    let handler = inner.handler.clone();
    match tokio::task::spawn_blocking(move || handler.handle(&info)).await {
        Ok(reply) => reply,
        Err(_) => HttpReply::error(500, "the sandbox handler panicked"),
    }
}

fn to_response(reply: HttpReply) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut b = Response::builder().status(status);
    if !reply.content_type.is_empty() {
        b = b.header(hyper::header::CONTENT_TYPE, reply.content_type.as_str());
    }
    for (k, v) in &reply.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b.body(Full::new(Bytes::from(reply.body))).unwrap_or_else(|_| {
        let mut r = Response::new(Full::new(Bytes::from_static(b"the sandbox handler gave an invalid header")));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// Where the answer on a connection is cut off.
#[derive(Clone, Copy, Debug)]
enum Cut {
    /// Nothing of it is sent.
    Everything,
    /// The status line and headers go out, then this many body bytes.
    AfterHeaders(usize),
}

/// What a connection's IO and its requests share: the raw bytes received (for header names as sent)
/// and a cut-off order for the next answer.
#[derive(Default)]
struct ConnShared {
    raw_in: Mutex<Vec<u8>>,
    cut: Mutex<Option<Cut>>,
}

impl ConnShared {
    fn set_cut(&self, cut: Cut) {
        *lock(&self.cut) = Some(cut);
    }

    /// Parses (and drops) the header block at the start of the received bytes.
    fn take_raw_headers(&self) -> Option<Vec<(String, String)>> {
        let mut raw = lock(&self.raw_in);
        let start = raw.iter().position(|&b| b != b'\r' && b != b'\n')?;
        let end = raw[start..].windows(4).position(|w| w == b"\r\n\r\n").map(|p| start + p + 4)?;
        let text = String::from_utf8_lossy(&raw[start..end]).into_owned();
        raw.drain(..end);
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in text.split("\r\n").skip(1) {
            if line.is_empty() {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
                continue;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.push((k.to_string(), v.trim().to_string()));
            }
        }
        Some(headers)
    }

    /// Drops the body bytes of the request just read.
    fn consume_body(&self, len: usize, chunked: bool) {
        let mut raw = lock(&self.raw_in);
        if chunked {
            raw.clear();
        } else {
            let n = len.min(raw.len());
            raw.drain(..n);
        }
    }
}

/// The state of an answer being cut off.
struct CutRun {
    /// Body bytes still allowed; `None` before the end of the headers was seen.
    body_left: Option<usize>,
    allow_body: usize,
    everything: bool,
    /// How much of "\r\n\r\n" was just seen.
    matched: usize,
    pending: Vec<u8>,
    reached: bool,
}

/// A connection's byte stream as hyper sees it: records what arrives, and cuts an answer off when
/// told to (then closes the TLS session cleanly and fails further writes).
struct ConnIo<S> {
    inner: S,
    conn: Arc<ConnShared>,
    run: Option<CutRun>,
    closed: bool,
}

impl<S> ConnIo<S> {
    fn new(inner: S, conn: Arc<ConnShared>) -> ConnIo<S> {
        ConnIo { inner, conn, run: None, closed: false }
    }
}

fn broken() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "sandbox fault: connection cut")
}

impl<S: AsyncRead + AsyncWrite + Unpin> ConnIo<S> {
    /// Writes what the cut lets through; at the cut point closes. Ready(Err) once closed.
    fn drive_cut(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(run) = self.run.as_mut() else { return Poll::Ready(Ok(())) };
        while !run.pending.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &run.pending))?;
            if n == 0 {
                return Poll::Ready(Err(broken()));
            }
            run.pending.drain(..n);
        }
        ready!(Pin::new(&mut self.inner).poll_flush(cx))?;
        if run.reached {
            let _ = ready!(Pin::new(&mut self.inner).poll_shutdown(cx));
            self.closed = true;
            return Poll::Ready(Err(broken()));
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for ConnIo<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.closed {
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        let new = &buf.filled()[before..];
        if !new.is_empty() {
            lock(&self.conn.raw_in).extend_from_slice(new);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for ConnIo<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.closed {
            return Poll::Ready(Err(broken()));
        }
        if this.run.is_none()
            && let Some(cut) = lock(&this.conn.cut).take()
        {
            let (everything, allow_body) = match cut {
                Cut::Everything => (true, 0),
                Cut::AfterHeaders(n) => (false, n),
            };
            this.run = Some(CutRun {
                body_left: None,
                allow_body,
                everything,
                matched: 0,
                pending: Vec::new(),
                reached: false,
            });
        }
        if this.run.is_none() {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        }
        ready!(this.drive_cut(cx))?;
        let Some(run) = this.run.as_mut() else { return Poll::Ready(Err(broken())) };
        if run.everything {
            run.reached = true;
        }
        for &b in buf {
            if run.reached {
                break;
            }
            match run.body_left.as_mut() {
                None => {
                    run.pending.push(b);
                    let want = b"\r\n\r\n"[run.matched];
                    run.matched = if b == want {
                        run.matched + 1
                    } else if b == b'\r' {
                        1
                    } else {
                        0
                    };
                    if run.matched == 4 {
                        run.body_left = Some(run.allow_body);
                        run.reached = run.allow_body == 0;
                    }
                }
                Some(left) => {
                    run.pending.push(b);
                    *left -= 1;
                    run.reached = *left == 0;
                }
            }
        }
        // the bytes past the cut are swallowed; the next write or flush sends the rest and closes
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.closed {
            return Poll::Ready(Err(broken()));
        }
        if self.run.is_some() {
            return self.drive_cut(cx);
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.closed {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

const WEBLOGIC_500: &str = r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Draft//EN">
<HTML>
<HEAD>
<TITLE>Error 500--Internal Server Error</TITLE>
</HEAD>
<BODY bgcolor="white">
<FONT FACE=Helvetica><BR CLEAR=all>
<TABLE border=0 cellspacing=5><TR><TD><BR CLEAR=all>
<FONT FACE="Helvetica" COLOR="black" SIZE="3"><H2>Error 500--Internal Server Error</H2>
</FONT></TD></TR>
</TABLE>
<TABLE border=0 width=100% cellpadding=10><TR><TD VALIGN=top WIDTH=100% BGCOLOR=white><FONT FACE="Courier New"><FONT FACE="Helvetica" SIZE="3"><H3>From RFC 2068 <i>Hypertext Transfer Protocol -- HTTP/1.1</i>:</H3>
</FONT><FONT FACE="Helvetica" SIZE="3"><H4>10.5.1 500 Internal Server Error</H4>
</FONT><P><FONT FACE="Courier New">The server encountered an unexpected condition which prevented it from fulfilling the request.</FONT></P>
</FONT></TD></TR>
</TABLE>
</BODY>
</HTML>
"#;

const AKAMAI_DENIED: &str = r#"<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http&#58;&#47;&#47;localhost&#47;ofx" on this server.<P>
Reference&#32;&#35;18&#46;2f1e3b17&#46;1700000000&#46;5a6b7c8d
</BODY>
</HTML>
"#;
