//! Strict validation of an element tree against the spec's grammar: element order, required elements,
//! enum values and value types. Lengths are checked while reading (see the tree builder). Proprietary
//! elements (unknown names, dotted names) are skipped, as the spec says.

use crate::markup::tree::NodeRef;
use crate::markup::warning::{WarningCode, Warnings};
use crate::model::grammar::{self, ContentErrorKind, Kind, LeafType};
use crate::values::{amount::parse_amount, datetime::parse_ofx_datetime};

/// Validates the tree below `root`, adding a warning per violation. `v2`: check against the 2.x schema
/// models (else the 1.x DTD's).
pub fn validate(root: NodeRef<'_>, v2: bool, w: &mut Warnings) {
    check(root, v2, false, w)
}

/// The tolerant reader's check: only elements out of the spec's order are reported (as `Order`
/// warnings); missing elements are reported by the typed reading, values by their parsers.
pub fn check_order(root: NodeRef<'_>, v2: bool, w: &mut Warnings) {
    check(root, v2, true, w)
}

fn check(root: NodeRef<'_>, v2: bool, order_only: bool, w: &mut Warnings) {
    let mut stack = vec![root];
    let mut ids = Vec::with_capacity(32);
    let mut nodes = Vec::with_capacity(32);
    let mut passed: std::collections::HashSet<u64, std::hash::BuildHasherDefault<crate::model::define::FastHasher>> =
        Default::default();
    while let Some(n) = stack.pop() {
        let Some(id) = n.elem() else { continue };
        match &grammar::def(id).kind {
            Kind::Leaf(_) if order_only => {}
            Kind::Leaf(def) => {
                let Some(t) = n.text() else { continue };
                check_leaf(n, t, def, w);
            }
            Kind::Aggregate { .. } => {
                ids.clear();
                nodes.clear();
                for c in n.children() {
                    if let Some(cid) = c.elem() {
                        ids.push(cid);
                        nodes.push(c);
                    }
                    stack.push(c);
                }
                if ids.len() < 2 && order_only {
                    continue;
                }
                // The same shapes repeat (every STMTTRN of a statement): remember the ones that passed.
                let fp = fingerprint(id, &ids);
                if passed.contains(&fp) {
                    continue;
                }
                // A child of the 2.x specification text that the 2.3 schemas lack (the MFA challenge):
                // this parent is checked against the DTD, which has it.
                let v2 = v2 && !ids.iter().any(|&c| crate::model::owned::v2_gap(grammar::name(c)));
                if let Err(e) = grammar::validate_children(id, &ids, v2) {
                    if order_only && e.kind != ContentErrorKind::OutOfOrder {
                        continue;
                    }
                    let at = nodes.get(e.index).map(|c| c.offset()).unwrap_or(n.offset());
                    let (code, what) = match e.kind {
                        ContentErrorKind::Missing => (WarningCode::Missing, "missing element"),
                        ContentErrorKind::Unexpected => (WarningCode::Order, "unexpected element"),
                        ContentErrorKind::OutOfOrder => (WarningCode::Order, "element out of order"),
                    };
                    let found = nodes.get(e.index).map(|c| c.name()).unwrap_or("end");
                    let expected = e.expected.join(" | ");
                    w.push(code, at, format!("{what} in {}: found {found}, expected {expected}", n.name()));
                } else if passed.len() < 4096 {
                    passed.insert(fp);
                }
            }
        }
    }
}

fn check_leaf(n: NodeRef<'_>, t: &str, def: &grammar::LeafDef, w: &mut Warnings) {
    if !def.values.is_empty() && !def.values.contains(&t) {
        w.push_with(WarningCode::Value, n.offset(), || {
            format!("{} value '{t}' is not one of the spec's values", n.name())
        });
        return;
    }
    let ok = match def.ty {
        LeafType::Amount => parse_amount(t).is_ok_and(|(_, notes)| !notes.any()),
        LeafType::DateTime => parse_ofx_datetime(t).is_ok(),
        LeafType::Bool => t == "Y" || t == "N",
        LeafType::Int => t.parse::<i64>().is_ok(),
        _ => true,
    };
    if !ok {
        w.push_with(WarningCode::Value, n.offset(), || format!("{} value '{t}' is not a valid {:?}", n.name(), def.ty));
    }
}

/// A 64-bit fingerprint of a parent and its child sequence.
fn fingerprint(parent: grammar::ElemId, ids: &[grammar::ElemId]) -> u64 {
    let mut h = (parent as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &i in ids {
        h = (h.rotate_left(5) ^ i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    h ^ ids.len() as u64
}
