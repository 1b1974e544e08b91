//! Writing an element tree as an OFX document: 1.x SGML with a colon header, or 2.x XML (written with
//! xml-rs) with the `<?xml?>` and `<?OFX?>` processing instructions.

use super::tree::{NodeRef, Tree};

/// Indentation stops growing past this depth (deeply nested input must not blow up the output).
const MAX_INDENT: usize = 32;

/// The OFX versions ofxkit writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version(u16);

impl Version {
    /// 102, 103, 151, 160 (SGML) and 200, 201, 202, 203, 210, 211, 220, 230 (XML).
    pub fn from_number(n: u32) -> Option<Version> {
        match n {
            102 | 103 | 151 | 160 | 200 | 201 | 202 | 203 | 210 | 211 | 220 | 230 => Some(Version(n as u16)),
            _ => None,
        }
    }
    pub fn number(self) -> u16 {
        self.0
    }
    pub fn is_xml(self) -> bool {
        self.0 >= 200
    }
}

/// How to write.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    pub version: Version,
    /// SGML only: close leaf elements (`<NAME>x</NAME>`). Off by default (servers reject them).
    pub leaf_end_tags: bool,
    /// Line ending between header lines and elements.
    pub newline: &'static str,
    /// One element per line with indentation.
    pub indent: bool,
    pub old_file_uid: String,
    pub new_file_uid: String,
}

impl WriteOptions {
    pub fn new(version: Version) -> Self {
        WriteOptions {
            version,
            leaf_end_tags: false,
            newline: "\r\n",
            indent: true,
            old_file_uid: "NONE".into(),
            new_file_uid: "NONE".into(),
        }
    }
}

/// Writes `tree` (its root should be `OFX`).
pub fn write_document(tree: &Tree, opts: &WriteOptions) -> Result<String, String> {
    let Some(root) = tree.root() else {
        return Err("empty document".into());
    };
    if opts.version.is_xml() { write_xml(root, opts) } else { Ok(write_sgml(root, opts)) }
}

fn write_sgml(root: NodeRef<'_>, o: &WriteOptions) -> String {
    let nl = o.newline;
    let ascii = root.tree().text_buffer().is_ascii();
    let (enc, cs) = if ascii { ("USASCII", "1252") } else { ("UTF-8", "NONE") };
    let mut out = String::with_capacity(root.tree().text_buffer().len() * 2 + 256);
    for (k, v) in [
        ("OFXHEADER", "100"),
        ("DATA", "OFXSGML"),
        ("VERSION", &o.version.number().to_string()),
        ("SECURITY", "NONE"),
        ("ENCODING", enc),
        ("CHARSET", cs),
        ("COMPRESSION", "NONE"),
        ("OLDFILEUID", &o.old_file_uid),
        ("NEWFILEUID", &o.new_file_uid),
    ] {
        out.push_str(k);
        out.push(':');
        out.push_str(v);
        out.push_str(nl);
    }
    out.push_str(nl);
    sgml_node(root, o, 0, &mut out);
    out
}

fn sgml_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
}

fn sgml_node(n: NodeRef<'_>, o: &WriteOptions, depth: usize, out: &mut String) {
    if o.indent {
        for _ in 0..depth.min(MAX_INDENT) {
            out.push_str("  ");
        }
    }
    out.push('<');
    out.push_str(n.name());
    out.push('>');
    if let Some(t) = n.text() {
        sgml_escape(t, out);
        if o.leaf_end_tags {
            out.push_str("</");
            out.push_str(n.name());
            out.push('>');
        }
        out.push_str(o.newline);
        return;
    }
    out.push_str(o.newline);
    for c in n.children() {
        sgml_node(c, o, depth + 1, out);
    }
    if o.indent {
        for _ in 0..depth.min(MAX_INDENT) {
            out.push_str("  ");
        }
    }
    out.push_str("</");
    out.push_str(n.name());
    out.push('>');
    out.push_str(o.newline);
}

fn write_xml(root: NodeRef<'_>, o: &WriteOptions) -> Result<String, String> {
    use xml::writer::{EmitterConfig, XmlEvent};
    let mut buf: Vec<u8> = Vec::with_capacity(root.tree().text_buffer().len() * 3 + 256);
    {
        let mut w = EmitterConfig::new()
            .perform_indent(o.indent && depth_at_most(root, MAX_INDENT))
            .line_separator(o.newline)
            .write_document_declaration(true)
            .create_writer(&mut buf);
        let e = |r: xml::writer::Result<()>| r.map_err(|e| e.to_string());
        e(w.write(XmlEvent::StartDocument {
            version: xml::common::XmlVersion::Version10,
            encoding: Some("UTF-8"),
            standalone: Some(false),
        }))?;
        let pi = format!(
            "OFXHEADER=\"200\" VERSION=\"{}\" SECURITY=\"NONE\" OLDFILEUID=\"{}\" NEWFILEUID=\"{}\"",
            o.version.number(),
            o.old_file_uid,
            o.new_file_uid
        );
        e(w.write(XmlEvent::processing_instruction("OFX", Some(&pi))))?;
        // Iterative depth-first walk (documents can be deep only by accident, but never recurse on input).
        let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(root, false)];
        while let Some((n, opened)) = stack.pop() {
            if opened {
                e(w.write(XmlEvent::end_element()))?;
                continue;
            }
            let name = xml_name(n.name());
            e(w.write(XmlEvent::start_element(name.as_str())))?;
            if let Some(t) = n.text() {
                if !t.is_empty() {
                    e(w.write(XmlEvent::characters(t)))?;
                }
                e(w.write(XmlEvent::end_element()))?;
                continue;
            }
            stack.push((n, true));
            let kids: Vec<_> = n.children().collect();
            for c in kids.into_iter().rev() {
                stack.push((c, false));
            }
        }
    }
    String::from_utf8(buf).map_err(|e| e.to_string())
}

/// Element names are written as read; a name that is not a valid XML name is made one.
fn xml_name(n: &str) -> String {
    let ok = n.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        n.to_string()
    } else {
        n.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
    }
}

/// Whether no element lies deeper than `limit` below `root` (iterative).
fn depth_at_most(root: NodeRef<'_>, limit: usize) -> bool {
    let mut stack = vec![(root, 0usize)];
    while let Some((n, d)) = stack.pop() {
        if d > limit {
            return false;
        }
        stack.extend(n.children().filter(|c| !c.is_leaf()).map(|c| (c, d + 1)));
    }
    true
}
