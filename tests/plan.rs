//! Planning: the files of a range of quarters in one call, and what is due and missing.

use std::fs;
use std::path::Path;

use spiegelinformatie::plan::{
    file_name, generate_range, read_period, schedule, FileCounts, Outcome, RangeOptions,
};
use spiegelinformatie::{
    AgbCode, Delivery, Diagnostic, Meting, Quarter, RecordPath, Report, Rule, Severity, Zorgaanbieder,
    Zorgtraject,
};
use time::macros::{date, datetime};

fn q(text: &str) -> Quarter {
    text.parse().unwrap()
}

fn delivery(codes: &[&str]) -> Delivery {
    let mut delivery = Delivery::new();
    for code in codes {
        let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new(code).unwrap()));
        // Closed in 2024-Q1, with a linked meting.
        za.add_zorgtraject(
            Zorgtraject::builder(date!(2023 - 11 - 02))
                .einddatum(date!(2024 - 02 - 15))
                .meting(Meting::new("CQi-GGZ-VZ-AKWA", date!(2024 - 02 - 01)).unwrap())
                .build()
                .unwrap(),
        );
        // Open from 2024-04-01 on.
        za.add_zorgtraject(Zorgtraject::builder(date!(2024 - 04 - 01)).build().unwrap());
        za.add_meting(Meting::new("CQi-GGZ-VZ-AKWA", date!(2024 - 03 - 01)).unwrap());
    }
    delivery
}

fn options() -> RangeOptions {
    RangeOptions::new(datetime!(2025-01-06 09:30:00))
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn file_names_are_deterministic() {
    assert_eq!(
        file_name(&delivery(&["12345678"]), q("2024-Q1")),
        "spiegelinformatie_12345678_2024Q1.xml"
    );
    assert_eq!(
        file_name(&delivery(&["12345678", "12345678"]), q("2024-Q4")),
        "spiegelinformatie_12345678_2024Q4.xml"
    );
    assert_eq!(
        file_name(&delivery(&["12345678", "87654321"]), q("2024-Q2")),
        "spiegelinformatie_multi_2024Q2.xml"
    );
    assert_eq!(
        file_name(&Delivery::new(), q("2024-Q2")),
        "spiegelinformatie_multi_2024Q2.xml"
    );
}

#[test]
fn generate_range_writes_one_file_per_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let d = delivery(&["12345678"]);
    let results = generate_range(&d, q("2024-Q1"), q("2024-Q3"), dir.path(), &options());
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|r| r.written()), "{results:?}");
    assert_eq!(
        names(dir.path()),
        [
            "spiegelinformatie_12345678_2024Q1.xml",
            "spiegelinformatie_12345678_2024Q2.xml",
            "spiegelinformatie_12345678_2024Q3.xml"
        ]
    );
    assert_eq!(
        results[0].outcome,
        Outcome::Written(FileCounts {
            zorgtrajecten: 1,
            afgesloten: 1,
            metingen: 1,
            losse_metingen: 1
        })
    );
    assert_eq!(
        results[1].outcome,
        Outcome::Written(FileCounts {
            zorgtrajecten: 1,
            afgesloten: 0,
            metingen: 0,
            losse_metingen: 0
        })
    );
    assert_eq!(
        results[0].summary(),
        "2024-Q1: wrote spiegelinformatie_12345678_2024Q1.xml: 1 zorgtrajecten (1 afgesloten), \
         1 metingen, 1 losse metingen; 0 errors, 0 warnings"
    );
    let q2 = fs::read_to_string(dir.path().join("spiegelinformatie_12345678_2024Q2.xml")).unwrap();
    assert!(q2.contains(
        r#"begindatum_aangeleverde_periode="2024-04-01" einddatum_aangeleverde_periode="2024-06-30""#
    ));
    assert!(generate_range(&d, q("2024-Q3"), q("2024-Q1"), dir.path(), &options()).is_empty());
}

#[test]
fn an_erroneous_quarter_gets_no_file_and_the_others_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = delivery(&["12345678", "87654321"]);
    let opts = options().with_check(|_, generate_options| {
        let mut report = Report::new();
        if generate_options.quarter == "2024-Q2".parse().unwrap() {
            report.push(Diagnostic::new(
                Severity::Error,
                Rule::Required,
                RecordPath::zorgaanbieder("12345678"),
                "test error",
            ));
        }
        report.push(Diagnostic::new(
            Severity::Warning,
            Rule::ItemNotAllowed,
            RecordPath::default(),
            "test warning",
        ));
        report
    });
    let results = generate_range(&d, q("2024-Q1"), q("2024-Q3"), dir.path(), &opts);
    let written: Vec<bool> = results.iter().map(|r| r.written()).collect();
    assert_eq!(written, [true, false, true]);
    assert_eq!(results[1].outcome, Outcome::Invalid);
    assert!(!results[1].path.exists());
    let summary = results[1].to_string();
    assert!(
        summary.starts_with("2024-Q2: no file written: the delivery has 1 error(s)"),
        "{summary}"
    );
    assert!(summary.contains("test error"), "{summary}");
    assert!(results[0].summary().ends_with("0 errors, 1 warnings"));
    assert_eq!(
        names(dir.path()),
        [
            "spiegelinformatie_multi_2024Q1.xml",
            "spiegelinformatie_multi_2024Q3.xml"
        ]
    );
}

#[test]
fn an_unwritable_directory_fails_every_quarter_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("does-not-exist");
    let results = generate_range(
        &delivery(&["12345678"]),
        q("2024-Q1"),
        q("2024-Q2"),
        &missing,
        &options(),
    );
    assert_eq!(results.len(), 2);
    for r in &results {
        assert!(matches!(r.outcome, Outcome::Failed(_)), "{r:?}");
        assert!(r.summary().contains("no file written"));
    }
}

#[test]
fn schedule_lists_the_quarters_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = delivery(&["12345678"]);
    let opts = options();
    generate_range(&d, q("2024-Q1"), q("2024-Q2"), dir.path(), &opts);
    generate_range(&d, q("2024-Q4"), q("2024-Q4"), dir.path(), &opts);
    // A file whose name lies: its header says 2023-Q4.
    generate_range(&d, q("2023-Q4"), q("2023-Q4"), dir.path(), &opts);
    fs::rename(
        dir.path().join("spiegelinformatie_12345678_2023Q4.xml"),
        dir.path().join("old-export.XML"),
    )
    .unwrap();
    fs::write(dir.path().join("garbage.xml"), b"\x00\xff\xfe not xml at all").unwrap();
    fs::write(dir.path().join("other.xml"), "<html><body/></html>").unwrap();
    fs::write(dir.path().join("notes.txt"), "ignored").unwrap();

    let s = schedule(date!(2025 - 02 - 01), q("2023-Q3"), dir.path()).unwrap();
    assert_eq!(s.due.quarter, q("2024-Q4"));
    assert_eq!(s.due.begindatum, date!(2024 - 10 - 01));
    assert_eq!(s.due.einddatum, date!(2024 - 12 - 31));
    assert_eq!(s.missing, [q("2023-Q3"), q("2024-Q3")]);
    let found: Vec<String> = s.found.iter().map(|f| f.quarter.to_string()).collect();
    assert_eq!(found, ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q4"]);
    let skipped: Vec<String> = s
        .skipped
        .iter()
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["garbage.xml", "other.xml"]);
    assert!(s.skipped[1].reason.contains("<html>"), "{}", s.skipped[1].reason);
    let summary = s.summary();
    assert!(
        summary.contains("Due: 2024-Q4 (period 2024-10-01 to 2024-12-31)"),
        "{summary}"
    );
    assert!(summary.contains("Missing: 2023-Q3, 2024-Q3"), "{summary}");
    assert!(summary.contains("Skipped"), "{summary}");

    // Up to date: nothing missing from 2024-Q4 on.
    let s = schedule(date!(2025 - 02 - 01), q("2024-Q4"), dir.path()).unwrap();
    assert!(s.missing.is_empty());
    // A year later everything from 2024-Q4 to 2025-Q4 is missing but 2024-Q4.
    let s = schedule(date!(2026 - 01 - 10), q("2024-Q4"), dir.path()).unwrap();
    assert_eq!(
        s.missing,
        [q("2025-Q1"), q("2025-Q2"), q("2025-Q3"), q("2025-Q4")]
    );
}

#[test]
fn schedule_of_a_missing_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(schedule(date!(2025 - 02 - 01), q("2024-Q1"), &dir.path().join("nope")).is_err());
}

#[test]
fn read_period_reads_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let results = generate_range(
        &delivery(&["12345678"]),
        q("2024-Q3"),
        q("2024-Q3"),
        dir.path(),
        &options(),
    );
    assert_eq!(read_period(&results[0].path).unwrap(), q("2024-Q3"));
}
