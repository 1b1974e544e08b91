//! A whole OFX document: header, element tree, typed view and warnings.

use crate::markup::charset::{self, Charset};
use crate::markup::header::{self, Header, HeaderKind};
use crate::markup::tree::{self, NodeRef, Tree};
use crate::markup::warning::{Warning, WarningCode, Warnings};
use crate::model::bank::{CcStmtEndRs, CcStmtRs, StmtEndRs, StmtRs};
use crate::model::define::{Aggregate, ReadCx, TextRef};
use crate::model::grammar::{self, ids};
use crate::model::invest::InvStmtRs;
use crate::model::loan::{LoanStmtEndRs, LoanStmtRs};
use crate::model::profile::ProfRs;
use crate::model::seclist::SecInfo;
use crate::model::signon::{SonRs, Status};
use crate::model::signup::AcctInfo;

/// Body syntax as read (what the body is, whatever the header said).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// OFX 1.x SGML (leaf end tags optional).
    Sgml,
    /// OFX 2.x XML.
    Xml,
}

/// How to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Turn spec violations into errors: element order, required elements, enum values, lengths,
    /// and every repair the tolerant reader would make.
    pub strict: bool,
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not an OFX document at all (HTML, OFC, binary, empty).
    NotOfx(header::NotOfx),
    /// The document has an `<OFX>` tag but no content could be read.
    NoContent,
    /// Strict mode: the first violation found.
    Strict(Warning),
    /// Too large to index (over 2 GiB).
    TooLarge,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NotOfx(n) => f.write_str(n.message()),
            ParseError::NoContent => f.write_str("the OFX element is empty: no signon or message sets"),
            ParseError::Strict(w) => write!(f, "strict mode: {w}"),
            ParseError::TooLarge => f.write_str("document larger than 2 GiB"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Which kind of statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementKind {
    Bank,
    CreditCard,
    Investment,
    Loan,
}

impl StatementKind {
    pub fn name(self) -> &'static str {
        match self {
            StatementKind::Bank => "bank",
            StatementKind::CreditCard => "creditcard",
            StatementKind::Investment => "investment",
            StatementKind::Loan => "loan",
        }
    }
}

/// A statement of any kind.
#[derive(Clone, Debug)]
pub enum StatementBody {
    Bank(StmtRs),
    CreditCard(CcStmtRs),
    Investment(Box<InvStmtRs>),
    Loan(Box<LoanStmtRs>),
}

/// The transaction wrapper around a response: TRNUID, STATUS, CLTCOOKIE.
#[derive(Clone, Debug, Default)]
pub struct Wrapper {
    /// The wrapper's tag, e.g. STMTTRNRS.
    pub tag: &'static str,
    pub trnuid: Option<TextRef>,
    pub status: Option<Status>,
    pub cltcookie: Option<TextRef>,
}

/// One statement with its wrapper.
#[derive(Clone, Debug)]
pub struct Statement {
    pub wrapper: Wrapper,
    pub body: StatementBody,
}

impl Statement {
    pub fn kind(&self) -> StatementKind {
        match self.body {
            StatementBody::Bank(_) => StatementKind::Bank,
            StatementBody::CreditCard(_) => StatementKind::CreditCard,
            StatementBody::Investment(_) => StatementKind::Investment,
            StatementBody::Loan(_) => StatementKind::Loan,
        }
    }
}

/// Closing information of any kind.
#[derive(Clone, Debug)]
pub enum ClosingBody {
    Bank(StmtEndRs),
    CreditCard(CcStmtEndRs),
    Loan(Box<LoanStmtEndRs>),
    Investment(Box<crate::model::invest::InvStmtEndRs>),
}

/// One closing-information response with its wrapper.
#[derive(Clone, Debug)]
pub struct ClosingSet {
    pub wrapper: Wrapper,
    pub body: ClosingBody,
}

/// A parsed OFX document.
#[derive(Debug)]
pub struct Document {
    pub header: Header,
    pub charset: Charset,
    pub syntax: Syntax,
    pub tree: Tree,
    pub signon: Option<SonRs>,
    pub statements: Vec<Statement>,
    pub closings: Vec<ClosingSet>,
    pub accounts: Vec<AcctInfo>,
    pub securities: Vec<SecInfo>,
    pub profile: Option<ProfRs>,
    /// Every transaction wrapper found (…TRNRS in responses, …TRNRQ in requests), in document order.
    pub wrappers: Vec<Wrapper>,
    pub warnings: Vec<Warning>,
}

impl Document {
    /// Reads a document from bytes (file content or a server's answer body).
    pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
        Self::parse_with(bytes, ParseOptions::default())
    }

    /// Reads a document with options.
    pub fn parse_with(bytes: &[u8], opts: ParseOptions) -> Result<Document, ParseError> {
        if bytes.len() > tree::MAX_DOCUMENT {
            return Err(ParseError::TooLarge);
        }
        let mut w = Warnings::new();
        let head = header::parse_header(bytes, &mut w).map_err(ParseError::NotOfx)?;
        let (text, cs) = charset::decode(bytes, &head, &mut w);
        // Transcoding can lengthen the text; offsets must still fit (with a flag bit free).
        if text.len() > tree::MAX_DOCUMENT {
            return Err(ParseError::TooLarge);
        }
        let body_start = header::find_body(text.as_bytes()).ok_or(ParseError::NotOfx(header::NotOfx::NoOfxElement))?;
        let (tree, stats) = tree::build(&text, body_start, &mut w);
        let Some(root) = tree.root() else {
            return Err(ParseError::NoContent);
        };
        if root.children().next().is_none() {
            return Err(ParseError::NoContent);
        }
        // A body whose every leaf is end-tagged is XML, unless a 1.x header says otherwise (closing every
        // element is legal SGML too).
        let v1_header = head.kind == HeaderKind::Colon && head.version.is_none_or(|v| v < 200);
        let syntax = if stats.looks_xml() && !v1_header { Syntax::Xml } else { Syntax::Sgml };
        check_version(&head, syntax, stats, &mut w, body_start);

        let mut doc = Document {
            header: head,
            charset: cs,
            syntax,
            tree: Tree::new(),
            signon: None,
            statements: Vec::new(),
            closings: Vec::new(),
            accounts: Vec::new(),
            securities: Vec::new(),
            profile: None,
            wrappers: Vec::new(),
            warnings: Vec::new(),
        };
        {
            let mut cx = ReadCx { tree: &tree, warnings: &mut w };
            read_typed(&mut doc, root, &mut cx);
        }
        if opts.strict {
            crate::model::validate::validate(root, syntax == Syntax::Xml, &mut w);
        } else {
            crate::model::validate::check_order(root, syntax == Syntax::Xml, &mut w);
        }
        for st in &doc.statements {
            check_fitids(st, &tree, &mut w);
        }
        doc.tree = tree;
        doc.warnings = w.finish(&text);
        if opts.strict {
            if let Some(first) = doc.warnings.iter().find(|w| is_violation(w.code)) {
                return Err(ParseError::Strict(first.clone()));
            }
        }
        Ok(doc)
    }

    /// Reads a file.
    pub fn read_file(path: impl AsRef<std::path::Path>) -> std::io::Result<Result<Document, ParseError>> {
        let bytes = std::fs::read(path)?;
        Ok(Document::parse(&bytes))
    }

    /// The root element (`OFX`).
    pub fn root(&self) -> NodeRef<'_> {
        // A document always has a root (parse fails otherwise).
        self.tree.root().unwrap_or_else(|| self.tree.node(0))
    }

    /// A text value of the typed view.
    pub fn text(&self, t: &TextRef) -> &str {
        t.get(&self.tree)
    }

    /// An optional text value.
    pub fn opt_text(&self, t: &Option<TextRef>) -> Option<&str> {
        t.as_ref().map(|t| t.get(&self.tree))
    }

    /// The version the document declares, or the body's family when the header is silent.
    pub fn version(&self) -> u16 {
        match (self.header.version, self.syntax) {
            (Some(v), Syntax::Sgml) if v < 200 => v,
            (Some(v), Syntax::Xml) if v >= 200 => v,
            (_, Syntax::Sgml) => 102,
            (_, Syntax::Xml) => 200,
        }
    }

    /// Element access by path from the root, e.g. `BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT`.
    pub fn path(&self, path: &str) -> Option<NodeRef<'_>> {
        self.root().path(path)
    }

    /// Number of transactions over all statements.
    pub fn transaction_count(&self) -> usize {
        self.statements
            .iter()
            .map(|s| match &s.body {
                StatementBody::Bank(b) => b.banktranlist.as_ref().map(|l| l.transactions.len()).unwrap_or(0),
                StatementBody::CreditCard(b) => b.banktranlist.as_ref().map(|l| l.transactions.len()).unwrap_or(0),
                StatementBody::Investment(b) => b.invtranlist.as_ref().map(|l| l.transactions.len()).unwrap_or(0),
                StatementBody::Loan(b) => b.loantranlist.as_ref().map(|l| l.transactions.len()).unwrap_or(0),
            })
            .sum()
    }

    /// The first non-zero status of the signon, if any (code, severity, message).
    pub fn signon_status(&self) -> Option<&Status> {
        self.signon.as_ref().and_then(|s| s.status.as_deref())
    }

    /// Approximate heap bytes held by the document.
    pub fn heap_bytes(&self) -> usize {
        self.tree.heap_bytes()
            + self.statements.capacity() * std::mem::size_of::<Statement>()
            + self.transaction_count() * std::mem::size_of::<crate::model::bank::StmtTrn>()
    }
}

fn is_violation(code: WarningCode) -> bool {
    !matches!(code, WarningCode::Suppressed)
}

fn check_version(head: &Header, syntax: Syntax, stats: tree::MarkupStats, w: &mut Warnings, at: usize) {
    let v = head.version;
    match (head.kind, syntax) {
        (HeaderKind::Colon, Syntax::Xml) if stats.leaf_end_tags > 0 => {
            // Closing every leaf is legal SGML too: only a version of 2xx contradicts.
            if let Some(v) = v.filter(|v| *v >= 200) {
                w.push(
                    WarningCode::VersionMismatch,
                    at,
                    format!("header VERSION {v} is 2.x but the header is the 1.x form"),
                );
            }
        }
        (HeaderKind::Colon, Syntax::Sgml) => {
            if let Some(v) = v.filter(|v| *v >= 200) {
                w.push(
                    WarningCode::VersionMismatch,
                    at,
                    format!("header VERSION {v} says XML 2.x but the body is SGML: read as SGML"),
                );
            }
        }
        (HeaderKind::Xml, Syntax::Sgml) => {
            w.push(
                WarningCode::VersionMismatch,
                at,
                "XML 2.x header over an SGML body (leaf end tags missing): read as SGML".to_string(),
            );
        }
        (HeaderKind::Xml, Syntax::Xml) => {
            if let Some(v) = v.filter(|v| *v < 200) {
                w.push(
                    WarningCode::VersionMismatch,
                    at,
                    format!("header VERSION {v} is 1.x but the header is the 2.x form"),
                );
            }
        }
        _ => {}
    }
}

fn wrapper_of(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Wrapper {
    Wrapper {
        tag: node.elem().map(grammar::name).unwrap_or(""),
        trnuid: node.child(ids::TRNUID).and_then(|c| crate::model::define::Field::read(c, cx)),
        status: node.child(ids::STATUS).map(|c| Status::read(c, cx)),
        cltcookie: node.child(ids::CLTCOOKIE).and_then(|c| crate::model::define::Field::read(c, cx)),
    }
}

/// Walks the message sets and reads every response ofxkit types. Responses are found wherever they
/// are (inside their wrapper or misplaced); the wrapper is their parent when it is a …TRNRS.
fn read_typed(doc: &mut Document, root: NodeRef<'_>, cx: &mut ReadCx<'_>) {
    walk(doc, root, None, cx);
}

fn walk(doc: &mut Document, node: NodeRef<'_>, parent_wrapper: Option<&Wrapper>, cx: &mut ReadCx<'_>) {
    for c in node.children() {
        let Some(id) = c.elem() else { continue };
        // The enclosing …TRNRS, read once when the walk entered it.
        let wrap = || parent_wrapper.cloned().unwrap_or_default();
        match id {
            ids::SONRS => doc.signon = Some(SonRs::read(c, cx)),
            ids::STMTRS => {
                let wrapper = wrap();
                let mut b = StmtRs::read(c, cx);
                crate::model::bank::adopt_loose(&mut b.banktranlist, &mut b.loose, c.offset(), "STMTRS", cx.warnings);
                crate::model::bank::merge_lists(&mut b.banktranlist, c, cx);
                doc.statements.push(Statement { wrapper, body: StatementBody::Bank(b) });
            }
            ids::CCSTMTRS => {
                let wrapper = wrap();
                let mut b = CcStmtRs::read(c, cx);
                crate::model::bank::adopt_loose(&mut b.banktranlist, &mut b.loose, c.offset(), "CCSTMTRS", cx.warnings);
                crate::model::bank::merge_lists(&mut b.banktranlist, c, cx);
                doc.statements.push(Statement { wrapper, body: StatementBody::CreditCard(b) });
            }
            ids::INVSTMTRS => {
                let wrapper = wrap();
                doc.statements
                    .push(Statement { wrapper, body: StatementBody::Investment(Box::new(InvStmtRs::read(c, cx))) });
            }
            ids::LOANSTMTRS => {
                let wrapper = wrap();
                doc.statements
                    .push(Statement { wrapper, body: StatementBody::Loan(Box::new(LoanStmtRs::read(c, cx))) });
            }
            ids::STMTENDRS => {
                let wrapper = wrap();
                doc.closings.push(ClosingSet { wrapper, body: ClosingBody::Bank(StmtEndRs::read(c, cx)) });
            }
            ids::CCSTMTENDRS => {
                let wrapper = wrap();
                doc.closings.push(ClosingSet { wrapper, body: ClosingBody::CreditCard(CcStmtEndRs::read(c, cx)) });
            }
            ids::LOANSTMTENDRS => {
                let wrapper = wrap();
                doc.closings
                    .push(ClosingSet { wrapper, body: ClosingBody::Loan(Box::new(LoanStmtEndRs::read(c, cx))) });
            }
            ids::INVSTMTENDRS => {
                let wrapper = wrap();
                let body = ClosingBody::Investment(Box::new(crate::model::invest::InvStmtEndRs::read(c, cx)));
                doc.closings.push(ClosingSet { wrapper, body });
            }
            ids::ACCTINFORS => {
                for a in c.children().filter(|a| a.elem() == Some(ids::ACCTINFO)) {
                    doc.accounts.push(AcctInfo::read(a, cx));
                }
            }
            ids::SECLIST => {
                for s in c.children() {
                    if let Some(sec) = SecInfo::read_any(s, cx) {
                        doc.securities.push(sec);
                    }
                }
            }
            ids::PROFRS => doc.profile = Some(ProfRs::read(c, cx)),
            _ => {
                let n = grammar::name(id);
                let is_wrapper = n.ends_with("TRNRS") || n.ends_with("TRNRQ");
                if is_wrapper {
                    let w = wrapper_of(c, cx);
                    doc.wrappers.push(w.clone());
                    walk(doc, c, Some(&w), cx);
                } else if !grammar::is_leaf(n.as_bytes()).unwrap_or(true) && descends(id) {
                    walk(doc, c, None, cx);
                }
            }
        }
    }
}

/// Whether responses can be found below an aggregate (message sets, the root, sync wrappers).
fn descends(id: grammar::ElemId) -> bool {
    let n = grammar::name(id);
    n.ends_with("MSGSRSV1")
        || n.ends_with("MSGSRSV2")
        || n.ends_with("MSGSRQV1")
        || n.ends_with("MSGSRQV2")
        || n.ends_with("SYNCRS")
        || n == "OFX"
}

/// Reports FITIDs that are empty or repeated within one statement (kept as they are: never
/// deduplicated silently).
fn check_fitids(st: &Statement, tree: &Tree, w: &mut Warnings) {
    let mut seen: std::collections::HashMap<
        &str,
        usize,
        std::hash::BuildHasherDefault<crate::model::define::FastHasher>,
    > = Default::default();
    let mut note = |fitid: Option<TextRef>, at: usize, w: &mut Warnings| match fitid {
        Some(t) if !t.get(tree).is_empty() => {
            let id = t.get(tree);
            let n = seen.entry(id).or_insert(0);
            *n += 1;
            if *n == 2 {
                w.push_with(WarningCode::Fitid, at, || {
                    format!("FITID '{id}' repeated within one statement (all kept)")
                });
            }
        }
        _ => w.push(WarningCode::Fitid, at, "transaction without a FITID (kept)"),
    };
    match &st.body {
        StatementBody::Bank(StmtRs { banktranlist: Some(l), .. })
        | StatementBody::CreditCard(CcStmtRs { banktranlist: Some(l), .. }) => {
            for t in &l.transactions {
                note(t.fitid, tree.node(t.node).offset(), w);
            }
        }
        StatementBody::Investment(b) => {
            for t in b.invtranlist.iter().flat_map(|l| l.transactions.iter()) {
                note(t.fitid(), tree.node(t.node()).offset(), w);
            }
        }
        StatementBody::Loan(b) => {
            for t in b.loantranlist.iter().flat_map(|l| l.transactions.iter()) {
                note(t.fitid, tree.node(t.node).offset(), w);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wrapper is read once: its STATUS problems are reported once, and every statement inside it
    /// carries the same TRNUID and status.
    #[test]
    fn wrapper_read_once() {
        let doc = Document::parse(
            b"<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>42<STATUS><CODE>0</STATUS><STMTRS><CURDEF>USD\
              <BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>\
              <LEDGERBAL><BALAMT>1<DTASOF>20240101</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
        )
        .unwrap();
        let missing_severity = doc.warnings.iter().filter(|w| w.message == "STATUS has no SEVERITY").count();
        assert_eq!(missing_severity, 1, "{:?}", doc.warnings);
        assert_eq!(doc.opt_text(&doc.statements[0].wrapper.trnuid), Some("42"));
        assert_eq!(doc.wrappers.len(), 1);
        assert_eq!(doc.wrappers[0].status.as_ref().and_then(|s| s.code), Some(0));
    }
}
