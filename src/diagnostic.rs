//! Diagnostics: every problem found in a delivery, with where it is and what is allowed.

use std::collections::BTreeMap;
use std::fmt;

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

            /// The rule with this id.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
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
    /// groep_code holds a 9-digit number that passes the BSN eleven-test (error: no person
    /// data in the file).
    GroepCodeBsn = "groep-code-bsn",
    /// groep_code holds a date, possibly a birth date (error: no person data in the file).
    GroepCodeDate = "groep-code-date",
}

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
    /// The offending value, as given.
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

    /// An error diagnostic from a refused record.
    pub fn from_model_error(error: &crate::model::ModelError, path: RecordPath) -> Self {
        use crate::model::ModelError as E;
        let rule = match error {
            E::AgbCode { .. } => Rule::AgbCode,
            E::Date { .. } | E::DateTime { .. } => Rule::Date,
            E::EndBeforeBegin { .. } => Rule::EndBeforeBegin,
            E::Missing { .. } => Rule::Required,
            E::NoZorgvraagtype => Rule::ZorgvraagtypeMissing,
            E::Character { .. } => Rule::Character,
        };
        Self {
            attribute: error.attribute(),
            value: error.value(),
            ..Self::from_phrase(Severity::Error, rule, path, error.phrase())
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_in(Lang::En))
    }
}

/// What quarter selection kept and left out (SPEC.md, "Which trajectories go into the file").
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
}

/// Everything found while reading, validating, selecting and writing one delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The diagnostics, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// What quarter selection did.
    pub selection: SelectionCounts,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds every diagnostic of `other` and its selection counts.
    pub fn merge(&mut self, other: Report) {
        self.diagnostics.extend(other.diagnostics);
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
    }

    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether any diagnostic is an error (the file must not be written).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of diagnostics per rule and severity.
    pub fn counts_by_rule(&self) -> BTreeMap<(Rule, Severity), usize> {
        let mut counts = BTreeMap::new();
        for d in &self.diagnostics {
            *counts.entry((d.rule, d.severity)).or_insert(0) += 1;
        }
        counts
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
}
