//! Owned aggregates: the declarative definitions of what ofxkit writes (requests) and what the sandbox
//! reads back from them.
//!
//! An `owned_aggregate!` block names the spec tag and, in the spec's order, each field's kind, its
//! spec tag and whether the spec requires it. From that one definition come the Rust struct (owned
//! values: `String`, `Decimal`, [`OfxDateTime`], `bool`, `i64`, nested aggregates and lists), writing
//! into an element tree ([`WriteCx`]), reading from one (the sandbox parses requests with it) and the
//! list of field tags that a test checks against the grammar's order.
//!
//! Writing checks every element against the grammar of the target version as it goes (an element the
//! version does not have is an error, never silently dropped) and the finished document is validated
//! as a whole (order, required elements, values, lengths) before anything is sent; see
//! [`crate::client::request`].
//!
//! Field kinds: `text`, `amount`, `date`, `int`, `bool`, `agg<T>` (one nested aggregate), `list<T>`
//! (repeated aggregates), `texts` (repeated leaves).

use rust_decimal::Decimal;

use crate::markup::tree::{NodeId, NodeRef, Tree};
use crate::markup::warning::WarningCode;
use crate::model::define::ReadCx;
use crate::model::grammar;
use crate::values::amount::{format_amount, parse_amount};
use crate::values::datetime::{DatePrecision, OfxDateTime, parse_ofx_datetime};

/// How date-times are written in requests (servers differ: one refuses `[0:GMT]`, another wants no
/// zone, ofxtools#114 and #16).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateStyle {
    /// Digits after the date: `Day` (`YYYYMMDD`), `Second` (`YYYYMMDDHHMMSS`) or `Millis`
    /// (`YYYYMMDDHHMMSS.XXX`). `Minute` is written as `Second`.
    pub precision: DatePrecision,
    /// Append the zone (`[-5:EST]`, `[0:GMT]`).
    pub zone: bool,
    /// The local offset the time is written in, minutes east of UTC (`-300` for EST).
    pub offset_minutes: i32,
}

impl Default for DateStyle {
    /// `YYYYMMDDHHMMSS.XXX[0:GMT]`, the spec's full form.
    fn default() -> Self {
        DateStyle { precision: DatePrecision::Millis, zone: true, offset_minutes: 0 }
    }
}

impl DateStyle {
    /// Parses a style name: `full` (default, `20240115120000.000[0:GMT]`), `seconds-zone`
    /// (`20240115120000[0:GMT]`), `millis` (`20240115120000.000`), `seconds` (`20240115120000`) or
    /// `day` (`20240115`). The offset stays as it is.
    pub fn with_name(self, name: &str) -> Option<DateStyle> {
        let (precision, zone) = match name.to_ascii_lowercase().as_str() {
            "full" | "millis-zone" => (DatePrecision::Millis, true),
            "seconds-zone" => (DatePrecision::Second, true),
            "millis" => (DatePrecision::Millis, false),
            "seconds" => (DatePrecision::Second, false),
            "day" => (DatePrecision::Day, false),
            _ => return None,
        };
        Some(DateStyle { precision, zone, ..self })
    }

    /// Writes `d` in this style. A calendar day (Day precision) stands for the start of that day in
    /// the style's offset.
    pub fn format(&self, d: &OfxDateTime) -> String {
        let mut v = *d;
        if d.precision == DatePrecision::Day {
            v.unix_seconds = d.unix_seconds - i64::from(self.offset_minutes) * 60;
        }
        v.offset_minutes = self.offset_minutes.clamp(-12 * 60, 14 * 60) as i16;
        v.zone_given = self.zone;
        v.precision = match self.precision {
            DatePrecision::Minute => DatePrecision::Second,
            p => p,
        };
        if v.precision == DatePrecision::Day {
            // The calendar day in the style's offset.
            let local = OfxDateTime::from_unix(v.unix_seconds + i64::from(self.offset_minutes) * 60, 0);
            let (y, m, dd, ..) = local.utc_parts();
            return format!("{y:04}{m:02}{dd:02}");
        }
        v.to_ofx()
    }
}

/// A writing error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writing context: the tree being built, the open elements, the target grammar and date style.
pub struct WriteCx {
    pub tree: Tree,
    stack: Vec<(NodeId, &'static str)>,
    /// Check against the 2.x schemas (else the 1.x DTD).
    pub v2: bool,
    /// The OFX version written (102 ... 230), for messages.
    pub version: u16,
    pub dates: DateStyle,
    /// Problems found while writing (the document is refused when any is present).
    pub errors: Vec<WriteError>,
}

impl WriteCx {
    /// A new empty document for `version`.
    pub fn new(version: u16, dates: DateStyle) -> WriteCx {
        WriteCx { tree: Tree::new(), stack: Vec::new(), v2: version >= 200, version, dates, errors: Vec::new() }
    }

    fn error(&mut self, msg: String) {
        if self.errors.len() < 64 {
            self.errors.push(WriteError(msg));
        }
    }

    /// Checks that `tag` may appear inside the innermost open element in the target grammar.
    fn check_place(&mut self, tag: &'static str) {
        let Some(&(_, parent)) = self.stack.last() else { return };
        let (Some(p), Some(c)) = (grammar::lookup(parent.as_bytes()), grammar::lookup(tag.as_bytes())) else {
            self.error(format!("{tag} inside {parent}: not an element of the OFX grammar"));
            return;
        };
        match grammar::mentions(p, c, self.v2) {
            Some(true) => {}
            // The 2.3 schemas lack a few elements the 2.1.1 text has (the MFA challenge request):
            // for those the DTD says where they go, and the version rules say whether they exist.
            _ if self.v2 && (v2_gap(tag) || v2_gap(parent)) && grammar::mentions(p, c, false) == Some(true) => {}
            Some(false) => self.error(format!("OFX {}: {parent} has no {tag} element", self.version)),
            None => self.error(format!("OFX {}: there is no {parent} aggregate at this version", self.version)),
        }
    }

    /// Opens an aggregate inside the current one.
    pub fn open(&mut self, tag: &'static str) {
        self.check_place(tag);
        let id = self.tree.open(tag);
        self.stack.push((id, tag));
    }

    /// Closes the innermost open aggregate.
    pub fn close(&mut self) {
        if let Some((id, _)) = self.stack.pop() {
            self.tree.close(id);
        }
    }

    /// Adds a leaf with a value; the value's length is checked against the spec's limit.
    pub fn leaf(&mut self, tag: &'static str, value: &str) {
        self.check_place(tag);
        if let Some(def) = grammar::lookup(tag.as_bytes()).and_then(grammar::leaf_def) {
            let n = value.chars().count();
            if def.max_len > 0 && n > usize::from(def.max_len) {
                self.error(format!("{tag} is {n} characters long; the spec allows {}", def.max_len));
            }
            if !def.values.is_empty() && !def.values.contains(&value) {
                self.error(format!("{tag} value '{value}' is not one of the spec's values"));
            }
        }
        if value.is_empty() {
            self.error(format!("{tag} is empty"));
        }
        self.tree.leaf(tag, value);
    }

    /// Reports a required field that is absent.
    pub fn missing(&mut self, agg: &'static str, field: &'static str) {
        self.error(format!("{agg} needs {field}"));
    }
}

/// Elements of the 2.x specification text that the published 2.3 schemas do not have: the MFA
/// challenge transaction (2.1.1 section 2.5.4) and what it holds.
pub fn v2_gap(tag: &str) -> bool {
    matches!(tag, "MFACHALLENGETRNRQ" | "MFACHALLENGERQ" | "MFACHALLENGETRNRS" | "MFACHALLENGERS")
}

/// What every owned aggregate offers.
pub trait Owned: Sized + Default + Clone {
    /// The spec tag.
    const TAG: &'static str;
    /// The field tags in the definition's (the spec's) order.
    const FIELDS: &'static [&'static str];
    /// Writes the fields (not the enclosing element).
    fn write_fields(&self, w: &mut WriteCx);
    /// Reads the fields from an element.
    fn read_fields(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self;
    /// Writes `<TAG>…</TAG>`.
    fn write(&self, w: &mut WriteCx) {
        self.write_as(Self::TAG, w);
    }
    /// Writes the aggregate under another tag of the same shape (BANKACCTTO for a BANKACCTFROM).
    fn write_as(&self, tag: &'static str, w: &mut WriteCx) {
        w.open(tag);
        self.write_fields(w);
        w.close();
    }
}

/// A leaf value kind of owned aggregates.
pub trait OwnedLeaf: Sized {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx);
    fn read_leaf(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self>;
}

impl OwnedLeaf for String {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx) {
        w.leaf(tag, self);
    }
    fn read_leaf(node: NodeRef<'_>, _cx: &mut ReadCx<'_>) -> Option<Self> {
        node.text().map(|t| t.trim().to_string())
    }
}

impl OwnedLeaf for Decimal {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx) {
        w.leaf(tag, &format_amount(self));
    }
    fn read_leaf(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match parse_amount(t) {
            Ok((v, _)) => Some(v),
            Err(e) => {
                cx.warnings.push(WarningCode::Value, node.offset(), format!("{} '{t}' not read: {e}", node.name()));
                None
            }
        }
    }
}

impl OwnedLeaf for OfxDateTime {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx) {
        let s = w.dates.format(self);
        w.leaf(tag, &s);
    }
    fn read_leaf(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match parse_ofx_datetime(t) {
            Ok((d, _)) => Some(d),
            Err(e) => {
                cx.warnings.push(WarningCode::Value, node.offset(), format!("{} '{t}' not read: {e}", node.name()));
                None
            }
        }
    }
}

impl OwnedLeaf for i64 {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx) {
        w.leaf(tag, &self.to_string());
    }
    fn read_leaf(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match t.trim().parse() {
            Ok(v) => Some(v),
            Err(_) => {
                cx.warnings.push(WarningCode::Value, node.offset(), format!("{} '{t}' is not an integer", node.name()));
                None
            }
        }
    }
}

impl OwnedLeaf for bool {
    fn write_leaf(&self, tag: &'static str, w: &mut WriteCx) {
        w.leaf(tag, if *self { "Y" } else { "N" });
    }
    fn read_leaf(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        match node.text()?.trim() {
            "Y" => Some(true),
            "N" => Some(false),
            t => {
                cx.warnings.push(WarningCode::Value, node.offset(), format!("{} '{t}' is not Y or N", node.name()));
                None
            }
        }
    }
}

/// Defines an owned aggregate. See the module documentation.
#[macro_export]
macro_rules! owned_aggregate {
    (
        $(#[$m:meta])*
        pub struct $name:ident = $tag:ident {
            $( $(#[$fm:meta])* $field:ident : $kind:ident $(<$inner:ty>)? = $ftag:ident $($req:ident)? ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fm])* pub $field: $crate::owned_aggregate!(@ty $kind $(<$inner>)?), )*
        }
        impl $crate::model::owned::Owned for $name {
            const TAG: &'static str = stringify!($tag);
            const FIELDS: &'static [&'static str] = &[$(stringify!($ftag)),*];
            fn write_fields(&self, w: &mut $crate::model::owned::WriteCx) {
                $( $crate::owned_aggregate!(@write $kind, w, stringify!($ftag), &self.$field, stringify!($tag), $($req)?); )*
            }
            fn read_fields(node: $crate::markup::tree::NodeRef<'_>, cx: &mut $crate::model::define::ReadCx<'_>) -> Self {
                #[allow(unused_mut)]
                let mut s = Self::default();
                for c in node.children() {
                    #[allow(unused_variables)]
                    let name = c.name();
                    $( if name == stringify!($ftag) { $crate::owned_aggregate!(@read $kind, s.$field, c, cx); continue; } )*
                }
                $( $crate::owned_aggregate!(@req $($req)?, $kind, s.$field, node, cx, stringify!($ftag)); )*
                s
            }
        }
    };
    (@ty text) => { Option<String> };
    (@ty amount) => { Option<rust_decimal::Decimal> };
    (@ty date) => { Option<$crate::values::datetime::OfxDateTime> };
    (@ty int) => { Option<i64> };
    (@ty bool) => { Option<bool> };
    (@ty texts) => { Vec<String> };
    (@ty agg<$t:ty>) => { Option<Box<$t>> };
    (@ty list<$t:ty>) => { Vec<$t> };

    (@write agg, $w:ident, $ftag:expr, $f:expr, $agg:expr, $($req:ident)?) => {
        match $f {
            Some(a) => $crate::model::owned::Owned::write_as(&**a, $ftag, $w),
            None => { $crate::owned_aggregate!(@missing $w, $agg, $ftag, $($req)?); }
        }
    };
    (@write list, $w:ident, $ftag:expr, $f:expr, $agg:expr, $($req:ident)?) => {
        if $f.is_empty() { $crate::owned_aggregate!(@missing $w, $agg, $ftag, $($req)?); }
        for a in $f.iter() { $crate::model::owned::Owned::write_as(a, $ftag, $w); }
    };
    (@write texts, $w:ident, $ftag:expr, $f:expr, $agg:expr, $($req:ident)?) => {
        if $f.is_empty() { $crate::owned_aggregate!(@missing $w, $agg, $ftag, $($req)?); }
        for t in $f.iter() { $w.leaf($ftag, t); }
    };
    (@write $kind:ident, $w:ident, $ftag:expr, $f:expr, $agg:expr, $($req:ident)?) => {
        match $f {
            Some(v) => $crate::model::owned::OwnedLeaf::write_leaf(v, $ftag, $w),
            None => { $crate::owned_aggregate!(@missing $w, $agg, $ftag, $($req)?); }
        }
    };
    (@missing $w:ident, $agg:expr, $ftag:expr, req) => { $w.missing($agg, $ftag) };
    (@missing $w:ident, $agg:expr, $ftag:expr, ) => { () };

    (@read agg, $f:expr, $c:ident, $cx:ident) => {
        if $f.is_none() { $f = Some(Box::new($crate::model::owned::Owned::read_fields($c, $cx))); }
    };
    (@read list, $f:expr, $c:ident, $cx:ident) => { $f.push($crate::model::owned::Owned::read_fields($c, $cx)); };
    (@read texts, $f:expr, $c:ident, $cx:ident) => {
        if let Some(t) = $c.text() { $f.push(t.trim().to_string()); }
    };
    (@read $kind:ident, $f:expr, $c:ident, $cx:ident) => {
        if $f.is_none() { $f = $crate::model::owned::OwnedLeaf::read_leaf($c, $cx); }
    };

    (@req req, list, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_empty() { $crate::model::define::missing($cx, $n, $name); } };
    (@req req, texts, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_empty() { $crate::model::define::missing($cx, $n, $name); } };
    (@req req, $kind:ident, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_none() { $crate::model::define::missing($cx, $n, $name); } };
    (@req , $kind:ident, $f:expr, $n:ident, $cx:ident, $name:expr) => {};
}

/// Every owned aggregate's tag and field tags, for the test that ties the definitions to the
/// grammar (each field must be a child the spec allows, in the spec's order). Chapters add theirs.
pub fn registry() -> Vec<(&'static str, &'static [&'static str])> {
    fn e<T: Owned>() -> (&'static str, &'static [&'static str]) {
        (T::TAG, T::FIELDS)
    }
    use crate::model::{bank::rq as b, creditcard::rq as c, invest::rq as i, loan::rq as l};
    use crate::model::{billpay as bp, transfer as t};
    use crate::model::{common::rq as m, profile::rq as p, signon::rq as s, signup::rq as u};
    vec![
        e::<s::FiId>(),
        e::<s::MfaChallengeAnswer>(),
        e::<s::SonRq>(),
        e::<s::MfaChallengeRq>(),
        e::<u::AcctInfoRq>(),
        e::<b::BankAcctFrom>(),
        e::<b::IncTran>(),
        e::<b::StmtRq>(),
        e::<b::StmtEndRq>(),
        e::<c::CcAcctFrom>(),
        e::<c::CcStmtRq>(),
        e::<c::CcStmtEndRq>(),
        e::<i::InvAcctFrom>(),
        e::<i::IncPos>(),
        e::<i::InvStmtRq>(),
        e::<l::LoanAcctFrom>(),
        e::<l::LoanStmtRq>(),
        e::<l::LoanStmtEndRq>(),
        e::<p::ProfRq>(),
        e::<m::ImageRq>(),
        e::<crate::model::signon::owned::StatusO>(),
        e::<crate::model::bank::shared::PayeeO>(),
        e::<t::XferInfo>(),
        e::<t::XferPrcSts>(),
        e::<t::IntraRq>(),
        e::<t::IntraModRq>(),
        e::<t::IntraCanRq>(),
        e::<t::IntraRs>(),
        e::<t::IntraModRs>(),
        e::<t::IntraCanRs>(),
        e::<t::IntraTrnRs>(),
        e::<t::IntraSyncRq>(),
        e::<t::IntraSyncRs>(),
        e::<t::InterRq>(),
        e::<t::InterModRq>(),
        e::<t::InterCanRq>(),
        e::<t::InterRs>(),
        e::<t::InterModRs>(),
        e::<t::InterCanRs>(),
        e::<t::InterTrnRs>(),
        e::<t::InterSyncRq>(),
        e::<t::InterSyncRs>(),
        e::<bp::PmtInfo>(),
        e::<bp::PmtPrcSts>(),
        e::<bp::ExtdPayee>(),
        e::<bp::PmtRq>(),
        e::<bp::PmtRs>(),
        e::<bp::PmtModRq>(),
        e::<bp::PmtModRs>(),
        e::<bp::PmtCancRq>(),
        e::<bp::PmtCancRs>(),
        e::<bp::PmtInqRq>(),
        e::<bp::PmtInqRs>(),
        e::<bp::PmtTrnRs>(),
        e::<bp::PmtInqTrnRs>(),
        e::<bp::PayeeRq>(),
        e::<bp::PayeeRs>(),
        e::<bp::PayeeModRq>(),
        e::<bp::PayeeModRs>(),
        e::<bp::PayeeDelRq>(),
        e::<bp::PayeeDelRs>(),
        e::<bp::PayeeTrnRs>(),
        e::<bp::PayeeSyncRq>(),
        e::<bp::PayeeSyncRs>(),
        e::<bp::PmtSyncRq>(),
        e::<bp::PmtSyncRs>(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every definition's fields are children the spec allows (in the 2.x schema, and in the 1.x DTD
    /// where the aggregate exists there), written in the spec's order.
    #[test]
    fn definitions_follow_the_grammar() {
        let mut checked = 0;
        for (tag, fields) in registry() {
            let p = grammar::lookup(tag.as_bytes()).unwrap_or_else(|| panic!("{tag} is not in the grammar"));
            for v2 in [true, false] {
                let mut last = None;
                for f in fields.iter() {
                    let c = grammar::lookup(f.as_bytes()).unwrap_or_else(|| panic!("{f} is not in the grammar"));
                    match grammar::mentions(p, c, v2) {
                        None => continue,               // no such aggregate in this grammar (LOANSTMTRQ in 1.x)
                        Some(false) if !v2 => continue, // 2.x-only field (INCLUDEPENDING)
                        Some(false) => panic!("{tag} has no {f} in the 2.x schema"),
                        Some(true) => {}
                    }
                    let k = grammar::order_key(p, c, v2).unwrap_or(0);
                    if let Some(l) = last {
                        assert!(k > l, "{tag}: {f} is out of the spec's order (v2={v2})");
                    }
                    last = Some(k);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} field placements checked");
    }

    #[test]
    fn date_styles() {
        let d = OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 30, 5, 0).unwrap();
        let day = OfxDateTime::from_ymd(2024, 1, 15).unwrap();
        let full = DateStyle::default();
        assert_eq!(full.format(&d), "20240115123005.000[0:GMT]");
        assert_eq!(full.format(&day), "20240115000000.000[0:GMT]");
        let est = DateStyle { offset_minutes: -300, ..full };
        assert_eq!(est.format(&d), "20240115073005.000[-5:EST]");
        assert_eq!(est.format(&day), "20240115000000.000[-5:EST]");
        assert_eq!(full.with_name("seconds").unwrap().format(&d), "20240115123005");
        assert_eq!(full.with_name("seconds-zone").unwrap().format(&d), "20240115123005[0:GMT]");
        assert_eq!(full.with_name("millis").unwrap().format(&d), "20240115123005.000");
        assert_eq!(full.with_name("day").unwrap().format(&d), "20240115");
        assert_eq!(est.with_name("day").unwrap().format(&day), "20240115");
        assert!(full.with_name("weird").is_none());
    }
}
