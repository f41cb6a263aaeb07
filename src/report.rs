//! Exporting a [`Report`]: CSV (one diagnostic per row), JSON, and a readable text summary.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Entry, RecordPath, Report, Rule, SelectionCounts, Severity};
use crate::i18n::{text, Lang};
use crate::limits::{MAX_REPORT_ENTRIES, MAX_TERMINAL_ENTRIES};

/// The CSV columns, in order. A row is one entry of the report: `count` is how many times it
/// occurred, `also_at` the further places kept (separated by ` | `).
pub const CSV_HEADER: [&str; 14] = [
    "severity",
    "rule",
    "zorgaanbieder",
    "zorgtraject_id",
    "zorgtraject_position",
    "element",
    "position",
    "meting_position",
    "line",
    "attribute",
    "value",
    "message",
    "count",
    "also_at",
];

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_row(entry: &Entry<'_>, lang: Lang) -> [String; 14] {
    let d = entry.diagnostic;
    let p = &d.path;
    [
        d.severity.to_string(),
        d.rule.id().to_string(),
        opt(p.zorgaanbieder.as_deref()),
        opt(p.zorgtraject_id.as_deref()),
        opt(p.zorgtraject_position),
        opt(p.element),
        opt(p.position),
        opt(p.meting_position),
        opt(p.line),
        opt(d.attribute),
        opt(d.value.as_deref()),
        d.message_in(lang),
        entry.occurrences.to_string(),
        also_at(entry),
    ]
}

fn also_at(entry: &Entry<'_>) -> String {
    entry
        .locations()
        .skip(1)
        .map(RecordPath::to_string)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A cell as a spreadsheet may open it: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula, so it gets a `'` in front (the usual
/// neutralisation). Every CSV the library writes goes through [`CsvWriter`], which applies it.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV writer whose every cell is [`spreadsheet_safe`].
pub struct CsvWriter<W: Write>(csv::Writer<W>);

/// A [`CsvWriter`] on `out`.
pub fn csv_writer<W: Write>(out: W) -> CsvWriter<W> {
    CsvWriter(csv::Writer::from_writer(out))
}

impl<W: Write> CsvWriter<W> {
    /// Writes one row, each cell neutralised.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0.write_record(
            record
                .into_iter()
                .map(|cell| spreadsheet_safe(cell.as_ref()).into_owned()),
        )
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Writes the report as UTF-8 CSV with a header row, one entry (a distinct diagnostic with its
/// count) per row, streamed to `out`, messages in English.
pub fn write_csv<W: Write>(report: &Report, out: W) -> io::Result<()> {
    write_csv_in(report, Lang::En, out)
}

/// [`write_csv`] with the messages in `lang`. The header and every other column are
/// language-neutral identifiers and values.
pub fn write_csv_in<W: Write>(report: &Report, lang: Lang, out: W) -> io::Result<()> {
    let mut w = csv_writer(out);
    w.write_record(CSV_HEADER)?;
    for entry in report.entries() {
        w.write_record(csv_row(&entry, lang))?;
    }
    w.flush()
}

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    severity: Severity,
    count: usize,
}

#[derive(Serialize)]
struct JsonReport<'r> {
    errors: usize,
    warnings: usize,
    infos: usize,
    per_rule: Vec<RuleCount>,
    selection: &'r SelectionCounts,
    diagnostics: JsonEntries<'r>,
    /// Diagnostics counted but not kept (past the report's entry limit).
    not_listed: u64,
}

/// The entries, serialized one by one as they are written (never collected).
struct JsonEntries<'r>(&'r Report, Lang);

impl Serialize for JsonEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.entries().map(|e| JsonEntry {
            diagnostic: DiagnosticJson::new(e.diagnostic, self.1),
            count: e.occurrences,
            also_at: e.locations().skip(1).collect(),
        }))
    }
}

#[derive(Serialize)]
struct JsonEntry<'r> {
    #[serde(flatten)]
    diagnostic: DiagnosticJson<'r>,
    count: u64,
    also_at: Vec<&'r RecordPath>,
}

/// A diagnostic as JSON: the same keys in every language, the message in the one asked for.
#[derive(Serialize)]
struct DiagnosticJson<'r> {
    severity: Severity,
    rule: Rule,
    path: &'r RecordPath,
    attribute: Option<&'static str>,
    value: Option<&'r str>,
    message: String,
}

impl<'r> DiagnosticJson<'r> {
    fn new(d: &'r Diagnostic, lang: Lang) -> Self {
        Self {
            severity: d.severity,
            rule: d.rule,
            path: &d.path,
            attribute: d.attribute,
            value: d.value.as_deref(),
            message: d.message_in(lang),
        }
    }
}

/// Writes the report as JSON: counts per severity and per rule, the selection counts, and
/// every diagnostic with its path; messages in English.
pub fn write_json<W: Write>(report: &Report, out: W) -> io::Result<()> {
    write_json_in(report, Lang::En, out)
}

/// [`write_json`] with the messages in `lang`; the keys are the same in every language.
pub fn write_json_in<W: Write>(report: &Report, lang: Lang, out: W) -> io::Result<()> {
    let per_rule = report
        .counts_by_rule()
        .into_iter()
        .map(|((rule, severity), count)| RuleCount {
            rule: rule.id(),
            severity,
            count,
        })
        .collect();
    let json = JsonReport {
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
        per_rule,
        selection: &report.selection,
        diagnostics: JsonEntries(report, lang),
        not_listed: report.unlisted(),
    };
    serde_json::to_writer_pretty(out, &json).map_err(io::Error::other)
}

/// A readable summary: counts, then the errors and warnings (and info, when `with_info`), at
/// most [`MAX_TERMINAL_ENTRIES`] entries (see [`problem_lines`]).
pub fn summary(report: &Report, with_info: bool) -> String {
    summary_in(report, with_info, Lang::En)
}

/// The counts line of a summary in `lang`: `2 error(s), 1 warning(s), 0 info`.
pub fn counts_line(report: &Report, lang: Lang) -> String {
    crate::i18n::text(
        lang,
        "report.counts",
        &[
            ("errors", &report.count(Severity::Error).to_string()),
            ("warnings", &report.count(Severity::Warning).to_string()),
            ("infos", &report.count(Severity::Info).to_string()),
        ],
    )
}

/// [`summary`] in `lang`.
pub fn summary_in(report: &Report, with_info: bool, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", counts_line(report, lang));
    let width = Severity::ALL
        .iter()
        .map(|v| v.label(lang).chars().count())
        .max()
        .unwrap_or(7);
    for ((rule, severity), count) in report.counts_by_rule() {
        let _ = writeln!(s, "  {:<width$} {rule:<32} {count}", severity.label(lang));
    }
    for line in problem_lines(report, with_info, MAX_TERMINAL_ENTRIES, lang) {
        let _ = writeln!(s, "{line}");
    }
    s
}

/// One line per entry (errors and warnings, and info when `with_info`) for a person to read,
/// at most `max_entries` of them, then one line counting what was left out: the output is
/// bounded whatever the number of diagnostics. An entry that occurred more than once says how
/// often and where else.
pub fn problem_lines(report: &Report, with_info: bool, max_entries: usize, lang: Lang) -> Vec<String> {
    let shown = |e: &Entry<'_>| with_info || e.diagnostic.severity != Severity::Info;
    let mut lines = Vec::new();
    let (mut hidden_entries, mut hidden_count) = (0u64, 0u64);
    for entry in report.entries().filter(shown) {
        if lines.len() < max_entries {
            lines.push(entry_line(&entry, lang));
        } else {
            hidden_entries += 1;
            hidden_count = hidden_count.saturating_add(entry.occurrences);
        }
    }
    if hidden_entries > 0 {
        let (entries, count) = (hidden_entries.to_string(), hidden_count.to_string());
        lines.push(text(
            lang,
            "report.more-entries",
            &[("entries", &entries), ("count", &count)],
        ));
    }
    if report.unlisted() > 0 {
        let (count, limit) = (report.unlisted().to_string(), MAX_REPORT_ENTRIES.to_string());
        lines.push(text(
            lang,
            "report.not-listed",
            &[("count", &count), ("limit", &limit)],
        ));
    }
    lines
}

/// An entry as one line: the diagnostic, and how often and where else it occurred.
pub fn entry_line(entry: &Entry<'_>, lang: Lang) -> String {
    let mut line = entry.diagnostic.display_in(lang);
    if entry.occurrences > 1 {
        let count = entry.occurrences.to_string();
        let places = also_at(entry);
        let more = if places.is_empty() {
            text(lang, "report.repeated", &[("count", &count)])
        } else {
            text(
                lang,
                "report.repeated-at",
                &[("count", &count), ("places", &places)],
            )
        };
        line.push_str(" (");
        line.push_str(&more);
        line.push(')');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{RecordPath, Rule};

    fn sample() -> Report {
        let mut r = Report::new();
        let path = RecordPath::zorgaanbieder("12345678")
            .zorgtraject(Some("EPD, \"7\""), 2)
            .child("Prestatie", 3);
        r.push(
            Diagnostic::new(
                Severity::Error,
                Rule::Required,
                path,
                "Prestatie: required attribute prestatie_code is missing",
            )
            .attribute("prestatie_code"),
        );
        r.push(
            Diagnostic::new(
                Severity::Warning,
                Rule::ItemNotAllowed,
                RecordPath::default(),
                "item 17",
            )
            .value("17"),
        );
        r
    }

    #[test]
    fn csv_has_header_and_one_quoted_row_per_diagnostic() {
        let mut out = Vec::new();
        write_csv(&sample(), &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(&out[..]);
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            CSV_HEADER.to_vec()
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "error");
        assert_eq!(&rows[0][3], "EPD, \"7\"");
        assert_eq!(&rows[0][6], "3");
        assert_eq!(&rows[1][10], "17");
    }

    #[test]
    fn json_carries_counts_and_paths() {
        let mut out = Vec::new();
        write_json(&sample(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["diagnostics"][0]["rule"], "required");
        assert_eq!(v["diagnostics"][0]["path"]["zorgtraject_position"], 2);
        assert_eq!(v["per_rule"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn summary_hides_info_unless_asked() {
        let mut r = sample();
        r.push(Diagnostic::new(
            Severity::Info,
            Rule::ChildAfterQuarter,
            RecordPath::default(),
            "dropped",
        ));
        assert!(!summary(&r, false).contains("dropped"));
        assert!(summary(&r, true).contains("dropped"));
        assert!(summary(&r, false).starts_with("1 error(s), 1 warning(s), 1 info"));
    }

    #[test]
    fn repeated_diagnostics_are_one_row_with_a_count_and_the_terminal_output_is_bounded() {
        let mut r = Report::new();
        for i in 0..300usize {
            let path = RecordPath::zorgaanbieder("12345678").zorgtraject(None, i + 1);
            r.push(
                Diagnostic::new(
                    Severity::Warning,
                    Rule::PrestatieUnknown,
                    path,
                    format!("code {}", i % 60),
                )
                .value(format!("CO{:04}", i % 60)),
            );
        }
        let mut out = Vec::new();
        write_csv(&r, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(&out[..]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 60);
        assert_eq!(&rows[0][12], "5");
        assert_eq!(rows[0][13].matches(" | ").count(), 3);

        let lines = problem_lines(&r, false, 10, Lang::En);
        assert_eq!(lines.len(), 11);
        assert!(lines[0].contains("5 times in all"), "{}", lines[0]);
        assert!(
            lines[10].contains("50 more") && lines[10].contains("250 in all"),
            "{}",
            lines[10]
        );

        let mut json = Vec::new();
        write_json(&r, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["warnings"], 300);
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), 60);
        assert_eq!(v["diagnostics"][0]["count"], 5);
        assert_eq!(v["diagnostics"][0]["also_at"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn every_format_follows_the_language_and_keeps_its_identifiers() {
        let mut r = Report::new();
        r.push(
            Diagnostic::localized(
                Severity::Warning,
                Rule::PrimairMissing,
                RecordPath::default().at_line(4),
                "primair-missing",
                &[],
            )
            .attribute("cl_d5_diagnose_code"),
        );
        let mut csv = Vec::new();
        write_csv_in(&r, Lang::Nl, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.starts_with(&CSV_HEADER.join(",")), "{csv}");
        assert!(
            csv.contains("warning,primair-missing") && csv.contains("geen primaire diagnose"),
            "{csv}"
        );
        let mut json = Vec::new();
        write_json_in(&r, Lang::Nl, &mut json).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let d = &json["diagnostics"][0];
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["rule"], "primair-missing");
        assert!(d["message"].as_str().unwrap().contains("geen primaire diagnose"));
        let text = summary_in(&r, false, Lang::Nl);
        assert!(
            text.starts_with("0 fout(en), 1 waarschuwing(en), 0 melding(en)"),
            "{text}"
        );
        assert!(
            text.contains("waarschuwing [primair-missing] regel 4: het zorgtraject"),
            "{text}"
        );
        assert!(summary_in(&r, false, Lang::En).contains("warning [primair-missing] line 4: the trajectory"));
    }
}
