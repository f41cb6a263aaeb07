//! Functions without a handle: versions, code texts, the thread's last error, the delivery
//! calendar.

use time::{Date, Month};

use crate::quarter::Quarter;

use super::codes::*;
use super::guard::{self, copy_out, out, run, thread_error, Failure, FfiResult};

/// The ABI version, SPIEGEL_ABI_VERSION of the library actually loaded. Compare it with the
/// SPIEGEL_ABI_VERSION your wrapper was written for.
#[no_mangle]
pub extern "C" fn spiegel_abi_version() -> u32 {
    SPIEGEL_ABI_VERSION
}

/// The additions level, SPIEGEL_ABI_MINOR_VERSION of the library actually loaded: a wrapper
/// that uses functions added later than version 1.0 checks it is at least the level it needs.
#[no_mangle]
pub extern "C" fn spiegel_abi_minor_version() -> u32 {
    SPIEGEL_ABI_MINOR_VERSION
}

/// The library version (e.g. `0.1.0`) into `buf` (size-query pattern).
///
/// # Safety
/// `buf` is NULL or valid for `buf_len` bytes; `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_version(buf: *mut u8, buf_len: usize, out_len: *mut usize) -> u32 {
    // SAFETY: per the contract above.
    guard::guard(|| unsafe { copy_out(env!("CARGO_PKG_VERSION").as_bytes(), buf, buf_len, out_len) })
}

/// The generic meaning of result code `code` into `buf` (size-query pattern). For an unknown
/// code, writes `unknown result code N` and returns SPIEGEL_NOT_FOUND. Does not change the
/// last error.
///
/// # Safety
/// `buf` is NULL or valid for `buf_len` bytes; `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_result_text(
    code: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    let result = run(|| {
        let (text, known) = match result_text(code) {
            Some(text) => (text.to_string(), true),
            None => (format!("unknown result code {code}"), false),
        };
        // SAFETY: per the contract above.
        unsafe { copy_out(text.as_bytes(), buf, buf_len, out_len) }?;
        if known {
            Ok(())
        } else {
            Err(Failure::new(SPIEGEL_NOT_FOUND, ""))
        }
    });
    result.err().map_or(SPIEGEL_OK, |f| f.code)
}

/// The message of the last call on this thread into `buf` (empty when that call succeeded).
/// Every function sets it except `spiegel_last_error`, `spiegel_delivery_last_error`,
/// `spiegel_result_text`, `spiegel_abi_version` and the `_free` functions. It is the way to
/// read the message of a function without a delivery handle (report functions, calendar
/// functions); delivery functions set it too. Does not change the last error itself.
///
/// # Safety
/// `buf` is NULL or valid for `buf_len` bytes; `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_last_error(buf: *mut u8, buf_len: usize, out_len: *mut usize) -> u32 {
    let result = run(|| {
        let message = thread_error();
        // SAFETY: per the contract above.
        unsafe { copy_out(message.as_bytes(), buf, buf_len, out_len) }
    });
    result.err().map_or(SPIEGEL_OK, |f| f.code)
}

fn date(year: i32, month: u32, day: u32) -> FfiResult<Date> {
    u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .zip(u8::try_from(day).ok())
        .and_then(|(m, d)| Date::from_calendar_date(year, m, d).ok())
        .ok_or_else(|| {
            Failure::new(
                SPIEGEL_INVALID_VALUE,
                format!(
                    "{year}-{month:02}-{day:02} (year {year}, month {month}, day {day}) is not a real date"
                ),
            )
        })
}

/// The quarter whose file is due on the date `year`-`month`-`day`: files are sent in the
/// quarter after the one they cover, so on 2025-01-15 the file of 2024-Q4 is due
/// (`*out_year` 2024, `*out_quarter` 4). Errors: SPIEGEL_INVALID_VALUE for a date that does
/// not exist.
///
/// # Safety
/// `out_year` and `out_quarter` are NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_schedule_due(
    year: i32,
    month: u32,
    day: u32,
    out_year: *mut i32,
    out_quarter: *mut u32,
) -> u32 {
    guard::guard(|| {
        // SAFETY (both): per the contract above.
        let out_year = unsafe { out("out_year", out_year) }?;
        let out_quarter = unsafe { out("out_quarter", out_quarter) }?;
        (*out_year, *out_quarter) = (0, 0);
        let due = Quarter::due_on(date(year, month, day)?);
        (*out_year, *out_quarter) = (due.year(), u32::from(due.number()));
        Ok(())
    })
}

/// The quarter `number` of `year`, or an INVALID_QUARTER failure.
pub(crate) fn quarter_from_numbers(year: i32, number: u32) -> FfiResult<Quarter> {
    Quarter::new(year, u8::try_from(number).unwrap_or(u8::MAX)).map_err(|e| {
        let message = match e {
            crate::QuarterError::Number(_) => format!("quarter number {number} is not 1, 2, 3 or 4"),
            other => other.to_string(),
        };
        Failure::new(SPIEGEL_INVALID_QUARTER, message)
    })
}

fn yyyymmdd(d: Date) -> u32 {
    d.year().unsigned_abs() * 10_000 + u32::from(u8::from(d.month())) * 100 + u32::from(d.day())
}

/// The period of quarter `quarter` (1..=4) of `year` (1000..=9999), as numbers `YYYYMMDD`:
/// `*out_first_day` is `begindatum_aangeleverde_periode` (2024, 1 → 20240101),
/// `*out_last_day` is `einddatum_aangeleverde_periode` (→ 20240331).
/// Errors: SPIEGEL_INVALID_QUARTER.
///
/// # Safety
/// `out_first_day` and `out_last_day` are NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_quarter_period(
    year: i32,
    quarter: u32,
    out_first_day: *mut u32,
    out_last_day: *mut u32,
) -> u32 {
    guard::guard(|| {
        // SAFETY (both): per the contract above.
        let first = unsafe { out("out_first_day", out_first_day) }?;
        let last = unsafe { out("out_last_day", out_last_day) }?;
        (*first, *last) = (0, 0);
        let q = quarter_from_numbers(year, quarter)?;
        (*first, *last) = (yyyymmdd(q.first_day()), yyyymmdd(q.last_day()));
        Ok(())
    })
}

/// The quarters from quarter `from_quarter` (1..=4) of `from_year` up to and including the
/// one due on `year`-`month`-`day` (see `spiegel_schedule_due`) that have no file in
/// directory `dir` (UTF-8) yet, as text: `2024-Q1,2024-Q3` in order, empty when none is
/// missing. Every `*.xml` file in `dir` counts for the quarter its period attributes name;
/// files that cannot be read that way are ignored. Size-query pattern.
///
/// Errors: SPIEGEL_INVALID_QUARTER, SPIEGEL_INVALID_VALUE (not a real date), SPIEGEL_IO (the
/// directory cannot be listed), SPIEGEL_BUFFER_TOO_SMALL.
///
/// # Safety
/// `dir` is NULL or valid for `dir_len` bytes; `buf` is NULL or valid for `buf_len` bytes;
/// `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_schedule_missing(
    from_year: i32,
    from_quarter: u32,
    dir: *const u8,
    dir_len: usize,
    year: i32,
    month: u32,
    day: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    guard::guard(|| {
        // SAFETY (all): per the contract above.
        let len = unsafe { out("out_len", out_len) }?;
        *len = 0;
        super::guard::check_buf(buf, buf_len)?;
        let dir = unsafe { super::guard::text("dir", dir, dir_len) }?;
        let from = quarter_from_numbers(from_year, from_quarter)?;
        let today = date(year, month, day)?;
        let found = crate::plan::schedule(today, from, std::path::Path::new(dir))
            .map_err(|e| Failure::new(SPIEGEL_IO, format!("cannot list '{dir}': {e}")))?;
        let missing: Vec<String> = found.missing.iter().map(Quarter::to_string).collect();
        unsafe { copy_out(missing.join(",").as_bytes(), buf, buf_len, len) }
    })
}
