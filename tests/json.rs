//! The JSON interchange format writes back what the delivery holds: `read(write(d)) == d`.

use std::process::Command;

use spiegelinformatie::json::{read_delivery, read_delivery_bytes, read_delivery_str, write_delivery};
use spiegelinformatie::model::GroepCodeNote;
use spiegelinformatie::{generate, Delivery, GenerateOptions, Quarter};
use time::macros::datetime;

/// A delivery with one zorgvraagtypering whose two codes are spelled `honos` and `code`.
fn typing_delivery(honos: &str, code: &str) -> Delivery {
    let json = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{{
            "id": "T1", "begindatum": "2024-01-08",
            "zorgvraagtypering": [{{"zorgvraagtype_code_honos": "{honos}",
                                    "zorgvraagtype_code": "{code}", "datum": "2024-01-10"}}]}}]}}]}}"#
    );
    let (delivery, report) = read_delivery_str(&json).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    delivery
}

fn written(delivery: &Delivery) -> Vec<u8> {
    let mut json = Vec::new();
    write_delivery(delivery, &mut json).unwrap();
    json
}

/// Found by the `json` fuzz target (FUZZING.md, bug 4): `03` was read, `3` written, and the
/// delivery read back from our own JSON was not the one written.
#[test]
fn zorgvraagtype_codes_keep_their_spelling_through_a_json_round_trip() {
    for (honos, code) in [
        ("03", "3"),
        ("ZT05", "zt5"),
        ("5", "05"),
        ("12", "ZT12"),
        ("9a", "005"),
    ] {
        let delivery = typing_delivery(honos, code);
        let json = written(&delivery);
        let (again, report) = read_delivery(json.as_slice()).unwrap();
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(again, delivery, "{honos}/{code} changed in a JSON round trip");

        let typing = &again.zorgaanbieders[0].zorgtrajecten()[0].zorgvraagtyperingen()[0];
        assert_eq!(typing.zorgvraagtype_code_honos_as_given(), Some(honos));
        assert_eq!(typing.zorgvraagtype_code_as_given(), Some(code));
        assert_eq!(
            written(&again),
            json,
            "{honos}/{code}: writing again changed the JSON"
        );
    }
}

/// The official spelling is applied when the XML is written, not by the JSON writer: `03` and
/// `ZT3` read from JSON, written back as JSON and read again still give `3` in the file (the
/// bundled list's spelling).
#[test]
fn the_xml_file_still_gets_the_lists_spelling_after_a_json_round_trip() {
    let delivery = typing_delivery("03", "ZT3");
    let (again, _) = read_delivery(written(&delivery).as_slice()).unwrap();
    let options = GenerateOptions::new(Quarter::new(2024, 1).unwrap(), datetime!(2024-04-03 10:15:00));
    let mut xml = Vec::new();
    generate(&again, &options, &mut xml).unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(r#"zorgvraagtype_code_honos="3""#) && xml.contains(r#"zorgvraagtype_code="3""#),
        "{xml}"
    );
}

/// A delivery with one trajectory whose groep_code is the JSON string `groep_code`.
fn groep_code_delivery(groep_code: &str) -> Delivery {
    let json = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{{
            "id": "T1", "begindatum": "2024-01-08", "groep_code": {groep_code},
            "prestatie": [{{"prestatie_code": "CO0001", "datum": "2024-01-08"}}]}}]}}]}}"#
    );
    let (delivery, report) = read_delivery_str(&json).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    delivery
}

fn xml_of(delivery: &Delivery) -> String {
    let options = GenerateOptions::new(Quarter::new(2024, 1).unwrap(), datetime!(2024-04-03 10:15:00));
    let mut xml = Vec::new();
    generate(delivery, &options, &mut xml).unwrap();
    String::from_utf8(xml).unwrap()
}

/// Found by the `json` fuzz target (FUZZING.md, bug 5): a groep_code given with surrounding
/// whitespace (or blank) was written back trimmed (or left out), so the delivery read back had
/// lost the note that it was trimmed (or blank), and with it validate's warning.
#[test]
fn a_trimmed_or_blank_groep_code_keeps_its_note_through_a_json_round_trip() {
    let cases = [
        (
            r#"" Locatie A ""#,
            Some("Locatie A"),
            Some(GroepCodeNote::Trimmed),
        ),
        (
            r#""\tLocatie A""#,
            Some("Locatie A"),
            Some(GroepCodeNote::Trimmed),
        ),
        (r#""   ""#, None, Some(GroepCodeNote::Blank)),
        (r#""""#, None, Some(GroepCodeNote::Blank)),
        (r#""Locatie A""#, Some("Locatie A"), None),
    ];
    for (given, trimmed, note) in cases {
        let delivery = groep_code_delivery(given);
        let json = written(&delivery);
        let (again, report) = read_delivery(json.as_slice()).unwrap();
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(again, delivery, "groep_code {given} changed in a JSON round trip");

        let t = &again.zorgaanbieders[0].zorgtrajecten()[0];
        assert_eq!((t.groep_code(), t.groep_code_note()), (trimmed, note), "{given}");
        assert_eq!(written(&again), json, "{given}: writing again changed the JSON");
        let xml = xml_of(&again);
        match trimmed {
            Some(code) => assert!(xml.contains(&format!(r#"groep_code="{code}""#)), "{xml}"),
            None => assert!(!xml.contains("groep_code"), "{xml}"),
        }
    }
}

/// Found by the `json` fuzz target (FUZZING.md, bug 6): the byte entry points (`read_delivery`,
/// `read_delivery_bytes`, and with them the CLI) skipped a byte order mark and then handed the
/// text to `read_delivery_str`, which skipped another, so two marks were accepted there and
/// refused by `read_delivery_str` (and the C ABI). One mark is skipped everywhere; a second is
/// a syntax error at line 1, column 1 everywhere.
#[test]
fn one_byte_order_mark_is_skipped_and_a_second_is_refused_by_every_entry_point() {
    let body = r#"{"zorgaanbieder": []}"#;
    let one = format!("\u{FEFF}{body}");
    let two = format!("\u{FEFF}\u{FEFF}{body}");

    let (from_str, _) = read_delivery_str(&one).unwrap();
    assert_eq!(read_delivery(one.as_bytes()).unwrap().0, from_str);
    assert_eq!(read_delivery_bytes(one.as_bytes()).unwrap().0, from_str);

    for (entry, result) in [
        ("read_delivery", read_delivery(two.as_bytes())),
        ("read_delivery_bytes", read_delivery_bytes(two.as_bytes())),
        ("read_delivery_str", read_delivery_str(&two)),
    ] {
        let e = result.expect_err(entry);
        assert_eq!((e.line, e.column), (1, 1), "{entry}: {e}");
    }

    let dir = tempfile::tempdir().unwrap();
    for (name, input, exit) in [("one", &one, 0), ("two", &two, 1)] {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, input).unwrap();
        let out = dir.path().join(format!("{name}.xml"));
        let status = Command::new(env!("CARGO_BIN_EXE_spiegel"))
            .args([
                "generate",
                "--quarter",
                "2024-Q1",
                "--created",
                "2024-04-03T10:15:00",
                "--input",
            ])
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
            .status;
        assert_eq!(status.code(), Some(exit), "{name} byte order mark(s)");
        assert_eq!(out.exists(), exit == 0, "{name} byte order mark(s)");
    }
}
