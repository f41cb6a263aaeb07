//! The report handle: walk the diagnostics, export them as CSV or JSON.
//!
//! A report is immutable once made, so its functions take a `const` pointer and keep no
//! per-handle error: their failures go to the thread's last error (`spiegel_last_error`).

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::diagnostic::{Diagnostic, Report};

use super::codes::*;
use super::guard::{self, copy_out, out, text, Failure, FfiResult};
use super::lang::{lang_code, lang_from_code};
use crate::i18n::Lang;

/// The diagnostics of one validation or write: obtained from `spiegel_delivery_validate` or a
/// `spiegel_delivery_write_*` call, freed with `spiegel_report_free`. Independent of the
/// delivery it came from. A report is never changed, so it may be read from several threads
/// at once.
#[allow(non_camel_case_types)]
pub struct spiegel_report {
    report: Report,
    /// The language of messages, summary and exports (a `SPIEGEL_LANG_*` code; atomic so that
    /// readers on other threads never see a torn value).
    lang: AtomicU32,
}

/// A report handle whose texts are in `lang` (the language of the handle or thread it
/// came from).
pub(crate) fn new_report(report: Report, lang: Lang) -> *mut spiegel_report {
    Box::into_raw(Box::new(spiegel_report {
        report,
        lang: AtomicU32::new(lang_code(lang)),
    }))
}

/// Sets the language of the report's messages, path texts, summary and CSV/JSON exports:
/// `SPIEGEL_LANG_EN` or `SPIEGEL_LANG_NL`. A report starts in the language of the delivery or
/// stream it came from (`spiegel_validate_file`: the calling thread's language). Rule ids,
/// CSV headers and JSON keys stay the same. Anything else returns SPIEGEL_UNKNOWN_LANGUAGE and
/// changes nothing. Safe to call while other threads read the report; they see the old or
/// the new language.
///
/// # Safety
/// `report` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_set_language(report: *mut spiegel_report, language: u32) -> u32 {
    guard::guard(|| {
        // SAFETY: the documented contract: NULL or a live report.
        let handle = unsafe { report.as_ref() }.ok_or_else(|| guard::null("report"))?;
        let lang = lang_from_code(language)?;
        handle.lang.store(lang_code(lang), Ordering::Relaxed);
        Ok(())
    })
}

/// Frees a report. NULL is allowed and does nothing.
///
/// # Safety
/// `report` is NULL or a report not freed before.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_free(report: *mut spiegel_report) {
    if !report.is_null() {
        let _ = std::panic::catch_unwind(|| {
            // SAFETY: per the contract above, we own it now.
            drop(unsafe { Box::from_raw(report) });
        });
    }
}

/// Runs `body` on the report behind `r`.
pub(crate) fn with_report(r: *const spiegel_report, body: impl FnOnce(&Report) -> FfiResult) -> u32 {
    with_report_in(r, |report, _| body(report))
}

/// Runs `body` on the report behind `r` and its language.
fn with_report_in(r: *const spiegel_report, body: impl FnOnce(&Report, Lang) -> FfiResult) -> u32 {
    guard::guard(|| {
        // SAFETY: the documented contract: NULL or a live report.
        let handle = unsafe { r.as_ref() }.ok_or_else(|| guard::null("report"))?;
        let lang = lang_from_code(handle.lang.load(Ordering::Relaxed)).unwrap_or_default();
        body(&handle.report, lang)
    })
}

fn diagnostic(report: &Report, index: usize) -> FfiResult<&Diagnostic> {
    report.diagnostics.get(index).ok_or_else(|| {
        Failure::new(
            SPIEGEL_NOT_FOUND,
            format!(
                "diagnostic index {index} does not exist: the report has {} (indexes start at 0)",
                report.diagnostics.len()
            ),
        )
    })
}

/// Sets `*out_count` to the number of entries (all severities): the indexes the other
/// functions take run from 0 to this count - 1. Identical diagnostics (same severity, rule,
/// element, attribute and value) are one entry: `spiegel_report_occurrences` gives how many
/// times each occurred, `spiegel_report_count_severity` counts every occurrence.
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_count(report: *const spiegel_report, out_count: *mut usize) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        *unsafe { out("out_count", out_count) }? = r.diagnostics.len();
        Ok(())
    })
}

/// Sets `*out_count` to the number of diagnostics of `severity` (SPIEGEL_SEVERITY_*), every
/// occurrence counted (also those past the report's entry limit).
/// Errors: SPIEGEL_INVALID_VALUE for an unknown severity.
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_count_severity(
    report: *const spiegel_report,
    severity: u32,
    out_count: *mut usize,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_count", out_count) }?;
        *slot = 0;
        let s = severity_from_code(severity).ok_or_else(|| {
            Failure::new(
                SPIEGEL_INVALID_VALUE,
                format!("severity {severity} is not SPIEGEL_SEVERITY_ERROR (1), _WARNING (2) or _INFO (3)"),
            )
        })?;
        *slot = r.count(s);
        Ok(())
    })
}

/// Sets `*out_severity` to the severity (SPIEGEL_SEVERITY_*) of diagnostic `index`
/// (0-based). Errors: SPIEGEL_NOT_FOUND.
///
/// # Safety
/// `report` is NULL or a live report; `out_severity` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_severity(
    report: *const spiegel_report,
    index: usize,
    out_severity: *mut u32,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_severity", out_severity) }?;
        *slot = 0;
        *slot = severity_code(diagnostic(r, index)?.severity);
        Ok(())
    })
}

/// Copies one text field of diagnostic `index` into the caller's buffer.
unsafe fn field(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
    get: impl FnOnce(&Diagnostic, Lang) -> String,
) -> u32 {
    with_report_in(report, |r, lang| {
        let value = match diagnostic(r, index) {
            Ok(d) => get(d, lang),
            Err(e) => {
                // SAFETY: forwarded contract; only to reset *out_len.
                if let Ok(len) = unsafe { out("out_len", out_len) } {
                    *len = 0;
                }
                return Err(e);
            }
        };
        // SAFETY: forwarded contract of the exported functions.
        unsafe { copy_out(value.as_bytes(), buf, buf_len, out_len) }
    })
}

/// The stable rule id of diagnostic `index`, e.g. `agb-code`, `item-not-allowed`.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_rule(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        field(report, index, buf, buf_len, out_len, |d, _| {
            d.rule.id().to_string()
        })
    }
}

/// Where the record of diagnostic `index` is, readable, e.g.
/// `Zorgaanbieder 12345678 › Zorgtraject 'EPD-4711' › Prestatie #2`.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_path(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        field(report, index, buf, buf_len, out_len, |d, lang| {
            d.path.display_in(lang)
        })
    }
}

/// The vendor key (`vendor_key`) of the trajectory diagnostic `index` is about; empty when
/// there is none.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_vendor_key(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        field(report, index, buf, buf_len, out_len, |d, _| {
            d.path.zorgtraject_id.clone().unwrap_or_default()
        })
    }
}

/// The attribute diagnostic `index` is about (e.g. `einddatum`); empty when none.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_attribute(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        field(report, index, buf, buf_len, out_len, |d, _| {
            d.attribute.unwrap_or_default().to_string()
        })
    }
}

/// The offending value of diagnostic `index`, as given (masked, e.g. `111 *** ***`, when it may
/// hold person data: see the privacy rules); empty when none.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_value(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        field(report, index, buf, buf_len, out_len, |d, _| {
            d.value.clone().unwrap_or_default()
        })
    }
}

/// The message of diagnostic `index`: what is wrong and what is allowed.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_message(
    report: *const spiegel_report,
    index: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { field(report, index, buf, buf_len, out_len, |d, lang| d.message_in(lang)) }
}

/// Sets `*out_count` to how many times the diagnostic of entry `index` occurred (at least 1).
/// Errors: SPIEGEL_NOT_FOUND.
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_occurrences(
    report: *const spiegel_report,
    index: usize,
    out_count: *mut u64,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_count", out_count) }?;
        *slot = 0;
        diagnostic(r, index)?;
        *slot = r.entry(index).map_or(1, |e| e.occurrences);
        Ok(())
    })
}

/// Sets `*out_count` to the number of places kept for entry `index`: the first places where
/// it occurred, at most 5 (the first is the entry's own path). Errors: SPIEGEL_NOT_FOUND.
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_location_count(
    report: *const spiegel_report,
    index: usize,
    out_count: *mut usize,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_count", out_count) }?;
        *slot = 0;
        diagnostic(r, index)?;
        *slot = r.entry(index).map_or(1, |e| e.location_count());
        Ok(())
    })
}

/// Place `location` (0-based, below `spiegel_report_location_count`) of entry `index`,
/// readable like `spiegel_report_path`; place 0 is the entry's own path.
///
/// Text out: `*out_len` is set to the length in bytes (UTF-8, without NUL); a NUL is
/// appended when `buf_len > *out_len`. Errors: SPIEGEL_NOT_FOUND (index or location),
/// SPIEGEL_BUFFER_TOO_SMALL (`*out_len` holds the size needed).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_location(
    report: *const spiegel_report,
    index: usize,
    location: usize,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    with_report(report, |r| {
        let place = diagnostic(r, index).and_then(|_| {
            let entry = r.entry(index);
            let kept = entry.map_or(0, |e| e.location_count());
            entry
                .and_then(|e| e.locations().nth(location))
                .map(|p| p.to_string())
                .ok_or_else(|| {
                    Failure::new(
                        SPIEGEL_NOT_FOUND,
                        format!(
                            "location {location} of entry {index} does not exist: it has {kept} \
                             (indexes start at 0)"
                        ),
                    )
                })
        });
        let place = match place {
            Ok(place) => place,
            Err(e) => {
                // SAFETY: forwarded contract; only to reset *out_len.
                if let Ok(len) = unsafe { out("out_len", out_len) } {
                    *len = 0;
                }
                return Err(e);
            }
        };
        // SAFETY: forwarded contract of this function.
        unsafe { copy_out(place.as_bytes(), buf, buf_len, out_len) }
    })
}

/// Sets `*out_count` to the number of diagnostics that were counted but not kept as entries
/// (a report keeps at most 10,000 distinct diagnostics; the counts stay exact).
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_not_listed(
    report: *const spiegel_report,
    out_count: *mut u64,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        *unsafe { out("out_count", out_count) }? = r.unlisted();
        Ok(())
    })
}

/// Which export format.
#[derive(Clone, Copy)]
enum Format {
    Csv,
    Json,
}

fn export(report: &Report, format: Format, lang: Lang) -> FfiResult<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        Format::Csv => crate::report::write_csv_in(report, lang, &mut bytes),
        Format::Json => crate::report::write_json_in(report, lang, &mut bytes),
    }
    .map_err(|e| Failure::new(SPIEGEL_IO, format!("exporting the report failed: {e}")))?;
    Ok(bytes)
}

unsafe fn export_to_path(
    report: *const spiegel_report,
    path: *const u8,
    path_len: usize,
    format: Format,
) -> u32 {
    with_report_in(report, |r, lang| {
        // SAFETY: forwarded contract.
        let path = unsafe { text("path", path, path_len) }?;
        let bytes = export(r, format, lang)?;
        crate::output::write_atomically(Path::new(path), |w| std::io::Write::write_all(w, &bytes))
            .map_err(|e| Failure::new(SPIEGEL_IO, format!("writing '{path}' failed: {e}")))
    })
}

unsafe fn export_to_buffer(
    report: *const spiegel_report,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
    format: Format,
) -> u32 {
    with_report_in(report, |r, lang| {
        let bytes = export(r, format, lang)?;
        // SAFETY: forwarded contract.
        unsafe { copy_out(&bytes, buf, buf_len, out_len) }
    })
}

/// Writes the diagnostics as UTF-8 CSV (header row, one entry per row with its `count` and
/// further places `also_at`) to `path`,
/// atomically (a symbolic link is written through; a non-regular file is never replaced).
/// Errors: SPIEGEL_IO.
///
/// # Safety
/// `report` is NULL or a live report; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_write_csv(
    report: *const spiegel_report,
    path: *const u8,
    path_len: usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { export_to_path(report, path, path_len, Format::Csv) }
}

/// Writes the report as JSON (counts per severity and rule, selection counts, every
/// diagnostic) to `path`, atomically (a symbolic link is written through; a non-regular file
/// is never replaced). Errors: SPIEGEL_IO.
///
/// # Safety
/// `report` is NULL or a live report; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_write_json(
    report: *const spiegel_report,
    path: *const u8,
    path_len: usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { export_to_path(report, path, path_len, Format::Json) }
}

/// The CSV export into `buf` (size-query pattern, NUL appended when there is room).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_csv(
    report: *const spiegel_report,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { export_to_buffer(report, buf, buf_len, out_len, Format::Csv) }
}

/// The JSON export into `buf` (size-query pattern, NUL appended when there is room).
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_json(
    report: *const spiegel_report,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { export_to_buffer(report, buf, buf_len, out_len, Format::Json) }
}

/// A readable text summary: counts, then the errors and warnings (one line per entry with its
/// count, at most 50, then a line counting the rest), and the info lines too when `with_info`
/// is 1 (0: without). Size-query pattern. Errors: SPIEGEL_INVALID_VALUE when
/// `with_info` is not 0 or 1.
///
/// # Safety
/// `report` is NULL or a live report; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_summary(
    report: *const spiegel_report,
    with_info: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    with_report_in(report, |r, lang| {
        let with_info = match with_info {
            0 => false,
            1 => true,
            other => {
                return Err(Failure::new(
                    SPIEGEL_INVALID_VALUE,
                    format!("with_info {other} is not 0 or 1"),
                ))
            }
        };
        let text = crate::report::summary_in(r, with_info, lang);
        // SAFETY: forwarded contract.
        unsafe { copy_out(text.as_bytes(), buf, buf_len, out_len) }
    })
}
