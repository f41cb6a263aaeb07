//! The C ABI called from Rust: behaviour that the C programs do not pin down one by one —
//! state after writing, options, exports, the calendar, last-error rules.

use spiegelinformatie::ffi::*;
use std::ptr;

fn t(s: &str) -> (*const u8, usize) {
    (s.as_ptr(), s.len())
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

fn new_delivery() -> *mut spiegel_delivery {
    let mut d = ptr::null_mut();
    assert_eq!(unsafe { spiegel_delivery_new(&mut d) }, SPIEGEL_OK);
    d
}

fn xml(d: *mut spiegel_delivery) -> (u32, String) {
    text_of(|b, l, o| unsafe { spiegel_delivery_write_buffer(d, b, l, o, ptr::null_mut()) })
}

unsafe fn provider(d: *mut spiegel_delivery, code: &str) -> u32 {
    let mut id = 0;
    let (c, cl) = t(code);
    assert_eq!(
        unsafe { spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut id) },
        SPIEGEL_OK
    );
    id
}

unsafe fn traject(d: *mut spiegel_delivery, za: u32, begin: &str, end: Option<&str>) -> u32 {
    let mut id = 0;
    let (b, bl) = t(begin);
    let (e, el) = end.map_or((ptr::null(), 0), t);
    let code = unsafe {
        spiegel_delivery_add_zorgtraject(d, za, ptr::null(), 0, b, bl, e, el, ptr::null(), 0, &mut id)
    };
    assert_eq!(code, SPIEGEL_OK, "{}", last_error(d));
    id
}

#[test]
fn ids_are_per_kind_and_start_at_one() {
    let d = new_delivery();
    unsafe {
        assert_eq!(provider(d, "12345678"), 1);
        assert_eq!(provider(d, "87654321"), 2);
        assert_eq!(traject(d, 2, "2024-01-01", None), 1);
        assert_eq!(traject(d, 1, "2024-01-01", None), 2);
        spiegel_delivery_free(d);
    }
}

#[test]
fn one_delivery_serves_several_quarters_and_records_may_follow_a_write() {
    let d = new_delivery();
    unsafe {
        let za = provider(d, "12345678");
        traject(d, za, "2024-02-01", Some("2024-05-01"));
        let (q, ql) = t("2024-Q1");
        spiegel_delivery_set_quarter(d, q, ql);
        let (code, q1) = xml(d);
        assert_eq!(code, SPIEGEL_OK);
        assert!(q1.contains(r#"<Zorgtraject begindatum="2024-02-01"/>"#), "{q1}");
        spiegel_delivery_set_quarter_number(d, 2024, 2);
        let (_, q2) = xml(d);
        assert!(q2.contains(r#"einddatum="2024-05-01""#), "{q2}");
        traject(d, za, "2024-04-10", None);
        let (_, q2) = xml(d);
        assert!(q2.contains(r#"<Zorgtraject begindatum="2024-04-10"/>"#), "{q2}");
        spiegel_delivery_free(d);
    }
}

#[test]
fn datum_creatie_defaults_to_the_local_time_of_writing() {
    let d = new_delivery();
    unsafe {
        provider(d, "12345678");
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let (_, text) = xml(d);
        let start = text.find("datum_creatie=\"").unwrap() + 15;
        let stamp = &text[start..start + 19];
        assert!(
            spiegelinformatie::datum::parse_datetime(stamp).is_some(),
            "{stamp}"
        );
        assert_eq!(&text[start + 19..start + 20], "\"");
        spiegel_delivery_free(d);
    }
}

#[test]
fn children_after_the_quarter_can_be_left_out() {
    let d = new_delivery();
    unsafe {
        let za = provider(d, "12345678");
        let tr = traject(d, za, "2024-01-05", None);
        let ((c, cl), (x, xl)) = (t("CO0001"), t("2024-04-15"));
        assert_eq!(spiegel_delivery_add_prestatie(d, tr, c, cl, x, xl), SPIEGEL_OK);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        assert!(xml(d).1.contains("2024-04-15"));
        assert_eq!(spiegel_delivery_set_drop_children_after_quarter(d, 1), SPIEGEL_OK);
        assert!(!xml(d).1.contains("2024-04-15"));
        let mut report = ptr::null_mut();
        assert_eq!(spiegel_delivery_validate(d, &mut report), SPIEGEL_OK);
        let (_, rule) = text_of(|b, l, o| spiegel_report_rule(report, 0, b, l, o));
        assert_eq!(rule, "child-after-quarter");
        let mut severity = 0;
        spiegel_report_severity(report, 0, &mut severity);
        assert_eq!(severity, SPIEGEL_SEVERITY_INFO);
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn the_last_error_is_cleared_by_success_and_survives_reading_it() {
    let d = new_delivery();
    unsafe {
        let (q, ql) = t("2024-Q9");
        assert_eq!(spiegel_delivery_set_quarter(d, q, ql), SPIEGEL_INVALID_QUARTER);
        let message = last_error(d);
        assert!(message.contains("2024-Q9"), "{message}");
        // Reading it twice (size query, then copy) leaves it as it was.
        assert_eq!(last_error(d), message);
        // The thread's last error has it too.
        assert_eq!(text_of(|b, l, o| spiegel_last_error(b, l, o)).1, message);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        assert_eq!(last_error(d), "");
        spiegel_delivery_free(d);
    }
}

#[test]
fn a_partly_readable_json_delivery_loads_the_rest_and_blocks_the_file() {
    let json = r#"{"zorgaanbieder": [
        {"zorgaanbieder_code": "12345678", "zorgtraject": [{"id": "OK-1", "begindatum": "2024-01-02"}]},
        {"zorgaanbieder_code": "87654321", "zorgtraject": [{"id": "BAD-1", "begindatum": "2024-02-30"}]}
    ]}"#;
    let d = new_delivery();
    unsafe {
        let (j, jl) = t(json);
        assert_eq!(spiegel_delivery_load_json(d, j, jl), SPIEGEL_INVALID_VALUE);
        let message = last_error(d);
        assert!(
            message.contains("BAD-1") && message.contains("2024-02-30"),
            "{message}"
        );
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let mut report = ptr::null_mut();
        assert_eq!(
            spiegel_delivery_validate(d, &mut report),
            SPIEGEL_DELIVERY_HAS_ERRORS
        );
        let (_, csv) = text_of(|b, l, o| spiegel_report_csv(report, b, l, o));
        assert!(csv.starts_with("severity,rule,"), "{csv}");
        assert!(csv.contains("BAD-1"));
        let (_, json) = text_of(|b, l, o| spiegel_report_json(report, b, l, o));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(
            v["selection"]["zorgtrajecten_open"], 1,
            "the readable trajectory is selected"
        );
        let (_, summary) = text_of(|b, l, o| spiegel_report_summary(report, 0, b, l, o));
        assert!(summary.starts_with("1 error(s)"), "{summary}");
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn reports_export_to_files_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let d = new_delivery();
    unsafe {
        let (c, cl) = t("1234");
        let mut id = 0;
        spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut id);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let mut report = ptr::null_mut();
        spiegel_delivery_validate(d, &mut report);
        let csv = dir.path().join("r.csv").to_string_lossy().into_owned();
        let json = dir.path().join("r.json").to_string_lossy().into_owned();
        let (p, pl) = t(&csv);
        assert_eq!(spiegel_report_write_csv(report, p, pl), SPIEGEL_OK);
        let (p, pl) = t(&json);
        assert_eq!(spiegel_report_write_json(report, p, pl), SPIEGEL_OK);
        assert!(std::fs::read_to_string(&csv).unwrap().contains("agb-code"));
        assert!(std::fs::read_to_string(&json).unwrap().contains("\"agb-code\""));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary files left"
        );
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.xml");
    std::fs::write(&target, "old").unwrap();
    let d = new_delivery();
    unsafe {
        provider(d, "12345678");
        let (c, cl) = t("bad");
        let mut id = 0;
        spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut id);
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let path = target.to_string_lossy().into_owned();
        let (p, pl) = t(&path);
        let mut report = ptr::null_mut();
        assert_eq!(
            spiegel_delivery_write_file(d, p, pl, &mut report),
            SPIEGEL_DELIVERY_HAS_ERRORS
        );
        assert!(!report.is_null());
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn the_delivery_calendar() {
    let (mut year, mut quarter) = (0, 0);
    unsafe {
        for ((y, m, day), (dy, dq)) in [
            ((2024, 4, 1), (2024, 1)),
            ((2024, 7, 15), (2024, 2)),
            ((2024, 12, 31), (2024, 3)),
            ((2025, 1, 15), (2024, 4)),
        ] {
            assert_eq!(
                spiegel_schedule_due(y, m, day, &mut year, &mut quarter),
                SPIEGEL_OK
            );
            assert_eq!((year, quarter), (dy, dq));
        }
        let (mut first, mut last) = (0, 0);
        assert_eq!(spiegel_quarter_period(2024, 1, &mut first, &mut last), SPIEGEL_OK);
        assert_eq!((first, last), (20240101, 20240331));
        assert_eq!(spiegel_quarter_period(2024, 2, &mut first, &mut last), SPIEGEL_OK);
        assert_eq!((first, last), (20240401, 20240630));
    }
}

#[test]
fn versions_and_code_texts() {
    assert_eq!(spiegel_abi_version(), SPIEGEL_ABI_VERSION);
    let (code, version) = text_of(|b, l, o| unsafe { spiegel_version(b, l, o) });
    assert_eq!((code, version.as_str()), (SPIEGEL_OK, env!("CARGO_PKG_VERSION")));
    for c in SPIEGEL_OK..=SPIEGEL_UNSUPPORTED {
        let (code, text) = text_of(|b, l, o| unsafe { spiegel_result_text(c, b, l, o) });
        assert_eq!(code, SPIEGEL_OK);
        assert!(!text.is_empty());
    }
}

fn thread_error() -> String {
    text_of(|b, l, o| unsafe { spiegel_last_error(b, l, o) }).1
}

#[test]
fn each_handle_speaks_its_language_and_ids_stay_neutral() {
    let d = new_delivery();
    unsafe {
        assert_eq!(spiegel_delivery_set_language(d, 7), SPIEGEL_UNKNOWN_LANGUAGE);
        assert!(last_error(d).contains("SPIEGEL_LANG_NL"), "{}", last_error(d));
        assert_eq!(spiegel_delivery_set_language(d, SPIEGEL_LANG_NL), SPIEGEL_OK);
        let za = provider(d, "12345678");
        let (b, bl) = t("2024-02-30");
        let mut id = 0;
        let code = spiegel_delivery_add_zorgtraject(
            d,
            za,
            ptr::null(),
            0,
            b,
            bl,
            ptr::null(),
            0,
            ptr::null(),
            0,
            &mut id,
        );
        assert_eq!(code, SPIEGEL_INVALID_VALUE);
        assert!(
            last_error(d).contains("is geen bestaande datum"),
            "{}",
            last_error(d)
        );
        assert_eq!(
            thread_error(),
            last_error(d),
            "the thread's copy is in the handle's language"
        );
        spiegel_delivery_set_quarter_number(d, 2024, 1);
        let mut report = ptr::null_mut();
        assert_eq!(
            spiegel_delivery_validate(d, &mut report),
            SPIEGEL_DELIVERY_HAS_ERRORS
        );
        assert!(
            last_error(d).starts_with("de aanlevering bevat 1 fout(en)"),
            "{}",
            last_error(d)
        );
        let message = |r| text_of(|b, l, o| spiegel_report_message(r, 0, b, l, o)).1;
        let rule = text_of(|b, l, o| spiegel_report_rule(report, 0, b, l, o)).1;
        assert_eq!(rule, "date");
        assert!(
            message(report).contains("is geen bestaande datum"),
            "the report inherits Dutch"
        );
        let (_, summary) = text_of(|b, l, o| spiegel_report_summary(report, 0, b, l, o));
        assert!(summary.starts_with("1 fout(en)"), "{summary}");
        let (_, csv) = text_of(|b, l, o| spiegel_report_csv(report, b, l, o));
        assert!(
            csv.starts_with("severity,rule,") && csv.contains("error,date,"),
            "{csv}"
        );
        assert_eq!(spiegel_report_set_language(report, SPIEGEL_LANG_EN), SPIEGEL_OK);
        assert!(
            message(report).contains("is not a real date"),
            "{}",
            message(report)
        );
        assert_eq!(spiegel_report_set_language(report, 2), SPIEGEL_UNKNOWN_LANGUAGE);
        assert!(
            message(report).contains("is not a real date"),
            "unchanged after a refused code"
        );
        spiegel_report_free(report);
        assert_eq!(spiegel_delivery_set_language(d, SPIEGEL_LANG_EN), SPIEGEL_OK);
        let mut report = ptr::null_mut();
        spiegel_delivery_validate(d, &mut report);
        assert!(
            last_error(d).starts_with("the delivery has 1 error(s)"),
            "{}",
            last_error(d)
        );
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
}

#[test]
fn calls_without_a_handle_speak_the_threads_language() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.xml");
    std::fs::copy("tests/data/broken-demo.xml", &file).unwrap();
    let path = file.to_string_lossy().into_owned();
    let validate = move || unsafe {
        let (p, pl) = t(&path);
        let mut report = ptr::null_mut();
        let code = spiegel_validate_file(p, pl, ptr::null(), 0, ptr::null(), 0, ptr::null(), 0, &mut report);
        (code, report)
    };
    std::thread::spawn(move || unsafe {
        assert_eq!(spiegel_set_thread_language(9), SPIEGEL_UNKNOWN_LANGUAGE);
        assert_eq!(spiegel_set_thread_language(SPIEGEL_LANG_NL), SPIEGEL_OK);
        let (code, report) = validate();
        assert_eq!(code, SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(thread_error().contains("fout(en)"), "{}", thread_error());
        let (_, summary) = text_of(|b, l, o| spiegel_report_summary(report, 0, b, l, o));
        assert!(
            summary.starts_with("4 fout(en)") && summary.contains("groep_code"),
            "{summary}"
        );
        spiegel_report_free(report);
        assert_eq!(spiegel_set_thread_language(SPIEGEL_LANG_EN), SPIEGEL_OK);
        let (_, report) = validate();
        assert!(thread_error().contains("error(s)"), "{}", thread_error());
        spiegel_report_free(report);
    })
    .join()
    .unwrap();
}

#[test]
fn a_stream_speaks_its_language() {
    let mut s = ptr::null_mut();
    let (q, ql) = t("2024-Q1");
    let (c, cl) = t("2024-04-01T10:00:00");
    let mut written = Vec::<u8>::new();
    unsafe extern "C" fn collect(user: *mut std::ffi::c_void, data: *const u8, len: usize) -> i32 {
        let out = unsafe { &mut *(user as *mut Vec<u8>) };
        out.extend_from_slice(unsafe { std::slice::from_raw_parts(data, len) });
        0
    }
    unsafe {
        let user = &mut written as *mut Vec<u8> as *mut std::ffi::c_void;
        assert_eq!(
            spiegel_stream_new_callback(Some(collect), user, q, ql, c, cl, &mut s),
            SPIEGEL_OK
        );
        assert_eq!(spiegel_stream_set_language(s, SPIEGEL_LANG_NL), SPIEGEL_OK);
        let (z, zl) = t("1234");
        assert_eq!(
            spiegel_stream_start_zorgaanbieder(s, z, zl),
            SPIEGEL_INVALID_VALUE
        );
        let (_, message) = text_of(|b, l, o| spiegel_stream_last_error(s, b, l, o));
        assert!(message.contains("is geen AGB-code"), "{message}");
        let mut report = ptr::null_mut();
        assert_eq!(spiegel_stream_finish(s, &mut report), SPIEGEL_DELIVERY_HAS_ERRORS);
        let (_, message) = text_of(|b, l, o| spiegel_stream_last_error(s, b, l, o));
        assert!(
            message.starts_with("de aanlevering bevat 1 fout(en)"),
            "{message}"
        );
        let (_, m) = text_of(|b, l, o| spiegel_report_message(report, 0, b, l, o));
        assert!(m.contains("is geen AGB-code"), "{m}");
        spiegel_report_free(report);
        spiegel_stream_free(s);
    }
}
