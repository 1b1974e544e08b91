//! Credit-card statements (OFX spec chapter 11, the credit-card message set). The response
//! aggregates (CCSTMTRS, CCSTMTENDRS) share the bank chapter's transaction types and live in
//! [`crate::model::bank`]; the requests are here.

pub use crate::model::bank::{CcAcct, CcClosing, CcStmtEndRs, CcStmtRs};

/// Credit-card requests.
pub mod rq {
    owned_aggregate! {
        /// CCACCTFROM (and CCACCTTO): a credit-card account.
        pub struct CcAcctFrom = CCACCTFROM {
            acctid: text = ACCTID req,
            acctkey: text = ACCTKEY,
        }
    }

    owned_aggregate! {
        /// CCSTMTRQ: a credit-card statement request.
        pub struct CcStmtRq = CCSTMTRQ {
            ccacctfrom: agg<CcAcctFrom> = CCACCTFROM req,
            inctran: agg<crate::model::bank::rq::IncTran> = INCTRAN,
            includepending: bool = INCLUDEPENDING,
            inctranimg: bool = INCTRANIMG,
        }
    }

    owned_aggregate! {
        /// CCSTMTENDRQ: credit-card closing information.
        pub struct CcStmtEndRq = CCSTMTENDRQ {
            ccacctfrom: agg<CcAcctFrom> = CCACCTFROM req,
            dtstart: date = DTSTART,
            dtend: date = DTEND,
            incstmtimg: bool = INCSTMTIMG,
        }
    }
}
