//! The `spiegel` command line, as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

fn spiegel(args: &[&str]) -> Output {
    spiegel_in_locale(None, args)
}

/// `spiegel` with the locale variables cleared, and `LANG` set to `lang` when given.
fn spiegel_in_locale(lang: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_spiegel"));
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    if let Some(lang) = lang {
        command.env("LANG", lang);
    }
    command.output().unwrap()
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
fn preview_speaks_the_language_asked_for_and_pools_agb_codes_on_request() {
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
    let preview = |extra: &[&str], lang_env: &str| {
        let mut args = vec!["preview", "-i", input.to_str().unwrap(), "-k", "2024-Q2"];
        args.extend_from_slice(extra);
        let o = Command::new(env!("CARGO_BIN_EXE_spiegel"))
            .args(&args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang_env)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    // The language follows LANG unless --lang says otherwise.
    assert!(preview(&[], "nl_NL.UTF-8").starts_with("Preview van 2024-Q2"));
    assert!(preview(&[], "en_GB.UTF-8").starts_with("Preview of 2024-Q2"));
    assert!(preview(&["--lang", "en"], "nl_NL.UTF-8").starts_with("Preview of 2024-Q2"));
    assert!(preview(&["--lang", "nl", "--format", "html"], "C").contains("<html lang=\"nl\">"));
    // Per AGB code by default: the demo's two providers each have trajectories without a
    // groep_code; pooled, those make one group.
    let groups = |extra: &[&str]| {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let v: serde_json::Value = serde_json::from_str(&preview(&args, "C")).unwrap();
        v["groepen"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["groep_code"].is_null())
            .map(|g| g["zorgaanbieder_code"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        groups(&[]),
        [serde_json::json!("54012345"), serde_json::json!("94076543")]
    );
    assert_eq!(groups(&["--pool-agb"]), [serde_json::Value::Null]);
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
            expect("error", "privacy-bsn", "111***"),
            expect("error", "prestatie-code-format", "C0115"),
            expect("warning", "score-unknown", "8"),
            expect("warning", "item-not-allowed", "17"),
            expect("error", "privacy-date", "N*** ***-***-***"),
            expect("error", "zorgvraagtype-code-unknown", "9"),
            expect("info", "groep-code-unchecked", ""),
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

/// The diagnostics of a JSON report: (rule, severity, message).
fn report_messages(path: &Path) -> Vec<(String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap().to_string();
            (field("rule"), field("severity"), field("message"))
        })
        .collect()
}

/// Runs `args` (plus `--report <dir>/<name>.json`) with `LANG=nl_NL.UTF-8`, then again with
/// `--lang en` on top, and checks that every rule broken is reported in Dutch in the first
/// run and in English in the second, on stderr and in the report.
fn speaks_dutch_and_english(args: &[&str], expected_rules: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let nl_report = dir.path().join("nl.json");
    let en_report = dir.path().join("en.json");
    let with_report = |report: &Path, extra: &[&'static str]| {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(extra.iter().map(|a| a.to_string()));
        all.push("--report".into());
        all.push(report.to_str().unwrap().into());
        all
    };
    let nl_args = with_report(&nl_report, &[]);
    let en_args = with_report(&en_report, &["--lang", "en"]);
    let nl = spiegel_in_locale(
        Some("nl_NL.UTF-8"),
        &nl_args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let en = spiegel_in_locale(
        Some("nl_NL.UTF-8"),
        &en_args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(nl.status.code(), Some(1), "{}", stderr(&nl));
    assert_eq!(en.status.code(), Some(1), "{}", stderr(&en));
    let (nl_err, en_err) = (stderr(&nl), stderr(&en));
    let nl_messages = report_messages(&nl_report);
    let en_messages = report_messages(&en_report);
    assert_eq!(nl_messages.len(), en_messages.len());
    let rules: std::collections::BTreeSet<&str> = nl_messages.iter().map(|(r, _, _)| r.as_str()).collect();
    for rule in expected_rules {
        assert!(rules.contains(rule), "the input should break {rule}: {rules:?}");
    }
    for ((rule, severity, nl_text), (en_rule, en_severity, en_text)) in nl_messages.iter().zip(&en_messages) {
        assert_eq!(
            (rule, severity),
            (en_rule, en_severity),
            "ids stay language-neutral"
        );
        assert_ne!(nl_text, en_text, "{rule}: the Dutch message is the English one");
        if severity != "info" {
            assert!(
                nl_err.contains(nl_text.as_str()),
                "{rule}: not on stderr in Dutch:\n{nl_err}"
            );
            assert!(
                en_err.contains(en_text.as_str()),
                "{rule}: not on stderr in English:\n{en_err}"
            );
        }
    }
    assert!(
        nl_err.contains("fout [") && !nl_err.contains("error ["),
        "{nl_err}"
    );
    assert!(
        en_err.contains("error [") && !en_err.contains("fout ["),
        "{en_err}"
    );
    assert!(
        nl_err.contains("spiegel: ") && nl_err.contains("fout(en)"),
        "{nl_err}"
    );
    assert!(en_err.contains("error(s)"), "{en_err}");
}

#[test]
fn generate_speaks_dutch_under_a_dutch_locale_and_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xml");
    let out = out.to_str().unwrap();
    speaks_dutch_and_english(
        &[
            "generate",
            "-i",
            "tests/data/broken-records.json",
            "-k",
            "2024Q1",
            "-o",
            out,
        ],
        &[
            "agb-code",
            "date",
            "einddatum-before-begindatum",
            "required",
            "zorgvraagtype-missing",
            "character",
        ],
    );
    speaks_dutch_and_english(
        &[
            "generate",
            "-i",
            "tests/data/broken-codes.json",
            "-k",
            "2024Q1",
            "-o",
            out,
        ],
        &[
            "privacy-bsn",
            "privacy-date",
            "cl-d5-diagnose-code-format",
            "prestatie-code-format",
            "prestatie-code-unknown",
            "meetinstrument-code-unknown",
            "score-unknown",
            "item-code-unknown",
            "primair-missing",
            "groep-code-unchecked",
            "child-before-begindatum",
            "zorgvraagtype-code-normalised",
        ],
    );
    assert!(!Path::new(out).exists());
}

#[test]
fn validate_speaks_dutch_under_a_dutch_locale_and_english_with_lang_en() {
    speaks_dutch_and_english(
        &["validate", "tests/data/broken-demo.xml"],
        &[
            "privacy-bsn",
            "privacy-date",
            "prestatie-code-format",
            "zorgvraagtype-code-unknown",
        ],
    );
}

#[test]
fn the_language_comes_from_lang_then_the_locale_and_reaches_the_help_and_syntax_errors() {
    let help = spiegel_in_locale(Some("nl_NL.UTF-8"), &["generate", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("Gebruik:") && help.contains("Afsluitcodes") && help.contains("Het kwartaal"),
        "{help}"
    );
    let help = spiegel_in_locale(Some("nl_NL.UTF-8"), &["--lang", "en", "generate", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("Usage:") && help.contains("Exit codes") && help.contains("The quarter"),
        "{help}"
    );
    let o = spiegel_in_locale(
        Some("en_US.UTF-8"),
        &["--lang=nl", "schedule", "--date", "2024-05-02"],
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("aan de beurt"),
        "{o:?}"
    );
    let o = spiegel_in_locale(Some("nl_NL.UTF-8"), &["generate", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("onbekend argument '--bogus'"),
        "{}",
        stderr(&o)
    );
    let o = spiegel_in_locale(Some("nl_NL.UTF-8"), &["preview", "-i", "x", "--format", "pdf"]);
    assert!(
        stderr(&o).contains("is geen waarde voor --format"),
        "{}",
        stderr(&o)
    );
    let o = spiegel_in_locale(None, &["generate", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unexpected argument '--bogus'"),
        "{}",
        stderr(&o)
    );
    let o = spiegel_in_locale(None, &["--lang", "fr", "schedule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown language 'fr'"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"zorgaanbieder\": [,]\n}").unwrap();
    let out = dir.path().join("x.xml");
    let args = [
        "generate",
        "-i",
        bad.to_str().unwrap(),
        "-k",
        "2024Q1",
        "-o",
        out.to_str().unwrap(),
    ];
    let o = spiegel_in_locale(Some("nl_NL.UTF-8"), &args);
    assert!(
        stderr(&o).contains("regel 2, kolom") && stderr(&o).contains("niet te lezen"),
        "{}",
        stderr(&o)
    );
    let o = spiegel_in_locale(
        Some("nl_NL.UTF-8"),
        &[
            "--lang",
            "en",
            "generate",
            "-i",
            "/nonexistent.json",
            "-k",
            "2024Q1",
            "-o",
            "x",
        ],
    );
    assert!(
        stderr(&o).contains("cannot read /nonexistent.json"),
        "{}",
        stderr(&o)
    );
}
