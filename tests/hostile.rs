//! Hostile input and hostile environments: every class of FUZZING.md's table that is not
//! already covered by `tests/xml_read.rs` (our XML reader) or `tests/xsd.rs` (libxml2's network
//! lockdown), plus the regressions the fuzzers found.
//!
//! The rule throughout: an error, never a panic, a hang, unbounded memory, a leaked file
//! content, a half-written file or a damaged existing file.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use spiegelinformatie::ffi::*;
use spiegelinformatie::stream::{generate_jsonl, generate_jsonl_file};
use spiegelinformatie::{
    demo, generate, generate_file, json, jsonl, CodeList, GenerateError, GenerateOptions, Organisatie,
    Quarter,
};
use time::macros::datetime;

fn quarter() -> Quarter {
    "2024-Q1".parse().unwrap()
}

fn options() -> GenerateOptions {
    GenerateOptions::new(quarter(), datetime!(2024-04-03 10:15:00))
}

/// Fails when `f` took longer than `limit` (generous: debug builds on a shared 2-core box).
fn bounded<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    value
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// JSON: deep nesting, huge strings, invalid UTF-8, NUL, BOM, empty.

fn nested(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 2 + 32);
    s.push_str(r#"{"zorgaanbieder": "#);
    s.extend(std::iter::repeat_n('[', depth));
    s.extend(std::iter::repeat_n(']', depth));
    s.push('}');
    s
}

fn nested_objects(depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str(r#"{"zorgaanbieder": [{"zorgtraject": "#);
    }
    s
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    // serde_json stops at 128 levels; our types refuse the wrong shape even earlier. Either
    // way: an error, on every entry point, in bounded time.
    for text in [nested(1_000_000), nested_objects(200_000)] {
        bounded(Duration::from_secs(10), "deep JSON", || {
            assert!(json::read_delivery_str(&text).is_err());
            assert!(json::read_delivery(text.as_bytes()).is_err());
            assert!(jsonl::read_delivery(text.as_bytes()).is_err());
            let (_, report) = generate_jsonl(text.as_bytes(), &options(), Vec::new()).unwrap();
            assert!(report.has_errors());
        });
    }
    // Nesting where serde_json itself has to recurse: its limit answers, not the stack.
    let mut deep_value = String::from(r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "x": "#);
    deep_value.extend(std::iter::repeat_n('[', 100_000));
    let e = json::read_delivery_str(&deep_value).unwrap_err();
    assert!(e.line >= 1, "{e}");
}

#[test]
fn deeply_nested_json_through_the_c_abi_is_invalid_input() {
    let text = nested(1_000_000);
    unsafe {
        let mut d = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        assert_eq!(
            spiegel_delivery_load_json(d, text.as_ptr(), text.len()),
            SPIEGEL_INVALID_INPUT
        );
        spiegel_delivery_free(d);
    }
}

fn provider_with_id(id: &str) -> String {
    format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{{"id": "{id}", "begindatum": "2024-01-02", "groep_code": "{id}"}}]}}]}}"#
    )
}

#[test]
fn huge_json_strings_are_read_or_refused_in_bounded_time() {
    let huge = "x".repeat(20 << 20);
    // A 20 MB vendor key is read (it is never written to the file).
    let text = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{{"id": "{huge}", "begindatum": "2024-01-02", "groep_code": "A"}}]}}]}}"#
    );
    let (delivery, report) = bounded(Duration::from_secs(20), "20 MB strings", || {
        json::read_delivery_str(&text).unwrap()
    });
    assert!(report.diagnostics.is_empty());
    let t = &delivery.zorgaanbieders[0].zorgtrajecten()[0];
    assert_eq!(t.id().map(str::len), Some(huge.len()));
    // A 20 MB groep_code is refused as the file could not carry it (the limit `validate`
    // enforces), in one short error that does not echo the value.
    let (delivery, report) = bounded(Duration::from_secs(20), "a 20 MB groep_code", || {
        json::read_delivery_str(&provider_with_id(&huge)).unwrap()
    });
    assert!(delivery.zorgaanbieders[0].zorgtrajecten().is_empty());
    assert_eq!(report.count(spiegelinformatie::Severity::Error), 1);
    assert_eq!(report.diagnostics[0].rule, spiegelinformatie::Rule::TooLong);
    assert!(report.diagnostics[0].message.len() < 200);
    // At the limit it is written faithfully (escaping is linear), never truncated.
    let at_limit = "x".repeat(spiegelinformatie::limits::MAX_ATTRIBUTE_LEN);
    let (delivery, _) = json::read_delivery_str(&provider_with_id(&at_limit)).unwrap();
    let mut out = Vec::new();
    generate(&delivery, &options(), &mut out).unwrap();
    assert!(out.len() > at_limit.len());
    // A 20 MB key is an unknown field, named without echoing 20 MB.
    let text = format!(r#"{{"{huge}": 1}}"#);
    let e = json::read_delivery_str(&text).unwrap_err();
    assert!(e.to_string().len() < 25 << 20);
}

#[test]
fn invalid_utf8_in_json_is_refused_everywhere() {
    let mut bytes = provider_with_id("EPD-1").into_bytes();
    let at = bytes.iter().position(|&b| b == b'E').unwrap();
    bytes[at] = 0xFF;
    assert!(json::read_delivery(bytes.as_slice()).is_err());
    let e = jsonl::read_delivery(bytes.as_slice()).unwrap_err();
    assert_eq!(e.path.line, Some(1), "{e:?}");
    unsafe {
        let mut d = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        assert_eq!(
            spiegel_delivery_load_json(d, bytes.as_ptr(), bytes.len()),
            SPIEGEL_INVALID_UTF8
        );
        spiegel_delivery_free(d);
    }
}

#[test]
fn nul_and_control_characters_in_json_strings_are_refused_by_the_model() {
    for bad in [r"EPD\u0000x", r"a\u0001b", r"\u001f"] {
        let text = format!(
            r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [{{"begindatum": "2024-01-02", "groep_code": "{bad}"}}]}}]}}"#
        );
        let (delivery, report) = json::read_delivery_str(&text).unwrap();
        assert!(report.has_errors(), "{bad} accepted");
        assert!(delivery.zorgaanbieders[0].zorgtrajecten().is_empty());
    }
    // A raw NUL byte is not JSON at all.
    assert!(json::read_delivery_str("{\"zorgaanbieder\": [\0]}").is_err());
}

#[test]
fn a_bom_crlf_or_empty_json_input_is_handled() {
    // A UTF-8 BOM (which editors on Windows write) is skipped, by every entry point.
    let with_bom = format!("\u{FEFF}{}", provider_with_id("A"));
    assert!(json::read_delivery_str(&with_bom).is_ok());
    assert!(json::read_delivery(with_bom.as_bytes()).is_ok());
    let crlf = provider_with_id("A").replace(", ", ",\r\n");
    assert!(json::read_delivery_str(&crlf).is_ok());
    assert!(json::read_delivery_str("").is_err());
    assert!(json::read_delivery(io::empty()).is_err());
    let (d, report) = jsonl::read_delivery(io::empty()).unwrap();
    assert!(d.zorgaanbieders.is_empty() && report.diagnostics.is_empty());
}

// ---------------------------------------------------------------------------------------------
// JSON Lines: a 50 MB line, no final newline, truncation, invalid UTF-8 mid-stream.

#[test]
fn a_50_mb_jsonl_line_is_refused_and_a_10_mb_line_read_in_bounded_time() {
    let line = |id: &str| {
        format!(
            r#"{{"zorgaanbieder_code": "12345678", "zorgtraject": {{"id": "{id}", "begindatum": "2024-01-02"}}}}"#
        )
    };
    let big = "y".repeat(10 << 20);
    let (delivery, report) = bounded(Duration::from_secs(30), "a 10 MB line", || {
        jsonl::read_delivery(line(&big).as_bytes()).unwrap()
    });
    assert!(report.diagnostics.is_empty());
    assert_eq!(
        delivery.zorgaanbieders[0].zorgtrajecten()[0].id().map(str::len),
        Some(big.len())
    );
    drop(delivery);
    // Past the line limit (16 MiB): an error naming line 1 and the limit.
    let huge = line(&"y".repeat(50 << 20));
    let e = bounded(Duration::from_secs(30), "a 50 MB line", || {
        jsonl::read_delivery(huge.as_bytes()).unwrap_err()
    });
    assert_eq!(e.path.line, Some(1));
    assert!(
        e.message.contains(&jsonl::MAX_JSONL_LINE.to_string()),
        "{}",
        e.message
    );
    // 50 MB of garbage on one line: the same, not an allocation spiral.
    let garbage = vec![b'{'; 50 << 20];
    let e = bounded(Duration::from_secs(30), "a 50 MB garbage line", || {
        jsonl::read_delivery(garbage.as_slice()).unwrap_err()
    });
    assert_eq!(e.path.line, Some(1));
}

#[test]
fn truncated_jsonl_names_the_broken_line() {
    let full = "{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2024-01-02\"}}\n";
    let text = format!("{full}{full}{}", &full[..40]);
    let e = jsonl::read_delivery(text.as_bytes()).unwrap_err();
    assert_eq!(e.path.line, Some(3));
}

#[test]
fn invalid_utf8_mid_stream_stops_with_the_line() {
    let mut bytes = Vec::new();
    for _ in 0..3 {
        bytes.extend_from_slice(
            b"{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"begindatum\": \"2024-01-02\"}}\r\n",
        );
    }
    bytes.extend_from_slice(b"{\"zorgaanbieder_code\": \"1234\xC0\"}\n");
    let e = jsonl::read_delivery(bytes.as_slice()).unwrap_err();
    assert_eq!(e.path.line, Some(4), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// Code lists and organisation files.

#[test]
fn hostile_code_list_files_are_errors() {
    let meta = "# source: test\n# version: 1\n# completeness: partial\n";
    let header = format!("# list: prestatie\n{meta}code,omschrijving\n");
    let long = "A".repeat(10 << 20);
    for body in [
        String::new(),
        "\0\0\0".to_string(),
        format!("{header}{long}\n"),
        // Regression: a second metadata line used to win silently.
        format!("# list: prestatie\n# list: items\n{meta}code\n"),
        format!("# list: prestatie\n{meta}# completeness: complete\ncode\n"),
        format!("# list: nonsense\n{meta}code\n"),
        format!("# list: prestatie\n{meta}code,code\n"),
        format!("# list: prestatie\n{meta}omschrijving\nx\n"),
        format!("# list: prestatie\n{meta}code,ingangsdatum\nCO0001,2024-02-30\n"),
        format!("# list: prestatie\n{meta}code,ingangsdatum,einddatum\nCO0001,2024-02-01,2024-01-01\n"),
        format!("# list: prestatie\n{meta}code\nCO0001\0\n"),
    ] {
        let r = bounded(Duration::from_secs(10), "a code list", || {
            CodeList::parse(&body, "t.csv")
        });
        let e = r.expect_err(&body[..body.len().min(200)]);
        assert!(e.to_string().contains("t.csv"), "{e}");
    }
    // Lenient on purpose (each line is one CSV row): an unterminated quote ends at the line
    // break, so a field cannot swallow the rest of the file.
    let open_quote = format!("{header}CO0001,\"unterminated\nCO0002,x\n");
    let list = CodeList::parse(&open_quote, "t.csv").unwrap();
    assert_eq!(list.entries().len(), 2);
    assert_eq!(list.entries()[0].omschrijving(), "unterminated");
    // Extra columns are tolerated (the CSV reader is flexible); the entry is read.
    let extra = format!("{header}CO0001,x,y,z,w,v,u,t\n");
    assert_eq!(CodeList::parse(&extra, "t.csv").unwrap().entries().len(), 1);
    assert!(CodeList::parse(&format!("{header}{long}\n"), "t.csv").is_err());
    assert!(CodeList::parse("", "t.csv").is_err());
    // BOM and CRLF are fine.
    let ok = "\u{FEFF}# list: prestatie\r\n# source: t\r\n# version: 1\r\n# completeness: partial\r\ncode\r\nCO0001\r\n";
    assert_eq!(CodeList::parse(ok, "t.csv").unwrap().entries().len(), 1);
}

#[test]
fn hostile_organisation_files_are_errors_or_read_literally() {
    assert!(Organisatie::parse("", "o.txt").is_err());
    assert!(Organisatie::parse("\u{FEFF}\r\n\r\n", "o.txt").is_err());
    assert!(Organisatie::parse("\"unbalanced\n", "o.txt").is_err());
    let org = Organisatie::parse("\u{FEFF}groep_code\r\n\"a,b\"\r\nc\0d\r\n", "o.txt").unwrap();
    assert!(org.contains("a,b") && org.contains("c\0d"));
    let long = "g".repeat(10 << 20);
    assert!(Organisatie::parse(&long, "o.txt").unwrap().contains(&long));
}

// ---------------------------------------------------------------------------------------------
// libxml2 (XSD validation): XXE with a local file, error-based exfiltration, billion laughs.

#[cfg(feature = "xsd")]
mod libxml2 {
    use super::*;
    use spiegelinformatie::xsd::XsdValidator;

    const SECRET: &str = "TOPSECRET-4711";
    const HEAD: &str = r#"<Bestand datum_creatie="2024-04-03T10:15:00" begindatum_aangeleverde_periode="2024-01-01" einddatum_aangeleverde_periode="2024-03-31">"#;

    fn validate(dir: &Path, name: &str, text: &str) -> Vec<String> {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let mut v = XsdValidator::bundled().unwrap();
        bounded(Duration::from_secs(10), name, || {
            v.validate_file(&path)
                .map(|vs| vs.into_iter().map(|v| v.message).collect())
                .unwrap_or_else(|e| vec![e.to_string()])
        })
    }

    fn secret_files(dir: &Path) -> PathBuf {
        let secret = dir.join("secret.txt");
        std::fs::write(&secret, SECRET).unwrap();
        // If expanded, this would put the secret into an attribute the schema rejects by value,
        // and libxml2 quotes refused values in its messages.
        std::fs::write(
            dir.join("secret.xml"),
            format!(r#"<Zorgaanbieder zorgaanbieder_code="{SECRET}"/>"#),
        )
        .unwrap();
        secret
    }

    #[test]
    fn a_local_file_entity_never_reaches_the_messages() {
        let dir = tempfile::tempdir().unwrap();
        let secret = secret_files(dir.path());
        let direct = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY s SYSTEM \"secret.xml\"><!ENTITY t SYSTEM \"file://{}\">]>\n{HEAD}&s;&t;</Bestand>\n",
            secret.display()
        );
        let messages = validate(dir.path(), "xxe.xml", &direct);
        assert!(!messages.is_empty(), "a file with undefined content validated");
        assert!(
            messages.iter().all(|m| !m.contains(SECRET)),
            "the secret leaked: {messages:?}"
        );
    }

    #[test]
    fn error_based_exfiltration_through_parameter_entities_fails() {
        // The classic out-of-band trick: a parameter entity builds a SYSTEM URL from the file's
        // content, so the "cannot load" error would quote the secret.
        let dir = tempfile::tempdir().unwrap();
        let secret = secret_files(dir.path());
        std::fs::write(
            dir.path().join("evil.dtd"),
            format!(
                "<!ENTITY % file SYSTEM \"file://{}\">\n<!ENTITY % eval \"<!ENTITY &#x25; error SYSTEM 'file:///nonexistent/%file;'>\">\n%eval;\n%error;\n",
                secret.display()
            ),
        )
        .unwrap();
        let text = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY % dtd SYSTEM \"evil.dtd\"> %dtd;]>\n{HEAD}</Bestand>\n"
        );
        let messages = validate(dir.path(), "oob.xml", &text);
        assert!(
            messages.iter().all(|m| !m.contains(SECRET)),
            "the secret leaked: {messages:?}"
        );
        // And through an external DTD subset.
        let text =
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand SYSTEM \"evil.dtd\">\n{HEAD}</Bestand>\n");
        let messages = validate(dir.path(), "oob2.xml", &text);
        assert!(messages.iter().all(|m| !m.contains(SECRET)), "{messages:?}");
    }

    fn laughs(levels: usize) -> String {
        let mut dtd = String::from("<!ENTITY l0 \"lollollollollollollollollollol\">");
        for i in 1..=levels {
            let refs = format!("&l{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
        }
        format!("<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [{dtd}]>\n{HEAD}&l{levels};</Bestand>\n")
    }

    #[test]
    fn billion_laughs_is_neither_expanded_nor_slow() {
        // 10^9 copies (30 GB) if expanded. In bounded time, the result is a rejection, and no
        // message carries an expansion.
        let dir = tempfile::tempdir().unwrap();
        for levels in [9, 12] {
            let messages = validate(dir.path(), &format!("laughs{levels}.xml"), &laughs(levels));
            assert!(!messages.is_empty(), "billion laughs validated");
            assert!(
                messages.iter().all(|m| m.len() < 10_000),
                "an expansion reached a message"
            );
        }
        // Quadratic blowup: one big entity referenced many times.
        let big = "x".repeat(100_000);
        let refs = "&a;".repeat(50_000);
        let text = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY a \"{big}\">]>\n{HEAD}{refs}</Bestand>\n"
        );
        let messages = validate(dir.path(), "quadratic.xml", &text);
        assert!(!messages.is_empty());
        assert!(messages.iter().all(|m| m.len() < 10_000));
    }

    #[test]
    fn the_cli_validate_command_leaks_nothing_either() {
        let dir = tempfile::tempdir().unwrap();
        secret_files(dir.path());
        let text =
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE Bestand [<!ENTITY s SYSTEM \"secret.xml\">]>\n{HEAD}&s;</Bestand>\n");
        let path = dir.path().join("xxe.xml");
        std::fs::write(&path, text).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_spiegel"))
            .args(["validate", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!o.status.success());
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!all.contains(SECRET), "{all}");
    }
}

// ---------------------------------------------------------------------------------------------
// Atomic output: a failure at any point leaves no file at the target and an existing file as
// it was, and no temporary file behind (except after SIGKILL-like deaths, see below).

/// A writer that fails after `budget` bytes.
struct FailingWriter {
    budget: usize,
    written: usize,
}

impl Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() > self.budget {
            return Err(io::Error::other("disk on fire"));
        }
        self.written += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A reader that fails after `budget` bytes of `inner`.
struct FailingReader<R> {
    inner: R,
    budget: usize,
}

impl<R: BufRead> Read for FailingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.fill_buf()?[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for FailingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.budget == 0 {
            return Err(io::Error::other("network share went away"));
        }
        let budget = self.budget;
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(budget)])
    }
    fn consume(&mut self, n: usize) {
        self.budget -= n;
        self.inner.consume(n);
    }
}

fn demo_jsonl() -> Vec<u8> {
    let mut out = Vec::new();
    demo::write_jsonl(&demo::Profile::demo(quarter()), &mut out).unwrap();
    out
}

#[test]
fn a_writer_failing_mid_stream_is_an_io_error() {
    let delivery = demo::demo_delivery(quarter());
    for budget in [0, 1, 100, 4096, 65_536] {
        let w = FailingWriter { budget, written: 0 };
        assert!(matches!(
            generate(&delivery, &options(), w),
            Err(GenerateError::Io(_))
        ));
        let w = FailingWriter { budget, written: 0 };
        assert!(generate_jsonl(demo_jsonl().as_slice(), &options(), w).is_err());
    }
}

#[test]
fn generate_file_failures_leave_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.xml");
    std::fs::write(&target, "OLD").unwrap();
    // Content errors.
    let bad = json::read_delivery_str(
        r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678", "zorgtraject": [{"begindatum": "2024-01-01", "prestatie": [{"prestatie_code": "CO0001", "datum": "2024-01-01"}], "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2024-01-01"}], "groep_code": "x"}]}]}"#,
    )
    .unwrap()
    .0;
    let mut strict = options();
    strict.organisatie = Some(std::sync::Arc::new(Organisatie::new(["y"])));
    assert!(matches!(
        generate_file(&bad, &strict, &target),
        Err(GenerateError::Invalid(_))
    ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
    assert_eq!(files_in(dir.path()), ["out.xml"]);

    // JSON Lines: the streaming writer has already written part of the file when line 3 turns
    // out to be fatal.
    let mut input = demo_jsonl();
    input.extend_from_slice(
        b"{\"zorgaanbieder_code\": \"54012345\", \"zorgtraject\": {\"begindatum\": \"2024-01-01\"}}\n",
    );
    assert!(generate_jsonl_file(input.as_slice(), &options(), &target).is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
    assert_eq!(files_in(dir.path()), ["out.xml"]);

    // JSON Lines whose input fails mid-stream (a network share that goes away).
    for budget in [10, 5_000, 100_000] {
        let input = demo_jsonl();
        let reader = FailingReader {
            inner: input.as_slice(),
            budget,
        };
        assert!(generate_jsonl_file(reader, &options(), &target).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
        assert_eq!(files_in(dir.path()), ["out.xml"]);
    }
}

#[test]
fn a_panic_inside_the_writer_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.xml");
    std::fs::write(&target, "OLD").unwrap();
    let r = std::panic::catch_unwind(|| {
        let _: io::Result<()> = spiegelinformatie::output::write_atomically(&target, |w| {
            w.write_all(b"half a file")?;
            panic!("deliberate");
        });
    });
    assert!(r.is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
    assert_eq!(files_in(dir.path()), ["out.xml"]);
}

#[cfg(unix)]
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn an_unwritable_place_is_an_io_error_and_creates_nothing() {
    let delivery = demo::demo_delivery(quarter());
    let dir = tempfile::tempdir().unwrap();
    // A parent that is a regular file (ENOTDIR): works as root too.
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("out.xml");
    assert!(matches!(
        generate_file(&delivery, &options(), &under_file),
        Err(GenerateError::Io(_))
    ));
    assert!(matches!(
        generate_jsonl_file(demo_jsonl().as_slice(), &options(), &under_file),
        Err(GenerateError::Io(_))
    ));
    // A missing directory.
    let missing = dir.path().join("missing").join("out.xml");
    assert!(generate_file(&delivery, &options(), &missing).is_err());
    // A target that is a directory: the rename fails, the directory stays, no temp file.
    let as_dir = dir.path().join("dir.xml");
    std::fs::create_dir(&as_dir).unwrap();
    assert!(generate_file(&delivery, &options(), &as_dir).is_err());
    assert!(as_dir.is_dir());
    assert_eq!(files_in(dir.path()), ["dir.xml", "plain"]);

    // A read-only directory: only meaningful when permissions apply (root ignores them).
    #[cfg(unix)]
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        let target = ro.join("out.xml");
        std::fs::write(&target, "OLD").unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let r = generate_file(&delivery, &options(), &target);
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(matches!(r, Err(GenerateError::Io(_))));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
        assert_eq!(files_in(&ro), ["out.xml"]);
    }
}

// The file system failing mid-write, for real: the CLI runs under `ulimit -f`, so writing past
// a few KB fails with EFBIG (SIGXFSZ ignored) or kills the process (SIGXFSZ default: a crash
// in the middle of the write). RLIMIT_FSIZE applies to root as well.

#[cfg(unix)]
fn spiegel_limited(limit_blocks: u32, ignore_signal: bool, args: &[&str]) -> Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{trap}ulimit -f {limit_blocks}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_spiegel"))
        .args(args)
        .output()
        .unwrap()
}

#[cfg(unix)]
fn cli_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let delivery = demo::demo_delivery(quarter());
    let json_path = dir.join("in.json");
    let mut f = std::fs::File::create(&json_path).unwrap();
    json::write_delivery(&delivery, &mut f).unwrap();
    let jsonl_path = dir.join("in.jsonl");
    std::fs::write(&jsonl_path, demo_jsonl()).unwrap();
    (json_path, jsonl_path)
}

#[cfg(unix)]
#[test]
fn the_cli_leaves_the_old_file_when_the_disk_refuses_a_write() {
    let inputs = tempfile::tempdir().unwrap();
    let (json_path, jsonl_path) = cli_inputs(inputs.path());
    for input in [&json_path, &jsonl_path] {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        std::fs::write(&target, "OLD").unwrap();
        let o = spiegel_limited(
            8,
            true,
            &[
                "--quiet",
                "generate",
                "-i",
                input.to_str().unwrap(),
                "-k",
                "2024-Q1",
                "-o",
                target.to_str().unwrap(),
                "--created",
                "2024-04-03T10:15:00",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
        assert_eq!(
            files_in(dir.path()),
            ["out.xml"],
            "a temporary file was left behind"
        );
        // Without the limit the same command succeeds: the limit was what failed it.
        let o = spiegel_limited(
            1 << 20,
            true,
            &[
                "--quiet",
                "generate",
                "-i",
                input.to_str().unwrap(),
                "-k",
                "2024-Q1",
                "-o",
                target.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::read_to_string(&target)
            .unwrap()
            .ends_with("</Bestand>\n"));
    }
}

#[cfg(unix)]
#[test]
fn a_cli_killed_mid_write_never_leaves_a_partial_target() {
    use std::os::unix::process::ExitStatusExt;
    let inputs = tempfile::tempdir().unwrap();
    let (json_path, jsonl_path) = cli_inputs(inputs.path());
    for input in [&json_path, &jsonl_path] {
        for existing in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("out.xml");
            if existing {
                std::fs::write(&target, "OLD").unwrap();
            }
            let o = spiegel_limited(
                8,
                false,
                &[
                    "--quiet",
                    "generate",
                    "-i",
                    input.to_str().unwrap(),
                    "-k",
                    "2024-Q1",
                    "-o",
                    target.to_str().unwrap(),
                ],
            );
            // Killed by SIGXFSZ (25) in the middle of writing.
            assert_eq!(o.status.signal(), Some(25), "{o:?}");
            if existing {
                assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD");
            } else {
                assert!(!target.exists(), "a partial file appeared at the target");
            }
            // A killed process cannot clean up: its temporary file may stay, always under a
            // name that no one mistakes for the delivery.
            for name in files_in(dir.path()) {
                assert!(
                    name == "out.xml" || (name.starts_with(".spiegel-") && name.ends_with(".tmp")),
                    "unexpected file {name}"
                );
            }
        }
    }
}
