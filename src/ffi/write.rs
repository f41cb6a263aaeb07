//! Validating a delivery and writing its file: to a path (atomic), a caller buffer, or a
//! write callback. Every one of them can hand back the report.

use std::ffi::c_void;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use time::{OffsetDateTime, PrimitiveDateTime};

use crate::diagnostic::Report;
use crate::generate::{generate, generate_file, GenerateError, GenerateOptions};

use super::codes::*;
use super::delivery::{spiegel_delivery, with_delivery, DeliveryState};
use super::guard::{copy_out, located, out, text, Failure, FfiResult};
use super::report::{new_report, spiegel_report};

/// Receives the XML in pieces: `data`/`len` is the next piece (not NUL-terminated), `user` is
/// the pointer given to `spiegel_delivery_write_callback`. Return 0 to go on; any other value
/// stops writing, and the call returns SPIEGEL_IO. Called on the caller's thread, only during
/// the `spiegel_delivery_write_callback` call (or a `spiegel_stream_*` call).
///
/// The callback must return normally: it must not throw a C++ exception, call `longjmp`, or
/// unwind in any other way through the library (that aborts the process or leaves the handle
/// locked). It must not call functions of the handle it writes for: they return
/// SPIEGEL_WRONG_STATE (and `_free` does nothing); other handles may be used.
#[allow(non_camel_case_types)]
pub type spiegel_write_callback =
    Option<unsafe extern "C" fn(user: *mut c_void, data: *const u8, len: usize) -> i32>;

/// The current local time, to the second.
pub(crate) fn now_local() -> FfiResult<PrimitiveDateTime> {
    let now = OffsetDateTime::now_local().map_err(|_| {
        Failure::new(
            SPIEGEL_WRONG_STATE,
            "the local time zone cannot be determined for datum_creatie; set it with \
             spiegel_delivery_set_datum_creatie",
        )
    })?;
    let now = now.replace_nanosecond(0).unwrap_or(now);
    Ok(PrimitiveDateTime::new(now.date(), now.time()))
}

/// The quarter of the delivery, or a WRONG_STATE failure saying what to call before `what`.
pub(crate) fn quarter_of(d: &DeliveryState, what: &str) -> FfiResult<crate::Quarter> {
    d.quarter.ok_or_else(|| {
        Failure::new(
            SPIEGEL_WRONG_STATE,
            format!(
                "no quarter set: call spiegel_delivery_set_quarter (e.g. \"2024-Q1\") or \
                 spiegel_delivery_set_quarter_number before {what}"
            ),
        )
    })
}

/// The options of the delivery's file, with `datum_creatie` as given.
pub(crate) fn options_at(
    d: &DeliveryState,
    datum_creatie: PrimitiveDateTime,
    what: &str,
) -> FfiResult<GenerateOptions> {
    let mut options = GenerateOptions::new(quarter_of(d, what)?, datum_creatie);
    options.selection.drop_children_after_quarter = d.drop_children_after_quarter;
    options.leave_out_unrepresentable = d.leave_out_unrepresentable;
    d.lists.apply(&mut options);
    Ok(options)
}

fn options(d: &DeliveryState) -> FfiResult<GenerateOptions> {
    quarter_of(d, "validating or writing")?;
    let datum_creatie = match d.datum_creatie {
        Some(moment) => moment,
        None => now_local()?,
    };
    options_at(d, datum_creatie, "validating or writing")
}

/// What one run of `generate` gave: the complete report, and whether the file was made.
enum Outcome {
    Written(Report),
    Blocked(Report),
}

/// Runs `generate` with `write`, unless records were refused earlier: then only selection is
/// run (to a sink) for a complete report, and nothing is written.
fn run_generate(
    d: &DeliveryState,
    write: impl FnOnce(&crate::Delivery, &GenerateOptions) -> Result<Report, GenerateError>,
) -> FfiResult<(Outcome, Option<io::Error>)> {
    let options = options(d)?;
    let delivery = d.records.assemble_leaving_out(options.leave_out_unrepresentable);
    let mut refused = d.records.refused().clone();
    options.admit_unrepresentable(&mut refused);
    let result = if refused.has_errors() {
        generate(&delivery, &options, io::sink())
            .map(|report| Err(GenerateError::Invalid(Box::new(report))))
            .unwrap_or_else(Err)
    } else {
        write(&delivery, &options)
    };
    let with_refused = |report: Report| {
        let mut all = refused.clone();
        all.merge(report);
        all
    };
    Ok(match result {
        Ok(report) => (Outcome::Written(with_refused(report)), None),
        Err(GenerateError::Invalid(report)) => (Outcome::Blocked(with_refused(*report)), None),
        Err(GenerateError::Io(e)) => {
            // The error carries no report: select again, to a sink, for one.
            let report = generate(&delivery, &options, io::sink()).unwrap_or_else(|e| match e {
                GenerateError::Invalid(report) => *report,
                GenerateError::Io(_) => Report::new(),
            });
            (Outcome::Blocked(with_refused(report)), Some(e))
        }
    })
}

fn blocked_failure(report: &Report) -> Failure {
    let errors = report.count(crate::Severity::Error).to_string();
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::Severity::Error);
    Failure::in_both(SPIEGEL_DELIVERY_HAS_ERRORS, |lang| {
        let first = first
            .map(|d| crate::i18n::text(lang, "ffi.the-first", &[("first", &located(d, lang))]))
            .unwrap_or_default();
        crate::i18n::text(lang, "ffi.not-written", &[("errors", &errors), ("first", &first)])
    })
}

/// Hands the report to `*out_report` (when given) and turns the outcome into the call's
/// result. `target` names what was written, for I/O error messages.
fn conclude(
    outcome: (Outcome, Option<io::Error>),
    out_report: Option<&mut *mut spiegel_report>,
    target: &str,
    lang: crate::i18n::Lang,
) -> FfiResult {
    let (outcome, io_error) = outcome;
    let (report, failure) = match outcome {
        Outcome::Written(report) => (report, None),
        Outcome::Blocked(report) => {
            let failure = match &io_error {
                Some(e) => Failure::new(SPIEGEL_IO, format!("writing {target} failed: {e}")),
                None => blocked_failure(&report),
            };
            (report, Some(failure))
        }
    };
    if let Some(slot) = out_report {
        *slot = new_report(report, lang);
    }
    failure.map_or(Ok(()), Err)
}

/// The optional out_report pointer, set to NULL first.
///
/// # Safety
/// `ptr` is NULL or valid for writing a pointer.
unsafe fn report_slot<'a>(ptr: *mut *mut spiegel_report) -> Option<&'a mut *mut spiegel_report> {
    // SAFETY: forwarded contract.
    let slot = unsafe { ptr.as_mut() }?;
    *slot = std::ptr::null_mut();
    Some(slot)
}

/// Validates the delivery for its quarter without writing anything, and sets `*out_report`
/// to a new report (free it with `spiegel_report_free`). Returns SPIEGEL_OK when a file can
/// be written (the report may hold warnings and info), SPIEGEL_DELIVERY_HAS_ERRORS when not
/// (the report lists every error), SPIEGEL_WRONG_STATE before a quarter is set.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `out_report` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_validate(
    delivery: *mut spiegel_delivery,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_report", out_report) }?;
        *slot = std::ptr::null_mut();
        let outcome = run_generate(d, |delivery, options| generate(delivery, options, io::sink()))?;
        conclude(outcome, Some(slot), "", d.lang)
    })
}

/// Writes the file of the quarter to `path` (UTF-8) atomically: a temporary file in the same
/// directory is written, synced and renamed, so `path` appears complete or not at all, and an
/// existing file is only replaced on success. A symbolic link is written through (its target
/// is replaced); a directory, a device or another non-regular file is never replaced, and
/// neither is a file code lists or the organisation structure were loaded from: SPIEGEL_IO,
/// nothing written.
///
/// `out_report` is optional (NULL: no report). When given, `*out_report` is set to a new
/// report whenever the delivery was processed (success, SPIEGEL_DELIVERY_HAS_ERRORS,
/// SPIEGEL_IO) and to NULL otherwise; free a non-NULL report with `spiegel_report_free`.
/// Errors: SPIEGEL_WRONG_STATE (no quarter), SPIEGEL_DELIVERY_HAS_ERRORS, SPIEGEL_IO.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `path` is NULL or valid for `path_len` bytes;
/// `out_report` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_write_file(
    delivery: *mut spiegel_delivery,
    path: *const u8,
    path_len: usize,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (both): per the contract above.
        let slot = unsafe { report_slot(out_report) };
        let path = unsafe { text("path", path, path_len) }?;
        let target = Path::new(path);
        d.lists.check_output(target)?;
        let outcome = run_generate(d, |delivery, options| generate_file(delivery, options, target))?;
        conclude(outcome, slot, &format!("'{path}'"), d.lang)
    })
}

/// Writes the file of the quarter into `buf`: the size-query pattern. Call with `buf` NULL
/// and `buf_len` 0 to learn the size in `*out_len` (SPIEGEL_BUFFER_TOO_SMALL), then with a
/// buffer of `*out_len + 1` bytes. A NUL is appended when there is room; `*out_len` never
/// counts it. Without a fixed `datum_creatie` two calls may differ in that attribute, never
/// in length. `out_report` as for `spiegel_delivery_write_file` (also set on
/// SPIEGEL_BUFFER_TOO_SMALL).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes;
/// `out_len` and `out_report` are NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_write_buffer(
    delivery: *mut spiegel_delivery,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all): per the contract above.
        let slot = unsafe { report_slot(out_report) };
        let len = unsafe { out("out_len", out_len) }?;
        *len = 0;
        if buf.is_null() && buf_len != 0 {
            return Err(super::guard::null("buf (with a nonzero buf_len)"));
        }
        let mut xml = Vec::new();
        let outcome = run_generate(d, |delivery, options| generate(delivery, options, &mut xml))?;
        conclude(outcome, slot, "the XML to memory", d.lang)?;
        unsafe { copy_out(&xml, buf, buf_len, len) }
    })
}

/// Adapts a C write callback to `io::Write`. Once the callback has returned nonzero it is
/// never called again (a `BufWriter` would otherwise retry its buffer when dropped).
pub(crate) struct CallbackWriter {
    pub(crate) callback: unsafe extern "C" fn(*mut c_void, *const u8, usize) -> i32,
    pub(crate) user: *mut c_void,
    pub(crate) refused: Option<i32>,
}

impl Write for CallbackWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let stopped = |status| io::Error::other(format!("the write callback returned {status}"));
        if let Some(status) = self.refused {
            return Err(stopped(status));
        }
        if data.is_empty() {
            return Ok(0);
        }
        // SAFETY: the caller of spiegel_delivery_write_callback vouches for the callback and
        // `user`; `data` is valid for its length during the call.
        let status = unsafe { (self.callback)(self.user, data.as_ptr(), data.len()) };
        if status == 0 {
            Ok(data.len())
        } else {
            self.refused = Some(status);
            Err(stopped(status))
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the file of the quarter through `callback`, in pieces of up to 64 KiB, in order.
/// `user` is passed through untouched (may be NULL). When the callback returns nonzero,
/// writing stops and SPIEGEL_IO is returned: discard what was received. On
/// SPIEGEL_DELIVERY_HAS_ERRORS the callback is not called at all. `out_report` as for
/// `spiegel_delivery_write_file`.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `callback` is NULL or a function of the declared
/// type; `out_report` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_write_callback(
    delivery: *mut spiegel_delivery,
    callback: spiegel_write_callback,
    user: *mut c_void,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let slot = unsafe { report_slot(out_report) };
        let callback = callback.ok_or_else(|| super::guard::null("callback"))?;
        let outcome = run_generate(d, |delivery, options| {
            let mut w = BufWriter::with_capacity(
                64 * 1024,
                CallbackWriter {
                    callback,
                    user,
                    refused: None,
                },
            );
            let report = generate(delivery, options, &mut w)?;
            w.flush()?;
            Ok(report)
        })?;
        conclude(outcome, slot, "to the write callback", d.lang)
    })
}
