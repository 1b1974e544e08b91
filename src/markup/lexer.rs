//! One tokenizer for OFX 1.x SGML and 2.x XML bodies: zero-copy over the decoded text, memchr scanning.
//!
//! It knows nothing of OFX: it yields start tags, end tags and text runs with their byte offsets.
//! Comments, processing instructions and declarations are skipped; CDATA sections are yielded as
//! literal text. A `<` that cannot start a tag (`a < b`, `<5`) is text, as SGML readers treat it.

/// One token of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<NAME ...>` or `<NAME/>`; `pos` is the offset of `<`.
    Start { name: &'a str, pos: usize, self_closing: bool },
    /// `</NAME>` (name may be empty for `</>`).
    End { name: &'a str, pos: usize },
    /// Raw text between tags (entities not decoded, whitespace kept).
    Text { text: &'a str, pos: usize },
    /// The content of a CDATA section (literal).
    Cdata { text: &'a str, pos: usize },
}

/// The tokenizer.
pub struct Lexer<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Set once a search for `?>` failed: there is none further on, so later `<?` need not search again
    /// (searching each time made many unterminated `<?` quadratic).
    no_pi_close: bool,
}

#[inline]
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

#[inline]
fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b':')
}

impl<'a> Lexer<'a> {
    /// Tokenizes `s` from byte offset `start` (which must be on a char boundary).
    pub fn new(s: &'a str, start: usize) -> Self {
        Lexer { s, b: s.as_bytes(), pos: start.min(s.len()), no_pi_close: false }
    }

    /// Current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Whether a `<` at `i` starts markup (a tag, comment, PI or declaration).
    #[inline]
    fn starts_markup(&self, i: usize) -> bool {
        match self.b.get(i + 1) {
            Some(&c) if is_name_start(c) => true,
            Some(b'/') => matches!(self.b.get(i + 2), Some(&c) if is_name_start(c) || c == b'>'),
            Some(b'!') | Some(b'?') => true,
            _ => false,
        }
    }

    /// Finds the end of a text run starting at `from`: the next `<` that starts markup.
    #[inline]
    fn text_end(&self, from: usize) -> usize {
        let mut i = from;
        while let Some(off) = memchr::memchr(b'<', &self.b[i..]) {
            let at = i + off;
            if self.starts_markup(at) {
                return at;
            }
            i = at + 1;
        }
        self.b.len()
    }

    fn find_bytes(&self, from: usize, needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(&self.b[from..], needle).map(|i| from + i)
    }

    /// End of a tag starting at `from` (just after the name): the offset after `>`, honouring quotes.
    /// A tag cut off by another `<` or the end of input ends there.
    #[inline]
    fn tag_end(&self, from: usize) -> (usize, bool) {
        let b = self.b;
        let mut i = from;
        // Fast path: the tag ends right after the name.
        if i < b.len() && b[i] == b'>' {
            return (i + 1, false);
        }
        let mut quote = 0u8;
        while i < b.len() {
            let c = b[i];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                let self_closing = i > from && b[i - 1] == b'/';
                return (i + 1, self_closing);
            } else if c == b'<' {
                return (i, false);
            }
            i += 1;
        }
        (b.len(), false)
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    #[inline]
    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let b = self.b;
            let p = self.pos;
            if p >= b.len() {
                return None;
            }
            if b[p] != b'<' || !self.starts_markup(p) {
                let end = self.text_end(p + 1);
                self.pos = end;
                return Some(Token::Text { text: &self.s[p..end], pos: p });
            }
            let c = b[p + 1];
            if is_name_start(c) {
                let ns = p + 1;
                let mut ne = ns + 1;
                while ne < b.len() && is_name_char(b[ne]) {
                    ne += 1;
                }
                let (end, self_closing) = self.tag_end(ne);
                self.pos = end;
                return Some(Token::Start { name: &self.s[ns..ne], pos: p, self_closing });
            }
            if c == b'/' {
                let ns = p + 2;
                let mut ne = ns;
                while ne < b.len() && is_name_char(b[ne]) {
                    ne += 1;
                }
                let (end, _) = self.tag_end(ne);
                self.pos = end;
                return Some(Token::End { name: &self.s[ns..ne], pos: p });
            }
            if b[p + 1..].starts_with(b"!--") {
                self.pos = self.find_bytes(p + 4, b"-->").map(|e| e + 3).unwrap_or(b.len());
                continue;
            }
            if b[p + 1..].starts_with(b"![CDATA[") {
                let cs = p + 9;
                let ce = self.find_bytes(cs, b"]]>").unwrap_or(b.len());
                self.pos = (ce + 3).min(b.len());
                return Some(Token::Cdata { text: &self.s[cs..ce], pos: p });
            }
            if c == b'?' {
                let close = if self.no_pi_close { None } else { self.find_bytes(p + 2, b"?>") };
                self.no_pi_close = close.is_none();
                self.pos =
                    close.map(|e| e + 2).or_else(|| self.find_bytes(p + 2, b">").map(|e| e + 1)).unwrap_or(b.len());
                continue;
            }
            // <!DOCTYPE ...> and other declarations.
            self.pos = self.find_bytes(p + 2, b">").map(|e| e + 1).unwrap_or(b.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        Lexer::new(s, 0).collect()
    }

    #[test]
    fn sgml_and_xml() {
        let t = toks("<A><B>x\r\n<C>y</C></A>");
        assert_eq!(
            t,
            vec![
                Token::Start { name: "A", pos: 0, self_closing: false },
                Token::Start { name: "B", pos: 3, self_closing: false },
                Token::Text { text: "x\r\n", pos: 6 },
                Token::Start { name: "C", pos: 9, self_closing: false },
                Token::Text { text: "y", pos: 12 },
                Token::End { name: "C", pos: 13 },
                Token::End { name: "A", pos: 17 },
            ]
        );
    }

    #[test]
    fn self_closing_attrs_comments_pi_cdata() {
        let t = toks("<?xml version=\"1.0\"?><!-- c <X> --><A x=\"a>b\"/><B ><![CDATA[<&>]]></B><!DOCTYPE z>");
        assert_eq!(
            t,
            vec![
                Token::Start { name: "A", pos: 35, self_closing: true },
                Token::Start { name: "B", pos: 47, self_closing: false },
                Token::Cdata { text: "<&>", pos: 51 },
                Token::End { name: "B", pos: 66 },
            ]
        );
    }

    #[test]
    fn lone_lt_is_text() {
        let t = toks("<M>a < b <5 & c</M>");
        assert_eq!(t[1], Token::Text { text: "a < b <5 & c", pos: 3 });
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn truncated_tags() {
        let t = toks("<A><B");
        assert_eq!(t.len(), 2);
        assert_eq!(t[1], Token::Start { name: "B", pos: 3, self_closing: false });
        let t = toks("<A><!-- never closed");
        assert_eq!(t.len(), 1);
        // `</` with no name is text.
        let t = toks("<A>x</");
        assert_eq!(
            t,
            vec![Token::Start { name: "A", pos: 0, self_closing: false }, Token::Text { text: "x</", pos: 3 }]
        );
    }
}
