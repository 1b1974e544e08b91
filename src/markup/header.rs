//! The OFX header: 1.x colon fields (`OFXHEADER:100` …) or 2.x processing instructions
//! (`<?xml …?>` and `<?OFX OFXHEADER="200" VERSION="211" …?>`).
//!
//! Tolerant: a header on one line or with no separators at all, missing fields, a header inside a
//! comment, a UTF-8 byte-order mark, any mix of CR/LF, no header at all. Works on raw bytes (before any
//! charset decoding: header fields are ASCII by the spec).

use super::warning::{WarningCode, Warnings};

/// Which header form the document carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderKind {
    /// OFX 1.x colon fields.
    Colon,
    /// OFX 2.x `<?OFX …?>` processing instruction.
    Xml,
    /// No header found before `<OFX>`.
    None,
}

/// The fields the header carried, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub kind: HeaderKind,
    /// Every field found, in order, as (NAME, value) with the name upper-cased and the value trimmed.
    pub fields: Vec<(String, String)>,
    /// VERSION as a number (102, 103, 151, 160, 200, 211, …) when present and numeric.
    pub version: Option<u16>,
    /// Byte offset of the `<OFX>` start tag in the input.
    pub body_start: usize,
    /// Whether the input started with a UTF-8 byte-order mark.
    pub bom: bool,
}

impl Header {
    /// The value of a field by name (case-insensitive).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why a byte string is not an OFX document at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotOfx {
    Empty,
    Html,
    Ofc,
    Binary,
    NoOfxElement,
}

impl NotOfx {
    pub fn message(&self) -> &'static str {
        match self {
            NotOfx::Empty => "empty input: no OFX document",
            NotOfx::Html => "an HTML page, not an OFX document",
            NotOfx::Ofc => "an OFC (Open Financial Connectivity) file, not OFX",
            NotOfx::Binary => "binary data, not an OFX document",
            NotOfx::NoOfxElement => "no <OFX> element found: not an OFX document",
        }
    }
}

const V1_KEYS: [&str; 9] =
    ["OFXHEADER", "DATA", "VERSION", "SECURITY", "ENCODING", "CHARSET", "COMPRESSION", "OLDFILEUID", "NEWFILEUID"];

/// Finds `<OFX>` (or `<OFX ` with attributes, any case) and returns its offset.
pub fn find_body(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + i;
        let rest = &bytes[at + 1..];
        if rest.len() >= 4
            && rest[..3].eq_ignore_ascii_case(b"OFX")
            && matches!(rest[3], b'>' | b' ' | b'\t' | b'\r' | b'\n')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Classifies input that has no `<OFX>` element.
pub fn classify_not_ofx(bytes: &[u8]) -> NotOfx {
    let trimmed = trim_ascii(bytes);
    if trimmed.is_empty() {
        return NotOfx::Empty;
    }
    let head = &trimmed[..trimmed.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    if contains(&lower, b"<html") || contains(&lower, b"<!doctype html") || contains(&lower, b"<body") {
        return NotOfx::Html;
    }
    if contains(&lower, b"<ofc>") {
        return NotOfx::Ofc;
    }
    let controls = head.iter().filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20)).count();
    if controls * 20 > head.len() || std::str::from_utf8(head).is_err() && controls > 0 {
        return NotOfx::Binary;
    }
    NotOfx::NoOfxElement
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map(|e| e + 1).unwrap_or(start);
    &b[start..end.max(start)]
}

/// Reads the header of `bytes`. Returns `Err` when there is no `<OFX>` element at all.
pub fn parse_header(bytes: &[u8], warnings: &mut Warnings) -> Result<Header, NotOfx> {
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let body_start = match find_body(bytes) {
        Some(b) => b,
        None => return Err(classify_not_ofx(bytes)),
    };
    let area = &bytes[if bom { 3 } else { 0 }..body_start];
    let area_off = if bom { 3 } else { 0 };

    // 2.x: a <?OFX ...?> processing instruction.
    if let Some(pi) = find_ci(area, b"<?OFX") {
        let end = memchr::memmem::find(&area[pi..], b"?>").map(|e| pi + e).unwrap_or(area.len());
        let mut fields = Vec::new();
        // The <?xml ...?> declaration's encoding counts as a field too.
        if let Some(x) = find_ci(area, b"<?xml") {
            let xend = memchr::memmem::find(&area[x..], b"?>").map(|e| x + e).unwrap_or(area.len());
            for (k, v) in pi_attributes(&area[x + 5..xend]) {
                if k == "ENCODING" {
                    fields.push(("XML-ENCODING".to_string(), v));
                }
            }
        }
        fields.extend(pi_attributes(&area[pi + 5..end]));
        let mut h = Header { kind: HeaderKind::Xml, fields, version: None, body_start, bom };
        finish_fields(&mut h, warnings, area_off + pi);
        return Ok(h);
    }

    // 1.x: colon fields, found by their known names wherever they are (one per line, all on one line,
    // without separators, inside a comment).
    let mut found: Vec<(usize, usize, &str)> = Vec::new(); // (key start, value start, key)
    for key in V1_KEYS {
        let mut from = 0;
        while let Some(i) = find_ci(&area[from..], key.as_bytes()) {
            let at = from + i;
            let after = at + key.len();
            // Skip spaces between the name and the colon.
            let mut j = after;
            while j < area.len() && (area[j] == b' ' || area[j] == b'\t') {
                j += 1;
            }
            // Keys may be glued to the previous value (a header with no separators at all).
            if j < area.len() && area[j] == b':' {
                found.push((at, j + 1, key));
                break;
            }
            from = after;
        }
    }
    if found.is_empty() {
        let leading = trim_ascii(area);
        if !leading.is_empty() && !leading.starts_with(b"<?xml") && !leading.starts_with(b"<!--") {
            warnings.push(WarningCode::Header, area_off, "unrecognised text before <OFX> ignored");
        }
        if !leading.starts_with(b"<?xml") {
            warnings.push(WarningCode::Header, area_off, "no OFX header: reading the body as it is");
        }
        return Ok(Header { kind: HeaderKind::None, fields: Vec::new(), version: None, body_start, bom });
    }
    found.sort_by_key(|f| f.0);
    let mut fields = Vec::new();
    let mut one_line = false;
    for (n, &(_, vstart, key)) in found.iter().enumerate() {
        let limit = found.get(n + 1).map(|f| f.0).unwrap_or(area.len());
        let raw = &area[vstart.min(limit)..limit];
        // A value ends at the first whitespace (values never contain spaces) or the next key.
        if raw.first().is_some_and(|c| *c == b' ' || *c == b'\t') {
            warnings.push(
                WarningCode::Header,
                area_off + vstart,
                format!("space after the colon of header field {key}"),
            );
        }
        let raw = trim_ascii_start(raw);
        let end = (0..raw.len())
            .find(|&i| raw[i].is_ascii_whitespace() || raw[i] == b'<' || raw[i..].starts_with(b"--"))
            .unwrap_or(raw.len());
        let end = if raw[..end].is_empty() { 0 } else { end };
        let value = String::from_utf8_lossy(&raw[..end]).into_owned();
        if let Some(next) = found.get(n + 1) {
            let between = &area[vstart..next.0];
            if !between.contains(&b'\n') && !between.contains(&b'\r') {
                one_line = true;
            }
        }
        fields.push((key.to_string(), value));
    }
    if find_ci(area, b"<!--").is_some() {
        warnings.push(WarningCode::Header, area_off, "OFX header found inside a comment");
    }
    if one_line {
        warnings.push(WarningCode::Header, area_off + found[0].0, "OFX header fields not on separate lines");
    }
    let mut h = Header { kind: HeaderKind::Colon, fields, version: None, body_start, bom };
    finish_fields(&mut h, warnings, area_off + found[0].0);
    Ok(h)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let s = b.iter().position(|c| !(*c == b' ' || *c == b'\t')).unwrap_or(b.len());
    &b[s..]
}

fn finish_fields(h: &mut Header, warnings: &mut Warnings, offset: usize) {
    if let Some(v) = h.field("VERSION").map(str::to_string) {
        let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
        h.version = digits.parse::<u16>().ok();
        if h.version.is_none() {
            warnings.push(WarningCode::Header, offset, format!("header VERSION '{v}' is not a number"));
        }
    } else {
        warnings.push(WarningCode::Header, offset, "header has no VERSION");
    }
    let wanted: &[&str] = match h.kind {
        HeaderKind::Colon => &[
            "OFXHEADER",
            "DATA",
            "VERSION",
            "SECURITY",
            "ENCODING",
            "CHARSET",
            "COMPRESSION",
            "OLDFILEUID",
            "NEWFILEUID",
        ],
        HeaderKind::Xml => &["OFXHEADER", "VERSION", "SECURITY", "OLDFILEUID", "NEWFILEUID"],
        HeaderKind::None => &[],
    };
    let missing: Vec<&str> = wanted.iter().copied().filter(|k| h.field(k).is_none()).collect();
    if !missing.is_empty() {
        warnings.push(WarningCode::Header, offset, format!("header fields missing: {}", missing.join(", ")));
    }
}

/// Case-insensitive search for an ASCII needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let (a, b) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let i = memchr::memchr2(a, b, &hay[from..=hay.len() - needle.len()])?;
        let at = from + i;
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Parses `KEY="value"` pairs of a processing instruction (single or double quotes, or bare values).
fn pi_attributes(s: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        while i < s.len() && !s[i].is_ascii_alphabetic() {
            i += 1;
        }
        let ks = i;
        while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_' || s[i] == b'-') {
            i += 1;
        }
        if ks == i {
            break;
        }
        let key = String::from_utf8_lossy(&s[ks..i]).to_ascii_uppercase();
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= s.len() || s[i] != b'=' {
            continue;
        }
        i += 1;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = if i < s.len() && (s[i] == b'"' || s[i] == b'\'') {
            let q = s[i];
            i += 1;
            let vs = i;
            while i < s.len() && s[i] != q {
                i += 1;
            }
            let v = &s[vs..i];
            i += 1;
            v
        } else {
            let vs = i;
            while i < s.len() && !s[i].is_ascii_whitespace() {
                i += 1;
            }
            &s[vs..i]
        };
        out.push((key, String::from_utf8_lossy(value).trim().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdr(s: &[u8]) -> (Header, Vec<String>) {
        let mut w = Warnings::new();
        let h = parse_header(s, &mut w).unwrap();
        let msgs = w.finish("").into_iter().map(|w| w.message).collect();
        (h, msgs)
    }

    #[test]
    fn v1_header_lines() {
        let (h, w) = hdr(b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>");
        assert_eq!(h.kind, HeaderKind::Colon);
        assert_eq!(h.version, Some(102));
        assert_eq!(h.field("charset"), Some("1252"));
        assert_eq!(h.field("ENCODING"), Some("USASCII"));
        assert_eq!(h.fields.len(), 9);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn v1_header_one_line_and_glued() {
        let (h, w) = hdr(b"OFXHEADER:100 DATA:OFXSGML VERSION:102 SECURITY:NONE ENCODING:USASCII CHARSET:1252 COMPRESSION:NONE OLDFILEUID:NONE NEWFILEUID:NONE<OFX>");
        assert_eq!(h.version, Some(102));
        assert_eq!(h.field("NEWFILEUID"), Some("NONE"));
        assert!(w.iter().any(|m| m.contains("separate lines")));
        let (h, _) = hdr(b"OFXHEADER:100DATA:OFXSGMLVERSION:103SECURITY:NONEENCODING:USASCIICHARSET:1252COMPRESSION:NONEOLDFILEUID:NONENEWFILEUID:NONE<OFX>");
        assert_eq!(h.version, Some(103));
        assert_eq!(h.field("CHARSET"), Some("1252"));
        assert_eq!(h.field("DATA"), Some("OFXSGML"));
    }

    #[test]
    fn v1_empty_value_and_missing_fields() {
        let (h, w) = hdr(b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nOLDFILEUID:\nNEWFILEUID:NONE\n<OFX>");
        assert_eq!(h.field("OLDFILEUID"), Some(""));
        assert_eq!(h.field("NEWFILEUID"), Some("NONE"));
        assert!(w.iter().any(|m| m.contains("missing") && m.contains("CHARSET")), "{w:?}");
    }

    #[test]
    fn header_in_comment_and_bom() {
        let (h, w) = hdr(b"\xEF\xBB\xBF<!--\nOFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n-->\n<OFX>");
        assert!(h.bom);
        assert_eq!(h.version, Some(102));
        assert_eq!(h.field("NEWFILEUID"), Some("NONE"));
        assert!(w.iter().any(|m| m.contains("comment")));
    }

    #[test]
    fn v2_header() {
        let (h, w) = hdr(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n<OFX>");
        assert_eq!(h.kind, HeaderKind::Xml);
        assert_eq!(h.version, Some(211));
        assert_eq!(h.field("XML-ENCODING"), Some("UTF-8"));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn no_header() {
        let (h, w) = hdr(b"\n<OFX><SIGNONMSGSRSV1>");
        assert_eq!(h.kind, HeaderKind::None);
        assert_eq!(h.body_start, 1);
        assert!(w.iter().any(|m| m.contains("no OFX header")));
    }

    #[test]
    fn not_ofx() {
        let mut w = Warnings::new();
        assert_eq!(parse_header(b"", &mut w), Err(NotOfx::Empty));
        assert_eq!(parse_header(b"  \n ", &mut w), Err(NotOfx::Empty));
        assert_eq!(parse_header(b"<!DOCTYPE html><html><body>Error 400</body></html>", &mut w), Err(NotOfx::Html));
        assert_eq!(parse_header(b"OFCHEADER:100\n<OFC><DTSERVER>1</OFC>", &mut w), Err(NotOfx::Ofc));
        assert_eq!(parse_header(b"\x00\x01\x02\x03\x04\x05garbage\x00\x00", &mut w), Err(NotOfx::Binary));
        assert_eq!(parse_header(b"hello world", &mut w), Err(NotOfx::NoOfxElement));
    }
}
