//! The streaming C ABI called from Rust: the reference delivery pushed record by record gives
//! the golden file (to a path and to a callback); wrong order, refused records, settings,
//! and that nothing reaches the target unless the report is clean.

mod common;

use common::reference::{self, MetingDef, CQI, DATUM_CREATIE, PROVIDERS, QUARTER};
use spiegelinformatie::ffi::*;
use std::ffi::c_void;
use std::ptr;

fn t(s: &str) -> (*const u8, usize) {
    (s.as_ptr(), s.len())
}

fn opt(s: Option<&str>) -> (*const u8, usize) {
    s.map_or((ptr::null(), 0), t)
}

fn last_error(s: *const spiegel_stream) -> String {
    let mut len = 0;
    unsafe { spiegel_stream_last_error(s, ptr::null_mut(), 0, &mut len) };
    let mut buf = vec![0u8; len + 1];
    unsafe { spiegel_stream_last_error(s, buf.as_mut_ptr(), buf.len(), &mut len) };
    buf.truncate(len);
    String::from_utf8(buf).unwrap()
}

unsafe fn ok(s: *mut spiegel_stream, code: u32) {
    assert_eq!(code, SPIEGEL_OK, "{}", last_error(s));
}

unsafe fn new_file(path: &str) -> *mut spiegel_stream {
    let mut s = ptr::null_mut();
    let ((p, pl), (q, ql), (c, cl)) = (t(path), t(QUARTER), t(DATUM_CREATIE));
    assert_eq!(
        unsafe { spiegel_stream_new_file(p, pl, q, ql, c, cl, &mut s) },
        SPIEGEL_OK
    );
    assert!(!s.is_null());
    s
}

unsafe fn items(s: *mut spiegel_stream, items: &[(&str, &str)]) {
    for (code, score) in items {
        let ((c, cl), (x, xl)) = (t(code), t(score));
        unsafe { ok(s, spiegel_stream_add_item(s, c, cl, x, xl)) };
    }
}

/// Pushes the reference delivery, record by record.
unsafe fn push_reference(s: *mut spiegel_stream) {
    unsafe {
        for p in PROVIDERS {
            let (c, cl) = t(p.code);
            ok(s, spiegel_stream_start_zorgaanbieder(s, c, cl));
            for tr in p.trajecten {
                let ((k, kl), (b, bl)) = (t(tr.vendor_key), t(tr.begindatum));
                let ((e, el), (g, gl)) = (opt(tr.einddatum), opt(tr.groep_code));
                ok(s, spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, e, el, g, gl));
                for (code, datum) in tr.primair {
                    let ((c, cl), (x, xl)) = (t(code), t(datum));
                    ok(s, spiegel_stream_add_primair(s, c, cl, x, xl));
                }
                for code in tr.neven {
                    let (c, cl) = t(code);
                    ok(s, spiegel_stream_add_neven(s, c, cl));
                }
                for (honos, code, datum) in tr.typeringen {
                    let ((h, hl), (c, cl), (x, xl)) = (opt(*honos), opt(*code), t(datum));
                    ok(s, spiegel_stream_add_zorgvraagtypering(s, h, hl, c, cl, x, xl));
                }
                for (code, datum) in tr.prestaties {
                    let ((c, cl), (x, xl)) = (t(code), t(datum));
                    ok(s, spiegel_stream_add_prestatie(s, c, cl, x, xl));
                }
                for MetingDef { datum, items: list } in tr.metingen {
                    let ((c, cl), (x, xl)) = (t(CQI), t(datum));
                    ok(s, spiegel_stream_add_meting(s, c, cl, x, xl));
                    items(s, list);
                }
                ok(s, spiegel_stream_end_zorgtraject(s));
            }
            for MetingDef { datum, items: list } in p.metingen {
                let ((c, cl), (x, xl)) = (t(CQI), t(datum));
                ok(s, spiegel_stream_add_loose_meting(s, c, cl, x, xl));
                items(s, list);
            }
        }
    }
}

fn rule_list(r: *const spiegel_report) -> Vec<String> {
    let mut count = 0;
    unsafe { spiegel_report_count(r, &mut count) };
    (0..count)
        .map(|i| {
            let mut len = 0;
            let mut buf = vec![0u8; 256];
            unsafe { spiegel_report_rule(r, i, buf.as_mut_ptr(), buf.len(), &mut len) };
            buf.truncate(len);
            String::from_utf8(buf).unwrap()
        })
        .collect()
}

#[test]
fn the_reference_delivery_streamed_to_a_file_is_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("streamed.xml");
    std::fs::write(&target, "old").unwrap();
    unsafe {
        let s = new_file(&target.to_string_lossy());
        push_reference(s);
        // Nothing reaches the target before finish.
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        let mut r = ptr::null_mut();
        ok(s, spiegel_stream_finish(s, &mut r));
        assert!(!r.is_null());
        assert_eq!(
            rule_list(r).iter().filter(|x| *x == "item-not-allowed").count(),
            1
        );
        spiegel_report_free(r);
        // Finished: only last_error and free remain.
        let (c, cl) = t("12345678");
        assert_eq!(spiegel_stream_start_zorgaanbieder(s, c, cl), SPIEGEL_WRONG_STATE);
        assert_eq!(spiegel_stream_finish(s, ptr::null_mut()), SPIEGEL_WRONG_STATE);
        spiegel_stream_free(s);
    }
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(reference::golden_path()).unwrap()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

unsafe extern "C" fn collect(user: *mut c_void, data: *const u8, len: usize) -> i32 {
    let sink = unsafe { &mut *(user as *mut Vec<u8>) };
    sink.extend_from_slice(unsafe { std::slice::from_raw_parts(data, len) });
    0
}

unsafe extern "C" fn give_up(_user: *mut c_void, _data: *const u8, _len: usize) -> i32 {
    7
}

#[test]
fn the_reference_delivery_streamed_to_a_callback_is_the_golden_file() {
    let mut received: Vec<u8> = Vec::new();
    unsafe {
        let mut s = ptr::null_mut();
        let ((q, ql), (c, cl)) = (t(QUARTER), t(DATUM_CREATIE));
        let user = &mut received as *mut Vec<u8> as *mut c_void;
        assert_eq!(
            spiegel_stream_new_callback(Some(collect), user, q, ql, c, cl, &mut s),
            SPIEGEL_OK
        );
        push_reference(s);
        ok(s, spiegel_stream_finish(s, ptr::null_mut()));
        spiegel_stream_free(s);
    }
    assert_eq!(received, std::fs::read(reference::golden_path()).unwrap());
}

#[test]
fn a_callback_that_gives_up_stops_the_stream() {
    unsafe {
        let mut s = ptr::null_mut();
        let (q, ql) = t(QUARTER);
        let (c, cl) = t(DATUM_CREATIE);
        assert_eq!(
            spiegel_stream_new_callback(Some(give_up), ptr::null_mut(), q, ql, c, cl, &mut s),
            SPIEGEL_OK
        );
        let (z, zl) = t("12345678");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z, zl));
        let mut r = ptr::null_mut();
        assert_eq!(spiegel_stream_finish(s, &mut r), SPIEGEL_IO);
        assert!(last_error(s).contains('7'), "{}", last_error(s));
        spiegel_report_free(r);
        spiegel_stream_free(s);
        assert_eq!(
            spiegel_stream_new_callback(None, ptr::null_mut(), q, ql, c, cl, &mut s),
            SPIEGEL_NULL_ARGUMENT
        );
        assert!(s.is_null());
    }
}

#[test]
fn refused_records_and_errors_block_the_file_and_leave_the_target_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.xml");
    std::fs::write(&target, "old").unwrap();
    unsafe {
        let s = new_file(&target.to_string_lossy());
        let (z, zl) = t("12345678");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z, zl));
        // A refused trajectory: its children are skipped, end just closes it.
        let ((k, kl), (b, bl), (e, el)) = (t("BAD-1"), t("2024-02-01"), t("2024-01-01"));
        assert_eq!(
            spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, e, el, ptr::null(), 0),
            SPIEGEL_INVALID_VALUE
        );
        assert!(last_error(s).contains("BAD-1"), "{}", last_error(s));
        let ((c, cl), (d, dl)) = (t("CO0001"), t("2024-02-01"));
        assert_eq!(
            spiegel_stream_add_prestatie(s, c, cl, d, dl),
            SPIEGEL_INVALID_VALUE
        );
        assert!(last_error(s).contains("refused"), "{}", last_error(s));
        ok(s, spiegel_stream_end_zorgtraject(s));
        let mut errors = 0;
        ok(s, spiegel_stream_count_errors(s, &mut errors));
        assert_eq!(errors, 1);

        // A refused item of a good trajectory's meting.
        let (k, kl) = t("GOOD-1");
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, ptr::null(), 0, ptr::null(), 0),
        );
        let ((m, ml), (md, mdl)) = (t(CQI), t("2024-02-30"));
        assert_eq!(
            spiegel_stream_add_meting(s, m, ml, md, mdl),
            SPIEGEL_INVALID_VALUE
        );
        let ((i, il), (sc, scl)) = (t("1"), t("3"));
        assert_eq!(spiegel_stream_add_item(s, i, il, sc, scl), SPIEGEL_INVALID_VALUE);
        ok(s, spiegel_stream_end_zorgtraject(s));

        // A trajectory with a content error (unknown zorgvraagtype) is written but counted.
        let (k, kl) = t("GOOD-2");
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, ptr::null(), 0, ptr::null(), 0),
        );
        let (z9, z9l) = t("9");
        assert_eq!(
            spiegel_stream_add_zorgvraagtypering(s, ptr::null(), 0, z9, z9l, d, dl),
            SPIEGEL_OK
        );
        ok(s, spiegel_stream_end_zorgtraject(s));
        ok(s, spiegel_stream_count_errors(s, &mut errors));
        assert_eq!(errors, 3);

        // A provider that reappears.
        let (z2, z2l) = t("87654321");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z2, z2l));
        assert_eq!(
            spiegel_stream_start_zorgaanbieder(s, z, zl),
            SPIEGEL_INVALID_VALUE
        );
        assert_eq!(
            spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, ptr::null(), 0, ptr::null(), 0),
            SPIEGEL_INVALID_VALUE
        );
        ok(s, spiegel_stream_end_zorgtraject(s));

        let mut r = ptr::null_mut();
        assert_eq!(spiegel_stream_finish(s, &mut r), SPIEGEL_DELIVERY_HAS_ERRORS);
        let rules = rule_list(r);
        assert!(
            rules.contains(&"einddatum-before-begindatum".to_string()),
            "{rules:?}"
        );
        assert!(
            rules.contains(&"zorgaanbieder-not-contiguous".to_string()),
            "{rules:?}"
        );
        spiegel_report_free(r);
        spiegel_stream_free(s);
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn wrong_order_is_a_wrong_state_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xml").to_string_lossy().into_owned();
    unsafe {
        let s = new_file(&path);
        let ((b, bl), (c, cl), (d, dl)) = (t("2024-01-01"), t("CO0001"), t("2024-01-01"));
        let none = ptr::null();
        assert_eq!(
            spiegel_stream_begin_zorgtraject(s, none, 0, b, bl, none, 0, none, 0),
            SPIEGEL_WRONG_STATE
        );
        assert!(last_error(s).contains("spiegel_stream_start_zorgaanbieder"));
        assert_eq!(spiegel_stream_add_prestatie(s, c, cl, d, dl), SPIEGEL_WRONG_STATE);
        assert!(last_error(s).contains("spiegel_stream_begin_zorgtraject"));
        assert_eq!(spiegel_stream_end_zorgtraject(s), SPIEGEL_WRONG_STATE);
        let (i, il) = t("1");
        assert_eq!(spiegel_stream_add_item(s, i, il, i, il), SPIEGEL_WRONG_STATE);
        let (m, ml) = t(CQI);
        assert_eq!(
            spiegel_stream_add_loose_meting(s, m, ml, d, dl),
            SPIEGEL_WRONG_STATE
        );

        let (z, zl) = t("12345678");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z, zl));
        // Settings after the first provider.
        assert_eq!(
            spiegel_stream_set_drop_children_after_quarter(s, 1),
            SPIEGEL_WRONG_STATE
        );
        assert!(last_error(s).contains("before the first"), "{}", last_error(s));
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, none, 0, b, bl, none, 0, none, 0),
        );
        assert_eq!(
            spiegel_stream_begin_zorgtraject(s, none, 0, b, bl, none, 0, none, 0),
            SPIEGEL_WRONG_STATE
        );
        assert_eq!(spiegel_stream_add_item(s, i, il, i, il), SPIEGEL_WRONG_STATE);
        assert_eq!(
            spiegel_stream_add_loose_meting(s, m, ml, d, dl),
            SPIEGEL_WRONG_STATE
        );
        assert_eq!(spiegel_stream_start_zorgaanbieder(s, z, zl), SPIEGEL_WRONG_STATE);
        assert_eq!(spiegel_stream_finish(s, ptr::null_mut()), SPIEGEL_WRONG_STATE);
        assert!(last_error(s).contains("spiegel_stream_end_zorgtraject"));
        ok(s, spiegel_stream_end_zorgtraject(s));
        ok(s, spiegel_stream_finish(s, ptr::null_mut()));
        spiegel_stream_free(s);
    }
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("<Zorgtraject begindatum=\"2024-01-01\"/>"));
}

#[test]
fn settings_before_the_first_provider_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xml").to_string_lossy().into_owned();
    unsafe {
        let s = new_file(&path);
        let (org, orgl) = t("Locatie A\n");
        ok(s, spiegel_stream_load_organisatie_buffer(s, org, orgl));
        ok(s, spiegel_stream_set_drop_children_after_quarter(s, 1));
        assert_eq!(
            spiegel_stream_set_drop_children_after_quarter(s, 2),
            SPIEGEL_INVALID_VALUE
        );
        let (bad, badl) = t("# list: nope\n");
        assert_eq!(
            spiegel_stream_load_codelist_buffer(s, bad, badl),
            SPIEGEL_INVALID_CODELIST
        );
        let (p, pl) = t("/nonexistent-spiegel/lists");
        assert_eq!(spiegel_stream_load_codelists(s, p, pl), SPIEGEL_IO);
        assert_eq!(spiegel_stream_load_organisatie(s, p, pl), SPIEGEL_IO);
        let (z, zl) = t("12345678");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z, zl));
        let ((b, bl), (g, gl)) = (t("2024-01-01"), t("Locatie B"));
        let none = ptr::null();
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, none, 0, b, bl, none, 0, g, gl),
        );
        ok(s, spiegel_stream_end_zorgtraject(s));
        let mut r = ptr::null_mut();
        assert_eq!(spiegel_stream_finish(s, &mut r), SPIEGEL_DELIVERY_HAS_ERRORS);
        assert!(rule_list(r).contains(&"groep-code-unknown".to_string()));
        spiegel_report_free(r);
        spiegel_stream_free(s);
    }
    assert!(!std::path::Path::new(&path).exists());
}

#[test]
fn bad_arguments() {
    unsafe {
        let mut s = ptr::null_mut();
        let ((p, pl), (q, ql)) = (t("/nonexistent-spiegel/x.xml"), t(QUARTER));
        let none = ptr::null();
        assert_eq!(spiegel_stream_new_file(p, pl, q, ql, none, 0, &mut s), SPIEGEL_IO);
        assert!(s.is_null());
        let (p, pl) = t("x.xml");
        assert_eq!(
            spiegel_stream_new_file(p, pl, q, ql, none, 0, ptr::null_mut()),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_stream_new_file(none, 1, q, ql, none, 0, &mut s),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_stream_new_file(p, pl, none, 7, none, 0, &mut s),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_stream_new_file(p, pl, q, ql, none, 19, &mut s),
            SPIEGEL_NULL_ARGUMENT
        );
        let (bad, badl) = t("2024-Q5");
        assert_eq!(
            spiegel_stream_new_file(p, pl, bad, badl, none, 0, &mut s),
            SPIEGEL_INVALID_QUARTER
        );
        let (c, cl) = t("2024-04-03 10:15");
        assert_eq!(
            spiegel_stream_new_file(p, pl, q, ql, c, cl, &mut s),
            SPIEGEL_INVALID_VALUE
        );
        assert_eq!(
            spiegel_stream_new_file(b"\xff".as_ptr(), 1, q, ql, none, 0, &mut s),
            SPIEGEL_INVALID_UTF8
        );
        assert!(s.is_null());

        let n = ptr::null_mut();
        let (z, zl) = t("12345678");
        assert_eq!(
            spiegel_stream_start_zorgaanbieder(n, z, zl),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(spiegel_stream_end_zorgtraject(n), SPIEGEL_NULL_ARGUMENT);
        assert_eq!(spiegel_stream_finish(n, ptr::null_mut()), SPIEGEL_NULL_ARGUMENT);
        let mut count = 0;
        assert_eq!(spiegel_stream_count_errors(n, &mut count), SPIEGEL_NULL_ARGUMENT);
        let mut len = 0;
        assert_eq!(
            spiegel_stream_last_error(n, ptr::null_mut(), 0, &mut len),
            SPIEGEL_NULL_ARGUMENT
        );
        spiegel_stream_free(n);

        let dir = tempfile::tempdir().unwrap();
        let s = new_file(&dir.path().join("y.xml").to_string_lossy());
        assert_eq!(
            spiegel_stream_start_zorgaanbieder(s, none, 8),
            SPIEGEL_NULL_ARGUMENT
        );
        assert_eq!(
            spiegel_stream_start_zorgaanbieder(s, b"1234567\x80".as_ptr(), 8),
            SPIEGEL_INVALID_UTF8
        );
        assert_eq!(
            spiegel_stream_count_errors(s, ptr::null_mut()),
            SPIEGEL_NULL_ARGUMENT
        );
        // Free without finish: the temporary file goes.
        spiegel_stream_free(s);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

/// The last error's location (the part before the first ": ").
fn located_at(s: *const spiegel_stream) -> String {
    let error = last_error(s);
    error
        .split_once(": ")
        .map_or(error.clone(), |(at, _)| at.to_string())
}

#[test]
fn refused_records_are_located_by_provider_trajectory_and_position() {
    let dir = tempfile::tempdir().unwrap();
    unsafe {
        let s = new_file(&dir.path().join("x.xml").to_string_lossy());
        let (z, zl) = t("12345678");
        ok(s, spiegel_stream_start_zorgaanbieder(s, z, zl));
        let ((b, bl), (good, goodl), (bad, badl)) = (t("2024-01-05"), t("2024-02-01"), t("2024-02-30"));
        let ((k, kl), (p, pl)) = (t("EPD-7"), t("CO0001"));
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, k, kl, b, bl, ptr::null(), 0, ptr::null(), 0),
        );
        ok(s, spiegel_stream_end_zorgtraject(s));

        // The second trajectory, without a vendor key: located by its position.
        ok(
            s,
            spiegel_stream_begin_zorgtraject(s, ptr::null(), 0, b, bl, ptr::null(), 0, ptr::null(), 0),
        );
        ok(s, spiegel_stream_add_prestatie(s, p, pl, good, goodl));
        assert_eq!(
            spiegel_stream_add_prestatie(s, p, pl, bad, badl),
            SPIEGEL_INVALID_VALUE
        );
        let second = located_at(s);
        let (m, ml) = t(CQI);
        ok(s, spiegel_stream_add_meting(s, m, ml, good, goodl));
        ok(s, spiegel_stream_add_meting(s, m, ml, good, goodl));
        let ((i, il), (bad_score, bsl)) = (t("1"), t(" "));
        let (score, scorel) = t("3");
        ok(s, spiegel_stream_add_item(s, i, il, score, scorel));
        assert_eq!(
            spiegel_stream_add_item(s, i, il, bad_score, bsl),
            SPIEGEL_INVALID_VALUE
        );
        let item = located_at(s);
        ok(s, spiegel_stream_end_zorgtraject(s));

        // The third, with a key, refused itself.
        let (k3, k3l) = t("EPD-9");
        assert_eq!(
            spiegel_stream_begin_zorgtraject(s, k3, k3l, bad, badl, ptr::null(), 0, ptr::null(), 0),
            SPIEGEL_INVALID_VALUE
        );
        let third = located_at(s);
        ok(s, spiegel_stream_end_zorgtraject(s));

        // A loose meting's refused item.
        ok(s, spiegel_stream_add_loose_meting(s, m, ml, good, goodl));
        assert_eq!(
            spiegel_stream_add_item(s, i, il, bad_score, bsl),
            SPIEGEL_INVALID_VALUE
        );
        let loose = located_at(s);
        spiegel_stream_free(s);

        assert_eq!(
            [second, item, third, loose],
            [
                "Zorgaanbieder 12345678 › Zorgtraject #2 › Prestatie #2",
                "Zorgaanbieder 12345678 › Zorgtraject #2 › Meting #2 › Item #2",
                "Zorgaanbieder 12345678 › Zorgtraject 'EPD-9'",
                "Zorgaanbieder 12345678 › Meting #1 › Item #1",
            ]
        );
    }
}
