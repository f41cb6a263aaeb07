//! Code lists and the organisation structure of a delivery: loaded from a directory, a file
//! or a caller buffer, and used for validating, writing and previewing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codelists::{CodeList, CodeListError, CodeLists, Organisatie};
use crate::generate::GenerateOptions;

use super::codes::*;
use super::delivery::{spiegel_delivery, with_delivery};
use super::guard::{text, Failure, FfiResult};

/// The lists one handle uses: `None` means the bundled code lists, and no organisation
/// structure.
#[derive(Default, Clone)]
pub(crate) struct Lists {
    pub(crate) codelists: Option<Arc<CodeLists>>,
    pub(crate) organisatie: Option<Arc<Organisatie>>,
    /// Every file or directory the lists were read from, so that no output replaces one.
    sources: Vec<PathBuf>,
}

impl Lists {
    /// The code lists in use.
    pub(crate) fn codelists(&self) -> Arc<CodeLists> {
        self.codelists.clone().unwrap_or_else(CodeLists::shared_bundled)
    }

    fn read_from(&mut self, path: &str) {
        let path = PathBuf::from(path);
        if !self.sources.contains(&path) {
            self.sources.push(path);
        }
    }

    /// Refuses an output that is a file the lists were read from (compared as files), or
    /// that exists and is not a regular file: SPIEGEL_IO, nothing written.
    pub(crate) fn check_output(&self, output: &Path) -> FfiResult {
        let inputs: Vec<&Path> = self.sources.iter().map(PathBuf::as_path).collect();
        crate::output::check_outputs(&inputs, &[output]).map_err(|e| {
            let message = match crate::output::Refused::of(&e) {
                Some(refused) => refused.to_string(),
                None => format!("cannot write '{}': {e}", output.display()),
            };
            Failure::new(SPIEGEL_IO, message)
        })
    }

    /// Puts the lists into `options`.
    pub(crate) fn apply(&self, options: &mut GenerateOptions) {
        options.codelists = self.codelists();
        options.organisatie = self.organisatie.clone();
    }

    /// A directory replaces every list (the bundled ones, each replaced by the directory's
    /// file for it); a file replaces the one list its `# list:` line names, keeping the others
    /// as they are.
    pub(crate) fn load_codelists(&mut self, path: &str) -> FfiResult {
        let p = Path::new(path);
        let metadata = std::fs::metadata(p)
            .map_err(|e| Failure::new(SPIEGEL_IO, format!("cannot read the code lists at '{path}': {e}")))?;
        let lists = if metadata.is_dir() {
            CodeLists::load_dir(p).map_err(codelist_failure)?
        } else {
            let list = CodeList::parse(&read_text(path)?, path).map_err(codelist_failure)?;
            self.with_list(list)
        };
        self.codelists = Some(Arc::new(lists));
        self.read_from(path);
        Ok(())
    }

    /// Replaces the one list `text` (a list file's contents) names.
    pub(crate) fn load_codelist_text(&mut self, text: &str) -> FfiResult {
        let list = CodeList::parse(text, "code list buffer").map_err(codelist_failure)?;
        self.codelists = Some(Arc::new(self.with_list(list)));
        Ok(())
    }

    fn with_list(&self, list: CodeList) -> CodeLists {
        let mut lists = CodeLists::clone(&self.codelists());
        lists.replace(list);
        lists
    }

    /// Sets the organisation structure from the file at `path`.
    pub(crate) fn load_organisatie(&mut self, path: &str) -> FfiResult {
        let organisatie = Organisatie::parse(&read_text(path)?, path).map_err(codelist_failure)?;
        self.organisatie = Some(Arc::new(organisatie));
        self.read_from(path);
        Ok(())
    }

    /// Sets the organisation structure from `text` (an organisation file's contents).
    pub(crate) fn load_organisatie_text(&mut self, text: &str) -> FfiResult {
        let organisatie = Organisatie::parse(text, "organisatie buffer").map_err(codelist_failure)?;
        self.organisatie = Some(Arc::new(organisatie));
        Ok(())
    }
}

fn codelist_failure(e: CodeListError) -> Failure {
    Failure::in_both(SPIEGEL_INVALID_CODELIST, |lang| e.message_in(lang))
}

/// The UTF-8 text of the file at `path`: SPIEGEL_IO when it cannot be read,
/// SPIEGEL_INVALID_CODELIST when it is not UTF-8.
fn read_text(path: &str) -> FfiResult<String> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::new(SPIEGEL_IO, format!("cannot read '{path}': {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            SPIEGEL_INVALID_CODELIST,
            format!(
                "{path}: not UTF-8: invalid byte sequence at offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Loads the lists for `spiegel_validate_file` and `spiegel_preview_xml_file`: optional
/// paths, absent = bundled / none.
pub(crate) fn lists_from_paths(codelists: Option<&str>, organisatie: Option<&str>) -> FfiResult<Lists> {
    let mut lists = Lists::default();
    if let Some(path) = codelists {
        lists.load_codelists(path)?;
    }
    if let Some(path) = organisatie {
        lists.load_organisatie(path)?;
    }
    Ok(lists)
}

/// Loads code lists for this delivery from `path` (UTF-8): a directory or one list file (the
/// format of `codelists/README.md`).
///
/// - A directory: every `*.csv` in it replaces the bundled list its `# list:` line names;
///   lists without a file there are the bundled ones. Replaces whatever was loaded before.
/// - A file: replaces the one list its `# list:` line names; the other lists stay as they
///   are (bundled, or loaded earlier), so several files can be loaded one after the other.
///
/// The lists decide which codes are valid and which items are delivered, for validating,
/// writing and previewing. Errors: SPIEGEL_IO (no such file or directory, unreadable),
/// SPIEGEL_INVALID_CODELIST (the last error names the file, the line and what is wrong). On
/// an error the delivery's lists stay as they were.
///
/// # Safety
/// `delivery` is NULL or a live delivery; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_codelists(
    delivery: *mut spiegel_delivery,
    path: *const u8,
    path_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let path = unsafe { text("path", path, path_len) }?;
        d.lists.load_codelists(path)
    })
}

/// Like `spiegel_delivery_load_codelists` for one list file, from memory: `list` holds the
/// contents of a list file (UTF-8), which replaces the list its `# list:` line names.
/// Errors: SPIEGEL_INVALID_CODELIST (the last error names the line; the origin is called
/// `code list buffer`).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `list` is NULL or valid for `list_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_codelist_buffer(
    delivery: *mut spiegel_delivery,
    list: *const u8,
    list_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let list = unsafe { text("list", list, list_len) }?;
        d.lists.load_codelist_text(list)
    })
}

/// Sets the provider's organisation structure from the file at `path` (UTF-8): one
/// groep_code per line, an optional `groep_code` header, `#` comments, quotes for codes
/// with commas. From then on every groep_code of a delivered trajectory must be on it (an
/// error otherwise). Replaces an organisation structure set before.
/// Errors: SPIEGEL_IO, SPIEGEL_INVALID_CODELIST (file, line, what).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_organisatie(
    delivery: *mut spiegel_delivery,
    path: *const u8,
    path_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let path = unsafe { text("path", path, path_len) }?;
        d.lists.load_organisatie(path)
    })
}

/// Like `spiegel_delivery_load_organisatie`, from memory: `organisatie` holds the contents
/// of an organisation file (UTF-8; e.g. the groep_codes from your database, one per line).
/// Errors: SPIEGEL_INVALID_CODELIST (the origin is called `organisatie buffer`).
///
/// # Safety
/// `delivery` is NULL or a live delivery; `organisatie` is NULL or valid for
/// `organisatie_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn spiegel_delivery_load_organisatie_buffer(
    delivery: *mut spiegel_delivery,
    organisatie: *const u8,
    organisatie_len: usize,
) -> u32 {
    with_delivery(delivery, |d| {
        // SAFETY: per the contract above.
        let organisatie = unsafe { text("organisatie", organisatie, organisatie_len) }?;
        d.lists.load_organisatie_text(organisatie)
    })
}
