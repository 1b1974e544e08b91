//! The element tree: one tolerant reader for SGML and XML bodies.
//!
//! Nodes live in one arena; every leaf value (trimmed, entities decoded) is stored once in a text buffer
//! followed by a NUL, so a value can be handed out as a Rust `&str` or a C string without copying.
//! Element versus aggregate is decided from the spec's grammar where the markup is ambiguous (an SGML
//! element without end tag, an empty element); unknown (proprietary) elements are kept and reachable.
//! Every repair is recorded as a warning with its offset.

use std::collections::HashMap;

use super::lexer::{Lexer, Token};
use super::warning::{WarningCode, Warnings};
use crate::model::grammar::{self, ElemId, Kind};

/// Index of a node in the arena.
pub type NodeId = u32;
/// No node.
pub const NONE: NodeId = u32::MAX;

const UNKNOWN_BIT: u32 = 0x8000_0000;
const LEAF_BIT: u32 = 0x8000_0000;
const CUT_BIT: u32 = 0x8000_0000;
/// Documents are limited to 2 GiB so that offsets leave a flag bit free.
pub const MAX_DOCUMENT: usize = 0x7fff_ffff;
/// Deepest element nesting the reader builds (real documents are about 10 deep). A start tag deeper than
/// this closes the innermost open element first, so that nothing reading the tree (recursive walks, the
/// writers' indentation, the repair scans over open elements) is at the mercy of the input's depth.
pub const MAX_DEPTH: usize = 256;

/// A symbol: a grammar element id, or an interned proprietary name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sym(pub u32);

impl Sym {
    /// The grammar id of a known element.
    #[inline]
    pub fn known(self) -> Option<ElemId> {
        if self.0 & UNKNOWN_BIT == 0 { Some(self.0 as ElemId) } else { None }
    }
    #[inline]
    pub fn of(id: ElemId) -> Sym {
        Sym(id as u32)
    }
}

/// One element: 16 bytes. Nodes are stored in document order (pre-order), so an aggregate's first child
/// is the next node and its descendants run up to `a` (the id after its last descendant); a leaf has no
/// descendants and keeps its value span in `a` and `b`.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    pub sym: Sym,
    /// Offset of the start tag in the decoded text; the top bit marks an element cut off by the end of
    /// the document.
    offset: u32,
    /// Leaf: start of the value in the text buffer. Aggregate: end of its subtree.
    a: u32,
    /// Leaf: value length with the top bit set. Aggregate: 0.
    b: u32,
}

/// The tree of a whole document.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
    /// Leaf values, each followed by a NUL.
    text: String,
    /// Proprietary element names, by `Sym & !UNKNOWN_BIT`.
    names: Vec<Box<str>>,
    root: NodeId,
}

/// A borrowed view of one node.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    tree: &'a Tree,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>", self.name())?;
        if let Some(t) = self.text() {
            write!(f, "{t:?}")?;
        }
        Ok(())
    }
}

impl Tree {
    /// The root element (normally `OFX`), if the document had any element.
    pub fn root(&self) -> Option<NodeRef<'_>> {
        (self.root != NONE).then_some(NodeRef { tree: self, id: self.root })
    }

    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef { tree: self, id }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Name of a symbol.
    pub fn sym_name(&self, s: Sym) -> &str {
        match s.known() {
            Some(id) => grammar::name(id),
            None => self.names.get((s.0 & !UNKNOWN_BIT) as usize).map(|b| &**b).unwrap_or("?"),
        }
    }

    /// The whole text buffer (values separated by NULs); for C views.
    pub fn text_buffer(&self) -> &str {
        &self.text
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.text.capacity()
            + self.names.iter().map(|n| n.len() + 16).sum::<usize>()
    }

    /// Programmatic building in document order (for writers and tests): opens an aggregate. Close it
    /// with [`Tree::close`]; the first element opened is the root.
    pub fn open(&mut self, name: &str) -> NodeId {
        let sym = self.intern(name);
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node { sym, offset: 0, a: id + 1, b: 0 });
        if self.root == NONE {
            self.root = id;
        }
        id
    }

    /// Closes an aggregate opened with [`Tree::open`]: everything added since is inside it.
    pub fn close(&mut self, id: NodeId) {
        let end = self.nodes.len() as u32;
        if let Some(n) = self.nodes.get_mut(id as usize) {
            n.a = end;
        }
    }

    /// Adds a leaf with a value inside the innermost open aggregate.
    pub fn leaf(&mut self, name: &str, value: &str) -> NodeId {
        let sym = self.intern(name);
        let id = self.nodes.len() as NodeId;
        let start = self.text.len() as u32;
        self.text.push_str(&value.replace('\0', "\u{FFFD}"));
        let len = self.text.len() as u32 - start;
        self.text.push('\0');
        self.nodes.push(Node { sym, offset: 0, a: start, b: len | LEAF_BIT });
        if self.root == NONE {
            self.root = id;
        }
        id
    }

    /// Copies the element `src` (of any tree) and everything below it into this tree, inside the
    /// innermost open aggregate (or as the root). Iterative: nodes are in pre-order.
    pub fn copy_subtree(&mut self, src: NodeRef<'_>) {
        let t = src.tree;
        let first = src.id as usize;
        let end = {
            let n = &t.nodes[first];
            if n.b & LEAF_BIT != 0 { first + 1 } else { (n.a as usize).max(first + 1) }
        };
        // (end of the source aggregate, id of its copy)
        let mut open: Vec<(usize, NodeId)> = Vec::new();
        for i in first..end.min(t.nodes.len()) {
            while let Some(&(e, id)) = open.last() {
                if i >= e {
                    self.close(id);
                    open.pop();
                } else {
                    break;
                }
            }
            let r = t.node(i as NodeId);
            let name = r.name();
            match r.text() {
                Some(v) if r.is_leaf() => {
                    self.leaf(name, v);
                }
                _ => {
                    let id = self.open(name);
                    let e = t.nodes[i].a as usize;
                    open.push((e.max(i + 1), id));
                }
            }
        }
        while let Some((_, id)) = open.pop() {
            self.close(id);
        }
    }

    /// Creates an empty tree for programmatic building.
    pub fn new() -> Tree {
        Tree { root: NONE, ..Default::default() }
    }

    fn intern(&mut self, name: &str) -> Sym {
        intern_into(&mut self.names, &mut HashMap::new(), name)
    }
}

fn intern_into(names: &mut Vec<Box<str>>, map: &mut HashMap<Box<str>, u32>, name: &str) -> Sym {
    if let Some(id) = grammar::lookup(name.as_bytes()) {
        return Sym::of(id);
    }
    if name.bytes().any(|c| c.is_ascii_lowercase()) {
        let up = name.to_ascii_uppercase();
        if let Some(id) = grammar::lookup(up.as_bytes()) {
            return Sym::of(id);
        }
        return intern_unknown(names, map, &up);
    }
    intern_unknown(names, map, name)
}

fn intern_unknown(names: &mut Vec<Box<str>>, map: &mut HashMap<Box<str>, u32>, name: &str) -> Sym {
    if let Some(&i) = map.get(name) {
        return Sym(i | UNKNOWN_BIT);
    }
    // Only a map that lacks some names (`Tree::intern`'s) needs the linear search: the builder's map has every
    // name, and searching there would make reading quadratic in the number of distinct unknown names.
    if map.len() < names.len() {
        if let Some(i) = names.iter().position(|n| &**n == name) {
            map.insert(name.into(), i as u32);
            return Sym(i as u32 | UNKNOWN_BIT);
        }
    }
    let i = names.len() as u32;
    names.push(name.into());
    map.insert(name.into(), i);
    Sym(i | UNKNOWN_BIT)
}

impl<'a> NodeRef<'a> {
    pub fn id(&self) -> NodeId {
        self.id
    }
    #[inline]
    fn n(&self) -> &'a Node {
        &self.tree.nodes[self.id as usize]
    }
    pub fn sym(&self) -> Sym {
        self.n().sym
    }
    /// The grammar id, when the element is in the spec.
    pub fn elem(&self) -> Option<ElemId> {
        self.n().sym.known()
    }
    /// The element's name as written (upper-cased).
    pub fn name(&self) -> &'a str {
        self.tree.sym_name(self.n().sym)
    }
    /// Offset of the start tag in the decoded text.
    pub fn offset(&self) -> usize {
        (self.n().offset & !CUT_BIT) as usize
    }
    /// Whether the element was still open when the document ended (a truncated document).
    pub fn cut_off(&self) -> bool {
        self.n().offset & CUT_BIT != 0
    }
    /// Whether this element is a leaf (carries a value).
    pub fn is_leaf(&self) -> bool {
        self.n().b & LEAF_BIT != 0
    }
    /// The value of a leaf (trimmed, entities decoded); None for aggregates.
    #[inline]
    pub fn text(&self) -> Option<&'a str> {
        let n = self.n();
        if n.b & LEAF_BIT == 0 {
            return None;
        }
        let s = n.a as usize;
        let l = (n.b & !LEAF_BIT) as usize;
        self.tree.text.get(s..s + l)
    }
    /// Byte offset of the value in the text buffer (the value is followed by a NUL there).
    pub fn text_offset(&self) -> Option<usize> {
        self.is_leaf().then_some(self.n().a as usize)
    }
    /// Children in document order.
    #[inline]
    pub fn children(&self) -> Children<'a> {
        let n = self.n();
        let end = if n.b & LEAF_BIT != 0 { self.id + 1 } else { n.a };
        Children { tree: self.tree, next: self.id + 1, end }
    }
    /// First child with this grammar id.
    #[inline]
    pub fn child(&self, id: ElemId) -> Option<NodeRef<'a>> {
        let want = Sym::of(id);
        self.children().find(|c| c.sym() == want)
    }
    /// First child with this name (any element, proprietary included).
    pub fn child_named(&self, name: &str) -> Option<NodeRef<'a>> {
        self.children().find(|c| c.name() == name)
    }
    /// Value of the first child leaf with this grammar id.
    #[inline]
    pub fn child_text(&self, id: ElemId) -> Option<&'a str> {
        self.child(id).and_then(|c| c.text())
    }
    /// Follows a path of names separated by '/', e.g. `BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT`.
    /// A step may carry an index `NAME[2]` (0-based, among siblings of that name). A leading name equal
    /// to this node's own name is skipped, so paths may start at `OFX`.
    pub fn path(&self, path: &str) -> Option<NodeRef<'a>> {
        let mut cur = *self;
        let mut steps = path.split('/').filter(|s| !s.is_empty()).peekable();
        if let Some(first) = steps.peek() {
            let (n, _) = split_index(first);
            if n.eq_ignore_ascii_case(self.name()) && self.child_named_ci(n).is_none() {
                steps.next();
            }
        }
        for step in steps {
            let (name, idx) = split_index(step);
            cur = cur.children().filter(|c| c.name().eq_ignore_ascii_case(name)).nth(idx)?;
        }
        Some(cur)
    }
    fn child_named_ci(&self, name: &str) -> Option<NodeRef<'a>> {
        self.children().find(|c| c.name().eq_ignore_ascii_case(name))
    }
    /// Depth-first search for the first descendant (or self) with this grammar id.
    pub fn find(&self, id: ElemId) -> Option<NodeRef<'a>> {
        if self.elem() == Some(id) {
            return Some(*self);
        }
        self.children().find_map(|c| c.find(id))
    }
    /// All descendants (and self) with this grammar id, in document order; does not descend into matches.
    pub fn find_all(&self, id: ElemId, out: &mut Vec<NodeRef<'a>>) {
        if self.elem() == Some(id) {
            out.push(*self);
            return;
        }
        for c in self.children() {
            c.find_all(id, out);
        }
    }
    pub fn tree(&self) -> &'a Tree {
        self.tree
    }
}

fn split_index(step: &str) -> (&str, usize) {
    if let Some(open) = step.find('[') {
        if let Some(n) = step[open + 1..].strip_suffix(']').and_then(|d| d.trim().parse().ok()) {
            return (&step[..open], n);
        }
    }
    (step, 0)
}

/// Iterator over a node's children.
pub struct Children<'a> {
    tree: &'a Tree,
    next: NodeId,
    end: NodeId,
}

impl<'a> Iterator for Children<'a> {
    type Item = NodeRef<'a>;
    #[inline]
    fn next(&mut self) -> Option<NodeRef<'a>> {
        if self.next >= self.end {
            return None;
        }
        let id = self.next;
        let n = self.tree.nodes.get(id as usize)?;
        // The next sibling follows this child's subtree.
        self.next = if n.b & LEAF_BIT != 0 { id + 1 } else { n.a.max(id + 1) };
        Some(NodeRef { tree: self.tree, id })
    }
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/// What the builder noticed about the markup as a whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkupStats {
    /// Leaves closed by an end tag.
    pub leaf_end_tags: u32,
    /// Leaves closed implicitly (SGML style).
    pub leaf_implied_ends: u32,
}

impl MarkupStats {
    /// Whether the body reads as XML (every leaf end-tagged) rather than SGML.
    pub fn looks_xml(&self) -> bool {
        self.leaf_end_tags > 0 && self.leaf_implied_ends == 0
    }
}

#[derive(Clone, Copy)]
enum Pending {
    None,
    /// Raw span in the source.
    Raw(usize, usize),
    /// Text accumulated in the scratch buffer (several runs, CDATA, inline markup).
    Scratch,
}

struct Open {
    node: NodeId,
    sym: Sym,
    pending: Pending,
    /// Grammar kind: Some(true) leaf, Some(false) aggregate, None unknown.
    leaf: Option<bool>,
    has_children: bool,
}

#[inline]
fn kind_of(sym: Sym) -> Option<bool> {
    sym.known().map(|id| matches!(grammar::def(id).kind, Kind::Leaf(_)))
}

const INLINE_HTML: [&str; 8] = ["BR", "P", "B", "I", "U", "FONT", "WBR", "SPAN"];

fn is_inline_html(name: &str) -> bool {
    INLINE_HTML.iter().any(|h| h.eq_ignore_ascii_case(name))
}

struct Builder<'s> {
    src: &'s str,
    tree: Tree,
    map: HashMap<Box<str>, u32>,
    stack: Vec<Open>,
    scratch: String,
    warnings: &'s mut Warnings,
    stats: MarkupStats,
    /// Aggregates closed by a repair, whose own end tags may still come (reverse order, late end tags).
    recently_closed: Vec<Sym>,
    /// Proprietary names seen as leaves: a late end tag of one is stray, not a wrong end tag.
    leafy: std::collections::HashSet<Sym>,
    done: bool,
}

/// Reads the body of `src` starting at `start` (the `<OFX>` tag) into a tree.
pub fn build(src: &str, start: usize, warnings: &mut Warnings) -> (Tree, MarkupStats) {
    let sizes = arena_sizes(&src.as_bytes()[start.min(src.len())..]);
    let mut b = Builder {
        src,
        tree: Tree {
            nodes: Vec::with_capacity(sizes.0 + 1),
            text: String::with_capacity(sizes.1 + 16),
            names: Vec::new(),
            root: NONE,
        },
        map: HashMap::new(),
        stack: Vec::with_capacity(32),
        scratch: String::new(),
        warnings,
        stats: MarkupStats::default(),
        recently_closed: Vec::new(),
        leafy: Default::default(),
        done: false,
    };
    for tok in Lexer::new(src, start) {
        match tok {
            Token::Start { name, pos, self_closing } => b.start(name, pos, self_closing),
            Token::End { name, pos } => b.end(name, pos),
            Token::Text { text, pos } => b.text(text, pos),
            Token::Cdata { text, pos } => b.cdata(text, pos),
        }
        if b.done {
            break;
        }
    }
    b.finish();
    b.tree.nodes.shrink_to_fit();
    b.tree.text.shrink_to_fit();
    (b.tree, b.stats)
}

/// Number of `<` not followed by `/`, `!` or `?`: an upper bound of the start tags.
/// Sizes the arenas in one pass: the number of start tags (an upper bound of the nodes) and an upper
/// bound of the value bytes (the body less its markup, plus one NUL per start tag; decoding entities and
/// trimming only ever shorten values). Both arenas are then allocated once and never copied as they fill.
fn arena_sizes(b: &[u8]) -> (usize, usize) {
    let (mut starts, mut markup) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        if !matches!(b.get(at + 1), Some(b'/' | b'!' | b'?')) {
            starts += 1;
        }
        // Tags are short: look for their end nearby only (a lone `<` in text must not cost a long scan).
        let window = &b[at..b.len().min(at + 64)];
        match memchr::memchr(b'>', window) {
            Some(e) => {
                markup += e + 1;
                i = at + e + 1;
            }
            None => i = at + 1,
        }
    }
    (starts, b.len().saturating_sub(markup) + starts)
}

impl Builder<'_> {
    fn sym(&mut self, name: &str) -> Sym {
        intern_into(&mut self.tree.names, &mut self.map, name)
    }

    /// The symbol of a name if it exists, without interning.
    fn existing_sym(&self, name: &str) -> Option<Sym> {
        if let Some(id) = grammar::lookup(name.as_bytes()) {
            return Some(Sym::of(id));
        }
        let up;
        let n = if name.bytes().any(|c| c.is_ascii_lowercase()) {
            up = name.to_ascii_uppercase();
            if let Some(id) = grammar::lookup(up.as_bytes()) {
                return Some(Sym::of(id));
            }
            up.as_str()
        } else {
            name
        };
        self.map.get(n).map(|&i| Sym(i | UNKNOWN_BIT))
    }

    /// Remembers an aggregate closed by a repair: its own end tag, if it comes later, is then ignored.
    fn remember_closed(&mut self, s: Sym) {
        if self.recently_closed.len() >= 64 {
            self.recently_closed.remove(0);
        }
        self.recently_closed.push(s);
    }

    fn name_of(&self, s: Sym) -> String {
        self.tree.sym_name(s).to_string()
    }

    #[inline]
    fn pending_has_text(&self, o: &Open) -> bool {
        match o.pending {
            Pending::None => false,
            Pending::Raw(s, e) => self.src.as_bytes()[s..e].iter().any(|c| !c.is_ascii_whitespace()),
            Pending::Scratch => !self.scratch.trim().is_empty(),
        }
    }

    fn new_node(&mut self, sym: Sym, pos: usize) -> NodeId {
        let id = self.tree.nodes.len() as NodeId;
        // `a` is the subtree end, fixed when the element closes (empty until then).
        self.tree.nodes.push(Node { sym, offset: pos as u32, a: id + 1, b: 0 });
        if let Some(parent) = self.stack.last_mut() {
            parent.has_children = true;
            // Whatever text came before its first child was whitespace (text was dealt with in `start`).
            parent.pending = Pending::None;
        } else {
            self.tree.root = id;
        }
        id
    }

    fn start(&mut self, name: &str, pos: usize, self_closing: bool) {
        // Inline HTML (<BR/>) inside a value: becomes a space in the value.
        let inline = self.stack.last().is_some_and(|top| {
            top.leaf != Some(false)
                && !top.has_children
                && is_inline_html(name)
                && self.existing_sym(name).is_none_or(|s| s.known().is_none())
                && self.pending_has_text(top)
        });
        if let Some(top) = self.stack.last().filter(|_| inline) {
            {
                let top_sym = top.sym;
                self.move_to_scratch();
                self.scratch.push(' ');
                let tn = self.name_of(top_sym);
                self.warnings
                    .push_with(WarningCode::Markup, pos, || format!("HTML <{name}> inside {tn} value read as a space"));
                return;
            }
        }
        let sym = self.sym(name);
        let mut kind = kind_of(sym);

        // Decide what the open element is, now that another element starts.
        if let Some(top) = self.stack.last() {
            let has_text = self.pending_has_text(top);
            let top_sym = top.sym;
            match (top.leaf, has_text, top.has_children) {
                (Some(false), true, _) => {
                    let tn = self.name_of(top_sym);
                    self.warnings.push_with(WarningCode::Markup, pos, || format!("text inside aggregate {tn} ignored"));
                    if let Some(t) = self.stack.last_mut() {
                        t.pending = Pending::None;
                    }
                }
                (Some(false), false, _) => {}
                (_, true, false) => self.close_top(pos, false),
                (Some(true), false, _) => {
                    let tn = self.name_of(top_sym);
                    self.warnings.push_with(WarningCode::EmptyValue, pos, || format!("element {tn} has no value"));
                    self.close_top(pos, false);
                }
                (None, false, false) => {
                    // An unknown element followed by a known one that belongs to the unknown's parent: the
                    // unknown one was an empty leaf.
                    if let (Some(child), Some(parent)) =
                        (sym.known(), self.stack.len().checked_sub(2).and_then(|i| self.stack[i].sym.known()))
                    {
                        if grammar::allows_child(parent, child) {
                            self.close_top(pos, false);
                        }
                    }
                }
                _ => {}
            }
        }

        // A known element where its parent cannot hold it, but an open ancestor can: the elements in
        // between were left open (missing end tags).
        if let (Some(child), Some(parent)) = (sym.known(), self.stack.last().and_then(|t| t.sym.known())) {
            if !grammar::allows_child(parent, child) {
                let mut target = None;
                for i in (0..self.stack.len().saturating_sub(1)).rev() {
                    match self.stack[i].sym.known() {
                        Some(a) if grammar::allows_child(a, child) => {
                            target = Some(i);
                            break;
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
                match target {
                    Some(i) => {
                        while self.stack.len() > i + 1 {
                            let t = self.stack.last().map(|t| t.sym).unwrap_or(Sym(0));
                            let tn = self.name_of(t);
                            self.warnings.push_with(WarningCode::EndTag, pos, || {
                                format!("missing end tag </{tn}> before <{name}>")
                            });
                            self.close_top(pos, true);
                            self.remember_closed(t);
                        }
                    }
                    None => {
                        if !self.stack.is_empty() {
                            let pn = self.name_of(self.stack.last().map(|t| t.sym).unwrap_or(Sym(0)));
                            self.warnings.push_with(WarningCode::Order, pos, || {
                                format!("<{name}> is not allowed inside <{pn}> (kept there)")
                            });
                        }
                    }
                }
            }
        }

        if self.stack.is_empty() && self.tree.root != NONE {
            self.warnings.push(
                WarningCode::Markup,
                pos,
                format!("content after the end of the OFX element ignored (from <{name}>)"),
            );
            self.done = true;
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            let tn = self.name_of(self.stack.last().map(|t| t.sym).unwrap_or(Sym(0)));
            self.warnings.push_with(WarningCode::Markup, pos, || {
                format!("elements nested deeper than {MAX_DEPTH}: <{name}> read as a sibling of <{tn}>")
            });
            self.close_top(pos, false);
        }
        if let (Some(child), Some(parent)) = (sym.known(), self.stack.last().and_then(|t| t.sym.known())) {
            // A few names are a leaf in one parent and an aggregate in another (LOANRATE).
            kind = Some(matches!(grammar::child_def_id(parent, child).kind, Kind::Leaf(_)));
        }
        let node = self.new_node(sym, pos);
        if self_closing {
            // <MEMO/> is an empty leaf; <INVTRANLIST/> an empty aggregate; unknown ones are empty leaves.
            if kind != Some(false) {
                self.set_text(node, "");
            }
            return;
        }
        self.stack.push(Open { node, sym, pending: Pending::None, leaf: kind, has_children: false });
    }

    fn end(&mut self, name: &str, pos: usize) {
        let sym = self.existing_sym(name);
        // End tags of inline HTML swallowed inside a value.
        if is_inline_html(name) && sym.is_none_or(|s| !self.stack.iter().any(|o| o.sym == s)) {
            if let Some(top) = self.stack.last() {
                if top.leaf != Some(false) && !top.has_children {
                    return;
                }
            }
        }
        if name.is_empty() {
            // SGML's empty end tag closes the current element.
            if !self.stack.is_empty() {
                self.close_top(pos, true);
            }
            return;
        }
        let found = sym.and_then(|s| self.stack.iter().rposition(|o| o.sym == s));
        match found {
            Some(k) => {
                while self.stack.len() > k + 1 {
                    let top = self.stack.last().map(|t| (t.sym, t.leaf, t.has_children));
                    if let Some((tsym, leaf, has_children)) = top {
                        let is_leaf = leaf == Some(true) || (leaf.is_none() && !has_children);
                        if !is_leaf {
                            let tn = self.name_of(tsym);
                            self.warnings.push_with(WarningCode::EndTag, pos, || {
                                format!("missing end tag </{tn}> before </{name}>")
                            });
                            self.remember_closed(tsym);
                        } else if leaf.is_none() || leaf == Some(true) {
                            // Ordinary SGML leaf without end tag.
                        }
                        self.close_top(pos, false);
                    }
                }
                self.close_top(pos, true);
            }
            None => {
                if let Some(i) = sym.and_then(|s| self.recently_closed.iter().position(|&r| r == s)) {
                    self.recently_closed.remove(i);
                    self.warnings.push_with(WarningCode::EndTag, pos, || format!("end tag </{name}> out of order"));
                    return;
                }
                let end_kind = sym.and_then(kind_of);
                let was_leaf = sym.is_some_and(|s| self.leafy.contains(&s));
                if end_kind == Some(true) || was_leaf || self.stack.len() <= 1 {
                    self.warnings.push_with(WarningCode::EndTag, pos, || format!("stray end tag </{name}> ignored"));
                    return;
                }
                // Wrong end tag: it closes the innermost open aggregate (not the root).
                while let Some(top) = self.stack.last() {
                    let is_leaf = top.leaf == Some(true) || (top.leaf.is_none() && !top.has_children);
                    if is_leaf && self.stack.len() > 1 {
                        self.close_top(pos, false);
                    } else {
                        break;
                    }
                }
                if self.stack.len() > 1 {
                    let tn = self.name_of(self.stack.last().map(|t| t.sym).unwrap_or(Sym(0)));
                    self.warnings.push_with(WarningCode::EndTag, pos, || {
                        format!("end tag </{name}> does not match <{tn}>; closed <{tn}>")
                    });
                    self.close_top(pos, true);
                } else {
                    self.warnings.push_with(WarningCode::EndTag, pos, || format!("stray end tag </{name}> ignored"));
                }
            }
        }
    }

    #[inline]
    fn text(&mut self, text: &str, pos: usize) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        if top.has_children || top.leaf == Some(false) {
            // Text between the children of an aggregate: whitespace, or junk that is reported and dropped.
            if text.bytes().any(|c| !c.is_ascii_whitespace()) {
                let sym = top.sym;
                let tn = self.name_of(sym);
                self.warnings.push_with(WarningCode::Markup, pos, || format!("text inside aggregate {tn} ignored"));
            }
            return;
        }
        match top.pending {
            Pending::None => top.pending = Pending::Raw(pos, pos + text.len()),
            Pending::Raw(s, e) if e == pos => top.pending = Pending::Raw(s, pos + text.len()),
            _ => {
                self.move_to_scratch();
                self.scratch.push_str(text);
            }
        }
    }

    fn cdata(&mut self, text: &str, _pos: usize) {
        match self.stack.last() {
            None => return,
            Some(top) if top.has_children || top.leaf == Some(false) => return,
            _ => {}
        }
        self.move_to_scratch();
        // Escape so that entity decoding at close gives the literal text back.
        self.scratch.push_str(&text.replace('&', "&amp;"));
    }

    /// Moves the top's pending text into the scratch buffer.
    fn move_to_scratch(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            match top.pending {
                Pending::Scratch => {}
                Pending::None => {
                    self.scratch.clear();
                    top.pending = Pending::Scratch;
                }
                Pending::Raw(s, e) => {
                    self.scratch.clear();
                    self.scratch.push_str(&self.src[s..e]);
                    top.pending = Pending::Scratch;
                }
            }
        }
    }

    /// Closes the innermost open element. `explicit`: by its own end tag.
    fn close_top(&mut self, pos: usize, explicit: bool) {
        let Some(top) = self.stack.pop() else { return };
        let has_text = match top.pending {
            Pending::None => false,
            Pending::Raw(s, e) => self.src.as_bytes()[s..e].iter().any(|c| !c.is_ascii_whitespace()),
            Pending::Scratch => !self.scratch.trim().is_empty(),
        };
        // An element with children is an aggregate, even one the spec makes a leaf: its children are kept.
        let leaf = !top.has_children && top.leaf != Some(false);
        if top.has_children && top.leaf == Some(true) {
            let tn = self.name_of(top.sym);
            self.warnings.push_with(WarningCode::Markup, pos, || {
                format!("elements inside value {tn} kept (as children; its text is dropped)")
            });
        }
        if !leaf {
            let end = self.tree.nodes.len() as u32;
            self.tree.nodes[top.node as usize].a = end;
        }
        if leaf {
            if explicit {
                self.stats.leaf_end_tags += 1;
            } else {
                self.stats.leaf_implied_ends += 1;
            }
            let raw: String;
            let text: &str = match top.pending {
                Pending::None => "",
                Pending::Raw(s, e) => &self.src[s..e],
                Pending::Scratch => {
                    raw = std::mem::take(&mut self.scratch);
                    &raw
                }
            };
            let value_pos = match top.pending {
                Pending::Raw(s, _) => s,
                _ => pos,
            };
            self.store_value(top.node, top.sym, text, value_pos);
            if top.leaf.is_none() && self.leafy.len() < 4096 {
                self.leafy.insert(top.sym);
            }
        } else if has_text {
            let tn = self.name_of(top.sym);
            self.warnings.push_with(WarningCode::Markup, pos, || format!("text inside aggregate {tn} ignored"));
        }
    }

    fn set_text(&mut self, node: NodeId, value: &str) {
        let s = self.tree.text.len() as u32;
        self.tree.text.push_str(value);
        let l = self.tree.text.len() as u32 - s;
        self.tree.text.push('\0');
        let n = &mut self.tree.nodes[node as usize];
        n.a = s;
        n.b = l | LEAF_BIT;
    }

    /// Trims, decodes entities and stores a leaf's value.
    fn store_value(&mut self, node: NodeId, sym: Sym, raw: &str, pos: usize) {
        let t = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        let start = self.tree.text.len();
        if memchr::memchr(b'&', t.as_bytes()).is_none() {
            self.tree.text.push_str(t);
        } else {
            let name = self.tree.sym_name(sym).to_string();
            decode_entities(t, &mut self.tree.text, &mut |msg| {
                self.warnings.push_with(WarningCode::Entity, pos, || format!("{msg} in {name}"));
            });
        }
        let len = self.tree.text.len() - start;
        self.tree.text.push('\0');
        let n = &mut self.tree.nodes[node as usize];
        n.a = start as u32;
        n.b = len as u32 | LEAF_BIT;
        if let Some(id) = sym.known() {
            if let Kind::Leaf(def) = &grammar::def(id).kind {
                let max = def.max_len as usize;
                if max > 0 && len > max {
                    let chars = self.tree.text[start..start + len].chars().count();
                    if chars > max {
                        let name = grammar::name(id);
                        self.warnings.push_with(WarningCode::Length, pos, || {
                            format!("{name} is {chars} characters, over the spec's {max} (kept)")
                        });
                    }
                }
            }
        }
    }

    fn finish(&mut self) {
        if !self.stack.is_empty() {
            let open: Vec<String> = self
                .stack
                .iter()
                .filter(|o| o.leaf == Some(false) || (o.leaf.is_none() && o.has_children))
                .map(|o| self.tree.sym_name(o.sym).to_string())
                .collect();
            let pos = self.src.len();
            if !open.is_empty() {
                self.warnings.push(
                    WarningCode::Truncated,
                    pos,
                    format!("document ends with elements still open: {} (closed here)", open.join(" > ")),
                );
            }
            for o in &self.stack {
                self.tree.nodes[o.node as usize].offset |= CUT_BIT;
            }
            while !self.stack.is_empty() {
                self.close_top(pos, false);
            }
        }
    }
}

/// Decodes XML and HTML entities, keeping unescaped `&` literally. `warn` is told of every deviation.
pub fn decode_entities(t: &str, out: &mut String, warn: &mut dyn FnMut(String)) {
    let b = t.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'&', &b[i..]) {
        let amp = i + off;
        out.push_str(&t[last..amp]);
        // An entity is & then up to 10 name chars then ';'.
        let semi = b[amp + 1..].iter().take(12).position(|&c| c == b';').map(|p| amp + 1 + p);
        let mut consumed = false;
        if let Some(semi) = semi {
            let ent = &t[amp + 1..semi];
            if let Some(c) = entity_char(ent) {
                out.push(c);
                if !matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos") && !ent.starts_with('#') {
                    warn(format!("HTML entity &{ent}; decoded"));
                }
                last = semi + 1;
                i = semi + 1;
                consumed = true;
            }
        }
        if !consumed {
            out.push('&');
            warn("unescaped '&' kept".to_string());
            last = amp + 1;
            i = amp + 1;
        }
    }
    out.push_str(&t[last..]);
}

fn entity_char(ent: &str) -> Option<char> {
    if let Some(num) = ent.strip_prefix('#') {
        let v = if let Some(h) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(h, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(v).unwrap_or('\u{FFFD}');
        return Some(if c == '\0' { '\u{FFFD}' } else { c });
    }
    Some(match ent {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "deg" => '°',
        "plusmn" => '±',
        "middot" => '·',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "bull" => '•',
        "iexcl" => '¡',
        "iquest" => '¿',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    })
}
