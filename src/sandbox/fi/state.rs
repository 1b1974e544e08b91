//! The FI's mutable state, behind one mutex: users → accounts → records, and per user what the signon
//! flows have established (approved and pending CLIENTUIDs, ACCESSKEYs issued after MFA, USERKEYs, whether
//! the AUTHTOKEN was presented) plus a map TRNUID → stored answer.
//!
//! The map is there for the money-moving requests to come (transfers, bill payments): the spec's
//! idempotency rule is that a repeated TRNUID gets the original answer instead of acting twice. Statement
//! downloads do not act, so they are not stored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    #[allow(dead_code, reason = "read and written by the money-moving requests to come (idempotency)")]
    pub answers: HashMap<String, El>,
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
