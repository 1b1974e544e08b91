//! Funds transfers (OFX spec chapter 11.7 intrabank, 11.8 interbank) and their synchronization.
//! Owned definitions: ofxkit writes the requests and reads the answers with them; the sandbox does
//! the reverse.

use crate::model::bank::rq::BankAcctFrom;
use crate::model::creditcard::rq::CcAcctFrom;
use crate::model::loan::rq::LoanAcctFrom;
use crate::model::signon::owned::StatusO;

owned_aggregate! {
    /// XFERINFO: from which account, to which, how much, when.
    pub struct XferInfo = XFERINFO {
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM,
        loanacctfrom: agg<LoanAcctFrom> = LOANACCTFROM,
        ccacctfrom: agg<CcAcctFrom> = CCACCTFROM,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        loanacctto: agg<LoanAcctFrom> = LOANACCTTO,
        ccacctto: agg<CcAcctFrom> = CCACCTTO,
        trnamt: amount = TRNAMT req,
        dtdue: date = DTDUE,
    }
}

owned_aggregate! {
    /// XFERPRCSTS: where a transfer stands (WILLPROCESSON, POSTEDON, NOFUNDSON, CANCELEDON,
    /// FAILEDON) and since when.
    pub struct XferPrcSts = XFERPRCSTS {
        xferprccode: text = XFERPRCCODE req,
        dtxferprc: date = DTXFERPRC req,
    }
}

owned_aggregate! {
    /// INTRARQ: a new intrabank transfer.
    pub struct IntraRq = INTRARQ {
        xferinfo: agg<XferInfo> = XFERINFO req,
    }
}

owned_aggregate! {
    /// INTRAMODRQ: change a scheduled transfer (the full transfer is sent).
    pub struct IntraModRq = INTRAMODRQ {
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
    }
}

owned_aggregate! {
    /// INTRACANRQ: cancel a scheduled transfer.
    pub struct IntraCanRq = INTRACANRQ {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// INTRARS: the server's transfer: its id, the transfer, projected or posted date, status.
    pub struct IntraRs = INTRARS {
        curdef: text = CURDEF req,
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
        dtxferprj: date = DTXFERPRJ,
        dtposted: date = DTPOSTED,
        recsrvrtid: text = RECSRVRTID,
        xferprcsts: agg<XferPrcSts> = XFERPRCSTS,
    }
}

owned_aggregate! {
    /// INTRAMODRS: the modified transfer.
    pub struct IntraModRs = INTRAMODRS {
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
        xferprcsts: agg<XferPrcSts> = XFERPRCSTS,
    }
}

owned_aggregate! {
    /// INTRACANRS: the cancelled transfer's id.
    pub struct IntraCanRs = INTRACANRS {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// INTRATRNRS: one intrabank transfer answer (also inside INTRASYNCRS).
    pub struct IntraTrnRs = INTRATRNRS {
        trnuid: text = TRNUID req,
        status: agg<StatusO> = STATUS req,
        cltcookie: text = CLTCOOKIE,
        intrars: agg<IntraRs> = INTRARS,
        intramodrs: agg<IntraModRs> = INTRAMODRS,
        intracanrs: agg<IntraCanRs> = INTRACANRS,
    }
}

owned_aggregate! {
    /// INTRASYNCRQ: what happened to the transfers of an account since a token.
    pub struct IntraSyncRq = INTRASYNCRQ {
        token: text = TOKEN,
        tokenonly: bool = TOKENONLY,
        refresh: bool = REFRESH,
        rejectifmissing: bool = REJECTIFMISSING req,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM,
        ccacctfrom: agg<CcAcctFrom> = CCACCTFROM,
    }
}

owned_aggregate! {
    /// INTRASYNCRS: the new token, LOSTSYNC, and one INTRATRNRS per change.
    pub struct IntraSyncRs = INTRASYNCRS {
        token: text = TOKEN req,
        lostsync: bool = LOSTSYNC,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM,
        ccacctfrom: agg<CcAcctFrom> = CCACCTFROM,
        intratrnrs: list<IntraTrnRs> = INTRATRNRS,
    }
}

owned_aggregate! {
    /// INTERRQ: a new interbank transfer.
    pub struct InterRq = INTERRQ {
        xferinfo: agg<XferInfo> = XFERINFO req,
    }
}

owned_aggregate! {
    /// INTERMODRQ: change a scheduled interbank transfer.
    pub struct InterModRq = INTERMODRQ {
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
    }
}

owned_aggregate! {
    /// INTERCANRQ: cancel a scheduled interbank transfer.
    pub struct InterCanRq = INTERCANRQ {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// INTERRS: the server's interbank transfer.
    pub struct InterRs = INTERRS {
        curdef: text = CURDEF req,
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
        dtxferprj: date = DTXFERPRJ,
        dtposted: date = DTPOSTED,
        refnum: text = REFNUM,
        recsrvrtid: text = RECSRVRTID,
        xferprcsts: agg<XferPrcSts> = XFERPRCSTS,
    }
}

owned_aggregate! {
    /// INTERMODRS: the modified interbank transfer.
    pub struct InterModRs = INTERMODRS {
        srvrtid: text = SRVRTID req,
        xferinfo: agg<XferInfo> = XFERINFO req,
        xferprcsts: agg<XferPrcSts> = XFERPRCSTS,
    }
}

owned_aggregate! {
    /// INTERCANRS: the cancelled interbank transfer's id.
    pub struct InterCanRs = INTERCANRS {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// INTERTRNRS: one interbank transfer answer (also inside INTERSYNCRS).
    pub struct InterTrnRs = INTERTRNRS {
        trnuid: text = TRNUID req,
        status: agg<StatusO> = STATUS req,
        cltcookie: text = CLTCOOKIE,
        interrs: agg<InterRs> = INTERRS,
        intermodrs: agg<InterModRs> = INTERMODRS,
        intercanrs: agg<InterCanRs> = INTERCANRS,
    }
}

owned_aggregate! {
    /// INTERSYNCRQ: interbank transfers of an account since a token.
    pub struct InterSyncRq = INTERSYNCRQ {
        token: text = TOKEN,
        tokenonly: bool = TOKENONLY,
        refresh: bool = REFRESH,
        rejectifmissing: bool = REJECTIFMISSING req,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM,
        ccacctfrom: agg<CcAcctFrom> = CCACCTFROM,
    }
}

owned_aggregate! {
    /// INTERSYNCRS: the new token, LOSTSYNC, and one INTERTRNRS per change.
    pub struct InterSyncRs = INTERSYNCRS {
        token: text = TOKEN req,
        lostsync: bool = LOSTSYNC,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM,
        ccacctfrom: agg<CcAcctFrom> = CCACCTFROM,
        intertrnrs: list<InterTrnRs> = INTERTRNRS,
    }
}
