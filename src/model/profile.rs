//! The FI profile (OFX spec chapter 7): PROFRS, the message sets the FI supports and its signon realms.

use crate::markup::tree::{NodeId, NodeRef};
use crate::model::define::{Aggregate, Field, Json, ReadCx, TextRef};
use crate::model::grammar::{self, ElemId, ids};

aggregate! {
    /// MSGSETCORE: what every message-set version says (URL, security, realm, languages, sync mode).
    pub struct MsgSetCore = MSGSETCORE {
        ver: text = VER => "version" req,
        url: text = URL => "url" req,
        /// OFX 1.6 V2 message sets: URL2 in place of URL.
        url2: text = URL2 => "url2",
        ofxsec: text = OFXSEC => "ofx_security" req,
        transpsec: bool = TRANSPSEC => "transport_security" req,
        signonrealm: text = SIGNONREALM => "signon_realm" req,
        language: texts = LANGUAGE => "languages" req,
        /// OFX 1.6 V2 message sets: the countries served.
        country: texts = COUNTRY => "countries",
        syncmode: text = SYNCMODE => "sync_mode" req,
        refreshsupt: bool = REFRESHSUPT => "refresh_supported",
        respfileer: bool = RESPFILEER => "response_file_error_recovery" req,
        spname: text = SPNAME => "sp_name",
    }
}

/// One version aggregate of a message set, e.g. BANKMSGSETV1.
#[derive(Clone, Debug, Default)]
pub struct MsgSetVersion {
    /// The version aggregate's tag, e.g. `BANKMSGSETV1`.
    pub tag: &'static str,
    pub core: Option<MsgSetCore>,
    /// The set-specific leaf values (e.g. `CLOSINGAVAIL`, `TRANDNLD`), by spec tag, in document order.
    pub options: Vec<(&'static str, TextRef)>,
    /// The element this was read from.
    pub node: NodeId,
}

/// One message set the FI supports, e.g. BANKMSGSET.
#[derive(Clone, Debug, Default)]
pub struct MsgSet {
    /// The message set's tag, e.g. `BANKMSGSET`.
    pub tag: &'static str,
    /// Its version aggregates (normally one), in document order.
    pub versions: Vec<MsgSetVersion>,
    /// The element this was read from.
    pub node: NodeId,
}

impl MsgSet {
    /// The tag of the first version aggregate, e.g. `BANKMSGSETV1` ("" when there is none).
    pub fn version(&self) -> &'static str {
        self.versions.first().map(|v| v.tag).unwrap_or("")
    }

    /// The MSGSETCORE of the first version aggregate.
    pub fn core(&self) -> Option<&MsgSetCore> {
        self.versions.iter().find_map(|v| v.core.as_ref())
    }
}

/// MSGSETLIST: the message sets, in document order.
#[derive(Clone, Debug, Default)]
pub struct MsgSetList {
    pub sets: Vec<MsgSet>,
    /// The element this was read from.
    pub node: NodeId,
}

fn known_name(n: NodeRef<'_>) -> Option<(ElemId, &'static str)> {
    n.elem().map(|id| (id, grammar::name(id)))
}

fn read_version(v: NodeRef<'_>, tag: &'static str, cx: &mut ReadCx<'_>) -> MsgSetVersion {
    let mut out = MsgSetVersion { tag, node: v.id(), ..Default::default() };
    for c in v.children() {
        let Some((id, name)) = known_name(c) else {
            continue;
        };
        if id == ids::MSGSETCORE {
            if out.core.is_none() {
                out.core = Some(MsgSetCore::read(c, cx));
            }
        } else if c.is_leaf() {
            if let Some(t) = <TextRef as Field>::read(c, cx) {
                out.options.push((name, t));
            }
        }
    }
    if out.core.is_none() {
        crate::model::define::missing(cx, v, "MSGSETCORE");
    }
    out
}

impl Aggregate for MsgSetList {
    const TAG: &'static str = "MSGSETLIST";
    fn elem() -> ElemId {
        ids::MSGSETLIST
    }
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self {
        let mut list = MsgSetList { node: node.id(), ..Default::default() };
        for set in node.children() {
            let Some((_, tag)) = known_name(set) else {
                continue;
            };
            if set.is_leaf() {
                continue;
            }
            let mut m = MsgSet { tag, node: set.id(), ..Default::default() };
            for v in set.children() {
                let Some((_, vtag)) = known_name(v) else {
                    continue;
                };
                if v.is_leaf() {
                    continue;
                }
                m.versions.push(read_version(v, vtag, cx));
            }
            if m.versions.is_empty() {
                crate::model::define::missing(cx, set, "a version aggregate");
            }
            list.sets.push(m);
        }
        list
    }
    fn json_fields(&self, j: &mut Json<'_>) {
        j.key("sets");
        j.begin_arr();
        for s in &self.sets {
            for v in &s.versions {
                j.elem();
                version_json(j, s.tag, v);
            }
        }
        j.end_arr();
    }
    fn node(&self) -> NodeId {
        self.node
    }
}

/// One message-set version as a JSON object.
fn version_json(j: &mut Json<'_>, set_tag: &str, v: &MsgSetVersion) {
    j.begin_obj();
    j.kv_str("type", set_tag);
    j.kv_str("version", v.tag);
    if let Some(c) = &v.core {
        j.field("ver", &c.ver);
        j.field("url", &c.url.or(c.url2));
        j.field("ofx_security", &c.ofxsec);
        j.field("transport_security", &c.transpsec);
        j.field("signon_realm", &c.signonrealm);
        if !c.language.is_empty() {
            j.key("languages");
            j.begin_arr();
            for l in &c.language {
                j.elem();
                l.json(j);
            }
            j.end_arr();
        }
        if !c.country.is_empty() {
            j.key("countries");
            j.begin_arr();
            for l in &c.country {
                j.elem();
                l.json(j);
            }
            j.end_arr();
        }
        j.field("sync_mode", &c.syncmode);
        j.field("refresh_supported", &c.refreshsupt);
        j.field("response_file_error_recovery", &c.respfileer);
        j.field("sp_name", &c.spname);
    }
    if !v.options.is_empty() {
        j.key("options");
        j.begin_obj();
        for (k, t) in &v.options {
            j.key(k);
            t.json(j);
        }
        j.end_obj();
    }
    j.end_obj();
}

aggregate! {
    /// SIGNONINFO: the rules of one signon realm (password form, MFA, client UID).
    pub struct SignonInfo = SIGNONINFO {
        signonrealm: text = SIGNONREALM => "name" req,
        min: int = MIN => "min" req,
        max: int = MAX => "max" req,
        chartype: text = CHARTYPE => "char_type" req,
        casesen: bool = CASESEN => "case_sensitive" req,
        special: bool = SPECIAL => "special" req,
        spaces: bool = SPACES => "spaces" req,
        pinch: bool = PINCH => "pin_change" req,
        chgpinfirst: bool = CHGPINFIRST => "change_pin_first" req,
        /// OFX 1.6 V2 profiles: the password kind.
        pwtype: text = PWTYPE => "password_type",
        usercred1label: text = USERCRED1LABEL => "user_cred1_label",
        usercred2label: text = USERCRED2LABEL => "user_cred2_label",
        clientuidreq: bool = CLIENTUIDREQ => "client_uid_required",
        authtokenfirst: bool = AUTHTOKENFIRST => "auth_token_first",
        authtokenlabel: text = AUTHTOKENLABEL => "auth_token_label",
        authtokeninfourl: text = AUTHTOKENINFOURL => "auth_token_info_url",
        mfachallengesupt: bool = MFACHALLENGESUPT => "mfa_challenge_supported",
        mfachallengefirst: bool = MFACHALLENGEFIRST => "mfa_challenge_first",
        accesstokenreq: bool = ACCESSTOKENREQ => "access_token_required",
    }
}

aggregate! {
    /// SIGNONINFOLIST: the signon realms.
    pub struct SignonInfoList = SIGNONINFOLIST {
        signoninfo: list<SignonInfo> = SIGNONINFO => "realms",
    }
}

aggregate! {
    /// PROFRS: the FI profile.
    pub struct ProfRs = PROFRS {
        msgsetlist: agg<MsgSetList> = MSGSETLIST => "message_set_list" req,
        signoninfolist: agg<SignonInfoList> = SIGNONINFOLIST => "signon_info_list" req,
        dtprofup: date = DTPROFUP => "dtprofup" req,
        finame: text = FINAME => "fi_name" req,
        addr1: text = ADDR1 => "addr1" req,
        addr2: text = ADDR2 => "addr2",
        addr3: text = ADDR3 => "addr3",
        city: text = CITY => "city" req,
        state: text = STATE => "state" req,
        postalcode: text = POSTALCODE => "postal_code" req,
        country: text = COUNTRY => "country" req,
        csphone: text = CSPHONE => "cs_phone",
        tsphone: text = TSPHONE => "ts_phone",
        faxphone: text = FAXPHONE => "fax_phone",
        url: text = URL => "url",
        /// OFX 1.6 V2 profiles: URL2 in place of URL, and whether the URL may redirect.
        url2: text = URL2 => "url2",
        urlgetredirect: bool = URLGETREDIRECT => "url_get_redirect",
        email: text = EMAIL => "email",
    }
}

impl ProfRs {
    /// The message sets, in document order.
    pub fn message_sets(&self) -> &[MsgSet] {
        self.msgsetlist.as_deref().map(|l| l.sets.as_slice()).unwrap_or(&[])
    }

    /// The signon realms.
    pub fn signon_infos(&self) -> &[SignonInfo] {
        self.signoninfolist.as_deref().map(|l| l.signoninfo.as_slice()).unwrap_or(&[])
    }

    /// The message set of this tag (e.g. `BANKMSGSET`), if the FI supports it.
    pub fn message_set(&self, tag: &str) -> Option<&MsgSet> {
        self.message_sets().iter().find(|s| s.tag == tag)
    }

    /// The view of the profile as a JSON object: `fi_name`, `dtprofup`, the address (`addr1`..`addr3`,
    /// `city`, `state`, `postal_code`, `country`), `cs_phone`, `ts_phone`, `fax_phone`, `url`, `email`,
    /// `message_sets` (the tags in document order), `message_set_details` (one object per message-set
    /// version: `type`, `version`, then the MSGSETCORE values and set-specific `options`) and
    /// `signon_realms` (the SIGNONINFO values; the optional Y/N flags the spec defaults to N are always
    /// written).
    pub fn view_json(&self, j: &mut Json<'_>) {
        j.begin_obj();
        j.field("fi_name", &self.finame);
        j.field("dtprofup", &self.dtprofup);
        j.field("addr1", &self.addr1);
        j.field("addr2", &self.addr2);
        j.field("addr3", &self.addr3);
        j.field("city", &self.city);
        j.field("state", &self.state);
        j.field("postal_code", &self.postalcode);
        j.field("country", &self.country);
        j.field("cs_phone", &self.csphone);
        j.field("ts_phone", &self.tsphone);
        j.field("fax_phone", &self.faxphone);
        j.field("url", &self.url.or(self.url2));
        j.field("email", &self.email);
        j.key("message_sets");
        j.begin_arr();
        for s in self.message_sets() {
            j.elem();
            j.str(s.tag);
        }
        j.end_arr();
        j.key("message_set_details");
        j.begin_arr();
        for s in self.message_sets() {
            for v in &s.versions {
                j.elem();
                version_json(j, s.tag, v);
            }
        }
        j.end_arr();
        j.key("signon_realms");
        j.begin_arr();
        for r in self.signon_infos() {
            j.elem();
            j.begin_obj();
            j.field("name", &r.signonrealm);
            j.field("min", &r.min);
            j.field("max", &r.max);
            j.field("char_type", &r.chartype);
            j.field("case_sensitive", &r.casesen);
            j.field("special", &r.special);
            j.field("spaces", &r.spaces);
            j.field("pin_change", &r.pinch);
            j.field("change_pin_first", &r.chgpinfirst);
            j.field("password_type", &r.pwtype);
            j.field("user_cred1_label", &r.usercred1label);
            j.field("user_cred2_label", &r.usercred2label);
            let flag = |v: Option<bool>| Some(v.unwrap_or(false));
            j.field("client_uid_required", &flag(r.clientuidreq));
            j.field("auth_token_first", &flag(r.authtokenfirst));
            j.field("auth_token_label", &r.authtokenlabel);
            j.field("auth_token_info_url", &r.authtokeninfourl);
            j.field("mfa_challenge_supported", &flag(r.mfachallengesupt));
            j.field("mfa_challenge_first", &flag(r.mfachallengefirst));
            j.field("access_token_required", &flag(r.accesstokenreq));
            j.end_obj();
        }
        j.end_arr();
        j.end_obj();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::invest::test_util::{assert_no_missing, both, iso, txt};

    fn core(url: &str, realm: &str, extra_lang: bool) -> String {
        format!(
            "<MSGSETCORE><VER>1</VER><URL>{url}</URL><OFXSEC>NONE</OFXSEC><TRANSPSEC>Y</TRANSPSEC><SIGNONREALM>{realm}</SIGNONREALM>\
<LANGUAGE>ENG</LANGUAGE>{}<SYNCMODE>LITE</SYNCMODE><REFRESHSUPT>N</REFRESHSUPT><RESPFILEER>N</RESPFILEER></MSGSETCORE>",
            if extra_lang { "<LANGUAGE>SPA</LANGUAGE>" } else { "" }
        )
    }

    fn body() -> String {
        let u = "https://ofx.example.com/ofx";
        format!(
            "<PROFMSGSRSV1><PROFTRNRS><TRNUID>4</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<PROFRS><MSGSETLIST>
<SIGNONMSGSET><SIGNONMSGSETV1>{}</SIGNONMSGSETV1></SIGNONMSGSET>
<SIGNUPMSGSET><SIGNUPMSGSETV1>{}<WEBENROLL><URL>https://example.com/enroll</URL></WEBENROLL>
<CHGUSERINFO>N</CHGUSERINFO><AVAILACCTS>Y</AVAILACCTS><CLIENTACTREQ>N</CLIENTACTREQ></SIGNUPMSGSETV1></SIGNUPMSGSET>
<BANKMSGSET><BANKMSGSETV1>{}<CLOSINGAVAIL>Y</CLOSINGAVAIL><EMAILPROF><CANEMAIL>N</CANEMAIL><CANNOTIFY>N</CANNOTIFY></EMAILPROF>
</BANKMSGSETV1></BANKMSGSET>
<INVSTMTMSGSET><INVSTMTMSGSETV1>{}<TRANDNLD>Y</TRANDNLD><OODNLD>N</OODNLD><POSDNLD>Y</POSDNLD><BALDNLD>Y</BALDNLD>
<CANEMAIL>N</CANEMAIL></INVSTMTMSGSETV1></INVSTMTMSGSET>
<PROFMSGSET><PROFMSGSETV1>{}</PROFMSGSETV1></PROFMSGSET>
</MSGSETLIST>
<SIGNONINFOLIST>
<SIGNONINFO><SIGNONREALM>DEFAULT</SIGNONREALM><MIN>4</MIN><MAX>32</MAX><CHARTYPE>ALPHAORNUMERIC</CHARTYPE><CASESEN>Y</CASESEN>
<SPECIAL>N</SPECIAL><SPACES>N</SPACES><PINCH>Y</PINCH><CHGPINFIRST>N</CHGPINFIRST><USERCRED1LABEL>Token</USERCRED1LABEL>
<CLIENTUIDREQ>Y</CLIENTUIDREQ><MFACHALLENGESUPT>Y</MFACHALLENGESUPT></SIGNONINFO>
<SIGNONINFO><SIGNONREALM>INV</SIGNONREALM><MIN>6</MIN><MAX>12</MAX><CHARTYPE>ALPHAANDNUMERIC</CHARTYPE><CASESEN>N</CASESEN>
<SPECIAL>Y</SPECIAL><SPACES>N</SPACES><PINCH>N</PINCH><CHGPINFIRST>N</CHGPINFIRST></SIGNONINFO>
</SIGNONINFOLIST>
<DTPROFUP>20240101120000</DTPROFUP><FINAME>Example Bank</FINAME><ADDR1>1 Main St</ADDR1><ADDR2>Suite 2</ADDR2>
<CITY>Springfield</CITY><STATE>IL</STATE><POSTALCODE>62701</POSTALCODE><COUNTRY>USA</COUNTRY><CSPHONE>555-0199</CSPHONE>
<URL>https://example.com</URL><EMAIL>help@example.com</EMAIL>
</PROFRS></PROFTRNRS></PROFMSGSRSV1>",
            core(u, "DEFAULT", false),
            core(u, "DEFAULT", false),
            core(u, "DEFAULT", true),
            core("https://ofx.example.com/inv", "INV", false),
            core(u, "DEFAULT", false),
        )
    }

    #[test]
    fn profile_response() {
        for doc in both(&body()) {
            assert_no_missing(&doc);
            let p = doc.profile.as_ref().expect("profile");
            assert_eq!(txt(&doc, p.finame), "Example Bank");
            assert_eq!(iso(p.dtprofup), "2024-01-01T12:00:00Z");
            assert_eq!(txt(&doc, p.addr2), "Suite 2");
            assert!(p.addr3.is_none());
            assert_eq!(txt(&doc, p.country), "USA");
            assert_eq!(txt(&doc, p.email), "help@example.com");

            let sets = p.message_sets();
            let tags: Vec<_> = sets.iter().map(|s| s.tag).collect();
            assert_eq!(tags, ["SIGNONMSGSET", "SIGNUPMSGSET", "BANKMSGSET", "INVSTMTMSGSET", "PROFMSGSET"]);
            let versions: Vec<_> = sets.iter().map(|s| s.version()).collect();
            assert_eq!(
                versions,
                ["SIGNONMSGSETV1", "SIGNUPMSGSETV1", "BANKMSGSETV1", "INVSTMTMSGSETV1", "PROFMSGSETV1"]
            );
            let bank = p.message_set("BANKMSGSET").unwrap();
            let c = bank.core().unwrap();
            assert_eq!(txt(&doc, c.ver), "1");
            assert_eq!(txt(&doc, c.url), "https://ofx.example.com/ofx");
            assert_eq!(txt(&doc, c.ofxsec), "NONE");
            assert_eq!(c.transpsec, Some(true));
            assert_eq!(c.language.iter().map(|l| l.get(&doc.tree)).collect::<Vec<_>>(), ["ENG", "SPA"]);
            assert_eq!(txt(&doc, c.syncmode), "LITE");
            assert_eq!(c.refreshsupt, Some(false));
            assert_eq!(c.respfileer, Some(false));
            let opts: Vec<_> = bank.versions[0].options.iter().map(|(k, v)| (*k, v.get(&doc.tree))).collect();
            assert_eq!(opts, [("CLOSINGAVAIL", "Y")]);
            let inv = p.message_set("INVSTMTMSGSET").unwrap();
            assert_eq!(txt(&doc, inv.core().unwrap().signonrealm), "INV");
            assert_eq!(inv.versions[0].options.len(), 5);
            assert!(p.message_set("BILLPAYMSGSET").is_none());

            let realms = p.signon_infos();
            assert_eq!(realms.len(), 2);
            assert_eq!(txt(&doc, realms[0].signonrealm), "DEFAULT");
            assert_eq!((realms[0].min, realms[0].max), (Some(4), Some(32)));
            assert_eq!(realms[0].clientuidreq, Some(true));
            assert_eq!(realms[0].mfachallengesupt, Some(true));
            assert_eq!(realms[0].casesen, Some(true));
            assert_eq!(txt(&doc, realms[0].usercred1label), "Token");
            assert_eq!(realms[1].clientuidreq, None);
            assert_eq!(txt(&doc, realms[1].chartype), "ALPHAANDNUMERIC");
        }
    }

    #[test]
    fn profile_view_json() {
        let [_, doc] = both(&body());
        let p = doc.profile.as_ref().unwrap();
        let mut j = Json::new(&doc.tree);
        p.view_json(&mut j);
        let out = j.out;
        assert!(
            out.starts_with(r#"{"fi_name":"Example Bank","dtprofup":"2024-01-01T12:00:00Z","addr1":"1 Main St","addr2":"Suite 2","city":"Springfield""#),
            "{out}"
        );
        assert!(
            out.contains(r#""message_sets":["SIGNONMSGSET","SIGNUPMSGSET","BANKMSGSET","INVSTMTMSGSET","PROFMSGSET"]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"type":"BANKMSGSET","version":"BANKMSGSETV1","ver":"1","url":"https://ofx.example.com/ofx","ofx_security":"NONE","transport_security":true,"signon_realm":"DEFAULT","languages":["ENG","SPA"],"sync_mode":"LITE","refresh_supported":false,"response_file_error_recovery":false,"options":{"CLOSINGAVAIL":"Y"}}"#),
            "{out}"
        );
        assert!(
            out.contains(r#""signon_realms":[{"name":"DEFAULT","min":4,"max":32,"char_type":"ALPHAORNUMERIC","case_sensitive":true,"special":false,"spaces":false,"pin_change":true,"change_pin_first":false,"user_cred1_label":"Token","client_uid_required":true,"auth_token_first":false,"mfa_challenge_supported":true,"mfa_challenge_first":false,"access_token_required":false}"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"name":"INV","min":6,"max":12"#) && out.contains(r#""client_uid_required":false"#),
            "{out}"
        );
        assert!(out.ends_with("}]}"), "{out}");
        // The declarative JSON of the list shows the same details.
        let mut j = Json::new(&doc.tree);
        j.agg(p);
        assert!(
            j.out.contains(r#""message_set_list":{"sets":[{"type":"SIGNONMSGSET","version":"SIGNONMSGSETV1""#),
            "{}",
            j.out
        );
    }

    #[test]
    fn message_set_without_core_warns() {
        let body = "<PROFMSGSRSV1><PROFTRNRS><TRNUID>4</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<PROFRS><MSGSETLIST><BANKMSGSET><BANKMSGSETV1><CLOSINGAVAIL>N</CLOSINGAVAIL></BANKMSGSETV1></BANKMSGSET></MSGSETLIST>
<SIGNONINFOLIST></SIGNONINFOLIST><DTPROFUP>20240101</DTPROFUP><FINAME>F</FINAME><ADDR1>a</ADDR1><CITY>c</CITY>
<STATE>s</STATE><POSTALCODE>p</POSTALCODE><COUNTRY>USA</COUNTRY></PROFRS></PROFTRNRS></PROFMSGSRSV1>";
        let [_, doc] = both(body);
        let p = doc.profile.as_ref().unwrap();
        assert_eq!(p.message_sets().len(), 1);
        assert!(p.message_sets()[0].core().is_none());
        assert!(doc.warnings.iter().any(|w| w.message == "BANKMSGSETV1 has no MSGSETCORE"), "{:?}", doc.warnings);
    }
}

/// Profile requests.
pub mod rq {
    owned_aggregate! {
        /// PROFRQ: the FI profile, if changed since DTPROFUP.
        pub struct ProfRq = PROFRQ {
            clientrouting: text = CLIENTROUTING req,
            dtprofup: date = DTPROFUP req,
        }
    }
}
