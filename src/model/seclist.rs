//! The securities list (OFX spec chapter 13.8): SECINFO and the five kinds of security information.
use std::sync::LazyLock;

use crate::model::common::Currency;
use crate::model::define::{Amount, Json, TextRef};
use crate::model::invest::{SecId, tagged_enum};
use crate::values::datetime::OfxDateTime;

aggregate! {
    /// SECINFO: what every security's information has.
    pub struct SecInfoBase = SECINFO {
        secid: agg<SecId> = SECID => "security" req,
        secname: text = SECNAME => "name" req,
        ticker: text = TICKER => "ticker",
        fiid: text = FIID => "fiid",
        rating: text = RATING => "rating",
        unitprice: amount = UNITPRICE => "unit_price",
        dtasof: date = DTASOF => "date_price",
        currency: agg<Currency> = CURRENCY => "currency",
        memo: text = MEMO => "memo",
        /// OFX 1.6 V2 message sets: the longer MEMO2 in place of MEMO.
        memo2: text = MEMO2 => "memo2",
    }
}

aggregate! {
    /// DEBTINFO: a debt security (bond, note).
    pub struct DebtInfo = DEBTINFO {
        secinfo: agg<SecInfoBase> = SECINFO => "security_info" req,
        parvalue: amount = PARVALUE => "par_value" req,
        debttype: text = DEBTTYPE => "debt_type" req,
        debtclass: text = DEBTCLASS => "debt_class",
        couponrt: text = COUPONRT => "coupon_rate",
        dtcoupon: date = DTCOUPON => "date_coupon",
        couponfreq: text = COUPONFREQ => "coupon_frequency",
        callprice: amount = CALLPRICE => "call_price",
        yieldtocall: text = YIELDTOCALL => "yield_to_call",
        dtcall: date = DTCALL => "date_call",
        calltype: text = CALLTYPE => "call_type",
        yieldtomat: text = YIELDTOMAT => "yield_to_maturity",
        dtmat: date = DTMAT => "date_maturity",
        assetclass: text = ASSETCLASS => "asset_class",
        fiassetclass: text = FIASSETCLASS => "fi_asset_class",
    }
}

aggregate! {
    /// PORTION: a share of a mutual fund in one asset class.
    pub struct Portion = PORTION {
        assetclass: text = ASSETCLASS => "asset_class" req,
        percent: text = PERCENT => "percent" req,
    }
}

aggregate! {
    /// MFASSETCLASS: a mutual fund's asset classes.
    pub struct MfAssetClass = MFASSETCLASS {
        portions: list<Portion> = PORTION => "portions" req,
    }
}

aggregate! {
    /// FIPORTION: a share of a mutual fund in one of the FI's own asset classes.
    pub struct FiPortion = FIPORTION {
        fiassetclass: text = FIASSETCLASS => "fi_asset_class" req,
        percent: text = PERCENT => "percent" req,
    }
}

aggregate! {
    /// FIMFASSETCLASS: a mutual fund's asset classes as the FI names them.
    pub struct FiMfAssetClass = FIMFASSETCLASS {
        portions: list<FiPortion> = FIPORTION => "portions" req,
    }
}

aggregate! {
    /// MFINFO: a mutual fund.
    pub struct MfInfo = MFINFO {
        secinfo: agg<SecInfoBase> = SECINFO => "security_info" req,
        mftype: text = MFTYPE => "mf_type",
        r#yield: text = YIELD => "yield",
        dtyieldasof: date = DTYIELDASOF => "date_yield",
        mfassetclass: agg<MfAssetClass> = MFASSETCLASS => "asset_classes",
        fimfassetclass: agg<FiMfAssetClass> = FIMFASSETCLASS => "fi_asset_classes",
    }
}

aggregate! {
    /// OPTINFO: an option.
    pub struct OptInfo = OPTINFO {
        secinfo: agg<SecInfoBase> = SECINFO => "security_info" req,
        opttype: text = OPTTYPE => "option_type" req,
        strikeprice: amount = STRIKEPRICE => "strike_price" req,
        dtexpire: date = DTEXPIRE => "date_expire" req,
        shperctrct: amount = SHPERCTRCT => "shares_per_contract" req,
        secid: agg<SecId> = SECID => "underlying",
        assetclass: text = ASSETCLASS => "asset_class",
        fiassetclass: text = FIASSETCLASS => "fi_asset_class",
    }
}

aggregate! {
    /// OTHERINFO: a security of another kind.
    pub struct OtherInfo = OTHERINFO {
        secinfo: agg<SecInfoBase> = SECINFO => "security_info" req,
        typedesc: text = TYPEDESC => "type_desc",
        assetclass: text = ASSETCLASS => "asset_class",
        fiassetclass: text = FIASSETCLASS => "fi_asset_class",
    }
}

aggregate! {
    /// STOCKINFO: a stock.
    pub struct StockInfo = STOCKINFO {
        secinfo: agg<SecInfoBase> = SECINFO => "security_info" req,
        stocktype: text = STOCKTYPE => "stock_type",
        r#yield: text = YIELD => "yield",
        dtyieldasof: date = DTYIELDASOF => "date_yield",
        assetclass: text = ASSETCLASS => "asset_class",
        fiassetclass: text = FIASSETCLASS => "fi_asset_class",
    }
}

tagged_enum! {
    /// One entry of a SECLIST.
    pub enum SecInfo {
        Debt(DebtInfo) = DEBTINFO,
        Mf(MfInfo) = MFINFO,
        Opt(OptInfo) = OPTINFO,
        Other(OtherInfo) = OTHERINFO,
        Stock(StockInfo) = STOCKINFO,
    }
}

static EMPTY_SECINFO: LazyLock<SecInfoBase> = LazyLock::new(SecInfoBase::default);

impl SecInfo {
    /// The security's SECINFO (an empty one when the element lacked it; a warning says so).
    pub fn secinfo(&self) -> &SecInfoBase {
        let s = match self {
            SecInfo::Debt(x) => x.secinfo.as_deref(),
            SecInfo::Mf(x) => x.secinfo.as_deref(),
            SecInfo::Opt(x) => x.secinfo.as_deref(),
            SecInfo::Other(x) => x.secinfo.as_deref(),
            SecInfo::Stock(x) => x.secinfo.as_deref(),
        };
        s.unwrap_or(&EMPTY_SECINFO)
    }

    /// The security's id.
    pub fn secid(&self) -> Option<&SecId> {
        self.secinfo().secid.as_deref()
    }

    /// UNIQUEID.
    pub fn id(&self) -> Option<TextRef> {
        self.secid().and_then(|s| s.uniqueid)
    }

    /// UNIQUEIDTYPE (e.g. CUSIP).
    pub fn id_type(&self) -> Option<TextRef> {
        self.secid().and_then(|s| s.uniqueidtype)
    }

    /// SECNAME.
    pub fn name(&self) -> Option<TextRef> {
        self.secinfo().secname
    }

    /// TICKER.
    pub fn ticker(&self) -> Option<TextRef> {
        self.secinfo().ticker
    }

    /// UNITPRICE.
    pub fn unit_price(&self) -> Option<Amount> {
        self.secinfo().unitprice
    }

    /// DTASOF of the price.
    pub fn date_price(&self) -> Option<OfxDateTime> {
        self.secinfo().dtasof
    }

    /// Whether this security has the given UNIQUEID (and, when given, UNIQUEIDTYPE).
    pub fn matches(&self, tree: &crate::markup::tree::Tree, uniqueid: &str, uniqueidtype: Option<&str>) -> bool {
        let Some(s) = self.secid() else { return false };
        s.uniqueid.is_some_and(|u| u.get(tree) == uniqueid)
            && uniqueidtype.is_none_or(|t| s.uniqueidtype.is_some_and(|u| u.get(tree) == t))
    }

    /// The view of one security as a JSON object: `type`, `id`, `id_type`, `name`, `ticker`, `fiid`,
    /// `rating`, `unit_price`, `date_price`, `memo` (those present) and `detail`: the whole aggregate.
    pub fn json(&self, j: &mut Json<'_>) {
        let s = self.secinfo();
        j.begin_obj();
        j.key("type");
        j.raw_str(self.kind_tag());
        if let Some(id) = s.secid.as_deref() {
            j.field("id", &id.uniqueid);
            j.field("id_type", &id.uniqueidtype);
        }
        j.field("name", &s.secname);
        j.field("ticker", &s.ticker);
        j.field("fiid", &s.fiid);
        j.field("rating", &s.rating);
        j.field("unit_price", &s.unitprice);
        j.field("date_price", &s.dtasof);
        j.field("memo", &s.memo.or(s.memo2));
        j.key("detail");
        self.detail_json(j);
        j.end_obj();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::invest::test_util::{amt, assert_no_missing, both, iso, txt};

    fn sec(id: &str, name: &str, extra: &str) -> String {
        format!(
            "<SECINFO><SECID><UNIQUEID>{id}</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID><SECNAME>{name}</SECNAME>{extra}</SECINFO>"
        )
    }

    fn body() -> String {
        format!(
            "<SECLISTMSGSRSV1><SECLISTTRNRS><TRNUID>9</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS></SECLISTTRNRS>
<SECLIST>
<DEBTINFO>{}<PARVALUE>1000.00</PARVALUE><DEBTTYPE>COUPON</DEBTTYPE><DEBTCLASS>TREASURY</DEBTCLASS><COUPONRT>4.25</COUPONRT>
<COUPONFREQ>SEMIANNUAL</COUPONFREQ><DTMAT>20340215</DTMAT></DEBTINFO>
<MFINFO>{}<MFTYPE>OPENEND</MFTYPE><YIELD>1.9</YIELD><DTYIELDASOF>20240131</DTYIELDASOF>
<MFASSETCLASS><PORTION><ASSETCLASS>LARGESTOCK</ASSETCLASS><PERCENT>70</PERCENT></PORTION>
<PORTION><ASSETCLASS>INTLSTOCK</ASSETCLASS><PERCENT>30</PERCENT></PORTION></MFASSETCLASS>
<FIMFASSETCLASS><FIPORTION><FIASSETCLASS>Equity</FIASSETCLASS><PERCENT>100</PERCENT></FIPORTION></FIMFASSETCLASS></MFINFO>
<OPTINFO>{}<OPTTYPE>CALL</OPTTYPE><STRIKEPRICE>10.00</STRIKEPRICE><DTEXPIRE>20240621</DTEXPIRE><SHPERCTRCT>100</SHPERCTRCT>
<SECID><UNIQUEID>000000001</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID></OPTINFO>
<OTHERINFO>{}<TYPEDESC>Limited partnership</TYPEDESC><ASSETCLASS>OTHER</ASSETCLASS></OTHERINFO>
<STOCKINFO>{}<STOCKTYPE>COMMON</STOCKTYPE><YIELD>0.5</YIELD><ASSETCLASS>LARGESTOCK</ASSETCLASS></STOCKINFO>
</SECLIST></SECLISTMSGSRSV1>",
            sec("912828XYZ", "US Treasury 4.25% 2034", "<UNITPRICE>99.5</UNITPRICE>"),
            sec("000000002", "Index Fund", "<TICKER>IDXF</TICKER><FIID>F-2</FIID><RATING>5</RATING><UNITPRICE>20.00</UNITPRICE><DTASOF>20240131</DTASOF>"),
            sec("ACME240621C10", "ACME Jun 24 10 Call", "<TICKER>ACME 240621C10</TICKER>"),
            sec("000000009", "Example LP", "<MEMO>Illiquid</MEMO>"),
            sec("000000001", "Acme Corp &amp; Co", "<TICKER>ACME</TICKER><UNITPRICE>6.50</UNITPRICE><DTASOF>20240131160000</DTASOF>"),
        )
    }

    #[test]
    fn security_list_all_kinds() {
        for doc in both(&body()) {
            assert_no_missing(&doc);
            let s = &doc.securities;
            let kinds: Vec<_> = s.iter().map(|s| s.kind_tag()).collect();
            assert_eq!(kinds, ["DEBTINFO", "MFINFO", "OPTINFO", "OTHERINFO", "STOCKINFO"]);
            let ids: Vec<_> = s.iter().map(|s| txt(&doc, s.id())).collect();
            assert_eq!(ids, ["912828XYZ", "000000002", "ACME240621C10", "000000009", "000000001"]);
            assert!(s.iter().all(|s| txt(&doc, s.id_type()) == "CUSIP"));

            let SecInfo::Debt(d) = &s[0] else { panic!() };
            assert_eq!(amt(d.parvalue), "1000.00");
            assert_eq!(txt(&doc, d.debttype), "COUPON");
            assert_eq!(txt(&doc, d.couponrt), "4.25");
            assert_eq!(iso(d.dtmat), "2034-02-15");
            assert_eq!(amt(s[0].unit_price()), "99.5");

            let SecInfo::Mf(m) = &s[1] else { panic!() };
            assert_eq!(txt(&doc, m.mftype), "OPENEND");
            assert_eq!(txt(&doc, m.r#yield), "1.9");
            let portions = &m.mfassetclass.as_deref().unwrap().portions;
            assert_eq!(portions.len(), 2);
            assert_eq!(txt(&doc, portions[1].assetclass), "INTLSTOCK");
            assert_eq!(txt(&doc, portions[1].percent), "30");
            let fi = &m.fimfassetclass.as_deref().unwrap().portions;
            assert_eq!(txt(&doc, fi[0].fiassetclass), "Equity");
            assert_eq!(txt(&doc, s[1].ticker()), "IDXF");
            assert_eq!(txt(&doc, s[1].secinfo().fiid), "F-2");
            assert_eq!(txt(&doc, s[1].secinfo().rating), "5");
            assert_eq!(iso(s[1].date_price()), "2024-01-31");

            let SecInfo::Opt(o) = &s[2] else { panic!() };
            assert_eq!(txt(&doc, o.opttype), "CALL");
            assert_eq!(amt(o.strikeprice), "10.00");
            assert_eq!(iso(o.dtexpire), "2024-06-21");
            assert_eq!(amt(o.shperctrct), "100");
            assert_eq!(txt(&doc, o.secid.as_deref().unwrap().uniqueid), "000000001");

            let SecInfo::Other(x) = &s[3] else { panic!() };
            assert_eq!(txt(&doc, x.typedesc), "Limited partnership");
            assert_eq!(txt(&doc, s[3].secinfo().memo), "Illiquid");

            let SecInfo::Stock(st) = &s[4] else { panic!() };
            assert_eq!(txt(&doc, st.stocktype), "COMMON");
            assert_eq!(txt(&doc, s[4].name()), "Acme Corp & Co");
            assert!(s[4].matches(&doc.tree, "000000001", Some("CUSIP")));
            assert!(s[4].matches(&doc.tree, "000000001", None));
            assert!(!s[4].matches(&doc.tree, "000000001", Some("ISIN")));
            assert!(!s[3].matches(&doc.tree, "000000001", None));
        }
    }

    #[test]
    fn security_json() {
        let [_, doc] = both(&body());
        let mut j = Json::new(&doc.tree);
        doc.securities[4].json(&mut j);
        let out = j.out;
        assert!(
            out.starts_with(r#"{"type":"STOCKINFO","id":"000000001","id_type":"CUSIP","name":"Acme Corp & Co","ticker":"ACME","unit_price":"6.50","date_price":"2024-01-31T16:00:00Z","detail":{"security_info":{"security":{"unique_id":"000000001""#),
            "{out}"
        );
        assert!(out.ends_with(r#""stock_type":"COMMON","yield":"0.5","asset_class":"LARGESTOCK"}}"#), "{out}");
        let mut j = Json::new(&doc.tree);
        doc.securities[1].json(&mut j);
        assert!(
            j.out.contains(r#""asset_classes":{"portions":[{"asset_class":"LARGESTOCK","percent":"70"},{"asset_class":"INTLSTOCK","percent":"30"}]}"#),
            "{}",
            j.out
        );
    }

    #[test]
    fn non_security_children_are_skipped() {
        let body = "<SECLISTMSGSRSV1><SECLIST><MFINFO><SECINFO><SECID><UNIQUEID>1</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID>\
<SECNAME>F</SECNAME></SECINFO></MFINFO><X.PROPRIETARY>junk</X.PROPRIETARY><STOCKINFO><SECINFO><SECNAME>No id</SECNAME></SECINFO>\
</STOCKINFO></SECLIST></SECLISTMSGSRSV1>";
        let [_, doc] = both(body);
        assert_eq!(doc.securities.len(), 2);
        assert!(doc.securities[1].id().is_none());
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.code == crate::markup::warning::WarningCode::Missing && w.message == "SECINFO has no SECID"),
            "{:?}",
            doc.warnings
        );
    }
}
