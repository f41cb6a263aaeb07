//! The delivery handle: create, configure, add records one per call, load JSON.

use time::PrimitiveDateTime;

use crate::model::{parse_date, parse_datetime, Item, Meting, Neven, Prestatie, Primair};
use crate::model::{Zorgtraject, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;

use super::codes::*;
use super::guard::{self, optional_text, out, text, Failure, FfiResult};
use super::records::Records;

/// A delivery being built: its records and the settings of the file to make.
///
/// Create with `spiegel_delivery_new`, free with `spiegel_delivery_free`. Use one handle from
/// one thread at a time; different handles may be used on different threads at once.
#[allow(non_camel_case_types)]
pub struct spiegel_delivery {
    handle: guard::Handle<DeliveryState>,
}

/// Settings and records of a delivery.
#[derive(Default)]
pub(crate) struct DeliveryState {
    pub(crate) records: Records,
    pub(crate) quarter: Option<Quarter>,
    pub(crate) datum_creatie: Option<PrimitiveDateTime>,
    pub(crate) drop_children_after_quarter: bool,
    /// Leave out what cannot be represented and write the file (see
    /// `spiegel_delivery_set_leave_out_unrepresentable`).
    pub(crate) leave_out_unrepresentable: bool,
    /// The code lists and organisation structure loaded for this delivery.
    pub(crate) lists: super::lists::Lists,
    /// The language of the last error and of the reports handed out.
    pub(crate) lang: crate::i18n::Lang,
}

/// Runs `body` on the delivery behind `d`: NULL check, the busy check (re-entry from a write
/// callback), panic catching, and the last error of both the handle and the thread.
pub(crate) fn with_delivery(
    d: *mut spiegel_delivery,
    body: impl FnOnce(&mut DeliveryState) -> FfiResult,
) -> u32 {
    // SAFETY: the caller passes NULL or a pointer from spiegel_delivery_new (the documented
    // contract); only a shared reference is made, the handle guards its state.
    let Some(delivery) = (unsafe { d.as_ref() }) else {
        return guard::finish(Err(guard::null("delivery")));
    };
    delivery.handle.call(
        "an earlier call on this delivery failed with an internal error; free it and start again",
        |d| d.lang,
        body,
    )
}

/// Sets the language of the delivery's last error and of the reports it hands out from now
/// on: `SPIEGEL_LANG_EN` (the default) or `SPIEGEL_LANG_NL`. Rule ids, CSV headers and JSON
/// keys stay the same. Anything else returns SPIEGEL_UNKNOWN_LANGUAGE and changes nothing.
///
/// # Safety
/// `delivery` is NULL or a live delivery.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_language(
    delivery: *mut spiegel_delivery,
    language: u32,
) -> u32 {
    with_delivery(delivery, |d| {
        d.lang = super::lang::lang_from_code(language)?;
        Ok(())
    })
}

/// Creates an empty delivery: no records, no quarter, `datum_creatie` = the time of writing,
/// all child records delivered.
///
/// # Safety
/// `out_delivery` is NULL or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_new(out_delivery: *mut *mut spiegel_delivery) -> u32 {
    guard::guard(|| {
        // SAFETY: per the contract above.
        let out = unsafe { out("out_delivery", out_delivery) }?;
        *out = Box::into_raw(Box::new(spiegel_delivery {
            handle: guard::Handle::new(DeliveryState::default()),
        }));
        Ok(())
    })
}

/// Frees a delivery. NULL is allowed and does nothing. The pointer must not be used again.
/// Reports obtained from the delivery stay valid and must be freed on their own. Called from
/// the delivery's own write callback (while a call on it runs) it does nothing: the delivery
/// is not freed.
///
/// # Safety
/// `delivery` is NULL or a pointer from `spiegel_delivery_new` not freed before.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_free(delivery: *mut spiegel_delivery) {
    // SAFETY: per the contract below, NULL or a live delivery.
    if unsafe { delivery.as_ref() }.is_some_and(|d| !d.handle.is_busy()) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: per the contract above, we own it now.
            drop(unsafe { Box::from_raw(delivery) });
        }));
    }
}

/// Copies the message of the last call on this delivery into `buf` (empty when that call
/// succeeded): which record, which attribute, which value, what is allowed. Does not change
/// the last error itself, so it can be called again with a larger buffer.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes;
/// `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_last_error(
    delivery: *const spiegel_delivery,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: per the contract above.
    match unsafe { delivery.as_ref() } {
        // SAFETY: per the contract above.
        Some(d) => unsafe { d.handle.copy_last_error(buf, buf_len, out_len) },
        None => guard::null("delivery").code,
    }
}

/// A quarter from text, or an INVALID_QUARTER failure.
pub(crate) fn parse_quarter(t: &str) -> FfiResult<Quarter> {
    t.parse().map_err(|e: crate::QuarterError| {
        let message = match e {
            crate::QuarterError::Syntax(_) => e.to_string(),
            other => format!("quarter '{t}': {other}"),
        };
        Failure::new(SPIEGEL_INVALID_QUARTER, message)
    })
}

/// A `datum_creatie` from text, or an INVALID_VALUE failure.
pub(crate) fn parse_datum_creatie(t: &str) -> FfiResult<PrimitiveDateTime> {
    parse_datetime(attr::DATUM_CREATIE, t).map_err(|e| Failure::new(SPIEGEL_INVALID_VALUE, e.to_string()))
}

/// Sets the quarter of the file from text: `2024-Q1` (also `2024Q1`, `2024-q1`).
/// Errors: SPIEGEL_INVALID_QUARTER (the quarter stays as it was).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `quarter` is NULL or valid for `quarter_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_quarter(
    delivery: *mut spiegel_delivery,
    quarter: *const u8,
    quarter_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let t = unsafe { text("quarter", quarter, quarter_len) }?;
        d.quarter = Some(parse_quarter(t)?);
        Ok(())
    })
}

/// Sets the quarter of the file from numbers: `year` 1000..=9999, `number` 1..=4.
/// Errors: SPIEGEL_INVALID_QUARTER.
///
/// # Safety
/// `delivery` is NULL or a live delivery.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_quarter_number(
    delivery: *mut spiegel_delivery,
    year: i32,
    number: u32,
) -> u32 {
    with_delivery(delivery, |d| {
        let q = super::misc::quarter_from_numbers(year, number)?;
        d.quarter = Some(q);
        Ok(())
    })
}

/// Fixes `datum_creatie` of the file: `YYYY-MM-DDTHH:MM:SS`, no offset (local time). Without
/// this call each write uses the current local time. Errors: SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `datum_creatie` is NULL or valid for
/// `datum_creatie_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_datum_creatie(
    delivery: *mut spiegel_delivery,
    datum_creatie: *const u8,
    datum_creatie_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let t = unsafe { text("datum_creatie", datum_creatie, datum_creatie_len) }?;
        d.datum_creatie = Some(parse_datum_creatie(t)?);
        Ok(())
    })
}

/// 1: leave out child records (diagnoses, typings, prestaties, metingen) dated after the
/// quarter, for reproducible re-deliveries of old quarters. 0 (the default): deliver all of a
/// selected trajectory's children, whatever their dates. Other values: SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_drop_children_after_quarter(
    delivery: *mut spiegel_delivery,
    drop: u32,
) -> u32 {
    with_delivery(delivery, |d| {
        d.drop_children_after_quarter = match drop {
            0 => false,
            1 => true,
            other => {
                return Err(Failure::new(
                    SPIEGEL_INVALID_VALUE,
                    format!("drop_children_after_quarter {other} is not 0 or 1"),
                ))
            }
        };
        Ok(())
    })
}

/// 1: leave out the records that cannot be represented and write the file all the same (the
/// model's "Lever alles aan wat je hebt"). A record refused by an `add` or `load` call then no
/// longer blocks the file: the trajectory it belongs to is left out whole (or the loose meting,
/// or the zorgaanbieder with all its records when its AGB code was refused), its error stays in
/// the report as a warning, and one `record-left-out` info counts them. 0 (the default): a
/// refused record blocks writing (SPIEGEL_DELIVERY_HAS_ERRORS). Other values:
/// SPIEGEL_INVALID_VALUE. The calls that refuse a record still return SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_set_leave_out_unrepresentable(
    delivery: *mut spiegel_delivery,
    leave_out: u32,
) -> u32 {
    with_delivery(delivery, |d| {
        d.leave_out_unrepresentable = match leave_out {
            0 => false,
            1 => true,
            other => {
                return Err(Failure::new(
                    SPIEGEL_INVALID_VALUE,
                    format!("leave_out_unrepresentable {other} is not 0 or 1"),
                ))
            }
        };
        Ok(())
    })
}

/// Sets `*out_id` to 0, runs `add`, and stores the new id on success.
fn with_out_id(out_id: &mut u32, add: impl FnOnce() -> FfiResult<u32>) -> FfiResult {
    *out_id = 0;
    *out_id = add()?;
    Ok(())
}

/// Adds a zorgaanbieder with AGB code `zorgaanbieder_code` (exactly 8 digits) and sets
/// `*out_id` to its id (0 on failure). Errors: SPIEGEL_INVALID_VALUE (recorded in the
/// delivery's report, see the header's notes on refused records).
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths;
/// `out_id` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_zorgaanbieder(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_code: *const u8,
    zorgaanbieder_code_len: usize,
    out_id: *mut u32,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let out_id = unsafe { out("out_id", out_id) }?;
        *out_id = 0;
        // SAFETY: per the contract above.
        let code = unsafe { text("zorgaanbieder_code", zorgaanbieder_code, zorgaanbieder_code_len) }?;
        with_out_id(out_id, || d.records.add_provider(code))
    })
}

/// Adds a zorgtraject to zorgaanbieder `zorgaanbieder_id` and sets `*out_id` to its id.
///
/// - `vendor_key`: your own key for the trajectory (optional: NULL/0). Used in diagnostics so
///   you can find the record; never written to the XML.
/// - `begindatum`: `YYYY-MM-DD`, required.
/// - `einddatum`: `YYYY-MM-DD`, optional (NULL/0 = open). Must not lie before begindatum.
/// - `groep_code`: location/department, optional (NULL/0 = none).
///
/// Errors: SPIEGEL_NOT_FOUND (no such zorgaanbieder), SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths;
/// `out_id` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_zorgtraject(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_id: u32,
    vendor_key: *const u8,
    vendor_key_len: usize,
    begindatum: *const u8,
    begindatum_len: usize,
    einddatum: *const u8,
    einddatum_len: usize,
    groep_code: *const u8,
    groep_code_len: usize,
    out_id: *mut u32,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all blocks below): per the contract above.
        let out_id = unsafe { out("out_id", out_id) }?;
        *out_id = 0;
        let key = unsafe { optional_text("vendor_key", vendor_key, vendor_key_len) }?;
        let begin = unsafe { text("begindatum", begindatum, begindatum_len) }?;
        let end = unsafe { optional_text("einddatum", einddatum, einddatum_len) }?;
        let groep = unsafe { optional_text("groep_code", groep_code, groep_code_len) }?;
        with_out_id(out_id, || {
            d.records.add_traject(zorgaanbieder_id, key, || {
                let mut builder = Zorgtraject::builder(parse_date(attr::BEGINDATUM, begin)?);
                if let Some(key) = key {
                    builder = builder.id(key);
                }
                if let Some(end) = end {
                    builder = builder.einddatum(parse_date(attr::EINDDATUM, end)?);
                }
                if let Some(groep) = groep {
                    builder = builder.groep_code(groep);
                }
                builder.build()
            })
        })
    })
}

/// Adds a primary diagnosis (DSM-5 `cl_d5_diagnose_code`, established on `datum`,
/// `YYYY-MM-DD`) to zorgtraject `zorgtraject_id`. A trajectory may have several (the
/// diagnosis can change). Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_primair(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    cl_d5_diagnose_code: *const u8,
    cl_d5_diagnose_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (both): per the contract above.
        let code = unsafe {
            text(
                "cl_d5_diagnose_code",
                cl_d5_diagnose_code,
                cl_d5_diagnose_code_len,
            )
        }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        d.records.add_child(
            zorgtraject_id,
            element::PRIMAIR,
            |t| t.primair().len(),
            || Primair::new(code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_primair,
        )
    })
}

/// Adds a secondary diagnosis (DSM-5 `cl_d5_diagnose_code`) to zorgtraject `zorgtraject_id`.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_neven(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    cl_d5_diagnose_code: *const u8,
    cl_d5_diagnose_code_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let code = unsafe {
            text(
                "cl_d5_diagnose_code",
                cl_d5_diagnose_code,
                cl_d5_diagnose_code_len,
            )
        }?;
        d.records.add_child(
            zorgtraject_id,
            element::NEVEN,
            |t| t.neven().len(),
            || Neven::new(code),
            Zorgtraject::add_neven,
        )
    })
}

/// Adds a zorgvraagtypering dated `datum` to zorgtraject `zorgtraject_id`. Both codes are
/// optional (NULL/0 = absent) but at least one must be given: `zorgvraagtype_code_honos`
/// (advised by the HoNOS+) and `zorgvraagtype_code` (set by the clinician).
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_zorgvraagtypering(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    zorgvraagtype_code_honos: *const u8,
    zorgvraagtype_code_honos_len: usize,
    zorgvraagtype_code: *const u8,
    zorgvraagtype_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all): per the contract above.
        let honos = unsafe {
            optional_text(
                "zorgvraagtype_code_honos",
                zorgvraagtype_code_honos,
                zorgvraagtype_code_honos_len,
            )
        }?;
        let code =
            unsafe { optional_text("zorgvraagtype_code", zorgvraagtype_code, zorgvraagtype_code_len) }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        d.records.add_child(
            zorgtraject_id,
            element::ZORGVRAAGTYPERING,
            |t| t.zorgvraagtyperingen().len(),
            || Zorgvraagtypering::new(honos, code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_zorgvraagtypering,
        )
    })
}

/// Adds a prestatie (`prestatie_code` on `datum`) to zorgtraject `zorgtraject_id`.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_prestatie(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    prestatie_code: *const u8,
    prestatie_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (both): per the contract above.
        let code = unsafe { text("prestatie_code", prestatie_code, prestatie_code_len) }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        d.records.add_child(
            zorgtraject_id,
            element::PRESTATIE,
            |t| t.prestaties().len(),
            || Prestatie::new(code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_prestatie,
        )
    })
}

/// Adds a meting linked to zorgtraject `zorgtraject_id` (`meetinstrument_code`, filled in on
/// `datum`) and sets `*out_meting_id` to its id, for `spiegel_delivery_add_item`.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths;
/// `out_meting_id` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_meting(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    meetinstrument_code: *const u8,
    meetinstrument_code_len: usize,
    datum: *const u8,
    datum_len: usize,
    out_meting_id: *mut u32,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        add_meting(
            delivery,
            Some(zorgtraject_id),
            None,
            (meetinstrument_code, meetinstrument_code_len),
            (datum, datum_len),
            out_meting_id,
        )
    }
}

/// Adds a loose meting (not linked to a trajectory) to zorgaanbieder `zorgaanbieder_id` and
/// sets `*out_meting_id` to its id. Loose metingen are delivered when dated in the quarter.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths;
/// `out_meting_id` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_loose_meting(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_id: u32,
    meetinstrument_code: *const u8,
    meetinstrument_code_len: usize,
    datum: *const u8,
    datum_len: usize,
    out_meting_id: *mut u32,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe {
        add_meting(
            delivery,
            None,
            Some(zorgaanbieder_id),
            (meetinstrument_code, meetinstrument_code_len),
            (datum, datum_len),
            out_meting_id,
        )
    }
}

unsafe fn add_meting(
    delivery: *mut spiegel_delivery,
    traject: Option<u32>,
    provider: Option<u32>,
    (code, code_len): (*const u8, usize),
    (datum, datum_len): (*const u8, usize),
    out_meting_id: *mut u32,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all): forwarded contract of the two exported functions.
        let out_id = unsafe { out("out_meting_id", out_meting_id) }?;
        *out_id = 0;
        let code = unsafe { text("meetinstrument_code", code, code_len) }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        with_out_id(out_id, || {
            d.records.add_meting(traject, provider, || {
                Meting::new(code, parse_date(attr::DATUM, datum)?)
            })
        })
    })
}

/// Adds an item (`item_code` answered with `score`) to meting `meting_id` (linked or loose).
/// Items outside the allowed list are accepted here and left out of the file, each with a
/// warning in the report. Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_item(
    delivery: *mut spiegel_delivery,
    meting_id: u32,
    item_code: *const u8,
    item_code_len: usize,
    score: *const u8,
    score_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (both): per the contract above.
        let code = unsafe { text("item_code", item_code, item_code_len) }?;
        let score = unsafe { text("score", score, score_len) }?;
        d.records.add_item(meting_id, || Item::new(code, score))
    })
}

/// Adds the records of a whole JSON delivery (the interchange format of docs/information-model.md: an object
/// with a `zorgaanbieder` array), after any records already present. Records loaded this way
/// get no ids.
///
/// Returns SPIEGEL_INVALID_INPUT when the JSON cannot be read at all (nothing is added; the
/// last error names line and column). Returns SPIEGEL_INVALID_VALUE when some records cannot
/// be represented: the others are added, the refused ones are recorded in the delivery's
/// report (which then blocks writing), and the last error names the first of them.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `json` is NULL or valid for `json_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_json(
    delivery: *mut spiegel_delivery,
    json: *const u8,
    json_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let json = unsafe { text("json", json, json_len) }?;
        let (loaded, report) = crate::json::read_delivery_str(json).map_err(|e| {
            let d = e.to_diagnostic();
            Failure::in_both(SPIEGEL_INVALID_INPUT, |lang| d.message_in(lang))
        })?;
        append_loaded(d, loaded, report)
    })
}

/// Appends records read in one piece; the refused ones make the call fail with
/// SPIEGEL_INVALID_VALUE naming the first.
fn append_loaded(d: &mut DeliveryState, loaded: crate::Delivery, report: crate::Report) -> FfiResult {
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::Severity::Error)
        .cloned();
    let errors = report.count(crate::Severity::Error).to_string();
    d.records.append(loaded, report)?;
    match first {
        None => Ok(()),
        Some(first) => Err(Failure::in_both(SPIEGEL_INVALID_VALUE, |lang| {
            crate::i18n::text(
                lang,
                "ffi.records-refused",
                &[("errors", &errors), ("first", &guard::located(&first, lang))],
            )
        })),
    }
}

/// Adds the records of a JSON Lines delivery (docs/information-model.md: one record per line, each with its
/// `zorgaanbieder_code` and a `zorgtraject` or a loose `meting`; a provider's lines
/// together), after any records already present. Records loaded this way get no ids.
///
/// Returns SPIEGEL_INVALID_INPUT when reading has to stop (a line that is not JSON, a
/// provider that reappears after another one): nothing is added, and the last error names
/// the line. Returns SPIEGEL_INVALID_VALUE when some records cannot be represented: as for
/// `spiegel_delivery_load_json`, the others are added and the refused ones block writing.
/// For files too large for memory use the streaming functions (`spiegel_stream_*`).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `jsonl` is NULL or valid for `jsonl_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_jsonl(
    delivery: *mut spiegel_delivery,
    jsonl: *const u8,
    jsonl_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let jsonl = unsafe { text("jsonl", jsonl, jsonl_len) }?;
        let (loaded, report) = crate::jsonl::read_delivery(jsonl.as_bytes()).map_err(|d| {
            // A fatal line problem names its line in the message already.
            let message = |lang| match d.path.line.is_some() && d.path.zorgaanbieder.is_none() {
                true => d.message_in(lang),
                false => guard::located(&d, lang),
            };
            Failure::in_both(SPIEGEL_INVALID_INPUT, message)
        })?;
        append_loaded(d, loaded, report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_poisons_the_delivery_and_is_reported() {
        let mut d = std::ptr::null_mut();
        unsafe {
            assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
            assert_eq!(with_delivery(d, |_| panic!("deliberate")), SPIEGEL_PANIC);
            assert!((*d).handle.last_error_for_test().contains("deliberate"));
            assert_eq!(with_delivery(d, |_| Ok(())), SPIEGEL_PANIC);
            assert!((*d).handle.last_error_for_test().contains("free it"));
            spiegel_delivery_free(d);
        }
    }
}
