//! The FI's mutable state, behind one mutex: users → accounts → records, and per user what the signon
//! flows have established (approved and pending CLIENTUIDs, ACCESSKEYs issued after MFA, USERKEYs, whether
//! the AUTHTOKEN was presented) plus a map TRNUID → stored answer.
//!
//! The map serves the money-moving requests (transfers, bill payments, payee changes): the spec's
//! idempotency rule is that a repeated TRNUID gets the original answer instead of acting twice. Statement
//! downloads and payment inquiries do not act, so they are not stored.
//!
//! Money: each user has transfers, payments and a payee list ([`Money`]), and sync histories: one per
//! (kind, account) for transfers and payments (the source account's), one per user for payees. Every change
//! appends an [`Event`] with a sequence number taken from one FI-wide counter, so a token (the decimal
//! sequence number of a history's newest event) belongs to exactly one history.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use crate::model::bank::rq::BankAcctFrom;
use crate::model::bank::shared::PayeeO;
use crate::model::billpay::{ExtdPayee, PayeeTrnRs, PmtInfo, PmtTrnRs};
use crate::model::transfer::{InterTrnRs, IntraTrnRs, XferInfo};

use super::data::{self, Need, User};
use super::el::El;

/// What the FI remembers about one user.
#[derive(Debug)]
pub(crate) struct UserState {
    pub user: User,
    pub approved_uids: BTreeSet<String>,
    pub pending_uids: BTreeSet<String>,
    pub access_keys: BTreeSet<String>,
    pub auth_token_done: bool,
    /// TRNUID → the …TRNRS answered for it (money-moving requests; see the module doc).
    pub answers: HashMap<String, El>,
    /// Transfers, payments, payees and their sync histories.
    pub money: Money,
}

/// Where a transfer or a payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Due on a later day than the FI's today: may still be modified or cancelled.
    Scheduled,
    /// Posted (a transfer) or processed (a payment) at this instant (UTC seconds).
    Done(i64),
    /// Cancelled at this instant.
    Cancelled(i64),
    /// Came due at this instant but the source account lacked the funds.
    NoFunds(i64),
}

/// One intrabank or interbank transfer.
#[derive(Clone, Debug)]
pub(crate) struct Transfer {
    /// SRVRTID.
    pub id: String,
    pub interbank: bool,
    /// TRNUID of the request that made it.
    pub trnuid: String,
    /// ACCTID of the source account (whose sync history records the transfer's changes).
    pub source: String,
    /// The transfer as it now stands (the last modification's XFERINFO).
    pub info: XferInfo,
    pub stage: Stage,
}

/// One bill payment.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    /// SRVRTID.
    pub id: String,
    pub trnuid: String,
    /// ACCTID of the account paid from.
    pub source: String,
    /// The payment as it now stands, its PAYEELSTID filled in.
    pub info: PmtInfo,
    pub payee_list_id: String,
    pub extd: Option<ExtdPayee>,
    pub stage: Stage,
}

/// One entry of a user's payee list.
#[derive(Clone, Debug)]
pub(crate) struct PayeeEntry {
    /// PAYEELSTID.
    pub list_id: String,
    /// TRNUID of the request that set it up (a PAYEERQ, or a PMTRQ to a new payee).
    pub trnuid: String,
    /// The standard payee id when the entry was set up from one (its address is then the FI's).
    pub standard: Option<String>,
    pub payee: PayeeO,
    pub bankacctto: Option<BankAcctFrom>,
    pub payacct: Vec<String>,
}

/// Which sync history.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Stream {
    /// Intrabank transfers from this account (ACCTID).
    Intra(String),
    /// Interbank transfers from this account.
    Inter(String),
    /// Payments from this account.
    Pmt(String),
    /// The user's payee list.
    Payee,
}

/// One change as the sync answers report it: the …TRNRS, with the TRNUID of the request that made it.
#[derive(Clone, Debug)]
pub(crate) enum Record {
    Intra(IntraTrnRs),
    Inter(InterTrnRs),
    Pmt(PmtTrnRs),
    Payee(PayeeTrnRs),
}

/// One change in a history.
#[derive(Clone, Debug)]
pub(crate) struct Event {
    /// The FI-wide sequence number: the token that points just after this event.
    pub seq: u64,
    pub record: Record,
}

/// A bounded sync history.
#[derive(Clone, Debug, Default)]
pub(crate) struct History {
    /// The kept events, oldest first.
    pub events: VecDeque<Event>,
    /// Sequence number of the newest dropped event (0: none dropped yet).
    pub floor: u64,
}

impl History {
    /// The current token: the newest event's sequence number (the floor when none is kept).
    pub fn token(&self) -> u64 {
        self.events.back().map(|e| e.seq).unwrap_or(self.floor)
    }
    /// The events after a token this history gave out; `None` when the token is not one of its own (another
    /// history's, made up, or older than the kept events).
    pub fn since(&self, token: u64) -> Option<impl Iterator<Item = &Event>> {
        let known = token == self.floor || self.events.iter().any(|e| e.seq == token);
        known.then(|| self.events.iter().filter(move |e| e.seq > token))
    }
    /// Appends an event, dropping the oldest beyond `keep` (at least 1).
    pub fn push(&mut self, e: Event, keep: usize) {
        self.events.push_back(e);
        while self.events.len() > keep.max(1) {
            if let Some(old) = self.events.pop_front() {
                self.floor = old.seq;
            }
        }
    }
}

/// A user's money: transfers, payments, payees, sync histories.
#[derive(Debug, Default)]
pub(crate) struct Money {
    pub transfers: Vec<Transfer>,
    pub payments: Vec<Payment>,
    /// The live payee list (deleted entries are removed).
    pub payees: Vec<PayeeEntry>,
    pub histories: HashMap<Stream, History>,
}

/// FI-wide counters for server ids and sync events (deterministic: the n-th id issued).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Transfers and payments (SRVRTID) and payee list entries (PAYEELSTID).
    pub ids: u64,
    /// Sync events.
    pub events: u64,
}

/// The whole mutable state.
#[derive(Debug)]
pub(crate) struct State {
    pub users: BTreeMap<&'static str, UserState>,
    /// USERKEY → user id.
    pub user_keys: HashMap<String, &'static str>,
    /// Every APPID/APPVER pair seen in a signon.
    pub apps_seen: BTreeSet<(String, String)>,
    /// Counter for generated keys (deterministic: the n-th key issued).
    pub issued: u64,
    /// Test hook: answer each message set's transactions in reverse order.
    pub reorder_answers: bool,
    /// Test hook: leave the transaction with this TRNUID unanswered.
    pub drop_trnuid: Option<String>,
    /// Server ids and sync event numbers.
    pub counters: Counters,
    /// Test hook: the FI's clock (UTC seconds), over [`super::FiConfig::clock`].
    pub clock: Option<i64>,
}

impl State {
    pub fn new_demo() -> State {
        let users = data::demo_users()
            .into_iter()
            .map(|u| {
                let id = u.id;
                let st = UserState {
                    user: u,
                    approved_uids: BTreeSet::new(),
                    pending_uids: BTreeSet::new(),
                    access_keys: BTreeSet::new(),
                    auth_token_done: false,
                    answers: HashMap::new(),
                    money: Money::default(),
                };
                (id, st)
            })
            .collect();
        State {
            users,
            user_keys: HashMap::new(),
            apps_seen: BTreeSet::new(),
            issued: 0,
            reorder_answers: false,
            drop_trnuid: None,
            counters: Counters::default(),
            clock: None,
        }
    }

    /// A fresh key: `<prefix>-<user>-<n>`.
    pub fn issue(&mut self, prefix: &str, user: &str) -> String {
        self.issued += 1;
        format!("{prefix}-{user}-{:04}", self.issued)
    }

    /// A user's state by user id.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut UserState> {
        self.users.get_mut(id)
    }
}

impl UserState {
    /// Whether this user's signon needs the MFA challenge.
    pub fn needs(&self, n: Need) -> bool {
        self.user.need == n
    }
}
