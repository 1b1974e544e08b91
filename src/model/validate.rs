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
    let mut stack = vec![root];
    let mut ids = Vec::with_capacity(32);
    let mut nodes = Vec::with_capacity(32);
    while let Some(n) = stack.pop() {
        let Some(id) = n.elem() else { continue };
        match &grammar::def(id).kind {
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
                if let Err(e) = grammar::validate_children(id, &ids, v2) {
                    let at = nodes.get(e.index).map(|c| c.offset()).unwrap_or(n.offset());
                    let (code, what) = match e.kind {
                        ContentErrorKind::Missing => (WarningCode::Missing, "missing element"),
                        ContentErrorKind::Unexpected => (WarningCode::Order, "unexpected element"),
                        ContentErrorKind::OutOfOrder => {
                            (WarningCode::Order, "element out of order")
                        }
                    };
                    let found = nodes.get(e.index).map(|c| c.name()).unwrap_or("end");
                    let expected = e.expected.join(" | ");
                    w.push(
                        code,
                        at,
                        format!("{what} in {}: found {found}, expected {expected}", n.name()),
                    );
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
        w.push_with(WarningCode::Value, n.offset(), || {
            format!("{} value '{t}' is not a valid {:?}", n.name(), def.ty)
        });
    }
}
