//! Banking (OFX spec chapter 11): STMTRS, STMTTRN, balances, closing information.

use crate::model::common::{BalList, Currency, ImageData};
use crate::model::signon::Status;

aggregate! {
    /// BANKACCTFROM / BANKACCTTO / BANKACCTINFO's account: a bank account.
    pub struct BankAcct = BANKACCTFROM {
        bankid: text = BANKID => "bank_id" req,
        branchid: text = BRANCHID => "branch_id",
        acctid: text = ACCTID => "account_id" req,
        accttype: text = ACCTTYPE => "account_type" req,
        acctkey: text = ACCTKEY => "account_key",
    }
}

aggregate! {
    /// CCACCTFROM / CCACCTTO: a credit-card account.
    pub struct CcAcct = CCACCTFROM {
        acctid: text = ACCTID => "account_id" req,
        acctkey: text = ACCTKEY => "account_key",
    }
}

aggregate! {
    /// PAYEE: a payee's full address.
    pub struct Payee = PAYEE {
        name: text = NAME => "name" req,
        addr1: text = ADDR1 => "addr1",
        addr2: text = ADDR2 => "addr2",
        addr3: text = ADDR3 => "addr3",
        city: text = CITY => "city",
        state: text = STATE => "state",
        postalcode: text = POSTALCODE => "postal_code",
        country: text = COUNTRY => "country",
        phone: text = PHONE => "phone",
    }
}

aggregate! {
    /// STMTTRN: one bank or credit-card transaction.
    pub struct StmtTrn = STMTTRN {
        trntype: text = TRNTYPE => "type" req,
        dtposted: date = DTPOSTED => "date_posted" req,
        dtuser: date = DTUSER => "date_user",
        dtavail: date = DTAVAIL => "date_avail",
        trnamt: amount = TRNAMT => "amount" req,
        fitid: text = FITID => "fitid" req,
        correctfitid: text = CORRECTFITID => "correct_fitid",
        correctaction: text = CORRECTACTION => "correct_action",
        srvrtid: text = SRVRTID => "server_tid",
        checknum: text = CHECKNUM => "check_number",
        refnum: text = REFNUM => "ref_number",
        sic: text = SIC => "sic",
        payeeid: text = PAYEEID => "payee_id",
        name: text = NAME => "name",
        extdname: text = EXTDNAME => "extended_name",
        payee: agg<Payee> = PAYEE => "payee",
        bankacctto: agg<BankAcct> = BANKACCTTO => "bank_account_to",
        ccacctto: agg<CcAcct> = CCACCTTO => "cc_account_to",
        memo: text = MEMO => "memo",
        imagedata: list<ImageData> = IMAGEDATA => "images",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// BANKTRANLIST: the transactions of a statement and the dates they cover.
    pub struct BankTranList = BANKTRANLIST {
        dtstart: date = DTSTART => "start" req,
        dtend: date = DTEND => "end" req,
        transactions: list<StmtTrn> = STMTTRN => "transactions",
    }
}

aggregate! {
    /// LEDGERBAL / AVAILBAL: a balance and its date.
    pub struct Bal = LEDGERBAL {
        balamt: amount = BALAMT => "amount" req,
        dtasof: date = DTASOF => "date" req,
    }
}

aggregate! {
    /// STMTRS: a bank statement.
    pub struct StmtRs = STMTRS {
        curdef: text = CURDEF => "currency" req,
        bankacctfrom: agg<BankAcct> = BANKACCTFROM => "account" req,
        banktranlist: agg<BankTranList> = BANKTRANLIST => "transaction_list",
        ledgerbal: agg<Bal> = LEDGERBAL => "ledger_balance" req,
        availbal: agg<Bal> = AVAILBAL => "available_balance",
        cashadvbalamt: amount = CASHADVBALAMT => "cash_advance_balance",
        intrate: text = INTRATE => "interest_rate",
        ballist: agg<BalList> = BALLIST => "balance_list",
        mktginfo: text = MKTGINFO => "marketing_info",
        /// STMTTRN placed directly in the statement (no BANKTRANLIST): moved into the list on reading.
        loose: list<StmtTrn> = STMTTRN => "loose_transactions",
    }
}

aggregate! {
    /// CCSTMTRS: a credit-card statement.
    pub struct CcStmtRs = CCSTMTRS {
        curdef: text = CURDEF => "currency" req,
        ccacctfrom: agg<CcAcct> = CCACCTFROM => "account" req,
        banktranlist: agg<BankTranList> = BANKTRANLIST => "transaction_list",
        ledgerbal: agg<Bal> = LEDGERBAL => "ledger_balance" req,
        availbal: agg<Bal> = AVAILBAL => "available_balance",
        cashadvbalamt: amount = CASHADVBALAMT => "cash_advance_balance",
        intratepurch: text = INTRATEPURCH => "interest_rate_purchase",
        intratecash: text = INTRATECASH => "interest_rate_cash",
        intratexfer: text = INTRATEXFER => "interest_rate_transfer",
        rewardinfo: agg<RewardInfo> = REWARDINFO => "reward_info",
        ballist: agg<BalList> = BALLIST => "balance_list",
        mktginfo: text = MKTGINFO => "marketing_info",
        /// STMTTRN placed directly in the statement (no BANKTRANLIST): moved into the list on reading.
        loose: list<StmtTrn> = STMTTRN => "loose_transactions",
    }
}

aggregate! {
    /// REWARDINFO: credit-card rewards.
    pub struct RewardInfo = REWARDINFO {
        name: text = NAME => "name" req,
        rewardbal: amount = REWARDBAL => "balance" req,
        rewardearned: amount = REWARDEARNED => "earned",
    }
}

aggregate! {
    /// CLOSING: closing information of one bank statement period.
    pub struct Closing = CLOSING {
        fitid: text = FITID => "fitid" req,
        dtopen: date = DTOPEN => "date_open",
        dtclose: date = DTCLOSE => "date_close" req,
        dtnext: date = DTNEXT => "date_next",
        balopen: amount = BALOPEN => "balance_open",
        balclose: amount = BALCLOSE => "balance_close" req,
        balmin: amount = BALMIN => "balance_min",
        depandcredit: amount = DEPANDCREDIT => "deposits_and_credits",
        chkanddebit: amount = CHKANDDEB => "checks_and_debits",
        totalfees: amount = TOTALFEES => "total_fees",
        totalint: amount = TOTALINT => "total_interest",
        dtpoststart: date = DTPOSTSTART => "date_post_start" req,
        dtpostend: date = DTPOSTEND => "date_post_end" req,
        mktginfo: text = MKTGINFO => "marketing_info",
        imagedata: list<ImageData> = IMAGEDATA => "images",
        currency: agg<Currency> = CURRENCY => "currency",
    }
}

aggregate! {
    /// STMTENDRS: bank closing information.
    pub struct StmtEndRs = STMTENDRS {
        curdef: text = CURDEF => "currency" req,
        bankacctfrom: agg<BankAcct> = BANKACCTFROM => "account" req,
        closings: list<Closing> = CLOSING => "closings",
    }
}

aggregate! {
    /// CCCLOSING: closing information of one credit-card statement period.
    pub struct CcClosing = CCCLOSING {
        fitid: text = FITID => "fitid" req,
        dtopen: date = DTOPEN => "date_open",
        dtclose: date = DTCLOSE => "date_close" req,
        dtnext: date = DTNEXT => "date_next",
        balopen: amount = BALOPEN => "balance_open",
        balclose: amount = BALCLOSE => "balance_close" req,
        intytd: amount = INTYTD => "interest_ytd",
        dtpmtdue: date = DTPMTDUE => "date_payment_due",
        minpmtdue: amount = MINPMTDUE => "min_payment_due",
        pastdueamt: amount = PASTDUEAMT => "past_due_amount",
        latefeeamt: amount = LATEFEEAMT => "late_fee_amount",
        finchg: amount = FINCHG => "finance_charge",
        intratepurch: text = INTRATEPURCH => "interest_rate_purchase",
        intratecash: text = INTRATECASH => "interest_rate_cash",
        intratexfer: text = INTRATEXFER => "interest_rate_transfer",
        payandcredit: amount = PAYANDCREDIT => "payments_and_credits",
        purandadv: amount = PURANDADV => "purchases_and_advances",
        debadj: amount = DEBADJ => "debit_adjustments",
        creditlimit: amount = CREDITLIMIT => "credit_limit",
        cashadvcreditlimit: amount = CASHADVCREDITLIMIT => "cash_advance_credit_limit",
        dtpoststart: date = DTPOSTSTART => "date_post_start" req,
        dtpostend: date = DTPOSTEND => "date_post_end" req,
        autopay: bool = AUTOPAY => "autopay",
        lastpmtinfo: agg<LastPmtInfo> = LASTPMTINFO => "last_payment",
        rewardinfo: agg<RewardInfo> = REWARDINFO => "reward_info",
        mktginfo: text = MKTGINFO => "marketing_info",
        imagedata: list<ImageData> = IMAGEDATA => "images",
        currency: agg<Currency> = CURRENCY => "currency",
    }
}

aggregate! {
    /// LASTPMTINFO: the last credit-card payment.
    pub struct LastPmtInfo = LASTPMTINFO {
        lastpmtdate: date = LASTPMTDATE => "date" req,
        lastpmtamt: amount = LASTPMTAMT => "amount" req,
    }
}

aggregate! {
    /// CCSTMTENDRS: credit-card closing information.
    pub struct CcStmtEndRs = CCSTMTENDRS {
        curdef: text = CURDEF => "currency" req,
        ccacctfrom: agg<CcAcct> = CCACCTFROM => "account" req,
        closings: list<CcClosing> = CCCLOSING => "closings",
    }
}

/// Keeps the wrapper status type reachable from this chapter.
pub type TrnStatus = Status;

/// Moves transactions placed directly in a statement into its transaction list (creating the list when
/// the statement has none), so that no record is lost; says so in a warning.
pub fn adopt_loose(
    list: &mut Option<Box<BankTranList>>,
    loose: &mut Vec<StmtTrn>,
    at: usize,
    what: &str,
    w: &mut crate::markup::warning::Warnings,
) {
    if loose.is_empty() {
        return;
    }
    w.push(
        crate::markup::warning::WarningCode::Order,
        at,
        format!("{} STMTTRN directly inside {what} (not in BANKTRANLIST): read as its transactions", loose.len()),
    );
    list.get_or_insert_with(Default::default).transactions.append(loose);
}

/// A statement with several BANKTRANLISTs (seen in exports): the transactions of every list after the
/// first are added to the first, with a warning, so that no record is lost.
pub fn merge_lists(
    list: &mut Option<Box<BankTranList>>,
    stmt: crate::markup::tree::NodeRef<'_>,
    cx: &mut crate::model::define::ReadCx<'_>,
) {
    use crate::model::define::Aggregate;
    let mut extra = stmt.children().filter(|c| c.elem() == Some(crate::model::grammar::ids::BANKTRANLIST)).skip(1);
    let Some(first_extra) = extra.next() else { return };
    let mut n = 0;
    for l in std::iter::once(first_extra).chain(extra) {
        let more = BankTranList::read(l, cx);
        n += 1;
        let target = list.get_or_insert_with(Default::default);
        target.transactions.extend(more.transactions);
    }
    cx.warnings.push(
        crate::markup::warning::WarningCode::Order,
        first_extra.offset(),
        format!("{} more BANKTRANLIST in {}: their transactions were added to the first", n, stmt.name()),
    );
}

/// Banking requests.
pub mod rq {
    owned_aggregate! {
        /// BANKACCTFROM (and BANKACCTTO, same shape): a bank account.
        pub struct BankAcctFrom = BANKACCTFROM {
            bankid: text = BANKID req,
            branchid: text = BRANCHID,
            acctid: text = ACCTID req,
            accttype: text = ACCTTYPE req,
            acctkey: text = ACCTKEY,
        }
    }

    owned_aggregate! {
        /// INCTRAN: which transactions to include.
        pub struct IncTran = INCTRAN {
            dtstart: date = DTSTART,
            dtend: date = DTEND,
            include: bool = INCLUDE req,
        }
    }

    owned_aggregate! {
        /// STMTRQ: a bank statement request.
        pub struct StmtRq = STMTRQ {
            bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM req,
            inctran: agg<IncTran> = INCTRAN,
            includepending: bool = INCLUDEPENDING,
            inctranimg: bool = INCTRANIMG,
        }
    }

    owned_aggregate! {
        /// STMTENDRQ: bank closing information.
        pub struct StmtEndRq = STMTENDRQ {
            bankacctfrom: agg<BankAcctFrom> = BANKACCTFROM req,
            dtstart: date = DTSTART,
            dtend: date = DTEND,
            incstmtimg: bool = INCSTMTIMG,
        }
    }
}

/// Owned shapes of the bank chapter shared by transfers and bill payment.
pub mod shared {
    owned_aggregate! {
        /// PAYEE: a payee's full address (bill payment, transfers).
        pub struct PayeeO = PAYEE {
            name: text = NAME req,
            addr1: text = ADDR1 req,
            addr2: text = ADDR2,
            addr3: text = ADDR3,
            city: text = CITY req,
            state: text = STATE req,
            postalcode: text = POSTALCODE req,
            country: text = COUNTRY,
            phone: text = PHONE req,
        }
    }
}
