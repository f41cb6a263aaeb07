//! Code lists: which codes the file may carry, since when and until when, and how sure we are.
//!
//! The library ships the lists it knows (`codelists/` in the source tree, embedded at build
//! time). Some are **complete** (zorgvraagtype, meetinstrument): an unknown code is an error.
//! Others are **partial** (DSM-5, prestatie, items, scores, diagnosegroep): an unknown code is
//! only a warning, because the authoritative NZa / Akwa GGZ lists are not public. Vendors who
//! have those lists load them at run time with [`CodeLists::load_dir`] or
//! [`CodeLists::load_file`]; a list they mark `complete` turns unknown codes into errors.
//!
//! Every entry carries validity dates; a code is checked against the entries valid on the
//! record's date (see [`CodeList::check`]). The file format is described in
//! `codelists/README.md` and in [`CodeList::parse`].
//!
//! The [`Organisatie`] (the provider's groep_codes) is loaded here too, from a plain text file.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use time::Date;

use crate::datum::{format_date, parse_date};
use crate::i18n::{Lang, Phrase};
use crate::select::ItemPolicy;

/// The lists the library knows, by the name used in a list file's `# list:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListName {
    /// `zorgvraagtype`: both zorgvraagtype attributes of a Zorgvraagtypering.
    Zorgvraagtype,
    /// `cl_d5_diagnose_code`: DSM-5 codes of Primair and Neven.
    Dsm5,
    /// `prestatie`: Zorgprestatiemodel prestatie codes.
    Prestatie,
    /// `meetinstrument`: meetinstrument codes of a Meting.
    Meetinstrument,
    /// `items`: item codes per meetinstrument.
    Items,
    /// `scores`: answer values per meetinstrument (and optionally per item).
    Scores,
    /// `diagnosegroep`: DSM-5 code or prefix → diagnosegroep, as the PVM groups diagnoses.
    Diagnosegroep,
}

impl ListName {
    /// Every list, in a fixed order.
    pub const ALL: [ListName; 7] = [
        ListName::Zorgvraagtype,
        ListName::Dsm5,
        ListName::Prestatie,
        ListName::Meetinstrument,
        ListName::Items,
        ListName::Scores,
        ListName::Diagnosegroep,
    ];

    /// The name as written in the `# list:` metadata line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListName::Zorgvraagtype => "zorgvraagtype",
            ListName::Dsm5 => "cl_d5_diagnose_code",
            ListName::Prestatie => "prestatie",
            ListName::Meetinstrument => "meetinstrument",
            ListName::Items => "items",
            ListName::Scores => "scores",
            ListName::Diagnosegroep => "diagnosegroep",
        }
    }

    /// The list with this metadata name.
    pub fn from_name(name: &str) -> Option<ListName> {
        ListName::ALL.into_iter().find(|l| l.as_str() == name)
    }

    fn bundled_text(self) -> &'static str {
        match self {
            ListName::Zorgvraagtype => include_str!("../codelists/zorgvraagtype.csv"),
            ListName::Dsm5 => include_str!("../codelists/cl_d5_diagnose_code.csv"),
            ListName::Prestatie => include_str!("../codelists/prestatie.csv"),
            ListName::Meetinstrument => include_str!("../codelists/meetinstrument.csv"),
            ListName::Items => include_str!("../codelists/items.csv"),
            ListName::Scores => include_str!("../codelists/scores.csv"),
            ListName::Diagnosegroep => include_str!("../codelists/diagnosegroep.csv"),
        }
    }

    /// The shape every code of this list has, when it is known.
    pub fn format(self) -> Option<CodeFormat> {
        let (check, description): (fn(&str) -> bool, _) = match self {
            ListName::Dsm5 => (is_dsm5_code, DSM5_FORMAT),
            ListName::Prestatie => (is_prestatie_code, PRESTATIE_FORMAT),
            ListName::Diagnosegroep => (is_dsm5_prefix, DSM5_PREFIX_FORMAT),
            _ => return None,
        };
        Some(CodeFormat { check, description })
    }
}

impl fmt::Display for ListName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The known shape of a list's codes: a check and a description for messages.
#[derive(Debug, Clone, Copy)]
pub struct CodeFormat {
    /// Whether a code has the shape.
    pub check: fn(&str) -> bool,
    /// The shape in words, with an example.
    pub description: &'static str,
}

/// Whether a list holds every valid code (unknown = error) or only some (unknown = warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completeness {
    /// Every valid code is on the list: an unknown code is an error.
    Complete,
    /// Only some codes are known: an unknown code is a warning.
    Partial,
}

impl Completeness {
    /// `complete` or `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            Completeness::Complete => "complete",
            Completeness::Partial => "partial",
        }
    }
}

/// The shape of a DSM-5 code, for messages.
pub const DSM5_FORMAT: &str =
    "D5_<chapter 1-22 without leading zero>.<2 digits>[.<2 digits>...], e.g. D5_5.03 or D5_4.02.02.02";
/// The shape of a prestatie code, for messages.
pub const PRESTATIE_FORMAT: &str = "two capital letters and four digits, e.g. CO0018";
const DSM5_PREFIX_FORMAT: &str = "D5_<chapter 1-22>[.<2 digits>...], e.g. D5_5 or D5_5.03";

fn two_digit_groups(rest: &str) -> bool {
    rest.split('.')
        .all(|g| g.len() == 2 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits `D5_<chapter>[.rest]` into the chapter (1–22, no leading zero) and the rest.
fn dsm5_chapter(code: &str) -> Option<(u8, Option<&str>)> {
    let body = code.strip_prefix("D5_")?;
    let (chapter, rest) = match body.split_once('.') {
        Some((c, r)) => (c, Some(r)),
        None => (body, None),
    };
    let valid_digits = !chapter.is_empty() && chapter.bytes().all(|b| b.is_ascii_digit());
    if !valid_digits || chapter.starts_with('0') {
        return None;
    }
    let number: u8 = chapter.parse().ok()?;
    (1..=22).contains(&number).then_some((number, rest))
}

/// Whether `code` has the shape of a DSM-5 code: `D5_<chapter 1-22>.<2 digits>[.<2 digits>…]`.
pub fn is_dsm5_code(code: &str) -> bool {
    matches!(dsm5_chapter(code), Some((_, Some(rest))) if two_digit_groups(rest))
}

/// A DSM-5 code or one of its prefixes down to the chapter (`D5_5`, `D5_5.03`).
fn is_dsm5_prefix(code: &str) -> bool {
    match dsm5_chapter(code) {
        Some((_, None)) => true,
        Some((_, Some(rest))) => two_digit_groups(rest),
        None => false,
    }
}

/// Whether `code` has the shape of a prestatie code: two capital letters and four digits.
pub fn is_prestatie_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6 && b.iter().take(2).all(u8::is_ascii_uppercase) && b.iter().skip(2).all(u8::is_ascii_digit)
}

/// One code of a list, with its validity period and, for items and scores, its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    code: String,
    omschrijving: String,
    ingangsdatum: Option<Date>,
    einddatum: Option<Date>,
    meetinstrument_code: Option<String>,
    item_code: Option<String>,
    soort: Option<Soort>,
    minuten: Option<u32>,
}

/// What a prestatie is for, from the prestatie list's `soort` column: the PVM tells waiting
/// for or busy with diagnostiek from behandeling by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Soort {
    /// `diagnostiek`.
    Diagnostiek,
    /// `behandeling`.
    Behandeling,
}

impl Soort {
    /// `diagnostiek` or `behandeling`, as in the list file.
    pub fn as_str(self) -> &'static str {
        match self {
            Soort::Diagnostiek => "diagnostiek",
            Soort::Behandeling => "behandeling",
        }
    }
}

impl Entry {
    /// The code.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The description (may be empty).
    pub fn omschrijving(&self) -> &str {
        &self.omschrijving
    }
    /// First day the code is valid; `None`: no lower bound known.
    pub fn ingangsdatum(&self) -> Option<Date> {
        self.ingangsdatum
    }
    /// Last day the code is valid; `None`: open end.
    pub fn einddatum(&self) -> Option<Date> {
        self.einddatum
    }
    /// Items and scores: the instrument the entry belongs to; `None`: every instrument.
    pub fn meetinstrument_code(&self) -> Option<&str> {
        self.meetinstrument_code.as_deref()
    }
    /// Scores: the item the answer belongs to; `None`: every item.
    pub fn item_code(&self) -> Option<&str> {
        self.item_code.as_deref()
    }
    /// Prestaties: diagnostiek or behandeling; `None`: not known (or neither).
    pub fn soort(&self) -> Option<Soort> {
        self.soort
    }
    /// Prestaties: the minutes of the consult; `None`: not known (or not a timed consult).
    pub fn minuten(&self) -> Option<u32> {
        self.minuten
    }

    /// Whether the entry is valid on some day of `from..=to`.
    pub fn valid_during(&self, from: Date, to: Date) -> bool {
        self.ingangsdatum.is_none_or(|start| start <= to) && self.einddatum.is_none_or(|end| end >= from)
    }

    fn in_scope(&self, scope: Scope<'_>) -> bool {
        let instrument_ok = match (&self.meetinstrument_code, scope.meetinstrument_code) {
            (Some(own), Some(asked)) => own == asked,
            (Some(_), None) | (None, _) => true,
        };
        let item_ok = match (&self.item_code, scope.item_code) {
            (Some(own), Some(asked)) => own == asked,
            (Some(_), None) | (None, _) => true,
        };
        instrument_ok && item_ok
    }

    fn period(&self) -> String {
        let from = self.ingangsdatum.map(format_date).unwrap_or_else(|| "…".into());
        let to = self.einddatum.map(format_date).unwrap_or_else(|| "…".into());
        format!("{from} to {to}")
    }
}

/// For items and scores: the instrument (and item) a code is looked up for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The meting's instrument.
    pub meetinstrument_code: Option<&'a str>,
    /// The item (for scores).
    pub item_code: Option<&'a str>,
}

/// The outcome of looking a code up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// On the list and valid in the period asked.
    Valid,
    /// On the list, but not valid in the period asked; the periods it is valid in.
    OutsidePeriod(String),
    /// Not on the list (for this instrument/item).
    Unknown,
}

/// Why a list or organisation file could not be read: the file, the line, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}{}: {message}", .line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct CodeListError {
    /// The file (or `bundled <list>` for an embedded list).
    pub origin: String,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// What is wrong and what is expected, in English ([`CodeListError::message_in`] gives
    /// either language).
    pub message: String,
    /// `message` as a catalogue text.
    text: Phrase,
}

impl CodeListError {
    fn new(origin: &str, line: Option<u64>, message: impl Into<ListSaid>) -> Self {
        let ListSaid(text) = message.into();
        Self {
            origin: origin.to_string(),
            line,
            message: text.render(Lang::En),
            text,
        }
    }

    /// The whole error in `lang`: the file, the line, and what is wrong.
    pub fn message_in(&self, lang: Lang) -> String {
        let detail = self.text.render(lang);
        match self.line {
            Some(line) => crate::i18n::text(
                lang,
                "codelist.at-line",
                &[
                    ("origin", &self.origin),
                    ("line", &line.to_string()),
                    ("detail", &detail),
                ],
            ),
            None => crate::i18n::text(
                lang,
                "codelist.in-file",
                &[("origin", &self.origin), ("detail", &detail)],
            ),
        }
    }
}

/// [`CodeFormat::description`] of `list` as a catalogue text, to render in either language.
pub(crate) fn format_phrase(list: ListName) -> Phrase {
    let key = match list {
        ListName::Dsm5 => "format.dsm5",
        ListName::Prestatie => "format.prestatie",
        _ => "format.dsm5-prefix",
    };
    Phrase::new(key, &[])
}

/// What a list error says: a catalogue text, or a sentence from elsewhere (the system, the CSV
/// reader) wrapped in one.
pub(crate) struct ListSaid(Phrase);

impl From<Phrase> for ListSaid {
    fn from(phrase: Phrase) -> Self {
        ListSaid(phrase)
    }
}

impl From<String> for ListSaid {
    fn from(text: String) -> Self {
        ListSaid(Phrase::new("text.plain", &[("text", &text)]))
    }
}

impl From<&str> for ListSaid {
    fn from(text: &str) -> Self {
        ListSaid(Phrase::new("text.plain", &[("text", text)]))
    }
}

const METADATA_KEYS: [&str; 4] = ["list", "source", "version", "completeness"];
const COLUMNS: [&str; 8] = [
    "code",
    "omschrijving",
    "ingangsdatum",
    "einddatum",
    "meetinstrument_code",
    "item_code",
    "soort",
    "minuten",
];

/// The `# key: value` lines at the top of a list file.
#[derive(Default)]
struct Metadata {
    list: Option<ListName>,
    source: Option<String>,
    version: Option<String>,
    completeness: Option<Completeness>,
}

impl Metadata {
    fn set(&mut self, key: &str, value: &str, origin: &str, line: u64) -> Result<(), CodeListError> {
        let err = |m: Phrase| CodeListError::new(origin, Some(line), m);
        let already = match key {
            "list" => self.list.is_some(),
            "completeness" => self.completeness.is_some(),
            "source" => self.source.is_some(),
            _ => self.version.is_some(),
        };
        if already {
            // Which one would count? A second `completeness` would silently turn unknown codes
            // from warnings into errors or back.
            return Err(err(Phrase::new("codelist.metadata-twice", &[("key", key)])));
        }
        match key {
            "list" => {
                let name = ListName::from_name(value).ok_or_else(|| {
                    let names: Vec<_> = ListName::ALL.iter().map(|l| l.as_str()).collect();
                    err(Phrase::new(
                        "codelist.unknown-list",
                        &[("value", value), ("names", &names.join(", "))],
                    ))
                })?;
                self.list = Some(name);
            }
            "completeness" => {
                self.completeness = Some(match value {
                    "complete" => Completeness::Complete,
                    "partial" => Completeness::Partial,
                    _ => return Err(err(Phrase::new("codelist.completeness", &[("value", value)]))),
                });
            }
            "source" => self.source = Some(value.to_string()),
            _ => self.version = Some(value.to_string()),
        }
        Ok(())
    }

    fn finish(self, origin: &str) -> Result<(ListName, String, String, Completeness), CodeListError> {
        let missing = |key: &str| {
            CodeListError::new(
                origin,
                None,
                Phrase::new("codelist.metadata-missing", &[("key", key)]),
            )
        };
        Ok((
            self.list.ok_or_else(|| missing("list"))?,
            self.source.ok_or_else(|| missing("source"))?,
            self.version.ok_or_else(|| missing("version"))?,
            self.completeness.ok_or_else(|| missing("completeness"))?,
        ))
    }
}

/// Reads the leading `#` lines; returns the metadata and the number of lines read.
fn read_metadata(text: &str, origin: &str) -> Result<(Metadata, u64), CodeListError> {
    let mut meta = Metadata::default();
    let mut lines = 0u64;
    for line in text.lines() {
        let trimmed = line.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            break;
        }
        lines += 1;
        let Some((key, value)) = trimmed.trim_start_matches('#').split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if METADATA_KEYS.contains(&key.as_str()) {
            meta.set(&key, value.trim(), origin, lines)?;
        }
    }
    Ok((meta, lines))
}

/// Column positions, from the header row.
struct Columns {
    code: usize,
    other: [Option<usize>; 7],
}

impl Columns {
    fn from_header(header: &csv::StringRecord, origin: &str, line: u64) -> Result<Self, CodeListError> {
        let mut found: [Option<usize>; 8] = [None; 8];
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            let slot = COLUMNS.iter().position(|c| *c == name).ok_or_else(|| {
                CodeListError::new(
                    origin,
                    Some(line),
                    Phrase::new(
                        "codelist.unknown-column",
                        &[("name", name), ("columns", &COLUMNS.join(", "))],
                    ),
                )
            })?;
            if let Some(Some(_)) = found.get(slot) {
                return Err(CodeListError::new(
                    origin,
                    Some(line),
                    Phrase::new("codelist.column-twice", &[("name", name)]),
                ));
            }
            if let Some(cell) = found.get_mut(slot) {
                *cell = Some(i);
            }
        }
        let [code, rest @ ..] = found;
        let code = code.ok_or_else(|| {
            CodeListError::new(origin, Some(line), Phrase::new("codelist.no-code-column", &[]))
        })?;
        Ok(Self { code, other: rest })
    }

    fn field<'r>(&self, record: &'r csv::StringRecord, column: usize) -> &'r str {
        let index = match column {
            0 => Some(self.code),
            n => self.other.get(n - 1).copied().flatten(),
        };
        index.and_then(|i| record.get(i)).unwrap_or("").trim()
    }
}

fn optional_date(value: &str, column: &str, origin: &str, line: u64) -> Result<Option<Date>, CodeListError> {
    if value.is_empty() {
        return Ok(None);
    }
    parse_date(value).map(Some).ok_or_else(|| {
        CodeListError::new(
            origin,
            Some(line),
            Phrase::new("codelist.date", &[("column", column), ("value", value)]),
        )
    })
}

fn optional_soort(value: &str, origin: &str, line: u64) -> Result<Option<Soort>, CodeListError> {
    match value {
        "" => Ok(None),
        "diagnostiek" => Ok(Some(Soort::Diagnostiek)),
        "behandeling" => Ok(Some(Soort::Behandeling)),
        other => Err(CodeListError::new(
            origin,
            Some(line),
            format!("soort '{other}' is not diagnostiek, behandeling or empty"),
        )),
    }
}

fn optional_minuten(value: &str, origin: &str, line: u64) -> Result<Option<u32>, CodeListError> {
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<u32>() {
        Ok(minutes) if value.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(minutes)),
        _ => Err(CodeListError::new(
            origin,
            Some(line),
            format!("minuten '{value}' is not a whole number of minutes or empty"),
        )),
    }
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn parse_entry(
    list: ListName,
    completeness: Completeness,
    columns: &Columns,
    record: &csv::StringRecord,
    origin: &str,
    line: u64,
) -> Result<Entry, CodeListError> {
    let code = columns.field(record, 0);
    if code.is_empty() {
        return Err(CodeListError::new(
            origin,
            Some(line),
            Phrase::new("codelist.empty-code", &[]),
        ));
    }
    // A complete list is the authority on its own codes, shapes included (an official list
    // may hold `D5_23.01` or `CO00018`); shapes guard only partial lists.
    if let Some(format) = list.format().filter(|_| completeness == Completeness::Partial) {
        if !(format.check)(code) {
            return Err(CodeListError::new(
                origin,
                Some(line),
                Phrase::new(
                    "codelist.malformed-code",
                    &[("code", code), ("list", list.as_str())],
                )
                .text_arg("expected", format_phrase(list)),
            ));
        }
    }
    let entry = Entry {
        code: code.to_string(),
        omschrijving: columns.field(record, 1).to_string(),
        ingangsdatum: optional_date(columns.field(record, 2), "ingangsdatum", origin, line)?,
        einddatum: optional_date(columns.field(record, 3), "einddatum", origin, line)?,
        meetinstrument_code: non_empty(columns.field(record, 4)),
        item_code: non_empty(columns.field(record, 5)),
        soort: optional_soort(columns.field(record, 6), origin, line)?,
        minuten: optional_minuten(columns.field(record, 7), origin, line)?,
    };
    if let (Some(start), Some(end)) = (entry.ingangsdatum, entry.einddatum) {
        if end < start {
            return Err(CodeListError::new(
                origin,
                Some(line),
                Phrase::new(
                    "codelist.end-before-start",
                    &[("end", &end.to_string()), ("start", &start.to_string())],
                ),
            ));
        }
    }
    Ok(entry)
}

/// Reads one CSV row from one line.
fn csv_row(line: &str, origin: &str, no: u64) -> Result<csv::StringRecord, CodeListError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(_) => Ok(record),
        Err(e) => Err(CodeListError::new(
            origin,
            Some(no),
            Phrase::new("codelist.not-csv", &[("detail", &e.to_string())]),
        )),
    }
}

/// One code list: metadata and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeList {
    name: ListName,
    source: String,
    version: String,
    completeness: Completeness,
    entries: Vec<Entry>,
    index: HashMap<String, Vec<usize>>,
}

impl CodeList {
    /// Parses a list file. `origin` names the file in errors.
    ///
    /// The format: UTF-8 (a BOM is allowed); first `#` lines with metadata
    /// (`# list: <name>`, `# source: …`, `# version: …`, `# completeness: complete|partial`;
    /// other `#` lines are comments); then a CSV header naming the columns, in any order, of
    /// `code` (required), `omschrijving`, `ingangsdatum`, `einddatum` (`YYYY-MM-DD` or empty
    /// for no bound), for items and scores `meetinstrument_code` and `item_code` (empty:
    /// any), and for prestaties `soort` (`diagnostiek`, `behandeling` or empty) and `minuten`
    /// (whole minutes or empty); then one entry per line (fields may be quoted, but not span lines). Later `#`
    /// lines and blank lines are skipped. A code may
    /// appear on several rows with different validity periods.
    pub fn parse(text: &str, origin: &str) -> Result<CodeList, CodeListError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let (meta, skipped) = read_metadata(text, origin)?;
        let (name, source, version, completeness) = meta.finish(origin)?;
        // One row per line (no line breaks inside fields), so errors name the exact line.
        let mut rows = text
            .lines()
            .zip(1u64..)
            .skip(usize::try_from(skipped).unwrap_or(usize::MAX))
            .filter(|(l, _)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let (header_line, header_no) = rows
            .next()
            .ok_or_else(|| CodeListError::new(origin, None, Phrase::new("codelist.no-header", &[])))?;
        let columns = Columns::from_header(&csv_row(header_line, origin, header_no)?, origin, header_no)?;
        let mut entries = Vec::new();
        for (line, no) in rows {
            let record = csv_row(line, origin, no)?;
            entries.push(parse_entry(name, completeness, &columns, &record, origin, no)?);
        }
        Ok(CodeList::new(name, source, version, completeness, entries))
    }

    /// A list from its parts (for lists built in code).
    pub fn new(
        name: ListName,
        source: impl Into<String>,
        version: impl Into<String>,
        completeness: Completeness,
        entries: Vec<Entry>,
    ) -> CodeList {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            index.entry(e.code.clone()).or_default().push(i);
        }
        CodeList {
            name,
            source: source.into(),
            version: version.into(),
            completeness,
            entries,
            index,
        }
    }

    /// Reads and parses the list file at `path`.
    pub fn load(path: &Path) -> Result<CodeList, CodeListError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            CodeListError::new(
                &origin,
                None,
                Phrase::new("codelist.cannot-read", &[("detail", &e.to_string())]),
            )
        })?;
        CodeList::parse(&text, &origin)
    }

    /// Which list this is.
    pub fn name(&self) -> ListName {
        self.name
    }
    /// Where the list comes from.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The list's version.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// Complete or partial.
    pub fn completeness(&self) -> Completeness {
        self.completeness
    }
    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries for `code` in `scope`, whatever their dates.
    pub fn entries_for<'s>(&'s self, code: &str, scope: Scope<'s>) -> impl Iterator<Item = &'s Entry> + 's {
        self.index
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|i| self.entries.get(*i))
            .filter(move |e| e.in_scope(scope))
    }

    /// The shape every code of this list must have: the list's known shape
    /// ([`ListName::format`]) while the list is partial; none for a complete list, which is
    /// the authority on its own codes.
    pub fn format(&self) -> Option<CodeFormat> {
        self.name
            .format()
            .filter(|_| self.completeness == Completeness::Partial)
    }

    /// The spelling this list has for zorgvraagtype `code`: the code itself when it is on the
    /// list, else the listed code with the same number (`5`, `05` and `ZT05` all mean 5), else
    /// `None`. The file never carries a spelling the list does not have.
    pub fn zorgvraagtype_spelling<'s>(&'s self, code: &'s str) -> Option<&'s str> {
        if self.index.contains_key(code) {
            return Some(code);
        }
        let number = crate::model::canonical_zorgvraagtype(code)?;
        self.entries
            .iter()
            .map(|e| e.code.as_str())
            .find(|listed| crate::model::canonical_zorgvraagtype(listed).as_deref() == Some(&number))
    }

    /// Looks `code` up for a record valid on some day of `from..=to` (one day for a dated
    /// record: `from == to`).
    pub fn check(&self, code: &str, scope: Scope<'_>, from: Date, to: Date) -> Validity {
        let mut periods = Vec::new();
        for entry in self.entries_for(code, scope) {
            if entry.valid_during(from, to) {
                return Validity::Valid;
            }
            periods.push(entry.period());
        }
        if periods.is_empty() {
            Validity::Unknown
        } else {
            Validity::OutsidePeriod(periods.join(", "))
        }
    }

    /// What the list allows between `from` and `to` (`None`: whatever the date), for
    /// messages: the codes when there are few, else their number; with the list's name,
    /// completeness and version.
    pub fn describe_allowed(&self, scope: Scope<'_>, during: Option<(Date, Date)>) -> String {
        self.allowed_phrase(scope, during).render(crate::i18n::Lang::En)
    }

    /// [`CodeList::describe_allowed`] as a catalogue text, to render in either language.
    pub fn allowed_phrase(&self, scope: Scope<'_>, during: Option<(Date, Date)>) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        let codes: BTreeSet<&str> = self
            .entries
            .iter()
            .filter(|e| e.in_scope(scope))
            .filter(|e| during.is_none_or(|(from, to)| e.valid_during(from, to)))
            .map(|e| e.code.as_str())
            .collect();
        let mut ordered: Vec<&str> = codes.into_iter().collect();
        ordered.sort_by_key(|c| (c.parse::<u64>().unwrap_or(u64::MAX), c.to_string()));
        let what = if ordered.is_empty() {
            Phrase::new("list.allowed.none", &[])
        } else if ordered.len() <= 25 {
            Phrase::new("list.allowed.codes", &[("codes", &ordered.join(", "))])
        } else {
            Phrase::new("list.allowed.count", &[("count", &ordered.len().to_string())])
        };
        let completeness = match self.completeness {
            Completeness::Complete => "list.complete",
            Completeness::Partial => "list.partial",
        };
        Phrase::new(
            "list.allowed",
            &[("list", self.name.as_str()), ("version", &self.version)],
        )
        .text_arg("codes", what)
        .text_arg("completeness", Phrase::new(completeness, &[]))
    }
}

/// All code lists in use: the bundled ones, each possibly replaced by a list loaded at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLists {
    zorgvraagtype: CodeList,
    dsm5: CodeList,
    prestatie: CodeList,
    meetinstrument: CodeList,
    items: CodeList,
    scores: CodeList,
    diagnosegroep: CodeList,
}

fn bundled_list(name: ListName) -> CodeList {
    let origin = format!("bundled {name}");
    // The bundled files are tested to parse (`bundled_lists_parse`); should one ever fail, the
    // list becomes empty and partial, so codes are only warned about, and the source says why.
    CodeList::parse(name.bundled_text(), &origin).unwrap_or_else(|e| {
        CodeList::new(
            name,
            format!("bundled list unreadable: {e}"),
            "none",
            Completeness::Partial,
            Vec::new(),
        )
    })
}

impl Default for CodeLists {
    fn default() -> Self {
        Self::bundled()
    }
}

impl CodeLists {
    /// The lists shipped with the library (embedded at build time).
    pub fn bundled() -> CodeLists {
        CodeLists {
            zorgvraagtype: bundled_list(ListName::Zorgvraagtype),
            dsm5: bundled_list(ListName::Dsm5),
            prestatie: bundled_list(ListName::Prestatie),
            meetinstrument: bundled_list(ListName::Meetinstrument),
            items: bundled_list(ListName::Items),
            scores: bundled_list(ListName::Scores),
            diagnosegroep: bundled_list(ListName::Diagnosegroep),
        }
    }

    /// The bundled lists, parsed once and shared.
    pub fn shared_bundled() -> Arc<CodeLists> {
        static BUNDLED: OnceLock<Arc<CodeLists>> = OnceLock::new();
        Arc::clone(BUNDLED.get_or_init(|| Arc::new(CodeLists::bundled())))
    }

    /// The bundled lists, each replaced by the list of that name found in directory `dir`.
    ///
    /// Every `*.csv` file in `dir` is read as a list file; the list it replaces is named by its
    /// `# list:` line (the file name does not matter). Two files for one list are an error.
    /// Other files are ignored.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<CodeLists, CodeListError> {
        let dir = dir.as_ref();
        let origin = dir.display().to_string();
        let read_err = |e: std::io::Error| {
            CodeListError::new(
                &origin,
                None,
                Phrase::new("codelist.cannot-read-dir", &[("detail", &e.to_string())]),
            )
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(read_err)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(read_err)?;
        paths.retain(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")));
        paths.sort();
        let mut lists = CodeLists::bundled();
        let mut seen: HashMap<ListName, String> = HashMap::new();
        for path in paths {
            let list = CodeList::load(&path)?;
            let file = path.display().to_string();
            if let Some(first) = seen.insert(list.name(), file.clone()) {
                return Err(CodeListError::new(
                    &file,
                    None,
                    Phrase::new(
                        "codelist.already-loaded",
                        &[("list", list.name().as_str()), ("first", &first)],
                    ),
                ));
            }
            lists.replace(list);
        }
        Ok(lists)
    }

    /// Replaces one list with the list file at `path` (its `# list:` line says which).
    pub fn load_file(&mut self, path: impl AsRef<Path>) -> Result<ListName, CodeListError> {
        let list = CodeList::load(path.as_ref())?;
        let name = list.name();
        self.replace(list);
        Ok(name)
    }

    /// Replaces the list of the same name.
    pub fn replace(&mut self, list: CodeList) {
        let slot = match list.name() {
            ListName::Zorgvraagtype => &mut self.zorgvraagtype,
            ListName::Dsm5 => &mut self.dsm5,
            ListName::Prestatie => &mut self.prestatie,
            ListName::Meetinstrument => &mut self.meetinstrument,
            ListName::Items => &mut self.items,
            ListName::Scores => &mut self.scores,
            ListName::Diagnosegroep => &mut self.diagnosegroep,
        };
        *slot = list;
    }

    /// The list `name`.
    pub fn list(&self, name: ListName) -> &CodeList {
        match name {
            ListName::Zorgvraagtype => &self.zorgvraagtype,
            ListName::Dsm5 => &self.dsm5,
            ListName::Prestatie => &self.prestatie,
            ListName::Meetinstrument => &self.meetinstrument,
            ListName::Items => &self.items,
            ListName::Scores => &self.scores,
            ListName::Diagnosegroep => &self.diagnosegroep,
        }
    }

    /// The diagnosegroep of a DSM-5 code: the longest entry of the `diagnosegroep` list that is
    /// the code itself or a prefix of it (`D5_5.03`, then `D5_5`: the chapter fallback),
    /// whatever its validity dates (the latest starting one wins).
    pub fn diagnosegroep(&self, code: &str) -> Option<&str> {
        self.diagnosegroep_entry(code, None).map(Entry::omschrijving)
    }

    /// Like [`diagnosegroep`](Self::diagnosegroep), using only entries valid on `datum`.
    pub fn diagnosegroep_on(&self, code: &str, datum: Date) -> Option<&str> {
        self.diagnosegroep_entry(code, Some(datum))
            .map(Entry::omschrijving)
    }

    /// The diagnosegroep of a DSM-5 code and whether it is an approximation: it is when the
    /// row that matched is a chapter row (`D5_5`) of a partial list, so the PVM's own grouping
    /// of that code is not known.
    pub fn diagnosegroep_match(&self, code: &str) -> Option<(&str, bool)> {
        let entry = self.diagnosegroep_entry(code, None)?;
        let chapter_row = !entry.code().contains('.');
        let partial = self.list(ListName::Diagnosegroep).completeness() == Completeness::Partial;
        Some((entry.omschrijving(), chapter_row && partial))
    }

    /// The prestatie list's row for `code` valid on `datum`, else any row for it (the latest
    /// starting): for its `soort` and `minuten`.
    pub fn prestatie_entry(&self, code: &str, datum: Date) -> Option<&Entry> {
        let list = self.list(ListName::Prestatie);
        list.entries_for(code, Scope::default())
            .filter(|e| e.valid_during(datum, datum))
            .max_by_key(|e| e.ingangsdatum)
            .or_else(|| {
                list.entries_for(code, Scope::default())
                    .max_by_key(|e| e.ingangsdatum)
            })
    }

    fn diagnosegroep_entry(&self, code: &str, datum: Option<Date>) -> Option<&Entry> {
        let list = self.list(ListName::Diagnosegroep);
        dsm5_prefixes(code).find_map(|prefix| {
            list.entries_for(prefix, Scope::default())
                .filter(|e| datum.is_none_or(|d| e.valid_during(d, d)))
                .max_by_key(|e| e.ingangsdatum)
        })
    }
}

/// `D5_4.02.02.02`, `D5_4.02.02`, `D5_4.02`, `D5_4`: the code and its shorter prefixes.
fn dsm5_prefixes(code: &str) -> impl Iterator<Item = &str> {
    let cuts = code.match_indices('.').map(|(i, _)| i).collect::<Vec<_>>();
    std::iter::once(code).chain(cuts.into_iter().rev().filter_map(move |i| code.get(..i)))
}

/// Which items are delivered: a complete `items` list decides alone (an item not on it is
/// left out); while the list is partial, only the items the model excludes by name are left
/// out ([`crate::select::is_excluded_item`]) and every other item is delivered, an unknown one
/// with an `item-code-unknown` warning from validation (the optional CQi themes).
impl ItemPolicy for CodeLists {
    fn allows(&self, meetinstrument_code: &str, item_code: &str, datum: Date) -> bool {
        let list = self.list(ListName::Items);
        match list.completeness() {
            Completeness::Complete => {
                let scope = Scope {
                    meetinstrument_code: Some(meetinstrument_code),
                    item_code: None,
                };
                list.check(item_code, scope, datum, datum) == Validity::Valid
            }
            Completeness::Partial => !crate::select::is_excluded_item(meetinstrument_code, item_code),
        }
    }

    fn allowed(&self) -> String {
        let list = self.list(ListName::Items);
        let described = list.describe_allowed(Scope::default(), None);
        match list.completeness() {
            Completeness::Complete => described,
            Completeness::Partial => format!(
                "any item but the background questions 17 to 21 of the CQi-GGZ-VZ-AKWA (the model asks for the first 16 items and the optional themes; known items: {described})"
            ),
        }
    }

    fn allowed_phrase(&self) -> crate::i18n::Phrase {
        self.list(ListName::Items).allowed_phrase(Scope::default(), None)
    }
}

/// The provider's organisation structure: the groep_codes its trajectories may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organisatie {
    groep_codes: BTreeSet<String>,
}

impl Organisatie {
    /// An organisation with these groep_codes.
    pub fn new<I, S>(groep_codes: I) -> Organisatie
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Organisatie {
            groep_codes: groep_codes.into_iter().map(Into::into).collect(),
        }
    }

    /// Parses an organisation file: one groep_code per line, UTF-8 (BOM allowed). The first
    /// non-blank line may be the header `groep_code`. Blank lines and lines starting with `#` are
    /// skipped; surrounding whitespace is trimmed; a line in double quotes is unquoted (`""`
    /// inside stands for `"`), so a groep_code may hold commas. At least one groep_code.
    pub fn parse(text: &str, origin: &str) -> Result<Organisatie, CodeListError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut codes = BTreeSet::new();
        let mut first = true;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if std::mem::take(&mut first) && line == "groep_code" {
                continue;
            }
            let code = unquote(line).ok_or_else(|| {
                CodeListError::new(
                    origin,
                    Some(i as u64 + 1),
                    Phrase::new("codelist.unbalanced-quotes", &[("line", line)]),
                )
            })?;
            codes.insert(code);
        }
        if codes.is_empty() {
            return Err(CodeListError::new(
                origin,
                None,
                Phrase::new("codelist.no-groep-code", &[]),
            ));
        }
        Ok(Organisatie { groep_codes: codes })
    }

    /// Reads and parses the organisation file at `path`.
    pub fn load_file(path: impl AsRef<Path>) -> Result<Organisatie, CodeListError> {
        let origin = path.as_ref().display().to_string();
        let text = std::fs::read_to_string(path.as_ref()).map_err(|e| {
            CodeListError::new(
                &origin,
                None,
                Phrase::new("codelist.cannot-read", &[("detail", &e.to_string())]),
            )
        })?;
        Organisatie::parse(&text, &origin)
    }

    /// Whether `groep_code` is on the list.
    pub fn contains(&self, groep_code: &str) -> bool {
        self.groep_codes.contains(groep_code)
    }

    /// The groep_codes, sorted.
    pub fn groep_codes(&self) -> impl Iterator<Item = &str> {
        self.groep_codes.iter().map(String::as_str)
    }
}

fn unquote(line: &str) -> Option<String> {
    let Some(inner) = line.strip_prefix('"') else {
        return Some(line.to_string());
    };
    let inner = inner.strip_suffix('"')?;
    if inner.replace("\"\"", "").contains('"') {
        return None;
    }
    Some(inner.replace("\"\"", "\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const D: Date = date!(2024 - 01 - 05);

    #[test]
    fn bundled_lists_parse() {
        for name in ListName::ALL {
            let list = CodeList::parse(name.bundled_text(), "bundled").unwrap();
            assert_eq!(list.name(), name);
            assert!(!list.entries().is_empty(), "{name}");
        }
        let lists = CodeLists::bundled();
        assert_eq!(lists.list(ListName::Zorgvraagtype).entries().len(), 20);
        assert_eq!(lists.list(ListName::Prestatie).entries().len(), 40);
        assert_eq!(lists.list(ListName::Items).entries().len(), 16);
        assert_eq!(
            lists.list(ListName::Zorgvraagtype).completeness(),
            Completeness::Complete
        );
        assert_eq!(
            lists.list(ListName::Meetinstrument).completeness(),
            Completeness::Complete
        );
        for partial in [
            ListName::Dsm5,
            ListName::Prestatie,
            ListName::Items,
            ListName::Scores,
        ] {
            assert_eq!(lists.list(partial).completeness(), Completeness::Partial);
        }
    }

    #[test]
    fn zorgvraagtype_has_no_nine() {
        let list = CodeLists::bundled();
        let zvt = list.list(ListName::Zorgvraagtype);
        assert_eq!(zvt.check("9", Scope::default(), D, D), Validity::Unknown);
        assert_eq!(zvt.check("21", Scope::default(), D, D), Validity::Valid);
        assert_eq!(zvt.check("05", Scope::default(), D, D), Validity::Unknown);
    }

    #[test]
    fn dsm5_format() {
        for ok in ["D5_5.03", "D5_4.02.02.02", "D5_22.01", "D5_1.04.03"] {
            assert!(is_dsm5_code(ok), "{ok}");
        }
        for bad in [
            "D5_05.03", "D5_23.01", "D5_0.01", "D5_5", "D5_5.3", "D5_5.033", "d5_5.03", "D5_5.03.", "D5_.03",
            "5.03", "D5_5.0a", "",
        ] {
            assert!(!is_dsm5_code(bad), "{bad}");
        }
    }

    #[test]
    fn prestatie_format() {
        assert!(is_prestatie_code("CO0018"));
        assert!(is_prestatie_code("OV0012"));
        for bad in ["co0018", "C00018", "CO018", "CO00180", "CO001A", "ČO0018", ""] {
            assert!(!is_prestatie_code(bad), "{bad}");
        }
    }

    #[test]
    fn validity_dates_are_respected() {
        let text = "# list: prestatie\n# source: test\n# version: 1\n# completeness: complete\n\
                    code,omschrijving,ingangsdatum,einddatum\n\
                    CO0001,old,2022-01-01,2023-12-31\nCO0002,new,2024-01-01,\n";
        let list = CodeList::parse(text, "t.csv").unwrap();
        let s = Scope::default();
        assert!(
            matches!(list.check("CO0001", s, D, D), Validity::OutsidePeriod(p) if p == "2022-01-01 to 2023-12-31")
        );
        assert_eq!(
            list.check("CO0001", s, date!(2023 - 12 - 31), date!(2023 - 12 - 31)),
            Validity::Valid
        );
        assert_eq!(list.check("CO0002", s, D, D), Validity::Valid);
        assert!(matches!(
            list.check("CO0002", s, date!(2023 - 06 - 01), date!(2023 - 06 - 01)),
            Validity::OutsidePeriod(_)
        ));
        // A period that overlaps the validity is enough (undated Neven).
        assert_eq!(list.check("CO0001", s, date!(2023 - 06 - 01), D), Validity::Valid);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let head = "# list: prestatie\n# source: s\n# version: 1\n# completeness: partial\ncode,omschrijving,ingangsdatum,einddatum\n";
        let cases = [
            (
                format!("{head}CO0001,a,2024-02-30,\n"),
                6,
                "ingangsdatum '2024-02-30'",
            ),
            (format!("{head}CO0001,a,,\nXX12,b,,\n"), 7, "malformed"),
            (
                format!("{head}CO0001,a,2024-01-02,2024-01-01\n"),
                6,
                "before ingangsdatum",
            ),
            (format!("{head}\n# comment\n,a,,\n"), 8, "empty code"),
            (
                "# list: prestatie\n# source: s\n# version: 1\n# completeness: partial\ncode,naam\n"
                    .to_string(),
                5,
                "unknown column 'naam'",
            ),
            ("# list: prestaties\n".to_string(), 1, "unknown list 'prestaties'"),
            (
                "# list: items\n# completeness: compleet\n".to_string(),
                2,
                "expected 'complete' or 'partial'",
            ),
        ];
        for (text, line, what) in cases {
            let err = CodeList::parse(&text, "x.csv").unwrap_err();
            assert_eq!(err.line, Some(line), "{err}");
            assert!(err.to_string().contains(what), "{err}");
            assert!(
                err.to_string().starts_with(&format!("x.csv, line {line}: ")),
                "{err}"
            );
        }
        let err =
            CodeList::parse("# list: items\n# source: s\n# version: 1\ncode\n1\n", "y.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "y.csv: metadata line '# completeness: ...' is missing before the header"
        );
    }

    #[test]
    fn quoted_fields_and_bom_are_read() {
        let text = "\u{FEFF}# list: diagnosegroep\n# source: s\n# version: 1\n# completeness: partial\n\
                    code,omschrijving,ingangsdatum,einddatum\nD5_15,\"Disruptief, impuls\",,\n";
        let list = CodeList::parse(text, "q.csv").unwrap();
        assert_eq!(list.entries()[0].omschrijving(), "Disruptief, impuls");
    }

    #[test]
    fn diagnosegroep_explicit_then_chapter() {
        let lists = CodeLists::bundled();
        assert_eq!(lists.diagnosegroep("D5_5.03"), Some("Angststoornis"));
        // One name per group: the chapter row says what the model's pair says.
        assert_eq!(lists.diagnosegroep("D5_5.04"), Some("Angststoornis"));
        assert_eq!(
            lists.diagnosegroep_match("D5_5.03"),
            Some(("Angststoornis", false))
        );
        assert_eq!(
            lists.diagnosegroep_match("D5_5.04"),
            Some(("Angststoornis", true))
        );
        assert_eq!(
            lists.diagnosegroep("D5_4.02.02.02"),
            Some("Depressieve-stemmingsstoornissen")
        );
        assert_eq!(
            lists.diagnosegroep("D5_22.01"),
            Some("Andere problemen die een reden voor zorg kunnen zijn")
        );
        assert_eq!(lists.diagnosegroep("D5_23.01"), None);
        assert_eq!(lists.diagnosegroep("X"), None);
        assert_eq!(lists.diagnosegroep_on("D5_5.03", D), Some("Angststoornis"));
    }

    #[test]
    fn a_partial_item_list_drops_only_the_background_questions() {
        let lists = CodeLists::bundled();
        assert!(lists.allows("CQi-GGZ-VZ-AKWA", "16", D));
        for background in ["17", "18", "21"] {
            assert!(!lists.allows("CQi-GGZ-VZ-AKWA", background, D), "{background}");
        }
        // An optional theme's item is not on the bundled (partial) list, yet it is delivered.
        assert!(lists.allows("CQi-GGZ-VZ-AKWA", "T1", D));
        assert!(lists.allows("CQi-GGZ-VZ-AKWA", "22", D));
        assert!(lists.allowed().contains("17 to 21"), "{}", lists.allowed());
    }

    #[test]
    fn a_complete_item_list_decides_alone() {
        let mut lists = CodeLists::bundled();
        let text = "# list: items\n# source: s\n# version: 1\n# completeness: complete\n\
                    meetinstrument_code,code\nCQi-GGZ-VZ-AKWA,1\nCQi-GGZ-VZ-AKWA,T1\n";
        lists.replace(CodeList::parse(text, "items.csv").unwrap());
        assert!(lists.allows("CQi-GGZ-VZ-AKWA", "T1", D));
        assert!(!lists.allows("CQi-GGZ-VZ-AKWA", "T2", D));
        assert!(!lists.allows("OTHER", "1", D));
        assert!(lists.allowed().starts_with("1, T1"), "{}", lists.allowed());
    }

    #[test]
    fn a_complete_list_is_the_authority_on_shapes() {
        let head = |c: &str| format!("# list: {{}}\n# source: s\n# version: 1\n# completeness: {c}\ncode\n");
        for (list, code) in [("cl_d5_diagnose_code", "D5_23.01"), ("prestatie", "CO00018")] {
            let complete = head("complete").replace("{}", list) + code + "\n";
            let parsed = CodeList::parse(&complete, "official.csv").unwrap();
            assert!(parsed.format().is_none());
            assert_eq!(parsed.check(code, Scope::default(), D, D), Validity::Valid);
            let partial = head("partial").replace("{}", list) + code + "\n";
            let err = CodeList::parse(&partial, "partial.csv").unwrap_err();
            assert!(err.message.contains("malformed"), "{err}");
        }
    }

    #[test]
    fn zorgvraagtype_spelling_follows_the_list() {
        let official =
            "# list: zorgvraagtype\n# source: s\n# version: 1\n# completeness: complete\ncode\n01\n05\n12\n";
        let official = CodeList::parse(official, "zvt.csv").unwrap();
        assert_eq!(official.zorgvraagtype_spelling("05"), Some("05"));
        assert_eq!(official.zorgvraagtype_spelling("5"), Some("05"));
        assert_eq!(official.zorgvraagtype_spelling("ZT05"), Some("05"));
        assert_eq!(official.zorgvraagtype_spelling("12"), Some("12"));
        assert_eq!(official.zorgvraagtype_spelling("9"), None);
        let bundled = CodeLists::bundled();
        let bundled = bundled.list(ListName::Zorgvraagtype);
        assert_eq!(bundled.zorgvraagtype_spelling("05"), Some("5"));
        assert_eq!(bundled.zorgvraagtype_spelling("zt12"), Some("12"));
        assert_eq!(bundled.zorgvraagtype_spelling("9"), None);
    }

    #[test]
    fn bundled_lists_carry_no_invented_dates() {
        let lists = CodeLists::bundled();
        for name in ListName::ALL {
            for entry in lists.list(name).entries() {
                assert_eq!(
                    (entry.ingangsdatum(), entry.einddatum()),
                    (None, None),
                    "{name} {} carries validity dates no source gave",
                    entry.code()
                );
            }
        }
        assert!(lists
            .list(ListName::Prestatie)
            .entries()
            .iter()
            .all(|e| !e.omschrijving().contains('…')));
    }

    #[test]
    fn organisatie_file() {
        let org = Organisatie::parse(
            "\u{FEFF}groep_code\nLocatie A\n\n  Locatie B  \n# comment\n\"Zuid, 2\"\n",
            "o.txt",
        )
        .unwrap();
        let codes: Vec<_> = org.groep_codes().collect();
        assert_eq!(codes, ["Locatie A", "Locatie B", "Zuid, 2"]);
        assert!(org.contains("Locatie B"));
        assert!(!org.contains("groep_code"));
        let err = Organisatie::parse("groep_code\n\"open\n", "o.txt").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(Organisatie::parse("groep_code\n", "o.txt").is_err());
    }
}
