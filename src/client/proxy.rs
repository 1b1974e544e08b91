//! Proxies: HTTP CONNECT (with Basic authentication), SOCKS5 (with user/password), SOCKS4 and SOCKS4a.
//!
//! The transport opens the tunnel itself, inside its TLS connector, instead of through ureq's proxy
//! support: ureq 2.12 files connections made through a proxy under a pool key without the proxy and
//! looks them up with it, so they are never reused; and it writes the request line in absolute form
//! ("POST https://host/ofx") even inside a CONNECT tunnel. Here ureq sees a plain connection to the
//! proxy's address; the tunnel to the target is opened on it before the TLS handshake, and the
//! connection goes back to ureq's pool like a direct one.

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs};

use base64::Engine;
use zeroize::Zeroizing;

/// The proxy protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProxyKind {
    Http,
    Socks4,
    Socks4a,
    Socks5,
}

/// A parsed proxy URL.
pub(crate) struct ProxySpec {
    pub(crate) kind: ProxyKind,
    pub(crate) host: String,
    pub(crate) port: u16,
    user: Option<Zeroizing<String>>,
    password: Option<Zeroizing<String>>,
    /// The URL with the credentials masked, for messages.
    pub(crate) shown: String,
}

impl fmt::Debug for ProxySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Why a tunnel could not be opened.
#[derive(Clone, Debug)]
pub(crate) enum TunnelError {
    /// The proxy did not answer in time.
    Timeout,
    /// The proxy refused, failed or answered nonsense.
    Failed(String),
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl ProxySpec {
    /// Parses "scheme://[user:password@]host[:port]" (no scheme: HTTP). Schemes: http, socks4,
    /// socks4a, socks5, socks (= socks5). Default ports: 80 for HTTP, 1080 for SOCKS. The error text
    /// never contains the credentials.
    pub(crate) fn parse(url: &str) -> Result<ProxySpec, String> {
        let shown = crate::client::transport::mask_credentials(url);
        let bad = |why: &str| format!("invalid proxy URL '{shown}': {why}");
        let trimmed = url.trim().trim_end_matches('/');
        let (scheme, rest) = match trimmed.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("http".to_string(), trimmed),
        };
        let kind = match scheme.as_str() {
            "http" => ProxyKind::Http,
            "socks4" => ProxyKind::Socks4,
            "socks4a" => ProxyKind::Socks4a,
            "socks5" | "socks5h" | "socks" => ProxyKind::Socks5,
            _ => return Err(bad("the scheme must be http, socks4, socks4a or socks5")),
        };
        let (creds, hostport) = match rest.rsplit_once('@') {
            Some((c, h)) => (Some(c), h),
            None => (None, rest),
        };
        let (user, password) = match creds {
            Some(c) => {
                let (u, p) = c.split_once(':').unwrap_or((c, ""));
                (Some(Zeroizing::new(percent_decode(u))), Some(Zeroizing::new(percent_decode(p))))
            }
            None => (None, None),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed '[' in the host"))?;
            (h.to_string(), after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (hostport.to_string(), None),
            }
        };
        if host.is_empty() || host.contains('/') {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(p) => p.parse::<u16>().map_err(|_| bad("the port is not a number from 1 to 65535"))?,
            None if kind == ProxyKind::Http => 80,
            None => 1080,
        };
        if port == 0 {
            return Err(bad("port 0"));
        }
        Ok(ProxySpec { kind, host, port, user, password, shown })
    }

    /// The proxy's user name and password (for masking them in messages).
    pub(crate) fn secrets(&self) -> Vec<String> {
        [self.user.as_deref(), self.password.as_deref()].into_iter().flatten().cloned().collect()
    }

    /// "host:port" of the proxy, as given to the resolver.
    pub(crate) fn netloc(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// Opens a tunnel to `host`:`port` over `io`, a fresh connection to the proxy.
    pub(crate) fn open_tunnel(
        &self,
        io: &mut dyn ureq::ReadWrite,
        host: &str,
        port: u16,
        user_agent: &str,
    ) -> Result<(), TunnelError> {
        let r = match self.kind {
            ProxyKind::Http => self.http_connect(io, host, port, user_agent),
            ProxyKind::Socks5 => self.socks5(io, host, port),
            ProxyKind::Socks4 | ProxyKind::Socks4a => self.socks4(io, host, port),
        };
        r.map_err(|e| match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TunnelError::Timeout,
            _ => TunnelError::Failed(e.to_string()),
        })
    }

    fn http_connect(&self, io: &mut dyn ureq::ReadWrite, host: &str, port: u16, user_agent: &str) -> io::Result<()> {
        let authority = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let mut req = format!(
            "CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: {user_agent}\r\nProxy-Connection: Keep-Alive\r\n"
        );
        if let Some(user) = &self.user {
            let pass = self.password.as_deref().map(String::as_str).unwrap_or("");
            let creds = Zeroizing::new(format!("{}:{pass}", user.as_str()));
            let token = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(creds.as_bytes()));
            req.push_str(&format!("Proxy-Authorization: Basic {}\r\n", token.as_str()));
        }
        req.push_str("\r\n");
        let req = Zeroizing::new(req);
        io.write_all(req.as_bytes())?;
        io.flush()?;
        // read the answer's head byte by byte: nothing after it belongs to the proxy
        let mut head = Vec::with_capacity(256);
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
            if head.len() > 16 * 1024 {
                return Err(io::Error::other("the proxy's answer to CONNECT is too long"));
            }
            match io.read(&mut byte)? {
                0 => return Err(io::Error::other("the proxy closed the connection instead of answering CONNECT")),
                _ => head.push(byte[0]),
            }
        }
        let text = String::from_utf8_lossy(&head);
        let status_line = text.lines().next().unwrap_or("");
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        let code = parts.next().and_then(|c| c.parse::<u16>().ok());
        let reason = parts.next().unwrap_or("").trim();
        match code {
            Some(200..=299) if version.starts_with("HTTP/") => Ok(()),
            Some(407) => Err(io::Error::other(format!(
                "the proxy refused the credentials (HTTP 407{})",
                if self.user.is_some() { "" } else { ", and none were given" }
            ))),
            Some(c) => Err(io::Error::other(format!("the proxy refused the tunnel to {authority}: HTTP {c} {reason}"))),
            None => Err(io::Error::other(format!(
                "the proxy's answer to CONNECT is not HTTP: '{}'",
                status_line.escape_debug()
            ))),
        }
    }

    fn socks5(&self, io: &mut dyn ureq::ReadWrite, host: &str, port: u16) -> io::Result<()> {
        let with_auth = self.user.is_some();
        if with_auth {
            io.write_all(&[5, 2, 0, 2])?;
        } else {
            io.write_all(&[5, 1, 0])?;
        }
        let mut r = [0u8; 2];
        io.read_exact(&mut r)?;
        if r[0] != 5 {
            return Err(io::Error::other("the proxy does not speak SOCKS5"));
        }
        match r[1] {
            0 => {}
            2 if with_auth => {
                let user = self.user.as_deref().map(String::as_str).unwrap_or("");
                let pass = self.password.as_deref().map(String::as_str).unwrap_or("");
                if user.len() > 255 || pass.len() > 255 {
                    return Err(io::Error::other("SOCKS5 user name or password longer than 255 bytes"));
                }
                let mut msg = Zeroizing::new(vec![1u8, user.len() as u8]);
                msg.extend_from_slice(user.as_bytes());
                msg.push(pass.len() as u8);
                msg.extend_from_slice(pass.as_bytes());
                io.write_all(&msg)?;
                io.read_exact(&mut r)?;
                if r[1] != 0 {
                    return Err(io::Error::other("the SOCKS5 proxy refused the credentials"));
                }
            }
            0xff => {
                return Err(io::Error::other(if with_auth {
                    "the SOCKS5 proxy accepts none of the offered authentication methods"
                } else {
                    "the SOCKS5 proxy wants credentials (none were given)"
                }));
            }
            m => return Err(io::Error::other(format!("the SOCKS5 proxy chose an unknown method {m}"))),
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let mut req = vec![5u8, 1, 0];
        match bare.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) => {
                req.push(1);
                req.extend_from_slice(&a.octets());
            }
            Ok(IpAddr::V6(a)) => {
                req.push(4);
                req.extend_from_slice(&a.octets());
            }
            Err(_) => {
                if bare.len() > 255 {
                    return Err(io::Error::other("host name too long for SOCKS5"));
                }
                req.push(3);
                req.push(bare.len() as u8);
                req.extend_from_slice(bare.as_bytes());
            }
        }
        req.extend_from_slice(&port.to_be_bytes());
        io.write_all(&req)?;
        let mut head = [0u8; 4];
        io.read_exact(&mut head)?;
        if head[1] != 0 {
            let why = match head[1] {
                1 => "general failure",
                2 => "connection not allowed by its rules",
                3 => "network unreachable",
                4 => "host unreachable",
                5 => "connection refused",
                6 => "TTL expired",
                7 => "command not supported",
                8 => "address type not supported",
                _ => "unknown error",
            };
            return Err(io::Error::other(format!("the SOCKS5 proxy could not connect to {host}:{port}: {why}")));
        }
        let rest = match head[3] {
            1 => 4 + 2,
            4 => 16 + 2,
            3 => {
                let mut len = [0u8; 1];
                io.read_exact(&mut len)?;
                len[0] as usize + 2
            }
            _ => return Err(io::Error::other("the SOCKS5 proxy sent an unknown address type")),
        };
        let mut skip = vec![0u8; rest];
        io.read_exact(&mut skip)?;
        Ok(())
    }

    fn socks4(&self, io: &mut dyn ureq::ReadWrite, host: &str, port: u16) -> io::Result<()> {
        let user = self.user.as_deref().map(String::as_str).unwrap_or("");
        let mut req = vec![4u8, 1];
        req.extend_from_slice(&port.to_be_bytes());
        let ip = host.parse::<Ipv4Addr>().ok();
        let domain = match (ip, self.kind) {
            (Some(a), _) => {
                req.extend_from_slice(&a.octets());
                None
            }
            (None, ProxyKind::Socks4a) => {
                req.extend_from_slice(&[0, 0, 0, 1]);
                Some(host)
            }
            (None, _) => {
                let addr = (host, port)
                    .to_socket_addrs()?
                    .find_map(|a| match a.ip() {
                        IpAddr::V4(v4) => Some(v4),
                        IpAddr::V6(_) => None,
                    })
                    .ok_or_else(|| io::Error::other(format!("{host} has no IPv4 address (SOCKS4 needs one)")))?;
                req.extend_from_slice(&addr.octets());
                None
            }
        };
        req.extend_from_slice(user.as_bytes());
        req.push(0);
        if let Some(d) = domain {
            req.extend_from_slice(d.as_bytes());
            req.push(0);
        }
        io.write_all(&req)?;
        let mut r = [0u8; 8];
        io.read_exact(&mut r)?;
        match r[1] {
            0x5a => Ok(()),
            0x5b => {
                Err(io::Error::other(format!("the SOCKS4 proxy refused or failed the connection to {host}:{port}")))
            }
            0x5c | 0x5d => Err(io::Error::other("the SOCKS4 proxy could not confirm the user (identd)")),
            c => Err(io::Error::other(format!("the SOCKS4 proxy answered with unknown code {c}"))),
        }
    }
}
