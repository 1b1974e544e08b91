//! Answer trees: a small owned element type the FI builds answers with (in spec order), turned into a
//! [`Tree`] for the library's writer only at the end. Owned so that answers can be stored (the idempotency
//! map keeps whole …TRNRS answers), reordered (the batch test hooks) and grouped by message set.

use crate::markup::tree::{NodeRef, Tree};
use crate::markup::writer::{Version, WriteOptions, write_document};
use crate::model::grammar;
use crate::model::owned::{DateStyle, Owned, WriteCx};
use crate::values::datetime::DatePrecision;

/// One element of an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum El {
    Leaf(&'static str, String),
    Agg(&'static str, Vec<El>),
}

impl El {
    /// A leaf with a value.
    pub(crate) fn leaf(name: &'static str, value: impl Into<String>) -> El {
        El::Leaf(name, value.into())
    }
    /// An aggregate with its children (in spec order).
    pub(crate) fn agg(name: &'static str, kids: Vec<El>) -> El {
        El::Agg(name, kids)
    }
    /// The element's name.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            El::Leaf(n, _) | El::Agg(n, _) => n,
        }
    }
    /// Appends `tree` nodes for this element (recursion depth is the answer's own, at most ~10).
    fn build(&self, t: &mut Tree) {
        match self {
            El::Leaf(n, v) => {
                t.leaf(n, v);
            }
            El::Agg(n, kids) => {
                let id = t.open(n);
                for k in kids {
                    k.build(t);
                }
                t.close(id);
            }
        }
    }
}

/// How owned answers (the money answers) write date-times: `20260201000000.000[0:GMT]`. In GMT rather than
/// the statements' US Eastern so that a due date echoed from a request keeps its calendar day: clients send
/// dates as `20260201` or `20260201000000[0:GMT]` (midnight UTC), which in Eastern time would show as the
/// evening before.
pub(crate) const ANSWER_DATES: DateStyle =
    DateStyle { precision: DatePrecision::Millis, zone: true, offset_minutes: 0 };

/// An owned aggregate (an answer the model defines: INTRATRNRS, PMTSYNCRS, ...) as an answer element,
/// written with the library's writer checks for `version`: an element the version lacks, a required field
/// missing, a value too long or not one of the spec's is an `Err` saying which.
pub(crate) fn owned<T: Owned>(x: &T, version: u16) -> Result<El, String> {
    let mut w = WriteCx::new(version, ANSWER_DATES);
    x.write(&mut w);
    if let Some(e) = w.errors.first() {
        return Err(format!("{} at OFX {version}: {e}", T::TAG));
    }
    w.tree.root().and_then(of_node).ok_or_else(|| format!("{} wrote nothing", T::TAG))
}

/// The element of a written tree node (names are the grammar's, so they are `'static`).
fn of_node(n: NodeRef<'_>) -> Option<El> {
    let name = grammar::name(grammar::lookup(n.name().as_bytes())?);
    if n.is_leaf() {
        return Some(El::leaf(name, n.text().unwrap_or("")));
    }
    Some(El::agg(name, n.children().filter_map(of_node).collect()))
}

/// Pushes `Some` leaves only.
pub(crate) fn opt_leaf(kids: &mut Vec<El>, name: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        kids.push(El::leaf(name, v));
    }
}

/// Sorts the root's message sets into the spec's order (`grammar::order_key` on OFX; v2 for XML).
pub(crate) fn sort_message_sets(sets: &mut [El], xml: bool) {
    let ofx = grammar::ids::OFX;
    sets.sort_by_key(|s| {
        grammar::lookup(s.name().as_bytes()).and_then(|id| grammar::order_key(ofx, id, xml)).unwrap_or(u16::MAX)
    });
}

/// Writes an `OFX` element as a whole document at `version`: 2.x as UTF-8 XML; 1.x as SGML in
/// `ENCODING:USASCII` / `CHARSET:1252`, the body encoded in Windows-1252 as real 1.x servers send it (the
/// writer's UTF-8 form is legal too, but UTF-8 bytes 0x80-0x9F are not SGML characters to the DTD's
/// validator; a character outside 1252 becomes a numeric character reference).
pub(crate) fn write(root: &El, version: u16, old_uid: &str, new_uid: &str) -> Result<Vec<u8>, String> {
    let v = Version::from_number(u32::from(version)).ok_or_else(|| format!("cannot write version {version}"))?;
    let mut t = Tree::new();
    root.build(&mut t);
    let mut o = WriteOptions::new(v);
    o.old_file_uid = old_uid.to_string();
    o.new_file_uid = new_uid.to_string();
    let text = write_document(&t, &o)?;
    if v.is_xml() || text.is_ascii() {
        return Ok(text.into_bytes());
    }
    let body_at = text.find("<OFX>").unwrap_or(0);
    let (head, body) = text.split_at(body_at);
    let head = head.replacen("ENCODING:UTF-8", "ENCODING:USASCII", 1).replacen("CHARSET:NONE", "CHARSET:1252", 1);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(body);
    let mut out = head.into_bytes();
    out.extend_from_slice(&bytes);
    Ok(out)
}
