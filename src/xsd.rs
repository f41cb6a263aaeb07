//! XSD validation of a Spiegelinformatie file through the system libxml2 (feature `xsd`).
//!
//! The library bundles its own reconstruction of the schema ([`BUNDLED_XSD`], the file
//! `schema/spiegelinformatie.xsd`); a user who has the official XSD names that file instead
//! ([`XsdValidator::from_file`]). Files are validated streaming (SAX): memory stays constant
//! whatever the size of the file, and every violation carries the line (and, where libxml2 gives
//! it, the column) of the element it is about.
//!
//! ```no_run
//! use spiegelinformatie::xsd::XsdValidator;
//!
//! let mut validator = XsdValidator::bundled()?;
//! let violations = validator.validate_file("spiegelinformatie_2024Q1.xml")?;
//! for v in &violations {
//!     eprintln!("{v}");
//! }
//! # Ok::<(), spiegelinformatie::xsd::XsdError>(())
//! ```
//!
//! # Threads
//!
//! A validator wraps libxml2 contexts that must not cross threads, so [`XsdValidator`] is
//! neither `Send` nor `Sync`: make one per thread. Construction is cheap (compiling the bundled
//! schema takes well under a millisecond).
//!
//! # No network, no external entities
//!
//! While this module compiles a schema or validates a file, libxml2 is held to local files:
//!
//! * the file to validate is opened by its canonical absolute path, so libxml2's HTTP and FTP
//!   input handlers (which match on `http://` / `ftp://` prefixes) can never claim it;
//! * libxml2's external-entity loader (the one hook through which every DTD, external entity,
//!   `xs:include` and `xs:import` is loaded) is replaced by a guard. During validation of a file
//!   it refuses everything: no DTD, no external entity is ever read for the file being checked.
//!   While a schema is compiled it allows local files only (an official XSD may be split over
//!   several files) and refuses any URL with a scheme other than `file:`; what is left goes
//!   through libxml2's own `xmlNoNetExternalEntityLoader`. Outside these calls the guard hands
//!   over to whatever loader was installed before, so other users of libxml2 in the process are
//!   not affected;
//! * libxml2's error messages are collected (per thread, only during these calls) instead of
//!   going to standard error.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::fmt;
use std::fs::File;
use std::io;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use libxml::bindings;
use libxml::error::StructuredError;
use libxml::schemas::{SchemaParserContext, SchemaValidationContext};

use crate::diagnostic::{Diagnostic, RecordPath, Rule, Severity};
use crate::names::{ATTRIBUTES, ELEMENTS};
use crate::xml::read::ReadErrorKind;

/// The bundled schema: our reconstruction of the Spiegelinformatie XSD from Tabel 2.
pub const BUNDLED_XSD: &str = include_str!("../schema/spiegelinformatie.xsd");

/// The message of a violation for a file that is not well-formed XML, when libxml2 gives no
/// more precise text.
pub const NOT_WELL_FORMED: &str =
    "the file is not well-formed XML (check it with the XML reader for the exact place)";

/// Which schema a validator checks against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// The schema bundled with the library ([`BUNDLED_XSD`]).
    Bundled,
    /// An XSD file the user named, by its canonical path.
    File(PathBuf),
}

impl fmt::Display for SchemaSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaSource::Bundled => f.write_str("the bundled Spiegelinformatie XSD"),
            SchemaSource::File(path) => write!(f, "XSD file '{}'", path.display()),
        }
    }
}

/// What kind of problem a [`Violation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// The file is well-formed XML but breaks the schema.
    Schema,
    /// The file is not well-formed XML; validation stopped there.
    NotWellFormed,
}

/// One place where the file (or a schema) breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Schema violation or malformed XML.
    pub kind: ViolationKind,
    /// The 1-based line, when libxml2 reports one.
    pub line: Option<u64>,
    /// The 1-based column, when libxml2 reports one.
    pub column: Option<u64>,
    /// libxml2's message, trimmed.
    pub message: String,
    /// How many times this message occurred in the file (identical messages are collapsed
    /// into one violation at the first place; at least 1).
    pub occurrences: u64,
}

impl Violation {
    fn from_libxml(error: &StructuredError, kind: ViolationKind) -> Self {
        let positive = |n: Option<i32>| n.and_then(|n| u64::try_from(n).ok()).filter(|&n| n > 0);
        let message = error
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .unwrap_or(match kind {
                ViolationKind::Schema => "schema violation (libxml2 gave no message)",
                ViolationKind::NotWellFormed => NOT_WELL_FORMED,
            })
            .to_string();
        Self {
            kind,
            line: positive(error.line),
            column: positive(error.col),
            message,
            occurrences: 1,
        }
    }

    /// The gate's refusal of a file (see [`crate::xml::read::scan`]) as a violation: libxml2
    /// never saw the file.
    fn refused(error: &crate::xml::read::ReadError) -> Self {
        Self {
            kind: ViolationKind::NotWellFormed,
            line: Some(error.line).filter(|&l| l > 0),
            column: Some(error.column).filter(|&c| c > 0),
            message: error.message.clone(),
            occurrences: 1,
        }
    }

    /// The element the message names (`Element 'Zorgtraject'…`), when it is one of ours.
    pub fn element(&self) -> Option<&'static str> {
        let name = quoted_after(&self.message, "Element '")?;
        ELEMENTS.iter().copied().find(|e| *e == name)
    }

    /// The attribute the message names (`attribute 'datum'…`), when it is one of ours.
    pub fn attribute(&self) -> Option<&'static str> {
        let name = quoted_after(&self.message, "attribute '")?;
        ATTRIBUTES.iter().copied().find(|a| *a == name)
    }

    /// This violation as a [`Diagnostic`]: severity error, rule [`Rule::Xsd`] (or
    /// [`Rule::Syntax`] for malformed XML), with the line and, when the message names them,
    /// the element and attribute.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let rule = match self.kind {
            ViolationKind::Schema => Rule::Xsd,
            ViolationKind::NotWellFormed => Rule::Syntax,
        };
        let mut path = RecordPath {
            element: self.element(),
            ..RecordPath::default()
        };
        if let Some(line) = self.line {
            path = path.at_line(line);
        }
        // libxml2's sentence cannot be translated; the frame around it follows the language.
        let key = match (self.kind, self.column) {
            (ViolationKind::Schema, Some(_)) => "xsd",
            (ViolationKind::Schema, None) => "xsd.no-column",
            (ViolationKind::NotWellFormed, Some(_)) => "syntax.libxml",
            (ViolationKind::NotWellFormed, None) => "syntax.libxml.no-column",
        };
        let column = self.column.map(|c| c.to_string()).unwrap_or_default();
        let mut diagnostic = Diagnostic::localized(
            Severity::Error,
            rule,
            path,
            key,
            &[("detail", &self.message), ("column", &column)],
        );
        diagnostic.attribute = self.attribute();
        diagnostic
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

/// Converts violations into diagnostics (see [`Violation::to_diagnostic`]).
pub fn to_diagnostics(violations: &[Violation]) -> Vec<Diagnostic> {
    violations.iter().map(Violation::to_diagnostic).collect()
}

fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let start = message.find(prefix)? + prefix.len();
    let rest = &message[start..];
    Some(&rest[..rest.find('\'')?])
}

/// Why a schema could not be compiled or a file could not be validated at all.
///
/// Violations of the schema are not errors: [`XsdValidator::validate_file`] returns them.
#[derive(Debug, thiserror::Error)]
pub enum XsdError {
    /// The XSD file could not be read.
    #[error("cannot read the XSD file '{}': {source}", path.display())]
    SchemaUnreadable {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The XSD does not compile (not XML, not a valid schema, or an include that is refused
    /// or missing).
    #[error("{schema} is not a usable XML Schema: {}", summary(.problems))]
    SchemaInvalid {
        /// Which schema.
        schema: SchemaSource,
        /// What libxml2 reported, in order.
        problems: Vec<Violation>,
    },
    /// The file to validate could not be opened.
    #[error("cannot read the file '{}': {source}", path.display())]
    FileUnreadable {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// libxml2 takes paths as UTF-8 C strings: this one is not valid UTF-8 or holds a NUL.
    #[error("the path '{}' cannot be passed to libxml2 (not UTF-8, or holds a NUL byte)", path.display())]
    UnsupportedPath {
        /// The path as given.
        path: PathBuf,
    },
}

fn summary(problems: &[Violation]) -> String {
    if problems.is_empty() {
        return "libxml2 gave no reason".to_string();
    }
    let mut text = problems
        .iter()
        .take(3)
        .map(Violation::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > 3 {
        text.push_str(&format!("; and {} more", problems.len() - 3));
    }
    text
}

/// A compiled schema, ready to validate files one after the other.
///
/// Not `Send`: libxml2's validation context belongs to the thread that made it. Make one per
/// thread; construction is cheap.
pub struct XsdValidator {
    context: SchemaValidationContext,
    source: SchemaSource,
}

impl fmt::Debug for XsdValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XsdValidator")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl XsdValidator {
    /// A validator for the bundled schema ([`BUNDLED_XSD`]).
    pub fn bundled() -> Result<Self, XsdError> {
        let mut parser = SchemaParserContext::from_buffer(BUNDLED_XSD);
        Self::compile(&mut parser, SchemaSource::Bundled)
    }

    /// A validator for the XSD file at `path` (the official schema, when you have it).
    ///
    /// `xs:include` and `xs:import` of local files, relative to the schema, work; anything that
    /// would need the network is refused and makes the schema unusable.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, XsdError> {
        let path = path.as_ref();
        let canonical = local_file(path).map_err(|source| XsdError::SchemaUnreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let text = libxml_path(&canonical).ok_or_else(|| XsdError::UnsupportedPath {
            path: path.to_path_buf(),
        })?;
        let mut parser = SchemaParserContext::from_file(text);
        Self::compile(&mut parser, SchemaSource::File(canonical))
    }

    fn compile(parser: &mut SchemaParserContext, source: SchemaSource) -> Result<Self, XsdError> {
        let scope = Lockdown::enter(LoaderMode::LocalFilesOnly);
        let compiled = SchemaValidationContext::from_parser(parser);
        let (stray, refused) = scope.finish();
        match compiled {
            Ok(context) => Ok(Self { context, source }),
            Err(errors) => {
                let mut problems: Vec<Violation> = stray
                    .iter()
                    .chain(errors.iter())
                    .map(|e| Violation::from_libxml(e, ViolationKind::Schema))
                    .collect();
                problems.extend(refused.into_iter().map(|url| Violation {
                    kind: ViolationKind::Schema,
                    line: None,
                    column: None,
                    message: format!("refused to load '{url}': only local files may be loaded"),
                    occurrences: 1,
                }));
                dedup(&mut problems);
                Err(XsdError::SchemaInvalid {
                    schema: source,
                    problems,
                })
            }
        }
    }

    /// Which schema this validator checks against.
    pub fn schema(&self) -> &SchemaSource {
        &self.source
    }

    /// Validates the file at `path`, streaming, and returns its violations in file order
    /// (empty: the file is valid).
    ///
    /// The file first goes through the library's own bounded reader
    /// ([`crate::xml::read::scan`]): a file it refuses (not UTF-8, compressed, a DTD, a tag
    /// or value past the limits of [`crate::limits`]) gives that one refusal as a
    /// [`ViolationKind::NotWellFormed`] violation and libxml2 never sees it. Otherwise libxml2
    /// reads the bytes through our own read callback (never its file loaders, so no
    /// transparent gzip or xz decompression). Identical messages are collapsed into one
    /// violation with [`Violation::occurrences`]; at most
    /// [`MAX_XSD_VIOLATIONS`](crate::limits::MAX_XSD_VIOLATIONS) distinct ones are kept and a
    /// last violation counts the rest.
    ///
    /// `Err` means the file could not be validated at all.
    pub fn validate_file(&mut self, path: impl AsRef<Path>) -> Result<Vec<Violation>, XsdError> {
        let (mut violations, not_listed) = self.validate_file_counted(path)?;
        if not_listed > 0 {
            violations.push(Violation {
                kind: ViolationKind::Schema,
                line: None,
                column: None,
                message: not_listed_message(crate::i18n::Lang::En, not_listed),
                occurrences: not_listed,
            });
        }
        Ok(violations)
    }

    /// As [`XsdValidator::validate_file`], with the number of violations not listed (past
    /// the limit) returned apart instead of as a last violation.
    pub fn validate_file_counted(
        &mut self,
        path: impl AsRef<Path>,
    ) -> Result<(Vec<Violation>, u64), XsdError> {
        let path = path.as_ref();
        let unreadable = |source| XsdError::FileUnreadable {
            path: path.to_path_buf(),
            source,
        };
        match GatedFile::open(path).map_err(unreadable)? {
            Ok(gated) => self.validate_gated(gated).map_err(unreadable),
            Err(refused) => Ok((vec![Violation::refused(&refused)], 0)),
        }
    }

    /// Validates a file our reader has let through ([`GatedFile`]); returns the violations
    /// kept and the number not listed, as [`XsdValidator::validate_file_counted`].
    pub fn validate_gated(&mut self, gated: GatedFile) -> io::Result<(Vec<Violation>, u64)> {
        let GatedFile { mut file, len } = gated;
        // The scan counts bytes after a byte order mark: hand libxml2 exactly what was scanned.
        let bom = leading_bom(&mut file)?;
        file.seek(SeekFrom::Start(0))?;
        self.validate_stream(&mut file.take(len + bom))
    }

    /// Validates `input` (already through the gate) with libxml2's streaming validator, fed by
    /// our read callback.
    fn validate_stream(&mut self, input: &mut dyn Read) -> io::Result<(Vec<Violation>, u64)> {
        let mut source = Source { input, failed: None };
        let mut collected = Collected::default();
        let context = self.context.as_ptr();
        let scope = Lockdown::enter(LoaderMode::Refuse);
        let none = bindings::xmlCharEncoding_XML_CHAR_ENCODING_NONE;
        // SAFETY: `collected` and `source` outlive the validation call, and the handler's
        // context is reset to NULL (ignored by `collect_violation`) before they go; the input
        // buffer is handed to `xmlSchemaValidateStream`, which frees it with its parser.
        let status = unsafe {
            bindings::xmlSchemaSetValidStructuredErrors(
                context,
                Some(collect_violation),
                std::ptr::from_mut(&mut collected).cast(),
            );
            let buffer = bindings::xmlParserInputBufferCreateIO(
                Some(read_source),
                None,
                std::ptr::from_mut(&mut source).cast(),
                none,
            );
            let status = if buffer.is_null() {
                -1
            } else {
                bindings::xmlSchemaValidateStream(
                    context,
                    buffer,
                    none,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                )
            };
            bindings::xmlSchemaSetValidStructuredErrors(
                context,
                Some(collect_violation),
                std::ptr::null_mut(),
            );
            status
        };
        let (stray, _refused) = scope.finish();
        if let Some(e) = source.failed {
            return Err(e);
        }
        // Errors that reached the thread's handler come from the XML parser.
        for e in stray.iter().filter(|e| !is_warning(e)) {
            collected.add(Violation::from_libxml(e, ViolationKind::NotWellFormed));
        }
        if status != 0 && collected.violations.is_empty() {
            // libxml2 said "invalid" but nobody said why: the parser stopped on malformed XML.
            collected.add(Violation {
                kind: ViolationKind::NotWellFormed,
                line: None,
                column: None,
                message: NOT_WELL_FORMED.to_string(),
                occurrences: 1,
            });
        }
        let mut violations = collected.violations;
        violations.sort_by_key(|v| (v.line.unwrap_or(u64::MAX), v.column.unwrap_or(0)));
        Ok((violations, collected.not_listed))
    }
}

/// The text of the violation that counts those not listed.
pub fn not_listed_message(lang: crate::i18n::Lang, not_listed: u64) -> String {
    crate::i18n::text(
        lang,
        "xsd.not-listed",
        &[
            ("count", &not_listed.to_string()),
            ("limit", &crate::limits::MAX_XSD_VIOLATIONS.to_string()),
        ],
    )
}

/// A regular file that our own reader has checked from end to end ([`crate::xml::read::scan`]):
/// the only input libxml2 is given. libxml2 reads exactly the bytes that were checked.
#[derive(Debug)]
pub struct GatedFile {
    file: File,
    len: u64,
}

impl GatedFile {
    /// Opens the regular file at `path` and runs our reader's checks over it; the inner
    /// `Err` is the reader's refusal (the file must not go to libxml2), the outer one an I/O
    /// failure.
    pub fn open(path: &Path) -> io::Result<Result<Self, crate::xml::read::ReadError>> {
        let canonical = local_file(path)?;
        let mut file = File::open(canonical)?;
        match crate::xml::read::scan(io::BufReader::new(&mut file)) {
            Ok(len) => Ok(Ok(Self { file, len })),
            Err(e) if e.kind == ReadErrorKind::Io => Err(io::Error::other(e.message)),
            Err(e) => Ok(Err(e)),
        }
    }
}

/// 3 when `file` starts with a UTF-8 byte order mark, else 0.
fn leading_bom(file: &mut File) -> io::Result<u64> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 3];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(if head == *b"\xEF\xBB\xBF" { 3 } else { 0 })
}

/// What libxml2's read callback reads from.
struct Source<'a> {
    input: &'a mut dyn Read,
    failed: Option<io::Error>,
}

/// libxml2's read callback: fills `buffer` from the [`Source`] behind `context`.
unsafe extern "C" fn read_source(context: *mut c_void, buffer: *mut c_char, len: c_int) -> c_int {
    if context.is_null() || buffer.is_null() || len <= 0 {
        return if len == 0 { 0 } else { -1 };
    }
    // SAFETY: `context` is the `Source` of the running `validate_stream` call, and libxml2
    // hands a writable buffer of `len` bytes.
    let (source, out) = unsafe {
        (
            &mut *context.cast::<Source<'_>>(),
            std::slice::from_raw_parts_mut(buffer.cast::<u8>(), len.unsigned_abs() as usize),
        )
    };
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| loop {
        match source.input.read(out) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => break other,
        }
    }));
    match read {
        Ok(Ok(n)) => c_int::try_from(n).unwrap_or(-1),
        Ok(Err(e)) => {
            source.failed = Some(e);
            -1
        }
        Err(_) => {
            source.failed = Some(io::Error::other("reading the file failed"));
            -1
        }
    }
}

/// The violations of one validation: identical messages collapsed, at most
/// [`MAX_XSD_VIOLATIONS`](crate::limits::MAX_XSD_VIOLATIONS) distinct ones kept.
#[derive(Default)]
struct Collected {
    by_message: HashMap<String, usize>,
    violations: Vec<Violation>,
    not_listed: u64,
}

impl Collected {
    fn add(&mut self, violation: Violation) {
        if let Some(&i) = self.by_message.get(&violation.message) {
            if let Some(kept) = self.violations.get_mut(i) {
                kept.occurrences = kept.occurrences.saturating_add(violation.occurrences);
            }
            return;
        }
        if self.violations.len() >= crate::limits::MAX_XSD_VIOLATIONS {
            self.not_listed = self.not_listed.saturating_add(violation.occurrences);
            return;
        }
        self.by_message
            .insert(violation.message.clone(), self.violations.len());
        self.violations.push(violation);
    }
}

/// The validation context's error handler: one call per violation.
unsafe extern "C" fn collect_violation(context: *mut c_void, error: bindings::xmlErrorPtr) {
    if context.is_null() || error.is_null() {
        return;
    }
    // SAFETY: `context` is the `Collected` of the running `validate_stream` call (reset to
    // NULL after it), and `error` points at libxml2's error for the duration of this call.
    let (collected, error) = unsafe {
        (
            &mut *context.cast::<Collected>(),
            StructuredError::from_raw(error),
        )
    };
    if is_status_placeholder(&error) || is_warning(&error) {
        return;
    }
    collected.add(Violation::from_libxml(&error, kind_of(&error)));
}

/// Validates the file at `path` against the bundled schema (a one-off; for many files keep an
/// [`XsdValidator`]).
pub fn validate_file(path: impl AsRef<Path>) -> Result<Vec<Violation>, XsdError> {
    XsdValidator::bundled()?.validate_file(path)
}

fn kind_of(error: &StructuredError) -> ViolationKind {
    if error.domain == bindings::xmlErrorDomain_XML_FROM_SCHEMASV as i32 {
        ViolationKind::Schema
    } else {
        ViolationKind::NotWellFormed
    }
}

fn is_status_placeholder(error: &StructuredError) -> bool {
    error.code == bindings::xmlParserErrors_XML_SCHEMAV_INTERNAL as i32
        && error
            .message
            .as_deref()
            .is_some_and(|m| m.contains("without a diagnostic"))
}

fn is_warning(error: &StructuredError) -> bool {
    matches!(
        error.level,
        libxml::error::XmlErrorLevel::Warning | libxml::error::XmlErrorLevel::None
    )
}

fn dedup(violations: &mut Vec<Violation>) {
    let mut seen = std::collections::HashSet::new();
    violations.retain(|v| seen.insert((v.line, v.column, v.message.clone())));
}

/// The canonical absolute path of an existing regular file.
fn local_file(path: &Path) -> io::Result<PathBuf> {
    let canonical = std::fs::canonicalize(path)?;
    if !std::fs::metadata(&canonical)?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(canonical)
}

/// `path` as libxml2 takes it: UTF-8 without NUL (the `libxml` crate panics on NUL).
fn libxml_path(path: &Path) -> Option<&str> {
    let text = path.to_str()?;
    // On Windows `canonicalize` gives a `\\?\` verbatim path, which libxml2 does not know.
    let text = if cfg!(windows) {
        text.strip_prefix(r"\\?\").unwrap_or(text)
    } else {
        text
    };
    (!text.contains('\0')).then_some(text)
}

// ------------------------------------------------------------------------------------------
// Keeping libxml2 off the network and away from external entities.

/// What the entity-loader guard does on this thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoaderMode {
    /// Not inside a call of ours: hand over to the loader installed before ours.
    PassThrough,
    /// Compiling a schema: local files only.
    LocalFilesOnly,
    /// Validating a file: load nothing.
    Refuse,
}

thread_local! {
    static MODE: Cell<LoaderMode> = const { Cell::new(LoaderMode::PassThrough) };
    static REFUSED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The loader that was installed before ours (libxml2's default, normally).
static PREVIOUS_LOADER: Mutex<bindings::xmlExternalEntityLoader> = Mutex::new(None);

/// Makes sure our guard is libxml2's external-entity loader (again, if someone replaced it).
fn install_guard() {
    let mut previous = match PREVIOUS_LOADER.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let ours: unsafe extern "C" fn(
        *const c_char,
        *const c_char,
        bindings::xmlParserCtxtPtr,
    ) -> bindings::xmlParserInputPtr = guarded_loader;
    // SAFETY: getting and setting libxml2's global loader pointer; both calls only read or
    // write that pointer. The mutex keeps two of our threads from racing on it.
    unsafe {
        libxml::init_parser();
        let current = bindings::xmlGetExternalEntityLoader();
        if current.map(|f| f as usize) != Some(ours as usize) {
            *previous = current;
            bindings::xmlSetExternalEntityLoader(Some(ours));
        }
    }
}

/// libxml2 calls this for every DTD, external entity, include and import it wants to load.
unsafe extern "C" fn guarded_loader(
    url: *const c_char,
    id: *const c_char,
    context: bindings::xmlParserCtxtPtr,
) -> bindings::xmlParserInputPtr {
    // A thread being torn down has no mode: refuse.
    let mode = MODE.try_with(Cell::get).unwrap_or(LoaderMode::Refuse);
    let refuse = |what: String| {
        let _ = REFUSED.try_with(|r| r.borrow_mut().push(what));
        std::ptr::null_mut()
    };
    let url_text = || {
        if url.is_null() {
            String::new()
        } else {
            // SAFETY: libxml2 passes a NUL-terminated string that lives for this call.
            unsafe { CStr::from_ptr(url) }.to_string_lossy().into_owned()
        }
    };
    match mode {
        LoaderMode::Refuse => refuse(url_text()),
        LoaderMode::LocalFilesOnly => {
            let text = url_text();
            if has_foreign_scheme(&text) {
                return refuse(text);
            }
            // SAFETY: forwarding our own arguments unchanged to libxml2's no-network loader,
            // which also refuses http:// and ftp:// after catalog resolution.
            unsafe { bindings::xmlNoNetExternalEntityLoader(url, id, context) }
        }
        LoaderMode::PassThrough => {
            let previous = match PREVIOUS_LOADER.lock() {
                Ok(guard) => *guard,
                Err(poisoned) => *poisoned.into_inner(),
            };
            match previous {
                // SAFETY: the loader installed before ours, called with the arguments
                // libxml2 gave us, as libxml2 itself would have.
                Some(loader) => unsafe { loader(url, id, context) },
                // SAFETY: as above, libxml2's no-network loader.
                None => unsafe { bindings::xmlNoNetExternalEntityLoader(url, id, context) },
            }
        }
    }
}

/// Whether `url` names a scheme other than `file:` (a Windows drive letter is no scheme).
fn has_foreign_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme && !scheme.eq_ignore_ascii_case("file")
}

/// For the duration of one compile or validation on this thread: our loader mode, and
/// libxml2's thread-wide error handler pointed at a collector (instead of standard error).
struct Lockdown {
    previous_mode: LoaderMode,
    previous_handler: bindings::xmlStructuredErrorFunc,
    previous_context: *mut c_void,
    errors: *mut Vec<StructuredError>,
}

impl Lockdown {
    fn enter(mode: LoaderMode) -> Self {
        install_guard();
        let previous_mode = MODE.with(|m| m.replace(mode));
        REFUSED.with(|r| r.borrow_mut().clear());
        let errors = Box::into_raw(Box::<Vec<StructuredError>>::default());
        // SAFETY: the accessors return pointers to this thread's copy of libxml2's globals,
        // valid for the thread's life; we read them to restore them in `Drop`, and install a
        // handler whose context (`errors`) stays alive until `Drop` puts the old one back.
        let (previous_handler, previous_context) = unsafe {
            let handler = *bindings::__xmlStructuredError();
            let context = *bindings::__xmlStructuredErrorContext();
            bindings::xmlSetStructuredErrorFunc(errors.cast(), Some(collect_error));
            (handler, context)
        };
        Self {
            previous_mode,
            previous_handler,
            previous_context,
            errors,
        }
    }

    /// Ends the scope: the errors libxml2 sent to the thread's handler, and the refused URLs.
    fn finish(self) -> (Vec<StructuredError>, Vec<String>) {
        // SAFETY: `errors` came from `Box::into_raw` and is freed only in `Drop`.
        let errors = std::mem::take(unsafe { &mut *self.errors });
        let refused = REFUSED.with(|r| std::mem::take(&mut *r.borrow_mut()));
        (errors, refused)
    }
}

impl Drop for Lockdown {
    fn drop(&mut self) {
        // SAFETY: restores this thread's handler first, so libxml2 no longer points at
        // `errors`, then frees `errors` (allocated in `enter`, freed exactly once here).
        unsafe {
            bindings::xmlSetStructuredErrorFunc(self.previous_context, self.previous_handler);
            drop(Box::from_raw(self.errors));
        }
        MODE.with(|m| m.set(self.previous_mode));
    }
}

/// The thread-wide libxml2 error handler while a [`Lockdown`] is active.
unsafe extern "C" fn collect_error(context: *mut c_void, error: bindings::xmlErrorPtr) {
    if context.is_null() || error.is_null() {
        return;
    }
    // SAFETY: `context` is the `Vec` of the active `Lockdown` on this thread (libxml2's handler
    // is per thread), and `error` points at libxml2's error for the duration of this call.
    unsafe {
        let errors = &mut *context.cast::<Vec<StructuredError>>();
        if errors.len() < crate::limits::MAX_XSD_VIOLATIONS {
            errors.push(StructuredError::from_raw(error));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_other_than_file_are_foreign() {
        assert!(has_foreign_scheme("http://example.org/x.xsd"));
        assert!(has_foreign_scheme("HTTPS://example.org/x.xsd"));
        assert!(has_foreign_scheme("ftp://example.org/x.xsd"));
        assert!(!has_foreign_scheme("file:///tmp/x.xsd"));
        assert!(!has_foreign_scheme("/tmp/x.xsd"));
        assert!(!has_foreign_scheme("types.xsd"));
        assert!(!has_foreign_scheme(r"C:\schemas\x.xsd"));
    }

    #[test]
    fn element_and_attribute_are_read_from_the_message() {
        let v = Violation {
            kind: ViolationKind::Schema,
            line: Some(4),
            column: None,
            message: "Element 'Zorgtraject', attribute 'begindatum': '2024-13-01' is not a valid value"
                .into(),
            occurrences: 1,
        };
        assert_eq!(v.element(), Some("Zorgtraject"));
        assert_eq!(v.attribute(), Some("begindatum"));
        let d = v.to_diagnostic();
        assert_eq!(d.rule, Rule::Xsd);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.path.line, Some(4));
        assert_eq!(d.path.element, Some("Zorgtraject"));
        assert_eq!(d.attribute, Some("begindatum"));
    }

    #[test]
    fn the_bundled_schema_compiles() {
        let validator = XsdValidator::bundled().unwrap();
        assert_eq!(validator.schema(), &SchemaSource::Bundled);
    }
}
