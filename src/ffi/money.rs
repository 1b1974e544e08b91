//! Moving money from C: transfers (the product's BankTransfer), bill payment and payees
//! (BillPayment), and token synchronization (SynchronizeTransfers / Payments / Payees).
//!
//! Every money operation is a request item (`ofx_request_*`), posted with `ofx_client_post` or added
//! to a batch; its TRNUID stays until the caller makes a new request, so posting the same request
//! again after a lost answer asks the server about the same transfer instead of making a second
//! one. Answers are read as money records (`ofx_response_money_record`).

use std::ffi::{CString, c_char, c_void};
use std::ptr;

use rust_decimal::Decimal;

use super::boundary::{FfiResult, guard, guard_value, into_c_string, not_null, ofx_result, str_arg, write_out};
use super::client::{ClientHandle, client_ref, cs, ofx_client, ofx_request, on_client};
use super::response::{Response, ofx_response, resp_ref};
use crate::client::money::{
    self, Change, PayeeRecord, PayeeRef, PayeeSpec, PaymentRecord, PaymentSpec, SyncToken, TransferRecord, TransferSpec,
};
use crate::client::ops::{self, AccountRef};
use crate::client::request::RequestBody;
use crate::client::session::SyncRecord;
use crate::model::bank::shared::PayeeO;

/// # Safety
/// `p` NULL or NUL-terminated.
unsafe fn opt<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>, (ofx_result, String)> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, NUL-terminated by contract.
    Ok(Some(unsafe { str_arg(p, name) }?).filter(|s| !s.trim().is_empty()))
}

fn bad(e: String) -> (ofx_result, String) {
    (ofx_result::InvalidArgument, e)
}

fn account(
    t: Option<&str>,
    id: Option<&str>,
    bank: Option<&str>,
    what: &str,
) -> Result<AccountRef, (ofx_result, String)> {
    let t = t.ok_or_else(|| bad(format!("{what}_account_type is NULL")))?;
    let id = id.ok_or_else(|| bad(format!("{what}_account is NULL")))?;
    AccountRef::from_words(t, id, bank, None, None).map_err(|e| bad(format!("{what} account: {e}")))
}

/// A transfer to make or change. Initialise with `ofx_transfer_spec_init`; strings are read during
/// the call only (copied). The struct only ever grows at the end.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_transfer_spec {
    /// Must be `OFX_TRANSFER_SPEC_VERSION`.
    pub version: u32,
    /// Source: "checking", "savings", "moneymrkt", "creditline", "cd" (with `from_bank_id`),
    /// "creditcard" or "loan".
    pub from_account_type: *const c_char,
    pub from_account: *const c_char,
    pub from_bank_id: *const c_char,
    /// Destination: account type as above; `to_bank_id` NULL means the source's bank (intrabank);
    /// another bank id makes an interbank transfer.
    pub to_account_type: *const c_char,
    pub to_account: *const c_char,
    pub to_bank_id: *const c_char,
    /// The amount as an exact decimal string ("25.00"): more than zero, no sign, no comma.
    pub amount: *const c_char,
    /// Due date ("YYYY-MM-DD"); NULL for as soon as possible.
    pub due: *const c_char,
}

/// The current version of `ofx_transfer_spec`.
pub const OFX_TRANSFER_SPEC_VERSION: u32 = 1;

/// Fills `spec` with NULLs and the version.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_transfer_spec_init(spec: *mut ofx_transfer_spec) -> ofx_result {
    guard(|| {
        not_null(spec, "spec")?;
        let v = ofx_transfer_spec {
            version: OFX_TRANSFER_SPEC_VERSION,
            from_account_type: ptr::null(),
            from_account: ptr::null(),
            from_bank_id: ptr::null(),
            to_account_type: ptr::null(),
            to_account: ptr::null(),
            to_bank_id: ptr::null(),
            amount: ptr::null(),
            due: ptr::null(),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(spec, v) };
        Ok(())
    })
}

/// # Safety
/// `spec` NULL or valid with NULL or NUL-terminated strings.
unsafe fn transfer_spec(spec: *const ofx_transfer_spec) -> Result<TransferSpec, (ofx_result, String)> {
    not_null(spec, "spec")?;
    // SAFETY: non-NULL; version read first.
    let s = unsafe { &*spec };
    if s.version != OFX_TRANSFER_SPEC_VERSION {
        return Err(bad(format!(
            "ofx_transfer_spec.version {} is not {OFX_TRANSFER_SPEC_VERSION}: call ofx_transfer_spec_init",
            s.version
        )));
    }
    // SAFETY: strings NULL or NUL-terminated by contract.
    let (ft, fa, fb, tt, ta, tb, amt, due) = unsafe {
        (
            opt(s.from_account_type, "from_account_type")?,
            opt(s.from_account, "from_account")?,
            opt(s.from_bank_id, "from_bank_id")?,
            opt(s.to_account_type, "to_account_type")?,
            opt(s.to_account, "to_account")?,
            opt(s.to_bank_id, "to_bank_id")?,
            opt(s.amount, "amount")?,
            opt(s.due, "due")?,
        )
    };
    let from = account(ft, fa, fb, "from")?;
    let to = account(tt, ta, tb.or(fb), "to")?;
    let amount = money::parse_money(amt.ok_or_else(|| bad("amount is NULL".into()))?).map_err(bad)?;
    let due = due.map(ops::parse_user_date).transpose().map_err(|e| bad(format!("due: {e}")))?;
    Ok(TransferSpec { from, to, amount, due })
}

fn new_request(h: &ClientHandle, body: RequestBody, out: *mut *mut ofx_request) -> FfiResult {
    let item = h.client.item(body);
    let uid = cs(&item.trnuid);
    let r = super::client::RequestHandle { item, uid };
    // SAFETY: `out` checked by callers.
    unsafe { write_out(out, Box::into_raw(Box::new(r)) as *mut ofx_request) };
    Ok(())
}

/// A new transfer (BankTransfer.TransferFunds): INTRARQ when the destination is at the same FI,
/// INTERRQ when `to_bank_id` names another bank. Refused (`OFX_RESULT_INVALID_ARGUMENT`) before
/// anything is built for a missing, zero, negative or malformed amount or a bad account. On success
/// `*out` receives the request (free with `ofx_request_free`); post it with `ofx_client_post` and
/// post the same request again if the answer was lost.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_transfer(
    client: *const ofx_client,
    spec: *const ofx_transfer_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let s = unsafe { transfer_spec(spec) }?;
        new_request(h, money::transfer(&s).map_err(bad)?, out)
    })
}

/// Changes a scheduled transfer (ModifyTransfer): the whole transfer with the server's transfer id.
/// Ownership as for `ofx_request_transfer`. A server refusal (the transfer is no longer scheduled)
/// comes back as the answer's STATUS (`ofx_response_check`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_transfer_modify(
    client: *const ofx_client,
    transfer_id: *const c_char,
    spec: *const ofx_transfer_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle, NUL-terminated id and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(transfer_id, "transfer_id") }?;
        let s = unsafe { transfer_spec(spec) }?;
        new_request(h, money::transfer_modify(id, &s).map_err(bad)?, out)
    })
}

/// Cancels a scheduled transfer (CancelTransfer); `interbank` non-zero for an interbank one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_transfer_cancel(
    client: *const ofx_client,
    transfer_id: *const c_char,
    interbank: i32,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated id by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(transfer_id, "transfer_id") }?;
        new_request(h, money::transfer_cancel(id, interbank != 0).map_err(bad)?, out)
    })
}

/// What to synchronize. Initialise with `ofx_sync_spec_init`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_sync_spec {
    /// Must be `OFX_SYNC_SPEC_VERSION`.
    pub version: u32,
    /// The account (not used for payee syncs): type as in `ofx_transfer_spec`, number, bank id.
    pub account_type: *const c_char,
    pub account: *const c_char,
    pub bank_id: *const c_char,
    /// "0" for the full history, "REFRESH" (any case) for the current state only, or the token the
    /// server gave last time. Never NULL.
    pub token: *const c_char,
    /// REJECTIFMISSING: non-zero asks the server to refuse new requests inside the sync if the token
    /// is unknown.
    pub reject_if_missing: i32,
    /// Transfer syncs: non-zero for interbank transfers (INTERSYNCRQ) instead of intrabank.
    pub interbank: i32,
}

/// The current version of `ofx_sync_spec`.
pub const OFX_SYNC_SPEC_VERSION: u32 = 1;

/// Fills `spec` with NULLs, zeros and the version.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_sync_spec_init(spec: *mut ofx_sync_spec) -> ofx_result {
    guard(|| {
        not_null(spec, "spec")?;
        let v = ofx_sync_spec {
            version: OFX_SYNC_SPEC_VERSION,
            account_type: ptr::null(),
            account: ptr::null(),
            bank_id: ptr::null(),
            token: ptr::null(),
            reject_if_missing: 0,
            interbank: 0,
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(spec, v) };
        Ok(())
    })
}

/// Which records a sync is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SyncKind {
    Transfers,
    Payments,
    Payees,
}

/// # Safety
/// `spec` NULL or valid.
unsafe fn sync_body(spec: *const ofx_sync_spec, kind: SyncKind) -> Result<RequestBody, (ofx_result, String)> {
    not_null(spec, "spec")?;
    // SAFETY: non-NULL; version first.
    let s = unsafe { &*spec };
    if s.version != OFX_SYNC_SPEC_VERSION {
        return Err(bad(format!(
            "ofx_sync_spec.version {} is not {OFX_SYNC_SPEC_VERSION}: call ofx_sync_spec_init",
            s.version
        )));
    }
    // SAFETY: strings NULL or NUL-terminated by contract.
    let token = unsafe { str_arg(s.token, "token") }?;
    let token = SyncToken::parse(token).map_err(bad)?;
    if kind == SyncKind::Payees {
        return Ok(money::payee_sync(&token, s.reject_if_missing != 0));
    }
    // SAFETY: as above.
    let (t, a, b) =
        unsafe { (opt(s.account_type, "account_type")?, opt(s.account, "account")?, opt(s.bank_id, "bank_id")?) };
    let t = t.ok_or_else(|| bad("account_type is NULL".into()))?;
    let a = a.ok_or_else(|| bad("account is NULL".into()))?;
    let acct = AccountRef::from_words(t, a, b, None, None).map_err(bad)?;
    match kind {
        SyncKind::Transfers => {
            money::transfer_sync(&acct, &token, s.reject_if_missing != 0, s.interbank != 0).map_err(bad)
        }
        _ => money::payment_sync(&acct, &token, s.reject_if_missing != 0).map_err(bad),
    }
}

/// A transfer sync as a request item (for batches; `ofx_client_sync_transfers` runs one with
/// callbacks).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_transfer_sync(
    client: *const ofx_client,
    spec: *const ofx_sync_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let b = unsafe { sync_body(spec, SyncKind::Transfers) }?;
        new_request(h, b, out)
    })
}

/// A payment sync as a request item (for batches; `ofx_client_sync_payments` runs one with callbacks).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payment_sync(
    client: *const ofx_client,
    spec: *const ofx_sync_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let b = unsafe { sync_body(spec, SyncKind::Payments) }?;
        new_request(h, b, out)
    })
}

/// A payee-list sync as a request item (the account fields of `spec` are not used).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payee_sync(
    client: *const ofx_client,
    spec: *const ofx_sync_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let b = unsafe { sync_body(spec, SyncKind::Payees) }?;
        new_request(h, b, out)
    })
}

/// A money record: one transfer, payment or payee of an answer (a top-level answer or one record of a
/// sync). Strings are borrowed (from the response, or, inside a sync callback, valid only during the
/// call) and NULL when the answer lacks the value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_money_record {
    /// `OFX_RECORD_TRANSFER`, `OFX_RECORD_PAYMENT` or `OFX_RECORD_PAYEE`.
    pub kind: u32,
    /// "added", "modified", "cancelled", "deleted" (payees), "status" (payment status) or "none" (no
    /// body: see the status).
    pub change: *const c_char,
    /// The TRNUID of the request this answers.
    pub trnuid: *const c_char,
    /// The transaction's STATUS: code (0 success, -1 absent), severity, message.
    pub status_code: i32,
    pub severity: *const c_char,
    pub message: *const c_char,
    /// The server's id: transfer or payment id (SRVRTID), or the payee list id for payees.
    pub id: *const c_char,
    /// Transfers: 1 for an interbank transfer.
    pub interbank: i32,
    /// Amount as an exact decimal string.
    pub amount: *const c_char,
    /// CURDEF of the answer.
    pub currency: *const c_char,
    /// Accounts: "BANKID:ACCTID" for bank accounts, the number for cards and loans.
    pub from_account: *const c_char,
    pub to_account: *const c_char,
    /// Dates as ISO 8601: due, projected (DTXFERPRJ), posted (DTPOSTED).
    pub due_date: *const c_char,
    pub projected_date: *const c_char,
    pub posted_date: *const c_char,
    /// Processing status: XFERPRCCODE / PMTPRCCODE (e.g. WILLPROCESSON, POSTEDON) and its date.
    pub process_code: *const c_char,
    pub process_date: *const c_char,
    /// Payments and payees: the payee list id, the payee's name, the account at the payee.
    pub payee_list_id: *const c_char,
    pub payee_name: *const c_char,
    pub pay_account: *const c_char,
    /// Payments: check number, memo.
    pub check_number: *const c_char,
    pub memo: *const c_char,
    /// 1 when the record came inside a sync answer.
    pub in_sync: i32,
}

/// A transfer record.
pub const OFX_RECORD_TRANSFER: u32 = 1;
/// A payment record.
pub const OFX_RECORD_PAYMENT: u32 = 2;
/// A payee record.
pub const OFX_RECORD_PAYEE: u32 = 3;

/// Builds C views of records, keeping their strings.
#[derive(Default)]
pub(crate) struct Views {
    recs: Vec<ofx_money_record>,
    strings: Vec<CString>,
}

// SAFETY: the views point only into `strings`, owned alongside and never changed after building.
unsafe impl Send for Views {}
// SAFETY: as above: immutable after construction.
unsafe impl Sync for Views {}

impl Views {
    fn s(&mut self, v: Option<&str>) -> *const c_char {
        match v {
            Some(v) => {
                self.strings.push(cs(v));
                self.strings.last().map(|c| c.as_ptr()).unwrap_or(ptr::null())
            }
            None => ptr::null(),
        }
    }
    fn blank(
        &mut self,
        kind: u32,
        change: Change,
        trnuid: &str,
        st: &money::RecordStatus,
        in_sync: bool,
    ) -> ofx_money_record {
        ofx_money_record {
            kind,
            change: self.s(Some(change.name())),
            trnuid: self.s(Some(trnuid)),
            status_code: st.code.map(|c| c.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32).unwrap_or(-1),
            severity: self.s(st.severity.as_deref()),
            message: self.s(st.message.as_deref()),
            id: ptr::null(),
            interbank: 0,
            amount: ptr::null(),
            currency: ptr::null(),
            from_account: ptr::null(),
            to_account: ptr::null(),
            due_date: ptr::null(),
            projected_date: ptr::null(),
            posted_date: ptr::null(),
            process_code: ptr::null(),
            process_date: ptr::null(),
            payee_list_id: ptr::null(),
            payee_name: ptr::null(),
            pay_account: ptr::null(),
            check_number: ptr::null(),
            memo: ptr::null(),
            in_sync: i32::from(in_sync),
        }
    }
    fn amount(&mut self, d: Option<Decimal>) -> *const c_char {
        let s = d.map(|d| crate::values::amount::format_amount(&d));
        self.s(s.as_deref())
    }
    fn date(&mut self, d: Option<crate::values::datetime::OfxDateTime>) -> *const c_char {
        let s = d.map(|d| d.to_iso_utc());
        self.s(s.as_deref())
    }
    fn transfer(&mut self, t: &TransferRecord) -> ofx_money_record {
        let mut r = self.blank(OFX_RECORD_TRANSFER, t.change, &t.trnuid, &t.status, t.in_sync);
        r.id = self.s(t.transfer_id.as_deref());
        r.interbank = i32::from(t.interbank);
        r.amount = self.amount(t.amount());
        r.currency = self.s(t.currency.as_deref());
        r.from_account = self.s(t.from_account().as_deref());
        r.to_account = self.s(t.to_account().as_deref());
        r.due_date = self.date(t.due());
        r.projected_date = self.date(t.projected);
        r.posted_date = self.date(t.posted);
        r.process_code = self.s(t.process_status.as_ref().and_then(|p| p.xferprccode.as_deref()));
        r.process_date = self.date(t.process_status.as_ref().and_then(|p| p.dtxferprc));
        r
    }
    fn payment(&mut self, p: &PaymentRecord) -> ofx_money_record {
        let mut r = self.blank(OFX_RECORD_PAYMENT, p.change, &p.trnuid, &p.status, p.in_sync);
        r.id = self.s(p.payment_id.as_deref());
        let info = p.info.as_ref();
        r.amount = self.amount(info.and_then(|i| i.trnamt));
        r.currency = self.s(p.currency.as_deref());
        let from = info.and_then(|i| money::account_label(i.bankacctfrom.as_deref(), None, None));
        r.from_account = self.s(from.as_deref());
        r.due_date = self.date(info.and_then(|i| i.dtdue));
        r.process_code = self.s(p.process_status.as_ref().and_then(|s| s.pmtprccode.as_deref()));
        r.process_date = self.date(p.process_status.as_ref().and_then(|s| s.dtpmtprc));
        r.payee_list_id = self.s(p.payee_list_id.as_deref().or(info.and_then(|i| i.payeelstid.as_deref())));
        let name = info
            .and_then(|i| i.payee.as_ref().and_then(|p| p.name.clone()))
            .or_else(|| p.extended_payee.as_ref().and_then(|e| e.name.clone()));
        r.payee_name = self.s(name.as_deref());
        r.pay_account = self.s(info.and_then(|i| i.payacct.as_deref()));
        r.check_number = self.s(p.check_number.as_deref());
        r.memo = self.s(info.and_then(|i| i.memo.as_deref()));
        r
    }
    fn payee(&mut self, p: &PayeeRecord) -> ofx_money_record {
        let mut r = self.blank(OFX_RECORD_PAYEE, p.change, &p.trnuid, &p.status, p.in_sync);
        r.id = self.s(p.payee_list_id.as_deref());
        r.payee_list_id = r.id;
        let name = p
            .payee
            .as_ref()
            .and_then(|a| a.name.clone())
            .or_else(|| p.extended_payee.as_ref().and_then(|e| e.name.clone()));
        r.payee_name = self.s(name.as_deref());
        r.pay_account = self.s(p.pay_accounts.first().map(|s| s.as_str()));
        r
    }
}

fn views_of(r: &Response) -> &Views {
    r.money.get_or_init(|| {
        let m = money::records(&r.doc);
        let mut v = Views::default();
        for t in &m.transfers {
            let x = v.transfer(t);
            v.recs.push(x);
        }
        for p in &m.payments {
            let x = v.payment(p);
            v.recs.push(x);
        }
        for p in &m.payees {
            let x = v.payee(p);
            v.recs.push(x);
        }
        v
    })
}

/// Number of money records (transfers, then payments, then payees, each in document order) of a
/// response; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_money_record_count(resp: *const ofx_response) -> usize {
    // SAFETY: live handle or NULL.
    guard_value(0, || unsafe { resp_ref(resp) }.map(|r| views_of(r).recs.len()).unwrap_or(0))
}

/// Money record `index`; strings borrowed from the response. `OFX_RESULT_NOT_FOUND` past the end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_money_record(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_money_record,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = views_of(r).recs.get(index).ok_or((ofx_result::NotFound, format!("no money record {index}")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, *v) };
        Ok(())
    })
}

/// `OFX_RESULT_OK` when the signon and every transaction of the answer succeeded (STATUS 0);
/// `OFX_RESULT_REFUSED` otherwise, with the first refusal's code and message in
/// `ofx_last_error_message()` (e.g. "the server refused INTRATRNRS 1A2B: 10501 ERROR: ...").
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_check(resp: *const ofx_response) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        crate::client::session::check_statuses(&r.doc).map_err(|e| (ofx_result::Refused, e.message))
    })
}

/// Sync record callback: `userdata`, then one record (valid only during the call). Return 0 to go on,
/// non-zero to stop the sync (it then fails with `OFX_RESULT_CALLBACK_STOPPED` and hands out no token).
/// Called on the calling thread, during the sync call; it must not call functions of the same client.
pub type ofx_sync_record_callback =
    Option<unsafe extern "C" fn(userdata: *mut c_void, record: *const ofx_money_record) -> i32>;

/// # Safety
/// Pointers as documented on the public sync functions.
unsafe fn run_sync(
    client: *mut ofx_client,
    body: RequestBody,
    cb: ofx_sync_record_callback,
    userdata: *mut c_void,
    new_token: *mut *mut c_char,
    lost_sync: *mut i32,
    out: *mut *mut ofx_response,
) -> FfiResult {
    not_null(new_token, "new_token")?;
    // SAFETY: live handle by contract.
    let h = unsafe { super::client::client_mut(client) }?;
    let mut outcome = None;
    on_client(h, |h| {
        let mut each = |rec: SyncRecord<'_>| {
            let Some(f) = cb else { return true };
            let mut v = Views::default();
            let view = match rec {
                SyncRecord::Transfer(t) => v.transfer(t),
                SyncRecord::Payment(p) => v.payment(p),
                SyncRecord::Payee(p) => v.payee(p),
            };
            // SAFETY: the application's callback with its pointer; the record lives for the call.
            unsafe { f(userdata, &view) == 0 }
        };
        outcome = Some(h.client.sync(body, &mut each)?);
        Ok(())
    })?;
    let o = outcome.ok_or((ofx_result::Panic, "no sync outcome".to_string()))?;
    // Everything read and every callback ran: only now is anything handed out.
    // SAFETY: checked non-NULL (new_token); lost_sync and out may be NULL.
    unsafe {
        write_out(new_token, into_c_string(o.token));
        if !lost_sync.is_null() {
            write_out(lost_sync, i32::from(o.lost_sync));
        }
        if !out.is_null() {
            write_out(out, Box::into_raw(Box::new(Response::new(o.doc))) as *mut ofx_response);
        }
    }
    Ok(())
}

/// Synchronizes the transfers of an account (SynchronizeTransfers): asks what happened since
/// `spec->token` ("0": the full history; "REFRESH", any case: the current state only; else the last
/// token the server gave). `cb` (may be NULL) runs once per transfer, in the server's order, with its
/// change (added, modified, cancelled) and every field. Only after the whole answer was read and every
/// callback returned 0 does the call succeed: `*new_token` then receives the server's new token (free
/// with `ofx_string_free`; keep it for next time), `*lost_sync` (may be NULL) 1 when the server lost
/// track of the old token (what came is the current state), and `*out` (may be NULL) the answer, whose
/// records stay readable with `ofx_response_money_record`. On any failure nothing is written: the
/// caller keeps its old token, and asking again with it gives the same records.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_sync_transfers(
    client: *mut ofx_client,
    spec: *const ofx_sync_spec,
    cb: ofx_sync_record_callback,
    userdata: *mut c_void,
    new_token: *mut *mut c_char,
    lost_sync: *mut i32,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        // SAFETY: valid struct by contract.
        let body = unsafe { sync_body(spec, SyncKind::Transfers) }?;
        // SAFETY: as documented.
        unsafe { run_sync(client, body, cb, userdata, new_token, lost_sync, out) }
    })
}

/// Synchronizes the payments of a bank account (SynchronizePayments); as `ofx_client_sync_transfers`
/// (changes: added, modified, cancelled).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_sync_payments(
    client: *mut ofx_client,
    spec: *const ofx_sync_spec,
    cb: ofx_sync_record_callback,
    userdata: *mut c_void,
    new_token: *mut *mut c_char,
    lost_sync: *mut i32,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        // SAFETY: valid struct by contract.
        let body = unsafe { sync_body(spec, SyncKind::Payments) }?;
        // SAFETY: as documented.
        unsafe { run_sync(client, body, cb, userdata, new_token, lost_sync, out) }
    })
}

/// Synchronizes the payee list (SynchronizePayees); the account fields of `spec` are not used. As
/// `ofx_client_sync_transfers` (changes: added, modified, deleted).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_client_sync_payees(
    client: *mut ofx_client,
    spec: *const ofx_sync_spec,
    cb: ofx_sync_record_callback,
    userdata: *mut c_void,
    new_token: *mut *mut c_char,
    lost_sync: *mut i32,
    out: *mut *mut ofx_response,
) -> ofx_result {
    guard(|| {
        // SAFETY: valid struct by contract.
        let body = unsafe { sync_body(spec, SyncKind::Payees) }?;
        // SAFETY: as documented.
        unsafe { run_sync(client, body, cb, userdata, new_token, lost_sync, out) }
    })
}

/// A payment, or a payee to add or change. Initialise with `ofx_payment_spec_init`. For payees only
/// the payee fields and `pay_account` are used.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_payment_spec {
    /// Must be `OFX_PAYMENT_SPEC_VERSION`.
    pub version: u32,
    /// The bank account paid from: type ("checking", ...), number, bank id.
    pub from_account_type: *const c_char,
    pub from_account: *const c_char,
    pub from_bank_id: *const c_char,
    /// The amount as an exact decimal string ("49.99"), more than zero.
    pub amount: *const c_char,
    /// The payee: a standard payee id (PAYEEID), or a full address (name, addr1-3, city, state,
    /// postal code, country, phone). `payee_list_id` names the entry of the user's payee list.
    pub payee_id: *const c_char,
    pub payee_list_id: *const c_char,
    pub payee_name: *const c_char,
    pub payee_addr1: *const c_char,
    pub payee_addr2: *const c_char,
    pub payee_addr3: *const c_char,
    pub payee_city: *const c_char,
    pub payee_state: *const c_char,
    pub payee_postal_code: *const c_char,
    pub payee_country: *const c_char,
    pub payee_phone: *const c_char,
    /// The user's account at the payee (PAYACCT).
    pub pay_account: *const c_char,
    /// Due date ("YYYY-MM-DD"); payments only, required.
    pub due: *const c_char,
    /// A memo (optional).
    pub memo: *const c_char,
}

/// The current version of `ofx_payment_spec`.
pub const OFX_PAYMENT_SPEC_VERSION: u32 = 1;

/// Fills `spec` with NULLs and the version.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_payment_spec_init(spec: *mut ofx_payment_spec) -> ofx_result {
    guard(|| {
        not_null(spec, "spec")?;
        let n = ptr::null();
        let v = ofx_payment_spec {
            version: OFX_PAYMENT_SPEC_VERSION,
            from_account_type: n,
            from_account: n,
            from_bank_id: n,
            amount: n,
            payee_id: n,
            payee_list_id: n,
            payee_name: n,
            payee_addr1: n,
            payee_addr2: n,
            payee_addr3: n,
            payee_city: n,
            payee_state: n,
            payee_postal_code: n,
            payee_country: n,
            payee_phone: n,
            pay_account: n,
            due: n,
            memo: n,
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(spec, v) };
        Ok(())
    })
}

struct PaymentArgs {
    from: Option<AccountRef>,
    amount: Option<Decimal>,
    payee: Option<PayeeRef>,
    payee_list_id: Option<String>,
    pay_account: Option<String>,
    due: Option<crate::values::datetime::OfxDateTime>,
    memo: Option<String>,
}

/// # Safety
/// `spec` NULL or valid with NULL or NUL-terminated strings.
unsafe fn payment_args(spec: *const ofx_payment_spec, need_from: bool) -> Result<PaymentArgs, (ofx_result, String)> {
    not_null(spec, "spec")?;
    // SAFETY: non-NULL; version first.
    let s = unsafe { &*spec };
    if s.version != OFX_PAYMENT_SPEC_VERSION {
        return Err(bad(format!(
            "ofx_payment_spec.version {} is not {OFX_PAYMENT_SPEC_VERSION}: call ofx_payment_spec_init",
            s.version
        )));
    }
    let o = |p: *const c_char, n: &str| {
        // SAFETY: NULL or NUL-terminated by contract.
        unsafe { opt(p, n) }.map(|v| v.map(|s| s.trim().to_string()))
    };
    let from = if need_from {
        let (t, a, b) = (
            o(s.from_account_type, "from_account_type")?,
            o(s.from_account, "from_account")?,
            o(s.from_bank_id, "from_bank_id")?,
        );
        Some(account(t.as_deref(), a.as_deref(), b.as_deref(), "from")?)
    } else {
        None
    };
    let amount = match o(s.amount, "amount")? {
        Some(a) => Some(money::parse_money(&a).map_err(bad)?),
        None => None,
    };
    let name = o(s.payee_name, "payee_name")?;
    let payee = if let Some(id) = o(s.payee_id, "payee_id")? {
        Some(PayeeRef::StandardId(id))
    } else if name.is_some() {
        Some(PayeeRef::Address(Box::new(PayeeO {
            name,
            addr1: o(s.payee_addr1, "payee_addr1")?,
            addr2: o(s.payee_addr2, "payee_addr2")?,
            addr3: o(s.payee_addr3, "payee_addr3")?,
            city: o(s.payee_city, "payee_city")?,
            state: o(s.payee_state, "payee_state")?,
            postalcode: o(s.payee_postal_code, "payee_postal_code")?,
            country: o(s.payee_country, "payee_country")?,
            phone: o(s.payee_phone, "payee_phone")?,
        })))
    } else {
        None
    };
    let due = match o(s.due, "due")? {
        Some(d) => Some(ops::parse_user_date(&d).map_err(|e| bad(format!("due: {e}")))?),
        None => None,
    };
    Ok(PaymentArgs {
        from,
        amount,
        payee,
        payee_list_id: o(s.payee_list_id, "payee_list_id")?,
        pay_account: o(s.pay_account, "pay_account")?,
        due,
        memo: o(s.memo, "memo")?,
    })
}

fn payment_spec(a: PaymentArgs) -> Result<PaymentSpec, (ofx_result, String)> {
    Ok(PaymentSpec {
        from: a.from.ok_or_else(|| bad("the account paid from is missing".into()))?,
        amount: a.amount.ok_or_else(|| bad("amount is NULL".into()))?,
        payee: a.payee.ok_or_else(|| bad("the payee is missing: payee_id or payee_name and address".into()))?,
        payee_list_id: a.payee_list_id,
        pay_account: a.pay_account.ok_or_else(|| bad("pay_account is NULL".into()))?,
        due: a.due.ok_or_else(|| bad("due is NULL".into()))?,
        memo: a.memo,
    })
}

/// A new payment (BillPayment.PayBill, PMTRQ): to a payee by standard id or full address (a new
/// payee is set up by the server, which gives it a payee list id). Refused before anything is built
/// for a bad amount, account or payee. Ownership as for `ofx_request_transfer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payment(
    client: *const ofx_client,
    spec: *const ofx_payment_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let p = payment_spec(unsafe { payment_args(spec, true) }?)?;
        new_request(h, money::payment(&p).map_err(bad)?, out)
    })
}

/// Changes a scheduled payment (ModifyPayment, PMTMODRQ) with the whole payment.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payment_modify(
    client: *const ofx_client,
    payment_id: *const c_char,
    spec: *const ofx_payment_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle, NUL-terminated id and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(payment_id, "payment_id") }?;
        let p = payment_spec(unsafe { payment_args(spec, true) }?)?;
        new_request(h, money::payment_modify(id, &p).map_err(bad)?, out)
    })
}

/// Cancels a scheduled payment (CancelPayment, PMTCANCRQ).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payment_cancel(
    client: *const ofx_client,
    payment_id: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated id by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(payment_id, "payment_id") }?;
        new_request(h, money::payment_cancel(id).map_err(bad)?, out)
    })
}

/// Asks where a payment stands (GetStatus, PMTINQRQ).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payment_status(
    client: *const ofx_client,
    payment_id: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated id by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(payment_id, "payment_id") }?;
        new_request(h, money::payment_status(id).map_err(bad)?, out)
    })
}

/// Adds a payee (AddPayee, PAYEERQ): by standard id or full address, with `pay_account` as the
/// user's account at the payee.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payee_add(
    client: *const ofx_client,
    spec: *const ofx_payment_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let a = unsafe { payment_args(spec, false) }?;
        let spec = PayeeSpec {
            payee: a.payee.ok_or_else(|| bad("the payee is missing: payee_id or payee_name and address".into()))?,
            pay_accounts: a.pay_account.into_iter().collect(),
        };
        new_request(h, money::payee_add(&spec).map_err(bad)?, out)
    })
}

/// Changes a payee of the list (ModifyPayee, PAYEEMODRQ): a new address (payee fields) and/or the
/// account at the payee.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payee_modify(
    client: *const ofx_client,
    payee_list_id: *const c_char,
    spec: *const ofx_payment_spec,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle, NUL-terminated id and valid struct by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(payee_list_id, "payee_list_id") }?;
        let a = unsafe { payment_args(spec, false) }?;
        let addr = match &a.payee {
            Some(PayeeRef::Address(p)) => Some(&**p),
            _ => None,
        };
        let accts: Vec<String> = a.pay_account.iter().cloned().collect();
        new_request(h, money::payee_modify(id, addr, &accts).map_err(bad)?, out)
    })
}

/// Deletes a payee from the list (DeletePayee, PAYEEDELRQ).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_request_payee_delete(
    client: *const ofx_client,
    payee_list_id: *const c_char,
    out: *mut *mut ofx_request,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated id by contract.
        let h = unsafe { client_ref(client) }?;
        let id = unsafe { str_arg(payee_list_id, "payee_list_id") }?;
        new_request(h, money::payee_delete(id).map_err(bad)?, out)
    })
}
