//! Signon (SONRQ → SONRS): users, passwords, USERKEY, the FI check, the software deny list, AUTHTOKEN,
//! CLIENTUID registration and the MFA challenge.
//!
//! Status codes (the spec's signon codes, with the 1.0.3 / 2.1.1 additions): 0 success, 2000 general error (FI
//! ORG/FID mismatch, software on the deny list), 3000 MFA challenge required, 3001 MFA answers invalid,
//! 15500 signon invalid (unknown user, wrong password, unknown USERKEY), 15502 USERPASS lockout, 15510
//! CLIENTUID error, 15512 AUTHTOKEN required, 15513 AUTHTOKEN invalid.

use crate::markup::tree::NodeRef;
use crate::model::grammar::ids;

use super::data::{self, Need};
use super::el::{El, opt_leaf};
use super::state::State;
use super::{FID, FiConfig, ORG};

/// The anonymous USERID of profile requests: "anonymous" and 23 zeros.
pub const ANONYMOUS: &str = "anonymous00000000000000000000000";

/// The MFA questions user `mfa` gets: phrase id, label (none for the spec's built-in ids), expected
/// answer (case-insensitive; `None`: any non-empty answer, as for MFA107, the client's user agent).
pub const MFA_CHALLENGES: [(&str, Option<&str>, Option<&str>); 3] = [
    ("MFA13", Some("What is your favorite color?"), Some("blue")),
    ("MFA16", Some("Name of your first pet?"), Some("rex")),
    ("MFA107", None, None),
];

/// The outcome of a signon.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub code: u32,
    pub message: Option<String>,
    /// The signed-on user (also set for 3000/3001, where the password was right).
    pub user: Option<&'static str>,
    pub anonymous: bool,
    pub userkey: Option<String>,
    pub accesskey: Option<String>,
    pub sesscookie: Option<String>,
    pub language: String,
}

impl Outcome {
    fn fail(&mut self, code: u32, message: &str) {
        self.code = code;
        self.message = Some(message.to_string());
    }
    /// Whether the signon succeeded (the other transactions are answered).
    pub fn ok(&self) -> bool {
        self.code == 0
    }
}

/// Runs a signon against the state. `profile_only`: every transaction of the document is a profile
/// request (the one case the anonymous USERID may sign on for).
pub(crate) fn signon(st: &mut State, cfg: &FiConfig, sonrq: NodeRef<'_>, profile_only: bool) -> Outcome {
    let text = |id| sonrq.child_text(id).map(str::trim).filter(|s| !s.is_empty());
    let mut out = Outcome {
        language: text(ids::LANGUAGE).unwrap_or("ENG").to_string(),
        sesscookie: text(ids::SESSCOOKIE).map(str::to_string),
        ..Default::default()
    };
    // The FI, when the client names one.
    if let Some(fi) = sonrq.child(ids::FI) {
        let org = fi.child_text(ids::ORG).unwrap_or("");
        let fid = fi.child_text(ids::FID);
        if org != ORG || fid.is_some_and(|f| f != FID) {
            out.fail(2000, &format!("unknown FI: this server is ORG '{ORG}' FID '{FID}'"));
            return out;
        }
    }
    // Client software.
    let appid = text(ids::APPID).unwrap_or("");
    let appver = text(ids::APPVER).unwrap_or("");
    st.apps_seen.insert((appid.to_string(), appver.to_string()));
    if cfg.denied_apps.iter().any(|(a, v)| a == appid && v == appver) {
        out.fail(2000, "software no longer supported");
        return out;
    }
    // Who.
    let user: &'static str = if let Some(key) = text(ids::USERKEY) {
        match st.user_keys.get(key) {
            Some(u) => u,
            None => {
                out.fail(15500, "USERKEY not recognized: sign on with USERID and USERPASS");
                return out;
            }
        }
    } else if text(ids::ACCESSTOKEN).is_some() {
        out.fail(15500, "ACCESSTOKEN signon is not supported by the sandbox");
        return out;
    } else {
        let id = text(ids::USERID).unwrap_or("");
        let pass = sonrq.child_text(ids::USERPASS).unwrap_or("");
        if id == ANONYMOUS {
            if profile_only {
                out.anonymous = true;
                return out;
            }
            out.fail(15500, "the anonymous signon is for profile requests only");
            return out;
        }
        let Some((&uid, u)) = st.users.get_key_value(id) else {
            out.fail(15500, "invalid user ID or password");
            return out;
        };
        if u.needs(Need::Locked) {
            out.fail(15502, "account locked after too many failed signons: call customer service");
            return out;
        }
        if u.user.password != pass {
            out.fail(15500, "invalid user ID or password");
            return out;
        }
        uid
    };
    let Some(u) = st.users.get(user) else {
        out.fail(15500, "invalid user ID or password");
        return out;
    };
    if u.needs(Need::Locked) {
        out.fail(15502, "account locked after too many failed signons: call customer service");
        return out;
    }
    out.user = Some(user);
    match u.user.need {
        Need::AuthToken if !u.auth_token_done => match text(ids::AUTHTOKEN) {
            None => {
                out.fail(15512, "AUTHTOKEN required on the first signon");
                return out;
            }
            Some(t) if t != data::AUTH_TOKEN => {
                out.fail(15513, "AUTHTOKEN invalid");
                return out;
            }
            Some(_) => {
                if let Some(u) = st.users.get_mut(user) {
                    u.auth_token_done = true;
                }
            }
        },
        Need::ClientUid => {
            let Some(cu) = text(ids::CLIENTUID) else {
                out.fail(15510, "CLIENTUID required");
                return out;
            };
            let auto = cfg.auto_approve_client_uid;
            let Some(u) = st.users.get_mut(user) else { return out };
            if !u.approved_uids.contains(cu) {
                if auto {
                    u.pending_uids.remove(cu);
                    u.approved_uids.insert(cu.to_string());
                } else {
                    u.pending_uids.insert(cu.to_string());
                    out.fail(15510, "CLIENTUID not yet authorized: approve it out of band");
                    return out;
                }
            }
        }
        Need::Mfa => {
            let key = text(ids::ACCESSKEY);
            let known_key = key.is_some_and(|k| u.access_keys.contains(k));
            if !known_key {
                let answers: Vec<(&str, &str)> = sonrq
                    .children()
                    .filter(|c| c.elem() == Some(ids::MFACHALLENGEANSWER))
                    .map(|a| {
                        (
                            a.child_text(ids::MFAPHRASEID).unwrap_or("").trim(),
                            a.child_text(ids::MFAPHRASEA).unwrap_or("").trim(),
                        )
                    })
                    .collect();
                if answers.is_empty() {
                    out.fail(3000, "MFA challenge authentication is required");
                    return out;
                }
                let right = MFA_CHALLENGES.iter().all(|(id, _, want)| {
                    answers
                        .iter()
                        .any(|(aid, a)| aid == id && !a.is_empty() && want.is_none_or(|w| a.eq_ignore_ascii_case(w)))
                });
                if !right {
                    out.fail(3001, "MFA challenge information is invalid");
                    return out;
                }
                let k = st.issue("AK", user);
                if let Some(u) = st.users.get_mut(user) {
                    u.access_keys.insert(k.clone());
                }
                out.accesskey = Some(k);
            }
        }
        _ => {}
    }
    if text(ids::GENUSERKEY) == Some("Y") {
        let k = st.issue("UK", user);
        st.user_keys.insert(k.clone(), user);
        out.userkey = Some(k);
    }
    out
}

/// The STATUS aggregate.
pub(crate) fn status(code: u32, message: Option<&str>) -> El {
    let severity = match code {
        0 | 1 => "INFO",
        _ => "ERROR",
    };
    let mut k = vec![El::leaf("CODE", code.to_string()), El::leaf("SEVERITY", severity)];
    opt_leaf(&mut k, "MESSAGE", message);
    El::agg("STATUS", k)
}

/// The SONRS for an outcome.
pub(crate) fn sonrs(o: &Outcome, now: i64) -> El {
    let mut k = vec![status(o.code, o.message.as_deref()), El::leaf("DTSERVER", data::dt(now))];
    opt_leaf(&mut k, "USERKEY", o.userkey.as_deref());
    k.push(El::leaf("LANGUAGE", o.language.clone()));
    if o.ok() {
        k.push(El::leaf("DTPROFUP", data::dt(super::answer::profile_date())));
        if !o.anonymous {
            k.push(El::leaf("DTACCTUP", data::dt(super::answer::accounts_date())));
        }
    }
    k.push(El::agg("FI", vec![El::leaf("ORG", ORG), El::leaf("FID", FID)]));
    opt_leaf(&mut k, "SESSCOOKIE", o.sesscookie.as_deref());
    opt_leaf(&mut k, "ACCESSKEY", o.accesskey.as_deref());
    El::agg("SONRS", k)
}

/// The answer to MFACHALLENGETRNRQ: the questions for a user who needs them, else 2000.
///
/// Note: OFX 2.3's schema has no MFACHALLENGETRNRS in SIGNONMSGSRSV1 (the 1.0.3 DTD and 2.1.1 have it), so a
/// 2.x answer that carries it does not validate against the 2.3 XSD.
pub(crate) fn mfa_challenge(st: &State, o: &Outcome, trnuid: &str, cookie: Option<&str>) -> El {
    let needs = o.user.and_then(|u| st.users.get(u)).is_some_and(|u| u.needs(Need::Mfa));
    let mut k = vec![El::leaf("TRNUID", trnuid)];
    if needs {
        k.push(status(0, None));
        opt_leaf(&mut k, "CLTCOOKIE", cookie);
        let ch = MFA_CHALLENGES
            .iter()
            .map(|(id, label, _)| {
                let mut c = vec![El::leaf("MFAPHRASEID", *id)];
                opt_leaf(&mut c, "MFAPHRASELABEL", *label);
                El::agg("MFACHALLENGE", c)
            })
            .collect();
        k.push(El::agg("MFACHALLENGERS", ch));
    } else {
        k.push(status(2000, Some("no MFA challenge: this user does not use multi-factor authentication")));
        opt_leaf(&mut k, "CLTCOOKIE", cookie);
    }
    El::agg("MFACHALLENGETRNRS", k)
}
