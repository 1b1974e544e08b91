//! Signon (OFX spec chapter 2.5): SONRS, STATUS, FI, MFA.

aggregate! {
    /// STATUS: the outcome of a request (0 is success).
    pub struct Status = STATUS {
        code: int = CODE => "code" req,
        severity: text = SEVERITY => "severity" req,
        message: text = MESSAGE => "message",
    }
}

aggregate! {
    /// FI: the financial institution's identity.
    pub struct Fi = FI {
        org: text = ORG => "org" req,
        fid: text = FID => "fid",
    }
}

aggregate! {
    /// SONRS: the signon response.
    pub struct SonRs = SONRS {
        status: agg<Status> = STATUS => "status" req,
        dtserver: date = DTSERVER => "dtserver" req,
        userkey: text = USERKEY => "userkey",
        tskeyexpire: date = TSKEYEXPIRE => "tskeyexpire",
        language: text = LANGUAGE => "language" req,
        dtprofup: date = DTPROFUP => "dtprofup",
        dtacctup: date = DTACCTUP => "dtacctup",
        fi: agg<Fi> = FI => "fi",
        sesscookie: text = SESSCOOKIE => "sesscookie",
        accesskey: text = ACCESSKEY => "accesskey",
    }
}

aggregate! {
    /// MFACHALLENGE: one question of a multi-factor challenge.
    pub struct MfaChallenge = MFACHALLENGE {
        phraseid: text = MFAPHRASEID => "phrase_id" req,
        phraselabel: text = MFAPHRASELABEL => "phrase_label",
    }
}

aggregate! {
    /// MFACHALLENGERS: the questions the FI asks.
    pub struct MfaChallengeRs = MFACHALLENGERS {
        challenges: list<MfaChallenge> = MFACHALLENGE => "challenges",
    }
}

/// Signon requests (owned: what ofxkit writes, what the sandbox reads).
pub mod rq {
    owned_aggregate! {
        /// FI: the institution a signon is for.
        pub struct FiId = FI {
            org: text = ORG req,
            fid: text = FID,
        }
    }

    owned_aggregate! {
        /// MFACHALLENGEANSWER: the answer to one MFA question (the DTD's and the 2.3 schema's name;
        /// the 2.1.1 text calls it MFACHALLENGEA, which a quirk profile can ask for).
        pub struct MfaChallengeAnswer = MFACHALLENGEANSWER {
            mfaphraseid: text = MFAPHRASEID req,
            mfaphrasea: text = MFAPHRASEA req,
        }
    }

    owned_aggregate! {
        /// SONRQ: the signon request. Either USERID and USERPASS, or USERKEY, or ACCESSTOKEN.
        pub struct SonRq = SONRQ {
            dtclient: date = DTCLIENT req,
            userid: text = USERID,
            userpass: text = USERPASS,
            userkey: text = USERKEY,
            accesstoken: text = ACCESSTOKEN,
            genuserkey: bool = GENUSERKEY,
            language: text = LANGUAGE req,
            fi: agg<FiId> = FI,
            sesscookie: text = SESSCOOKIE,
            appid: text = APPID req,
            appver: text = APPVER req,
            appkey: text = APPKEY,
            clientuid: text = CLIENTUID,
            usercred1: text = USERCRED1,
            usercred2: text = USERCRED2,
            authtoken: text = AUTHTOKEN,
            accesskey: text = ACCESSKEY,
            mfachallengeanswer: list<MfaChallengeAnswer> = MFACHALLENGEANSWER,
        }
    }

    owned_aggregate! {
        /// MFACHALLENGERQ: asks for the MFA questions (1.0.3, 2.1.1).
        pub struct MfaChallengeRq = MFACHALLENGERQ {
            dtclient: date = DTCLIENT req,
        }
    }
}

/// Owned STATUS (for answers read or written with owned definitions).
pub mod owned {
    owned_aggregate! {
        /// STATUS: the outcome of a request (0 is success).
        pub struct StatusO = STATUS {
            code: int = CODE req,
            severity: text = SEVERITY req,
            message: text = MESSAGE,
        }
    }
}
