//! The transport (ureq + native-tls) against the sandbox HTTPS server (hyper + OpenSSL), over real TLS
//! on loopback: headers, connection reuse, cookies, every fault mode, the TLS and certificate cases,
//! events, network failures, proxies (tinyproxy, microsocks when installed).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use ofxkit::client::events::{
    CertDecision, ConnectionEvent, ErrorKind, EventSink, NoEvents, ServerCert, TlsEvent, TlsState,
};
use ofxkit::client::transport::{HttpAnswer, TlsVersion, Transport, TransportConfig, TransportError, body_snippet};
use ofxkit::sandbox::certs::ClientCa;
use ofxkit::sandbox::server::{Fault, SandboxServer, ServerConfig};
use ofxkit::sandbox::{Handler, HttpReply, HttpRequestInfo};

// ---------------------------------------------------------------------------------------------
// helpers

const PREFIX: &[u8] = b"OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX>ECHO:";

/// Echoes the posted body after an OFX-looking prefix; "BIG n" answers n bytes; GET /images/N answers
/// an image, GET /moved redirects to /images/7.
#[derive(Default)]
struct Echo {
    calls: AtomicUsize,
}

impl Handler for Echo {
    fn handle(&self, req: &HttpRequestInfo) -> HttpReply {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if req.path == "/moved" {
            let mut r = HttpReply::error(302, "moved");
            r.headers.push(("Location".into(), "/images/7".into()));
            return r;
        }
        if req.method == "GET" {
            if let Some(n) = req.path.strip_prefix("/images/") {
                return HttpReply::ok("image/png", format!("PNG-{n}").into_bytes());
            }
            return HttpReply::error(404, "no such image");
        }
        if let Some(n) = req.body.strip_prefix(b"BIG ") {
            let n: usize = String::from_utf8_lossy(n).trim().parse().unwrap_or(0);
            return HttpReply::ok("application/x-ofx", vec![b'x'; n]);
        }
        let mut body = PREFIX.to_vec();
        body.extend_from_slice(&req.body);
        HttpReply::ok("application/x-ofx", body)
    }
}

fn expected_echo(body: &[u8]) -> Vec<u8> {
    let mut v = PREFIX.to_vec();
    v.extend_from_slice(body);
    v
}

/// One recorded event: "conn:<state>" or "tls:<state>", host, port, detail.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Ev {
    what: String,
    host: String,
    port: u16,
    detail: String,
}

#[derive(Clone, Debug)]
struct SeenCert {
    der: Vec<u8>,
    pem: String,
    subject: String,
    issuer: String,
    host: String,
    port: u16,
    trusted: bool,
    reason: String,
}

/// Records every event; answers the certificate callback with `decision` when set.
#[derive(Default)]
struct Rec {
    events: Mutex<Vec<Ev>>,
    decision: Option<CertDecision>,
    certs: Mutex<Vec<SeenCert>>,
    /// When set, calls this transport from inside the HandshakeStarted event (must fail).
    reenter: OnceLock<Weak<Transport>>,
    reentry_error: Mutex<Option<TransportError>>,
}

impl Rec {
    fn with(decision: CertDecision) -> Rec {
        Rec { decision: Some(decision), ..Rec::default() }
    }
    fn events(&self) -> Vec<Ev> {
        self.events.lock().unwrap().clone()
    }
    fn whats(&self) -> Vec<String> {
        self.events().into_iter().map(|e| e.what).collect()
    }
    fn clear(&self) {
        self.events.lock().unwrap().clear();
    }
    fn certs(&self) -> Vec<SeenCert> {
        self.certs.lock().unwrap().clone()
    }
}

impl EventSink for Rec {
    fn connection(&self, e: &ConnectionEvent<'_>) {
        self.events.lock().unwrap().push(Ev {
            what: format!("conn:{}", e.state.name()),
            host: e.host.into(),
            port: e.port,
            detail: e.detail.into(),
        });
    }
    fn tls(&self, e: &TlsEvent<'_>) {
        self.events.lock().unwrap().push(Ev {
            what: format!("tls:{}", e.state.name()),
            host: e.host.into(),
            port: e.port,
            detail: e.detail.into(),
        });
        if e.state == TlsState::HandshakeStarted
            && let Some(t) = self.reenter.get().and_then(Weak::upgrade)
        {
            *self.reentry_error.lock().unwrap() = t.post_ofx("https://localhost:1/ofx", b"x").err();
        }
    }
    fn has_cert_callback(&self) -> bool {
        self.decision.is_some()
    }
    fn server_cert(&self, c: &ServerCert<'_>) -> CertDecision {
        self.certs.lock().unwrap().push(SeenCert {
            der: c.der.to_vec(),
            pem: c.pem.into(),
            subject: c.subject.into(),
            issuer: c.issuer.into(),
            host: c.host.into(),
            port: c.port,
            trusted: c.trusted,
            reason: c.reason.into(),
        });
        self.decision.unwrap_or(CertDecision::Default)
    }
}

fn server_with(cfg: ServerConfig) -> (SandboxServer, Arc<Echo>) {
    let echo = Arc::new(Echo::default());
    let server = SandboxServer::start(cfg, echo.clone()).expect("sandbox starts");
    (server, echo)
}

fn server() -> (SandboxServer, Arc<Echo>) {
    server_with(ServerConfig::default())
}

/// A configuration that trusts the sandbox CA only.
fn cfg_for(server: &SandboxServer) -> TransportConfig {
    TransportConfig {
        extra_ca_pem: vec![server.ca_pem().to_vec()],
        use_system_roots: false,
        timeout: Some(Duration::from_secs(20)),
        ..TransportConfig::default()
    }
}

fn transport(cfg: TransportConfig, events: Arc<dyn EventSink>) -> Transport {
    Transport::new(cfg, events).expect("transport builds")
}

fn err_of(r: Result<HttpAnswer, TransportError>) -> TransportError {
    match r {
        Ok(a) => panic!("expected an error, got HTTP {} with {} bytes", a.status, a.body.len()),
        Err(e) => e,
    }
}

fn header_names(req: &HttpRequestInfo) -> Vec<&str> {
    req.headers.iter().map(|(k, _)| k.as_str()).collect()
}

/// The size of the request as it went on the wire, rebuilt from what the server logged.
fn wire_size(req: &HttpRequestInfo) -> usize {
    let line = format!("{} {} HTTP/1.1\r\n", req.method, req.path).len();
    let headers: usize = req.headers.iter().map(|(k, v)| k.len() + 2 + v.len() + 2).sum();
    line + headers + 2 + req.body.len()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ofxkit-net-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

// ---------------------------------------------------------------------------------------------
// requests and headers

#[test]
fn post_reaches_the_server_with_configured_headers() {
    let (server, echo) = server();
    let mut cfg = cfg_for(&server);
    cfg.extra_headers = vec![("X-Trace".into(), "abc123".into()), ("X-Other".into(), "2".into())];
    let t = transport(cfg, Arc::new(NoEvents));
    let body = b"<OFX>hello</OFX>";
    let a = t.post_ofx(&server.url(), body).expect("post works");
    assert_eq!(a.status, 200);
    assert_eq!(a.body, expected_echo(body));
    assert_eq!(a.content_type.as_deref(), Some("application/x-ofx"));
    assert!(a.headers.iter().any(|(k, v)| k == "content-length" && v == &a.body.len().to_string()));
    assert_eq!(echo.calls.load(Ordering::SeqCst), 1);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/ofx");
    assert_eq!(r.body, body);
    assert_eq!(r.header("Content-Type"), Some("application/x-ofx"));
    assert_eq!(r.header("User-Agent"), Some("InetClntApp/3.0"));
    assert_eq!(r.header("Accept"), Some("*/*, application/x-ofx, application/xml;q=0.9"));
    assert_eq!(r.header("Host"), Some(format!("localhost:{}", server.port()).as_str()));
    assert_eq!(r.header("Content-Length"), Some(body.len().to_string().as_str()));
    assert_eq!(r.header("X-Trace"), Some("abc123"));
    assert_eq!(r.header("Connection"), None, "no Connection header unless configured");
    // the usual order, names in their original case
    assert_eq!(
        header_names(r),
        ["Host", "User-Agent", "Accept", "Content-Type", "Content-Length", "X-Trace", "X-Other"]
    );
}

#[test]
fn custom_content_type_user_agent_and_accept() {
    let (server, _) = server();
    let mut cfg = cfg_for(&server);
    cfg.user_agent = "Quicken/2024".into();
    cfg.accept = "application/xml;q=0.9".into();
    cfg.content_type = "application/x-ofx; charset=USASCII".into();
    let t = transport(cfg, Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"x").expect("post works");
    let r = &server.requests()[0];
    assert_eq!(r.header("user-agent"), Some("Quicken/2024"));
    assert_eq!(r.header("accept"), Some("application/xml;q=0.9"));
    assert_eq!(r.header("content-type"), Some("application/x-ofx; charset=USASCII"));
}

#[test]
fn header_order_puts_named_headers_first() {
    let (server, _) = server();
    let mut cfg = cfg_for(&server);
    cfg.header_order = vec!["Content-Type".into(), "Host".into(), "Content-Length".into(), "Connection".into()];
    cfg.connection_header = Some("Keep-Alive".into());
    cfg.extra_headers = vec![("X-Late".into(), "1".into())];
    let t = transport(cfg, Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"<OFX></OFX>").expect("post works");
    let r = &server.requests()[0];
    assert_eq!(
        header_names(r),
        ["Content-Type", "Host", "Content-Length", "Connection", "User-Agent", "Accept", "X-Late"]
    );
    assert_eq!(r.header("Connection"), Some("Keep-Alive"));
}

#[test]
fn extra_header_replaces_a_standard_one_in_place() {
    let (server, _) = server();
    let mut cfg = cfg_for(&server);
    cfg.extra_headers = vec![("user-agent".into(), "Other/1.0".into())];
    let t = transport(cfg, Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"x").expect("post works");
    let r = &server.requests()[0];
    assert_eq!(header_names(r), ["Host", "User-Agent", "Accept", "Content-Type", "Content-Length"]);
    assert_eq!(r.header("User-Agent"), Some("Other/1.0"));
}

#[test]
fn bad_header_value_is_refused_at_construction() {
    let cfg = TransportConfig {
        extra_headers: vec![("X-Bad".into(), "a\r\nInjected: 1".into())],
        ..TransportConfig::default()
    };
    let e = Transport::new(cfg, Arc::new(NoEvents)).expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.message.contains("X-Bad"), "{}", e.message);
}

// ---------------------------------------------------------------------------------------------
// connection reuse and events

#[test]
fn two_posts_share_one_connection_and_one_handshake() {
    let (server, _) = server();
    let rec = Arc::new(Rec::default());
    let t = transport(cfg_for(&server), rec.clone());
    t.post_ofx(&server.url(), b"one").expect("first post");
    rec.clear();
    t.post_ofx(&server.url(), b"two").expect("second post");
    let s = server.stats();
    assert_eq!((s.connections, s.tls_handshakes, s.requests), (1, 1, 2), "{s:?}");
    let reqs = server.requests();
    assert_eq!(reqs[0].connection_id, reqs[1].connection_id);
    // the reused connection starts at RequestSent: no lookup, no connect, no handshake
    assert_eq!(rec.whats(), ["conn:request_sent", "conn:response_received", "conn:response_received", "conn:closed"]);
}

#[test]
fn connection_close_header_gives_a_new_connection_each_time() {
    let (server, _) = server();
    let mut cfg = cfg_for(&server);
    cfg.connection_header = Some("close".into());
    let rec = Arc::new(Rec::default());
    let t = transport(cfg, rec.clone());
    t.post_ofx(&server.url(), b"one").expect("first post");
    t.post_ofx(&server.url(), b"two").expect("second post");
    let s = server.stats();
    assert_eq!((s.connections, s.tls_handshakes, s.requests), (2, 2, 2), "{s:?}");
    let closes: Vec<String> = rec.events().into_iter().filter(|e| e.what == "conn:closed").map(|e| e.detail).collect();
    assert_eq!(closes, ["done", "done"]);
}

#[test]
fn events_come_in_order_with_host_and_port() {
    let (server, _) = server();
    let rec = Arc::new(Rec::default());
    let t = transport(cfg_for(&server), rec.clone());
    let body = b"<OFX>events</OFX>";
    let a = t.post_ofx(&server.url(), body).expect("post works");
    let port = server.port();
    let evs = rec.events();
    for e in &evs {
        assert_eq!((e.host.as_str(), e.port), ("localhost", port), "{e:?}");
    }
    let got: Vec<(String, String)> = evs.iter().map(|e| (e.what.clone(), e.detail.clone())).collect();
    let sent = wire_size(&server.requests()[0]);
    let addr = format!("127.0.0.1:{port}");
    let want: Vec<(String, String)> = [
        ("conn:resolving", "localhost".to_string()),
        ("conn:connecting", addr.clone()),
        ("conn:connected", addr),
        ("tls:handshake_started", "localhost".into()),
        ("tls:certificate_trusted", "CN=localhost, O=ofxkit sandbox".into()),
        ("tls:handshake_done", String::new()),
        ("conn:tls_handshake_done", "verified".into()),
        ("conn:request_sent", sent.to_string()),
        ("conn:response_received", String::new()),
        ("conn:response_received", format!("{} bytes", a.body.len())),
        ("conn:closed", "reused later".into()),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    assert_eq!(got, want);
    // once the transport is gone, its pooled connection closes silently
    drop(t);
    assert_eq!(rec.events().len(), want.len());
}

#[test]
fn transport_is_send_and_sync_and_calls_from_threads_do_not_overlap() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Transport>();

    /// Fails the test if two events are delivered at once.
    #[derive(Default)]
    struct NoOverlap {
        busy: std::sync::atomic::AtomicBool,
        overlaps: AtomicUsize,
        events: AtomicUsize,
    }
    impl EventSink for NoOverlap {
        fn connection(&self, _e: &ConnectionEvent<'_>) {
            if self.busy.swap(true, Ordering::SeqCst) {
                self.overlaps.fetch_add(1, Ordering::SeqCst);
            }
            self.events.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2));
            self.busy.store(false, Ordering::SeqCst);
        }
    }
    let (server, _) = server();
    let sink = Arc::new(NoOverlap::default());
    let t = Arc::new(transport(cfg_for(&server), sink.clone()));
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let t = t.clone();
            let url = server.url();
            std::thread::spawn(move || t.post_ofx(&url, format!("thread {i}").as_bytes()).map(|a| a.body))
        })
        .collect();
    for (i, th) in threads.into_iter().enumerate() {
        let body = th.join().expect("thread").expect("post");
        assert_eq!(body, expected_echo(format!("thread {i}").as_bytes()));
    }
    assert_eq!(sink.overlaps.load(Ordering::SeqCst), 0);
    assert!(sink.events.load(Ordering::SeqCst) >= 4 * 4);
    assert_eq!(server.stats().connections, 1, "one after the other on the pooled connection");
}

#[test]
fn sandbox_stops_on_shutdown() {
    let (mut server, _) = server();
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"x").expect("running");
    let url = server.url();
    server.shutdown();
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    assert_eq!(err_of(t.post_ofx(&url, b"x")).kind, ErrorKind::Connect);
    server.shutdown(); // twice is fine
}

#[test]
fn a_callback_calling_the_same_transport_is_refused() {
    let (server, _) = server();
    let rec = Arc::new(Rec::default());
    let t = Arc::new(transport(cfg_for(&server), rec.clone()));
    let _ = rec.reenter.set(Arc::downgrade(&t));
    t.post_ofx(&server.url(), b"x").expect("outer call works");
    let inner = rec.reentry_error.lock().unwrap().clone().expect("inner call failed");
    assert_eq!(inner.kind, ErrorKind::Io);
    assert!(inner.message.contains("inside one of its own callbacks"), "{}", inner.message);
}

// ---------------------------------------------------------------------------------------------
// cookies and empty answers

#[test]
fn empty_200_with_cookie_is_retried_with_the_cookies_and_they_are_kept() {
    let (server, echo) = server();
    server.set_fault(Fault::EmptyWithCookie);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let a = t.post_ofx(&server.url(), b"first").expect("retry with cookies succeeds");
    assert_eq!(a.body, expected_echo(b"first"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].header("Cookie"), None);
    assert_eq!(reqs[1].header("Cookie"), Some("ofxsandbox=s1; ofxbot=1"));
    assert_eq!(reqs[1].body, b"first", "the same request again");
    assert_eq!(echo.calls.load(Ordering::SeqCst), 1, "the empty answer did not reach the handler");

    // a later request carries the cookies from the start
    let a = t.post_ofx(&server.url(), b"second").expect("second post");
    assert_eq!(a.body, expected_echo(b"second"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[2].header("Cookie"), Some("ofxsandbox=s1; ofxbot=1"));
    assert_eq!(t.cookies("localhost"), [("ofxsandbox".to_string(), "s1".to_string()), ("ofxbot".into(), "1".into())]);
}

#[test]
fn cookie_retry_can_be_switched_off() {
    let (server, _) = server();
    server.set_fault(Fault::EmptyWithCookie);
    let mut cfg = cfg_for(&server);
    cfg.retry_empty_with_cookies = false;
    let t = transport(cfg, Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::EmptyBody);
    assert!(e.message.contains("switched off"), "{}", e.message);
    assert_eq!(server.stats().requests, 1);
}

#[test]
fn empty_200_without_cookie_is_empty_body() {
    let (server, _) = server();
    server.set_fault(Fault::EmptyNoCookie);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::EmptyBody);
    assert!(e.message.contains("empty body"), "{}", e.message);
    assert_eq!(server.stats().requests, 1, "no retry without cookies");
}

// ---------------------------------------------------------------------------------------------
// fault modes

#[test]
fn drop_after_headers_is_a_reset_with_byte_counts() {
    let (server, _) = server();
    server.set_fault(Fault::DropAfterHeaders);
    let rec = Arc::new(Rec::default());
    let t = transport(cfg_for(&server), rec.clone());
    let body = b"0123456789";
    let e = err_of(t.post_ofx(&server.url(), body));
    assert_eq!(e.kind, ErrorKind::Reset, "{e:?}");
    let n = expected_echo(body).len();
    assert!(e.message.contains(&format!("0 of {n} bytes")), "{}", e.message);
    assert_eq!(rec.events().last().map(|e| (e.what.as_str(), e.detail.as_str())), Some(("conn:closed", "error")));
}

#[test]
fn truncated_body_is_a_reset_with_byte_counts() {
    let (server, _) = server();
    server.set_fault(Fault::TruncatedBody);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let body = b"0123456789abcdef";
    let e = err_of(t.post_ofx(&server.url(), body));
    assert_eq!(e.kind, ErrorKind::Reset, "{e:?}");
    let n = expected_echo(body).len();
    assert!(e.message.contains(&format!("{} of {n} bytes", n / 2)), "{}", e.message);
}

#[test]
fn truncated_ofx_is_a_complete_http_answer() {
    let (server, _) = server();
    server.set_fault(Fault::TruncatedOfx);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let body = b"0123456789abcdef";
    let a = t.post_ofx(&server.url(), body).expect("transport is fine with it");
    let full = expected_echo(body);
    assert_eq!(a.body, full[..full.len() / 2]);
}

#[test]
fn html_error_page_is_http_status_with_its_text() {
    let (server, _) = server();
    server.set_fault(Fault::HtmlError);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::HttpStatus);
    assert_eq!(e.http_status, Some(500));
    let start = e.body_start.clone().expect("body start");
    assert!(
        start.starts_with("Error 500--Internal Server Error Error 500--Internal Server Error From RFC 2068"),
        "{start}"
    );
    assert!(!start.contains('<'), "tags collapsed: {start}");
    assert!(start.chars().count() <= 201, "{}", start.chars().count());
    assert!(e.message.contains("HTTP 500") && e.message.contains("Error 500--Internal"), "{}", e.message);
}

#[test]
fn html_200_page_passes_the_transport() {
    let (server, _) = server();
    server.set_fault(Fault::Html200);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let a = t.post_ofx(&server.url(), b"x").expect("HTTP 200 with a body");
    assert_eq!(a.content_type.as_deref(), Some("text/html"));
    assert!(String::from_utf8_lossy(&a.body).contains("<H1>Access Denied</H1>"));
    assert_eq!(
        body_snippet(&a.body, a.content_type.as_deref(), 200),
        "Access Denied Access Denied You don't have permission to access \"http://localhost/ofx\" on this server. \
         Reference #18.2f1e3b17.1700000000.5a6b7c8d"
    );
}

#[test]
fn any_status_is_http_status() {
    let (server, _) = server();
    server.set_fault(Fault::Status(403));
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::HttpStatus);
    assert_eq!(e.http_status, Some(403));
    assert_eq!(e.body_start.as_deref(), Some("sandbox fault: HTTP 403"));
}

#[test]
fn fault_times_stops_after_n_requests() {
    let (server, _) = server();
    server.set_fault_times(Fault::Status(503), 2);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    assert_eq!(err_of(t.post_ofx(&server.url(), b"1")).http_status, Some(503));
    assert_eq!(err_of(t.post_ofx(&server.url(), b"2")).http_status, Some(503));
    assert_eq!(t.post_ofx(&server.url(), b"3").expect("fault over").body, expected_echo(b"3"));
}

#[test]
fn drop_before_reply_is_a_reset_after_the_handler_ran() {
    let (server, echo) = server();
    server.set_fault(Fault::DropBeforeReply);
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"pay 100"));
    assert_eq!(e.kind, ErrorKind::Reset, "{e:?}");
    assert!(e.message.contains("before any answer") && e.message.contains("request was sent"), "{}", e.message);
    assert_eq!(echo.calls.load(Ordering::SeqCst), 1, "the handler ran (state committed)");
    // the transport recovers on a new connection
    server.set_fault(Fault::None);
    t.post_ofx(&server.url(), b"again").expect("next post");
    assert_eq!(server.stats().connections, 2);
}

#[test]
fn delay_beyond_the_timeout_is_a_timeout() {
    let (server, _) = server();
    server.set_fault(Fault::Delay(Duration::from_secs(4)));
    let mut cfg = cfg_for(&server);
    cfg.timeout = Some(Duration::from_millis(700));
    let t = transport(cfg, Arc::new(NoEvents));
    let started = Instant::now();
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(e.message.contains("0.7 s"), "{}", e.message);
}

#[test]
fn answer_over_the_size_limit_is_too_large() {
    let (server, _) = server();
    let mut cfg = cfg_for(&server);
    cfg.max_response_bytes = 1000;
    let t = transport(cfg, Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"BIG 5000"));
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("5000") && e.message.contains("1000"), "{}", e.message);
    let a = t.post_ofx(&server.url(), b"BIG 1000").expect("exactly at the limit");
    assert_eq!(a.body.len(), 1000);
}

// ---------------------------------------------------------------------------------------------
// TLS and the certificate decision

#[test]
fn untrusted_certificate_without_callback_fails_with_advice() {
    let (server, echo) = server();
    server.set_fault(Fault::UntrustedCert);
    let rec = Arc::new(Rec::default());
    let t = transport(cfg_for(&server), rec.clone());
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::Certificate, "{e:?}");
    assert!(e.message.contains("not trusted"), "{}", e.message);
    assert!(e.message.contains("add the CA") && e.message.contains("callback"), "{}", e.message);
    assert_eq!(echo.calls.load(Ordering::SeqCst), 0);
    assert_eq!(server.stats().requests, 0, "nothing was sent");
    assert_eq!(server.stats().connections, 1, "no second handshake without a callback");
    assert!(rec.whats().contains(&"tls:certificate_untrusted".to_string()));
}

#[test]
fn the_extra_ca_bundle_is_what_makes_the_sandbox_trusted() {
    let (server, _) = server();
    for use_system_roots in [true, false] {
        let cfg = TransportConfig { use_system_roots, extra_ca_pem: Vec::new(), ..cfg_for(&server) };
        let t = transport(cfg, Arc::new(NoEvents));
        assert_eq!(err_of(t.post_ofx(&server.url(), b"x")).kind, ErrorKind::Certificate, "{use_system_roots}");
        // the system store and the extra bundle together
        let cfg = TransportConfig { use_system_roots, ..cfg_for(&server) };
        let t = transport(cfg, Arc::new(NoEvents));
        t.post_ofx(&server.url(), b"x").expect("trusted through the extra bundle");
    }
    // a bundle holding several certificates: the sandbox CA second
    let other = ClientCa::generate("some other CA").expect("CA");
    let mut bundle = other.ca_pem();
    bundle.extend_from_slice(server.ca_pem());
    let t = transport(TransportConfig { extra_ca_pem: vec![bundle], ..cfg_for(&server) }, Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"x").expect("second certificate of the bundle used");
    let e = Transport::new(
        TransportConfig { extra_ca_pem: vec![b"junk".to_vec()], ..TransportConfig::default() },
        Arc::new(NoEvents),
    )
    .expect_err("a bundle without certificates");
    assert_eq!(e.kind, ErrorKind::Tls);
    assert!(e.message.contains("extra CA bundle 1"), "{}", e.message);
}

#[test]
fn untrusted_certificate_accepted_by_callback() {
    let (server, _) = server();
    server.set_fault(Fault::UntrustedCert);
    let rec = Arc::new(Rec::with(CertDecision::Accept));
    let mut cfg = cfg_for(&server);
    cfg.connection_header = Some("close".into()); // every post makes a new connection
    let t = transport(cfg, rec.clone());
    let a = t.post_ofx(&server.url(), b"accepted").expect("accepted by the callback");
    assert_eq!(a.body, expected_echo(b"accepted"));

    let certs = rec.certs();
    assert_eq!(certs.len(), 1);
    let c = &certs[0];
    assert!(!c.trusted);
    assert!(c.reason.contains("certificate verify failed"), "{}", c.reason);
    assert_eq!(c.subject, "CN=localhost, O=ofxkit sandbox (untrusted)");
    assert_eq!(c.issuer, c.subject, "self-signed");
    assert_eq!((c.host.as_str(), c.port), ("localhost", server.port()));
    assert_eq!(c.der, server.certs().untrusted.cert.to_der().expect("der"));
    assert!(c.pem.starts_with("-----BEGIN CERTIFICATE-----\n") && c.pem.ends_with("-----END CERTIFICATE-----\n"));
    // the verified connection closes, a second one is shown to the callback
    let got: Vec<String> = rec.events().into_iter().map(|e| format!("{} {}", e.what, e.detail)).collect();
    let addr = format!("127.0.0.1:{}", server.port());
    let reason = &c.reason;
    let want = [
        "conn:resolving localhost".to_string(),
        format!("conn:connecting {addr}"),
        format!("conn:connected {addr}"),
        "tls:handshake_started localhost".into(),
        "conn:closed error".into(),
        "conn:resolving localhost".into(),
        format!("conn:connecting {addr}"),
        format!("conn:connected {addr}"),
        "tls:handshake_started localhost".into(),
        format!("tls:certificate_untrusted {reason}"),
        format!("tls:accepted_by_callback {reason}"),
        "tls:handshake_done ".into(),
        "conn:tls_handshake_done accepted by callback".into(),
        format!("conn:request_sent {}", wire_size(&server.requests()[0])),
        "conn:response_received ".into(),
        format!("conn:response_received {} bytes", a.body.len()),
        "conn:closed done".into(),
    ];
    assert_eq!(got, want);
    // verified attempt refused by the client, then the probe handshake
    let s = server.stats();
    assert_eq!((s.tls_failures, s.tls_handshakes, s.requests), (1, 1, 1), "{s:?}");

    // a new connection goes straight to the remembered certificate, and asks again
    t.post_ofx(&server.url(), b"again").expect("second post");
    assert_eq!(rec.certs().len(), 2);
    assert!(!rec.certs()[1].trusted);
    let s = server.stats();
    assert_eq!((s.tls_failures, s.tls_handshakes, s.requests), (1, 2, 2), "{s:?}");
}

#[test]
fn untrusted_certificate_rejected_or_kept_by_callback_fails() {
    for decision in [CertDecision::Reject, CertDecision::Default] {
        let (server, _) = server();
        server.set_fault(Fault::UntrustedCert);
        let rec = Arc::new(Rec::with(decision));
        let t = transport(cfg_for(&server), rec.clone());
        let e = err_of(t.post_ofx(&server.url(), b"x"));
        assert_eq!(e.kind, ErrorKind::Certificate, "{decision:?}: {e:?}");
        assert_eq!(rec.certs().len(), 1);
        assert_eq!(server.stats().requests, 0);
        let rejected = rec.whats().contains(&"tls:rejected_by_callback".to_string());
        assert_eq!(rejected, decision == CertDecision::Reject);
    }
}

#[test]
fn trusted_certificate_rejected_by_callback() {
    let (server, echo) = server();
    let rec = Arc::new(Rec::with(CertDecision::Reject));
    let t = transport(cfg_for(&server), rec.clone());
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::Certificate);
    assert!(e.message.contains("rejected by the application's certificate callback"), "{}", e.message);
    assert_eq!(server.stats().requests, 0, "nothing was sent");
    assert_eq!(echo.calls.load(Ordering::SeqCst), 0);
    let c = &rec.certs()[0];
    assert!(c.trusted);
    assert_eq!(c.reason, "");
    assert_eq!(c.subject, "CN=localhost, O=ofxkit sandbox");
    assert_eq!(c.issuer, "CN=ofxkit sandbox CA, O=ofxkit sandbox");
}

#[test]
fn trusted_certificate_with_callback_default_goes_on() {
    let (server, _) = server();
    let rec = Arc::new(Rec::with(CertDecision::Default));
    let t = transport(cfg_for(&server), rec.clone());
    t.post_ofx(&server.url(), b"x").expect("library verdict kept");
    assert!(rec.certs()[0].trusted);
    assert_eq!(server.stats().tls_handshakes, 1, "no second handshake");
}

#[test]
fn client_certificate_is_presented_and_accepted() {
    let client_ca = ClientCa::generate("ofxkit test client CA").expect("client CA");
    let id = client_ca.issue("ofx user 42", "s3cret pass").expect("identity");
    let (server, _) =
        server_with(ServerConfig { require_client_cert: Some(client_ca.ca_pem()), ..ServerConfig::default() });
    let rec = Arc::new(Rec::default());
    let mut cfg = cfg_for(&server);
    cfg.client_identity = Some((id.pkcs12_der.clone(), id.password.clone()));
    let t = transport(cfg, rec.clone());
    t.post_ofx(&server.url(), b"with cert").expect("client certificate accepted");
    assert_eq!(id.subject, "CN=ofx user 42, O=ofxkit sandbox");
    assert_eq!(server.requests()[0].client_cert_subject.as_deref(), Some(id.subject.as_str()));
    let whats = rec.whats();
    let sent = whats.iter().position(|w| w == "tls:client_certificate_sent").expect("event");
    let done = whats.iter().position(|w| w == "tls:handshake_done").expect("event");
    assert!(sent < done);
}

#[test]
fn no_client_certificate_on_a_server_requiring_one_is_a_tls_error() {
    let client_ca = ClientCa::generate("ofxkit test client CA").expect("client CA");
    for max_tls in [None, Some(TlsVersion::Tls12)] {
        let (server, echo) = server_with(ServerConfig {
            require_client_cert: Some(client_ca.ca_pem()),
            max_tls,
            ..ServerConfig::default()
        });
        let t = transport(cfg_for(&server), Arc::new(NoEvents));
        let e = err_of(t.post_ofx(&server.url(), b"x"));
        assert_eq!(e.kind, ErrorKind::Tls, "{max_tls:?}: {e:?}");
        assert_eq!(echo.calls.load(Ordering::SeqCst), 0);
        assert_eq!(server.stats().tls_failures, 1);
    }
}

#[test]
fn bad_client_certificate_password_fails_at_construction() {
    let client_ca = ClientCa::generate("ofxkit test client CA").expect("client CA");
    let id = client_ca.issue("someone", "right").expect("identity");
    let cfg = TransportConfig { client_identity: Some((id.pkcs12_der, "wrong".into())), ..TransportConfig::default() };
    let e = Transport::new(cfg, Arc::new(NoEvents)).expect_err("wrong password");
    assert_eq!(e.kind, ErrorKind::Tls);
    assert!(e.message.contains("PKCS#12") && !e.message.contains("wrong"), "{}", e.message);
}

#[test]
fn minimum_tls_above_the_server_maximum_is_a_tls_error() {
    let (server, _) = server_with(ServerConfig { max_tls: Some(TlsVersion::Tls12), ..ServerConfig::default() });
    // the server speaks TLS 1.2 fine
    let t = transport(TransportConfig { min_tls: Some(TlsVersion::Tls12), ..cfg_for(&server) }, Arc::new(NoEvents));
    t.post_ofx(&server.url(), b"x").expect("TLS 1.2 works");
    // a client wanting TLS 1.3 fails, with or without a certificate callback (the probe fails too)
    for rec in [Rec::default(), Rec::with(CertDecision::Accept)] {
        let rec = Arc::new(rec);
        let t = transport(TransportConfig { min_tls: Some(TlsVersion::Tls13), ..cfg_for(&server) }, rec.clone());
        let e = err_of(t.post_ofx(&server.url(), b"x"));
        assert_eq!(e.kind, ErrorKind::Tls, "{e:?}");
        assert!(e.message.contains("protocol version") && e.message.contains("check min_tls"), "{}", e.message);
        assert!(rec.certs().is_empty(), "no certificate to show");
    }
}

// ---------------------------------------------------------------------------------------------
// network failures and URLs

#[test]
fn unknown_host_is_a_dns_error() {
    let t = transport(TransportConfig::default(), Arc::new(NoEvents));
    let e = err_of(t.post_ofx("https://no-such-host.invalid/ofx", b"x"));
    assert_eq!(e.kind, ErrorKind::Dns, "{e:?}");
    assert!(e.message.contains("no-such-host.invalid"), "{}", e.message);
}

#[test]
fn closed_port_is_a_connect_error() {
    let port = free_port();
    let t = transport(TransportConfig::default(), Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&format!("https://127.0.0.1:{port}/ofx"), b"x"));
    assert_eq!(e.kind, ErrorKind::Connect, "{e:?}");
    assert!(e.message.contains(&format!("127.0.0.1:{port}")), "{}", e.message);
}

#[test]
fn connect_timeout_is_a_timeout() {
    // a listener whose accept queue is full: the kernel drops further SYNs, so connect hangs
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: listen() on a socket this test owns; it only changes the backlog.
        unsafe { libc::listen(listener.as_raw_fd(), 0) };
    }
    let addr = listener.local_addr().expect("addr");
    let _fill: Vec<std::net::TcpStream> =
        (0..4).filter_map(|_| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).ok()).collect();
    let cfg = TransportConfig { connect_timeout: Some(Duration::from_millis(600)), ..TransportConfig::default() };
    let t = transport(cfg, Arc::new(NoEvents));
    let started = Instant::now();
    let e = err_of(t.post_ofx(&format!("https://127.0.0.1:{}/ofx", addr.port()), b"x"));
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
    assert!(e.message.contains("could not connect") && e.message.contains("0.6 s"), "{}", e.message);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn bad_urls_are_invalid_url() {
    let t = transport(TransportConfig::default(), Arc::new(NoEvents));
    for url in ["not a url", "ftp://example.com/ofx", "http://localhost/ofx", "https://:443/ofx"] {
        let e = err_of(t.post_ofx(url, b"x"));
        assert_eq!(e.kind, ErrorKind::InvalidUrl, "{url}: {e:?}");
    }
    let e = err_of(t.post_ofx("http://localhost/ofx", b"x"));
    assert!(e.message.contains("HTTPS only"), "{}", e.message);
}

#[test]
fn plain_http_works_only_when_allowed() {
    let (server, _) = server_with(ServerConfig { plain_http: true, ..ServerConfig::default() });
    assert!(server.url().starts_with("http://"));
    let t = transport(TransportConfig { allow_http: true, ..TransportConfig::default() }, Arc::new(NoEvents));
    assert_eq!(t.post_ofx(&server.url(), b"plain").expect("plain http").body, expected_echo(b"plain"));
    assert_eq!(server.stats().tls_handshakes, 0);
}

#[test]
fn get_downloads_follows_redirects_and_reports_status() {
    let (server, _) = server();
    let t = transport(cfg_for(&server), Arc::new(NoEvents));
    let base = format!("https://localhost:{}", server.port());
    let a = t.get(&format!("{base}/images/3")).expect("image");
    assert_eq!((a.status, a.body.as_slice(), a.content_type.as_deref()), (200, &b"PNG-3"[..], Some("image/png")));
    let a = t.get(&format!("{base}/moved")).expect("redirect followed");
    assert_eq!(a.body, b"PNG-7");
    let e = err_of(t.get(&format!("{base}/nothing")));
    assert_eq!((e.kind, e.http_status), (ErrorKind::HttpStatus, Some(404)));
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.method == "GET" && r.header("Content-Length").is_none()));
    // a POST is not redirected
    let e = err_of(t.post_ofx(&format!("{base}/moved"), b"x"));
    assert_eq!((e.kind, e.http_status), (ErrorKind::HttpStatus, Some(302)));
    assert!(e.message.contains("redirect to /images/7, not followed"), "{}", e.message);
}

#[test]
fn certificates_can_be_written_and_loaded_back() {
    let dir = temp_dir("certs");
    let (first, _) = server_with(ServerConfig { cert_dir: Some(dir.clone()), ..ServerConfig::default() });
    let ca_path = first.ca_path().expect("ca written").to_path_buf();
    assert_eq!(std::fs::read(&ca_path).expect("ca.pem"), first.ca_pem());
    let ca = first.ca_pem().to_vec();
    drop(first);
    let (second, _) = server_with(ServerConfig {
        cert_pem: Some(dir.join("server.pem")),
        key_pem: Some(dir.join("server.key")),
        ca_pem: Some(ca_path),
        ..ServerConfig::default()
    });
    assert_eq!(second.ca_pem(), ca.as_slice());
    let t = transport(cfg_for(&second), Arc::new(NoEvents));
    t.post_ofx(&second.url(), b"x").expect("loaded certificate works");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn body_snippet_reduces_html_and_keeps_text() {
    let html = b"<html><head><style>p{}</style><script>var a='<b>';</script></head>\n<body><!-- c --><p>A &amp; B&nbsp;&#67;</p></body></html>";
    assert_eq!(body_snippet(html, None, 200), "A & B C");
    assert_eq!(body_snippet(b"  plain\r\n\ttext  ", Some("text/plain"), 200), "plain text");
    assert_eq!(body_snippet(b"<OFX><CODE>2000", None, 200), "<OFX><CODE>2000", "OFX is not HTML");
    assert_eq!(body_snippet(b"abcdef", None, 3), "abc…");
}

// ---------------------------------------------------------------------------------------------
// proxies

/// A proxy program this test started; killed on drop.
struct ProxyProcess {
    child: Child,
    port: u16,
    _dir: std::path::PathBuf,
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn program(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn wait_listening(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn start_tinyproxy(user: &str, pass: &str) -> Result<ProxyProcess, String> {
    let exe = program("tinyproxy").ok_or("tinyproxy is not installed (Debian package tinyproxy-bin)")?;
    let dir = temp_dir("tinyproxy");
    let port = free_port();
    let conf = dir.join("tinyproxy.conf");
    let text = format!(
        "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nAllow 127.0.0.1\nBasicAuth {user} {pass}\n\
         LogLevel Warning\nLogFile \"{}\"\n",
        dir.join("tinyproxy.log").display()
    );
    std::fs::write(&conf, text).map_err(|e| e.to_string())?;
    let child = Command::new(exe)
        .arg("-d")
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("tinyproxy did not start: {e}"))?;
    let p = ProxyProcess { child, port, _dir: dir };
    if wait_listening(port) { Ok(p) } else { Err("tinyproxy did not listen".into()) }
}

fn start_microsocks(auth: Option<(&str, &str)>) -> Result<ProxyProcess, String> {
    let exe = program("microsocks").ok_or("microsocks is not installed (Debian package microsocks)")?;
    let port = free_port();
    let mut cmd = Command::new(exe);
    cmd.args(["-i", "127.0.0.1", "-p", &port.to_string()]);
    if let Some((u, p)) = auth {
        cmd.args(["-u", u, "-P", p]);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("microsocks did not start: {e}"))?;
    let p = ProxyProcess { child, port, _dir: std::env::temp_dir() };
    if wait_listening(port) { Ok(p) } else { Err("microsocks did not listen".into()) }
}

#[test]
fn http_connect_proxy_with_basic_auth() {
    let proxy = match start_tinyproxy("ofxuser", "proxypass9") {
        Ok(p) => p,
        Err(why) => {
            println!("SKIP: {why}");
            return;
        }
    };
    let (server, _) = server();
    let rec = Arc::new(Rec::default());
    let cfg = TransportConfig {
        proxy: Some(format!("http://ofxuser:proxypass9@127.0.0.1:{}", proxy.port)),
        ..cfg_for(&server)
    };
    let t = transport(cfg, rec.clone());
    let a = t.post_ofx(&server.url(), b"via proxy").expect("through the tunnel");
    // inside the tunnel the request line has the origin form, as to a server directly
    assert_eq!(server.requests()[0].path, "/ofx");
    assert_eq!(a.body, expected_echo(b"via proxy"));
    t.post_ofx(&server.url(), b"again").expect("second post");
    assert_eq!(server.stats().connections, 1, "the tunnel is reused: {:#?}", rec.events());
    let evs = rec.events();
    assert_eq!(evs[0].detail, "127.0.0.1 (proxy)");
    assert!(evs.iter().all(|e| e.host == "localhost" && e.port == server.port()));

    // wrong password: a proxy error that does not show it
    let cfg = TransportConfig {
        proxy: Some(format!("http://ofxuser:wrongpass7@127.0.0.1:{}", proxy.port)),
        ..cfg_for(&server)
    };
    let t = transport(cfg, Arc::new(NoEvents));
    let e = err_of(t.post_ofx(&server.url(), b"x"));
    assert_eq!(e.kind, ErrorKind::Proxy, "{e:?}");
    assert!(!e.message.contains("wrongpass7") && !e.message.contains("ofxuser"), "{}", e.message);
}

#[test]
fn socks5_proxy() {
    for auth in [None, Some(("sockuser", "sockpass5"))] {
        let proxy = match start_microsocks(auth) {
            Ok(p) => p,
            Err(why) => {
                println!("SKIP: {why}");
                return;
            }
        };
        let (server, _) = server();
        let url = match auth {
            Some((u, p)) => format!("socks5://{u}:{p}@127.0.0.1:{}", proxy.port),
            None => format!("socks5://127.0.0.1:{}", proxy.port),
        };
        let t = transport(TransportConfig { proxy: Some(url), ..cfg_for(&server) }, Arc::new(NoEvents));
        let a = t.post_ofx(&server.url(), b"via socks").expect("through SOCKS5");
        assert_eq!(a.body, expected_echo(b"via socks"));
        t.post_ofx(&server.url(), b"again").expect("second post");
        let s = server.stats();
        assert_eq!((s.connections, s.tls_handshakes), (1, 1), "the tunnel is reused");
        if auth.is_some() {
            let url = format!("socks5://sockuser:badpass3@127.0.0.1:{}", proxy.port);
            let t = transport(TransportConfig { proxy: Some(url), ..cfg_for(&server) }, Arc::new(NoEvents));
            let e = err_of(t.post_ofx(&server.url(), b"x"));
            assert_eq!(e.kind, ErrorKind::Proxy, "{e:?}");
            assert!(e.message.contains("refused the credentials"), "{}", e.message);
            assert!(!e.message.contains("badpass3") && !e.message.contains("sockuser"), "{}", e.message);
        }
    }
}

#[test]
fn unreachable_proxy_is_a_proxy_error_without_credentials() {
    let (server, _) = server();
    let port = free_port();
    for scheme in ["http", "socks5"] {
        let cfg =
            TransportConfig { proxy: Some(format!("{scheme}://alice:hunter22@127.0.0.1:{port}")), ..cfg_for(&server) };
        let t = transport(cfg, Arc::new(NoEvents));
        let e = err_of(t.post_ofx(&server.url(), b"x"));
        assert_eq!(e.kind, ErrorKind::Proxy, "{scheme}: {e:?}");
        assert!(e.message.contains("***@127.0.0.1"), "{}", e.message);
        assert!(!e.message.contains("hunter22") && !e.message.contains("alice"), "{}", e.message);
    }
    let e = Transport::new(
        TransportConfig { proxy: Some("gopher://bob:pw123@host:1".into()), ..TransportConfig::default() },
        Arc::new(NoEvents),
    )
    .expect_err("bad proxy URL");
    assert_eq!(e.kind, ErrorKind::Proxy);
    assert!(!e.message.contains("pw123"), "{}", e.message);
}
