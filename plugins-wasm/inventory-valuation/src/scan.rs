//! A cursor over the raw input that reads only what the report needs and skips the rest.
//!
//! Why not `Json::parse`: the host meters fuel per loop iteration by the loop body's whole size,
//! and a full parse of 10,000 API stock items (~8 MB) builds a ~40 MB tree at ~850 fuel per byte.
//! Here the per-byte loops are a few instructions each (in small non-inlined functions), and only
//! the few fields of each item are kept.

use binventory::Json;

pub struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

/// Index of the first `"` or `\` at or after `from` (or the end).
#[inline(never)]
fn string_stop(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i] != b'"' && s[i] != b'\\' {
        i += 1;
    }
    i
}

/// Index of the first byte that ends a number or literal.
#[inline(never)]
fn scalar_stop(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && !matches!(s[i], b',' | b'}' | b']' | b':' | b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// Decodes a string's raw contents (as `raw_string` returns them).
pub fn decode(raw: &[u8]) -> String {
    if string_stop(raw, 0) == raw.len() {
        return String::from_utf8_lossy(raw).into_owned();
    }
    // Escapes are rare: let the kit decode them.
    let quoted = format!("\"{}\"", String::from_utf8_lossy(raw));
    Json::parse(&quoted).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

impl<'a> Cursor<'a> {
    pub fn new(s: &'a [u8]) -> Cursor<'a> {
        Cursor { s, i: 0 }
    }

    #[cold]
    #[inline(never)]
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("input is not valid JSON: {} at byte {}", what, self.i))
    }

    pub fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    #[inline(never)]
    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.peek() != c {
            return self.err(&format!("expected '{}'", c as char));
        }
        self.i += 1;
        Ok(())
    }

    /// Skips a string (the cursor on its opening quote); returns its raw contents' range.
    #[inline(never)]
    fn skip_string(&mut self) -> Result<(usize, usize), String> {
        let start = self.i + 1;
        let mut i = start;
        loop {
            i = string_stop(self.s, i);
            if i >= self.s.len() {
                self.i = i;
                return self.err("unterminated string");
            }
            if self.s[i] == b'"' {
                self.i = i + 1;
                return Ok((start, i));
            }
            i += 2; // a backslash and the character it escapes
        }
    }

    /// Skips one value of any kind, nested ones included.
    #[inline(never)]
    pub fn skip_value(&mut self) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek() {
                0 => return self.err("unexpected end"),
                b'"' => {
                    self.skip_string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return self.err("unexpected bracket");
                    }
                    depth -= 1;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    let end = scalar_stop(self.s, self.i);
                    if end == self.i {
                        return self.err("unexpected character");
                    }
                    self.i = end;
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// Any value, parsed in full with the kit (for the small parts of the input).
    #[inline(never)]
    pub fn value(&mut self) -> Result<Json, String> {
        self.ws();
        let start = self.i;
        self.skip_value()?;
        Json::parse(&String::from_utf8_lossy(&self.s[start..self.i]))
    }

    /// A string value (escapes decoded); None for any other kind of value, which is skipped.
    #[inline(never)]
    pub fn string(&mut self) -> Result<Option<String>, String> {
        Ok(self.raw_string()?.map(decode))
    }

    /// A string value's raw contents (escapes not decoded: see `decode`); None for any other kind
    /// of value, which is skipped. Allocates nothing.
    #[inline(never)]
    pub fn raw_string(&mut self) -> Result<Option<&'a [u8]>, String> {
        self.ws();
        if self.peek() != b'"' {
            self.skip_value()?;
            return Ok(None);
        }
        let (a, b) = self.skip_string()?;
        let s: &'a [u8] = self.s;
        Ok(Some(&s[a..b]))
    }

    /// A number, or a decimal string as InvenTree serialises prices ("1.50000"); None otherwise.
    /// Parsed in place: an allocation costs more fuel than the rest of an item.
    #[inline(never)]
    pub fn number(&mut self) -> Result<Option<f64>, String> {
        self.ws();
        let raw: &[u8] = match self.peek() {
            b'"' => match self.raw_string()? {
                Some(r) => r,
                None => return Ok(None),
            },
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.i = scalar_stop(self.s, self.i);
                &self.s[start..self.i]
            }
            _ => {
                self.skip_value()?;
                return Ok(None);
            }
        };
        Ok(std::str::from_utf8(raw).ok().and_then(|t| t.trim().parse::<f64>().ok()).filter(|n| n.is_finite()))
    }

    /// True (and nothing consumed) when the next value is an object.
    pub fn at_object(&mut self) -> bool {
        self.ws();
        self.peek() == b'{'
    }

    pub fn at_array(&mut self) -> bool {
        self.ws();
        self.peek() == b'['
    }

    /// Calls `f` for each member of an object with the key's raw bytes; `f` must consume the value.
    pub fn members(&mut self, mut f: impl FnMut(&mut Cursor<'a>, &'a [u8]) -> Result<(), String>) -> Result<(), String> {
        self.expect(b'{')?;
        self.ws();
        if self.peek() == b'}' {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != b'"' {
                return self.err("expected a key");
            }
            let (a, b) = self.skip_string()?;
            let s: &'a [u8] = self.s;
            if self.peek() == b':' {
                self.i += 1;
            } else {
                self.expect(b':')?;
            }
            f(self, &s[a..b])?;
            self.ws();
            match self.peek() {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or '}'"),
            }
        }
    }

    /// Calls `f` for each element of an array; `f` must consume the element.
    pub fn elements(&mut self, mut f: impl FnMut(&mut Cursor<'a>) -> Result<(), String>) -> Result<(), String> {
        self.expect(b'[')?;
        self.ws();
        if self.peek() == b']' {
            self.i += 1;
            return Ok(());
        }
        loop {
            f(self)?;
            self.ws();
            match self.peek() {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or ']'"),
            }
        }
    }

    /// Fails unless only whitespace is left.
    pub fn end(&mut self) -> Result<(), String> {
        self.ws();
        if self.i != self.s.len() {
            return self.err("unexpected text after the value");
        }
        Ok(())
    }
}
