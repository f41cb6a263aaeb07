//! Exporting a [`Report`]: CSV (one diagnostic per row), JSON, and a readable text summary.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, SelectionCounts, Severity};
use crate::i18n::Lang;

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

fn csv_row(d: &Diagnostic, lang: Lang) -> [String; 12] {
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
    ]
}

/// Writes the diagnostics as UTF-8 CSV with a header row, one diagnostic per row, messages
/// in English.
pub fn write_csv<W: Write>(report: &Report, out: W) -> io::Result<()> {
    write_csv_in(report, Lang::En, out)
}

/// [`write_csv`] with the messages in `lang`. The header and every other column are
/// language-neutral identifiers and values.
pub fn write_csv_in<W: Write>(report: &Report, lang: Lang, out: W) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for d in &report.diagnostics {
        w.write_record(csv_row(d, lang))?;
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
    diagnostics: Vec<DiagnosticJson<'r>>,
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
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| DiagnosticJson::new(d, lang))
            .collect(),
    };
    serde_json::to_writer_pretty(out, &json).map_err(io::Error::other)
}

/// A readable summary in English: counts, then every error and warning (and info, when
/// `with_info`).
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
    for d in &report.diagnostics {
        if with_info || d.severity != Severity::Info {
            let _ = writeln!(s, "{}", d.display_in(lang));
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
