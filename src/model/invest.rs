//! Investment statements (OFX spec chapter 13): INVSTMTRS, the investment transactions, positions,
//! balances, open orders and 401(k) information.
//!
//! The transaction, position and open-order lists hold a mix of aggregates, so each is a hand-written
//! list of an enum ([`InvTransaction`], [`Position`], [`OpenOrder`]) with one variant per spec aggregate;
//! every variant's aggregate is an ordinary declarative definition.
use std::sync::LazyLock;

use crate::markup::tree::{NodeId, NodeRef};
use crate::model::bank::StmtTrn;
use crate::model::common::{BalList, Currency, ImageData};
use crate::model::define::{Aggregate, Amount, Field, Json, ReadCx, TextRef, missing};
use crate::model::grammar::{ElemId, ids};
use crate::values::datetime::OfxDateTime;

/// Defines an enum over several aggregates that share a place in the grammar (a choice): one boxed
/// variant per aggregate, `read_any` dispatching on the element's grammar id, `kind_tag`, `node`,
/// `is_kind` and `detail_json` (the variant's full declarative JSON).
macro_rules! tagged_enum {
    (
        $(#[$m:meta])*
        pub enum $name:ident { $( $(#[$vm:meta])* $var:ident($ty:ty) = $tag:ident ),* $(,)? }
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug)]
        pub enum $name {
            $( $(#[$vm])* $var(Box<$ty>), )*
        }
        impl $name {
            /// Reads an element of any of these kinds; None for any other element.
            pub fn read_any(
                node: $crate::markup::tree::NodeRef<'_>,
                cx: &mut $crate::model::define::ReadCx<'_>,
            ) -> Option<Self> {
                match node.elem()? {
                    $( $crate::model::grammar::ids::$tag => Some($name::$var(Box::new(
                        <$ty as $crate::model::define::Aggregate>::read(node, cx),
                    ))), )*
                    _ => None,
                }
            }
            /// Whether an element of this grammar id is one of these kinds.
            pub fn is_kind(id: $crate::model::grammar::ElemId) -> bool {
                matches!(id, $( $crate::model::grammar::ids::$tag )|*)
            }
            /// The spec tag of the aggregate, e.g. `BUYSTOCK`.
            pub fn kind_tag(&self) -> &'static str {
                match self { $( $name::$var(_) => stringify!($tag), )* }
            }
            /// The element this was read from.
            pub fn node(&self) -> $crate::markup::tree::NodeId {
                match self { $( $name::$var(x) => x.node, )* }
            }
            /// The full declarative JSON of the variant's aggregate (an object).
            pub fn detail_json(&self, j: &mut $crate::model::define::Json<'_>) {
                match self { $( $name::$var(x) => j.agg(&**x), )* }
            }
        }
    };
}
pub(crate) use tagged_enum;

// ---------------------------------------------------------------------------------------------
// Accounts, security ids, the transaction base
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// INVACCTFROM / INVACCTTO: an investment account.
    pub struct InvAcct = INVACCTFROM {
        brokerid: text = BROKERID => "broker_id" req,
        acctid: text = ACCTID => "account_id" req,
    }
}

aggregate! {
    /// SECID: a security's identifier (a CUSIP or another scheme).
    pub struct SecId = SECID {
        uniqueid: text = UNIQUEID => "unique_id" req,
        uniqueidtype: text = UNIQUEIDTYPE => "unique_id_type" req,
    }
}

aggregate! {
    /// INVTRAN: what every investment transaction has.
    pub struct InvTran = INVTRAN {
        fitid: text = FITID => "fitid" req,
        srvrtid: text = SRVRTID => "server_tid",
        dttrade: date = DTTRADE => "date_trade" req,
        dtsettle: date = DTSETTLE => "date_settle",
        reversalfitid: text = REVERSALFITID => "reversal_fitid",
        memo: text = MEMO => "memo",
        /// OFX 1.6 V2 message sets: the longer MEMO2 in place of MEMO.
        memo2: text = MEMO2 => "memo2",
    }
}

aggregate! {
    /// INVBUY: the common part of every buy.
    pub struct InvBuy = INVBUY {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        units: amount = UNITS => "units" req,
        unitprice: amount = UNITPRICE => "unit_price" req,
        markup: amount = MARKUP => "markup",
        commission: amount = COMMISSION => "commission",
        taxes: amount = TAXES => "taxes",
        fees: amount = FEES => "fees",
        load: amount = LOAD => "load",
        total: amount = TOTAL => "total" req,
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        loanid: text = LOANID => "loan_id",
        loanprincipal: amount = LOANPRINCIPAL => "loan_principal",
        loaninterest: amount = LOANINTEREST => "loan_interest",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
        dtpayroll: date = DTPAYROLL => "date_payroll",
        prioryearcontrib: bool = PRIORYEARCONTRIB => "prior_year_contribution",
    }
}

aggregate! {
    /// INVSELL: the common part of every sale.
    pub struct InvSell = INVSELL {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        units: amount = UNITS => "units" req,
        unitprice: amount = UNITPRICE => "unit_price" req,
        markdown: amount = MARKDOWN => "markdown",
        commission: amount = COMMISSION => "commission",
        taxes: amount = TAXES => "taxes",
        fees: amount = FEES => "fees",
        load: amount = LOAD => "load",
        withholding: amount = WITHHOLDING => "withholding",
        taxexempt: bool = TAXEXEMPT => "tax_exempt",
        total: amount = TOTAL => "total" req,
        gain: amount = GAIN => "gain",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        loanid: text = LOANID => "loan_id",
        statewithholding: amount = STATEWITHHOLDING => "state_withholding",
        penalty: amount = PENALTY => "penalty",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

// ---------------------------------------------------------------------------------------------
// The investment transactions (13.9.2.4)
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// BUYDEBT: a debt security bought.
    pub struct BuyDebt = BUYDEBT {
        invbuy: agg<InvBuy> = INVBUY => "buy" req,
        accrdint: amount = ACCRDINT => "accrued_interest",
    }
}

aggregate! {
    /// BUYMF: mutual-fund shares bought.
    pub struct BuyMf = BUYMF {
        invbuy: agg<InvBuy> = INVBUY => "buy" req,
        buytype: text = BUYTYPE => "buy_type" req,
        relfitid: text = RELFITID => "related_fitid",
    }
}

aggregate! {
    /// BUYOPT: an option bought.
    pub struct BuyOpt = BUYOPT {
        invbuy: agg<InvBuy> = INVBUY => "buy" req,
        optbuytype: text = OPTBUYTYPE => "option_buy_type" req,
        shperctrct: amount = SHPERCTRCT => "shares_per_contract" req,
    }
}

aggregate! {
    /// BUYOTHER: another kind of security bought.
    pub struct BuyOther = BUYOTHER {
        invbuy: agg<InvBuy> = INVBUY => "buy" req,
    }
}

aggregate! {
    /// BUYSTOCK: stock bought.
    pub struct BuyStock = BUYSTOCK {
        invbuy: agg<InvBuy> = INVBUY => "buy" req,
        buytype: text = BUYTYPE => "buy_type" req,
    }
}

aggregate! {
    /// CLOSUREOPT: an option exercised, assigned or expired.
    pub struct ClosureOpt = CLOSUREOPT {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        optaction: text = OPTACTION => "option_action" req,
        units: amount = UNITS => "units" req,
        shperctrct: amount = SHPERCTRCT => "shares_per_contract" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        relfitid: text = RELFITID => "related_fitid",
        gain: amount = GAIN => "gain",
    }
}

aggregate! {
    /// INCOME: dividends, interest, capital gains.
    pub struct Income = INCOME {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        incometype: text = INCOMETYPE => "income_type" req,
        total: amount = TOTAL => "total" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        taxexempt: bool = TAXEXEMPT => "tax_exempt",
        withholding: amount = WITHHOLDING => "withholding",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// INVEXPENSE: an expense tied to a security.
    pub struct InvExpense = INVEXPENSE {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        total: amount = TOTAL => "total" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// JRNLFUND: cash moved between sub-accounts.
    pub struct JrnlFund = JRNLFUND {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        subacctto: text = SUBACCTTO => "sub_account_to" req,
        subacctfrom: text = SUBACCTFROM => "sub_account_from" req,
        total: amount = TOTAL => "total" req,
    }
}

aggregate! {
    /// JRNLSEC: a security moved between sub-accounts.
    pub struct JrnlSec = JRNLSEC {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        subacctto: text = SUBACCTTO => "sub_account_to" req,
        subacctfrom: text = SUBACCTFROM => "sub_account_from" req,
        units: amount = UNITS => "units" req,
    }
}

aggregate! {
    /// MARGININTEREST: interest charged on a margin balance.
    pub struct MarginInterest = MARGININTEREST {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        total: amount = TOTAL => "total" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
    }
}

aggregate! {
    /// REINVEST: income reinvested in the security.
    pub struct Reinvest = REINVEST {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        incometype: text = INCOMETYPE => "income_type" req,
        total: amount = TOTAL => "total" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        units: amount = UNITS => "units" req,
        unitprice: amount = UNITPRICE => "unit_price" req,
        commission: amount = COMMISSION => "commission",
        taxes: amount = TAXES => "taxes",
        fees: amount = FEES => "fees",
        load: amount = LOAD => "load",
        taxexempt: bool = TAXEXEMPT => "tax_exempt",
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// RETOFCAP: a return of capital.
    pub struct RetOfCap = RETOFCAP {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        total: amount = TOTAL => "total" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// SELLDEBT: a debt security sold, called or matured.
    pub struct SellDebt = SELLDEBT {
        invsell: agg<InvSell> = INVSELL => "sell" req,
        sellreason: text = SELLREASON => "sell_reason" req,
        accrdint: amount = ACCRDINT => "accrued_interest",
    }
}

aggregate! {
    /// SELLMF: mutual-fund shares sold.
    pub struct SellMf = SELLMF {
        invsell: agg<InvSell> = INVSELL => "sell" req,
        selltype: text = SELLTYPE => "sell_type" req,
        avgcostbasis: amount = AVGCOSTBASIS => "average_cost_basis",
        relfitid: text = RELFITID => "related_fitid",
    }
}

aggregate! {
    /// SELLOPT: an option sold.
    pub struct SellOpt = SELLOPT {
        invsell: agg<InvSell> = INVSELL => "sell" req,
        optselltype: text = OPTSELLTYPE => "option_sell_type" req,
        shperctrct: amount = SHPERCTRCT => "shares_per_contract" req,
        relfitid: text = RELFITID => "related_fitid",
        reltype: text = RELTYPE => "related_type",
        secured: text = SECURED => "secured",
    }
}

aggregate! {
    /// SELLOTHER: another kind of security sold.
    pub struct SellOther = SELLOTHER {
        invsell: agg<InvSell> = INVSELL => "sell" req,
    }
}

aggregate! {
    /// SELLSTOCK: stock sold.
    pub struct SellStock = SELLSTOCK {
        invsell: agg<InvSell> = INVSELL => "sell" req,
        selltype: text = SELLTYPE => "sell_type" req,
    }
}

aggregate! {
    /// SPLIT: a stock or fund split.
    pub struct Split = SPLIT {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        oldunits: amount = OLDUNITS => "old_units" req,
        newunits: amount = NEWUNITS => "new_units" req,
        numerator: amount = NUMERATOR => "numerator" req,
        denominator: amount = DENOMINATOR => "denominator" req,
        currency: agg<Currency> = CURRENCY => "currency",
        origcurrency: agg<Currency> = ORIGCURRENCY => "original_currency",
        fraccash: amount = FRACCASH => "fractional_cash",
        subacctfund: text = SUBACCTFUND => "sub_account_fund",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// TRANSFER: securities moved into or out of the account.
    pub struct Transfer = TRANSFER {
        invtran: agg<InvTran> = INVTRAN => "transaction" req,
        secid: agg<SecId> = SECID => "security" req,
        subacctsec: text = SUBACCTSEC => "sub_account_security" req,
        units: amount = UNITS => "units" req,
        tferaction: text = TFERACTION => "transfer_action" req,
        postype: text = POSTYPE => "position_type" req,
        invacctfrom: agg<InvAcct> = INVACCTFROM => "account_from",
        avgcostbasis: amount = AVGCOSTBASIS => "average_cost_basis",
        unitprice: amount = UNITPRICE => "unit_price",
        dtpurchase: date = DTPURCHASE => "date_purchase",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// INVBANKTRAN: a cash transaction in an investment account.
    pub struct InvBankTran = INVBANKTRAN {
        stmttrn: agg<StmtTrn> = STMTTRN => "transaction" req,
        subacctfund: text = SUBACCTFUND => "sub_account_fund" req,
    }
}

tagged_enum! {
    /// One entry of an INVTRANLIST: any investment transaction, or a cash transaction (INVBANKTRAN).
    pub enum InvTransaction {
        BuyDebt(BuyDebt) = BUYDEBT,
        BuyMf(BuyMf) = BUYMF,
        BuyOpt(BuyOpt) = BUYOPT,
        BuyOther(BuyOther) = BUYOTHER,
        BuyStock(BuyStock) = BUYSTOCK,
        ClosureOpt(ClosureOpt) = CLOSUREOPT,
        Income(Income) = INCOME,
        InvExpense(InvExpense) = INVEXPENSE,
        JrnlFund(JrnlFund) = JRNLFUND,
        JrnlSec(JrnlSec) = JRNLSEC,
        MarginInterest(MarginInterest) = MARGININTEREST,
        Reinvest(Reinvest) = REINVEST,
        RetOfCap(RetOfCap) = RETOFCAP,
        SellDebt(SellDebt) = SELLDEBT,
        SellMf(SellMf) = SELLMF,
        SellOpt(SellOpt) = SELLOPT,
        SellOther(SellOther) = SELLOTHER,
        SellStock(SellStock) = SELLSTOCK,
        Split(Split) = SPLIT,
        Transfer(Transfer) = TRANSFER,
        InvBankTran(InvBankTran) = INVBANKTRAN,
    }
}

/// The parts of a transaction the accessors look at, wherever the variant keeps them.
#[derive(Default)]
struct Parts<'a> {
    invtran: Option<&'a InvTran>,
    bank: Option<&'a StmtTrn>,
    secid: Option<&'a SecId>,
    total: Option<Amount>,
    units: Option<Amount>,
    unitprice: Option<Amount>,
    subacctsec: Option<TextRef>,
    subacctfund: Option<TextRef>,
}

fn buy_parts(b: Option<&InvBuy>) -> Parts<'_> {
    match b {
        Some(b) => Parts {
            invtran: b.invtran.as_deref(),
            secid: b.secid.as_deref(),
            total: b.total,
            units: b.units,
            unitprice: b.unitprice,
            subacctsec: b.subacctsec,
            subacctfund: b.subacctfund,
            ..Parts::default()
        },
        None => Parts::default(),
    }
}

fn sell_parts(s: Option<&InvSell>) -> Parts<'_> {
    match s {
        Some(s) => Parts {
            invtran: s.invtran.as_deref(),
            secid: s.secid.as_deref(),
            total: s.total,
            units: s.units,
            unitprice: s.unitprice,
            subacctsec: s.subacctsec,
            subacctfund: s.subacctfund,
            ..Parts::default()
        },
        None => Parts::default(),
    }
}

impl InvTransaction {
    fn parts(&self) -> Parts<'_> {
        use InvTransaction as T;
        match self {
            T::BuyDebt(x) => buy_parts(x.invbuy.as_deref()),
            T::BuyMf(x) => buy_parts(x.invbuy.as_deref()),
            T::BuyOpt(x) => buy_parts(x.invbuy.as_deref()),
            T::BuyOther(x) => buy_parts(x.invbuy.as_deref()),
            T::BuyStock(x) => buy_parts(x.invbuy.as_deref()),
            T::SellDebt(x) => sell_parts(x.invsell.as_deref()),
            T::SellMf(x) => sell_parts(x.invsell.as_deref()),
            T::SellOpt(x) => sell_parts(x.invsell.as_deref()),
            T::SellOther(x) => sell_parts(x.invsell.as_deref()),
            T::SellStock(x) => sell_parts(x.invsell.as_deref()),
            T::ClosureOpt(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                units: x.units,
                subacctsec: x.subacctsec,
                ..Parts::default()
            },
            T::Income(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                total: x.total,
                subacctsec: x.subacctsec,
                subacctfund: x.subacctfund,
                ..Parts::default()
            },
            T::InvExpense(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                total: x.total,
                subacctsec: x.subacctsec,
                subacctfund: x.subacctfund,
                ..Parts::default()
            },
            T::JrnlFund(x) => Parts { invtran: x.invtran.as_deref(), total: x.total, ..Parts::default() },
            T::JrnlSec(x) => {
                Parts { invtran: x.invtran.as_deref(), secid: x.secid.as_deref(), units: x.units, ..Parts::default() }
            }
            T::MarginInterest(x) => {
                Parts { invtran: x.invtran.as_deref(), total: x.total, subacctfund: x.subacctfund, ..Parts::default() }
            }
            T::Reinvest(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                total: x.total,
                units: x.units,
                unitprice: x.unitprice,
                subacctsec: x.subacctsec,
                ..Parts::default()
            },
            T::RetOfCap(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                total: x.total,
                subacctsec: x.subacctsec,
                subacctfund: x.subacctfund,
                ..Parts::default()
            },
            T::Split(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                subacctsec: x.subacctsec,
                subacctfund: x.subacctfund,
                ..Parts::default()
            },
            T::Transfer(x) => Parts {
                invtran: x.invtran.as_deref(),
                secid: x.secid.as_deref(),
                units: x.units,
                unitprice: x.unitprice,
                subacctsec: x.subacctsec,
                ..Parts::default()
            },
            T::InvBankTran(x) => {
                let bank = x.stmttrn.as_deref();
                Parts { bank, total: bank.and_then(|b| b.trnamt), subacctfund: x.subacctfund, ..Parts::default() }
            }
        }
    }

    /// The INVTRAN of an investment transaction (None for INVBANKTRAN or when it is missing).
    pub fn invtran(&self) -> Option<&InvTran> {
        self.parts().invtran
    }

    /// The STMTTRN of a cash transaction (INVBANKTRAN only).
    pub fn stmttrn(&self) -> Option<&StmtTrn> {
        self.parts().bank
    }

    /// FITID: INVTRAN's, or for INVBANKTRAN the STMTTRN's.
    pub fn fitid(&self) -> Option<TextRef> {
        let p = self.parts();
        match p.bank {
            Some(b) => b.fitid,
            None => p.invtran.and_then(|t| t.fitid),
        }
    }

    /// The trade date (INVTRAN.DTTRADE); for INVBANKTRAN the STMTTRN's DTPOSTED.
    pub fn date_trade(&self) -> Option<OfxDateTime> {
        let p = self.parts();
        match p.bank {
            Some(b) => b.dtposted,
            None => p.invtran.and_then(|t| t.dttrade),
        }
    }

    /// The settlement date (INVTRAN.DTSETTLE); for INVBANKTRAN the STMTTRN's DTAVAIL.
    pub fn date_settle(&self) -> Option<OfxDateTime> {
        let p = self.parts();
        match p.bank {
            Some(b) => b.dtavail,
            None => p.invtran.and_then(|t| t.dtsettle),
        }
    }

    /// TOTAL; for INVBANKTRAN its TRNAMT; None for the kinds without a total (CLOSUREOPT, JRNLSEC, SPLIT,
    /// TRANSFER).
    pub fn amount(&self) -> Option<Amount> {
        self.parts().total
    }

    /// MEMO: INVTRAN's (or its MEMO2), or the STMTTRN's.
    pub fn memo(&self) -> Option<TextRef> {
        let p = self.parts();
        match p.bank {
            Some(b) => b.memo,
            None => p.invtran.and_then(|t| t.memo.or(t.memo2)),
        }
    }

    /// NAME of a cash transaction (INVBANKTRAN); None for the others.
    pub fn name(&self) -> Option<TextRef> {
        self.parts().bank.and_then(|b| b.name)
    }

    /// The security the transaction is about.
    pub fn secid(&self) -> Option<&SecId> {
        self.parts().secid
    }

    /// UNITS (buys, sells, REINVEST, TRANSFER, JRNLSEC, CLOSUREOPT).
    pub fn units(&self) -> Option<Amount> {
        self.parts().units
    }

    /// UNITPRICE (buys, sells, REINVEST, TRANSFER).
    pub fn unit_price(&self) -> Option<Amount> {
        self.parts().unitprice
    }

    /// SUBACCTSEC: the sub-account holding the security.
    pub fn subacct_sec(&self) -> Option<TextRef> {
        self.parts().subacctsec
    }

    /// SUBACCTFUND: the sub-account the cash came from or went to.
    pub fn subacct_fund(&self) -> Option<TextRef> {
        self.parts().subacctfund
    }

    /// The view of one transaction as a JSON object: `type`, `fitid`, `date_posted` (trade date), `amount`,
    /// `name`, `memo`, `security_id`, `security_id_type`, `units`, `unit_price`, `date_settle`,
    /// `sub_account_security`, `sub_account_fund` (those present), and `detail`: the whole aggregate.
    pub fn json(&self, j: &mut Json<'_>) {
        let p = self.parts();
        j.begin_obj();
        j.key("type");
        j.raw_str(self.kind_tag());
        j.field("fitid", &self.fitid());
        j.field("date_posted", &self.date_trade());
        j.field("amount", &p.total);
        j.field("name", &self.name());
        j.field("memo", &self.memo());
        if let Some(s) = p.secid {
            j.field("security_id", &s.uniqueid);
            j.field("security_id_type", &s.uniqueidtype);
        }
        j.field("units", &p.units);
        j.field("unit_price", &p.unitprice);
        j.field("date_settle", &self.date_settle());
        j.field("sub_account_security", &p.subacctsec);
        j.field("sub_account_fund", &p.subacctfund);
        if let Some(st) = self.stmttrn() {
            // INVBANKTRAN: the bank transaction's own fields beside the common ones.
            j.field("trntype", &st.trntype);
            j.field("date_user", &st.dtuser);
            j.field("date_avail", &st.dtavail);
            j.field("check_number", &st.checknum);
            j.field("ref_number", &st.refnum);
            j.field("sic", &st.sic);
            j.field("payee_id", &st.payeeid);
            j.field("server_tid", &st.srvrtid);
        }
        j.key("detail");
        self.detail_json(j);
        j.end_obj();
    }
}

/// INVTRANLIST: the transactions of a statement, in document order, and the dates they cover.
#[derive(Clone, Debug, Default)]
pub struct InvTranList {
    pub dtstart: Option<OfxDateTime>,
    pub dtend: Option<OfxDateTime>,
    pub transactions: Vec<InvTransaction>,
    /// The element this was read from.
    pub node: NodeId,
}

impl Aggregate for InvTranList {
    const TAG: &'static str = "INVTRANLIST";
    fn elem() -> ElemId {
        ids::INVTRANLIST
    }
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self {
        let mut s = InvTranList { node: node.id(), ..Default::default() };
        s.transactions.reserve_exact(node.children().count().saturating_sub(2));
        for c in node.children() {
            let Some(id) = c.elem() else { continue };
            match id {
                ids::DTSTART if s.dtstart.is_none() => s.dtstart = Field::read(c, cx),
                ids::DTEND if s.dtend.is_none() => s.dtend = Field::read(c, cx),
                _ => {
                    let before = cx.warnings.count(crate::markup::warning::WarningCode::Missing);
                    if let Some(t) = InvTransaction::read_any(c, cx) {
                        if crate::model::define::keep_item(c, cx, before) {
                            s.transactions.push(t);
                        }
                    }
                }
            }
        }
        if s.dtstart.is_none() {
            missing(cx, node, "DTSTART");
        }
        if s.dtend.is_none() {
            missing(cx, node, "DTEND");
        }
        s
    }
    fn json_fields(&self, j: &mut Json<'_>) {
        j.field("start", &self.dtstart);
        j.field("end", &self.dtend);
        j.key("transactions");
        j.begin_arr();
        for t in &self.transactions {
            j.elem();
            t.json(j);
        }
        j.end_arr();
    }
    fn node(&self) -> NodeId {
        self.node
    }
}

// ---------------------------------------------------------------------------------------------
// Positions (13.9.2.6)
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// INVPOS: what every position has.
    pub struct InvPos = INVPOS {
        secid: agg<SecId> = SECID => "security" req,
        heldinacct: text = HELDINACCT => "held_in" req,
        postype: text = POSTYPE => "position_type" req,
        units: amount = UNITS => "units" req,
        unitprice: amount = UNITPRICE => "unit_price" req,
        mktval: amount = MKTVAL => "market_value" req,
        avgcostbasis: amount = AVGCOSTBASIS => "average_cost_basis",
        dtpriceasof: date = DTPRICEASOF => "date_price" req,
        currency: agg<Currency> = CURRENCY => "currency",
        memo: text = MEMO => "memo",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// POSDEBT: a debt position.
    pub struct PosDebt = POSDEBT {
        invpos: agg<InvPos> = INVPOS => "position" req,
    }
}

aggregate! {
    /// POSMF: a mutual-fund position.
    pub struct PosMf = POSMF {
        invpos: agg<InvPos> = INVPOS => "position" req,
        unitsstreet: amount = UNITSSTREET => "units_street",
        unitsuser: amount = UNITSUSER => "units_user",
        reinvdiv: bool = REINVDIV => "reinvest_dividends",
        reinvcg: bool = REINVCG => "reinvest_capital_gains",
    }
}

aggregate! {
    /// POSOPT: an option position.
    pub struct PosOpt = POSOPT {
        invpos: agg<InvPos> = INVPOS => "position" req,
        secured: text = SECURED => "secured",
    }
}

aggregate! {
    /// POSOTHER: a position of another kind.
    pub struct PosOther = POSOTHER {
        invpos: agg<InvPos> = INVPOS => "position" req,
    }
}

aggregate! {
    /// POSSTOCK: a stock position.
    pub struct PosStock = POSSTOCK {
        invpos: agg<InvPos> = INVPOS => "position" req,
        unitsstreet: amount = UNITSSTREET => "units_street",
        unitsuser: amount = UNITSUSER => "units_user",
        reinvdiv: bool = REINVDIV => "reinvest_dividends",
    }
}

tagged_enum! {
    /// One entry of an INVPOSLIST.
    pub enum Position {
        PosDebt(PosDebt) = POSDEBT,
        PosMf(PosMf) = POSMF,
        PosOpt(PosOpt) = POSOPT,
        PosOther(PosOther) = POSOTHER,
        PosStock(PosStock) = POSSTOCK,
    }
}

static EMPTY_INVPOS: LazyLock<InvPos> = LazyLock::new(InvPos::default);

impl Position {
    /// The position's INVPOS (an empty one when the element lacked it; a warning says so).
    pub fn invpos(&self) -> &InvPos {
        let p = match self {
            Position::PosDebt(x) => x.invpos.as_deref(),
            Position::PosMf(x) => x.invpos.as_deref(),
            Position::PosOpt(x) => x.invpos.as_deref(),
            Position::PosOther(x) => x.invpos.as_deref(),
            Position::PosStock(x) => x.invpos.as_deref(),
        };
        p.unwrap_or(&EMPTY_INVPOS)
    }

    /// The security held.
    pub fn secid(&self) -> Option<&SecId> {
        self.invpos().secid.as_deref()
    }

    /// The view of one position as a JSON object: `type`, `security_id`, `security_id_type`, `held_in`,
    /// `pos_type`, `units`, `unit_price`, `market_value`, `date_price`, `memo` (those present) and `detail`.
    pub fn json(&self, j: &mut Json<'_>) {
        let p = self.invpos();
        j.begin_obj();
        j.key("type");
        j.raw_str(self.kind_tag());
        if let Some(s) = p.secid.as_deref() {
            j.field("security_id", &s.uniqueid);
            j.field("security_id_type", &s.uniqueidtype);
        }
        j.field("held_in", &p.heldinacct);
        j.field("pos_type", &p.postype);
        j.field("units", &p.units);
        j.field("unit_price", &p.unitprice);
        j.field("market_value", &p.mktval);
        j.field("average_cost_basis", &p.avgcostbasis);
        j.field("date_price", &p.dtpriceasof);
        j.field("memo", &p.memo);
        j.key("detail");
        self.detail_json(j);
        j.end_obj();
    }
}

/// INVPOSLIST: the positions, in document order.
#[derive(Clone, Debug, Default)]
pub struct InvPosList {
    pub positions: Vec<Position>,
    /// The element this was read from.
    pub node: NodeId,
}

impl Aggregate for InvPosList {
    const TAG: &'static str = "INVPOSLIST";
    fn elem() -> ElemId {
        ids::INVPOSLIST
    }
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self {
        let positions = node.children().filter_map(|c| Position::read_any(c, cx)).collect();
        InvPosList { positions, node: node.id() }
    }
    fn json_fields(&self, j: &mut Json<'_>) {
        j.key("positions");
        j.begin_arr();
        for p in &self.positions {
            j.elem();
            p.json(j);
        }
        j.end_arr();
    }
    fn node(&self) -> NodeId {
        self.node
    }
}

// ---------------------------------------------------------------------------------------------
// Balances (13.9.2.7)
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// INVBAL: the account's cash balances.
    pub struct InvBal = INVBAL {
        availcash: amount = AVAILCASH => "available_cash" req,
        marginbalance: amount = MARGINBALANCE => "margin_balance" req,
        shortbalance: amount = SHORTBALANCE => "short_balance" req,
        buypower: amount = BUYPOWER => "buying_power",
        ballist: agg<BalList> = BALLIST => "balance_list",
    }
}

// ---------------------------------------------------------------------------------------------
// Open orders (13.9.2.5)
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// OO: what every open order has.
    pub struct Oo = OO {
        fitid: text = FITID => "fitid" req,
        srvrtid: text = SRVRTID => "server_tid",
        secid: agg<SecId> = SECID => "security" req,
        dtplaced: date = DTPLACED => "date_placed" req,
        units: amount = UNITS => "units" req,
        subacct: text = SUBACCT => "sub_account" req,
        duration: text = DURATION => "duration" req,
        restriction: text = RESTRICTION => "restriction" req,
        minunits: amount = MINUNITS => "min_units",
        limitprice: amount = LIMITPRICE => "limit_price",
        stopprice: amount = STOPPRICE => "stop_price",
        memo: text = MEMO => "memo",
        currency: agg<Currency> = CURRENCY => "currency",
        inv401ksource: text = INV401KSOURCE => "inv401k_source",
    }
}

aggregate! {
    /// OOBUYDEBT: an order to buy a debt security.
    pub struct OoBuyDebt = OOBUYDEBT {
        oo: agg<Oo> = OO => "order" req,
        auction: bool = AUCTION => "auction" req,
        dtauction: date = DTAUCTION => "date_auction",
    }
}

aggregate! {
    /// OOBUYMF: an order to buy mutual-fund shares.
    pub struct OoBuyMf = OOBUYMF {
        oo: agg<Oo> = OO => "order" req,
        buytype: text = BUYTYPE => "buy_type" req,
        unittype: text = UNITTYPE => "unit_type" req,
    }
}

aggregate! {
    /// OOBUYOPT: an order to buy an option.
    pub struct OoBuyOpt = OOBUYOPT {
        oo: agg<Oo> = OO => "order" req,
        optbuytype: text = OPTBUYTYPE => "option_buy_type" req,
    }
}

aggregate! {
    /// OOBUYOTHER: an order to buy another kind of security.
    pub struct OoBuyOther = OOBUYOTHER {
        oo: agg<Oo> = OO => "order" req,
        unittype: text = UNITTYPE => "unit_type" req,
    }
}

aggregate! {
    /// OOBUYSTOCK: an order to buy stock.
    pub struct OoBuyStock = OOBUYSTOCK {
        oo: agg<Oo> = OO => "order" req,
        buytype: text = BUYTYPE => "buy_type" req,
    }
}

aggregate! {
    /// OOSELLDEBT: an order to sell a debt security.
    pub struct OoSellDebt = OOSELLDEBT {
        oo: agg<Oo> = OO => "order" req,
    }
}

aggregate! {
    /// OOSELLMF: an order to sell mutual-fund shares.
    pub struct OoSellMf = OOSELLMF {
        oo: agg<Oo> = OO => "order" req,
        selltype: text = SELLTYPE => "sell_type" req,
        unittype: text = UNITTYPE => "unit_type" req,
        sellall: bool = SELLALL => "sell_all" req,
    }
}

aggregate! {
    /// OOSELLOPT: an order to sell an option.
    pub struct OoSellOpt = OOSELLOPT {
        oo: agg<Oo> = OO => "order" req,
        optselltype: text = OPTSELLTYPE => "option_sell_type" req,
    }
}

aggregate! {
    /// OOSELLOTHER: an order to sell another kind of security.
    pub struct OoSellOther = OOSELLOTHER {
        oo: agg<Oo> = OO => "order" req,
        unittype: text = UNITTYPE => "unit_type" req,
    }
}

aggregate! {
    /// OOSELLSTOCK: an order to sell stock.
    pub struct OoSellStock = OOSELLSTOCK {
        oo: agg<Oo> = OO => "order" req,
        selltype: text = SELLTYPE => "sell_type" req,
    }
}

aggregate! {
    /// SWITCHMF: an order to switch from one mutual fund to another.
    pub struct SwitchMf = SWITCHMF {
        oo: agg<Oo> = OO => "order" req,
        secid: agg<SecId> = SECID => "to_security" req,
        unittype: text = UNITTYPE => "unit_type" req,
        switchall: bool = SWITCHALL => "switch_all" req,
    }
}

tagged_enum! {
    /// One entry of an INVOOLIST.
    pub enum OpenOrder {
        OoBuyDebt(OoBuyDebt) = OOBUYDEBT,
        OoBuyMf(OoBuyMf) = OOBUYMF,
        OoBuyOpt(OoBuyOpt) = OOBUYOPT,
        OoBuyOther(OoBuyOther) = OOBUYOTHER,
        OoBuyStock(OoBuyStock) = OOBUYSTOCK,
        OoSellDebt(OoSellDebt) = OOSELLDEBT,
        OoSellMf(OoSellMf) = OOSELLMF,
        OoSellOpt(OoSellOpt) = OOSELLOPT,
        OoSellOther(OoSellOther) = OOSELLOTHER,
        OoSellStock(OoSellStock) = OOSELLSTOCK,
        SwitchMf(SwitchMf) = SWITCHMF,
    }
}

static EMPTY_OO: LazyLock<Oo> = LazyLock::new(Oo::default);

impl OpenOrder {
    /// The order's OO (an empty one when the element lacked it; a warning says so).
    pub fn oo(&self) -> &Oo {
        let o = match self {
            OpenOrder::OoBuyDebt(x) => x.oo.as_deref(),
            OpenOrder::OoBuyMf(x) => x.oo.as_deref(),
            OpenOrder::OoBuyOpt(x) => x.oo.as_deref(),
            OpenOrder::OoBuyOther(x) => x.oo.as_deref(),
            OpenOrder::OoBuyStock(x) => x.oo.as_deref(),
            OpenOrder::OoSellDebt(x) => x.oo.as_deref(),
            OpenOrder::OoSellMf(x) => x.oo.as_deref(),
            OpenOrder::OoSellOpt(x) => x.oo.as_deref(),
            OpenOrder::OoSellOther(x) => x.oo.as_deref(),
            OpenOrder::OoSellStock(x) => x.oo.as_deref(),
            OpenOrder::SwitchMf(x) => x.oo.as_deref(),
        };
        o.unwrap_or(&EMPTY_OO)
    }

    /// The view of one open order as a JSON object: `type`, `security_id`, `security_id_type`, then the OO
    /// fields (as in its declarative JSON) and `detail`: the whole aggregate.
    pub fn json(&self, j: &mut Json<'_>) {
        let o = self.oo();
        j.begin_obj();
        j.key("type");
        j.raw_str(self.kind_tag());
        if let Some(s) = o.secid.as_deref() {
            j.field("security_id", &s.uniqueid);
            j.field("security_id_type", &s.uniqueidtype);
        }
        o.json_fields(j);
        j.key("detail");
        self.detail_json(j);
        j.end_obj();
    }
}

/// INVOOLIST: the open orders, in document order.
#[derive(Clone, Debug, Default)]
pub struct InvOoList {
    pub orders: Vec<OpenOrder>,
    /// The element this was read from.
    pub node: NodeId,
}

impl Aggregate for InvOoList {
    const TAG: &'static str = "INVOOLIST";
    fn elem() -> ElemId {
        ids::INVOOLIST
    }
    fn read(node: NodeRef<'_>, cx: &mut ReadCx<'_>) -> Self {
        let orders = node.children().filter_map(|c| OpenOrder::read_any(c, cx)).collect();
        InvOoList { orders, node: node.id() }
    }
    fn json_fields(&self, j: &mut Json<'_>) {
        j.key("orders");
        j.begin_arr();
        for o in &self.orders {
            j.elem();
            o.json(j);
        }
        j.end_arr();
    }
    fn node(&self) -> NodeId {
        self.node
    }
}

// ---------------------------------------------------------------------------------------------
// 401(k) (13.9.3)
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// MATCHINFO: the employer's matching.
    pub struct MatchInfo = MATCHINFO {
        matchpct: text = MATCHPCT => "match_percent" req,
        maxmatchamt: amount = MAXMATCHAMT => "max_match_amount",
        maxmatchpct: text = MAXMATCHPCT => "max_match_percent",
        startofyear: date = STARTOFYEAR => "start_of_year",
        basematchamt: amount = BASEMATCHAMT => "base_match_amount",
        basematchpct: text = BASEMATCHPCT => "base_match_percent",
    }
}

aggregate! {
    /// CONTRIBSECURITY: how contributions go to one security (percentages or amounts).
    pub struct ContribSecurity = CONTRIBSECURITY {
        secid: agg<SecId> = SECID => "security" req,
        pretaxcontribpct: text = PRETAXCONTRIBPCT => "pretax_percent",
        aftertaxcontribpct: text = AFTERTAXCONTRIBPCT => "aftertax_percent",
        matchcontribpct: text = MATCHCONTRIBPCT => "match_percent",
        profitsharingcontribpct: text = PROFITSHARINGCONTRIBPCT => "profit_sharing_percent",
        rollovercontribpct: text = ROLLOVERCONTRIBPCT => "rollover_percent",
        othervestpct: text = OTHERVESTPCT => "other_vest_percent",
        othernonvestpct: text = OTHERNONVESTPCT => "other_nonvest_percent",
        pretaxcontribamt: amount = PRETAXCONTRIBAMT => "pretax_amount",
        aftertaxcontribamt: amount = AFTERTAXCONTRIBAMT => "aftertax_amount",
        matchcontribamt: amount = MATCHCONTRIBAMT => "match_amount",
        profitsharingcontribamt: amount = PROFITSHARINGCONTRIBAMT => "profit_sharing_amount",
        rollovercontribamt: amount = ROLLOVERCONTRIBAMT => "rollover_amount",
        othervestamt: amount = OTHERVESTAMT => "other_vest_amount",
        othernonvestamt: amount = OTHERNONVESTAMT => "other_nonvest_amount",
    }
}

aggregate! {
    /// CONTRIBINFO: the contribution allocation.
    pub struct ContribInfo = CONTRIBINFO {
        contribsecurity: list<ContribSecurity> = CONTRIBSECURITY => "securities" req,
    }
}

aggregate! {
    /// VESTINFO: one step of the vesting schedule.
    pub struct VestInfo = VESTINFO {
        vestdate: date = VESTDATE => "date",
        vestpct: text = VESTPCT => "percent" req,
    }
}

aggregate! {
    /// LOANINFO (in INV401K): a loan against the plan.
    pub struct Inv401kLoanInfo = LOANINFO {
        loanid: text = LOANID => "loan_id" req,
        loandesc: text = LOANDESC => "desc",
        initialloanbal: amount = INITIALLOANBAL => "initial_balance",
        loanstartdate: date = LOANSTARTDATE => "start_date",
        currentloanbal: amount = CURRENTLOANBAL => "current_balance" req,
        dtasof: date = DTASOF => "date_as_of" req,
        loanrate: text = LOANRATE => "rate",
        loanpmtamt: amount = LOANPMTAMT => "payment_amount",
        loanpmtfreq: text = LOANPMTFREQ => "payment_frequency",
        loanpmtsinitial: int = LOANPMTSINITIAL => "payments_initial",
        loanpmtsremaining: int = LOANPMTSREMAINING => "payments_remaining",
        loanmaturitydate: date = LOANMATURITYDATE => "maturity_date",
        loantotalprojinterest: amount = LOANTOTALPROJINTEREST => "total_projected_interest",
        loaninteresttodate: amount = LOANINTERESTTODATE => "interest_to_date",
        loannextpmtdate: date = LOANNEXTPMTDATE => "next_payment_date",
    }
}

aggregate! {
    /// CONTRIBUTIONS / WITHDRAWALS / EARNINGS: amounts by 401(k) source.
    pub struct Inv401kAmounts = CONTRIBUTIONS {
        pretax: amount = PRETAX => "pretax",
        aftertax: amount = AFTERTAX => "aftertax",
        r#match: amount = MATCH => "match",
        profitsharing: amount = PROFITSHARING => "profit_sharing",
        rollover: amount = ROLLOVER => "rollover",
        othervest: amount = OTHERVEST => "other_vest",
        othernonvest: amount = OTHERNONVEST => "other_nonvest",
        total: amount = TOTAL => "total" req,
    }
}

aggregate! {
    /// YEARTODATE / INCEPTTODATE / PERIODTODATE: one period of the 401(k) summary.
    pub struct Inv401kPeriod = YEARTODATE {
        dtstart: date = DTSTART => "start" req,
        dtend: date = DTEND => "end" req,
        contributions: agg<Inv401kAmounts> = CONTRIBUTIONS => "contributions",
        withdrawals: agg<Inv401kAmounts> = WITHDRAWALS => "withdrawals",
        earnings: agg<Inv401kAmounts> = EARNINGS => "earnings",
    }
}

aggregate! {
    /// INV401KSUMMARY: contributions, withdrawals and earnings over periods.
    pub struct Inv401kSummary = INV401KSUMMARY {
        yeartodate: agg<Inv401kPeriod> = YEARTODATE => "year_to_date" req,
        incepttodate: agg<Inv401kPeriod> = INCEPTTODATE => "inception_to_date",
        periodtodate: agg<Inv401kPeriod> = PERIODTODATE => "period_to_date",
    }
}

aggregate! {
    /// INV401K: the 401(k) plan of the account.
    pub struct Inv401k = INV401K {
        employername: text = EMPLOYERNAME => "employer_name" req,
        planid: text = PLANID => "plan_id",
        planjoindate: date = PLANJOINDATE => "plan_join_date",
        employercontactinfo: text = EMPLOYERCONTACTINFO => "employer_contact_info",
        brokercontactinfo: text = BROKERCONTACTINFO => "broker_contact_info",
        deferpctpretax: text = DEFERPCTPRETAX => "defer_percent_pretax",
        deferpctaftertax: text = DEFERPCTAFTERTAX => "defer_percent_aftertax",
        matchinfo: agg<MatchInfo> = MATCHINFO => "match_info",
        contribinfo: agg<ContribInfo> = CONTRIBINFO => "contribution_info",
        currentvestpct: text = CURRENTVESTPCT => "current_vest_percent",
        vestinfo: list<VestInfo> = VESTINFO => "vesting",
        loaninfo: list<Inv401kLoanInfo> = LOANINFO => "loans",
        inv401ksummary: agg<Inv401kSummary> = INV401KSUMMARY => "summary",
    }
}

aggregate! {
    /// INV401KBAL: the 401(k) balances by source.
    pub struct Inv401kBal = INV401KBAL {
        cashbal: amount = CASHBAL => "cash_balance",
        pretax: amount = PRETAX => "pretax",
        aftertax: amount = AFTERTAX => "aftertax",
        r#match: amount = MATCH => "match",
        profitsharing: amount = PROFITSHARING => "profit_sharing",
        rollover: amount = ROLLOVER => "rollover",
        othervest: amount = OTHERVEST => "other_vest",
        othernonvest: amount = OTHERNONVEST => "other_nonvest",
        total: amount = TOTAL => "total" req,
        ballist: agg<BalList> = BALLIST => "balance_list",
    }
}

// ---------------------------------------------------------------------------------------------
// The statement and its closing information
// ---------------------------------------------------------------------------------------------

aggregate! {
    /// INVSTMTRS: an investment statement.
    pub struct InvStmtRs = INVSTMTRS {
        dtasof: date = DTASOF => "date_as_of" req,
        curdef: text = CURDEF => "currency" req,
        invacctfrom: agg<InvAcct> = INVACCTFROM => "account" req,
        invtranlist: agg<InvTranList> = INVTRANLIST => "transaction_list",
        invposlist: agg<InvPosList> = INVPOSLIST => "position_list",
        invbal: agg<InvBal> = INVBAL => "balance",
        invoolist: agg<InvOoList> = INVOOLIST => "open_order_list",
        mktginfo: text = MKTGINFO => "marketing_info",
        inv401k: agg<Inv401k> = INV401K => "inv401k",
        inv401kbal: agg<Inv401kBal> = INV401KBAL => "inv401k_balance",
    }
}

aggregate! {
    /// INVCLOSING: closing information of one investment statement period.
    pub struct InvClosing = INVCLOSING {
        fitid: text = FITID => "fitid" req,
        imagedata: list<ImageData> = IMAGEDATA => "images",
    }
}

aggregate! {
    /// INVSTMTENDRS: investment closing information.
    pub struct InvStmtEndRs = INVSTMTENDRS {
        curdef: text = CURDEF => "currency" req,
        invacctfrom: agg<InvAcct> = INVACCTFROM => "account" req,
        closings: list<InvClosing> = INVCLOSING => "closings",
    }
}

/// Helpers shared by the typed-model tests: documents in both syntaxes from one XML body.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::document::Document;
    use crate::markup::warning::WarningCode;
    use crate::model::define::{Amount, TextRef};
    use crate::values::amount::format_amount;
    use crate::values::datetime::OfxDateTime;

    const SGML_HEAD: &str = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
        CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";
    const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
        <?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n";
    const SIGNON: &str = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
        <DTSERVER>20240131120000</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>\n";

    /// An XML body as OFX 1.x SGML: every leaf end tag (an end tag right after text) dropped.
    pub fn to_sgml(xml: &str) -> String {
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml;
        while let Some(i) = rest.find("</") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('>').map(|e| i + e + 1).unwrap_or(rest.len());
            if out.trim_end().ends_with('>') {
                out.push_str(&rest[i..end]);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn parse(text: String) -> Document {
        match Document::parse(text.as_bytes()) {
            Ok(d) => d,
            Err(e) => panic!("parse failed: {e}\n{text}"),
        }
    }

    /// The message-set body (everything after the signon) as an OFX 2 XML document.
    pub fn xml_doc(body: &str) -> Document {
        parse(format!("{XML_HEAD}<OFX>\n{SIGNON}{body}\n</OFX>\n"))
    }

    /// The same body as an OFX 1.x SGML document.
    pub fn sgml_doc(body: &str) -> Document {
        parse(format!("{SGML_HEAD}<OFX>\n{}{}\n</OFX>\n", to_sgml(SIGNON), to_sgml(body)))
    }

    /// Both forms, SGML first.
    pub fn both(body: &str) -> [Document; 2] {
        [sgml_doc(body), xml_doc(body)]
    }

    /// Fails when the document has a warning for a missing required element.
    pub fn assert_no_missing(doc: &Document) {
        let missing: Vec<_> = doc.warnings.iter().filter(|w| w.code == WarningCode::Missing).collect();
        assert!(missing.is_empty(), "missing-element warnings: {missing:?}");
    }

    pub fn txt(doc: &Document, t: Option<TextRef>) -> &str {
        t.map(|t| t.get(&doc.tree)).unwrap_or("<none>")
    }

    pub fn amt(a: Option<Amount>) -> String {
        a.map(|a| format_amount(&a.value)).unwrap_or_else(|| "<none>".into())
    }

    pub fn iso(d: Option<OfxDateTime>) -> String {
        d.map(|d| d.to_iso_utc()).unwrap_or_else(|| "<none>".into())
    }

    #[test]
    fn to_sgml_drops_leaf_end_tags_only() {
        assert_eq!(to_sgml("<A>\n <B>x</B>\n <C></C>\n</A>"), "<A>\n <B>x\n <C></C>\n</A>");
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{amt, assert_no_missing, both, iso, txt, xml_doc};
    use super::*;
    use crate::document::{Document, StatementBody};

    const SEC1: &str = "<SECID><UNIQUEID>000000001</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID>";
    const SEC2: &str = "<SECID><UNIQUEID>000000002</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID>";
    const SEC3: &str = "<SECID><UNIQUEID>000000003</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID>";
    const SEC4: &str = "<SECID><UNIQUEID>ACME240621C10</UNIQUEID><UNIQUEIDTYPE>OTHER</UNIQUEIDTYPE></SECID>";

    fn statement_body() -> String {
        format!(
            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1001</TRNUID>\
<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<INVSTMTRS><DTASOF>20240131160000.000[-5:EST]</DTASOF><CURDEF>USD</CURDEF>
<INVACCTFROM><BROKERID>broker.example.com</BROKERID><ACCTID>X123</ACCTID></INVACCTFROM>
<INVTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>
<BUYSTOCK><INVBUY><INVTRAN><FITID>T1</FITID><DTTRADE>20240105</DTTRADE><DTSETTLE>20240108</DTSETTLE><MEMO>Buy ACME</MEMO></INVTRAN>
{SEC1}<UNITS>100</UNITS><UNITPRICE>12.345</UNITPRICE><COMMISSION>4.95</COMMISSION><TOTAL>-1239.45</TOTAL>
<SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INVBUY><BUYTYPE>BUY</BUYTYPE></BUYSTOCK>
<SELLMF><INVSELL><INVTRAN><FITID>T2</FITID><DTTRADE>20240110</DTTRADE></INVTRAN>{SEC2}
<UNITS>-50.5</UNITS><UNITPRICE>20.00</UNITPRICE><TOTAL>1010.00</TOTAL><GAIN>25.10</GAIN>
<SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INVSELL><SELLTYPE>SELL</SELLTYPE>
<AVGCOSTBASIS>984.90</AVGCOSTBASIS></SELLMF>
<INCOME><INVTRAN><FITID>T3</FITID><DTTRADE>20240115</DTTRADE><MEMO>Dividend &amp; more</MEMO></INVTRAN>{SEC1}
<INCOMETYPE>DIV</INCOMETYPE><TOTAL>12.34</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INCOME>
<REINVEST><INVTRAN><FITID>T4</FITID><DTTRADE>20240116</DTTRADE></INVTRAN>{SEC2}<INCOMETYPE>CGLONG</INCOMETYPE>
<TOTAL>-30.00</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><UNITS>1.5</UNITS><UNITPRICE>20.00</UNITPRICE></REINVEST>
<TRANSFER><INVTRAN><FITID>T5</FITID><DTTRADE>20240118</DTTRADE></INVTRAN>{SEC3}<SUBACCTSEC>CASH</SUBACCTSEC>
<UNITS>10</UNITS><TFERACTION>IN</TFERACTION><POSTYPE>LONG</POSTYPE></TRANSFER>
<SPLIT><INVTRAN><FITID>T6</FITID><DTTRADE>20240120</DTTRADE></INVTRAN>{SEC1}<SUBACCTSEC>CASH</SUBACCTSEC>
<OLDUNITS>100</OLDUNITS><NEWUNITS>200</NEWUNITS><NUMERATOR>2</NUMERATOR><DENOMINATOR>1</DENOMINATOR></SPLIT>
<INVBANKTRAN><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240125120000</DTPOSTED><TRNAMT>500.00</TRNAMT>
<FITID>B1</FITID><NAME>Deposit</NAME><MEMO>ACH in</MEMO></STMTTRN><SUBACCTFUND>CASH</SUBACCTFUND></INVBANKTRAN>
</INVTRANLIST>
<INVPOSLIST>
<POSSTOCK><INVPOS>{SEC1}<HELDINACCT>CASH</HELDINACCT><POSTYPE>LONG</POSTYPE><UNITS>200</UNITS>
<UNITPRICE>6.50</UNITPRICE><MKTVAL>1300.00</MKTVAL><DTPRICEASOF>20240131</DTPRICEASOF><MEMO>Split adjusted</MEMO>
</INVPOS><REINVDIV>N</REINVDIV></POSSTOCK>
<POSMF><INVPOS>{SEC2}<HELDINACCT>CASH</HELDINACCT><POSTYPE>LONG</POSTYPE><UNITS>51.5</UNITS>
<UNITPRICE>20.00</UNITPRICE><MKTVAL>1030.00</MKTVAL><DTPRICEASOF>20240131</DTPRICEASOF></INVPOS>
<REINVDIV>Y</REINVDIV><REINVCG>Y</REINVCG></POSMF>
<POSOPT><INVPOS>{SEC4}<HELDINACCT>MARGIN</HELDINACCT><POSTYPE>SHORT</POSTYPE><UNITS>-1</UNITS>
<UNITPRICE>0.85</UNITPRICE><MKTVAL>-85.00</MKTVAL><DTPRICEASOF>20240131</DTPRICEASOF></INVPOS><SECURED>COVERED</SECURED></POSOPT>
</INVPOSLIST>
<INVBAL><AVAILCASH>1000.00</AVAILCASH><MARGINBALANCE>0</MARGINBALANCE><SHORTBALANCE>0</SHORTBALANCE>
<BUYPOWER>2000.00</BUYPOWER><BALLIST><BAL><NAME>Dividends</NAME><DESC>YTD dividends</DESC><BALTYPE>DOLLAR</BALTYPE>
<VALUE>12.34</VALUE></BAL><BAL><NAME>Rate</NAME><DESC>Margin rate</DESC><BALTYPE>PERCENT</BALTYPE><VALUE>8.5</VALUE></BAL></BALLIST></INVBAL>
<INVOOLIST><OOBUYSTOCK><OO><FITID>O1</FITID>{SEC1}<DTPLACED>20240130</DTPLACED><UNITS>10</UNITS>
<SUBACCT>CASH</SUBACCT><DURATION>GOODTILCANCEL</DURATION><RESTRICTION>NONE</RESTRICTION><LIMITPRICE>6.00</LIMITPRICE>
</OO><BUYTYPE>BUY</BUYTYPE></OOBUYSTOCK></INVOOLIST>
<MKTGINFO>Trade more</MKTGINFO>
</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>"
        )
    }

    fn inv(doc: &Document) -> &InvStmtRs {
        assert_eq!(doc.statements.len(), 1);
        match &doc.statements[0].body {
            StatementBody::Investment(s) => s,
            other => panic!("not an investment statement: {other:?}"),
        }
    }

    fn json_of(doc: &Document, f: impl FnOnce(&mut Json<'_>)) -> String {
        let mut j = Json::new(&doc.tree);
        f(&mut j);
        j.out
    }

    #[test]
    fn investment_statement_both_syntaxes() {
        for doc in both(&statement_body()) {
            assert_no_missing(&doc);
            let s = inv(&doc);
            assert_eq!(iso(s.dtasof), "2024-01-31T21:00:00Z");
            assert_eq!(txt(&doc, s.curdef), "USD");
            let acct = s.invacctfrom.as_deref().unwrap();
            assert_eq!(txt(&doc, acct.brokerid), "broker.example.com");
            assert_eq!(txt(&doc, acct.acctid), "X123");
            assert_eq!(txt(&doc, s.mktginfo), "Trade more");

            let list = s.invtranlist.as_deref().unwrap();
            assert_eq!(iso(list.dtstart), "2024-01-01");
            assert_eq!(iso(list.dtend), "2024-01-31");
            let kinds: Vec<_> = list.transactions.iter().map(|t| t.kind_tag()).collect();
            assert_eq!(kinds, ["BUYSTOCK", "SELLMF", "INCOME", "REINVEST", "TRANSFER", "SPLIT", "INVBANKTRAN"]);
            assert_eq!(doc.transaction_count(), 7);

            let t = &list.transactions;
            // BUYSTOCK
            assert_eq!(txt(&doc, t[0].fitid()), "T1");
            assert_eq!(iso(t[0].date_trade()), "2024-01-05");
            assert_eq!(iso(t[0].date_settle()), "2024-01-08");
            assert_eq!(amt(t[0].amount()), "-1239.45");
            assert_eq!(amt(t[0].units()), "100");
            assert_eq!(amt(t[0].unit_price()), "12.345");
            assert_eq!(txt(&doc, t[0].memo()), "Buy ACME");
            assert_eq!(txt(&doc, t[0].secid().unwrap().uniqueid), "000000001");
            assert_eq!(txt(&doc, t[0].subacct_sec()), "CASH");
            assert_eq!(txt(&doc, t[0].subacct_fund()), "CASH");
            assert!(t[0].name().is_none());
            let InvTransaction::BuyStock(b) = &t[0] else { panic!() };
            assert_eq!(txt(&doc, b.buytype), "BUY");
            assert_eq!(amt(b.invbuy.as_ref().unwrap().commission), "4.95");
            // SELLMF
            assert_eq!(amt(t[1].amount()), "1010.00");
            assert_eq!(amt(t[1].units()), "-50.5");
            let InvTransaction::SellMf(m) = &t[1] else { panic!() };
            assert_eq!(txt(&doc, m.selltype), "SELL");
            assert_eq!(amt(m.avgcostbasis), "984.90");
            assert_eq!(amt(m.invsell.as_ref().unwrap().gain), "25.10");
            // INCOME
            assert_eq!(amt(t[2].amount()), "12.34");
            assert_eq!(txt(&doc, t[2].memo()), "Dividend & more");
            assert!(t[2].units().is_none());
            // REINVEST
            assert_eq!(amt(t[3].amount()), "-30.00");
            assert_eq!(amt(t[3].units()), "1.5");
            assert_eq!(txt(&doc, t[3].secid().unwrap().uniqueid), "000000002");
            // TRANSFER: no TOTAL
            assert!(t[4].amount().is_none());
            assert_eq!(amt(t[4].units()), "10");
            let InvTransaction::Transfer(x) = &t[4] else { panic!() };
            assert_eq!(txt(&doc, x.tferaction), "IN");
            // SPLIT
            let InvTransaction::Split(sp) = &t[5] else { panic!() };
            assert_eq!(amt(sp.newunits), "200");
            assert_eq!(amt(sp.numerator), "2");
            // INVBANKTRAN
            assert_eq!(txt(&doc, t[6].fitid()), "B1");
            assert_eq!(iso(t[6].date_trade()), "2024-01-25T12:00:00Z");
            assert_eq!(amt(t[6].amount()), "500.00");
            assert_eq!(txt(&doc, t[6].name()), "Deposit");
            assert_eq!(txt(&doc, t[6].memo()), "ACH in");
            assert_eq!(txt(&doc, t[6].subacct_fund()), "CASH");
            assert!(t[6].secid().is_none());
            assert!(t[6].invtran().is_none());
            assert!(t[6].stmttrn().is_some());

            // Positions
            let pos = &s.invposlist.as_deref().unwrap().positions;
            let kinds: Vec<_> = pos.iter().map(|p| p.kind_tag()).collect();
            assert_eq!(kinds, ["POSSTOCK", "POSMF", "POSOPT"]);
            assert_eq!(amt(pos[0].invpos().units), "200");
            assert_eq!(amt(pos[0].invpos().mktval), "1300.00");
            assert_eq!(txt(&doc, pos[0].invpos().memo), "Split adjusted");
            assert_eq!(iso(pos[0].invpos().dtpriceasof), "2024-01-31");
            let Position::PosMf(mf) = &pos[1] else { panic!() };
            assert_eq!((mf.reinvdiv, mf.reinvcg), (Some(true), Some(true)));
            let Position::PosOpt(op) = &pos[2] else { panic!() };
            assert_eq!(txt(&doc, op.secured), "COVERED");
            assert_eq!(txt(&doc, pos[2].invpos().postype), "SHORT");
            assert_eq!(txt(&doc, pos[2].secid().unwrap().uniqueid), "ACME240621C10");

            // Balances
            let bal = s.invbal.as_deref().unwrap();
            assert_eq!(amt(bal.availcash), "1000.00");
            assert_eq!(amt(bal.marginbalance), "0");
            assert_eq!(amt(bal.buypower), "2000.00");
            let items = &bal.ballist.as_deref().unwrap().items;
            assert_eq!(items.len(), 2);
            assert_eq!(txt(&doc, items[1].value), "8.5");

            // Open orders
            let oo = &s.invoolist.as_deref().unwrap().orders;
            assert_eq!(oo.len(), 1);
            assert_eq!(oo[0].kind_tag(), "OOBUYSTOCK");
            assert_eq!(txt(&doc, oo[0].oo().fitid), "O1");
            assert_eq!(txt(&doc, oo[0].oo().duration), "GOODTILCANCEL");
            assert_eq!(amt(oo[0].oo().limitprice), "6.00");
            assert_eq!(iso(oo[0].oo().dtplaced), "2024-01-30");
            let OpenOrder::OoBuyStock(o) = &oo[0] else { panic!() };
            assert_eq!(txt(&doc, o.buytype), "BUY");
        }
    }

    #[test]
    fn investment_transaction_json() {
        let doc = xml_doc(&statement_body());
        let s = inv(&doc);
        let t = &s.invtranlist.as_deref().unwrap().transactions;
        let buy = json_of(&doc, |j| t[0].json(j));
        assert!(buy.starts_with(r#"{"type":"BUYSTOCK","fitid":"T1","date_posted":"2024-01-05","amount":"-1239.45","memo":"Buy ACME","security_id":"000000001","security_id_type":"CUSIP","units":"100","unit_price":"12.345","date_settle":"2024-01-08""#), "{buy}");
        assert!(buy.contains(r#""detail":{"buy":{"transaction":{"fitid":"T1""#), "{buy}");
        assert!(buy.contains(r#""buy_type":"BUY"}"#), "{buy}");
        assert!(buy.ends_with("}}"), "{buy}");
        let bank = json_of(&doc, |j| t[6].json(j));
        assert!(bank.starts_with(r#"{"type":"INVBANKTRAN","fitid":"B1","date_posted":"2024-01-25T12:00:00Z","amount":"500.00","name":"Deposit","memo":"ACH in""#), "{bank}");
        assert!(bank.contains(r#""detail":{"transaction":{"type":"CREDIT""#), "{bank}");
        let income = json_of(&doc, |j| t[2].json(j));
        assert!(income.contains(r#""memo":"Dividend & more""#), "{income}");
        assert!(income.contains(r#""income_type":"DIV""#), "{income}");

        let pos = &s.invposlist.as_deref().unwrap().positions;
        let p = json_of(&doc, |j| pos[0].json(j));
        assert!(p.starts_with(r#"{"type":"POSSTOCK","security_id":"000000001","security_id_type":"CUSIP","held_in":"CASH","pos_type":"LONG","units":"200","unit_price":"6.50","market_value":"1300.00","date_price":"2024-01-31","memo":"Split adjusted","detail":{"position":"#), "{p}");
        assert!(p.contains(r#""reinvest_dividends":false"#), "{p}");

        let oo = &s.invoolist.as_deref().unwrap().orders;
        let o = json_of(&doc, |j| oo[0].json(j));
        assert!(
            o.starts_with(r#"{"type":"OOBUYSTOCK","security_id":"000000001","security_id_type":"CUSIP","fitid":"O1""#),
            "{o}"
        );
        assert!(o.contains(r#""limit_price":"6.00""#) && o.contains(r#""buy_type":"BUY""#), "{o}");

        // The whole statement through the declarative JSON: lists use the views above.
        let all = json_of(&doc, |j| j.agg(s));
        assert!(
            all.contains(
                r#""transaction_list":{"start":"2024-01-01","end":"2024-01-31","transactions":[{"type":"BUYSTOCK""#
            ),
            "{all}"
        );
        assert!(all.contains(r#""position_list":{"positions":[{"type":"POSSTOCK""#), "{all}");
        assert!(all.contains(r#""open_order_list":{"orders":[{"type":"OOBUYSTOCK""#), "{all}");
        assert!(all.contains(r#""balance":{"available_cash":"1000.00""#), "{all}");
    }

    #[test]
    fn every_transaction_kind_dispatches() {
        let tran = "<INVTRAN><FITID>F</FITID><DTTRADE>20240102</DTTRADE></INVTRAN>";
        let buy = format!(
            "<INVBUY>{tran}{SEC1}<UNITS>1</UNITS><UNITPRICE>2</UNITPRICE><TOTAL>-2</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INVBUY>"
        );
        let sell = buy.replace("INVBUY", "INVSELL").replace("<TOTAL>-2", "<TOTAL>2");
        let items = [
            format!("<BUYDEBT>{buy}<ACCRDINT>1.25</ACCRDINT></BUYDEBT>"),
            format!("<BUYMF>{buy}<BUYTYPE>BUY</BUYTYPE></BUYMF>"),
            format!("<BUYOPT>{buy}<OPTBUYTYPE>BUYTOOPEN</OPTBUYTYPE><SHPERCTRCT>100</SHPERCTRCT></BUYOPT>"),
            format!("<BUYOTHER>{buy}</BUYOTHER>"),
            format!("<BUYSTOCK>{buy}<BUYTYPE>BUY</BUYTYPE></BUYSTOCK>"),
            format!(
                "<CLOSUREOPT>{tran}{SEC4}<OPTACTION>EXERCISE</OPTACTION><UNITS>1</UNITS><SHPERCTRCT>100</SHPERCTRCT><SUBACCTSEC>CASH</SUBACCTSEC></CLOSUREOPT>"
            ),
            format!(
                "<INCOME>{tran}{SEC1}<INCOMETYPE>INTEREST</INCOMETYPE><TOTAL>3</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INCOME>"
            ),
            format!(
                "<INVEXPENSE>{tran}{SEC1}<TOTAL>-4</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INVEXPENSE>"
            ),
            format!(
                "<JRNLFUND>{tran}<SUBACCTTO>MARGIN</SUBACCTTO><SUBACCTFROM>CASH</SUBACCTFROM><TOTAL>5</TOTAL></JRNLFUND>"
            ),
            format!(
                "<JRNLSEC>{tran}{SEC1}<SUBACCTTO>MARGIN</SUBACCTTO><SUBACCTFROM>CASH</SUBACCTFROM><UNITS>6</UNITS></JRNLSEC>"
            ),
            format!("<MARGININTEREST>{tran}<TOTAL>-7</TOTAL><SUBACCTFUND>MARGIN</SUBACCTFUND></MARGININTEREST>"),
            format!(
                "<REINVEST>{tran}{SEC1}<INCOMETYPE>DIV</INCOMETYPE><TOTAL>-8</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><UNITS>1</UNITS><UNITPRICE>8</UNITPRICE></REINVEST>"
            ),
            format!(
                "<RETOFCAP>{tran}{SEC1}<TOTAL>9</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></RETOFCAP>"
            ),
            format!("<SELLDEBT>{sell}<SELLREASON>MATURITY</SELLREASON></SELLDEBT>"),
            format!("<SELLMF>{sell}<SELLTYPE>SELL</SELLTYPE></SELLMF>"),
            format!("<SELLOPT>{sell}<OPTSELLTYPE>SELLTOCLOSE</OPTSELLTYPE><SHPERCTRCT>100</SHPERCTRCT></SELLOPT>"),
            format!("<SELLOTHER>{sell}</SELLOTHER>"),
            format!("<SELLSTOCK>{sell}<SELLTYPE>SELLSHORT</SELLTYPE></SELLSTOCK>"),
            format!(
                "<SPLIT>{tran}{SEC1}<SUBACCTSEC>CASH</SUBACCTSEC><OLDUNITS>1</OLDUNITS><NEWUNITS>3</NEWUNITS><NUMERATOR>3</NUMERATOR><DENOMINATOR>1</DENOMINATOR></SPLIT>"
            ),
            format!(
                "<TRANSFER>{tran}{SEC1}<SUBACCTSEC>CASH</SUBACCTSEC><UNITS>1</UNITS><TFERACTION>OUT</TFERACTION><POSTYPE>LONG</POSTYPE></TRANSFER>"
            ),
        ];
        let body = format!(
            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
<INVSTMTRS><DTASOF>20240131</DTASOF><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>b</BROKERID><ACCTID>a</ACCTID></INVACCTFROM>\
<INVTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>{}</INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>",
            items.join("\n")
        );
        for doc in both(&body) {
            assert_no_missing(&doc);
            let t = &inv(&doc).invtranlist.as_deref().unwrap().transactions;
            let kinds: Vec<_> = t.iter().map(|t| t.kind_tag()).collect();
            assert_eq!(
                kinds,
                [
                    "BUYDEBT",
                    "BUYMF",
                    "BUYOPT",
                    "BUYOTHER",
                    "BUYSTOCK",
                    "CLOSUREOPT",
                    "INCOME",
                    "INVEXPENSE",
                    "JRNLFUND",
                    "JRNLSEC",
                    "MARGININTEREST",
                    "REINVEST",
                    "RETOFCAP",
                    "SELLDEBT",
                    "SELLMF",
                    "SELLOPT",
                    "SELLOTHER",
                    "SELLSTOCK",
                    "SPLIT",
                    "TRANSFER"
                ]
            );
            let amounts: Vec<_> = t.iter().map(|t| amt(t.amount())).collect();
            assert_eq!(
                amounts,
                [
                    "-2", "-2", "-2", "-2", "-2", "<none>", "3", "-4", "5", "<none>", "-7", "-8", "9", "2", "2", "2",
                    "2", "2", "<none>", "<none>"
                ]
            );
            assert!(t.iter().all(|t| txt(&doc, t.fitid()) == "F" && iso(t.date_trade()) == "2024-01-02"));
            assert!(t.iter().all(|t| InvTransaction::is_kind(doc.tree.node(t.node()).elem().unwrap())));
            let InvTransaction::BuyDebt(d) = &t[0] else { panic!() };
            assert_eq!(amt(d.accrdint), "1.25");
            let InvTransaction::SellStock(s) = &t[17] else { panic!() };
            assert_eq!(txt(&doc, s.selltype), "SELLSHORT");
        }
    }

    #[test]
    fn missing_required_fields_warn() {
        let body = "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
<INVSTMTRS><DTASOF>20240131</DTASOF><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>b</BROKERID><ACCTID>a</ACCTID></INVACCTFROM>\
<INVTRANLIST><DTSTART>20240101</DTSTART>\
<INCOME><INVTRAN><FITID>X</FITID><DTTRADE>20240102</DTTRADE></INVTRAN><INCOMETYPE>DIV</INCOMETYPE><TOTAL>1</TOTAL>\
<SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INCOME></INVTRANLIST>\
<INVPOSLIST><POSSTOCK><UNITSSTREET>1</UNITSSTREET></POSSTOCK></INVPOSLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>";
        let doc = xml_doc(body);
        let msgs: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.code == crate::markup::warning::WarningCode::Missing)
            .map(|w| w.message.clone())
            .collect();
        assert!(msgs.iter().any(|m| m == "INVTRANLIST has no DTEND"), "{msgs:?}");
        assert!(msgs.iter().any(|m| m == "INCOME has no SECID"), "{msgs:?}");
        assert!(msgs.iter().any(|m| m == "POSSTOCK has no INVPOS"), "{msgs:?}");
        let s = inv(&doc);
        let pos = &s.invposlist.as_deref().unwrap().positions;
        assert!(pos[0].invpos().units.is_none());
        assert!(pos[0].secid().is_none());
        let t = &s.invtranlist.as_deref().unwrap().transactions;
        assert_eq!(amt(t[0].amount()), "1");
        assert!(t[0].secid().is_none());
        let j = json_of(&doc, |j| t[0].json(j));
        assert!(!j.contains("security_id"), "{j}");
    }

    #[test]
    fn inv401k_statement() {
        let body = format!(
            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>2</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<INVSTMTRS><DTASOF>20240630</DTASOF><CURDEF>USD</CURDEF>
<INVACCTFROM><BROKERID>401k.example.com</BROKERID><ACCTID>P-77</ACCTID></INVACCTFROM>
<INVTRANLIST><DTSTART>20240601</DTSTART><DTEND>20240630</DTEND>
<BUYMF><INVBUY><INVTRAN><FITID>K1</FITID><DTTRADE>20240614</DTTRADE></INVTRAN>{SEC2}<UNITS>10.25</UNITS>
<UNITPRICE>40.00</UNITPRICE><TOTAL>-410.00</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND>
<INV401KSOURCE>PRETAX</INV401KSOURCE><DTPAYROLL>20240614</DTPAYROLL><PRIORYEARCONTRIB>N</PRIORYEARCONTRIB></INVBUY>
<BUYTYPE>BUY</BUYTYPE></BUYMF>
</INVTRANLIST>
<INV401K><EMPLOYERNAME>Acme Widgets</EMPLOYERNAME><PLANID>PLAN-1</PLANID><PLANJOINDATE>20150301</PLANJOINDATE>
<EMPLOYERCONTACTINFO>HR 555-0100</EMPLOYERCONTACTINFO><DEFERPCTPRETAX>6</DEFERPCTPRETAX>
<MATCHINFO><MATCHPCT>50</MATCHPCT><MAXMATCHPCT>6</MAXMATCHPCT></MATCHINFO>
<CONTRIBINFO><CONTRIBSECURITY>{SEC2}<PRETAXCONTRIBPCT>100</PRETAXCONTRIBPCT><MATCHCONTRIBPCT>100</MATCHCONTRIBPCT></CONTRIBSECURITY></CONTRIBINFO>
<CURRENTVESTPCT>80</CURRENTVESTPCT>
<VESTINFO><VESTDATE>20250301</VESTDATE><VESTPCT>100</VESTPCT></VESTINFO>
<VESTINFO><VESTDATE>20240301</VESTDATE><VESTPCT>80</VESTPCT></VESTINFO>
<LOANINFO><LOANID>L1</LOANID><CURRENTLOANBAL>2500.00</CURRENTLOANBAL><DTASOF>20240630</DTASOF>
<LOANPMTSREMAINING>20</LOANPMTSREMAINING></LOANINFO>
<INV401KSUMMARY><YEARTODATE><DTSTART>20240101</DTSTART><DTEND>20240630</DTEND>
<CONTRIBUTIONS><PRETAX>2460.00</PRETAX><MATCH>1230.00</MATCH><TOTAL>3690.00</TOTAL></CONTRIBUTIONS>
<EARNINGS><PRETAX>100.00</PRETAX><TOTAL>100.00</TOTAL></EARNINGS></YEARTODATE></INV401KSUMMARY>
</INV401K>
<INV401KBAL><CASHBAL>12.00</CASHBAL><PRETAX>20000.00</PRETAX><MATCH>8000.00</MATCH><TOTAL>28012.00</TOTAL>
<BALLIST><BAL><NAME>Vested</NAME><DESC>Vested balance</DESC><BALTYPE>DOLLAR</BALTYPE><VALUE>26400.00</VALUE></BAL></BALLIST></INV401KBAL>
</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>"
        );
        for doc in both(&body) {
            assert_no_missing(&doc);
            let s = inv(&doc);
            let t = &s.invtranlist.as_deref().unwrap().transactions;
            let InvTransaction::BuyMf(b) = &t[0] else { panic!() };
            let ib = b.invbuy.as_deref().unwrap();
            assert_eq!(txt(&doc, ib.inv401ksource), "PRETAX");
            assert_eq!(iso(ib.dtpayroll), "2024-06-14");
            assert_eq!(ib.prioryearcontrib, Some(false));
            assert_eq!(amt(t[0].units()), "10.25");

            let k = s.inv401k.as_deref().unwrap();
            assert_eq!(txt(&doc, k.employername), "Acme Widgets");
            assert_eq!(txt(&doc, k.planid), "PLAN-1");
            assert_eq!(iso(k.planjoindate), "2015-03-01");
            assert_eq!(txt(&doc, k.employercontactinfo), "HR 555-0100");
            assert_eq!(txt(&doc, k.deferpctpretax), "6");
            assert_eq!(txt(&doc, k.matchinfo.as_deref().unwrap().matchpct), "50");
            let cs = &k.contribinfo.as_deref().unwrap().contribsecurity;
            assert_eq!(cs.len(), 1);
            assert_eq!(txt(&doc, cs[0].pretaxcontribpct), "100");
            assert_eq!(txt(&doc, k.currentvestpct), "80");
            assert_eq!(k.vestinfo.len(), 2);
            assert_eq!(iso(k.vestinfo[1].vestdate), "2024-03-01");
            assert_eq!(k.loaninfo.len(), 1);
            assert_eq!(amt(k.loaninfo[0].currentloanbal), "2500.00");
            assert_eq!(k.loaninfo[0].loanpmtsremaining, Some(20));
            let ytd = k.inv401ksummary.as_deref().unwrap().yeartodate.as_deref().unwrap();
            let c = ytd.contributions.as_deref().unwrap();
            assert_eq!(amt(c.r#match), "1230.00");
            assert_eq!(amt(c.total), "3690.00");
            assert_eq!(amt(ytd.earnings.as_deref().unwrap().total), "100.00");
            assert!(ytd.withdrawals.is_none());

            let kb = s.inv401kbal.as_deref().unwrap();
            assert_eq!(amt(kb.cashbal), "12.00");
            assert_eq!(amt(kb.r#match), "8000.00");
            assert_eq!(amt(kb.total), "28012.00");
            assert_eq!(kb.ballist.as_deref().unwrap().items.len(), 1);

            let j = json_of(&doc, |j| j.agg(k));
            assert!(j.contains(r#""summary":{"year_to_date":{"start":"2024-01-01","end":"2024-06-30","contributions":{"pretax":"2460.00","match":"1230.00","total":"3690.00"}"#), "{j}");
            assert!(j.contains(r#""vesting":[{"date":"2025-03-01","percent":"100"}"#), "{j}");
        }
    }

    /// LOANRATE is a leaf in INV401K's LOANINFO but an aggregate in LOANCLOSING (a grammar parent
    /// override); the tree builder must take the parent into account to keep the value.
    #[test]

    fn inv401k_loan_rate_is_a_leaf() {
        let body = "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>2</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
<INVSTMTRS><DTASOF>20240630</DTASOF><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>b</BROKERID><ACCTID>a</ACCTID></INVACCTFROM>\
<INV401K><EMPLOYERNAME>E</EMPLOYERNAME><LOANINFO><LOANID>L1</LOANID><CURRENTLOANBAL>2500.00</CURRENTLOANBAL>\
<DTASOF>20240630</DTASOF><LOANRATE>5.25</LOANRATE></LOANINFO></INV401K></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>";
        for doc in both(body) {
            let k = inv(&doc).inv401k.as_deref().unwrap();
            assert_eq!(txt(&doc, k.loaninfo[0].loanrate), "5.25", "{:?}", doc.syntax);
        }
    }

    #[test]
    fn investment_closing() {
        let body = "<INVSTMTMSGSRSV1><INVSTMTENDTRNRS><TRNUID>3</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\
<INVSTMTENDRS><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>b</BROKERID><ACCTID>a</ACCTID></INVACCTFROM>\
<INVCLOSING><FITID>C1</FITID></INVCLOSING><INVCLOSING><FITID>C2</FITID></INVCLOSING></INVSTMTENDRS>\
</INVSTMTENDTRNRS></INVSTMTMSGSRSV1>";
        let doc = xml_doc(body);
        let node = doc.path("INVSTMTMSGSRSV1/INVSTMTENDTRNRS/INVSTMTENDRS").unwrap();
        let mut w = crate::markup::warning::Warnings::new();
        let mut cx = ReadCx { tree: &doc.tree, warnings: &mut w };
        let e = InvStmtEndRs::read(node, &mut cx);
        assert_eq!(e.closings.len(), 2);
        assert_eq!(txt(&doc, e.closings[1].fitid), "C2");
        assert_eq!(txt(&doc, e.invacctfrom.as_deref().unwrap().brokerid), "b");
    }
}

/// Investment requests.
pub mod rq {
    owned_aggregate! {
        /// INVACCTFROM: a brokerage account.
        pub struct InvAcctFrom = INVACCTFROM {
            brokerid: text = BROKERID req,
            acctid: text = ACCTID req,
        }
    }

    owned_aggregate! {
        /// INCPOS: whether to include positions, as of when.
        pub struct IncPos = INCPOS {
            dtasof: date = DTASOF,
            include: bool = INCLUDE req,
        }
    }

    owned_aggregate! {
        /// INVSTMTRQ: an investment statement request (the SECLIST comes back beside the statement).
        pub struct InvStmtRq = INVSTMTRQ {
            invacctfrom: agg<InvAcctFrom> = INVACCTFROM req,
            inctran: agg<crate::model::bank::rq::IncTran> = INCTRAN req,
            incoo: bool = INCOO req,
            incpos: agg<IncPos> = INCPOS req,
            incbal: bool = INCBAL req,
            inc401k: bool = INC401K,
            inc401kbal: bool = INC401KBAL,
            inctranimg: bool = INCTRANIMG,
        }
    }
}
