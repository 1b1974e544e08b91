//! Bill payment: payments (PMTRQ, PMTMODRQ, PMTCANCRQ), their status (PMTINQRQ) and the user's payee list
//! (PAYEERQ, PAYEEMODRQ, PAYEEDELRQ). The shared rules and status codes are in [`super::money`].
//!
//! - A payment names its payee by PAYEELSTID (an entry of the user's list: 10519 when there is none), by a
//!   standard PAYEEID of the FI's directory ([`STANDARD_PAYEES`]; 10510 otherwise) or by a full PAYEE
//!   address. A standard id or an address with no entry yet sets one up in the list (a new PAYEELSTID,
//!   recorded in the payee history as added by the PMTRQ's TRNUID); an address equal to an entry's uses it.
//! - PMTRS carries the SRVRTID, the PAYEELSTID, the PMTINFO with its PAYEELSTID filled in, EXTDPAYEE (the
//!   directory's id, scope and name for standard payees; the days to pay) and PMTPRCSTS: WILLPROCESSON on the
//!   due date when DTDUE is after today, else PROCESSEDON now (the account is debited at once).
//! - Only scheduled payments change: a processed one is 10514, a cancelled one 2017, an unknown SRVRTID
//!   2018. A modification keeps the source account (10506), the payee (10505) and a due date after today
//!   (2014).
//! - A payee set up from a standard id keeps the directory's address (10515 for another); its accounts at
//!   the payee (PAYACCT) may change. Deleting an entry leaves the payments made to it as they are.

use crate::client::request::RequestBody;
use crate::markup::tree::NodeRef;
use crate::model::bank::shared::PayeeO;
use crate::model::billpay::*;

use super::data::Kind;
use super::el::El;
use super::money::{
    Mx, Refusal, Side, at, due_instant, funds, ids_of, positive, post_txn, read_body, refuse, render, request_of,
    source_account, status, txn,
};
use super::state::{PayeeEntry, Payment, Record, Stage, Stream, UserState};

/// A payee of the FI's directory: PAYEEID, name, address, phone, days to pay.
pub struct StandardPayee {
    pub id: &'static str,
    pub name: &'static str,
    pub addr1: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    pub postalcode: &'static str,
    pub phone: &'static str,
    pub days_to_pay: i64,
}

/// The standard payees every user can pay by PAYEEID.
pub const STANDARD_PAYEES: [StandardPayee; 3] = [
    StandardPayee {
        id: "SBX-POWER",
        name: "City Power & Light",
        addr1: "100 Main St",
        city: "Springfield",
        state: "IL",
        postalcode: "62701",
        phone: "217-555-0100",
        days_to_pay: 2,
    },
    StandardPayee {
        id: "SBX-WATER",
        name: "Springfield Water <Dept>",
        addr1: "12 Reservoir Rd",
        city: "Springfield",
        state: "IL",
        postalcode: "62702",
        phone: "217-555-0142",
        days_to_pay: 3,
    },
    StandardPayee {
        id: "SBX-PHONE",
        name: "Bell Téléphone Co",
        addr1: "1 Exchange Pl",
        city: "Springfield",
        state: "IL",
        postalcode: "62703",
        phone: "217-555-0199",
        days_to_pay: 2,
    },
];

/// Days to pay a payee set up by address.
const ADDRESS_DAYS_TO_PAY: i64 = 5;

fn standard(id: &str) -> Option<&'static StandardPayee> {
    STANDARD_PAYEES.iter().find(|p| p.id == id.trim())
}

fn standard_address(p: &StandardPayee) -> PayeeO {
    PayeeO {
        name: Some(p.name.into()),
        addr1: Some(p.addr1.into()),
        city: Some(p.city.into()),
        state: Some(p.state.into()),
        postalcode: Some(p.postalcode.into()),
        phone: Some(p.phone.into()),
        ..Default::default()
    }
}

/// EXTDPAYEE of a list entry.
fn extd(e: &PayeeEntry) -> ExtdPayee {
    match e.standard.as_deref().and_then(standard) {
        Some(p) => ExtdPayee {
            payeeid: Some(p.id.into()),
            idscope: Some("GLOBAL".into()),
            name: Some(p.name.into()),
            daystopay: Some(p.days_to_pay),
        },
        None => ExtdPayee { daystopay: Some(ADDRESS_DAYS_TO_PAY), ..Default::default() },
    }
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// What a payment answer or record carries.
enum PmtBody {
    Added(Box<Payment>),
    Modified(Box<Payment>),
    Cancelled(String),
    None,
}

/// PMTPRCSTS of a payment as it stands.
fn pmt_status(p: &Payment) -> Option<Box<PmtPrcSts>> {
    let (code, when) = match p.stage {
        Stage::Scheduled => ("WILLPROCESSON", p.info.dtdue),
        Stage::Done(w) => ("PROCESSEDON", Some(at(w))),
        Stage::Cancelled(w) => ("CANCELEDON", Some(at(w))),
        Stage::NoFunds(w) => ("NOFUNDSON", Some(at(w))),
    };
    Some(Box::new(PmtPrcSts { pmtprccode: Some(code.into()), dtpmtprc: when }))
}

fn pmt_rs(p: &Payment) -> PmtRs {
    PmtRs {
        srvrtid: Some(p.id.clone()),
        payeelstid: Some(p.payee_list_id.clone()),
        curdef: Some("USD".into()),
        pmtinfo: Some(Box::new(p.info.clone())),
        extdpayee: p.extd.clone().map(Box::new),
        checknum: None,
        pmtprcsts: pmt_status(p),
        recsrvrtid: None,
    }
}

fn pmt_trnrs(uid: &str, code: i64, msg: Option<&str>, cookie: Option<String>, body: PmtBody) -> PmtTrnRs {
    let mut r =
        PmtTrnRs { trnuid: Some(uid.to_string()), status: status(code, msg), cltcookie: cookie, ..Default::default() };
    match body {
        PmtBody::Added(p) => r.pmtrs = Some(Box::new(pmt_rs(&p))),
        PmtBody::Modified(p) => {
            r.pmtmodrs = Some(Box::new(PmtModRs {
                srvrtid: Some(p.id.clone()),
                pmtinfo: Some(Box::new(p.info.clone())),
                pmtprcsts: pmt_status(&p),
            }))
        }
        PmtBody::Cancelled(id) => r.pmtcancrs = Some(Box::new(PmtCancRs { srvrtid: Some(id) })),
        PmtBody::None => {}
    }
    r
}

/// A payment change as a sync record.
fn pmt_record(uid: &str, body: PmtBody) -> Record {
    Record::Pmt(pmt_trnrs(uid, 0, None, None, body))
}

/// The payment as REFRESH reports it: PMTRS with the current PMTINFO and status.
pub(crate) fn refresh_payment(p: &Payment) -> Record {
    pmt_record(&p.trnuid, PmtBody::Added(Box::new(p.clone())))
}

/// What a payee answer or record carries.
enum PayeeBody {
    Added(Box<PayeeEntry>),
    Modified(Box<PayeeEntry>),
    Deleted(String),
    None,
}

fn payee_trnrs(uid: &str, code: i64, msg: Option<&str>, cookie: Option<String>, body: PayeeBody) -> PayeeTrnRs {
    let mut r = PayeeTrnRs {
        trnuid: Some(uid.to_string()),
        status: status(code, msg),
        cltcookie: cookie,
        ..Default::default()
    };
    match body {
        PayeeBody::Added(e) => {
            r.payeers = Some(Box::new(PayeeRs {
                payeelstid: Some(e.list_id.clone()),
                payee: Some(Box::new(e.payee.clone())),
                bankacctto: e.bankacctto.clone().map(Box::new),
                extdpayee: Some(Box::new(extd(&e))),
                payacct: e.payacct.clone(),
            }))
        }
        PayeeBody::Modified(e) => {
            r.payeemodrs = Some(Box::new(PayeeModRs {
                payeelstid: Some(e.list_id.clone()),
                payee: Some(Box::new(e.payee.clone())),
                bankacctto: e.bankacctto.clone().map(Box::new),
                payacct: e.payacct.clone(),
                extdpayee: Some(Box::new(extd(&e))),
            }))
        }
        PayeeBody::Deleted(id) => r.payeedelrs = Some(Box::new(PayeeDelRs { payeelstid: Some(id) })),
        PayeeBody::None => {}
    }
    r
}

/// A payee change as a sync record.
fn payee_record(uid: &str, body: PayeeBody) -> Record {
    Record::Payee(payee_trnrs(uid, 0, None, None, body))
}

/// The payee as REFRESH reports it: PAYEERS with the entry as it stands.
pub(crate) fn refresh_payee(e: &PayeeEntry) -> Record {
    payee_record(&e.trnuid, PayeeBody::Added(Box::new(e.clone())))
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

/// How a payment's payee resolves.
enum Resolved {
    /// An entry of the list (index).
    Entry(usize),
    /// A new entry to set up: standard id (if any) and address.
    New(Option<String>, Box<PayeeO>),
}

fn resolve(u: &UserState, info: &PmtInfo) -> Result<Resolved, Refusal> {
    let list = &u.money.payees;
    if let Some(l) = info.payeelstid.as_deref() {
        return match list.iter().position(|e| e.list_id == l) {
            Some(i) => Ok(Resolved::Entry(i)),
            None => refuse(10519, format!("invalid payee list id: {l} is not in your payee list")),
        };
    }
    if let Some(id) = info.payeeid.as_deref() {
        let Some(p) = standard(id) else {
            return refuse(10510, format!("invalid payee id: {id} is not a payee this FI knows"));
        };
        return Ok(match list.iter().position(|e| e.standard.as_deref() == Some(p.id)) {
            Some(i) => Resolved::Entry(i),
            None => Resolved::New(Some(p.id.to_string()), Box::new(standard_address(p))),
        });
    }
    let Some(addr) = info.payee.as_deref() else {
        return refuse(10501, "invalid payee: give a PAYEELSTID, a PAYEEID or the payee's address");
    };
    Ok(match list.iter().position(|e| e.standard.is_none() && e.payee == *addr) {
        Some(i) => Resolved::Entry(i),
        None => Resolved::New(None, Box::new(addr.clone())),
    })
}

/// PMTTRNRQ: a new payment, a modification or a cancellation.
pub(crate) fn payment(mx: &mut Mx<'_>, trn: NodeRef<'_>) -> El {
    let (uid, cookie) = ids_of(trn);
    let outcome = match request_of(trn).and_then(read_body) {
        Some(RequestBody::Payment(r)) => new_payment(mx, &uid, r.pmtinfo.map(|b| *b)),
        Some(RequestBody::PaymentModify(r)) => modify_payment(mx, &uid, r.srvrtid.as_deref(), r.pmtinfo.map(|b| *b)),
        Some(RequestBody::PaymentCancel(r)) => cancel_payment(mx, &uid, r.srvrtid.as_deref()),
        _ => refuse(2000, "PMTTRNRQ holds no payment request the sandbox knows"),
    };
    let r = match outcome {
        Ok(b) => pmt_trnrs(&uid, 0, None, cookie, b),
        Err(Refusal(code, msg)) => pmt_trnrs(&uid, code, Some(&msg), cookie, PmtBody::None),
    };
    render(&r, "PMTTRNRS", trn, mx.version)
}

fn new_payment(mx: &mut Mx<'_>, uid: &str, info: Option<PmtInfo>) -> Result<PmtBody, Refusal> {
    let Some(mut info) = info else { return refuse(2000, "PMTINFO is missing") };
    let src = source_account(mx.user, info.bankacctfrom.as_deref().map(Side::Bank))?;
    let amount = positive(info.trnamt)?;
    let resolved = resolve(mx.user, &info)?;
    let scheduled = mx.is_future(info.dtdue.as_ref());
    if !scheduled {
        funds(&mx.user.user.accounts[src], amount)?;
    }
    // Every check passed: act.
    let entry = match resolved {
        Resolved::Entry(i) => i,
        Resolved::New(standard, payee) => {
            let list_id = mx.new_id("PL");
            let e = PayeeEntry {
                list_id,
                trnuid: uid.to_string(),
                standard,
                payee: *payee,
                bankacctto: info.bankacctto.clone().map(|b| *b),
                payacct: info.payacct.iter().cloned().collect(),
            };
            let rec = payee_record(uid, PayeeBody::Added(Box::new(e.clone())));
            mx.event(Stream::Payee, rec);
            mx.user.money.payees.push(e);
            mx.user.money.payees.len() - 1
        }
    };
    let e = &mx.user.money.payees[entry];
    let (list_id, ext, payee_name) = (e.list_id.clone(), extd(e), e.payee.name.clone().unwrap_or_default());
    info.payeelstid = Some(list_id.clone());
    let id = mx.new_id("P");
    let source = mx.user.user.accounts[src].acctid.clone();
    let mut p = Payment {
        id,
        trnuid: uid.to_string(),
        source,
        info,
        payee_list_id: list_id,
        extd: Some(ext),
        stage: Stage::Scheduled,
    };
    if !scheduled {
        p.stage = Stage::Done(mx.now);
        debit(mx.user, src, &p, &payee_name, amount, mx.now);
    }
    let rec = pmt_record(uid, PmtBody::Added(Box::new(p.clone())));
    mx.event(Stream::Pmt(p.source.clone()), rec);
    mx.user.money.payments.push(p.clone());
    Ok(PmtBody::Added(Box::new(p)))
}

/// Debits the account paid from.
fn debit(u: &mut UserState, src: usize, p: &Payment, payee: &str, amount: rust_decimal::Decimal, when: i64) {
    let memo = match p.info.memo.as_deref() {
        Some(m) => format!("Bill payment {}: {m}", p.id),
        None => format!("Bill payment {}", p.id),
    };
    post_txn(&mut u.user.accounts[src], txn(format!("{}-D", p.id), when, "PAYMENT", -amount, payee, memo));
}

/// The user's payment with this SRVRTID, if it may still change.
fn changeable(mx: &Mx<'_>, id: Option<&str>) -> Result<usize, Refusal> {
    let id = id.unwrap_or("").trim();
    let Some(i) = mx.user.money.payments.iter().position(|p| p.id == id) else {
        return refuse(2018, format!("unknown server id: no payment {id}"));
    };
    match mx.user.money.payments[i].stage {
        Stage::Scheduled => Ok(i),
        Stage::Cancelled(_) => refuse(2017, format!("payment {id} was already cancelled")),
        Stage::Done(_) | Stage::NoFunds(_) => {
            refuse(10514, format!("transaction already processed: payment {id} can no longer be changed or cancelled"))
        }
    }
}

fn modify_payment(mx: &mut Mx<'_>, uid: &str, id: Option<&str>, info: Option<PmtInfo>) -> Result<PmtBody, Refusal> {
    let i = changeable(mx, id)?;
    let Some(mut info) = info else { return refuse(2000, "PMTINFO is missing") };
    let src = source_account(mx.user, info.bankacctfrom.as_deref().map(Side::Bank))?;
    let p = &mx.user.money.payments[i];
    if mx.user.user.accounts[src].acctid != p.source {
        return refuse(10506, format!("cannot modify source account: payment {} is from {}", p.id, p.source));
    }
    positive(info.trnamt)?;
    let same_payee = match info.payeelstid.as_deref() {
        Some(l) => l == p.payee_list_id,
        None => info.payeeid == p.info.payeeid && info.payee == p.info.payee,
    };
    if !same_payee {
        return refuse(
            10505,
            format!("cannot modify element: the payee of payment {} cannot change; cancel it and pay anew", p.id),
        );
    }
    if !mx.is_future(info.dtdue.as_ref()) {
        return refuse(2014, "date too soon: a modified payment must stay scheduled (DTDUE after today)");
    }
    info.payeelstid = Some(p.payee_list_id.clone());
    let p = &mut mx.user.money.payments[i];
    p.info = info;
    let p = p.clone();
    let rec = pmt_record(uid, PmtBody::Modified(Box::new(p.clone())));
    mx.event(Stream::Pmt(p.source.clone()), rec);
    Ok(PmtBody::Modified(Box::new(p)))
}

fn cancel_payment(mx: &mut Mx<'_>, uid: &str, id: Option<&str>) -> Result<PmtBody, Refusal> {
    let i = changeable(mx, id)?;
    let p = &mut mx.user.money.payments[i];
    p.stage = Stage::Cancelled(mx.now);
    let (id, source) = (p.id.clone(), p.source.clone());
    let rec = pmt_record(uid, PmtBody::Cancelled(id.clone()));
    mx.event(Stream::Pmt(source), rec);
    Ok(PmtBody::Cancelled(id))
}

/// PMTINQTRNRQ: where a payment stands.
pub(crate) fn inquiry(mx: &mut Mx<'_>, trn: NodeRef<'_>) -> El {
    let (uid, cookie) = ids_of(trn);
    let mut r = PmtInqTrnRs { trnuid: Some(uid), cltcookie: cookie, ..Default::default() };
    let id = match request_of(trn).and_then(read_body) {
        Some(RequestBody::PaymentStatus(q)) => q.srvrtid.unwrap_or_default(),
        _ => String::new(),
    };
    match mx.user.money.payments.iter().find(|p| p.id == id) {
        Some(p) => {
            r.status = status(0, None);
            r.pmtinqrs =
                Some(Box::new(PmtInqRs { srvrtid: Some(p.id.clone()), pmtprcsts: pmt_status(p), checknum: None }));
        }
        None => r.status = status(2018, Some(&format!("unknown server id: no payment {id}"))),
    }
    render(&r, "PMTINQTRNRS", trn, mx.version)
}

/// Processes the user's scheduled payments that have come due.
pub(crate) fn settle(u: &mut UserState, now: i64) {
    let today = super::money::today(now);
    for i in 0..u.money.payments.len() {
        let p = &u.money.payments[i];
        let due = p.info.dtdue.as_ref().is_none_or(|d| super::money::day_of(d) <= today);
        if p.stage != Stage::Scheduled || !due {
            continue;
        }
        let p = p.clone();
        let when = due_instant(p.info.dtdue.as_ref(), now);
        let src = u
            .user
            .accounts
            .iter()
            .position(|a| a.acctid == p.source && matches!(a.kind, Kind::Checking | Kind::Savings));
        let amount = super::data::money(p.info.trnamt.unwrap_or_default());
        let stage = match src {
            Some(s) if funds(&u.user.accounts[s], amount).is_ok() => {
                let name =
                    u.money.payees.iter().find(|e| e.list_id == p.payee_list_id).and_then(|e| e.payee.name.clone());
                let name = name
                    .or_else(|| p.info.payee.as_ref().and_then(|x| x.name.clone()))
                    .unwrap_or_else(|| "Bill payment".into());
                debit(u, s, &p, &name, amount, when);
                Stage::Done(when)
            }
            _ => Stage::NoFunds(when),
        };
        u.money.payments[i].stage = stage;
    }
}

// ---------------------------------------------------------------------------------------------
// Payees
// ---------------------------------------------------------------------------------------------

/// PAYEETRNRQ: add, modify or delete a payee of the list.
pub(crate) fn payee(mx: &mut Mx<'_>, trn: NodeRef<'_>) -> El {
    let (uid, cookie) = ids_of(trn);
    let outcome = match request_of(trn).and_then(read_body) {
        Some(RequestBody::PayeeAdd(r)) => add_payee(mx, &uid, r),
        Some(RequestBody::PayeeModify(r)) => modify_payee(mx, &uid, r),
        Some(RequestBody::PayeeDelete(r)) => delete_payee(mx, &uid, r.payeelstid.as_deref()),
        _ => refuse(2000, "PAYEETRNRQ holds no payee request the sandbox knows"),
    };
    let r = match outcome {
        Ok(b) => payee_trnrs(&uid, 0, None, cookie, b),
        Err(Refusal(code, msg)) => payee_trnrs(&uid, code, Some(&msg), cookie, PayeeBody::None),
    };
    render(&r, "PAYEETRNRS", trn, mx.version)
}

fn add_payee(mx: &mut Mx<'_>, uid: &str, r: PayeeRq) -> Result<PayeeBody, Refusal> {
    let (standard_id, payee) = match (r.payeeid.as_deref(), r.payee) {
        (Some(id), _) => match standard(id) {
            Some(p) => (Some(p.id.to_string()), standard_address(p)),
            None => return refuse(10510, format!("invalid payee id: {id} is not a payee this FI knows")),
        },
        (None, Some(a)) => (None, *a),
        (None, None) => return refuse(10501, "invalid payee: give a PAYEEID or the payee's address"),
    };
    let e = PayeeEntry {
        list_id: mx.new_id("PL"),
        trnuid: uid.to_string(),
        standard: standard_id,
        payee,
        bankacctto: r.bankacctto.map(|b| *b),
        payacct: r.payacct,
    };
    let rec = payee_record(uid, PayeeBody::Added(Box::new(e.clone())));
    mx.event(Stream::Payee, rec);
    mx.user.money.payees.push(e.clone());
    Ok(PayeeBody::Added(Box::new(e)))
}

fn entry(mx: &Mx<'_>, id: Option<&str>) -> Result<usize, Refusal> {
    let id = id.unwrap_or("").trim();
    match mx.user.money.payees.iter().position(|e| e.list_id == id) {
        Some(i) => Ok(i),
        None => refuse(10519, format!("invalid payee list id: {id} is not in your payee list")),
    }
}

fn modify_payee(mx: &mut Mx<'_>, uid: &str, r: PayeeModRq) -> Result<PayeeBody, Refusal> {
    let i = entry(mx, r.payeelstid.as_deref())?;
    let e = &mx.user.money.payees[i];
    if let (Some(id), Some(a)) = (e.standard.as_deref(), r.payee.as_deref()) {
        if *a != e.payee {
            return refuse(
                10515,
                format!("payee not modifiable by client: {id} is a standard payee with the FI's address"),
            );
        }
    }
    let e = &mut mx.user.money.payees[i];
    if let Some(a) = r.payee {
        e.payee = *a;
    }
    if let Some(b) = r.bankacctto {
        e.bankacctto = Some(*b);
    }
    if !r.payacct.is_empty() {
        e.payacct = r.payacct;
    }
    let e = e.clone();
    let rec = payee_record(uid, PayeeBody::Modified(Box::new(e.clone())));
    mx.event(Stream::Payee, rec);
    Ok(PayeeBody::Modified(Box::new(e)))
}

fn delete_payee(mx: &mut Mx<'_>, uid: &str, id: Option<&str>) -> Result<PayeeBody, Refusal> {
    let i = entry(mx, id)?;
    let e = mx.user.money.payees.remove(i);
    let rec = payee_record(uid, PayeeBody::Deleted(e.list_id.clone()));
    mx.event(Stream::Payee, rec);
    Ok(PayeeBody::Deleted(e.list_id))
}
