//! Operations → request documents: the signon, each request in its transaction wrapper with a fresh
//! TRNUID, wrappers grouped into their message sets, message sets in the spec's order, the whole
//! validated against the grammar of the target version, then written as 1.x SGML or 2.x XML.

use crate::markup::warning::Warnings;
use crate::markup::writer::{Version, WriteOptions, write_document};
use crate::model::bank::rq::{StmtEndRq, StmtRq};
use crate::model::billpay::{
    PayeeDelRq, PayeeModRq, PayeeRq, PayeeSyncRq, PmtCancRq, PmtInqRq, PmtModRq, PmtRq, PmtSyncRq,
};
use crate::model::common::rq::ImageRq;
use crate::model::creditcard::rq::{CcStmtEndRq, CcStmtRq};
use crate::model::grammar::{self, ids};
use crate::model::invest::rq::InvStmtRq;
use crate::model::loan::rq::{LoanStmtEndRq, LoanStmtRq};
use crate::model::owned::{DateStyle, Owned, WriteCx};
use crate::model::profile::rq::ProfRq;
use crate::model::signon::rq::{MfaChallengeRq, SonRq};
use crate::model::signup::rq::AcctInfoRq;
use crate::model::transfer::{
    InterCanRq, InterModRq, InterRq, InterSyncRq, IntraCanRq, IntraModRq, IntraRq, IntraSyncRq,
};

/// What kind of request an item is (the product's component that makes it). Also the key of
/// per-request-type version overrides in quirk profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum RequestKind {
    AccountInfo = 1,
    BankStatement = 2,
    BankClosing = 3,
    CreditCardStatement = 4,
    CreditCardClosing = 5,
    InvestmentStatement = 6,
    LoanStatement = 7,
    LoanClosing = 8,
    Profile = 9,
    MfaChallenge = 10,
    Image = 11,
    Transfer = 12,
    TransferModify = 13,
    TransferCancel = 14,
    InterbankTransfer = 15,
    InterbankModify = 16,
    InterbankCancel = 17,
    TransferSync = 18,
    InterbankSync = 19,
    Payment = 20,
    PaymentModify = 21,
    PaymentCancel = 22,
    PaymentStatus = 23,
    PayeeAdd = 24,
    PayeeModify = 25,
    PayeeDelete = 26,
    PayeeSync = 27,
    PaymentSync = 28,
}

impl RequestKind {
    /// Every kind, in number order.
    pub const ALL: [RequestKind; 28] = [
        RequestKind::AccountInfo,
        RequestKind::BankStatement,
        RequestKind::BankClosing,
        RequestKind::CreditCardStatement,
        RequestKind::CreditCardClosing,
        RequestKind::InvestmentStatement,
        RequestKind::LoanStatement,
        RequestKind::LoanClosing,
        RequestKind::Profile,
        RequestKind::MfaChallenge,
        RequestKind::Image,
        RequestKind::Transfer,
        RequestKind::TransferModify,
        RequestKind::TransferCancel,
        RequestKind::InterbankTransfer,
        RequestKind::InterbankModify,
        RequestKind::InterbankCancel,
        RequestKind::TransferSync,
        RequestKind::InterbankSync,
        RequestKind::Payment,
        RequestKind::PaymentModify,
        RequestKind::PaymentCancel,
        RequestKind::PaymentStatus,
        RequestKind::PayeeAdd,
        RequestKind::PayeeModify,
        RequestKind::PayeeDelete,
        RequestKind::PayeeSync,
        RequestKind::PaymentSync,
    ];

    /// A stable name ("bank_statement", ...), used in JSON and in configuration keys.
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::AccountInfo => "account_info",
            RequestKind::BankStatement => "bank_statement",
            RequestKind::BankClosing => "bank_closing",
            RequestKind::CreditCardStatement => "creditcard_statement",
            RequestKind::CreditCardClosing => "creditcard_closing",
            RequestKind::InvestmentStatement => "investment_statement",
            RequestKind::LoanStatement => "loan_statement",
            RequestKind::LoanClosing => "loan_closing",
            RequestKind::Profile => "profile",
            RequestKind::MfaChallenge => "mfa_challenge",
            RequestKind::Image => "image",
            RequestKind::Transfer => "transfer",
            RequestKind::TransferModify => "transfer_modify",
            RequestKind::TransferCancel => "transfer_cancel",
            RequestKind::InterbankTransfer => "interbank_transfer",
            RequestKind::InterbankModify => "interbank_modify",
            RequestKind::InterbankCancel => "interbank_cancel",
            RequestKind::TransferSync => "transfer_sync",
            RequestKind::InterbankSync => "interbank_sync",
            RequestKind::Payment => "payment",
            RequestKind::PaymentModify => "payment_modify",
            RequestKind::PaymentCancel => "payment_cancel",
            RequestKind::PaymentStatus => "payment_status",
            RequestKind::PayeeAdd => "payee_add",
            RequestKind::PayeeModify => "payee_modify",
            RequestKind::PayeeDelete => "payee_delete",
            RequestKind::PayeeSync => "payee_sync",
            RequestKind::PaymentSync => "payment_sync",
        }
    }

    /// The kind of a name given by [`RequestKind::name`].
    pub fn from_name(name: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind of its number.
    pub fn from_u32(n: u32) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| *k as u32 == n)
    }
}

/// The request aggregate of one item (without signon).
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody {
    AccountInfo(AcctInfoRq),
    BankStatement(StmtRq),
    BankClosing(StmtEndRq),
    CreditCardStatement(CcStmtRq),
    CreditCardClosing(CcStmtEndRq),
    InvestmentStatement(InvStmtRq),
    LoanStatement(LoanStmtRq),
    LoanClosing(LoanStmtEndRq),
    Profile(ProfRq),
    MfaChallenge(MfaChallengeRq),
    Image(ImageRq),
    Transfer(IntraRq),
    TransferModify(IntraModRq),
    TransferCancel(IntraCanRq),
    InterbankTransfer(InterRq),
    InterbankModify(InterModRq),
    InterbankCancel(InterCanRq),
    TransferSync(IntraSyncRq),
    InterbankSync(InterSyncRq),
    Payment(PmtRq),
    PaymentModify(PmtModRq),
    PaymentCancel(PmtCancRq),
    PaymentStatus(PmtInqRq),
    PayeeAdd(PayeeRq),
    PayeeModify(PayeeModRq),
    PayeeDelete(PayeeDelRq),
    PayeeSync(PayeeSyncRq),
    PaymentSync(PmtSyncRq),
}

/// Applies `$f` to the aggregate inside any request body.
macro_rules! each_body {
    ($b:expr, $r:ident => $e:expr) => {
        match $b {
            RequestBody::AccountInfo($r) => $e,
            RequestBody::BankStatement($r) => $e,
            RequestBody::BankClosing($r) => $e,
            RequestBody::CreditCardStatement($r) => $e,
            RequestBody::CreditCardClosing($r) => $e,
            RequestBody::InvestmentStatement($r) => $e,
            RequestBody::LoanStatement($r) => $e,
            RequestBody::LoanClosing($r) => $e,
            RequestBody::Profile($r) => $e,
            RequestBody::MfaChallenge($r) => $e,
            RequestBody::Image($r) => $e,
            RequestBody::Transfer($r) => $e,
            RequestBody::TransferModify($r) => $e,
            RequestBody::TransferCancel($r) => $e,
            RequestBody::InterbankTransfer($r) => $e,
            RequestBody::InterbankModify($r) => $e,
            RequestBody::InterbankCancel($r) => $e,
            RequestBody::TransferSync($r) => $e,
            RequestBody::InterbankSync($r) => $e,
            RequestBody::Payment($r) => $e,
            RequestBody::PaymentModify($r) => $e,
            RequestBody::PaymentCancel($r) => $e,
            RequestBody::PaymentStatus($r) => $e,
            RequestBody::PayeeAdd($r) => $e,
            RequestBody::PayeeModify($r) => $e,
            RequestBody::PayeeDelete($r) => $e,
            RequestBody::PayeeSync($r) => $e,
            RequestBody::PaymentSync($r) => $e,
        }
    };
}

/// The aggregate's tag, for any owned request type.
fn tag_of<T: Owned>(_: &T) -> &'static str {
    T::TAG
}

impl RequestBody {
    pub fn kind(&self) -> RequestKind {
        match self {
            RequestBody::AccountInfo(_) => RequestKind::AccountInfo,
            RequestBody::BankStatement(_) => RequestKind::BankStatement,
            RequestBody::BankClosing(_) => RequestKind::BankClosing,
            RequestBody::CreditCardStatement(_) => RequestKind::CreditCardStatement,
            RequestBody::CreditCardClosing(_) => RequestKind::CreditCardClosing,
            RequestBody::InvestmentStatement(_) => RequestKind::InvestmentStatement,
            RequestBody::LoanStatement(_) => RequestKind::LoanStatement,
            RequestBody::LoanClosing(_) => RequestKind::LoanClosing,
            RequestBody::Profile(_) => RequestKind::Profile,
            RequestBody::MfaChallenge(_) => RequestKind::MfaChallenge,
            RequestBody::Image(_) => RequestKind::Image,
            RequestBody::Transfer(_) => RequestKind::Transfer,
            RequestBody::TransferModify(_) => RequestKind::TransferModify,
            RequestBody::TransferCancel(_) => RequestKind::TransferCancel,
            RequestBody::InterbankTransfer(_) => RequestKind::InterbankTransfer,
            RequestBody::InterbankModify(_) => RequestKind::InterbankModify,
            RequestBody::InterbankCancel(_) => RequestKind::InterbankCancel,
            RequestBody::TransferSync(_) => RequestKind::TransferSync,
            RequestBody::InterbankSync(_) => RequestKind::InterbankSync,
            RequestBody::Payment(_) => RequestKind::Payment,
            RequestBody::PaymentModify(_) => RequestKind::PaymentModify,
            RequestBody::PaymentCancel(_) => RequestKind::PaymentCancel,
            RequestBody::PaymentStatus(_) => RequestKind::PaymentStatus,
            RequestBody::PayeeAdd(_) => RequestKind::PayeeAdd,
            RequestBody::PayeeModify(_) => RequestKind::PayeeModify,
            RequestBody::PayeeDelete(_) => RequestKind::PayeeDelete,
            RequestBody::PayeeSync(_) => RequestKind::PayeeSync,
            RequestBody::PaymentSync(_) => RequestKind::PaymentSync,
        }
    }

    /// The request aggregate's tag (STMTRQ, ...).
    pub fn tag(&self) -> &'static str {
        each_body!(self, r => tag_of(r))
    }

    /// Whether the request goes into a transaction wrapper (…TRNRQ with a TRNUID). Synchronization
    /// requests (…SYNCRQ) stand in the message set on their own.
    pub fn is_wrapped(&self) -> bool {
        !self.tag().ends_with("SYNCRQ")
    }

    /// The transaction wrapper's tag (STMTTRNRQ, ...); for a synchronization request, its own tag.
    pub fn wrapper(&self) -> &'static str {
        match self {
            RequestBody::AccountInfo(_) => "ACCTINFOTRNRQ",
            RequestBody::BankStatement(_) => "STMTTRNRQ",
            RequestBody::BankClosing(_) => "STMTENDTRNRQ",
            RequestBody::CreditCardStatement(_) => "CCSTMTTRNRQ",
            RequestBody::CreditCardClosing(_) => "CCSTMTENDTRNRQ",
            RequestBody::InvestmentStatement(_) => "INVSTMTTRNRQ",
            RequestBody::LoanStatement(_) => "LOANSTMTTRNRQ",
            RequestBody::LoanClosing(_) => "LOANSTMTENDTRNRQ",
            RequestBody::Profile(_) => "PROFTRNRQ",
            RequestBody::MfaChallenge(_) => "MFACHALLENGETRNRQ",
            RequestBody::Image(_) => "IMAGETRNRQ",
            RequestBody::Transfer(_) | RequestBody::TransferModify(_) | RequestBody::TransferCancel(_) => "INTRATRNRQ",
            RequestBody::InterbankTransfer(_) | RequestBody::InterbankModify(_) | RequestBody::InterbankCancel(_) => {
                "INTERTRNRQ"
            }
            RequestBody::Payment(_) | RequestBody::PaymentModify(_) | RequestBody::PaymentCancel(_) => "PMTTRNRQ",
            RequestBody::PaymentStatus(_) => "PMTINQTRNRQ",
            RequestBody::PayeeAdd(_) | RequestBody::PayeeModify(_) | RequestBody::PayeeDelete(_) => "PAYEETRNRQ",
            // Not wrapped: the sync request itself stands in the message set.
            RequestBody::TransferSync(_) => "INTRASYNCRQ",
            RequestBody::InterbankSync(_) => "INTERSYNCRQ",
            RequestBody::PayeeSync(_) => "PAYEESYNCRQ",
            RequestBody::PaymentSync(_) => "PMTSYNCRQ",
        }
    }

    /// The answer's wrapper tag (STMTTRNRS, ...; INTRASYNCRS for a sync).
    pub fn response_wrapper(&self) -> String {
        let w = self.wrapper();
        format!("{}RS", &w[..w.len() - 2])
    }

    fn write(&self, w: &mut WriteCx) {
        each_body!(self, r => r.write(w))
    }

    /// Reads a request aggregate (STMTRQ, INTRARQ, PMTSYNCRQ, ...) from an element with its owned
    /// definition: how a server (the sandbox) reads requests. `None` for tags that are not requests
    /// ofxkit knows.
    pub fn read(
        node: crate::markup::tree::NodeRef<'_>,
        cx: &mut crate::model::define::ReadCx<'_>,
    ) -> Option<RequestBody> {
        fn r<T: Owned>(n: crate::markup::tree::NodeRef<'_>, cx: &mut crate::model::define::ReadCx<'_>) -> T {
            T::read_fields(n, cx)
        }
        Some(match node.name() {
            "ACCTINFORQ" => RequestBody::AccountInfo(r(node, cx)),
            "STMTRQ" => RequestBody::BankStatement(r(node, cx)),
            "STMTENDRQ" => RequestBody::BankClosing(r(node, cx)),
            "CCSTMTRQ" => RequestBody::CreditCardStatement(r(node, cx)),
            "CCSTMTENDRQ" => RequestBody::CreditCardClosing(r(node, cx)),
            "INVSTMTRQ" => RequestBody::InvestmentStatement(r(node, cx)),
            "LOANSTMTRQ" => RequestBody::LoanStatement(r(node, cx)),
            "LOANSTMTENDRQ" => RequestBody::LoanClosing(r(node, cx)),
            "PROFRQ" => RequestBody::Profile(r(node, cx)),
            "MFACHALLENGERQ" => RequestBody::MfaChallenge(r(node, cx)),
            "IMAGERQ" => RequestBody::Image(r(node, cx)),
            "INTRARQ" => RequestBody::Transfer(r(node, cx)),
            "INTRAMODRQ" => RequestBody::TransferModify(r(node, cx)),
            "INTRACANRQ" => RequestBody::TransferCancel(r(node, cx)),
            "INTERRQ" => RequestBody::InterbankTransfer(r(node, cx)),
            "INTERMODRQ" => RequestBody::InterbankModify(r(node, cx)),
            "INTERCANRQ" => RequestBody::InterbankCancel(r(node, cx)),
            "INTRASYNCRQ" => RequestBody::TransferSync(r(node, cx)),
            "INTERSYNCRQ" => RequestBody::InterbankSync(r(node, cx)),
            "PMTRQ" => RequestBody::Payment(r(node, cx)),
            "PMTMODRQ" => RequestBody::PaymentModify(r(node, cx)),
            "PMTCANCRQ" => RequestBody::PaymentCancel(r(node, cx)),
            "PMTINQRQ" => RequestBody::PaymentStatus(r(node, cx)),
            "PAYEERQ" => RequestBody::PayeeAdd(r(node, cx)),
            "PAYEEMODRQ" => RequestBody::PayeeModify(r(node, cx)),
            "PAYEEDELRQ" => RequestBody::PayeeDelete(r(node, cx)),
            "PAYEESYNCRQ" => RequestBody::PayeeSync(r(node, cx)),
            "PMTSYNCRQ" => RequestBody::PaymentSync(r(node, cx)),
            _ => return None,
        })
    }
}

/// One request of a document: its aggregate, its TRNUID (a fresh UUID unless the caller keeps an
/// earlier one, which is how a lost answer is asked again without acting twice), an optional client
/// cookie, and the signon it was made for.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestItem {
    pub body: RequestBody,
    pub trnuid: String,
    pub cltcookie: Option<String>,
    /// The id of the client (signon) that built it: a batch refuses items of another signon.
    pub owner: u64,
}

impl RequestItem {
    /// An item with a fresh random TRNUID.
    pub fn new(body: RequestBody, owner: u64) -> RequestItem {
        RequestItem { body, trnuid: new_trnuid(), cltcookie: None, owner }
    }
}

/// A fresh TRNUID: a random (v4) UUID, upper case, 36 characters.
pub fn new_trnuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string().to_ascii_uppercase()
}

/// Line endings of written requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Newline {
    CrLf,
    Lf,
    /// Everything on one line (no separators at all).
    None,
}

impl Newline {
    pub fn as_str(self) -> &'static str {
        match self {
            Newline::CrLf => "\r\n",
            Newline::Lf => "\n",
            Newline::None => "",
        }
    }
    pub fn from_name(s: &str) -> Option<Newline> {
        match s.to_ascii_lowercase().as_str() {
            "crlf" | "\r\n" => Some(Newline::CrLf),
            "lf" | "\n" => Some(Newline::Lf),
            "none" | "" => Some(Newline::None),
            _ => None,
        }
    }
}

/// How a request document is written.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestFormat {
    /// 102, 103, 151, 160 (SGML) or 200, 201, 202, 203, 210, 211, 220, 230 (XML).
    pub version: u16,
    /// 1.x only: close leaf elements (`<USERID>x</USERID>`); off by default (servers reject them).
    pub leaf_end_tags: bool,
    pub newline: Newline,
    /// One element per line, indented (off: no indentation, elements still on their own lines).
    pub indent: bool,
    pub old_file_uid: String,
    pub new_file_uid: String,
    pub dates: DateStyle,
}

impl Default for RequestFormat {
    fn default() -> Self {
        RequestFormat {
            version: 102,
            leaf_end_tags: false,
            newline: Newline::CrLf,
            indent: false,
            old_file_uid: "NONE".into(),
            new_file_uid: "NONE".into(),
            dates: DateStyle::default(),
        }
    }
}

/// Why a request could not be written. Nothing is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Elements that exist only from some version on, beyond what the two grammars tell apart (the DTD
/// is 1.6 with the 1.0.3 additions, the schemas are 2.3): (tag, first 1.x version or 0 for none,
/// first 2.x version). From the spec's change history: loans came with 2.1, images with 2.1.1, the
/// MFA challenge with 1.0.3 and 2.1.1.
const SINCE: &[(&str, u16, u16)] = &[
    ("LOANMSGSRQV1", 0, 210),
    ("IMAGEMSGSRQV1", 0, 211),
    ("INCTRANIMG", 0, 211),
    ("INCSTMTIMG", 0, 211),
    ("MFACHALLENGETRNRQ", 103, 211),
];

/// Whether `tag` exists at `version` by [`SINCE`]; `Err` says from which version it does.
pub fn available(tag: &str, version: u16) -> Result<(), String> {
    for &(t, v1, v2) in SINCE {
        if t != tag {
            continue;
        }
        let (first, ok) = if version >= 200 { (v2, version >= v2) } else { (v1, v1 != 0 && version >= v1) };
        if !ok {
            return Err(if first == 0 {
                format!("{tag} does not exist in OFX 1.x (asked: {version})")
            } else {
                format!("{tag} needs OFX {} or later (asked: {version})", dotted(first))
            });
        }
    }
    Ok(())
}

fn dotted(v: u16) -> String {
    format!("{}.{}.{}", v / 100, v / 10 % 10, v % 10)
}

/// The message set (…MSGSRQV1) that holds a transaction wrapper, from the grammar.
fn message_set_of(wrapper: &str, v2: bool) -> Option<&'static str> {
    let w = grammar::lookup(wrapper.as_bytes())?;
    const SETS: &[&str] = &[
        "SIGNONMSGSRQV1",
        "SIGNUPMSGSRQV1",
        "BANKMSGSRQV1",
        "CREDITCARDMSGSRQV1",
        "INVSTMTMSGSRQV1",
        "INTERXFERMSGSRQV1",
        "WIREXFERMSGSRQV1",
        "BILLPAYMSGSRQV1",
        "EMAILMSGSRQV1",
        "IMAGEMSGSRQV1",
        "LOANMSGSRQV1",
        "SECLISTMSGSRQV1",
        "PRESDIRMSGSRQV1",
        "PRESDLVMSGSRQV1",
        "PROFMSGSRQV1",
    ];
    let mut fallback = None;
    for s in SETS {
        let Some(id) = grammar::lookup(s.as_bytes()) else { continue };
        match grammar::mentions(id, w, v2) {
            Some(true) => return Some(s),
            _ if fallback.is_none() && grammar::mentions(id, w, !v2) == Some(true) => fallback = Some(*s),
            _ => {}
        }
    }
    // A wrapper the version's grammar lacks (MFACHALLENGETRNRQ in the 2.3 schemas): its other
    // grammar's message set; the version rules decide whether it may be written.
    fallback
}

/// Writes a whole request document: the signon (with MFA challenge requests in the signon message
/// set), then every item in its wrapper, grouped into message sets in the spec's order; items of one
/// message set keep the order given. The document is validated against the grammar of
/// `fmt.version` before it is returned.
pub fn build_document(signon: &SonRq, items: &[RequestItem], fmt: &RequestFormat) -> Result<String, BuildError> {
    let version = Version::from_number(u32::from(fmt.version)).ok_or_else(|| {
        BuildError(format!(
            "OFX version {} is not one ofxkit writes (102, 103, 151, 160, 200, 201, 202, 203, 210, 211, 220, 230)",
            fmt.version
        ))
    })?;
    let v2 = version.is_xml();
    let mut w = WriteCx::new(fmt.version, fmt.dates);
    // Group the items by message set, in the grammar's order of the root.
    let root = ids::OFX;
    let mut sets: Vec<(u16, &'static str, Vec<&RequestItem>)> = Vec::new();
    for it in items {
        let wrapper = it.body.wrapper();
        available(wrapper, fmt.version).map_err(BuildError)?;
        let Some(set) = message_set_of(wrapper, v2) else {
            return Err(BuildError(format!("{wrapper} has no message set in the OFX grammar")));
        };
        available(set, fmt.version).map_err(BuildError)?;
        let key = grammar::lookup(set.as_bytes()).and_then(|s| grammar::order_key(root, s, v2)).unwrap_or(u16::MAX);
        match sets.iter_mut().find(|(_, s, _)| *s == set) {
            Some((_, _, v)) => v.push(it),
            None => sets.push((key, set, vec![it])),
        }
    }
    if !sets.iter().any(|(_, s, _)| *s == "SIGNONMSGSRQV1") {
        sets.push((0, "SIGNONMSGSRQV1", Vec::new()));
    }
    sets.sort_by_key(|(k, _, _)| *k);
    // Within a message set, the grammar's order too (bill payment wants payee requests before
    // payment requests); items the grammar lets stand in any order keep theirs (a stable sort).
    for (_, set, its) in &mut sets {
        let Some(sid) = grammar::lookup(set.as_bytes()) else { continue };
        if matches!(grammar::content_model(sid, v2), Some(grammar::Model::Plus(_))) {
            continue;
        }
        its.sort_by_key(|it| {
            grammar::lookup(it.body.wrapper().as_bytes())
                .and_then(|w| grammar::order_key(sid, w, v2))
                .unwrap_or(u16::MAX)
        });
    }
    w.open("OFX");
    for (_, set, its) in &sets {
        w.open(set);
        if *set == "SIGNONMSGSRQV1" {
            signon.write(&mut w);
        }
        for it in its {
            write_item(it, &mut w);
        }
        w.close();
    }
    w.close();
    if let Some(e) = w.errors.first() {
        let more = if w.errors.len() > 1 { format!(" (and {} more)", w.errors.len() - 1) } else { String::new() };
        return Err(BuildError(format!("invalid request: {e}{more}")));
    }
    let tree = w.tree;
    let Some(root) = tree.root() else { return Err(BuildError("empty request".into())) };
    let mut warnings = Warnings::new();
    crate::model::validate::validate(root, v2, &mut warnings);
    let found = warnings.finish("");
    if let Some(first) = found.first() {
        return Err(BuildError(format!("invalid request for OFX {}: {}", fmt.version, first.message)));
    }
    let mut o = WriteOptions::new(version);
    o.leaf_end_tags = fmt.leaf_end_tags;
    o.newline = fmt.newline.as_str();
    o.indent = fmt.indent;
    o.old_file_uid = fmt.old_file_uid.clone();
    o.new_file_uid = fmt.new_file_uid.clone();
    write_document(&tree, &o).map_err(BuildError)
}

fn write_item(it: &RequestItem, w: &mut WriteCx) {
    if !it.body.is_wrapped() {
        it.body.write(w);
        return;
    }
    w.open(it.body.wrapper());
    w.leaf("TRNUID", &it.trnuid);
    if let Some(c) = &it.cltcookie {
        w.leaf("CLTCOOKIE", c);
    }
    it.body.write(w);
    w.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bank::rq::{BankAcctFrom, IncTran};
    use crate::model::signon::rq::FiId;
    use crate::values::datetime::OfxDateTime;

    fn signon() -> SonRq {
        SonRq {
            dtclient: OfxDateTime::from_ymd_hms(2024, 2, 1, 12, 0, 0, 0),
            userid: Some("demo".into()),
            userpass: Some("secret".into()),
            language: Some("ENG".into()),
            fi: Some(Box::new(FiId { org: Some("Example".into()), fid: Some("1234".into()) })),
            appid: Some("QWIN".into()),
            appver: Some("2700".into()),
            ..Default::default()
        }
    }

    fn stmt() -> RequestItem {
        let body = RequestBody::BankStatement(StmtRq {
            bankacctfrom: Some(Box::new(BankAcctFrom {
                bankid: Some("121000248".into()),
                acctid: Some("1234".into()),
                accttype: Some("CHECKING".into()),
                ..Default::default()
            })),
            inctran: Some(Box::new(IncTran {
                dtstart: OfxDateTime::from_ymd(2024, 1, 1),
                include: Some(true),
                ..Default::default()
            })),
            ..Default::default()
        });
        RequestItem { trnuid: "1001".into(), ..RequestItem::new(body, 1) }
    }

    #[test]
    fn sgml_statement_request() {
        let doc = build_document(&signon(), &[stmt()], &RequestFormat::default()).unwrap();
        let expected = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
            CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
            <OFX>\r\n<SIGNONMSGSRQV1>\r\n<SONRQ>\r\n<DTCLIENT>20240201120000.000[0:GMT]\r\n<USERID>demo\r\n\
            <USERPASS>secret\r\n<LANGUAGE>ENG\r\n<FI>\r\n<ORG>Example\r\n<FID>1234\r\n</FI>\r\n<APPID>QWIN\r\n\
            <APPVER>2700\r\n</SONRQ>\r\n</SIGNONMSGSRQV1>\r\n<BANKMSGSRQV1>\r\n<STMTTRNRQ>\r\n<TRNUID>1001\r\n\
            <STMTRQ>\r\n<BANKACCTFROM>\r\n<BANKID>121000248\r\n<ACCTID>1234\r\n<ACCTTYPE>CHECKING\r\n\
            </BANKACCTFROM>\r\n<INCTRAN>\r\n<DTSTART>20240101000000.000[0:GMT]\r\n<INCLUDE>Y\r\n</INCTRAN>\r\n\
            </STMTRQ>\r\n</STMTTRNRQ>\r\n</BANKMSGSRQV1>\r\n</OFX>\r\n";
        assert_eq!(doc, expected);
    }

    #[test]
    fn xml_statement_request_and_order_of_message_sets() {
        let prof = RequestItem::new(
            RequestBody::Profile(ProfRq {
                clientrouting: Some("NONE".into()),
                dtprofup: OfxDateTime::from_ymd(1990, 1, 1),
            }),
            1,
        );
        let fmt = RequestFormat { version: 211, ..Default::default() };
        // The profile is given first, but PROFMSGSRQV1 comes after BANKMSGSRQV1 in the spec.
        let doc = build_document(&signon(), &[prof, stmt()], &fmt).unwrap();
        assert!(doc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>"), "{doc}");
        assert!(doc.contains(
            "<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>"
        ));
        let bank = doc.find("<BANKMSGSRQV1>").unwrap();
        let prof = doc.find("<PROFMSGSRQV1>").unwrap();
        let signon = doc.find("<SIGNONMSGSRQV1>").unwrap();
        assert!(signon < bank && bank < prof, "{doc}");
        assert!(doc.contains("<USERID>demo</USERID>"));
    }

    #[test]
    fn refuses_what_the_version_lacks() {
        let loan = RequestItem::new(
            RequestBody::LoanStatement(LoanStmtRq {
                loanacctfrom: Some(Box::new(crate::model::loan::rq::LoanAcctFrom {
                    loanacctid: Some("L1".into()),
                    loanaccttype: Some("MORTGAGE".into()),
                })),
                ..Default::default()
            }),
            1,
        );
        for v in [102, 160, 200, 203] {
            let e = build_document(
                &signon(),
                std::slice::from_ref(&loan),
                &RequestFormat { version: v, ..Default::default() },
            )
            .unwrap_err();
            assert!(e.0.contains("OFX"), "{v}: {e}");
        }
        assert!(build_document(&signon(), &[loan], &RequestFormat { version: 210, ..Default::default() }).is_ok());
        // INCLUDEPENDING is a 2.x element: refused in 1.x, never dropped silently.
        let mut s = stmt();
        if let RequestBody::BankStatement(r) = &mut s.body {
            r.includepending = Some(true);
        }
        let e = build_document(&signon(), &[s.clone()], &RequestFormat::default()).unwrap_err();
        assert_eq!(e.0, "invalid request: OFX 102: STMTRQ has no INCLUDEPENDING element");
        assert!(build_document(&signon(), &[s], &RequestFormat { version: 220, ..Default::default() }).is_ok());
    }

    #[test]
    fn refuses_invalid_values() {
        let mut so = signon();
        so.appid = Some("TOOLONGAPP".into());
        let e = build_document(&so, &[], &RequestFormat::default()).unwrap_err();
        assert_eq!(e.0, "invalid request: APPID is 10 characters long; the spec allows 5");
        let mut so = signon();
        so.userid = None;
        so.userpass = None;
        let e = build_document(&so, &[], &RequestFormat::default()).unwrap_err();
        assert!(e.0.contains("SONRQ"), "{e}");
        let mut s = stmt();
        if let RequestBody::BankStatement(r) = &mut s.body {
            r.bankacctfrom.as_mut().unwrap().accttype = Some("BOGUS".into());
        }
        let e = build_document(&signon(), &[s], &RequestFormat::default()).unwrap_err();
        assert!(e.0.contains("ACCTTYPE value 'BOGUS'"), "{e}");
        let e = build_document(&signon(), &[], &RequestFormat { version: 104, ..Default::default() }).unwrap_err();
        assert!(e.0.contains("104"), "{e}");
    }

    #[test]
    fn leaf_end_tags_and_newlines() {
        let fmt = RequestFormat { leaf_end_tags: true, newline: Newline::Lf, ..Default::default() };
        let doc = build_document(&signon(), &[], &fmt).unwrap();
        assert!(doc.contains("<USERID>demo</USERID>\n"), "{doc}");
        assert!(!doc.contains('\r'));
        let fmt = RequestFormat { newline: Newline::None, ..Default::default() };
        let doc = build_document(&signon(), &[], &fmt).unwrap();
        assert!(!doc.contains('\n') && doc.contains("NEWFILEUID:NONE<OFX><SIGNONMSGSRQV1>"), "{doc}");
    }

    #[test]
    fn version_rules() {
        assert!(available("MFACHALLENGETRNRQ", 102).is_err());
        assert!(available("MFACHALLENGETRNRQ", 103).is_ok());
        assert!(available("MFACHALLENGETRNRQ", 203).is_err());
        assert!(available("MFACHALLENGETRNRQ", 211).is_ok());
        assert_eq!(available("IMAGEMSGSRQV1", 210).unwrap_err(), "IMAGEMSGSRQV1 needs OFX 2.1.1 or later (asked: 210)");
        assert_eq!(available("LOANMSGSRQV1", 160).unwrap_err(), "LOANMSGSRQV1 does not exist in OFX 1.x (asked: 160)");
    }
}
