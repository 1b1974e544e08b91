//! The client against the sandbox FI over real TLS on loopback: every operation at SGML and XML
//! versions, the signon flows (bad password, MFA, CLIENTUID, AUTHTOKEN, USERKEY), images, quirk
//! profiles on the wire, the certificate callback, and every fault mode with its documented error.
#![cfg(feature = "sandbox")]

use std::sync::{Arc, Mutex};

use ofxkit::client::events::{CertDecision, ErrorEvent, ErrorKind, EventSink, ServerCert};
use ofxkit::client::ops::{AccountRef, StatementQuery};
use ofxkit::client::session::ImageRefType;
use ofxkit::client::{Client, ClientConfig, ClientErrorKind};
use ofxkit::document::{StatementBody, Syntax};
use ofxkit::sandbox::server::Fault;
use ofxkit::sandbox::{Sandbox, SandboxOptions};
use ofxkit::values::datetime::OfxDateTime;

const BANK: &str = "077700077";
const BROKER: &str = "sandbox.ofxkit.example";

fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions::default()).expect("sandbox starts")
}

fn config(sb: &Sandbox, user: &str, password: &str, version: u16) -> ClientConfig {
    let mut c = ClientConfig::default();
    c.set("url", &sb.url()).unwrap();
    c.set("org", "ofxkit Sandbox").unwrap();
    c.set("fid", "7777").unwrap();
    c.set("user_id", user).unwrap();
    c.set("password", password).unwrap();
    c.set("version", &version.to_string()).unwrap();
    c.set("ca_pem", std::str::from_utf8(sb.server.ca_pem()).unwrap()).unwrap();
    c
}

/// Records error events and certificate decisions.
#[derive(Default)]
struct Recorder {
    accept: bool,
    certs: Mutex<Vec<(String, String, bool)>>,
    errors: Mutex<Vec<(ErrorKind, String)>>,
}

impl EventSink for Recorder {
    fn has_cert_callback(&self) -> bool {
        self.accept
    }
    fn server_cert(&self, c: &ServerCert<'_>) -> CertDecision {
        self.certs.lock().unwrap().push((c.subject.to_string(), c.issuer.to_string(), c.trusted));
        if self.accept { CertDecision::Accept } else { CertDecision::Default }
    }
    fn error(&self, e: &ErrorEvent<'_>) {
        self.errors.lock().unwrap().push((e.kind, e.message.to_string()));
    }
}

fn client(sb: &Sandbox, version: u16) -> Client {
    Client::new(config(sb, "demo", "demo-pass", version), Arc::new(Recorder::default()))
}

fn bank(acct: &str, t: &str) -> AccountRef {
    AccountRef::Bank {
        bank_id: BANK.into(),
        branch_id: None,
        account_id: acct.into(),
        account_type: t.into(),
        account_key: None,
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<OfxDateTime> {
    OfxDateTime::from_ymd(y, m, d)
}

fn q(account: AccountRef) -> StatementQuery {
    let mut q = StatementQuery::new(account);
    q.start = day(2025, 1, 1);
    q.end = day(2025, 3, 1);
    q
}

fn signon_code(doc: &ofxkit::Document) -> Option<i64> {
    doc.signon_status().and_then(|s| s.code)
}

#[test]
fn every_operation_at_sgml_and_xml_versions() {
    let sb = sandbox();
    for v in [102u16, 103, 160, 200, 211, 220] {
        let mut c = client(&sb, v);
        let want_syntax = if v < 200 { Syntax::Sgml } else { Syntax::Xml };

        let doc = c.account_info(None).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(doc.syntax, want_syntax, "{v}");
        assert_eq!(doc.version(), v, "{v}");
        assert_eq!(signon_code(&doc), Some(0));
        assert_eq!(doc.accounts.len(), if v >= 210 { 5 } else { 4 }, "{v}: accounts");
        assert_eq!(c.known_accounts().map(|k| k.len()), Some(doc.accounts.len()), "{v}: learned");

        let doc = c.statement(&q(bank("1000123456", "CHECKING"))).unwrap();
        let st = &doc.statements[0];
        let StatementBody::Bank(b) = &st.body else { panic!("{v}: not a bank statement") };
        assert_eq!(doc.opt_text(&b.bankacctfrom.as_ref().unwrap().acctid), Some("1000123456"));
        let n = doc.transaction_count();
        assert!(n > 20 && n < 200, "{v}: {n} transactions in two months");
        assert!(b.ledgerbal.as_ref().and_then(|l| l.balamt).is_some());
        // Every transaction lies in [start, end).
        for t in &b.banktranlist.as_ref().unwrap().transactions {
            let d = t.dtposted.unwrap().unix_seconds;
            assert!(
                d >= day(2025, 1, 1).unwrap().unix_seconds - 86400 && d < day(2025, 3, 1).unwrap().unix_seconds + 86400
            );
        }

        let doc = c
            .statement(&q(AccountRef::CreditCard { account_id: "4000123412341234".into(), account_key: None }))
            .unwrap();
        assert!(matches!(doc.statements[0].body, StatementBody::CreditCard(_)), "{v}");
        assert!(doc.transaction_count() > 0);

        let doc = c
            .statement(&q(AccountRef::Investment { broker_id: BROKER.into(), account_id: "INV-77001".into() }))
            .unwrap();
        let StatementBody::Investment(inv) = &doc.statements[0].body else { panic!("{v}: not investment") };
        assert!(inv.invposlist.as_ref().is_some_and(|p| !p.positions.is_empty()), "{v}: positions");
        assert!(doc.securities.len() >= 3, "{v}: the security list comes back with the statement");

        let closing = c.closing(&bank("1000123456", "CHECKING"), day(2025, 1, 1), day(2025, 6, 30), None).unwrap();
        assert_eq!(closing.closings.len(), 1, "{v}");
        let cc = AccountRef::CreditCard { account_id: "4000123412341234".into(), account_key: None };
        assert_eq!(c.closing(&cc, day(2025, 1, 1), day(2025, 6, 30), None).unwrap().closings.len(), 1);

        let loan = AccountRef::Loan { account_id: "LN-55001".into(), loan_type: "AUTO".into() };
        if v >= 210 {
            let doc = c.statement(&q(loan.clone())).unwrap();
            assert!(matches!(doc.statements[0].body, StatementBody::Loan(_)), "{v}");
            assert_eq!(c.closing(&loan, None, None, None).unwrap().closings.len(), 1, "{v}");
        } else {
            // Refused before anything is sent.
            let e = c.statement(&q(loan)).unwrap_err();
            assert_eq!(e.kind, ClientErrorKind::Request, "{v}");
        }

        let doc = c.profile(None, None).unwrap();
        let p = doc.profile.as_ref().unwrap_or_else(|| panic!("{v}: no profile"));
        assert!(p.msgsetlist.is_some(), "{v}");
        // Up to date: status 1 and no profile.
        let doc = c.profile(day(2025, 1, 1), None).unwrap();
        assert!(doc.profile.is_none());
        assert_eq!(doc.wrappers[0].status.as_ref().and_then(|s| s.code), Some(1), "{v}");
    }
    let st = sb.server.stats();
    assert_eq!(st.tls_handshakes, 6, "one TLS handshake per client (connections are reused): {st:?}");
}

#[test]
fn signon_failures_keep_the_answer_readable() {
    let sb = sandbox();
    let mut c = Client::new(config(&sb, "demo", "wrong", 102), Arc::new(Recorder::default()));
    let doc = c.account_info(None).unwrap();
    assert_eq!(signon_code(&doc), Some(15500));
    assert!(doc.accounts.is_empty());
    let mut locked = Client::new(config(&sb, "locked", "locked-pass", 220), Arc::new(Recorder::default()));
    assert_eq!(signon_code(&locked.account_info(None).unwrap()), Some(15502));
}

#[test]
fn mfa_challenge_and_access_key() {
    let sb = sandbox();
    for v in [103u16, 211] {
        let mut c = Client::new(config(&sb, "mfa", "mfa-pass", v), Arc::new(Recorder::default()));
        assert_eq!(signon_code(&c.account_info(None).unwrap()), Some(3000), "{v}");
        let (_, qs) = c.mfa_challenge().unwrap();
        let ids: Vec<&str> = qs.iter().map(|q| q.phrase_id.as_str()).collect();
        assert!(ids.contains(&"MFA13") && ids.contains(&"MFA16"), "{v}: {ids:?}");
        assert!(qs.iter().any(|q| q.label.as_deref().is_some_and(|l| !l.is_empty())));
        c.set_mfa_answer("MFA13", "wrong");
        c.set_mfa_answer("MFA16", "rex");
        c.set_mfa_answer("MFA107", "InetClntApp/3.0");
        assert_eq!(signon_code(&c.account_info(None).unwrap()), Some(3001), "{v}: wrong answer");
        c.set_mfa_answer("MFA13", "blue");
        let doc = c.account_info(None).unwrap();
        assert_eq!(signon_code(&doc), Some(0), "{v}");
        assert_eq!(doc.accounts.len(), 1);
        let key = c.config.access_key.clone().expect("the ACCESSKEY is kept");
        // A new client (a later session) signs on with the ACCESSKEY alone.
        let mut cfg = config(&sb, "mfa", "mfa-pass", v);
        cfg.access_key = Some(key);
        let mut later = Client::new(cfg, Arc::new(Recorder::default()));
        assert_eq!(signon_code(&later.account_info(None).unwrap()), Some(0), "{v}");
    }
}

#[test]
fn clientuid_registration_authtoken_userkey() {
    let sb = sandbox();
    let uid = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
    let mut c = Client::new(config(&sb, "uid", "uid-pass", 102), Arc::new(Recorder::default()));
    assert_eq!(signon_code(&c.account_info(None).unwrap()), Some(15510), "no CLIENTUID");
    c.set("client_uid", uid).unwrap();
    assert_eq!(signon_code(&c.account_info(None).unwrap()), Some(15510), "not yet approved");
    assert_eq!(sb.fi.pending_client_uids("uid"), vec![uid.to_string()]);
    assert!(sb.fi.approve_client_uid("uid", uid));
    assert_eq!(signon_code(&c.account_info(None).unwrap()), Some(0), "approved, even at 1.0.2");

    let mut t = Client::new(config(&sb, "token", "token-pass", 220), Arc::new(Recorder::default()));
    assert_eq!(signon_code(&t.account_info(None).unwrap()), Some(15512));
    t.set("auth_token", "TOKEN-1234").unwrap();
    assert_eq!(signon_code(&t.account_info(None).unwrap()), Some(0));
    assert!(t.config.auth_token.is_none(), "an AUTHTOKEN is used once");

    let mut k = client(&sb, 160);
    k.set("gen_user_key", "true").unwrap();
    assert_eq!(signon_code(&k.account_info(None).unwrap()), Some(0));
    let key = k.config.user_key.clone().expect("USERKEY kept");
    let mut cfg = ClientConfig { user_id: None, password: None, user_key: Some(key), ..config(&sb, "x", "y", 160) };
    cfg.user_id = None;
    let mut later = Client::new(cfg, Arc::new(Recorder::default()));
    assert_eq!(signon_code(&later.account_info(None).unwrap()), Some(0), "signon by USERKEY");
    let seen = sb.server.requests();
    let last = String::from_utf8_lossy(&seen.last().unwrap().body).to_string();
    assert!(last.contains("<USERKEY>") && !last.contains("<USERID>"), "{last}");
}

#[test]
fn images_by_opaque_reference_and_url() {
    let sb = sandbox();
    let mut c = client(&sb, 211);
    let mut query = q(bank("1000123456", "CHECKING"));
    query.include_images = Some(true);
    let doc = c.statement(&query).unwrap();
    let json: serde_json::Value = serde_json::from_str(&ofxkit::json::to_json(&doc)).unwrap();
    let images: Vec<(String, String)> = json["statements"][0]["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["images"].as_array().cloned().unwrap_or_default())
        .map(|i| (i["ref_type"].as_str().unwrap().to_string(), i["ref"].as_str().unwrap().to_string()))
        .collect();
    let opaque = images.iter().find(|(t, _)| t == "OPAQUE").expect("an OPAQUE image reference");
    let url = images.iter().find(|(t, _)| t == "URL").expect("a URL image reference");
    let a = c.image(ImageRefType::Opaque, &opaque.1).unwrap();
    assert_eq!(a.content_type, "image/png");
    assert_eq!(&a.bytes[..8], b"\x89PNG\r\n\x1a\n");
    let b = c.image(ImageRefType::Url, &url.1).unwrap();
    assert_eq!(&b.bytes[..4], b"\x89PNG");
    let e = c.image(ImageRefType::Opaque, "NO-SUCH-IMAGE").unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::HttpStatus), "{e}");
}

#[test]
fn quirk_profile_reaches_the_wire() {
    let sb = sandbox();
    let mut c = client(&sb, 102);
    c.set("profile", "discover").unwrap();
    c.set("user_agent", "ofxkit-test/1").unwrap();
    assert_eq!(signon_code(&c.profile(None, None).unwrap()), Some(0));
    let r = sb.server.requests().pop().unwrap();
    let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(&names[..4], &["Content-Type", "Host", "Content-Length", "Connection"], "{names:?}");
    assert_eq!(r.header("connection"), Some("Keep-Alive"));
    assert_eq!(r.header("user-agent"), Some("ofxkit-test/1"));
    assert_eq!(r.header("content-type"), Some("application/x-ofx"));
    let body = String::from_utf8_lossy(&r.body);
    assert!(body.starts_with("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n"), "{body}");
    assert!(!body.contains("</USERID>"), "1.x leaf end tags are off by default");
}

#[test]
fn certificate_callback_accepts_an_untrusted_sandbox() {
    let sb = sandbox();
    let mut cfg = config(&sb, "demo", "demo-pass", 220);
    cfg.transport.extra_ca_pem.clear();
    // Without a callback: refused, with a message saying what to do.
    let rec = Arc::new(Recorder::default());
    let mut c = Client::new(cfg.clone(), rec.clone());
    let e = c.profile(None, None).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Certificate), "{e}");
    assert_eq!(rec.errors.lock().unwrap().len(), 1, "one error event");
    assert_eq!(rec.errors.lock().unwrap()[0].0, ErrorKind::Certificate);
    // With a callback that accepts: it sees the certificate, marked untrusted.
    let rec = Arc::new(Recorder { accept: true, ..Default::default() });
    let mut c = Client::new(cfg, rec.clone());
    assert_eq!(signon_code(&c.profile(None, None).unwrap()), Some(0));
    let certs = rec.certs.lock().unwrap().clone();
    assert_eq!(certs.len(), 1);
    assert!(certs[0].1.contains("ofxkit sandbox CA"), "issuer: {}", certs[0].1);
    assert!(!certs[0].2, "the library's own verdict is 'not trusted'");
}

fn fault_case(sb: &Sandbox, fault: Fault) -> Result<ofxkit::Document, ofxkit::client::ClientError> {
    sb.server.set_fault(fault);
    let mut c = client(sb, 102);
    c.set("timeout_ms", "1500").unwrap();
    let r = c.account_info(None);
    sb.server.set_fault(Fault::None);
    r
}

#[test]
fn every_fault_mode_gives_its_documented_error() {
    let sb = sandbox();
    let kind = |r: Result<ofxkit::Document, ofxkit::client::ClientError>| {
        r.map(|_| ()).map_err(|e| (e.error_kind(), e.message))
    };
    let (k, m) = kind(fault_case(&sb, Fault::DropAfterHeaders)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Reset), "{m}");
    let (k, m) = kind(fault_case(&sb, Fault::TruncatedBody)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Reset), "{m}");
    let (k, m) = kind(fault_case(&sb, Fault::TruncatedOfx)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Truncated), "{m}");
    assert!(m.starts_with("truncated OFX"), "{m}");
    let e = fault_case(&sb, Fault::HtmlError).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::HttpStatus));
    let t = e.transport.as_ref().unwrap();
    assert_eq!(t.http_status, Some(500));
    assert!(t.body_start.as_deref().unwrap_or("").contains("Error 500"), "{t:?}");
    let (k, m) = kind(fault_case(&sb, Fault::Html200)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::BadResponse), "{m}");
    assert!(m.contains("not OFX") && m.contains("Access Denied"), "{m}");
    assert_eq!(signon_code(&fault_case(&sb, Fault::EmptyWithCookie).unwrap()), Some(0), "retried with the cookie");
    let (k, m) = kind(fault_case(&sb, Fault::EmptyNoCookie)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::EmptyBody), "{m}");
    let (k, m) = kind(fault_case(&sb, Fault::UntrustedCert)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Certificate), "{m}");
    let e = fault_case(&sb, Fault::Status(503)).unwrap_err();
    assert_eq!(e.transport.as_ref().and_then(|t| t.http_status), Some(503));
    let (k, m) = kind(fault_case(&sb, Fault::Delay(std::time::Duration::from_secs(4)))).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Timeout), "{m}");
    let (k, m) = kind(fault_case(&sb, Fault::DropBeforeReply)).unwrap_err();
    assert_eq!(k, Some(ErrorKind::Reset), "{m}");
    // Network faults.
    let mut cfg = config(&sb, "demo", "demo-pass", 102);
    cfg.set("url", "https://nonexistent.invalid/ofx").unwrap();
    let e = Client::new(cfg.clone(), Arc::new(Recorder::default())).account_info(None).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Dns), "{e}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    cfg.set("url", &format!("https://localhost:{closed}/ofx")).unwrap();
    let e = Client::new(cfg.clone(), Arc::new(Recorder::default())).account_info(None).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Connect), "{e}");
    cfg.set("url", "http://localhost:1/ofx").unwrap();
    let e = Client::new(cfg, Arc::new(Recorder::default())).account_info(None).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::InvalidUrl), "{e}");
    assert!(!e.message.contains("demo-pass"));
}
