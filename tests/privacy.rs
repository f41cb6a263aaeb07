//! The privacy guard: a corpus of person data in every attribute (tests/data/privacy/), the
//! negatives that must pass (location names, every bundled code), a property over random
//! BSNs, every input path, the masked report, the score and item_code shapes, groep_code
//! blank/trimmed/unchecked, and CSV formula neutralisation.

use std::io::Cursor;
use std::ptr;

use proptest::prelude::*;
use serde_json::json;
use spiegelinformatie::json::read_delivery_str;
use spiegelinformatie::names::attr;
use spiegelinformatie::privacy::{self, scan_attribute, GUARDED};
use spiegelinformatie::stream::{generate_jsonl, StreamGenerator};
use spiegelinformatie::{
    generate, preview_delivery, validate_bestand, validate_file, AgbCode, BuiltinDiagnosegroepen, CodeLists,
    Delivery, Diagnostic, GenerateError, GenerateOptions, Item, Meting, Organisatie, Quarter, Report, Rule,
    Severity, ValidateFileOptions, Zorgaanbieder, Zorgtraject,
};
use time::macros::{date, datetime};

const PRIVACY_RULES: [Rule; 4] = [
    Rule::PrivacyBsn,
    Rule::PrivacyEmail,
    Rule::PrivacyPhone,
    Rule::PrivacyDate,
];

fn q1() -> Quarter {
    "2024-Q1".parse().unwrap()
}

fn options() -> GenerateOptions {
    GenerateOptions::new(q1(), datetime!(2024-04-03 10:15:00))
}

/// `\u{XXXX}` escapes in a corpus value.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let close = after.find('}').expect("closing brace");
        let code = u32::from_str_radix(&after[..close], 16).expect("hex");
        out.push(char::from_u32(code).expect("a character"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The lines of a corpus file, split at tabs, comments and empty lines skipped.
fn corpus(file: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("tests/data/privacy/{file}")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(unescape).collect())
        .collect()
}

fn attribute(name: &str) -> &'static str {
    GUARDED
        .iter()
        .copied()
        .find(|a| *a == name)
        .unwrap_or_else(|| panic!("{name} is not a guarded attribute"))
}

/// A delivery (JSON) of one clean trajectory and one loose meting, with `value` in
/// `attribute` (in the trajectory, or in an item of its meting).
fn delivery_json(attribute: &str, value: &str) -> String {
    let mut traject = json!({
        "id": "T1",
        "begindatum": "2023-11-02",
        "groep_code": "Locatie A",
        "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}],
        "neven": [{"cl_d5_diagnose_code": "D5_6.01"}],
        "zorgvraagtypering": [{"zorgvraagtype_code_honos": "3", "zorgvraagtype_code": "3", "datum": "2023-11-20"}],
        "prestatie": [{"prestatie_code": "CO0018", "datum": "2023-11-02"}],
        "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10",
                    "item": [{"item_code": "1", "score": "4"}]}]
    });
    let slot = match attribute {
        "groep_code" => &mut traject["groep_code"],
        "cl_d5_diagnose_code" => &mut traject["primair"][0]["cl_d5_diagnose_code"],
        "zorgvraagtype_code_honos" => &mut traject["zorgvraagtypering"][0]["zorgvraagtype_code_honos"],
        "zorgvraagtype_code" => &mut traject["zorgvraagtypering"][0]["zorgvraagtype_code"],
        "prestatie_code" => &mut traject["prestatie"][0]["prestatie_code"],
        "meetinstrument_code" => &mut traject["meting"][0]["meetinstrument_code"],
        "item_code" => &mut traject["meting"][0]["item"][0]["item_code"],
        "score" => &mut traject["meting"][0]["item"][0]["score"],
        other => panic!("no slot for {other}"),
    };
    *slot = json!(value);
    json!({"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [traject]}]}).to_string()
}

/// Generates into memory; returns the report and the bytes written (none on errors).
fn run(delivery: &Delivery, opts: &GenerateOptions) -> (Report, Vec<u8>) {
    let mut out = Vec::new();
    match generate(delivery, opts, &mut out) {
        Ok(report) => (report, out),
        Err(GenerateError::Invalid(report)) => {
            assert!(out.is_empty(), "nothing may be written when there are errors");
            (*report, out)
        }
        Err(e) => panic!("{e}"),
    }
}

fn run_json(attribute: &str, value: &str) -> (Report, Vec<u8>) {
    let (delivery, read) = read_delivery_str(&delivery_json(attribute, value)).unwrap();
    assert!(!read.has_errors(), "{:?}", read.diagnostics);
    run(&delivery, &options())
}

fn privacy_hits(report: &Report) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| PRIVACY_RULES.contains(&d.rule))
        .collect()
}

/// The report shows `raw` nowhere: not in a value, not in a message.
fn assert_masked(report: &Report, raw: &str) {
    let trimmed = raw.trim();
    for d in &report.diagnostics {
        assert!(
            d.value.as_deref() != Some(trimmed) && !d.message.contains(trimmed),
            "the report shows '{raw}' unmasked: {d}"
        );
    }
    let mut csv = Vec::new();
    spiegelinformatie::report::write_csv(report, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        !csv.contains(trimmed),
        "the report CSV shows '{raw}' unmasked: {csv}"
    );
}

#[test]
fn the_corpus_is_large_enough_and_covers_every_attribute_and_pattern() {
    let positives = corpus("positives.tsv");
    let negatives = corpus("negatives.tsv");
    assert!(positives.len() + negatives.len() >= 60);
    for a in GUARDED {
        for rule in PRIVACY_RULES {
            assert!(
                positives.iter().any(|p| p[0] == a && p[1] == rule.id()),
                "no positive for {a} / {rule}"
            );
        }
    }
    for name in [
        "Locatie A",
        "Team Noord 2",
        "Afdeling K-12",
        "Kliniek 3B",
        "Zorgteam 2024",
        "Polikliniek Zuid-Oost",
    ] {
        assert!(negatives.iter().any(|n| n[1] == name), "{name}");
    }
}

#[test]
fn every_positive_blocks_the_file_with_its_rule_and_a_masked_value() {
    for p in corpus("positives.tsv") {
        let (a, rule, value) = (attribute(&p[0]), Rule::from_id(&p[1]).unwrap(), &p[2]);
        let (report, xml) = run_json(a, value);
        assert!(xml.is_empty(), "{a} = {value:?} reached the file");
        let hit = privacy_hits(&report)
            .into_iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("{a} = {value:?}: no {rule}: {:?}", report.diagnostics));
        assert_eq!(hit.severity, Severity::Error);
        assert_eq!(hit.attribute, Some(a));
        let shown = hit.value.as_deref().unwrap();
        assert!(shown.contains("***"), "{shown}");
        assert!(
            hit.message.contains(a) && hit.message.contains(shown),
            "{}",
            hit.message
        );
        assert_masked(&report, value);
    }
}

#[test]
fn no_negative_is_a_privacy_hit() {
    for n in corpus("negatives.tsv") {
        let (a, value) = (attribute(&n[0]), &n[1]);
        assert_eq!(scan_attribute(a, value), [], "{a} = {value:?}");
        let (report, _) = run_json(a, value);
        assert!(
            privacy_hits(&report).is_empty(),
            "{a} = {value:?}: {:?}",
            report.diagnostics
        );
    }
}

/// The code column of every bundled list, with the attribute its codes go into.
fn bundled_codes() -> Vec<(&'static str, String)> {
    let lists = [
        ("cl_d5_diagnose_code.csv", attr::CL_D5_DIAGNOSE_CODE, 0),
        ("diagnosegroep.csv", attr::CL_D5_DIAGNOSE_CODE, 0),
        ("zorgvraagtype.csv", attr::ZORGVRAAGTYPE_CODE, 0),
        ("prestatie.csv", attr::PRESTATIE_CODE, 0),
        ("meetinstrument.csv", attr::MEETINSTRUMENT_CODE, 0),
        ("items.csv", attr::ITEM_CODE, 1),
        ("scores.csv", attr::SCORE, 1),
    ];
    let mut codes = Vec::new();
    for (file, attribute, column) in lists {
        let text = std::fs::read_to_string(format!("codelists/{file}")).unwrap();
        let mut rows = text.lines().filter(|l| !l.starts_with('#')).skip(1);
        for row in rows.by_ref() {
            let code = row.split(',').nth(column).unwrap().to_string();
            codes.push((attribute, code));
        }
    }
    codes
}

#[test]
fn every_bundled_code_passes() {
    let codes = bundled_codes();
    assert!(codes.len() > 80, "{}", codes.len());
    for (attribute, code) in codes {
        assert_eq!(scan_attribute(attribute, &code), [], "{attribute} = {code}");
        // The codes also pass when they stand in any other attribute.
        if attribute != attr::CL_D5_DIAGNOSE_CODE {
            for a in GUARDED {
                assert_eq!(scan_attribute(a, &code), [], "{a} = {code}");
            }
        }
    }
}

/// Eight random digits and the ninth that makes them pass the elfproef, or `None` when that
/// would have to be 10.
fn bsn(digits: [u8; 8]) -> Option<String> {
    let sum: u32 = digits
        .iter()
        .zip([9u32, 8, 7, 6, 5, 4, 3, 2])
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    let last = sum % 11;
    let all_zero = digits.iter().all(|d| *d == 0) && last == 0;
    (last < 10 && !all_zero).then(|| {
        digits
            .iter()
            .chain([&(last as u8)])
            .map(|d| char::from(b'0' + d))
            .collect()
    })
}

const SEPARATORS: [&str; 10] = [
    " ", ".", "-", "/", "_", " - ", "\u{200B}", "\u{AD}", "\u{2060}", "\u{FEFF}",
];

/// The BSN cut into groups at `cuts`, joined with separators, digits full-width when asked.
fn spelled(bsn: &str, cuts: &[usize], seps: &[usize], full_width: bool) -> String {
    let mut out = String::new();
    for (i, c) in bsn.chars().enumerate() {
        if let Some(k) = cuts.iter().position(|cut| *cut == i) {
            out.push_str(SEPARATORS[seps[k] % SEPARATORS.len()]);
        }
        out.push(if full_width {
            char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap()
        } else {
            c
        });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_random_bsn_with_random_separators_in_a_random_attribute_is_always_an_error(
        digits in prop::array::uniform8(0u8..10),
        cuts in prop::collection::btree_set(1usize..9, 0..4),
        seps in prop::collection::vec(0usize..10, 4),
        full_width in any::<bool>(),
        which in 0usize..GUARDED.len(),
        prefix in prop::sample::select(vec!["", "Team ", "BSN ", "Locatie A ", "x", "nr. "]),
        suffix in prop::sample::select(vec!["", " Noord", "-B", " (patiënt)"]),
    ) {
        let Some(number) = bsn(digits) else { return Ok(()) };
        let cuts: Vec<usize> = cuts.into_iter().collect();
        let value = format!("{prefix}{}{suffix}", spelled(&number, &cuts, &seps, full_width));
        let a = GUARDED[which];
        let (report, xml) = run_json(a, &value);
        prop_assert!(xml.is_empty());
        let hits = privacy_hits(&report);
        prop_assert!(!hits.is_empty(), "{} = {:?}: {:?}", a, value, report.diagnostics);
        prop_assert!(hits.iter().all(|d| d.severity == Severity::Error && d.attribute == Some(a)));
        prop_assert!(report.diagnostics.iter().all(|d| d.value.as_deref() != Some(value.as_str())));
    }
}

// --- every input path ---

const BSN: &str = "111 222 333";
const MASKED: &str = "111 *** ***";

fn assert_bsn_blocked(report: &Report) {
    let hit = privacy_hits(report)
        .into_iter()
        .find(|d| d.rule == Rule::PrivacyBsn)
        .unwrap_or_else(|| panic!("no privacy-bsn: {:?}", report.diagnostics));
    assert_eq!(hit.attribute, Some(attr::GROEP_CODE));
    assert_eq!(hit.value.as_deref(), Some(MASKED));
    assert!(report.has_errors());
}

fn traject_with_bsn() -> Zorgtraject {
    Zorgtraject::builder(date!(2023 - 11 - 02))
        .id("T1")
        .groep_code(BSN)
        .build()
        .unwrap()
}

#[test]
fn rust_api() {
    let mut d = Delivery::new();
    d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()))
        .add_zorgtraject(traject_with_bsn());
    let (report, xml) = run(&d, &options());
    assert!(xml.is_empty());
    assert_bsn_blocked(&report);
}

#[test]
fn json() {
    let (report, xml) = run_json(attr::GROEP_CODE, BSN);
    assert!(xml.is_empty());
    assert_bsn_blocked(&report);
}

#[test]
fn json_lines() {
    let line = format!(
        r#"{{"zorgaanbieder_code": "12345678", "zorgtraject": {{"begindatum": "2023-11-02", "groep_code": "{BSN}"}}}}"#
    );
    let (_, report) = generate_jsonl(Cursor::new(line), &options(), Vec::new()).unwrap();
    assert_bsn_blocked(&report);
}

#[test]
fn streaming_generator() {
    let mut s = StreamGenerator::new(Vec::new(), options()).unwrap();
    s.start_zorgaanbieder(AgbCode::new("12345678").unwrap()).unwrap();
    s.zorgtraject(&traject_with_bsn()).unwrap();
    let (_, report) = s.finish().unwrap();
    assert_bsn_blocked(&report);
}

#[test]
fn validate_of_an_xml_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bestand.xml");
    let xml = std::fs::read_to_string("tests/data/spec-example.xml").unwrap();
    let marked = xml.replacen(r#"groep_code="Locatie A""#, &format!(r#"groep_code="{BSN}""#), 1);
    assert_ne!(marked, xml);
    std::fs::write(&file, marked).unwrap();
    let report = validate_file(&file, &ValidateFileOptions::default()).unwrap();
    assert_bsn_blocked(&report);
}

mod c_abi {
    use super::*;
    use spiegelinformatie::ffi::*;

    fn t(s: &str) -> (*const u8, usize) {
        (s.as_ptr(), s.len())
    }

    fn field(
        r: *const spiegel_report,
        i: usize,
        f: unsafe extern "C" fn(*const spiegel_report, usize, *mut u8, usize, *mut usize) -> u32,
    ) -> String {
        let mut buf = vec![0u8; 1024];
        let mut len = 0;
        assert_eq!(
            unsafe { f(r, i, buf.as_mut_ptr(), buf.len(), &mut len) },
            SPIEGEL_OK
        );
        buf.truncate(len);
        String::from_utf8(buf).unwrap()
    }

    /// (rule, value) of every diagnostic in the report.
    fn rules_and_values(r: *const spiegel_report) -> Vec<(String, String)> {
        let mut count = 0;
        unsafe { spiegel_report_count(r, &mut count) };
        (0..count)
            .map(|i| {
                (
                    field(r, i, spiegel_report_rule),
                    field(r, i, spiegel_report_value),
                )
            })
            .collect()
    }

    #[test]
    fn record_functions() {
        unsafe {
            let mut d = ptr::null_mut();
            assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
            let (q, ql) = t("2024-Q1");
            assert_eq!(spiegel_delivery_set_quarter(d, q, ql), SPIEGEL_OK);
            let mut za = 0;
            let (c, cl) = t("12345678");
            assert_eq!(spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut za), SPIEGEL_OK);
            let ((k, kl), (b, bl), (g, gl)) = (t("T1"), t("2023-11-02"), t(BSN));
            let mut id = 0;
            assert_eq!(
                spiegel_delivery_add_zorgtraject(d, za, k, kl, b, bl, ptr::null(), 0, g, gl, &mut id),
                SPIEGEL_OK
            );
            let mut r = ptr::null_mut();
            assert_eq!(spiegel_delivery_validate(d, &mut r), SPIEGEL_DELIVERY_HAS_ERRORS);
            let found = rules_and_values(r);
            assert!(
                found.contains(&("privacy-bsn".to_string(), MASKED.to_string())),
                "{found:?}"
            );
            spiegel_report_free(r);
            spiegel_delivery_free(d);
        }
    }

    #[test]
    fn stream_functions() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        let path = target.to_string_lossy().to_string();
        unsafe {
            let mut s = ptr::null_mut();
            let ((p, pl), (q, ql), (c, cl)) = (t(&path), t("2024-Q1"), t("2024-04-03T10:15:00"));
            assert_eq!(spiegel_stream_new_file(p, pl, q, ql, c, cl, &mut s), SPIEGEL_OK);
            let (z, zl) = t("12345678");
            assert_eq!(spiegel_stream_start_zorgaanbieder(s, z, zl), SPIEGEL_OK);
            let ((k, kl), (b, bl), (g, gl)) = (t("T1"), t("2023-11-02"), t(BSN));
            assert_eq!(
                spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, ptr::null(), 0, g, gl),
                SPIEGEL_OK
            );
            assert_eq!(spiegel_stream_end_zorgtraject(s), SPIEGEL_OK);
            let mut r = ptr::null_mut();
            assert_eq!(spiegel_stream_finish(s, &mut r), SPIEGEL_DELIVERY_HAS_ERRORS);
            let found = rules_and_values(r);
            assert!(
                found.contains(&("privacy-bsn".to_string(), MASKED.to_string())),
                "{found:?}"
            );
            spiegel_report_free(r);
            spiegel_stream_free(s);
        }
        assert!(!target.exists(), "nothing written");
    }
}

// --- shapes ---

#[test]
fn a_score_that_is_not_a_short_number_is_an_error_against_the_partial_list() {
    for score in ["Jan Jansen", "goed", "98765", "4 punten"] {
        let (report, xml) = run_json(attr::SCORE, score);
        assert!(xml.is_empty(), "{score}");
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == Rule::ScoreFormat)
            .unwrap_or_else(|| panic!("{score}: {:?}", report.diagnostics));
        assert_eq!(d.severity, Severity::Error);
        // Free text may be a name: the value is masked and not checked against the list.
        assert_masked(&report, score);
        assert!(!report.diagnostics.iter().any(|d| d.rule == Rule::ScoreUnknown));
    }
    // A short number off the partial list is only a warning.
    let (report, xml) = run_json(attr::SCORE, "7");
    assert!(!xml.is_empty());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::ScoreUnknown && d.severity == Severity::Warning));
}

#[test]
fn an_item_code_that_is_not_a_short_code_is_an_error() {
    let meting = Meting::new("CQi-GGZ-VZ-AKWA", date!(2024 - 02 - 10))
        .unwrap()
        .with_item(Item::new("1", "4").unwrap())
        .with_item(Item::new("Jan Jansen", "4").unwrap());
    let mut za = Zorgaanbieder::new(AgbCode::new("12345678").unwrap());
    za.add_meting(meting.clone());
    // In a file read back every item counts as delivered: the shape is an error.
    let bestand = spiegelinformatie::model::Bestand {
        datum_creatie: datetime!(2024-04-03 10:15:00),
        kwartaal: q1(),
        zorgaanbieders: vec![za.clone()],
    };
    let report = validate_bestand(&bestand, &CodeLists::bundled(), None);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::ItemCodeFormat)
        .unwrap();
    assert_eq!(d.severity, Severity::Error);
    assert_masked(&report, "Jan Jansen");
    // Generating, an unknown item is delivered (optional CQi themes), so its shape blocks the
    // file, shown masked too.
    let mut d = Delivery::new();
    d.add_zorgaanbieder(za);
    let (report, xml) = run(&d, &options());
    assert!(xml.is_empty());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::ItemCodeFormat && d.severity == Severity::Error));
    assert_masked(&report, "Jan Jansen");
}

#[test]
fn an_item_code_that_is_a_bsn_blocks_the_file() {
    let (report, xml) = run_json(attr::ITEM_CODE, "111222333");
    assert!(xml.is_empty());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::PrivacyBsn && d.severity == Severity::Error));
    assert_masked(&report, "111222333");
}

#[test]
fn an_item_left_out_by_the_item_list_is_still_guarded() {
    // Item 17 is a CQi background question: never delivered, but its score is still read.
    let meting = Meting::new("CQi-GGZ-VZ-AKWA", date!(2024 - 02 - 10))
        .unwrap()
        .with_item(Item::new("1", "4").unwrap())
        .with_item(Item::new("17", "111222333").unwrap());
    let mut za = Zorgaanbieder::new(AgbCode::new("12345678").unwrap());
    za.add_meting(meting);
    let mut d = Delivery::new();
    d.add_zorgaanbieder(za);
    let (report, xml) = run(&d, &options());
    assert!(xml.is_empty());
    assert!(report.diagnostics.iter().any(|d| d.rule == Rule::ItemNotAllowed));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::PrivacyBsn && d.severity == Severity::Error));
    assert_masked(&report, "111222333");
}

// --- groep_code ---

#[test]
fn a_blank_groep_code_is_absent_with_an_info() {
    for blank in ["", " ", "   ", "\t", "\u{A0}", "\u{200B}"] {
        let (report, xml) = run_json(attr::GROEP_CODE, blank);
        let xml = String::from_utf8(xml).unwrap();
        assert!(!xml.is_empty() && !xml.contains("groep_code"), "{blank:?}: {xml}");
        assert!(!report.has_errors(), "{blank:?}: {:?}", report.diagnostics);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == Rule::GroepCodeBlank)
            .unwrap_or_else(|| panic!("{blank:?}: {:?}", report.diagnostics));
        assert_eq!(d.severity, Severity::Info);
    }
}

#[test]
fn a_groep_code_with_surrounding_spaces_is_trimmed_with_a_warning_everywhere() {
    let (report, xml) = run_json(attr::GROEP_CODE, " Locatie A ");
    assert!(String::from_utf8(xml)
        .unwrap()
        .contains(r#"groep_code="Locatie A""#));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::GroepCodeTrimmed)
        .unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.value.as_deref(), Some("Locatie A"));
    // In the preview, "Locatie A " and "Locatie A" are one group.
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"begindatum": "2023-11-02", "groep_code": "Locatie A "},
        {"begindatum": "2023-11-02", "groep_code": "Locatie A"}]}]}"#;
    let (delivery, _) = read_delivery_str(json).unwrap();
    let preview = preview_delivery(&delivery, &options(), &BuiltinDiagnosegroepen);
    let mut csv = Vec::new();
    preview
        .write_csv(&mut csv, spiegelinformatie::i18n::Lang::En)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 2, "one group: {csv}");
}

#[test]
fn without_an_organisation_structure_the_note_comes_once_per_run() {
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"begindatum": "2023-11-02", "groep_code": "Locatie A"},
        {"begindatum": "2023-12-02", "groep_code": "Locatie B"},
        {"begindatum": "2024-01-02", "groep_code": "Jan Jansen"}]}]}"#;
    let (delivery, _) = read_delivery_str(json).unwrap();
    let count = |r: &Report| {
        r.diagnostics
            .iter()
            .filter(|d| d.rule == Rule::GroepCodeUnchecked)
            .count()
    };
    let (report, _) = run(&delivery, &options());
    assert_eq!(count(&report), 1);
    let mut jsonl = String::new();
    for t in ["Locatie A", "Locatie B"] {
        jsonl.push_str(&format!(
            "{{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {{\"begindatum\": \"2023-11-02\", \"groep_code\": \"{t}\"}}}}\n"
        ));
    }
    let (_, report) = generate_jsonl(Cursor::new(jsonl), &options(), Vec::new()).unwrap();
    assert_eq!(count(&report), 1);
    // With the structure loaded, the name is caught and there is no note.
    let mut opts = options();
    opts.organisatie = Some(std::sync::Arc::new(Organisatie::new(["Locatie A", "Locatie B"])));
    let (report, xml) = run(&delivery, &opts);
    assert_eq!(count(&report), 0);
    assert!(xml.is_empty());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::GroepCodeUnknown));
    // Without any groep_code there is nothing to check and no note.
    let (report, _) = run_json(attr::GROEP_CODE, " ");
    assert_eq!(count(&report), 0);
}

// --- CSV ---

#[test]
fn no_csv_cell_starts_a_formula() {
    for cell in ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(
            spiegelinformatie::report::spreadsheet_safe(cell),
            format!("'{cell}")
        );
    }
    for cell in ["Locatie A", "1", "", "a=b"] {
        assert_eq!(spiegelinformatie::report::spreadsheet_safe(cell), cell);
    }
    // Through the report CSV and the preview CSV.
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"id": "=HYPERLINK(\"x\")", "begindatum": "2023-11-02", "groep_code": "=1+1",
         "prestatie": [{"prestatie_code": "@x", "datum": "2023-11-02"}]}]}]}"#;
    let (delivery, _) = read_delivery_str(json).unwrap();
    let (report, _) = run(&delivery, &options());
    let mut csv = Vec::new();
    spiegelinformatie::report::write_csv(&report, &mut csv).unwrap();
    let mut preview_csv = Vec::new();
    preview_delivery(&delivery, &options(), &BuiltinDiagnosegroepen)
        .write_csv(&mut preview_csv, spiegelinformatie::i18n::Lang::En)
        .unwrap();
    for bytes in [csv, preview_csv] {
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
        }
        assert!(cells > 0);
    }
}

#[test]
fn a_masked_value_keeps_no_more_than_a_prefix() {
    assert_eq!(privacy::mask("111 222 333"), "111 *** ***");
    assert_eq!(privacy::mask("j.jansen@example.nl"), "j.***@***.***");
    assert!(!privacy::mask("Jan Jansen").contains("Jansen"));
}

#[test]
fn a_refused_record_shows_person_data_masked() {
    // A BSN where the AGB code belongs: refused by the model, shown masked.
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "111222333", "zorgtraject": []}]}"#;
    let (_, report) = read_delivery_str(json).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::AgbCode)
        .unwrap();
    assert_eq!(d.value.as_deref(), Some("111***"));
    assert_masked(&report, "111222333");
    // A refused date is a date by design: shown as given.
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"begindatum": "2024-02-01", "einddatum": "2024-01-31"}]}]}"#;
    let (_, report) = read_delivery_str(json).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::EndBeforeBegin)
        .unwrap();
    assert_eq!(d.value.as_deref(), Some("2024-01-31"));
    assert!(d.message.contains("2024-01-31"));
    // A value without person data is shown as given.
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "1234567", "zorgtraject": []}]}"#;
    let (_, report) = read_delivery_str(json).unwrap();
    assert_eq!(report.diagnostics[0].value.as_deref(), Some("1234567"));
}

#[test]
fn children_left_out_after_the_quarter_are_still_guarded() {
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"begindatum": "2023-11-02",
         "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2024-04-02"}],
         "prestatie": [{"prestatie_code": "CO0018", "datum": "2024-01-02"},
                       {"prestatie_code": "111222333", "datum": "2024-04-02"}],
         "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-04-10",
                     "item": [{"item_code": "1", "score": "jan@example.nl"}]}]}]}]}"#;
    let (delivery, _) = read_delivery_str(json).unwrap();
    let mut opts = options();
    opts.selection.drop_children_after_quarter = true;
    let (report, xml) = run(&delivery, &opts);
    assert!(xml.is_empty());
    let hits: Vec<(Rule, Option<&str>, Option<usize>)> = privacy_hits(&report)
        .iter()
        .map(|d| (d.rule, d.path.element, d.path.position))
        .collect();
    assert_eq!(
        hits,
        [
            (Rule::PrivacyBsn, Some("Prestatie"), Some(2)),
            (Rule::PrivacyEmail, Some("Item"), Some(1)),
        ]
    );
    // Without the person data, the same delivery is written without those children.
    let clean = json.replace("111222333", "CO0018").replace("jan@example.nl", "4");
    let (delivery, _) = read_delivery_str(&clean).unwrap();
    let (report, xml) = run(&delivery, &opts);
    assert!(
        !report.has_errors() && !xml.is_empty(),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn the_preview_shows_a_flagged_groep_code_masked_in_every_format() {
    use spiegelinformatie::preview::Detail;
    let json = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
        {"begindatum": "2023-11-02", "groep_code": "Jan Jansen 12-03-1985"},
        {"begindatum": "2023-11-02", "groep_code": "Locatie A"}]}]}"#;
    let (delivery, _) = read_delivery_str(json).unwrap();
    let preview = preview_delivery(&delivery, &options(), &BuiltinDiagnosegroepen);
    let lang = spiegelinformatie::i18n::Lang::Nl;
    let mut outputs = vec![preview.to_text(Detail::Trajecten, lang)];
    let mut csv = Vec::new();
    preview.write_csv(&mut csv, lang).unwrap();
    outputs.push(String::from_utf8(csv).unwrap());
    let mut json = Vec::new();
    preview.write_json(&mut json, Detail::Trajecten, lang).unwrap();
    outputs.push(String::from_utf8(json).unwrap());
    outputs.push(preview.to_html(lang));
    for output in outputs {
        assert!(
            !output.contains("1985"),
            "the birth date is in the preview:\n{output}"
        );
        assert!(
            output.contains("Locatie A"),
            "the other group is missing:\n{output}"
        );
    }
}
