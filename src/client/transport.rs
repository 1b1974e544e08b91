//! HTTP transport over ureq and native-tls. (Placeholder with the agreed API; the real one lands
//! from the transport work.)
use std::sync::Arc;
use std::time::Duration;

use crate::client::events::{ErrorKind, EventSink};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsVersion {
    Tls10,
    Tls11,
    Tls12,
}

#[derive(Clone, Debug)]
pub struct TransportConfig {
    pub user_agent: String,
    pub accept: String,
    pub content_type: String,
    pub extra_headers: Vec<(String, String)>,
    pub header_order: Vec<String>,
    pub connection_header: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub timeout: Option<Duration>,
    pub proxy: Option<String>,
    pub max_response_bytes: u64,
    pub use_system_roots: bool,
    pub extra_ca_pem: Vec<Vec<u8>>,
    pub client_identity: Option<(Vec<u8>, String)>,
    pub min_tls: Option<TlsVersion>,
    pub retry_empty_with_cookies: bool,
    pub allow_http: bool,
}

impl Default for TransportConfig {
    fn default() -> Self {
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
            max_response_bytes: 64 << 20,
            use_system_roots: true,
            extra_ca_pem: Vec::new(),
            client_identity: None,
            min_tls: None,
            retry_empty_with_cookies: true,
            allow_http: false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct TransportError {
    pub kind: ErrorKind,
    pub message: String,
    pub http_status: Option<u16>,
    pub body_start: Option<String>,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

pub struct Transport {
    _events: Arc<dyn EventSink>,
}

impl Transport {
    pub fn new(_cfg: TransportConfig, events: Arc<dyn EventSink>) -> Result<Transport, TransportError> {
        Ok(Transport { _events: events })
    }
    pub fn post_ofx(&self, _url: &str, _body: &[u8]) -> Result<HttpAnswer, TransportError> {
        Err(TransportError { kind: ErrorKind::Io, message: "placeholder".into(), http_status: None, body_start: None })
    }
    pub fn get(&self, _url: &str) -> Result<HttpAnswer, TransportError> {
        Err(TransportError { kind: ErrorKind::Io, message: "placeholder".into(), http_status: None, body_start: None })
    }
}
