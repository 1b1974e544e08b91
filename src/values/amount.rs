//! Exact OFX amounts.
//!
//! The OFX specification writes an amount as an optional sign, digits and one decimal point (`.` or `,`), with no
//! thousands separators. Real files add padding, a leading `+`, comma decimals mixed with dot decimals in one
//! file, thousands separators and extra precision, and sometimes the word `None` where a balance belongs (see
//! `docs/real-world-quirks.md`, "Charsets, dates, amounts, identifiers"). [`parse_amount`] reads all of those
//! exactly into a [`Decimal`] (never a float) and reports each deviation in [`AmountNotes`].

use rust_decimal::Decimal;
use std::fmt;

/// Deviations from the spec's amount form that [`parse_amount`] tolerated; each is worth a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AmountNotes {
    /// The decimal point was a comma (`-200,00`). The spec allows this, but a file mixing both is suspicious.
    pub comma_decimal: bool,
    /// Thousands separators were present (`1.234,56`, `1,234.56`), which the spec forbids.
    pub thousands_separators: bool,
    /// Whitespace around the amount or between its sign and digits (`"   -200,00"`, `"- 5.00"`).
    pub padded: bool,
    /// A leading `+` sign.
    pub plus_sign: bool,
}

impl AmountNotes {
    /// True when any deviation was noted.
    pub fn any(&self) -> bool {
        self.comma_decimal || self.thousands_separators || self.padded || self.plus_sign
    }
}

/// Why an amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Empty or whitespace-only text.
    Empty,
    /// A word standing for "no value": `None`, `NULL`, `N/A` (any case). Callers treat the amount as absent.
    NullWord,
    /// Not an amount: stray characters, exponents, a trailing sign, badly grouped thousands, no digits, ...
    Invalid,
    /// More than 28 significant digits, or more than 28 decimal places after dropping trailing zeros.
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmountError::Empty => "empty amount",
            AmountError::NullWord => "amount is a null word (None, NULL, N/A)",
            AmountError::Invalid => "not a valid amount",
            AmountError::TooLarge => "amount has more than 28 significant digits or decimal places",
        })
    }
}

impl std::error::Error for AmountError {}

/// The largest scale (decimal places) a [`Decimal`] holds.
const MAX_SCALE: u32 = 28;
/// Mantissas must stay below 10^28: at most 28 significant digits.
const MANTISSA_LIMIT: i128 = 10_000_000_000_000_000_000_000_000_000;

const NULL_WORDS: [&[u8]; 3] = [b"none", b"null", b"n/a"];

/// Checks that `int_part` is grouped by `sep` as thousands: a first group of 1 to 3 digits, then groups of
/// exactly 3. `int_part` holds only digits and `sep`.
fn valid_thousands_grouping(int_part: &[u8], sep: u8) -> bool {
    let mut groups = int_part.split(|&c| c == sep);
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

/// Parses an OFX amount exactly.
///
/// The text is an optional `+` or `-`, then digits with at most one decimal point; ASCII whitespace around
/// it and between the sign and the digits is tolerated (`padded`). Which of `.` and `,` is the decimal point:
///
/// * **both occur**: the one that occurs last is the decimal point and must occur once; the other kind are
///   thousands separators (`1.234,56` = 1234.56, `1,234.56` = 1234.56, `1.234.567,89` = 1234567.89);
/// * **only one kind, more than once**: thousands separators and no decimal part (`1,234,567` = 1234567,
///   `1.234.567` = 1234567);
/// * **a single comma**: the decimal point (`-200,00` = -200.00, `comma_decimal`). This holds even for
///   `1,234`, which reads as 1.234, not 1234: the spec allows a decimal comma and forbids thousands
///   separators, so the spec's reading wins where the text is ambiguous;
/// * **a single dot**: the decimal point (`1.234` = 1.234).
///
/// Thousands separators must group the integer part as 1-3 digits then groups of exactly 3, otherwise the
/// amount is [`AmountError::Invalid`]. `.5`, `-.5` and `5.` are accepted; a lone sign or point is not.
/// Exponents, trailing signs (`12.34-`), parentheses and any other character are [`AmountError::Invalid`].
///
/// The value is exact and keeps the written scale: `-8.95000` has scale 5. At most 28 significant digits
/// (leading zeros do not count) and a scale of at most 28 are kept; trailing fractional zeros beyond those
/// limits are dropped (the value is unchanged), anything else beyond them is [`AmountError::TooLarge`].
/// Negative zero (`-0.00`) is returned as positive zero.
///
/// `None`, `NULL` and `N/A` (any case, padded or not) give [`AmountError::NullWord`]; empty text gives
/// [`AmountError::Empty`]. Never allocates, never panics.
///
/// # Errors
///
/// [`AmountError::Empty`], [`AmountError::NullWord`], [`AmountError::Invalid`] or [`AmountError::TooLarge`], as
/// described above.
pub fn parse_amount(text: &str) -> Result<(Decimal, AmountNotes), AmountError> {
    let raw = text.as_bytes();
    let b = raw.trim_ascii();
    if b.is_empty() {
        return Err(AmountError::Empty);
    }
    if NULL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(b)) {
        return Err(AmountError::NullWord);
    }
    let mut notes = AmountNotes { padded: b.len() != raw.len(), ..AmountNotes::default() };

    let (negative, after_sign) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => {
            notes.plus_sign = true;
            (false, rest)
        }
        _ => (false, b),
    };
    let body = after_sign.trim_ascii_start();
    if body.len() != after_sign.len() {
        notes.padded = true;
    }

    // First pass: only digits and separators; where the separators are.
    let (mut dots, mut commas) = (0usize, 0usize);
    let (mut last_dot, mut last_comma) = (None, None);
    for (i, &c) in body.iter().enumerate() {
        match c {
            b'0'..=b'9' => {}
            b'.' => {
                dots += 1;
                last_dot = Some(i);
            }
            b',' => {
                commas += 1;
                last_comma = Some(i);
            }
            _ => return Err(AmountError::Invalid),
        }
    }

    // Which byte position is the decimal point, and which byte (if any) separates thousands.
    let (decimal_pos, thousands) = match (last_dot, last_comma) {
        (None, None) => (None, None),
        (Some(d), None) if dots == 1 => (Some(d), None),
        (Some(_), None) => (None, Some(b'.')),
        (None, Some(c)) if commas == 1 => {
            notes.comma_decimal = true;
            (Some(c), None)
        }
        (None, Some(_)) => (None, Some(b',')),
        (Some(d), Some(c)) => {
            if d > c {
                if dots != 1 {
                    return Err(AmountError::Invalid);
                }
                (Some(d), Some(b','))
            } else {
                if commas != 1 {
                    return Err(AmountError::Invalid);
                }
                notes.comma_decimal = true;
                (Some(c), Some(b'.'))
            }
        }
    };

    let (int_part, frac_part) = match decimal_pos {
        Some(p) => (body.get(..p).unwrap_or(&[]), body.get(p + 1..).unwrap_or(&[])),
        None => (body, &[][..]),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(AmountError::Invalid);
    }
    if let Some(sep) = thousands {
        if !valid_thousands_grouping(int_part, sep) {
            return Err(AmountError::Invalid);
        }
        notes.thousands_separators = true;
    }

    // Second pass: the mantissa, kept below 10^28 at every step (so no i128 overflow is possible).
    let mut mantissa: i128 = 0;
    for &c in int_part {
        if c.is_ascii_digit() {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(c - b'0')))
                .filter(|&m| m < MANTISSA_LIMIT)
                .ok_or(AmountError::TooLarge)?;
        }
    }
    // Fraction: zeros are held back until a non-zero digit needs them, so that trailing zeros never cause
    // TooLarge on their own.
    let mut scale: u32 = 0;
    let mut pending_zeros: u32 = 0;
    for &c in frac_part {
        let digit = i128::from(c.wrapping_sub(b'0'));
        if digit == 0 {
            pending_zeros = pending_zeros.saturating_add(1);
            continue;
        }
        let step = pending_zeros.saturating_add(1);
        scale = scale.saturating_add(step);
        if scale > MAX_SCALE {
            return Err(AmountError::TooLarge);
        }
        if mantissa != 0 {
            for _ in 0..step {
                mantissa = mantissa.checked_mul(10).filter(|&m| m < MANTISSA_LIMIT).ok_or(AmountError::TooLarge)?;
            }
        }
        mantissa = mantissa.checked_add(digit).filter(|&m| m < MANTISSA_LIMIT).ok_or(AmountError::TooLarge)?;
        pending_zeros = 0;
    }
    // Give the trailing zeros back as scale, as far as the limits allow (the value is the same either way).
    while pending_zeros > 0 && scale < MAX_SCALE {
        match mantissa.checked_mul(10).filter(|&m| m < MANTISSA_LIMIT) {
            Some(m) => mantissa = m,
            None => break,
        }
        scale += 1;
        pending_zeros -= 1;
    }

    let signed = if negative { -mantissa } else { mantissa };
    let value = Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| AmountError::TooLarge)?;
    Ok((value, notes))
}

/// The plain OFX form of an amount: optional `-`, digits, `.` and the value's own scale; never an exponent.
/// Negative zero is written without its sign (`0.00`).
pub fn format_amount(d: &Decimal) -> String {
    let mut d = *d;
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (Decimal, AmountNotes) {
        match parse_amount(text) {
            Ok(v) => v,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn shown(text: &str) -> String {
        ok(text).0.to_string()
    }

    fn err(text: &str) -> AmountError {
        match parse_amount(text) {
            Ok(v) => panic!("{text:?} should fail, got {v:?}"),
            Err(e) => e,
        }
    }

    fn dec(m: i64, scale: u32) -> Decimal {
        Decimal::new(m, scale)
    }

    const CLEAN: AmountNotes =
        AmountNotes { comma_decimal: false, thousands_separators: false, padded: false, plus_sign: false };

    #[test]
    fn plain_negative() {
        let (d, n) = ok("-12.34");
        assert_eq!(d, dec(-1234, 2));
        assert_eq!(d.scale(), 2);
        assert_eq!(d.to_string(), "-12.34");
        assert_eq!(n, CLEAN);
        assert!(!n.any());
    }

    #[test]
    fn integer() {
        let (d, n) = ok("12");
        assert_eq!(d, dec(12, 0));
        assert_eq!(d.to_string(), "12");
        assert_eq!(n, CLEAN);
    }

    #[test]
    fn leading_and_trailing_point() {
        assert_eq!(shown(".5"), "0.5");
        assert_eq!(shown("-.5"), "-0.5");
        assert_eq!(shown("5."), "5");
        assert_eq!(ok("5.").0.scale(), 0);
        assert_eq!(shown("+.5"), "0.5");
        assert_eq!(ok(".5").1, CLEAN);
        assert_eq!(shown(",5"), "0.5");
        assert!(ok(",5").1.comma_decimal);
    }

    #[test]
    fn plus_sign() {
        let (d, n) = ok("+12.34");
        assert_eq!(d, dec(1234, 2));
        assert!(n.plus_sign);
        assert!(!n.padded);
        assert!(n.any());
    }

    #[test]
    fn padding() {
        let (d, n) = ok("   -200,00");
        assert_eq!(d, dec(-20000, 2));
        assert_eq!(d.to_string(), "-200.00");
        assert!(n.padded);
        assert!(n.comma_decimal);
        assert!(!n.thousands_separators);

        let (d, n) = ok("- 5.00");
        assert_eq!(d.to_string(), "-5.00");
        assert!(n.padded);
        assert!(!n.comma_decimal);

        let (d, n) = ok("\t5\t");
        assert_eq!(d.to_string(), "5");
        assert!(n.padded);

        let (d, n) = ok("+ \t 7.25 \r\n");
        assert_eq!(d.to_string(), "7.25");
        assert!(n.padded && n.plus_sign);
    }

    #[test]
    fn comma_decimal() {
        let (d, n) = ok("-200,00");
        assert_eq!(d.to_string(), "-200.00");
        assert_eq!(n, AmountNotes { comma_decimal: true, ..CLEAN });
    }

    #[test]
    fn single_comma_is_decimal_even_with_three_digits() {
        let (d, n) = ok("1,234");
        assert_eq!(d, dec(1234, 3));
        assert_eq!(d.to_string(), "1.234");
        assert!(n.comma_decimal);
        assert!(!n.thousands_separators);
    }

    #[test]
    fn single_dot_is_decimal() {
        let (d, n) = ok("1.234");
        assert_eq!(d.to_string(), "1.234");
        assert_eq!(n, CLEAN);
    }

    #[test]
    fn thousands_dot_then_comma_decimal() {
        let (d, n) = ok("1.234,56");
        assert_eq!(d, dec(123_456, 2));
        assert_eq!(d.to_string(), "1234.56");
        assert!(n.thousands_separators);
        assert!(n.comma_decimal);
    }

    #[test]
    fn thousands_comma_then_dot_decimal() {
        let (d, n) = ok("1,234.56");
        assert_eq!(d.to_string(), "1234.56");
        assert!(n.thousands_separators);
        assert!(!n.comma_decimal);
    }

    #[test]
    fn thousands_only() {
        let (d, n) = ok("1,234,567");
        assert_eq!(d, dec(1_234_567, 0));
        assert_eq!(d.to_string(), "1234567");
        assert!(n.thousands_separators);
        assert!(!n.comma_decimal);
        let (d, n) = ok("1.234.567");
        assert_eq!(d.to_string(), "1234567");
        assert!(n.thousands_separators);
        let (d, _) = ok("-12.345.678");
        assert_eq!(d.to_string(), "-12345678");
    }

    #[test]
    fn thousands_and_decimal_many_groups() {
        let (d, n) = ok("1.234.567,89");
        assert_eq!(d.to_string(), "1234567.89");
        assert!(n.thousands_separators && n.comma_decimal);
        let (d, n) = ok("-1,234,567.89");
        assert_eq!(d.to_string(), "-1234567.89");
        assert!(n.thousands_separators && !n.comma_decimal);
        assert_eq!(shown("123,456.7"), "123456.7");
        assert_eq!(shown("1,234."), "1234");
        assert_eq!(shown("1.234,"), "1234");
    }

    #[test]
    fn bad_thousands_grouping() {
        for text in [
            "1,23.45",
            "1.23,45",
            "12,34,56",
            "1,234,56",
            "1234,567.8",
            ",234.5",
            ".234,5",
            "1,,234.5",
            "1.2.3",
            "1,2345.6",
            "1.234,56,7",
            "1,234.567.8",
            "1.234.5",
            "1,2,3",
            ",,",
            "..",
        ] {
            assert_eq!(err(text), AmountError::Invalid, "{text}");
        }
    }

    #[test]
    fn extra_precision_kept() {
        let (d, n) = ok("-8.95000");
        assert_eq!(d.scale(), 5);
        assert_eq!(d.to_string(), "-8.95000");
        assert_eq!(d, dec(-895, 2));
        assert_eq!(n, CLEAN);
        assert_eq!(shown("100.000"), "100.000");
        assert_eq!(shown("0.0"), "0.0");
    }

    #[test]
    fn leading_zeros() {
        assert_eq!(shown("00012.50"), "12.50");
        assert_eq!(shown("-007"), "-7");
        assert_eq!(shown("000"), "0");
        let many = format!("{}1.5", "0".repeat(100));
        assert_eq!(shown(&many), "1.5");
    }

    #[test]
    fn negative_zero_is_positive_zero() {
        let (d, _) = ok("-0.00");
        assert!(d.is_zero());
        assert!(!d.is_sign_negative());
        assert_eq!(d.to_string(), "0.00");
        assert_eq!(format_amount(&d), "0.00");
        assert_eq!(shown("-0"), "0");
        assert_eq!(shown("- .000"), "0.000");
        assert_eq!(shown("-0,0"), "0.0");
    }

    #[test]
    fn scale_limits() {
        // 28 decimal places fit.
        let s28 = format!("0.{}1", "0".repeat(27));
        let (d, _) = ok(&s28);
        assert_eq!(d.scale(), 28);
        assert_eq!(d.to_string(), s28);
        // 29 with a non-zero last digit do not.
        let s29 = format!("0.{}1", "0".repeat(28));
        assert_eq!(err(&s29), AmountError::TooLarge);
        // Trailing zeros past 28 places are dropped, not an error.
        let (d, _) = ok(&format!("1.5{}", "0".repeat(40)));
        assert_eq!(d, dec(15, 1));
        assert_eq!(d.scale(), 27);
        let (d, _) = ok(&format!("0.{}", "0".repeat(40)));
        assert!(d.is_zero());
        assert_eq!(d.scale(), 28);
        let (d, _) = ok(&format!("-0.{}", "0".repeat(40)));
        assert!(!d.is_sign_negative());
    }

    #[test]
    fn significant_digit_limits() {
        let nines28 = "9".repeat(28);
        assert_eq!(shown(&nines28), nines28);
        assert_eq!(shown(&format!("-{nines28}")), format!("-{nines28}"));
        let frac28 = format!("0.{nines28}");
        assert_eq!(shown(&frac28), frac28);
        let mixed = "12345678901234.56789012345678";
        assert_eq!(shown(mixed), mixed);
        assert_eq!(err(&"9".repeat(29)), AmountError::TooLarge);
        assert_eq!(err(&format!("1{}", "0".repeat(28))), AmountError::TooLarge);
        assert_eq!(err("12345678901234.567890123456789"), AmountError::TooLarge);
        assert_eq!(err(&"1".repeat(200)), AmountError::TooLarge);
        assert_eq!(err(&format!("1.{}1", "0".repeat(200))), AmountError::TooLarge);
    }

    #[test]
    fn null_words() {
        for text in ["None", "NONE", "none", "NULL", "null", "Null", "N/A", "n/a", "  None  "] {
            assert_eq!(err(text), AmountError::NullWord, "{text}");
        }
        assert_eq!(err("Nones"), AmountError::Invalid);
        assert_eq!(err("-None"), AmountError::Invalid);
    }

    #[test]
    fn empty() {
        assert_eq!(err(""), AmountError::Empty);
        assert_eq!(err("   "), AmountError::Empty);
        assert_eq!(err("\t\r\n"), AmountError::Empty);
    }

    #[test]
    fn invalid_forms() {
        for text in [
            "12.34-", "1e5", "1E5", "1.5e-3", "-", "+", ".", ",", "- ", "+-5", "-+5", "--5", "++5", "(5.00)", "$5",
            "5 00", "1 234,56", "abc", "12a", "0x10", "NaN", "inf", "5-", "−5", "５", "1_000", "5.0.",
        ] {
            assert_eq!(err(text), AmountError::Invalid, "{text}");
        }
    }

    #[test]
    fn mixed_separators_across_values_of_one_file() {
        // A file mixing both decimal styles: each value is read on its own.
        assert_eq!(ok("10.50").0, ok("10,50").0);
        assert_eq!(ok("1.000,50").0, ok("1,000.50").0);
    }

    #[test]
    fn notes_any() {
        assert!(!AmountNotes::default().any());
        for n in [
            AmountNotes { comma_decimal: true, ..CLEAN },
            AmountNotes { thousands_separators: true, ..CLEAN },
            AmountNotes { padded: true, ..CLEAN },
            AmountNotes { plus_sign: true, ..CLEAN },
        ] {
            assert!(n.any());
        }
    }

    #[test]
    fn format_amount_plain() {
        assert_eq!(format_amount(&ok("-8.95000").0), "-8.95000");
        assert_eq!(format_amount(&ok("1.234,56").0), "1234.56");
        assert_eq!(format_amount(&dec(0, 2)), "0.00");
        let mut neg_zero = dec(0, 2);
        neg_zero.set_sign_negative(true);
        assert_eq!(format_amount(&neg_zero), "0.00");
        let tiny = ok(&format!("0.{}1", "0".repeat(27))).0;
        assert_eq!(format_amount(&tiny), format!("0.{}1", "0".repeat(27)));
        assert_eq!(format_amount(&Decimal::MAX), "79228162514264337593543950335");
        assert_eq!(format_amount(&Decimal::MIN), "-79228162514264337593543950335");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for text in ["-12.34", "0.5", "1234567.89", "-8.95000", "0", "0.0000000000000000000000000001"] {
            let (d, _) = ok(text);
            let out = format_amount(&d);
            assert_eq!(out, text);
            let (again, notes) = ok(&out);
            assert_eq!(again, d);
            assert_eq!(again.scale(), d.scale());
            assert!(!notes.any());
        }
    }

    #[test]
    fn error_display() {
        for e in [AmountError::Empty, AmountError::NullWord, AmountError::Invalid, AmountError::TooLarge] {
            assert!(!e.to_string().is_empty());
            let _: &dyn std::error::Error = &e;
        }
    }

    /// A small deterministic LCG (Knuth's MMIX constants).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u32 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as u32
        }
    }

    #[test]
    fn never_panics_on_random_bytes() {
        const ALPHABET: &[u8] = b"01234567890123456789000000.,.,+- \teENnoOlLuA/\xc3\xa9\xff";
        let mut rng = Lcg(0xa110_0c47);
        let mut buf = Vec::with_capacity(64);
        for _ in 0..300_000 {
            buf.clear();
            let len = rng.next() % 48;
            for _ in 0..len {
                let r = rng.next();
                let byte = if r % 8 == 0 { (r >> 8) as u8 } else { ALPHABET[(r >> 8) as usize % ALPHABET.len()] };
                buf.push(byte);
            }
            let text = String::from_utf8_lossy(&buf);
            if let Ok((d, _)) = parse_amount(&text) {
                assert!(d.scale() <= MAX_SCALE);
                assert!(!(d.is_zero() && d.is_sign_negative()));
                // What we print we read back to the same value.
                let (again, _) = parse_amount(&format_amount(&d)).expect("own output parses");
                assert_eq!(again, d);
            }
        }
    }

    #[test]
    fn never_panics_on_prefixes_and_suffixes_of_valid_inputs() {
        for text in [
            "   -1.234.567,89  ",
            "+1,234,567.000001",
            "- 8.95000",
            "9999999999999999999999999999",
            "0.0000000000000000000000000001",
            "None",
            "é12,5é",
        ] {
            for (i, _) in text.char_indices().chain(Some((text.len(), ' '))) {
                let _ = parse_amount(&text[..i]);
                let _ = parse_amount(&text[i..]);
            }
        }
    }
}
