//! The FI profile (PROFRQ → PROFRS): the message sets the sandbox offers at the request's version, its
//! signon realms and its address.
//!
//! Up-to-date rule (the spec's profile request): when the client's DTPROFUP is not older than the profile's date,
//! the answer is STATUS 1 ("client is up to date") with no PROFRS.

use crate::markup::tree::NodeRef;
use crate::model::grammar::ids;
use crate::values::datetime::parse_ofx_datetime;

use super::answer::{Cx, profile_date, unsupported, wrap};
use super::data::dt;
use super::el::El;
use super::{FID, ORG};

/// The realm every message set uses (MFA supported).
pub const REALM: &str = "SandboxRealm";
/// The realm whose users need a registered CLIENTUID.
pub const UID_REALM: &str = "SandboxUIDRealm";
/// The realm whose users present an AUTHTOKEN on their first signon.
pub const TOKEN_REALM: &str = "SandboxTokenRealm";

fn core(cx: &Cx<'_>) -> El {
    El::agg(
        "MSGSETCORE",
        vec![
            El::leaf("VER", "1"),
            El::leaf("URL", format!("{}/ofx", cx.base_url)),
            El::leaf("OFXSEC", "NONE"),
            El::leaf("TRANSPSEC", "Y"),
            El::leaf("SIGNONREALM", REALM),
            El::leaf("LANGUAGE", "ENG"),
            El::leaf("SYNCMODE", "LITE"),
            El::leaf("RESPFILEER", "N"),
        ],
    )
}

fn set(name: &'static str, v1: &'static str, cx: &Cx<'_>, extra: Vec<El>) -> El {
    let mut k = vec![core(cx)];
    k.extend(extra);
    El::agg(name, vec![El::agg(v1, k)])
}

fn yes(n: &'static str) -> El {
    El::leaf(n, "Y")
}

fn no(n: &'static str) -> El {
    El::leaf(n, "N")
}

fn image_prof(cx: &Cx<'_>, closing: bool, tran: bool) -> Option<El> {
    (cx.xml && cx.version >= 211).then(|| {
        El::agg(
            "IMAGEPROF",
            vec![
                El::leaf("CLOSINGIMGAVAIL", if closing { "Y" } else { "N" }),
                El::leaf("TRANIMGAVAIL", if tran { "Y" } else { "N" }),
            ],
        )
    })
}

fn signon_info(realm: &'static str, uid: bool, token: bool) -> El {
    let mut k = vec![
        El::leaf("SIGNONREALM", realm),
        El::leaf("MIN", "4"),
        El::leaf("MAX", "32"),
        El::leaf("CHARTYPE", "ALPHAORNUMERIC"),
        yes("CASESEN"),
        yes("SPECIAL"),
        no("SPACES"),
        no("PINCH"),
        no("CHGPINFIRST"),
    ];
    if uid {
        k.push(yes("CLIENTUIDREQ"));
    }
    if token {
        k.push(yes("AUTHTOKENFIRST"));
        k.push(El::leaf("AUTHTOKENLABEL", "Security token"));
        k.push(El::leaf("AUTHTOKENINFOURL", "https://localhost/sandbox/token"));
    }
    k.push(yes("MFACHALLENGESUPT"));
    k.push(no("MFACHALLENGEFIRST"));
    El::agg("SIGNONINFO", k)
}

/// The PROFRS for the request's version.
pub(crate) fn profrs(cx: &Cx<'_>) -> El {
    let mut sets = vec![set("SIGNONMSGSET", "SIGNONMSGSETV1", cx, vec![])];
    sets.push(set(
        "SIGNUPMSGSET",
        "SIGNUPMSGSETV1",
        cx,
        vec![
            El::agg("CLIENTENROLL", vec![no("ACCTREQUIRED")]),
            no("CHGUSERINFO"),
            yes("AVAILACCTS"),
            no("CLIENTACTREQ"),
        ],
    ));
    let mut bank = vec![yes("CLOSINGAVAIL")];
    if cx.xml {
        bank.push(yes("PENDINGAVAIL"));
    }
    bank.push(El::agg("EMAILPROF", vec![no("CANEMAIL"), no("CANNOTIFY")]));
    bank.extend(image_prof(cx, false, true));
    sets.push(set("BANKMSGSET", "BANKMSGSETV1", cx, bank));
    let mut cc = vec![yes("CLOSINGAVAIL")];
    if cx.xml {
        cc.push(yes("PENDINGAVAIL"));
    }
    sets.push(set("CREDITCARDMSGSET", "CREDITCARDMSGSETV1", cx, cc));
    if cx.xml && cx.version >= 210 {
        sets.push(set(
            "LOANMSGSET",
            "LOANMSGSETV1",
            cx,
            vec![yes("TRANDNLD"), yes("CLOSINGAVAIL"), no("AMRTAVAIL"), no("CANEMAIL")],
        ));
    }
    if cx.xml && cx.version >= 211 {
        sets.push(set(
            "IMAGEMSGSET",
            "IMAGEMSGSETV1",
            cx,
            vec![El::leaf("DFLTIMAGEDELAY", "0"), El::leaf("DFLTIMAGETTL", "30")],
        ));
    }
    sets.push(set(
        "INVSTMTMSGSET",
        "INVSTMTMSGSETV1",
        cx,
        vec![yes("TRANDNLD"), yes("OODNLD"), yes("POSDNLD"), yes("BALDNLD"), no("CANEMAIL")],
    ));
    sets.push(set("SECLISTMSGSET", "SECLISTMSGSETV1", cx, vec![no("SECLISTRQDNLD")]));
    sets.push(set("PROFMSGSET", "PROFMSGSETV1", cx, vec![]));
    El::agg(
        "PROFRS",
        vec![
            El::agg("MSGSETLIST", sets),
            El::agg(
                "SIGNONINFOLIST",
                vec![
                    signon_info(REALM, false, false),
                    signon_info(UID_REALM, true, false),
                    signon_info(TOKEN_REALM, false, true),
                ],
            ),
            El::leaf("DTPROFUP", dt(profile_date())),
            El::leaf("FINAME", ORG),
            El::leaf("ADDR1", "1 Sandbox Way"),
            El::leaf("CITY", "Testville"),
            El::leaf("STATE", "CA"),
            El::leaf("POSTALCODE", "94000"),
            El::leaf("COUNTRY", "USA"),
            El::leaf("CSPHONE", "555-0100"),
            El::leaf("URL", format!("{}/ofx", cx.base_url)),
            El::leaf("EMAIL", format!("support-{FID}@sandbox.ofxkit.example")),
        ],
    )
}

/// PROFTRNRQ.
pub(crate) fn profile(cx: &Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "PROFTRNRS";
    let Some(rq) = trn.child(ids::PROFRQ) else { return unsupported(RS, trn) };
    let theirs =
        rq.child_text(ids::DTPROFUP).and_then(|t| parse_ofx_datetime(t.trim()).ok()).map(|(d, _)| d.unix_seconds);
    if theirs.is_some_and(|t| t >= profile_date()) {
        return wrap(RS, trn, 1, Some("client is up to date"), None);
    }
    wrap(RS, trn, 0, None, Some(profrs(cx)))
}
