//! Signup (OFX spec chapter 8): the account information response ACCTINFORS and its ACCTINFO entries.

use crate::model::bank::{BankAcct, CcAcct};
use crate::model::define::{Json, TextRef};
use crate::model::invest::InvAcct;
use crate::model::loan::{LoanAcct, LoanInt, LoanPmt, LoanRate, PrinBal};

aggregate! {
    /// OTHERACCTINFO: another identification of the account.
    pub struct OtherAcctInfo = OTHERACCTINFO {
        bankid: text = BANKID => "bank_id",
        acctid: text = ACCTID => "account_id" req,
        acctusage: text = ACCTUSAGE => "usage",
    }
}

aggregate! {
    /// PRIMARYHOLDER / SECONDARYHOLDER: an account holder.
    pub struct AcctHolder = PRIMARYHOLDER {
        firstname: text = FIRSTNAME => "first_name" req,
        middlename: text = MIDDLENAME => "middle_name",
        lastname: text = LASTNAME => "last_name" req,
        addr1: text = ADDR1 => "addr1" req,
        addr2: text = ADDR2 => "addr2",
        addr3: text = ADDR3 => "addr3",
        city: text = CITY => "city" req,
        state: text = STATE => "state" req,
        postalcode: text = POSTALCODE => "postal_code" req,
        country: text = COUNTRY => "country",
        dayphone: text = DAYPHONE => "day_phone",
        evephone: text = EVEPHONE => "evening_phone",
        email: text = EMAIL => "email",
        holdertype: text = HOLDERTYPE => "holder_type",
    }
}

aggregate! {
    /// HOLDERINFO: who holds the account.
    pub struct HolderInfo = HOLDERINFO {
        primaryholder: agg<AcctHolder> = PRIMARYHOLDER => "primary" req,
        secondaryholder: agg<AcctHolder> = SECONDARYHOLDER => "secondary",
    }
}

aggregate! {
    /// BANKACCTINFO: a bank account and the services it has.
    pub struct BankAcctInfo = BANKACCTINFO {
        bankacctfrom: agg<BankAcct> = BANKACCTFROM => "account" req,
        otheracctinfo: agg<OtherAcctInfo> = OTHERACCTINFO => "other_account_info",
        suptxdl: bool = SUPTXDL => "supports_download" req,
        xfersrc: bool = XFERSRC => "transfer_source" req,
        xferdest: bool = XFERDEST => "transfer_destination" req,
        loanaccttype: text = LOANACCTTYPE => "loan_account_type",
        maturitydate: date = MATURITYDATE => "maturity_date",
        maturityamt: amount = MATURITYAMT => "maturity_amount",
        minbalreq: amount = MINBALREQ => "min_balance_required",
        acctclassification: text = ACCTCLASSIFICATION => "classification",
        overdraftlimit: amount = OVERDRAFTLIMIT => "overdraft_limit",
        svcstatus: text = SVCSTATUS => "status" req,
        /// OFX 1.6 V2 message sets: SVCSTATUS2 in place of SVCSTATUS, and a REASON.
        svcstatus2: text = SVCSTATUS2 => "status2",
        reason: text = REASON => "reason",
    }
}

aggregate! {
    /// CCACCTINFO: a credit-card account and the services it has.
    pub struct CcAcctInfo = CCACCTINFO {
        ccacctfrom: agg<CcAcct> = CCACCTFROM => "account" req,
        otheracctinfo: agg<OtherAcctInfo> = OTHERACCTINFO => "other_account_info",
        parentacctid: text = PARENTACCTID => "parent_account_id",
        suptxdl: bool = SUPTXDL => "supports_download" req,
        xfersrc: bool = XFERSRC => "transfer_source" req,
        xferdest: bool = XFERDEST => "transfer_destination" req,
        acctclassification: text = ACCTCLASSIFICATION => "classification",
        svcstatus: text = SVCSTATUS => "status" req,
        /// OFX 1.6 V2 message sets: SVCSTATUS2 in place of SVCSTATUS, and a REASON.
        svcstatus2: text = SVCSTATUS2 => "status2",
        reason: text = REASON => "reason",
    }
}

aggregate! {
    /// INVACCTINFO: an investment account and the services it has.
    pub struct InvAcctInfo = INVACCTINFO {
        invacctfrom: agg<InvAcct> = INVACCTFROM => "account" req,
        otheracctinfo: agg<OtherAcctInfo> = OTHERACCTINFO => "other_account_info",
        usproducttype: text = USPRODUCTTYPE => "us_product_type" req,
        checking: bool = CHECKING => "checking" req,
        svcstatus: text = SVCSTATUS => "status" req,
        /// OFX 1.6 V2 message sets: SVCSTATUS2 in place of SVCSTATUS, and a REASON.
        svcstatus2: text = SVCSTATUS2 => "status2",
        reason: text = REASON => "reason",
        invaccttype: text = INVACCTTYPE => "account_type",
        optionlevel: text = OPTIONLEVEL => "option_level",
    }
}

aggregate! {
    /// LOANACCTINFO: a loan account, its terms and the services it has.
    pub struct LoanAcctInfo = LOANACCTINFO {
        loanacctfrom: agg<LoanAcct> = LOANACCTFROM => "account" req,
        otheracctinfo: agg<OtherAcctInfo> = OTHERACCTINFO => "other_account_info",
        loantype: text = LOANTYPE => "loan_type",
        loaninitnumpmts: int = LOANINITNUMPMTS => "initial_payments",
        loaninitbal: amount = LOANINITBAL => "initial_balance" req,
        loanfreq: text = LOANFREQ => "frequency" req,
        dtloanstart: date = DTLOANSTART => "date_start" req,
        dtloanmaturity: date = DTLOANMATURITY => "date_maturity",
        prinbal: agg<PrinBal> = PRINBAL => "principal_balance" req,
        balloonamt: amount = BALLOONAMT => "balloon_amount",
        loanint: agg<LoanInt> = LOANINT => "interest",
        loanirate: agg<LoanRate> = LOANIRATE => "rate" req,
        loanpmt: agg<LoanPmt> = LOANPMT => "payment" req,
        loanrmnpmts: int = LOANRMNPMTS => "remaining_payments" req,
        suptxdl: bool = SUPTXDL => "supports_download" req,
        xfersrc: bool = XFERSRC => "transfer_source" req,
        xferdest: bool = XFERDEST => "transfer_destination" req,
        acctclassification: text = ACCTCLASSIFICATION => "classification",
        svcstatus: text = SVCSTATUS => "status" req,
    }
}

aggregate! {
    /// BPACCTINFO: a bank account enabled for bill payment.
    pub struct BpAcctInfo = BPACCTINFO {
        bankacctfrom: agg<BankAcct> = BANKACCTFROM => "account" req,
        otheracctinfo: agg<OtherAcctInfo> = OTHERACCTINFO => "other_account_info",
        svcstatus: text = SVCSTATUS => "status" req,
        /// OFX 1.6 V2 message sets: SVCSTATUS2 in place of SVCSTATUS, and a REASON.
        svcstatus2: text = SVCSTATUS2 => "status2",
        reason: text = REASON => "reason",
    }
}

aggregate! {
    /// PRESACCTFROM: a bill-presentment account (its identifying fields).
    pub struct PresAcct = PRESACCTFROM {
        billpub: text = BILLPUB => "biller_publisher" req,
        billerid: text = BILLERID => "biller_id" req,
        billername: text = BILLERNAME => "biller_name",
        acctid: text = ACCTID => "account_id" req,
        userid: text = USERID => "user_id",
        spname: text = SPNAME => "sp_name",
        payeeid: text = PAYEEID => "payee_id",
        payeelstid: text = PAYEELSTID => "payee_list_id",
    }
}

aggregate! {
    /// PRESACCTINFO: a bill-presentment account.
    pub struct PresAcctInfo = PRESACCTINFO {
        presacctfrom: agg<PresAcct> = PRESACCTFROM => "account" req,
        svcstatus: text = SVCSTATUS => "status" req,
        /// OFX 1.6's name for the status here.
        svcstatus2: text = SVCSTATUS2 => "status2",
        reason: text = REASON => "reason",
    }
}

aggregate! {
    /// ACCTINFO: one account the user has at the FI. The spec allows several service entries for one
    /// account (e.g. BANKACCTINFO with BPACCTINFO); the first of each kind is kept.
    pub struct AcctInfo = ACCTINFO {
        name: text = NAME => "name",
        desc: text = DESC => "desc",
        phone: text = PHONE => "phone",
        holderinfo: agg<HolderInfo> = HOLDERINFO => "holder_info",
        bankacctinfo: agg<BankAcctInfo> = BANKACCTINFO => "bank",
        loanacctinfo: agg<LoanAcctInfo> = LOANACCTINFO => "loan",
        ccacctinfo: agg<CcAcctInfo> = CCACCTINFO => "credit_card",
        bpacctinfo: agg<BpAcctInfo> = BPACCTINFO => "bill_pay",
        invacctinfo: agg<InvAcctInfo> = INVACCTINFO => "investment",
        presacctinfo: agg<PresAcctInfo> = PRESACCTINFO => "presentment",
    }
}

aggregate! {
    /// ACCTINFORS: the account information response.
    pub struct AcctInfoRs = ACCTINFORS {
        dtacctup: date = DTACCTUP => "date_account_update" req,
        acctinfo: list<AcctInfo> = ACCTINFO => "accounts",
    }
}

impl AcctInfo {
    /// What kind of account this is: `bank`, `creditcard`, `investment`, `loan`, `billpay`,
    /// `presentment`, or `unknown` when no service entry was read. An account with a bank entry and a
    /// bill-payment entry is a bank account.
    pub fn kind(&self) -> &'static str {
        if self.bankacctinfo.is_some() {
            "bank"
        } else if self.ccacctinfo.is_some() {
            "creditcard"
        } else if self.invacctinfo.is_some() {
            "investment"
        } else if self.loanacctinfo.is_some() {
            "loan"
        } else if self.bpacctinfo.is_some() {
            "billpay"
        } else if self.presacctinfo.is_some() {
            "presentment"
        } else {
            "unknown"
        }
    }

    /// The bank account of a bank or bill-payment entry.
    pub fn bank_account(&self) -> Option<&BankAcct> {
        match self.kind() {
            "bank" => self.bankacctinfo.as_ref().and_then(|b| b.bankacctfrom.as_deref()),
            "billpay" => self.bpacctinfo.as_ref().and_then(|b| b.bankacctfrom.as_deref()),
            _ => None,
        }
    }

    /// The account id: ACCTID (LOANACCTID for loans).
    pub fn account_id(&self) -> Option<TextRef> {
        match self.kind() {
            "bank" | "billpay" => self.bank_account().and_then(|a| a.acctid),
            "creditcard" => self.ccacctinfo.as_ref().and_then(|c| c.ccacctfrom.as_ref()).and_then(|a| a.acctid),
            "investment" => self.invacctinfo.as_ref().and_then(|c| c.invacctfrom.as_ref()).and_then(|a| a.acctid),
            "loan" => self.loanacctinfo.as_ref().and_then(|c| c.loanacctfrom.as_ref()).and_then(|a| a.loanacctid),
            "presentment" => self.presacctinfo.as_ref().and_then(|c| c.presacctfrom.as_ref()).and_then(|a| a.acctid),
            _ => None,
        }
    }

    /// BANKID of a bank or bill-payment account.
    pub fn bank_id(&self) -> Option<TextRef> {
        self.bank_account().and_then(|a| a.bankid)
    }

    /// BRANCHID of a bank or bill-payment account.
    pub fn branch_id(&self) -> Option<TextRef> {
        self.bank_account().and_then(|a| a.branchid)
    }

    /// BROKERID of an investment account.
    pub fn broker_id(&self) -> Option<TextRef> {
        self.invacctinfo.as_ref().and_then(|c| c.invacctfrom.as_ref()).and_then(|a| a.brokerid)
    }

    /// The account type: ACCTTYPE of a bank account, INVACCTTYPE of an investment account, LOANACCTTYPE of
    /// a loan account.
    pub fn account_type(&self) -> Option<TextRef> {
        match self.kind() {
            "bank" | "billpay" => self.bank_account().and_then(|a| a.accttype),
            "investment" => self.invacctinfo.as_ref().and_then(|c| c.invaccttype),
            "loan" => self.loanacctinfo.as_ref().and_then(|c| c.loanacctfrom.as_ref()).and_then(|a| a.loanaccttype),
            _ => None,
        }
    }

    /// DESC.
    pub fn desc(&self) -> Option<TextRef> {
        self.desc
    }

    /// SVCSTATUS of the account's main service entry (AVAIL, PEND, ACTIVE), or its OFX 1.6 SVCSTATUS2.
    pub fn status(&self) -> Option<TextRef> {
        let pair = match self.kind() {
            "bank" => self.bankacctinfo.as_ref().map(|c| (c.svcstatus, c.svcstatus2)),
            "creditcard" => self.ccacctinfo.as_ref().map(|c| (c.svcstatus, c.svcstatus2)),
            "investment" => self.invacctinfo.as_ref().map(|c| (c.svcstatus, c.svcstatus2)),
            "loan" => self.loanacctinfo.as_ref().map(|c| (c.svcstatus, None)),
            "billpay" => self.bpacctinfo.as_ref().map(|c| (c.svcstatus, c.svcstatus2)),
            "presentment" => self.presacctinfo.as_ref().map(|c| (c.svcstatus, c.svcstatus2)),
            _ => None,
        };
        pair.and_then(|(a, b)| a.or(b))
    }

    /// SUPTXDL, XFERSRC, XFERDEST of the main entry (bank, credit-card and loan accounts have them).
    pub fn services(&self) -> (Option<bool>, Option<bool>, Option<bool>) {
        match self.kind() {
            "bank" => self.bankacctinfo.as_ref().map(|c| (c.suptxdl, c.xfersrc, c.xferdest)),
            "creditcard" => self.ccacctinfo.as_ref().map(|c| (c.suptxdl, c.xfersrc, c.xferdest)),
            "loan" => self.loanacctinfo.as_ref().map(|c| (c.suptxdl, c.xfersrc, c.xferdest)),
            _ => None,
        }
        .unwrap_or((None, None, None))
    }

    /// The view of one account as a JSON object: `kind`, `account_id`, `bank_id`, `branch_id`,
    /// `account_type`, `broker_id`, `desc`, `phone`, `status`, `supports_download`, `transfer_source`,
    /// `transfer_destination` (those present).
    pub fn view_json(&self, j: &mut Json<'_>) {
        j.begin_obj();
        j.key("kind");
        j.raw_str(self.kind());
        j.field("account_id", &self.account_id());
        j.field("bank_id", &self.bank_id());
        j.field("branch_id", &self.branch_id());
        j.field("account_type", &self.account_type());
        j.field("broker_id", &self.broker_id());
        j.field("desc", &self.desc);
        j.field("phone", &self.phone);
        j.field("status", &self.status());
        let (dl, src, dest) = self.services();
        j.field("supports_download", &dl);
        j.field("transfer_source", &src);
        j.field("transfer_destination", &dest);
        j.end_obj();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::define::{Aggregate, ReadCx};
    use crate::model::invest::test_util::{amt, assert_no_missing, both, iso, txt};

    fn body() -> &'static str {
        "<SIGNUPMSGSRSV1><ACCTINFOTRNRS><TRNUID>5</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<ACCTINFORS><DTACCTUP>20240131120000</DTACCTUP>
<ACCTINFO><DESC>Checking</DESC><PHONE>555-0100</PHONE>
<BANKACCTINFO><BANKACCTFROM><BANKID>121000248</BANKID><BRANCHID>01</BRANCHID><ACCTID>1111</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<SUPTXDL>Y</SUPTXDL><XFERSRC>Y</XFERSRC><XFERDEST>N</XFERDEST><SVCSTATUS>ACTIVE</SVCSTATUS></BANKACCTINFO>
<BPACCTINFO><BANKACCTFROM><BANKID>121000248</BANKID><ACCTID>1111</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<SVCSTATUS>AVAIL</SVCSTATUS></BPACCTINFO></ACCTINFO>
<ACCTINFO><DESC>Visa</DESC>
<CCACCTINFO><CCACCTFROM><ACCTID>4111000000001111</ACCTID></CCACCTFROM><SUPTXDL>Y</SUPTXDL><XFERSRC>N</XFERSRC><XFERDEST>Y</XFERDEST>
<SVCSTATUS>ACTIVE</SVCSTATUS></CCACCTINFO></ACCTINFO>
<ACCTINFO><DESC>Brokerage</DESC>
<INVACCTINFO><INVACCTFROM><BROKERID>broker.example.com</BROKERID><ACCTID>X123</ACCTID></INVACCTFROM>
<USPRODUCTTYPE>NORMAL</USPRODUCTTYPE><CHECKING>N</CHECKING><SVCSTATUS>PEND</SVCSTATUS><INVACCTTYPE>INDIVIDUAL</INVACCTTYPE>
<OPTIONLEVEL>2</OPTIONLEVEL></INVACCTINFO></ACCTINFO>
<ACCTINFO><DESC>Mortgage</DESC>
<LOANACCTINFO><LOANACCTFROM><LOANACCTID>L-555</LOANACCTID><LOANACCTTYPE>MORTGAGE</LOANACCTTYPE></LOANACCTFROM>
<LOANTYPE>FIXED</LOANTYPE><LOANINITNUMPMTS>360</LOANINITNUMPMTS><LOANINITBAL>300000.00</LOANINITBAL><LOANFREQ>MONTHLY</LOANFREQ>
<DTLOANSTART>20190301</DTLOANSTART><PRINBAL><BALAMT>-250000.00</BALAMT><DTASOF>20240131</DTASOF></PRINBAL>
<LOANIRATE><LOANINTRATE>6.125</LOANINTRATE><RATETYPE>FIXED</RATETYPE><DTASOF>20240131</DTASOF></LOANIRATE>
<LOANPMT><PMTAMT>1500.00</PMTAMT><DTPMTDUE>20240215</DTPMTDUE></LOANPMT><LOANRMNPMTS>300</LOANRMNPMTS>
<SUPTXDL>Y</SUPTXDL><XFERSRC>N</XFERSRC><XFERDEST>Y</XFERDEST><SVCSTATUS>ACTIVE</SVCSTATUS></LOANACCTINFO></ACCTINFO>
</ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1>"
    }

    #[test]
    fn account_information_response() {
        for doc in both(body()) {
            assert_no_missing(&doc);
            let a = &doc.accounts;
            let kinds: Vec<_> = a.iter().map(|a| a.kind()).collect();
            assert_eq!(kinds, ["bank", "creditcard", "investment", "loan"]);
            let ids: Vec<_> = a.iter().map(|a| txt(&doc, a.account_id())).collect();
            assert_eq!(ids, ["1111", "4111000000001111", "X123", "L-555"]);
            let types: Vec<_> = a.iter().map(|a| txt(&doc, a.account_type())).collect();
            assert_eq!(types, ["CHECKING", "<none>", "INDIVIDUAL", "MORTGAGE"]);
            let status: Vec<_> = a.iter().map(|a| txt(&doc, a.status())).collect();
            assert_eq!(status, ["ACTIVE", "ACTIVE", "PEND", "ACTIVE"]);
            let descs: Vec<_> = a.iter().map(|a| txt(&doc, a.desc())).collect();
            assert_eq!(descs, ["Checking", "Visa", "Brokerage", "Mortgage"]);

            assert_eq!(txt(&doc, a[0].bank_id()), "121000248");
            assert_eq!(txt(&doc, a[0].branch_id()), "01");
            assert_eq!(txt(&doc, a[0].phone), "555-0100");
            assert_eq!(a[0].services(), (Some(true), Some(true), Some(false)));
            assert_eq!(txt(&doc, a[0].bpacctinfo.as_deref().unwrap().svcstatus), "AVAIL");
            assert!(a[1].bank_id().is_none());
            assert_eq!(a[1].services(), (Some(true), Some(false), Some(true)));
            assert_eq!(txt(&doc, a[2].broker_id()), "broker.example.com");
            assert_eq!(a[2].services(), (None, None, None));
            let inv = a[2].invacctinfo.as_deref().unwrap();
            assert_eq!(inv.checking, Some(false));
            assert_eq!(txt(&doc, inv.usproducttype), "NORMAL");
            assert_eq!(txt(&doc, inv.optionlevel), "2");
            let loan = a[3].loanacctinfo.as_deref().unwrap();
            assert_eq!(loan.loaninitnumpmts, Some(360));
            assert_eq!(amt(loan.loaninitbal), "300000.00");
            assert_eq!(iso(loan.dtloanstart), "2019-03-01");
            assert_eq!(amt(loan.prinbal.as_deref().unwrap().balamt), "-250000.00");
            assert_eq!(txt(&doc, loan.loanirate.as_deref().unwrap().loanintrate), "6.125");
            assert_eq!(loan.loanrmnpmts, Some(300));

            // ACCTINFORS itself
            let node = doc.path("SIGNUPMSGSRSV1/ACCTINFOTRNRS/ACCTINFORS").unwrap();
            let mut w = crate::markup::warning::Warnings::new();
            let rs = AcctInfoRs::read(node, &mut ReadCx { tree: &doc.tree, warnings: &mut w });
            assert_eq!(iso(rs.dtacctup), "2024-01-31T12:00:00Z");
            assert_eq!(rs.acctinfo.len(), 4);
        }
    }

    #[test]
    fn account_view_json() {
        let [_, doc] = both(body());
        let views: Vec<String> = doc
            .accounts
            .iter()
            .map(|a| {
                let mut j = Json::new(&doc.tree);
                a.view_json(&mut j);
                j.out
            })
            .collect();
        assert_eq!(
            views[0],
            r#"{"kind":"bank","account_id":"1111","bank_id":"121000248","branch_id":"01","account_type":"CHECKING","desc":"Checking","phone":"555-0100","status":"ACTIVE","supports_download":true,"transfer_source":true,"transfer_destination":false}"#
        );
        assert_eq!(
            views[1],
            r#"{"kind":"creditcard","account_id":"4111000000001111","desc":"Visa","status":"ACTIVE","supports_download":true,"transfer_source":false,"transfer_destination":true}"#
        );
        assert_eq!(
            views[2],
            r#"{"kind":"investment","account_id":"X123","account_type":"INDIVIDUAL","broker_id":"broker.example.com","desc":"Brokerage","status":"PEND"}"#
        );
        assert_eq!(
            views[3],
            r#"{"kind":"loan","account_id":"L-555","account_type":"MORTGAGE","desc":"Mortgage","status":"ACTIVE","supports_download":true,"transfer_source":false,"transfer_destination":true}"#
        );
        // The declarative JSON keeps every entry.
        let mut j = Json::new(&doc.tree);
        j.agg(&doc.accounts[0]);
        assert!(j.out.contains(r#""bill_pay":{"account":{"bank_id":"121000248","account_id":"1111","account_type":"CHECKING"},"status":"AVAIL"}"#), "{}", j.out);
    }

    #[test]
    fn billpay_only_and_empty_accounts() {
        let body =
            "<SIGNUPMSGSRSV1><ACCTINFOTRNRS><TRNUID>5</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<ACCTINFORS><DTACCTUP>20240131</DTACCTUP>
<ACCTINFO><BPACCTINFO><BANKACCTFROM><BANKID>1</BANKID><ACCTID>2</ACCTID><ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTFROM>
<SVCSTATUS>ACTIVE</SVCSTATUS></BPACCTINFO></ACCTINFO>
<ACCTINFO><DESC>Nothing</DESC></ACCTINFO>
</ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1>";
        for doc in both(body) {
            assert_eq!(doc.accounts.len(), 2);
            let a = &doc.accounts[0];
            assert_eq!(a.kind(), "billpay");
            assert_eq!(txt(&doc, a.account_id()), "2");
            assert_eq!(txt(&doc, a.account_type()), "SAVINGS");
            assert_eq!(txt(&doc, a.status()), "ACTIVE");
            let b = &doc.accounts[1];
            assert_eq!(b.kind(), "unknown");
            assert!(b.account_id().is_none() && b.status().is_none());
            let mut j = Json::new(&doc.tree);
            b.view_json(&mut j);
            assert_eq!(j.out, r#"{"kind":"unknown","desc":"Nothing"}"#);
        }
    }
}

#[cfg(test)]
mod v16_tests {
    use crate::model::invest::test_util::{sgml_doc, txt};

    #[test]
    fn ofx16_status2_is_the_status() {
        let body = "<SIGNUPMSGSRSV2><ACCTINFOTRNRS><TRNUID>5</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<ACCTINFORS><DTACCTUP>20240131</DTACCTUP><ACCTINFO><DESC>Savings</DESC>
<BANKACCTINFO><BANKACCTFROM><BANKID>1</BANKID><ACCTID>2</ACCTID><ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTFROM>
<SUPTXDL>Y</SUPTXDL><XFERSRC>N</XFERSRC><XFERDEST>N</XFERDEST><SVCSTATUS2>ACTIVE</SVCSTATUS2><REASON>ok</REASON></BANKACCTINFO>
</ACCTINFO></ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV2>";
        let doc = sgml_doc(body);
        assert_eq!(doc.accounts.len(), 1);
        assert_eq!(txt(&doc, doc.accounts[0].status()), "ACTIVE");
        assert_eq!(txt(&doc, doc.accounts[0].bankacctinfo.as_deref().unwrap().reason), "ok");
    }
}

/// Signup requests.
pub mod rq {
    owned_aggregate! {
        /// ACCTINFORQ: the accounts the user has, changed since DTACCTUP.
        pub struct AcctInfoRq = ACCTINFORQ {
            dtacctup: date = DTACCTUP req,
        }
    }
}
