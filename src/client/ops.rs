//! The operations a client offers, as request aggregates: the one place that turns what an
//! application asks for (an account, a date range, what to include) into the spec's request
//! aggregates. Single operations and batch items are both built here.

use crate::client::request::RequestBody;
use crate::model::bank::rq::{BankAcctFrom, IncTran, StmtEndRq, StmtRq};
use crate::model::common::rq::ImageRq;
use crate::model::creditcard::rq::{CcAcctFrom, CcStmtEndRq, CcStmtRq};
use crate::model::invest::rq::{IncPos, InvAcctFrom, InvStmtRq};
use crate::model::loan::rq::{LoanAcctFrom, LoanStmtEndRq, LoanStmtRq};
use crate::model::profile::rq::ProfRq;
use crate::model::signon::rq::MfaChallengeRq;
use crate::model::signup::rq::AcctInfoRq;
use crate::values::datetime::OfxDateTime;

/// An account a request is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountRef {
    /// A bank account: routing number, optional branch, number, type (CHECKING, SAVINGS, MONEYMRKT,
    /// CREDITLINE, CD) and optional account key.
    Bank {
        bank_id: String,
        branch_id: Option<String>,
        account_id: String,
        account_type: String,
        account_key: Option<String>,
    },
    /// A credit-card account.
    CreditCard { account_id: String, account_key: Option<String> },
    /// A brokerage account.
    Investment { broker_id: String, account_id: String },
    /// A loan account (2.1 and later): number and LOANACCTTYPE (MORTGAGE, AUTO, CONSUMER, ...).
    Loan { account_id: String, loan_type: String },
}

impl AccountRef {
    /// Builds an account from the command-line style words: `checking`, `savings`, `moneymrkt`,
    /// `creditline`, `cd` (bank: needs `bank_id`), `creditcard`, `investment` (needs `broker_id`),
    /// `loan` (`loan_type`, default MORTGAGE).
    pub fn from_words(
        account_type: &str,
        account_id: &str,
        bank_id: Option<&str>,
        broker_id: Option<&str>,
        loan_type: Option<&str>,
    ) -> Result<AccountRef, String> {
        if account_id.trim().is_empty() {
            return Err("the account number is empty".into());
        }
        let t = account_type.to_ascii_lowercase();
        match t.as_str() {
            "checking" | "savings" | "moneymrkt" | "creditline" | "cd" => {
                let bank_id = bank_id.filter(|b| !b.trim().is_empty()).ok_or("a bank account needs a bank id")?;
                Ok(AccountRef::Bank {
                    bank_id: bank_id.to_string(),
                    branch_id: None,
                    account_id: account_id.to_string(),
                    account_type: t.to_ascii_uppercase(),
                    account_key: None,
                })
            }
            "creditcard" => Ok(AccountRef::CreditCard { account_id: account_id.to_string(), account_key: None }),
            "investment" => {
                let broker_id =
                    broker_id.filter(|b| !b.trim().is_empty()).ok_or("an investment account needs a broker id")?;
                Ok(AccountRef::Investment { broker_id: broker_id.to_string(), account_id: account_id.to_string() })
            }
            "loan" => Ok(AccountRef::Loan {
                account_id: account_id.to_string(),
                loan_type: loan_type.unwrap_or("MORTGAGE").to_ascii_uppercase(),
            }),
            other => Err(format!(
                "unknown account type '{other}' (checking, savings, moneymrkt, creditline, cd, creditcard, investment, loan)"
            )),
        }
    }

    fn bank(&self) -> Option<BankAcctFrom> {
        match self {
            AccountRef::Bank { bank_id, branch_id, account_id, account_type, account_key } => Some(BankAcctFrom {
                bankid: Some(bank_id.clone()),
                branchid: branch_id.clone(),
                acctid: Some(account_id.clone()),
                accttype: Some(account_type.clone()),
                acctkey: account_key.clone(),
            }),
            _ => None,
        }
    }

    fn card(&self) -> Option<CcAcctFrom> {
        match self {
            AccountRef::CreditCard { account_id, account_key } => {
                Some(CcAcctFrom { acctid: Some(account_id.clone()), acctkey: account_key.clone() })
            }
            _ => None,
        }
    }
}

/// What a statement request asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementQuery {
    pub account: AccountRef,
    /// Transactions from (inclusive) and to (exclusive, as the spec says); absent: the server's choice.
    pub start: Option<OfxDateTime>,
    pub end: Option<OfxDateTime>,
    /// Include transactions at all (INCTRAN/INCLUDE). Default true.
    pub include_transactions: bool,
    /// 2.x: pending transactions too (INCLUDEPENDING).
    pub include_pending: Option<bool>,
    /// 2.1.1: image references (INCTRANIMG).
    pub include_images: Option<bool>,
    /// Investment: positions (INCPOS), as of a date; open orders (INCOO); balances (INCBAL); 401(k).
    pub include_positions: bool,
    pub positions_as_of: Option<OfxDateTime>,
    pub include_open_orders: bool,
    pub include_balance: bool,
    pub include_401k: Option<bool>,
    pub include_401k_balance: Option<bool>,
}

impl StatementQuery {
    /// Everything included, no dates.
    pub fn new(account: AccountRef) -> StatementQuery {
        StatementQuery {
            account,
            start: None,
            end: None,
            include_transactions: true,
            include_pending: None,
            include_images: None,
            include_positions: true,
            positions_as_of: None,
            include_open_orders: true,
            include_balance: true,
            include_401k: None,
            include_401k_balance: None,
        }
    }
}

fn check_range(start: &Option<OfxDateTime>, end: &Option<OfxDateTime>) -> Result<(), String> {
    if let (Some(s), Some(e)) = (start, end) {
        if e.unix_seconds < s.unix_seconds {
            return Err(format!("the end date {} is before the start date {}", e.to_iso_utc(), s.to_iso_utc()));
        }
    }
    Ok(())
}

/// A statement request for any kind of account.
pub fn statement(q: &StatementQuery) -> Result<RequestBody, String> {
    check_range(&q.start, &q.end)?;
    let inctran = || Some(Box::new(IncTran { dtstart: q.start, dtend: q.end, include: Some(q.include_transactions) }));
    Ok(match &q.account {
        AccountRef::Bank { .. } => RequestBody::BankStatement(StmtRq {
            bankacctfrom: q.account.bank().map(Box::new),
            inctran: inctran(),
            includepending: q.include_pending,
            inctranimg: q.include_images,
        }),
        AccountRef::CreditCard { .. } => RequestBody::CreditCardStatement(CcStmtRq {
            ccacctfrom: q.account.card().map(Box::new),
            inctran: inctran(),
            includepending: q.include_pending,
            inctranimg: q.include_images,
        }),
        AccountRef::Investment { broker_id, account_id } => RequestBody::InvestmentStatement(InvStmtRq {
            invacctfrom: Some(Box::new(InvAcctFrom {
                brokerid: Some(broker_id.clone()),
                acctid: Some(account_id.clone()),
            })),
            inctran: inctran(),
            incoo: Some(q.include_open_orders),
            incpos: Some(Box::new(IncPos { dtasof: q.positions_as_of, include: Some(q.include_positions) })),
            incbal: Some(q.include_balance),
            inc401k: q.include_401k,
            inc401kbal: q.include_401k_balance,
            inctranimg: q.include_images,
        }),
        AccountRef::Loan { account_id, loan_type } => RequestBody::LoanStatement(LoanStmtRq {
            loanacctfrom: Some(Box::new(LoanAcctFrom {
                loanacctid: Some(account_id.clone()),
                loanaccttype: Some(loan_type.clone()),
            })),
            inctran: inctran(),
            inctranimg: q.include_images,
        }),
    })
}

/// A closing-information request (bank, credit card or loan; the spec has none for brokerage
/// accounts in these message sets).
pub fn closing(
    account: &AccountRef,
    start: Option<OfxDateTime>,
    end: Option<OfxDateTime>,
    include_images: Option<bool>,
) -> Result<RequestBody, String> {
    check_range(&start, &end)?;
    Ok(match account {
        AccountRef::Bank { .. } => RequestBody::BankClosing(StmtEndRq {
            bankacctfrom: account.bank().map(Box::new),
            dtstart: start,
            dtend: end,
            incstmtimg: include_images,
        }),
        AccountRef::CreditCard { .. } => RequestBody::CreditCardClosing(CcStmtEndRq {
            ccacctfrom: account.card().map(Box::new),
            dtstart: start,
            dtend: end,
            incstmtimg: include_images,
        }),
        AccountRef::Loan { account_id, loan_type } => RequestBody::LoanClosing(LoanStmtEndRq {
            loanacctfrom: Some(Box::new(LoanAcctFrom {
                loanacctid: Some(account_id.clone()),
                loanaccttype: Some(loan_type.clone()),
            })),
            dtstart: start,
            dtend: end,
        }),
        AccountRef::Investment { .. } => {
            return Err("closing information is offered for bank, credit-card and loan accounts".into());
        }
    })
}

/// The date OFX uses for "never": asks for everything (1990-01-01).
pub fn epoch() -> OfxDateTime {
    OfxDateTime::from_unix(631_152_000, 0)
}

/// The account list, changed since `since` (absent: everything).
pub fn account_info(since: Option<OfxDateTime>) -> RequestBody {
    RequestBody::AccountInfo(AcctInfoRq { dtacctup: Some(since.unwrap_or_else(epoch)) })
}

/// The FI profile, changed since `since` (absent: the whole profile). `routing` is CLIENTROUTING:
/// NONE (default), SERVICE or MSGSET.
pub fn profile(since: Option<OfxDateTime>, routing: Option<&str>) -> RequestBody {
    RequestBody::Profile(ProfRq {
        clientrouting: Some(routing.unwrap_or("NONE").to_ascii_uppercase()),
        dtprofup: Some(since.unwrap_or_else(epoch)),
    })
}

/// The MFA challenge questions.
pub fn mfa_challenge(now: OfxDateTime) -> RequestBody {
    RequestBody::MfaChallenge(MfaChallengeRq { dtclient: Some(now) })
}

/// One image by its opaque reference (IMAGEREFTYPE OPAQUE).
pub fn image(imageref: &str) -> Result<RequestBody, String> {
    if imageref.trim().is_empty() {
        return Err("the image reference is empty".into());
    }
    Ok(RequestBody::Image(ImageRq { imageref: Some(imageref.to_string()) }))
}

/// The current time as an OFX date-time (UTC).
pub fn now() -> OfxDateTime {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut t = OfxDateTime::from_unix(d.as_secs() as i64, d.subsec_millis() * 1_000_000);
    t.precision = crate::values::datetime::DatePrecision::Millis;
    t
}

/// Reads a date given by a user: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[Z]`, or any OFX date-time.
pub fn parse_user_date(s: &str) -> Result<OfxDateTime, String> {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (t[0..4].parse().ok(), t[5..7].parse().ok(), t[8..10].parse().ok());
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if let Some(v) = OfxDateTime::from_ymd(y, m, d) {
                return Ok(v);
            }
        }
        return Err(format!("'{t}' is not a valid date (YYYY-MM-DD)"));
    }
    if b.len() >= 19 && b[4] == b'-' && b[10] == b'T' {
        let compact: String = t.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
        if compact.len() == 14 {
            if let Ok((v, _)) = crate::values::datetime::parse_ofx_datetime(&format!("{compact}[0:GMT]")) {
                return Ok(v);
            }
        }
        return Err(format!("'{t}' is not a valid date-time (YYYY-MM-DDTHH:MM:SSZ, UTC)"));
    }
    crate::values::datetime::parse_ofx_datetime(t)
        .map(|(v, _)| v)
        .map_err(|e| format!("'{t}' is not a date (YYYY-MM-DD or an OFX date-time): {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_from_words() {
        let a = AccountRef::from_words("Checking", "1234", Some("121000248"), None, None).unwrap();
        assert_eq!(
            a,
            AccountRef::Bank {
                bank_id: "121000248".into(),
                branch_id: None,
                account_id: "1234".into(),
                account_type: "CHECKING".into(),
                account_key: None
            }
        );
        assert_eq!(
            AccountRef::from_words("checking", "1", None, None, None).unwrap_err(),
            "a bank account needs a bank id"
        );
        assert!(AccountRef::from_words("investment", "1", None, None, None).is_err());
        assert!(AccountRef::from_words("bogus", "1", None, None, None).unwrap_err().contains("bogus"));
        assert!(matches!(
            AccountRef::from_words("loan", "L1", None, None, None).unwrap(),
            AccountRef::Loan { loan_type, .. } if loan_type == "MORTGAGE"
        ));
    }

    #[test]
    fn user_dates() {
        assert_eq!(parse_user_date("2024-01-05").unwrap().to_iso_utc(), "2024-01-05");
        assert_eq!(parse_user_date("2024-01-05T10:20:30Z").unwrap().to_iso_utc(), "2024-01-05T10:20:30Z");
        assert_eq!(parse_user_date("20240105").unwrap().to_iso_utc(), "2024-01-05");
        assert!(parse_user_date("2024-13-05").is_err());
        assert!(parse_user_date("yesterday").is_err());
    }

    #[test]
    fn ranges_checked() {
        let mut q = StatementQuery::new(AccountRef::CreditCard { account_id: "4111".into(), account_key: None });
        q.start = OfxDateTime::from_ymd(2024, 2, 1);
        q.end = OfxDateTime::from_ymd(2024, 1, 1);
        assert!(statement(&q).unwrap_err().contains("before"));
    }
}
