//! JSON Lines input (`docs/information-model.md`, "JSON and JSON Lines"): one record per line, for inputs too large to hold in memory.
//!
//! Each line is `{"zorgaanbieder_code": "…", "zorgtraject": {…}}` or
//! `{"zorgaanbieder_code": "…", "meting": {…}}` (a loose meting). Lines of one zorgaanbieder
//! are contiguous; a zorgaanbieder that reappears after another one is an error naming the line.
//! Empty lines are skipped. A line may be at most [`MAX_JSONL_LINE`] bytes (16 MiB): a longer
//! line, or one that is not UTF-8, ends reading with an error naming its line (and column);
//! a UTF-8 byte order mark before the first line is skipped.

use std::collections::HashSet;
use std::io::BufRead;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::i18n::Phrase;
use crate::json::{utf8_error_position, JsonSyntaxError, MetingJson, ZorgtrajectJson};
pub use crate::limits::MAX_JSONL_LINE;
use crate::model::{AgbCode, Meting, Zorgtraject};
use crate::names::element;

mod fast;

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a JSON object per line: {\"zorgaanbieder_code\": ..., \"zorgtraject\": {...}}"
)]
struct LineJson {
    zorgaanbieder_code: String,
    #[serde(default)]
    zorgtraject: Option<ZorgtrajectJson>,
    #[serde(default)]
    meting: Option<MetingJson>,
}

impl<'de> Deserialize<'de> for LineJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LineJson::deserialize(crate::json::ObjectOnly(deserializer))
    }
}

/// One record read from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A trajectory of the current provider.
    Zorgtraject(Zorgtraject),
    /// A loose meting of the current provider.
    Meting(Meting),
}

/// What a line gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub line: u64,
    /// The provider.
    pub zorgaanbieder: AgbCode,
    /// Whether this line starts a provider (the first line of its contiguous block).
    pub starts_zorgaanbieder: bool,
    /// The record, or `None` when it could not be represented (its errors are in the report).
    pub record: Option<Record>,
}

/// Reads JSON Lines one record at a time; problems go into the report passed to [`next_line`].
///
/// [`next_line`]: JsonLinesReader::next_line
pub struct JsonLinesReader<R: BufRead> {
    input: R,
    /// The current line (valid UTF-8), or empty.
    buf: String,
    /// The bytes of the line being read, before the UTF-8 check.
    raw: Vec<u8>,
    line: u64,
    current: Option<AgbCode>,
    finished: HashSet<AgbCode>,
    trajectory_position: usize,
    meting_position: usize,
    /// Try the fast path (see `fast`) before serde; off only in tests that compare the two.
    fast: bool,
}

impl<R: BufRead> JsonLinesReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            buf: String::new(),
            raw: Vec::new(),
            line: 0,
            current: None,
            finished: HashSet::new(),
            trajectory_position: 0,
            meting_position: 0,
            fast: true,
        }
    }

    /// The same reader without the fast path: every line goes through serde. For tests and
    /// the differential fuzz target that check the two paths agree; not needed otherwise.
    #[doc(hidden)]
    pub fn serde_only(mut self) -> Self {
        self.fast = false;
        self
    }

    /// The next line with a record, `Ok(None)` at the end. Records that cannot be represented
    /// are reported in `report` (the line is still returned, with `record: None`); a line whose
    /// AGB code cannot be read is reported and skipped. Unreadable
    /// input (I/O, invalid UTF-8) and a reappearing provider end the stream with an error
    /// diagnostic.
    pub fn next_line(&mut self, report: &mut Report) -> Result<Option<Line>, Box<Diagnostic>> {
        loop {
            self.line += 1;
            // Reuse the last line's allocation.
            self.raw = std::mem::take(&mut self.buf).into_bytes();
            let read = read_bounded_line(&mut self.input, &mut self.raw, MAX_JSONL_LINE)
                .map_err(|e| self.fatal(Rule::Syntax, e.to_string()))?;
            match read {
                Bounded::End => return Ok(None),
                Bounded::TooLong => {
                    return Err(self.fatal_localized(
                        "syntax.jsonl-line-too-long",
                        &[("limit", &MAX_JSONL_LINE.to_string())],
                    ))
                }
                Bounded::Line => {}
            }
            if self.line == 1 && self.raw.starts_with(UTF8_BOM) {
                self.raw.drain(..UTF8_BOM.len());
            }
            self.buf = match String::from_utf8(std::mem::take(&mut self.raw)) {
                Ok(text) => text,
                Err(e) => {
                    let column = utf8_error_position(e.as_bytes(), e.utf8_error().valid_up_to()).1;
                    self.raw = e.into_bytes();
                    return Err(self.fatal_localized("syntax.not-utf8", &[("column", &column.to_string())]));
                }
            };
            if self.buf.trim().is_empty() {
                continue;
            }
            if let Some(line) = self.parse_line(report)? {
                return Ok(Some(line));
            }
        }
    }

    /// A diagnostic that ends reading, at the current line (its path names the line).
    fn fatal_localized(&self, key: &'static str, args: &[(&'static str, &str)]) -> Box<Diagnostic> {
        self.fatal_phrase(Rule::Syntax, Phrase::new(key, args))
    }

    /// A fatal problem at the current line whose detail comes from elsewhere (an I/O error):
    /// the detail cannot be translated, the sentence around it is.
    fn fatal(&self, rule: Rule, detail: String) -> Box<Diagnostic> {
        self.fatal_phrase(rule, Phrase::new("syntax.line", &[("detail", &detail)]))
    }

    /// A fatal problem at the current line; `message` gets the parameter `line`.
    fn fatal_phrase(&self, rule: Rule, message: Phrase) -> Box<Diagnostic> {
        Box::new(Diagnostic::from_phrase(
            Severity::Error,
            rule,
            RecordPath::default().at_line(self.line),
            message.arg("line", self.line.to_string()),
        ))
    }

    /// The line's record; `None` when its provider's AGB code cannot be read (the error is in
    /// `report`, and reading goes on with the next line).
    fn parse_line(&mut self, report: &mut Report) -> Result<Option<Line>, Box<Diagnostic>> {
        if self.fast {
            if let Some((code, record)) = fast::parse_line(&self.buf) {
                let starts = self.enter(code)?;
                match record {
                    Record::Zorgtraject(_) => self.trajectory_position += 1,
                    Record::Meting(_) => self.meting_position += 1,
                }
                return Ok(Some(Line {
                    line: self.line,
                    zorgaanbieder: code,
                    starts_zorgaanbieder: starts,
                    record: Some(record),
                }));
            }
        }
        let parsed: LineJson = serde_json::from_str(&self.buf).map_err(|e| {
            let e = JsonSyntaxError::from(e);
            self.fatal_phrase(
                Rule::Syntax,
                Phrase::new(
                    "syntax.jsonl",
                    &[("column", &e.column.to_string()), ("detail", &e.message)],
                ),
            )
        })?;
        let path = RecordPath::zorgaanbieder(&parsed.zorgaanbieder_code).at_line(self.line);
        let code = match AgbCode::new(&parsed.zorgaanbieder_code) {
            Ok(code) => code,
            Err(e) => {
                // Like an unrepresentable record: reported, left out, and the rest still read.
                report.push(Diagnostic::from_model_error(&e, path));
                return Ok(None);
            }
        };
        let starts = self.enter(code)?;
        let record = match (&parsed.zorgtraject, &parsed.meting) {
            (Some(t), None) => {
                self.trajectory_position += 1;
                let path = path.zorgtraject(t.id.as_deref(), self.trajectory_position);
                t.to_model(&path, report).map(Record::Zorgtraject)
            }
            (None, Some(m)) => {
                self.meting_position += 1;
                m.to_model(&path.child(element::METING, self.meting_position), report)
                    .map(Record::Meting)
            }
            _ => return Err(self.fatal_phrase(Rule::Syntax, Phrase::new("syntax.jsonl.one-record", &[]))),
        };
        Ok(Some(Line {
            line: self.line,
            zorgaanbieder: code,
            starts_zorgaanbieder: starts,
            record,
        }))
    }

    /// Moves to provider `code`; true when a new block starts.
    fn enter(&mut self, code: AgbCode) -> Result<bool, Box<Diagnostic>> {
        if self.current == Some(code) {
            return Ok(false);
        }
        if self.finished.contains(&code) {
            return Err(self.fatal_phrase(
                Rule::ZorgaanbiederNotContiguous,
                Phrase::new("zorgaanbieder-not-contiguous", &[("code", &code.to_string())]),
            ));
        }
        if let Some(previous) = self.current.replace(code) {
            self.finished.insert(previous);
        }
        self.trajectory_position = 0;
        self.meting_position = 0;
        Ok(true)
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How reading one line ended.
#[derive(Debug, PartialEq, Eq)]
enum Bounded {
    /// A line (with its `\n`, unless it is the last one) is in the buffer.
    Line,
    /// The input has ended; nothing was read.
    End,
    /// The line is longer than the limit; reading stopped inside it.
    TooLong,
}

/// Reads one line into `out` (cleared first), never more than `limit` bytes: unlike
/// `BufRead::read_line`, an endless line cannot grow memory without bound.
fn read_bounded_line<R: BufRead>(input: &mut R, out: &mut Vec<u8>, limit: usize) -> std::io::Result<Bounded> {
    out.clear();
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if out.is_empty() {
                Bounded::End
            } else {
                Bounded::Line
            });
        }
        let (take, complete) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if out.len() + take > limit {
            return Ok(Bounded::TooLong);
        }
        out.extend_from_slice(&available[..take]);
        input.consume(take);
        if complete {
            return Ok(Bounded::Line);
        }
    }
}

/// Reads all of a JSON Lines input into a [`Delivery`](crate::Delivery) (memory grows with the
/// input: for previews and tests; [`crate::stream`] writes files without holding them).
/// Records that cannot be represented are reported and left out; a fatal problem (unreadable
/// line, reappearing provider) ends reading with that diagnostic.
pub fn read_delivery<R: BufRead>(input: R) -> Result<(crate::Delivery, Report), Box<Diagnostic>> {
    let mut reader = JsonLinesReader::new(input);
    let mut report = Report::new();
    let mut delivery = crate::Delivery::new();
    while let Some(line) = reader.next_line(&mut report)? {
        if line.starts_zorgaanbieder {
            delivery.add_zorgaanbieder(crate::Zorgaanbieder::new(line.zorgaanbieder));
        }
        let Some(za) = delivery.zorgaanbieders.last_mut() else {
            continue;
        };
        match line.record {
            Some(Record::Zorgtraject(t)) => {
                za.add_zorgtraject(t);
            }
            Some(Record::Meting(m)) => {
                za.add_meting(m);
            }
            None => {}
        }
    }
    Ok((delivery, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> (Vec<Line>, Report, Option<Box<Diagnostic>>) {
        read_with(JsonLinesReader::new(text.as_bytes()))
    }

    fn read_with(mut r: JsonLinesReader<&[u8]>) -> (Vec<Line>, Report, Option<Box<Diagnostic>>) {
        let mut report = Report::new();
        let mut lines = Vec::new();
        loop {
            match r.next_line(&mut report) {
                Ok(Some(line)) => lines.push(line),
                Ok(None) => return (lines, report, None),
                Err(d) => return (lines, report, Some(d)),
            }
        }
    }

    #[test]
    fn reads_trajectories_and_loose_metingen() {
        let text = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "A", "begindatum": "2024-01-02"}}"#,
            "\n\n",
            r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-01"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "87654321", "zorgtraject": {"id": "B", "begindatum": "2024-01-02"}}"#,
        );
        let (lines, report, fatal) = read_all(text);
        assert!(fatal.is_none() && report.diagnostics.is_empty());
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].line, 3);
        assert!(
            lines[0].starts_zorgaanbieder && !lines[1].starts_zorgaanbieder && lines[2].starts_zorgaanbieder
        );
        assert!(matches!(lines[1].record, Some(Record::Meting(_))));
    }

    #[test]
    fn a_reappearing_provider_is_an_error_naming_the_line() {
        let text = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-02"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "87654321", "zorgtraject": {"begindatum": "2024-01-02"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-02"}}"#,
        );
        let (lines, _, fatal) = read_all(text);
        assert_eq!(lines.len(), 2);
        let d = fatal.unwrap();
        assert_eq!(d.rule, Rule::ZorgaanbiederNotContiguous);
        assert_eq!(d.path.line, Some(3));
        assert!(d.message.starts_with("line 3:"));
    }

    #[test]
    fn bad_records_are_reported_with_line_and_id_and_reading_goes_on() {
        let text = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "X", "begindatum": "2024-13-01"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "Y", "begindatum": "2024-01-01"}}"#,
        );
        let (lines, report, fatal) = read_all(text);
        assert!(fatal.is_none());
        assert_eq!(lines.len(), 2);
        assert!(lines[0].record.is_none() && lines[1].record.is_some());
        let d = &report.diagnostics[0];
        assert_eq!(
            (d.path.line, d.path.zorgtraject_id.as_deref()),
            (Some(1), Some("X"))
        );
    }

    #[test]
    fn collects_a_delivery() {
        let text = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "A", "begindatum": "2024-01-02"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "87654321", "meting": {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-01"}}"#,
        );
        let (d, report) = read_delivery(text.as_bytes()).unwrap();
        assert!(report.diagnostics.is_empty());
        assert_eq!(d.zorgaanbieders.len(), 2);
        assert_eq!(d.zorgaanbieders[0].zorgtrajecten()[0].id(), Some("A"));
        assert_eq!(d.zorgaanbieders[1].metingen().len(), 1);
    }

    #[test]
    fn malformed_lines_are_fatal_with_position() {
        let (_, _, fatal) = read_all("{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\n");
        assert_eq!(fatal.unwrap().path.line, Some(1));
        let (_, _, fatal) = read_all(r#"{"zorgaanbieder_code": "12345678"}"#);
        assert!(fatal.unwrap().message.contains("exactly one"));
    }

    /// The fast path and serde give the same lines, report and fatal diagnostic: on the demo,
    /// and on every line of it cut short, with a byte replaced, or with a key duplicated.
    #[test]
    fn the_fast_path_reads_exactly_what_serde_reads() {
        let same = |text: &str| {
            let fast = read_with(JsonLinesReader::new(text.as_bytes()));
            let serde = read_with(JsonLinesReader::new(text.as_bytes()).serde_only());
            assert_eq!(fast.0, serde.0, "{text}");
            assert_eq!(fast.1, serde.1, "{text}");
            assert_eq!(fast.2, serde.2, "{text}");
        };
        let profile = crate::demo::Profile::demo("2024-Q1".parse().unwrap());
        let mut out = Vec::new();
        crate::demo::write_jsonl(&profile, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        same(&text);
        let line = text.lines().find(|l| l.contains("\"meting\":[")).unwrap();
        let short = text.lines().min_by_key(|l| l.len()).unwrap();
        for l in [line, short] {
            for cut in (0..l.len()).filter(|i| l.is_char_boundary(*i)) {
                same(&l[..cut]);
            }
        }
        let replacements = [
            "\"", "\\", "\\u0041", " ", "\t", "null", "1", "\u{1}", "{", "}", "[", "]", ",", ":", "ü",
        ];
        for (i, _) in short.char_indices() {
            for r in replacements {
                let mut mutated = short.to_string();
                mutated.replace_range(i..i + 1, r);
                same(&mutated);
            }
        }
        for key in [
            "begindatum",
            "datum",
            "prestatie",
            "id",
            "zorgaanbieder_code",
            "meting",
            "item",
        ] {
            let pattern = format!("\"{key}\":");
            if let Some(at) = short.find(&pattern) {
                let mut mutated = short.to_string();
                let end = mutated[at..].find(',').map_or(mutated.len(), |e| at + e + 1);
                let copy = mutated[at..end].to_string();
                mutated.insert_str(at, &copy);
                same(&mutated);
            }
        }
        for variant in [
            r#" { "zorgaanbieder_code" : "12345678" , "zorgtraject" : { "begindatum" : "2024-01-01" , "primair" : [ ] } } "#,
            r#"{"zorgtraject": {"begindatum": "2024-01-01", "einddatum": "2023-01-01"}, "zorgaanbieder_code": "12345678"}"#,
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01", "groep_code": "   "}}"#,
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01", "groep_code": "Zuid \u00fc"}}"#,
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01", "groep_code": "Grüße 日本 abcdefghijklmnopqrstuvwxyz"}}"#,
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01", "zorgvraagtypering": [{"datum": "2024-01-02"}]}}"#,
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01", "zorgvraagtypering": [{"zorgvraagtype_code": "ZT05", "datum": "2024-01-02"}]}}"#,
            r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "X", "datum": "2024-01-02", "item": [{"item_code": "1"}]}}"#,
            r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "X", "datum": "2024-01-02", "item": []}, "meting": {}}"#,
            r#"{"zorgaanbieder_code": "1234567", "meting": {"meetinstrument_code": "X", "datum": "2024-01-02"}}"#,
            r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "X", "datum": "2024-01-02"}} x"#,
        ] {
            same(variant);
            same(&format!("{variant}\n{line}\n{variant}"));
        }
    }

    #[test]
    fn string_scanning_finds_the_first_stop_byte() {
        for (text, expected) in [
            ("abc\"", Some(3)),
            ("abcdefghijkl\"x", Some(12)),
            ("abcdefgh\"", Some(8)),
            ("abc\\\"", None),
            ("abcdefghij\u{1f}\"", None),
            ("ü日本\"", Some(8)),
            ("\"", Some(0)),
            ("abcdefghijklmnop", None),
            ("a\u{7f}\u{80}\"", Some(4)),
        ] {
            assert_eq!(fast::string_len(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn a_line_past_the_limit_stops_reading_with_its_number() {
        let mut input = Vec::new();
        input.extend_from_slice(b"\n");
        input.extend(std::iter::repeat_n(b'x', 100));
        input.extend_from_slice(b"\n{}\n");
        let mut raw = Vec::new();
        let mut reader = &input[..];
        assert_eq!(
            read_bounded_line(&mut reader, &mut raw, 50).unwrap(),
            Bounded::Line
        );
        assert_eq!(
            read_bounded_line(&mut reader, &mut raw, 50).unwrap(),
            Bounded::TooLong
        );
        assert!(raw.len() <= 50);

        // Through the reader, with the real limit: an endless line (no newline at all).
        use std::io::Read;
        let endless = std::io::repeat(b'{').take(MAX_JSONL_LINE as u64 + 10);
        let mut r = JsonLinesReader::new(std::io::BufReader::new(endless));
        let mut report = Report::new();
        let d = r.next_line(&mut report).unwrap_err();
        assert_eq!(d.path.line, Some(1));
        assert!(d.message.contains("16777216"), "{}", d.message);
    }

    #[test]
    fn invalid_utf8_is_placed_and_a_bom_is_skipped() {
        let good = r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10"}}"#;
        let with_bom = format!("\u{FEFF}{good}\n");
        let (lines, _, fatal) = read_all(&with_bom);
        assert!(fatal.is_none(), "{fatal:?}");
        assert_eq!(lines.len(), 1);

        let mut bad = format!("{good}\n{good}\n").into_bytes();
        let at = good.len() + 1 + good.find("CQi").unwrap();
        bad[at] = 0xFF;
        let mut r = JsonLinesReader::new(&bad[..]);
        let mut report = Report::new();
        assert!(r.next_line(&mut report).unwrap().is_some());
        let d = r.next_line(&mut report).unwrap_err();
        assert_eq!(d.path.line, Some(2));
        let column = good.find("CQi").unwrap() + 1;
        assert!(d.message.contains(&format!("column {column}")), "{}", d.message);
    }

    #[test]
    fn a_line_that_is_an_array_is_refused() {
        let (_, _, fatal) = read_all(r#"["12345678", {"begindatum": "2024-01-01"}]"#);
        let fatal = fatal.expect("an array line must be refused");
        assert_eq!(fatal.rule, Rule::Syntax);
        let (_, _, fatal) = read_all(r#"{"zorgaanbieder_code": "12345678", "zorgtraject": ["2024-01-01"]}"#);
        assert!(fatal.is_some());
    }
}
