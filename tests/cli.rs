//! The `spiegel` command line, as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

fn spiegel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spiegel"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn generate_reproduces_the_spec_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q1.xml");
    let o = spiegel(&[
        "generate",
        "--input",
        "tests/data/spec-example.json",
        "--quarter",
        "2024Q1",
        "--out",
        out.to_str().unwrap(),
        "--created",
        "2024-04-03T10:15:00",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string("tests/data/spec-example.xml").unwrap()
    );
    assert!(stderr(&o).contains("1 trajectories"), "{}", stderr(&o));
}

const BAD: &str = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [
  {"id": "EPD-1", "begindatum": "2024-01-05", "einddatum": "2023-12-01"},
  {"id": "EPD-2", "begindatum": "2024-01-05", "prestatie": [{"prestatie_code": "CO0018", "datum": "2024-02-31"}]}
]}]}"#;

#[test]
fn invalid_input_exits_1_names_each_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.json");
    std::fs::write(&input, BAD).unwrap();
    let out = dir.path().join("q1.xml");
    let report = dir.path().join("report.csv");
    let o = spiegel(&[
        "generate",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let err = stderr(&o);
    assert!(err.contains("'EPD-1'") && err.contains("einddatum"), "{err}");
    assert!(
        err.contains("'EPD-2'") && err.contains("datum '2024-02-31'"),
        "{err}"
    );
    let csv = std::fs::read_to_string(&report).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("einddatum-before-begindatum"));
}

#[test]
fn unreadable_json_is_an_input_error_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("broken.json");
    std::fs::write(
        &input,
        "{\"zorgaanbieder\": [\n  {\"zorgaanbieder_code\": \"12345678\",}\n]}",
    )
    .unwrap();
    let out = dir.path().join("x.xml");
    let o = spiegel(&[
        "generate",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn could_not_run_exits_2() {
    let o = spiegel(&[
        "generate",
        "-i",
        "/nonexistent.json",
        "-k",
        "2024-Q1",
        "-o",
        "/tmp/x.xml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read /nonexistent.json"));
    let o = spiegel(&["generate", "-i", "a.json", "-k", "2024-Q5", "-o", "x.xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("quarter number 5"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("x.xml");
    let o = spiegel(&[
        "generate",
        "-i",
        "tests/data/spec-example.json",
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schedule_follows_bijlage_3() {
    let o = spiegel(&["schedule", "--date", "2025-01-15"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "On 2025-01-15 the file of 2024-Q4 is due: period 2024-10-01 to 2024-12-31"
    );
    let o = spiegel(&["schedule", "--date", "2024-05-20", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kwartaal"], "2024-Q1");
    assert_eq!(v["einddatum_aangeleverde_periode"], "2024-03-31");
}

#[test]
fn demo_writes_input_and_the_quarter_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = spiegel(&[
        "demo",
        "--out",
        dir.path().to_str().unwrap(),
        "--quarter",
        "2024-Q2",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "quiet and not a terminal: nothing on stderr");
    let xml = std::fs::read_to_string(dir.path().join("spiegelinformatie_multi_2024Q2.xml")).unwrap();
    assert!(xml.contains(r#"begindatum_aangeleverde_periode="2024-04-01""#));
    assert!(xml.matches("<Zorgtraject ").count() > 50);
    let input = dir.path().join("demo-input.json");
    assert!(Path::new(&input).exists());
    // The demo input goes through `generate` to the same records.
    let again = dir.path().join("again.xml");
    let o = spiegel(&[
        "generate",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q2",
        "-o",
        again.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 0);
    let strip = |s: String| s.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(std::fs::read_to_string(again).unwrap()), strip(xml));
}

#[test]
fn help_documents_exit_codes() {
    let o = spiegel(&["--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Exit codes") && text.contains("generate") && text.contains("schedule"));
}

#[test]
fn jsonl_input_streams_to_the_same_file_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("w.jsonl");
    let o = spiegel(&[
        "workload",
        "--trajectories",
        "300",
        "-k",
        "2024-Q1",
        "-o",
        jsonl.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = std::fs::read_to_string(&jsonl).unwrap().lines().count();
    assert_eq!(first, 300 + 2000);
    let out = dir.path().join("w.xml");
    let args = [
        "generate",
        "-i",
        jsonl.to_str().unwrap(),
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
        "--created",
        "2025-01-02T03:04:05",
    ];
    let o = spiegel(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.ends_with("</Bestand>\n"));
    assert!(xml.matches("<Zorgtraject ").count() > 10);
}

#[test]
fn jsonl_with_errors_exits_1_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    std::fs::write(
        &input,
        "{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"id\": \"A\", \"begindatum\": \"2024-01-01\"}}\n{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"id\": \"B\", \"begindatum\": \"2024-1-01\"}}\n",
    )
    .unwrap();
    let out = dir.path().join("x.xml");
    let o = spiegel(&[
        "generate",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 2") && stderr(&o).contains("'B'"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn preview_shows_each_group_against_the_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let o = spiegel(&[
        "demo",
        "--out",
        dir.path().to_str().unwrap(),
        "--quarter",
        "2024-Q2",
        "-q",
    ]);
    assert!(o.status.success());
    let input = dir.path().join("demo-input.json");
    let o = spiegel(&[
        "preview",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q2",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kwartaal"], "2024-Q2");
    let groups = v["groepen"].as_array().unwrap();
    let names: Vec<_> = groups.iter().map(|g| g["groep_code"].clone()).collect();
    assert!(
        names.contains(&serde_json::json!("Locatie Noord"))
            && names.contains(&serde_json::json!("Praktijk De Linde"))
    );
    // The preview counts what the file holds.
    let xml = std::fs::read_to_string(dir.path().join("spiegelinformatie_multi_2024Q2.xml")).unwrap();
    let total: u64 = groups.iter().map(|g| g["zorgtrajecten"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, xml.matches("<Zorgtraject ").count());
    let html = dir.path().join("p.html");
    let o = spiegel(&[
        "preview",
        "-i",
        input.to_str().unwrap(),
        "-k",
        "2024-Q2",
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("<svg") && !page.contains("<script"));
}

#[test]
fn generate_range_writes_one_file_per_quarter_and_schedule_finds_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("files");
    let o = spiegel(&[
        "generate",
        "-i",
        "tests/data/spec-example.json",
        "--from",
        "2023-Q4",
        "--to",
        "2024-Q2",
        "--out-dir",
        out.to_str().unwrap(),
        "--created",
        "2024-07-01T09:00:00",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert_eq!(summary.lines().count(), 3, "{summary}");
    for q in ["2023Q4", "2024Q1", "2024Q2"] {
        assert!(
            out.join(format!("spiegelinformatie_12345678_{q}.xml")).exists(),
            "{q}"
        );
    }
    std::fs::remove_file(out.join("spiegelinformatie_12345678_2024Q1.xml")).unwrap();
    let o = spiegel(&[
        "schedule",
        "--date",
        "2024-08-01",
        "--from",
        "2023-Q4",
        "--dir",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kwartaal"], "2024-Q2");
    assert_eq!(v["ontbrekend"], serde_json::json!(["2024-Q1"]));
}

#[test]
fn generate_needs_a_quarter_or_a_range() {
    let o = spiegel(&["generate", "-i", "tests/data/spec-example.json", "-o", "x.xml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = spiegel(&[
        "generate",
        "-i",
        "tests/data/spec-example.json",
        "--from",
        "2024-Q1",
        "--to",
        "2024-Q2",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_accepts_our_output_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let o = spiegel(&[
        "demo",
        "--out",
        dir.path().to_str().unwrap(),
        "--quarter",
        "2024-Q2",
        "-q",
    ]);
    assert!(o.status.success());
    let xml = dir.path().join("spiegelinformatie_multi_2024Q2.xml");
    let o = spiegel(&["validate", xml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 error(s), 0 warning(s)"), "{}", stderr(&o));
}

#[test]
fn validate_lists_every_content_problem_with_its_path_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("report.csv");
    let o = spiegel(&[
        "validate",
        "tests/data/broken-demo.xml",
        "--report",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let got: Vec<(String, String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[10].to_string())
        })
        .collect();
    let expect = |sev: &str, rule: &str, value: &str| (sev.to_string(), rule.to_string(), value.to_string());
    assert_eq!(
        got,
        vec![
            expect("error", "groep-code-bsn", "111222333"),
            expect("error", "prestatie-code-format", "C0115"),
            expect("warning", "score-unknown", "8"),
            expect("warning", "item-code-unknown", "17"),
            expect("error", "groep-code-date", "Noord 12-03-1985"),
            expect("error", "zorgvraagtype-code-unknown", "9"),
        ]
    );
}

#[cfg(feature = "xsd")]
#[test]
fn validate_reports_xsd_violations_by_line_and_a_missing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/data/spec-example.xml").unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, text.replace("12345678", "1234567")).unwrap();
    let o = spiegel(&["validate", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "xsd");
    assert_eq!(v["diagnostics"][0]["path"]["line"], 3);
    let o = spiegel(&["validate", "/nonexistent/file.xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn organisation_structure_and_code_lists_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("groepen.csv");
    std::fs::write(&org, "groep_code\nLocatie B\n").unwrap();
    let out = dir.path().join("q1.xml");
    let o = spiegel(&[
        "generate",
        "-i",
        "tests/data/spec-example.json",
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
        "--organisatie",
        org.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("groep-code-unknown"), "{}", stderr(&o));
    assert!(!out.exists());
    let lists = dir.path().join("lists");
    std::fs::create_dir(&lists).unwrap();
    std::fs::write(
        lists.join("prestatie.csv"),
        "# list: prestatie\n# source: test\n# version: t\n# completeness: complete\ncode,omschrijving,ingangsdatum,einddatum\nCO0018,x,,\n",
    )
    .unwrap();
    let o = spiegel(&[
        "generate",
        "-i",
        "tests/data/spec-example.json",
        "-k",
        "2024-Q1",
        "-o",
        out.to_str().unwrap(),
        "--codelists",
        lists.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "CO0001 is unknown to a complete list");
    assert!(stderr(&o).contains("prestatie-code-unknown"), "{}", stderr(&o));
}
