//! Aggregates shared by several chapters (OFX spec chapter 3 and 5): currency, balances, images.

aggregate! {
    /// CURRENCY / ORIGCURRENCY: a rate and a currency code.
    pub struct Currency = CURRENCY {
        currate: text = CURRATE => "rate" req,
        cursym: text = CURSYM => "symbol" req,
    }
}

aggregate! {
    /// BAL: one entry of a BALLIST.
    pub struct BalItem = BAL {
        name: text = NAME => "name" req,
        desc: text = DESC => "desc" req,
        baltype: text = BALTYPE => "type" req,
        value: text = VALUE => "value" req,
        dtasof: date = DTASOF => "date",
        currency: agg<Currency> = CURRENCY => "currency",
    }
}

aggregate! {
    /// BALLIST: extra balances.
    pub struct BalList = BALLIST {
        items: list<BalItem> = BAL => "items",
    }
}

aggregate! {
    /// IMAGEDATA: a reference to a check or statement image (2.1.1).
    pub struct ImageData = IMAGEDATA {
        imagetype: text = IMAGETYPE => "type" req,
        imageref: text = IMAGEREF => "ref" req,
        imagereftype: text = IMAGEREFTYPE => "ref_type" req,
        imagedelay: int = IMAGEDELAY => "delay",
        dtimageavail: date = DTIMAGEAVAIL => "date_available",
        imagettl: int = IMAGETTL => "ttl",
        checksup: text = CHECKSUP => "check_sup",
    }
}

/// Requests shared by several chapters.
pub mod rq {
    owned_aggregate! {
        /// IMAGERQ: one check or statement image by its reference (2.1.1).
        pub struct ImageRq = IMAGERQ {
            imageref: text = IMAGEREF req,
        }
    }
}
