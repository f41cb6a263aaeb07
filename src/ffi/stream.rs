//! The stream handle: a file written while the records are pushed, one at a time, with
//! memory bounded by one trajectory (and the loose metingen of the current provider), never
//! by the size of the file. It wraps [`crate::stream::StreamGenerator`].
//!
//! The order of calls is the order of the file: start a provider, then per trajectory
//! begin, its children, end; loose metingen between trajectories; then the next provider.
//! To a path the file is written to a temporary file beside it and renamed over it by
//! `spiegel_stream_finish` only when the report has no errors.

use std::ffi::c_void;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use time::PrimitiveDateTime;

use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::generate::GenerateOptions;
use crate::i18n::Lang;
use crate::model::{parse_date, AgbCode, Item, Meting, ModelError, Neven, Prestatie, Primair};
use crate::model::{Zorgtraject, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;
use crate::stream::{StreamError, StreamGenerator};

use super::codes::*;
use super::delivery::{parse_datum_creatie, parse_quarter};
use super::guard::{self, optional_text, out, text, Failure, FfiResult};
use super::lists::Lists;
use super::report::{new_report, spiegel_report};
use super::write::{now_local, spiegel_write_callback, CallbackWriter};

/// A file being written from records pushed one at a time (see `spiegel_stream_new_file`).
///
/// Use one handle from one thread at a time; different handles may be used on different
/// threads at once. Free it with `spiegel_stream_free`, also after `spiegel_stream_finish`.
#[allow(non_camel_case_types)]
pub struct spiegel_stream {
    handle: guard::Handle<StreamState>,
}

/// The write callback of a stream; silent once the stream is discarded, so that dropping the
/// buffer never calls back into the caller after `spiegel_stream_free`.
struct StreamCallback {
    writer: CallbackWriter,
    discarded: Arc<AtomicBool>,
}

impl Write for StreamCallback {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.discarded.load(Ordering::Relaxed) {
            return Ok(data.len());
        }
        self.writer.write(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where the bytes go.
enum Sink {
    File(BufWriter<File>),
    Callback(BufWriter<StreamCallback>),
}

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match self {
            Sink::File(w) => w.write(data),
            Sink::Callback(w) => w.write(data),
        }
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Sink::File(w) => w.write_all(data),
            Sink::Callback(w) => w.write_all(data),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::File(w) => w.flush(),
            Sink::Callback(w) => w.flush(),
        }
    }
}

/// A record slot: nothing, a record being built, or a record that was refused (its children
/// are skipped rather than attached to some other record).
enum Slot<T> {
    Empty,
    Live(T),
    Refused,
}

struct Provider {
    path: RecordPath,
    code: AgbCode,
    /// Trajectories handed to the generator (the next one's position is this + 1).
    trajecten: usize,
    /// Loose metingen handed to the generator.
    loose: usize,
}

/// A trajectory being built. Its diagnostic path (provider, vendor key, position) is made
/// only when one of its records is refused ([`StreamState::open_traject_path`]).
struct OpenTraject {
    traject: Zorgtraject,
    /// The last linked meting, attached when the next one begins or the trajectory ends.
    meting: Slot<Meting>,
    /// Whether a child, a linked meting or one of its items was refused.
    tainted: bool,
}

enum Phase {
    /// Nothing written yet; settings may change.
    Configuring(Sink),
    Streaming(Box<StreamGenerator<Sink>>),
    Finished,
}

/// The state behind a stream handle. Field order matters: the writer is dropped before the
/// temporary file is deleted.
pub(crate) struct StreamState {
    phase: Phase,
    temp: Option<crate::output::Temporary>,
    target: Option<PathBuf>,
    discarded: Option<Arc<AtomicBool>>,
    quarter: Quarter,
    datum_creatie: PrimitiveDateTime,
    drop_children_after_quarter: bool,
    /// Leave out the records that cannot be represented and finish the file all the same.
    leave_out_unrepresentable: bool,
    lists: Lists,
    provider: Slot<Provider>,
    traject: Slot<OpenTraject>,
    loose: Slot<Meting>,
    /// Whether an item of the pending loose meting was refused.
    loose_tainted: bool,
    /// The first write failure: the stream cannot go on.
    broken: Option<String>,
    /// The language of the last error and of the report.
    lang: Lang,
}

impl Drop for StreamState {
    fn drop(&mut self) {
        if let Some(flag) = &self.discarded {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

fn wrong_state(message: impl Into<String>) -> Failure {
    Failure::new(SPIEGEL_WRONG_STATE, message)
}

/// A record that is skipped because the record it belongs to was refused (not recorded
/// again: the refused one already blocks the file).
fn skipped(what: &str, parent: &str) -> Failure {
    Failure::new(
        SPIEGEL_INVALID_VALUE,
        format!("{what} skipped: the {parent} it belongs to was refused (see the report)"),
    )
}

fn io_failure(e: &io::Error) -> String {
    format!("writing the file failed: {e}")
}

impl StreamState {
    fn new(sink: Sink, quarter: Quarter, datum_creatie: PrimitiveDateTime) -> Self {
        Self {
            phase: Phase::Configuring(sink),
            temp: None,
            target: None,
            discarded: None,
            quarter,
            datum_creatie,
            drop_children_after_quarter: false,
            leave_out_unrepresentable: false,
            lists: Lists::default(),
            provider: Slot::Empty,
            traject: Slot::Empty,
            loose: Slot::Empty,
            loose_tainted: false,
            broken: None,
            lang: Lang::En,
        }
    }

    /// Fails when the stream is finished or broken.
    fn usable(&self) -> FfiResult {
        if let Some(e) = &self.broken {
            return Err(Failure::new(
                SPIEGEL_IO,
                format!("an earlier write failed, the stream cannot go on: {e}"),
            ));
        }
        if matches!(self.phase, Phase::Finished) {
            return Err(wrong_state(
                "the stream is finished: free it with spiegel_stream_free",
            ));
        }
        Ok(())
    }

    /// The settings, only before the first record.
    fn settings(&mut self) -> FfiResult<&mut Self> {
        self.usable()?;
        if !matches!(self.phase, Phase::Configuring(_)) {
            return Err(wrong_state(
                "settings (code lists, organisatie, drop_children_after_quarter, \
                 leave_out_unrepresentable) must come before the first \
                 spiegel_stream_start_zorgaanbieder",
            ));
        }
        Ok(self)
    }

    /// The quarter of the file.
    pub(super) fn quarter(&self) -> Quarter {
        self.quarter
    }

    fn options(&self) -> GenerateOptions {
        let mut options = GenerateOptions::new(self.quarter, self.datum_creatie);
        options.selection.drop_children_after_quarter = self.drop_children_after_quarter;
        options.leave_out_unrepresentable = self.leave_out_unrepresentable;
        self.lists.apply(&mut options);
        options
    }

    /// The generator, started (header written) on first use.
    fn generator(&mut self) -> FfiResult<&mut StreamGenerator<Sink>> {
        if let Phase::Configuring(_) = self.phase {
            let Phase::Configuring(sink) = std::mem::replace(&mut self.phase, Phase::Finished) else {
                // no-panic: the `if let` above has just matched Phase::Configuring.
                unreachable!("checked above")
            };
            match StreamGenerator::new(sink, self.options()) {
                Ok(generator) => self.phase = Phase::Streaming(Box::new(generator)),
                Err(e) => return Err(self.broke(&e)),
            }
        }
        match &mut self.phase {
            Phase::Streaming(generator) => Ok(generator),
            _ => Err(wrong_state("the stream is finished")),
        }
    }

    fn broke(&mut self, e: &io::Error) -> Failure {
        let message = io_failure(e);
        self.broken = Some(message.clone());
        Failure::new(SPIEGEL_IO, message)
    }

    fn stream_error(&mut self, e: StreamError) -> Failure {
        match e {
            StreamError::Io(e) => self.broke(&e),
            other => Failure::new(SPIEGEL_WRONG_STATE, other.to_string()),
        }
    }

    /// Records a refused record in the report and returns the failure for the caller.
    fn refuse(&mut self, diagnostic: Diagnostic) -> Failure {
        let failure = Failure::in_both(SPIEGEL_INVALID_VALUE, |lang| guard::located(&diagnostic, lang));
        match self.generator() {
            Ok(generator) => generator.add_diagnostic(diagnostic),
            Err(failure) => return failure,
        }
        failure
    }

    fn refuse_model(&mut self, error: ModelError, path: RecordPath) -> Failure {
        self.refuse(Diagnostic::from_model_error(&error, path))
    }

    fn no_open_traject(&self, what: &str) -> FfiResult {
        match self.traject {
            Slot::Empty => Ok(()),
            _ => Err(wrong_state(format!(
                "a zorgtraject is still open: call spiegel_stream_end_zorgtraject before {what}"
            ))),
        }
    }

    /// Hands the pending loose meting to the generator.
    fn flush_loose(&mut self) -> FfiResult {
        let Slot::Live(meting) = std::mem::replace(&mut self.loose, Slot::Empty) else {
            return Ok(());
        };
        if let Slot::Live(p) = &mut self.provider {
            p.loose += 1;
        }
        if std::mem::take(&mut self.loose_tainted) && self.leave_out_unrepresentable {
            return Ok(());
        }
        let result = self.generator()?.loose_meting(meting);
        result.map_err(|e| self.stream_error(e))
    }

    fn start_zorgaanbieder(&mut self, code: &str) -> FfiResult {
        self.usable()?;
        self.no_open_traject("starting a zorgaanbieder")?;
        self.flush_loose()?;
        self.generator()?;
        let agb = match AgbCode::new(code) {
            Ok(agb) => agb,
            Err(e) => {
                self.provider = Slot::Refused;
                return Err(self.refuse_model(e, RecordPath::zorgaanbieder(code)));
            }
        };
        if matches!(&self.provider, Slot::Live(p) if p.code == agb) {
            return Ok(());
        }
        let result = self.generator()?.start_zorgaanbieder(agb);
        match result {
            Ok(()) => {
                self.provider = Slot::Live(Provider {
                    path: RecordPath::zorgaanbieder(agb.as_str()),
                    code: agb,
                    trajecten: 0,
                    loose: 0,
                });
                Ok(())
            }
            Err(StreamError::Reappears(_)) => {
                self.provider = Slot::Refused;
                let diagnostic = Diagnostic::localized(
                    Severity::Error,
                    Rule::ZorgaanbiederNotContiguous,
                    RecordPath::zorgaanbieder(code),
                    "zorgaanbieder-not-contiguous.stream",
                    &[("code", code)],
                )
                .attribute(attr::ZORGAANBIEDER_CODE)
                .value(code);
                Err(self.refuse(diagnostic))
            }
            Err(e) => Err(self.stream_error(e)),
        }
    }

    /// The current provider, for a record of kind `what`.
    fn provider(&self, what: &str) -> FfiResult<&Provider> {
        match &self.provider {
            Slot::Live(p) => Ok(p),
            Slot::Refused => Err(skipped(what, "zorgaanbieder")),
            Slot::Empty => Err(wrong_state(format!(
                "no zorgaanbieder: call spiegel_stream_start_zorgaanbieder before adding a {what}"
            ))),
        }
    }

    pub(super) fn begin_zorgtraject(
        &mut self,
        key: Option<&str>,
        make: impl FnOnce() -> Result<Zorgtraject, ModelError>,
    ) -> FfiResult {
        self.usable()?;
        self.no_open_traject("beginning the next")?;
        match self.provider(element::ZORGTRAJECT) {
            Ok(_) => {}
            Err(f) if f.code == SPIEGEL_INVALID_VALUE => {
                self.traject = Slot::Refused;
                return Err(f);
            }
            Err(f) => return Err(f),
        }
        self.flush_loose()?;
        match make() {
            Ok(traject) => {
                self.traject = Slot::Live(OpenTraject {
                    traject,
                    meting: Slot::Empty,
                    tainted: false,
                });
                Ok(())
            }
            Err(e) => {
                self.traject = Slot::Refused;
                let path = self.traject_path(key);
                Err(self.refuse_model(e, path))
            }
        }
    }

    /// The diagnostic path of the trajectory with vendor key `key` that is begun (or being
    /// begun) now: the current provider's next one.
    fn traject_path(&self, key: Option<&str>) -> RecordPath {
        match &self.provider {
            Slot::Live(p) => p.path.zorgtraject(key, p.trajecten + 1),
            _ => RecordPath::default(),
        }
    }

    /// The diagnostic path of the open trajectory (its id is the vendor key it was begun
    /// with).
    fn open_traject_path(&self) -> RecordPath {
        let key = match &self.traject {
            Slot::Live(open) => open.traject.id(),
            _ => None,
        };
        self.traject_path(key)
    }

    /// The diagnostic path of the meting that items are added to now: the open trajectory's
    /// last meting, or else the pending loose meting.
    fn pending_meting_path(&self) -> RecordPath {
        match &self.traject {
            Slot::Live(open) => self
                .open_traject_path()
                .child(element::METING, open.traject.metingen().len() + 1),
            _ => match &self.provider {
                Slot::Live(p) => p.path.child(element::METING, p.loose + 1),
                _ => RecordPath::default(),
            },
        }
    }

    /// Fails unless a trajectory is open (a refused one counts: its children are skipped).
    pub(super) fn require_open_traject(&mut self, what: &str) -> FfiResult {
        self.open_traject(what).map(|_| ())
    }

    /// The open trajectory, for a child record of kind `what`.
    fn open_traject(&mut self, what: &str) -> FfiResult<&mut OpenTraject> {
        self.usable()?;
        match &mut self.traject {
            Slot::Live(open) => Ok(open),
            Slot::Refused => Err(skipped(what, "zorgtraject")),
            Slot::Empty => Err(wrong_state(format!(
                "no zorgtraject open: call spiegel_stream_begin_zorgtraject before adding a {what}"
            ))),
        }
    }

    pub(super) fn add_child<T>(
        &mut self,
        element: &'static str,
        count: impl FnOnce(&Zorgtraject) -> usize,
        make: impl FnOnce() -> Result<T, ModelError>,
        attach: impl FnOnce(&mut Zorgtraject, T),
    ) -> FfiResult {
        let open = self.open_traject(element)?;
        match make() {
            Ok(record) => {
                attach(&mut open.traject, record);
                Ok(())
            }
            Err(e) => {
                let position = count(&open.traject) + 1;
                open.tainted = true;
                let path = self.open_traject_path().child(element, position);
                Err(self.refuse_model(e, path))
            }
        }
    }

    pub(super) fn add_meting(&mut self, make: impl FnOnce() -> Result<Meting, ModelError>) -> FfiResult {
        let open = self.open_traject(element::METING)?;
        if let Slot::Live(previous) = std::mem::replace(&mut open.meting, Slot::Empty) {
            open.traject.add_meting(previous);
        }
        match make() {
            Ok(meting) => {
                open.meting = Slot::Live(meting);
                Ok(())
            }
            Err(e) => {
                open.meting = Slot::Refused;
                open.tainted = true;
                let position = open.traject.metingen().len() + 1;
                let path = self.open_traject_path().child(element::METING, position);
                Err(self.refuse_model(e, path))
            }
        }
    }

    pub(super) fn add_loose_meting(
        &mut self,
        make: impl FnOnce() -> Result<Meting, ModelError>,
    ) -> FfiResult {
        self.usable()?;
        self.no_open_traject("adding a loose meting")?;
        match self.provider(element::METING) {
            Ok(_) => {}
            Err(f) if f.code == SPIEGEL_INVALID_VALUE => {
                self.loose = Slot::Refused;
                return Err(f);
            }
            Err(f) => return Err(f),
        }
        self.flush_loose()?;
        self.loose_tainted = false;
        match make() {
            Ok(meting) => {
                self.loose = Slot::Live(meting);
                Ok(())
            }
            Err(e) => {
                self.loose = Slot::Refused;
                let p = self.provider(element::METING)?;
                let path = p.path.child(element::METING, p.loose + 1);
                Err(self.refuse_model(e, path))
            }
        }
    }

    pub(super) fn add_item(&mut self, make: impl FnOnce() -> Result<Item, ModelError>) -> FfiResult {
        self.usable()?;
        let (slot, tainted) = match &mut self.traject {
            Slot::Live(open) => (&mut open.meting, &mut open.tainted),
            Slot::Refused => return Err(skipped(element::ITEM, "zorgtraject")),
            Slot::Empty => (&mut self.loose, &mut self.loose_tainted),
        };
        let meting = match slot {
            Slot::Live(meting) => meting,
            Slot::Refused => return Err(skipped(element::ITEM, "meting")),
            Slot::Empty => {
                return Err(wrong_state(
                    "no meting to add the item to: call spiegel_stream_add_meting (in a \
                     zorgtraject) or spiegel_stream_add_loose_meting first",
                ))
            }
        };
        match make() {
            Ok(item) => {
                meting.add_item(item);
                Ok(())
            }
            Err(e) => {
                let position = meting.items().len() + 1;
                *tainted = true;
                let path = self.pending_meting_path().child(element::ITEM, position);
                Err(self.refuse_model(e, path))
            }
        }
    }

    pub(super) fn end_zorgtraject(&mut self) -> FfiResult {
        self.usable()?;
        let mut open = match std::mem::replace(&mut self.traject, Slot::Empty) {
            Slot::Live(open) => open,
            Slot::Refused => return Ok(()),
            Slot::Empty => {
                return Err(wrong_state(
                    "no zorgtraject open: spiegel_stream_end_zorgtraject ends the one begun \
                     with spiegel_stream_begin_zorgtraject",
                ))
            }
        };
        if let Slot::Live(meting) = std::mem::replace(&mut open.meting, Slot::Empty) {
            open.traject.add_meting(meting);
        }
        if let Slot::Live(p) = &mut self.provider {
            p.trajecten += 1;
        }
        if open.tainted && self.leave_out_unrepresentable {
            return Ok(());
        }
        let result = self.generator()?.zorgtraject(&open.traject);
        result.map_err(|e| self.stream_error(e))
    }

    /// The errors that will block the file (with `leave_out_unrepresentable`, those of
    /// records that cannot be represented do not).
    fn error_count(&self) -> usize {
        let Phase::Streaming(generator) = &self.phase else {
            return 0;
        };
        let report = generator.report();
        if !self.leave_out_unrepresentable {
            return report.count(Severity::Error);
        }
        // Every occurrence counts (identical diagnostics are one entry with a count).
        let errors: u64 = report
            .entries()
            .filter(|e| e.diagnostic.severity == Severity::Error && !e.diagnostic.rule.is_unrepresentable())
            .map(|e| e.occurrences)
            .sum();
        usize::try_from(errors).unwrap_or(usize::MAX)
    }

    /// Ends the file. Returns the report (when there is one) and the outcome.
    fn finish(&mut self) -> (Option<Report>, FfiResult) {
        if let Err(f) = self.no_open_traject("finishing") {
            return (None, Err(f));
        }
        if matches!(self.phase, Phase::Finished) {
            return (None, self.usable());
        }
        let flushed = if self.broken.is_none() {
            self.flush_loose().and_then(|()| self.generator().map(|_| ()))
        } else {
            Ok(())
        };
        let phase = std::mem::replace(&mut self.phase, Phase::Finished);
        let Phase::Streaming(generator) = phase else {
            // The header could not even be written.
            return (Some(Report::new()), flushed.and_then(|()| self.usable()));
        };
        if let Some(message) = self.broken.clone() {
            let report = generator.report().clone();
            return (Some(report), Err(Failure::new(SPIEGEL_IO, message)));
        }
        let (sink, mut report) = match generator.finish() {
            Ok(done) => done,
            Err(e) => {
                let failure = self.stream_error(e);
                return (None, Err(failure));
            }
        };
        self.options().admit_unrepresentable(&mut report);
        if report.has_errors() {
            let failure = blocked(&report);
            return (Some(report), Err(failure));
        }
        let outcome = self.commit(sink);
        (Some(report), outcome)
    }

    /// Flushes the output and, for a file, renames the temporary file over the target.
    fn commit(&mut self, sink: Sink) -> FfiResult {
        let result = (|| -> io::Result<()> {
            match sink {
                Sink::Callback(w) => {
                    w.into_inner().map_err(|e| e.into_error())?;
                }
                Sink::File(w) => {
                    let file = w.into_inner().map_err(|e| e.into_error())?;
                    if let Some(temp) = self.temp.take() {
                        self.lists
                            .check_output(temp.target())
                            .map_err(|f| io::Error::other(f.message))?;
                        temp.finish(file)?.commit()?;
                    }
                }
            }
            Ok(())
        })();
        result.map_err(|e| {
            let what = match &self.target {
                Some(path) => format!("writing '{}' failed: {e}", path.display()),
                None => format!("writing to the callback failed: {e}"),
            };
            Failure::new(SPIEGEL_IO, what)
        })
    }
}

fn blocked(report: &Report) -> Failure {
    let errors = report.count(Severity::Error).to_string();
    let first = report.diagnostics.iter().find(|d| d.severity == Severity::Error);
    Failure::in_both(SPIEGEL_DELIVERY_HAS_ERRORS, |lang| {
        let first = first
            .map(|d| crate::i18n::text(lang, "ffi.the-first", &[("first", &guard::located(d, lang))]))
            .unwrap_or_default();
        crate::i18n::text(
            lang,
            "ffi.stream-not-usable",
            &[("errors", &errors), ("first", &first)],
        )
    })
}

/// Runs `body` on the stream behind `s`: NULL check, the busy check (re-entry from the write
/// callback), panic catching, and the last error of both the handle and the thread.
pub(super) fn with_stream(s: *mut spiegel_stream, body: impl FnOnce(&mut StreamState) -> FfiResult) -> u32 {
    // SAFETY: the caller passes NULL or a pointer from spiegel_stream_new_* (the documented
    // contract); only a shared reference is made, the handle guards its state.
    let Some(stream) = (unsafe { s.as_ref() }) else {
        return guard::finish(Err(guard::null("stream")));
    };
    stream.handle.call(
        "an earlier call on this stream failed with an internal error; free it",
        |d| d.lang,
        body,
    )
}

/// Sets the language of the stream's last error and of its report: `SPIEGEL_LANG_EN` (the
/// default) or `SPIEGEL_LANG_NL`. Allowed in every state, also after `spiegel_stream_finish`.
/// Anything else returns SPIEGEL_UNKNOWN_LANGUAGE and changes nothing.
///
/// # Safety
/// `stream` is NULL or a live stream.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_set_language(stream: *mut spiegel_stream, language: u32) -> u32 {
    with_stream(stream, |s| {
        s.lang = super::lang::lang_from_code(language)?;
        Ok(())
    })
}

/// The quarter and datum_creatie arguments of the `_new` functions.
///
/// # Safety
/// Pointers are NULL or valid for their lengths.
unsafe fn header(
    quarter: (*const u8, usize),
    datum_creatie: (*const u8, usize),
) -> FfiResult<(Quarter, PrimitiveDateTime)> {
    // SAFETY (both): forwarded contract.
    let quarter = parse_quarter(unsafe { text("quarter", quarter.0, quarter.1) }?)?;
    let moment = match unsafe { optional_text("datum_creatie", datum_creatie.0, datum_creatie.1) }? {
        Some(t) => parse_datum_creatie(t)?,
        None => now_local()?,
    };
    Ok((quarter, moment))
}

fn hand_out(out: &mut *mut spiegel_stream, state: StreamState) {
    *out = Box::into_raw(Box::new(spiegel_stream {
        handle: guard::Handle::new(state),
    }));
}

/// Starts a stream that writes the file of `quarter` (`2024-Q1`) to `path` (UTF-8).
/// `datum_creatie` is optional (`YYYY-MM-DDTHH:MM:SS`; NULL/0: the local time now).
///
/// The bytes go to a temporary file in the target's directory, created here (so a bad
/// directory fails now, with SPIEGEL_IO); `spiegel_stream_finish` renames it over `path`
/// only when the report has no errors. `spiegel_stream_free` without a successful finish
/// deletes it, and an existing file at `path` is never touched then. A symbolic link at
/// `path` is written through (its target is replaced); a directory, a device or another
/// non-regular file is refused here (SPIEGEL_IO), and a file the stream's code lists or
/// organisation structure were loaded from is refused by `spiegel_stream_finish` (SPIEGEL_IO).
///
/// Then, in the order of the file: `spiegel_stream_start_zorgaanbieder`; per trajectory
/// `spiegel_stream_begin_zorgtraject`, its children, `spiegel_stream_end_zorgtraject`; loose
/// metingen with `spiegel_stream_add_loose_meting` between trajectories; then the next
/// zorgaanbieder; finally `spiegel_stream_finish`. Settings (code lists, organisatie,
/// drop_children_after_quarter) go before the first zorgaanbieder.
///
/// Errors: SPIEGEL_INVALID_QUARTER, SPIEGEL_INVALID_VALUE (datum_creatie), SPIEGEL_IO,
/// SPIEGEL_WRONG_STATE (no local time zone for the default datum_creatie). `*out_stream` is
/// NULL on failure.
///
/// # Safety
/// Text pointers are NULL or valid for their lengths; `out_stream` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_new_file(
    path: *const u8,
    path_len: usize,
    quarter: *const u8,
    quarter_len: usize,
    datum_creatie: *const u8,
    datum_creatie_len: usize,
    out_stream: *mut *mut spiegel_stream,
) -> u32 {
    guard::guard(|| {
        // SAFETY (all): per the contract above.
        let slot = unsafe { out("out_stream", out_stream) }?;
        *slot = std::ptr::null_mut();
        let path = unsafe { text("path", path, path_len) }?;
        let (quarter, moment) =
            unsafe { header((quarter, quarter_len), (datum_creatie, datum_creatie_len)) }?;
        let target = PathBuf::from(path);
        let (file, temp) = crate::output::Temporary::create(&target)
            .map_err(|e| Failure::new(SPIEGEL_IO, format!("cannot write '{path}': {e}")))?;
        let mut state = StreamState::new(Sink::File(BufWriter::new(file)), quarter, moment);
        state.temp = Some(temp);
        state.target = Some(target);
        hand_out(slot, state);
        Ok(())
    })
}

/// Starts a stream that writes the file of `quarter` through `callback` (see
/// `spiegel_write_callback`), in pieces of up to 64 KiB, in order; `user` is passed through.
/// The callback may be called during any later call on the stream, up to and including
/// `spiegel_stream_finish`, never after it or during `spiegel_stream_free`: keep it and `user`
/// alive until then. Because bytes are sent before the last record is seen, discard what
/// you received unless `spiegel_stream_finish` returns SPIEGEL_OK. A callback that returns
/// nonzero stops the stream (SPIEGEL_IO from then on). `datum_creatie` and errors as for
/// `spiegel_stream_new_file`.
///
/// # Safety
/// `callback` is NULL or a function of the declared type; text pointers are NULL or valid
/// for their lengths; `out_stream` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_new_callback(
    callback: spiegel_write_callback,
    user: *mut c_void,
    quarter: *const u8,
    quarter_len: usize,
    datum_creatie: *const u8,
    datum_creatie_len: usize,
    out_stream: *mut *mut spiegel_stream,
) -> u32 {
    guard::guard(|| {
        // SAFETY (both): per the contract above.
        let slot = unsafe { out("out_stream", out_stream) }?;
        *slot = std::ptr::null_mut();
        let callback = callback.ok_or_else(|| guard::null("callback"))?;
        let (quarter, moment) =
            unsafe { header((quarter, quarter_len), (datum_creatie, datum_creatie_len)) }?;
        let discarded = Arc::new(AtomicBool::new(false));
        let writer = StreamCallback {
            writer: CallbackWriter {
                callback,
                user,
                refused: None,
            },
            discarded: Arc::clone(&discarded),
        };
        let sink = Sink::Callback(BufWriter::with_capacity(64 * 1024, writer));
        let mut state = StreamState::new(sink, quarter, moment);
        state.discarded = Some(discarded);
        hand_out(slot, state);
        Ok(())
    })
}

/// Frees a stream. NULL is allowed and does nothing. Without a successful
/// `spiegel_stream_finish` the temporary file is deleted (the target is untouched) and the
/// callback is not called again. Reports obtained from the stream stay valid. Called from the
/// stream's own write callback (while a call on it runs) it does nothing: the stream is not
/// freed.
///
/// # Safety
/// `stream` is NULL or a pointer from `spiegel_stream_new_*` not freed before.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_free(stream: *mut spiegel_stream) {
    // SAFETY: per the contract below, NULL or a live stream.
    if unsafe { stream.as_ref() }.is_some_and(|s| !s.handle.is_busy()) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: per the contract above, we own it now.
            drop(unsafe { Box::from_raw(stream) });
        }));
    }
}

/// Copies the message of the last call on this stream into `buf` (empty when that call
/// succeeded). Size-query pattern; does not change the last error.
///
/// # Safety
/// `stream` is NULL or a live stream; `buf` is NULL or valid for `buf_len` bytes; `out_len`
/// is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_last_error(
    stream: *const spiegel_stream,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: per the contract above.
    match unsafe { stream.as_ref() } {
        // SAFETY: per the contract above.
        Some(s) => unsafe { s.handle.copy_last_error(buf, buf_len, out_len) },
        None => guard::null("stream").code,
    }
}

/// Loads code lists for this stream, as `spiegel_delivery_load_codelists` does for a
/// delivery. Only before the first zorgaanbieder (else SPIEGEL_WRONG_STATE).
/// Errors: SPIEGEL_IO, SPIEGEL_INVALID_CODELIST, SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_load_codelists(
    stream: *mut spiegel_stream,
    path: *const u8,
    path_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let path = unsafe { text("path", path, path_len) }?;
        s.settings()?.lists.load_codelists(path)
    })
}

/// Like `spiegel_delivery_load_codelist_buffer`, for this stream; only before the first
/// zorgaanbieder. Errors: SPIEGEL_INVALID_CODELIST, SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream; `list` is NULL or valid for `list_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_load_codelist_buffer(
    stream: *mut spiegel_stream,
    list: *const u8,
    list_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let list = unsafe { text("list", list, list_len) }?;
        s.settings()?.lists.load_codelist_text(list)
    })
}

/// Like `spiegel_delivery_load_organisatie`, for this stream; only before the first
/// zorgaanbieder. Errors: SPIEGEL_IO, SPIEGEL_INVALID_CODELIST, SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_load_organisatie(
    stream: *mut spiegel_stream,
    path: *const u8,
    path_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let path = unsafe { text("path", path, path_len) }?;
        s.settings()?.lists.load_organisatie(path)
    })
}

/// Like `spiegel_delivery_load_organisatie_buffer`, for this stream; only before the first
/// zorgaanbieder. Errors: SPIEGEL_INVALID_CODELIST, SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream; `organisatie` is NULL or valid for `organisatie_len`
/// bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_load_organisatie_buffer(
    stream: *mut spiegel_stream,
    organisatie: *const u8,
    organisatie_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let organisatie = unsafe { text("organisatie", organisatie, organisatie_len) }?;
        s.settings()?.lists.load_organisatie_text(organisatie)
    })
}

/// As `spiegel_delivery_set_drop_children_after_quarter`, for this stream; only before the
/// first zorgaanbieder. Errors: SPIEGEL_INVALID_VALUE, SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_set_drop_children_after_quarter(
    stream: *mut spiegel_stream,
    drop: u32,
) -> u32 {
    with_stream(stream, |s| {
        let value = match drop {
            0 => false,
            1 => true,
            other => {
                return Err(Failure::new(
                    SPIEGEL_INVALID_VALUE,
                    format!("drop_children_after_quarter {other} is not 0 or 1"),
                ))
            }
        };
        s.settings()?.drop_children_after_quarter = value;
        Ok(())
    })
}

/// As `spiegel_delivery_set_leave_out_unrepresentable`, for this stream; only before the
/// first zorgaanbieder. With 1, a refused record no longer blocks the file: the trajectory it
/// belongs to (or the loose meting, or the zorgaanbieder) is not written, its error is reported
/// as a warning, and one `record-left-out` info counts them. Errors: SPIEGEL_INVALID_VALUE,
/// SPIEGEL_WRONG_STATE.
///
/// # Safety
/// `stream` is NULL or a live stream.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_set_leave_out_unrepresentable(
    stream: *mut spiegel_stream,
    leave_out: u32,
) -> u32 {
    with_stream(stream, |s| {
        let value = match leave_out {
            0 => false,
            1 => true,
            other => {
                return Err(Failure::new(
                    SPIEGEL_INVALID_VALUE,
                    format!("leave_out_unrepresentable {other} is not 0 or 1"),
                ))
            }
        };
        s.settings()?.leave_out_unrepresentable = value;
        Ok(())
    })
}

/// Starts zorgaanbieder `zorgaanbieder_code` (8 digits), ending the previous one (its loose
/// metingen are written after its trajectories). Starting the current one again does
/// nothing. A provider's records must be contiguous: starting one again after another is
/// refused (rule `zorgaanbieder-not-contiguous`).
///
/// Errors: SPIEGEL_WRONG_STATE (a zorgtraject is open), SPIEGEL_INVALID_VALUE (a bad code,
/// or a provider that reappears: recorded in the report, so finish refuses the file; the
/// provider's records are then skipped, each call returning SPIEGEL_INVALID_VALUE),
/// SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; `zorgaanbieder_code` is NULL or valid for its length.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_start_zorgaanbieder(
    stream: *mut spiegel_stream,
    zorgaanbieder_code: *const u8,
    zorgaanbieder_code_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let code = unsafe { text("zorgaanbieder_code", zorgaanbieder_code, zorgaanbieder_code_len) }?;
        s.start_zorgaanbieder(code)
    })
}

/// Begins a zorgtraject of the current zorgaanbieder; arguments as for
/// `spiegel_delivery_add_zorgtraject` (`vendor_key`, `einddatum`, `groep_code` optional).
/// Add its children with the `spiegel_stream_add_*` functions, then call
/// `spiegel_stream_end_zorgtraject`.
///
/// Errors: SPIEGEL_WRONG_STATE (no zorgaanbieder started, or a zorgtraject still open),
/// SPIEGEL_INVALID_VALUE (refused: recorded, and its children are skipped, each call
/// returning SPIEGEL_INVALID_VALUE, until spiegel_stream_end_zorgtraject), SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_begin_zorgtraject(
    stream: *mut spiegel_stream,
    vendor_key: *const u8,
    vendor_key_len: usize,
    begindatum: *const u8,
    begindatum_len: usize,
    einddatum: *const u8,
    einddatum_len: usize,
    groep_code: *const u8,
    groep_code_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (all): per the contract above.
        let key = unsafe { optional_text("vendor_key", vendor_key, vendor_key_len) }?;
        let begin = unsafe { text("begindatum", begindatum, begindatum_len) }?;
        let end = unsafe { optional_text("einddatum", einddatum, einddatum_len) }?;
        let groep = unsafe { optional_text("groep_code", groep_code, groep_code_len) }?;
        s.begin_zorgtraject(key, || {
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
}

/// Adds a primary diagnosis to the open zorgtraject (as `spiegel_delivery_add_primair`).
/// Errors: SPIEGEL_WRONG_STATE (no zorgtraject open), SPIEGEL_INVALID_VALUE (recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_primair(
    stream: *mut spiegel_stream,
    cl_d5_diagnose_code: *const u8,
    cl_d5_diagnose_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let code = unsafe {
            text(
                "cl_d5_diagnose_code",
                cl_d5_diagnose_code,
                cl_d5_diagnose_code_len,
            )
        }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        s.add_child(
            element::PRIMAIR,
            |t| t.primair().len(),
            || Primair::new(code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_primair,
        )
    })
}

/// Adds a secondary diagnosis to the open zorgtraject (as `spiegel_delivery_add_neven`).
/// Errors: SPIEGEL_WRONG_STATE, SPIEGEL_INVALID_VALUE (recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_neven(
    stream: *mut spiegel_stream,
    cl_d5_diagnose_code: *const u8,
    cl_d5_diagnose_code_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let code = unsafe {
            text(
                "cl_d5_diagnose_code",
                cl_d5_diagnose_code,
                cl_d5_diagnose_code_len,
            )
        }?;
        s.add_child(
            element::NEVEN,
            |t| t.neven().len(),
            || Neven::new(code),
            Zorgtraject::add_neven,
        )
    })
}

/// Adds a zorgvraagtypering to the open zorgtraject (as
/// `spiegel_delivery_add_zorgvraagtypering`: both codes optional, at least one given).
/// Errors: SPIEGEL_WRONG_STATE, SPIEGEL_INVALID_VALUE (recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_zorgvraagtypering(
    stream: *mut spiegel_stream,
    zorgvraagtype_code_honos: *const u8,
    zorgvraagtype_code_honos_len: usize,
    zorgvraagtype_code: *const u8,
    zorgvraagtype_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_stream(stream, |s| {
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
        s.add_child(
            element::ZORGVRAAGTYPERING,
            |t| t.zorgvraagtyperingen().len(),
            || Zorgvraagtypering::new(honos, code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_zorgvraagtypering,
        )
    })
}

/// Adds a prestatie to the open zorgtraject (as `spiegel_delivery_add_prestatie`).
/// Errors: SPIEGEL_WRONG_STATE, SPIEGEL_INVALID_VALUE (recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_prestatie(
    stream: *mut spiegel_stream,
    prestatie_code: *const u8,
    prestatie_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let code = unsafe { text("prestatie_code", prestatie_code, prestatie_code_len) }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        s.add_child(
            element::PRESTATIE,
            |t| t.prestaties().len(),
            || Prestatie::new(code, parse_date(attr::DATUM, datum)?),
            Zorgtraject::add_prestatie,
        )
    })
}

/// Adds a meting to the open zorgtraject; `spiegel_stream_add_item` then adds items to it,
/// until the next meting or the end of the trajectory.
/// Errors: SPIEGEL_WRONG_STATE, SPIEGEL_INVALID_VALUE (recorded; its items are skipped).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_meting(
    stream: *mut spiegel_stream,
    meetinstrument_code: *const u8,
    meetinstrument_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let code = unsafe {
            text(
                "meetinstrument_code",
                meetinstrument_code,
                meetinstrument_code_len,
            )
        }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        s.add_meting(|| Meting::new(code, parse_date(attr::DATUM, datum)?))
    })
}

/// Adds a loose meting (not linked to a trajectory) to the current zorgaanbieder, between
/// trajectories; `spiegel_stream_add_item` then adds items to it. Loose metingen are
/// delivered when dated in the quarter, after the provider's trajectories.
/// Errors: SPIEGEL_WRONG_STATE (no zorgaanbieder, or a zorgtraject open),
/// SPIEGEL_INVALID_VALUE (recorded; its items are skipped), SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_loose_meting(
    stream: *mut spiegel_stream,
    meetinstrument_code: *const u8,
    meetinstrument_code_len: usize,
    datum: *const u8,
    datum_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let code = unsafe {
            text(
                "meetinstrument_code",
                meetinstrument_code,
                meetinstrument_code_len,
            )
        }?;
        let datum = unsafe { text("datum", datum, datum_len) }?;
        s.add_loose_meting(|| Meting::new(code, parse_date(attr::DATUM, datum)?))
    })
}

/// Adds an item to the last meting: the open zorgtraject's last meting, or, between
/// trajectories, the last loose meting. Items outside the allowed list are accepted and left
/// out of the file, each with a warning in the report.
/// Errors: SPIEGEL_WRONG_STATE (no meting), SPIEGEL_INVALID_VALUE (recorded).
///
/// # Safety
/// `stream` is NULL or a live stream; text pointers are NULL or valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_add_item(
    stream: *mut spiegel_stream,
    item_code: *const u8,
    item_code_len: usize,
    score: *const u8,
    score_len: usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY (both): per the contract above.
        let code = unsafe { text("item_code", item_code, item_code_len) }?;
        let score = unsafe { text("score", score, score_len) }?;
        s.add_item(|| Item::new(code, score))
    })
}

/// Ends the open zorgtraject: selects it for the quarter, validates what is delivered and
/// writes it. Content-rule errors do not fail this call: they are in the report (see
/// `spiegel_stream_count_errors`) and make `spiegel_stream_finish` refuse the file. Ending a
/// refused zorgtraject just closes it.
/// Errors: SPIEGEL_WRONG_STATE (none open), SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_end_zorgtraject(stream: *mut spiegel_stream) -> u32 {
    with_stream(stream, |s| s.end_zorgtraject())
}

/// Sets `*out_count` to the number of errors found so far (refused records and content
/// rules of the trajectories ended). Nonzero means `spiegel_stream_finish` will refuse the
/// file: stop early, or go on to collect every error in one report.
///
/// # Safety
/// `stream` is NULL or a live stream; `out_count` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_count_errors(
    stream: *mut spiegel_stream,
    out_count: *mut usize,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let slot = unsafe { out("out_count", out_count) }?;
        *slot = s.error_count();
        Ok(())
    })
}

/// Ends the file. To a path: renames the temporary file over the target when the report has
/// no errors (SPIEGEL_OK), else deletes it (SPIEGEL_DELIVERY_HAS_ERRORS). To a callback:
/// sends the rest; on SPIEGEL_DELIVERY_HAS_ERRORS discard everything received.
///
/// `out_report` is optional (NULL: no report). When given, `*out_report` is set to a new
/// report (free it with `spiegel_report_free`) whenever the records were processed (success,
/// SPIEGEL_DELIVERY_HAS_ERRORS, SPIEGEL_IO) and to NULL otherwise. After this call only
/// `spiegel_stream_last_error` and `spiegel_stream_free` remain (others: SPIEGEL_WRONG_STATE).
/// Errors: SPIEGEL_WRONG_STATE (a zorgtraject is still open: end it, then finish),
/// SPIEGEL_DELIVERY_HAS_ERRORS, SPIEGEL_IO.
///
/// # Safety
/// `stream` is NULL or a live stream; `out_report` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_stream_finish(
    stream: *mut spiegel_stream,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    with_stream(stream, |s| {
        // SAFETY: per the contract above.
        let slot = unsafe { out_report.as_mut() };
        let slot = slot.map(|slot| {
            *slot = std::ptr::null_mut();
            slot
        });
        let (report, outcome) = s.finish();
        if let (Some(slot), Some(report)) = (slot, report) {
            *slot = new_report(report, s.lang);
        }
        outcome
    })
}
