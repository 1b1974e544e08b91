//! Reading a request: the header rules, the library's reader in strict mode, and the FI's own checks
//! (a request document, a signon, a TRNUID in every transaction). Any failure is an `Err` with a message
//! saying exactly what is wrong (the handler answers it as HTTP 400).

use crate::document::{Document, ParseError, ParseOptions, Syntax};
use crate::markup::header::{self, HeaderKind};
use crate::markup::tree::NodeRef;
use crate::markup::warning::Warnings;
use crate::model::grammar::{self, ids};

/// Versions the sandbox answers (1.x SGML and 2.x XML).
pub(crate) const V1_VERSIONS: [u16; 4] = [102, 103, 151, 160];
/// 2.x versions the sandbox answers.
pub(crate) const V2_VERSIONS: [u16; 8] = [200, 201, 202, 203, 210, 211, 220, 230];

/// Requests larger than this are refused (a sandbox request is a few kilobytes).
pub(crate) const MAX_BODY: usize = 4 << 20;

/// A request that passed every check.
pub(crate) struct Request {
    pub doc: Document,
    pub version: u16,
    pub xml: bool,
    pub old_uid: String,
    pub new_uid: String,
}

impl Request {
    /// The SONRQ (always present once read).
    pub fn sonrq(&self) -> NodeRef<'_> {
        self.doc.path("SIGNONMSGSRQV1/SONRQ").unwrap_or_else(|| self.doc.root())
    }
}

/// Reads and checks a request body.
pub(crate) fn read(body: &[u8]) -> Result<Request, String> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty request body: expected an OFX request document".into());
    }
    if body.len() > MAX_BODY {
        return Err(format!("request body of {} bytes is over the sandbox's limit of {MAX_BODY}", body.len()));
    }
    let mut w = Warnings::new();
    let head = header::parse_header(body, &mut w).map_err(|e| format!("not an OFX request: {}", e.message()))?;
    let (version, xml) = check_header(&head, body)?;
    let doc = match Document::parse_with(body, ParseOptions { strict: true }) {
        Ok(d) => d,
        Err(ParseError::Strict(_)) if xml && mfa_in_xml(body) => {
            // The 2.3 schema has no MFACHALLENGETRNRQ in SIGNONMSGSRQV1 (the 1.0.3 DTD and 2.1.1 do): read the
            // document tolerantly and check it with the DTD's model of the signon message set instead.
            let d = Document::parse(body).map_err(|e| format!("not an OFX request: {e}"))?;
            if let Some(first) = d.warnings.first() {
                return Err(format!("the request breaks the OFX spec (strict reading): {first}"));
            }
            check_with_mfa(&d).map_err(|m| format!("the request breaks the OFX spec (strict reading): {m}"))?;
            d
        }
        Err(ParseError::Strict(v)) => return Err(format!("the request breaks the OFX spec (strict reading): {v}")),
        Err(e) => return Err(format!("not an OFX request: {e}")),
    };
    if xml != (doc.syntax == Syntax::Xml) {
        return Err("the body's syntax does not match the header's version (SGML for 1.x, XML for 2.x)".into());
    }
    check_structure(&doc)?;
    let field = |k: &str| head.field(k).unwrap_or("NONE").to_string();
    Ok(Request { version, xml, old_uid: field("OLDFILEUID"), new_uid: field("NEWFILEUID"), doc })
}

/// The header rules; returns the version and whether it is 2.x.
fn check_header(head: &header::Header, body: &[u8]) -> Result<(u16, bool), String> {
    let need = |k: &str| head.field(k).ok_or_else(|| format!("header field {k} is missing"));
    match head.kind {
        HeaderKind::None => Err("no OFX header: a 1.x request needs the OFXHEADER:100 colon header, a 2.x request \
             the <?xml?> and <?OFX OFXHEADER=\"200\" ...?> processing instructions"
            .into()),
        HeaderKind::Colon => {
            for k in [
                "OFXHEADER",
                "DATA",
                "VERSION",
                "SECURITY",
                "ENCODING",
                "CHARSET",
                "COMPRESSION",
                "OLDFILEUID",
                "NEWFILEUID",
            ] {
                need(k)?;
            }
            let h = need("OFXHEADER")?;
            if h != "100" {
                return Err(format!("header OFXHEADER is '{h}': a 1.x header must say OFXHEADER:100"));
            }
            let d = need("DATA")?;
            if d != "OFXSGML" {
                return Err(format!("header DATA is '{d}': a 1.x header must say DATA:OFXSGML"));
            }
            let v = version_of(head)?;
            if !V1_VERSIONS.contains(&v) {
                return Err(format!(
                    "header VERSION {v} is not a 1.x version the sandbox answers ({}) in a 1.x colon header",
                    list(&V1_VERSIONS)
                ));
            }
            let s = need("SECURITY")?;
            if s != "NONE" {
                return Err(format!("header SECURITY is '{s}': the sandbox supports SECURITY:NONE only"));
            }
            let c = need("COMPRESSION")?;
            if c != "NONE" {
                return Err(format!("header COMPRESSION is '{c}': the sandbox supports COMPRESSION:NONE only"));
            }
            let e = need("ENCODING")?;
            if e != "USASCII" && e != "UTF-8" {
                return Err(format!("header ENCODING is '{e}': expected USASCII or UTF-8"));
            }
            Ok((v, false))
        }
        HeaderKind::Xml => {
            let before = &body[..head.body_start.min(body.len())];
            let lower: Vec<u8> = before.iter().map(|b| b.to_ascii_lowercase()).collect();
            let xml_at = memchr::memmem::find(&lower, b"<?xml");
            let ofx_at = memchr::memmem::find(&lower, b"<?ofx");
            if xml_at.is_none() || xml_at > ofx_at {
                return Err(
                    "a 2.x request must start with the <?xml version=\"1.0\"?> declaration before <?OFX ...?>".into()
                );
            }
            for k in ["OFXHEADER", "VERSION", "SECURITY", "OLDFILEUID", "NEWFILEUID"] {
                need(k).map_err(|_| format!("the <?OFX?> processing instruction has no {k}"))?;
            }
            let h = need("OFXHEADER")?;
            if h != "200" {
                return Err(format!("<?OFX?> OFXHEADER is '{h}': a 2.x header must say OFXHEADER=\"200\""));
            }
            let v = version_of(head)?;
            if !V2_VERSIONS.contains(&v) {
                return Err(format!(
                    "<?OFX?> VERSION {v} is not a 2.x version the sandbox answers ({})",
                    list(&V2_VERSIONS)
                ));
            }
            let s = need("SECURITY")?;
            if s != "NONE" {
                return Err(format!("<?OFX?> SECURITY is '{s}': the sandbox supports SECURITY=\"NONE\" only"));
            }
            Ok((v, true))
        }
    }
}

fn version_of(head: &header::Header) -> Result<u16, String> {
    let raw = head.field("VERSION").unwrap_or("");
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("header VERSION '{raw}' is not a version number such as 102 or 211"));
    }
    raw.parse::<u16>().map_err(|_| format!("header VERSION '{raw}' is not a version number"))
}

fn list(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// Whether an XML body carries an MFA challenge request (the one element 2.3's schema lacks).
fn mfa_in_xml(body: &[u8]) -> bool {
    memchr::memmem::find(body, b"<MFACHALLENGETRNRQ>").is_some()
}

/// Strict checks of a 2.x request whose signon message set holds MFACHALLENGETRNRQ: the signon message set
/// against the DTD's model (which has it), everything else against the schema's.
fn check_with_mfa(doc: &Document) -> Result<(), String> {
    let root = doc.root();
    let kids: Vec<grammar::ElemId> = root.children().filter_map(|c| c.elem()).collect();
    grammar::validate_children(ids::OFX, &kids, true).map_err(|e| format!("OFX: {e}"))?;
    let mut w = Warnings::new();
    for set in root.children() {
        if set.elem() == Some(ids::SIGNONMSGSRQV1) {
            let k: Vec<grammar::ElemId> = set.children().filter_map(|c| c.elem()).collect();
            grammar::validate_children(ids::SIGNONMSGSRQV1, &k, false).map_err(|e| format!("SIGNONMSGSRQV1: {e}"))?;
            for c in set.children() {
                crate::model::validate::validate(c, true, &mut w);
            }
        } else {
            crate::model::validate::validate(set, true, &mut w);
        }
    }
    match w.finish("").into_iter().next() {
        Some(first) => Err(first.message),
        None => Ok(()),
    }
}

/// A request document with a signon, V1 message sets only, and a TRNUID in every transaction.
fn check_structure(doc: &Document) -> Result<(), String> {
    let root = doc.root();
    if root.name() != "OFX" {
        return Err(format!("the document's root is <{}>, not <OFX>", root.name()));
    }
    let mut has_signon = false;
    for set in root.children() {
        let n = set.name();
        if n.ends_with("MSGSRSV1") || n.ends_with("MSGSRSV2") {
            return Err(format!("<{n}> is a response message set: post a request document"));
        }
        if n.ends_with("MSGSRQV2") {
            return Err(format!("<{n}>: the sandbox answers the V1 message sets only"));
        }
        if set.elem() == Some(ids::SIGNONMSGSRQV1) {
            has_signon = set.child(ids::SONRQ).is_some();
        }
        for t in set.children() {
            let tn = t.name();
            if tn.ends_with("TRNRQ") {
                let uid = t.child_text(ids::TRNUID).unwrap_or("");
                if uid.trim().is_empty() {
                    return Err(format!("<{tn}> in <{n}> has no TRNUID"));
                }
            }
        }
    }
    if !has_signon {
        return Err("the request has no signon: <SIGNONMSGSRQV1><SONRQ> must come first".into());
    }
    Ok(())
}
