//! Bill payment (OFX spec chapter 12): payments, payees, their synchronization. Owned definitions
//! (ofxkit writes the requests and reads the answers; the sandbox does the reverse).

use crate::model::bank::rq::BankAcctFrom;
use crate::model::bank::shared::PayeeO;
use crate::model::signon::owned::StatusO;

owned_aggregate! {
    /// PMTINFO: a payment: from which account, how much, to whom (a payee list id, or a full
    /// address), the account at the payee, when.
    pub struct PmtInfo = PMTINFO {
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM req,
        trnamt: amount = TRNAMT req,
        payeeid: text = PAYEEID,
        payee: agg<PayeeO> = PAYEE,
        payeelstid: text = PAYEELSTID,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        payacct: text = PAYACCT req,
        dtdue: date = DTDUE req,
        memo: text = MEMO,
    }
}

owned_aggregate! {
    /// PMTPRCSTS: where a payment stands (WILLPROCESSON, PROCESSEDON, NOFUNDSON, FAILEDON,
    /// CANCELEDON) and since when.
    pub struct PmtPrcSts = PMTPRCSTS {
        pmtprccode: text = PMTPRCCODE req,
        dtpmtprc: date = DTPMTPRC req,
    }
}

owned_aggregate! {
    /// EXTDPAYEE: what the server knows of a payee.
    pub struct ExtdPayee = EXTDPAYEE {
        payeeid: text = PAYEEID,
        idscope: text = IDSCOPE,
        name: text = NAME,
        daystopay: int = DAYSTOPAY req,
    }
}

owned_aggregate! {
    /// PMTRQ: a new payment.
    pub struct PmtRq = PMTRQ {
        pmtinfo: agg<PmtInfo> = PMTINFO req,
    }
}

owned_aggregate! {
    /// PMTRS: the server's payment.
    pub struct PmtRs = PMTRS {
        srvrtid: text = SRVRTID req,
        payeelstid: text = PAYEELSTID req,
        curdef: text = CURDEF req,
        pmtinfo: agg<PmtInfo> = PMTINFO req,
        extdpayee: agg<ExtdPayee> = EXTDPAYEE,
        checknum: text = CHECKNUM,
        pmtprcsts: agg<PmtPrcSts> = PMTPRCSTS req,
        recsrvrtid: text = RECSRVRTID,
    }
}

owned_aggregate! {
    /// PMTMODRQ: change a scheduled payment.
    pub struct PmtModRq = PMTMODRQ {
        srvrtid: text = SRVRTID req,
        pmtinfo: agg<PmtInfo> = PMTINFO req,
    }
}

owned_aggregate! {
    /// PMTMODRS: the modified payment.
    pub struct PmtModRs = PMTMODRS {
        srvrtid: text = SRVRTID req,
        pmtinfo: agg<PmtInfo> = PMTINFO req,
        pmtprcsts: agg<PmtPrcSts> = PMTPRCSTS,
    }
}

owned_aggregate! {
    /// PMTCANCRQ: cancel a scheduled payment.
    pub struct PmtCancRq = PMTCANCRQ {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// PMTCANCRS: the cancelled payment's id.
    pub struct PmtCancRs = PMTCANCRS {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// PMTINQRQ: the status of a payment.
    pub struct PmtInqRq = PMTINQRQ {
        srvrtid: text = SRVRTID req,
    }
}

owned_aggregate! {
    /// PMTINQRS: a payment's status.
    pub struct PmtInqRs = PMTINQRS {
        srvrtid: text = SRVRTID req,
        pmtprcsts: agg<PmtPrcSts> = PMTPRCSTS req,
        checknum: text = CHECKNUM,
    }
}

owned_aggregate! {
    /// PMTTRNRS: one payment answer (also inside PMTSYNCRS).
    pub struct PmtTrnRs = PMTTRNRS {
        trnuid: text = TRNUID req,
        status: agg<StatusO> = STATUS req,
        cltcookie: text = CLTCOOKIE,
        pmtrs: agg<PmtRs> = PMTRS,
        pmtmodrs: agg<PmtModRs> = PMTMODRS,
        pmtcancrs: agg<PmtCancRs> = PMTCANCRS,
    }
}

owned_aggregate! {
    /// PMTINQTRNRS: a payment status answer.
    pub struct PmtInqTrnRs = PMTINQTRNRS {
        trnuid: text = TRNUID req,
        status: agg<StatusO> = STATUS req,
        cltcookie: text = CLTCOOKIE,
        pmtinqrs: agg<PmtInqRs> = PMTINQRS,
    }
}

owned_aggregate! {
    /// PAYEERQ: a new payee (by a standard payee id, or a full address), with the user's accounts
    /// at the payee.
    pub struct PayeeRq = PAYEERQ {
        payeeid: text = PAYEEID,
        payee: agg<PayeeO> = PAYEE,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        payacct: texts = PAYACCT,
    }
}

owned_aggregate! {
    /// PAYEERS: the payee as the server keeps it, with its payee list id.
    pub struct PayeeRs = PAYEERS {
        payeelstid: text = PAYEELSTID req,
        payee: agg<PayeeO> = PAYEE,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        extdpayee: agg<ExtdPayee> = EXTDPAYEE,
        payacct: texts = PAYACCT,
    }
}

owned_aggregate! {
    /// PAYEEMODRQ: change a payee.
    pub struct PayeeModRq = PAYEEMODRQ {
        payeelstid: text = PAYEELSTID req,
        payee: agg<PayeeO> = PAYEE,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        payacct: texts = PAYACCT,
    }
}

owned_aggregate! {
    /// PAYEEMODRS: the changed payee.
    pub struct PayeeModRs = PAYEEMODRS {
        payeelstid: text = PAYEELSTID req,
        payee: agg<PayeeO> = PAYEE,
        bankacctto: agg<BankAcctFrom> = BANKACCTTO,
        payacct: texts = PAYACCT,
        extdpayee: agg<ExtdPayee> = EXTDPAYEE,
    }
}

owned_aggregate! {
    /// PAYEEDELRQ: delete a payee from the list.
    pub struct PayeeDelRq = PAYEEDELRQ {
        payeelstid: text = PAYEELSTID req,
    }
}

owned_aggregate! {
    /// PAYEEDELRS: the deleted payee's list id.
    pub struct PayeeDelRs = PAYEEDELRS {
        payeelstid: text = PAYEELSTID req,
    }
}

owned_aggregate! {
    /// PAYEETRNRS: one payee answer (also inside PAYEESYNCRS).
    pub struct PayeeTrnRs = PAYEETRNRS {
        trnuid: text = TRNUID req,
        status: agg<StatusO> = STATUS req,
        cltcookie: text = CLTCOOKIE,
        payeers: agg<PayeeRs> = PAYEERS,
        payeemodrs: agg<PayeeModRs> = PAYEEMODRS,
        payeedelrs: agg<PayeeDelRs> = PAYEEDELRS,
    }
}

owned_aggregate! {
    /// PAYEESYNCRQ: what happened to the payee list since a token.
    pub struct PayeeSyncRq = PAYEESYNCRQ {
        token: text = TOKEN,
        tokenonly: bool = TOKENONLY,
        refresh: bool = REFRESH,
        rejectifmissing: bool = REJECTIFMISSING req,
    }
}

owned_aggregate! {
    /// PAYEESYNCRS: the new token, LOSTSYNC, one PAYEETRNRS per change.
    pub struct PayeeSyncRs = PAYEESYNCRS {
        token: text = TOKEN req,
        lostsync: bool = LOSTSYNC,
        payeetrnrs: list<PayeeTrnRs> = PAYEETRNRS,
    }
}

owned_aggregate! {
    /// PMTSYNCRQ: what happened to the payments of an account since a token.
    pub struct PmtSyncRq = PMTSYNCRQ {
        token: text = TOKEN,
        tokenonly: bool = TOKENONLY,
        refresh: bool = REFRESH,
        rejectifmissing: bool = REJECTIFMISSING req,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM req,
    }
}

owned_aggregate! {
    /// PMTSYNCRS: the new token, LOSTSYNC, one PMTTRNRS per change.
    pub struct PmtSyncRs = PMTSYNCRS {
        token: text = TOKEN req,
        lostsync: bool = LOSTSYNC,
        bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM req,
        pmttrnrs: list<PmtTrnRs> = PMTTRNRS,
    }
}
