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
