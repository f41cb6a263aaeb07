//! Exporting a [`Report`]: CSV (one diagnostic per row), JSON, and a readable text summary.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Report, SelectionCounts, Severity};

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 12] = [
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
];

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_row(d: &Diagnostic) -> [String; 12] {
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
        d.message.clone(),
    ]
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

/// Writes the diagnostics as UTF-8 CSV with a header row, one diagnostic per row.
pub fn write_csv<W: Write>(report: &Report, out: W) -> io::Result<()> {
    let mut w = csv_writer(out);
    w.write_record(CSV_HEADER)?;
    for d in &report.diagnostics {
        w.write_record(csv_row(d))?;
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
    diagnostics: &'r [Diagnostic],
}

/// Writes the report as JSON: counts per severity and per rule, the selection counts, and
/// every diagnostic with its path.
pub fn write_json<W: Write>(report: &Report, out: W) -> io::Result<()> {
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
        diagnostics: &report.diagnostics,
    };
    serde_json::to_writer_pretty(out, &json).map_err(io::Error::other)
}

/// A readable summary: counts, then every error and warning (and info, when `with_info`).
pub fn summary(report: &Report, with_info: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} error(s), {} warning(s), {} info",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    for ((rule, severity), count) in report.counts_by_rule() {
        let _ = writeln!(s, "  {severity:<7} {rule:<32} {count}");
    }
    for d in &report.diagnostics {
        if with_info || d.severity != Severity::Info {
            let _ = writeln!(s, "{d}");
        }
    }
    s
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
}
