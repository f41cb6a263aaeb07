//! The C ABI called from Rust: code lists and the organisation structure, JSON Lines,
//! validating existing XML files, the preview and the missing-quarters calendar.

use spiegelinformatie::ffi::*;
use std::path::Path;
use std::ptr;

fn t(s: &str) -> (*const u8, usize) {
    (s.as_ptr(), s.len())
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A text out-function's result as a String.
fn text_of(f: impl Fn(*mut u8, usize, *mut usize) -> u32) -> (u32, String) {
    let mut len = 0;
    let code = f(ptr::null_mut(), 0, &mut len);
    if code != SPIEGEL_BUFFER_TOO_SMALL && code != SPIEGEL_OK {
        return (code, String::new());
    }
    let mut buf = vec![0u8; len + 1];
    let code = f(buf.as_mut_ptr(), buf.len(), &mut len);
    buf.truncate(len);
    (code, String::from_utf8(buf).unwrap())
}

fn last_error(d: *mut spiegel_delivery) -> String {
    text_of(|b, l, o| unsafe { spiegel_delivery_last_error(d, b, l, o) }).1
}

fn thread_error() -> String {
    text_of(|b, l, o| unsafe { spiegel_last_error(b, l, o) }).1
}

fn new_delivery() -> *mut spiegel_delivery {
    let mut d = ptr::null_mut();
    assert_eq!(unsafe { spiegel_delivery_new(&mut d) }, SPIEGEL_OK);
    d
}

fn rules(r: *const spiegel_report) -> Vec<(u32, String)> {
    let mut count = 0;
    assert_eq!(unsafe { spiegel_report_count(r, &mut count) }, SPIEGEL_OK);
    (0..count)
        .map(|i| {
            let mut severity = 0;
            unsafe { spiegel_report_severity(r, i, &mut severity) };
            let (_, rule) = text_of(|b, l, o| unsafe { spiegel_report_rule(r, i, b, l, o) });
            (severity, rule)
        })
        .collect()
}

/// One provider with one trajectory in 2024-Q1: groep_code `groep`, prestatie `prestatie`.
unsafe fn small_delivery(groep: &str, prestatie: &str) -> *mut spiegel_delivery {
    let d = new_delivery();
    let json = format!(
        r#"{{"zorgaanbieder": [{{"zorgaanbieder_code": "12345678", "zorgtraject": [
            {{"id": "T1", "begindatum": "2024-01-02", "groep_code": "{groep}",
              "primair": [{{"cl_d5_diagnose_code": "D5_5.03", "datum": "2024-01-05"}}],
              "prestatie": [{{"prestatie_code": "{prestatie}", "datum": "2024-01-02"}}]}}]}}]}}"#
    );
    let (j, jl) = t(&json);
    assert_eq!(unsafe { spiegel_delivery_load_json(d, j, jl) }, SPIEGEL_OK);
    assert_eq!(
        unsafe { spiegel_delivery_set_quarter_number(d, 2024, 1) },
        SPIEGEL_OK
    );
    d
}

unsafe fn validate(d: *mut spiegel_delivery) -> (u32, Vec<(u32, String)>) {
    let mut r = ptr::null_mut();
    let code = unsafe { spiegel_delivery_validate(d, &mut r) };
    let found = rules(r);
    unsafe { spiegel_report_free(r) };
    (code, found)
}

const ONLY_CO0001: &str = "# list: prestatie\n# source: test\n# version: 1\n# completeness: complete\ncode,omschrijving,ingangsdatum,einddatum\nCO0001,Consult,,\n";

#[test]
fn a_complete_code_list_turns_unknown_codes_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("prestatie.csv");
    std::fs::write(&file, ONLY_CO0001).unwrap();
    unsafe {
        // From a file.
        let d = small_delivery("Locatie A", "CO0002");
        let (code, found) = validate(d);
        assert_eq!(code, SPIEGEL_OK, "the bundled list knows CO0002: {found:?}");
        let path = file.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(spiegel_delivery_load_codelists(d, p, pl), SPIEGEL_OK);
        let (code, found) = validate(d);
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(
            found.contains(&(SPIEGEL_SEVERITY_ERROR, "prestatie-code-unknown".into())),
            "{found:?}"
        );
        spiegel_delivery_free(d);

        // From a directory.
        let d = small_delivery("Locatie A", "CO0002");
        let path = dir.path().to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(spiegel_delivery_load_codelists(d, p, pl), SPIEGEL_OK);
        assert_eq!(validate(d).0, SPIEGEL_DELIVERY_HAS_ERRORS);
        spiegel_delivery_free(d);

        // From a buffer; CO0001 stays valid.
        let d = small_delivery("Locatie A", "CO0001");
        let (l, ll) = t(ONLY_CO0001);
        assert_eq!(spiegel_delivery_load_codelist_buffer(d, l, ll), SPIEGEL_OK);
        assert_eq!(validate(d).0, SPIEGEL_OK);
        spiegel_delivery_free(d);
    }
}

#[test]
fn a_broken_code_list_names_file_and_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "# list: prestatie\n# completeness: complete\ncode,ingangsdatum\nCO0001,2024-13-01\n",
    )
    .unwrap();
    unsafe {
        let d = small_delivery("Locatie A", "CO0002");
        let path = file.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(
            spiegel_delivery_load_codelists(d, p, pl),
            SPIEGEL_INVALID_CODELIST
        );
        let message = last_error(d);
        assert!(
            message.contains("bad.csv") && message.contains("line"),
            "{message}"
        );
        assert_eq!(validate(d).0, SPIEGEL_OK, "the bundled lists are still in use");

        let (p, pl) = t("/nonexistent-spiegel/lists");
        assert_eq!(spiegel_delivery_load_codelists(d, p, pl), SPIEGEL_IO);
        assert!(last_error(d).contains("/nonexistent-spiegel/lists"));
        let (p, pl) = t("/nonexistent-spiegel/org.txt");
        assert_eq!(spiegel_delivery_load_organisatie(d, p, pl), SPIEGEL_IO);

        let (b, bl) = t("# list: nonsense\ncode\nX\n");
        assert_eq!(
            spiegel_delivery_load_codelist_buffer(d, b, bl),
            SPIEGEL_INVALID_CODELIST
        );
        assert!(last_error(d).contains("code list buffer"), "{}", last_error(d));
        let (b, bl) = t("# only a comment\n");
        assert_eq!(
            spiegel_delivery_load_organisatie_buffer(d, b, bl),
            SPIEGEL_INVALID_CODELIST
        );

        // Argument errors.
        assert_eq!(
            spiegel_delivery_load_codelists(ptr::null_mut(), p, pl),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_load_codelists(d, ptr::null(), 3),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_load_codelist_buffer(d, ptr::null(), 0),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_load_organisatie(d, b"\xff".as_ptr(), 1),
            SPIEGEL_INVALID_UTF8
        );
        assert_eq!(
            spiegel_delivery_load_organisatie_buffer(d, b"A\0B".as_ptr(), 3),
            SPIEGEL_INTERIOR_NUL
        );
        spiegel_delivery_free(d);
    }
}

#[test]
fn the_organisation_structure_checks_groep_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.txt");
    std::fs::write(&file, "groep_code\nLocatie A\n\"Locatie B, Noord\"\n").unwrap();
    unsafe {
        let d = small_delivery("Locatie C", "CO0001");
        let path = file.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(spiegel_delivery_load_organisatie(d, p, pl), SPIEGEL_OK);
        let (code, found) = validate(d);
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(found.iter().any(|(_, r)| r == "groep-code-unknown"), "{found:?}");
        spiegel_delivery_free(d);

        let d = small_delivery("Locatie B, Noord", "CO0001");
        let (b, bl) = t("Locatie A\n\"Locatie B, Noord\"\n");
        assert_eq!(spiegel_delivery_load_organisatie_buffer(d, b, bl), SPIEGEL_OK);
        assert_eq!(validate(d).0, SPIEGEL_OK);
        spiegel_delivery_free(d);
    }
}

#[test]
fn json_lines_load_like_json() {
    let lines = concat!(
        r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "L1", "begindatum": "2024-01-02"}}"#,
        "\n",
        r#"{"zorgaanbieder_code": "12345678", "meting": {"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-01", "item": [{"item_code": "1", "score": "3"}]}}"#,
        "\n",
        r#"{"zorgaanbieder_code": "87654321", "zorgtraject": {"id": "L2", "begindatum": "2024-02-30"}}"#,
        "\n",
    );
    unsafe {
        let d = new_delivery();
        let (j, jl) = t(lines);
        assert_eq!(spiegel_delivery_load_jsonl(d, j, jl), SPIEGEL_INVALID_VALUE);
        let message = last_error(d);
        assert!(
            message.contains("L2") && message.contains("2024-02-30"),
            "{message}"
        );
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let mut r = ptr::null_mut();
        assert_eq!(spiegel_delivery_validate(d, &mut r), SPIEGEL_DELIVERY_HAS_ERRORS);
        spiegel_report_free(r);
        spiegel_delivery_free(d);

        // Only the readable part: a file.
        let d = new_delivery();
        let good = lines.lines().take(2).collect::<Vec<_>>().join("\n");
        let (j, jl) = t(&good);
        assert_eq!(spiegel_delivery_load_jsonl(d, j, jl), SPIEGEL_OK);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let (code, xml) = text_of(|b, l, o| spiegel_delivery_write_buffer(d, b, l, o, ptr::null_mut()));
        assert_eq!(code, SPIEGEL_OK);
        assert!(xml.contains(r#"<Zorgtraject begindatum="2024-01-02"/>"#), "{xml}");
        assert!(
            xml.contains(r#"<Meting meetinstrument_code="CQi-GGZ-VZ-AKWA" datum="2024-02-01">"#),
            "{xml}"
        );

        // A line that is not JSON stops reading: nothing is added.
        let bad = format!(
            "{}\nnot json\n",
            lines.lines().next().unwrap().replace("12345678", "11112222")
        );
        let (j, jl) = t(&bad);
        assert_eq!(spiegel_delivery_load_jsonl(d, j, jl), SPIEGEL_INVALID_INPUT);
        assert!(last_error(d).starts_with("line 2: "), "{}", last_error(d));
        let (_, again) = text_of(|b, l, o| spiegel_delivery_write_buffer(d, b, l, o, ptr::null_mut()));
        assert!(!again.contains("11112222"));
        assert_eq!(
            spiegel_delivery_load_jsonl(d, ptr::null(), 0),
            SPIEGEL_NULL_ARGUMENT
        );
        let (j, jl) = t(lines);
        assert_eq!(
            spiegel_delivery_load_jsonl(ptr::null_mut(), j, jl),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_load_jsonl(d, b"\xc3".as_ptr(), 1),
            SPIEGEL_INVALID_UTF8
        );
        spiegel_delivery_free(d);
    }
}

unsafe fn validate_file(
    path: &str,
    xsd: Option<&str>,
    lists: Option<&str>,
    org: Option<&str>,
) -> (u32, *mut spiegel_report) {
    let opt = |s: Option<&str>| s.map_or((ptr::null(), 0), t);
    let (p, pl) = t(path);
    let ((x, xl), (c, cl), (o, ol)) = (opt(xsd), opt(lists), opt(org));
    let mut r = ptr::null_mut();
    let code = unsafe { spiegel_validate_file(p, pl, x, xl, c, cl, o, ol, &mut r) };
    (code, r)
}

#[test]
fn validating_existing_files() {
    unsafe {
        let (code, r) = validate_file(&data("spec-example.xml"), None, None, None);
        assert_eq!(code, SPIEGEL_OK, "{}", thread_error());
        assert!(!r.is_null());
        spiegel_report_free(r);

        let (code, r) = validate_file(&data("broken-demo.xml"), None, None, None);
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(thread_error().contains("error(s)"), "{}", thread_error());
        assert!(rules(r).iter().any(|(s, _)| *s == SPIEGEL_SEVERITY_ERROR));
        spiegel_report_free(r);

        // XSD violations (builds with the `xsd` feature) and the reader's words.
        #[cfg(feature = "xsd")]
        {
            let (code, r) = validate_file(&data("xsd/unknown_element.xml"), None, None, None);
            assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
            assert!(rules(r).iter().any(|(_, rule)| rule == "xsd"), "{:?}", rules(r));
            spiegel_report_free(r);
        }
        let (code, r) = validate_file(&data("xsd/not_well_formed.xml"), None, None, None);
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(
            rules(r).iter().any(|(_, rule)| rule == "syntax"),
            "{:?}",
            rules(r)
        );
        spiegel_report_free(r);

        // An organisation structure without the file's groep_code.
        let dir = tempfile::tempdir().unwrap();
        let org = dir.path().join("org.txt");
        std::fs::write(&org, "Locatie Z\n").unwrap();
        let org = org.to_string_lossy().into_owned();
        let (code, r) = validate_file(&data("spec-example.xml"), None, None, Some(&org));
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(rules(r).iter().any(|(_, rule)| rule == "groep-code-unknown"));
        spiegel_report_free(r);
    }
}

/// `expected` from a build with XSD validation; SPIEGEL_UNSUPPORTED (an XSD path given to a
/// build without it) otherwise.
fn without_xsd_feature_or(expected: u32) -> u32 {
    if cfg!(feature = "xsd") {
        expected
    } else {
        SPIEGEL_UNSUPPORTED
    }
}

#[test]
fn validating_fails_without_a_report_when_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad_xsd = dir.path().join("bad.xsd");
    std::fs::write(&bad_xsd, "<not-a-schema/>").unwrap();
    let bad_xsd = bad_xsd.to_string_lossy().into_owned();
    let bad_list = dir.path().join("bad.csv");
    std::fs::write(&bad_list, "no metadata\n").unwrap();
    let bad_list = bad_list.to_string_lossy().into_owned();
    unsafe {
        for (args, expected) in [
            (("/nonexistent-spiegel/x.xml".to_string(), None, None), SPIEGEL_IO),
            (
                (data("spec-example.xml"), Some(bad_xsd.as_str()), None),
                without_xsd_feature_or(SPIEGEL_INVALID_SCHEMA),
            ),
            (
                (data("spec-example.xml"), Some("/nonexistent-spiegel/s.xsd"), None),
                without_xsd_feature_or(SPIEGEL_IO),
            ),
            (
                (data("spec-example.xml"), None, Some(bad_list.as_str())),
                SPIEGEL_INVALID_CODELIST,
            ),
        ] {
            let (path, xsd, lists) = args;
            let (code, r) = validate_file(&path, xsd, lists, None);
            assert_eq!(code, expected, "{path} {xsd:?} {lists:?}: {}", thread_error());
            assert!(r.is_null());
            assert!(!thread_error().is_empty());
        }
        let (p, pl) = t("x.xml");
        let n = ptr::null();
        assert_eq!(
            spiegel_validate_file(p, pl, n, 0, n, 0, n, 0, ptr::null_mut()),
            SPIEGEL_NULL_ARGUMENT
        );
        let mut r = ptr::null_mut();
        assert_eq!(
            spiegel_validate_file(n, 5, n, 0, n, 0, n, 0, &mut r),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_validate_file(p, pl, n, 3, n, 0, n, 0, &mut r),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_validate_file(b"\xff".as_ptr(), 1, n, 0, n, 0, n, 0, &mut r),
            SPIEGEL_INVALID_UTF8
        );
        assert!(r.is_null());
    }
}

fn preview(d: *mut spiegel_delivery, format: u32, details: u32) -> (u32, String) {
    text_of(|b, l, o| unsafe { spiegel_delivery_preview(d, format, details, b, l, o) })
}

#[test]
fn the_preview_of_a_delivery_in_every_format() {
    unsafe {
        let d = new_delivery();
        let json = std::fs::read_to_string(data("spec-example.json")).unwrap();
        let (j, jl) = t(&json);
        assert_eq!(spiegel_delivery_load_json(d, j, jl), SPIEGEL_OK);
        assert_eq!(preview(d, SPIEGEL_PREVIEW_TEXT, 0).0, SPIEGEL_WRONG_STATE);
        assert!(last_error(d).contains("previewing"), "{}", last_error(d));
        spiegel_delivery_set_quarter(d, t("2024-Q1").0, 7);

        let (code, text) = preview(d, SPIEGEL_PREVIEW_TEXT, 0);
        assert_eq!(code, SPIEGEL_OK);
        assert!(text.starts_with("Preview of 2024-Q1"), "{text}");
        assert!(text.contains("Locatie A"));
        let (_, detailed) = preview(d, SPIEGEL_PREVIEW_TEXT, 1);
        assert!(detailed.len() > text.len());

        let (_, json) = preview(d, SPIEGEL_PREVIEW_JSON, 1);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["kwartaal"], "2024-Q1");
        assert_eq!(v["groepen"][0]["groep_code"], "Locatie A");
        assert_eq!(v["groepen"][0]["zorgtrajecten"], 1);
        assert_eq!(v["losse_metingen"][0]["in_bestand"], 1);
        assert!(v["groepen"][0]["trajecten"].is_array());
        let (_, csv) = preview(d, SPIEGEL_PREVIEW_CSV, 0);
        assert!(csv.starts_with("kwartaal,groep_code,"), "{csv}");
        let (_, html) = preview(d, SPIEGEL_PREVIEW_HTML, 0);
        assert!(html.starts_with("<!DOCTYPE html>"));

        assert_eq!(preview(d, 0, 0).0, SPIEGEL_INVALID_VALUE);
        assert_eq!(preview(d, 5, 0).0, SPIEGEL_INVALID_VALUE);
        assert_eq!(preview(d, SPIEGEL_PREVIEW_TEXT, 2).0, SPIEGEL_INVALID_VALUE);
        let mut len = 0;
        assert_eq!(
            spiegel_delivery_preview(d, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 5, &mut len),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_preview(d, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 0, ptr::null_mut()),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_delivery_preview(
                ptr::null_mut(),
                SPIEGEL_PREVIEW_TEXT,
                0,
                ptr::null_mut(),
                0,
                &mut len
            ),
            SPIEGEL_NULL_ARGUMENT
        );

        // To a file, atomically; a bad path leaves nothing behind.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("preview.html");
        let path = target.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(
            spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_HTML, 0, p, pl),
            SPIEGEL_OK
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), html);
        let (p, pl) = t("/nonexistent-spiegel/p.txt");
        assert_eq!(
            spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_TEXT, 0, p, pl),
            SPIEGEL_IO
        );
        assert_eq!(
            spiegel_delivery_preview_file(d, SPIEGEL_PREVIEW_TEXT, 0, ptr::null(), 1),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // A refused record: no preview.
        let mut id = 0;
        let (c, cl) = t("123");
        spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut id);
        assert_eq!(preview(d, SPIEGEL_PREVIEW_TEXT, 0).0, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(last_error(d).contains("123"), "{}", last_error(d));
        spiegel_delivery_free(d);
    }
}

#[test]
fn the_preview_of_an_existing_file_matches_that_of_its_delivery() {
    unsafe {
        let d = new_delivery();
        let json = std::fs::read_to_string(data("spec-example.json")).unwrap();
        let (j, jl) = t(&json);
        spiegel_delivery_load_json(d, j, jl);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        // Vendor keys never reach the file, so compare without the trajectories.
        let (_, from_delivery) = preview(d, SPIEGEL_PREVIEW_JSON, 0);
        spiegel_delivery_free(d);

        let path = data("spec-example.xml");
        let (p, pl) = t(&path);
        let n = ptr::null();
        let (code, from_file) =
            text_of(|b, l, o| spiegel_preview_xml_file(p, pl, n, 0, SPIEGEL_PREVIEW_JSON, 0, b, l, o));
        assert_eq!(code, SPIEGEL_OK, "{}", thread_error());
        assert_eq!(from_file, from_delivery);

        let broken = data("xsd/not_well_formed.xml");
        let (b, bl) = t(&broken);
        let mut len = 0;
        let code =
            spiegel_preview_xml_file(b, bl, n, 0, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 0, &mut len);
        assert_eq!(code, SPIEGEL_INVALID_INPUT);
        assert!(thread_error().contains("line"), "{}", thread_error());
        let (m, ml) = t("/nonexistent-spiegel/x.xml");
        let code =
            spiegel_preview_xml_file(m, ml, n, 0, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 0, &mut len);
        assert_eq!(code, SPIEGEL_IO);
        let code = spiegel_preview_xml_file(p, pl, n, 0, 9, 0, ptr::null_mut(), 0, &mut len);
        assert_eq!(code, SPIEGEL_INVALID_VALUE);
        let code =
            spiegel_preview_xml_file(p, pl, n, 4, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 0, &mut len);
        assert_eq!(code, SPIEGEL_NULL_ARGUMENT);
        let code =
            spiegel_preview_xml_file(n, 0, n, 0, SPIEGEL_PREVIEW_TEXT, 0, ptr::null_mut(), 0, &mut len);
        assert_eq!(code, SPIEGEL_NULL_ARGUMENT);
        let code = spiegel_preview_xml_file(
            p,
            pl,
            n,
            0,
            SPIEGEL_PREVIEW_TEXT,
            0,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
        );
        assert_eq!(code, SPIEGEL_NULL_ARGUMENT);
    }
}

#[test]
fn the_preview_with_flags_and_a_language() {
    unsafe {
        let d = new_delivery();
        let json = std::fs::read_to_string(data("spec-example.json")).unwrap();
        let (j, jl) = t(&json);
        assert_eq!(spiegel_delivery_load_json(d, j, jl), SPIEGEL_OK);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let with = |format, flags, lang| {
            text_of(|b, l, o| spiegel_delivery_preview_with(d, format, 0, flags, lang, b, l, o))
        };
        // Language 0 is what spiegel_delivery_preview gives.
        assert_eq!(
            with(SPIEGEL_PREVIEW_TEXT, 0, 0),
            preview(d, SPIEGEL_PREVIEW_TEXT, 0)
        );
        let (code, dutch) = with(SPIEGEL_PREVIEW_TEXT, 0, 1);
        assert_eq!(code, SPIEGEL_OK);
        assert!(dutch.starts_with("Preview van 2024-Q1"), "{dutch}");
        let (_, html) = with(SPIEGEL_PREVIEW_HTML, 0, 1);
        assert!(html.contains("<html lang=\"nl\">"));
        let (_, pooled) = with(SPIEGEL_PREVIEW_JSON, SPIEGEL_PREVIEW_POOL_AGB, 0);
        let v: serde_json::Value = serde_json::from_str(&pooled).unwrap();
        assert_eq!(v["pool_agb"], true);
        assert!(v["groepen"][0]["zorgaanbieder_code"].is_null());
        assert_eq!(with(SPIEGEL_PREVIEW_TEXT, 2, 0).0, SPIEGEL_INVALID_VALUE);
        assert_eq!(with(SPIEGEL_PREVIEW_TEXT, 0, 2).0, SPIEGEL_INVALID_VALUE);

        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("preview.html");
        let path = target.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        assert_eq!(
            spiegel_delivery_preview_file_with(d, SPIEGEL_PREVIEW_HTML, 0, 0, 1, p, pl),
            SPIEGEL_OK
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), html);
        spiegel_delivery_free(d);

        let xml = data("spec-example.xml");
        let (x, xl) = t(&xml);
        let n = ptr::null();
        let (code, from_file) = text_of(|b, l, o| {
            spiegel_preview_xml_file_with(x, xl, n, 0, SPIEGEL_PREVIEW_TEXT, 0, 0, 1, b, l, o)
        });
        assert_eq!(code, SPIEGEL_OK, "{}", thread_error());
        assert_eq!(from_file, dutch);
        let mut len = 0;
        let code = spiegel_preview_xml_file_with(
            x,
            xl,
            n,
            0,
            SPIEGEL_PREVIEW_TEXT,
            0,
            0,
            7,
            ptr::null_mut(),
            0,
            &mut len,
        );
        assert_eq!(code, SPIEGEL_INVALID_VALUE);
    }
}

fn missing(from: (i32, u32), dir: &str, today: (i32, u32, u32)) -> (u32, String) {
    let (d, dl) = t(dir);
    text_of(|b, l, o| unsafe {
        spiegel_schedule_missing(from.0, from.1, d, dl, today.0, today.1, today.2, b, l, o)
    })
}

#[test]
fn the_missing_quarters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_string_lossy().into_owned();
    assert_eq!(
        missing((2024, 1), &path, (2024, 10, 15)),
        (SPIEGEL_OK, "2024-Q1,2024-Q2,2024-Q3".into())
    );
    std::fs::copy(data("spec-example.xml"), dir.path().join("q1.xml")).unwrap();
    assert_eq!(
        missing((2024, 1), &path, (2024, 10, 15)),
        (SPIEGEL_OK, "2024-Q2,2024-Q3".into())
    );
    assert_eq!(
        missing((2024, 1), &path, (2024, 4, 1)),
        (SPIEGEL_OK, String::new())
    );
    assert_eq!(
        missing((2024, 5,), &path, (2024, 4, 1)).0,
        SPIEGEL_INVALID_QUARTER
    );
    assert_eq!(missing((2024, 1), &path, (2024, 2, 30)).0, SPIEGEL_INVALID_VALUE);
    assert_eq!(
        missing((2024, 1), "/nonexistent-spiegel", (2024, 4, 1)).0,
        SPIEGEL_IO
    );
    let mut len = 0;
    unsafe {
        assert_eq!(
            spiegel_schedule_missing(2024, 1, ptr::null(), 0, 2024, 4, 1, ptr::null_mut(), 0, &mut len),
            SPIEGEL_NULL_ARGUMENT
        );
        let (d, dl) = t(&path);
        assert_eq!(
            spiegel_schedule_missing(2024, 1, d, dl, 2024, 4, 1, ptr::null_mut(), 0, ptr::null_mut()),
            SPIEGEL_NULL_ARGUMENT
        );
    }
}
