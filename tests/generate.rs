//! The whole job through the Rust API: the SPEC example, selection in the written file, and
//! the guarantees around errors.

use spiegelinformatie::{
    generate, json, AgbCode, Delivery, GenerateError, GenerateOptions, Item, Meting, Prestatie, Primair,
    Quarter, Rule, SelectionOptions, Severity, Zorgaanbieder, Zorgtraject,
};
use time::macros::{date, datetime};

fn options(q: &str) -> GenerateOptions {
    GenerateOptions::new(q.parse().unwrap(), datetime!(2024-04-03 10:15:00))
}

fn xml_of(delivery: &Delivery, options: &GenerateOptions) -> String {
    let mut out = Vec::new();
    generate(delivery, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn spec_example_input_gives_the_spec_example_xml_byte_for_byte() {
    let input = std::fs::read_to_string("tests/data/spec-example.json").unwrap();
    let (delivery, report) = json::read_delivery_str(&input).unwrap();
    assert!(report.diagnostics.is_empty());
    let expected = std::fs::read_to_string("tests/data/spec-example.xml").unwrap();
    assert_eq!(xml_of(&delivery, &options("2024-Q1")), expected);
}

fn traject(begin: time::Date, end: Option<time::Date>, id: &str) -> Zorgtraject {
    let mut b = Zorgtraject::builder(begin).id(id);
    if let Some(end) = end {
        b = b.einddatum(end);
    }
    b.prestatie(Prestatie::new("CO0018", begin).unwrap())
        .prestatie(Prestatie::new("CO0083", date!(2024 - 05 - 02)).unwrap())
        .build()
        .unwrap()
}

fn worked_examples() -> Delivery {
    let mut d = Delivery::new();
    let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    let rows = [
        (date!(2023 - 06 - 01), Some(date!(2024 - 02 - 15))),
        (date!(2023 - 06 - 01), None),
        (date!(2023 - 06 - 01), Some(date!(2024 - 05 - 10))),
        (date!(2024 - 03 - 31), None),
        (date!(2024 - 01 - 01), Some(date!(2024 - 01 - 01))),
        (date!(2023 - 06 - 01), Some(date!(2023 - 12 - 31))),
        (date!(2024 - 04 - 01), None),
    ];
    for (i, (begin, end)) in rows.into_iter().enumerate() {
        za.add_zorgtraject(traject(begin, end, &format!("T{}", i + 1)));
    }
    d
}

#[test]
fn worked_examples_in_the_written_file() {
    let xml = xml_of(&worked_examples(), &options("2024-Q1"));
    let starts: Vec<&str> = xml.lines().filter(|l| l.contains("<Zorgtraject ")).collect();
    assert_eq!(
        starts,
        vec![
            r#"    <Zorgtraject begindatum="2023-06-01" einddatum="2024-02-15">"#,
            r#"    <Zorgtraject begindatum="2023-06-01">"#,
            r#"    <Zorgtraject begindatum="2023-06-01">"#,
            r#"    <Zorgtraject begindatum="2024-03-31">"#,
            r#"    <Zorgtraject begindatum="2024-01-01" einddatum="2024-01-01">"#,
        ]
    );
    assert!(
        !xml.contains("2024-05-10"),
        "einddatum after the quarter must be left out"
    );
    // Rule 4: all children, whatever their dates (2024-05-02 is after the quarter).
    assert_eq!(xml.matches(r#"datum="2024-05-02""#).count(), 5);
}

#[test]
fn report_counts_the_selection() {
    let mut out = Vec::new();
    let report = generate(&worked_examples(), &options("2024-Q1"), &mut out).unwrap();
    let s = report.selection;
    assert_eq!(
        (s.zorgtrajecten_closed, s.zorgtrajecten_open, s.einddatum_left_out),
        (2, 3, 1)
    );
    assert_eq!(
        (s.zorgtrajecten_ended_before, s.zorgtrajecten_start_after),
        (1, 1)
    );
}

#[test]
fn children_after_the_quarter_can_be_left_out_on_request() {
    let mut opts = options("2024-Q1");
    opts.selection = SelectionOptions {
        drop_children_after_quarter: true,
    };
    let mut out = Vec::new();
    let report = generate(&worked_examples(), &opts, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(!xml.contains(r#"datum="2024-05-02""#));
    assert_eq!(report.selection.children_after_quarter_left_out, 5);
    // Identical diagnostics are one entry with a count (one per trajectory here).
    let dropped: u64 = report
        .entries()
        .filter(|e| e.diagnostic.rule == Rule::ChildAfterQuarter)
        .map(|e| e.occurrences)
        .sum();
    assert_eq!(dropped, 5);
    assert_eq!(
        report.counts_by_rule()[&(Rule::ChildAfterQuarter, Severity::Info)],
        5
    );
    assert!(report
        .iter()
        .filter(|d| d.rule == Rule::ChildAfterQuarter)
        .all(|d| d.severity == Severity::Info));
}

fn with_metingen() -> Delivery {
    let mut d = Delivery::new();
    let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    let meting = |day, codes: &[&str]| {
        codes
            .iter()
            .fold(Meting::new("CQi-GGZ-VZ-AKWA", day).unwrap(), |m, c| {
                m.with_item(Item::new(c, "3").unwrap())
            })
    };
    za.add_meting(meting(date!(2024 - 03 - 31), &["1", "16", "17"]));
    za.add_meting(meting(date!(2024 - 04 - 01), &["2"]));
    za.add_meting(meting(date!(2023 - 12 - 31), &["3"]));
    let t = za.add_zorgtraject(
        Zorgtraject::builder(date!(2024 - 01 - 10))
            .id("EPD-1")
            .primair(Primair::new("D5_5.03", date!(2024 - 01 - 12)).unwrap())
            .build()
            .unwrap(),
    );
    t.add_meting(meting(date!(2023 - 01 - 01), &["5", "99"]));
    d
}

#[test]
fn loose_metingen_by_date_and_items_outside_the_list_dropped_with_a_warning() {
    let mut out = Vec::new();
    let report = generate(&with_metingen(), &options("2024-Q1"), &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains(r#"<Meting meetinstrument_code="CQi-GGZ-VZ-AKWA" datum="2024-03-31">"#));
    assert!(!xml.contains("2024-04-01") && !xml.contains("2023-12-31"));
    // A linked meting is delivered whatever its date; its item 99 is not.
    assert!(xml.contains(r#"datum="2023-01-01""#));
    assert!(!xml.contains(r#"item_code="17""#) && !xml.contains(r#"item_code="99""#));
    assert!(xml.contains(r#"item_code="16""#));
    assert_eq!(report.selection.items_left_out, 2);
    assert_eq!(report.selection.loose_metingen_delivered, 1);
    assert_eq!(report.selection.loose_metingen_left_out, 2);
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ItemNotAllowed)
        .collect();
    assert_eq!(warnings.len(), 2);
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    let linked = warnings
        .iter()
        .find(|w| w.value.as_deref() == Some("99"))
        .unwrap();
    assert_eq!(linked.path.zorgtraject_id.as_deref(), Some("EPD-1"));
    assert_eq!(linked.path.meting_position, Some(1));
    let loose = warnings
        .iter()
        .find(|w| w.value.as_deref() == Some("17"))
        .unwrap();
    assert_eq!(loose.path.zorgtraject_id, None);
    assert_eq!(loose.path.position, Some(3));
}

#[test]
fn output_is_deterministic_and_escaped() {
    let mut d = Delivery::new();
    let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("00000001").unwrap()));
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2024 - 01 - 01))
            .groep_code("Zuid & \"Noord\" <ü>\tx")
            .build()
            .unwrap(),
    );
    let a = xml_of(&d, &options("2024-Q1"));
    assert_eq!(a, xml_of(&d, &options("2024-Q1")));
    assert!(
        a.contains(r#"groep_code="Zuid &amp; &quot;Noord&quot; &lt;ü&gt;&#9;x"/>"#),
        "{a}"
    );
}

#[test]
fn a_file_is_never_written_when_generation_fails() {
    struct Failing;
    impl std::io::Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let err = generate(&worked_examples(), &options("2024-Q1"), Failing).unwrap_err();
    assert!(matches!(err, GenerateError::Io(_)));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nope").join("x.xml");
    assert!(spiegelinformatie::generate_file(&worked_examples(), &options("2024-Q1"), &target).is_err());
    assert!(!target.exists());
}

#[test]
fn quarter_type_drives_the_period() {
    let q: Quarter = "2024-q4".parse().unwrap();
    let xml = xml_of(
        &Delivery::new(),
        &GenerateOptions::new(q, datetime!(2025-01-06 09:30:00)),
    );
    assert!(xml.contains(r#"<Bestand datum_creatie="2025-01-06T09:30:00" begindatum_aangeleverde_periode="2024-10-01" einddatum_aangeleverde_periode="2024-12-31">"#));
}
