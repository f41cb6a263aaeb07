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
