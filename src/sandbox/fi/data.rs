//! The sandbox FI's deterministic demo data: users, their accounts and each account's records over
//! 2024-01-01..=2025-12-31 (US Eastern standard time). Generated from fixed seeds, so every run (and
//! every developer) sees the same FITIDs, amounts and balances. Amounts are exact (`rust_decimal`, scale
//! 2 for money); names carry `&`, `<`, `>` and accented letters to exercise escaping and charsets.

use rust_decimal::Decimal;

use crate::values::amount::format_amount;
use crate::values::datetime::OfxDateTime;

/// The sandbox's routing number (BANKID of every bank account).
pub const BANK_ID: &str = "077700077";
/// The sandbox's BROKERID (investment accounts).
pub const BROKER_ID: &str = "sandbox.ofxkit.example";
/// Offset of every demo time stamp: US Eastern standard time.
pub const TZ_MINUTES: i32 = -300;
/// First day of the data (local).
pub const FIRST_DAY: (i32, u32, u32) = (2024, 1, 1);
/// Number of days with data (2024 is a leap year: 366 + 365).
pub const DAYS: i64 = 731;

/// What a user needs beyond the password to sign on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Password only.
    Nothing,
    /// Multi-factor challenge (3000 / 3001), then an ACCESSKEY.
    Mfa,
    /// A CLIENTUID approved out of band (15510 until then).
    ClientUid,
    /// The AUTHTOKEN [`AUTH_TOKEN`] on the first signon (15512 / 15513).
    AuthToken,
    /// Locked out (15502) whatever the password.
    Locked,
}

/// The AUTHTOKEN user `token` must present on its first signon.
pub const AUTH_TOKEN: &str = "TOKEN-1234";

/// Which kind of account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Checking,
    Savings,
    CreditCard,
    Investment,
    Loan,
}

impl Kind {
    /// Human name (for `describe`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Checking => "checking",
            Kind::Savings => "savings",
            Kind::CreditCard => "credit card",
            Kind::Investment => "investment",
            Kind::Loan => "loan",
        }
    }
    /// ACCTTYPE of a bank account.
    pub fn accttype(self) -> &'static str {
        match self {
            Kind::Savings => "SAVINGS",
            _ => "CHECKING",
        }
    }
}

/// A check image reference kind (images are offered at 2.1.1 and later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageRef {
    /// Fetched with an OFX IMAGERQ (IMAGEREFTYPE OPAQUE).
    Opaque,
    /// Fetched with a plain GET of `/images/<id>` (IMAGEREFTYPE URL).
    Url,
}

/// One bank, credit-card or investment-cash transaction.
#[derive(Clone, Debug)]
pub struct Txn {
    pub fitid: String,
    /// UTC seconds of DTPOSTED.
    pub posted: i64,
    pub trntype: &'static str,
    pub amount: Decimal,
    pub name: String,
    pub memo: Option<String>,
    pub checknum: Option<String>,
    /// Image id and how it is referenced (checks only).
    pub image: Option<(String, ImageRef)>,
}

/// A security the investment account trades.
#[derive(Clone, Debug)]
pub struct Security {
    pub uniqueid: &'static str,
    pub ticker: &'static str,
    pub name: &'static str,
    pub fund: bool,
    /// Price as of the end of the data.
    pub price: Decimal,
}

/// One investment transaction.
#[derive(Clone, Debug)]
pub enum InvTxn {
    BuyStock { fitid: String, date: i64, sec: usize, units: Decimal, price: Decimal, commission: Decimal },
    SellMf { fitid: String, date: i64, sec: usize, units: Decimal, price: Decimal, fees: Decimal },
    Income { fitid: String, date: i64, sec: usize, total: Decimal },
}

impl InvTxn {
    /// Trade date (UTC seconds).
    pub fn date(&self) -> i64 {
        match self {
            InvTxn::BuyStock { date, .. } | InvTxn::SellMf { date, .. } | InvTxn::Income { date, .. } => *date,
        }
    }
    /// The security's index in [`Investment::securities`].
    pub fn sec(&self) -> usize {
        match self {
            InvTxn::BuyStock { sec, .. } | InvTxn::SellMf { sec, .. } | InvTxn::Income { sec, .. } => *sec,
        }
    }
    /// Cash effect (TOTAL): negative for a buy.
    pub fn total(&self) -> Decimal {
        match self {
            InvTxn::BuyStock { units, price, commission, .. } => -(money(*units * *price) + *commission),
            InvTxn::SellMf { units, price, fees, .. } => money(*units * *price) - *fees,
            InvTxn::Income { total, .. } => *total,
        }
    }
}

/// An open order.
#[derive(Clone, Debug)]
pub struct OpenOrder {
    pub fitid: String,
    pub sec: usize,
    pub placed: i64,
    pub units: Decimal,
    pub limit: Decimal,
}

/// The investment side of an investment account.
#[derive(Clone, Debug)]
pub struct Investment {
    pub securities: Vec<Security>,
    /// Units held before the first transaction, per security.
    pub initial_units: Vec<Decimal>,
    pub initial_cash: Decimal,
    pub trades: Vec<InvTxn>,
    /// Cash movements (INVBANKTRAN).
    pub cash: Vec<Txn>,
    pub open_orders: Vec<OpenOrder>,
}

impl Investment {
    /// Units held at the end of the data, per security.
    pub fn units(&self) -> Vec<Decimal> {
        let mut u = self.initial_units.clone();
        for t in &self.trades {
            match t {
                InvTxn::BuyStock { sec, units, .. } => u[*sec] += *units,
                InvTxn::SellMf { sec, units, .. } => u[*sec] -= *units,
                InvTxn::Income { .. } => {}
            }
        }
        u
    }
    /// Cash available at the end of the data.
    pub fn cash_balance(&self) -> Decimal {
        self.initial_cash
            + self.trades.iter().map(InvTxn::total).sum::<Decimal>()
            + self.cash.iter().map(|t| t.amount).sum::<Decimal>()
    }
}

/// One loan payment.
#[derive(Clone, Debug)]
pub struct LoanPayment {
    pub fitid: String,
    pub posted: i64,
    pub principal: Decimal,
    pub interest: Decimal,
}

/// The loan side of a loan account.
#[derive(Clone, Debug)]
pub struct Loan {
    pub initial: Decimal,
    /// Annual rate in percent.
    pub rate: Decimal,
    pub payment: Decimal,
    pub total_payments: u32,
    pub start: i64,
    pub maturity: i64,
    pub payments: Vec<LoanPayment>,
}

impl Loan {
    /// Principal outstanding after every payment.
    pub fn balance(&self) -> Decimal {
        self.initial - self.payments.iter().map(|p| p.principal).sum::<Decimal>()
    }
}

/// One account of a user.
#[derive(Clone, Debug)]
pub struct Account {
    pub kind: Kind,
    pub acctid: String,
    pub desc: String,
    pub opening: Decimal,
    /// Posted transactions in date order (bank and credit card).
    pub txns: Vec<Txn>,
    /// Pending transactions (BANKTRANLISTP, 2.x).
    pub pending: Vec<Txn>,
    pub invest: Option<Investment>,
    pub loan: Option<Loan>,
}

impl Account {
    /// Ledger balance at the end of the data.
    pub fn ledger(&self) -> Decimal {
        self.opening + self.txns.iter().map(|t| t.amount).sum::<Decimal>()
    }
    /// Available balance: the ledger less pending debits.
    pub fn available(&self) -> Decimal {
        self.ledger() + self.pending.iter().map(|t| t.amount).filter(|a| a.is_sign_negative()).sum::<Decimal>()
    }
}

/// A demo user.
#[derive(Clone, Debug)]
pub struct User {
    pub id: &'static str,
    pub password: &'static str,
    pub need: Need,
    pub accounts: Vec<Account>,
}

/// Money rounded to cents with exactly two decimals.
pub fn money(d: Decimal) -> Decimal {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d
}

/// An amount as the OFX text (`-12.34`).
pub fn amt(d: Decimal) -> String {
    format_amount(&d)
}

/// UTC seconds of a local (Eastern) wall-clock time.
pub fn local(y: i32, m: u32, d: u32, h: u32, mi: u32) -> i64 {
    OfxDateTime::from_ymd_hms(y, m, d, h, mi, 0, TZ_MINUTES).map(|t| t.unix_seconds).unwrap_or(0)
}

/// Local (Eastern) civil parts of UTC seconds.
pub fn civil(secs: i64) -> (i32, u32, u32, u32, u32, u32) {
    OfxDateTime::from_unix(secs + i64::from(TZ_MINUTES) * 60, 0).utc_parts()
}

/// The OFX date-time text of UTC seconds: `20240115120000.000[-5:EST]` (the form every grammar accepts:
/// the XSD allows a zone only after milliseconds).
pub fn dt(secs: i64) -> String {
    let (y, m, d, h, mi, s) = civil(secs);
    format!("{y:04}{m:02}{d:02}{h:02}{mi:02}{s:02}.000[-5:EST]")
}

/// First instant of the data.
pub fn data_start() -> i64 {
    local(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2, 0, 0)
}

/// The instant the data ends (exclusive): 2026-01-01 00:00 local.
pub fn data_end() -> i64 {
    local(2026, 1, 1, 0, 0)
}

/// Balances and positions are as of the last day of the data, 2025-12-31 23:59 local.
pub fn as_of() -> i64 {
    local(2025, 12, 31, 23, 59)
}

/// A small deterministic generator (64-bit LCG, high bits out).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    /// True with probability pct/100.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Each day of the data: (day index, local y, m, d).
fn days() -> impl Iterator<Item = (i64, i32, u32, u32)> {
    let noon = local(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2, 12, 0);
    (0..DAYS).map(move |k| {
        let (y, m, d, ..) = civil(noon + k * 86_400);
        (k, y, m, d)
    })
}

fn last_day_of_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Builds transactions with FITIDs `<prefix><yyyymmdd><nn>` (unique: a per-day counter).
struct Book {
    prefix: &'static str,
    txns: Vec<Txn>,
    day_count: u32,
    day: (i32, u32, u32),
}

impl Book {
    fn new(prefix: &'static str) -> Book {
        Book { prefix, txns: Vec::new(), day_count: 0, day: (0, 0, 0) }
    }
    fn fitid(&mut self, y: i32, m: u32, d: u32) -> String {
        if self.day != (y, m, d) {
            self.day = (y, m, d);
            self.day_count = 0;
        }
        self.day_count += 1;
        format!("{}{y:04}{m:02}{d:02}{:02}", self.prefix, self.day_count)
    }
    fn add(
        &mut self,
        (y, m, d): (i32, u32, u32),
        trntype: &'static str,
        amount: Decimal,
        name: &str,
        memo: Option<&str>,
    ) {
        let fitid = self.fitid(y, m, d);
        let posted = local(y, m, d, 9 + self.day_count.min(12), (self.day_count * 7) % 60);
        self.txns.push(Txn {
            fitid,
            posted,
            trntype,
            amount,
            name: name.to_string(),
            memo: memo.map(str::to_string),
            checknum: None,
            image: None,
        });
    }
}

const MERCHANTS: [&str; 10] = [
    "Café René & Fils",
    "Épicerie du Marché",
    "Tom & Jerry's Deli",
    "Whole Grains Co-op",
    "Gas & Go #42",
    "Librairie Noël",
    "Pharmacie Hélène",
    "Metro Transit",
    "Hardware <Depot>",
    "Crème Brûlée Bakery",
];

fn checking(acctid: &str, seed: u64, with_checks: bool) -> Account {
    let mut r = Rng::new(seed);
    let mut b = Book::new("C");
    let mut checknum = 1000;
    for (_, y, m, d) in days() {
        let day = (y, m, d);
        if d == 1 || d == 15 {
            b.add(day, "DIRECTDEP", cents(245_000), "ACME Payroll & Benefits", Some("Salary"));
        }
        if d == 3 && with_checks {
            checknum += 1;
            b.add(day, "CHECK", cents(-185_000), "Résidence Étoile", Some("Rent & parking"));
            if let Some(t) = b.txns.last_mut() {
                t.checknum = Some(checknum.to_string());
                let kind = if checknum % 2 == 0 { ImageRef::Opaque } else { ImageRef::Url };
                t.image = Some((format!("CHK-{acctid}-{checknum}"), kind));
            }
        }
        if d == 20 {
            b.add(day, "DIRECTDEBIT", cents(-r.range(8_000, 16_000)), "City Power & Light", None);
        }
        if r.chance(33) {
            let name = MERCHANTS[r.range(0, MERCHANTS.len() as i64 - 1) as usize];
            b.add(day, "POS", cents(-r.range(350, 12_500)), name, None);
        }
        if r.chance(4) {
            b.add(day, "ATM", cents(-r.range(2, 10) * 2_000), "ATM Withdrawal <Main St>", None);
        }
        if d == 28 {
            b.add(day, "SRVCHG", cents(-500), "Monthly service fee", None);
        }
        if d == last_day_of_month(y, m) {
            b.add(day, "INT", cents(r.range(5, 95)), "Interest paid", None);
        }
    }
    let pending = vec![
        pending_txn("CP1", local(2026, 1, 1, 10, 5), "POS", cents(-4_250), "Café René & Fils"),
        pending_txn("CP2", local(2026, 1, 1, 16, 40), "ATM", cents(-6_000), "ATM Withdrawal <Main St>"),
    ];
    Account {
        kind: Kind::Checking,
        acctid: acctid.to_string(),
        desc: "Everyday Checking".into(),
        opening: cents(325_000),
        txns: b.txns,
        pending,
        invest: None,
        loan: None,
    }
}

fn pending_txn(fitid: &str, posted: i64, trntype: &'static str, amount: Decimal, name: &str) -> Txn {
    Txn { fitid: fitid.into(), posted, trntype, amount, name: name.into(), memo: None, checknum: None, image: None }
}

fn savings(acctid: &str, seed: u64) -> Account {
    let mut r = Rng::new(seed);
    let mut b = Book::new("S");
    for (_, y, m, d) in days() {
        let day = (y, m, d);
        if d == 2 {
            b.add(day, "XFER", cents(50_000), "Transfer from checking", Some("Monthly savings"));
        }
        if r.chance(30) {
            b.add(day, "CREDIT", cents(r.range(1, 99)), "Round-up savings", None);
        }
        if r.chance(2) {
            b.add(day, "DEBIT", cents(-r.range(100, 800) * 100), "Withdrawal", None);
        }
        if d == last_day_of_month(y, m) {
            b.add(day, "INT", cents(r.range(1_500, 4_500)), "Interest paid", None);
        }
    }
    Account {
        kind: Kind::Savings,
        acctid: acctid.to_string(),
        desc: "High-Yield Savings".into(),
        opening: cents(1_200_000),
        txns: b.txns,
        pending: Vec::new(),
        invest: None,
        loan: None,
    }
}

fn credit_card(acctid: &str, seed: u64) -> Account {
    let mut r = Rng::new(seed);
    let mut b = Book::new("V");
    let mut month_spend = Decimal::ZERO;
    for (_, y, m, d) in days() {
        let day = (y, m, d);
        if d == 12 && month_spend < Decimal::ZERO {
            b.add(day, "PAYMENT", -month_spend, "Payment received - thank you", None);
            month_spend = Decimal::ZERO;
        }
        if r.chance(45) {
            let name = MERCHANTS[r.range(0, MERCHANTS.len() as i64 - 1) as usize];
            let a = cents(-r.range(199, 18_999));
            month_spend += a;
            b.add(day, "DEBIT", a, name, None);
        }
        if r.chance(3) {
            let a = cents(r.range(500, 5_000));
            month_spend += a;
            b.add(day, "CREDIT", a, "Refund: Librairie Noël", None);
        }
    }
    let pending = vec![pending_txn("VP1", local(2026, 1, 1, 11, 15), "DEBIT", cents(-1_999), "Crème Brûlée Bakery")];
    Account {
        kind: Kind::CreditCard,
        acctid: acctid.to_string(),
        desc: "Sandbox Rewards Visa".into(),
        opening: Decimal::ZERO,
        txns: b.txns,
        pending,
        invest: None,
        loan: None,
    }
}

fn securities() -> Vec<Security> {
    vec![
        Security {
            uniqueid: "999000101",
            ticker: "SBXA",
            name: "Sandbox Alpha Corp",
            fund: false,
            price: cents(12_345),
        },
        Security {
            uniqueid: "999000102",
            ticker: "SBXB",
            name: "Bêta & Sons Industries",
            fund: false,
            price: cents(4_810),
        },
        Security {
            uniqueid: "999000201",
            ticker: "SBXF",
            name: "Sandbox Total Market Fund",
            fund: true,
            price: Decimal::new(278_125, 4),
        },
        Security { uniqueid: "999000103", ticker: "SBXC", name: "Gamma <Labs> Inc", fund: false, price: cents(999) },
    ]
}

fn investment(acctid: &str, seed: u64) -> Account {
    let mut r = Rng::new(seed);
    let mut trades = Vec::new();
    let mut cash = Book::new("IB");
    let mut month = 0i64;
    for (_, y, m, d) in days() {
        let day = (y, m, d);
        let at = local(y, m, d, 10, 30);
        if d == 1 {
            month += 1;
        }
        if d == 5 {
            cash.add(day, "DEP", cents(100_000), "Monthly contribution", None);
        }
        if d == 8 || d == 22 {
            let sec = if d == 8 { 0 } else { 1 };
            let base = if sec == 0 { 11_000 } else { 4_200 };
            trades.push(InvTxn::BuyStock {
                fitid: format!("IT{y:04}{m:02}{d:02}01"),
                date: at,
                sec,
                units: Decimal::from(r.range(1, 4)),
                price: cents(base + month * 50 + r.range(0, 300)),
                commission: cents(495),
            });
        }
        if d == 14 && m % 3 == 0 {
            trades.push(InvTxn::SellMf {
                fitid: format!("IT{y:04}{m:02}{d:02}02"),
                date: at,
                sec: 2,
                units: Decimal::new(r.range(1_000, 4_000), 2),
                price: Decimal::new(250_000 + month * 1_000 + r.range(0, 999), 4),
                fees: cents(0),
            });
        }
        if d == 25 && m % 3 == 0 {
            for (k, sec) in [0usize, 1].into_iter().enumerate() {
                trades.push(InvTxn::Income {
                    fitid: format!("IT{y:04}{m:02}{d:02}1{k}"),
                    date: at,
                    sec,
                    total: cents(r.range(1_500, 6_000)),
                });
            }
        }
        if d == last_day_of_month(y, m) {
            cash.add(day, "INT", cents(r.range(100, 900)), "Interest on cash & sweep", None);
        }
    }
    let open_orders = vec![
        OpenOrder {
            fitid: "OO2025120101".into(),
            sec: 3,
            placed: local(2025, 12, 1, 9, 45),
            units: cents(10_000),
            limit: cents(950),
        },
        OpenOrder {
            fitid: "OO2025121502".into(),
            sec: 0,
            placed: local(2025, 12, 15, 14, 5),
            units: cents(500),
            limit: cents(12_000),
        },
    ];
    Account {
        kind: Kind::Investment,
        acctid: acctid.to_string(),
        desc: "Sandbox Brokerage".into(),
        opening: Decimal::ZERO,
        txns: Vec::new(),
        pending: Vec::new(),
        invest: Some(Investment {
            securities: securities(),
            initial_units: vec![Decimal::from(100), Decimal::from(50), Decimal::from(500), Decimal::ZERO],
            initial_cash: cents(500_000),
            trades,
            cash: cash.txns,
            open_orders,
        }),
        loan: None,
    }
}

fn loan(acctid: &str) -> Account {
    let initial = cents(2_500_000);
    let payment = cents(48_332);
    let mut bal = initial;
    let mut payments = Vec::new();
    for (_, y, m, d) in days() {
        if d == 10 {
            // 6 % a year: half a percent a month on the outstanding principal.
            let interest = money(bal * Decimal::new(5, 3));
            let principal = payment - interest;
            bal -= principal;
            payments.push(LoanPayment {
                fitid: format!("L{y:04}{m:02}{d:02}01"),
                posted: local(y, m, d, 8, 0),
                principal,
                interest,
            });
        }
    }
    Account {
        kind: Kind::Loan,
        acctid: acctid.to_string(),
        desc: "Auto Loan".into(),
        opening: initial,
        txns: Vec::new(),
        pending: Vec::new(),
        invest: None,
        loan: Some(Loan {
            initial,
            rate: Decimal::new(600, 2),
            payment,
            total_payments: 60,
            start: local(2023, 12, 10, 8, 0),
            maturity: local(2028, 12, 10, 8, 0),
            payments,
        }),
    }
}

/// The demo users (see [`super::Fi::describe`]).
pub fn demo_users() -> Vec<User> {
    vec![
        User {
            id: "demo",
            password: "demo-pass",
            need: Need::Nothing,
            accounts: vec![
                checking("1000123456", 11, true),
                savings("1000654321", 12),
                credit_card("4000123412341234", 13),
                investment("INV-77001", 14),
                loan("LN-55001"),
            ],
        },
        User { id: "mfa", password: "mfa-pass", need: Need::Mfa, accounts: vec![checking("2000111111", 21, false)] },
        User {
            id: "uid",
            password: "uid-pass",
            need: Need::ClientUid,
            accounts: vec![checking("3000111111", 31, false)],
        },
        User {
            id: "token",
            password: "token-pass",
            need: Need::AuthToken,
            accounts: vec![checking("4000111111", 41, false)],
        },
        User {
            id: "locked",
            password: "locked-pass",
            need: Need::Locked,
            accounts: vec![checking("5000111111", 51, false)],
        },
    ]
}

/// A tiny valid PNG (16x16, 8-bit grey, stored zlib block) whose shade depends on `id`.
pub fn png(id: &str) -> Vec<u8> {
    let shade = id.bytes().fold(0x80u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    let (w, h) = (16u32, 16u32);
    let mut raw = Vec::with_capacity(((w + 1) * h) as usize);
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            raw.push(if (x + y) % 4 == 0 { 0 } else { shade });
        }
    }
    let mut z = vec![0x78, 0x01, 0x01];
    let len = raw.len() as u16;
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&(!len).to_le_bytes());
    z.extend_from_slice(&raw);
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// CRC-32 (ISO-HDLC, as PNG uses).
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// `amt(money(x))`: a money amount as text.
pub fn money_text(d: Decimal) -> String {
    amt(money(d))
}
