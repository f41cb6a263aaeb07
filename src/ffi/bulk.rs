//! The bulk functions: dates as integers `YYYYMMDD`, a trajectory with all its children in
//! one call (a packed buffer), and an early answer whether a trajectory is in the quarter at
//! all, so that the caller can skip pushing the children of one that is not.
//!
//! Every record goes through the same model constructors as the one-call-per-record
//! functions (and, on a stream, through the same [`StreamState`] methods), so the checks are
//! exactly as strict; only the way the values travel differs.
//!
//! The packed layout (also in the header, `spiegel_stream_add_zorgtraject_packed`): all
//! integers little-endian and unaligned; a *date* is a `u32` `YYYYMMDD` (0 = absent where the
//! field is optional); a *text* is a `u32` byte length followed by that many UTF-8 bytes (no
//! NUL; length 0 = absent where the field is optional). A trajectory is its header —
//! begindatum, einddatum, vendor_key, groep_code — followed by its children, each one tag
//! byte and the fields of [`Child`].

use time::Date;

use crate::diagnostic::SelectionCounts;
use crate::i18n::{self, Lang};
use crate::model::{date_from_number, Item, Meting, ModelError, Neven, Prestatie, Primair};
use crate::model::{Zorgtraject, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;
use crate::select::classify;

use super::codes::*;
use super::delivery::{spiegel_delivery, with_delivery, DeliveryState};
use super::guard::{self, optional_text, out, Failure, FfiResult};
use super::report::{spiegel_report, with_report};
use super::stream::{spiegel_stream, with_stream, StreamState};

/// Packed record tag: a primair (text cl_d5_diagnose_code, date datum).
pub const SPIEGEL_PACKED_PRIMAIR: u8 = 1;
/// Packed record tag: a neven (text cl_d5_diagnose_code).
pub const SPIEGEL_PACKED_NEVEN: u8 = 2;
/// Packed record tag: a zorgvraagtypering (text zorgvraagtype_code_honos, text
/// zorgvraagtype_code — each optional, at least one given —, date datum).
pub const SPIEGEL_PACKED_ZORGVRAAGTYPERING: u8 = 3;
/// Packed record tag: a prestatie (text prestatie_code, date datum).
pub const SPIEGEL_PACKED_PRESTATIE: u8 = 4;
/// Packed record tag: a meting (text meetinstrument_code, date datum).
pub const SPIEGEL_PACKED_METING: u8 = 5;
/// Packed record tag: an item of the last meting before it (text item_code, text score).
pub const SPIEGEL_PACKED_ITEM: u8 = 6;

/// The minor version of the ABI actually loaded (see SPIEGEL_ABI_VERSION_MINOR): 1 or more
/// means the bulk functions are there.
#[no_mangle]
pub extern "C" fn spiegel_abi_version_minor() -> u32 {
    SPIEGEL_ABI_VERSION_MINOR
}

/// A trajectory's own fields, as they arrive.
struct TrajectFields<'a> {
    key: Option<&'a str>,
    begindatum: u32,
    einddatum: u32,
    groep_code: Option<&'a str>,
}

/// One child record decoded from a packed buffer.
enum Child<'a> {
    Primair {
        code: &'a str,
        datum: u32,
    },
    Neven {
        code: &'a str,
    },
    Zorgvraagtypering {
        honos: Option<&'a str>,
        code: Option<&'a str>,
        datum: u32,
    },
    Prestatie {
        code: &'a str,
        datum: u32,
    },
    Meting {
        code: &'a str,
        datum: u32,
    },
    Item {
        code: &'a str,
        score: &'a str,
    },
}

/// Which children a buffer may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// Every kind: the children of a trajectory.
    TrajectChildren,
    /// Metingen and their items only: loose metingen.
    MetingenOnly,
}

fn layout(key: &str, args: &[(&str, &str)]) -> Failure {
    Failure::new(SPIEGEL_INVALID_LAYOUT, i18n::text(Lang::En, key, args))
}

/// Reads a packed buffer front to back, every read bounds-checked. The failures are made
/// only when a read fails (out of line), so that a valid buffer costs no formatting.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

/// The failure of a read of `n` bytes of `what` at `start` in a buffer of `len` bytes.
#[cold]
#[inline(never)]
fn truncated(what: &str, start: usize, n: usize, len: usize) -> Failure {
    let missing = n.saturating_sub(len.saturating_sub(start));
    layout(
        "bulk.layout.truncated",
        &[
            ("what", what),
            ("offset", &start.to_string()),
            ("missing", &missing.to_string()),
        ],
    )
}

/// A text of the buffer refused by [`text`] (`failure`), with its offset.
#[cold]
#[inline(never)]
fn bad_text(failure: Failure, offset: usize) -> Failure {
    Failure::new(
        failure.code,
        i18n::text(
            Lang::En,
            "bulk.layout.text",
            &[("problem", &failure.message), ("offset", &offset.to_string())],
        ),
    )
}

/// A record that may not stand where it stands: `key` with the tag and its offset.
#[cold]
#[inline(never)]
fn misplaced(key: &str, tag: u8, offset: usize) -> Failure {
    layout(key, &[("tag", &tag.to_string()), ("offset", &offset.to_string())])
}

impl<'a> Reader<'a> {
    #[inline]
    fn bytes(&mut self, n: usize, what: &str) -> FfiResult<&'a [u8]> {
        let start = self.at;
        match start.checked_add(n).and_then(|end| self.buf.get(start..end)) {
            Some(slice) => {
                self.at = start + n;
                Ok(slice)
            }
            None => Err(truncated(what, start, n, self.buf.len())),
        }
    }

    #[inline]
    fn u8(&mut self, what: &str) -> FfiResult<u8> {
        match self.buf.get(self.at) {
            Some(&b) => {
                self.at += 1;
                Ok(b)
            }
            None => Err(truncated(what, self.at, 1, self.buf.len())),
        }
    }

    #[inline]
    fn u32(&mut self, what: &str) -> FfiResult<u32> {
        let start = self.at;
        match self.buf.get(start..).and_then(<[u8]>::first_chunk::<4>) {
            Some(array) => {
                self.at = start + 4;
                Ok(u32::from_le_bytes(*array))
            }
            None => Err(truncated(what, start, 4, self.buf.len())),
        }
    }

    #[inline]
    fn text(&mut self, name: &'static str) -> FfiResult<&'a str> {
        let len = self.u32(name)? as usize;
        let offset = self.at;
        let bytes = self.bytes(len, name)?;
        guard::text_of(name, bytes).map_err(|f| bad_text(f, offset))
    }

    #[inline]
    fn optional_text(&mut self, name: &'static str) -> FfiResult<Option<&'a str>> {
        let text = self.text(name)?;
        Ok((!text.is_empty()).then_some(text))
    }

    fn traject(&mut self) -> FfiResult<TrajectFields<'a>> {
        Ok(TrajectFields {
            begindatum: self.u32(attr::BEGINDATUM)?,
            einddatum: self.u32(attr::EINDDATUM)?,
            key: self.optional_text("vendor_key")?,
            groep_code: self.optional_text(attr::GROEP_CODE)?,
        })
    }

    fn child(&mut self, allowed: Allowed, meting_seen: bool) -> FfiResult<Child<'a>> {
        let offset = self.at;
        let tag = self.u8("a record tag")?;
        if allowed == Allowed::MetingenOnly && !matches!(tag, SPIEGEL_PACKED_METING | SPIEGEL_PACKED_ITEM) {
            return Err(misplaced("bulk.layout.not_here", tag, offset));
        }
        Ok(match tag {
            SPIEGEL_PACKED_PRIMAIR => Child::Primair {
                code: self.text(attr::CL_D5_DIAGNOSE_CODE)?,
                datum: self.u32(attr::DATUM)?,
            },
            SPIEGEL_PACKED_NEVEN => Child::Neven {
                code: self.text(attr::CL_D5_DIAGNOSE_CODE)?,
            },
            SPIEGEL_PACKED_ZORGVRAAGTYPERING => Child::Zorgvraagtypering {
                honos: self.optional_text(attr::ZORGVRAAGTYPE_CODE_HONOS)?,
                code: self.optional_text(attr::ZORGVRAAGTYPE_CODE)?,
                datum: self.u32(attr::DATUM)?,
            },
            SPIEGEL_PACKED_PRESTATIE => Child::Prestatie {
                code: self.text(attr::PRESTATIE_CODE)?,
                datum: self.u32(attr::DATUM)?,
            },
            SPIEGEL_PACKED_METING => Child::Meting {
                code: self.text(attr::MEETINSTRUMENT_CODE)?,
                datum: self.u32(attr::DATUM)?,
            },
            SPIEGEL_PACKED_ITEM if !meting_seen => {
                return Err(layout(
                    "bulk.layout.item_first",
                    &[("offset", &offset.to_string())],
                ))
            }
            SPIEGEL_PACKED_ITEM => Child::Item {
                code: self.text(attr::ITEM_CODE)?,
                score: self.text(attr::SCORE)?,
            },
            other => return Err(misplaced("bulk.layout.tag", other, offset)),
        })
    }

    /// Calls `each` with every child up to the end of the buffer, in order; stops at the
    /// first malformed one (or the first failure of `each`).
    fn each_child(&mut self, allowed: Allowed, mut each: impl FnMut(Child<'a>) -> FfiResult) -> FfiResult {
        let mut meting_seen = false;
        while self.at < self.buf.len() {
            let child = self.child(allowed, meting_seen)?;
            meting_seen |= matches!(child, Child::Meting { .. });
            each(child)?;
        }
        Ok(())
    }

    /// The children up to the end of the buffer, decoded once and checked against the
    /// layout before any is handed out (so that a malformed buffer adds nothing).
    fn children(mut self, allowed: Allowed) -> FfiResult<Children<'a>> {
        let mut children = Vec::new();
        self.each_child(allowed, |child| {
            children.push(child);
            Ok(())
        })?;
        Ok(Children { children })
    }
}

/// The children of a packed buffer, all well-formed.
struct Children<'a> {
    children: Vec<Child<'a>>,
}

impl<'a> Children<'a> {
    /// Calls `each` with every child, in buffer order; stops at the first failure of `each`.
    fn each(self, each: impl FnMut(Child<'a>) -> FfiResult) -> FfiResult {
        self.children.into_iter().try_for_each(each)
    }
}

/// The packed buffer at `ptr`/`len`.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` bytes that stay unchanged during the call.
unsafe fn packed<'a>(ptr: *const u8, len: usize) -> FfiResult<Reader<'a>> {
    if ptr.is_null() {
        if len == 0 {
            return Ok(Reader { buf: &[], at: 0 });
        }
        return Err(guard::null("buf (with a nonzero buf_len)"));
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(
            SPIEGEL_INVALID_VALUE,
            format!("argument buf_len: length {len} is larger than any buffer can be"),
        ));
    }
    // SAFETY: non-NULL and, by the caller's contract, valid for `len` bytes.
    let buf = unsafe { std::slice::from_raw_parts(ptr, len) };
    Ok(Reader { buf, at: 0 })
}

/// A required date.
fn date(attribute: &'static str, value: u32) -> Result<Date, ModelError> {
    date_from_number(attribute, value)
}

/// An optional date: 0 is absent.
fn optional_date(attribute: &'static str, value: u32) -> Result<Option<Date>, ModelError> {
    (value != 0)
        .then(|| date_from_number(attribute, value))
        .transpose()
}

fn make_traject(fields: &TrajectFields<'_>) -> Result<Zorgtraject, ModelError> {
    let mut builder = Zorgtraject::builder(date(attr::BEGINDATUM, fields.begindatum)?);
    if let Some(key) = fields.key {
        builder = builder.id(key);
    }
    if let Some(end) = optional_date(attr::EINDDATUM, fields.einddatum)? {
        builder = builder.einddatum(end);
    }
    if let Some(groep) = fields.groep_code {
        builder = builder.groep_code(groep);
    }
    builder.build()
}

/// Whether a trajectory that was accepted is in the file of `quarter` (the selection's own
/// rule, [`classify`]).
fn in_quarter(traject: &Zorgtraject, quarter: Quarter) -> bool {
    classify(traject.begindatum(), traject.einddatum(), quarter).is_ok()
}

/// Collects the outcome of many records: the first refusal is reported, the others counted;
/// any other failure (a broken stream, a wrong state) stops at once.
#[derive(Default)]
struct Refusals {
    total: usize,
    refused: usize,
    first: Option<String>,
}

impl Refusals {
    fn note(&mut self, result: FfiResult) -> FfiResult {
        self.total += 1;
        match result {
            Ok(()) => Ok(()),
            Err(f) if f.code == SPIEGEL_INVALID_VALUE => {
                self.refused += 1;
                self.first.get_or_insert(f.message);
                Ok(())
            }
            Err(f) => Err(f),
        }
    }

    fn outcome(self) -> FfiResult {
        let Some(first) = self.first else {
            return Ok(());
        };
        Err(Failure::new(
            SPIEGEL_INVALID_VALUE,
            i18n::text(
                Lang::En,
                "bulk.refused",
                &[
                    ("refused", &self.refused.to_string()),
                    ("total", &self.total.to_string()),
                    ("first", &first),
                ],
            ),
        ))
    }
}

// ---- the stream ----

fn stream_child(s: &mut StreamState, child: &Child<'_>) -> FfiResult {
    match *child {
        Child::Primair { code, datum } => s.add_child(
            element::PRIMAIR,
            |t| t.primair().len(),
            || Primair::new(code, date(attr::DATUM, datum)?),
            Zorgtraject::add_primair,
        ),
        Child::Neven { code } => s.add_child(
            element::NEVEN,
            |t| t.neven().len(),
            || Neven::new(code),
            Zorgtraject::add_neven,
        ),
        Child::Zorgvraagtypering { honos, code, datum } => s.add_child(
            element::ZORGVRAAGTYPERING,
            |t| t.zorgvraagtyperingen().len(),
            || Zorgvraagtypering::new(honos, code, date(attr::DATUM, datum)?),
            Zorgtraject::add_zorgvraagtypering,
        ),
        Child::Prestatie { code, datum } => s.add_child(
            element::PRESTATIE,
            |t| t.prestaties().len(),
            || Prestatie::new(code, date(attr::DATUM, datum)?),
            Zorgtraject::add_prestatie,
        ),
        Child::Meting { code, datum } => s.add_meting(|| Meting::new(code, date(attr::DATUM, datum)?)),
        Child::Item { code, score } => s.add_item(|| Item::new(code, score)),
    }
}

fn stream_loose(s: &mut StreamState, child: &Child<'_>) -> FfiResult {
    match *child {
        Child::Meting { code, datum } => s.add_loose_meting(|| Meting::new(code, date(attr::DATUM, datum)?)),
        Child::Item { code, score } => s.add_item(|| Item::new(code, score)),
        // The reader lets only metingen and items through for loose metingen.
        _ => Ok(()),
    }
}

fn stream_children(s: &mut StreamState, children: Children<'_>) -> FfiResult {
    s.require_open_traject(element::ZORGTRAJECT)?;
    let mut refusals = Refusals::default();
    children.each(|child| refusals.note(stream_child(s, &child)))?;
    refusals.outcome()
}

/// Begins a trajectory on the stream; `Ok(true)` when it is in the quarter.
fn stream_begin(s: &mut StreamState, fields: &TrajectFields<'_>) -> FfiResult<bool> {
    let quarter = s.quarter();
    let mut wanted = false;
    s.begin_zorgtraject(fields.key, || {
        let traject = make_traject(fields)?;
        wanted = in_quarter(&traject, quarter);
        Ok(traject)
    })?;
    Ok(wanted)
}

/// Sets the optional out flag to 0 and returns it for setting later.
///
/// # Safety
/// `flag` is NULL or valid for writes.
unsafe fn flag<'a>(flag: *mut u32) -> Option<&'a mut u32> {
    // SAFETY: forwarded contract.
    let slot = unsafe { flag.as_mut() };
    slot.map(|slot| {
        *slot = 0;
        slot
    })
}

fn set(flag: Option<&mut u32>, value: bool) {
    if let Some(slot) = flag {
        *slot = u32::from(value);
    }
}

/// Begins a zorgtraject of the current zorgaanbieder, as `spiegel_stream_begin_zorgtraject`
/// but with the dates as numbers `YYYYMMDD` (`einddatum` 0 = open) and one more answer:
/// `*out_in_quarter` (optional, NULL allowed) is set to 1 when the trajectory is in the
/// quarter's file and to 0 when it is not (it ended before the quarter or begins after it)
/// or was refused.
///
/// When it is 0, pushing the children is wasted work: go straight to
/// `spiegel_stream_end_zorgtraject`. Children pushed anyway are checked and then left out, as
/// always; children not pushed are not checked. Errors as for
/// `spiegel_stream_begin_zorgtraject` (a date that is not a real `YYYYMMDD` is refused with
/// SPIEGEL_INVALID_VALUE and recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths;
/// `out_in_quarter` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_begin_zorgtraject_dated(
    stream: *mut spiegel_stream,
    vendor_key: *const u8,
    vendor_key_len: usize,
    begindatum: u32,
    einddatum: u32,
    groep_code: *const u8,
    groep_code_len: usize,
    out_in_quarter: *mut u32,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (all): per the contract above.
        let wanted = unsafe { flag(out_in_quarter) };
        let fields = TrajectFields {
            key: unsafe { optional_text("vendor_key", vendor_key, vendor_key_len) }?,
            begindatum,
            einddatum,
            groep_code: unsafe { optional_text(attr::GROEP_CODE, groep_code, groep_code_len) }?,
        };
        set(wanted, stream_begin(s, &fields)?);
        Ok(())
    })
}

/// Adds children to the open zorgtraject from a packed buffer (`buf`, `buf_len` bytes: a
/// sequence of child records, see `spiegel_stream_add_zorgtraject_packed`; empty is allowed).
///
/// The whole buffer is checked against the layout first: on SPIEGEL_INVALID_LAYOUT nothing
/// was added. Then every record is added in order, exactly as the one-record functions would:
/// a refused record is recorded in the report and the rest are still added; the call then
/// returns SPIEGEL_INVALID_VALUE, the last error counting the refused records and naming the
/// first.
///
/// Errors: SPIEGEL_WRONG_STATE (no zorgtraject open), SPIEGEL_INVALID_LAYOUT,
/// SPIEGEL_INVALID_UTF8 / SPIEGEL_INTERIOR_NUL (a text in the buffer; nothing added),
/// SPIEGEL_INVALID_VALUE (refused records), SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; `buf` is NULL or valid for `buf_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_children_packed(
    stream: *mut spiegel_stream,
    buf: *const u8,
    buf_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let children = unsafe { packed(buf, buf_len) }?.children(Allowed::TrajectChildren)?;
        stream_children(s, children)
    })
}

/// Adds a whole zorgtraject — begin, children, end — to the current zorgaanbieder in one
/// call, from a packed buffer of `buf_len` bytes.
///
/// The layout: integers little-endian, unaligned, no padding. A *date* is a `uint32_t`
/// `YYYYMMDD` (0 = absent where optional). A *text* is a `uint32_t` byte length followed by
/// that many UTF-8 bytes, no NUL (length 0 = absent where optional). The buffer holds:
///
/// 1. the trajectory: date begindatum, date einddatum (0 = open), text vendor_key
///    (optional), text groep_code (optional);
/// 2. then its children up to the end of the buffer, each one tag byte and its fields:
///    - SPIEGEL_PACKED_PRIMAIR (1): text cl_d5_diagnose_code, date datum
///    - SPIEGEL_PACKED_NEVEN (2): text cl_d5_diagnose_code
///    - SPIEGEL_PACKED_ZORGVRAAGTYPERING (3): text zorgvraagtype_code_honos (optional),
///      text zorgvraagtype_code (optional; at least one of the two), date datum
///    - SPIEGEL_PACKED_PRESTATIE (4): text prestatie_code, date datum
///    - SPIEGEL_PACKED_METING (5): text meetinstrument_code, date datum
///    - SPIEGEL_PACKED_ITEM (6): text item_code, text score — an item of the last meting
///      before it
///
/// Children appear in the file grouped by kind, each kind in buffer order, whatever the
/// order in the buffer. `*out_in_quarter` (optional) is set as by
/// `spiegel_stream_begin_zorgtraject_dated`. Every record is checked exactly as the
/// one-record functions check it, also when the trajectory is not in the quarter.
///
/// Errors: SPIEGEL_WRONG_STATE (no zorgaanbieder, or a zorgtraject is open),
/// SPIEGEL_INVALID_LAYOUT / SPIEGEL_INVALID_UTF8 / SPIEGEL_INTERIOR_NUL (nothing added),
/// SPIEGEL_INVALID_VALUE (the trajectory or some of its children refused and recorded; the
/// last error counts them and names the first), SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; `buf` is NULL or valid for `buf_len` bytes;
/// `out_in_quarter` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_zorgtraject_packed(
    stream: *mut spiegel_stream,
    buf: *const u8,
    buf_len: usize,
    out_in_quarter: *mut u32,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let wanted = unsafe { flag(out_in_quarter) };
        let mut reader = unsafe { packed(buf, buf_len) }?;
        let fields = reader.traject()?;
        let children = reader.children(Allowed::TrajectChildren)?;
        let in_file = match stream_begin(s, &fields) {
            Ok(in_file) => in_file,
            Err(f) if f.code == SPIEGEL_INVALID_VALUE => {
                s.end_zorgtraject()?;
                return Err(f);
            }
            Err(f) => return Err(f),
        };
        set(wanted, in_file);
        let added = stream_children(s, children);
        s.end_zorgtraject()?;
        added
    })
}

/// Adds loose metingen (not linked to a trajectory) with their items to the current
/// zorgaanbieder, between trajectories, from a packed buffer holding only
/// SPIEGEL_PACKED_METING and SPIEGEL_PACKED_ITEM records (layout as for
/// `spiegel_stream_add_zorgtraject_packed`, without the trajectory part). Errors as for
/// `spiegel_stream_add_children_packed`; SPIEGEL_WRONG_STATE also when a zorgtraject is open.
///
/// # Safety
/// `stream` is NULL or a live stream; `buf` is NULL or valid for `buf_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_loose_metingen_packed(
    stream: *mut spiegel_stream,
    buf: *const u8,
    buf_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let children = unsafe { packed(buf, buf_len) }?.children(Allowed::MetingenOnly)?;
        let mut refusals = Refusals::default();
        children.each(|child| refusals.note(stream_loose(s, &child)))?;
        refusals.outcome()
    })
}

// ---- the selection counts of a report ----

/// Selection count: trajectories delivered closed (einddatum in the quarter).
pub const SPIEGEL_SELECTION_ZORGTRAJECTEN_CLOSED: u32 = 1;
/// Selection count: trajectories delivered open (no einddatum, or one after the quarter).
pub const SPIEGEL_SELECTION_ZORGTRAJECTEN_OPEN: u32 = 2;
/// Selection count: of the open ones, those whose einddatum after the quarter was left out.
pub const SPIEGEL_SELECTION_EINDDATUM_LEFT_OUT: u32 = 3;
/// Selection count: trajectories left out because they ended before the quarter.
pub const SPIEGEL_SELECTION_ZORGTRAJECTEN_ENDED_BEFORE: u32 = 4;
/// Selection count: trajectories left out because they begin after the quarter.
pub const SPIEGEL_SELECTION_ZORGTRAJECTEN_START_AFTER: u32 = 5;
/// Selection count: loose metingen dated in the quarter (delivered).
pub const SPIEGEL_SELECTION_LOOSE_METINGEN_DELIVERED: u32 = 6;
/// Selection count: loose metingen dated outside the quarter (left out).
pub const SPIEGEL_SELECTION_LOOSE_METINGEN_LEFT_OUT: u32 = 7;
/// Selection count: child records dated after the quarter, left out on request.
pub const SPIEGEL_SELECTION_CHILDREN_AFTER_QUARTER_LEFT_OUT: u32 = 8;
/// Selection count: items outside the allowed list (left out, each with a warning).
pub const SPIEGEL_SELECTION_ITEMS_LEFT_OUT: u32 = 9;

fn selection_count(counts: &SelectionCounts, which: u32) -> Option<u64> {
    Some(match which {
        SPIEGEL_SELECTION_ZORGTRAJECTEN_CLOSED => counts.zorgtrajecten_closed,
        SPIEGEL_SELECTION_ZORGTRAJECTEN_OPEN => counts.zorgtrajecten_open,
        SPIEGEL_SELECTION_EINDDATUM_LEFT_OUT => counts.einddatum_left_out,
        SPIEGEL_SELECTION_ZORGTRAJECTEN_ENDED_BEFORE => counts.zorgtrajecten_ended_before,
        SPIEGEL_SELECTION_ZORGTRAJECTEN_START_AFTER => counts.zorgtrajecten_start_after,
        SPIEGEL_SELECTION_LOOSE_METINGEN_DELIVERED => counts.loose_metingen_delivered,
        SPIEGEL_SELECTION_LOOSE_METINGEN_LEFT_OUT => counts.loose_metingen_left_out,
        SPIEGEL_SELECTION_CHILDREN_AFTER_QUARTER_LEFT_OUT => counts.children_after_quarter_left_out,
        SPIEGEL_SELECTION_ITEMS_LEFT_OUT => counts.items_left_out,
        _ => return None,
    })
}

/// Sets `*out_count` to one of the report's selection counts — what quarter selection
/// delivered and left out, and why — chosen by `which` (SPIEGEL_SELECTION_*).
/// Errors: SPIEGEL_INVALID_VALUE (an unknown `which`; `*out_count` is then 0).
///
/// # Safety
/// `report` is NULL or a live report; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_report_selection_count(
    report: *const spiegel_report,
    which: u32,
    out_count: *mut u64,
) -> u32 {
    with_report(report, |r| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_count", out_count) }?;
        *slot = 0;
        *slot = selection_count(&r.selection, which).ok_or_else(|| {
            let which = which.to_string();
            Failure::new(
                SPIEGEL_INVALID_VALUE,
                i18n::text(Lang::En, "bulk.selection_unknown", &[("which", &which)]),
            )
        })?;
        Ok(())
    })
}

// ---- the delivery ----

fn skipped_item() -> Failure {
    Failure::new(
        SPIEGEL_INVALID_VALUE,
        i18n::text(Lang::En, "bulk.skipped_item", &[]),
    )
}

/// Adds children to trajectory `traject` (`Some`) or loose metingen to provider `provider`.
fn delivery_children(
    d: &mut DeliveryState,
    traject: Option<u32>,
    provider: Option<u32>,
    children: Children<'_>,
) -> FfiResult {
    let records = &mut d.records;
    match (traject, provider) {
        (Some(id), _) => records.check_traject(id)?,
        (None, id) => records.check_provider(id.unwrap_or(0))?,
    }
    let tid = traject.unwrap_or(0);
    let mut refusals = Refusals::default();
    let mut meting: Option<u32> = None;
    children.each(|child| {
        let result = match child {
            Child::Primair { code, datum } => records.add_child(
                tid,
                element::PRIMAIR,
                |t| t.primair().len(),
                || Primair::new(code, date(attr::DATUM, datum)?),
                Zorgtraject::add_primair,
            ),
            Child::Neven { code } => records.add_child(
                tid,
                element::NEVEN,
                |t| t.neven().len(),
                || Neven::new(code),
                Zorgtraject::add_neven,
            ),
            Child::Zorgvraagtypering { honos, code, datum } => records.add_child(
                tid,
                element::ZORGVRAAGTYPERING,
                |t| t.zorgvraagtyperingen().len(),
                || Zorgvraagtypering::new(honos, code, date(attr::DATUM, datum)?),
                Zorgtraject::add_zorgvraagtypering,
            ),
            Child::Prestatie { code, datum } => records.add_child(
                tid,
                element::PRESTATIE,
                |t| t.prestaties().len(),
                || Prestatie::new(code, date(attr::DATUM, datum)?),
                Zorgtraject::add_prestatie,
            ),
            Child::Meting { code, datum } => {
                let added =
                    records.add_meting(traject, provider, || Meting::new(code, date(attr::DATUM, datum)?));
                meting = added.as_ref().ok().copied();
                added.map(|_| ())
            }
            Child::Item { code, score } => match meting {
                Some(id) => records.add_item(id, || Item::new(code, score)),
                None => Err(skipped_item()),
            },
        };
        refusals.note(result)
    })?;
    refusals.outcome()
}

fn delivery_traject(
    d: &mut DeliveryState,
    provider_id: u32,
    fields: &TrajectFields<'_>,
) -> FfiResult<(u32, bool)> {
    let quarter = d.quarter;
    let mut wanted = true;
    let id = d.records.add_traject(provider_id, fields.key, || {
        let traject = make_traject(fields)?;
        wanted = quarter.is_none_or(|q| in_quarter(&traject, q));
        Ok(traject)
    })?;
    Ok((id, wanted))
}

/// As `spiegel_delivery_add_zorgtraject`, with the dates as numbers `YYYYMMDD` (`einddatum`
/// 0 = open), and `*out_in_quarter` (optional, NULL allowed): 1 when the trajectory is in
/// the file of the delivery's quarter, or when no quarter is set yet (it cannot tell); 0 when
/// it is not, or was refused. When 0, adding its children is wasted work.
///
/// # Safety
/// `delivery` is NULL or a live delivery; text pointers are NULL or valid for their lengths;
/// `out_id` and `out_in_quarter` are NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_zorgtraject_dated(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_id: u32,
    vendor_key: *const u8,
    vendor_key_len: usize,
    begindatum: u32,
    einddatum: u32,
    groep_code: *const u8,
    groep_code_len: usize,
    out_id: *mut u32,
    out_in_quarter: *mut u32,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all): per the contract above.
        let out_id = unsafe { out("out_id", out_id) }?;
        *out_id = 0;
        let wanted = unsafe { flag(out_in_quarter) };
        let fields = TrajectFields {
            key: unsafe { optional_text("vendor_key", vendor_key, vendor_key_len) }?,
            begindatum,
            einddatum,
            groep_code: unsafe { optional_text(attr::GROEP_CODE, groep_code, groep_code_len) }?,
        };
        let (id, in_file) = delivery_traject(d, zorgaanbieder_id, &fields)?;
        *out_id = id;
        set(wanted, in_file);
        Ok(())
    })
}

/// Adds children to zorgtraject `zorgtraject_id` from a packed buffer (layout: the children
/// part of `spiegel_stream_add_zorgtraject_packed`). Checked against the layout first (on
/// SPIEGEL_INVALID_LAYOUT nothing was added); a refused record is recorded and the rest are
/// still added, the call then returning SPIEGEL_INVALID_VALUE with the count and the first.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_LAYOUT, SPIEGEL_INVALID_UTF8,
/// SPIEGEL_INTERIOR_NUL, SPIEGEL_INVALID_VALUE.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_children_packed(
    delivery: *mut spiegel_delivery,
    zorgtraject_id: u32,
    buf: *const u8,
    buf_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let children = unsafe { packed(buf, buf_len) }?.children(Allowed::TrajectChildren)?;
        delivery_children(d, Some(zorgtraject_id), None, children)
    })
}

/// Adds a whole zorgtraject with its children to zorgaanbieder `zorgaanbieder_id` in one
/// call, from a packed buffer laid out as for `spiegel_stream_add_zorgtraject_packed`, and
/// sets `*out_id` to its id (0 when the trajectory itself was refused) and `*out_in_quarter`
/// (optional) as `spiegel_delivery_add_zorgtraject_dated` does.
/// Errors: SPIEGEL_NOT_FOUND, SPIEGEL_INVALID_LAYOUT / SPIEGEL_INVALID_UTF8 /
/// SPIEGEL_INTERIOR_NUL (nothing added), SPIEGEL_INVALID_VALUE (refused records, recorded).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes;
/// `out_id` and `out_in_quarter` are NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_zorgtraject_packed(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_id: u32,
    buf: *const u8,
    buf_len: usize,
    out_id: *mut u32,
    out_in_quarter: *mut u32,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY (all): per the contract above.
        let out_id = unsafe { out("out_id", out_id) }?;
        *out_id = 0;
        let wanted = unsafe { flag(out_in_quarter) };
        let mut reader = unsafe { packed(buf, buf_len) }?;
        let fields = reader.traject()?;
        let children = reader.children(Allowed::TrajectChildren)?;
        let (id, in_file) = delivery_traject(d, zorgaanbieder_id, &fields)?;
        *out_id = id;
        set(wanted, in_file);
        delivery_children(d, Some(id), None, children)
    })
}

/// Adds loose metingen with their items to zorgaanbieder `zorgaanbieder_id` from a packed
/// buffer holding only SPIEGEL_PACKED_METING and SPIEGEL_PACKED_ITEM records. Errors as for
/// `spiegel_delivery_add_children_packed`.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_add_loose_metingen_packed(
    delivery: *mut spiegel_delivery,
    zorgaanbieder_id: u32,
    buf: *const u8,
    buf_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let children = unsafe { packed(buf, buf_len) }?.children(Allowed::MetingenOnly)?;
        delivery_children(d, None, Some(zorgaanbieder_id), children)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_field(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    #[test]
    fn a_packed_trajectory_decodes_field_by_field() {
        let mut buf = Vec::new();
        buf.extend_from_slice(&20240101u32.to_le_bytes());
        buf.extend_from_slice(&0u32.to_le_bytes());
        text_field(&mut buf, "K1");
        text_field(&mut buf, "");
        buf.push(SPIEGEL_PACKED_METING);
        text_field(&mut buf, "CQi");
        buf.extend_from_slice(&20240201u32.to_le_bytes());
        buf.push(SPIEGEL_PACKED_ITEM);
        text_field(&mut buf, "1");
        text_field(&mut buf, "4");
        let mut reader = Reader { buf: &buf, at: 0 };
        let fields = reader.traject().unwrap();
        assert_eq!(
            (fields.key, fields.begindatum, fields.einddatum, fields.groep_code),
            (Some("K1"), 20240101, 0, None)
        );
        let mut children = Vec::new();
        reader
            .children(Allowed::TrajectChildren)
            .unwrap()
            .each(|child| {
                children.push(child);
                Ok(())
            })
            .unwrap();
        assert!(matches!(
            children[..],
            [
                Child::Meting {
                    code: "CQi",
                    datum: 20240201
                },
                Child::Item {
                    code: "1",
                    score: "4"
                }
            ]
        ));
    }

    #[test]
    fn malformed_buffers_are_layout_errors_with_the_offset() {
        let truncated = [SPIEGEL_PACKED_NEVEN, 5, 0, 0, 0, b'a'];
        let e = Reader {
            buf: &truncated,
            at: 0,
        }
        .children(Allowed::TrajectChildren)
        .err()
        .unwrap();
        assert_eq!(e.code, SPIEGEL_INVALID_LAYOUT);
        assert!(e.message.contains("offset 5"), "{}", e.message);
        let unknown = [9u8];
        let e = Reader { buf: &unknown, at: 0 }
            .children(Allowed::TrajectChildren)
            .err()
            .unwrap();
        assert!(e.message.contains("tag 9"), "{}", e.message);
        let item_first = [SPIEGEL_PACKED_ITEM, 0, 0, 0, 0, 0, 0, 0, 0];
        let e = Reader {
            buf: &item_first,
            at: 0,
        }
        .children(Allowed::TrajectChildren)
        .err()
        .unwrap();
        assert_eq!(e.code, SPIEGEL_INVALID_LAYOUT);
        let neven = [SPIEGEL_PACKED_NEVEN, 1, 0, 0, 0, b'a'];
        let e = Reader { buf: &neven, at: 0 }
            .children(Allowed::MetingenOnly)
            .err()
            .unwrap();
        assert_eq!(e.code, SPIEGEL_INVALID_LAYOUT);
        let huge = [SPIEGEL_PACKED_NEVEN, 0xff, 0xff, 0xff, 0xff];
        let e = Reader { buf: &huge, at: 0 }
            .children(Allowed::TrajectChildren)
            .err()
            .unwrap();
        assert_eq!(e.code, SPIEGEL_INVALID_LAYOUT);
    }

    #[test]
    fn a_malformed_record_after_good_ones_hands_out_no_child() {
        let mut buf = vec![SPIEGEL_PACKED_NEVEN];
        text_field(&mut buf, "F32.1");
        buf.push(SPIEGEL_PACKED_PRESTATIE);
        text_field(&mut buf, "BA0101");
        buf.extend_from_slice(&[1, 2]);
        let e = Reader { buf: &buf, at: 0 }
            .children(Allowed::TrajectChildren)
            .err()
            .unwrap();
        assert_eq!(e.code, SPIEGEL_INVALID_LAYOUT);
        assert!(e.message.contains("offset 21"), "{}", e.message);
    }

    #[test]
    fn a_text_with_a_nul_keeps_its_code_and_gets_the_offset() {
        let buf = [SPIEGEL_PACKED_NEVEN, 2, 0, 0, 0, b'a', 0];
        let e = Reader { buf: &buf, at: 0 }
            .children(Allowed::TrajectChildren)
            .err()
            .unwrap();
        assert_eq!(e.code, SPIEGEL_INTERIOR_NUL);
        assert!(e.message.contains("offset 5"), "{}", e.message);
    }

    #[test]
    fn dates_are_real_yyyymmdd_numbers() {
        assert_eq!(optional_date(attr::EINDDATUM, 0).unwrap(), None);
        assert_eq!(date(attr::DATUM, 20240229).unwrap().to_string(), "2024-02-29");
        for bad in [0, 20230229, 20241301, 20240100, 9991231, 100000101, u32::MAX] {
            assert!(date(attr::DATUM, bad).is_err(), "{bad}");
        }
    }
}
