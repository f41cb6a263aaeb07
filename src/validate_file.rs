//! Validating an existing Spiegelinformatie file: the XSD (the bundled one or a file of your
//! own), our own reader (precise messages about well-formedness and structure), and every
//! content rule of [`crate::validate`]. The CLI's `validate` command and the C ABI's
//! `spiegel_validate_file` both go through [`validate_file`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codelists::{CodeLists, Organisatie};
use crate::diagnostic::Report;
use crate::validate::validate_bestand_in_period;
use crate::xml::read::{read_bestand_file_any_period, ReadError, ReadErrorKind};

/// What to validate against.
#[derive(Debug, Clone)]
pub struct ValidateFileOptions {
    /// An XSD file to check against instead of the bundled schema (e.g. the official one).
    pub xsd: Option<PathBuf>,
    /// The code lists. Default: the bundled lists.
    pub codelists: Arc<CodeLists>,
    /// The provider's organisation structure; when given, every groep_code must be on it.
    pub organisatie: Option<Arc<Organisatie>>,
}

impl Default for ValidateFileOptions {
    fn default() -> Self {
        Self {
            xsd: None,
            codelists: CodeLists::shared_bundled(),
            organisatie: None,
        }
    }
}

/// Why a file could not be validated at all. What is wrong *in* the file is never an error
/// here: it is in the report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidateFileError {
    /// The file (or the XSD file) could not be opened or read.
    #[error("{0}")]
    Unreadable(String),
    /// The XSD given cannot be used as a schema.
    #[error("{0}")]
    SchemaInvalid(String),
    /// An XSD was given, but this build has no XSD support (cargo feature `xsd`).
    #[error("this build has no XSD support (cargo feature `xsd`)")]
    NoXsdSupport,
}

/// Validates the file at `path`: first our own bounded reader checks that the file is safe to
/// parse (UTF-8, no DTD, every tag and value within [`crate::limits`]); a file it refuses gives
/// that one error and goes no further. Then its XSD violations (with the `xsd` feature; libxml2
/// reads the bytes through us, see [`crate::xsd`]), then the reader's error when the file
/// cannot be read as a Spiegelinformatie file (left out when the XSD already reported a
/// problem on that line: it says the same), then every content rule for the period the file
/// covers, the selection rules included (a period that is not one calendar quarter is a
/// `periode-not-quarter` error, not a reason to stop).
pub fn validate_file(path: &Path, options: &ValidateFileOptions) -> Result<Report, ValidateFileError> {
    let mut report = Report::new();
    let gated = match gate(path)? {
        Ok(gated) => gated,
        Err(refused) => {
            report.push(refused.to_diagnostic());
            return Ok(report);
        }
    };
    let xsd_lines = check_xsd(gated, options.xsd.as_deref(), &mut report)?;
    match read_bestand_file_any_period(path) {
        Ok((bestand, periode)) => report.merge(validate_bestand_in_period(
            &bestand,
            &periode,
            &options.codelists,
            options.organisatie.as_deref(),
        )),
        Err(e) if e.kind == ReadErrorKind::Io => return Err(ValidateFileError::Unreadable(e.to_string())),
        // The XSD usually says the same about the same line; keep the reader's words only
        // when they add something, before the XSD's.
        Err(e) if !xsd_lines.contains(&e.line) => {
            let mut first = Report::new();
            first.push(e.to_diagnostic());
            first.merge(report);
            report = first;
        }
        Err(_) => {}
    }
    Ok(report)
}

/// Our bounded reader's pass over the whole file: the file, ready for libxml2, or the
/// reader's refusal when it is not safe to parse further (see [`crate::xml::read::scan`]).
#[cfg(feature = "xsd")]
fn gate(path: &Path) -> Result<Result<crate::xsd::GatedFile, ReadError>, ValidateFileError> {
    crate::xsd::GatedFile::open(path)
        .map_err(|e| ValidateFileError::Unreadable(format!("cannot read {}: {e}", path.display())))
}

#[cfg(not(feature = "xsd"))]
fn gate(path: &Path) -> Result<Result<(), ReadError>, ValidateFileError> {
    let unreadable =
        |e: String| ValidateFileError::Unreadable(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    match crate::xml::read::scan(std::io::BufReader::new(file)) {
        Ok(_) => Ok(Ok(())),
        Err(e) if e.kind == ReadErrorKind::Io => Err(unreadable(e.message)),
        Err(e) => Ok(Err(e)),
    }
}

/// Adds the XSD violations to `report` and returns their lines.
#[cfg(feature = "xsd")]
fn check_xsd(
    gated: crate::xsd::GatedFile,
    xsd: Option<&Path>,
    report: &mut Report,
) -> Result<Vec<u64>, ValidateFileError> {
    use crate::diagnostic::{Diagnostic, RecordPath, Rule, Severity};
    use crate::xsd::{XsdError, XsdValidator};
    let validator = match xsd {
        Some(xsd) => XsdValidator::from_file(xsd),
        None => XsdValidator::bundled(),
    };
    let mut validator = validator.map_err(|e| match e {
        XsdError::SchemaInvalid { .. } => ValidateFileError::SchemaInvalid(e.to_string()),
        other => ValidateFileError::Unreadable(other.to_string()),
    })?;
    let (violations, not_listed) = validator
        .validate_gated(gated)
        .map_err(|e| ValidateFileError::Unreadable(format!("reading the file failed: {e}")))?;
    let lines = violations.iter().filter_map(|v| v.line).collect();
    for v in &violations {
        report.push_repeated(v.to_diagnostic(), v.occurrences, &[]);
    }
    if not_listed > 0 {
        let count = not_listed.to_string();
        let limit = crate::limits::MAX_XSD_VIOLATIONS.to_string();
        let more = Diagnostic::localized(
            Severity::Error,
            Rule::Xsd,
            RecordPath::default(),
            "xsd.not-listed",
            &[("count", &count), ("limit", &limit)],
        );
        report.push_repeated(more, not_listed, &[]);
    }
    Ok(lines)
}

#[cfg(not(feature = "xsd"))]
fn check_xsd(_gated: (), xsd: Option<&Path>, _report: &mut Report) -> Result<Vec<u64>, ValidateFileError> {
    match xsd {
        Some(_) => Err(ValidateFileError::NoXsdSupport),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name)
    }

    #[test]
    fn the_spec_example_is_valid_and_a_broken_file_is_not() {
        let options = ValidateFileOptions::default();
        let good = validate_file(&data("spec-example.xml"), &options).unwrap();
        assert!(!good.has_errors(), "{good:?}");
        let bad = validate_file(&data("broken-demo.xml"), &options).unwrap();
        assert!(bad.has_errors());
    }

    #[test]
    fn a_missing_file_cannot_be_validated() {
        let e = validate_file(Path::new("/nonexistent/x.xml"), &ValidateFileOptions::default()).unwrap_err();
        assert!(matches!(e, ValidateFileError::Unreadable(_)), "{e:?}");
    }
}
