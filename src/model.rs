//! The records of a delivery: Zorgaanbieder → Zorgtraject → diagnoses, typings, prestaties,
//! metingen → items, with constructors that refuse what the file cannot carry.
//!
//! Every value that reaches a record has been checked: an [`AgbCode`] is 8 digits, dates are
//! real dates (`time::Date`), a trajectory never ends before it begins, a typing carries at
//! least one code, and no text is empty or holds a character XML 1.0 cannot carry. Whether a
//! code is on its code list is a separate question, answered by validation, because lists are
//! partial and change every year.

use std::fmt;

use time::{Date, PrimitiveDateTime};

use crate::names::{attr, element};
use crate::quarter::Quarter;

/// Why a record could not be built. Each variant names the attribute and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Not exactly eight ASCII digits.
    #[error("zorgaanbieder_code '{value}' is not an AGB code: expected exactly 8 digits")]
    AgbCode {
        /// The refused value.
        value: String,
    },
    /// Not a real calendar date in the form `YYYY-MM-DD`.
    #[error("{attribute} '{value}' is not a real date: expected YYYY-MM-DD")]
    Date {
        /// The attribute.
        attribute: &'static str,
        /// The refused value.
        value: String,
    },
    /// Not a date-time in the form `YYYY-MM-DDTHH:MM:SS`.
    #[error("{attribute} '{value}' is not a date-time: expected YYYY-MM-DDTHH:MM:SS without offset")]
    DateTime {
        /// The attribute.
        attribute: &'static str,
        /// The refused value.
        value: String,
    },
    /// `einddatum` before `begindatum`.
    #[error("einddatum '{einddatum}' lies before begindatum '{begindatum}': einddatum must be on or after begindatum")]
    EndBeforeBegin {
        /// The trajectory's begindatum.
        begindatum: Date,
        /// The refused einddatum.
        einddatum: Date,
    },
    /// A required attribute is absent or empty.
    #[error("{element}: required attribute {attribute} is missing or empty")]
    Missing {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
    },
    /// A Zorgvraagtypering with neither code.
    #[error(
        "Zorgvraagtypering needs zorgvraagtype_code_honos or zorgvraagtype_code (or both); neither is given"
    )]
    NoZorgvraagtype,
    /// A character that XML 1.0 cannot carry (control characters other than tab, LF, CR).
    #[error("{attribute} '{value}' contains U+{code_point:04X}, a character XML 1.0 cannot carry")]
    Character {
        /// The attribute.
        attribute: &'static str,
        /// The refused value (with the character escaped).
        value: String,
        /// The offending character.
        code_point: u32,
    },
    /// A value longer than [`crate::limits::MAX_ATTRIBUTE_LEN`] bytes: no file may carry it.
    #[error("{attribute} is {length} bytes long; at most {limit} bytes are allowed")]
    TooLong {
        /// The attribute.
        attribute: &'static str,
        /// The value's length in bytes (the value itself is not repeated).
        length: usize,
        /// The limit ([`crate::limits::MAX_ATTRIBUTE_LEN`]).
        limit: usize,
    },
}

impl ModelError {
    /// The attribute the error is about (`None` for the typing without codes).
    pub fn attribute(&self) -> Option<&'static str> {
        match self {
            ModelError::AgbCode { .. } => Some(attr::ZORGAANBIEDER_CODE),
            ModelError::Date { attribute, .. }
            | ModelError::DateTime { attribute, .. }
            | ModelError::Missing { attribute, .. }
            | ModelError::Character { attribute, .. }
            | ModelError::TooLong { attribute, .. } => Some(attribute),
            ModelError::EndBeforeBegin { .. } => Some(attr::EINDDATUM),
            ModelError::NoZorgvraagtype => None,
        }
    }

    /// The message as a catalogue text ([`crate::i18n`]), keyed by the rule it breaks.
    pub fn phrase(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ModelError::AgbCode { value } => Phrase::new("agb-code", &[("value", value)]),
            ModelError::Date { attribute, value } => {
                Phrase::new("date", &[("attribute", attribute), ("value", value)])
            }
            ModelError::DateTime { attribute, value } => {
                Phrase::new("date.date-time", &[("attribute", attribute), ("value", value)])
            }
            ModelError::EndBeforeBegin {
                begindatum,
                einddatum,
            } => Phrase::new(
                "einddatum-before-begindatum",
                &[
                    ("begindatum", &begindatum.to_string()),
                    ("einddatum", &einddatum.to_string()),
                ],
            ),
            ModelError::Missing { element, attribute } => {
                Phrase::new("required", &[("element", element), ("attribute", attribute)])
            }
            ModelError::NoZorgvraagtype => Phrase::new("zorgvraagtype-missing", &[]),
            ModelError::TooLong {
                attribute,
                length,
                limit,
            } => Phrase::new(
                "value-too-long",
                &[
                    ("attribute", attribute),
                    ("length", &length.to_string()),
                    ("limit", &limit.to_string()),
                ],
            ),
            ModelError::Character {
                attribute,
                value,
                code_point,
            } => Phrase::new(
                "character",
                &[
                    ("attribute", attribute),
                    ("value", value),
                    ("code_point", &format!("{code_point:04X}")),
                ],
            ),
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        self.phrase().render(lang)
    }

    /// The refused value, when there is one.
    pub fn value(&self) -> Option<String> {
        match self {
            ModelError::AgbCode { value }
            | ModelError::Date { value, .. }
            | ModelError::DateTime { value, .. }
            | ModelError::Character { value, .. } => Some(value.clone()),
            ModelError::EndBeforeBegin { einddatum, .. } => Some(crate::datum::format_date(*einddatum)),
            ModelError::Missing { .. } | ModelError::NoZorgvraagtype | ModelError::TooLong { .. } => None,
        }
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A short text stored inline (no allocation) up to [`Text::INLINE`] bytes, on the heap
/// beyond. Codes, scores and item codes of a delivery are short and there are millions of
/// them: keeping them inline spares an allocation and a free each.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Text(Repr);

/// Private to this module, so that only [`Text::new`] can make an `Inline`.
#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Inline { len: u8, bytes: [u8; Text::INLINE] },
    Heap(Box<str>),
}

impl Text {
    const INLINE: usize = 22;

    fn new(value: &str) -> Self {
        match u8::try_from(value.len()) {
            Ok(len) if value.len() <= Self::INLINE => {
                let mut bytes = [0; Self::INLINE];
                bytes[..value.len()].copy_from_slice(value.as_bytes());
                Text(Repr::Inline { len, bytes })
            }
            _ => Text(Repr::Heap(value.into())),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: `Repr` is private to this module and `Inline` is only made by `new`,
            // which copies a whole `&str` (valid UTF-8) into `bytes[..len]`; nothing mutates it.
            // Measured: the checked `from_utf8` here cost 23 % of the writer's instructions
            // (callgrind, `w1 writer 3000`), as every code is read once per file written.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Repr::Heap(text) => text,
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Checks a required text value: not empty (after trimming), only XML 1.0 characters.
pub(crate) fn required_text(
    element: &'static str,
    attribute: &'static str,
    value: &str,
) -> Result<Text, ModelError> {
    within_limit(attribute, value)?;
    // ASCII without control characters (nearly every code) has only XML characters and is
    // empty after trimming exactly when it is all spaces: one pass instead of three.
    if value.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        if value.bytes().all(|b| b == b' ') {
            return Err(ModelError::Missing { element, attribute });
        }
        return Ok(Text::new(value));
    }
    if value.trim().is_empty() {
        return Err(ModelError::Missing { element, attribute });
    }
    optional_text(attribute, value)
}

/// Refuses a value longer than the one limit files have ([`crate::limits::MAX_ATTRIBUTE_LEN`]).
fn within_limit(attribute: &'static str, value: &str) -> Result<(), ModelError> {
    let limit = crate::limits::MAX_ATTRIBUTE_LEN;
    if value.len() > limit {
        return Err(ModelError::TooLong {
            attribute,
            length: value.len(),
            limit,
        });
    }
    Ok(())
}

fn optional_text(attribute: &'static str, value: &str) -> Result<Text, ModelError> {
    within_limit(attribute, value)?;
    match value.chars().find(|c| !is_xml_char(*c)) {
        None => Ok(Text::new(value)),
        Some(bad) => Err(ModelError::Character {
            attribute,
            value: value.escape_default().to_string(),
            code_point: u32::from(bad),
        }),
    }
}

/// The years a file can carry: four digits, as `YYYY-MM-DD` writes them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Refuses dates whose year the file cannot carry (see [`YEARS`]).
pub(crate) fn in_range(attribute: &'static str, date: Date) -> Result<Date, ModelError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(ModelError::Date {
            attribute,
            value: date.to_string(),
        })
    }
}

/// Parses `YYYY-MM-DD` for `attribute`, naming both in the error.
pub fn parse_date(attribute: &'static str, value: &str) -> Result<Date, ModelError> {
    crate::datum::parse_date(value).ok_or_else(|| ModelError::Date {
        attribute,
        value: value.to_string(),
    })
}

/// The date written as the number `YYYYMMDD` (as the C ABI's bulk functions take dates) for
/// `attribute`: a real calendar date with a year from 1000 to 9999, else an error naming the
/// value as `YYYY-MM-DD` digits (`20240230` → `2024-02-30`). `0` is no date at all: callers treat it as absent before calling this.
pub fn date_from_number(attribute: &'static str, value: u32) -> Result<Date, ModelError> {
    let (year, month, day) = (value / 10_000, (value / 100) % 100, value % 100);
    // The refused value is shown as the date it tries to be, in the form messages expect.
    let refused = || ModelError::Date {
        attribute,
        value: format!("{year:04}-{month:02}-{day:02}"),
    };
    let year = i32::try_from(year).map_err(|_| refused())?;
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(refused)?;
    let day = u8::try_from(day).map_err(|_| refused())?;
    let date = Date::from_calendar_date(year, month, day).map_err(|_| refused())?;
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(refused())
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS` for `attribute`, naming both in the error.
pub fn parse_datetime(attribute: &'static str, value: &str) -> Result<PrimitiveDateTime, ModelError> {
    crate::datum::parse_datetime(value).ok_or_else(|| ModelError::DateTime {
        attribute,
        value: value.to_string(),
    })
}

/// An AGB code: exactly eight ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgbCode([u8; 8]);

impl AgbCode {
    /// Accepts exactly eight ASCII digits.
    pub fn new(value: &str) -> Result<Self, ModelError> {
        let bytes: [u8; 8] = value
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 8]| b.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| ModelError::AgbCode {
                value: value.to_string(),
            })?;
        Ok(Self(bytes))
    }

    /// The eight digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for AgbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for AgbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgbCode({})", self.as_str())
    }
}

impl std::str::FromStr for AgbCode {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// A provider and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zorgaanbieder {
    code: AgbCode,
    zorgtrajecten: Vec<Zorgtraject>,
    metingen: Vec<Meting>,
}

impl Zorgaanbieder {
    /// A provider without records yet.
    pub fn new(code: AgbCode) -> Self {
        Self {
            code,
            zorgtrajecten: Vec::new(),
            metingen: Vec::new(),
        }
    }

    /// The AGB code (`zorgaanbieder_code`).
    pub fn code(&self) -> AgbCode {
        self.code
    }

    /// The trajectories, in the order they were added.
    pub fn zorgtrajecten(&self) -> &[Zorgtraject] {
        &self.zorgtrajecten
    }

    /// The loose metingen (not linked to a trajectory).
    pub fn metingen(&self) -> &[Meting] {
        &self.metingen
    }

    /// Adds a trajectory.
    pub fn add_zorgtraject(&mut self, traject: Zorgtraject) -> &mut Zorgtraject {
        self.zorgtrajecten.push(traject);
        let last = self.zorgtrajecten.len() - 1;
        &mut self.zorgtrajecten[last]
    }

    /// Adds a loose meting.
    pub fn add_meting(&mut self, meting: Meting) -> &mut Meting {
        self.metingen.push(meting);
        let last = self.metingen.len() - 1;
        &mut self.metingen[last]
    }
}

/// A care trajectory. Build one with [`Zorgtraject::builder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zorgtraject {
    id: Option<String>,
    begindatum: Date,
    einddatum: Option<Date>,
    groep_code: Option<Text>,
    /// The groep_code exactly as given, when that was blank or not trimmed.
    groep_code_given: Option<Text>,
    primair: Vec<Primair>,
    neven: Vec<Neven>,
    zorgvraagtyperingen: Vec<Zorgvraagtypering>,
    prestaties: Vec<Prestatie>,
    metingen: Vec<Meting>,
}

impl Zorgtraject {
    /// Starts a trajectory that began on `begindatum`.
    pub fn builder(begindatum: Date) -> ZorgtrajectBuilder {
        ZorgtrajectBuilder {
            traject: Zorgtraject {
                id: None,
                begindatum,
                einddatum: None,
                groep_code: None,
                groep_code_given: None,
                primair: Vec::new(),
                neven: Vec::new(),
                zorgvraagtyperingen: Vec::new(),
                prestaties: Vec::new(),
                metingen: Vec::new(),
            },
            error: None,
        }
    }

    /// The vendor's own key: used in diagnostics, never written to the XML.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    /// Start date.
    pub fn begindatum(&self) -> Date {
        self.begindatum
    }
    /// End date; `None` while the trajectory is open.
    pub fn einddatum(&self) -> Option<Date> {
        self.einddatum
    }
    /// Location or department, from the provider's organisation structure, without leading
    /// or trailing whitespace; `None` when none was given or it was blank.
    pub fn groep_code(&self) -> Option<&str> {
        self.groep_code.as_ref().map(Text::as_str)
    }
    /// What was done to the groep_code as given: left out as blank, or trimmed.
    pub fn groep_code_note(&self) -> Option<GroepCodeNote> {
        self.groep_code_given.as_ref().map(|_| match self.groep_code {
            Some(_) => GroepCodeNote::Trimmed,
            None => GroepCodeNote::Blank,
        })
    }
    /// The groep_code exactly as given (`" Locatie A "`, or a blank one), which the delivery
    /// keeps so that it writes back (JSON) as it was read; the file carries [`groep_code`](Self::groep_code).
    pub fn groep_code_as_given(&self) -> Option<&str> {
        self.groep_code_given
            .as_ref()
            .or(self.groep_code.as_ref())
            .map(Text::as_str)
    }
    /// Primary diagnoses.
    pub fn primair(&self) -> &[Primair] {
        &self.primair
    }
    /// Secondary diagnoses.
    pub fn neven(&self) -> &[Neven] {
        &self.neven
    }
    /// Care-demand typings.
    pub fn zorgvraagtyperingen(&self) -> &[Zorgvraagtypering] {
        &self.zorgvraagtyperingen
    }
    /// Prestaties.
    pub fn prestaties(&self) -> &[Prestatie] {
        &self.prestaties
    }
    /// Linked metingen.
    pub fn metingen(&self) -> &[Meting] {
        &self.metingen
    }

    /// Adds a primary diagnosis.
    pub fn add_primair(&mut self, record: Primair) {
        self.primair.push(record);
    }
    /// Adds a secondary diagnosis.
    pub fn add_neven(&mut self, record: Neven) {
        self.neven.push(record);
    }
    /// Adds a typing.
    pub fn add_zorgvraagtypering(&mut self, record: Zorgvraagtypering) {
        self.zorgvraagtyperingen.push(record);
    }
    /// Adds a prestatie.
    pub fn add_prestatie(&mut self, record: Prestatie) {
        self.prestaties.push(record);
    }
    /// Adds a linked meting and returns it, to add items.
    pub fn add_meting(&mut self, record: Meting) -> &mut Meting {
        self.metingen.push(record);
        let last = self.metingen.len() - 1;
        &mut self.metingen[last]
    }

    /// Every dated child record's date: diagnoses, typings, prestaties, metingen.
    pub fn child_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.primair
            .iter()
            .map(Primair::datum)
            .chain(self.zorgvraagtyperingen.iter().map(Zorgvraagtypering::datum))
            .chain(self.prestaties.iter().map(Prestatie::datum))
            .chain(self.metingen.iter().map(Meting::datum))
    }
}

/// What was done to a groep_code as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroepCodeNote {
    /// It was blank: the trajectory has no groep_code ("Is er geen locatie of afdeling, dan
    /// wordt de groep_code niet gedeeld").
    Blank,
    /// Leading or trailing whitespace was removed.
    Trimmed,
}

/// Whether `value` holds nothing visible: only whitespace and invisible format characters.
fn is_blank(value: &str) -> bool {
    value.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
}

/// Builds a [`Zorgtraject`]; the first problem is kept and returned by [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct ZorgtrajectBuilder {
    traject: Zorgtraject,
    error: Option<ModelError>,
}

impl ZorgtrajectBuilder {
    fn keep_first_error(&mut self, error: ModelError) {
        self.error.get_or_insert(error);
    }

    /// The vendor's own key, used in diagnostics only.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.traject.id = Some(id.into());
        self
    }
    /// Closes the trajectory on `einddatum`.
    pub fn einddatum(mut self, einddatum: Date) -> Self {
        self.traject.einddatum = Some(einddatum);
        self
    }
    /// Sets the groep_code (location/department). A blank groep_code (only whitespace or
    /// invisible characters) means "no location" and is left out; leading and trailing
    /// whitespace is removed. [`Zorgtraject::groep_code_note`] tells which happened, and
    /// [`Zorgtraject::groep_code_as_given`] keeps the value as given. The length limit applies
    /// to the value as given, as it does when a file is read.
    pub fn groep_code(mut self, groep_code: &str) -> Self {
        if let Err(e) = within_limit(attr::GROEP_CODE, groep_code) {
            self.keep_first_error(e);
            return self;
        }
        if is_blank(groep_code) {
            self.traject.groep_code = None;
            self.traject.groep_code_given = Some(Text::new(groep_code));
            return self;
        }
        let trimmed = groep_code.trim();
        match required_text(element::ZORGTRAJECT, attr::GROEP_CODE, trimmed) {
            Ok(code) => {
                self.traject.groep_code = Some(code);
                self.traject.groep_code_given =
                    (trimmed.len() != groep_code.len()).then(|| Text::new(groep_code));
            }
            Err(e) => self.keep_first_error(e),
        }
        self
    }
    /// Adds a primary diagnosis.
    pub fn primair(mut self, record: Primair) -> Self {
        self.traject.primair.push(record);
        self
    }
    /// Adds a secondary diagnosis.
    pub fn neven(mut self, record: Neven) -> Self {
        self.traject.neven.push(record);
        self
    }
    /// Adds a typing.
    pub fn zorgvraagtypering(mut self, record: Zorgvraagtypering) -> Self {
        self.traject.zorgvraagtyperingen.push(record);
        self
    }
    /// Adds a prestatie.
    pub fn prestatie(mut self, record: Prestatie) -> Self {
        self.traject.prestaties.push(record);
        self
    }
    /// Adds a linked meting.
    pub fn meting(mut self, record: Meting) -> Self {
        self.traject.metingen.push(record);
        self
    }

    /// The trajectory, or the first problem found.
    pub fn build(self) -> Result<Zorgtraject, ModelError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let t = self.traject;
        in_range(attr::BEGINDATUM, t.begindatum)?;
        t.einddatum.map(|e| in_range(attr::EINDDATUM, e)).transpose()?;
        if let Some(einddatum) = t.einddatum.filter(|e| *e < t.begindatum) {
            return Err(ModelError::EndBeforeBegin {
                begindatum: t.begindatum,
                einddatum,
            });
        }
        Ok(t)
    }
}

/// A primary diagnosis, with the date it was established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Primair {
    code: Text,
    datum: Date,
}

impl Primair {
    /// A primary diagnosis `cl_d5_diagnose_code` established on `datum`.
    pub fn new(cl_d5_diagnose_code: &str, datum: Date) -> Result<Self, ModelError> {
        let code = required_text(element::PRIMAIR, attr::CL_D5_DIAGNOSE_CODE, cl_d5_diagnose_code)?;
        let datum = in_range(attr::DATUM, datum)?;
        Ok(Self { code, datum })
    }
    /// The DSM-5 code.
    pub fn cl_d5_diagnose_code(&self) -> &str {
        self.code.as_str()
    }
    /// The date the diagnosis was established.
    pub fn datum(&self) -> Date {
        self.datum
    }
}

/// A secondary diagnosis (undated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neven {
    code: Text,
}

impl Neven {
    /// A secondary diagnosis `cl_d5_diagnose_code`.
    pub fn new(cl_d5_diagnose_code: &str) -> Result<Self, ModelError> {
        let code = required_text(element::NEVEN, attr::CL_D5_DIAGNOSE_CODE, cl_d5_diagnose_code)?;
        Ok(Self { code })
    }
    /// The DSM-5 code.
    pub fn cl_d5_diagnose_code(&self) -> &str {
        self.code.as_str()
    }
}

/// The canonical spelling of a zorgvraagtype code: `5` for `5`, `05`, `ZT05`, `zt5`.
///
/// Accepted: an optional `ZT` prefix (any case) followed by one or two digits that are not
/// all zero; the result is the number without leading zeros. Anything else is `None` (the
/// value is then kept as given, and validation reports it against the list).
pub fn canonical_zorgvraagtype(value: &str) -> Option<String> {
    let digits = match value.get(..2) {
        Some(prefix) if prefix.eq_ignore_ascii_case("zt") => value.get(2..)?,
        _ => value,
    };
    let well_formed = (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let number: u8 = digits.parse().ok().filter(|n| well_formed && *n > 0)?;
    Some(number.to_string())
}

/// One zorgvraagtype code: the canonical form, and the spelling given when it differed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypeCode {
    code: Text,
    given: Option<Text>,
}

impl TypeCode {
    fn new(attribute: &'static str, value: &str) -> Result<Self, ModelError> {
        let given = required_text(element::ZORGVRAAGTYPERING, attribute, value)?;
        Ok(match canonical_zorgvraagtype(given.as_str()) {
            Some(code) if code != given.as_str() => TypeCode {
                code: Text::new(&code),
                given: Some(given),
            },
            _ => TypeCode {
                code: given,
                given: None,
            },
        })
    }

    fn as_given(&self) -> &str {
        self.given.as_ref().unwrap_or(&self.code).as_str()
    }
}

/// A care-demand typing: the HoNOS+ advice, the clinician's choice, or both.
///
/// Each code is kept as given and in its canonical form (`5`; see [`canonical_zorgvraagtype`]).
/// The file carries the spelling the zorgvraagtype list in use has
/// ([`CodeList::zorgvraagtype_spelling`](crate::codelists::CodeList::zorgvraagtype_spelling)):
/// `05` stays `05` when the loaded list is spelled `01`…`21`, and becomes `5` against the
/// bundled list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zorgvraagtypering {
    code_honos: Option<TypeCode>,
    code: Option<TypeCode>,
    datum: Date,
}

impl Zorgvraagtypering {
    /// A typing dated `datum`; at least one of the two codes must be given. `05` and `ZT05`
    /// are kept as given, with the canonical form `5` beside them.
    pub fn new(
        zorgvraagtype_code_honos: Option<&str>,
        zorgvraagtype_code: Option<&str>,
        datum: Date,
    ) -> Result<Self, ModelError> {
        let code_honos = zorgvraagtype_code_honos
            .map(|v| TypeCode::new(attr::ZORGVRAAGTYPE_CODE_HONOS, v))
            .transpose()?;
        let code = zorgvraagtype_code
            .map(|v| TypeCode::new(attr::ZORGVRAAGTYPE_CODE, v))
            .transpose()?;
        if code_honos.is_none() && code.is_none() {
            return Err(ModelError::NoZorgvraagtype);
        }
        let datum = in_range(attr::DATUM, datum)?;
        Ok(Self {
            code_honos,
            code,
            datum,
        })
    }
    /// The type advised by the HoNOS+ (canonical spelling).
    pub fn zorgvraagtype_code_honos(&self) -> Option<&str> {
        self.code_honos.as_ref().map(|c| c.code.as_str())
    }
    /// The type set by the clinician (canonical spelling).
    pub fn zorgvraagtype_code(&self) -> Option<&str> {
        self.code.as_ref().map(|c| c.code.as_str())
    }
    /// The HoNOS+ code exactly as given (`ZT05`, `05` or `5`).
    pub fn zorgvraagtype_code_honos_as_given(&self) -> Option<&str> {
        self.code_honos.as_ref().map(TypeCode::as_given)
    }
    /// The clinician's code exactly as given (`ZT05`, `05` or `5`).
    pub fn zorgvraagtype_code_as_given(&self) -> Option<&str> {
        self.code.as_ref().map(TypeCode::as_given)
    }
    /// The HoNOS+ code as given, when it differs from the canonical form (e.g. `ZT05` for `5`).
    pub fn normalised_from_honos(&self) -> Option<&str> {
        self.code_honos
            .as_ref()
            .and_then(|c| c.given.as_ref().map(Text::as_str))
    }
    /// The clinician's code as given, when it differs from the canonical form (e.g. `05` for `5`).
    pub fn normalised_from(&self) -> Option<&str> {
        self.code
            .as_ref()
            .and_then(|c| c.given.as_ref().map(Text::as_str))
    }
    /// The date.
    pub fn datum(&self) -> Date {
        self.datum
    }
}

/// A Zorgprestatiemodel prestatie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prestatie {
    code: Text,
    datum: Date,
}

impl Prestatie {
    /// Prestatie `prestatie_code` on `datum`.
    pub fn new(prestatie_code: &str, datum: Date) -> Result<Self, ModelError> {
        let code = required_text(element::PRESTATIE, attr::PRESTATIE_CODE, prestatie_code)?;
        let datum = in_range(attr::DATUM, datum)?;
        Ok(Self { code, datum })
    }
    /// The code.
    pub fn prestatie_code(&self) -> &str {
        self.code.as_str()
    }
    /// The date.
    pub fn datum(&self) -> Date {
        self.datum
    }
}

/// A measurement: one filled-in questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meting {
    instrument: Text,
    datum: Date,
    items: Vec<Item>,
}

impl Meting {
    /// A meting with `meetinstrument_code`, filled in on `datum`.
    pub fn new(meetinstrument_code: &str, datum: Date) -> Result<Self, ModelError> {
        let instrument = required_text(element::METING, attr::MEETINSTRUMENT_CODE, meetinstrument_code)?;
        let datum = in_range(attr::DATUM, datum)?;
        Ok(Self {
            instrument,
            datum,
            items: Vec::new(),
        })
    }
    /// Adds an item and returns the meting, for chaining.
    pub fn with_item(mut self, item: Item) -> Self {
        self.items.push(item);
        self
    }
    /// Adds an item.
    pub fn add_item(&mut self, item: Item) {
        self.items.push(item);
    }
    /// The questionnaire.
    pub fn meetinstrument_code(&self) -> &str {
        self.instrument.as_str()
    }
    /// The date it was filled in.
    pub fn datum(&self) -> Date {
        self.datum
    }
    /// The answered items.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
}

/// One answered item of a meting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    code: Text,
    score: Text,
}

impl Item {
    /// Item `item_code` answered with `score`.
    pub fn new(item_code: &str, score: &str) -> Result<Self, ModelError> {
        let code = required_text(element::ITEM, attr::ITEM_CODE, item_code)?;
        let score = required_text(element::ITEM, attr::SCORE, score)?;
        Ok(Self { code, score })
    }
    /// The item.
    pub fn item_code(&self) -> &str {
        self.code.as_str()
    }
    /// The answer.
    pub fn score(&self) -> &str {
        self.score.as_str()
    }
}

/// All records of one delivery, before quarter selection: what a vendor's EPD hands over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// The providers, in the order they will be written.
    pub zorgaanbieders: Vec<Zorgaanbieder>,
}

impl Delivery {
    /// An empty delivery.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a provider and returns it, to add records.
    pub fn add_zorgaanbieder(&mut self, zorgaanbieder: Zorgaanbieder) -> &mut Zorgaanbieder {
        self.zorgaanbieders.push(zorgaanbieder);
        let last = self.zorgaanbieders.len() - 1;
        &mut self.zorgaanbieders[last]
    }
}

/// One file as written or read: its header and the providers' records in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bestand {
    /// `datum_creatie`.
    pub datum_creatie: PrimitiveDateTime,
    /// The quarter covered: `begindatum_` and `einddatum_aangeleverde_periode`.
    pub kwartaal: Quarter,
    /// The providers.
    pub zorgaanbieders: Vec<Zorgaanbieder>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn agb_code_is_exactly_eight_digits() {
        assert_eq!(AgbCode::new("12345678").unwrap().as_str(), "12345678");
        for bad in [
            "1234567",
            "123456789",
            "1234567a",
            " 2345678",
            "",
            "１２３４５６７８",
        ] {
            let err = AgbCode::new(bad).unwrap_err();
            assert_eq!(err.attribute(), Some("zorgaanbieder_code"));
            assert_eq!(err.value().as_deref(), Some(bad));
        }
    }

    #[test]
    fn einddatum_before_begindatum_is_refused() {
        let err = Zorgtraject::builder(date!(2024 - 02 - 01))
            .einddatum(date!(2024 - 01 - 31))
            .build()
            .unwrap_err();
        assert!(matches!(err, ModelError::EndBeforeBegin { .. }));
        assert_eq!(err.attribute(), Some("einddatum"));
        assert_eq!(err.value().as_deref(), Some("2024-01-31"));
        let same_day = Zorgtraject::builder(date!(2024 - 02 - 01))
            .einddatum(date!(2024 - 02 - 01))
            .build();
        assert!(same_day.is_ok());
    }

    #[test]
    fn typing_needs_a_code() {
        let d = date!(2024 - 01 - 05);
        assert_eq!(
            Zorgvraagtypering::new(None, None, d).unwrap_err(),
            ModelError::NoZorgvraagtype
        );
        assert!(Zorgvraagtypering::new(Some("3"), None, d).is_ok());
        assert!(Zorgvraagtypering::new(None, Some("3"), d).is_ok());
        assert!(matches!(
            Zorgvraagtypering::new(Some(""), None, d).unwrap_err(),
            ModelError::Missing {
                attribute: "zorgvraagtype_code_honos",
                ..
            }
        ));
    }

    #[test]
    fn zorgvraagtype_codes_are_normalised() {
        let d = date!(2024 - 01 - 05);
        let z = Zorgvraagtypering::new(Some("ZT05"), Some("05"), d).unwrap();
        assert_eq!(z.zorgvraagtype_code_honos(), Some("5"));
        assert_eq!(z.zorgvraagtype_code(), Some("5"));
        assert_eq!(z.normalised_from_honos(), Some("ZT05"));
        assert_eq!(z.normalised_from(), Some("05"));
        let z = Zorgvraagtypering::new(Some("zt12"), Some("5"), d).unwrap();
        assert_eq!(z.zorgvraagtype_code_honos(), Some("12"));
        assert_eq!(z.normalised_from(), None);
        for kept in ["9a", "ZT", "005", "0", "ZT00", "X5", " 5", "ZT-5"] {
            let z = Zorgvraagtypering::new(None, Some(kept), d).unwrap();
            assert_eq!(z.zorgvraagtype_code(), Some(kept));
            assert_eq!(z.normalised_from(), None);
        }
    }

    #[test]
    fn required_text_is_refused_empty_or_with_control_characters() {
        let d = date!(2024 - 01 - 05);
        assert_eq!(
            Prestatie::new(" ", d).unwrap_err(),
            ModelError::Missing {
                element: "Prestatie",
                attribute: "prestatie_code"
            }
        );
        let err = Item::new("1", "4\u{1}").unwrap_err();
        assert!(matches!(
            err,
            ModelError::Character {
                attribute: "score",
                code_point: 1,
                ..
            }
        ));
        assert!(err.to_string().contains("U+0001"));
        let err = Zorgtraject::builder(d).groep_code("a\u{0}b").build().unwrap_err();
        assert_eq!(err.attribute(), Some("groep_code"));
        assert!(Zorgtraject::builder(d)
            .groep_code("Locatie Zuid & \"Noord\" <ü>")
            .build()
            .is_ok());
    }

    #[test]
    fn years_the_file_cannot_carry_are_refused() {
        let early = date!(0999 - 12 - 31);
        assert!(matches!(
            Prestatie::new("CO0018", early),
            Err(ModelError::Date {
                attribute: "datum",
                ..
            })
        ));
        assert!(Primair::new("D5_5.03", early).is_err());
        assert!(Meting::new("CQi-GGZ-VZ-AKWA", early).is_err());
        assert!(Zorgvraagtypering::new(Some("3"), None, early).is_err());
        let err = Zorgtraject::builder(early).build().unwrap_err();
        assert_eq!(err.attribute(), Some("begindatum"));
        let late = Date::from_calendar_date(-5, time::Month::May, 1).unwrap();
        assert!(Zorgtraject::builder(date!(2024 - 01 - 01))
            .einddatum(late.replace_year(9999).unwrap())
            .build()
            .is_ok());
        assert!(Prestatie::new("CO0018", late).is_err());
        assert!(Prestatie::new("CO0018", date!(1000 - 01 - 01)).is_ok());
    }

    #[test]
    fn date_parsing_names_attribute_and_value() {
        let err = parse_date("datum", "2023-02-29").unwrap_err();
        assert_eq!(
            err.to_string(),
            "datum '2023-02-29' is not a real date: expected YYYY-MM-DD"
        );
    }
}
