//! The declarative definition of typed aggregates.
//!
//! One `aggregate!` block per OFX aggregate names its spec tag and, for each field, the field's kind,
//! the spec tag it reads, its JSON key and whether the spec requires it. From that single definition
//! come the Rust struct, reading from the element tree (with warnings for bad or missing values) and
//! the JSON view. The spec's grammar table ([`super::grammar`]) supplies order, enums and lengths for
//! strict validation and writing, so the definitions here only say what the typed view needs.
//!
//! Field kinds:
//! - `text`: a string value ([`TextRef`] into the document's text buffer)
//! - `amount`: an exact decimal ([`Amount`])
//! - `date`: a date-time ([`OfxDateTime`])
//! - `int`: an integer, `bool`: a Y/N flag
//! - `agg<T>`: one nested aggregate, `list<T>`: every repeated child aggregate of that tag
//! - `texts`: every repeated leaf of that tag

use rust_decimal::Decimal;

use crate::markup::tree::{NodeId, NodeRef, Tree};
use crate::markup::warning::{WarningCode, Warnings};
use crate::values::amount::{AmountError, parse_amount};
use crate::values::datetime::{DateNote, OfxDateTime, parse_ofx_datetime};

/// A string value: a span of the document's text buffer (followed there by a NUL).
/// `Option<TextRef>` is 8 bytes (the length is stored plus one, leaving a niche).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRef {
    pub start: u32,
    len1: std::num::NonZeroU32,
}

impl Default for TextRef {
    fn default() -> Self {
        TextRef::new(0, 0)
    }
}

impl TextRef {
    /// A span of `len` bytes at `start`.
    #[inline]
    pub fn new(start: u32, len: u32) -> TextRef {
        TextRef { start, len1: std::num::NonZeroU32::new(len.saturating_add(1)).unwrap_or(std::num::NonZeroU32::MIN) }
    }
    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> u32 {
        self.len1.get() - 1
    }
    /// Whether the value is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The text, from the tree it was read from.
    #[inline]
    pub fn get<'t>(&self, tree: &'t Tree) -> &'t str {
        tree.text_buffer().get(self.start as usize..(self.start + self.len()) as usize).unwrap_or("")
    }
}

/// An exact amount and where its original text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    /// The text as written (trimmed).
    pub raw: TextRef,
}

/// Reading context: the tree and the warning list.
pub struct ReadCx<'a> {
    pub tree: &'a Tree,
    pub warnings: &'a mut Warnings,
}

/// What every typed aggregate offers.
pub trait Aggregate: Sized + Default {
    /// The spec tag.
    const TAG: &'static str;
    /// The grammar id of the tag.
    fn elem() -> crate::model::grammar::ElemId;
    /// Reads the aggregate from its element.
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self;
    /// Writes the aggregate's fields as JSON object members.
    fn json_fields(&self, j: &mut Json<'_>);
    /// The element it was read from.
    fn node(&self) -> NodeId;
}

/// A field kind: how one child is read and shown.
pub trait Field: Sized {
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self>;
    fn json(&self, j: &mut Json<'_>);
}

impl Field for TextRef {
    #[inline]
    fn read(node: NodeRef<'_>, _cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        let start = node.text_offset()? as u32;
        Some(TextRef::new(start, t.len() as u32))
    }
    fn json(&self, j: &mut Json<'_>) {
        let t = self.get(j.tree);
        j.str(t);
    }
}

impl Field for Amount {
    #[inline]
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match parse_amount(t) {
            Ok((value, notes)) => {
                if notes.any() {
                    cx.warnings.push_with(WarningCode::ValueForm, node.offset(), || {
                        let mut what = Vec::new();
                        if notes.comma_decimal {
                            what.push("comma decimal");
                        }
                        if notes.thousands_separators {
                            what.push("thousands separators");
                        }
                        if notes.padded {
                            what.push("padding");
                        }
                        if notes.plus_sign {
                            what.push("leading +");
                        }
                        format!("amount {} '{t}' read as {value} ({})", node.name(), what.join(", "))
                    });
                }
                let raw = TextRef::read(node, cx)?;
                Some(Amount { value, raw })
            }
            Err(AmountError::Empty) => {
                cx.warnings
                    .push_with(WarningCode::EmptyValue, node.offset(), || format!("amount {} is empty", node.name()));
                None
            }
            Err(e) => {
                cx.warnings.push_with(WarningCode::Value, node.offset(), || {
                    format!("amount {} '{t}' not read: {e}", node.name())
                });
                None
            }
        }
    }
    fn json(&self, j: &mut Json<'_>) {
        j.raw_str(&crate::values::amount::format_amount(&self.value));
    }
}

impl Field for OfxDateTime {
    #[inline]
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match parse_ofx_datetime(t) {
            Ok((d, note)) => {
                if note != DateNote::None {
                    cx.warnings.push_with(WarningCode::ValueForm, node.offset(), || {
                        format!("date {} '{t}': {note:?}", node.name())
                    });
                }
                Some(d)
            }
            Err(e) => {
                cx.warnings.push_with(WarningCode::Value, node.offset(), || {
                    format!("date {} '{t}' not read: {e}", node.name())
                });
                None
            }
        }
    }
    fn json(&self, j: &mut Json<'_>) {
        j.raw_str(&self.to_iso_utc());
    }
}

impl Field for i64 {
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match t.trim().trim_start_matches('+').parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                cx.warnings
                    .push_with(WarningCode::Value, node.offset(), || format!("integer {} '{t}' not read", node.name()));
                None
            }
        }
    }
    fn json(&self, j: &mut Json<'_>) {
        j.raw(&self.to_string());
    }
}

impl Field for bool {
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Option<Self> {
        let t = node.text()?;
        match t {
            "Y" => Some(true),
            "N" => Some(false),
            _ => {
                let u = t.trim().to_ascii_uppercase();
                let v = match u.as_str() {
                    "Y" | "YES" | "T" | "TRUE" | "1" => Some(true),
                    "N" | "NO" | "F" | "FALSE" | "0" => Some(false),
                    _ => None,
                };
                cx.warnings.push_with(WarningCode::Value, node.offset(), || {
                    format!("flag {} '{t}' is not Y or N", node.name())
                });
                v
            }
        }
    }
    fn json(&self, j: &mut Json<'_>) {
        j.raw(if *self { "true" } else { "false" });
    }
}

/// Decides whether a repeated item read from `node` joins its list: an item cut off by the end of a
/// truncated document that lacks required fields (its read added Missing warnings since
/// `missing_before`) is not certain, so it stays out of the typed view (it remains in the element tree).
pub fn keep_item(node: NodeRef<'_>, cx: &mut ReadCx<'_>, missing_before: u32) -> bool {
    if node.cut_off() && cx.warnings.count(WarningCode::Missing) > missing_before {
        cx.warnings.push_with(WarningCode::Truncated, node.offset(), || {
            format!("incomplete {} cut off by the end of the document left out of the typed view", node.name())
        });
        return false;
    }
    true
}

/// Reads a required-field check.
pub fn missing(cx: &mut ReadCx<'_>, node: NodeRef<'_>, field: &str) {
    cx.warnings.push_with(WarningCode::Missing, node.offset(), || format!("{} has no {field}", node.name()));
}

/// A small JSON writer (strings escaped, no floats).
pub struct Json<'t> {
    pub out: String,
    pub tree: &'t Tree,
    first: bool,
}

impl<'t> Json<'t> {
    pub fn new(tree: &'t Tree) -> Self {
        Json { out: String::with_capacity(1024), tree, first: true }
    }
    pub fn begin_obj(&mut self) {
        self.out.push('{');
        self.first = true;
    }
    pub fn end_obj(&mut self) {
        self.out.push('}');
        self.first = false;
    }
    pub fn begin_arr(&mut self) {
        self.out.push('[');
        self.first = true;
    }
    pub fn end_arr(&mut self) {
        self.out.push(']');
        self.first = false;
    }
    /// Starts an array element.
    pub fn elem(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
    /// Starts an object member.
    pub fn key(&mut self, k: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
    }
    pub fn str(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }
    /// A string known to need no escaping.
    pub fn raw_str(&mut self, s: &str) {
        self.out.push('"');
        self.out.push_str(s);
        self.out.push('"');
    }
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    pub fn field<F: Field>(&mut self, k: &str, v: &Option<F>) {
        if let Some(v) = v {
            self.key(k);
            v.json(self);
        }
    }
    pub fn kv_str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.str(v);
    }
    pub fn agg<A: Aggregate>(&mut self, a: &A) {
        self.begin_obj();
        a.json_fields(self);
        self.end_obj();
    }
}

/// JSON string escaping.
pub fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: Option<&str> = match c {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[last..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => out.push_str(&format!("\\u{:04x}", c)),
        }
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out.push('"');
}

/// Defines a typed aggregate. See the module documentation.
#[macro_export]
macro_rules! aggregate {
    (
        $(#[$m:meta])*
        pub struct $name:ident = $tag:ident {
            $( $(#[$fm:meta])* $field:ident : $kind:ident $(<$inner:ty>)? = $ftag:ident => $json:literal $($req:ident)? ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default)]
        pub struct $name {
            $( $(#[$fm])* pub $field: $crate::aggregate!(@ty $kind $(<$inner>)?), )*
            /// The element this was read from.
            pub node: $crate::markup::tree::NodeId,
        }
        impl $crate::model::define::Aggregate for $name {
            const TAG: &'static str = stringify!($tag);
            #[inline]
            fn elem() -> $crate::model::grammar::ElemId { $crate::model::grammar::ids::$tag }
            fn read(node: $crate::markup::tree::NodeRef<'_>, cx: &mut $crate::model::define::ReadCx<'_>) -> Self {
                #[allow(unused_mut)]
                let mut s = Self { node: node.id(), ..Default::default() };
                // Lists get their exact size up front (no doubling: peak memory stays near the final size).
                $( $crate::aggregate!(@reserve $kind, s.$field, node, $ftag); )*
                for c in node.children() {
                    let Some(id) = c.elem() else { continue };
                    $( if id == $crate::model::grammar::ids::$ftag { $crate::aggregate!(@read $kind, s.$field, c, cx); continue; } )*
                }
                $( $crate::aggregate!(@req $($req)?, $kind, s.$field, node, cx, stringify!($ftag)); )*
                s
            }
            #[allow(unused_variables)]
            fn json_fields(&self, j: &mut $crate::model::define::Json<'_>) {
                $( $crate::aggregate!(@json $kind, j, $json, &self.$field); )*
            }
            fn node(&self) -> $crate::markup::tree::NodeId { self.node }
        }
    };
    (@ty text) => { Option<$crate::model::define::TextRef> };
    (@ty amount) => { Option<$crate::model::define::Amount> };
    (@ty date) => { Option<$crate::values::datetime::OfxDateTime> };
    (@ty int) => { Option<i64> };
    (@ty bool) => { Option<bool> };
    (@ty texts) => { Vec<$crate::model::define::TextRef> };
    (@ty agg<$t:ty>) => { Option<Box<$t>> };
    (@ty list<$t:ty>) => { Vec<$t> };

    (@read text, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = $crate::model::define::Field::read($c, $cx); } };
    (@read amount, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = $crate::model::define::Field::read($c, $cx); } };
    (@read date, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = $crate::model::define::Field::read($c, $cx); } };
    (@read int, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = $crate::model::define::Field::read($c, $cx); } };
    (@read bool, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = $crate::model::define::Field::read($c, $cx); } };
    (@read texts, $f:expr, $c:ident, $cx:ident) => { if let Some(t) = $crate::model::define::Field::read($c, $cx) { $f.push(t); } };
    (@read agg, $f:expr, $c:ident, $cx:ident) => { if $f.is_none() { $f = Some(Box::new($crate::model::define::Aggregate::read($c, $cx))); } };
    (@read list, $f:expr, $c:ident, $cx:ident) => {{
        let before = $cx.warnings.count($crate::markup::warning::WarningCode::Missing);
        let item = $crate::model::define::Aggregate::read($c, $cx);
        if $crate::model::define::keep_item($c, $cx, before) { $f.push(item); }
    }};

    (@reserve list, $f:expr, $n:ident, $ftag:ident) => {
        $f.reserve_exact($n.children().filter(|c| c.elem() == Some($crate::model::grammar::ids::$ftag)).count());
    };
    (@reserve $kind:ident, $f:expr, $n:ident, $ftag:ident) => {};

    (@req req, list, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_empty() { $crate::model::define::missing($cx, $n, $name); } };
    (@req req, texts, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_empty() { $crate::model::define::missing($cx, $n, $name); } };
    (@req req, $kind:ident, $f:expr, $n:ident, $cx:ident, $name:expr) => { if $f.is_none() { $crate::model::define::missing($cx, $n, $name); } };
    (@req , $kind:ident, $f:expr, $n:ident, $cx:ident, $name:expr) => {};

    (@json agg, $j:ident, $k:expr, $f:expr) => { if let Some(a) = $f { $j.key($k); $j.agg(&**a); } };
    (@json list, $j:ident, $k:expr, $f:expr) => { if !$f.is_empty() { $j.key($k); $j.begin_arr(); for a in $f.iter() { $j.elem(); $j.agg(a); } $j.end_arr(); } };
    (@json texts, $j:ident, $k:expr, $f:expr) => { if !$f.is_empty() { $j.key($k); $j.begin_arr(); for t in $f.iter() { $j.elem(); $crate::model::define::Field::json(t, $j); } $j.end_arr(); } };
    (@json $kind:ident, $j:ident, $k:expr, $f:expr) => { $j.field($k, $f); };
}

/// A small, fast, non-cryptographic hasher for in-document maps (FITIDs, fingerprints). Documents are
/// data, not adversaries of a hash table: the worst case is a slower check, never a wrong answer.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}
