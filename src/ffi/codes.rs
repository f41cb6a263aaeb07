//! Result codes, severity codes and the ABI version, with their texts.
//!
//! Codes are `uint32_t` `#define`s, never C enums: enum sizes differ between compilers and
//! languages (Free Pascal makes them one byte). A code is never reused for another meaning;
//! new codes only get new numbers.

/// Version of this C ABI. Raised whenever a function's signature or meaning changes
/// incompatibly; adding functions or codes does not raise it. Compare with
/// `spiegel_abi_version()` at start-up.
pub const SPIEGEL_ABI_VERSION: u32 = 1;

/// Minor version of this C ABI: raised when functions or codes are added (a wrapper that
/// needs them checks `spiegel_abi_version_minor()` at start-up). 1: everything added in
/// 0.2: the bulk functions (`*_dated`, `*_packed`) and SPIEGEL_INVALID_LAYOUT; the language
/// functions (`spiegel_*_set_language`, `SPIEGEL_LANG_*`) and SPIEGEL_UNKNOWN_LANGUAGE; the
/// preview functions `*_with`; `spiegel_*_set_leave_out_unrepresentable`; the report's
/// `spiegel_report_occurrences`, `_location_count`, `_location` and `_not_listed`.
pub const SPIEGEL_ABI_VERSION_MINOR: u32 = 1;

/// Success.
pub const SPIEGEL_OK: u32 = 0;
/// A pointer argument that must not be NULL was NULL. Nothing was changed.
pub const SPIEGEL_NULL_ARGUMENT: u32 = 1;
/// A text argument is not valid UTF-8. Nothing was changed.
pub const SPIEGEL_INVALID_UTF8: u32 = 2;
/// A text argument contains a NUL byte within its given length. Nothing was changed.
pub const SPIEGEL_INTERIOR_NUL: u32 = 3;
/// A value was refused: a record that cannot be represented (no real date, an AGB code that
/// is not 8 digits, einddatum before begindatum, an empty required code, a character XML
/// cannot carry, ...), or a numeric argument out of range. The last error names the record,
/// the attribute, the value and what is allowed.
pub const SPIEGEL_INVALID_VALUE: u32 = 4;
/// An id or index does not name an existing record or diagnostic.
pub const SPIEGEL_NOT_FOUND: u32 = 5;
/// A quarter is not of the form `2024-Q1`, or its year or number is out of range.
pub const SPIEGEL_INVALID_QUARTER: u32 = 6;
/// The call is not allowed in the handle's present state (e.g. writing before a quarter was
/// set).
pub const SPIEGEL_WRONG_STATE: u32 = 7;
/// The input as a whole cannot be read (JSON syntax). Nothing was loaded.
pub const SPIEGEL_INVALID_INPUT: u32 = 8;
/// The delivery has errors: no file was written. The report lists every error.
pub const SPIEGEL_DELIVERY_HAS_ERRORS: u32 = 9;
/// Reading or writing failed (no such directory, no permission, disk full, a write callback
/// returned nonzero). A target file is left as it was.
pub const SPIEGEL_IO: u32 = 10;
/// The caller's buffer is too small. `*out_len` holds the number of bytes needed (without
/// the terminating NUL); call again with a buffer of at least `*out_len + 1` bytes.
pub const SPIEGEL_BUFFER_TOO_SMALL: u32 = 11;
/// An internal error (a Rust panic) was caught. Please report it with the last error text.
/// A delivery handle that saw it refuses further calls with this code; free it.
pub const SPIEGEL_PANIC: u32 = 12;
/// A handle holds as many records of one kind as ids can count (2^32 - 1).
pub const SPIEGEL_TOO_MANY_RECORDS: u32 = 13;
/// A code list or organisation structure cannot be used: not the file format, an unknown
/// list name, a bad date, no groep_code at all, two files for one list. The last error names
/// the file (or buffer), the line and what is wrong. Nothing was changed.
pub const SPIEGEL_INVALID_CODELIST: u32 = 14;
/// The XSD given to validate against cannot be used (not XML, not a valid schema, an include
/// that would need the network). The last error says why.
pub const SPIEGEL_INVALID_SCHEMA: u32 = 15;
/// This build of the library lacks what the call needs (validating against an XSD of your
/// own needs the `xsd` feature).
pub const SPIEGEL_UNSUPPORTED: u32 = 16;
/// A packed buffer of the bulk functions does not follow the layout the header documents
/// (truncated, an unknown record tag, an item without a meting before it). Nothing was
/// added; the last error gives the offset.
pub const SPIEGEL_INVALID_LAYOUT: u32 = 17;

/// A language code is not `SPIEGEL_LANG_EN` or `SPIEGEL_LANG_NL`. Nothing was changed.
pub const SPIEGEL_UNKNOWN_LANGUAGE: u32 = 18;

/// The last result code in use; codes above it are unknown.
#[cfg(test)]
pub(crate) const LAST_RESULT_CODE: u32 = SPIEGEL_UNKNOWN_LANGUAGE;

/// Language: English (every handle and thread starts in English).
pub const SPIEGEL_LANG_EN: u32 = 0;
/// Language: Dutch.
pub const SPIEGEL_LANG_NL: u32 = 1;

/// Diagnostic severity: blocks the file.
pub const SPIEGEL_SEVERITY_ERROR: u32 = 1;
/// Diagnostic severity: worth a look; the file is still written.
pub const SPIEGEL_SEVERITY_WARNING: u32 = 2;
/// Diagnostic severity: something the library did (a record left out, by the rules).
pub const SPIEGEL_SEVERITY_INFO: u32 = 3;

/// Preview format: a readable text table (`spiegel_delivery_preview` and friends).
pub const SPIEGEL_PREVIEW_TEXT: u32 = 1;
/// Preview format: JSON (keys `kwartaal`, `drempel`, `groepen`, `losse_metingen`).
pub const SPIEGEL_PREVIEW_JSON: u32 = 2;
/// Preview format: CSV, one row per group (AGB code and groep_code).
pub const SPIEGEL_PREVIEW_CSV: u32 = 3;
/// Preview format: a self-contained HTML page: a summary table, then per group the
/// thresholds and charts of what will be shared.
pub const SPIEGEL_PREVIEW_HTML: u32 = 4;

/// Preview flag (`spiegel_delivery_preview_with` and friends): pool the AGB codes, so that one
/// groep_code of several AGB codes counts as one group. Without it, groups are per AGB code.
pub const SPIEGEL_PREVIEW_POOL_AGB: u32 = 1;

/// The generic meaning of a result code, or `None` for an unknown code.
pub(crate) fn result_text(code: u32) -> Option<&'static str> {
    Some(match code {
        SPIEGEL_OK => "success",
        SPIEGEL_NULL_ARGUMENT => "a required pointer argument was NULL",
        SPIEGEL_INVALID_UTF8 => "a text argument is not valid UTF-8",
        SPIEGEL_INTERIOR_NUL => "a text argument contains a NUL byte within its length",
        SPIEGEL_INVALID_VALUE => "a value was refused (see the last error for which and why)",
        SPIEGEL_NOT_FOUND => "no record or diagnostic with this id or index",
        SPIEGEL_INVALID_QUARTER => "not a valid quarter (expected e.g. 2024-Q1)",
        SPIEGEL_WRONG_STATE => "the call is not allowed in the handle's present state",
        SPIEGEL_INVALID_INPUT => "the input cannot be read (syntax error)",
        SPIEGEL_DELIVERY_HAS_ERRORS => "the delivery has errors; no file was written",
        SPIEGEL_IO => "reading or writing failed",
        SPIEGEL_BUFFER_TOO_SMALL => "the buffer is too small; out_len holds the size needed",
        SPIEGEL_PANIC => "internal error (panic caught); please report it",
        SPIEGEL_TOO_MANY_RECORDS => "too many records of one kind in one handle",
        SPIEGEL_INVALID_CODELIST => "a code list or organisation structure cannot be used",
        SPIEGEL_INVALID_SCHEMA => "the XSD cannot be used as a schema",
        SPIEGEL_UNSUPPORTED => "this build of the library does not support the call",
        SPIEGEL_INVALID_LAYOUT => "a packed buffer does not follow the documented layout",
        SPIEGEL_UNKNOWN_LANGUAGE => "not a language code (SPIEGEL_LANG_EN or SPIEGEL_LANG_NL)",
        _ => return None,
    })
}

/// The severity code of a diagnostic.
pub(crate) fn severity_code(severity: crate::Severity) -> u32 {
    match severity {
        crate::Severity::Error => SPIEGEL_SEVERITY_ERROR,
        crate::Severity::Warning => SPIEGEL_SEVERITY_WARNING,
        crate::Severity::Info => SPIEGEL_SEVERITY_INFO,
    }
}

/// The severity with this code.
pub(crate) fn severity_from_code(code: u32) -> Option<crate::Severity> {
    match code {
        SPIEGEL_SEVERITY_ERROR => Some(crate::Severity::Error),
        SPIEGEL_SEVERITY_WARNING => Some(crate::Severity::Warning),
        SPIEGEL_SEVERITY_INFO => Some(crate::Severity::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_up_to_the_last_has_a_text_and_none_beyond() {
        for code in SPIEGEL_OK..=LAST_RESULT_CODE {
            assert!(result_text(code).is_some(), "code {code}");
        }
        assert!(result_text(LAST_RESULT_CODE + 1).is_none());
    }
}
