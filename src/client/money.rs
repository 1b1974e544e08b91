//! Moving money: transfers, bill payments, payees, and token synchronization — what an
//! application asks for (specs) turned into request aggregates, and the answers read back as
//! records (one per transfer, payment or payee in an answer, top-level or inside a sync response).
//!
//! Safety rules this module keeps:
//! - amounts are exact, positive and well-formed before anything is built (never a float);
//! - a request item keeps its TRNUID until the caller makes a new one, so asking again after a lost
//!   answer cannot act twice at a server that honours TRNUIDs;
//! - a sync result hands out its new token only after every record was read (see
//!   [`crate::client::session::Client::sync`]).

use rust_decimal::Decimal;

use crate::client::ops::AccountRef;
use crate::client::request::RequestBody;
use crate::document::Document;
use crate::markup::tree::NodeRef;
use crate::model::bank::rq::BankAcctFrom;
use crate::model::bank::shared::PayeeO;
use crate::model::billpay::*;
use crate::model::creditcard::rq::CcAcctFrom;
use crate::model::define::ReadCx;
use crate::model::loan::rq::LoanAcctFrom;
use crate::model::owned::Owned;
use crate::model::signon::owned::StatusO;
use crate::model::transfer::*;
use crate::values::datetime::OfxDateTime;

/// Reads an amount given by a user, strictly: digits with an optional point and up to 4 decimals
/// (`25`, `25.00`, `0.5`); it must be more than zero. No signs, no commas, no exponent, no spaces
/// inside.
pub fn parse_money(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if t.is_empty() || int.is_empty() || !digits(int) || !digits(frac) || (t.contains('.') && frac.is_empty()) {
        return Err(format!("'{s}' is not an amount (digits with an optional point, e.g. 25.00)"));
    }
    if frac.len() > 4 || int.len() > 15 {
        return Err(format!("'{s}' has too many digits"));
    }
    let d: Decimal = t.parse().map_err(|_| format!("'{s}' is not an amount"))?;
    if d <= Decimal::ZERO {
        return Err(format!("the amount must be more than zero (got {s})"));
    }
    Ok(d)
}

/// A transfer: from which account, to which, how much, when.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferSpec {
    pub from: AccountRef,
    pub to: AccountRef,
    pub amount: Decimal,
    pub due: Option<OfxDateTime>,
}

impl TransferSpec {
    /// Interbank when the destination is a bank account at another bank (another BANKID than the
    /// source's); intrabank otherwise (same bank, or a credit-card or loan account at this FI).
    pub fn is_interbank(&self) -> bool {
        match (&self.from, &self.to) {
            (AccountRef::Bank { bank_id: a, .. }, AccountRef::Bank { bank_id: b, .. }) => a.trim() != b.trim(),
            _ => false,
        }
    }

    fn check(&self) -> Result<(), String> {
        if self.amount <= Decimal::ZERO {
            return Err(format!("the amount must be more than zero (got {})", self.amount));
        }
        if !matches!(self.from, AccountRef::Bank { .. } | AccountRef::CreditCard { .. } | AccountRef::Loan { .. }) {
            return Err("transfers start from a bank, credit-card or loan account".into());
        }
        if matches!(self.to, AccountRef::Investment { .. }) {
            return Err("transfers go to a bank, credit-card or loan account".into());
        }
        if self.from == self.to {
            return Err("the source and destination accounts are the same".into());
        }
        if self.is_interbank() && !matches!(self.from, AccountRef::Bank { .. }) {
            return Err("interbank transfers start from a bank account".into());
        }
        Ok(())
    }

    fn xferinfo(&self) -> XferInfo {
        let mut x = XferInfo { trnamt: Some(self.amount), dtdue: self.due, ..Default::default() };
        match &self.from {
            AccountRef::Bank { .. } => x.bankacctfrom = bank_acct(&self.from).map(Box::new),
            AccountRef::CreditCard { .. } => x.ccacctfrom = card_acct(&self.from).map(Box::new),
            AccountRef::Loan { .. } => x.loanacctfrom = loan_acct(&self.from).map(Box::new),
            AccountRef::Investment { .. } => {}
        }
        match &self.to {
            AccountRef::Bank { .. } => x.bankacctto = bank_acct(&self.to).map(Box::new),
            AccountRef::CreditCard { .. } => x.ccacctto = card_acct(&self.to).map(Box::new),
            AccountRef::Loan { .. } => x.loanacctto = loan_acct(&self.to).map(Box::new),
            AccountRef::Investment { .. } => {}
        }
        x
    }
}

pub(crate) fn bank_acct(a: &AccountRef) -> Option<BankAcctFrom> {
    match a {
        AccountRef::Bank { bank_id, branch_id, account_id, account_type, account_key } => Some(BankAcctFrom {
            bankid: Some(bank_id.clone()),
            branchid: branch_id.clone(),
            acctid: Some(account_id.clone()),
            accttype: Some(account_type.clone()),
            acctkey: account_key.clone(),
        }),
        _ => None,
    }
}

fn card_acct(a: &AccountRef) -> Option<CcAcctFrom> {
    match a {
        AccountRef::CreditCard { account_id, account_key } => {
            Some(CcAcctFrom { acctid: Some(account_id.clone()), acctkey: account_key.clone() })
        }
        _ => None,
    }
}

fn loan_acct(a: &AccountRef) -> Option<LoanAcctFrom> {
    match a {
        AccountRef::Loan { account_id, loan_type } => {
            Some(LoanAcctFrom { loanacctid: Some(account_id.clone()), loanaccttype: Some(loan_type.clone()) })
        }
        _ => None,
    }
}

fn need_id(what: &str, id: &str) -> Result<String, String> {
    let t = id.trim();
    if t.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    Ok(t.to_string())
}

/// A new transfer (INTRARQ or INTERRQ by [`TransferSpec::is_interbank`]).
pub fn transfer(spec: &TransferSpec) -> Result<RequestBody, String> {
    spec.check()?;
    let x = Some(Box::new(spec.xferinfo()));
    Ok(if spec.is_interbank() {
        RequestBody::InterbankTransfer(InterRq { xferinfo: x })
    } else {
        RequestBody::Transfer(IntraRq { xferinfo: x })
    })
}

/// Changes a scheduled transfer: the whole transfer is sent again with the server's transfer id.
pub fn transfer_modify(transfer_id: &str, spec: &TransferSpec) -> Result<RequestBody, String> {
    spec.check()?;
    let id = Some(need_id("transfer id", transfer_id)?);
    let x = Some(Box::new(spec.xferinfo()));
    Ok(if spec.is_interbank() {
        RequestBody::InterbankModify(InterModRq { srvrtid: id, xferinfo: x })
    } else {
        RequestBody::TransferModify(IntraModRq { srvrtid: id, xferinfo: x })
    })
}

/// Cancels a scheduled transfer.
pub fn transfer_cancel(transfer_id: &str, interbank: bool) -> Result<RequestBody, String> {
    let id = Some(need_id("transfer id", transfer_id)?);
    Ok(if interbank {
        RequestBody::InterbankCancel(InterCanRq { srvrtid: id })
    } else {
        RequestBody::TransferCancel(IntraCanRq { srvrtid: id })
    })
}

/// Where a synchronization starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncToken {
    /// The full history (token "0").
    Full,
    /// The current state only (REFRESH).
    Refresh,
    /// Changes since the token the server gave last time.
    Since(String),
}

impl SyncToken {
    /// "0" is the full history, "REFRESH" in any case the current state, anything else a token.
    pub fn parse(s: &str) -> Result<SyncToken, String> {
        let t = s.trim();
        if t.is_empty() {
            return Err("the sync token is empty (use 0 for the full history or REFRESH)".into());
        }
        Ok(if t == "0" {
            SyncToken::Full
        } else if t.eq_ignore_ascii_case("refresh") {
            SyncToken::Refresh
        } else {
            SyncToken::Since(t.to_string())
        })
    }

    fn fields(&self) -> (Option<String>, Option<bool>) {
        match self {
            SyncToken::Full => (Some("0".into()), None),
            SyncToken::Refresh => (None, Some(true)),
            SyncToken::Since(t) => (Some(t.clone()), None),
        }
    }
}

/// Synchronizes the transfers of an account (INTRASYNCRQ, or INTERSYNCRQ for interbank ones).
pub fn transfer_sync(
    account: &AccountRef,
    token: &SyncToken,
    reject_if_missing: bool,
    interbank: bool,
) -> Result<RequestBody, String> {
    let (tok, refresh) = token.fields();
    let (bank, card) = (bank_acct(account).map(Box::new), card_acct(account).map(Box::new));
    if bank.is_none() && card.is_none() {
        return Err("transfers are synchronized for a bank or credit-card account".into());
    }
    if interbank && bank.is_none() {
        return Err("interbank transfers are synchronized for a bank account".into());
    }
    let r = Some(reject_if_missing);
    Ok(if interbank {
        RequestBody::InterbankSync(InterSyncRq {
            token: tok,
            refresh,
            rejectifmissing: r,
            bankacctfrom: bank,
            ccacctfrom: card,
            ..Default::default()
        })
    } else {
        RequestBody::TransferSync(IntraSyncRq {
            token: tok,
            refresh,
            rejectifmissing: r,
            bankacctfrom: bank,
            ccacctfrom: card,
            ..Default::default()
        })
    })
}

/// To whom a payment goes.
#[derive(Clone, Debug, PartialEq)]
pub enum PayeeRef {
    /// A payee the server knows by a standard id (PAYEEID).
    StandardId(String),
    /// A full address (the server sets the payee up and gives it a list id).
    Address(Box<PayeeO>),
}

/// A payment.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentSpec {
    /// The bank account paid from.
    pub from: AccountRef,
    pub amount: Decimal,
    pub payee: PayeeRef,
    /// The payee's entry in the user's payee list (PAYEELSTID), when it has one.
    pub payee_list_id: Option<String>,
    /// The user's account number at the payee (PAYACCT).
    pub pay_account: String,
    pub due: OfxDateTime,
    pub memo: Option<String>,
}

impl PaymentSpec {
    fn pmtinfo(&self) -> Result<PmtInfo, String> {
        if self.amount <= Decimal::ZERO {
            return Err(format!("the amount must be more than zero (got {})", self.amount));
        }
        let from = bank_acct(&self.from).ok_or("payments are made from a bank account")?;
        let mut p = PmtInfo {
            bankacctfrom: Some(Box::new(from)),
            trnamt: Some(self.amount),
            payacct: Some(need_id("account at the payee (PAYACCT)", &self.pay_account)?),
            dtdue: Some(self.due),
            memo: self.memo.clone().filter(|m| !m.trim().is_empty()),
            ..Default::default()
        };
        if let Some(l) = &self.payee_list_id {
            p.payeelstid = Some(need_id("payee list id", l)?);
        }
        match &self.payee {
            PayeeRef::StandardId(id) => p.payeeid = Some(need_id("payee id", id)?),
            PayeeRef::Address(a) => {
                check_payee(a)?;
                p.payee = Some(a.clone());
            }
        }
        Ok(p)
    }
}

fn check_payee(a: &PayeeO) -> Result<(), String> {
    for (v, what) in [
        (&a.name, "name"),
        (&a.addr1, "first address line"),
        (&a.city, "city"),
        (&a.state, "state"),
        (&a.postalcode, "postal code"),
        (&a.phone, "phone"),
    ] {
        if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(format!("the payee's {what} is missing"));
        }
    }
    Ok(())
}

/// A new payment (PMTRQ).
pub fn payment(spec: &PaymentSpec) -> Result<RequestBody, String> {
    Ok(RequestBody::Payment(PmtRq { pmtinfo: Some(Box::new(spec.pmtinfo()?)) }))
}

/// Changes a scheduled payment (the whole payment is sent again).
pub fn payment_modify(payment_id: &str, spec: &PaymentSpec) -> Result<RequestBody, String> {
    Ok(RequestBody::PaymentModify(PmtModRq {
        srvrtid: Some(need_id("payment id", payment_id)?),
        pmtinfo: Some(Box::new(spec.pmtinfo()?)),
    }))
}

/// Cancels a scheduled payment.
pub fn payment_cancel(payment_id: &str) -> Result<RequestBody, String> {
    Ok(RequestBody::PaymentCancel(PmtCancRq { srvrtid: Some(need_id("payment id", payment_id)?) }))
}

/// Asks where a payment stands (PMTINQRQ).
pub fn payment_status(payment_id: &str) -> Result<RequestBody, String> {
    Ok(RequestBody::PaymentStatus(PmtInqRq { srvrtid: Some(need_id("payment id", payment_id)?) }))
}

/// A payee to add or change: by standard id or full address, with the user's accounts at the payee.
#[derive(Clone, Debug, PartialEq)]
pub struct PayeeSpec {
    pub payee: PayeeRef,
    pub pay_accounts: Vec<String>,
}

/// Adds a payee to the user's list (PAYEERQ).
pub fn payee_add(spec: &PayeeSpec) -> Result<RequestBody, String> {
    let mut r = PayeeRq { payacct: spec.pay_accounts.clone(), ..Default::default() };
    match &spec.payee {
        PayeeRef::StandardId(id) => r.payeeid = Some(need_id("payee id", id)?),
        PayeeRef::Address(a) => {
            check_payee(a)?;
            r.payee = Some(a.clone());
        }
    }
    Ok(RequestBody::PayeeAdd(r))
}

/// Changes a payee of the list (PAYEEMODRQ): a new address and/or accounts at the payee.
pub fn payee_modify(list_id: &str, address: Option<&PayeeO>, pay_accounts: &[String]) -> Result<RequestBody, String> {
    if let Some(a) = address {
        check_payee(a)?;
    }
    Ok(RequestBody::PayeeModify(PayeeModRq {
        payeelstid: Some(need_id("payee list id", list_id)?),
        payee: address.map(|a| Box::new(a.clone())),
        payacct: pay_accounts.to_vec(),
        ..Default::default()
    }))
}

/// Deletes a payee from the list (PAYEEDELRQ).
pub fn payee_delete(list_id: &str) -> Result<RequestBody, String> {
    Ok(RequestBody::PayeeDelete(PayeeDelRq { payeelstid: Some(need_id("payee list id", list_id)?) }))
}

/// Synchronizes the payee list (PAYEESYNCRQ).
pub fn payee_sync(token: &SyncToken, reject_if_missing: bool) -> RequestBody {
    let (tok, refresh) = token.fields();
    RequestBody::PayeeSync(PayeeSyncRq {
        token: tok,
        refresh,
        rejectifmissing: Some(reject_if_missing),
        ..Default::default()
    })
}

/// Synchronizes the payments of a bank account (PMTSYNCRQ).
pub fn payment_sync(account: &AccountRef, token: &SyncToken, reject_if_missing: bool) -> Result<RequestBody, String> {
    let (tok, refresh) = token.fields();
    let bank = bank_acct(account).ok_or("payments are synchronized for a bank account")?;
    Ok(RequestBody::PaymentSync(PmtSyncRq {
        token: tok,
        refresh,
        rejectifmissing: Some(reject_if_missing),
        bankacctfrom: Some(Box::new(bank)),
        ..Default::default()
    }))
}

// ---------------------------------------------------------------------------------------------
// Answers as records
// ---------------------------------------------------------------------------------------------

/// What a record says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new transfer, payment or payee (…RS).
    Added,
    /// A change (…MODRS).
    Modified,
    /// A cancellation (…CANRS, PMTCANCRS).
    Cancelled,
    /// A deleted payee (PAYEEDELRS).
    Deleted,
    /// A payment status answer (PMTINQRS).
    Status,
    /// The transaction response carries no body (typically an error status).
    None,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Modified => "modified",
            Change::Cancelled => "cancelled",
            Change::Deleted => "deleted",
            Change::Status => "status",
            Change::None => "none",
        }
    }
}

/// A transaction response's status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordStatus {
    pub code: Option<i64>,
    pub severity: Option<String>,
    pub message: Option<String>,
}

impl RecordStatus {
    fn of(s: &Option<Box<StatusO>>) -> RecordStatus {
        s.as_deref()
            .map(|s| RecordStatus { code: s.code, severity: s.severity.clone(), message: s.message.clone() })
            .unwrap_or_default()
    }
    /// Code 0.
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }
}

/// One transfer of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferRecord {
    pub interbank: bool,
    pub trnuid: String,
    pub status: RecordStatus,
    pub change: Change,
    /// SRVRTID: the server's id of the transfer.
    pub transfer_id: Option<String>,
    pub currency: Option<String>,
    pub info: Option<XferInfo>,
    pub projected: Option<OfxDateTime>,
    pub posted: Option<OfxDateTime>,
    pub process_status: Option<XferPrcSts>,
    pub refnum: Option<String>,
    /// Inside which sync response (INTRASYNCRS...), if any.
    pub in_sync: bool,
}

/// One payment of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentRecord {
    pub trnuid: String,
    pub status: RecordStatus,
    pub change: Change,
    /// SRVRTID: the server's id of the payment.
    pub payment_id: Option<String>,
    pub payee_list_id: Option<String>,
    pub currency: Option<String>,
    pub info: Option<PmtInfo>,
    pub extended_payee: Option<ExtdPayee>,
    pub check_number: Option<String>,
    pub process_status: Option<PmtPrcSts>,
    pub in_sync: bool,
}

/// One payee of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct PayeeRecord {
    pub trnuid: String,
    pub status: RecordStatus,
    pub change: Change,
    pub payee_list_id: Option<String>,
    pub payee: Option<PayeeO>,
    pub extended_payee: Option<ExtdPayee>,
    pub pay_accounts: Vec<String>,
    pub in_sync: bool,
}

/// A synchronization answer's token and LOSTSYNC flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncInfo {
    /// INTRASYNCRS, INTERSYNCRS, PAYEESYNCRS or PMTSYNCRS.
    pub tag: &'static str,
    pub token: Option<String>,
    pub lost_sync: bool,
}

/// Everything about money in an answer, in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MoneyRecords {
    pub transfers: Vec<TransferRecord>,
    pub payments: Vec<PaymentRecord>,
    pub payees: Vec<PayeeRecord>,
    pub syncs: Vec<SyncInfo>,
}

fn read<T: Owned>(n: NodeRef<'_>, doc: &Document) -> T {
    let mut w = crate::markup::warning::Warnings::new();
    let mut cx = ReadCx { tree: &doc.tree, warnings: &mut w };
    T::read_fields(n, &mut cx)
}

/// A transfer record from an INTRATRNRS or INTERTRNRS: the two have the same shape (…RS, …MODRS,
/// …CANRS), with REFNUM only in INTERRS.
macro_rules! transfer_record {
    ($t:expr, $in_sync:expr, $interbank:expr, $rs:ident, $modrs:ident, $canrs:ident, |$a:ident| $extra:expr) => {{
        let t = $t;
        let mut r = TransferRecord {
            interbank: $interbank,
            trnuid: t.trnuid.unwrap_or_default(),
            status: RecordStatus::of(&t.status),
            change: Change::None,
            transfer_id: None,
            currency: None,
            info: None,
            projected: None,
            posted: None,
            process_status: None,
            refnum: None,
            in_sync: $in_sync,
        };
        if let Some($a) = t.$rs {
            r.change = Change::Added;
            r.refnum = $extra;
            r.transfer_id = $a.srvrtid;
            r.currency = $a.curdef;
            r.info = $a.xferinfo.map(|b| *b);
            r.projected = $a.dtxferprj;
            r.posted = $a.dtposted;
            r.process_status = $a.xferprcsts.map(|b| *b);
        } else if let Some(m) = t.$modrs {
            r.change = Change::Modified;
            r.transfer_id = m.srvrtid;
            r.info = m.xferinfo.map(|b| *b);
            r.process_status = m.xferprcsts.map(|b| *b);
        } else if let Some(c) = t.$canrs {
            r.change = Change::Cancelled;
            r.transfer_id = c.srvrtid;
        }
        r
    }};
}

fn intra_record(t: IntraTrnRs, in_sync: bool) -> TransferRecord {
    transfer_record!(t, in_sync, false, intrars, intramodrs, intracanrs, |a| None)
}

fn inter_record(t: InterTrnRs, in_sync: bool) -> TransferRecord {
    transfer_record!(t, in_sync, true, interrs, intermodrs, intercanrs, |a| a.refnum.clone())
}

impl PaymentRecord {
    /// A record of a transaction response without its body yet.
    fn blank(trnuid: Option<String>, status: &Option<Box<StatusO>>, in_sync: bool) -> PaymentRecord {
        PaymentRecord {
            trnuid: trnuid.unwrap_or_default(),
            status: RecordStatus::of(status),
            change: Change::None,
            payment_id: None,
            payee_list_id: None,
            currency: None,
            info: None,
            extended_payee: None,
            check_number: None,
            process_status: None,
            in_sync,
        }
    }
}

fn payment_record(t: PmtTrnRs, in_sync: bool) -> PaymentRecord {
    let mut r = PaymentRecord::blank(t.trnuid, &t.status, in_sync);
    if let Some(a) = t.pmtrs {
        r.change = Change::Added;
        r.payment_id = a.srvrtid;
        r.payee_list_id = a.payeelstid;
        r.currency = a.curdef;
        r.info = a.pmtinfo.map(|b| *b);
        r.extended_payee = a.extdpayee.map(|b| *b);
        r.check_number = a.checknum;
        r.process_status = a.pmtprcsts.map(|b| *b);
    } else if let Some(m) = t.pmtmodrs {
        r.change = Change::Modified;
        r.payment_id = m.srvrtid;
        r.info = m.pmtinfo.map(|b| *b);
        r.process_status = m.pmtprcsts.map(|b| *b);
    } else if let Some(c) = t.pmtcancrs {
        r.change = Change::Cancelled;
        r.payment_id = c.srvrtid;
    }
    r
}

fn payee_record(t: PayeeTrnRs, in_sync: bool) -> PayeeRecord {
    let mut r = PayeeRecord {
        trnuid: t.trnuid.unwrap_or_default(),
        status: RecordStatus::of(&t.status),
        change: Change::None,
        payee_list_id: None,
        payee: None,
        extended_payee: None,
        pay_accounts: Vec::new(),
        in_sync,
    };
    if let Some(a) = t.payeers {
        r.change = Change::Added;
        r.payee_list_id = a.payeelstid;
        r.payee = a.payee.map(|b| *b);
        r.extended_payee = a.extdpayee.map(|b| *b);
        r.pay_accounts = a.payacct;
    } else if let Some(m) = t.payeemodrs {
        r.change = Change::Modified;
        r.payee_list_id = m.payeelstid;
        r.payee = m.payee.map(|b| *b);
        r.extended_payee = m.extdpayee.map(|b| *b);
        r.pay_accounts = m.payacct;
    } else if let Some(d) = t.payeedelrs {
        r.change = Change::Deleted;
        r.payee_list_id = d.payeelstid;
    }
    r
}

/// Every transfer, payment and payee record of an answer, and its sync tokens, in document order.
pub fn records(doc: &Document) -> MoneyRecords {
    let mut m = MoneyRecords::default();
    for set in doc.root().children() {
        for n in set.children() {
            match n.name() {
                "INTRATRNRS" => m.transfers.push(intra_record(read(n, doc), false)),
                "INTERTRNRS" => m.transfers.push(inter_record(read(n, doc), false)),
                "PMTTRNRS" => m.payments.push(payment_record(read(n, doc), false)),
                "PAYEETRNRS" => m.payees.push(payee_record(read(n, doc), false)),
                "PMTINQTRNRS" => {
                    let t: PmtInqTrnRs = read(n, doc);
                    let mut r = PaymentRecord::blank(t.trnuid, &t.status, false);
                    if let Some(q) = t.pmtinqrs {
                        r.change = Change::Status;
                        r.payment_id = q.srvrtid;
                        r.check_number = q.checknum;
                        r.process_status = q.pmtprcsts.map(|b| *b);
                    }
                    m.payments.push(r);
                }
                "INTRASYNCRS" => {
                    let s: IntraSyncRs = read(n, doc);
                    m.syncs.push(SyncInfo {
                        tag: "INTRASYNCRS",
                        token: s.token,
                        lost_sync: s.lostsync.unwrap_or(false),
                    });
                    m.transfers.extend(s.intratrnrs.into_iter().map(|t| intra_record(t, true)));
                }
                "INTERSYNCRS" => {
                    let s: InterSyncRs = read(n, doc);
                    m.syncs.push(SyncInfo {
                        tag: "INTERSYNCRS",
                        token: s.token,
                        lost_sync: s.lostsync.unwrap_or(false),
                    });
                    m.transfers.extend(s.intertrnrs.into_iter().map(|t| inter_record(t, true)));
                }
                "PMTSYNCRS" => {
                    let s: PmtSyncRs = read(n, doc);
                    m.syncs.push(SyncInfo { tag: "PMTSYNCRS", token: s.token, lost_sync: s.lostsync.unwrap_or(false) });
                    m.payments.extend(s.pmttrnrs.into_iter().map(|t| payment_record(t, true)));
                }
                "PAYEESYNCRS" => {
                    let s: PayeeSyncRs = read(n, doc);
                    m.syncs.push(SyncInfo {
                        tag: "PAYEESYNCRS",
                        token: s.token,
                        lost_sync: s.lostsync.unwrap_or(false),
                    });
                    m.payees.extend(s.payeetrnrs.into_iter().map(|t| payee_record(t, true)));
                }
                _ => {}
            }
        }
    }
    m
}

/// An account's id as the record shows it ("BANKID:ACCTID", a card or loan number).
pub fn account_label(b: Option<&BankAcctFrom>, c: Option<&CcAcctFrom>, l: Option<&LoanAcctFrom>) -> Option<String> {
    if let Some(b) = b {
        return Some(format!("{}:{}", b.bankid.as_deref().unwrap_or(""), b.acctid.as_deref().unwrap_or("")));
    }
    if let Some(c) = c {
        return c.acctid.clone();
    }
    l.and_then(|l| l.loanacctid.clone())
}

impl TransferRecord {
    /// The source account ("BANKID:ACCTID" or the card/loan number).
    pub fn from_account(&self) -> Option<String> {
        let x = self.info.as_ref()?;
        account_label(x.bankacctfrom.as_deref(), x.ccacctfrom.as_deref(), x.loanacctfrom.as_deref())
    }
    /// The destination account.
    pub fn to_account(&self) -> Option<String> {
        let x = self.info.as_ref()?;
        account_label(x.bankacctto.as_deref(), x.ccacctto.as_deref(), x.loanacctto.as_deref())
    }
    pub fn amount(&self) -> Option<Decimal> {
        self.info.as_ref().and_then(|x| x.trnamt)
    }
    pub fn due(&self) -> Option<OfxDateTime> {
        self.info.as_ref().and_then(|x| x.dtdue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::request::{RequestFormat, RequestItem, build_document};
    use crate::model::signon::rq::SonRq;

    fn bank(bank: &str, acct: &str, t: &str) -> AccountRef {
        AccountRef::Bank {
            bank_id: bank.into(),
            branch_id: None,
            account_id: acct.into(),
            account_type: t.into(),
            account_key: None,
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_money("25.00").unwrap().to_string(), "25.00");
        assert_eq!(parse_money("0.5").unwrap().to_string(), "0.5");
        for bad in ["", "-5", "0", "0.00", "1,5", "1e3", "12.", ".5", "abc", "+5", "1 000", "1.23456"] {
            assert!(parse_money(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn intra_or_inter() {
        let from = bank("111000025", "1", "CHECKING");
        let s = TransferSpec {
            from: from.clone(),
            to: bank("111000025", "2", "SAVINGS"),
            amount: Decimal::new(2500, 2),
            due: None,
        };
        assert!(matches!(transfer(&s).unwrap(), RequestBody::Transfer(_)));
        let s2 = TransferSpec { to: bank("222000111", "9", "CHECKING"), ..s.clone() };
        assert!(matches!(transfer(&s2).unwrap(), RequestBody::InterbankTransfer(_)));
        let s3 =
            TransferSpec { to: AccountRef::CreditCard { account_id: "4111".into(), account_key: None }, ..s.clone() };
        assert!(matches!(transfer(&s3).unwrap(), RequestBody::Transfer(_)));
        let same = TransferSpec { to: from, ..s.clone() };
        assert!(transfer(&same).unwrap_err().contains("same"));
        let zero = TransferSpec { amount: Decimal::ZERO, ..s };
        assert!(transfer(&zero).is_err());
    }

    #[test]
    fn tokens() {
        assert_eq!(SyncToken::parse("0").unwrap(), SyncToken::Full);
        assert_eq!(SyncToken::parse("ReFrEsH").unwrap(), SyncToken::Refresh);
        assert_eq!(SyncToken::parse(" 42 ").unwrap(), SyncToken::Since("42".into()));
        assert!(SyncToken::parse("").is_err());
    }

    #[test]
    fn money_requests_write_at_every_version() {
        let so = SonRq {
            dtclient: OfxDateTime::from_ymd(2024, 1, 1),
            userid: Some("u".into()),
            userpass: Some("p".into()),
            language: Some("ENG".into()),
            appid: Some("QWIN".into()),
            appver: Some("2700".into()),
            ..Default::default()
        };
        let from = bank("111000025", "1", "CHECKING");
        let spec = TransferSpec {
            from: from.clone(),
            to: bank("111000025", "2", "SAVINGS"),
            amount: Decimal::new(2500, 2),
            due: OfxDateTime::from_ymd(2024, 2, 1),
        };
        let inter = TransferSpec { to: bank("222000111", "9", "CHECKING"), ..spec.clone() };
        let payee = PayeeO {
            name: Some("City Power & Light".into()),
            addr1: Some("1 Main St".into()),
            city: Some("Springfield".into()),
            state: Some("IL".into()),
            postalcode: Some("62701".into()),
            phone: Some("555-0100".into()),
            ..Default::default()
        };
        let pay = PaymentSpec {
            from: from.clone(),
            amount: Decimal::new(4999, 2),
            payee: PayeeRef::Address(Box::new(payee.clone())),
            payee_list_id: Some("L1".into()),
            pay_account: "ACCT-77".into(),
            due: OfxDateTime::from_ymd(2024, 2, 1).unwrap(),
            memo: Some("January".into()),
        };
        let bodies = vec![
            payee_add(&PayeeSpec {
                payee: PayeeRef::Address(Box::new(payee.clone())),
                pay_accounts: vec!["ACCT-77".into()],
            })
            .unwrap(),
            payment(&pay).unwrap(),
            transfer(&spec).unwrap(),
            transfer_modify("T1", &spec).unwrap(),
            transfer_cancel("T1", false).unwrap(),
            transfer(&inter).unwrap(),
            transfer_modify("T2", &inter).unwrap(),
            transfer_cancel("T2", true).unwrap(),
            transfer_sync(&from, &SyncToken::Full, false, false).unwrap(),
            transfer_sync(&from, &SyncToken::Refresh, true, true).unwrap(),
            payment_modify("P1", &pay).unwrap(),
            payment_cancel("P1").unwrap(),
            payment_status("P1").unwrap(),
            payee_modify("L1", Some(&payee), &["A2".into()]).unwrap(),
            payee_delete("L1").unwrap(),
            payee_sync(&SyncToken::Since("17".into()), false),
            payment_sync(&from, &SyncToken::Full, false).unwrap(),
        ];
        let items: Vec<RequestItem> = bodies.into_iter().map(|b| RequestItem::new(b, 1)).collect();
        for v in [102, 103, 151, 160, 200, 203, 211, 220, 230] {
            let doc = build_document(&so, &items, &RequestFormat { version: v, ..Default::default() })
                .unwrap_or_else(|e| panic!("{v}: {e}"));
            // Payee requests come before payment requests in BILLPAYMSGSRQV1 whatever the order given.
            let p = doc.find("PAYEETRNRQ").unwrap();
            let q = doc.find("PMTTRNRQ").unwrap();
            assert!(p < q, "{v}");
            assert!(doc.contains("<TRNAMT>25.00"), "{v}");
            assert_eq!(doc.matches("<TRNUID>").count(), 13, "{v}: the 4 syncs have no TRNUID");
        }
    }
}

/// JSON views of money records (the CLI's `--json` output for transfers, payments, payees and syncs).
pub mod json {
    use super::*;
    use crate::model::define::escape_into;

    struct Obj {
        out: String,
        first: bool,
    }

    impl Obj {
        fn new() -> Obj {
            Obj { out: String::from("{"), first: true }
        }
        fn key(&mut self, k: &str) {
            if !self.first {
                self.out.push(',');
            }
            self.first = false;
            escape_into(&mut self.out, k);
            self.out.push(':');
        }
        fn s(&mut self, k: &str, v: Option<&str>) {
            if let Some(v) = v {
                self.key(k);
                escape_into(&mut self.out, v);
            }
        }
        fn raw(&mut self, k: &str, v: &str) {
            self.key(k);
            self.out.push_str(v);
        }
        fn date(&mut self, k: &str, d: Option<OfxDateTime>) {
            self.s(k, d.map(|d| d.to_iso_utc()).as_deref());
        }
        fn amount(&mut self, k: &str, d: Option<Decimal>) {
            self.s(k, d.map(|d| crate::values::amount::format_amount(&d)).as_deref());
        }
        fn status(&mut self, st: &RecordStatus) {
            let mut o = Obj::new();
            o.raw("code", &st.code.map(|c| c.to_string()).unwrap_or_else(|| "null".into()));
            o.s("severity", st.severity.as_deref());
            o.s("message", st.message.as_deref());
            let t = o.finish();
            self.raw("status", &t);
        }
        fn finish(mut self) -> String {
            self.out.push('}');
            self.out
        }
    }

    /// One transfer: transfer_id, change, status, interbank, amount, accounts, dates, process status.
    pub fn transfer(t: &TransferRecord) -> String {
        let mut o = Obj::new();
        o.s("transfer_id", t.transfer_id.as_deref());
        o.s("change", Some(t.change.name()));
        o.status(&t.status);
        o.s("trnuid", Some(&t.trnuid));
        o.raw("interbank", if t.interbank { "true" } else { "false" });
        o.amount("amount", t.amount());
        o.s("currency", t.currency.as_deref());
        o.s("from_account", t.from_account().as_deref());
        o.s("to_account", t.to_account().as_deref());
        o.date("due", t.due());
        o.date("projected", t.projected);
        o.date("posted", t.posted);
        if let Some(p) = &t.process_status {
            o.s("process_code", p.xferprccode.as_deref());
            o.date("process_date", p.dtxferprc);
        }
        o.s("refnum", t.refnum.as_deref());
        o.finish()
    }

    /// One payment: payment_id, change, status, payee, amount, dates, process status.
    pub fn payment(p: &PaymentRecord) -> String {
        let mut o = Obj::new();
        o.s("payment_id", p.payment_id.as_deref());
        o.s("change", Some(p.change.name()));
        o.status(&p.status);
        o.s("trnuid", Some(&p.trnuid));
        let info = p.info.as_ref();
        o.amount("amount", info.and_then(|i| i.trnamt));
        o.s("currency", p.currency.as_deref());
        o.s("from_account", info.and_then(|i| account_label(i.bankacctfrom.as_deref(), None, None)).as_deref());
        o.s("payee_list_id", p.payee_list_id.as_deref().or(info.and_then(|i| i.payeelstid.as_deref())));
        o.s("payee_name", info.and_then(|i| i.payee.as_ref()).and_then(|a| a.name.as_deref()));
        o.s("pay_account", info.and_then(|i| i.payacct.as_deref()));
        o.date("due", info.and_then(|i| i.dtdue));
        o.s("memo", info.and_then(|i| i.memo.as_deref()));
        o.s("check_number", p.check_number.as_deref());
        if let Some(s) = &p.process_status {
            o.s("process_code", s.pmtprccode.as_deref());
            o.date("process_date", s.dtpmtprc);
        }
        o.finish()
    }

    /// One payee: payee_list_id, change, status, name and address, accounts at the payee.
    pub fn payee(p: &PayeeRecord) -> String {
        let mut o = Obj::new();
        o.s("payee_list_id", p.payee_list_id.as_deref());
        o.s("change", Some(p.change.name()));
        o.status(&p.status);
        o.s("trnuid", Some(&p.trnuid));
        if let Some(a) = &p.payee {
            o.s("name", a.name.as_deref());
            o.s("addr1", a.addr1.as_deref());
            o.s("city", a.city.as_deref());
            o.s("state", a.state.as_deref());
            o.s("postal_code", a.postalcode.as_deref());
            o.s("phone", a.phone.as_deref());
        }
        if let Some(e) = &p.extended_payee {
            o.s("payee_id", e.payeeid.as_deref());
            o.raw("days_to_pay", &e.daystopay.map(|d| d.to_string()).unwrap_or_else(|| "null".into()));
        }
        let accts: Vec<String> = p
            .pay_accounts
            .iter()
            .map(|a| {
                let mut s = String::new();
                escape_into(&mut s, a);
                s
            })
            .collect();
        o.raw("pay_accounts", &format!("[{}]", accts.join(",")));
        o.finish()
    }

    /// A sync answer: `{"token", "lost_sync", "<what>": [records in the server's order]}`.
    pub fn sync(token: &str, lost_sync: bool, what: &str, records: &[String]) -> String {
        let mut o = Obj::new();
        o.s("token", Some(token));
        o.raw("lost_sync", if lost_sync { "true" } else { "false" });
        o.raw(what, &format!("[{}]", records.join(",")));
        o.finish()
    }
}
