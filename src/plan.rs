//! Planning deliveries: the files of a range of quarters in one call ([`generate_range`]), and
//! which file is due and which earlier ones are still missing ([`schedule`]).
//!
//! # File names
//!
//! [`generate_range`] names each file `spiegelinformatie_<AGB>_<YYYY>Q<n>.xml`
//! ([`file_name`]): `<AGB>` is the zorgaanbieder_code when the delivery holds exactly one
//! (distinct) provider, and `multi` otherwise (several providers, or none). The name depends
//! only on the delivery's providers and the quarter, so a re-run overwrites the same files
//! (atomically).
//!
//! # Finding earlier files
//!
//! [`schedule`] does not trust file names: it reads the period of every `*.xml` file in a
//! directory (not recursively) from the attributes of the root `Bestand` start tag, and reads
//! nothing beyond that tag (at most [`HEADER_LIMIT`] bytes). Files that are not
//! Spiegelinformatie files, or whose period is not exactly one calendar quarter, are skipped
//! with a note. The scan does not look at providers: a file for any provider counts.

use std::collections::BTreeSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use time::{Date, PrimitiveDateTime};

use crate::codelists::{CodeLists, Organisatie};
use crate::datum::{format_date, parse_date};
use crate::diagnostic::{RecordPath, Report, Severity};
use crate::generate::{generate, GenerateError, GenerateOptions};
use crate::i18n::{text, Lang, Phrase};
use crate::model::Delivery;
use crate::names::{attr, element};
use crate::output::{stage, Ready};
use crate::quarter::Quarter;
use crate::select::SelectionOptions;

/// An extra check run on the delivery before each quarter's file is written, on top of the
/// validation every file gets. When its report has errors the quarter gets no file.
pub type Check = Arc<dyn Fn(&Delivery, &GenerateOptions) -> Report + Send + Sync>;

/// Options of [`generate_range`]; each quarter gets [`GenerateOptions`] made from these.
#[derive(Clone)]
pub struct RangeOptions {
    /// `datum_creatie` of every file.
    pub datum_creatie: PrimitiveDateTime,
    /// Quarter-selection options.
    pub selection: SelectionOptions,
    /// The code lists (validation, and which items are delivered).
    pub codelists: Arc<CodeLists>,
    /// The organisation structure, when given.
    pub organisatie: Option<Arc<Organisatie>>,
    /// Run before each quarter's file is written; its diagnostics join the quarter's report.
    pub check: Option<Check>,
}

impl RangeOptions {
    /// Files created at `datum_creatie`, default selection, the bundled code lists, no
    /// organisation structure, no extra check.
    pub fn new(datum_creatie: PrimitiveDateTime) -> Self {
        Self {
            datum_creatie,
            selection: SelectionOptions::default(),
            codelists: CodeLists::shared_bundled(),
            organisatie: None,
            check: None,
        }
    }

    /// With a check run before each quarter's file is written.
    pub fn with_check(
        mut self,
        check: impl Fn(&Delivery, &GenerateOptions) -> Report + Send + Sync + 'static,
    ) -> Self {
        self.check = Some(Arc::new(check));
        self
    }

    /// The options of the file of `quarter`.
    pub fn for_quarter(&self, quarter: Quarter) -> GenerateOptions {
        GenerateOptions {
            quarter,
            datum_creatie: self.datum_creatie,
            selection: self.selection,
            codelists: Arc::clone(&self.codelists),
            organisatie: self.organisatie.clone(),
            // The delivery is already read: what could not be represented is the reader's
            // report, which the caller admits (GenerateOptions::admit_unrepresentable).
            leave_out_unrepresentable: false,
        }
    }
}

/// The file name of `quarter` for `delivery`: `spiegelinformatie_<AGB or multi>_<YYYY>Q<n>.xml`.
pub fn file_name(delivery: &Delivery, quarter: Quarter) -> String {
    let codes: BTreeSet<_> = delivery.zorgaanbieders.iter().map(|z| z.code()).collect();
    let who = match (codes.len(), codes.first()) {
        (1, Some(code)) => code.to_string(),
        _ => "multi".to_string(),
    };
    format!(
        "spiegelinformatie_{who}_{}Q{}.xml",
        quarter.year(),
        quarter.number()
    )
}

/// What a written file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// Trajectories written.
    pub zorgtrajecten: u64,
    /// Of those, closed (einddatum written).
    pub afgesloten: u64,
    /// Linked metingen written.
    pub metingen: u64,
    /// Loose metingen written.
    pub losse_metingen: u64,
}

/// What happened to one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written.
    Written(FileCounts),
    /// The delivery has errors for this quarter (see the report): no file was written.
    Invalid,
    /// Writing failed (the message says why): no file was written, an existing one is
    /// untouched.
    Failed(String),
}

/// The result of one quarter of [`generate_range`].
#[derive(Debug, Clone)]
pub struct QuarterResult {
    /// The quarter.
    pub quarter: Quarter,
    /// The file's path (written, or where it would have been).
    pub path: PathBuf,
    /// What happened.
    pub outcome: Outcome,
    /// The diagnostics of the check and of generation (empty when writing failed).
    pub report: Report,
}

impl QuarterResult {
    /// Whether the file was written.
    pub fn written(&self) -> bool {
        matches!(self.outcome, Outcome::Written(_))
    }

    /// One line: the quarter, the file, what it holds, errors and warnings.
    pub fn summary(&self) -> String {
        self.summary_in(Lang::En)
    }

    /// [`QuarterResult::summary`] in `lang`.
    pub fn summary_in(&self, lang: Lang) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string());
        let errors = self.report.count(Severity::Error);
        let warnings = self.report.count(Severity::Warning);
        let line = match &self.outcome {
            Outcome::Written(c) => text(
                lang,
                "plan.written",
                &[
                    ("quarter", &self.quarter.to_string()),
                    ("file", &name),
                    ("zorgtrajecten", &c.zorgtrajecten.to_string()),
                    ("afgesloten", &c.afgesloten.to_string()),
                    ("metingen", &c.metingen.to_string()),
                    ("losse_metingen", &c.losse_metingen.to_string()),
                    ("errors", &errors.to_string()),
                    ("warnings", &warnings.to_string()),
                ],
            ),
            Outcome::Invalid => {
                let first = self
                    .report
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == Severity::Error)
                    .map(|d| text(lang, "plan.first-error", &[("diagnostic", &d.display_in(lang))]))
                    .unwrap_or_default();
                text(
                    lang,
                    "plan.invalid",
                    &[
                        ("quarter", &self.quarter.to_string()),
                        ("errors", &errors.to_string()),
                        ("first", &first),
                        ("warnings", &warnings.to_string()),
                    ],
                )
            }
            Outcome::Failed(message) => text(
                lang,
                "plan.failed",
                &[
                    ("quarter", &self.quarter.to_string()),
                    ("file", &name),
                    ("detail", message),
                ],
            ),
        };
        line + &self.not_ended_note(lang)
    }

    /// Whether the quarter had not ended when its file was made (the `quarter-not-ended`
    /// warning): the last quarter of a range that runs up to today.
    pub fn quarter_not_ended(&self) -> bool {
        self.report
            .diagnostics
            .iter()
            .any(|d| d.rule == crate::Rule::QuarterNotEnded)
    }

    fn not_ended_note(&self, lang: Lang) -> String {
        if !self.quarter_not_ended() {
            return String::new();
        }
        let last_day = crate::datum::format_date(self.quarter.last_day());
        format!(
            "; {}",
            crate::i18n::text(
                lang,
                "plan.quarter-not-ended",
                &[("kwartaal", &self.quarter.to_string()), ("last_day", &last_day)],
            )
        )
    }
}

impl fmt::Display for QuarterResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

fn count(delivery: &Delivery, options: &GenerateOptions) -> FileCounts {
    let selector = options.selector();
    let mut scratch = Report::new();
    let mut c = FileCounts::default();
    for za in &delivery.zorgaanbieders {
        let za_path = RecordPath::zorgaanbieder(za.code().as_str());
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            if let Some(view) = selector.zorgtraject(t, &za_path.zorgtraject(t.id(), i + 1), &mut scratch) {
                c.zorgtrajecten += 1;
                c.afgesloten += u64::from(view.einddatum().is_some());
                c.metingen += view.metingen().count() as u64;
            }
        }
        for (i, m) in za.metingen().iter().enumerate() {
            let path = za_path.child(element::METING, i + 1);
            c.losse_metingen += u64::from(selector.loose_meting(m, &path, &mut scratch));
        }
    }
    c
}

/// Writes the file of every quarter from `from` to `to` (both included; nothing when `to`
/// comes first) into `out_dir`, named by [`file_name`], each atomically. A quarter whose
/// check or generation reports errors, or whose file cannot be written, gets no file; the
/// other quarters are still written. Returns one result per quarter, in order.
///
/// Every quarter's file is first written to a temporary file ([`stage_range`]); the renames
/// come after all of them were written.
pub fn generate_range(
    delivery: &Delivery,
    from: Quarter,
    to: Quarter,
    out_dir: &Path,
    options: &RangeOptions,
) -> Vec<QuarterResult> {
    stage_range(delivery, from, to, out_dir, options)
        .into_iter()
        .map(|(mut result, staged)| {
            if let Some(ready) = staged {
                if let Err(e) = ready.commit() {
                    result.outcome = Outcome::Failed(format!("writing the file failed: {e}"));
                }
            }
            result
        })
        .collect()
}

/// The paths [`generate_range`] writes to, in order.
pub fn range_paths(delivery: &Delivery, from: Quarter, to: Quarter, out_dir: &Path) -> Vec<PathBuf> {
    from.through(to)
        .map(|quarter| out_dir.join(file_name(delivery, quarter)))
        .collect()
}

/// Like [`generate_range`], but nothing is renamed yet: each quarter that would be written
/// comes with its complete temporary file, to be committed (e.g. with
/// [`crate::output::commit_all`]) or dropped (nothing changes). A result says
/// [`Outcome::Written`] for a staged file.
pub fn stage_range(
    delivery: &Delivery,
    from: Quarter,
    to: Quarter,
    out_dir: &Path,
    options: &RangeOptions,
) -> Vec<(QuarterResult, Option<Ready>)> {
    from.through(to)
        .map(|quarter| {
            let path = out_dir.join(file_name(delivery, quarter));
            let generate_options = options.for_quarter(quarter);
            let mut report = match &options.check {
                Some(check) => check(delivery, &generate_options),
                None => Report::new(),
            };
            let mut staged = None;
            let outcome = if report.has_errors() {
                Outcome::Invalid
            } else {
                match stage(&path, |w| generate(delivery, &generate_options, w)) {
                    Ok((generated, ready)) => {
                        report.merge(generated);
                        staged = Some(ready);
                        Outcome::Written(count(delivery, &generate_options))
                    }
                    Err(GenerateError::Invalid(generated)) => {
                        report.merge(*generated);
                        Outcome::Invalid
                    }
                    Err(GenerateError::Io(e)) => Outcome::Failed(format!("writing the file failed: {e}")),
                }
            };
            let result = QuarterResult {
                quarter,
                path,
                outcome,
                report,
            };
            (result, staged)
        })
        .collect()
}

/// The delivery due on a date, and when it may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The quarter whose file is due.
    pub quarter: Quarter,
    /// `begindatum_aangeleverde_periode`: the quarter's first day.
    pub begindatum: Date,
    /// `einddatum_aangeleverde_periode`: the quarter's last day.
    pub einddatum: Date,
    /// First day of the sending window (the quarter after the data).
    pub verzenden_vanaf: Date,
    /// Last day of the sending window.
    pub verzenden_tot_en_met: Date,
}

/// The delivery due on `today` (Bijlage 3: the file of the previous quarter).
pub fn due(today: Date) -> Due {
    let quarter = Quarter::due_on(today);
    Due {
        quarter,
        begindatum: quarter.first_day(),
        einddatum: quarter.last_day(),
        verzenden_vanaf: quarter.next().first_day(),
        verzenden_tot_en_met: quarter.next().last_day(),
    }
}

/// An earlier file found in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// The file.
    pub path: PathBuf,
    /// The quarter it covers.
    pub quarter: Quarter,
}

/// A `*.xml` file that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped, in English ([`SkippedFile::reason_in`] gives either language).
    pub reason: String,
    /// `reason` as a catalogue text.
    text: Phrase,
}

impl SkippedFile {
    fn new(path: PathBuf, reason: Phrase) -> Self {
        Self {
            path,
            reason: reason.render(Lang::En),
            text: reason,
        }
    }

    /// Why it was skipped, in `lang`.
    pub fn reason_in(&self, lang: Lang) -> String {
        self.text.render(lang)
    }
}

/// What is due, what is there, and what is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The delivery due now.
    pub due: Due,
    /// The first quarter looked at.
    pub from: Quarter,
    /// Files found, sorted by path.
    pub found: Vec<FoundFile>,
    /// Files skipped, sorted by path.
    pub skipped: Vec<SkippedFile>,
    /// Every quarter from `from` up to and including the due one without a file, in order.
    pub missing: Vec<Quarter>,
}

impl Schedule {
    /// A few readable lines: what is due, what is missing, what was skipped.
    pub fn summary(&self) -> String {
        self.summary_in(Lang::En)
    }

    /// [`Schedule::summary`] in `lang`.
    pub fn summary_in(&self, lang: Lang) -> String {
        let d = &self.due;
        let mut lines = vec![text(
            lang,
            "plan.due",
            &[
                ("quarter", &d.quarter.to_string()),
                ("begindatum", &format_date(d.begindatum)),
                ("einddatum", &format_date(d.einddatum)),
                ("from", &format_date(d.verzenden_vanaf)),
                ("to", &format_date(d.verzenden_tot_en_met)),
            ],
        )];
        if self.missing.is_empty() {
            lines.push(text(
                lang,
                "plan.complete",
                &[("from", &self.from.to_string()), ("to", &d.quarter.to_string())],
            ));
        } else {
            let list: Vec<String> = self.missing.iter().map(Quarter::to_string).collect();
            lines.push(text(lang, "plan.missing", &[("quarters", &list.join(", "))]));
        }
        for s in &self.skipped {
            lines.push(text(
                lang,
                "plan.skipped",
                &[
                    ("file", &s.path.display().to_string()),
                    ("reason", &s.reason_in(lang)),
                ],
            ));
        }
        lines.join("\n")
    }
}

/// What is due on `today`, and every quarter from `from` up to the due one that has no file
/// in `dir` yet (see the module documentation for how files are read). Fails only when `dir`
/// cannot be listed.
pub fn schedule(today: Date, from: Quarter, dir: &Path) -> io::Result<Schedule> {
    let due = due(today);
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                skipped.push(SkippedFile::new(
                    dir.to_path_buf(),
                    Phrase::new("plan.entry-unreadable", &[("detail", &e.to_string())]),
                ));
                continue;
            }
        };
        let is_xml = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"));
        if is_xml && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    for path in paths {
        match read_period(&path) {
            Ok(quarter) => found.push(FoundFile { path, quarter }),
            Err(e) => skipped.push(SkippedFile::new(path, e.phrase())),
        }
    }
    let have: BTreeSet<Quarter> = found.iter().map(|f| f.quarter).collect();
    let missing = from.through(due.quarter).filter(|q| !have.contains(q)).collect();
    Ok(Schedule {
        due,
        from,
        found,
        skipped,
        missing,
    })
}

/// The most bytes [`read_period`] reads of a file.
pub const HEADER_LIMIT: u64 = 64 * 1024;

/// Why a file's period could not be read from its header.
#[derive(Debug, thiserror::Error)]
pub enum HeaderError {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    /// Not well-formed XML before the root start tag ends.
    #[error("not an XML file: {0}")]
    Xml(String),
    /// No root element within the first bytes.
    #[error("no root element found in the first {HEADER_LIMIT} bytes")]
    NoRoot,
    /// The root element is not `Bestand`.
    #[error("the root element is <{0}>, not <Bestand>: not a Spiegelinformatie file")]
    NotBestand(String),
    /// A period attribute is absent.
    #[error("the Bestand element has no {0}")]
    Missing(&'static str),
    /// A period attribute is not a real date.
    #[error("{attribute} '{value}' is not a real date")]
    Date {
        /// The attribute.
        attribute: &'static str,
        /// The value found.
        value: String,
    },
    /// The period is not exactly one calendar quarter.
    #[error("the period {begindatum} to {einddatum} is not exactly one calendar quarter")]
    NotAQuarter {
        /// begindatum_aangeleverde_periode as found.
        begindatum: String,
        /// einddatum_aangeleverde_periode as found.
        einddatum: String,
    },
}

impl HeaderError {
    /// The message as a catalogue text.
    pub fn phrase(&self) -> Phrase {
        match self {
            HeaderError::Io(e) => Phrase::new("plan.header.io", &[("detail", &e.to_string())]),
            HeaderError::Xml(detail) => Phrase::new("plan.header.xml", &[("detail", detail)]),
            HeaderError::NoRoot => {
                Phrase::new("plan.header.no-root", &[("limit", &HEADER_LIMIT.to_string())])
            }
            HeaderError::NotBestand(name) => Phrase::new("plan.header.not-bestand", &[("name", name)]),
            HeaderError::Missing(attribute) => {
                Phrase::new("plan.header.missing", &[("attribute", attribute)])
            }
            HeaderError::Date { attribute, value } => {
                Phrase::new("plan.header.date", &[("attribute", attribute), ("value", value)])
            }
            HeaderError::NotAQuarter {
                begindatum,
                einddatum,
            } => Phrase::new(
                "plan.header.not-a-quarter",
                &[("begindatum", begindatum), ("einddatum", einddatum)],
            ),
        }
    }
}

/// The quarter a file covers, from the period attributes of its root `Bestand` start tag.
pub fn read_period(path: &Path) -> Result<Quarter, HeaderError> {
    let file = File::open(path)?;
    scan_period(BufReader::new(file.take(HEADER_LIMIT)))
}

/// Like [`read_period`], from any reader; reads up to the end of the root start tag only.
pub fn scan_period<R: BufRead>(input: R) -> Result<Quarter, HeaderError> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| HeaderError::Xml(e.to_string()))?;
        match event {
            Event::Start(start) | Event::Empty(start) => {
                if start.name().as_ref() != element::BESTAND {
                    return Err(HeaderError::NotBestand(start.name().as_ref().to_string()));
                }
                let mut begin = None;
                let mut end = None;
                for attribute in start.attributes() {
                    let attribute = attribute.map_err(|e| HeaderError::Xml(e.to_string()))?;
                    let slot = match attribute.key.as_ref() {
                        k if k == attr::BEGINDATUM_PERIODE => &mut begin,
                        k if k == attr::EINDDATUM_PERIODE => &mut end,
                        _ => continue,
                    };
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| HeaderError::Xml(e.to_string()))?;
                    *slot = Some(value.into_owned());
                }
                let begin = begin.ok_or(HeaderError::Missing(attr::BEGINDATUM_PERIODE))?;
                let end = end.ok_or(HeaderError::Missing(attr::EINDDATUM_PERIODE))?;
                return period_quarter(&begin, &end);
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Text(text) if text.trim().is_empty() => {}
            Event::Eof => return Err(HeaderError::NoRoot),
            _ => return Err(HeaderError::Xml("content before the root element".to_string())),
        }
        buf.clear();
    }
}

fn period_quarter(begin: &str, end: &str) -> Result<Quarter, HeaderError> {
    let date = |attribute: &'static str, value: &str| {
        parse_date(value).ok_or_else(|| HeaderError::Date {
            attribute,
            value: value.to_string(),
        })
    };
    let first = date(attr::BEGINDATUM_PERIODE, begin)?;
    let last = date(attr::EINDDATUM_PERIODE, end)?;
    let quarter = Quarter::containing(first);
    if first == quarter.first_day() && last == quarter.last_day() {
        Ok(quarter)
    } else {
        Err(HeaderError::NotAQuarter {
            begindatum: begin.to_string(),
            einddatum: end.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Result<Quarter, HeaderError> {
        scan_period(text.as_bytes())
    }

    #[test]
    fn reads_the_period_from_the_root_tag_only() {
        let q = scan(
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<Bestand datum_creatie=\"2024-04-03T10:15:00\" \
             begindatum_aangeleverde_periode=\"2024-01-01\" einddatum_aangeleverde_periode=\"2024-03-31\">\
             <unclosed garbage <<<",
        )
        .unwrap();
        assert_eq!(q.to_string(), "2024-Q1");
        assert_eq!(
            scan("<Bestand begindatum_aangeleverde_periode=\"2024-10-01\" einddatum_aangeleverde_periode=\"2024-12-31\"/>")
                .unwrap()
                .to_string(),
            "2024-Q4"
        );
    }

    #[test]
    fn refuses_what_is_not_a_quarter_file() {
        assert!(matches!(scan(""), Err(HeaderError::NoRoot)));
        assert!(matches!(scan("hello"), Err(HeaderError::Xml(_))));
        assert!(matches!(scan("<html/>"), Err(HeaderError::NotBestand(n)) if n == "html"));
        assert!(matches!(
            scan("<Bestand begindatum_aangeleverde_periode=\"2024-01-01\"/>"),
            Err(HeaderError::Missing("einddatum_aangeleverde_periode"))
        ));
        assert!(matches!(
            scan("<Bestand begindatum_aangeleverde_periode=\"2024-01-02\" einddatum_aangeleverde_periode=\"2024-03-31\"/>"),
            Err(HeaderError::NotAQuarter { .. })
        ));
        assert!(matches!(
            scan("<Bestand begindatum_aangeleverde_periode=\"2024-02-30\" einddatum_aangeleverde_periode=\"2024-03-31\"/>"),
            Err(HeaderError::Date { .. })
        ));
    }

    #[test]
    fn due_gives_period_and_window() {
        let d = due(time::macros::date!(2025 - 01 - 15));
        assert_eq!(d.quarter.to_string(), "2024-Q4");
        assert_eq!(format_date(d.begindatum), "2024-10-01");
        assert_eq!(format_date(d.einddatum), "2024-12-31");
        assert_eq!(format_date(d.verzenden_vanaf), "2025-01-01");
        assert_eq!(format_date(d.verzenden_tot_en_met), "2025-03-31");
    }
}
