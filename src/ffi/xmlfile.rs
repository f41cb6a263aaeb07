//! Validating an existing Spiegelinformatie XML file (e.g. one made by another program, or
//! before sending it again).

use std::path::{Path, PathBuf};

use crate::validate_file::{validate_file, ValidateFileError, ValidateFileOptions};

use super::codes::*;
use super::guard::{self, optional_text, out, text, Failure};
use super::lists::lists_from_paths;
use super::report::{new_report, spiegel_report};

/// Validates the XML file at `path` (UTF-8) as the PVM would receive it, and sets
/// `*out_report` to a new report (free it with `spiegel_report_free`): XSD violations (rule
/// `xsd`, at their line), what our reader finds when the file cannot be read as a
/// Spiegelinformatie file (rule `syntax`, with line and column), and every content rule for
/// the quarter the file covers (codes against the code lists, groep_codes against the
/// organisation structure, dates, BSN-like numbers, ...).
///
/// The optional texts (NULL/0 when absent):
/// - `xsd_path`: an XSD file to check against instead of the bundled schema (e.g. the
///   official one; local `xs:include`s work, nothing is fetched from the network).
/// - `codelists_path`: a directory or a list file, as for `spiegel_delivery_load_codelists`.
/// - `organisatie_path`: an organisation file, as for `spiegel_delivery_load_organisatie`.
///
/// Returns SPIEGEL_OK when the file is valid (the report may hold warnings), and
/// SPIEGEL_DELIVERY_HAS_ERRORS when it is not (the report lists every error); `*out_report`
/// is set in both cases and NULL otherwise. Errors: SPIEGEL_IO (the file or the XSD cannot be
/// read), SPIEGEL_INVALID_SCHEMA, SPIEGEL_INVALID_CODELIST, SPIEGEL_UNSUPPORTED (`xsd_path`
/// given to a build without XSD support).
///
/// Floating point: the XSD check runs in libxml2, which computes NaN and infinities. Hosts that
/// unmask floating-point exceptions (Delphi and Free Pascal do by default) must mask them
/// around this call (Delphi: `SetExceptionMask(exAllArithmeticExceptions)`, then restore), or
/// the process gets an invalid-operation exception. The Delphi unit does this for you.
///
/// # Safety
/// Text pointers are NULL or valid for their lengths; `out_report` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_validate_file(
    path: *const u8,
    path_len: usize,
    xsd_path: *const u8,
    xsd_path_len: usize,
    codelists_path: *const u8,
    codelists_path_len: usize,
    organisatie_path: *const u8,
    organisatie_path_len: usize,
    out_report: *mut *mut spiegel_report,
) -> u32 {
    guard::guard(|| {
        // SAFETY (all): per the contract above.
        let slot = unsafe { out("out_report", out_report) }?;
        *slot = std::ptr::null_mut();
        let path = unsafe { text("path", path, path_len) }?;
        let xsd = unsafe { optional_text("xsd_path", xsd_path, xsd_path_len) }?;
        let codelists = unsafe { optional_text("codelists_path", codelists_path, codelists_path_len) }?;
        let organisatie =
            unsafe { optional_text("organisatie_path", organisatie_path, organisatie_path_len) }?;
        let lists = lists_from_paths(codelists, organisatie)?;
        let options = ValidateFileOptions {
            xsd: xsd.map(PathBuf::from),
            codelists: lists.codelists(),
            organisatie: lists.organisatie,
        };
        let report = validate_file(Path::new(path), &options).map_err(|e| {
            let code = match e {
                ValidateFileError::Unreadable(_) => SPIEGEL_IO,
                ValidateFileError::SchemaInvalid(_) => SPIEGEL_INVALID_SCHEMA,
                ValidateFileError::NoXsdSupport => SPIEGEL_UNSUPPORTED,
            };
            Failure::new(code, e.to_string())
        })?;
        let errors = report.count(crate::Severity::Error);
        let failure = (errors > 0).then(|| {
            let first = report
                .diagnostics
                .iter()
                .find(|d| d.severity == crate::Severity::Error);
            Failure::in_both(SPIEGEL_DELIVERY_HAS_ERRORS, |lang| {
                let first = first
                    .map(|d| crate::i18n::text(lang, "ffi.the-first", &[("first", &d.display_in(lang))]))
                    .unwrap_or_default();
                crate::i18n::text(
                    lang,
                    "ffi.file-has-errors",
                    &[("path", path), ("errors", &errors.to_string()), ("first", &first)],
                )
            })
        });
        *slot = new_report(report, super::lang::thread_lang());
        failure.map_or(Ok(()), Err)
    })
}
