//! Moving money: intrabank and interbank transfers with modification and cancellation (this module),
//! bill payments and the payee list ([`super::billpay`]), their synchronization ([`super::sync`]); and
//! what they share: the TRNUID store that makes every money-moving request idempotent, account look-ups,
//! dates, server ids, postings to the accounts the statements show.
//!
//! Requests are read with the model's owned definitions ([`RequestBody::read`]); answers are the model's
//! owned answer aggregates (INTRATRNRS, PMTTRNRS, ...) written with the library's checks for the request's
//! version ([`super::el::owned`]), so what the FI answers is what ofxkit's client reads.
//!
//! Rules, as implemented:
//! - **Idempotency**: the answer to every money-moving request (INTRATRNRQ, INTERTRNRQ, PMTTRNRQ,
//!   PAYEETRNRQ: adds, modifications, cancellations, deletions, refusals included) is stored under its
//!   TRNUID for the user; the same TRNUID again gets that answer and changes nothing. A TRNUID seen before
//!   in another kind of wrapper gets 2019 "duplicate request", acting neither. PMTINQTRNRQ only reads.
//! - **Today**: the FI's clock (UTC seconds; [`super::FiConfig::clock`] or the system clock) as a calendar
//!   day in US Eastern standard time. A transfer or payment whose DTDUE (as a calendar day in its own
//!   offset) is after today is scheduled (WILLPROCESSON); without DTDUE, or due today or earlier, it is
//!   posted at once (POSTEDON / PROCESSEDON) and moves the balances. A scheduled one is posted when a
//!   later signon of its user finds it due (NOFUNDSON if the funds are short then); that changes its status
//!   but appends no sync event.
//! - **Transfers** start from the user's checking or savings account (XFERSRC Y). Intrabank ones go to
//!   another of the user's accounts at the sandbox (checking, savings, credit card, loan at 2.x: a loan
//!   destination is a principal payment); interbank ones to a bank account at another BANKID (only the
//!   source account is debited).
//!
//! Status codes (the spec's banking and bill-pay codes; 2000 where none fits):
//! - 2003 source account not found (not one of the signed-on user's accounts; a wrong ACCTTYPE too);
//! - 2008 source account not authorized (a credit card or loan: XFERSRC N);
//! - 2009 destination account not found (intrabank: not one of the user's accounts at this bank);
//! - 2011 destination not authorized (the source itself; interbank to this bank or to a non-bank account);
//! - 2012 invalid amount (zero or less, or finer than a cent);
//! - 2014 date too soon (a modification must keep the transfer or payment scheduled: DTDUE after today);
//! - 2016 transaction already committed (modifying or cancelling a posted transfer);
//! - 2017 already canceled; 2018 unknown server id (SRVRTID, of that kind of transfer);
//! - 2019 duplicate request (a TRNUID already used for another kind of request);
//! - 10501 invalid payee (a payment naming none); 10504 insufficient funds (an immediate transfer or payment
//!   over the available balance); 10505 cannot modify element (the payee of a payment); 10506 cannot modify
//!   source account; 10510 invalid payee id; 10514 transaction already processed (modifying or cancelling a
//!   processed payment); 10515 payee not modifiable by client (a standard payee's address); 10519 invalid
//!   payee list id.

use rust_decimal::Decimal;

use crate::client::request::RequestBody;
use crate::markup::tree::NodeRef;
use crate::markup::warning::Warnings;
use crate::model::bank::rq::BankAcctFrom;
use crate::model::creditcard::rq::CcAcctFrom;
use crate::model::define::ReadCx;
use crate::model::grammar::ids;
use crate::model::loan::rq::LoanAcctFrom;
use crate::model::owned::Owned;
use crate::model::signon::owned::StatusO;
use crate::model::transfer::*;
use crate::values::datetime::OfxDateTime;

use super::answer::wrap;
use super::data::{self, Account, Kind, LoanPayment, Txn};
use super::el::{self, El};
use super::state::{Counters, Event, Record, Stage, State, Stream, Transfer, UserState};
use super::{billpay, sync};

/// A money transaction (a …TRNRQ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MoneyTrn {
    /// INTRATRNRQ (BANKMSGSRQV1).
    Intra,
    /// INTERTRNRQ (INTERXFERMSGSRQV1).
    Inter,
    /// PMTTRNRQ (BILLPAYMSGSRQV1).
    Pmt,
    /// PMTINQTRNRQ: reads only.
    PmtInq,
    /// PAYEETRNRQ.
    Payee,
}

impl MoneyTrn {
    /// The answer's wrapper.
    pub fn rs(self) -> &'static str {
        match self {
            MoneyTrn::Intra => "INTRATRNRS",
            MoneyTrn::Inter => "INTERTRNRS",
            MoneyTrn::Pmt => "PMTTRNRS",
            MoneyTrn::PmtInq => "PMTINQTRNRS",
            MoneyTrn::Payee => "PAYEETRNRS",
        }
    }
    /// Whether the request acts (its answer is stored under its TRNUID).
    fn acts(self) -> bool {
        self != MoneyTrn::PmtInq
    }
}

/// What answering one money request needs: the clock, the version, the history bound, the FI-wide
/// counters and the signed-on user.
pub(crate) struct Mx<'a> {
    pub now: i64,
    pub version: u16,
    /// Events kept per sync history.
    pub keep: usize,
    pub counters: &'a mut Counters,
    pub user: &'a mut UserState,
}

impl Mx<'_> {
    /// A fresh server id: `<prefix><n>` with at least 6 digits (SRVRTID and PAYEELSTID are short fields: 10
    /// and 12 characters).
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.counters.ids += 1;
        format!("{prefix}{:06}", self.counters.ids)
    }
    /// Appends a change to a history (bounded by [`Mx::keep`]).
    pub fn event(&mut self, stream: Stream, record: Record) {
        self.counters.events += 1;
        let e = Event { seq: self.counters.events, record };
        self.user.money.histories.entry(stream).or_default().push(e, self.keep);
    }
    /// Today as a calendar day (US Eastern).
    pub fn today(&self) -> (i32, u32, u32) {
        today(self.now)
    }
    /// Whether a due date lies after today.
    pub fn is_future(&self, due: Option<&OfxDateTime>) -> bool {
        due.is_some_and(|d| day_of(d) > self.today())
    }
}

/// The calendar day of an instant in the FI's zone (US Eastern standard time).
pub(crate) fn today(now: i64) -> (i32, u32, u32) {
    let (y, m, d, ..) = data::civil(now);
    (y, m, d)
}

/// The calendar day a date names, in its own offset (a date-only `20260201` is that day).
pub(crate) fn day_of(d: &OfxDateTime) -> (i32, u32, u32) {
    let local = OfxDateTime::from_unix(d.unix_seconds.saturating_add(i64::from(d.offset_minutes) * 60), 0);
    let (y, m, dd, ..) = local.utc_parts();
    (y, m, dd)
}

/// The instant a scheduled item is processed on its due day: 09:00 Eastern that day, or `now` if earlier.
fn process_instant(due: &OfxDateTime, now: i64) -> i64 {
    let (y, m, d) = day_of(due);
    data::local(y, m, d, 9, 0).min(now)
}

/// An instant as a date-time value.
pub(crate) fn at(secs: i64) -> OfxDateTime {
    OfxDateTime::from_unix(secs, 0)
}

/// A STATUS: 0 INFO, anything else ERROR.
pub(crate) fn status(code: i64, message: Option<&str>) -> Option<Box<StatusO>> {
    Some(Box::new(StatusO {
        code: Some(code),
        severity: Some(if code == 0 { "INFO" } else { "ERROR" }.into()),
        message: message.map(str::to_string),
    }))
}

/// The TRNUID and CLTCOOKIE of a …TRNRQ.
pub(crate) fn ids_of(trn: NodeRef<'_>) -> (String, Option<String>) {
    (
        trn.child_text(ids::TRNUID).unwrap_or("").trim().to_string(),
        trn.child_text(ids::CLTCOOKIE).map(|c| c.trim().to_string()),
    )
}

/// Reads the request aggregate inside a …TRNRQ (or a sync request itself) with its owned definition.
pub(crate) fn read_body(n: NodeRef<'_>) -> Option<RequestBody> {
    let mut w = Warnings::new();
    let mut cx = ReadCx { tree: n.tree(), warnings: &mut w };
    RequestBody::read(n, &mut cx)
}

/// The request aggregate of a …TRNRQ (INTRARQ, PMTMODRQ, ...).
pub(crate) fn request_of(trn: NodeRef<'_>) -> Option<NodeRef<'_>> {
    trn.children().find(|c| c.name().ends_with("RQ"))
}

/// An owned answer as an element at the request's version; a writing problem (a bug: answers mirror
/// requests that passed the strict reader) becomes 2000 in the wrapper, never a panic.
pub(crate) fn render<T: Owned>(x: &T, rs: &'static str, trn: NodeRef<'_>, version: u16) -> El {
    el::owned(x, version).unwrap_or_else(|e| wrap(rs, trn, 2000, Some(&format!("the sandbox cannot write: {e}")), None))
}

/// A refusal: a wrapper with the status and no response.
pub(crate) struct Refusal(pub i64, pub String);

/// Shorthand for a refusal.
pub(crate) fn refuse<T>(code: i64, msg: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal(code, msg.into()))
}

/// Answers one money transaction of a signed-on user: the stored answer for a TRNUID seen before, else the
/// transaction's own answer (stored when it acts).
pub(crate) fn answer(
    st: &mut State,
    user: &str,
    kind: MoneyTrn,
    trn: NodeRef<'_>,
    now: i64,
    version: u16,
    keep: usize,
) -> El {
    let rs = kind.rs();
    let (uid, _) = ids_of(trn);
    let State { users, counters, .. } = st;
    let Some(u) = users.get_mut(user) else {
        return wrap(rs, trn, 2000, Some("no signed-on user"), None);
    };
    if kind.acts() {
        if let Some(stored) = u.answers.get(&uid) {
            if stored.name() == rs {
                return stored.clone();
            }
            let msg = format!("TRNUID {uid} was already used for a {} request: nothing was done", stored.name());
            return wrap(rs, trn, 2019, Some(&msg), None);
        }
    }
    let mut mx = Mx { now, version, keep, counters, user: u };
    let a = match kind {
        MoneyTrn::Intra | MoneyTrn::Inter => transfer(&mut mx, trn, kind == MoneyTrn::Inter),
        MoneyTrn::Pmt => billpay::payment(&mut mx, trn),
        MoneyTrn::PmtInq => billpay::inquiry(&mut mx, trn),
        MoneyTrn::Payee => billpay::payee(&mut mx, trn),
    };
    if kind.acts() {
        mx.user.answers.insert(uid, a.clone());
    }
    a
}

/// Answers a sync request of a signed-on user.
pub(crate) fn sync_answer(
    st: &mut State,
    user: &str,
    kind: sync::SyncKind,
    node: NodeRef<'_>,
    now: i64,
    version: u16,
    keep: usize,
) -> Result<El, String> {
    let State { users, counters, .. } = st;
    let u = users.get_mut(user).ok_or("a sync request needs a signed-on user")?;
    let mut mx = Mx { now, version, keep, counters, user: u };
    sync::answer(&mut mx, kind, node)
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

/// An account named in a request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Side<'x> {
    Bank(&'x BankAcctFrom),
    Card(&'x CcAcctFrom),
    Loan(&'x LoanAcctFrom),
}

impl Side<'_> {
    /// The source of a transfer.
    fn from(x: &XferInfo) -> Option<Side<'_>> {
        (x.bankacctfrom.as_deref().map(Side::Bank))
            .or(x.ccacctfrom.as_deref().map(Side::Card))
            .or(x.loanacctfrom.as_deref().map(Side::Loan))
    }
    /// The destination of a transfer.
    fn to(x: &XferInfo) -> Option<Side<'_>> {
        (x.bankacctto.as_deref().map(Side::Bank))
            .or(x.ccacctto.as_deref().map(Side::Card))
            .or(x.loanacctto.as_deref().map(Side::Loan))
    }
    /// Who the account is, for messages.
    fn label(self) -> String {
        match self {
            Side::Bank(b) => format!("{}:{}", b.bankid.as_deref().unwrap_or(""), b.acctid.as_deref().unwrap_or("")),
            Side::Card(c) => c.acctid.clone().unwrap_or_default(),
            Side::Loan(l) => l.loanacctid.clone().unwrap_or_default(),
        }
    }
}

/// The user's account a request names: bank accounts by BANKID (the sandbox's), ACCTID and ACCTTYPE; cards
/// and loans by number.
pub(crate) fn find_account(u: &UserState, side: Side<'_>) -> Option<usize> {
    u.user.accounts.iter().position(|a| match side {
        Side::Bank(b) => {
            matches!(a.kind, Kind::Checking | Kind::Savings)
                && b.bankid.as_deref() == Some(data::BANK_ID)
                && b.acctid.as_deref() == Some(a.acctid.as_str())
                && b.accttype.as_deref() == Some(a.kind.accttype())
        }
        Side::Card(c) => a.kind == Kind::CreditCard && c.acctid.as_deref() == Some(a.acctid.as_str()),
        Side::Loan(l) => a.kind == Kind::Loan && l.loanacctid.as_deref() == Some(a.acctid.as_str()),
    })
}

/// The source account of a transfer or payment: one of the user's checking or savings accounts.
pub(crate) fn source_account(u: &UserState, side: Option<Side<'_>>) -> Result<usize, Refusal> {
    let Some(side) = side else { return refuse(2003, "source account not found: the request names none") };
    let Some(i) = find_account(u, side) else {
        return refuse(2003, format!("source account not found: {} is not one of your accounts", side.label()));
    };
    if !matches!(u.user.accounts[i].kind, Kind::Checking | Kind::Savings) {
        return refuse(
            2008,
            format!("source account not authorized: {} is not a transfer source (XFERSRC N)", side.label()),
        );
    }
    Ok(i)
}

/// A positive amount in whole cents (the sandbox's accounts are in USD).
pub(crate) fn positive(amount: Option<Decimal>) -> Result<Decimal, Refusal> {
    match amount {
        Some(a) if a > Decimal::ZERO && a.normalize().scale() > 2 => {
            refuse(2012, format!("invalid amount {a}: USD amounts have at most two decimals"))
        }
        Some(a) if a > Decimal::ZERO => Ok(data::money(a)),
        Some(a) => refuse(2012, format!("invalid amount {a}: the amount must be more than zero")),
        None => refuse(2012, "invalid amount: TRNAMT is missing"),
    }
}

/// Enough available funds in the account for an amount posted now.
pub(crate) fn funds(a: &Account, amount: Decimal) -> Result<(), Refusal> {
    if a.available() < amount {
        return refuse(
            10504,
            format!("insufficient funds: {} available in {}, {} asked", data::amt(a.available()), a.acctid, amount),
        );
    }
    Ok(())
}

/// Adds a posted transaction to an account, keeping the date order.
pub(crate) fn post_txn(a: &mut Account, t: Txn) {
    let i = a.txns.partition_point(|x| x.posted <= t.posted);
    a.txns.insert(i, t);
}

/// A posted transaction.
pub(crate) fn txn(fitid: String, posted: i64, trntype: &'static str, amount: Decimal, name: &str, memo: String) -> Txn {
    let name: String = name.chars().take(32).collect();
    Txn { fitid, posted, trntype, amount, name, memo: Some(memo), checknum: None, image: None }
}

// ---------------------------------------------------------------------------------------------
// Transfers
// ---------------------------------------------------------------------------------------------

/// Checks a transfer: the source account's index, the destination's (`None` for interbank) and the amount.
fn check_transfer(u: &UserState, x: &XferInfo, interbank: bool) -> Result<(usize, Option<usize>, Decimal), Refusal> {
    let src = source_account(u, Side::from(x))?;
    let Some(to) = Side::to(x) else { return refuse(2009, "destination account not found: the request names none") };
    let dst = if interbank {
        match to {
            Side::Bank(b) if b.bankid.as_deref() == Some(data::BANK_ID) => {
                return refuse(
                    2011,
                    format!(
                        "destination not authorized: {} is at this bank; use an intrabank transfer (INTRARQ)",
                        to.label()
                    ),
                );
            }
            Side::Bank(_) => None,
            _ => {
                return refuse(
                    2011,
                    "destination not authorized: an interbank transfer goes to a bank account at another bank \
                     (BANKACCTTO)",
                );
            }
        }
    } else {
        let Some(d) = find_account(u, to) else {
            let why = match to {
                Side::Bank(b) if b.bankid.as_deref() != Some(data::BANK_ID) => {
                    "is at another bank; use an interbank transfer (INTERRQ)"
                }
                _ => "is not one of your accounts at this bank",
            };
            return refuse(2009, format!("destination account not found: {} {why}", to.label()));
        };
        if d == src {
            return refuse(2011, "destination not authorized: it is the source account");
        }
        Some(d)
    };
    let amount = positive(x.trnamt)?;
    Ok((src, dst, amount))
}

/// Posts a transfer: the source debited, the destination (an account of this bank) credited.
fn post_transfer(u: &mut UserState, t: &Transfer, src: usize, dst: Option<usize>, amount: Decimal, when: i64) {
    let to_label = Side::to(&t.info).map(Side::label).unwrap_or_default();
    let from_id = u.user.accounts[src].acctid.clone();
    let (name, memo) = match dst {
        Some(d) => (format!("Transfer to {}", u.user.accounts[d].acctid), format!("Sandbox transfer {}", t.id)),
        None => ("Interbank transfer".to_string(), format!("Interbank transfer {} to {to_label}", t.id)),
    };
    post_txn(&mut u.user.accounts[src], txn(format!("{}-D", t.id), when, "XFER", -amount, &name, memo.clone()));
    let Some(d) = dst else { return };
    let a = &mut u.user.accounts[d];
    match a.kind {
        Kind::Loan => {
            if let Some(l) = a.loan.as_mut() {
                let p = LoanPayment {
                    fitid: format!("{}-C", t.id),
                    posted: when,
                    principal: amount,
                    interest: Decimal::ZERO,
                };
                let i = l.payments.partition_point(|x| x.posted <= when);
                l.payments.insert(i, p);
            }
        }
        Kind::CreditCard => {
            post_txn(a, txn(format!("{}-C", t.id), when, "PAYMENT", amount, &format!("Transfer from {from_id}"), memo));
        }
        _ => post_txn(a, txn(format!("{}-C", t.id), when, "XFER", amount, &format!("Transfer from {from_id}"), memo)),
    }
}

/// XFERPRCSTS of a stage.
fn prcsts(t: &Transfer) -> Option<Box<XferPrcSts>> {
    let (code, when) = match t.stage {
        Stage::Scheduled => ("WILLPROCESSON", t.info.dtdue),
        Stage::Done(w) => ("POSTEDON", Some(at(w))),
        Stage::Cancelled(w) => ("CANCELEDON", Some(at(w))),
        Stage::NoFunds(w) => ("NOFUNDSON", Some(at(w))),
    };
    Some(Box::new(XferPrcSts { xferprccode: Some(code.into()), dtxferprc: when }))
}

/// The INTRARS / INTERRS of a transfer as it stands.
fn added(t: &Transfer) -> (Option<IntraRs>, Option<InterRs>) {
    let (prj, posted) = match t.stage {
        Stage::Scheduled => (t.info.dtdue, None),
        Stage::Done(w) => (None, Some(at(w))),
        _ => (None, None),
    };
    let info = Some(Box::new(t.info.clone()));
    if t.interbank {
        let refnum = matches!(t.stage, Stage::Done(_)).then(|| format!("SBX-{}", t.id));
        let rs = InterRs {
            curdef: Some("USD".into()),
            srvrtid: Some(t.id.clone()),
            xferinfo: info,
            dtxferprj: prj,
            dtposted: posted,
            refnum,
            recsrvrtid: None,
            xferprcsts: prcsts(t),
        };
        (None, Some(rs))
    } else {
        let rs = IntraRs {
            curdef: Some("USD".into()),
            srvrtid: Some(t.id.clone()),
            xferinfo: info,
            dtxferprj: prj,
            dtposted: posted,
            recsrvrtid: None,
            xferprcsts: prcsts(t),
        };
        (Some(rs), None)
    }
}

/// What a transfer answer or record carries.
#[derive(Clone)]
pub(crate) enum XferBody {
    Added(Box<Transfer>),
    Modified(Box<Transfer>),
    Cancelled(String),
    None,
}

/// A transfer wrapper (INTRATRNRS or INTERTRNRS) as a sync record.
pub(crate) fn xfer_record(
    interbank: bool,
    trnuid: &str,
    code: i64,
    msg: Option<&str>,
    cookie: Option<String>,
    body: XferBody,
) -> Record {
    let st = status(code, msg);
    let uid = Some(trnuid.to_string());
    if interbank {
        let mut r = InterTrnRs { trnuid: uid, status: st, cltcookie: cookie, ..Default::default() };
        match body {
            XferBody::Added(t) => r.interrs = added(&t).1.map(Box::new),
            XferBody::Modified(t) => {
                r.intermodrs = Some(Box::new(InterModRs {
                    srvrtid: Some(t.id.clone()),
                    xferinfo: Some(Box::new(t.info.clone())),
                    xferprcsts: prcsts(&t),
                }))
            }
            XferBody::Cancelled(id) => r.intercanrs = Some(Box::new(InterCanRs { srvrtid: Some(id) })),
            XferBody::None => {}
        }
        Record::Inter(r)
    } else {
        let mut r = IntraTrnRs { trnuid: uid, status: st, cltcookie: cookie, ..Default::default() };
        match body {
            XferBody::Added(t) => r.intrars = added(&t).0.map(Box::new),
            XferBody::Modified(t) => {
                r.intramodrs = Some(Box::new(IntraModRs {
                    srvrtid: Some(t.id.clone()),
                    xferinfo: Some(Box::new(t.info.clone())),
                    xferprcsts: prcsts(&t),
                }))
            }
            XferBody::Cancelled(id) => r.intracanrs = Some(Box::new(IntraCanRs { srvrtid: Some(id) })),
            XferBody::None => {}
        }
        Record::Intra(r)
    }
}

/// A record as an answer element at `version`.
pub(crate) fn render_record(r: &Record, trn: NodeRef<'_>, version: u16) -> El {
    match r {
        Record::Intra(x) => render(x, "INTRATRNRS", trn, version),
        Record::Inter(x) => render(x, "INTERTRNRS", trn, version),
        Record::Pmt(x) => render(x, "PMTTRNRS", trn, version),
        Record::Payee(x) => render(x, "PAYEETRNRS", trn, version),
    }
}

/// INTRATRNRQ / INTERTRNRQ: a new transfer, a modification or a cancellation.
fn transfer(mx: &mut Mx<'_>, trn: NodeRef<'_>, interbank: bool) -> El {
    let (uid, cookie) = ids_of(trn);
    let body = request_of(trn).and_then(read_body);
    let outcome = match body {
        Some(RequestBody::Transfer(r)) if !interbank => new_transfer(mx, &uid, r.xferinfo.map(|b| *b), false),
        Some(RequestBody::InterbankTransfer(r)) if interbank => new_transfer(mx, &uid, r.xferinfo.map(|b| *b), true),
        Some(RequestBody::TransferModify(r)) if !interbank => {
            modify_transfer(mx, &uid, r.srvrtid.as_deref(), r.xferinfo.map(|b| *b), false)
        }
        Some(RequestBody::InterbankModify(r)) if interbank => {
            modify_transfer(mx, &uid, r.srvrtid.as_deref(), r.xferinfo.map(|b| *b), true)
        }
        Some(RequestBody::TransferCancel(r)) if !interbank => cancel_transfer(mx, &uid, r.srvrtid.as_deref(), false),
        Some(RequestBody::InterbankCancel(r)) if interbank => cancel_transfer(mx, &uid, r.srvrtid.as_deref(), true),
        _ => refuse(2000, format!("{} holds no transfer request the sandbox knows", trn.name())),
    };
    let rec = match outcome {
        Ok(b) => xfer_record(interbank, &uid, 0, None, cookie, b),
        Err(Refusal(code, msg)) => xfer_record(interbank, &uid, code, Some(&msg), cookie, XferBody::None),
    };
    render_record(&rec, trn, mx.version)
}

/// Records a change in the source account's history (without the client's cookie).
fn xfer_event(mx: &mut Mx<'_>, interbank: bool, source: &str, uid: &str, body: XferBody) {
    let stream = if interbank { Stream::Inter(source.to_string()) } else { Stream::Intra(source.to_string()) };
    let rec = xfer_record(interbank, uid, 0, None, None, body);
    mx.event(stream, rec);
}

fn new_transfer(mx: &mut Mx<'_>, uid: &str, x: Option<XferInfo>, interbank: bool) -> Result<XferBody, Refusal> {
    let Some(x) = x else { return refuse(2000, "XFERINFO is missing") };
    let (src, dst, amount) = check_transfer(mx.user, &x, interbank)?;
    let scheduled = mx.is_future(x.dtdue.as_ref());
    if !scheduled {
        funds(&mx.user.user.accounts[src], amount)?;
    }
    let id = mx.new_id(if interbank { "X" } else { "T" });
    let source = mx.user.user.accounts[src].acctid.clone();
    let mut t = Transfer { id, interbank, trnuid: uid.to_string(), source, info: x, stage: Stage::Scheduled };
    if !scheduled {
        t.stage = Stage::Done(mx.now);
        post_transfer(mx.user, &t, src, dst, amount, mx.now);
    }
    let body = XferBody::Added(Box::new(t.clone()));
    xfer_event(mx, interbank, &t.source, uid, body.clone());
    mx.user.money.transfers.push(t);
    Ok(body)
}

/// The user's transfer with this SRVRTID (of the right kind), if it may still change.
fn changeable(mx: &Mx<'_>, id: Option<&str>, interbank: bool) -> Result<usize, Refusal> {
    let id = id.unwrap_or("").trim();
    let Some(i) = mx.user.money.transfers.iter().position(|t| t.id == id && t.interbank == interbank) else {
        let what = if interbank { "interbank" } else { "intrabank" };
        return refuse(2018, format!("unknown server id: no {what} transfer {id}"));
    };
    match mx.user.money.transfers[i].stage {
        Stage::Scheduled => Ok(i),
        Stage::Cancelled(_) => refuse(2017, format!("transfer {id} was already cancelled")),
        Stage::Done(_) | Stage::NoFunds(_) => {
            refuse(2016, format!("transfer {id} was already posted: it can no longer be changed or cancelled"))
        }
    }
}

fn modify_transfer(
    mx: &mut Mx<'_>,
    uid: &str,
    id: Option<&str>,
    x: Option<XferInfo>,
    interbank: bool,
) -> Result<XferBody, Refusal> {
    let i = changeable(mx, id, interbank)?;
    let Some(x) = x else { return refuse(2000, "XFERINFO is missing") };
    let (src, _, _) = check_transfer(mx.user, &x, interbank)?;
    let t = &mx.user.money.transfers[i];
    if mx.user.user.accounts[src].acctid != t.source {
        return refuse(10506, format!("cannot modify source account: transfer {} is from {}", t.id, t.source));
    }
    if !mx.is_future(x.dtdue.as_ref()) {
        return refuse(
            2014,
            "date too soon: a modified transfer must stay scheduled (DTDUE after today); cancel it and make a new one \
             to transfer now",
        );
    }
    let t = &mut mx.user.money.transfers[i];
    t.info = x;
    let t = t.clone();
    let body = XferBody::Modified(Box::new(t.clone()));
    xfer_event(mx, interbank, &t.source, uid, body.clone());
    Ok(body)
}

fn cancel_transfer(mx: &mut Mx<'_>, uid: &str, id: Option<&str>, interbank: bool) -> Result<XferBody, Refusal> {
    let i = changeable(mx, id, interbank)?;
    let t = &mut mx.user.money.transfers[i];
    t.stage = Stage::Cancelled(mx.now);
    let (id, source) = (t.id.clone(), t.source.clone());
    xfer_event(mx, interbank, &source, uid, XferBody::Cancelled(id.clone()));
    Ok(XferBody::Cancelled(id))
}

/// The transfer as REFRESH reports it: INTRARS/INTERRS with the current XFERINFO and status.
pub(crate) fn refresh_record(t: &Transfer) -> Record {
    xfer_record(t.interbank, &t.trnuid, 0, None, None, XferBody::Added(Box::new(t.clone())))
}

/// Whether a transfer involves a loan account (LOANACCTFROM/TO exist at 2.x only).
pub(crate) fn has_loan(x: Option<&XferInfo>) -> bool {
    x.is_some_and(|x| x.loanacctfrom.is_some() || x.loanacctto.is_some())
}

/// Processes the user's scheduled transfers and payments that have come due (see the module doc).
pub(crate) fn settle(st: &mut State, user: &str, now: i64) {
    let Some(u) = st.users.get_mut(user) else { return };
    let today = today(now);
    let due: Vec<usize> = (u.money.transfers.iter().enumerate())
        .filter(|(_, t)| t.stage == Stage::Scheduled && t.info.dtdue.as_ref().is_none_or(|d| day_of(d) <= today))
        .map(|(i, _)| i)
        .collect();
    for i in due {
        let t = u.money.transfers[i].clone();
        let when = t.info.dtdue.as_ref().map(|d| process_instant(d, now)).unwrap_or(now);
        let stage = match check_transfer(u, &t.info, t.interbank) {
            Ok((src, dst, amount)) if funds(&u.user.accounts[src], amount).is_ok() => {
                post_transfer(u, &t, src, dst, amount, when);
                Stage::Done(when)
            }
            _ => Stage::NoFunds(when),
        };
        u.money.transfers[i].stage = stage;
    }
    billpay::settle(u, now);
}

/// The instant a due payment is processed (see [`process_instant`]).
pub(crate) fn due_instant(due: Option<&OfxDateTime>, now: i64) -> i64 {
    due.map(|d| process_instant(d, now)).unwrap_or(now)
}
