//! Fidelity to the information model, held-out cases: an official list spelled `01`…`21`,
//! official codes of shapes the bundled lists do not know, an optional CQi theme, a quarter
//! that has not ended, a foreign file breaking the selection rules, a provider given twice, a
//! prestatie after the einddatum, and a meting left without items.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use spiegelinformatie::json::read_delivery_str;
use spiegelinformatie::{
    generate, validate_file, CodeList, CodeLists, Delivery, GenerateError, GenerateOptions, Quarter, Report,
    Rule, Severity, ValidateFileOptions,
};
use time::macros::datetime;

fn q1() -> Quarter {
    "2024-Q1".parse().unwrap()
}

fn options() -> GenerateOptions {
    GenerateOptions::new(q1(), datetime!(2024-04-03 10:15:00))
}

/// A delivery of provider 12345678 with these trajectories (JSON objects, comma-separated).
fn delivery(trajectories: &str) -> Delivery {
    let json = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{trajectories}]}}]}}"#
    );
    let (delivery, report) = read_delivery_str(&json).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    delivery
}

/// A trajectory open since 2023-11-02 with a primary diagnosis and these extra members.
fn traject(extra: &str) -> String {
    format!(
        r#"{{"id": "T1", "begindatum": "2023-11-02",
        "primair": [{{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}}]{extra}}}"#
    )
}

fn run(delivery: &Delivery, opts: &GenerateOptions) -> (Report, String) {
    let mut out = Vec::new();
    match generate(delivery, opts, &mut out) {
        Ok(report) => (report, String::from_utf8(out).unwrap()),
        Err(GenerateError::Invalid(report)) => (*report, String::new()),
        Err(e) => panic!("{e}"),
    }
}

fn rules(report: &Report) -> Vec<(Rule, Severity)> {
    report.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

fn list(text: &str) -> CodeList {
    CodeList::parse(text, "official.csv").unwrap()
}

fn with_list(text: &str) -> GenerateOptions {
    let mut lists = CodeLists::bundled();
    lists.replace(list(text));
    let mut opts = options();
    opts.codelists = Arc::new(lists);
    opts
}

const ZERO_PADDED: &str = "# list: zorgvraagtype\n# source: NZa Codelijsten Zorgvraagtypering\n\
    # version: test\n# completeness: complete\ncode,omschrijving\n\
    01,a\n02,b\n03,c\n04,d\n05,e\n06,f\n07,g\n08,h\n10,i\n11,j\n12,k\n13,l\n14,m\n15,n\n16,o\n17,p\n18,q\n19,r\n20,s\n21,t\n";

#[test]
fn a_zero_padded_official_list_keeps_its_spelling() {
    let typings = r#", "zorgvraagtypering": [
        {"zorgvraagtype_code_honos": "05", "zorgvraagtype_code": "05", "datum": "2023-11-20"},
        {"zorgvraagtype_code_honos": "5", "zorgvraagtype_code": "ZT12", "datum": "2023-12-01"}]"#;
    let d = delivery(&traject(typings));
    let (report, xml) = run(&d, &with_list(ZERO_PADDED));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        xml.contains(r#"zorgvraagtype_code_honos="05" zorgvraagtype_code="05""#),
        "{xml}"
    );
    // Spellings the list does not have become the list's own, each reported as info.
    assert!(
        xml.contains(r#"zorgvraagtype_code_honos="05" zorgvraagtype_code="12" datum="2023-12-01""#),
        "{xml}"
    );
    assert_eq!(
        rules(&report),
        [
            (Rule::ZorgvraagtypeNormalised, Severity::Info),
            (Rule::ZorgvraagtypeNormalised, Severity::Info)
        ]
    );
    // Against the bundled list (plain numbers) the same input is written as plain numbers.
    let (report, xml) = run(&d, &options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        xml.contains(r#"zorgvraagtype_code_honos="5" zorgvraagtype_code="5""#),
        "{xml}"
    );
}

#[test]
fn official_codes_of_unexpected_shapes_load_and_validate() {
    let dsm = "# list: cl_d5_diagnose_code\n# source: NZa\n# version: t\n# completeness: complete\n\
               code\nD5_23.01\nD5_5.03\n";
    let prestatie = "# list: prestatie\n# source: NZa\n# version: t\n# completeness: complete\n\
                     code\nCO00018\n";
    let mut lists = CodeLists::bundled();
    lists.replace(list(dsm));
    lists.replace(list(prestatie));
    let mut opts = options();
    opts.codelists = Arc::new(lists);
    let extra = r#", "neven": [{"cl_d5_diagnose_code": "D5_23.01"}],
        "prestatie": [{"prestatie_code": "CO00018", "datum": "2023-11-02"}]"#;
    let (report, xml) = run(&delivery(&traject(extra)), &opts);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(xml.contains("CO00018") && xml.contains("D5_23.01"));
    // The bundled partial lists still guard the shapes.
    let (report, _) = run(&delivery(&traject(extra)), &options());
    assert_eq!(
        rules(&report),
        [
            (Rule::Dsm5Format, Severity::Error),
            (Rule::PrestatieFormat, Severity::Error)
        ]
    );
}

#[test]
fn bundled_lists_hold_no_invented_start_date() {
    // A typing and a prestatie dated 2021-12: the bundled lists give no start date, so the
    // codes are valid then.
    let extra = r#", "zorgvraagtypering": [{"zorgvraagtype_code": "3", "datum": "2021-12-15"}],
        "prestatie": [{"prestatie_code": "CO0018", "datum": "2021-12-15"}]"#;
    let d = delivery(&traject(extra).replace("2023-11-02", "2021-12-01"));
    let (report, _) = run(&d, &options());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn an_optional_theme_item_is_delivered_with_a_warning() {
    let meting = r#", "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10",
        "item": [{"item_code": "1", "score": "4"}, {"item_code": "T3", "score": "2"},
                 {"item_code": "19", "score": "1"}]}]"#;
    let (report, xml) = run(&delivery(&traject(meting)), &options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(xml.contains(r#"item_code="T3""#), "{xml}");
    assert!(!xml.contains(r#"item_code="19""#), "{xml}");
    assert_eq!(
        rules(&report),
        [
            (Rule::ItemNotAllowed, Severity::Warning),
            (Rule::ItemCodeUnknown, Severity::Warning)
        ]
    );
    assert_eq!(report.selection.items_left_out, 1);
    let unknown = &report.diagnostics[1];
    assert_eq!(unknown.value.as_deref(), Some("T3"));
    // With a complete official item list, the list decides: a theme on it is delivered,
    // an item off it is left out.
    let items = "# list: items\n# source: Akwa GGZ\n# version: t\n# completeness: complete\n\
                 meetinstrument_code,code\nCQi-GGZ-VZ-AKWA,1\nCQi-GGZ-VZ-AKWA,T3\n";
    let (report, xml) = run(&delivery(&traject(meting)), &with_list(items));
    assert!(report.diagnostics.iter().all(|d| d.rule == Rule::ItemNotAllowed));
    assert!(xml.contains(r#"item_code="T3""#) && !xml.contains(r#"item_code="19""#));
}

#[test]
fn an_empty_meting_is_not_written_and_not_counted() {
    let metingen = r#", "meting": [
        {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10", "item": [{"item_code": "17", "score": "4"}]},
        {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-11"},
        {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-12", "item": [{"item_code": "2", "score": "4"}]}]"#;
    let (report, xml) = run(&delivery(&traject(metingen)), &options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_eq!(xml.matches("<Meting").count(), 1, "{xml}");
    assert!(xml.contains(r#"datum="2024-02-12""#));
    assert_eq!(report.selection.metingen_without_items_left_out, 2);
    // Identical warnings are one entry that keeps every place (up to the limit).
    let left_out: Vec<_> = report
        .entries()
        .filter(|e| e.diagnostic.rule == Rule::MetingWithoutItems)
        .flat_map(|e| e.locations().map(|p| p.position).collect::<Vec<_>>())
        .collect();
    assert_eq!(left_out, [Some(1), Some(2)]);
    // Not counted: the summary of a written quarter counts the one meting written.
    let dir = tempfile::tempdir().unwrap();
    let range = spiegelinformatie::RangeOptions::new(datetime!(2024-04-03 10:15:00));
    let results =
        spiegelinformatie::generate_range(&delivery(&traject(metingen)), q1(), q1(), dir.path(), &range);
    assert_eq!(
        results[0].outcome,
        spiegelinformatie::plan::Outcome::Written(spiegelinformatie::plan::FileCounts {
            zorgtrajecten: 1,
            afgesloten: 0,
            metingen: 1,
            losse_metingen: 0
        })
    );
}

#[test]
fn a_quarter_that_has_not_ended_is_a_warning_and_the_file_is_written() {
    let d = delivery(&traject(""));
    let mut opts = options();
    opts.datum_creatie = datetime!(2024-03-31 23:59:59);
    let (report, xml) = run(&d, &opts);
    assert_eq!(rules(&report), [(Rule::QuarterNotEnded, Severity::Warning)]);
    assert!(!xml.is_empty());
    let w = &report.diagnostics[0];
    assert_eq!(w.value.as_deref(), Some("2024-03-31T23:59:59"));
    assert!(w.message.contains("2024-04-01"), "{}", w.message);
    assert!(w
        .message_in(spiegelinformatie::i18n::Lang::Nl)
        .contains("voorgaande kwartaal"));
    // A quarter that has not even begun says so; the first day after the quarter is fine.
    opts.datum_creatie = datetime!(2023-12-01 08:00:00);
    let (report, _) = run(&d, &opts);
    assert_eq!(
        report.diagnostics[0].text.as_ref().map(|t| t.key),
        Some("quarter-not-ended.not-begun")
    );
    opts.datum_creatie = datetime!(2024-04-01 00:00:00);
    assert!(run(&d, &opts).0.diagnostics.is_empty());
}

#[test]
fn streaming_warns_about_an_unfinished_quarter_too() {
    let line = r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-02", "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2024-01-02"}]}}"#;
    let mut opts = options();
    opts.datum_creatie = datetime!(2024-02-01 09:00:00);
    let (_, report) = spiegelinformatie::stream::generate_jsonl(line.as_bytes(), &opts, Vec::new()).unwrap();
    assert_eq!(rules(&report), [(Rule::QuarterNotEnded, Severity::Warning)]);
}

fn write_xml(dir: &Path, body: &str, period: (&str, &str), created: &str) -> std::path::PathBuf {
    let path = dir.join("foreign.xml");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(
        f,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Bestand datum_creatie="{created}" begindatum_aangeleverde_periode="{}" einddatum_aangeleverde_periode="{}">
  <Zorgaanbieder zorgaanbieder_code="12345678">
{body}
  </Zorgaanbieder>
</Bestand>
"#,
        period.0, period.1
    )
    .unwrap();
    path
}

fn primair() -> &'static str {
    r#"<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>"#
}

#[test]
fn a_foreign_file_breaking_the_selection_rules_gets_one_error_each() {
    let dir = tempfile::tempdir().unwrap();
    let p = primair().replace("2023-11-20", "2024-05-02");
    let body = format!(
        r#"    <Zorgtraject begindatum="2023-11-02">{p}</Zorgtraject>
    <Zorgtraject begindatum="2023-11-02" einddatum="2024-05-10">{p}</Zorgtraject>
    <Zorgtraject begindatum="2023-06-01" einddatum="2023-12-31">{p}</Zorgtraject>
    <Zorgtraject begindatum="2024-04-01">{p}</Zorgtraject>
    <Zorgtraject begindatum="2024-01-01" einddatum="2024-03-31">{p}</Zorgtraject>"#
    );
    let path = write_xml(
        dir.path(),
        &body,
        ("2024-01-01", "2024-03-31"),
        "2024-04-03T10:15:00",
    );
    let report = validate_file(&path, &ValidateFileOptions::default()).unwrap();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity, d.path.zorgtraject_position, d.attribute))
        .collect();
    assert_eq!(
        found,
        [
            (
                Rule::ClosedAfterPeriod,
                Severity::Error,
                Some(2),
                Some("einddatum")
            ),
            (
                Rule::EndedBeforePeriod,
                Severity::Error,
                Some(3),
                Some("einddatum")
            ),
            (
                Rule::StartsAfterPeriod,
                Severity::Error,
                Some(4),
                Some("begindatum")
            ),
        ]
    );
    assert!(report.diagnostics[0]
        .message_in(spiegelinformatie::i18n::Lang::Nl)
        .contains("openstaand"));
}

#[test]
fn a_period_that_is_not_a_quarter_is_a_content_rule() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        r#"    <Zorgtraject begindatum="2024-05-01">{}</Zorgtraject>"#,
        primair().replace("2023-11-20", "2024-05-01")
    );
    let path = write_xml(
        dir.path(),
        &body,
        ("2024-01-01", "2024-06-30"),
        "2024-07-03T10:15:00",
    );
    let report = validate_file(&path, &ValidateFileOptions::default()).unwrap();
    // Not a syntax error: the period is reported, and the content is still checked against
    // the period as written (a trajectory starting in May is within it).
    assert_eq!(rules(&report), [(Rule::PeriodNotQuarter, Severity::Error)]);
    assert_eq!(
        report.diagnostics[0].attribute,
        Some("begindatum_aangeleverde_periode")
    );
    assert!(report.diagnostics.iter().all(|d| d.rule != Rule::Syntax));
    // The strict reader (used to re-write or preview a file) still refuses it.
    assert!(spiegelinformatie::xml::read::read_bestand_file(&path).is_err());
}

#[test]
fn a_file_created_before_its_quarter_ended_gets_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        r#"    <Zorgtraject begindatum="2023-11-02">{}</Zorgtraject>"#,
        primair()
    );
    let path = write_xml(
        dir.path(),
        &body,
        ("2024-01-01", "2024-03-31"),
        "2024-03-15T10:15:00",
    );
    let report = validate_file(&path, &ValidateFileOptions::default()).unwrap();
    assert_eq!(rules(&report), [(Rule::QuarterNotEnded, Severity::Warning)]);
}

#[test]
fn a_prestatie_or_typing_after_the_einddatum_is_a_warning_a_meting_is_not() {
    let t = r#"{"id": "T9", "begindatum": "2023-11-02", "einddatum": "2024-02-15",
        "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}],
        "zorgvraagtypering": [{"zorgvraagtype_code": "3", "datum": "2024-02-20"}],
        "prestatie": [{"prestatie_code": "CO0018", "datum": "2024-02-15"},
                      {"prestatie_code": "CO0083", "datum": "2024-02-16"}],
        "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01",
                    "item": [{"item_code": "1", "score": "4"}]}]}"#;
    let (report, xml) = run(&delivery(t), &options());
    assert!(!xml.is_empty());
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity, d.path.element, d.path.position))
        .collect();
    assert_eq!(
        found,
        [
            (
                Rule::ChildAfterEinddatum,
                Severity::Warning,
                Some("Zorgvraagtypering"),
                Some(1)
            ),
            (
                Rule::ChildAfterEinddatum,
                Severity::Warning,
                Some("Prestatie"),
                Some(2)
            ),
        ]
    );
    assert_eq!(report.diagnostics[1].value.as_deref(), Some("2024-02-16"));
}

const TWICE_JSON: &str = r#"{"zorgaanbieder": [
    {"zorgaanbieder_code": "12345678", "zorgtraject": [{"begindatum": "2024-01-02"}]},
    {"zorgaanbieder_code": "87654321", "zorgtraject": [{"begindatum": "2024-01-02"}]},
    {"zorgaanbieder_code": "12345678", "zorgtraject": [{"begindatum": "2024-01-03"}]}]}"#;

fn twice_errors(report: &Report) -> Vec<Option<String>> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ZorgaanbiederNotContiguous)
        .inspect(|d| assert_eq!(d.severity, Severity::Error))
        .map(|d| d.path.zorgaanbieder.clone())
        .collect()
}

#[test]
fn a_provider_given_twice_is_refused_on_every_input_path() {
    let twelve = Some("12345678".to_string());
    // JSON and the Delivery API (the JSON becomes a Delivery with two equal providers).
    let (d, read) = read_delivery_str(TWICE_JSON).unwrap();
    assert!(read.diagnostics.is_empty());
    let (report, xml) = run(&d, &options());
    assert!(xml.is_empty());
    assert_eq!(twice_errors(&report), std::slice::from_ref(&twelve));
    // JSON Lines, collected and streamed.
    let jsonl = "{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2024-01-02\"}}\n\
                 {\"zorgaanbieder_code\": \"87654321\", \"zorgtraject\": {\"begindatum\": \"2024-01-02\"}}\n\
                 {\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2024-01-03\"}}\n";
    let fatal = spiegelinformatie::jsonl::read_delivery(jsonl.as_bytes()).unwrap_err();
    assert_eq!(fatal.rule, Rule::ZorgaanbiederNotContiguous);
    let (_, report) =
        spiegelinformatie::stream::generate_jsonl(jsonl.as_bytes(), &options(), Vec::new()).unwrap();
    assert!(report.has_errors());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::ZorgaanbiederNotContiguous));
    // A file with two Zorgaanbieder elements of one AGB code.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.xml");
    std::fs::write(
        &path,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Bestand datum_creatie="2024-04-03T10:15:00" begindatum_aangeleverde_periode="2024-01-01" einddatum_aangeleverde_periode="2024-03-31">
  <Zorgaanbieder zorgaanbieder_code="12345678"/>
  <Zorgaanbieder zorgaanbieder_code="12345678"/>
</Bestand>
"#,
    )
    .unwrap();
    let report = validate_file(&path, &ValidateFileOptions::default()).unwrap();
    assert_eq!(twice_errors(&report), [twelve]);
}

#[test]
fn a_provider_given_twice_through_the_c_abi_blocks_the_file() {
    use spiegelinformatie::ffi::*;
    let t = |s: &'static str| (s.as_ptr(), s.len());
    unsafe {
        let mut d = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        let (q, ql) = t("2024-Q1");
        assert_eq!(spiegel_delivery_set_quarter(d, q, ql), SPIEGEL_OK);
        let mut id = 0;
        for _ in 0..2 {
            let (c, cl) = t("12345678");
            assert_eq!(spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut id), SPIEGEL_OK);
        }
        let mut report = std::ptr::null_mut();
        assert_eq!(
            spiegel_delivery_validate(d, &mut report),
            SPIEGEL_DELIVERY_HAS_ERRORS
        );
        let mut count = 0;
        assert_eq!(spiegel_report_count(report, &mut count), SPIEGEL_OK);
        let rule_of = |i: usize| {
            let mut buf = [0u8; 64];
            let mut len = 0;
            assert_eq!(
                spiegel_report_rule(report, i, buf.as_mut_ptr(), buf.len(), &mut len),
                SPIEGEL_OK
            );
            String::from_utf8(buf[..len].to_vec()).unwrap()
        };
        let found: Vec<String> = (0..count).map(rule_of).collect();
        assert!(
            found.iter().any(|r| r == "zorgaanbieder-not-contiguous"),
            "{found:?}"
        );
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn a_range_says_its_last_quarter_has_not_ended() {
    let d = delivery(&traject(""));
    let dir = tempfile::tempdir().unwrap();
    let range = spiegelinformatie::RangeOptions::new(datetime!(2024-05-10 09:00:00));
    let results = spiegelinformatie::generate_range(&d, q1(), "2024-Q2".parse().unwrap(), dir.path(), &range);
    assert!(results.iter().all(|r| r.written()));
    assert!(!results[0].quarter_not_ended());
    assert!(!results[0].summary().contains("had not ended"));
    assert!(results[1].quarter_not_ended());
    assert!(
        results[1]
            .summary()
            .contains("2024-Q2 had not ended (it ends 2024-06-30)"),
        "{}",
        results[1].summary()
    );
}

/// One trajectory that cannot be represented (a prestatie on 30 February) and one that can.
const ONE_BAD: &str = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
    {"id": "BAD", "begindatum": "2023-11-02", "prestatie": [{"prestatie_code": "CO0018", "datum": "2024-02-30"}]},
    {"id": "GOOD", "begindatum": "2023-11-03", "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}]}]}]}"#;

#[test]
fn leaving_out_what_cannot_be_represented_is_off_by_default() {
    let (_, mut read) = read_delivery_str(ONE_BAD).unwrap();
    let opts = options();
    opts.admit_unrepresentable(&mut read);
    assert_eq!(rules(&read), [(Rule::Date, Severity::Error)]);
}

#[test]
fn leaving_out_what_cannot_be_represented_writes_the_rest() {
    let (d, mut read) = read_delivery_str(ONE_BAD).unwrap();
    let mut opts = options();
    opts.leave_out_unrepresentable = true;
    opts.admit_unrepresentable(&mut read);
    assert!(!read.has_errors());
    assert_eq!(
        rules(&read),
        [
            (Rule::Date, Severity::Warning),
            (Rule::RecordLeftOut, Severity::Info)
        ]
    );
    assert_eq!(read.diagnostics[0].path.zorgtraject_id.as_deref(), Some("BAD"));
    let (report, xml) = run(&d, &opts);
    assert!(!report.has_errors());
    assert_eq!(xml.matches("<Zorgtraject").count(), 1, "{xml}");
    assert!(xml.contains(r#"begindatum="2023-11-03""#));
    // JSON Lines, streamed: the same.
    let jsonl = "{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2023-11-02\", \"prestatie\": [{\"prestatie_code\": \"CO0018\", \"datum\": \"2024-02-30\"}]}}\n\
                 {\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2023-11-03\", \"primair\": [{\"cl_d5_diagnose_code\": \"D5_5.03\", \"datum\": \"2023-11-20\"}]}}\n";
    let (out, report) =
        spiegelinformatie::stream::generate_jsonl(jsonl.as_bytes(), &opts, Vec::new()).unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(report.diagnostics.iter().any(|d| d.rule == Rule::RecordLeftOut));
    assert_eq!(String::from_utf8(out).unwrap(), xml);
}

#[test]
fn json_lines_go_on_after_an_unreadable_agb_code() {
    let jsonl = "{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2023-11-02\"}}\n\
                 {\"zorgaanbieder_code\": \"1234\", \"zorgtraject\": {\"begindatum\": \"2023-11-03\"}}\n\
                 {\"zorgaanbieder_code\": \"1234\", \"meting\": {\"meetinstrument_code\": \"CQi-GGZ-VZ-AKWA\", \"datum\": \"2024-01-03\"}}\n\
                 {\"zorgaanbieder_code\": \"87654321\", \"zorgtraject\": {\"begindatum\": \"2024-02-30\"}}\n\
                 {\"zorgaanbieder_code\": \"87654321\", \"zorgtraject\": {\"begindatum\": \"2024-01-04\"}}\n";
    // By default every problem is reported in one run, and the file is blocked.
    let (_, report) =
        spiegelinformatie::stream::generate_jsonl(jsonl.as_bytes(), &options(), Vec::new()).unwrap();
    assert!(report.has_errors());
    let agb = report
        .entries()
        .find(|e| e.diagnostic.rule == Rule::AgbCode)
        .expect("the unreadable AGB code is reported");
    assert_eq!(agb.diagnostic.severity, Severity::Error);
    assert_eq!(agb.occurrences, 2, "both lines of that provider");
    assert!(
        report.diagnostics.iter().any(|d| d.rule == Rule::Date),
        "line 4 was read too"
    );
    // Leaving out what cannot be represented: both providers that can be read are written.
    let mut opts = options();
    opts.leave_out_unrepresentable = true;
    let (out, report) =
        spiegelinformatie::stream::generate_jsonl(jsonl.as_bytes(), &opts, Vec::new()).unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains(r#"zorgaanbieder_code="12345678""#));
    assert!(xml.contains(r#"<Zorgtraject begindatum="2024-01-04"/>"#), "{xml}");
    assert!(!xml.contains("1234\""));
}

#[test]
fn the_c_abi_leaves_out_a_trajectory_with_a_refused_child_on_request() {
    use spiegelinformatie::ffi::*;
    let t = |s: &'static str| (s.as_ptr(), s.len());
    unsafe {
        let mut d = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        let (q, ql) = t("2024-Q1");
        spiegel_delivery_set_quarter(d, q, ql);
        let (c, cl) = t("2024-04-03T10:15:00");
        spiegel_delivery_set_datum_creatie(d, c, cl);
        let (mut za, mut bad, mut good) = (0, 0, 0);
        let (c, cl) = t("12345678");
        spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut za);
        for (begin, id) in [("2023-11-02", &mut bad), ("2023-11-03", &mut good)] {
            let (b, bl) = (begin.as_ptr(), begin.len());
            let code = spiegel_delivery_add_zorgtraject(
                d,
                za,
                std::ptr::null(),
                0,
                b,
                bl,
                std::ptr::null(),
                0,
                std::ptr::null(),
                0,
                id,
            );
            assert_eq!(code, SPIEGEL_OK);
        }
        let ((p, pl), (x, xl)) = (t("CO0018"), t("2024-02-30"));
        assert_eq!(
            spiegel_delivery_add_prestatie(d, bad, p, pl, x, xl),
            SPIEGEL_INVALID_VALUE
        );
        let write = || {
            let mut len = 0;
            let code =
                spiegel_delivery_write_buffer(d, std::ptr::null_mut(), 0, &mut len, std::ptr::null_mut());
            if code != SPIEGEL_BUFFER_TOO_SMALL {
                return (code, String::new());
            }
            let mut buf = vec![0u8; len + 1];
            let code =
                spiegel_delivery_write_buffer(d, buf.as_mut_ptr(), buf.len(), &mut len, std::ptr::null_mut());
            buf.truncate(len);
            (code, String::from_utf8(buf).unwrap())
        };
        assert_eq!(write().0, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert_eq!(
            spiegel_delivery_set_leave_out_unrepresentable(d, 2),
            SPIEGEL_INVALID_VALUE
        );
        assert_eq!(spiegel_delivery_set_leave_out_unrepresentable(d, 1), SPIEGEL_OK);
        let (code, xml) = write();
        assert_eq!(code, SPIEGEL_OK);
        assert_eq!(xml.matches("<Zorgtraject").count(), 1, "{xml}");
        assert!(xml.contains(r#"begindatum="2023-11-03""#), "{xml}");
        let mut report = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_validate(d, &mut report), SPIEGEL_OK);
        let (mut errors, mut warnings, mut infos) = (0, 0, 0);
        spiegel_report_count_severity(report, SPIEGEL_SEVERITY_ERROR, &mut errors);
        spiegel_report_count_severity(report, SPIEGEL_SEVERITY_WARNING, &mut warnings);
        spiegel_report_count_severity(report, SPIEGEL_SEVERITY_INFO, &mut infos);
        // The refused prestatie's date, and the kept trajectory's missing primary diagnosis;
        // one record-left-out info.
        assert_eq!((errors, warnings, infos), (0, 2, 1));
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn the_cli_leaves_out_what_cannot_be_represented_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    std::fs::write(&input, ONE_BAD).unwrap();
    let out = dir.path().join("q1.xml");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "generate",
            "-i",
            input.to_str().unwrap(),
            "-k",
            "2024-Q1",
            "-o",
            out.to_str().unwrap(),
            "--created",
            "2024-04-03T10:15:00",
            "-q",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_spiegel"))
            .args(&args)
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists());
    let written = run(&["--leave-out-unrepresentable"]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(xml.matches("<Zorgtraject").count(), 1);
    assert!(String::from_utf8_lossy(&written.stderr).contains("2024-02-30"));
}

#[test]
fn a_background_question_in_a_foreign_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        r#"    <Zorgtraject begindatum="2023-11-02">{}
      <Meting meetinstrument_code="CQi-GGZ-VZ-AKWA" datum="2024-02-10">
        <Item item_code="1" score="4"/>
        <Item item_code="T2" score="3"/>
        <Item item_code="21" score="1"/>
      </Meting>
    </Zorgtraject>"#,
        primair()
    );
    let path = write_xml(
        dir.path(),
        &body,
        ("2024-01-01", "2024-03-31"),
        "2024-04-03T10:15:00",
    );
    let report = validate_file(&path, &ValidateFileOptions::default()).unwrap();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity, d.value.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::ItemCodeUnknown, Severity::Warning, Some("T2")),
            (Rule::ItemNotAllowed, Severity::Warning, Some("21")),
        ]
    );
}

#[test]
fn the_c_stream_leaves_out_a_trajectory_with_a_refused_child_on_request() {
    use spiegelinformatie::ffi::*;
    let t = |s: &'static str| (s.as_ptr(), s.len());
    let none = (std::ptr::null(), 0usize);
    let dir = tempfile::tempdir().unwrap();
    let run = |leave_out: u32, name: &str| unsafe {
        let path = dir.path().join(name);
        let path_text = path.to_str().unwrap().to_string();
        let mut s = std::ptr::null_mut();
        let ((q, ql), (c, cl)) = (t("2024-Q1"), t("2024-04-03T10:15:00"));
        let code = spiegel_stream_new_file(path_text.as_ptr(), path_text.len(), q, ql, c, cl, &mut s);
        assert_eq!(code, SPIEGEL_OK);
        assert_eq!(
            spiegel_stream_set_leave_out_unrepresentable(s, leave_out),
            SPIEGEL_OK
        );
        let (a, al) = t("12345678");
        assert_eq!(spiegel_stream_start_zorgaanbieder(s, a, al), SPIEGEL_OK);
        for (key, begin, bad) in [("BAD", "2023-11-02", true), ("GOOD", "2023-11-03", false)] {
            let ((k, kl), (b, bl)) = ((key.as_ptr(), key.len()), (begin.as_ptr(), begin.len()));
            let code = spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, none.0, none.1, none.0, none.1);
            assert_eq!(code, SPIEGEL_OK);
            let datum = if bad { "2024-02-30" } else { "2024-01-10" };
            let ((p, pl), (d, dl)) = (t("CO0018"), (datum.as_ptr(), datum.len()));
            let expected = if bad { SPIEGEL_INVALID_VALUE } else { SPIEGEL_OK };
            assert_eq!(spiegel_stream_add_prestatie(s, p, pl, d, dl), expected);
            assert_eq!(spiegel_stream_end_zorgtraject(s), SPIEGEL_OK);
        }
        let mut errors = 0;
        spiegel_stream_count_errors(s, &mut errors);
        let mut report = std::ptr::null_mut();
        let code = spiegel_stream_finish(s, &mut report);
        spiegel_report_free(report);
        spiegel_stream_free(s);
        (code, errors, std::fs::read_to_string(&path).ok())
    };
    let (code, errors, file) = run(0, "blocked.xml");
    assert_eq!((code, errors, file), (SPIEGEL_DELIVERY_HAS_ERRORS, 1, None));
    let (code, errors, file) = run(1, "written.xml");
    assert_eq!((code, errors), (SPIEGEL_OK, 0));
    let xml = file.unwrap();
    assert_eq!(xml.matches("<Zorgtraject").count(), 1, "{xml}");
    assert!(xml.contains(r#"begindatum="2023-11-03""#), "{xml}");
}

#[test]
fn the_documents_vendors_get_point_to_the_projects_own_account_of_the_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in [
        "README.md",
        "CHANGELOG.md",
        "codelists/README.md",
        "include/spiegelinformatie.h",
    ] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        assert!(
            !text.contains("SPEC.md"),
            "{doc} points to SPEC.md, which vendors do not have"
        );
    }
    let model = std::fs::read_to_string(root.join("docs/information-model.md")).unwrap();
    for must in [
        "## The hierarchy",
        "## Every attribute",
        "## Which records go into a quarter's file",
        "**2024 – Q3**",
        "## What the PVM does",
        "## Every interpretation the library makes",
    ] {
        assert!(model.contains(must), "docs/information-model.md lacks '{must}'");
    }
    // Every attribute of the model has its row.
    for name in spiegelinformatie::names::ATTRIBUTES {
        assert!(
            model.contains(&format!("`{name}`")),
            "docs/information-model.md lacks {name}"
        );
    }
}
