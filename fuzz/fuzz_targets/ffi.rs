//! The C ABI driven by arbitrary bytes, the way a careless caller in C#, Java or Delphi might:
//! a sequence of calls chosen by the input, with fuzzed text (invalid UTF-8, NULs, NULL
//! pointers with nonzero lengths), fuzzed ids (real ones, stale ones, 0, `u32::MAX`) and fuzzed
//! buffer sizes, then validation, writing into a buffer and walking the report.
//!
//! Any panic aborts here (libfuzzer-sys installs an aborting panic hook), so a panic that the
//! ABI guard would have caught and turned into SPIEGEL_PANIC is still reported as a crash: it
//! is a bug all the same.
#![no_main]

use std::ptr;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use spiegelinformatie::ffi::*;

/// A text argument: pointer and length, possibly NULL, possibly lying about being absent.
struct Text<'a> {
    bytes: Option<&'a [u8]>,
    len: usize,
}

impl Text<'_> {
    fn ptr(&self) -> *const u8 {
        self.bytes.map_or(ptr::null(), <[u8]>::as_ptr)
    }
}

fn text<'a>(u: &mut Unstructured<'a>) -> Result<Text<'a>> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => Text { bytes: None, len: 0 },
        1 => Text {
            bytes: None,
            len: u.arbitrary()?,
        },
        2 => {
            // A plausible value, so that calls get past the first check now and then.
            let samples: [&'static [u8]; 12] = [
                b"12345678",
                b"2024-01-01",
                b"2024-02-29",
                b"2024-03-31",
                b"2023-11-02",
                b"D5_5.03",
                b"CO0001",
                b"CQi-GGZ-VZ-AKWA",
                b"3",
                b"1",
                b"2024-Q1",
                b"2024-04-03T10:15:00",
            ];
            let s = *u.choose(&samples)?;
            Text {
                bytes: Some(s),
                len: s.len(),
            }
        }
        _ => {
            let n = u.int_in_range(0usize..=40)?;
            let s = u.bytes(n)?;
            Text {
                bytes: Some(s),
                len: s.len(),
            }
        }
    })
}

fn pick(u: &mut Unstructured<'_>, ids: &[u32]) -> Result<u32> {
    if !ids.is_empty() && u.ratio(7u8, 8u8)? {
        return Ok(*u.choose(ids)?);
    }
    Ok(*u.choose(&[0, 1, 2, u32::MAX, u32::MAX - 1])?)
}

fn check(code: u32) {
    assert_ne!(code, SPIEGEL_PANIC, "an ABI call panicked");
    assert!(code <= SPIEGEL_TOO_MANY_RECORDS, "unknown result code {code}");
}

/// Reads one of the report's text fields through a buffer of fuzzed size, as C would.
unsafe fn field(
    u: &mut Unstructured<'_>,
    f: unsafe extern "C" fn(*const spiegel_report, usize, *mut u8, usize, *mut usize) -> u32,
    report: *const spiegel_report,
    index: usize,
) -> Result<()> {
    let size = u.int_in_range(0usize..=64)?;
    let mut buf = vec![0xAAu8; size];
    let mut len = 0usize;
    let p = if size == 0 && u.arbitrary()? {
        ptr::null_mut()
    } else {
        buf.as_mut_ptr()
    };
    check(unsafe { f(report, index, p, size, &mut len) });
    Ok(())
}

unsafe fn walk(u: &mut Unstructured<'_>, report: *mut spiegel_report) -> Result<()> {
    if report.is_null() {
        return Ok(());
    }
    let mut count = 0usize;
    check(unsafe { spiegel_report_count(report, &mut count) });
    let mut n = 0usize;
    check(unsafe { spiegel_report_count_severity(report, u.int_in_range(0..=4)?, &mut n) });
    // One past the end, on purpose.
    for index in 0..=count.min(8) {
        let mut severity = 0u32;
        check(unsafe { spiegel_report_severity(report, index, &mut severity) });
        unsafe {
            field(u, spiegel_report_rule, report, index)?;
            field(u, spiegel_report_path, report, index)?;
            field(u, spiegel_report_vendor_key, report, index)?;
            field(u, spiegel_report_attribute, report, index)?;
            field(u, spiegel_report_value, report, index)?;
            field(u, spiegel_report_message, report, index)?;
        }
    }
    let size = u.int_in_range(0usize..=4096)?;
    let mut buf = vec![0u8; size];
    let mut len = 0usize;
    check(unsafe { spiegel_report_csv(report, buf.as_mut_ptr(), size, &mut len) });
    check(unsafe { spiegel_report_json(report, buf.as_mut_ptr(), size, &mut len) });
    check(unsafe { spiegel_report_summary(report, u.arbitrary()?, buf.as_mut_ptr(), size, &mut len) });
    Ok(())
}

unsafe fn drive(u: &mut Unstructured<'_>, d: *mut spiegel_delivery) -> Result<()> {
    let mut providers = Vec::new();
    let mut trajects = Vec::new();
    let mut metingen = Vec::new();
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let mut id = 0u32;
        let code = match u.int_in_range(0u8..=16)? {
            0 => {
                let q = text(u)?;
                unsafe { spiegel_delivery_set_quarter(d, q.ptr(), q.len) }
            }
            1 => unsafe { spiegel_delivery_set_quarter_number(d, u.arbitrary()?, u.arbitrary()?) },
            2 => {
                let t = text(u)?;
                unsafe { spiegel_delivery_set_datum_creatie(d, t.ptr(), t.len) }
            }
            3 => unsafe { spiegel_delivery_set_drop_children_after_quarter(d, u.arbitrary()?) },
            4 => {
                let c = text(u)?;
                let r = unsafe { spiegel_delivery_add_zorgaanbieder(d, c.ptr(), c.len, &mut id) };
                providers.push(id);
                r
            }
            5 => {
                let p = pick(u, &providers)?;
                let (key, begin, end, groep) = (text(u)?, text(u)?, text(u)?, text(u)?);
                let r = unsafe {
                    spiegel_delivery_add_zorgtraject(
                        d,
                        p,
                        key.ptr(),
                        key.len,
                        begin.ptr(),
                        begin.len,
                        end.ptr(),
                        end.len,
                        groep.ptr(),
                        groep.len,
                        &mut id,
                    )
                };
                trajects.push(id);
                r
            }
            6 => {
                let t = pick(u, &trajects)?;
                let (c, datum) = (text(u)?, text(u)?);
                unsafe { spiegel_delivery_add_primair(d, t, c.ptr(), c.len, datum.ptr(), datum.len) }
            }
            7 => {
                let t = pick(u, &trajects)?;
                let c = text(u)?;
                unsafe { spiegel_delivery_add_neven(d, t, c.ptr(), c.len) }
            }
            8 => {
                let t = pick(u, &trajects)?;
                let (h, c, datum) = (text(u)?, text(u)?, text(u)?);
                unsafe {
                    spiegel_delivery_add_zorgvraagtypering(
                        d,
                        t,
                        h.ptr(),
                        h.len,
                        c.ptr(),
                        c.len,
                        datum.ptr(),
                        datum.len,
                    )
                }
            }
            9 => {
                let t = pick(u, &trajects)?;
                let (c, datum) = (text(u)?, text(u)?);
                unsafe { spiegel_delivery_add_prestatie(d, t, c.ptr(), c.len, datum.ptr(), datum.len) }
            }
            10 => {
                let t = pick(u, &trajects)?;
                let (c, datum) = (text(u)?, text(u)?);
                let r = unsafe {
                    spiegel_delivery_add_meting(d, t, c.ptr(), c.len, datum.ptr(), datum.len, &mut id)
                };
                metingen.push(id);
                r
            }
            11 => {
                let p = pick(u, &providers)?;
                let (c, datum) = (text(u)?, text(u)?);
                let r = unsafe {
                    spiegel_delivery_add_loose_meting(d, p, c.ptr(), c.len, datum.ptr(), datum.len, &mut id)
                };
                metingen.push(id);
                r
            }
            12 => {
                let m = pick(u, &metingen)?;
                let (c, s) = (text(u)?, text(u)?);
                unsafe { spiegel_delivery_add_item(d, m, c.ptr(), c.len, s.ptr(), s.len) }
            }
            13 => {
                // The rest of the input as JSON.
                let json = u.bytes(u.len())?;
                unsafe { spiegel_delivery_load_json(d, json.as_ptr(), json.len()) }
            }
            14 => {
                let mut report = ptr::null_mut();
                let r = unsafe { spiegel_delivery_validate(d, &mut report) };
                unsafe {
                    walk(u, report)?;
                    spiegel_report_free(report);
                }
                r
            }
            15 => {
                let size = u.int_in_range(0usize..=8192)?;
                let mut buf = vec![0u8; size];
                let mut len = 0usize;
                let mut report = ptr::null_mut();
                let p = if size == 0 && u.arbitrary()? {
                    ptr::null_mut()
                } else {
                    buf.as_mut_ptr()
                };
                let r = unsafe { spiegel_delivery_write_buffer(d, p, size, &mut len, &mut report) };
                unsafe {
                    walk(u, report)?;
                    spiegel_report_free(report);
                }
                r
            }
            _ => {
                let size = u.int_in_range(0usize..=128)?;
                let mut buf = vec![0u8; size];
                let mut len = 0usize;
                unsafe { spiegel_delivery_last_error(d, buf.as_mut_ptr(), size, &mut len) }
            }
        };
        check(code);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut d = ptr::null_mut();
    unsafe {
        check(spiegel_delivery_new(&mut d));
        let _ = drive(&mut u, d);
        // Whatever happened, the delivery can still be written (or refuses cleanly) and freed.
        let mut len = 0usize;
        let mut report = ptr::null_mut();
        check(spiegel_delivery_write_buffer(
            d,
            ptr::null_mut(),
            0,
            &mut len,
            &mut report,
        ));
        spiegel_report_free(report);
        spiegel_delivery_free(d);
    }
});
