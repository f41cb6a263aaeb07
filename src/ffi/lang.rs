//! The language of texts a person reads: per handle (delivery, stream, report) and, for
//! calls without a handle, per thread.
//!
//! A delivery or stream speaks its language in its last error and in every report it hands
//! out; a report speaks its language in its messages, summary and exports. Calls without a
//! handle (`spiegel_validate_file`, the report functions' own failures) use the calling
//! thread's language, set with `spiegel_set_thread_language`; reports they hand out start in
//! that language too. Everything starts in English. Rule ids, CSV headers and JSON keys are the
//! same in every language.

use std::cell::Cell;

use crate::i18n::Lang;

use super::codes::*;
use super::guard::{self, FfiResult};

thread_local! {
    static THREAD_LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The calling thread's language (English until `spiegel_set_thread_language`).
pub(crate) fn thread_lang() -> Lang {
    THREAD_LANG.with(Cell::get)
}

/// The language with this code (`SPIEGEL_LANG_EN`, `SPIEGEL_LANG_NL`).
pub(crate) fn lang_from_code(code: u32) -> FfiResult<Lang> {
    match code {
        SPIEGEL_LANG_EN => Ok(Lang::En),
        SPIEGEL_LANG_NL => Ok(Lang::Nl),
        other => Err(guard::Failure::new(
            SPIEGEL_UNKNOWN_LANGUAGE,
            format!("language {other} is not SPIEGEL_LANG_EN (0) or SPIEGEL_LANG_NL (1)"),
        )),
    }
}

/// The code of a language.
pub(crate) fn lang_code(lang: Lang) -> u32 {
    match lang {
        Lang::En => SPIEGEL_LANG_EN,
        Lang::Nl => SPIEGEL_LANG_NL,
    }
}

/// Sets the language of the calling thread: of the last error of calls without a handle and of
/// the reports such calls hand out (`spiegel_validate_file`). `language` is `SPIEGEL_LANG_EN`
/// or `SPIEGEL_LANG_NL`; anything else returns SPIEGEL_UNKNOWN_LANGUAGE and changes nothing.
#[no_mangle]
pub extern "C" fn spiegel_set_thread_language(language: u32) -> u32 {
    guard::guard(|| {
        let lang = lang_from_code(language)?;
        THREAD_LANG.with(|l| l.set(lang));
        Ok(())
    })
}
