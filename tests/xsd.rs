//! XSD validation: the bundled schema accepts everything the writer produces (checked by our
//! validator and by `xmllint`), rejects broken files at the right line, a user-named XSD is
//! used, libxml2 stays off the network, and large files stream.
#![cfg(feature = "xsd")]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use spiegelinformatie::model::Bestand;
use spiegelinformatie::xml::write::write_bestand;
use spiegelinformatie::xsd::{self, SchemaSource, Violation, ViolationKind, XsdError, XsdValidator};
use spiegelinformatie::{
    generate, AgbCode, Delivery, GenerateOptions, Item, Meting, Neven, Prestatie, Primair, Quarter, Rule,
    Severity, Zorgaanbieder, Zorgtraject, Zorgvraagtypering,
};
use time::macros::{date, datetime};
use time::Date;

const CQI: &str = "CQi-GGZ-VZ-AKWA";

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn schema_path() -> PathBuf {
    manifest("schema/spiegelinformatie.xsd")
}

fn meting(datum: Date, items: &[(&str, &str)]) -> Meting {
    let mut m = Meting::new(CQI, datum).unwrap();
    for (code, score) in items {
        m.add_item(Item::new(code, score).unwrap());
    }
    m
}

/// Every element kind, open and closed trajectories, awkward text, an empty provider.
fn rich_delivery() -> Delivery {
    let mut delivery = Delivery::new();
    let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2023 - 11 - 02))
            .id("EPD-4711")
            .groep_code("Locatie A")
            .primair(Primair::new("D5_5.03", date!(2023 - 11 - 20)).unwrap())
            .primair(Primair::new("D5_4.02.02.02", date!(2024 - 02 - 01)).unwrap())
            .neven(Neven::new("D5_6.01").unwrap())
            .neven(Neven::new("D5_18.01").unwrap())
            .zorgvraagtypering(Zorgvraagtypering::new(Some("3"), Some("3"), date!(2023 - 11 - 20)).unwrap())
            .zorgvraagtypering(Zorgvraagtypering::new(Some("12"), None, date!(2024 - 01 - 10)).unwrap())
            .zorgvraagtypering(Zorgvraagtypering::new(None, Some("21"), date!(2024 - 03 - 10)).unwrap())
            .prestatie(Prestatie::new("CO0001", date!(2023 - 11 - 02)).unwrap())
            .prestatie(Prestatie::new("OV0012", date!(2024 - 03 - 31)).unwrap())
            .meting(meting(
                date!(2024 - 02 - 10),
                &[("1", "4"), ("2", "3"), ("16", "1")],
            ))
            .meting(meting(date!(2024 - 03 - 01), &[]))
            .build()
            .unwrap(),
    );
    // Closed in the quarter, with text the writer must escape.
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2023 - 06 - 01))
            .einddatum(date!(2024 - 02 - 15))
            .groep_code("Kinder- & Jeugd <KJP> \"Zuid\" 'Grüße' 日本 🙂")
            .primair(Primair::new("D5_5.03", date!(2023 - 06 - 10)).unwrap())
            .build()
            .unwrap(),
    );
    // Whitespace controls in text survive as character references.
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2024 - 01 - 01))
            .einddatum(date!(2024 - 01 - 01))
            .groep_code("tab\there\nnew line\r")
            .build()
            .unwrap(),
    );
    // Open, no children at all (self-closed element).
    za.add_zorgtraject(Zorgtraject::builder(date!(2024 - 03 - 31)).build().unwrap());
    // Closed after the quarter: delivered as open by `generate`.
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2023 - 06 - 01))
            .einddatum(date!(2024 - 05 - 10))
            .prestatie(Prestatie::new("CO0002", date!(2024 - 04 - 02)).unwrap())
            .build()
            .unwrap(),
    );
    za.add_meting(meting(date!(2024 - 03 - 01), &[("1", "3"), ("5", "2")]));
    za.add_meting(meting(date!(2024 - 02 - 01), &[]));

    // A provider without anything.
    delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("00000001").unwrap()));

    // A provider with only loose metingen.
    let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("87654321").unwrap()));
    za.add_meting(meting(date!(2024 - 01 - 15), &[("7", "4")]));
    delivery
}

fn bestand_of(delivery: &Delivery, quarter: Quarter) -> Bestand {
    Bestand {
        datum_creatie: datetime!(2024-04-03 10:15:00),
        kwartaal: quarter,
        zorgaanbieders: delivery.zorgaanbieders.clone(),
    }
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn xmllint_available() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok()
}

/// `xmllint --stream --noout --schema XSD FILE`: whether it validates, and its stderr.
fn xmllint(xsd: &Path, file: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(["--stream", "--noout", "--schema"])
        .arg(xsd)
        .arg(file)
        .output()
        .expect("xmllint runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_valid_everywhere(validator: &mut XsdValidator, file: &Path) {
    let violations = validator.validate_file(file).unwrap();
    assert!(
        violations.is_empty(),
        "{}: {violations:#?}\n{}",
        file.display(),
        std::fs::read_to_string(file).unwrap_or_default()
    );
    if xmllint_available() {
        let (ok, stderr) = xmllint(&schema_path(), file);
        assert!(ok, "xmllint rejects {}: {stderr}", file.display());
    }
}

// ---------------------------------------------------------------------------------------------
// What the writer produces is valid.

#[test]
fn written_files_validate() {
    let dir = tempfile::tempdir().unwrap();
    let mut validator = XsdValidator::bundled().unwrap();
    let delivery = rich_delivery();
    for (i, quarter) in ["2024-Q1", "2023-Q4", "2024-Q2"].iter().enumerate() {
        let quarter: Quarter = quarter.parse().unwrap();

        let bytes = write_bestand(&bestand_of(&delivery, quarter), Vec::new()).unwrap();
        let path = write_temp(dir.path(), &format!("write_bestand_{i}.xml"), &bytes);
        assert_valid_everywhere(&mut validator, &path);

        let options = GenerateOptions::new(quarter, datetime!(2024-07-01 00:00:00));
        let mut bytes = Vec::new();
        generate(&delivery, &options, &mut bytes).unwrap();
        let path = write_temp(dir.path(), &format!("generate_{i}.xml"), &bytes);
        assert_valid_everywhere(&mut validator, &path);
    }
}

#[test]
fn minimal_and_extreme_files_validate() {
    let dir = tempfile::tempdir().unwrap();
    let mut validator = XsdValidator::bundled().unwrap();

    // One provider, nothing else.
    let mut delivery = Delivery::new();
    delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    let q: Quarter = "2024-Q1".parse().unwrap();
    let bytes = write_bestand(&bestand_of(&delivery, q), Vec::new()).unwrap();
    assert_valid_everywhere(&mut validator, &write_temp(dir.path(), "minimal.xml", &bytes));

    // Quarter selection that leaves every provider empty.
    let options = GenerateOptions::new("2030-Q1".parse().unwrap(), datetime!(2030-04-01 23:59:59));
    let mut bytes = Vec::new();
    generate(&rich_delivery(), &options, &mut bytes).unwrap();
    assert_valid_everywhere(&mut validator, &write_temp(dir.path(), "empty_q.xml", &bytes));

    // Far dates, the last second of a year.
    let mut delivery = Delivery::new();
    let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("99999999").unwrap()));
    za.add_zorgtraject(
        Zorgtraject::builder(date!(1900 - 01 - 01))
            .einddatum(date!(9999 - 12 - 31))
            .primair(Primair::new("D5_22.99", date!(2000 - 02 - 29)).unwrap())
            .build()
            .unwrap(),
    );
    let bestand = Bestand {
        datum_creatie: datetime!(9999-12-31 23:59:59),
        kwartaal: "9999-Q4".parse().unwrap(),
        zorgaanbieders: delivery.zorgaanbieders,
    };
    let bytes = write_bestand(&bestand, Vec::new()).unwrap();
    assert_valid_everywhere(&mut validator, &write_temp(dir.path(), "far.xml", &bytes));
}

// ---------------------------------------------------------------------------------------------
// Broken files are rejected at the offending line.

/// (file, line of the offending element, attribute or element the message must name)
const BROKEN: &[(&str, u64, &str)] = &[
    ("bad_agb_code.xml", 3, "zorgaanbieder_code"),
    ("bad_date.xml", 4, "begindatum"),
    ("date_with_timezone.xml", 4, "begindatum"),
    ("date_with_offset.xml", 4, "begindatum"),
    ("datum_creatie_with_offset.xml", 2, "datum_creatie"),
    ("datum_creatie_with_fraction.xml", 2, "datum_creatie"),
    ("missing_begindatum.xml", 4, "begindatum"),
    ("missing_period.xml", 2, "einddatum_aangeleverde_periode"),
    ("missing_primair_datum.xml", 5, "datum"),
    ("item_without_score.xml", 6, "score"),
    ("unknown_attribute.xml", 4, "patientnummer"),
    ("unknown_element.xml", 4, "Patient"),
    ("wrong_order.xml", 6, "Primair"),
    ("meting_before_zorgtraject.xml", 5, "Zorgtraject"),
    ("empty_groep_code.xml", 4, "groep_code"),
    ("text_content.xml", 4, "Zorgtraject"),
    // The missing child is noticed where Bestand closes.
    ("missing_zorgaanbieder.xml", 3, "Zorgaanbieder"),
    ("wrong_root.xml", 2, "BenchmarkImport"),
    ("namespaced.xml", 2, "urn:example:spiegel"),
];

#[test]
fn broken_files_are_rejected_at_the_offending_line() {
    let mut validator = XsdValidator::bundled().unwrap();
    for (name, line, mentions) in BROKEN {
        let path = manifest("tests/data/xsd").join(name);
        let violations = validator.validate_file(&path).unwrap();
        assert_eq!(violations.len(), 1, "{name}: {violations:#?}");
        let v = &violations[0];
        assert_eq!(v.kind, ViolationKind::Schema, "{name}: {v}");
        assert_eq!(v.line, Some(*line), "{name}: {v}");
        assert!(v.message.contains(mentions), "{name}: {v}");

        if xmllint_available() {
            let (ok, stderr) = xmllint(&schema_path(), &path);
            assert!(!ok, "xmllint accepts {name}");
            assert!(stderr.contains(&format!("{name}:{line}:")), "{name}: {stderr}");
        }
    }
}

#[test]
fn every_broken_sample_is_covered() {
    let mut on_disk: Vec<String> = std::fs::read_dir(manifest("tests/data/xsd"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BROKEN.iter().map(|(n, _, _)| n.to_string()).collect();
    listed.push("not_well_formed.xml".to_string());
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn violations_become_diagnostics() {
    let mut validator = XsdValidator::bundled().unwrap();
    let violations = validator
        .validate_file(manifest("tests/data/xsd/bad_date.xml"))
        .unwrap();
    let diagnostics = xsd::to_diagnostics(&violations);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.rule, Rule::Xsd);
    assert_eq!(d.rule.id(), "xsd");
    assert_eq!(d.path.line, Some(4));
    assert_eq!(d.path.element, Some("Zorgtraject"));
    assert_eq!(d.attribute, Some("begindatum"));
    assert!(d.to_string().contains("line 4"), "{d}");
}

#[test]
fn identical_violations_are_collapsed_and_distinct_ones_kept_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bestand datum_creatie=\"2024-04-03T10:15:00\" begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">\n  <Zorgaanbieder zorgaanbieder_code=\"12345678\">\n",
    );
    let (head, tail) = (text.clone(), "  </Zorgaanbieder>\n</Bestand>\n");
    for i in 0..100 {
        text.push_str(&format!("    <Zorgtraject begindatum=\"2024-02-3{i}\"/>\n"));
    }
    text.push_str(tail);
    let path = write_temp(dir.path(), "many.xml", text.as_bytes());
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    let lines: Vec<u64> = violations.iter().filter_map(|v| v.line).collect();
    assert_eq!(lines, (4..104).collect::<Vec<u64>>());
    assert!(violations.iter().all(|v| v.occurrences == 1));

    let mut same = head;
    for _ in 0..100 {
        same.push_str("    <Zorgtraject begindatum=\"2024-02-30\"/>\n");
    }
    same.push_str(tail);
    let path = write_temp(dir.path(), "same.xml", same.as_bytes());
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!((violations[0].line, violations[0].occurrences), (Some(4), 100));
}

#[test]
fn distinct_violations_past_the_limit_are_counted_not_kept() {
    use spiegelinformatie::limits::MAX_XSD_VIOLATIONS;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "<Bestand datum_creatie=\"2024-04-03T10:15:00\" begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">\n  <Zorgaanbieder zorgaanbieder_code=\"12345678\">\n",
    );
    let extra = 250;
    for i in 0..MAX_XSD_VIOLATIONS + extra {
        text.push_str(&format!("    <Zorgtraject begindatum=\"x{i}\"/>\n"));
    }
    text.push_str("  </Zorgaanbieder>\n</Bestand>\n");
    let path = write_temp(dir.path(), "flood.xml", text.as_bytes());
    let mut validator = XsdValidator::bundled().unwrap();
    let (kept, not_listed) = validator.validate_file_counted(&path).unwrap();
    assert_eq!(kept.len(), MAX_XSD_VIOLATIONS);
    assert_eq!(not_listed, extra as u64);
    let all = validator.validate_file(&path).unwrap();
    let last = all.last().unwrap();
    assert_eq!((last.line, last.occurrences), (None, extra as u64));
    assert!(last.message.contains(&extra.to_string()), "{last:?}");
}

#[test]
fn a_compressed_file_named_xml_is_refused_before_libxml2() {
    // gzip and xz magic numbers followed by binary data: libxml2's own file loader would
    // decompress these; our reader refuses them as not UTF-8 at the first byte.
    let dir = tempfile::tempdir().unwrap();
    for (name, head) in [
        ("gz.xml", &b"\x1f\x8b\x08\x00"[..]),
        ("xz.xml", b"\xfd7zXZ\x00\x00"),
    ] {
        let mut bytes = head.to_vec();
        bytes.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        let path = write_temp(dir.path(), name, &bytes);
        let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
        assert_eq!(violations.len(), 1, "{name}: {violations:#?}");
        assert_eq!(violations[0].kind, ViolationKind::NotWellFormed);
        assert_eq!(violations[0].line, Some(1));
    }
}

#[test]
fn malformed_xml_gives_a_violation_not_a_setup_error() {
    let mut validator = XsdValidator::bundled().unwrap();
    let violations = validator
        .validate_file(manifest("tests/data/xsd/not_well_formed.xml"))
        .unwrap();
    assert!(!violations.is_empty());
    assert!(
        violations.iter().any(|v| v.kind == ViolationKind::NotWellFormed),
        "{violations:#?}"
    );
    let d = xsd::to_diagnostics(&violations);
    assert!(d
        .iter()
        .any(|d| d.rule == Rule::Syntax && d.severity == Severity::Error));

    // Not XML at all, and empty.
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("garbage.xml", &b"this is not xml"[..]), ("empty.xml", b"")] {
        let path = write_temp(dir.path(), name, bytes);
        let violations = validator.validate_file(&path).unwrap();
        assert!(!violations.is_empty(), "{name}");
        assert!(
            violations.iter().all(|v| v.kind == ViolationKind::NotWellFormed),
            "{name}: {violations:#?}"
        );
    }

    // The validator is still usable afterwards.
    let delivery = rich_delivery();
    let bytes = write_bestand(&bestand_of(&delivery, "2024-Q1".parse().unwrap()), Vec::new()).unwrap();
    let path = write_temp(dir.path(), "ok.xml", &bytes);
    assert!(validator.validate_file(&path).unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Setup errors.

#[test]
fn unreadable_files_and_schemas_are_setup_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut validator = XsdValidator::bundled().unwrap();

    let missing = dir.path().join("nope.xml");
    match validator.validate_file(&missing) {
        Err(XsdError::FileUnreadable { path, .. }) => assert_eq!(path, missing),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        validator.validate_file(dir.path()),
        Err(XsdError::FileUnreadable { .. })
    ));

    assert!(matches!(
        XsdValidator::from_file(dir.path().join("nope.xsd")),
        Err(XsdError::SchemaUnreadable { .. })
    ));

    let not_xml = write_temp(dir.path(), "broken.xsd", b"<xs:schema");
    match XsdValidator::from_file(&not_xml) {
        Err(e @ XsdError::SchemaInvalid { .. }) => {
            assert!(e.to_string().contains("broken.xsd"), "{e}");
        }
        other => panic!("{other:?}"),
    }

    let not_a_schema = write_temp(dir.path(), "plain.xsd", b"<?xml version=\"1.0\"?><root/>");
    match XsdValidator::from_file(&not_a_schema) {
        Err(XsdError::SchemaInvalid { problems, .. }) => assert!(!problems.is_empty()),
        other => panic!("{other:?}"),
    }

    let bad_type = write_temp(
        dir.path(),
        "bad_type.xsd",
        br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="Bestand" type="Onbekend"/></xs:schema>"#,
    );
    match XsdValidator::from_file(&bad_type) {
        Err(XsdError::SchemaInvalid { problems, .. }) => {
            assert!(
                problems.iter().any(|p| p.message.contains("Onbekend")),
                "{problems:#?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_are_validated() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.xml");
    let path = dir.path().join(name);
    if std::fs::write(&path, b"<Bestand/>").is_err() {
        return; // the file system refuses such names
    }
    // The file is opened and read by us, not by libxml2: any path the OS accepts works.
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    assert!(!violations.is_empty(), "an empty <Bestand/> breaks the schema");
}

// ---------------------------------------------------------------------------------------------
// A user-named XSD.

#[test]
fn a_user_named_xsd_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let copy = write_temp(dir.path(), "official.xsd", xsd::BUNDLED_XSD.as_bytes());
    let mut validator = XsdValidator::from_file(&copy).unwrap();
    assert_eq!(
        validator.schema(),
        &SchemaSource::File(std::fs::canonicalize(&copy).unwrap())
    );

    let delivery = rich_delivery();
    let bytes = write_bestand(&bestand_of(&delivery, "2024-Q1".parse().unwrap()), Vec::new()).unwrap();
    let file = write_temp(dir.path(), "file.xml", &bytes);
    assert!(validator.validate_file(&file).unwrap().is_empty());
    let bad = manifest("tests/data/xsd/bad_agb_code.xml");
    assert_eq!(validator.validate_file(&bad).unwrap().len(), 1);

    // A stricter schema: prestatie codes must be two capitals and four digits.
    let stricter_text = xsd::BUNDLED_XSD.replace(
        r#"<xs:attribute name="prestatie_code" type="NietLeegType" use="required">"#,
        r#"<xs:attribute name="prestatie_code" type="StrengePrestatieCode" use="required">"#,
    );
    assert_ne!(stricter_text, xsd::BUNDLED_XSD);
    let stricter_text = stricter_text.replace(
        "<!-- ============================================================ complex types -->",
        r#"<xs:simpleType name="StrengePrestatieCode">
    <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}[0-9]{4}"/></xs:restriction>
  </xs:simpleType>"#,
    );
    let stricter = write_temp(dir.path(), "stricter.xsd", stricter_text.as_bytes());
    let mut delivery = Delivery::new();
    let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    za.add_zorgtraject(
        Zorgtraject::builder(date!(2024 - 01 - 05))
            .prestatie(Prestatie::new("CO0001", date!(2024 - 01 - 05)).unwrap())
            .prestatie(Prestatie::new("consult", date!(2024 - 01 - 06)).unwrap())
            .build()
            .unwrap(),
    );
    let bytes = write_bestand(&bestand_of(&delivery, "2024-Q1".parse().unwrap()), Vec::new()).unwrap();
    let file = write_temp(dir.path(), "lenient.xml", &bytes);

    assert!(XsdValidator::bundled()
        .unwrap()
        .validate_file(&file)
        .unwrap()
        .is_empty());
    let violations = XsdValidator::from_file(&stricter)
        .unwrap()
        .validate_file(&file)
        .unwrap();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(violations[0].line, Some(6), "{}", String::from_utf8_lossy(&bytes));
    assert!(violations[0].message.contains("consult"));
}

#[test]
fn a_user_xsd_may_include_local_files() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("types");
    std::fs::create_dir(&sub).unwrap();
    write_temp(
        &sub,
        "types.xsd",
        br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="AgbCodeType"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{8}"/></xs:restriction></xs:simpleType>
</xs:schema>"#,
    );
    let main = write_temp(
        dir.path(),
        "main.xsd",
        br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="types/types.xsd"/>
  <xs:element name="Bestand"><xs:complexType><xs:sequence>
    <xs:element name="Zorgaanbieder" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="zorgaanbieder_code" type="AgbCodeType" use="required"/>
    </xs:complexType></xs:element>
  </xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element>
</xs:schema>"#,
    );
    let mut validator = XsdValidator::from_file(&main).unwrap();
    let ok = write_temp(
        dir.path(),
        "ok.xml",
        b"<Bestand x=\"1\"><Zorgaanbieder zorgaanbieder_code=\"12345678\"/></Bestand>",
    );
    assert!(validator.validate_file(&ok).unwrap().is_empty());
    let bad = write_temp(
        dir.path(),
        "bad.xml",
        b"<Bestand>\n<Zorgaanbieder zorgaanbieder_code=\"123\"/></Bestand>",
    );
    let v = validator.validate_file(&bad).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].line, Some(2));
}

// ---------------------------------------------------------------------------------------------
// No network, no external entities.

/// A local TCP listener standing in for a remote server; records whether anyone connected
/// (and hangs up at once, so a client that did connect fails fast instead of waiting).
struct Tripwire {
    port: u16,
    contacted: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl Tripwire {
    fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let contacted = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (contacted.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                if let Ok((conn, _)) = listener.accept() {
                    c.store(true, Ordering::SeqCst);
                    drop(conn);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Self {
            port,
            contacted,
            stop,
        }
    }
    fn url(&self, file: &str) -> String {
        format!("http://127.0.0.1:{}/{file}", self.port)
    }
    fn was_contacted(&self) -> bool {
        std::thread::sleep(Duration::from_millis(50));
        self.contacted.load(Ordering::SeqCst)
    }
}

impl Drop for Tripwire {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[test]
fn the_tripwire_notices_a_connection() {
    let wire = Tripwire::new();
    let _ = std::net::TcpStream::connect(("127.0.0.1", wire.port)).unwrap();
    assert!(wire.was_contacted());
}

#[test]
fn a_schema_that_includes_a_remote_file_is_refused_without_contacting_it() {
    let dir = tempfile::tempdir().unwrap();
    let wire = Tripwire::new();
    let xsd_text = format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="{}"/>
  <xs:element name="Bestand" type="BestandType"/>
</xs:schema>"#,
        wire.url("types.xsd")
    );
    let path = write_temp(dir.path(), "remote.xsd", xsd_text.as_bytes());
    match XsdValidator::from_file(&path) {
        Err(XsdError::SchemaInvalid { problems, .. }) => {
            let text: Vec<String> = problems.iter().map(Violation::to_string).collect();
            assert!(
                text.iter().any(|t| t.contains(&wire.url("types.xsd"))),
                "{text:#?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!wire.was_contacted());
}

#[test]
fn a_file_with_a_remote_dtd_or_entity_is_validated_without_loading_it() {
    let dir = tempfile::tempdir().unwrap();
    let wire = Tripwire::new();
    let body = "<Bestand datum_creatie=\"2024-04-03T10:15:00\" begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">\n  <Zorgaanbieder zorgaanbieder_code=\"12345678\"/>\n</Bestand>\n";
    let with_dtd = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand SYSTEM \"{}\">\n{body}",
        wire.url("spiegel.dtd")
    );
    let path = write_temp(dir.path(), "dtd.xml", with_dtd.as_bytes());
    let mut validator = XsdValidator::bundled().unwrap();
    // Our own reader refuses a DTD before libxml2 sees the file: one violation saying so.
    let refused = validator.validate_file(&path).unwrap();
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(refused[0].kind, ViolationKind::NotWellFormed);
    assert!(refused[0].message.contains("DTD"), "{refused:#?}");
    assert_eq!(refused[0].line, Some(2));

    let with_entity = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY za SYSTEM \"{}\">]>\n<Bestand datum_creatie=\"2024-04-03T10:15:00\" begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">&za;</Bestand>\n",
        wire.url("za.xml")
    );
    let path = write_temp(dir.path(), "entity.xml", with_entity.as_bytes());
    let violations = validator.validate_file(&path).unwrap();
    assert!(!violations.is_empty());
    assert!(!wire.was_contacted());
}

#[test]
fn a_local_external_entity_is_not_expanded() {
    // If libxml2 expanded &za; the file would be valid (xmllint --noent shows it is).
    let dir = tempfile::tempdir().unwrap();
    write_temp(
        dir.path(),
        "za.xml",
        b"<Zorgaanbieder zorgaanbieder_code=\"12345678\"/>",
    );
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY za SYSTEM \"za.xml\">]>\n<Bestand datum_creatie=\"2024-04-03T10:15:00\" begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">&za;</Bestand>\n";
    let path = write_temp(dir.path(), "xxe.xml", text.as_bytes());
    if xmllint_available() {
        let out = Command::new("xmllint")
            .args(["--noent", "--noout", "--schema"])
            .arg(schema_path())
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    assert!(!violations.is_empty(), "the external entity was expanded");
}

// ---------------------------------------------------------------------------------------------
// Threads and streaming.

#[test]
fn one_validator_per_thread() {
    let delivery = rich_delivery();
    let bytes = write_bestand(&bestand_of(&delivery, "2024-Q1".parse().unwrap()), Vec::new()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = write_temp(dir.path(), "good.xml", &bytes);
    let bad = manifest("tests/data/xsd/wrong_order.xml");
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut v = XsdValidator::bundled().unwrap();
                for _ in 0..20 {
                    assert!(v.validate_file(&good).unwrap().is_empty());
                    assert_eq!(v.validate_file(&bad).unwrap()[0].line, Some(6));
                }
            });
        }
    });
}

/// A delivery whose file is about `target_bytes` long.
fn large_file(dir: &Path, target_bytes: u64) -> PathBuf {
    let path = dir.join("large.xml");
    let file = std::fs::File::create(&path).unwrap();
    let mut out = std::io::BufWriter::new(file);
    let mut w = spiegelinformatie::xml::XmlWriter::new(&mut out);
    let quarter: Quarter = "2024-Q1".parse().unwrap();
    w.start(datetime!(2024-04-03 10:15:00), quarter).unwrap();
    // One trajectory with its children is about 620 bytes; write in provider-sized batches.
    let mut written = 0u64;
    let mut n = 0u32;
    while written < target_bytes {
        n += 1;
        let mut za = Zorgaanbieder::new(AgbCode::new(&format!("{:08}", n)).unwrap());
        for t in 0..100u32 {
            let traject = Zorgtraject::builder(date!(2023 - 11 - 02))
                .groep_code(&format!("Locatie {}", t % 7))
                .primair(Primair::new("D5_5.03", date!(2023 - 11 - 20)).unwrap())
                .neven(Neven::new("D5_6.01").unwrap())
                .zorgvraagtypering(
                    Zorgvraagtypering::new(Some("3"), Some("4"), date!(2023 - 11 - 20)).unwrap(),
                )
                .prestatie(Prestatie::new("CO0001", date!(2023 - 11 - 02)).unwrap())
                .prestatie(Prestatie::new("CO0002", date!(2024 - 01 - 12)).unwrap())
                .meting(meting(
                    date!(2024 - 02 - 10),
                    &[("1", "4"), ("2", "3"), ("3", "2")],
                ))
                .build()
                .unwrap();
            za.add_zorgtraject(traject);
        }
        w.start_zorgaanbieder(za.code()).unwrap();
        for t in za.zorgtrajecten() {
            w.zorgtraject(&spiegelinformatie::select::TrajectView::unfiltered(t))
                .unwrap();
        }
        w.end_zorgaanbieder().unwrap();
        written += 100 * 620;
    }
    w.finish().unwrap();
    out.flush().unwrap();
    drop(out);
    path
}

fn check_large(target_bytes: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path(), target_bytes);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size >= target_bytes && size < target_bytes + target_bytes / 5,
        "{size} bytes"
    );
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    assert!(violations.is_empty(), "{violations:#?}");

    // A violation near the end is still found, with its line number (no 65535 clamp).
    let mut text = std::fs::read_to_string(&path).unwrap();
    let at = text
        .rfind("<Prestatie prestatie_code=\"CO0002\" datum=\"2024-01-12\"/>")
        .unwrap();
    text.replace_range(at..at, "<Onbekend/>");
    let line = text[..at].matches('\n').count() as u64 + 1;
    assert!(line > 65_535);
    std::fs::write(&path, text).unwrap();
    let violations = XsdValidator::bundled().unwrap().validate_file(&path).unwrap();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(violations[0].line, Some(line));
}

#[test]
fn a_5_mb_file_streams() {
    check_large(5_000_000);
}

/// About 3 s in a debug build.
#[test]
fn a_50_mb_file_streams() {
    check_large(50_000_000);
}
