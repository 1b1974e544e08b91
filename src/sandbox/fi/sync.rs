//! Synchronization of transfers (INTRASYNCRQ, INTERSYNCRQ: per account), payments (PMTSYNCRQ: per
//! account) and the payee list (PAYEESYNCRQ: per user).
//!
//! Every change (an add, a modification, a cancellation; a payee deletion) appends an event to the history
//! of the source account (the user, for payees); the events of all histories are numbered by one FI-wide
//! counter, and a history's token is the number of its newest event (`0` while it has none), so a token
//! belongs to one history only. A history keeps the last [`super::FiConfig::sync_history`] events.
//!
//! What a sync request gets (LOSTSYNC is always given):
//! - `TOKENONLY Y`: the current token, no records;
//! - `REFRESH Y`: one record per live item (not cancelled; payees in the list) as it stands now, as an add
//!   (INTRARS, INTERRS, PMTRS, PAYEERS with the current contents and status), LOSTSYNC N;
//! - `TOKEN 0` (or no token at all): every kept event, oldest first, LOSTSYNC N;
//! - a token this history gave out: the events after it (none, and the same token, when nothing happened),
//!   LOSTSYNC N;
//! - any other token (older than the kept events, another account's, made up): LOSTSYNC Y and the current
//!   state, as for REFRESH.
//!
//! Each record is a …TRNRS with the TRNUID of the request that made the change (of the add, for REFRESH),
//! STATUS 0 and the change: INTRARS / INTRAMODRS / INTRACANRS, likewise for INTER, PMTRS / PMTMODRS /
//! PMTCANCRS, PAYEERS / PAYEEMODRS / PAYEEDELRS. At 1.x, transfers involving a loan account are left out
//! (LOANACCTFROM/TO exist at 2.x only). A sync request for an account that is not the user's gets token
//! `0` and one record with TRNUID `0` and STATUS 2003, as a sync response has no status of its own.
//! Transactions inside a sync request are not served (the whole request is HTTP 400).

use crate::client::request::RequestBody;
use crate::markup::tree::NodeRef;
use crate::model::bank::rq::BankAcctFrom;
use crate::model::billpay::{PayeeSyncRs, PayeeTrnRs, PmtSyncRs, PmtTrnRs};
use crate::model::creditcard::rq::CcAcctFrom;
use crate::model::transfer::{InterSyncRs, InterTrnRs, IntraSyncRs, IntraTrnRs};

use super::billpay::{refresh_payee, refresh_payment};
use super::el::{self, El};
use super::money::{Mx, Side, find_account, has_loan, read_body, refresh_record, status};
use super::state::{History, Record, Stage, Stream};

/// A sync request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SyncKind {
    /// INTRASYNCRQ (BANKMSGSRQV1).
    Intra,
    /// INTERSYNCRQ (INTERXFERMSGSRQV1).
    Inter,
    /// PMTSYNCRQ (BILLPAYMSGSRQV1).
    Pmt,
    /// PAYEESYNCRQ (BILLPAYMSGSRQV1).
    Payee,
}

/// What the request asks for.
struct Ask {
    token: Option<String>,
    token_only: bool,
    refresh: bool,
    bank: Option<Box<BankAcctFrom>>,
    card: Option<Box<CcAcctFrom>>,
}

/// Answers a sync request (`Err`: a request the sandbox cannot answer, HTTP 400).
pub(crate) fn answer(mx: &mut Mx<'_>, kind: SyncKind, node: NodeRef<'_>) -> Result<El, String> {
    let ask = match read_body(node) {
        Some(RequestBody::TransferSync(r)) if kind == SyncKind::Intra => Ask {
            token: r.token,
            token_only: r.tokenonly == Some(true),
            refresh: r.refresh == Some(true),
            bank: r.bankacctfrom,
            card: r.ccacctfrom,
        },
        Some(RequestBody::InterbankSync(r)) if kind == SyncKind::Inter => Ask {
            token: r.token,
            token_only: r.tokenonly == Some(true),
            refresh: r.refresh == Some(true),
            bank: r.bankacctfrom,
            card: r.ccacctfrom,
        },
        Some(RequestBody::PaymentSync(r)) if kind == SyncKind::Pmt => Ask {
            token: r.token,
            token_only: r.tokenonly == Some(true),
            refresh: r.refresh == Some(true),
            bank: r.bankacctfrom,
            card: None,
        },
        Some(RequestBody::PayeeSync(r)) if kind == SyncKind::Payee => Ask {
            token: r.token,
            token_only: r.tokenonly == Some(true),
            refresh: r.refresh == Some(true),
            bank: None,
            card: None,
        },
        _ => return Err(format!("<{}> is not a sync request the sandbox reads", node.name())),
    };
    // Which history.
    let account = match kind {
        SyncKind::Payee => Some(String::new()),
        _ => {
            let side = ask.bank.as_deref().map(Side::Bank).or(ask.card.as_deref().map(Side::Card));
            side.and_then(|s| find_account(mx.user, s)).map(|i| mx.user.user.accounts[i].acctid.clone())
        }
    };
    let Some(account) = account else {
        let msg = "account not found: not one of your accounts, nothing to synchronize";
        return write(mx.version, kind, &ask, "0".into(), false, vec![error_record(kind, msg)]);
    };
    let stream = match kind {
        SyncKind::Intra => Stream::Intra(account.clone()),
        SyncKind::Inter => Stream::Inter(account.clone()),
        SyncKind::Pmt => Stream::Pmt(account.clone()),
        SyncKind::Payee => Stream::Payee,
    };
    let empty = History::default();
    let hist = mx.user.money.histories.get(&stream).unwrap_or(&empty);
    let current = hist.token();
    let events = |from: u64| hist.since(from).map(|ev| ev.map(|e| e.record.clone()).collect::<Vec<_>>());
    let (lost, records) = if ask.token_only {
        (false, Vec::new())
    } else if ask.refresh {
        (false, state_of(mx, kind, &account))
    } else {
        match ask.token.as_deref().map(str::trim) {
            None | Some("0") => (false, hist.events.iter().map(|e| e.record.clone()).collect()),
            Some(t) => match t.parse::<u64>().ok().and_then(events) {
                Some(r) => (false, r),
                None => (true, state_of(mx, kind, &account)),
            },
        }
    };
    let v1 = mx.version < 200;
    let records = records.into_iter().filter(|r| !(v1 && loan_record(r))).collect();
    write(mx.version, kind, &ask, current.to_string(), lost, records)
}

/// The current state of a history's items, one record each.
fn state_of(mx: &Mx<'_>, kind: SyncKind, account: &str) -> Vec<Record> {
    let m = &mx.user.money;
    let live = |s: Stage| !matches!(s, Stage::Cancelled(_));
    match kind {
        SyncKind::Intra | SyncKind::Inter => (m.transfers.iter())
            .filter(|t| t.interbank == (kind == SyncKind::Inter) && t.source == account && live(t.stage))
            .map(refresh_record)
            .collect(),
        SyncKind::Pmt => {
            m.payments.iter().filter(|p| p.source == account && live(p.stage)).map(refresh_payment).collect()
        }
        SyncKind::Payee => m.payees.iter().map(refresh_payee).collect(),
    }
}

/// Whether a transfer record names a loan account.
fn loan_record(r: &Record) -> bool {
    match r {
        Record::Intra(t) => {
            has_loan(t.intrars.as_ref().and_then(|x| x.xferinfo.as_deref()))
                || has_loan(t.intramodrs.as_ref().and_then(|x| x.xferinfo.as_deref()))
        }
        Record::Inter(t) => {
            has_loan(t.interrs.as_ref().and_then(|x| x.xferinfo.as_deref()))
                || has_loan(t.intermodrs.as_ref().and_then(|x| x.xferinfo.as_deref()))
        }
        _ => false,
    }
}

/// The record that says a sync's account is not the user's.
fn error_record(kind: SyncKind, msg: &str) -> Record {
    let (uid, st) = (Some("0".to_string()), status(2003, Some(msg)));
    match kind {
        SyncKind::Intra => Record::Intra(IntraTrnRs { trnuid: uid, status: st, ..Default::default() }),
        SyncKind::Inter => Record::Inter(InterTrnRs { trnuid: uid, status: st, ..Default::default() }),
        SyncKind::Pmt => Record::Pmt(PmtTrnRs { trnuid: uid, status: st, ..Default::default() }),
        SyncKind::Payee => Record::Payee(PayeeTrnRs { trnuid: uid, status: st, ..Default::default() }),
    }
}

/// The …SYNCRS: token, LOSTSYNC, the account as asked, the records.
fn write(
    version: u16,
    kind: SyncKind,
    ask: &Ask,
    token: String,
    lost: bool,
    records: Vec<Record>,
) -> Result<El, String> {
    let (token, lostsync) = (Some(token), Some(lost));
    match kind {
        SyncKind::Intra => el::owned(
            &IntraSyncRs {
                token,
                lostsync,
                bankacctfrom: ask.bank.clone(),
                ccacctfrom: ask.card.clone(),
                intratrnrs: records
                    .into_iter()
                    .filter_map(|r| if let Record::Intra(x) = r { Some(x) } else { None })
                    .collect(),
            },
            version,
        ),
        SyncKind::Inter => el::owned(
            &InterSyncRs {
                token,
                lostsync,
                bankacctfrom: ask.bank.clone(),
                ccacctfrom: ask.card.clone(),
                intertrnrs: records
                    .into_iter()
                    .filter_map(|r| if let Record::Inter(x) = r { Some(x) } else { None })
                    .collect(),
            },
            version,
        ),
        SyncKind::Pmt => el::owned(
            &PmtSyncRs {
                token,
                lostsync,
                bankacctfrom: ask.bank.clone(),
                pmttrnrs: records
                    .into_iter()
                    .filter_map(|r| if let Record::Pmt(x) = r { Some(x) } else { None })
                    .collect(),
            },
            version,
        ),
        SyncKind::Payee => el::owned(
            &PayeeSyncRs {
                token,
                lostsync,
                payeetrnrs: records
                    .into_iter()
                    .filter_map(|r| if let Record::Payee(x) = r { Some(x) } else { None })
                    .collect(),
            },
            version,
        ),
    }
}
