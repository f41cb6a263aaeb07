//! Content validation through the public API: code lists, dates, organisation structure and
//! the privacy guard, each rule with a passing and a failing case.

use std::path::Path;
use std::sync::Arc;

use spiegelinformatie::json::read_delivery_str;
use spiegelinformatie::model::Bestand;
use spiegelinformatie::{
    generate, generate_file, validate_bestand, CodeLists, Completeness, Delivery, GenerateError,
    GenerateOptions, ListName, Organisatie, Quarter, Report, Rule, SelectionOptions, Severity,
};
use time::macros::datetime;

fn q1() -> Quarter {
    "2024-Q1".parse().unwrap()
}

fn options() -> GenerateOptions {
    GenerateOptions::new(q1(), datetime!(2024-04-03 10:15:00))
}

/// A trajectory (JSON) inside a delivery of provider 12345678.
fn delivery(trajectories: &str, loose: &str) -> Delivery {
    let json = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{trajectories}], "meting": [{loose}]}}]}}"#
    );
    let (delivery, report) = read_delivery_str(&json).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    delivery
}

const ITEMS: &str = r#""item": [{"item_code": "1", "score": "4"}, {"item_code": "2", "score": "5"}]"#;

/// A trajectory `T1` that began on 2023-11-02, with these JSON members.
fn traject(fields: &str) -> String {
    format!(r#"{{"id": "T1", "begindatum": "2023-11-02", {fields}}}"#)
}

fn clean_children() -> String {
    format!(
        r#""groep_code": "Locatie A",
        "primair": [{{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}}],
        "neven": [{{"cl_d5_diagnose_code": "D5_6.01"}}],
        "zorgvraagtypering": [{{"zorgvraagtype_code_honos": "3", "zorgvraagtype_code": "3", "datum": "2023-11-20"}}],
        "prestatie": [{{"prestatie_code": "CO0018", "datum": "2023-11-02"}}],
        "meting": [{{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10", {ITEMS}}}]"#
    )
}

/// Generates into memory with `opts`; returns the report and the XML (empty on errors).
/// The once-per-run note that groep_codes were not checked against an organisation structure
/// (tested in tests/privacy.rs) is taken out of the report.
fn run(delivery: &Delivery, opts: &GenerateOptions) -> (Report, String) {
    let mut out = Vec::new();
    let (mut report, xml) = match generate(delivery, opts, &mut out) {
        Ok(report) => (report, String::from_utf8(out).unwrap()),
        Err(GenerateError::Invalid(report)) => {
            assert!(out.is_empty(), "nothing may be written when there are errors");
            (*report, String::new())
        }
        Err(e) => panic!("{e}"),
    };
    let before = report.diagnostics.len();
    report.diagnostics.retain(|d| d.rule != Rule::GroepCodeUnchecked);
    assert!(
        before - report.diagnostics.len() <= 1,
        "the note comes once per run"
    );
    (report, xml)
}

fn found(report: &Report) -> Vec<(Rule, Severity)> {
    report.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

fn has(report: &Report, rule: Rule, severity: Severity) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.rule == rule && d.severity == severity)
}

/// The clean trajectory with one field replaced by `field` (a JSON member, or "" to drop it).
fn with(key: &str, field: &str) -> String {
    let children: Vec<String> = clean_children()
        .split(",\n")
        .map(str::trim)
        .filter(|m| !m.starts_with(&format!("\"{key}\"")))
        .map(str::to_string)
        .collect();
    let mut members = children;
    if !field.is_empty() {
        members.push(field.to_string());
    }
    traject(&members.join(", "))
}

fn write_list(dir: &Path, file: &str, list: &str, completeness: &str, header: &str, rows: &[&str]) {
    let text = format!(
        "# list: {list}\n# source: test\n# version: t1\n# completeness: {completeness}\n{header}\n{}\n",
        rows.join("\n")
    );
    std::fs::write(dir.join(file), text).unwrap();
}

#[test]
fn a_clean_delivery_has_no_diagnostics() {
    let (report, xml) = run(&delivery(&traject(&clean_children()), ""), &options());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(xml.contains(r#"<Prestatie prestatie_code="CO0018" datum="2023-11-02"/>"#));
}

#[test]
fn dsm5_format_is_an_error_for_primair_and_neven() {
    for (key, field) in [
        (
            "primair",
            r#""primair": [{"cl_d5_diagnose_code": "D5_05.03", "datum": "2023-11-20"}]"#,
        ),
        ("neven", r#""neven": [{"cl_d5_diagnose_code": "F41.0"}]"#),
    ] {
        let (report, xml) = run(&delivery(&with(key, field), ""), &options());
        assert_eq!(found(&report), [(Rule::Dsm5Format, Severity::Error)], "{key}");
        let d = &report.diagnostics[0];
        assert_eq!(d.attribute, Some("cl_d5_diagnose_code"));
        assert!(d.message.contains("D5_<chapter 1-22"), "{}", d.message);
        assert!(xml.is_empty());
    }
}

#[test]
fn unknown_dsm5_code_is_a_warning_against_the_partial_list_and_an_error_against_a_complete_one() {
    let field = r#""primair": [{"cl_d5_diagnose_code": "D5_9.01", "datum": "2023-11-20"}]"#;
    let d = delivery(&with("primair", field), "");
    let (report, xml) = run(&d, &options());
    assert_eq!(found(&report), [(Rule::Dsm5Unknown, Severity::Warning)]);
    assert!(report.diagnostics[0].message.contains("partial"));
    assert!(xml.contains("D5_9.01"));

    let dir = tempfile::tempdir().unwrap();
    let header = "code,omschrijving,ingangsdatum,einddatum";
    write_list(
        dir.path(),
        "dsm.csv",
        "cl_d5_diagnose_code",
        "complete",
        header,
        &["D5_5.03,Paniekstoornis,2022-01-01,", "D5_6.01,,2022-01-01,"],
    );
    let mut opts = options();
    opts.codelists = Arc::new(CodeLists::load_dir(dir.path()).unwrap());
    let (report, xml) = run(&d, &opts);
    assert_eq!(found(&report), [(Rule::Dsm5Unknown, Severity::Error)]);
    assert!(xml.is_empty());
}

#[test]
fn a_code_valid_until_the_end_of_2023_is_unknown_in_2024() {
    let dir = tempfile::tempdir().unwrap();
    let header = "code,omschrijving,ingangsdatum,einddatum";
    write_list(
        dir.path(),
        "p.csv",
        "prestatie",
        "complete",
        header,
        &["CO0018,old,2022-01-01,2023-12-31", "CO0083,new,2024-01-01,"],
    );
    let mut opts = options();
    opts.codelists = Arc::new(CodeLists::load_dir(dir.path()).unwrap());

    let late = r#""prestatie": [{"prestatie_code": "CO0018", "datum": "2024-01-05"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", late), ""), &opts);
    assert_eq!(found(&report), [(Rule::PrestatieUnknown, Severity::Error)]);
    assert!(
        report.diagnostics[0].message.contains("2022-01-01 to 2023-12-31"),
        "{}",
        report.diagnostics[0].message
    );

    let in_time = r#""prestatie": [{"prestatie_code": "CO0018", "datum": "2023-12-31"}, {"prestatie_code": "CO0083", "datum": "2024-01-05"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", in_time), ""), &opts);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn neven_is_checked_against_the_trajectory_period() {
    let dir = tempfile::tempdir().unwrap();
    let header = "code,omschrijving,ingangsdatum,einddatum";
    write_list(
        dir.path(),
        "d.csv",
        "cl_d5_diagnose_code",
        "complete",
        header,
        &["D5_5.03,,2022-01-01,", "D5_6.01,,2022-01-01,2023-12-31"],
    );
    let mut opts = options();
    opts.codelists = Arc::new(CodeLists::load_dir(dir.path()).unwrap());
    // Began 2023-11-02: D5_6.01 was valid during the trajectory.
    let (report, _) = run(&delivery(&traject(&clean_children()), ""), &opts);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    // Began 2024-01-02: never valid during it.
    let late = traject(&clean_children())
        .replace("2023-11-02", "2024-01-02")
        .replace("2023-11-20", "2024-01-20");
    let (report, _) = run(&delivery(&late, ""), &opts);
    assert_eq!(found(&report), [(Rule::Dsm5Unknown, Severity::Error)]);
    assert_eq!(report.diagnostics[0].path.element, Some("Neven"));
}

#[test]
fn zorgvraagtype_outside_the_list_is_an_error() {
    for (honos, code) in [("9", "3"), ("3", "22"), ("3", "Z5")] {
        let field = format!(
            r#""zorgvraagtypering": [{{"zorgvraagtype_code_honos": "{honos}", "zorgvraagtype_code": "{code}", "datum": "2023-11-20"}}]"#
        );
        let (report, xml) = run(&delivery(&with("zorgvraagtypering", &field), ""), &options());
        assert_eq!(
            found(&report),
            [(Rule::ZorgvraagtypeUnknown, Severity::Error)],
            "{honos}/{code}"
        );
        assert!(
            report.diagnostics[0]
                .message
                .contains("1, 2, 3, 4, 5, 6, 7, 8, 10,"),
            "{}",
            report.diagnostics[0].message
        );
        assert!(xml.is_empty());
    }
}

#[test]
fn zorgvraagtype_05_and_zt05_are_written_as_5_with_an_info() {
    let field = r#""zorgvraagtypering": [{"zorgvraagtype_code_honos": "ZT05", "zorgvraagtype_code": "05", "datum": "2023-11-20"}]"#;
    let (report, xml) = run(&delivery(&with("zorgvraagtypering", field), ""), &options());
    assert_eq!(
        found(&report),
        [
            (Rule::ZorgvraagtypeNormalised, Severity::Info),
            (Rule::ZorgvraagtypeNormalised, Severity::Info)
        ]
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.attribute, Some("zorgvraagtype_code_honos"));
    assert_eq!(d.value.as_deref(), Some("ZT05"));
    assert_eq!(
        d.path.to_string(),
        "Zorgaanbieder 12345678 › Zorgtraject 'T1' › Zorgvraagtypering #1"
    );
    assert_eq!(report.diagnostics[1].value.as_deref(), Some("05"));
    assert!(
        xml.contains(
            r#"<Zorgvraagtypering zorgvraagtype_code_honos="5" zorgvraagtype_code="5" datum="2023-11-20"/>"#
        ),
        "{xml}"
    );
}

#[test]
fn prestatie_format_is_an_error_and_an_unknown_code_a_warning() {
    let bad = r#""prestatie": [{"prestatie_code": "co0018", "datum": "2023-11-02"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", bad), ""), &options());
    assert_eq!(found(&report), [(Rule::PrestatieFormat, Severity::Error)]);
    let unknown = r#""prestatie": [{"prestatie_code": "CO9999", "datum": "2023-11-02"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", unknown), ""), &options());
    assert_eq!(found(&report), [(Rule::PrestatieUnknown, Severity::Warning)]);
}

#[test]
fn unknown_meetinstrument_is_an_error() {
    let loose = format!(r#"{{"meetinstrument_code": "CQi-GGZ", "datum": "2024-03-01", {ITEMS}}}"#);
    let (report, xml) = run(&delivery("", &loose), &options());
    assert!(
        has(&report, Rule::MeetinstrumentUnknown, Severity::Error),
        "{:?}",
        found(&report)
    );
    assert!(xml.is_empty());
    let loose = format!(r#"{{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01", {ITEMS}}}"#);
    let (report, _) = run(&delivery("", &loose), &options());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn items_off_the_list_are_dropped_in_generate_and_reported_in_a_file_read_back() {
    let loose = r#"{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01",
        "item": [{"item_code": "1", "score": "3"}, {"item_code": "17", "score": "3"}]}"#;
    let d = delivery("", loose);
    let (report, xml) = run(&d, &options());
    assert_eq!(found(&report), [(Rule::ItemNotAllowed, Severity::Warning)]);
    assert!(!xml.contains("item_code=\"17\""));

    let bestand = Bestand {
        datum_creatie: datetime!(2024-04-03 10:15:00),
        kwartaal: q1(),
        zorgaanbieders: d.zorgaanbieders.clone(),
    };
    // Item 17 is a background question the model leaves out: named as such in a file.
    let report = validate_bestand(&bestand, &CodeLists::bundled(), None);
    assert_eq!(found(&report), [(Rule::ItemNotAllowed, Severity::Warning)]);
    assert_eq!(
        report.diagnostics[0].path.to_string(),
        "Zorgaanbieder 12345678 › Meting #1 › Item #2"
    );
}

#[test]
fn scores_are_checked_per_instrument() {
    let loose = r#"{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01",
        "item": [{"item_code": "1", "score": "5"}, {"item_code": "2", "score": "7"}]}"#;
    let (report, _) = run(&delivery("", loose), &options());
    assert_eq!(found(&report), [(Rule::ScoreUnknown, Severity::Warning)]);
    assert_eq!(report.diagnostics[0].value.as_deref(), Some("7"));
    assert_eq!(report.diagnostics[0].path.position, Some(2));
}

#[test]
fn a_meting_without_items_is_a_warning_and_not_written() {
    let field = r#""meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10"}]"#;
    let (report, xml) = run(&delivery(&with("meting", field), ""), &options());
    assert_eq!(found(&report), [(Rule::MetingWithoutItems, Severity::Warning)]);
    assert!(!xml.is_empty() && !xml.contains("<Meting"), "{xml}");
    assert_eq!(report.selection.metingen_without_items_left_out, 1);
    // Only a background question given: it is dropped, and the meting left empty is not written
    // nor counted as a delivered loose meting.
    let loose = r#"{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01", "item": [{"item_code": "17", "score": "1"}]}"#;
    let (report, xml) = run(&delivery("", loose), &options());
    assert_eq!(
        found(&report),
        [
            (Rule::ItemNotAllowed, Severity::Warning),
            (Rule::MetingWithoutItems, Severity::Warning)
        ]
    );
    assert!(!xml.contains("<Meting"), "{xml}");
    assert_eq!(report.selection.loose_metingen_delivered, 0);
    assert_eq!(report.selection.metingen_without_items_left_out, 1);
}

#[test]
fn a_trajectory_without_primary_diagnosis_is_a_warning() {
    let (report, xml) = run(&delivery(&with("primair", ""), ""), &options());
    assert_eq!(found(&report), [(Rule::PrimairMissing, Severity::Warning)]);
    assert!(!xml.is_empty());
}

#[test]
fn children_dated_before_begindatum_are_warnings() {
    let field = r#""prestatie": [{"prestatie_code": "CO0018", "datum": "2023-11-02"}, {"prestatie_code": "CO0083", "datum": "2023-11-01"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", field), ""), &options());
    assert_eq!(found(&report), [(Rule::ChildBeforeBegindatum, Severity::Warning)]);
    let d = &report.diagnostics[0];
    assert_eq!((d.path.element, d.path.position), (Some("Prestatie"), Some(2)));
    assert!(d.message.contains("on or after 2023-11-02"));
    let field = r#""meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2023-10-01", "item": [{"item_code": "1", "score": "4"}]}]"#;
    let (report, _) = run(&delivery(&with("meting", field), ""), &options());
    assert_eq!(found(&report), [(Rule::ChildBeforeBegindatum, Severity::Warning)]);
}

#[test]
fn groep_code_must_be_in_the_organisation_structure() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("organisatie.csv");
    std::fs::write(&file, "groep_code\nLocatie A\nLocatie B\n").unwrap();
    let mut opts = options();
    opts.organisatie = Some(Arc::new(Organisatie::load_file(&file).unwrap()));
    let (report, _) = run(&delivery(&traject(&clean_children()), ""), &opts);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    let other = with("groep_code", r#""groep_code": "Locatie C""#);
    let (report, xml) = run(&delivery(&other, ""), &opts);
    assert_eq!(found(&report), [(Rule::GroepCodeUnknown, Severity::Error)]);
    assert!(report.diagnostics[0].message.contains("Locatie A, Locatie B"));
    assert!(xml.is_empty());
    // Without an organisation structure any groep_code is accepted.
    let (report, _) = run(&delivery(&other, ""), &options());
    assert!(report.diagnostics.is_empty());
}

#[test]
fn a_groep_code_that_looks_like_a_bsn_is_an_error() {
    let bsn = with("groep_code", r#""groep_code": "111222333""#);
    let (report, xml) = run(&delivery(&bsn, ""), &options());
    assert_eq!(found(&report), [(Rule::PrivacyBsn, Severity::Error)]);
    assert!(xml.is_empty());
    let not_bsn = with("groep_code", r#""groep_code": "123456789""#);
    let (report, _) = run(&delivery(&not_bsn, ""), &options());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn a_groep_code_with_a_date_is_an_error() {
    for code in ["Team 12-03-1987", "1987-03-12", "Kamer 12031987"] {
        let t = with("groep_code", &format!(r#""groep_code": "{code}""#));
        let (report, _) = run(&delivery(&t, ""), &options());
        assert_eq!(found(&report), [(Rule::PrivacyDate, Severity::Error)], "{code}");
    }
    let t = with("groep_code", r#""groep_code": "Locatie 12-13""#);
    let (report, _) = run(&delivery(&t, ""), &options());
    assert!(report.diagnostics.is_empty());
}

#[test]
fn records_left_out_by_selection_are_not_validated() {
    let old = r#"{"begindatum": "2022-01-01", "einddatum": "2023-12-31", "groep_code": "111222333",
        "primair": [{"cl_d5_diagnose_code": "bad", "datum": "2022-01-01"}]}"#;
    let loose = r#"{"meetinstrument_code": "unknown", "datum": "2023-12-01"}"#;
    let (report, xml) = run(&delivery(old, loose), &options());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(!xml.is_empty());
}

#[test]
fn children_left_out_on_request_are_not_validated_and_positions_follow_the_input() {
    let field = r#""prestatie": [{"prestatie_code": "bad", "datum": "2024-05-01"}, {"prestatie_code": "CO0018", "datum": "2023-11-01"}]"#;
    let mut opts = options();
    opts.selection = SelectionOptions {
        drop_children_after_quarter: true,
    };
    let (report, xml) = run(&delivery(&with("prestatie", field), ""), &opts);
    assert_eq!(
        found(&report),
        [
            (Rule::ChildAfterQuarter, Severity::Info),
            (Rule::ChildBeforeBegindatum, Severity::Warning)
        ]
    );
    assert_eq!(report.diagnostics[1].path.position, Some(2));
    assert!(!xml.contains("bad"));
}

#[test]
fn generating_with_an_error_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xml");
    let bad = with(
        "prestatie",
        r#""prestatie": [{"prestatie_code": "X", "datum": "2023-11-02"}]"#,
    );
    match generate_file(&delivery(&bad, ""), &options(), &path) {
        Err(GenerateError::Invalid(report)) => assert!(report.has_errors()),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(!path.exists());
}

#[test]
fn load_dir_replaces_only_the_lists_it_has() {
    let dir = tempfile::tempdir().unwrap();
    write_list(
        dir.path(),
        "any-name.csv",
        "prestatie",
        "complete",
        "code,ingangsdatum",
        &["CO0018,2022-01-01"],
    );
    std::fs::write(dir.path().join("README.md"), "not a list").unwrap();
    let lists = CodeLists::load_dir(dir.path()).unwrap();
    let prestatie = lists.list(ListName::Prestatie);
    assert_eq!(prestatie.completeness(), Completeness::Complete);
    assert_eq!(prestatie.entries().len(), 1);
    assert_eq!(prestatie.version(), "t1");
    assert_eq!(
        lists.list(ListName::Zorgvraagtype),
        CodeLists::bundled().list(ListName::Zorgvraagtype)
    );

    let mut opts = options();
    opts.codelists = Arc::new(lists);
    let p = r#""prestatie": [{"prestatie_code": "CO0083", "datum": "2023-11-02"}]"#;
    let (report, _) = run(&delivery(&with("prestatie", p), ""), &opts);
    assert_eq!(found(&report), [(Rule::PrestatieUnknown, Severity::Error)]);
}

#[test]
fn a_loaded_items_list_decides_which_items_are_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let header = "meetinstrument_code,code,omschrijving,ingangsdatum,einddatum";
    write_list(
        dir.path(),
        "items.csv",
        "items",
        "complete",
        header,
        &["CQi-GGZ-VZ-AKWA,1,,,", "CQi-GGZ-VZ-AKWA,T1,theme,2024-01-01,"],
    );
    let mut opts = options();
    opts.codelists = Arc::new(CodeLists::load_dir(dir.path()).unwrap());
    let loose = r#"{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01",
        "item": [{"item_code": "1", "score": "3"}, {"item_code": "2", "score": "3"}, {"item_code": "T1", "score": "3"}]}"#;
    let (report, xml) = run(&delivery("", loose), &opts);
    assert_eq!(found(&report), [(Rule::ItemNotAllowed, Severity::Warning)]);
    assert!(
        xml.contains(r#"item_code="T1""#) && !xml.contains(r#"item_code="2""#),
        "{xml}"
    );
}

#[test]
fn load_file_replaces_one_list() {
    let dir = tempfile::tempdir().unwrap();
    write_list(
        dir.path(),
        "m.csv",
        "meetinstrument",
        "complete",
        "code",
        &["OTHER-INSTRUMENT"],
    );
    let mut lists = CodeLists::bundled();
    assert_eq!(
        lists.load_file(dir.path().join("m.csv")).unwrap(),
        ListName::Meetinstrument
    );
    assert_eq!(
        lists.list(ListName::Meetinstrument).entries()[0].code(),
        "OTHER-INSTRUMENT"
    );
}

#[test]
fn malformed_list_files_are_refused_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_list(
        dir.path(),
        "p.csv",
        "prestatie",
        "partial",
        "code,omschrijving,ingangsdatum,einddatum",
        &["CO0018,a,,", "CO0083,b,2024-13-01,"],
    );
    let err = CodeLists::load_dir(dir.path()).unwrap_err();
    assert_eq!(err.line, Some(7));
    assert!(err.origin.ends_with("p.csv"), "{err}");
    assert!(
        err.to_string()
            .contains("ingangsdatum '2024-13-01' is not a real date"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    write_list(dir.path(), "a.csv", "scores", "partial", "code", &["1"]);
    write_list(dir.path(), "b.csv", "scores", "partial", "code", &["2"]);
    let err = CodeLists::load_dir(dir.path()).unwrap_err();
    assert!(err.to_string().contains("already loaded"), "{err}");

    let err = CodeLists::load_dir(dir.path().join("missing")).unwrap_err();
    assert!(err.to_string().contains("cannot read the directory"), "{err}");
}

#[test]
fn validate_bestand_checks_everything_in_the_file() {
    let t = with(
        "prestatie",
        r#""prestatie": [{"prestatie_code": "CO0018", "datum": "2025-01-01"}]"#,
    );
    // A trajectory ending before the quarter is in the file: it breaks the selection rules and
    // its content is checked all the same.
    let old = r#"{"begindatum": "2022-01-01", "einddatum": "2023-12-31", "groep_code": "01-01-1990"}"#;
    let d = delivery(&format!("{t}, {old}"), "");
    let bestand = Bestand {
        datum_creatie: datetime!(2024-04-03 10:15:00),
        kwartaal: q1(),
        zorgaanbieders: d.zorgaanbieders,
    };
    let org = Organisatie::new(["Locatie A"]);
    let report = validate_bestand(&bestand, &CodeLists::bundled(), Some(&org));
    assert_eq!(
        found(&report),
        [
            (Rule::EndedBeforePeriod, Severity::Error),
            // A value the privacy guard stops is not checked further (so it is shown masked
            // only): no groep-code-unknown for it.
            (Rule::PrivacyDate, Severity::Error),
            (Rule::PrimairMissing, Severity::Warning),
        ]
    );
    assert_eq!(report.diagnostics[0].path.zorgtraject_position, Some(2));
    assert_eq!(report.diagnostics[1].path.zorgtraject_position, Some(2));
}

#[test]
fn every_new_rule_has_a_stable_id() {
    for (rule, id) in [
        (Rule::ChildBeforeBegindatum, "child-before-begindatum"),
        (Rule::Dsm5Format, "cl-d5-diagnose-code-format"),
        (Rule::Dsm5Unknown, "cl-d5-diagnose-code-unknown"),
        (Rule::ZorgvraagtypeUnknown, "zorgvraagtype-code-unknown"),
        (Rule::ZorgvraagtypeNormalised, "zorgvraagtype-code-normalised"),
        (Rule::PrestatieFormat, "prestatie-code-format"),
        (Rule::PrestatieUnknown, "prestatie-code-unknown"),
        (Rule::MeetinstrumentUnknown, "meetinstrument-code-unknown"),
        (Rule::ItemCodeUnknown, "item-code-unknown"),
        (Rule::ScoreUnknown, "score-unknown"),
        (Rule::MetingWithoutItems, "meting-without-items"),
        (Rule::PrimairMissing, "primair-missing"),
        (Rule::GroepCodeUnknown, "groep-code-unknown"),
        (Rule::PrivacyBsn, "privacy-bsn"),
        (Rule::PrivacyEmail, "privacy-email"),
        (Rule::PrivacyPhone, "privacy-phone"),
        (Rule::PrivacyDate, "privacy-date"),
        (Rule::ScoreFormat, "score-format"),
        (Rule::ItemCodeFormat, "item-code-format"),
        (Rule::GroepCodeBlank, "groep-code-blank"),
        (Rule::GroepCodeTrimmed, "groep-code-trimmed"),
        (Rule::GroepCodeUnchecked, "groep-code-unchecked"),
    ] {
        assert_eq!(rule.id(), id);
        assert_eq!(Rule::from_id(id), Some(rule));
    }
    // Renamed ids still find their rule.
    assert_eq!(Rule::from_id("groep-code-bsn"), Some(Rule::PrivacyBsn));
    assert_eq!(Rule::from_id("groep-code-date"), Some(Rule::PrivacyDate));
}
