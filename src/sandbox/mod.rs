//! The sandbox FI: a real HTTPS OFX server on loopback for development and tests (feature `sandbox`).
//!
//! Not part of the library's C surface. Two layers:
//! - [`server`]: the HTTPS server (hyper over OpenSSL), its certificates ([`certs`]), counters of
//!   connections and TLS handshakes, a log of requests, and fault modes;
//! - [`fi`]: the financial institution behind it: users, accounts, statements, profile, MFA,
//!   CLIENTUID registration. It reads requests with the library's own reader in strict mode and writes
//!   answers with the library's writer (so the independent validators keep both honest).
//!
//! The two meet at [`Handler`]: the server turns each HTTP request into an [`HttpRequestInfo`] and
//! sends back the [`HttpReply`] the handler gives.

pub mod certs;
pub mod fi;
pub mod server;

/// One HTTP request as the server received it.
#[derive(Clone, Debug, Default)]
pub struct HttpRequestInfo {
    /// "POST", "GET", ...
    pub method: String,
    /// The request target's path and query, e.g. "/ofx" or "/images/42".
    pub path: String,
    /// Header names as received (case kept) and values, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which TCP connection carried it (1, 2, ... in accept order).
    pub connection_id: u64,
    /// Subject of the client certificate the peer presented, if any.
    pub client_cert_subject: Option<String>,
}

impl HttpRequestInfo {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The answer to one HTTP request.
#[derive(Clone, Debug)]
pub struct HttpReply {
    pub status: u16,
    pub content_type: String,
    /// Extra headers (e.g. Set-Cookie).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpReply {
    /// A 200 answer with a body of the given content type.
    pub fn ok(content_type: &str, body: Vec<u8>) -> HttpReply {
        HttpReply { status: 200, content_type: content_type.to_string(), headers: Vec::new(), body }
    }
    /// An error answer with a plain-text explanation.
    pub fn error(status: u16, message: &str) -> HttpReply {
        HttpReply {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            headers: Vec::new(),
            body: message.as_bytes().to_vec(),
        }
    }
}

/// What answers the sandbox's HTTP requests (the FI implements it; tests may supply their own).
/// Called on the server's worker threads, possibly concurrently.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, req: &HttpRequestInfo) -> HttpReply;
}

/// A fault mode by name, as the CLI and test scripts give it: `none`, `delay:MS`,
/// `drop-after-headers`, `truncated-body`, `truncated-ofx`, `html-error`, `html-200`,
/// `empty-with-cookie`, `empty-no-cookie`, `untrusted-cert`, `drop-before-reply`, `status:CODE`.
pub fn parse_fault(s: &str) -> Result<server::Fault, String> {
    use server::Fault;
    let (name, arg) = s.split_once(':').unwrap_or((s, ""));
    let num = |what: &str| arg.trim().parse::<u64>().map_err(|_| format!("fault {name}: '{arg}' is not {what}"));
    Ok(match name.trim().to_ascii_lowercase().as_str() {
        "none" => Fault::None,
        "delay" => Fault::Delay(std::time::Duration::from_millis(num("a number of milliseconds")?)),
        "drop-after-headers" => Fault::DropAfterHeaders,
        "truncated-body" => Fault::TruncatedBody,
        "truncated-ofx" => Fault::TruncatedOfx,
        "html-error" => Fault::HtmlError,
        "html-200" => Fault::Html200,
        "empty-with-cookie" => Fault::EmptyWithCookie,
        "empty-no-cookie" => Fault::EmptyNoCookie,
        "untrusted-cert" => Fault::UntrustedCert,
        "drop-before-reply" => Fault::DropBeforeReply,
        "status" => Fault::Status(u16::try_from(num("an HTTP status")?).map_err(|_| "status out of range")?),
        other => return Err(format!("unknown fault '{other}'")),
    })
}

/// A running sandbox: the HTTPS server and the FI behind it.
pub struct Sandbox {
    pub server: server::SandboxServer,
    pub fi: std::sync::Arc<fi::Fi>,
}

/// How to start a sandbox.
#[derive(Clone, Debug, Default)]
pub struct SandboxOptions {
    pub server: server::ServerConfig,
    pub fi: fi::FiConfig,
}

impl Sandbox {
    /// Starts the demo FI on loopback with the given options (see [`server::ServerConfig`]).
    pub fn start(opts: SandboxOptions) -> std::io::Result<Sandbox> {
        let fi = std::sync::Arc::new(fi::Fi::with_config(opts.fi));
        let server = server::SandboxServer::start(opts.server, fi.clone())?;
        Ok(Sandbox { server, fi })
    }

    /// `https://localhost:PORT/ofx`.
    pub fn url(&self) -> String {
        self.server.url()
    }
}
