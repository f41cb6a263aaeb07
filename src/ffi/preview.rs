//! The preview of what the PVM will share: of a delivery for its quarter, or of an existing
//! XML file. As text, JSON, CSV or HTML, into a caller buffer or a file (atomically). The
//! `_with` functions take flags (`SPIEGEL_PREVIEW_POOL_AGB`) and a language (0 English,
//! 1 Dutch); the others are English, per AGB code.

use std::io::Write;
use std::path::Path;

use time::macros::datetime;

use crate::i18n::Lang;
use crate::preview::{CodeListGroups, Detail, Preview, PreviewOptions};
use crate::xml::read::{read_bestand_file, ReadErrorKind};

use super::codes::*;
use super::delivery::{spiegel_delivery, with_delivery, DeliveryState};
use super::guard::{self, copy_out, optional_text, out, text, Failure, FfiResult};
use super::lists::lists_from_paths;

/// The format and detail arguments, checked.
fn format_and_detail(format: u32, details: u32) -> FfiResult<(u32, Detail)> {
    if !(SPIEGEL_PREVIEW_TEXT..=SPIEGEL_PREVIEW_HTML).contains(&format) {
        return Err(Failure::new(
            SPIEGEL_INVALID_VALUE,
            format!(
                "preview format {format} is not SPIEGEL_PREVIEW_TEXT (1), _JSON (2), _CSV (3) or _HTML (4)"
            ),
        ));
    }
    let detail = match details {
        0 => Detail::Groepen,
        1 => Detail::Trajecten,
        other => {
            return Err(Failure::new(
                SPIEGEL_INVALID_VALUE,
                format!("details {other} is not 0 or 1"),
            ))
        }
    };
    Ok((format, detail))
}

/// The flags and language arguments of the `_with` functions, checked.
fn options_and_lang(flags: u32, lang: u32) -> FfiResult<(PreviewOptions, Lang)> {
    if flags & !SPIEGEL_PREVIEW_POOL_AGB != 0 {
        return Err(Failure::new(
            SPIEGEL_INVALID_VALUE,
            format!("preview flags {flags} has bits other than SPIEGEL_PREVIEW_POOL_AGB (1)"),
        ));
    }
    let lang = match lang {
        0 => Lang::En,
        1 => Lang::Nl,
        other => {
            return Err(Failure::new(
                SPIEGEL_INVALID_VALUE,
                format!("language {other} is not 0 (English) or 1 (Dutch)"),
            ))
        }
    };
    let options = PreviewOptions {
        pool_agb: flags & SPIEGEL_PREVIEW_POOL_AGB != 0,
    };
    Ok((options, lang))
}

/// The preview in `format`, byte for byte what `spiegel preview --format ...` prints.
fn render(preview: &Preview, format: u32, detail: Detail, lang: Lang) -> Vec<u8> {
    match format {
        SPIEGEL_PREVIEW_JSON => {
            let mut bytes = Vec::new();
            // Writing to memory cannot fail.
            let _ = preview.write_json(&mut bytes, detail, lang);
            bytes.push(b'\n');
            bytes
        }
        SPIEGEL_PREVIEW_CSV => {
            let mut bytes = Vec::new();
            let _ = preview.write_csv(&mut bytes, lang);
            bytes
        }
        SPIEGEL_PREVIEW_HTML => preview.to_html(lang).into_bytes(),
        _ => preview.to_text(detail, lang).into_bytes(),
    }
}

/// The preview of the delivery for its quarter.
fn delivery_preview(d: &DeliveryState, preview_options: PreviewOptions) -> FfiResult<Preview> {
    // datum_creatie plays no part in a preview.
    let options = super::write::options_at(d, datetime!(2000-01-01 00:00:00), "previewing")?;
    let refused = d.records.refused();
    if refused.has_errors() {
        let first = refused
            .diagnostics
            .iter()
            .find(|x| x.severity == crate::Severity::Error);
        let errors = refused.count(crate::Severity::Error).to_string();
        return Err(Failure::in_both(SPIEGEL_DELIVERY_HAS_ERRORS, |lang| {
            let first = first
                .map(|x| crate::i18n::text(lang, "ffi.the-first", &[("first", &guard::located(x, lang))]))
                .unwrap_or_default();
            crate::i18n::text(
                lang,
                "ffi.preview-refused",
                &[("errors", &errors), ("first", &first)],
            )
        }));
    }
    let delivery = d.records.assemble();
    let groups = CodeListGroups(&options.codelists);
    Ok(crate::preview::preview_delivery_with(
        &delivery,
        &options,
        &groups,
        preview_options,
    ))
}

/// The preview of the file `options` would make of the delivery: per AGB code and groep_code
/// the number of trajectories, closed trajectories and metingen against the PVM thresholds,
/// and whether the PVM will share each, in English. The delivery's quarter, selection option
/// and code lists are used (diagnosis groups from the `diagnosegroep` list, the built-in table
/// as fallback; status and minutes from the `prestatie` list). For Dutch, or to pool AGB
/// codes, use `spiegel_delivery_preview_with`.
///
/// `format`: SPIEGEL_PREVIEW_TEXT, _JSON, _CSV or _HTML. `details`: 1 adds every trajectory
/// as the PVM derives it (text and JSON; CSV and HTML ignore it), 0 does not. Text out with
/// the size-query pattern. Errors: SPIEGEL_WRONG_STATE (no quarter), SPIEGEL_INVALID_VALUE
/// (format, details), SPIEGEL_DELIVERY_HAS_ERRORS (records were refused: the preview would
/// miss them), SPIEGEL_BUFFER_TOO_SMALL.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes;
/// `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_preview(
    delivery: *mut spiegel_delivery,
    format: u32,
    details: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract; no flags and English are the `_with` function's defaults.
    unsafe { spiegel_delivery_preview_with(delivery, format, details, 0, 0, buf, buf_len, out_len) }
}

/// Like `spiegel_delivery_preview`, written to `path` (UTF-8) atomically: the file appears
/// complete or not at all. Paths as for `spiegel_delivery_write_file`. Errors: as
/// `spiegel_delivery_preview`, and SPIEGEL_IO.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_preview_file(
    delivery: *mut spiegel_delivery,
    format: u32,
    details: u32,
    path: *const u8,
    path_len: usize,
) -> u32 {
    // SAFETY: forwarded contract; no flags and English are the `_with` function's defaults.
    unsafe { spiegel_delivery_preview_file_with(delivery, format, details, 0, 0, path, path_len) }
}

/// The preview of the XML file at `path`, with the code lists at `codelists` (or the bundled).
fn xml_file_preview(path: &str, codelists: Option<&str>, options: PreviewOptions) -> FfiResult<Preview> {
    let lists = lists_from_paths(codelists, None)?.codelists();
    let bestand = read_bestand_file(Path::new(path)).map_err(|e| {
        let code = if e.kind == ReadErrorKind::Io {
            SPIEGEL_IO
        } else {
            SPIEGEL_INVALID_INPUT
        };
        Failure::new(code, format!("{path}: {e}"))
    })?;
    Ok(crate::preview::preview_bestand_with(
        &bestand,
        &CodeListGroups(&lists),
        &lists,
        options,
    ))
}

/// The preview of an existing Spiegelinformatie XML file at `path` (UTF-8): everything in it
/// counts as delivered, for the quarter it covers. `codelists_path` is optional (NULL/0: the
/// bundled lists): a directory or a list file as for `spiegel_delivery_load_codelists`, for
/// the diagnosis groups. `format` and `details` as for `spiegel_delivery_preview`; text out
/// with the size-query pattern. The file is not validated: use `spiegel_validate_file`.
///
/// Errors: SPIEGEL_IO (cannot read), SPIEGEL_INVALID_INPUT (not a Spiegelinformatie file: the
/// last error gives line, column and what), SPIEGEL_INVALID_CODELIST, SPIEGEL_INVALID_VALUE,
/// SPIEGEL_BUFFER_TOO_SMALL.
///
/// # Safety
/// Text pointers are NULL or valid for their lengths; `buf` is NULL or valid for `buf_len`
/// bytes; `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_preview_xml_file(
    path: *const u8,
    path_len: usize,
    codelists_path: *const u8,
    codelists_path_len: usize,
    format: u32,
    details: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    // SAFETY: forwarded contract; no flags and English are the `_with` function's defaults.
    unsafe {
        spiegel_preview_xml_file_with(
            path,
            path_len,
            codelists_path,
            codelists_path_len,
            format,
            details,
            0,
            0,
            buf,
            buf_len,
            out_len,
        )
    }
}

/// Like `spiegel_delivery_preview`, with `flags` (0, or SPIEGEL_PREVIEW_POOL_AGB: one
/// groep_code of several AGB codes counts as one group) and `lang` (0 English, 1 Dutch) for
/// every text of the preview. JSON keys and CSV column ids do not change with the language.
/// Errors: as `spiegel_delivery_preview`; SPIEGEL_INVALID_VALUE also for unknown flags or
/// language.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `buf` is NULL or valid for `buf_len` bytes;
/// `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_preview_with(
    delivery: *mut spiegel_delivery,
    format: u32,
    details: u32,
    flags: u32,
    lang: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let len = unsafe { out("out_len", out_len) }?;
        *len = 0;
        super::guard::check_buf(buf, buf_len)?;
        let (format, detail) = format_and_detail(format, details)?;
        let (options, lang) = options_and_lang(flags, lang)?;
        let bytes = render(&delivery_preview(d, options)?, format, detail, lang);
        // SAFETY: per the contract above.
        unsafe { copy_out(&bytes, buf, buf_len, len) }
    })
}

/// Like `spiegel_delivery_preview_with`, written to `path` (UTF-8) atomically. Errors: as
/// `spiegel_delivery_preview_with`, and SPIEGEL_IO.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_preview_file_with(
    delivery: *mut spiegel_delivery,
    format: u32,
    details: u32,
    flags: u32,
    lang: u32,
    path: *const u8,
    path_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let path = unsafe { text("path", path, path_len) }?;
        let (format, detail) = format_and_detail(format, details)?;
        let (options, lang) = options_and_lang(flags, lang)?;
        d.lists.check_output(Path::new(path))?;
        let bytes = render(&delivery_preview(d, options)?, format, detail, lang);
        crate::output::write_atomically(Path::new(path), |w| w.write_all(&bytes))
            .map_err(|e| Failure::new(SPIEGEL_IO, format!("writing '{path}' failed: {e}")))
    })
}

/// Like `spiegel_preview_xml_file`, with `flags` and `lang` as for
/// `spiegel_delivery_preview_with`.
///
/// # Safety
/// Text pointers are NULL or valid for their lengths; `buf` is NULL or valid for `buf_len`
/// bytes; `out_len` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn spiegel_preview_xml_file_with(
    path: *const u8,
    path_len: usize,
    codelists_path: *const u8,
    codelists_path_len: usize,
    format: u32,
    details: u32,
    flags: u32,
    lang: u32,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> u32 {
    guard::guard(|| {
        // SAFETY (all): per the contract above.
        let len = unsafe { out("out_len", out_len) }?;
        *len = 0;
        super::guard::check_buf(buf, buf_len)?;
        let path = unsafe { text("path", path, path_len) }?;
        let codelists = unsafe { optional_text("codelists_path", codelists_path, codelists_path_len) }?;
        let (format, detail) = format_and_detail(format, details)?;
        let (options, lang) = options_and_lang(flags, lang)?;
        let preview = xml_file_preview(path, codelists, options)?;
        let bytes = render(&preview, format, detail, lang);
        unsafe { copy_out(&bytes, buf, buf_len, len) }
    })
}
