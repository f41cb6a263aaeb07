//! A `BufRead` adapter between the file and quick-xml that
//!
//! - skips a UTF-8 byte order mark and refuses a UTF-16 one,
//! - checks that every byte handed on is valid UTF-8 and not a control character XML 1.0
//!   forbids (NUL and the other C0 controls except tab, LF and CR), stopping right before the
//!   first bad byte so the error can name its exact position,
//! - keeps the bytes consumed since the last [`Tracked::mark`] (one event's worth, capped by
//!   `event_limit`), so any byte offset inside the current event maps to a line and column.
//!
//! Offsets are counted after the byte order mark, exactly as quick-xml counts them.

use std::io::{self, BufRead, Read};

const CHUNK: usize = 64 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineColumn {
    /// 1-based line (lines end at `\n`).
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

/// Why the adapter stopped handing on bytes.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The bytes at `offset` are not UTF-8 (or the file is UTF-16); `message` is the
    /// catalogue key of what is wrong.
    Encoding { offset: u64, message: &'static str },
    /// A control character XML 1.0 cannot carry at `offset`.
    Control { offset: u64, byte: u8 },
    /// One piece of markup or text is longer than the limit; `offset` is where it starts.
    TooLong { offset: u64, limit: usize },
    /// Reading the input failed.
    Io(io::Error),
}

/// Maps byte offsets inside the current event to lines and columns.
#[derive(Debug)]
pub(crate) struct Lines {
    mark_offset: u64,
    mark: LineColumn,
    window: Vec<u8>,
}

impl Lines {
    /// Line and column of byte `offset`; offsets outside the kept window are clamped to it.
    pub(crate) fn locate(&self, offset: u64) -> LineColumn {
        let wanted = offset.saturating_sub(self.mark_offset);
        let upto = usize::try_from(wanted).map_or(self.window.len(), |w| w.min(self.window.len()));
        advance(self.mark, self.window.get(..upto).unwrap_or_default())
    }

    /// The offset just after the last consumed byte.
    pub(crate) fn end_offset(&self) -> u64 {
        self.mark_offset + self.window.len() as u64
    }
}

fn advance(mut at: LineColumn, bytes: &[u8]) -> LineColumn {
    for &b in bytes {
        if b == b'\n' {
            at.line += 1;
            at.column = 1;
        } else if b & 0xC0 != 0x80 {
            at.column += 1;
        }
    }
    at
}

fn is_forbidden_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

/// The adapter. See the module documentation.
pub(crate) struct Tracked<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Next byte to hand on.
    pos: usize,
    /// End of the checked bytes that may be handed on.
    valid: usize,
    /// End of the bytes read from `inner`.
    filled: usize,
    started: bool,
    eof: bool,
    lines: Lines,
    event_limit: usize,
    stop: Option<Stop>,
}

impl<R: Read> Tracked<R> {
    /// Wraps `inner`; one event (tag, text run, comment, DOCTYPE) may be at most `event_limit`
    /// bytes long.
    pub(crate) fn new(inner: R, event_limit: usize) -> Self {
        Self {
            inner,
            buf: vec![0; CHUNK].into_boxed_slice(),
            pos: 0,
            valid: 0,
            filled: 0,
            started: false,
            eof: false,
            lines: Lines {
                mark_offset: 0,
                mark: LineColumn { line: 1, column: 1 },
                window: Vec::new(),
            },
            event_limit,
            stop: None,
        }
    }

    /// Forgets the bytes consumed so far: positions before this point are no longer needed.
    pub(crate) fn mark(&mut self) {
        let lines = &mut self.lines;
        lines.mark = advance(lines.mark, &lines.window);
        lines.mark_offset += lines.window.len() as u64;
        lines.window.clear();
    }

    /// The line index of the current event.
    pub(crate) fn line_index(&self) -> &Lines {
        &self.lines
    }

    /// Why the adapter stopped, if it did.
    pub(crate) fn take_stop(&mut self) -> Option<Stop> {
        self.stop.take()
    }

    fn consumed(&self) -> u64 {
        self.lines.end_offset()
    }

    fn stopped() -> io::Error {
        io::Error::other("input refused by the Spiegelinformatie reader")
    }

    /// Reads and checks more input; returns with `pos < valid`, at end of input, or stopped.
    fn refill(&mut self) {
        loop {
            self.buf.copy_within(self.pos..self.filled, 0);
            self.filled -= self.pos;
            self.pos = 0;
            self.valid = 0;
            if self.eof {
                if self.filled > 0 {
                    self.stop = Some(Stop::Encoding {
                        offset: self.consumed(),
                        message: "xml.utf8-truncated",
                    });
                }
                return;
            }
            let Some(space) = self.buf.get_mut(self.filled..) else {
                return;
            };
            match self.inner.read(space) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.stop = Some(Stop::Io(e));
                    return;
                }
            }
            if !self.started && !self.start() {
                continue;
            }
            self.check();
            if self.valid > self.pos || self.stop.is_some() {
                return;
            }
        }
    }

    /// Handles a byte order mark at the very start; `false` while too few bytes are known.
    fn start(&mut self) -> bool {
        let head = self.buf.get(..self.filled).unwrap_or_default();
        if head.len() < UTF8_BOM.len() && !self.eof {
            return false;
        }
        self.started = true;
        if head.starts_with(UTF8_BOM) {
            self.pos = UTF8_BOM.len();
        } else if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            self.stop = Some(Stop::Encoding {
                offset: 0,
                message: "xml.utf16",
            });
            self.filled = self.pos;
        }
        true
    }

    /// Checks `buf[pos..filled]` and moves `valid` to the end of the good bytes; a complete
    /// but bad sequence or a forbidden control character stops the adapter there.
    fn check(&mut self) {
        let chunk = self.buf.get(self.pos..self.filled).unwrap_or_default();
        let (good, bad_utf8) = match std::str::from_utf8(chunk) {
            Ok(_) => (chunk.len(), false),
            Err(e) => (e.valid_up_to(), e.error_len().is_some()),
        };
        let checked = chunk.get(..good).unwrap_or_default();
        let offset = self.consumed();
        if let Some(i) = checked.iter().position(|&b| is_forbidden_control(b)) {
            let byte = checked.get(i).copied().unwrap_or_default();
            self.valid = self.pos + i;
            self.stop = Some(Stop::Control {
                offset: offset + i as u64,
                byte,
            });
            return;
        }
        self.valid = self.pos + good;
        if bad_utf8 {
            self.stop = Some(Stop::Encoding {
                offset: offset + good as u64,
                message: "xml.invalid-utf8",
            });
        }
    }
}

impl<R: Read> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.lines.window.len() > self.event_limit {
            if self.stop.is_none() {
                self.stop = Some(Stop::TooLong {
                    offset: self.lines.mark_offset,
                    limit: self.event_limit,
                });
            }
            return Err(Self::stopped());
        }
        if self.pos >= self.valid {
            if self.stop.is_some() {
                return Err(Self::stopped());
            }
            self.refill();
            if self.pos >= self.valid && self.stop.is_some() {
                return Err(Self::stopped());
            }
        }
        Ok(self.buf.get(self.pos..self.valid).unwrap_or_default())
    }

    fn consume(&mut self, amt: usize) {
        let end = self.pos.saturating_add(amt).min(self.valid);
        if let Some(taken) = self.buf.get(self.pos..end) {
            self.lines.window.extend_from_slice(taken);
        }
        self.pos = end.max(self.pos);
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(input: &[u8]) -> (Vec<u8>, Option<Stop>, Tracked<&[u8]>) {
        let mut t = Tracked::new(input, usize::MAX);
        let mut out = Vec::new();
        let result = t.read_to_end(&mut out);
        let stop = t.take_stop();
        assert_eq!(result.is_err(), stop.is_some());
        (out, stop, t)
    }

    #[test]
    fn passes_utf8_and_skips_the_bom() {
        let (out, stop, t) = drain("\u{feff}<a>Grüße</a>\n".as_bytes());
        assert!(stop.is_none());
        assert_eq!(out, "<a>Grüße</a>\n".as_bytes());
        assert_eq!(t.line_index().end_offset(), out.len() as u64);
    }

    #[test]
    fn stops_right_before_invalid_utf8() {
        let (out, stop, t) = drain(b"ab\ncd\xFFef");
        assert_eq!(out, b"ab\ncd");
        assert!(matches!(stop, Some(Stop::Encoding { offset: 5, .. })));
        assert_eq!(t.line_index().locate(5), LineColumn { line: 2, column: 3 });
    }

    #[test]
    fn stops_at_nul_and_at_a_truncated_sequence() {
        let (out, stop, _) = drain(b"x\0y");
        assert_eq!(out, b"x");
        assert!(matches!(stop, Some(Stop::Control { offset: 1, byte: 0 })));
        let (_, stop, _) = drain("é".as_bytes().get(..1).unwrap());
        assert!(matches!(stop, Some(Stop::Encoding { offset: 0, .. })));
        let (_, stop, _) = drain(b"\xFF\xFE<\0");
        assert!(matches!(stop, Some(Stop::Encoding { offset: 0, .. })));
    }

    #[test]
    fn keeps_characters_split_over_reads_together() {
        let text = "ä".repeat(CHUNK);
        let (out, stop, t) = drain(text.as_bytes());
        assert!(stop.is_none());
        assert_eq!(out, text.as_bytes());
        let end = t.line_index().locate(t.line_index().end_offset());
        assert_eq!(end.column, CHUNK as u64 + 1);
    }

    #[test]
    fn limits_one_event() {
        let mut t = Tracked::new(&[b'a'; 1000][..], 10);
        let mut out = Vec::new();
        assert!(t.read_to_end(&mut out).is_err());
        assert!(matches!(
            t.take_stop(),
            Some(Stop::TooLong { offset: 0, limit: 10 })
        ));
    }
}
