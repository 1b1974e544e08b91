//! OFX date-times.
//!
//! The OFX specification writes a date-time as `YYYYMMDDHHMMSS.XXX[gmt offset[:tz name]]` with every part after
//! the day optional. Real files stray from it in known ways (see `docs/real-world-quirks.md`, "Charsets, dates,
//! amounts, identifiers"); [`parse_ofx_datetime`] accepts all of them, normalises the instant to UTC and hands
//! back a [`DateNote`] the caller can turn into a warning.
//!
//! # Accepted forms
//!
//! The text is trimmed of ASCII whitespace first. It must then start with a run of exactly 8, 12 or 14 ASCII
//! digits:
//!
//! | digits | form             | precision                  |
//! |--------|------------------|----------------------------|
//! | 8      | `YYYYMMDD`       | [`DatePrecision::Day`]     |
//! | 12     | `YYYYMMDDHHMM`   | [`DatePrecision::Minute`]  |
//! | 14     | `YYYYMMDDHHMMSS` | [`DatePrecision::Second`]  |
//!
//! After 14 digits a `.` and 1 or more fraction digits give [`DatePrecision::Millis`] (whatever the number of
//! digits); digits past the ninth are below a nanosecond and are ignored (truncated).
//!
//! Then, after optional spaces, an optional zone:
//!
//! * `[offset]`, `[offset:NAME]`, `[:NAME]`, `[-:NAME]`, `[NAME]`: see [`parse_ofx_datetime`] for the offset
//!   grammar and the fractional-offset rule;
//! * `GMT`, `UTC`, `UT` or `Z` (any case) without brackets, e.g. `20240115120000.000 GMT`: offset 0.
//!
//! No zone means UTC (offset 0, `zone_given` false). Anything left after the date (and zone) is tolerated and
//! reported as [`DateNote::TrailingText`].
//!
//! # Day precision
//!
//! A date without a time is that calendar day: it is stored as midnight UTC of that day, never shifted by a zone
//! (libofx pins such dates to 10:59 UTC; we deliberately do not). A zone written after a bare day is still
//! checked and sets `zone_given`, but the offset is stored as 0.
//!
//! # Ranges
//!
//! Year 0001..=9999, month 1..=12, day valid for the month (Gregorian leap years), hour 0..=23, minute 0..=59,
//! second 0..=60 where a leap second `60` is read as `59`. Offsets must lie within -12:00..=+14:00. `00000000`
//! (a "no date" marker some files use) is [`DateError::OutOfRange`]; callers treat that as absent.
//!
//! Parsing works on bytes, never allocates and never panics.

use std::fmt;

/// How much of the date-time the text gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// `YYYYMMDD`: a calendar day, no time.
    Day,
    /// `YYYYMMDDHHMM`: no seconds (a quirk; the spec always has seconds).
    Minute,
    /// `YYYYMMDDHHMMSS`.
    Second,
    /// `YYYYMMDDHHMMSS.XXX` with any number (1 or more) of fraction digits.
    Millis,
}

/// An OFX date-time, normalised to UTC, with the original offset kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OfxDateTime {
    /// UTC seconds since 1970-01-01T00:00:00Z (for Day precision: midnight UTC of that calendar day).
    pub unix_seconds: i64,
    /// Sub-second part, 0..=999_999_999.
    pub nanos: u32,
    /// The offset the text gave, in minutes east of UTC (0 when none was given or for Day precision).
    pub offset_minutes: i16,
    /// How much of the date-time the text gave.
    pub precision: DatePrecision,
    /// True when the text carried a `[..]` zone or a GMT/UTC suffix.
    pub zone_given: bool,
}

/// Something about a successfully parsed date worth a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateNote {
    /// Nothing to report.
    None,
    /// The numeric offset disagrees with a known zone name (`[-03:EST]`); the numeric offset was used.
    OffsetContradictsZoneName,
    /// The zone had a name but no digits (`[-:EST]`, Interactive Brokers); the name's standard offset was used
    /// when the name is known, else 0.
    ZoneNameOnly,
    /// Reserved. Fractional offsets (`[+5.30:IST]`, `[+5.5]`) are legal and are read by the documented rule
    /// without a note, so the parser does not currently produce this.
    FractionalOffset,
    /// Text that is not a zone followed the date (`20240115120000xyz`); it was ignored.
    TrailingText,
}

/// Why a date-time could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Empty or whitespace-only text.
    Empty,
    /// The text does not start with 8, 12 or 14 digits.
    BadDigits,
    /// A field is out of range (month 13, February 30, hour 24, year 0, `00000000`, ...).
    OutOfRange,
    /// A `[..]` zone is malformed or its offset lies outside -12..=+14 hours.
    BadZone,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Empty => "empty date-time",
            DateError::BadDigits => "date-time must start with YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS",
            DateError::OutOfRange => "date-time field out of range",
            DateError::BadZone => "malformed or out-of-range time zone",
        })
    }
}

impl std::error::Error for DateError {}

const SECS_PER_DAY: i64 = 86_400;
const MIN_OFFSET_MINUTES: i32 = -12 * 60;
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Zone names we know, with the offset (minutes east of UTC) each one stands for. North American names map to
/// their own offset (EST is always -5, EDT always -4). Ambiguous abbreviations (IST, BST, CST-as-China, ...)
/// are deliberately absent: for those the numeric offset is taken as is and never questioned.
const ZONE_NAMES: &[(&[u8], i32)] = &[
    (b"GMT", 0),
    (b"UTC", 0),
    (b"UT", 0),
    (b"Z", 0),
    (b"EST", -5 * 60),
    (b"EDT", -4 * 60),
    (b"CST", -6 * 60),
    (b"CDT", -5 * 60),
    (b"MST", -7 * 60),
    (b"MDT", -6 * 60),
    (b"PST", -8 * 60),
    (b"PDT", -7 * 60),
    (b"AKST", -9 * 60),
    (b"AKDT", -8 * 60),
    (b"HST", -10 * 60),
    (b"AST", -4 * 60),
    (b"ADT", -3 * 60),
    (b"NST", -(3 * 60 + 30)),
    (b"NDT", -(2 * 60 + 30)),
    (b"WET", 0),
    (b"WEST", 60),
    (b"CET", 60),
    (b"CEST", 2 * 60),
    (b"EET", 2 * 60),
    (b"EEST", 3 * 60),
    (b"JST", 9 * 60),
];

fn known_zone_offset(name: &[u8]) -> Option<i32> {
    ZONE_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, off)| off)
}

/// The name [`OfxDateTime::to_ofx`] writes for an offset: GMT for 0 and the standard-time North American name
/// where one exists (EST for -5 rather than CDT, CST for -6 rather than MDT, ...); EDT for -4, which no standard
/// name in the list shares. Every other offset is written without a name.
fn zone_name_for_offset(offset_minutes: i32) -> Option<&'static str> {
    match offset_minutes {
        0 => Some("GMT"),
        -240 => Some("EDT"),
        -300 => Some("EST"),
        -360 => Some("CST"),
        -420 => Some("MST"),
        -480 => Some("PST"),
        _ => None,
    }
}

/// Days from 1970-01-01 to the civil date (proleptic Gregorian), Howard Hinnant's `days_from_civil`.
/// Exact for any year within ±(i64::MAX / 366); callers pass 1..=9999.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(m);
    let d = i64::from(d);
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01, Howard Hinnant's `civil_from_days`.
/// Exact for |z| up to i64::MAX / 2 (any `unix_seconds / 86400` qualifies).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The value of a short run of ASCII digits (callers check they are digits; at most 9 of them).
fn digits_value(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c.wrapping_sub(b'0')))
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

fn skip_ascii_space(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    b.get(n..).unwrap_or(&[])
}

/// Checks civil fields and returns the seconds since the epoch of that wall-clock time read as UTC.
fn civil_to_seconds(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if !(1..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || d == 0
        || d > days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 60
    {
        return None;
    }
    let s = s.min(59); // a leap second reads as the last ordinary second of that minute
    let days = days_from_civil(i64::from(y), mo, d);
    Some(days * SECS_PER_DAY + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s))
}

/// What a zone part of the text gave.
struct Zone {
    offset_minutes: i32,
    note: DateNote,
}

/// Parses the inside of a `[..]` zone (without the brackets).
///
/// Grammar (ASCII spaces tolerated around the parts): `[sign] [hours ['.' fraction]] [':' name]`, or a bare
/// `name` starting with a letter. `hours` is 1 or 2 digits. The fraction rule, chosen because libraries disagree
/// (ofxtools PR#115):
///
/// * exactly two digits with a value below 60 are minutes: `+5.30` is +5:30, `+5.45` is +5:45, `-3.30` is -3:30;
/// * exactly one digit is tenths of an hour: `+5.5` is +5:30, `-3.5` is -3:30, `+5.3` is +5:18;
/// * anything else (`+5.75`, `+5.123`, `+5.`) is [`DateError::BadZone`].
///
/// With no digits at all (`-:EST`, `:EST`, `EST`) the name's known offset is used (0 when unknown) with
/// [`DateNote::ZoneNameOnly`]. With digits and a known name that disagrees, the digits win with
/// [`DateNote::OffsetContradictsZoneName`]. The total must lie within -12:00..=+14:00.
fn parse_bracket_zone(inner: &[u8]) -> Result<Zone, DateError> {
    let inner = inner.trim_ascii();
    let (num_part, name) = match inner.iter().position(|&c| c == b':') {
        Some(i) => (inner.get(..i).unwrap_or(&[]).trim_ascii(), inner.get(i + 1..).unwrap_or(&[]).trim_ascii()),
        None => (inner, &[][..]),
    };

    let (negative, rest) = match num_part.first() {
        Some(b'-') => (true, num_part.get(1..).unwrap_or(&[])),
        Some(b'+') => (false, num_part.get(1..).unwrap_or(&[])),
        _ => (false, num_part),
    };
    let rest = rest.trim_ascii_start();

    // `[EST]`, `[-EST]`: a name where the offset should be.
    let (rest, name) = if name.is_empty() && rest.first().is_some_and(u8::is_ascii_alphabetic) {
        (&[][..], rest)
    } else {
        (rest, name)
    };

    if rest.is_empty() {
        if name.is_empty() {
            return Err(DateError::BadZone);
        }
        return Ok(Zone { offset_minutes: known_zone_offset(name).unwrap_or(0), note: DateNote::ZoneNameOnly });
    }

    let hour_len = count_digits(rest);
    if hour_len == 0 || hour_len > 2 {
        return Err(DateError::BadZone);
    }
    let hours = digits_value(rest.get(..hour_len).unwrap_or(&[]));
    let after_hours = rest.get(hour_len..).unwrap_or(&[]);
    let minutes = match after_hours.split_first() {
        None => 0,
        Some((b'.', frac)) => {
            if count_digits(frac) != frac.len() {
                return Err(DateError::BadZone);
            }
            match frac.len() {
                1 => digits_value(frac) * 6,
                2 => {
                    let v = digits_value(frac);
                    if v >= 60 {
                        return Err(DateError::BadZone);
                    }
                    v
                }
                _ => return Err(DateError::BadZone),
            }
        }
        Some(_) => return Err(DateError::BadZone),
    };
    // hours <= 99 and minutes <= 59: no overflow possible.
    let magnitude = (hours * 60 + minutes) as i32;
    let offset_minutes = if negative { -magnitude } else { magnitude };
    if !(MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&offset_minutes) {
        return Err(DateError::BadZone);
    }
    let note = match known_zone_offset(name) {
        Some(named) if named != offset_minutes => DateNote::OffsetContradictsZoneName,
        _ => DateNote::None,
    };
    Ok(Zone { offset_minutes, note })
}

/// Parses any OFX date-time form; returns the value and a note worth a warning ([`DateNote::None`] when clean).
///
/// See the [module documentation](self) for the accepted forms, and `parse_bracket_zone`'s rules, restated
/// here: a bracket zone is `[sign] [hours ['.' fraction]] [':' name]` with 1-2 hour digits; after the point,
/// **exactly two digits below 60 are minutes** (`[+5.30:IST]` = +5:30, `[+5.45]` = +5:45) and **one digit is
/// tenths of an hour** (`[+5.5]` = +5:30, `[-3.5:NST]` = -3:30); any other fraction is [`DateError::BadZone`].
/// Fractional offsets are legal and give no note. A zone with only a name (`[-:EST]`) takes the name's standard
/// offset (0 when unknown) and gives [`DateNote::ZoneNameOnly`]; digits that contradict a known name
/// (`[-03:EST]`) win and give [`DateNote::OffsetContradictsZoneName`]. Text after the date that is not a zone
/// gives [`DateNote::TrailingText`] (a zone note takes precedence when both apply).
///
/// Never allocates, never panics.
///
/// # Errors
///
/// [`DateError::Empty`] for empty or blank text, [`DateError::BadDigits`] when the text does not start with 8,
/// 12 or 14 digits, [`DateError::OutOfRange`] for an impossible field (including `00000000`),
/// [`DateError::BadZone`] for a malformed or out-of-range `[..]` zone.
pub fn parse_ofx_datetime(text: &str) -> Result<(OfxDateTime, DateNote), DateError> {
    let b = text.as_bytes().trim_ascii();
    if b.is_empty() {
        return Err(DateError::Empty);
    }
    let n = count_digits(b);
    let mut precision = match n {
        8 => DatePrecision::Day,
        12 => DatePrecision::Minute,
        14 => DatePrecision::Second,
        _ => return Err(DateError::BadDigits),
    };
    let field = |from: usize, to: usize| digits_value(b.get(from..to).unwrap_or(&[]));
    let year = field(0, 4) as i32; // at most 9999
    let month = field(4, 6);
    let day = field(6, 8);
    let (hour, minute, second) = match precision {
        DatePrecision::Day => (0, 0, 0),
        DatePrecision::Minute => (field(8, 10), field(10, 12), 0),
        _ => (field(8, 10), field(10, 12), field(12, 14)),
    };
    let local_seconds = civil_to_seconds(year, month, day, hour, minute, second).ok_or(DateError::OutOfRange)?;

    let mut rest = b.get(n..).unwrap_or(&[]);
    let mut nanos = 0u32;
    if let (DatePrecision::Second, Some((b'.', frac))) = (precision, rest.split_first()) {
        let frac_len = count_digits(frac);
        if frac_len > 0 {
            let kept = frac.get(..frac_len.min(9)).unwrap_or(&[]);
            nanos = digits_value(kept) * 10u32.pow(9 - kept.len() as u32);
            precision = DatePrecision::Millis;
            rest = frac.get(frac_len..).unwrap_or(&[]);
        }
    }

    rest = skip_ascii_space(rest);
    let mut zone_given = false;
    let mut offset_minutes = 0i32;
    let mut note = DateNote::None;
    if let Some((b'[', after_open)) = rest.split_first() {
        let close = after_open.iter().position(|&c| c == b']').ok_or(DateError::BadZone)?;
        let zone = parse_bracket_zone(after_open.get(..close).unwrap_or(&[]))?;
        zone_given = true;
        offset_minutes = zone.offset_minutes;
        note = zone.note;
        rest = after_open.get(close + 1..).unwrap_or(&[]);
    } else {
        let word_len = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let word = rest.get(..word_len).unwrap_or(&[]);
        if [&b"GMT"[..], b"UTC", b"UT", b"Z"].iter().any(|w| w.eq_ignore_ascii_case(word)) {
            zone_given = true;
            rest = rest.get(word_len..).unwrap_or(&[]);
        }
    }
    if !rest.trim_ascii().is_empty() && note == DateNote::None {
        note = DateNote::TrailingText;
    }

    if precision == DatePrecision::Day {
        // A bare day is that calendar day: never shifted by a zone.
        offset_minutes = 0;
    }
    let unix_seconds = local_seconds - i64::from(offset_minutes) * 60;
    Ok((OfxDateTime { unix_seconds, nanos, offset_minutes: offset_minutes as i16, precision, zone_given }, note))
}

/// Civil (y, m, d, h, mi, s) of a seconds count, the year saturated to the i32 range.
fn parts_of(seconds: i64) -> (i32, u32, u32, u32, u32, u32) {
    let days = seconds.div_euclid(SECS_PER_DAY);
    let sod = seconds.rem_euclid(SECS_PER_DAY); // [0, 86399]
    let (y, m, d) = civil_from_days(days);
    let y = i32::try_from(y).unwrap_or(if y < 0 { i32::MIN } else { i32::MAX });
    let sod = sod as u32;
    (y, m, d, sod / 3600, sod / 60 % 60, sod % 60)
}

impl OfxDateTime {
    /// ISO 8601 in UTC: `2024-01-15T17:00:00Z`, with a fraction only when `nanos != 0`, trimmed to 3, 6 or 9
    /// digits (`.120Z`, `.123456Z`, `.123456789Z`). Day precision gives the calendar day alone: `2024-01-15`
    /// (no shift, no time).
    pub fn to_iso_utc(&self) -> String {
        use fmt::Write as _;
        let (y, mo, d, h, mi, s) = self.utc_parts();
        let mut out = String::with_capacity(30);
        if self.precision == DatePrecision::Day {
            let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
            return out;
        }
        let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        let nanos = self.nanos.min(999_999_999);
        if nanos != 0 {
            if nanos % 1_000_000 == 0 {
                let _ = write!(out, ".{:03}", nanos / 1_000_000);
            } else if nanos % 1_000 == 0 {
                let _ = write!(out, ".{:06}", nanos / 1_000);
            } else {
                let _ = write!(out, ".{nanos:09}");
            }
        }
        out.push('Z');
        out
    }

    /// Writes it back in OFX form keeping the original offset, e.g. `20240115120000.000[-5:EST]`.
    ///
    /// * Day precision gives `YYYYMMDD` alone.
    /// * Otherwise the local time (UTC + offset) as `YYYYMMDDHHMMSS`; Minute precision is written with `00`
    ///   seconds, because the spec has no minute-only form.
    /// * Millis precision appends `.XXX`: always exactly three digits (milliseconds, as the spec defines them);
    ///   sub-millisecond nanos are truncated.
    /// * When `zone_given`, `[offset:NAME]` or `[offset]`: the offset is `0`, `+H`, `-H` for whole hours and
    ///   `+H.MM` / `-H.MM` (two-digit minutes, which [`parse_ofx_datetime`] reads back as minutes) otherwise.
    ///   The name is GMT for 0, EDT for -4, and the standard-time name for -5/-6/-7/-8 (EST, CST, MST, PST;
    ///   never the ambiguous daylight names CDT/MDT/PDT); other offsets get no name. The original name is not
    ///   kept, so `[-5:CDT]` comes back as `[-5:EST]` (same instant, same offset).
    pub fn to_ofx(&self) -> String {
        use fmt::Write as _;
        let mut out = String::with_capacity(32);
        if self.precision == DatePrecision::Day {
            let (y, mo, d, ..) = self.utc_parts();
            let _ = write!(out, "{y:04}{mo:02}{d:02}");
            return out;
        }
        let local = self.unix_seconds.saturating_add(i64::from(self.offset_minutes) * 60);
        let (y, mo, d, h, mi, s) = parts_of(local);
        let _ = write!(out, "{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
        if self.precision == DatePrecision::Millis {
            let _ = write!(out, ".{:03}", self.nanos.min(999_999_999) / 1_000_000);
        }
        if self.zone_given {
            let off = i32::from(self.offset_minutes);
            let sign = match off {
                0 => "",
                o if o < 0 => "-",
                _ => "+",
            };
            let magnitude = off.unsigned_abs();
            let (hours, minutes) = (magnitude / 60, magnitude % 60);
            out.push('[');
            if minutes == 0 {
                let _ = write!(out, "{sign}{hours}");
            } else {
                let _ = write!(out, "{sign}{hours}.{minutes:02}");
            }
            if let Some(name) = zone_name_for_offset(off) {
                out.push(':');
                out.push_str(name);
            }
            out.push(']');
        }
        out
    }

    /// A calendar day (Day precision: midnight UTC of that day, offset 0, no zone). `None` when the date is
    /// invalid or the year lies outside 1..=9999.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<OfxDateTime> {
        Some(OfxDateTime {
            unix_seconds: civil_to_seconds(y, m, d, 0, 0, 0)?,
            nanos: 0,
            offset_minutes: 0,
            precision: DatePrecision::Day,
            zone_given: false,
        })
    }

    /// A local wall-clock time at `offset_minutes` east of UTC (Second precision, `zone_given` true). `None`
    /// when a field is out of range (second 60 is accepted and read as 59) or the offset lies outside
    /// -12:00..=+14:00.
    pub fn from_ymd_hms(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32, offset_minutes: i32) -> Option<OfxDateTime> {
        if !(MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&offset_minutes) {
            return None;
        }
        let local = civil_to_seconds(y, m, d, h, mi, s)?;
        Some(OfxDateTime {
            unix_seconds: local - i64::from(offset_minutes) * 60,
            nanos: 0,
            offset_minutes: offset_minutes as i16,
            precision: DatePrecision::Second,
            zone_given: true,
        })
    }

    /// An instant in UTC (offset 0, `zone_given` true); Millis precision when `nanos > 0`, else Second.
    /// `nanos` of a second or more carry into the seconds (saturating at the ends of the i64 range).
    pub fn from_unix(secs: i64, nanos: u32) -> OfxDateTime {
        let carry = i64::from(nanos / 1_000_000_000);
        let nanos = nanos % 1_000_000_000;
        OfxDateTime {
            unix_seconds: secs.saturating_add(carry),
            nanos,
            offset_minutes: 0,
            precision: if nanos > 0 { DatePrecision::Millis } else { DatePrecision::Second },
            zone_given: true,
        }
    }

    /// Civil (y, m, d, h, mi, s) in UTC. For Day precision that is the calendar day at 00:00:00.
    /// Years beyond the i32 range (only reachable through [`from_unix`](Self::from_unix) with extreme
    /// seconds) saturate.
    pub fn utc_parts(&self) -> (i32, u32, u32, u32, u32, u32) {
        parts_of(self.unix_seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (OfxDateTime, DateNote) {
        match parse_ofx_datetime(text) {
            Ok(v) => v,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn err(text: &str) -> DateError {
        match parse_ofx_datetime(text) {
            Ok(v) => panic!("{text:?} should fail, got {v:?}"),
            Err(e) => e,
        }
    }

    /// 2024-01-15T00:00:00Z
    const JAN15: i64 = 1_705_276_800;

    #[test]
    fn day_only() {
        let (d, note) = ok("20240115");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15);
        assert_eq!(d.nanos, 0);
        assert_eq!(d.offset_minutes, 0);
        assert_eq!(d.precision, DatePrecision::Day);
        assert!(!d.zone_given);
        assert_eq!(d.to_iso_utc(), "2024-01-15");
        assert_eq!(d.to_ofx(), "20240115");
        assert_eq!(d.utc_parts(), (2024, 1, 15, 0, 0, 0));
    }

    #[test]
    fn day_with_zone_is_not_shifted() {
        let (d, note) = ok("20240115[-5:EST]");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15);
        assert_eq!(d.offset_minutes, 0);
        assert!(d.zone_given);
        assert_eq!(d.precision, DatePrecision::Day);
        assert_eq!(d.to_iso_utc(), "2024-01-15");
        assert_eq!(d.to_ofx(), "20240115");
        let (d, _) = ok("20240115[+14]");
        assert_eq!(d.to_iso_utc(), "2024-01-15");
    }

    #[test]
    fn minutes_without_seconds() {
        let (d, note) = ok("202401151200");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 12 * 3600);
        assert_eq!(d.precision, DatePrecision::Minute);
        assert!(!d.zone_given);
        assert_eq!(d.to_iso_utc(), "2024-01-15T12:00:00Z");
        assert_eq!(d.to_ofx(), "20240115120000");
    }

    #[test]
    fn minutes_with_zone() {
        let (d, note) = ok("202401151200[-5:EST]");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 17 * 3600);
        assert_eq!(d.offset_minutes, -300);
        assert_eq!(d.precision, DatePrecision::Minute);
        assert_eq!(d.to_iso_utc(), "2024-01-15T17:00:00Z");
    }

    #[test]
    fn seconds() {
        let (d, note) = ok("20240115123456");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 12 * 3600 + 34 * 60 + 56);
        assert_eq!(d.precision, DatePrecision::Second);
        assert_eq!(d.nanos, 0);
        assert_eq!(d.to_iso_utc(), "2024-01-15T12:34:56Z");
        assert_eq!(d.to_ofx(), "20240115123456");
    }

    #[test]
    fn millis() {
        let (d, _) = ok("20240115123456.123");
        assert_eq!(d.unix_seconds, JAN15 + 45_296);
        assert_eq!(d.nanos, 123_000_000);
        assert_eq!(d.precision, DatePrecision::Millis);
        assert_eq!(d.to_iso_utc(), "2024-01-15T12:34:56.123Z");
        assert_eq!(d.to_ofx(), "20240115123456.123");
    }

    #[test]
    fn fraction_digit_counts() {
        let cases: &[(&str, u32, &str)] = &[
            ("20240115123456.5", 500_000_000, "2024-01-15T12:34:56.500Z"),
            ("20240115123456.12", 120_000_000, "2024-01-15T12:34:56.120Z"),
            ("20240115123456.1234", 123_400_000, "2024-01-15T12:34:56.123400Z"),
            ("20240115123456.123456", 123_456_000, "2024-01-15T12:34:56.123456Z"),
            ("20240115123456.1234567", 123_456_700, "2024-01-15T12:34:56.123456700Z"),
            ("20240115123456.123456789", 123_456_789, "2024-01-15T12:34:56.123456789Z"),
            ("20240115123456.000000001", 1, "2024-01-15T12:34:56.000000001Z"),
            // Past nine digits: truncated.
            ("20240115123456.1234567899999", 123_456_789, "2024-01-15T12:34:56.123456789Z"),
        ];
        for &(text, nanos, iso) in cases {
            let (d, note) = ok(text);
            assert_eq!(note, DateNote::None, "{text}");
            assert_eq!(d.nanos, nanos, "{text}");
            assert_eq!(d.precision, DatePrecision::Millis, "{text}");
            assert_eq!(d.unix_seconds, JAN15 + 45_296, "{text}");
            assert_eq!(d.to_iso_utc(), iso, "{text}");
        }
    }

    #[test]
    fn zero_fraction_keeps_millis_precision_but_no_iso_fraction() {
        let (d, _) = ok("20240115120000.000");
        assert_eq!(d.nanos, 0);
        assert_eq!(d.precision, DatePrecision::Millis);
        assert_eq!(d.to_iso_utc(), "2024-01-15T12:00:00Z");
        assert_eq!(d.to_ofx(), "20240115120000.000");
    }

    #[test]
    fn zone_est() {
        let (d, note) = ok("20240115120000[-5:EST]");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 17 * 3600);
        assert_eq!(d.offset_minutes, -300);
        assert!(d.zone_given);
        assert_eq!(d.precision, DatePrecision::Second);
        assert_eq!(d.to_iso_utc(), "2024-01-15T17:00:00Z");
        assert_eq!(d.to_ofx(), "20240115120000[-5:EST]");
    }

    #[test]
    fn zone_with_millis() {
        let (d, note) = ok("20240115120000.250[-5:EST]");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 17 * 3600);
        assert_eq!(d.nanos, 250_000_000);
        assert_eq!(d.to_iso_utc(), "2024-01-15T17:00:00.250Z");
        assert_eq!(d.to_ofx(), "20240115120000.250[-5:EST]");
    }

    #[test]
    fn numeric_zones() {
        let cases: &[(&str, i64, i32, &str)] = &[
            ("20240115120000[-5]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
            ("20240115120000[+5]", JAN15 + 7 * 3600, 300, "2024-01-15T07:00:00Z"),
            ("20240115120000[5]", JAN15 + 7 * 3600, 300, "2024-01-15T07:00:00Z"),
            ("20240115120000[0:GMT]", JAN15 + 12 * 3600, 0, "2024-01-15T12:00:00Z"),
            ("20240115120000[0]", JAN15 + 12 * 3600, 0, "2024-01-15T12:00:00Z"),
            ("20240115120000[-05:EST]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
            ("20240115120000[-4:EDT]", JAN15 + 16 * 3600, -240, "2024-01-15T16:00:00Z"),
            ("20240115120000[-8:PST]", JAN15 + 20 * 3600, -480, "2024-01-15T20:00:00Z"),
            ("20240115120000[+1:CET]", JAN15 + 11 * 3600, 60, "2024-01-15T11:00:00Z"),
            ("20240115120000[ -5 : EST ]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
            ("20240115120000[-5:]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
            ("20240115120000 [-5:EST]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
            ("20240115120000[-12]", JAN15 + 24 * 3600, -720, "2024-01-16T00:00:00Z"),
            ("20240115120000[+14]", JAN15 - 2 * 3600, 840, "2024-01-14T22:00:00Z"),
            ("20240115120000[-5:est]", JAN15 + 17 * 3600, -300, "2024-01-15T17:00:00Z"),
        ];
        for &(text, unix, off, iso) in cases {
            let (d, note) = ok(text);
            assert_eq!(note, DateNote::None, "{text}");
            assert_eq!(d.unix_seconds, unix, "{text}");
            assert_eq!(i32::from(d.offset_minutes), off, "{text}");
            assert!(d.zone_given, "{text}");
            assert_eq!(d.to_iso_utc(), iso, "{text}");
        }
    }

    #[test]
    fn zone_name_only() {
        let cases: &[(&str, i32)] = &[
            ("20240115120000[-:EST]", -300),
            ("20240115120000[+:EDT]", -240),
            ("20240115120000[:CST]", -360),
            ("20240115120000[-:CDT]", -300),
            ("20240115120000[-:MST]", -420),
            ("20240115120000[-:MDT]", -360),
            ("20240115120000[-:PST]", -480),
            ("20240115120000[-:PDT]", -420),
            ("20240115120000[-:GMT]", 0),
            ("20240115120000[-:UTC]", 0),
            ("20240115120000[-:Z]", 0),
            ("20240115120000[EST]", -300),
            ("20240115120000[-:XYZ]", 0),
            ("20240115120000[-:est]", -300),
        ];
        for &(text, off) in cases {
            let (d, note) = ok(text);
            assert_eq!(note, DateNote::ZoneNameOnly, "{text}");
            assert_eq!(i32::from(d.offset_minutes), off, "{text}");
            assert_eq!(d.unix_seconds, JAN15 + 12 * 3600 - i64::from(off) * 60, "{text}");
            assert!(d.zone_given, "{text}");
        }
        let (d, _) = ok("20240115120000[-:EST]");
        assert_eq!(d.to_iso_utc(), "2024-01-15T17:00:00Z");
    }

    #[test]
    fn offset_contradicting_name_wins() {
        let (d, note) = ok("20240115120000[-03:EST]");
        assert_eq!(note, DateNote::OffsetContradictsZoneName);
        assert_eq!(d.offset_minutes, -180);
        assert_eq!(d.unix_seconds, JAN15 + 15 * 3600);
        assert_eq!(d.to_iso_utc(), "2024-01-15T15:00:00Z");
        let (d, note) = ok("20240115120000[-4:EST]");
        assert_eq!(note, DateNote::OffsetContradictsZoneName);
        assert_eq!(d.offset_minutes, -240);
        let (_, note) = ok("20240115120000[+5:GMT]");
        assert_eq!(note, DateNote::OffsetContradictsZoneName);
        // Unknown names are never contradicted.
        let (d, note) = ok("20240115120000[+5.30:IST]");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.offset_minutes, 330);
    }

    #[test]
    fn fractional_offsets() {
        let cases: &[(&str, i32, &str)] = &[
            ("20240115120000[+5.30:IST]", 330, "2024-01-15T06:30:00Z"),
            ("20240115120000[+5.45]", 345, "2024-01-15T06:15:00Z"),
            ("20240115120000[+5.5]", 330, "2024-01-15T06:30:00Z"),
            ("20240115120000[-3.5:NST]", -210, "2024-01-15T15:30:00Z"),
            ("20240115120000[-3.30:NST]", -210, "2024-01-15T15:30:00Z"),
            ("20240115120000[+5.3]", 318, "2024-01-15T06:42:00Z"),
            ("20240115120000[+9.0]", 540, "2024-01-15T03:00:00Z"),
            ("20240115120000[+9.00]", 540, "2024-01-15T03:00:00Z"),
            ("20240115120000[+12.45]", 765, "2024-01-14T23:15:00Z"),
        ];
        for &(text, off, iso) in cases {
            let (d, note) = ok(text);
            assert_eq!(note, DateNote::None, "{text}");
            assert_eq!(i32::from(d.offset_minutes), off, "{text}");
            assert_eq!(d.unix_seconds, JAN15 + 12 * 3600 - i64::from(off) * 60, "{text}");
            assert_eq!(d.to_iso_utc(), iso, "{text}");
        }
        let (_, note) = ok("20240115120000[-3.30:EST]");
        assert_eq!(note, DateNote::OffsetContradictsZoneName);
    }

    #[test]
    fn bad_zones() {
        for text in [
            "20240115120000[-13]",
            "20240115120000[+15]",
            "20240115120000[-12.30]",
            "20240115120000[+14.5]",
            "20240115120000[+5.75]",
            "20240115120000[+5.60]",
            "20240115120000[+5.123]",
            "20240115120000[+5.]",
            "20240115120000[.5]",
            "20240115120000[+5x]",
            "20240115120000[+005]",
            "20240115120000[-5:EST",
            "20240115120000[",
            "20240115120000[]",
            "20240115120000[-]",
            "20240115120000[+]",
            "20240115120000[:]",
            "20240115120000[--5]",
            "20240115120000[5-]",
            "20240115[99]",
        ] {
            assert_eq!(err(text), DateError::BadZone, "{text}");
        }
    }

    #[test]
    fn gmt_suffixes_without_brackets() {
        for text in [
            "20240115120000 GMT",
            "20240115120000.000 GMT",
            "20240115120000GMT",
            "20240115120000.000GMT",
            "20240115120000UTC",
            "20240115120000 UTC",
            "20240115120000 utc",
            "20240115120000Z",
            "20240115120000 gmt ",
        ] {
            let (d, note) = ok(text);
            assert_eq!(note, DateNote::None, "{text}");
            assert_eq!(d.unix_seconds, JAN15 + 12 * 3600, "{text}");
            assert_eq!(d.offset_minutes, 0, "{text}");
            assert!(d.zone_given, "{text}");
            assert_eq!(d.to_iso_utc(), "2024-01-15T12:00:00Z", "{text}");
        }
        let (d, _) = ok("20240115120000.000 GMT");
        assert_eq!(d.precision, DatePrecision::Millis);
        assert_eq!(d.to_ofx(), "20240115120000.000[0:GMT]");
    }

    #[test]
    fn surrounding_whitespace() {
        let (d, note) = ok("  \t20240115120000[-5:EST] \r\n");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15 + 17 * 3600);
        let (d, note) = ok(" 20240115 ");
        assert_eq!(note, DateNote::None);
        assert_eq!(d.unix_seconds, JAN15);
    }

    #[test]
    fn trailing_text() {
        let (d, note) = ok("20240115120000xyz");
        assert_eq!(note, DateNote::TrailingText);
        assert_eq!(d.unix_seconds, JAN15 + 12 * 3600);
        assert!(!d.zone_given);
        let (d, note) = ok("20240115120000[-5:EST]junk");
        assert_eq!(note, DateNote::TrailingText);
        assert_eq!(d.offset_minutes, -300);
        let (d, note) = ok("20240115120000.");
        assert_eq!(note, DateNote::TrailingText);
        assert_eq!(d.precision, DatePrecision::Second);
        let (_, note) = ok("20240115120000 GMT+5");
        assert_eq!(note, DateNote::TrailingText);
        let (_, note) = ok("20240115 é");
        assert_eq!(note, DateNote::TrailingText);
        let (d, note) = ok("202401151200.5");
        assert_eq!(note, DateNote::TrailingText);
        assert_eq!(d.precision, DatePrecision::Minute);
        // A zone note wins over trailing text.
        let (_, note) = ok("20240115120000[-:EST]junk");
        assert_eq!(note, DateNote::ZoneNameOnly);
    }

    #[test]
    fn empty() {
        assert_eq!(err(""), DateError::Empty);
        assert_eq!(err("   "), DateError::Empty);
        assert_eq!(err("\t\r\n"), DateError::Empty);
    }

    #[test]
    fn bad_digits() {
        for text in [
            "2024011",
            "202401151",
            "2024011512",
            "20240115120",
            "2024011512000",
            "202401151200001",
            "abc",
            "2024-01-15",
            "-20240115",
            "[-5:EST]",
            ".123",
            "２０２４０１１５",
        ] {
            assert_eq!(err(text), DateError::BadDigits, "{text}");
        }
    }

    #[test]
    fn out_of_range() {
        for text in [
            "00000000",
            "00000000000000",
            "00000101",
            "20241301",
            "20240001",
            "20240100",
            "20240132",
            "20240230",
            "20230229",
            "19000229",
            "20240431",
            "20240115240000",
            "20240115126000",
            "20240115120061",
            "202401152400",
        ] {
            assert_eq!(err(text), DateError::OutOfRange, "{text}");
        }
    }

    #[test]
    fn leap_years_and_leap_second() {
        let (d, _) = ok("20240229");
        assert_eq!(d.to_iso_utc(), "2024-02-29");
        let (d, _) = ok("20000229");
        assert_eq!(d.unix_seconds, 951_782_400);
        let (d, _) = ok("20161231235960");
        assert_eq!(d.to_iso_utc(), "2016-12-31T23:59:59Z");
        assert_eq!(d.unix_seconds, 1_483_228_799);
    }

    #[test]
    fn extremes_and_no_date_marker() {
        let (d, _) = ok("19000101");
        assert_eq!(d.unix_seconds, -2_208_988_800);
        assert_eq!(d.to_iso_utc(), "1900-01-01");
        let (d, _) = ok("19700101000000");
        assert_eq!(d.unix_seconds, 0);
        assert_eq!(d.to_iso_utc(), "1970-01-01T00:00:00Z");
        let (d, _) = ok("00010101");
        assert_eq!(d.unix_seconds, -62_135_596_800);
        assert_eq!(d.to_iso_utc(), "0001-01-01");
        assert_eq!(d.to_ofx(), "00010101");
        let (d, _) = ok("99991231235959");
        assert_eq!(d.unix_seconds, 253_402_300_799);
        assert_eq!(d.to_iso_utc(), "9999-12-31T23:59:59Z");
        // Shifting by the zone may cross the year boundary in either direction.
        let (d, _) = ok("99991231235959[-12]");
        assert_eq!(d.to_iso_utc(), "10000-01-01T11:59:59Z");
        assert_eq!(d.to_ofx(), "99991231235959[-12]");
        let (d, _) = ok("00010101000000[+14]");
        assert_eq!(d.utc_parts(), (0, 12, 31, 10, 0, 0));
        assert_eq!(d.to_ofx(), "00010101000000[+14]");
    }

    #[test]
    fn to_ofx_forms() {
        let cases: &[(&str, &str)] = &[
            ("20240115120000[-5:EST]", "20240115120000[-5:EST]"),
            ("20240115120000[-05:EST]", "20240115120000[-5:EST]"),
            ("20240115120000[-5:CDT]", "20240115120000[-5:EST]"),
            ("20240115120000[-5]", "20240115120000[-5:EST]"),
            ("20240115120000[-4]", "20240115120000[-4:EDT]"),
            ("20240115120000[-6:MDT]", "20240115120000[-6:CST]"),
            ("20240115120000[-7]", "20240115120000[-7:MST]"),
            ("20240115120000[-8:PST]", "20240115120000[-8:PST]"),
            ("20240115120000[0:GMT]", "20240115120000[0:GMT]"),
            ("20240115120000[+1:CET]", "20240115120000[+1]"),
            ("20240115120000[+5.30:IST]", "20240115120000[+5.30]"),
            ("20240115120000[+5.5]", "20240115120000[+5.30]"),
            ("20240115120000[+5.45]", "20240115120000[+5.45]"),
            ("20240115120000[-3.5:NST]", "20240115120000[-3.30]"),
            ("20240115120000.5[-3.5:NST]", "20240115120000.500[-3.30]"),
            ("20240115120000.123456789", "20240115120000.123"),
            ("20240115120000", "20240115120000"),
            ("20240115120000 GMT", "20240115120000[0:GMT]"),
            ("202401151230", "20240115123000"),
            ("20240115", "20240115"),
            ("20240115[-5:EST]", "20240115"),
        ];
        for &(text, ofx) in cases {
            let (d, _) = ok(text);
            assert_eq!(d.to_ofx(), ofx, "{text}");
        }
    }

    #[test]
    fn to_ofx_round_trips() {
        for text in [
            "20240115",
            "20240115120000",
            "20240115120000.123",
            "20240115120000[-5:EST]",
            "20240115120000.001[-4:EDT]",
            "20240115235959[+5.30]",
            "20240101000000[+5.45]",
            "20240229120000[-3.30]",
            "20240115120000[+14]",
            "20240115120000[-12]",
            "20240115120000[0:GMT]",
        ] {
            let (d, note) = ok(text);
            let back = d.to_ofx();
            assert_eq!(back, text, "{text}");
            let (again, note2) = ok(&back);
            assert_eq!(again, d, "{text}");
            assert_eq!(note, note2);
            assert_eq!(note2, DateNote::None, "{text}");
        }
    }

    #[test]
    fn constructors() {
        let d = OfxDateTime::from_ymd(2024, 1, 15).expect("valid");
        assert_eq!(d, ok("20240115").0);
        assert_eq!(OfxDateTime::from_ymd(2023, 2, 29), None);
        assert_eq!(OfxDateTime::from_ymd(0, 1, 1), None);
        assert_eq!(OfxDateTime::from_ymd(10_000, 1, 1), None);
        assert_eq!(OfxDateTime::from_ymd(2024, 13, 1), None);
        assert_eq!(OfxDateTime::from_ymd(i32::MIN, 1, 1), None);

        let d = OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 0, 0, -300).expect("valid");
        assert_eq!(d, ok("20240115120000[-5:EST]").0);
        assert_eq!(d.unix_seconds, JAN15 + 17 * 3600);
        assert_eq!(d.precision, DatePrecision::Second);
        assert!(d.zone_given);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 24, 0, 0, 0), None);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 60, 0, 0), None);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 0, 61, 0), None);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 0, 0, -721), None);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 0, 0, 841), None);
        assert_eq!(OfxDateTime::from_ymd_hms(2024, 1, 15, 12, 0, 0, i32::MIN), None);
        let leap = OfxDateTime::from_ymd_hms(2016, 12, 31, 23, 59, 60, 0).expect("valid");
        assert_eq!(leap.unix_seconds, 1_483_228_799);

        let d = OfxDateTime::from_unix(JAN15, 0);
        assert_eq!(d.precision, DatePrecision::Second);
        assert!(d.zone_given);
        assert_eq!(d.offset_minutes, 0);
        assert_eq!(d.to_iso_utc(), "2024-01-15T00:00:00Z");
        assert_eq!(d.to_ofx(), "20240115000000[0:GMT]");
        let d = OfxDateTime::from_unix(JAN15, 5_000_000);
        assert_eq!(d.precision, DatePrecision::Millis);
        assert_eq!(d.to_iso_utc(), "2024-01-15T00:00:00.005Z");
        assert_eq!(d.to_ofx(), "20240115000000.005[0:GMT]");
        let d = OfxDateTime::from_unix(JAN15, 2_500_000_000);
        assert_eq!(d.unix_seconds, JAN15 + 2);
        assert_eq!(d.nanos, 500_000_000);
        let d = OfxDateTime::from_unix(-1, 0);
        assert_eq!(d.utc_parts(), (1969, 12, 31, 23, 59, 59));
    }

    #[test]
    fn utc_parts_of_zoned_value() {
        let (d, _) = ok("20240101003000[+5.30:IST]");
        assert_eq!(d.utc_parts(), (2023, 12, 31, 19, 0, 0));
        assert_eq!(d.to_iso_utc(), "2023-12-31T19:00:00Z");
    }

    #[test]
    fn extreme_unix_values_do_not_panic() {
        for secs in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX] {
            for nanos in [0, 1, 999_999_999, u32::MAX] {
                let d = OfxDateTime::from_unix(secs, nanos);
                let _ = d.utc_parts();
                let _ = d.to_iso_utc();
                let _ = d.to_ofx();
                for offset in [i32::MIN, -720, 0, 840, i32::MAX] {
                    for precision in
                        [DatePrecision::Day, DatePrecision::Minute, DatePrecision::Second, DatePrecision::Millis]
                    {
                        let odd = OfxDateTime { offset_minutes: offset as i16, precision, nanos, ..d };
                        let _ = odd.to_iso_utc();
                        let _ = odd.to_ofx();
                    }
                }
            }
        }
    }

    #[test]
    fn civil_conversion_round_trips_over_all_supported_days() {
        let first = days_from_civil(1, 1, 1);
        let last = days_from_civil(9999, 12, 31);
        assert_eq!(first, -719_162);
        assert_eq!(last, 2_932_896);
        let mut expected = (1i64, 1u32, 1u32);
        for z in first..=last {
            let got = civil_from_days(z);
            assert_eq!(got, expected, "day {z}");
            assert_eq!(days_from_civil(got.0, got.1, got.2), z);
            // advance expected by one day
            let (y, m, d) = expected;
            expected = if d < days_in_month(y as i32, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn error_display() {
        for e in [DateError::Empty, DateError::BadDigits, DateError::OutOfRange, DateError::BadZone] {
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
        const ALPHABET: &[u8] = b"0123456789012345678901234567890123456789[]:+-. \tGMTUCESDPZxyz\xc3\xa9\xff";
        let mut rng = Lcg(0x5eed);
        let mut buf = Vec::with_capacity(40);
        for round in 0..200_000 {
            buf.clear();
            let len = rng.next() % 32;
            for _ in 0..len {
                let r = rng.next();
                // Mostly the date alphabet, sometimes any byte.
                let byte = if r % 8 == 0 { (r >> 8) as u8 } else { ALPHABET[(r >> 8) as usize % ALPHABET.len()] };
                buf.push(byte);
            }
            // Half the rounds start from a valid date so the zone parser gets exercised.
            if round % 2 == 0 {
                buf.splice(0..0, b"20240115120000".iter().copied());
            }
            let text = String::from_utf8_lossy(&buf);
            if let Ok((d, _)) = parse_ofx_datetime(&text) {
                let _ = d.to_iso_utc();
                let _ = d.to_ofx();
                assert!(d.nanos < 1_000_000_000);
                assert!((MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&i32::from(d.offset_minutes)));
            }
        }
    }

    #[test]
    fn never_panics_on_prefixes_and_suffixes_of_valid_inputs() {
        for text in [
            "20240115120000.123[-5:EST]",
            "20240115120000.123456789[+5.30:IST]",
            "20240115120000[-:EST]",
            "20240115120000[-03:EST]",
            "20240115120000.000 GMT",
            "  20240229235960[-3.5:NST]  ",
            "2024011512000é[0:GMT]",
        ] {
            for (i, _) in text.char_indices().chain(Some((text.len(), ' '))) {
                let _ = parse_ofx_datetime(&text[..i]);
                let _ = parse_ofx_datetime(&text[i..]);
            }
        }
    }
}
