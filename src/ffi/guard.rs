//! The machinery every exported function goes through: panic catching, the thread-local
//! last error, checked text arguments and copying text into caller buffers.
//!
//! An exported function's body is a closure returning [`FfiResult`]; [`guard`] (or
//! `delivery::with_delivery`) turns it into a result code and records the message.

use std::cell::{RefCell, UnsafeCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use super::codes::*;
use crate::i18n::Lang;

/// Why a call failed: a result code and the exact message for the last error, in English
/// and, when it is a text for the people using the EPD, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: u32,
    pub(crate) message: String,
    /// The Dutch message; `None` for texts meant for the programmer (a NULL argument, a
    /// buffer too small), which are English only.
    pub(crate) nl: Option<String>,
}

impl Failure {
    pub(crate) fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            nl: None,
        }
    }

    /// A failure whose message is made in each language by `message`.
    pub(crate) fn in_both(code: u32, message: impl Fn(Lang) -> String) -> Self {
        Self {
            code,
            message: message(Lang::En),
            nl: Some(message(Lang::Nl)),
        }
    }

    /// The message in `lang`.
    pub(crate) fn message_in(&self, lang: Lang) -> &str {
        match (lang, &self.nl) {
            (Lang::Nl, Some(nl)) => nl,
            _ => &self.message,
        }
    }
}

/// A diagnostic as one last-error line in `lang`: `path: message`.
pub(crate) fn located(d: &crate::diagnostic::Diagnostic, lang: Lang) -> String {
    format!("{}: {}", d.path.display_in(lang), d.message_in(lang))
}

/// The result of an exported function's body.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the thread's last error. Never panics: this runs outside `catch_unwind`, and a host
/// may call us from its own thread-local destructors (C++ `thread_local`), after this thread's
/// storage is gone; then the message is dropped (`try_with`, not `with`, which would panic
/// and abort the host).
pub(crate) fn set_thread_error(message: &str) {
    let _ = LAST_ERROR.try_with(|e| {
        if let Ok(mut e) = e.try_borrow_mut() {
            e.clear();
            e.push_str(message);
        }
    });
}

/// The thread's last error; empty once the thread's storage is destroyed.
pub(crate) fn thread_error() -> String {
    LAST_ERROR
        .try_with(|e| e.try_borrow().map(|e| e.clone()).unwrap_or_default())
        .unwrap_or_default()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    format!("internal error: the library panicked: {detail}")
}

/// Runs `body`, turning a panic into a [`SPIEGEL_PANIC`] failure.
pub(crate) fn run<T>(body: impl FnOnce() -> FfiResult<T>) -> FfiResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(Failure::new(SPIEGEL_PANIC, panic_message(payload.as_ref()))),
    }
}

/// The outcome of `result` as a code; a failure's message becomes the thread's last error,
/// success clears it.
pub(crate) fn finish(result: FfiResult) -> u32 {
    finish_in(result, super::lang::thread_lang())
}

/// [`finish`] with the last error in `lang` (the language of the handle called).
pub(crate) fn finish_in(result: FfiResult, lang: Lang) -> u32 {
    match result {
        Ok(()) => {
            set_thread_error("");
            SPIEGEL_OK
        }
        Err(failure) => {
            set_thread_error(failure.message_in(lang));
            failure.code
        }
    }
}

/// Runs the body of a function without a delivery handle.
pub(crate) fn guard(body: impl FnOnce() -> FfiResult) -> u32 {
    finish(run(body))
}

/// The state behind a handle (delivery, stream), with the handle's own last error and a busy
/// flag. A call that finds the handle busy is refused with [`SPIEGEL_WRONG_STATE`] without
/// touching the state: a write callback that calls back into its own handle, or two threads
/// using one handle at once. The state lives in an `UnsafeCell` so that the flag can be read
/// through a shared reference while the running call holds the state.
pub(crate) struct Handle<S> {
    busy: AtomicBool,
    inner: UnsafeCell<HandleInner<S>>,
}

struct HandleInner<S> {
    state: S,
    last_error: String,
    poisoned: bool,
}

/// Clears the busy flag when the call ends, however it ends.
struct Release<'a>(&'a AtomicBool);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

fn busy_failure() -> Failure {
    Failure::new(
        SPIEGEL_WRONG_STATE,
        "the handle is busy: another call on it has not returned yet (a write callback must \
         not call functions of the handle it writes for, and a handle is used by one thread \
         at a time)",
    )
}

impl<S> Handle<S> {
    pub(crate) fn new(state: S) -> Self {
        Self {
            busy: AtomicBool::new(false),
            inner: UnsafeCell::new(HandleInner {
                state,
                last_error: String::new(),
                poisoned: false,
            }),
        }
    }

    /// Whether a call on the handle is running now.
    pub(crate) fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Acquire)
    }

    /// Runs `f` with the handle to itself, or refuses when a call is already running.
    fn enter<R>(&self, f: impl FnOnce(&mut HandleInner<S>) -> R) -> FfiResult<R> {
        if self
            .busy
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return Err(busy_failure());
        }
        let _release = Release(&self.busy);
        // SAFETY: the busy flag, just won, makes this the only reference to the inner state
        // until `_release` drops.
        let inner = unsafe { &mut *self.inner.get() };
        Ok(f(inner))
    }

    /// Runs `body` on the state: panic catching, poisoning after a panic (`poisoned` says
    /// what to do then), and the last error of both the handle and the thread.
    /// The last error is in the handle's language (`lang_of`).
    pub(crate) fn call(
        &self,
        poisoned: &str,
        lang_of: fn(&S) -> Lang,
        body: impl FnOnce(&mut S) -> FfiResult,
    ) -> u32 {
        let mut lang = super::lang::thread_lang();
        let result = self.enter(|inner| {
            let result = if inner.poisoned {
                Err(Failure::new(SPIEGEL_PANIC, poisoned))
            } else {
                run(|| body(&mut inner.state))
            };
            if matches!(&result, Err(f) if f.code == SPIEGEL_PANIC) {
                inner.poisoned = true;
            }
            lang = lang_of(&inner.state);
            inner.last_error.clear();
            if let Err(failure) = &result {
                inner.last_error.push_str(failure.message_in(lang));
            }
            result
        });
        finish_in(result.and_then(|r| r), lang)
    }

    /// Copies the handle's last error out (size-query pattern); does not change it.
    ///
    /// # Safety
    /// As for [`copy_out`].
    pub(crate) unsafe fn copy_last_error(&self, buf: *mut u8, buf_len: usize, out_len: *mut usize) -> u32 {
        let result = run(|| {
            self.enter(|inner| {
                // SAFETY: forwarded contract.
                unsafe { copy_out(inner.last_error.as_bytes(), buf, buf_len, out_len) }
            })
            .and_then(|r| r)
        });
        result.err().map_or(SPIEGEL_OK, |f| f.code)
    }

    #[cfg(test)]
    pub(crate) fn last_error_for_test(&self) -> String {
        self.enter(|inner| inner.last_error.clone()).unwrap_or_default()
    }
}

/// A NULL-argument failure for `name`.
pub(crate) fn null(name: &str) -> Failure {
    Failure::new(SPIEGEL_NULL_ARGUMENT, format!("argument {name} is NULL"))
}

/// `ptr` as a mutable reference, or a NULL-argument failure naming `name`.
///
/// # Safety
/// `ptr` is NULL or valid for writes of a `T`.
pub(crate) unsafe fn out<'a, T>(name: &str, ptr: *mut T) -> FfiResult<&'a mut T> {
    // SAFETY: the caller guarantees the pointer is NULL or valid.
    unsafe { ptr.as_mut() }.ok_or_else(|| null(name))
}

/// The UTF-8 text at `ptr`/`len`.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` bytes that stay unchanged during the call.
pub(crate) unsafe fn text<'a>(name: &str, ptr: *const u8, len: usize) -> FfiResult<&'a str> {
    if ptr.is_null() {
        return Err(null(name));
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(
            SPIEGEL_INVALID_VALUE,
            format!("argument {name}: length {len} is larger than any buffer can be"),
        ));
    }
    // SAFETY: non-NULL and, by the caller's contract, valid for `len` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    text_of(name, bytes)
}

/// `bytes` as text: UTF-8 without a NUL byte (argument `name`).
///
/// Codes, keys and dates are ASCII: one pass over the bytes settles those (no NUL and valid
/// UTF-8 at once); other texts get the full UTF-8 check.
#[inline]
pub(crate) fn text_of<'a>(name: &str, bytes: &'a [u8]) -> FfiResult<&'a str> {
    if bytes.iter().all(|b| b.wrapping_sub(1) < 0x7f) {
        // SAFETY: every byte is in 0x01..=0x7F: ASCII, which is valid UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !bytes.contains(&0) => Ok(text),
        _ => Err(not_text(name, bytes)),
    }
}

/// Why `bytes` is not text: a NUL byte (the first), or else invalid UTF-8.
#[cold]
#[inline(never)]
fn not_text(name: &str, bytes: &[u8]) -> Failure {
    let len = bytes.len();
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Failure::new(
            SPIEGEL_INTERIOR_NUL,
            format!(
                "argument {name} contains a NUL byte at offset {at} within its length of {len} \
                 bytes; pass the length without the terminating NUL"
            ),
        );
    }
    let valid_up_to = std::str::from_utf8(bytes).err().map_or(len, |e| e.valid_up_to());
    Failure::new(
        SPIEGEL_INVALID_UTF8,
        format!("argument {name} is not valid UTF-8: invalid byte sequence at offset {valid_up_to}"),
    )
}

/// Optional text: NULL with length 0, or length 0, means absent.
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn optional_text<'a>(name: &str, ptr: *const u8, len: usize) -> FfiResult<Option<&'a str>> {
    if len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { text(name, ptr, len) }.map(Some)
}

/// Refuses a NULL `buf` with a nonzero `buf_len` before any work is done.
pub(crate) fn check_buf(buf: *const u8, buf_len: usize) -> FfiResult {
    if buf.is_null() && buf_len != 0 {
        return Err(null("buf (with a nonzero buf_len)"));
    }
    Ok(())
}

/// Copies `bytes` into the caller's buffer: `*out_len` is always set to `bytes.len()`; a NUL
/// is appended when there is room; [`SPIEGEL_BUFFER_TOO_SMALL`] when `buf_len < bytes.len()`
/// (then `buf` holds an empty string when `buf_len > 0`). `buf` may be NULL only when
/// `buf_len` is 0 (a size query).
///
/// # Safety
/// `buf` is NULL or valid for writes of `buf_len` bytes; `out_len` is NULL or valid.
pub(crate) unsafe fn copy_out(bytes: &[u8], buf: *mut u8, buf_len: usize, out_len: *mut usize) -> FfiResult {
    // SAFETY: forwarded contract.
    let out_len = unsafe { out("out_len", out_len) }?;
    *out_len = 0;
    if buf.is_null() && buf_len != 0 {
        return Err(null("buf (with a nonzero buf_len)"));
    }
    *out_len = bytes.len();
    if buf_len < bytes.len() {
        if buf_len > 0 {
            // SAFETY: buf is non-NULL and valid for buf_len >= 1 bytes.
            unsafe { *buf = 0 };
        }
        return Err(Failure::new(
            SPIEGEL_BUFFER_TOO_SMALL,
            format!(
                "buffer of {buf_len} bytes is too small: {} bytes needed ({} with the terminating NUL)",
                bytes.len(),
                bytes.len() + 1
            ),
        ));
    }
    if bytes.is_empty() {
        if buf_len > 0 {
            // SAFETY: as above.
            unsafe { *buf = 0 };
        }
        return Ok(());
    }
    // SAFETY: buf is valid for buf_len >= bytes.len() bytes and cannot overlap our data.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
        if buf_len > bytes.len() {
            *buf.add(bytes.len()) = 0;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_code_with_its_message() {
        let code = guard(|| panic!("boom {}", 42));
        assert_eq!(code, SPIEGEL_PANIC);
        assert!(thread_error().contains("boom 42"), "{}", thread_error());
        assert_eq!(guard(|| Ok(())), SPIEGEL_OK);
        assert_eq!(thread_error(), "");
    }

    #[test]
    fn a_busy_handle_refuses_a_nested_call_and_recovers() {
        let handle = Handle::new(0u32);
        let outer = handle.call(
            "poisoned",
            |_| Lang::En,
            |n| {
                *n += 1;
                let nested = handle.call(
                    "poisoned",
                    |_| Lang::En,
                    |n| {
                        *n += 100;
                        Ok(())
                    },
                );
                assert_eq!(nested, SPIEGEL_WRONG_STATE);
                assert!(thread_error().contains("busy"), "{}", thread_error());
                Ok(())
            },
        );
        assert_eq!(outer, SPIEGEL_OK);
        assert!(!handle.is_busy());
        assert_eq!(
            handle.call(
                "poisoned",
                |_| Lang::En,
                |n| if *n == 1 { Ok(()) } else { Err(null("n")) }
            ),
            SPIEGEL_OK
        );
        assert_eq!(
            handle.call("poisoned", |_| Lang::En, |_| panic!("boom")),
            SPIEGEL_PANIC
        );
        assert!(!handle.is_busy(), "a panic must release the handle");
        assert_eq!(handle.call("poisoned", |_| Lang::En, |_| Ok(())), SPIEGEL_PANIC);
        assert_eq!(handle.last_error_for_test(), "poisoned");
    }

    #[test]
    fn text_checks_null_nul_and_utf8() {
        unsafe {
            assert_eq!(
                text("x", std::ptr::null(), 0).unwrap_err().code,
                SPIEGEL_NULL_ARGUMENT
            );
            assert_eq!(
                text("x", b"a\0b".as_ptr(), 3).unwrap_err().code,
                SPIEGEL_INTERIOR_NUL
            );
            assert_eq!(text("x", b"a\0b".as_ptr(), 1).unwrap(), "a");
            assert_eq!(
                text("x", b"\xff".as_ptr(), 1).unwrap_err().code,
                SPIEGEL_INVALID_UTF8
            );
            assert_eq!(optional_text("x", std::ptr::null(), 0).unwrap(), None);
            assert_eq!(
                optional_text("x", std::ptr::null(), 1).unwrap_err().code,
                SPIEGEL_NULL_ARGUMENT
            );
        }
    }

    #[test]
    fn text_of_takes_ascii_and_other_utf8_and_refuses_nul_before_bad_utf8() {
        assert_eq!(text_of("x", b"").unwrap(), "");
        assert_eq!(text_of("x", b"BA0101 ~\x7f").unwrap(), "BA0101 ~\u{7f}");
        assert_eq!(text_of("x", "Zoë, 2€".as_bytes()).unwrap(), "Zoë, 2€");
        for (bytes, code, offset) in [
            (&b"ab\0"[..], SPIEGEL_INTERIOR_NUL, "offset 2"),
            ("é\0".as_bytes(), SPIEGEL_INTERIOR_NUL, "offset 2"),
            (&b"\xff\0"[..], SPIEGEL_INTERIOR_NUL, "offset 1"),
            (&b"ok\xc3"[..], SPIEGEL_INVALID_UTF8, "offset 2"),
            (&b"\x80"[..], SPIEGEL_INVALID_UTF8, "offset 0"),
        ] {
            let e = text_of("x", bytes).unwrap_err();
            assert_eq!(e.code, code, "{bytes:?}");
            assert!(e.message.contains(offset), "{bytes:?}: {}", e.message);
        }
    }

    #[test]
    fn copy_out_terminates_when_there_is_room() {
        let mut buf = [0xAAu8; 4];
        let mut len = 99;
        unsafe {
            copy_out(b"abc", buf.as_mut_ptr(), 4, &mut len).unwrap();
            assert_eq!((&buf, len), (b"abc\0", 3));
            buf = [0xAA; 4];
            copy_out(b"abcd", buf.as_mut_ptr(), 4, &mut len).unwrap();
            assert_eq!((&buf, len), (b"abcd", 4));
            let e = copy_out(b"abcde", buf.as_mut_ptr(), 4, &mut len).unwrap_err();
            assert_eq!((e.code, len, buf[0]), (SPIEGEL_BUFFER_TOO_SMALL, 5, 0));
            let e = copy_out(b"abcde", std::ptr::null_mut(), 0, &mut len).unwrap_err();
            assert_eq!((e.code, len), (SPIEGEL_BUFFER_TOO_SMALL, 5));
            let e = copy_out(b"abc", std::ptr::null_mut(), 3, &mut len).unwrap_err();
            assert_eq!(e.code, SPIEGEL_NULL_ARGUMENT);
        }
    }
}
