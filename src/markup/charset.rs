//! Charsets: turns the document's bytes into UTF-8 text.
//!
//! Declarations understood: USASCII, 1252 / CP1252 / WINDOWS-1252, ISO-8859-1 / 8859-1 / LATIN1,
//! UTF-8 (in CHARSET, in a v1 `ENCODING:UTF-8`, or in the `<?xml encoding?>` of 2.x), NONE.
//! Rules (decode by what the bytes are when the declaration cannot be right, and say so):
//! - bytes that are all ASCII need no decoding whatever was declared;
//! - UTF-8 declared: valid UTF-8 is taken as is; invalid UTF-8 is decoded as CP1252 with a warning;
//! - a single-byte charset declared: a body that is valid UTF-8 *and* contains multi-byte sequences is
//!   plainly UTF-8 (CP1252 text almost never forms valid UTF-8 sequences), so it is decoded as UTF-8 with a
//!   warning; otherwise CP1252 (ISO-8859-1 is read as CP1252, its superset in practice, as browsers do);
//! - nothing usable declared (NONE, USASCII, missing): valid UTF-8 is taken as UTF-8, anything else as
//!   CP1252, with a warning when non-ASCII bytes contradict USASCII.
//!
//! NUL characters are replaced by U+FFFD so that every text value can be handed to C as a C string.

use std::borrow::Cow;

use super::header::Header;
use super::warning::{WarningCode, Warnings};

/// The charset the text was finally decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Ascii,
    Utf8,
    Windows1252,
}

impl Charset {
    pub fn name(self) -> &'static str {
        match self {
            Charset::Ascii => "US-ASCII",
            Charset::Utf8 => "UTF-8",
            Charset::Windows1252 => "windows-1252",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Declared {
    Utf8,
    SingleByte,
    Ascii,
    Unknown,
}

fn declared(h: &Header) -> (Declared, String) {
    let mut label = String::new();
    for key in ["XML-ENCODING", "ENCODING", "CHARSET"] {
        if let Some(v) = h.field(key) {
            let u = v.trim().to_ascii_uppercase();
            let d = match u.as_str() {
                "UTF-8" | "UTF8" | "UNICODE" => Declared::Utf8,
                "1252" | "CP1252" | "WINDOWS-1252" | "ISO-8859-1" | "8859-1" | "ISO8859-1" | "LATIN1" | "LATIN-1"
                | "ISO-8859-15" => Declared::SingleByte,
                "USASCII" | "US-ASCII" | "ASCII" => Declared::Ascii,
                _ => Declared::Unknown,
            };
            if d == Declared::Utf8 {
                return (d, format!("{key}:{v}"));
            }
            if d == Declared::SingleByte && key == "CHARSET" {
                return (d, format!("{key}:{v}"));
            }
            if label.is_empty() && d != Declared::Unknown {
                label = format!("{key}:{v}");
            }
        }
    }
    let d = if label.is_empty() { Declared::Unknown } else { Declared::Ascii };
    (d, label)
}

/// Decodes the whole input (header included) to UTF-8 text.
pub fn decode<'a>(bytes: &'a [u8], header: &Header, warnings: &mut Warnings) -> (Cow<'a, str>, Charset) {
    let body = if header.bom { &bytes[3..] } else { bytes };
    let (decl, label) = declared(header);
    let ascii = body.is_ascii();
    let (text, cs): (Cow<'a, str>, Charset) = if ascii {
        // SAFETY-free: ASCII is valid UTF-8.
        (Cow::Borrowed(std::str::from_utf8(body).unwrap_or_default()), Charset::Ascii)
    } else {
        let utf8 = std::str::from_utf8(body).ok();
        match (decl, utf8) {
            (Declared::Utf8, Some(s)) => (Cow::Borrowed(s), Charset::Utf8),
            (Declared::Utf8, None) => {
                warnings.push(
                    WarningCode::Charset,
                    0,
                    format!("{label} declared but the bytes are not UTF-8: decoded as windows-1252"),
                );
                (cp1252(body), Charset::Windows1252)
            }
            (Declared::SingleByte, Some(s)) => {
                warnings.push(
                    WarningCode::Charset,
                    0,
                    format!("{label} declared but the body is plainly UTF-8: decoded as UTF-8"),
                );
                (Cow::Borrowed(s), Charset::Utf8)
            }
            (Declared::SingleByte, None) => (cp1252(body), Charset::Windows1252),
            (Declared::Ascii | Declared::Unknown, Some(s)) => {
                if decl == Declared::Ascii {
                    warnings.push(
                        WarningCode::Charset,
                        0,
                        format!("{label} declared but the body has UTF-8 text: decoded as UTF-8"),
                    );
                }
                (Cow::Borrowed(s), Charset::Utf8)
            }
            (Declared::Ascii | Declared::Unknown, None) => {
                let what = if label.is_empty() {
                    "no usable charset declared".to_string()
                } else {
                    format!("{label} declared")
                };
                warnings.push(
                    WarningCode::Charset,
                    0,
                    format!("{what} but the body has 8-bit bytes: decoded as windows-1252"),
                );
                (cp1252(body), Charset::Windows1252)
            }
        }
    };
    if memchr::memchr(0, text.as_bytes()).is_some() {
        warnings.push(WarningCode::Charset, 0, "NUL characters in the input replaced by U+FFFD");
        return (Cow::Owned(text.replace('\0', "\u{FFFD}")), cs);
    }
    (text, cs)
}

fn cp1252(b: &[u8]) -> Cow<'_, str> {
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(b);
    Cow::Owned(s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::header::parse_header;

    fn run(input: &[u8]) -> (String, Charset, Vec<String>) {
        let mut w = Warnings::new();
        let h = parse_header(input, &mut w).unwrap();
        let mut w = Warnings::new();
        let (t, cs) = decode(input, &h, &mut w);
        (t.into_owned(), cs, w.finish("").into_iter().map(|w| w.message).collect())
    }

    const V1: &str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:";

    #[test]
    fn cp1252_bytes() {
        let mut input = format!("{V1}1252\nCOMPRESSION:NONE\n<OFX><MEMO>").into_bytes();
        input.extend_from_slice(b"caf\xe9 \x80 5</OFX>");
        let (t, cs, w) = run(&input);
        assert_eq!(cs, Charset::Windows1252);
        assert!(t.ends_with("<MEMO>café € 5</OFX>"), "{t}");
        assert!(w.is_empty());
    }

    #[test]
    fn utf8_under_1252() {
        let input = format!("{V1}1252\n<OFX><MEMO>café € ü</OFX>");
        let (t, cs, w) = run(input.as_bytes());
        assert_eq!(cs, Charset::Utf8);
        assert!(t.contains("café € ü"));
        assert!(w[0].contains("plainly UTF-8"), "{w:?}");
    }

    #[test]
    fn latin1_spelling_8859() {
        let mut input = format!("{V1}8859-1\n<OFX><NAME>").into_bytes();
        input.extend_from_slice(b"Jos\xe9</OFX>");
        let (t, cs, _) = run(&input);
        assert_eq!(cs, Charset::Windows1252);
        assert!(t.contains("José"));
    }

    #[test]
    fn utf8_declared_in_v1_encoding() {
        let input = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:UTF-8\nCHARSET:NONE\n<OFX><NAME>Zoë</OFX>";
        let (t, cs, w) = run(input.as_bytes());
        assert_eq!(cs, Charset::Utf8);
        assert!(t.contains("Zoë"));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn utf8_declared_but_invalid() {
        let mut input =
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><?OFX OFXHEADER=\"200\" VERSION=\"211\"?><OFX><NAME>".to_vec();
        input.extend_from_slice(b"M\xfcller</NAME></OFX>");
        let (t, cs, w) = run(&input);
        assert_eq!(cs, Charset::Windows1252);
        assert!(t.contains("Müller"));
        assert!(w[0].contains("not UTF-8"));
    }

    #[test]
    fn none_and_ascii() {
        let input = format!("{V1}NONE\n<OFX><NAME>plain</OFX>");
        let (t, cs, w) = run(input.as_bytes());
        assert_eq!(cs, Charset::Ascii);
        assert!(t.contains("plain"));
        assert!(w.is_empty());
        let mut input = format!("{V1}NONE\n<OFX><NAME>").into_bytes();
        input.extend_from_slice(b"\xe9t\xe9</OFX>");
        let (t, cs, w) = run(&input);
        assert_eq!(cs, Charset::Windows1252);
        assert!(t.contains("été"));
        assert!(w[0].contains("8-bit"), "{w:?}");
    }

    #[test]
    fn nul_replaced() {
        let (t, _, w) = run(b"<OFX><NAME>a\0b</NAME></OFX>");
        assert!(t.contains("a\u{FFFD}b"));
        assert!(w.iter().any(|m| m.contains("NUL")));
    }
}
