//! The reference delivery: the Rust API writes the golden file; the C ABI (called from Rust
//! here, from C in bindings/c/test.c) and the JSON loader must give the very same bytes.

mod common;

use common::reference::{self, CQI, DATUM_CREATIE, PROVIDERS, QUARTER};
use spiegelinformatie::ffi::*;
use std::ptr;

#[test]
fn rust_api_matches_golden_file() {
    let (xml, report) = reference::xml();
    let path = reference::golden_path();
    if std::env::var_os("SPIEGEL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &xml).unwrap();
    }
    let golden = std::fs::read(&path).expect(
        "bindings/reference/reference.xml is missing; create it with \
         SPIEGEL_BLESS=1 cargo test --test ffi_reference",
    );
    assert!(
        golden == xml,
        "the reference file changed; if intended, refresh it with \
         SPIEGEL_BLESS=1 cargo test --test ffi_reference\nnew:\n{}",
        String::from_utf8_lossy(&xml)
    );
    // What the reference is meant to exercise.
    let text = String::from_utf8(xml).unwrap();
    assert!(text.contains("Locatie Zuid &amp; &quot;Noord&quot; — Grüße 日本"));
    assert!(!text.contains("REF-"), "vendor keys never reach the XML");
    assert!(
        !text.contains("2023-12-31"),
        "the excluded trajectory is left out"
    );
    assert!(
        !text.contains("2024-05-10"),
        "an einddatum after the quarter is left out"
    );
    assert!(
        text.contains(r#"datum="2024-04-15""#),
        "children after the quarter are kept"
    );
    assert!(!text.contains(r#"item_code="17""#));
    assert!(
        !text.contains("2024-04-02"),
        "the loose meting after the quarter is left out"
    );
    assert_eq!(report.selection.items_left_out, 1);
    assert_eq!(report.selection.zorgtrajecten_closed, 2);
    assert_eq!(report.selection.zorgtrajecten_open, 2);
    assert_eq!(report.selection.zorgtrajecten_ended_before, 1);
}

fn t(s: &str) -> (*const u8, usize) {
    (s.as_ptr(), s.len())
}

fn opt(s: Option<&str>) -> (*const u8, usize) {
    s.map_or((ptr::null(), 0), t)
}

/// Fails with the delivery's last error when `code` is not OK.
unsafe fn ok(d: *mut spiegel_delivery, code: u32) {
    if code != SPIEGEL_OK {
        let mut buf = vec![0u8; 4096];
        let mut len = 0;
        unsafe { spiegel_delivery_last_error(d, buf.as_mut_ptr(), buf.len(), &mut len) };
        panic!("code {code}: {}", String::from_utf8_lossy(&buf[..len]));
    }
}

unsafe fn add_meting_items(d: *mut spiegel_delivery, id: u32, items: &[(&str, &str)]) {
    for (code, score) in items {
        let (c, cl) = t(code);
        let (s, sl) = t(score);
        unsafe { ok(d, spiegel_delivery_add_item(d, id, c, cl, s, sl)) };
    }
}

/// Builds the reference delivery through the C ABI, one call per record.
unsafe fn build_through_ffi() -> *mut spiegel_delivery {
    let mut d = ptr::null_mut();
    unsafe {
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        let (q, ql) = t(QUARTER);
        ok(d, spiegel_delivery_set_quarter(d, q, ql));
        let (c, cl) = t(DATUM_CREATIE);
        ok(d, spiegel_delivery_set_datum_creatie(d, c, cl));
        for p in PROVIDERS {
            let mut za = 0;
            let (c, cl) = t(p.code);
            ok(d, spiegel_delivery_add_zorgaanbieder(d, c, cl, &mut za));
            for tr in p.trajecten {
                let mut tid = 0;
                let (k, kl) = t(tr.vendor_key);
                let (b, bl) = t(tr.begindatum);
                let (e, el) = opt(tr.einddatum);
                let (g, gl) = opt(tr.groep_code);
                ok(
                    d,
                    spiegel_delivery_add_zorgtraject(d, za, k, kl, b, bl, e, el, g, gl, &mut tid),
                );
                for (code, datum) in tr.primair {
                    let ((c, cl), (x, xl)) = (t(code), t(datum));
                    ok(d, spiegel_delivery_add_primair(d, tid, c, cl, x, xl));
                }
                for code in tr.neven {
                    let (c, cl) = t(code);
                    ok(d, spiegel_delivery_add_neven(d, tid, c, cl));
                }
                for (honos, code, datum) in tr.typeringen {
                    let ((h, hl), (c, cl), (x, xl)) = (opt(*honos), opt(*code), t(datum));
                    ok(
                        d,
                        spiegel_delivery_add_zorgvraagtypering(d, tid, h, hl, c, cl, x, xl),
                    );
                }
                for (code, datum) in tr.prestaties {
                    let ((c, cl), (x, xl)) = (t(code), t(datum));
                    ok(d, spiegel_delivery_add_prestatie(d, tid, c, cl, x, xl));
                }
                for m in tr.metingen {
                    let mut mid = 0;
                    let ((c, cl), (x, xl)) = (t(CQI), t(m.datum));
                    ok(d, spiegel_delivery_add_meting(d, tid, c, cl, x, xl, &mut mid));
                    add_meting_items(d, mid, m.items);
                }
            }
            for m in p.metingen {
                let mut mid = 0;
                let ((c, cl), (x, xl)) = (t(CQI), t(m.datum));
                ok(
                    d,
                    spiegel_delivery_add_loose_meting(d, za, c, cl, x, xl, &mut mid),
                );
                add_meting_items(d, mid, m.items);
            }
        }
    }
    d
}

/// How many diagnostics of `report` have rule `id`.
unsafe fn rule_count(report: *const spiegel_report, id: &str) -> usize {
    let mut count = 0;
    unsafe {
        spiegel_report_count(report, &mut count);
        (0..count)
            .filter(|&i| {
                let mut buf = [0u8; 64];
                let mut len = 0;
                spiegel_report_rule(report, i, buf.as_mut_ptr(), buf.len(), &mut len);
                &buf[..len] == id.as_bytes()
            })
            .count()
    }
}

unsafe fn write_to_vec(d: *mut spiegel_delivery) -> Vec<u8> {
    let mut len = 0;
    let mut report = ptr::null_mut();
    unsafe {
        let code = spiegel_delivery_write_buffer(d, ptr::null_mut(), 0, &mut len, &mut report);
        assert_eq!(code, SPIEGEL_BUFFER_TOO_SMALL);
        spiegel_report_free(report);
        let mut buf = vec![0xAAu8; len + 1];
        ok(
            d,
            spiegel_delivery_write_buffer(d, buf.as_mut_ptr(), buf.len(), &mut len, &mut report),
        );
        assert_eq!(buf[len], 0, "NUL appended when there is room");
        buf.truncate(len);
        let mut errors = 0;
        spiegel_report_count_severity(report, SPIEGEL_SEVERITY_ERROR, &mut errors);
        assert_eq!(errors, 0);
        assert_eq!(rule_count(report, "item-not-allowed"), 1, "item 17 is reported");
        spiegel_report_free(report);
        buf
    }
}

#[test]
fn the_c_abi_builds_the_same_file() {
    let (expected, _) = reference::xml();
    unsafe {
        let d = build_through_ffi();
        assert_eq!(
            String::from_utf8(write_to_vec(d)).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        spiegel_delivery_free(d);
    }
}

#[test]
fn loading_the_reference_as_json_builds_the_same_file() {
    let (expected, _) = reference::xml();
    let mut json = Vec::new();
    spiegelinformatie::json::write_delivery(&reference::delivery(), &mut json).unwrap();
    unsafe {
        let mut d = ptr::null_mut();
        spiegel_delivery_new(&mut d);
        ok(d, spiegel_delivery_load_json(d, json.as_ptr(), json.len()));
        ok(d, spiegel_delivery_set_quarter_number(d, 2024, 1));
        let (c, cl) = t(DATUM_CREATIE);
        ok(d, spiegel_delivery_set_datum_creatie(d, c, cl));
        assert_eq!(write_to_vec(d), expected);
        spiegel_delivery_free(d);
    }
}
