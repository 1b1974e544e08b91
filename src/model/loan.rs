//! Loans (OFX 2.1 and later; OFX_Loans.xsd, OFX_Loan_Messages.xsd and the loan types of OFX_Common.xsd):
//! LOANSTMTRS, LOANSTMTTRN, LOANSTMTENDRS, LOANCLOSING, amortization.

use crate::model::bank::{Bal, BankAcct, LastPmtInfo};
use crate::model::common::{BalList, Currency, ImageData};

aggregate! {
    /// LOANACCTFROM / LOANACCTTO: a loan account.
    pub struct LoanAcct = LOANACCTFROM {
        loanacctid: text = LOANACCTID => "account_id" req,
        loanaccttype: text = LOANACCTTYPE => "account_type" req,
    }
}

aggregate! {
    /// ESCRWAMT: the escrow part of a loan payment.
    pub struct EscrowAmt = ESCRWAMT {
        escrwtotal: amount = ESCRWTOTAL => "total" req,
        escrwtax: amount = ESCRWTAX => "tax",
        escrwins: amount = ESCRWINS => "insurance",
        escrwpmi: amount = ESCRWPMI => "pmi",
        escrwfees: amount = ESCRWFEES => "fees",
        escrwother: amount = ESCRWOTHER => "other",
    }
}

aggregate! {
    /// LOANTRNAMT: how a loan transaction splits into principal, interest, escrow and insurance.
    pub struct LoanTrnAmt = LOANTRNAMT {
        prinamt: amount = PRINAMT => "principal" req,
        intamt: amount = INTAMT => "interest" req,
        escrwamt: agg<EscrowAmt> = ESCRWAMT => "escrow",
        insurance: amount = INSURANCE => "insurance",
    }
}

aggregate! {
    /// PRINBAL: the principal balance.
    pub struct PrinBal = PRINBAL {
        balamt: amount = BALAMT => "amount" req,
        prinytd: amount = PRINYTD => "principal_ytd",
        prinltd: amount = PRINLTD => "principal_ltd",
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// LOANINT: interest paid or projected (one of year-to-date, loan-to-date, projected).
    pub struct LoanInt = LOANINT {
        loanintytd: amount = LOANINTYTD => "interest_ytd",
        loanintltd: amount = LOANINTLTD => "interest_ltd",
        loanintprj: amount = LOANINTPRJ => "interest_projected",
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// LOANRATE / LOANIRATE: the interest rate.
    pub struct LoanRate = LOANRATE {
        loanintrate: text = LOANINTRATE => "rate" req,
        ratetype: text = RATETYPE => "rate_type" req,
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// LOANPMT: the next payment due.
    pub struct LoanPmt = LOANPMT {
        pmtamt: amount = PMTAMT => "amount" req,
        dtpmtdue: date = DTPMTDUE => "date_due" req,
        latefeeamt: amount = LATEFEEAMT => "late_fee",
        escrwamt: agg<EscrowAmt> = ESCRWAMT => "escrow",
        loanpmttype: text = LOANPMTTYPE => "payment_type",
    }
}

aggregate! {
    /// ESTPAYOFF: the estimated payoff.
    pub struct EstPayoff = ESTPAYOFF {
        estpayoffbal: amount = ESTPAYOFFBAL => "balance" req,
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// ESCRWBAL: the escrow balance.
    pub struct EscrowBal = ESCRWBAL {
        balamt: amount = BALAMT => "amount" req,
        escrwtaxbal: amount = ESCRWTAXBAL => "tax",
        escrwinsbal: amount = ESCRWINSBAL => "insurance",
        escrwpmibal: amount = ESCRWPMIBAL => "pmi",
        escrwfeesbal: amount = ESCRWFEESBAL => "fees",
        escrwotherbal: amount = ESCRWOTHERBAL => "other",
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// LOANSTMTTRN: one loan transaction.
    pub struct LoanStmtTrn = LOANSTMTTRN {
        loantrntype: text = LOANTRNTYPE => "type" req,
        dtposted: date = DTPOSTED => "date_posted" req,
        dtuser: date = DTUSER => "date_user",
        trnamt: amount = TRNAMT => "amount" req,
        loantrnamt: agg<LoanTrnAmt> = LOANTRNAMT => "split",
        fitid: text = FITID => "fitid" req,
        correctfitid: text = CORRECTFITID => "correct_fitid",
        correctaction: text = CORRECTACTION => "correct_action",
        srvrtid: text = SRVRTID => "server_tid",
        checknum: text = CHECKNUM => "check_number",
        refnum: text = REFNUM => "ref_number",
        name: text = NAME => "name",
        extdname: text = EXTDNAME => "extended_name",
        loanacctto: agg<LoanAcct> = LOANACCTTO => "loan_account_to",
        bankacctto: agg<BankAcct> = BANKACCTTO => "bank_account_to",
        memo: text = MEMO => "memo",
        imagedata: list<ImageData> = IMAGEDATA => "images",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
    }
}

aggregate! {
    /// LOANTRANLIST: the transactions of a loan statement and the dates they cover.
    pub struct LoanTranList = LOANTRANLIST {
        dtstart: date = DTSTART => "start" req,
        dtend: date = DTEND => "end" req,
        transactions: list<LoanStmtTrn> = LOANSTMTTRN => "transactions",
    }
}

aggregate! {
    /// LOANSTMTRS: a loan statement.
    pub struct LoanStmtRs = LOANSTMTRS {
        curdef: text = CURDEF => "currency" req,
        loanacctfrom: agg<LoanAcct> = LOANACCTFROM => "account" req,
        loantranlist: agg<LoanTranList> = LOANTRANLIST => "transaction_list",
        prinbal: agg<PrinBal> = PRINBAL => "principal_balance" req,
        availbal: agg<Bal> = AVAILBAL => "available_balance",
        mktginfo: text = MKTGINFO => "marketing_info",
    }
}

aggregate! {
    /// LOANCLOSING: closing information of one loan statement period.
    pub struct LoanClosing = LOANCLOSING {
        fitid: text = FITID => "fitid" req,
        dtopen: date = DTOPEN => "date_open",
        dtclose: date = DTCLOSE => "date_close" req,
        dtnext: date = DTNEXT => "date_next",
        balopen: amount = BALOPEN => "balance_open",
        prinbal: agg<PrinBal> = PRINBAL => "principal_balance" req,
        loanint: agg<LoanInt> = LOANINT => "interest" req,
        loanrate: agg<LoanRate> = LOANRATE => "rate" req,
        estpayoff: agg<EstPayoff> = ESTPAYOFF => "estimated_payoff",
        balloonamt: amount = BALLOONAMT => "balloon_amount",
        loanpmt: agg<LoanPmt> = LOANPMT => "payment",
        loanrmnpmts: int = LOANRMNPMTS => "remaining_payments",
        ballist: agg<BalList> = BALLIST => "balance_list",
        taxytd: amount = TAXYTD => "tax_ytd",
        escrwbal: agg<EscrowBal> = ESCRWBAL => "escrow_balance",
        dtpoststart: date = DTPOSTSTART => "date_post_start" req,
        dtpostend: date = DTPOSTEND => "date_post_end" req,
        autopay: bool = AUTOPAY => "autopay",
        lastpmtinfo: agg<LastPmtInfo> = LASTPMTINFO => "last_payment",
        mktginfo: text = MKTGINFO => "marketing_info",
        imagedata: list<ImageData> = IMAGEDATA => "images",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
    }
}

aggregate! {
    /// LOANSTMTENDRS: loan closing information.
    pub struct LoanStmtEndRs = LOANSTMTENDRS {
        curdef: text = CURDEF => "currency" req,
        loanacctfrom: agg<LoanAcct> = LOANACCTFROM => "account" req,
        closings: list<LoanClosing> = LOANCLOSING => "closings",
    }
}

aggregate! {
    /// AMRTSTMTTRN: one line of an amortization schedule.
    pub struct AmrtStmtTrn = AMRTSTMTTRN {
        pmtnumber: int = PMTNUMBER => "payment_number",
        loaninitbal: amount = LOANINITBAL => "initial_balance",
        prinbal: agg<PrinBal> = PRINBAL => "principal_balance" req,
        loantrnamt: agg<LoanTrnAmt> = LOANTRNAMT => "split" req,
        loanirate: agg<LoanRate> = LOANIRATE => "rate",
        amrttype: text = AMRTTYPE => "amortization_type" req,
    }
}

aggregate! {
    /// AMRTTRANLIST: an amortization schedule and the dates it covers.
    pub struct AmrtTranList = AMRTTRANLIST {
        dtstart: date = DTSTART => "start" req,
        dtend: date = DTEND => "end" req,
        transactions: list<AmrtStmtTrn> = AMRTSTMTTRN => "transactions",
    }
}

aggregate! {
    /// AMRTSTMTRS: a loan's amortization schedule.
    pub struct AmrtStmtRs = AMRTSTMTRS {
        curdef: text = CURDEF => "currency" req,
        loanacctfrom: agg<LoanAcct> = LOANACCTFROM => "account" req,
        amrttranlist: agg<AmrtTranList> = AMRTTRANLIST => "schedule",
        mktginfo: text = MKTGINFO => "marketing_info",
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{ClosingBody, StatementBody};
    use crate::model::define::Json;
    use crate::model::invest::test_util::{amt, assert_no_missing, both, iso, txt};

    const ACCT: &str =
        "<LOANACCTFROM><LOANACCTID>L-555</LOANACCTID><LOANACCTTYPE>MORTGAGE</LOANACCTTYPE></LOANACCTFROM>";

    fn body() -> String {
        format!(
            "<LOANMSGSRSV1><LOANSTMTTRNRS><TRNUID>7</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<LOANSTMTRS><CURDEF>USD</CURDEF>{ACCT}
<LOANTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>
<LOANSTMTTRN><LOANTRNTYPE>PAYMENT</LOANTRNTYPE><DTPOSTED>20240115</DTPOSTED><TRNAMT>-1500.00</TRNAMT>
<LOANTRNAMT><PRINAMT>-600.00</PRINAMT><INTAMT>-700.00</INTAMT><ESCRWAMT><ESCRWTOTAL>-200.00</ESCRWTOTAL><ESCRWTAX>-150.00</ESCRWTAX>
<ESCRWINS>-50.00</ESCRWINS></ESCRWAMT></LOANTRNAMT><FITID>LP1</FITID><NAME>January payment</NAME><MEMO>Thank you</MEMO></LOANSTMTTRN>
<LOANSTMTTRN><LOANTRNTYPE>LATE</LOANTRNTYPE><DTPOSTED>20240120</DTPOSTED><TRNAMT>-35.00</TRNAMT><FITID>LP2</FITID>
<BANKACCTTO><BANKID>121000248</BANKID><ACCTID>999</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTTO></LOANSTMTTRN>
</LOANTRANLIST>
<PRINBAL><BALAMT>-250000.00</BALAMT><PRINYTD>600.00</PRINYTD><DTASOF>20240131</DTASOF></PRINBAL>
<AVAILBAL><BALAMT>0.00</BALAMT><DTASOF>20240131</DTASOF></AVAILBAL>
</LOANSTMTRS></LOANSTMTTRNRS>
<LOANSTMTENDTRNRS><TRNUID>8</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<LOANSTMTENDRS><CURDEF>USD</CURDEF>{ACCT}
<LOANCLOSING><FITID>LC1</FITID><DTCLOSE>20240131</DTCLOSE><DTNEXT>20240229</DTNEXT>
<PRINBAL><BALAMT>-250000.00</BALAMT><DTASOF>20240131</DTASOF></PRINBAL>
<LOANINT><LOANINTYTD>700.00</LOANINTYTD><DTASOF>20240131</DTASOF></LOANINT>
<LOANRATE><LOANINTRATE>6.125</LOANINTRATE><RATETYPE>FIXED</RATETYPE><DTASOF>20240131</DTASOF></LOANRATE>
<LOANPMT><PMTAMT>1500.00</PMTAMT><DTPMTDUE>20240215</DTPMTDUE><LOANPMTTYPE>PRNANDINT</LOANPMTTYPE></LOANPMT>
<LOANRMNPMTS>300</LOANRMNPMTS>
<ESCRWBAL><BALAMT>1200.00</BALAMT><ESCRWTAXBAL>900.00</ESCRWTAXBAL><DTASOF>20240131</DTASOF></ESCRWBAL>
<DTPOSTSTART>20240101</DTPOSTSTART><DTPOSTEND>20240131</DTPOSTEND><AUTOPAY>Y</AUTOPAY>
<LASTPMTINFO><LASTPMTDATE>20240115</LASTPMTDATE><LASTPMTAMT>1500.00</LASTPMTAMT></LASTPMTINFO>
</LOANCLOSING></LOANSTMTENDRS></LOANSTMTENDTRNRS>
</LOANMSGSRSV1>"
        )
    }

    #[test]
    fn loan_statement_and_closing() {
        for doc in both(&body()) {
            assert_no_missing(&doc);
            assert_eq!(doc.statements.len(), 1);
            let StatementBody::Loan(s) = &doc.statements[0].body else { panic!("not a loan statement") };
            assert_eq!(doc.statements[0].wrapper.tag, "LOANSTMTTRNRS");
            assert_eq!(txt(&doc, s.curdef), "USD");
            let a = s.loanacctfrom.as_deref().unwrap();
            assert_eq!(txt(&doc, a.loanacctid), "L-555");
            assert_eq!(txt(&doc, a.loanaccttype), "MORTGAGE");
            let l = s.loantranlist.as_deref().unwrap();
            assert_eq!(iso(l.dtstart), "2024-01-01");
            assert_eq!(l.transactions.len(), 2);
            assert_eq!(doc.transaction_count(), 2);
            let t = &l.transactions[0];
            assert_eq!(txt(&doc, t.loantrntype), "PAYMENT");
            assert_eq!(iso(t.dtposted), "2024-01-15");
            assert_eq!(amt(t.trnamt), "-1500.00");
            assert_eq!(txt(&doc, t.fitid), "LP1");
            assert_eq!(txt(&doc, t.name), "January payment");
            assert_eq!(txt(&doc, t.memo), "Thank you");
            let split = t.loantrnamt.as_deref().unwrap();
            assert_eq!(amt(split.prinamt), "-600.00");
            assert_eq!(amt(split.intamt), "-700.00");
            let esc = split.escrwamt.as_deref().unwrap();
            assert_eq!(amt(esc.escrwtotal), "-200.00");
            assert_eq!(amt(esc.escrwins), "-50.00");
            let t2 = &l.transactions[1];
            assert_eq!(txt(&doc, t2.loantrntype), "LATE");
            assert_eq!(txt(&doc, t2.bankacctto.as_deref().unwrap().acctid), "999");
            let pb = s.prinbal.as_deref().unwrap();
            assert_eq!(amt(pb.balamt), "-250000.00");
            assert_eq!(amt(pb.prinytd), "600.00");
            assert_eq!(amt(s.availbal.as_deref().unwrap().balamt), "0.00");

            assert_eq!(doc.closings.len(), 1);
            let ClosingBody::Loan(e) = &doc.closings[0].body else { panic!("not a loan closing") };
            assert_eq!(txt(&doc, e.loanacctfrom.as_deref().unwrap().loanacctid), "L-555");
            assert_eq!(e.closings.len(), 1);
            let c = &e.closings[0];
            assert_eq!(txt(&doc, c.fitid), "LC1");
            assert_eq!(iso(c.dtclose), "2024-01-31");
            assert_eq!(amt(c.loanint.as_deref().unwrap().loanintytd), "700.00");
            assert_eq!(txt(&doc, c.loanrate.as_deref().unwrap().loanintrate), "6.125");
            assert_eq!(txt(&doc, c.loanrate.as_deref().unwrap().ratetype), "FIXED");
            assert_eq!(amt(c.loanpmt.as_deref().unwrap().pmtamt), "1500.00");
            assert_eq!(c.loanrmnpmts, Some(300));
            assert_eq!(amt(c.escrwbal.as_deref().unwrap().escrwtaxbal), "900.00");
            assert_eq!(c.autopay, Some(true));
            assert_eq!(amt(c.lastpmtinfo.as_deref().unwrap().lastpmtamt), "1500.00");
        }
    }

    #[test]
    fn loan_transaction_json() {
        let [_, doc] = both(&body());
        let StatementBody::Loan(s) = &doc.statements[0].body else { panic!() };
        let t = &s.loantranlist.as_deref().unwrap().transactions[0];
        let mut j = Json::new(&doc.tree);
        j.agg(t);
        assert_eq!(
            j.out,
            r#"{"type":"PAYMENT","date_posted":"2024-01-15","amount":"-1500.00","split":{"principal":"-600.00","interest":"-700.00","escrow":{"total":"-200.00","tax":"-150.00","insurance":"-50.00"}},"fitid":"LP1","name":"January payment","memo":"Thank you"}"#
        );
        let mut j = Json::new(&doc.tree);
        j.agg(&**s);
        assert!(j.out.contains(r#""account":{"account_id":"L-555","account_type":"MORTGAGE"}"#), "{}", j.out);
        assert!(
            j.out.contains(
                r#""principal_balance":{"amount":"-250000.00","principal_ytd":"600.00","date":"2024-01-31"}"#
            ),
            "{}",
            j.out
        );
    }

    #[test]
    fn loan_statement_without_principal_balance_warns() {
        let body = format!(
            "<LOANMSGSRSV1><LOANSTMTTRNRS><TRNUID>7</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
<LOANSTMTRS><CURDEF>USD</CURDEF>{ACCT}</LOANSTMTRS></LOANSTMTTRNRS></LOANMSGSRSV1>"
        );
        let [_, doc] = both(&body);
        assert!(doc.warnings.iter().any(|w| w.message == "LOANSTMTRS has no PRINBAL"), "{:?}", doc.warnings);
        assert_eq!(doc.transaction_count(), 0);
    }
}

/// Loan requests (OFX 2.1 and later).
pub mod rq {
    owned_aggregate! {
        /// LOANACCTFROM: a loan account.
        pub struct LoanAcctFrom = LOANACCTFROM {
            loanacctid: text = LOANACCTID req,
            loanaccttype: text = LOANACCTTYPE req,
        }
    }

    owned_aggregate! {
        /// LOANSTMTRQ: a loan statement request.
        pub struct LoanStmtRq = LOANSTMTRQ {
            loanacctfrom: agg<LoanAcctFrom> = LOANACCTFROM req,
            inctran: agg<crate::model::bank::rq::IncTran> = INCTRAN,
            inctranimg: bool = INCTRANIMG,
        }
    }

    owned_aggregate! {
        /// LOANSTMTENDRQ: loan closing information.
        pub struct LoanStmtEndRq = LOANSTMTENDRQ {
            loanacctfrom: agg<LoanAcctFrom> = LOANACCTFROM req,
            dtstart: date = DTSTART,
            dtend: date = DTEND,
        }
    }
}
