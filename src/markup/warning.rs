//! Warnings: every repair and every tolerated deviation from the spec is recorded, with where it happened.

use std::fmt;

/// What kind of deviation a warning records. Values are stable (they cross the C ABI); never renumber.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum WarningCode {
    /// The header is malformed, incomplete, on one line, in a comment, or absent.
    Header = 1,
    /// The header's version or syntax contradicts the body; the body was trusted.
    VersionMismatch = 2,
    /// The declared charset does not fit the bytes; they were decoded by what they are.
    Charset = 3,
    /// An unescaped `&` or an HTML entity in text.
    Entity = 4,
    /// An end tag was missing, wrong, out of order or stray; the tree was repaired.
    EndTag = 5,
    /// The document ended with elements still open (truncated).
    Truncated = 6,
    /// An element that must carry a value has none.
    EmptyValue = 7,
    /// A value breaks a length limit of the spec (kept as is).
    Length = 8,
    /// Elements out of the spec's order, or where the spec does not allow them.
    Order = 9,
    /// A required element is missing.
    Missing = 10,
    /// A value could not be read as its type (date, amount, enum, number).
    Value = 11,
    /// A value needed a tolerated repair (comma decimal, padded amount, odd date form).
    ValueForm = 12,
    /// Text in an aggregate, or markup in text (e.g. `<BR/>` inside MEMO).
    Markup = 13,
    /// A FITID repeated within a statement, or empty.
    Fitid = 14,
    /// Some warnings of one code were folded into a count.
    Suppressed = 15,
}

impl WarningCode {
    /// Short stable name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            WarningCode::Header => "header",
            WarningCode::VersionMismatch => "version",
            WarningCode::Charset => "charset",
            WarningCode::Entity => "entity",
            WarningCode::EndTag => "end_tag",
            WarningCode::Truncated => "truncated",
            WarningCode::EmptyValue => "empty_value",
            WarningCode::Length => "length",
            WarningCode::Order => "order",
            WarningCode::Missing => "missing",
            WarningCode::Value => "value",
            WarningCode::ValueForm => "value_form",
            WarningCode::Markup => "markup",
            WarningCode::Fitid => "fitid",
            WarningCode::Suppressed => "suppressed",
        }
    }
}

/// One recorded repair or deviation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    /// Byte offset in the decoded document text (equal to the input's byte offset unless the input was
    /// transcoded from a single-byte charset).
    pub offset: u32,
    /// 1-based line of `offset` (filled in when the document is finished).
    pub line: u32,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, offset {}: {}", self.line, self.offset, self.message)
    }
}

/// How many warnings of one code are kept in full before the rest are counted.
pub const MAX_PER_CODE: usize = 200;

/// Collects warnings, folding floods of one kind into a count.
#[derive(Default, Debug, Clone)]
pub struct Warnings {
    list: Vec<Warning>,
    counts: [u32; 16],
    folded: [u32; 16],
}

impl Warnings {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a warning at a byte offset.
    pub fn push(&mut self, code: WarningCode, offset: usize, message: impl Into<String>) {
        let i = code as usize;
        self.counts[i] += 1;
        if self.counts[i] as usize > MAX_PER_CODE {
            self.folded[i] += 1;
            return;
        }
        self.list.push(Warning { code, message: message.into(), offset: offset as u32, line: 0 });
    }

    /// Records a warning whose message is built only when it will be kept.
    pub fn push_with(&mut self, code: WarningCode, offset: usize, message: impl FnOnce() -> String) {
        let i = code as usize;
        if self.counts[i] as usize >= MAX_PER_CODE {
            self.counts[i] += 1;
            self.folded[i] += 1;
            return;
        }
        self.push(code, offset, message());
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Total warnings of a code, folded ones included.
    pub fn count(&self, code: WarningCode) -> u32 {
        self.counts[code as usize]
    }

    /// Finishes the list: adds one summary per folded code, sorts by offset and fills in line numbers
    /// from `text` in a single pass.
    pub fn finish(mut self, text: &str) -> Vec<Warning> {
        for (i, &n) in self.folded.iter().enumerate() {
            if n > 0 {
                let code = self.list.iter().find(|w| w.code as usize == i).map(|w| w.code);
                let name = code.map(|c| c.name()).unwrap_or("?");
                self.list.push(Warning {
                    code: WarningCode::Suppressed,
                    message: format!("{n} more warnings of kind '{name}' not listed"),
                    offset: text.len() as u32,
                    line: 0,
                });
            }
        }
        self.list.sort_by_key(|w| w.offset);
        let bytes = text.as_bytes();
        let mut line = 1u32;
        let mut pos = 0usize;
        for w in &mut self.list {
            let target = (w.offset as usize).min(bytes.len());
            if target > pos {
                line += memchr::memchr_iter(b'\n', &bytes[pos..target]).count() as u32;
                pos = target;
            }
            w.line = line;
        }
        self.list
    }
}
