//! Connection observation for the transport: the state the transport, its resolver, its TLS connector
//! and its connections share, the resolver that reports `Resolving`/`Connecting`, and the stream wrapper
//! that reports `RequestSent`, `ResponseReceived` and `Closed`.
//!
//! All of this runs on the thread that made the transport call: ureq is synchronous and the transport
//! serializes its calls, so events of one transport never overlap.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::client::events::{ConnState, ConnectionEvent, EventSink, TlsEvent, TlsState};
use crate::client::proxy::ProxySpec;
use crate::client::tls::TlsFailure;

/// Locks a mutex, also when a panicking thread poisoned it (the data are plain state, never half-done).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// State shared by one transport, its resolver, its TLS connector and its open connections.
pub(crate) struct NetShared {
    pub(crate) events: Arc<dyn EventSink>,
    /// Host and port of the URL of the exchange under way (events carry them).
    target: Mutex<(String, u16)>,
    /// False once the transport is dropped: connections closed then report nothing.
    alive: AtomicBool,
    /// The connection the current exchange writes to (set by its first write).
    current: Mutex<Option<Arc<ConnRecord>>>,
    /// The configured proxy, when there is one.
    pub(crate) proxy: Option<Arc<ProxySpec>>,
    /// `Closed` events of connections dropped inside ureq, reported by the transport at the end of
    /// the exchange (so they follow the exchange's own events).
    closed_queue: Mutex<Vec<(String, u16, &'static str)>>,
    next_conn: AtomicU64,
}

impl NetShared {
    pub(crate) fn new(events: Arc<dyn EventSink>, proxy: Option<Arc<ProxySpec>>) -> NetShared {
        NetShared {
            events,
            target: Mutex::new((String::new(), 0)),
            alive: AtomicBool::new(true),
            current: Mutex::new(None),
            proxy,
            closed_queue: Mutex::new(Vec::new()),
            next_conn: AtomicU64::new(1),
        }
    }

    pub(crate) fn set_target(&self, host: &str, port: u16) {
        *lock(&self.target) = (host.to_string(), port);
        *lock(&self.current) = None;
    }

    pub(crate) fn target(&self) -> (String, u16) {
        lock(&self.target).clone()
    }

    pub(crate) fn set_dead(&self) {
        self.alive.store(false, Ordering::SeqCst);
    }

    fn alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// The connection the current exchange used, if it got that far.
    pub(crate) fn current(&self) -> Option<Arc<ConnRecord>> {
        lock(&self.current).clone()
    }

    pub(crate) fn conn_event(&self, state: ConnState, detail: &str) {
        let (host, port) = self.target();
        self.events.connection(&ConnectionEvent { state, host: &host, port, detail });
    }

    pub(crate) fn tls_event(&self, state: TlsState, detail: &str) {
        let (host, port) = self.target();
        self.events.tls(&TlsEvent { state, host: &host, port, detail });
    }

    /// Reports the `Closed` events queued so far.
    pub(crate) fn flush_closed(&self) {
        let queued = std::mem::take(&mut *lock(&self.closed_queue));
        if !self.alive() {
            return;
        }
        for (host, port, why) in queued {
            self.events.connection(&ConnectionEvent { state: ConnState::Closed, host: &host, port, detail: why });
        }
    }

    pub(crate) fn new_record(&self, host: &str, port: u16) -> Arc<ConnRecord> {
        Arc::new(ConnRecord {
            id: self.next_conn.fetch_add(1, Ordering::Relaxed),
            host: host.to_string(),
            port,
            state: Mutex::new(RecordState::default()),
        })
    }
}

/// Where a connection is in its request/answer turn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Phase {
    /// Nothing written yet in this turn (fresh, or idle in the pool).
    #[default]
    Idle,
    /// The request is being written.
    Writing,
    /// The request is written; no answer byte yet.
    Awaiting,
    /// Answer bytes are arriving.
    Reading,
}

#[derive(Debug, Default)]
struct RecordState {
    phase: Phase,
    written: u64,
    /// An error happened on it (or the exchange on it failed): its close is reported as "error".
    failed: bool,
    /// "reused later" was reported for the turn that ended; nothing more to say if it closes idle.
    parked: bool,
    dropped: bool,
}

/// One connection's bookkeeping, shared between the stream and the transport.
#[derive(Debug)]
pub(crate) struct ConnRecord {
    /// 1, 2, ... per transport.
    pub(crate) id: u64,
    host: String,
    port: u16,
    state: Mutex<RecordState>,
}

impl ConnRecord {
    /// The exchange on this connection failed: its close is an error close.
    pub(crate) fn mark_failed(&self) {
        lock(&self.state).failed = true;
    }

    /// Whether the request was completely written (the answer was being waited for or read).
    pub(crate) fn request_was_sent(&self) -> bool {
        matches!(lock(&self.state).phase, Phase::Awaiting | Phase::Reading)
    }

    /// The exchange ended well: if the connection is still open (kept for reuse), say so once.
    pub(crate) fn park(&self, shared: &NetShared) {
        let report = {
            let mut st = lock(&self.state);
            if st.dropped || st.parked {
                false
            } else {
                st.parked = true;
                st.phase = Phase::Idle;
                true
            }
        };
        if report {
            self.closed_event(shared, "reused later");
        }
    }

    fn closed_event(&self, shared: &NetShared, why: &str) {
        shared.events.connection(&ConnectionEvent {
            state: ConnState::Closed,
            host: &self.host,
            port: self.port,
            detail: why,
        });
    }
}

/// A TLS connection that reports its request/answer turns and its close.
pub(crate) struct ObservedStream {
    inner: native_tls::TlsStream<Box<dyn ureq::ReadWrite>>,
    rec: Arc<ConnRecord>,
    shared: Arc<NetShared>,
}

impl ObservedStream {
    pub(crate) fn new(
        inner: native_tls::TlsStream<Box<dyn ureq::ReadWrite>>,
        rec: Arc<ConnRecord>,
        shared: Arc<NetShared>,
    ) -> ObservedStream {
        ObservedStream { inner, rec, shared }
    }

    fn on_error(&self, e: io::Error) -> io::Error {
        lock(&self.rec.state).failed = true;
        classify_tls_io_error(e)
    }
}

/// Gives errors from the TLS layer the right kind: an unexpected EOF is a reset, an alert from the
/// server (e.g. "certificate required" under TLS 1.3) is a TLS failure.
fn classify_tls_io_error(e: io::Error) -> io::Error {
    if e.kind() != io::ErrorKind::Other {
        return e;
    }
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("unexpected eof") {
        io::Error::new(io::ErrorKind::UnexpectedEof, text)
    } else if lower.contains("alert") || lower.contains("ssl routines") {
        io::Error::other(TlsFailure::Alert { message: text })
    } else {
        e
    }
}

impl Read for ObservedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let sent = {
            let mut st = lock(&self.rec.state);
            if st.phase == Phase::Writing {
                st.phase = Phase::Awaiting;
                Some(st.written)
            } else {
                None
            }
        };
        if let Some(n) = sent {
            self.shared.conn_event(ConnState::RequestSent, &n.to_string());
        }
        match self.inner.read(buf) {
            Ok(0) => {
                let mut st = lock(&self.rec.state);
                if st.phase == Phase::Awaiting {
                    // closed before any answer byte: not a normal end
                    st.failed = true;
                }
                Ok(0)
            }
            Ok(n) => {
                let first = {
                    let mut st = lock(&self.rec.state);
                    if st.phase == Phase::Awaiting {
                        st.phase = Phase::Reading;
                        true
                    } else {
                        false
                    }
                };
                if first {
                    self.shared.conn_event(ConnState::ResponseReceived, "");
                }
                Ok(n)
            }
            Err(e) => Err(self.on_error(e)),
        }
    }
}

impl Write for ObservedStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        {
            let mut st = lock(&self.rec.state);
            if st.phase != Phase::Writing {
                st.phase = Phase::Writing;
                st.written = 0;
                st.parked = false;
                drop(st);
                *lock(&self.shared.current) = Some(self.rec.clone());
            }
        }
        match self.inner.write(buf) {
            Ok(n) => {
                lock(&self.rec.state).written += n as u64;
                Ok(n)
            }
            Err(e) => Err(self.on_error(e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.on_error(e))
    }
}

impl ureq::ReadWrite for ObservedStream {
    fn socket(&self) -> Option<&TcpStream> {
        self.inner.get_ref().socket()
    }
}

impl fmt::Debug for ObservedStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObservedStream(#{} {}:{})", self.rec.id, self.rec.host, self.rec.port)
    }
}

impl Drop for ObservedStream {
    fn drop(&mut self) {
        let why = {
            let mut st = lock(&self.rec.state);
            st.dropped = true;
            if st.failed {
                Some("error")
            } else if st.parked {
                None
            } else {
                Some("done")
            }
        };
        if let Some(why) = why
            && self.shared.alive()
        {
            lock(&self.shared.closed_queue).push((self.rec.host.clone(), self.rec.port, why));
        }
    }
}

/// The transport's resolver: reports `Resolving` and `Connecting` around the system's lookup. With a
/// proxy it resolves the proxy instead of the target (the tunnel is opened by the TLS connector).
pub(crate) struct EventResolver {
    pub(crate) shared: Arc<NetShared>,
}

impl ureq::Resolver for EventResolver {
    fn resolve(&self, netloc: &str) -> io::Result<Vec<SocketAddr>> {
        let (netloc, name, suffix) = match &self.shared.proxy {
            Some(p) => (p.netloc(), p.host.clone(), " (proxy)"),
            None => {
                let name = netloc.rsplit_once(':').map(|(h, _)| h).unwrap_or(netloc).to_string();
                (netloc.to_string(), name, "")
            }
        };
        self.shared.conn_event(ConnState::Resolving, &format!("{name}{suffix}"));
        let addrs: Vec<SocketAddr> = netloc.as_str().to_socket_addrs()?.collect();
        if let Some(first) = addrs.first() {
            let detail = if addrs.len() > 1 {
                format!("{first}{suffix} (1 of {} addresses)", addrs.len())
            } else {
                format!("{first}{suffix}")
            };
            self.shared.conn_event(ConnState::Connecting, &detail);
        }
        Ok(addrs)
    }
}
