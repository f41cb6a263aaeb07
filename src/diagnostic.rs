//! Diagnostics: every problem found in a delivery, with where it is and what is allowed.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use serde::Serialize;

use crate::i18n::{Lang, Phrase};

/// How bad a problem is. Errors block the file; warnings and info never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks writing the file.
    Error,
    /// Worth a look; the file is still written.
    Warning,
    /// Something the library did for you (a dropped record, a normalised code).
    Info,
}

impl Severity {
    /// Every severity, worst first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl Severity {
    /// The severity as a person reads it in `lang` (`fout`, `waarschuwing`, `melding` in
    /// Dutch); [`Severity::as_str`] is the stable id.
    pub fn label(self, lang: Lang) -> String {
        let key = match self {
            Severity::Error => "severity.error",
            Severity::Warning => "severity.warning",
            Severity::Info => "severity.info",
        };
        crate::i18n::text(lang, key, &[])
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal,)*) => {
        /// The rule a diagnostic comes from. The ids are stable: match on them in your code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in id order of declaration.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id, e.g. `agb-code`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The rule with this id (or with an id it had before a rename).
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL
                    .iter()
                    .copied()
                    .find(|r| r.id() == id)
                    .or_else(|| RENAMED.iter().find(|(old, _)| *old == id).map(|(_, r)| *r))
            }
        }
    };
}

rules! {
    /// The input is not readable as the expected format (JSON, JSON Lines, XML).
    Syntax = "syntax",
    /// zorgaanbieder_code is not exactly 8 digits.
    AgbCode = "agb-code",
    /// A date is not a real `YYYY-MM-DD` date (or datum_creatie not a date-time).
    Date = "date",
    /// einddatum lies before begindatum.
    EndBeforeBegin = "einddatum-before-begindatum",
    /// A required attribute is missing or empty.
    Required = "required",
    /// A Zorgvraagtypering has neither code.
    ZorgvraagtypeMissing = "zorgvraagtype-missing",
    /// A value holds a character XML 1.0 cannot carry.
    Character = "character",
    /// An item outside the allowed list: not delivered.
    ItemNotAllowed = "item-not-allowed",
    /// A child record dated after the quarter, left out on request.
    ChildAfterQuarter = "child-after-quarter",
    /// JSON Lines: a zorgaanbieder's lines are not contiguous.
    ZorgaanbiederNotContiguous = "zorgaanbieder-not-contiguous",
    /// The XML file breaks the XSD (the bundled one or the one the user named).
    Xsd = "xsd",
    /// A child record (Primair, Zorgvraagtypering, Prestatie, Meting) dated before its
    /// trajectory's begindatum (warning).
    ChildBeforeBegindatum = "child-before-begindatum",
    /// cl_d5_diagnose_code (Primair, Neven) is not shaped like a DSM-5 code (error).
    Dsm5Format = "cl-d5-diagnose-code-format",
    /// cl_d5_diagnose_code is not on the DSM-5 list valid on the record's date (error
    /// against a complete list, warning against a partial one).
    Dsm5Unknown = "cl-d5-diagnose-code-unknown",
    /// A zorgvraagtype code is not on the zorgvraagtype list valid on the typing's date.
    ZorgvraagtypeUnknown = "zorgvraagtype-code-unknown",
    /// A zorgvraagtype code was written as `05` or `ZT05` and is delivered as `5` (info).
    ZorgvraagtypeNormalised = "zorgvraagtype-code-normalised",
    /// prestatie_code is not two capital letters and four digits (error).
    PrestatieFormat = "prestatie-code-format",
    /// prestatie_code is not on the prestatie list valid on the prestatie's date.
    PrestatieUnknown = "prestatie-code-unknown",
    /// meetinstrument_code is not on the meetinstrument list valid on the meting's date.
    MeetinstrumentUnknown = "meetinstrument-code-unknown",
    /// item_code is not on the item list of the meting's instrument (in a file read back).
    ItemCodeUnknown = "item-code-unknown",
    /// score is not on the score list of the meting's instrument and item.
    ScoreUnknown = "score-unknown",
    /// A Meting is delivered without items (warning).
    MetingWithoutItems = "meting-without-items",
    /// A trajectory is delivered without a primary diagnosis (warning).
    PrimairMissing = "primair-missing",
    /// groep_code is not in the organisation structure given (error).
    GroepCodeUnknown = "groep-code-unknown",
    /// A value is longer than the limit a file may carry (error; see `limits`).
    TooLong = "value-too-long",
    /// A value holds a number that passes the BSN elfproef (error: no person data in the
    /// file; see [`crate::privacy`]). Was `groep-code-bsn`, which still finds this rule.
    PrivacyBsn = "privacy-bsn",
    /// A value holds an e-mail address (error).
    PrivacyEmail = "privacy-email",
    /// A value holds a Dutch phone number (error).
    PrivacyPhone = "privacy-phone",
    /// A value holds a date that can be a birth date (error). Was `groep-code-date`, which
    /// still finds this rule.
    PrivacyDate = "privacy-date",
    /// score is not a short number (error, whatever the score list's completeness).
    ScoreFormat = "score-format",
    /// item_code is not a short code of letters, digits, `.`, `-` and `_` (error).
    ItemCodeFormat = "item-code-format",
    /// groep_code is blank: treated as absent, as the model says for "no location" (info).
    GroepCodeBlank = "groep-code-blank",
    /// groep_code had leading or trailing whitespace, which was removed (warning).
    GroepCodeTrimmed = "groep-code-trimmed",
    /// No organisation structure was loaded, so groep_codes were not checked against it
    /// (info, once per run).
    GroepCodeUnchecked = "groep-code-unchecked",
    /// The file's period (begindatum_ / einddatum_aangeleverde_periode) is not one calendar
    /// quarter (error).
    PeriodNotQuarter = "periode-not-quarter",
    /// A file delivers a trajectory closed with an einddatum after its period; the model asks
    /// for it to be delivered as open (error).
    ClosedAfterPeriod = "zorgtraject-closed-after-period",
    /// A file delivers a trajectory that ended before its period began (error).
    EndedBeforePeriod = "zorgtraject-ended-before-period",
    /// A file delivers a trajectory that begins after its period ended (error).
    StartsAfterPeriod = "zorgtraject-starts-after-period",
    /// The quarter had not ended when the file was created (datum_creatie): its data is
    /// incomplete (warning).
    QuarterNotEnded = "quarter-not-ended",
    /// A Prestatie or Zorgvraagtypering dated after its closed trajectory's einddatum
    /// (warning).
    ChildAfterEinddatum = "child-after-einddatum",
    /// Records that cannot be represented were left out on request, and the file was written
    /// (info; their own diagnostics stay in the report as warnings).
    RecordLeftOut = "record-left-out",
}

impl Rule {
    /// Whether the rule says a record cannot be represented at all (an impossible date, an
    /// AGB code that is not 8 digits, einddatum before begindatum, a required attribute
    /// missing, a typing without codes, a character XML cannot carry): the record was left
    /// out while reading.
    pub fn is_unrepresentable(self) -> bool {
        matches!(
            self,
            Rule::AgbCode
                | Rule::Date
                | Rule::EndBeforeBegin
                | Rule::Required
                | Rule::ZorgvraagtypeMissing
                | Rule::Character
        )
    }
}

/// Ids that were renamed, with the rule they now name: [`Rule::from_id`] still accepts them.
const RENAMED: [(&str, Rule); 2] = [
    ("groep-code-bsn", Rule::PrivacyBsn),
    ("groep-code-date", Rule::PrivacyDate),
];

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Where a record is: provider, trajectory (the vendor's key when known), element, position.
///
/// Positions are 1-based and count siblings of the same element in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecordPath {
    /// The provider's AGB code as given (it may be the invalid value itself).
    pub zorgaanbieder: Option<String>,
    /// The vendor's trajectory key (`id`), when given.
    pub zorgtraject_id: Option<String>,
    /// The trajectory's position within its provider.
    pub zorgtraject_position: Option<usize>,
    /// The element the problem is in (`Zorgtraject`, `Prestatie`, …).
    pub element: Option<&'static str>,
    /// The element's position among its siblings of the same name.
    pub position: Option<usize>,
    /// For an `Item`: its meting's position (loose or within the trajectory).
    pub meting_position: Option<usize>,
    /// The line in the input file, where known (JSON Lines, XML).
    pub line: Option<u64>,
}

impl RecordPath {
    /// The path of a provider.
    pub fn zorgaanbieder(code: &str) -> Self {
        Self {
            zorgaanbieder: Some(code.to_string()),
            element: Some(crate::names::element::ZORGAANBIEDER),
            ..Self::default()
        }
    }

    /// The path of the trajectory at `position` (1-based) with the vendor key `id`.
    pub fn zorgtraject(&self, id: Option<&str>, position: usize) -> Self {
        Self {
            zorgtraject_id: id.map(str::to_string),
            zorgtraject_position: Some(position),
            element: Some(crate::names::element::ZORGTRAJECT),
            position: None,
            meting_position: None,
            ..self.clone()
        }
    }

    /// The path of a child `element` at `position` (1-based) below this path.
    pub fn child(&self, element: &'static str, position: usize) -> Self {
        let meting_position = match (self.element, element) {
            (Some(crate::names::element::METING), crate::names::element::ITEM) => self.position,
            _ => None,
        };
        Self {
            element: Some(element),
            position: Some(position),
            meting_position,
            ..self.clone()
        }
    }

    /// The same path, at `line` of the input.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

impl RecordPath {
    /// The path as a person reads it in `lang` (element and attribute names are the model's
    /// own and stay as they are).
    pub fn display_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::names::element::{ITEM, METING, ZORGAANBIEDER, ZORGTRAJECT};
        let mut parts: Vec<String> = Vec::new();
        if let Some(line) = self.line {
            parts.push(crate::i18n::text(
                lang,
                "path.line",
                &[("line", &line.to_string())],
            ));
        }
        if let Some(code) = &self.zorgaanbieder {
            parts.push(format!("{ZORGAANBIEDER} {code}"));
        }
        match (&self.zorgtraject_id, self.zorgtraject_position) {
            (Some(id), _) => parts.push(format!("{ZORGTRAJECT} '{id}'")),
            (None, Some(pos)) => parts.push(format!("{ZORGTRAJECT} #{pos}")),
            (None, None) => {}
        }
        if let Some(pos) = self.meting_position {
            parts.push(format!("{METING} #{pos}"));
        }
        match (self.element, self.position) {
            (Some(element), Some(pos)) => parts.push(format!("{element} #{pos}")),
            (Some(ITEM), None) => parts.push(ITEM.to_string()),
            _ => {}
        }
        if parts.is_empty() {
            crate::i18n::text(lang, "path.file", &[])
        } else {
            parts.join(" › ")
        }
    }
}

impl fmt::Display for RecordPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_in(crate::i18n::Lang::En))
    }
}

/// One problem: severity, rule, where, which attribute, which value, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The rule it comes from.
    pub rule: Rule,
    /// Where the record is.
    pub path: RecordPath,
    /// The attribute, when the problem is about one.
    pub attribute: Option<&'static str>,
    /// The offending value, as given; masked (e.g. `111 *** ***`) when the privacy guard finds
    /// person data in it (see [`crate::privacy`]).
    pub value: Option<String>,
    /// What is wrong and what is allowed, in English ([`Diagnostic::message_in`] gives
    /// either language).
    pub message: String,
    /// The catalogue text of the message ([`crate::i18n`]) with its parameters.
    #[serde(skip)]
    pub text: Option<Phrase>,
}

impl Diagnostic {
    /// A diagnostic with a message that is not in the catalogue: the same text in every
    /// language. For tests and for callers' own diagnostics; the library's own diagnostics
    /// use [`Diagnostic::localized`] (a test checks it).
    pub fn new(severity: Severity, rule: Rule, path: RecordPath, message: impl Into<String>) -> Self {
        Self {
            severity,
            rule,
            path,
            attribute: None,
            value: None,
            message: message.into(),
            text: None,
        }
    }

    /// A diagnostic whose message is the catalogue text `key` ([`crate::i18n`]) filled with
    /// `args`; [`Diagnostic::message`] holds the English text, [`Diagnostic::message_in`]
    /// gives either language.
    pub fn localized(
        severity: Severity,
        rule: Rule,
        path: RecordPath,
        key: &'static str,
        args: &[(&'static str, &str)],
    ) -> Self {
        Self::from_phrase(severity, rule, path, Phrase::new(key, args))
    }

    /// A diagnostic whose message is `phrase`, a catalogue text whose parameters may be
    /// catalogue texts themselves.
    pub fn from_phrase(severity: Severity, rule: Rule, path: RecordPath, phrase: Phrase) -> Self {
        Self {
            message: phrase.render(Lang::En),
            text: Some(phrase),
            ..Self::new(severity, rule, path, String::new())
        }
    }

    /// The message in `lang` (the message as given when it did not come from the catalogue).
    pub fn message_in(&self, lang: Lang) -> String {
        match (&self.text, lang) {
            (Some(phrase), Lang::Nl) => phrase.render(lang),
            _ => self.message.clone(),
        }
    }

    /// The diagnostic as one line in `lang`: severity, rule id, path, message.
    pub fn display_in(&self, lang: Lang) -> String {
        format!(
            "{} [{}] {}: {}",
            self.severity.label(lang),
            self.rule,
            self.path.display_in(lang),
            self.message_in(lang)
        )
    }

    /// With the attribute it is about.
    pub fn attribute(mut self, attribute: &'static str) -> Self {
        self.attribute = Some(attribute);
        self
    }

    /// With the offending value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// An error diagnostic from a refused record. A refused value that holds person data (a
    /// BSN given as AGB code, say) is shown masked.
    pub fn from_model_error(error: &crate::model::ModelError, path: RecordPath) -> Self {
        use crate::model::ModelError as E;
        let rule = match error {
            E::AgbCode { .. } => Rule::AgbCode,
            E::Date { .. } | E::DateTime { .. } => Rule::Date,
            E::EndBeforeBegin { .. } => Rule::EndBeforeBegin,
            E::Missing { .. } => Rule::Required,
            E::NoZorgvraagtype => Rule::ZorgvraagtypeMissing,
            E::Character { .. } => Rule::Character,
            E::TooLong { .. } => Rule::TooLong,
        };
        crate::privacy::masked(Self {
            attribute: error.attribute(),
            value: error.value(),
            ..Self::from_phrase(Severity::Error, rule, path, error.phrase())
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_in(Lang::En))
    }
}

/// What quarter selection kept and left out (`docs/information-model.md`, "Which records go into a quarter's file").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SelectionCounts {
    /// Trajectories delivered closed (einddatum in the quarter).
    pub zorgtrajecten_closed: u64,
    /// Trajectories delivered open (no einddatum, or one after the quarter).
    pub zorgtrajecten_open: u64,
    /// Of the open ones: those whose einddatum after the quarter was left out of the file.
    pub einddatum_left_out: u64,
    /// Trajectories left out because they ended before the quarter.
    pub zorgtrajecten_ended_before: u64,
    /// Trajectories left out because they start after the quarter.
    pub zorgtrajecten_start_after: u64,
    /// Loose metingen dated in the quarter (delivered).
    pub loose_metingen_delivered: u64,
    /// Loose metingen dated outside the quarter (left out).
    pub loose_metingen_left_out: u64,
    /// Child records dated after the quarter, left out on request.
    pub children_after_quarter_left_out: u64,
    /// Items outside the allowed list (left out, each with a warning).
    pub items_left_out: u64,
    /// Metingen left without a delivered item (not written, not counted as delivered).
    pub metingen_without_items_left_out: u64,
}

/// Everything found while reading, validating, selecting and writing one delivery.
///
/// # Bounded memory
///
/// Identical diagnostics are kept once: [`Report::push`] folds a diagnostic with the same
/// severity, rule, element, attribute and value (and, when it has no value, the same message)
/// as an earlier one into that earlier *entry*, which counts its occurrences and keeps the
/// first [`MAX_EXAMPLES_PER_ENTRY`](crate::limits::MAX_EXAMPLES_PER_ENTRY) locations. At most
/// [`MAX_REPORT_ENTRIES`](crate::limits::MAX_REPORT_ENTRIES) entries are kept; diagnostics
/// beyond are only counted (per rule and severity). The counts ([`Report::count`],
/// [`Report::counts_by_rule`], [`Report::has_errors`]) are always exact.
///
/// `diagnostics` holds the entries' first instances, in the order found (with their message
/// key and arguments). Code that pushes onto it directly bypasses the folding; each such
/// diagnostic counts once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The distinct diagnostics (the first instance of each entry), in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// What quarter selection did.
    pub selection: SelectionCounts,
    #[serde(skip)]
    tally: Tally,
}

/// How often each entry occurred and where, and what was only counted.
#[derive(Debug, Clone, Default)]
struct Tally {
    /// Random keys for the entry hash (values come from the input: no crafted collisions).
    keys: RandomState,
    /// Entry indexes by the hash of their key (several when hashes collide).
    index: HashMap<u64, Vec<usize>, BuildHasherDefault<Prehashed>>,
    /// Per entry (aligned with `Report::diagnostics`, for those pushed through `push`).
    entries: Vec<EntryTally>,
    /// Diagnostics past the entry limit: counted, not kept.
    unlisted: BTreeMap<(Rule, Severity), u64>,
}

/// Two tallies are equal when they count the same (the index is derived from the entries).
impl PartialEq for Tally {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries && self.unlisted == other.unlisted
    }
}

impl Eq for Tally {}

/// The hasher of the entry index, whose keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hash of an entry's key (see [`same_entry`]): cheap fields and the value, or the message
/// when there is no value.
fn key_hash(
    keys: &RandomState,
    (severity, rule): (Severity, Rule),
    (element, attribute): (Option<&str>, Option<&str>),
    value: Option<&str>,
    message: &str,
) -> u64 {
    let mut h = keys.build_hasher();
    h.write_u8(severity as u8);
    h.write_usize(rule as usize);
    h.write_usize(element.map_or(0, str::len));
    h.write_usize(attribute.map_or(0, str::len));
    match value {
        Some(value) => h.write(value.as_bytes()),
        None => {
            h.write_u8(0xFF);
            h.write(message.as_bytes());
        }
    }
    h.finish()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct EntryTally {
    occurrences: u64,
    /// Locations after the first (the first is the diagnostic's own path).
    more_locations: Vec<RecordPath>,
}

/// One entry of a [`Report`]: a diagnostic, how often it occurred, and where (the first few).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'r> {
    /// The first instance (its path is the first location).
    pub diagnostic: &'r Diagnostic,
    /// How many times it occurred (at least 1).
    pub occurrences: u64,
    more_locations: &'r [RecordPath],
}

impl<'r> Entry<'r> {
    /// The locations kept: the first instance's path, then up to
    /// [`MAX_EXAMPLES_PER_ENTRY`](crate::limits::MAX_EXAMPLES_PER_ENTRY) `- 1` more.
    pub fn locations(&self) -> impl Iterator<Item = &'r RecordPath> + 'r {
        std::iter::once(&self.diagnostic.path).chain(self.more_locations.iter())
    }

    /// How many locations are kept.
    pub fn location_count(&self) -> usize {
        1 + self.more_locations.len()
    }
}

/// What makes a diagnostic with a value the same entry as another: see [`Report::repeat`].
#[derive(Debug, Clone, Copy)]
pub struct EntryKey<'a> {
    /// The severity.
    pub severity: Severity,
    /// The rule.
    pub rule: Rule,
    /// The element (the path's).
    pub element: Option<&'static str>,
    /// The attribute.
    pub attribute: Option<&'static str>,
    /// The offending value.
    pub value: &'a str,
}

impl EntryKey<'_> {
    fn matches(&self, d: &Diagnostic) -> bool {
        d.severity == self.severity
            && d.rule == self.rule
            && d.path.element == self.element
            && d.attribute == self.attribute
            && d.value.as_deref() == Some(self.value)
    }

    /// The same hash as [`entry_hash`] of a diagnostic with this key.
    fn hash(&self, keys: &RandomState) -> u64 {
        let fields = ((self.severity, self.rule), (self.element, self.attribute));
        key_hash(keys, fields.0, fields.1, Some(self.value), "")
    }
}

/// Whether `a` and `b` fold into one entry.
fn same_entry(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.severity == b.severity
        && a.rule == b.rule
        && a.path.element == b.path.element
        && a.attribute == b.attribute
        && a.value == b.value
        && (a.value.is_some() || a.message == b.message)
}

fn entry_hash(keys: &RandomState, d: &Diagnostic) -> u64 {
    let fields = ((d.severity, d.rule), (d.path.element, d.attribute));
    key_hash(keys, fields.0, fields.1, d.value.as_deref(), &d.message)
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a diagnostic (folded into an identical earlier one; see the type's documentation).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.push_repeated(diagnostic, 1, &[]);
    }

    /// Adds `occurrences` instances of `diagnostic` (at least one is counted), with
    /// `more_locations` as further places it occurred.
    pub fn push_repeated(&mut self, diagnostic: Diagnostic, occurrences: u64, more_locations: &[RecordPath]) {
        use crate::limits::{MAX_EXAMPLES_PER_ENTRY, MAX_REPORT_ENTRIES};
        let occurrences = occurrences.max(1);
        let hash = entry_hash(&self.tally.keys, &diagnostic);
        let found = self.tally.index.get(&hash).and_then(|candidates| {
            candidates.iter().copied().find(|&i| {
                self.diagnostics
                    .get(i)
                    .is_some_and(|d| same_entry(d, &diagnostic))
            })
        });
        if let Some(i) = found {
            self.align_tally(i + 1);
            if let Some(entry) = self.tally.entries.get_mut(i) {
                entry.occurrences = entry.occurrences.saturating_add(occurrences);
                let room = MAX_EXAMPLES_PER_ENTRY.saturating_sub(1 + entry.more_locations.len());
                let new = std::iter::once(&diagnostic.path).chain(more_locations.iter());
                entry.more_locations.extend(new.take(room).cloned());
            }
            return;
        }
        if self.diagnostics.len() >= MAX_REPORT_ENTRIES {
            let slot = self
                .tally
                .unlisted
                .entry((diagnostic.rule, diagnostic.severity))
                .or_insert(0);
            *slot = slot.saturating_add(occurrences);
            return;
        }
        let i = self.diagnostics.len();
        self.align_tally(i);
        let keep = MAX_EXAMPLES_PER_ENTRY.saturating_sub(1);
        self.tally.entries.push(EntryTally {
            occurrences,
            more_locations: more_locations.iter().take(keep).cloned().collect(),
        });
        self.tally.index.entry(hash).or_default().push(i);
        self.diagnostics.push(diagnostic);
    }

    /// Counts one more occurrence of the diagnostic `key` at `path` when the report already
    /// has its entry (or is full, so it would only be counted), without the diagnostic being
    /// built; `false` means: build it and [`push`](Report::push) it. For hot checks whose
    /// messages are costly to make (one per unlisted code, hundreds of thousands of times).
    pub fn repeat(&mut self, key: &EntryKey<'_>, path: &RecordPath) -> bool {
        use crate::limits::{MAX_EXAMPLES_PER_ENTRY, MAX_REPORT_ENTRIES};
        let found = self
            .tally
            .index
            .get(&key.hash(&self.tally.keys))
            .and_then(|candidates| {
                candidates
                    .iter()
                    .copied()
                    .find(|&i| self.diagnostics.get(i).is_some_and(|d| key.matches(d)))
            });
        match found {
            Some(i) => {
                self.align_tally(i + 1);
                if let Some(entry) = self.tally.entries.get_mut(i) {
                    entry.occurrences = entry.occurrences.saturating_add(1);
                    if 1 + entry.more_locations.len() < MAX_EXAMPLES_PER_ENTRY {
                        entry.more_locations.push(path.clone());
                    }
                }
                true
            }
            None if self.diagnostics.len() >= MAX_REPORT_ENTRIES => {
                let slot = self.tally.unlisted.entry((key.rule, key.severity)).or_insert(0);
                *slot = slot.saturating_add(1);
                true
            }
            None => false,
        }
    }

    /// Makes `tally.entries` cover the first `len` entries (diagnostics pushed onto the field
    /// directly count once each).
    fn align_tally(&mut self, len: usize) {
        while self.tally.entries.len() < len.min(self.diagnostics.len()) {
            self.tally.entries.push(EntryTally {
                occurrences: 1,
                more_locations: Vec::new(),
            });
        }
    }

    /// The entry at `index` (in the order of `diagnostics`).
    pub fn entry(&self, index: usize) -> Option<Entry<'_>> {
        let diagnostic = self.diagnostics.get(index)?;
        let (occurrences, more_locations) = match self.tally.entries.get(index) {
            Some(t) => (t.occurrences, t.more_locations.as_slice()),
            None => (1, &[][..]),
        };
        Some(Entry {
            diagnostic,
            occurrences,
            more_locations,
        })
    }

    /// Every entry, in the order found.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.diagnostics.len()).filter_map(|i| self.entry(i))
    }

    /// Every diagnostic kept (one per entry), in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.diagnostics.iter()
    }

    /// Diagnostics not kept as entries (past the entry limit), only counted.
    pub fn unlisted(&self) -> u64 {
        self.tally.unlisted.values().sum()
    }

    /// All diagnostics, counting every occurrence.
    pub fn total(&self) -> u64 {
        self.entries().map(|e| e.occurrences).sum::<u64>() + self.unlisted()
    }

    /// Adds every diagnostic of `other` (with their counts and locations) and its selection
    /// counts.
    pub fn merge(&mut self, other: Report) {
        for i in 0..other.diagnostics.len() {
            if let Some(entry) = other.entry(i) {
                let more = entry.more_locations.to_vec();
                self.push_repeated(entry.diagnostic.clone(), entry.occurrences, &more);
            }
        }
        for ((rule, severity), n) in &other.tally.unlisted {
            let slot = self.tally.unlisted.entry((*rule, *severity)).or_insert(0);
            *slot = slot.saturating_add(*n);
        }
        let (a, b) = (&mut self.selection, other.selection);
        a.zorgtrajecten_closed += b.zorgtrajecten_closed;
        a.zorgtrajecten_open += b.zorgtrajecten_open;
        a.einddatum_left_out += b.einddatum_left_out;
        a.zorgtrajecten_ended_before += b.zorgtrajecten_ended_before;
        a.zorgtrajecten_start_after += b.zorgtrajecten_start_after;
        a.loose_metingen_delivered += b.loose_metingen_delivered;
        a.loose_metingen_left_out += b.loose_metingen_left_out;
        a.children_after_quarter_left_out += b.children_after_quarter_left_out;
        a.items_left_out += b.items_left_out;
        a.metingen_without_items_left_out += b.metingen_without_items_left_out;
    }

    /// How many diagnostics have `severity` (every occurrence counts).
    pub fn count(&self, severity: Severity) -> usize {
        let listed: u64 = self
            .entries()
            .filter(|e| e.diagnostic.severity == severity)
            .map(|e| e.occurrences)
            .sum();
        let unlisted: u64 = self
            .tally
            .unlisted
            .iter()
            .filter(|((_, s), _)| *s == severity)
            .map(|(_, n)| *n)
            .sum();
        usize::try_from(listed.saturating_add(unlisted)).unwrap_or(usize::MAX)
    }

    /// Whether any diagnostic is an error (the file must not be written).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
            || self.tally.unlisted.keys().any(|(_, s)| *s == Severity::Error)
    }

    /// The number of diagnostics per rule and severity (every occurrence counts).
    pub fn counts_by_rule(&self) -> BTreeMap<(Rule, Severity), usize> {
        let mut counts = BTreeMap::new();
        let add = |counts: &mut BTreeMap<(Rule, Severity), usize>, key, n: u64| {
            let slot = counts.entry(key).or_insert(0usize);
            *slot = slot.saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
        };
        for e in self.entries() {
            add(
                &mut counts,
                (e.diagnostic.rule, e.diagnostic.severity),
                e.occurrences,
            );
        }
        for (key, n) in &self.tally.unlisted {
            add(&mut counts, *key, *n);
        }
        counts
    }
}

impl<'r> IntoIterator for &'r Report {
    type Item = &'r Diagnostic;
    type IntoIter = std::slice::Iter<'r, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_round_trip() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
    }

    #[test]
    fn paths_read_naturally() {
        let za = RecordPath::zorgaanbieder("12345678");
        let t = za.zorgtraject(Some("EPD-4711"), 3);
        let item = t.child("Meting", 2).child("Item", 5);
        assert_eq!(
            item.to_string(),
            "Zorgaanbieder 12345678 › Zorgtraject 'EPD-4711' › Meting #2 › Item #5"
        );
        assert_eq!(
            za.zorgtraject(None, 3).to_string(),
            "Zorgaanbieder 12345678 › Zorgtraject #3"
        );
        assert_eq!(RecordPath::default().to_string(), "(file)");
    }

    #[test]
    fn errors_are_counted_by_severity() {
        let mut r = Report::new();
        r.push(Diagnostic::new(
            Severity::Warning,
            Rule::ItemNotAllowed,
            RecordPath::default(),
            "w",
        ));
        assert!(!r.has_errors());
        r.push(Diagnostic::new(
            Severity::Error,
            Rule::AgbCode,
            RecordPath::default(),
            "e",
        ));
        assert!(r.has_errors());
        assert_eq!(r.count(Severity::Error), 1);
        assert_eq!(r.counts_by_rule().len(), 2);
    }

    fn unlisted_code(position: usize, code: &str) -> Diagnostic {
        let path = RecordPath::zorgaanbieder("12345678")
            .zorgtraject(None, position)
            .child(crate::names::element::PRESTATIE, 1);
        Diagnostic::localized(
            Severity::Warning,
            Rule::PrestatieUnknown,
            path,
            "lang.name",
            &[("value", code)],
        )
        .attribute(crate::names::attr::PRESTATIE_CODE)
        .value(code)
    }

    #[test]
    fn identical_diagnostics_fold_into_one_counted_entry() {
        use crate::limits::MAX_EXAMPLES_PER_ENTRY;
        let mut r = Report::new();
        for i in 1..=1000 {
            r.push(unlisted_code(i, if i % 2 == 0 { "CO0999" } else { "CO0998" }));
        }
        assert_eq!(r.diagnostics.len(), 2);
        assert_eq!(r.count(Severity::Warning), 1000);
        assert_eq!(r.total(), 1000);
        let first = r.entry(0).unwrap();
        assert_eq!(first.occurrences, 500);
        assert_eq!(first.diagnostic.value.as_deref(), Some("CO0998"));
        // The first instance keeps its catalogue key and arguments.
        let text = first.diagnostic.text.as_ref().unwrap();
        assert_eq!(text.key, "lang.name");
        assert_eq!(
            text.args,
            vec![("value", crate::i18n::Arg::Plain("CO0998".to_string()))]
        );
        let places: Vec<_> = first.locations().map(|p| p.zorgtraject_position).collect();
        assert_eq!(places.len(), MAX_EXAMPLES_PER_ENTRY);
        assert_eq!(places[..3], [Some(1), Some(3), Some(5)]);
        assert_eq!(
            r.counts_by_rule()[&(Rule::PrestatieUnknown, Severity::Warning)],
            1000
        );
    }

    #[test]
    fn distinct_diagnostics_past_the_limit_are_counted_not_kept() {
        use crate::limits::MAX_REPORT_ENTRIES;
        let mut r = Report::new();
        let extra = 7;
        for i in 0..MAX_REPORT_ENTRIES + extra {
            r.push(unlisted_code(1, &format!("XX{i:06}")));
        }
        r.push(Diagnostic::new(
            Severity::Error,
            Rule::AgbCode,
            RecordPath::default(),
            "e",
        ));
        assert_eq!(r.diagnostics.len(), MAX_REPORT_ENTRIES);
        assert_eq!(r.unlisted(), extra as u64 + 1);
        assert_eq!(r.count(Severity::Warning), MAX_REPORT_ENTRIES + extra);
        // An error past the limit still blocks the file.
        assert!(r.has_errors());
        assert_eq!(r.count(Severity::Error), 1);
    }

    #[test]
    fn repeat_counts_an_existing_entry_without_the_diagnostic() {
        let mut r = Report::new();
        let first = unlisted_code(1, "CO0999");
        let key = EntryKey {
            severity: first.severity,
            rule: first.rule,
            element: first.path.element,
            attribute: first.attribute,
            value: "CO0999",
        };
        assert!(!r.repeat(&key, &first.path), "no entry yet: build and push it");
        r.push(first.clone());
        let second = unlisted_code(2, "CO0999");
        assert!(r.repeat(&key, &second.path));
        r.push(unlisted_code(3, "CO0999"));
        let entry = r.entry(0).unwrap();
        assert_eq!(entry.occurrences, 3);
        let places: Vec<_> = entry.locations().map(|p| p.zorgtraject_position).collect();
        assert_eq!(places, [Some(1), Some(2), Some(3)]);
        let other = EntryKey {
            value: "CO0998",
            ..key
        };
        assert!(!r.repeat(&other, &second.path));
    }

    #[test]
    fn merging_keeps_counts_and_direct_pushes_count_once() {
        let mut a = Report::new();
        a.push(unlisted_code(1, "CO0999"));
        a.diagnostics.push(unlisted_code(2, "CO0997"));
        let mut b = Report::new();
        for i in 0..4 {
            b.push(unlisted_code(10 + i, "CO0999"));
        }
        a.merge(b);
        assert_eq!(a.diagnostics.len(), 2);
        assert_eq!(a.entry(0).unwrap().occurrences, 5);
        assert_eq!(a.entry(1).unwrap().occurrences, 1);
        assert_eq!(a.count(Severity::Warning), 6);
        a.push(unlisted_code(3, "CO0997"));
        assert_eq!(
            a.diagnostics.len(),
            3,
            "a direct push is not indexed: a new entry"
        );
        assert_eq!(a.count(Severity::Warning), 7);
    }
}
