//! A client's configuration: the FI, the user's credentials, the application's identity, the OFX
//! version (per request type when an FI needs it), the request format and the transport. Every knob
//! has a string key for [`ClientConfig::set`] (the product's Config), which quirk profiles use too.
//!
//! Credentials are kept in [`Secret`]s: wiped from memory when dropped, and masked in `Debug`.

use std::time::Duration;

use zeroize::Zeroizing;

use crate::client::fi_profile;
use crate::client::request::{Newline, RequestFormat, RequestKind};
use crate::client::transport::{TlsVersion, TransportConfig};

/// A credential: zeroed when dropped, never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(s: &str) -> Secret {
        Secret(Zeroizing::new(s.to_string()))
    }
    /// The value (for writing the request; never for messages).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// When CLIENTUID is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientUidPolicy {
    /// Whenever it is set, at any version (some FIs want it even at 1.0.2: captin411/ofxclient#79).
    WhenSet,
    /// Only from 1.0.3 (and at 2.x), as some libraries do.
    FromV103,
    /// Never.
    Never,
}

/// Everything a client needs to talk to one FI as one user.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The FI's OFX server URL (https://...).
    pub url: String,
    /// FI/ORG and FI/FID of the signon.
    pub org: Option<String>,
    pub fid: Option<String>,
    pub user_id: Option<Secret>,
    pub password: Option<Secret>,
    /// APPID and APPVER (default QWIN 2700: what servers accept today).
    pub app_id: String,
    pub app_ver: String,
    pub app_key: Option<String>,
    pub language: String,
    /// The OFX version of requests, unless a request type has its own.
    pub version: u16,
    /// Per request type versions (an FI that answers the profile at 2.x and statements at 1.02).
    pub versions: Vec<(RequestKind, u16)>,
    pub client_uid: Option<String>,
    pub client_uid_policy: ClientUidPolicy,
    /// USERKEY instead of USERID/USERPASS; GENUSERKEY asks the server for one.
    pub user_key: Option<Secret>,
    pub gen_user_key: bool,
    /// ACCESSKEY (given by the server after MFA), AUTHTOKEN (one-time, from enrolment), ACCESSTOKEN.
    pub access_key: Option<Secret>,
    pub auth_token: Option<Secret>,
    pub access_token: Option<Secret>,
    pub user_cred1: Option<Secret>,
    pub user_cred2: Option<Secret>,
    pub sess_cookie: Option<String>,
    /// Request format (its `version` field is replaced per request by [`ClientConfig::version_for`]).
    pub format: RequestFormat,
    pub transport: TransportConfig,
    /// Profiles applied, in order (for messages).
    pub profiles: Vec<String>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            url: String::new(),
            org: None,
            fid: None,
            user_id: None,
            password: None,
            app_id: "QWIN".into(),
            app_ver: "2700".into(),
            app_key: None,
            language: "ENG".into(),
            version: 102,
            versions: Vec::new(),
            client_uid: None,
            client_uid_policy: ClientUidPolicy::WhenSet,
            user_key: None,
            gen_user_key: false,
            access_key: None,
            auth_token: None,
            access_token: None,
            user_cred1: None,
            user_cred2: None,
            sess_cookie: None,
            format: RequestFormat::default(),
            transport: TransportConfig::default(),
            profiles: Vec::new(),
        }
    }
}

/// The configuration keys [`ClientConfig::set`] takes, with a one-line description each.
pub const KEYS: &[(&str, &str)] = &[
    ("url", "the FI's OFX server URL"),
    ("org", "FI ORG of the signon"),
    ("fid", "FI FID of the signon"),
    ("user_id", "USERID"),
    ("password", "USERPASS"),
    ("app_id", "APPID (default QWIN)"),
    ("app_ver", "APPVER (default 2700)"),
    ("app_key", "APPKEY"),
    ("language", "LANGUAGE (default ENG)"),
    ("version", "OFX version of requests: 102 103 151 160 200 201 202 203 210 211 220 230 (default 102)"),
    ("version.<request type>", "version for one request type (account_info, bank_statement, profile, ...)"),
    ("client_uid", "CLIENTUID (a UUID the FI registers for this device)"),
    ("client_uid_policy", "when CLIENTUID is sent: when_set (default), from_103, never"),
    ("user_key", "USERKEY instead of USERID/USERPASS"),
    ("gen_user_key", "GENUSERKEY: true/false"),
    ("access_key", "ACCESSKEY (after MFA)"),
    ("auth_token", "AUTHTOKEN"),
    ("access_token", "ACCESSTOKEN"),
    ("user_cred1", "USERCRED1"),
    ("user_cred2", "USERCRED2"),
    ("sess_cookie", "SESSCOOKIE"),
    ("leaf_end_tags", "1.x: close leaf elements (default false)"),
    ("newline", "line endings of requests: crlf (default), lf, none"),
    ("indent", "indent request elements (default false)"),
    ("old_file_uid", "OLDFILEUID (default NONE)"),
    ("new_file_uid", "NEWFILEUID (default NONE; 'uuid' makes a fresh one per request)"),
    ("date_format", "request dates: full (default), seconds-zone, millis, seconds, day"),
    ("date_offset", "minutes east of UTC that request times are written in (default 0)"),
    ("user_agent", "User-Agent (default InetClntApp/3.0)"),
    ("accept", "Accept (default */*, application/x-ofx, application/xml;q=0.9)"),
    ("content_type", "Content-Type (default application/x-ofx)"),
    ("header", "add an HTTP header: 'Name: value'"),
    ("header_order", "comma-separated header names written first, in that order"),
    ("connection", "Connection header value (default: not sent)"),
    ("connect_timeout_ms", "connect timeout in milliseconds (default 30000; 0 = none)"),
    ("timeout_ms", "whole-exchange timeout in milliseconds (default 120000; 0 = none)"),
    ("proxy", "proxy URL: http://user:pass@host:port, socks5://host:port, socks4://host:port"),
    ("max_response_bytes", "largest answer accepted (default 67108864)"),
    ("use_system_roots", "trust the system's CA store (default true)"),
    ("ca_file", "also trust the CA certificates of this PEM file"),
    ("ca_pem", "also trust these PEM CA certificates"),
    ("client_cert_file", "client certificate: a PKCS#12 file (with client_cert_password)"),
    ("client_cert_password", "password of the PKCS#12 file"),
    ("min_tls", "minimum TLS version: tls10, tls11, tls12, tls13 (default: the TLS library's)"),
    ("retry_empty_with_cookies", "send again with cookies after an empty 200 with Set-Cookie (default true)"),
    ("allow_http", "allow plain http:// URLs (default false)"),
    ("profile", "apply a built-in quirk profile by name"),
];

/// Whether a key only concerns the request document (signon fields, versions, format), so that a
/// client's connections stay valid when it changes. Every other key may change the transport.
pub fn is_document_key(key: &str) -> bool {
    matches!(
        key,
        "org"
            | "fid"
            | "user_id"
            | "password"
            | "app_id"
            | "app_ver"
            | "app_key"
            | "language"
            | "version"
            | "client_uid"
            | "client_uid_policy"
            | "user_key"
            | "gen_user_key"
            | "access_key"
            | "auth_token"
            | "access_token"
            | "user_cred1"
            | "user_cred2"
            | "sess_cookie"
            | "leaf_end_tags"
            | "newline"
            | "indent"
            | "old_file_uid"
            | "new_file_uid"
            | "date_format"
            | "date_offset"
    ) || key.starts_with("version.")
}

fn parse_bool(key: &str, v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "on" => Ok(true),
        "0" | "false" | "no" | "n" | "off" => Ok(false),
        _ => Err(format!("{key}: '{v}' is not a boolean (true/false)")),
    }
}

fn parse_version(key: &str, v: &str) -> Result<u16, String> {
    let n: u16 = v.trim().parse().map_err(|_| format!("{key}: '{v}' is not an OFX version"))?;
    if crate::markup::writer::Version::from_number(u32::from(n)).is_none() {
        return Err(format!(
            "{key}: {n} is not a version ofxkit writes (102, 103, 151, 160, 200, 201, 202, 203, 210, 211, 220, 230)"
        ));
    }
    Ok(n)
}

fn opt(v: &str) -> Option<String> {
    let t = v.trim();
    if t.is_empty() { None } else { Some(t.to_string()) }
}

fn secret(v: &str) -> Option<Secret> {
    if v.is_empty() { None } else { Some(Secret::new(v)) }
}

fn millis(key: &str, v: &str) -> Result<Option<Duration>, String> {
    let n: u64 = v.trim().parse().map_err(|_| format!("{key}: '{v}' is not a number of milliseconds"))?;
    Ok(if n == 0 { None } else { Some(Duration::from_millis(n)) })
}

impl ClientConfig {
    /// The version a request type is sent at.
    pub fn version_for(&self, kind: RequestKind) -> u16 {
        self.versions.iter().rev().find(|(k, _)| *k == kind).map(|(_, v)| *v).unwrap_or(self.version)
    }

    /// Sets one knob by key (see [`KEYS`]). An empty value clears an optional setting. Secrets are
    /// never repeated in error messages.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value;
        match key {
            "url" => self.url = v.trim().to_string(),
            "org" => self.org = opt(v),
            "fid" => self.fid = opt(v),
            "user_id" => self.user_id = secret(v),
            "password" => self.password = secret(v),
            "app_id" => self.app_id = v.trim().to_string(),
            "app_ver" => self.app_ver = v.trim().to_string(),
            "app_key" => self.app_key = opt(v),
            "language" => self.language = v.trim().to_ascii_uppercase(),
            "version" => self.version = parse_version(key, v)?,
            "client_uid" => self.client_uid = opt(v),
            "client_uid_policy" => {
                self.client_uid_policy = match v.trim().to_ascii_lowercase().as_str() {
                    "when_set" | "always" => ClientUidPolicy::WhenSet,
                    "from_103" => ClientUidPolicy::FromV103,
                    "never" => ClientUidPolicy::Never,
                    _ => return Err(format!("client_uid_policy: '{v}' is not when_set, from_103 or never")),
                }
            }
            "user_key" => self.user_key = secret(v),
            "gen_user_key" => self.gen_user_key = parse_bool(key, v)?,
            "access_key" => self.access_key = secret(v),
            "auth_token" => self.auth_token = secret(v),
            "access_token" => self.access_token = secret(v),
            "user_cred1" => self.user_cred1 = secret(v),
            "user_cred2" => self.user_cred2 = secret(v),
            "sess_cookie" => self.sess_cookie = opt(v),
            "leaf_end_tags" => self.format.leaf_end_tags = parse_bool(key, v)?,
            "newline" => {
                self.format.newline =
                    Newline::from_name(v).ok_or_else(|| format!("newline: '{v}' is not crlf, lf or none"))?
            }
            "indent" => self.format.indent = parse_bool(key, v)?,
            "old_file_uid" => self.format.old_file_uid = opt(v).unwrap_or_else(|| "NONE".into()),
            "new_file_uid" => self.format.new_file_uid = opt(v).unwrap_or_else(|| "NONE".into()),
            "date_format" => {
                self.format.dates =
                    self.format.dates.with_name(v.trim()).ok_or_else(|| {
                        format!("date_format: '{v}' is not full, seconds-zone, millis, seconds or day")
                    })?
            }
            "date_offset" => {
                let m: i32 = v.trim().parse().map_err(|_| format!("date_offset: '{v}' is not a number of minutes"))?;
                if !(-720..=840).contains(&m) {
                    return Err(format!("date_offset: {m} minutes is outside -720..=840"));
                }
                self.format.dates.offset_minutes = m;
            }
            "user_agent" => self.transport.user_agent = v.to_string(),
            "accept" => self.transport.accept = v.to_string(),
            "content_type" => self.transport.content_type = v.trim().to_string(),
            "header" => {
                let Some((n, val)) = v.split_once(':') else {
                    return Err(format!("header: '{v}' is not 'Name: value'"));
                };
                let n = n.trim();
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
                    return Err(format!("header: '{n}' is not a valid header name"));
                }
                if val.contains(['\r', '\n']) {
                    return Err("header: a value may not contain line breaks".into());
                }
                self.transport.extra_headers.push((n.to_string(), val.trim().to_string()));
            }
            "header_order" => {
                self.transport.header_order =
                    v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
            }
            "connection" => self.transport.connection_header = opt(v),
            "connect_timeout_ms" => self.transport.connect_timeout = millis(key, v)?,
            "timeout_ms" => self.transport.timeout = millis(key, v)?,
            "proxy" => self.transport.proxy = opt(v),
            "max_response_bytes" => {
                self.transport.max_response_bytes =
                    v.trim().parse().map_err(|_| format!("max_response_bytes: '{v}' is not a number"))?
            }
            "use_system_roots" => self.transport.use_system_roots = parse_bool(key, v)?,
            "ca_file" => {
                let pem = std::fs::read(v.trim()).map_err(|e| format!("ca_file: cannot read '{}': {e}", v.trim()))?;
                self.add_ca_pem(pem)?;
            }
            "ca_pem" => self.add_ca_pem(v.as_bytes().to_vec())?,
            "client_cert_file" => {
                if v.trim().is_empty() {
                    self.transport.client_identity = None;
                } else {
                    let der = std::fs::read(v.trim())
                        .map_err(|e| format!("client_cert_file: cannot read '{}': {e}", v.trim()))?;
                    let pw = self.transport.client_identity.take().map(|(_, p)| p).unwrap_or_default();
                    self.transport.client_identity = Some((der, pw));
                }
            }
            "client_cert_password" => match &mut self.transport.client_identity {
                Some((_, p)) => *p = v.to_string(),
                None => self.transport.client_identity = Some((Vec::new(), v.to_string())),
            },
            "min_tls" => {
                self.transport.min_tls = match v.trim().to_ascii_lowercase().as_str() {
                    "" | "default" => None,
                    "tls10" | "1.0" => Some(TlsVersion::Tls10),
                    "tls11" | "1.1" => Some(TlsVersion::Tls11),
                    "tls12" | "1.2" => Some(TlsVersion::Tls12),
                    "tls13" | "1.3" => Some(TlsVersion::Tls13),
                    _ => return Err(format!("min_tls: '{v}' is not tls10, tls11, tls12 or tls13")),
                }
            }
            "retry_empty_with_cookies" => self.transport.retry_empty_with_cookies = parse_bool(key, v)?,
            "allow_http" => self.transport.allow_http = parse_bool(key, v)?,
            "profile" => self.apply_profile(v.trim())?,
            _ => {
                if let Some(kind) = key.strip_prefix("version.") {
                    let k = RequestKind::from_name(kind).ok_or_else(|| {
                        let names: Vec<&str> = RequestKind::ALL.iter().map(|k| k.name()).collect();
                        format!("{key}: unknown request type '{kind}' ({})", names.join(", "))
                    })?;
                    let n = parse_version(key, v)?;
                    self.versions.push((k, n));
                } else {
                    return Err(format!("unknown configuration key '{key}'"));
                }
            }
        }
        Ok(())
    }

    fn add_ca_pem(&mut self, pem: Vec<u8>) -> Result<(), String> {
        if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
            return Err("CA bundle: no PEM certificate (-----BEGIN CERTIFICATE-----) found".into());
        }
        self.transport.extra_ca_pem.push(pem);
        Ok(())
    }

    /// Applies a built-in quirk profile.
    pub fn apply_profile(&mut self, name: &str) -> Result<(), String> {
        let p = fi_profile::builtin(name).ok_or_else(|| {
            let names: Vec<&str> = fi_profile::BUILTIN.iter().map(|p| p.name).collect();
            format!("unknown profile '{name}' (built in: {})", names.join(", "))
        })?;
        for (k, v) in p.settings {
            self.set(k, v)?;
        }
        self.profiles.push(p.name.to_string());
        Ok(())
    }

    /// Applies a profile an application supplies as `key=value` lines (all or nothing: on an error
    /// nothing is changed).
    pub fn apply_profile_text(&mut self, text: &str) -> Result<(), String> {
        let settings = fi_profile::parse_profile_text(text)?;
        let mut next = self.clone();
        for (k, v) in &settings {
            next.set(k, v).map_err(|e| format!("profile: {e}"))?;
        }
        next.profiles.push("(application)".into());
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_profiles() {
        let mut c = ClientConfig::default();
        c.set("version", "211").unwrap();
        c.set("version.profile", "220").unwrap();
        assert_eq!(c.version_for(RequestKind::Profile), 220);
        assert_eq!(c.version_for(RequestKind::BankStatement), 211);
        assert!(c.set("version", "104").unwrap_err().contains("104"));
        assert!(c.set("version.bogus", "102").unwrap_err().contains("bogus"));
        c.set("password", "hunter2").unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(c.set("gen_user_key", "maybe").is_err());
        c.set("header", "X-Test: 1").unwrap();
        assert!(c.set("header", "Bad Name: 1").is_err());
        c.apply_profile("discover").unwrap();
        assert_eq!(c.transport.header_order, vec!["Content-Type", "Host", "Content-Length", "Connection"]);
        assert_eq!(c.transport.connection_header.as_deref(), Some("Keep-Alive"));
        c.apply_profile("profile-v2-statements-v1").unwrap();
        assert_eq!(c.version_for(RequestKind::BankStatement), 102);
        assert_eq!(c.version_for(RequestKind::Profile), 220);
        assert!(c.apply_profile("nope").unwrap_err().contains("discover"));
        // All or nothing.
        let before = c.transport.user_agent.clone();
        assert!(c.apply_profile_text("user_agent=X\nversion=999\n").is_err());
        assert_eq!(c.transport.user_agent, before);
        c.apply_profile_text("user_agent = Quicken 2024\ndate_format=seconds\n").unwrap();
        assert_eq!(c.transport.user_agent, "Quicken 2024");
        assert_eq!(c.profiles, vec!["discover", "profile-v2-statements-v1", "(application)"]);
        // Transport keys rebuild the connection, document keys do not (a changed certificate password
        // must not keep an old transport).
        assert!(!is_document_key("client_cert_password") && !is_document_key("ca_file") && !is_document_key("proxy"));
        assert!(is_document_key("password") && is_document_key("version.profile") && is_document_key("date_format"));
        // Every key of KEYS is known to set() (with a plausible value).
        for (k, _) in KEYS {
            let val = match *k {
                "version" | "version.<request type>" => continue,
                "client_uid_policy" => "never",
                "newline" => "lf",
                "date_format" => "day",
                "date_offset" => "60",
                "min_tls" => "tls12",
                "profile" => "default",
                "header" => "X-A: b",
                "ca_file" | "client_cert_file" | "ca_pem" => continue,
                "connect_timeout_ms" | "timeout_ms" | "max_response_bytes" => "1000",
                "leaf_end_tags"
                | "indent"
                | "gen_user_key"
                | "use_system_roots"
                | "retry_empty_with_cookies"
                | "allow_http" => "true",
                _ => "x",
            };
            c.set(k, val).unwrap_or_else(|e| panic!("{k}: {e}"));
        }
    }
}
