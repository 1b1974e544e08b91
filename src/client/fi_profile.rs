//! Per-FI quirk profiles, as data: a profile is a named list of configuration settings (the same keys
//! as [`crate::client::config::ClientConfig::set`]), so a built-in profile, one an application ships
//! and one a user types are the same thing. Each built-in profile names the real-world report it
//! answers (see `../shared/docs/real-world-quirks.md`).

/// A built-in profile.
#[derive(Clone, Copy, Debug)]
pub struct FiProfile {
    pub name: &'static str,
    pub description: &'static str,
    pub settings: &'static [(&'static str, &'static str)],
}

/// The built-in profiles.
pub const BUILTIN: &[FiProfile] = &[
    FiProfile {
        name: "default",
        description: "the library's defaults: Accept and User-Agent that real servers take, 1.x leaf end tags off, NEWFILEUID NONE",
        settings: &[],
    },
    FiProfile {
        name: "discover",
        description: "Discover Card answers Access Denied unless the headers come as Content-Type, Host, Content-Length, Connection (euforic/banking.js#50, csingley/ofxtools#79)",
        settings: &[("header_order", "Content-Type,Host,Content-Length,Connection"), ("connection", "Keep-Alive")],
    },
    FiProfile {
        name: "citi",
        description: "Citi answers HTTP 403 without an Accept header (aclindsa/ofxgo PR#43)",
        settings: &[("accept", "application/x-ofx, */*")],
    },
    FiProfile {
        name: "amex",
        description: "American Express wants application/xml with a q-value in Accept (csingley/ofxtools#101)",
        settings: &[("accept", "application/xml;q=0.9, application/x-ofx, */*;q=0.8")],
    },
    FiProfile {
        name: "vanguard",
        description: "Vanguard answers an empty 200 with Set-Cookie first; the request is sent again with the cookies (captin411/ofxclient#47, csingley/ofxtools#94)",
        settings: &[("retry_empty_with_cookies", "true")],
    },
    FiProfile {
        name: "profile-v2-statements-v1",
        description: "an FI that answers the profile at 2.x but statements only at 1.02 (csingley/ofxtools#92)",
        settings: &[("version", "102"), ("version.profile", "220")],
    },
    FiProfile {
        name: "dates-no-zone",
        description: "a server that answers 403 to [0:GMT] in DTCLIENT but takes a date without zone (csingley/ofxtools#114)",
        settings: &[("date_format", "millis")],
    },
    FiProfile {
        name: "dates-cst",
        description: "the same server also takes [-6:CST] (csingley/ofxtools#114)",
        settings: &[("date_format", "full"), ("date_offset", "-360")],
    },
    FiProfile {
        name: "leaf-end-tags",
        description: "a 1.x server that wants leaf end tags (most reject them: ofxtools#38, ofxgo#18)",
        settings: &[("leaf_end_tags", "true")],
    },
    FiProfile {
        name: "old-tls",
        description: "a server that still offers only TLS 1.0 (csingley/ofxtools#139, captin411/ofxclient#48); never the default",
        settings: &[("min_tls", "tls10")],
    },
];

/// A built-in profile by name (case-insensitive).
pub fn builtin(name: &str) -> Option<&'static FiProfile> {
    BUILTIN.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Parses a profile an application supplies: one `key=value` per line, `#` starts a comment, blank
/// lines ignored, keys as for `ClientConfig::set` (a `name=` line only names it). Returns the
/// settings in order, or the first malformed line.
pub fn parse_profile_text(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((k, v)) = l.split_once('=') else {
            return Err(format!("profile line {}: expected key=value, found '{l}'", i + 1));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(format!("profile line {}: empty key", i + 1));
        }
        if k == "name" {
            continue;
        }
        out.push((k.to_string(), v.trim().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_text() {
        let s =
            parse_profile_text("# mine\nname = my bank\nuser_agent = Quicken/2024\n\nversion.profile=220\n").unwrap();
        assert_eq!(s, vec![("user_agent".into(), "Quicken/2024".into()), ("version.profile".into(), "220".into())]);
        assert_eq!(parse_profile_text("oops").unwrap_err(), "profile line 1: expected key=value, found 'oops'");
        assert!(builtin("Discover").is_some());
        assert!(builtin("nope").is_none());
    }
}
