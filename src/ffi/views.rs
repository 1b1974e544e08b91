//! Typed views of a response for C: statements, transactions, balances, positions, securities,
//! accounts, closing records, open orders, signon and profile.
//!
//! Every view is a `#[repr(C)]` struct of borrowed `const char *` (NULL when the document lacks the
//! value) and integers. A string is either a value of the document itself (a span of the tree's text
//! buffer, where every value is followed by a NUL, so no copy is needed) or a computed string (an ISO
//! 8601 date, a normalised amount) owned by the response's [`Cache`]. The cache is filled lazily, one
//! section at a time (`OnceLock`, so building is thread-safe and happens once per response), and is
//! never changed afterwards: every pointer a view carries stays valid until the response is freed.

use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::OnceLock;

use super::boundary::{FfiResult, guard, guard_value, not_null, ofx_result, write_out};
use super::response::{Response, ofx_response, resp_ref};
use crate::document::{ClosingBody, Document, Statement, StatementBody, StatementKind, Wrapper};
use crate::model::bank::{Bal, StmtTrn};
use crate::model::common::{BalItem, BalList, Currency};
use crate::model::define::{Amount, TextRef};
use crate::model::invest::{InvTransaction, OpenOrder, Position};
use crate::model::loan::LoanStmtTrn;
use crate::model::signon::Status;
use crate::values::amount::format_amount;
use crate::values::datetime::OfxDateTime;

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

/// `ofx_statement.kind` / `ofx_closing.kind`: a bank statement (STMTRS) or bank closing (CLOSING).
pub const OFX_STATEMENT_BANK: u32 = 1;
/// `ofx_statement.kind` / `ofx_closing.kind`: a credit-card statement (CCSTMTRS) or closing (CCCLOSING).
pub const OFX_STATEMENT_CREDITCARD: u32 = 2;
/// `ofx_statement.kind`: an investment statement (INVSTMTRS).
pub const OFX_STATEMENT_INVESTMENT: u32 = 3;
/// `ofx_statement.kind` / `ofx_closing.kind`: a loan statement (LOANSTMTRS) or loan closing (LOANCLOSING).
pub const OFX_STATEMENT_LOAN: u32 = 4;

fn kind_code(k: StatementKind) -> u32 {
    match k {
        StatementKind::Bank => OFX_STATEMENT_BANK,
        StatementKind::CreditCard => OFX_STATEMENT_CREDITCARD,
        StatementKind::Investment => OFX_STATEMENT_INVESTMENT,
        StatementKind::Loan => OFX_STATEMENT_LOAN,
    }
}

// ---------------------------------------------------------------------------------------------
// The view structs
// ---------------------------------------------------------------------------------------------

/// The signon response (SONRS). Every string is borrowed from the response (valid until it is freed;
/// do not free) and NULL when the document lacks the value. Fill it with `ofx_response_signon`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_signon {
    /// STATUS/CODE: 0 is success, e.g. 15500 "signon invalid" (the response is still readable);
    /// -1 when the STATUS or its CODE is missing.
    pub status_code: i32,
    /// STATUS/SEVERITY: INFO, WARN or ERROR.
    pub severity: *const c_char,
    /// STATUS/MESSAGE: the server's text, if any.
    pub message: *const c_char,
    /// DTSERVER as ISO 8601 UTC, e.g. "2024-03-05T19:30:12Z".
    pub dtserver: *const c_char,
    /// LANGUAGE, e.g. "ENG".
    pub language: *const c_char,
    /// FI/ORG: the institution's organisation name.
    pub org: *const c_char,
    /// FI/FID: the institution's id.
    pub fid: *const c_char,
    /// USERKEY: a key the client may use instead of the password until it expires.
    pub userkey: *const c_char,
    /// ACCESSKEY: the key to send back in the next request's signon.
    pub accesskey: *const c_char,
    /// SESSCOOKIE: the session cookie to send back in the next request.
    pub sesscookie: *const c_char,
}

/// One statement of any kind (STMTRS, CCSTMTRS, INVSTMTRS, LOANSTMTRS), in document order. Every
/// string is borrowed from the response (valid until it is freed; do not free) and NULL when the
/// document lacks the value or the kind has no such field. Dates are ISO 8601 UTC ("2024-02-29", or
/// "2024-03-01T04:59:59Z" when the document gave a time); amounts are exact decimal strings ("-42.17").
/// Fill it with `ofx_response_statement`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_statement {
    /// OFX_STATEMENT_BANK, OFX_STATEMENT_CREDITCARD, OFX_STATEMENT_INVESTMENT or OFX_STATEMENT_LOAN.
    pub kind: u32,
    /// ACCTID of the account (LOANACCTID for loans).
    pub account_id: *const c_char,
    /// BANKID (bank statements only).
    pub bank_id: *const c_char,
    /// BRANCHID (bank statements only).
    pub branch_id: *const c_char,
    /// ACCTTYPE of a bank account (CHECKING, SAVINGS, ...) or LOANACCTTYPE of a loan (MORTGAGE, ...).
    pub account_type: *const c_char,
    /// BROKERID (investment statements only).
    pub broker_id: *const c_char,
    /// CURDEF: the statement's default currency, e.g. "USD".
    pub currency: *const c_char,
    /// DTSTART of the transaction list.
    pub start: *const c_char,
    /// DTEND of the transaction list.
    pub end: *const c_char,
    /// DTASOF of an investment statement (the date of its positions and balances).
    pub date_as_of: *const c_char,
    /// LEDGERBAL/BALAMT (bank, credit card); PRINBAL/BALAMT (loans: the principal balance).
    pub ledger_balance: *const c_char,
    /// The date of `ledger_balance` (its DTASOF).
    pub ledger_balance_date: *const c_char,
    /// AVAILBAL/BALAMT (bank, credit card, loans); INVBAL/AVAILCASH for investment statements.
    pub available_balance: *const c_char,
    /// The date of `available_balance` (AVAILBAL/DTASOF; for investment statements the statement's DTASOF).
    pub available_balance_date: *const c_char,
    /// TRNUID of the statement's wrapper (STMTTRNRS, ...).
    pub trnuid: *const c_char,
    /// STATUS/CODE of the wrapper (0 is success); -1 when there is no STATUS or no CODE.
    pub status_code: i32,
    /// STATUS/SEVERITY of the wrapper.
    pub status_severity: *const c_char,
    /// STATUS/MESSAGE of the wrapper.
    pub status_message: *const c_char,
    /// Number of transactions (`ofx_response_transaction`).
    pub transaction_count: usize,
    /// Number of positions (`ofx_response_position`; investment statements only, else 0).
    pub position_count: usize,
    /// Number of BALLIST entries (`ofx_response_balance`; INVBAL's BALLIST for investment statements;
    /// 0 for loans).
    pub balance_count: usize,
    /// Number of open orders (`ofx_response_open_order`; investment statements only, else 0).
    pub open_order_count: usize,
    /// Element id of the statement aggregate (STMTRS, ...) for the `ofx_element_*` functions.
    pub element: u32,
}

/// One transaction of a statement: STMTTRN (bank, credit card), LOANSTMTTRN (loans) or any entry of an
/// INVTRANLIST (BUYSTOCK, SELLMF, INCOME, INVBANKTRAN, ...). Every string is borrowed from the response
/// (valid until it is freed; do not free) and NULL when the document lacks the value or the kind has no
/// such field. Dates are ISO 8601 UTC; amounts are exact decimal strings. Fill it with
/// `ofx_response_transaction`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_transaction {
    /// FITID: the institution's id of the transaction (INVTRAN's for investment transactions).
    pub fitid: *const c_char,
    /// TRNTYPE (DEBIT, CHECK, ...) or LOANTRNTYPE; for investment transactions the aggregate's tag
    /// (BUYSTOCK, SELLMF, INCOME, INVBANKTRAN, ...).
    pub r#type: *const c_char,
    /// DTPOSTED; DTTRADE for investment transactions (an INVBANKTRAN's DTPOSTED).
    pub date_posted: *const c_char,
    /// DTUSER (bank, credit card, loan and INVBANKTRAN).
    pub date_user: *const c_char,
    /// DTAVAIL (bank, credit card and INVBANKTRAN).
    pub date_avail: *const c_char,
    /// DTSETTLE of investment transactions (an INVBANKTRAN's DTAVAIL).
    pub date_settle: *const c_char,
    /// TRNAMT; for investment transactions TOTAL (an INVBANKTRAN's TRNAMT); NULL for the kinds without
    /// a total (CLOSUREOPT, JRNLSEC, SPLIT, TRANSFER).
    pub amount: *const c_char,
    /// NAME (not in investment transactions other than INVBANKTRAN).
    pub name: *const c_char,
    /// MEMO (INVTRAN's MEMO or MEMO2 for investment transactions).
    pub memo: *const c_char,
    /// CHECKNUM.
    pub check_number: *const c_char,
    /// REFNUM.
    pub ref_number: *const c_char,
    /// PAYEEID.
    pub payee_id: *const c_char,
    /// SIC: the standard industrial code.
    pub sic: *const c_char,
    /// SRVRTID: the server's transaction id.
    pub server_tid: *const c_char,
    /// CORRECTFITID: the FITID of the transaction this one corrects.
    pub correct_fitid: *const c_char,
    /// CORRECTACTION: REPLACE or DELETE.
    pub correct_action: *const c_char,
    /// CURSYM of the transaction's CURRENCY aggregate (the amount is in that currency); NULL when the
    /// amount is in the statement's currency.
    pub currency: *const c_char,
    /// SECID/UNIQUEID of the security (investment transactions).
    pub security_id: *const c_char,
    /// SECID/UNIQUEIDTYPE, e.g. "CUSIP".
    pub security_id_type: *const c_char,
    /// UNITS (buys, sells, REINVEST, TRANSFER, JRNLSEC, CLOSUREOPT).
    pub units: *const c_char,
    /// UNITPRICE (buys, sells, REINVEST, TRANSFER).
    pub unit_price: *const c_char,
    /// `date_posted` as UTC seconds since 1970 (a date without a time is midnight UTC of that day);
    /// 0 when `has_date_posted` is false.
    pub date_posted_unix: i64,
    /// The UTC offset the document gave for `date_posted`, in minutes east of UTC (0 when none).
    pub date_posted_offset_minutes: i32,
    /// Whether `date_posted_unix` and `date_posted_offset_minutes` carry a date.
    pub has_date_posted: bool,
    /// `amount` exactly as a scaled integer: amount = amount_mantissa / 10^amount_scale (-4829.95 is
    /// -482995 and 2). Valid only when `amount_fits`.
    pub amount_mantissa: i64,
    /// Decimal places of `amount` as written (0..=28).
    pub amount_scale: u32,
    /// True when there is an amount and its mantissa fits in int64; otherwise use the `amount` string.
    pub amount_fits: bool,
    /// Element id of the transaction aggregate (STMTTRN, BUYSTOCK, INVBANKTRAN, LOANSTMTTRN, ...).
    pub element: u32,
}

/// One entry of a statement's BALLIST (for investment statements INVBAL's BALLIST). Every string is
/// borrowed from the response (valid until it is freed; do not free), NULL when absent. Fill it with
/// `ofx_response_balance`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_balance {
    /// NAME.
    pub name: *const c_char,
    /// DESC.
    pub desc: *const c_char,
    /// BALTYPE: DOLLAR, PERCENT or NUMBER.
    pub r#type: *const c_char,
    /// VALUE as the document wrote it (a dollar amount, a percentage or a number, per `type`).
    pub value: *const c_char,
    /// DTASOF as ISO 8601 UTC.
    pub date: *const c_char,
}

/// One position of an investment statement's INVPOSLIST. Every string is borrowed from the response
/// (valid until it is freed; do not free), NULL when absent. Fill it with `ofx_response_position`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_position {
    /// The aggregate's tag: POSSTOCK, POSMF, POSOPT, POSDEBT or POSOTHER.
    pub r#type: *const c_char,
    /// SECID/UNIQUEID of the security held.
    pub security_id: *const c_char,
    /// SECID/UNIQUEIDTYPE, e.g. "CUSIP".
    pub security_id_type: *const c_char,
    /// HELDINACCT: the sub-account (CASH, MARGIN, SHORT, OTHER).
    pub held_in: *const c_char,
    /// POSTYPE: LONG or SHORT.
    pub pos_type: *const c_char,
    /// UNITS (exact decimal string).
    pub units: *const c_char,
    /// UNITPRICE (exact decimal string).
    pub unit_price: *const c_char,
    /// MKTVAL (exact decimal string).
    pub market_value: *const c_char,
    /// DTPRICEASOF as ISO 8601 UTC.
    pub date_price: *const c_char,
    /// MEMO.
    pub memo: *const c_char,
    /// Element id of the position aggregate (POSSTOCK, ...).
    pub element: u32,
}

/// One open order of an investment statement's INVOOLIST. Every string is borrowed from the response
/// (valid until it is freed; do not free), NULL when absent. Fill it with `ofx_response_open_order`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_open_order {
    /// The aggregate's tag: OOBUYSTOCK, OOSELLMF, SWITCHMF, ...
    pub r#type: *const c_char,
    /// OO/FITID.
    pub fitid: *const c_char,
    /// SECID/UNIQUEID of the security.
    pub security_id: *const c_char,
    /// SECID/UNIQUEIDTYPE.
    pub security_id_type: *const c_char,
    /// DTPLACED as ISO 8601 UTC.
    pub date_placed: *const c_char,
    /// UNITS (exact decimal string).
    pub units: *const c_char,
    /// DURATION: DAY, GOODTILCANCEL or IMMEDIATE.
    pub duration: *const c_char,
    /// RESTRICTION: ALLORNONE, MINUNITS or NONE.
    pub restriction: *const c_char,
    /// LIMITPRICE (exact decimal string).
    pub limit_price: *const c_char,
    /// STOPPRICE (exact decimal string).
    pub stop_price: *const c_char,
    /// MEMO.
    pub memo: *const c_char,
    /// Element id of the order aggregate (OOBUYSTOCK, ...).
    pub element: u32,
}

/// One security of the SECLIST. Every string is borrowed from the response (valid until it is freed;
/// do not free), NULL when absent. Fill it with `ofx_response_security`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_security {
    /// The aggregate's tag: STOCKINFO, MFINFO, OPTINFO, DEBTINFO or OTHERINFO.
    pub r#type: *const c_char,
    /// SECID/UNIQUEID, e.g. a CUSIP.
    pub id: *const c_char,
    /// SECID/UNIQUEIDTYPE, e.g. "CUSIP".
    pub id_type: *const c_char,
    /// SECNAME.
    pub name: *const c_char,
    /// TICKER.
    pub ticker: *const c_char,
    /// FIID: the institution's own id of the security.
    pub fiid: *const c_char,
    /// UNITPRICE (exact decimal string).
    pub unit_price: *const c_char,
    /// DTASOF of the price, ISO 8601 UTC.
    pub date_price: *const c_char,
    /// MEMO (or MEMO2).
    pub memo: *const c_char,
    /// Element id of the security aggregate (STOCKINFO, ...).
    pub element: u32,
}

/// One account of an account-information response (ACCTINFO in ACCTINFORS). Every string is borrowed
/// from the response (valid until it is freed; do not free), NULL when absent. Fill it with
/// `ofx_response_account`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_account {
    /// "bank", "creditcard", "investment", "loan", "billpay", "presentment" or "unknown" (a static
    /// string, never NULL). An account with a bank entry and a bill-pay entry is "bank".
    pub kind: *const c_char,
    /// ACCTID (LOANACCTID for loans).
    pub account_id: *const c_char,
    /// BANKID (bank and bill-pay accounts).
    pub bank_id: *const c_char,
    /// BRANCHID (bank and bill-pay accounts).
    pub branch_id: *const c_char,
    /// ACCTTYPE (bank), INVACCTTYPE (investment) or LOANACCTTYPE (loan).
    pub account_type: *const c_char,
    /// BROKERID (investment accounts).
    pub broker_id: *const c_char,
    /// DESC: the institution's description of the account.
    pub desc: *const c_char,
    /// SVCSTATUS of the account's main service entry: AVAIL, PEND or ACTIVE.
    pub status: *const c_char,
    /// Element id of the ACCTINFO aggregate.
    pub element: u32,
}

/// One closing record: a CLOSING (bank), CCCLOSING (credit card) or LOANCLOSING (loan), with the
/// account of the STMTENDRS/CCSTMTENDRS/LOANSTMTENDRS around it. Every string is borrowed from the
/// response (valid until it is freed; do not free), NULL when absent. Fill it with
/// `ofx_response_closing`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_closing {
    /// OFX_STATEMENT_BANK, OFX_STATEMENT_CREDITCARD or OFX_STATEMENT_LOAN.
    pub kind: u32,
    /// ACCTID of the account (LOANACCTID for loans).
    pub account_id: *const c_char,
    /// FITID of the closing record.
    pub fitid: *const c_char,
    /// DTOPEN: the period's opening date, ISO 8601 UTC.
    pub date_open: *const c_char,
    /// DTCLOSE: the period's closing date.
    pub date_close: *const c_char,
    /// DTNEXT: the next closing date.
    pub date_next: *const c_char,
    /// BALOPEN (exact decimal string).
    pub balance_open: *const c_char,
    /// BALCLOSE; for loans PRINBAL/BALAMT (the principal balance at closing).
    pub balance_close: *const c_char,
    /// DTPOSTSTART: first posting date of the period.
    pub date_post_start: *const c_char,
    /// DTPOSTEND: last posting date of the period.
    pub date_post_end: *const c_char,
    /// Element id of the closing aggregate (CLOSING, CCCLOSING or LOANCLOSING).
    pub element: u32,
}

/// The institution's profile (PROFRS). Every string is borrowed from the response (valid until it is
/// freed; do not free), NULL when absent. Fill it with `ofx_response_profile`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_profile {
    /// FINAME.
    pub fi_name: *const c_char,
    /// URL (or the OFX 1.6 URL2): the institution's web site.
    pub url: *const c_char,
    /// DTPROFUP: when the profile last changed, ISO 8601 UTC.
    pub date_profile_up: *const c_char,
    /// ADDR1.
    pub address1: *const c_char,
    /// CITY.
    pub city: *const c_char,
    /// STATE.
    pub state: *const c_char,
    /// POSTALCODE.
    pub postal_code: *const c_char,
    /// COUNTRY (three letters, e.g. "USA").
    pub country: *const c_char,
    /// CSPHONE: customer service.
    pub cs_phone: *const c_char,
    /// EMAIL.
    pub email: *const c_char,
    /// Number of message sets in MSGSETLIST (`ofx_response_profile_message_set`).
    pub message_set_count: usize,
    /// Number of signon realms in SIGNONINFOLIST (`ofx_response_profile_signon_realm`).
    pub signon_realm_count: usize,
    /// Element id of the PROFRS aggregate.
    pub element: u32,
}

/// One signon realm of the profile (SIGNONINFO): the rules for the user's credentials there. Strings
/// are borrowed from the response (valid until it is freed; do not free), NULL when absent. Flags the
/// document does not give are false (the spec's default). Fill it with
/// `ofx_response_profile_signon_realm`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_signon_realm {
    /// SIGNONREALM: the realm's name, as message sets refer to it.
    pub name: *const c_char,
    /// CLIENTUIDREQ: requests must carry a CLIENTUID.
    pub client_uid_required: bool,
    /// MFACHALLENGESUPT: the institution may ask multi-factor questions.
    pub mfa_challenge_supported: bool,
    /// MFACHALLENGEFIRST: the client must ask for the questions before signing on.
    pub mfa_challenge_first: bool,
    /// AUTHTOKENFIRST: the first signon needs an authentication token.
    pub auth_token_first: bool,
    /// CASESEN: the password is case-sensitive.
    pub case_sensitive: bool,
    /// MIN: the password's minimum length; -1 when absent.
    pub min_length: i32,
    /// MAX: the password's maximum length; -1 when absent.
    pub max_length: i32,
    /// CHARTYPE: ALPHAONLY, NUMERICONLY, ALPHAORNUMERIC or ALPHAANDNUMERIC.
    pub char_type: *const c_char,
}

/// The status of one transaction wrapper (…TRNRS) of the response, statements or not, in document
/// order. Strings are borrowed from the response (valid until it is freed; do not free), NULL when
/// absent. Fill it with `ofx_response_trn_status`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ofx_trn_status {
    /// The wrapper's tag, e.g. "STMTTRNRS" (never NULL).
    pub r#type: *const c_char,
    /// TRNUID: the id of the request this answers.
    pub trnuid: *const c_char,
    /// STATUS/CODE: 0 is success (e.g. 2000 general error, 10500 invalid account); -1 when absent.
    pub code: i32,
    /// STATUS/SEVERITY: INFO, WARN or ERROR.
    pub severity: *const c_char,
    /// STATUS/MESSAGE.
    pub message: *const c_char,
}

/// All-zero (NULL pointers, 0, false) starting values for the view structs.
macro_rules! zeroed_default {
    ($($t:ty),*) => {$(
        impl Default for $t {
            fn default() -> Self {
                // SAFETY: every field is a raw pointer, an integer or a bool, for which all-zero bytes
                // are valid values (NULL, 0, false).
                unsafe { std::mem::zeroed() }
            }
        }
    )*};
}
zeroed_default!(
    ofx_signon,
    ofx_statement,
    ofx_transaction,
    ofx_balance,
    ofx_position,
    ofx_open_order,
    ofx_security,
    ofx_account,
    ofx_closing,
    ofx_profile,
    ofx_signon_realm,
    ofx_trn_status
);

// ---------------------------------------------------------------------------------------------
// The cache
// ---------------------------------------------------------------------------------------------

/// Views computed for C, kept inside the response (`Response::cache`). Each part is built on first
/// use and never changed afterwards.
#[derive(Default)]
pub struct Cache {
    signon: OnceLock<Section<Option<ofx_signon>>>,
    statements: OnceLock<Section<Vec<ofx_statement>>>,
    lists: OnceLock<Section<Vec<StatementLists>>>,
    securities: OnceLock<Section<Vec<ofx_security>>>,
    accounts: OnceLock<Section<Vec<ofx_account>>>,
    closings: OnceLock<Section<Vec<ofx_closing>>>,
    profile: OnceLock<Section<Option<ProfileViews>>>,
    trn_status: OnceLock<Section<Vec<ofx_trn_status>>>,
}

/// The lists of one statement.
struct StatementLists {
    transactions: Vec<ofx_transaction>,
    balances: Vec<ofx_balance>,
    positions: Vec<ofx_position>,
    open_orders: Vec<ofx_open_order>,
}

/// The profile and its lists.
struct ProfileViews {
    profile: ofx_profile,
    /// (message set tag, MSGSETCORE URL) per message set.
    message_sets: Vec<(*const c_char, *const c_char)>,
    realms: Vec<ofx_signon_realm>,
}

/// Views plus the computed strings their pointers point into.
struct Section<T> {
    views: T,
    _strings: Vec<CString>,
}

// SAFETY: the raw pointers in a section's views point either into the document's text buffer or into
// the section's own `_strings` (heap buffers that never move or change once built), both owned by the
// same `Response` and immutable for its whole life. Nothing is ever written through them, so sharing
// or sending them between threads is sound.
unsafe impl<T> Send for Section<T> {}
// SAFETY: as above: the data is immutable after construction.
unsafe impl<T> Sync for Section<T> {}

/// Builds one section: turns values of the typed model into C string pointers.
struct Cx<'d> {
    doc: &'d Document,
    strings: Vec<CString>,
    tags: HashMap<&'static str, *const c_char>,
}

impl<'d> Cx<'d> {
    fn new(doc: &'d Document) -> Self {
        Cx { doc, strings: Vec::new(), tags: HashMap::new() }
    }

    fn finish<T>(self, views: T) -> Section<T> {
        Section { views, _strings: self.strings }
    }

    /// Keeps a computed string and returns its address (stable: a CString's buffer never moves).
    fn own(&mut self, s: &str) -> *const c_char {
        let c = CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default();
        self.strings.push(c);
        self.strings.last().map(|c| c.as_ptr()).unwrap_or(ptr::null())
    }

    /// A value of the document: borrowed from the text buffer, where a NUL follows it.
    fn text(&mut self, t: Option<TextRef>) -> *const c_char {
        let Some(t) = t else {
            return ptr::null();
        };
        let buf = self.doc.tree.text_buffer();
        let start = t.start as usize;
        let end = start + t.len() as usize;
        if buf.as_bytes().get(end) == Some(&0) && buf.is_char_boundary(start) && start <= end {
            buf.as_ptr().wrapping_add(start).cast()
        } else {
            // Not a span the tree wrote (never expected): copy it rather than hand out a bad pointer.
            let s = t.get(&self.doc.tree).to_owned();
            self.own(&s)
        }
    }

    /// A date as ISO 8601 UTC.
    fn date(&mut self, d: Option<OfxDateTime>) -> *const c_char {
        match d {
            Some(d) => self.own(&d.to_iso_utc()),
            None => ptr::null(),
        }
    }

    /// An amount in its plain form; the document's own text when that is already the plain form.
    fn amount(&mut self, a: Option<Amount>) -> *const c_char {
        let Some(a) = a else {
            return ptr::null();
        };
        let plain = format_amount(&a.value);
        if a.raw.get(&self.doc.tree) == plain { self.text(Some(a.raw)) } else { self.own(&plain) }
    }

    /// A static tag (e.g. BUYSTOCK) as a C string, one copy per section.
    fn tag(&mut self, tag: &'static str) -> *const c_char {
        if let Some(p) = self.tags.get(tag) {
            return *p;
        }
        let p = self.own(tag);
        self.tags.insert(tag, p);
        p
    }
}

fn code_of(v: Option<i64>) -> i32 {
    v.and_then(|c| i32::try_from(c).ok()).unwrap_or(-1)
}

fn cache(r: &Response) -> &Cache {
    r.cache.get_or_init(Cache::default)
}

// ---------------------------------------------------------------------------------------------
// Building the sections
// ---------------------------------------------------------------------------------------------

fn signon(r: &Response) -> Option<&ofx_signon> {
    let s = cache(r).signon.get_or_init(|| {
        let mut cx = Cx::new(&r.doc);
        let v = r.doc.signon.as_ref().map(|s| {
            let st = s.status.as_deref();
            let fi = s.fi.as_deref();
            ofx_signon {
                status_code: code_of(st.and_then(|s| s.code)),
                severity: cx.text(st.and_then(|s| s.severity)),
                message: cx.text(st.and_then(|s| s.message)),
                dtserver: cx.date(s.dtserver),
                language: cx.text(s.language),
                org: cx.text(fi.and_then(|f| f.org)),
                fid: cx.text(fi.and_then(|f| f.fid)),
                userkey: cx.text(s.userkey),
                accesskey: cx.text(s.accesskey),
                sesscookie: cx.text(s.sesscookie),
            }
        });
        cx.finish(v)
    });
    s.views.as_ref()
}

fn set_status(cx: &mut Cx<'_>, w: &Wrapper) -> (*const c_char, i32, *const c_char, *const c_char) {
    let st: Option<&Status> = w.status.as_ref();
    (
        cx.text(w.trnuid),
        code_of(st.and_then(|s| s.code)),
        cx.text(st.and_then(|s| s.severity)),
        cx.text(st.and_then(|s| s.message)),
    )
}

fn bal(cx: &mut Cx<'_>, b: Option<&Bal>) -> (*const c_char, *const c_char) {
    match b {
        Some(b) => (cx.amount(b.balamt), cx.date(b.dtasof)),
        None => (ptr::null(), ptr::null()),
    }
}

fn ballist_len(l: Option<&BalList>) -> usize {
    l.map(|l| l.items.len()).unwrap_or(0)
}

/// The BALLIST entries of a statement (INVBAL's for investment statements; loans have none).
fn balance_items(st: &Statement) -> &[BalItem] {
    let l = match &st.body {
        StatementBody::Bank(b) => b.ballist.as_deref(),
        StatementBody::CreditCard(b) => b.ballist.as_deref(),
        StatementBody::Investment(b) => b.invbal.as_deref().and_then(|i| i.ballist.as_deref()),
        StatementBody::Loan(_) => None,
    };
    l.map(|l| l.items.as_slice()).unwrap_or(&[])
}

fn statement_view(cx: &mut Cx<'_>, st: &Statement) -> ofx_statement {
    let mut v = ofx_statement { kind: kind_code(st.kind()), ..Default::default() };
    (v.trnuid, v.status_code, v.status_severity, v.status_message) = set_status(cx, &st.wrapper);
    match &st.body {
        StatementBody::Bank(b) => {
            if let Some(a) = b.bankacctfrom.as_deref() {
                v.account_id = cx.text(a.acctid);
                v.bank_id = cx.text(a.bankid);
                v.branch_id = cx.text(a.branchid);
                v.account_type = cx.text(a.accttype);
            }
            v.currency = cx.text(b.curdef);
            if let Some(l) = b.banktranlist.as_deref() {
                v.start = cx.date(l.dtstart);
                v.end = cx.date(l.dtend);
                v.transaction_count = l.transactions.len();
            }
            (v.ledger_balance, v.ledger_balance_date) = bal(cx, b.ledgerbal.as_deref());
            (v.available_balance, v.available_balance_date) = bal(cx, b.availbal.as_deref());
            v.balance_count = ballist_len(b.ballist.as_deref());
            v.element = b.node;
        }
        StatementBody::CreditCard(b) => {
            if let Some(a) = b.ccacctfrom.as_deref() {
                v.account_id = cx.text(a.acctid);
            }
            v.currency = cx.text(b.curdef);
            if let Some(l) = b.banktranlist.as_deref() {
                v.start = cx.date(l.dtstart);
                v.end = cx.date(l.dtend);
                v.transaction_count = l.transactions.len();
            }
            (v.ledger_balance, v.ledger_balance_date) = bal(cx, b.ledgerbal.as_deref());
            (v.available_balance, v.available_balance_date) = bal(cx, b.availbal.as_deref());
            v.balance_count = ballist_len(b.ballist.as_deref());
            v.element = b.node;
        }
        StatementBody::Investment(b) => {
            if let Some(a) = b.invacctfrom.as_deref() {
                v.account_id = cx.text(a.acctid);
                v.broker_id = cx.text(a.brokerid);
            }
            v.currency = cx.text(b.curdef);
            v.date_as_of = cx.date(b.dtasof);
            if let Some(l) = b.invtranlist.as_deref() {
                v.start = cx.date(l.dtstart);
                v.end = cx.date(l.dtend);
                v.transaction_count = l.transactions.len();
            }
            if let Some(ib) = b.invbal.as_deref() {
                v.available_balance = cx.amount(ib.availcash);
                if !v.available_balance.is_null() {
                    v.available_balance_date = v.date_as_of;
                }
                v.balance_count = ballist_len(ib.ballist.as_deref());
            }
            v.position_count = b.invposlist.as_deref().map(|l| l.positions.len()).unwrap_or(0);
            v.open_order_count = b.invoolist.as_deref().map(|l| l.orders.len()).unwrap_or(0);
            v.element = b.node;
        }
        StatementBody::Loan(b) => {
            if let Some(a) = b.loanacctfrom.as_deref() {
                v.account_id = cx.text(a.loanacctid);
                v.account_type = cx.text(a.loanaccttype);
            }
            v.currency = cx.text(b.curdef);
            if let Some(l) = b.loantranlist.as_deref() {
                v.start = cx.date(l.dtstart);
                v.end = cx.date(l.dtend);
                v.transaction_count = l.transactions.len();
            }
            if let Some(p) = b.prinbal.as_deref() {
                v.ledger_balance = cx.amount(p.balamt);
                v.ledger_balance_date = cx.date(p.dtasof);
            }
            (v.available_balance, v.available_balance_date) = bal(cx, b.availbal.as_deref());
            v.element = b.node;
        }
    }
    v
}

fn statements(r: &Response) -> &[ofx_statement] {
    &cache(r)
        .statements
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r.doc.statements.iter().map(|st| statement_view(&mut cx, st)).collect();
            cx.finish(v)
        })
        .views
}

/// Fills the date and the exact amount of a transaction.
fn posted_and_amount(cx: &mut Cx<'_>, v: &mut ofx_transaction, date: Option<OfxDateTime>, amount: Option<Amount>) {
    v.date_posted = cx.date(date);
    if let Some(d) = date {
        v.date_posted_unix = d.unix_seconds;
        v.date_posted_offset_minutes = i32::from(d.offset_minutes);
        v.has_date_posted = true;
    }
    v.amount = cx.amount(amount);
    if let Some(a) = amount {
        v.amount_scale = a.value.scale();
        if let Ok(m) = i64::try_from(a.value.mantissa()) {
            v.amount_mantissa = m;
            v.amount_fits = true;
        }
    }
}

fn currency_sym(c: Option<&Currency>) -> Option<TextRef> {
    c.and_then(|c| c.cursym)
}

fn bank_transaction(cx: &mut Cx<'_>, t: &StmtTrn) -> ofx_transaction {
    let mut v = ofx_transaction {
        fitid: cx.text(t.fitid),
        r#type: cx.text(t.trntype),
        date_user: cx.date(t.dtuser),
        date_avail: cx.date(t.dtavail),
        name: cx.text(t.name),
        memo: cx.text(t.memo),
        check_number: cx.text(t.checknum),
        ref_number: cx.text(t.refnum),
        payee_id: cx.text(t.payeeid),
        sic: cx.text(t.sic),
        server_tid: cx.text(t.srvrtid),
        correct_fitid: cx.text(t.correctfitid),
        correct_action: cx.text(t.correctaction),
        currency: cx.text(currency_sym(t.currency.as_deref())),
        element: t.node,
        ..Default::default()
    };
    posted_and_amount(cx, &mut v, t.dtposted, t.trnamt);
    v
}

fn loan_transaction(cx: &mut Cx<'_>, t: &LoanStmtTrn) -> ofx_transaction {
    let mut v = ofx_transaction {
        fitid: cx.text(t.fitid),
        r#type: cx.text(t.loantrntype),
        date_user: cx.date(t.dtuser),
        name: cx.text(t.name),
        memo: cx.text(t.memo),
        check_number: cx.text(t.checknum),
        ref_number: cx.text(t.refnum),
        server_tid: cx.text(t.srvrtid),
        correct_fitid: cx.text(t.correctfitid),
        correct_action: cx.text(t.correctaction),
        currency: cx.text(currency_sym(t.currency.as_deref())),
        element: t.node,
        ..Default::default()
    };
    posted_and_amount(cx, &mut v, t.dtposted, t.trnamt);
    v
}

/// The CURRENCY aggregate of an investment transaction, wherever its kind keeps it.
fn inv_currency(t: &InvTransaction) -> Option<&Currency> {
    use InvTransaction as T;
    match t {
        T::BuyDebt(x) => x.invbuy.as_deref().and_then(|b| b.currency.as_deref()),
        T::BuyMf(x) => x.invbuy.as_deref().and_then(|b| b.currency.as_deref()),
        T::BuyOpt(x) => x.invbuy.as_deref().and_then(|b| b.currency.as_deref()),
        T::BuyOther(x) => x.invbuy.as_deref().and_then(|b| b.currency.as_deref()),
        T::BuyStock(x) => x.invbuy.as_deref().and_then(|b| b.currency.as_deref()),
        T::SellDebt(x) => x.invsell.as_deref().and_then(|s| s.currency.as_deref()),
        T::SellMf(x) => x.invsell.as_deref().and_then(|s| s.currency.as_deref()),
        T::SellOpt(x) => x.invsell.as_deref().and_then(|s| s.currency.as_deref()),
        T::SellOther(x) => x.invsell.as_deref().and_then(|s| s.currency.as_deref()),
        T::SellStock(x) => x.invsell.as_deref().and_then(|s| s.currency.as_deref()),
        T::Income(x) => x.currency.as_deref(),
        T::InvExpense(x) => x.currency.as_deref(),
        T::MarginInterest(x) => x.currency.as_deref(),
        T::Reinvest(x) => x.currency.as_deref(),
        T::RetOfCap(x) => x.currency.as_deref(),
        T::Split(x) => x.currency.as_deref(),
        T::InvBankTran(x) => x.stmttrn.as_deref().and_then(|s| s.currency.as_deref()),
        T::ClosureOpt(_) | T::JrnlFund(_) | T::JrnlSec(_) | T::Transfer(_) => None,
    }
}

fn inv_transaction(cx: &mut Cx<'_>, t: &InvTransaction) -> ofx_transaction {
    let secid = t.secid();
    let mut v = ofx_transaction {
        fitid: cx.text(t.fitid()),
        r#type: cx.tag(t.kind_tag()),
        date_settle: cx.date(t.date_settle()),
        name: cx.text(t.name()),
        memo: cx.text(t.memo()),
        server_tid: cx.text(t.invtran().and_then(|i| i.srvrtid)),
        currency: cx.text(currency_sym(inv_currency(t))),
        security_id: cx.text(secid.and_then(|s| s.uniqueid)),
        security_id_type: cx.text(secid.and_then(|s| s.uniqueidtype)),
        units: cx.amount(t.units()),
        unit_price: cx.amount(t.unit_price()),
        element: t.node(),
        ..Default::default()
    };
    if let Some(b) = t.stmttrn() {
        // INVBANKTRAN: the cash transaction's own fields.
        v.date_user = cx.date(b.dtuser);
        v.date_avail = cx.date(b.dtavail);
        v.check_number = cx.text(b.checknum);
        v.ref_number = cx.text(b.refnum);
        v.payee_id = cx.text(b.payeeid);
        v.sic = cx.text(b.sic);
        v.server_tid = cx.text(b.srvrtid);
        v.correct_fitid = cx.text(b.correctfitid);
        v.correct_action = cx.text(b.correctaction);
    }
    posted_and_amount(cx, &mut v, t.date_trade(), t.amount());
    v
}

fn balance_view(cx: &mut Cx<'_>, b: &BalItem) -> ofx_balance {
    ofx_balance {
        name: cx.text(b.name),
        desc: cx.text(b.desc),
        r#type: cx.text(b.baltype),
        value: cx.text(b.value),
        date: cx.date(b.dtasof),
    }
}

fn position_view(cx: &mut Cx<'_>, p: &Position) -> ofx_position {
    let ip = p.invpos();
    let secid = ip.secid.as_deref();
    ofx_position {
        r#type: cx.tag(p.kind_tag()),
        security_id: cx.text(secid.and_then(|s| s.uniqueid)),
        security_id_type: cx.text(secid.and_then(|s| s.uniqueidtype)),
        held_in: cx.text(ip.heldinacct),
        pos_type: cx.text(ip.postype),
        units: cx.amount(ip.units),
        unit_price: cx.amount(ip.unitprice),
        market_value: cx.amount(ip.mktval),
        date_price: cx.date(ip.dtpriceasof),
        memo: cx.text(ip.memo),
        element: p.node(),
    }
}

fn open_order_view(cx: &mut Cx<'_>, o: &OpenOrder) -> ofx_open_order {
    let oo = o.oo();
    let secid = oo.secid.as_deref();
    ofx_open_order {
        r#type: cx.tag(o.kind_tag()),
        fitid: cx.text(oo.fitid),
        security_id: cx.text(secid.and_then(|s| s.uniqueid)),
        security_id_type: cx.text(secid.and_then(|s| s.uniqueidtype)),
        date_placed: cx.date(oo.dtplaced),
        units: cx.amount(oo.units),
        duration: cx.text(oo.duration),
        restriction: cx.text(oo.restriction),
        limit_price: cx.amount(oo.limitprice),
        stop_price: cx.amount(oo.stopprice),
        memo: cx.text(oo.memo),
        element: o.node(),
    }
}

fn statement_lists(cx: &mut Cx<'_>, st: &Statement) -> StatementLists {
    let mut l = StatementLists {
        transactions: Vec::new(),
        balances: Vec::new(),
        positions: Vec::new(),
        open_orders: Vec::new(),
    };
    match &st.body {
        StatementBody::Bank(b) => {
            for t in b.banktranlist.iter().flat_map(|l| l.transactions.iter()) {
                l.transactions.push(bank_transaction(cx, t));
            }
        }
        StatementBody::CreditCard(b) => {
            for t in b.banktranlist.iter().flat_map(|l| l.transactions.iter()) {
                l.transactions.push(bank_transaction(cx, t));
            }
        }
        StatementBody::Investment(b) => {
            for t in b.invtranlist.iter().flat_map(|l| l.transactions.iter()) {
                l.transactions.push(inv_transaction(cx, t));
            }
            for p in b.invposlist.iter().flat_map(|l| l.positions.iter()) {
                l.positions.push(position_view(cx, p));
            }
            for o in b.invoolist.iter().flat_map(|l| l.orders.iter()) {
                l.open_orders.push(open_order_view(cx, o));
            }
        }
        StatementBody::Loan(b) => {
            for t in b.loantranlist.iter().flat_map(|l| l.transactions.iter()) {
                l.transactions.push(loan_transaction(cx, t));
            }
        }
    }
    for b in balance_items(st) {
        l.balances.push(balance_view(cx, b));
    }
    l
}

fn lists(r: &Response) -> &[StatementLists] {
    &cache(r)
        .lists
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r.doc.statements.iter().map(|st| statement_lists(&mut cx, st)).collect();
            cx.finish(v)
        })
        .views
}

fn securities(r: &Response) -> &[ofx_security] {
    &cache(r)
        .securities
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r
                .doc
                .securities
                .iter()
                .map(|s| {
                    let si = s.secinfo();
                    ofx_security {
                        r#type: cx.tag(s.kind_tag()),
                        id: cx.text(s.id()),
                        id_type: cx.text(s.id_type()),
                        name: cx.text(s.name()),
                        ticker: cx.text(s.ticker()),
                        fiid: cx.text(si.fiid),
                        unit_price: cx.amount(s.unit_price()),
                        date_price: cx.date(s.date_price()),
                        memo: cx.text(si.memo.or(si.memo2)),
                        element: s.node(),
                    }
                })
                .collect();
            cx.finish(v)
        })
        .views
}

fn account_kind(kind: &str) -> &'static CStr {
    match kind {
        "bank" => c"bank",
        "creditcard" => c"creditcard",
        "investment" => c"investment",
        "loan" => c"loan",
        "billpay" => c"billpay",
        "presentment" => c"presentment",
        _ => c"unknown",
    }
}

fn accounts(r: &Response) -> &[ofx_account] {
    &cache(r)
        .accounts
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r
                .doc
                .accounts
                .iter()
                .map(|a| ofx_account {
                    kind: account_kind(a.kind()).as_ptr(),
                    account_id: cx.text(a.account_id()),
                    bank_id: cx.text(a.bank_id()),
                    branch_id: cx.text(a.branch_id()),
                    account_type: cx.text(a.account_type()),
                    broker_id: cx.text(a.broker_id()),
                    desc: cx.text(a.desc()),
                    status: cx.text(a.status()),
                    element: a.node,
                })
                .collect();
            cx.finish(v)
        })
        .views
}

fn closings(r: &Response) -> &[ofx_closing] {
    &cache(r)
        .closings
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let mut v = Vec::new();
            // Bank, credit-card and loan closing records share these fields; the balance differs.
            macro_rules! record {
                ($kind:expr, $acct:expr, $c:expr, $balance_close:expr) => {
                    ofx_closing {
                        kind: $kind,
                        account_id: cx.text($acct),
                        fitid: cx.text($c.fitid),
                        date_open: cx.date($c.dtopen),
                        date_close: cx.date($c.dtclose),
                        date_next: cx.date($c.dtnext),
                        balance_open: cx.amount($c.balopen),
                        balance_close: cx.amount($balance_close),
                        date_post_start: cx.date($c.dtpoststart),
                        date_post_end: cx.date($c.dtpostend),
                        element: $c.node,
                    }
                };
            }
            for set in &r.doc.closings {
                match &set.body {
                    ClosingBody::Bank(b) => {
                        let acct = b.bankacctfrom.as_deref().and_then(|a| a.acctid);
                        for c in &b.closings {
                            v.push(record!(OFX_STATEMENT_BANK, acct, c, c.balclose));
                        }
                    }
                    ClosingBody::CreditCard(b) => {
                        let acct = b.ccacctfrom.as_deref().and_then(|a| a.acctid);
                        for c in &b.closings {
                            v.push(record!(OFX_STATEMENT_CREDITCARD, acct, c, c.balclose));
                        }
                    }
                    ClosingBody::Loan(b) => {
                        // LOANCLOSING has no BALCLOSE: its principal balance is the closing balance.
                        let acct = b.loanacctfrom.as_deref().and_then(|a| a.loanacctid);
                        for c in &b.closings {
                            v.push(record!(OFX_STATEMENT_LOAN, acct, c, c.prinbal.as_deref().and_then(|p| p.balamt)));
                        }
                    }
                    ClosingBody::Investment(b) => {
                        // INVCLOSING carries only its FITID (and images): the dates and balances are NULL.
                        let acct = b.invacctfrom.as_deref().and_then(|a| a.acctid);
                        for c in &b.closings {
                            v.push(ofx_closing {
                                kind: OFX_STATEMENT_INVESTMENT,
                                account_id: cx.text(acct),
                                fitid: cx.text(c.fitid),
                                date_open: std::ptr::null(),
                                date_close: std::ptr::null(),
                                date_next: std::ptr::null(),
                                balance_open: std::ptr::null(),
                                balance_close: std::ptr::null(),
                                date_post_start: std::ptr::null(),
                                date_post_end: std::ptr::null(),
                                element: c.node,
                            });
                        }
                    }
                }
            }
            cx.finish(v)
        })
        .views
}

fn closing_count(doc: &Document) -> usize {
    doc.closings
        .iter()
        .map(|c| match &c.body {
            ClosingBody::Bank(b) => b.closings.len(),
            ClosingBody::CreditCard(b) => b.closings.len(),
            ClosingBody::Loan(b) => b.closings.len(),
            ClosingBody::Investment(b) => b.closings.len(),
        })
        .sum()
}

fn profile(r: &Response) -> Option<&ProfileViews> {
    cache(r)
        .profile
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r.doc.profile.as_ref().map(|p| {
                let profile = ofx_profile {
                    fi_name: cx.text(p.finame),
                    url: cx.text(p.url.or(p.url2)),
                    date_profile_up: cx.date(p.dtprofup),
                    address1: cx.text(p.addr1),
                    city: cx.text(p.city),
                    state: cx.text(p.state),
                    postal_code: cx.text(p.postalcode),
                    country: cx.text(p.country),
                    cs_phone: cx.text(p.csphone),
                    email: cx.text(p.email),
                    message_set_count: p.message_sets().len(),
                    signon_realm_count: p.signon_infos().len(),
                    element: p.node,
                };
                let message_sets = p
                    .message_sets()
                    .iter()
                    .map(|s| {
                        let url = s.core().and_then(|c| c.url.or(c.url2));
                        (cx.tag(s.tag), cx.text(url))
                    })
                    .collect();
                let realms = p
                    .signon_infos()
                    .iter()
                    .map(|s| ofx_signon_realm {
                        name: cx.text(s.signonrealm),
                        client_uid_required: s.clientuidreq.unwrap_or(false),
                        mfa_challenge_supported: s.mfachallengesupt.unwrap_or(false),
                        mfa_challenge_first: s.mfachallengefirst.unwrap_or(false),
                        auth_token_first: s.authtokenfirst.unwrap_or(false),
                        case_sensitive: s.casesen.unwrap_or(false),
                        min_length: code_of(s.min),
                        max_length: code_of(s.max),
                        char_type: cx.text(s.chartype),
                    })
                    .collect();
                ProfileViews { profile, message_sets, realms }
            });
            cx.finish(v)
        })
        .views
        .as_ref()
}

fn trn_statuses(r: &Response) -> &[ofx_trn_status] {
    &cache(r)
        .trn_status
        .get_or_init(|| {
            let mut cx = Cx::new(&r.doc);
            let v = r
                .doc
                .wrappers
                .iter()
                .map(|w| {
                    let (trnuid, code, severity, message) = set_status(&mut cx, w);
                    ofx_trn_status { r#type: cx.tag(w.tag), trnuid, code, severity, message }
                })
                .collect();
            cx.finish(v)
        })
        .views
}

// ---------------------------------------------------------------------------------------------
// Lookup helpers (errors carry the message `ofx_last_error_message` shows)
// ---------------------------------------------------------------------------------------------

fn not_found(msg: String) -> (ofx_result, String) {
    (ofx_result::NotFound, msg)
}

fn plural(n: usize, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {what}s"),
    }
}

fn item<'a, T>(list: &'a [T], index: usize, what: &str, owner: &str) -> Result<&'a T, (ofx_result, String)> {
    list.get(index).ok_or_else(|| not_found(format!("no {what} {index}: {owner} has {}", plural(list.len(), what))))
}

/// Checks a statement index and returns the statement.
fn statement_at(r: &Response, index: usize) -> Result<&Statement, (ofx_result, String)> {
    item(&r.doc.statements, index, "statement", "the response")
}

/// The statement's kind in words, for messages.
fn kind_words(st: &Statement) -> &'static str {
    match st.kind() {
        StatementKind::Bank => "a bank statement",
        StatementKind::CreditCard => "a credit-card statement",
        StatementKind::Investment => "an investment statement",
        StatementKind::Loan => "a loan statement",
    }
}

/// Writes a copy of a view to `out` (already checked non-NULL).
fn emit<T: Copy>(out: *mut T, v: &T) -> FfiResult {
    // SAFETY: the caller checked `out` for NULL; the C contract says it points to writable memory.
    unsafe { write_out(out, *v) };
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Exported functions
// ---------------------------------------------------------------------------------------------

/// The signon response (SONRS). On success fills `*out`, whose strings are borrowed from `resp`
/// (valid until it is freed; do not free them). A refused signon (e.g. status_code 15500) is still
/// `OFX_RESULT_OK`: read `status_code`. Fails with `OFX_RESULT_NOT_FOUND` when the document has no
/// SONRS, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_signon(resp: *const ofx_response, out: *mut ofx_signon) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = signon(r).ok_or_else(|| not_found("the response has no signon (SONRS)".to_string()))?;
        emit(out, v)
    })
}

/// Number of statements (bank, credit-card, investment and loan, in document order). Returns 0 when
/// `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_statement_count(resp: *const ofx_response) -> usize {
    guard_value(0, || {
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        unsafe { resp_ref(resp) }.map(|r| r.doc.statements.len()).unwrap_or(0)
    })
}

/// Statement `index` (0-based, document order). On success fills `*out`, whose strings are borrowed
/// from `resp` (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when
/// `index` is past the end, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is
/// untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_statement(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_statement,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = item(statements(r), index, "statement", "the response")?;
        emit(out, v)
    })
}

/// Transaction `index` (0-based, document order) of statement `statement`; the count is the
/// statement's `transaction_count`. On success fills `*out`, whose strings are borrowed from `resp`
/// (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when either index
/// is past the end, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on
/// failure. The first call builds the views of every statement's transactions at once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_transaction(
    resp: *const ofx_response,
    statement: usize,
    index: usize,
    out: *mut ofx_transaction,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        statement_at(r, statement)?;
        let l = &lists(r)[statement];
        let v = item(&l.transactions, index, "transaction", &format!("statement {statement}"))?;
        emit(out, v)
    })
}

/// Balance `index` (0-based) of statement `statement`: an entry of its BALLIST (for investment
/// statements INVBAL's BALLIST; loan statements have none); the count is the statement's
/// `balance_count`. On success fills `*out`, whose strings are borrowed from `resp` (valid until it is
/// freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when either index is past the end,
/// `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_balance(
    resp: *const ofx_response,
    statement: usize,
    index: usize,
    out: *mut ofx_balance,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let st = statement_at(r, statement)?;
        if st.kind() == StatementKind::Loan {
            return Err(not_found(format!(
                "statement {statement} is a loan statement: loan statements have no balance list"
            )));
        }
        let l = &lists(r)[statement];
        let v = item(&l.balances, index, "balance", &format!("statement {statement}"))?;
        emit(out, v)
    })
}

/// Position `index` (0-based, document order) of investment statement `statement`; the count is the
/// statement's `position_count`. On success fills `*out`, whose strings are borrowed from `resp` (valid
/// until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when either index is past
/// the end or the statement is not an investment statement (`ofx_last_error_message()` says which),
/// `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_position(
    resp: *const ofx_response,
    statement: usize,
    index: usize,
    out: *mut ofx_position,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let st = statement_at(r, statement)?;
        if st.kind() != StatementKind::Investment {
            return Err(not_found(format!(
                "statement {statement} is {}: only investment statements have positions",
                kind_words(st)
            )));
        }
        let l = &lists(r)[statement];
        let v = item(&l.positions, index, "position", &format!("statement {statement}"))?;
        emit(out, v)
    })
}

/// Open order `index` (0-based, document order) of investment statement `statement`; the count is the
/// statement's `open_order_count`. On success fills `*out`, whose strings are borrowed from `resp`
/// (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when either index is
/// past the end or the statement is not an investment statement (`ofx_last_error_message()` says
/// which), `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_open_order(
    resp: *const ofx_response,
    statement: usize,
    index: usize,
    out: *mut ofx_open_order,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let st = statement_at(r, statement)?;
        if st.kind() != StatementKind::Investment {
            return Err(not_found(format!(
                "statement {statement} is {}: only investment statements have open orders",
                kind_words(st)
            )));
        }
        let l = &lists(r)[statement];
        let v = item(&l.open_orders, index, "open order", &format!("statement {statement}"))?;
        emit(out, v)
    })
}

/// Number of securities in the SECLIST (0 without one). Returns 0 when `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_security_count(resp: *const ofx_response) -> usize {
    guard_value(0, || {
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        unsafe { resp_ref(resp) }.map(|r| r.doc.securities.len()).unwrap_or(0)
    })
}

/// Security `index` (0-based, document order) of the SECLIST. On success fills `*out`, whose strings
/// are borrowed from `resp` (valid until it is freed; do not free them). Fails with
/// `OFX_RESULT_NOT_FOUND` when `index` is past the end, `OFX_RESULT_NULL_POINTER` when `resp` or `out`
/// is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_security(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_security,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = item(securities(r), index, "security", "the response")?;
        emit(out, v)
    })
}

/// Number of accounts (ACCTINFO entries of account-information responses). Returns 0 when `resp` is
/// NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_account_count(resp: *const ofx_response) -> usize {
    guard_value(0, || {
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        unsafe { resp_ref(resp) }.map(|r| r.doc.accounts.len()).unwrap_or(0)
    })
}

/// Account `index` (0-based, document order). On success fills `*out`, whose strings are borrowed from
/// `resp` (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when `index`
/// is past the end, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on
/// failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_account(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_account,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = item(accounts(r), index, "account", "the response")?;
        emit(out, v)
    })
}

/// Number of closing records over every closing-information response (each CLOSING, CCCLOSING and
/// LOANCLOSING counts once). Returns 0 when `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_closing_count(resp: *const ofx_response) -> usize {
    guard_value(0, || {
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        unsafe { resp_ref(resp) }.map(|r| closing_count(&r.doc)).unwrap_or(0)
    })
}

/// Closing record `index` (0-based, document order). On success fills `*out`, whose strings are
/// borrowed from `resp` (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND`
/// when `index` is past the end, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is
/// untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_closing(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_closing,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = item(closings(r), index, "closing record", "the response")?;
        emit(out, v)
    })
}

fn profile_of(r: &Response) -> Result<&ProfileViews, (ofx_result, String)> {
    profile(r).ok_or_else(|| not_found("the response has no profile (PROFRS)".to_string()))
}

/// The institution's profile (PROFRS). On success fills `*out`, whose strings are borrowed from `resp`
/// (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when the document has
/// no PROFRS, `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_profile(resp: *const ofx_response, out: *mut ofx_profile) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        emit(out, &profile_of(r)?.profile)
    })
}

/// Message set `index` (0-based, document order) of the profile's MSGSETLIST. On success writes its
/// tag (e.g. "BANKMSGSET") to `*name_out` and the URL of its MSGSETCORE (where to send that message
/// set's requests; NULL when the set has none) to `*url_out`; both strings are borrowed from `resp`
/// (valid until it is freed; do not free them). Fails with `OFX_RESULT_NOT_FOUND` when the document has
/// no PROFRS or `index` is past the end (`ofx_profile.message_set_count`), `OFX_RESULT_NULL_POINTER`
/// when `resp`, `name_out` or `url_out` is NULL; nothing is written on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_profile_message_set(
    resp: *const ofx_response,
    index: usize,
    name_out: *mut *const c_char,
    url_out: *mut *const c_char,
) -> ofx_result {
    guard(|| {
        not_null(name_out, "name_out")?;
        not_null(url_out, "url_out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let p = profile_of(r)?;
        let (name, url) = *item(&p.message_sets, index, "message set", "the profile")?;
        emit(name_out, &name)?;
        emit(url_out, &url)
    })
}

/// Signon realm `index` (0-based, document order) of the profile's SIGNONINFOLIST. On success fills
/// `*out`, whose strings are borrowed from `resp` (valid until it is freed; do not free them). Fails
/// with `OFX_RESULT_NOT_FOUND` when the document has no PROFRS or `index` is past the end
/// (`ofx_profile.signon_realm_count`), `OFX_RESULT_NULL_POINTER` when `resp` or `out` is NULL; `*out`
/// is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_profile_signon_realm(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_signon_realm,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let p = profile_of(r)?;
        let v = item(&p.realms, index, "signon realm", "the profile")?;
        emit(out, v)
    })
}

/// Number of transaction wrappers (…TRNRS: STMTTRNRS, ACCTINFOTRNRS, PROFTRNRS, ...) in the response,
/// statements or not. Returns 0 when `resp` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_trn_status_count(resp: *const ofx_response) -> usize {
    guard_value(0, || {
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        unsafe { resp_ref(resp) }.map(|r| r.doc.wrappers.len()).unwrap_or(0)
    })
}

/// The type, TRNUID and STATUS of transaction wrapper `index` (0-based, document order). A non-zero
/// `code` is an OFX-level failure of that request; the rest of the response is still readable. On
/// success fills `*out`, whose strings are borrowed from `resp` (valid until it is freed; do not free
/// them). Fails with `OFX_RESULT_NOT_FOUND` when `index` is past the end, `OFX_RESULT_NULL_POINTER`
/// when `resp` or `out` is NULL; `*out` is untouched on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_trn_status(
    resp: *const ofx_response,
    index: usize,
    out: *mut ofx_trn_status,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: `resp` is NULL (checked) or a live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let v = item(trn_statuses(r), index, "transaction wrapper", "the response")?;
        emit(out, v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::response::ofx_response_free;
    use std::ffi::CStr;

    fn s(p: *const c_char) -> Option<String> {
        // SAFETY: views hand out NULL or NUL-terminated strings that live as long as the response.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    fn open(path: &str) -> *mut ofx_response {
        let bytes = std::fs::read(path).unwrap();
        let mut out = ptr::null_mut();
        // SAFETY: valid slice and out pointer.
        let rc = unsafe { super::super::response::ofx_response_parse(bytes.as_ptr(), bytes.len(), &mut out) };
        assert_eq!(rc, ofx_result::Ok);
        out
    }

    #[test]
    fn normalised_amount_and_dates_are_cached() {
        let doc = concat!(
            "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1",
            "<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>",
            "<BANKTRANLIST><DTSTART>20240101<DTEND>20240131<STMTTRN><TRNTYPE>DEBIT",
            "<DTPOSTED>20240115120000[-5:EST]<TRNAMT>-12,50<FITID>A1</STMTTRN></BANKTRANLIST>",
            "<LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
        );
        let mut resp = ptr::null_mut();
        // SAFETY: valid slice and out pointer.
        assert_eq!(
            unsafe { super::super::response::ofx_response_parse(doc.as_ptr(), doc.len(), &mut resp) },
            ofx_result::Ok
        );
        let mut t = ofx_transaction::default();
        // SAFETY: live handle, valid out pointer.
        assert_eq!(unsafe { ofx_response_transaction(resp, 0, 0, &mut t) }, ofx_result::Ok);
        assert_eq!(s(t.amount).as_deref(), Some("-12.50"));
        assert_eq!((t.amount_mantissa, t.amount_scale, t.amount_fits), (-1250, 2, true));
        assert_eq!(s(t.date_posted).as_deref(), Some("2024-01-15T17:00:00Z"));
        assert_eq!(t.date_posted_offset_minutes, -300);
        assert!(t.has_date_posted);
        // The second call hands out the very same cached strings.
        let mut t2 = ofx_transaction::default();
        // SAFETY: as above.
        assert_eq!(unsafe { ofx_response_transaction(resp, 0, 0, &mut t2) }, ofx_result::Ok);
        assert_eq!(t.amount, t2.amount);
        assert_eq!(t.date_posted, t2.date_posted);
        // SAFETY: made by ofx_response_parse, freed once.
        unsafe { ofx_response_free(resp) };
    }

    #[test]
    fn views_from_threads_agree() {
        let resp = open("tests/fixtures/quirks/clean_investment.ofx") as usize;
        let firsts: Vec<usize> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..4)
                .map(|_| {
                    sc.spawn(move || {
                        let mut t = ofx_transaction::default();
                        // SAFETY: live handle shared read-only; the cache is thread-safe.
                        let rc = unsafe { ofx_response_transaction(resp as *const ofx_response, 0, 0, &mut t) };
                        assert_eq!(rc, ofx_result::Ok);
                        assert_eq!(s(t.amount).as_deref(), Some("-4829.95"));
                        t.date_posted as usize
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(firsts.windows(2).all(|w| w[0] == w[1]));
        // SAFETY: made by ofx_response_parse, freed once.
        unsafe { ofx_response_free(resp as *mut ofx_response) };
    }
}
