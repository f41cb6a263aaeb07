//! Content validation: the privacy guard on every text attribute, codes against their lists,
//! the shapes of score and item_code, dates in order, and the organisation structure.
//!
//! What the model already refuses (AGB codes, real dates, einddatum ≥ begindatum, a typing
//! without codes, empty values) never reaches this module. What is checked here is checked on
//! exactly what goes into the file: [`generate`](crate::generate::generate) validates the
//! trajectories and loose metingen that quarter selection keeps, with their delivered
//! children and items; [`validate_bestand`] validates everything in a file read back.
//!
//! | rule | severity |
//! |---|---|
//! | `cl-d5-diagnose-code-format`, `prestatie-code-format` | error, against a partial list only |
//! | `cl-d5-diagnose-code-unknown`, `zorgvraagtype-code-unknown`, `prestatie-code-unknown`, `meetinstrument-code-unknown`, `item-code-unknown`, `score-unknown` | error against a complete list, warning against a partial one |
//! | `zorgvraagtype-code-normalised` | info |
//! | `child-before-begindatum`, `child-after-einddatum`, `meting-without-items`, `primair-missing` | warning |
//! | `groep-code-unknown`, `score-format`, `item-code-format` | error |
//! | `privacy-bsn`, `privacy-email`, `privacy-phone`, `privacy-date` | error ([`crate::privacy`]) |
//! | `groep-code-blank`, `groep-code-unchecked` (once per run) | info |
//! | `groep-code-trimmed`, `quarter-not-ended` | warning |
//! | `zorgaanbieder-not-contiguous` (a provider given twice) | error |
//! | files read back only: `periode-not-quarter`, `zorgtraject-closed-after-period`, `zorgtraject-ended-before-period`, `zorgtraject-starts-after-period` | error |
//! | files read back only: `item-not-allowed` (a CQi background question) | warning |
//!
//! The privacy guard ([`crate::privacy::admit`]) reads every text attribute before anything
//! else; a value it stops is not checked further, so no other diagnostic shows it unmasked.
//! It also reads the items that the item list leaves out of the file, and the children of a
//! delivered trajectory left out because they are dated after the quarter: an item_code that
//! is a BSN shows that the export maps person data, even if this one would not be delivered.
//!
//! A code is checked against the entries valid on its record's date. A Neven has no date: its
//! code must be valid on some day of the trajectory as delivered, from begindatum to the
//! einddatum written (or the quarter's last day when the trajectory is delivered open).

use time::{Date, PrimitiveDateTime};

use crate::codelists::{format_phrase, CodeLists, Completeness, ListName, Organisatie, Scope, Validity};
use crate::diagnostic::{Diagnostic, EntryKey, RecordPath, Report, Rule, Severity};
use crate::i18n::Phrase;
use crate::model::{
    AgbCode, Bestand, GroepCodeNote, Item, Meting, Prestatie, Primair, Zorgtraject, Zorgvraagtypering,
};
use crate::names::{attr, element};
use crate::privacy;
use crate::quarter::{Periode, Quarter};
use crate::select::{Filter, TrajectView};

/// Checks delivered records against the code lists and the organisation structure.
#[derive(Clone, Copy)]
pub struct Validator<'a> {
    lists: &'a CodeLists,
    organisatie: Option<&'a Organisatie>,
    quarter: Quarter,
}

/// One code to look up: which list, which attribute, which value, when.
struct CodeCheck<'c> {
    list: ListName,
    attribute: &'static str,
    value: &'c str,
    scope: Scope<'c>,
    from: Date,
    to: Date,
}

fn severity_for(completeness: Completeness) -> Severity {
    match completeness {
        Completeness::Complete => Severity::Error,
        Completeness::Partial => Severity::Warning,
    }
}

fn unknown_rule(list: ListName) -> Rule {
    match list {
        ListName::Zorgvraagtype => Rule::ZorgvraagtypeUnknown,
        ListName::Dsm5 | ListName::Diagnosegroep => Rule::Dsm5Unknown,
        ListName::Prestatie => Rule::PrestatieUnknown,
        ListName::Meetinstrument => Rule::MeetinstrumentUnknown,
        ListName::Items => Rule::ItemCodeUnknown,
        ListName::Scores => Rule::ScoreUnknown,
    }
}

/// The rule for a malformed code of a list whose codes have a known shape.
fn format_rule(list: ListName) -> Option<Rule> {
    match list {
        ListName::Dsm5 => Some(Rule::Dsm5Format),
        ListName::Prestatie => Some(Rule::PrestatieFormat),
        _ => None,
    }
}

fn when(from: Date, to: Date) -> Phrase {
    if from == to {
        Phrase::new("when.day", &[("date", &from.to_string())])
    } else {
        Phrase::new(
            "when.range",
            &[("from", &from.to_string()), ("to", &to.to_string())],
        )
    }
}

/// The periods a code is valid in (`from to to, from to to`, as the list gives them), each
/// period as a catalogue text.
fn periods_phrase(periods: &str) -> Phrase {
    let period = |p: &str| match p.split_once(" to ") {
        Some((from, to)) => Phrase::new("period.range", &[("from", from), ("to", to)]),
        None => Phrase::new("text.plain", &[("text", p)]),
    };
    let mut parts = periods.rsplit(", ");
    let last = period(parts.next().unwrap_or_default());
    parts.fold(last, |rest, p| {
        Phrase::new("text.list", &[])
            .text_arg("first", period(p))
            .text_arg("rest", rest)
    })
}

/// The message key of an unknown code: the rule's own key.
fn unknown_key(rule: Rule) -> &'static str {
    rule.id()
}

/// Pairs each delivered record with its 1-based position among all its siblings.
/// `kept` must be a subsequence of `all` (quarter selection only filters, in order).
fn with_positions<'t, T>(all: &'t [T], kept: impl Iterator<Item = &'t T>) -> Vec<(usize, &'t T)> {
    let mut kept = kept.peekable();
    let mut out = Vec::new();
    for (i, record) in all.iter().enumerate() {
        if kept.peek().is_some_and(|k| std::ptr::eq(*k, record)) {
            kept.next();
            out.push((i + 1, record));
        }
    }
    out
}

impl<'a> Validator<'a> {
    /// A validator for the file of `quarter`, with these lists and, when given, the
    /// organisation structure.
    pub fn new(lists: &'a CodeLists, organisatie: Option<&'a Organisatie>, quarter: Quarter) -> Self {
        Self {
            lists,
            organisatie,
            quarter,
        }
    }

    fn check_code(&self, c: CodeCheck<'_>, path: &RecordPath, report: &mut Report) {
        if !privacy::admit(c.attribute, c.value, path, report) {
            return;
        }
        let shape = self.lists.list(c.list).format();
        if let (Some(format), Some(rule)) = (shape, format_rule(c.list)) {
            if !(format.check)(c.value) {
                let message = Phrase::new(rule.id(), &[("attribute", c.attribute), ("value", c.value)])
                    .text_arg("expected", format_phrase(c.list));
                report.push(
                    Diagnostic::from_phrase(Severity::Error, rule, path.clone(), message)
                        .attribute(c.attribute)
                        .value(c.value),
                );
                return;
            }
        }
        let list = self.lists.list(c.list);
        let validity = list.check(c.value, c.scope, c.from, c.to);
        if validity == Validity::Valid {
            return;
        }
        let key = EntryKey {
            severity: severity_for(list.completeness()),
            rule: unknown_rule(c.list),
            element: path.element,
            attribute: Some(c.attribute),
            value: c.value,
        };
        // The same code again: count it, without making its (long) message again.
        if report.repeat(&key, path) {
            return;
        }
        let problem = match validity {
            Validity::Valid => return,
            Validity::Unknown => Phrase::new("code.not-on-list", &[]),
            Validity::OutsidePeriod(periods) => Phrase::new("code.outside-period", &[])
                .text_arg("periods", periods_phrase(&periods))
                .text_arg("when", when(c.from, c.to)),
        };
        let partial = match list.completeness() {
            Completeness::Partial => Phrase::new("code.partial-list", &[]),
            Completeness::Complete => Phrase::new("text.empty", &[]),
        };
        let instrument = match c.scope.meetinstrument_code {
            Some(m) => Phrase::new("code.for-instrument", &[("meetinstrument_code", m)]),
            None => Phrase::new("text.empty", &[]),
        };
        let rule = unknown_rule(c.list);
        let problem = problem
            .arg("list", c.list.as_str())
            .text_arg("instrument", instrument);
        let message = Phrase::new(
            unknown_key(rule),
            &[("attribute", c.attribute), ("value", c.value)],
        )
        .text_arg("problem", problem)
        .text_arg("when", when(c.from, c.to))
        .text_arg("allowed", list.allowed_phrase(c.scope, Some((c.from, c.to))))
        .text_arg("partial", partial);
        report.push(
            Diagnostic::from_phrase(severity_for(list.completeness()), rule, path.clone(), message)
                .attribute(c.attribute)
                .value(c.value),
        );
    }

    /// Validates a trajectory as it goes into the file. `path` is the trajectory's path.
    pub fn zorgtraject(&self, view: &TrajectView<'_>, path: &RecordPath, report: &mut Report) {
        let t = view.traject();
        self.groep_code(t, path, report);
        let begin = t.begindatum();
        let primair = with_positions(t.primair(), view.primair());
        if primair.is_empty() {
            report.push(Diagnostic::localized(
                Severity::Warning,
                Rule::PrimairMissing,
                path.clone(),
                "primair-missing",
                &[],
            ));
        }
        for (pos, p) in primair.iter().copied() {
            let p_path = path.child(element::PRIMAIR, pos);
            let check = CodeCheck::dated(
                ListName::Dsm5,
                attr::CL_D5_DIAGNOSE_CODE,
                p.cl_d5_diagnose_code(),
                p.datum(),
            );
            self.check_code(check, &p_path, report);
            child_date(begin, p.datum(), &p_path, report);
        }
        let end = view
            .einddatum()
            .unwrap_or_else(|| self.quarter.last_day())
            .max(begin);
        for (i, n) in view.neven().enumerate() {
            let check = CodeCheck {
                list: ListName::Dsm5,
                attribute: attr::CL_D5_DIAGNOSE_CODE,
                value: n.cl_d5_diagnose_code(),
                scope: Scope::default(),
                from: begin,
                to: end,
            };
            self.check_code(check, &path.child(element::NEVEN, i + 1), report);
        }
        let typeringen = with_positions(t.zorgvraagtyperingen(), view.zorgvraagtyperingen());
        for (pos, z) in typeringen.iter().copied() {
            let z_path = path.child(element::ZORGVRAAGTYPERING, pos);
            self.zorgvraagtypering(z, &z_path, report);
            child_date(begin, z.datum(), &z_path, report);
            child_after_einddatum(t.einddatum(), z.datum(), &z_path, report);
        }
        let prestaties = with_positions(t.prestaties(), view.prestaties());
        for (pos, p) in prestaties.iter().copied() {
            let p_path = path.child(element::PRESTATIE, pos);
            let check = CodeCheck::dated(
                ListName::Prestatie,
                attr::PRESTATIE_CODE,
                p.prestatie_code(),
                p.datum(),
            );
            self.check_code(check, &p_path, report);
            child_date(begin, p.datum(), &p_path, report);
            child_after_einddatum(t.einddatum(), p.datum(), &p_path, report);
        }
        let filter = view.filter();
        let metingen = with_positions(t.metingen(), view.metingen());
        for (pos, m) in metingen.iter().copied() {
            let m_path = path.child(element::METING, pos);
            self.meting(m, &filter, &m_path, report);
            child_date(begin, m.datum(), &m_path, report);
        }
        guard_children_left_out(t, &primair, &typeringen, &prestaties, &metingen, path, report);
    }

    /// Validates a delivered loose meting with the items `filter` delivers. `path` is the
    /// meting's path.
    pub fn loose_meting(&self, meting: &Meting, filter: &Filter<'_>, path: &RecordPath, report: &mut Report) {
        self.meting(meting, filter, path, report);
    }

    fn meting(&self, meting: &Meting, filter: &Filter<'_>, path: &RecordPath, report: &mut Report) {
        let instrument = meting.meetinstrument_code();
        let datum = meting.datum();
        let check = CodeCheck::dated(
            ListName::Meetinstrument,
            attr::MEETINSTRUMENT_CODE,
            instrument,
            datum,
        );
        self.check_code(check, path, report);
        // An instrument stopped by the privacy guard is never named again (the item and score
        // lists would name it): its items are only guarded.
        let instrument_named = privacy::scan_attribute(attr::MEETINSTRUMENT_CODE, instrument).is_empty();
        let items = with_positions(meting.items(), filter.items(meting));
        guard_left_out(meting.items(), &items, |pos, item| {
            guard_item(item, &path.child(element::ITEM, pos), report);
        });
        if items.is_empty() {
            report.push(Diagnostic::localized(
                Severity::Warning,
                Rule::MetingWithoutItems,
                path.clone(),
                "meting-without-items",
                &[],
            ));
        }
        let items_list_partial = self.lists.list(ListName::Items).completeness() == Completeness::Partial;
        for (pos, item) in items {
            let item_path = path.child(element::ITEM, pos);
            if !shaped(attr::ITEM_CODE, item.item_code(), &item_path, report) || !instrument_named {
                // Stopped by the privacy guard or the shape check: nothing more to say.
            } else if items_list_partial && crate::select::is_excluded_item(instrument, item.item_code()) {
                // Only in a file read back: generate never delivers these.
                background_question(instrument, item.item_code(), &item_path, report);
            } else {
                let mut check = CodeCheck::dated(ListName::Items, attr::ITEM_CODE, item.item_code(), datum);
                check.scope.meetinstrument_code = Some(instrument);
                self.check_code(check, &item_path, report);
            }
            if shaped(attr::SCORE, item.score(), &item_path, report) && instrument_named {
                let mut check = CodeCheck::dated(ListName::Scores, attr::SCORE, item.score(), datum);
                check.scope = Scope {
                    meetinstrument_code: Some(instrument),
                    item_code: Some(item.item_code()),
                };
                self.check_code(check, &item_path, report);
            }
        }
    }

    fn zorgvraagtypering(&self, z: &Zorgvraagtypering, path: &RecordPath, report: &mut Report) {
        let list = self.lists.list(ListName::Zorgvraagtype);
        let codes = [
            (
                attr::ZORGVRAAGTYPE_CODE_HONOS,
                z.zorgvraagtype_code_honos_as_given(),
            ),
            (attr::ZORGVRAAGTYPE_CODE, z.zorgvraagtype_code_as_given()),
        ];
        for (attribute, given) in codes {
            let Some(given) = given else { continue };
            // The file carries the list's own spelling: never one the list does not have.
            let code = list.zorgvraagtype_spelling(given).unwrap_or(given);
            if code != given {
                report.push(
                    Diagnostic::localized(
                        Severity::Info,
                        Rule::ZorgvraagtypeNormalised,
                        path.clone(),
                        "zorgvraagtype-code-normalised",
                        &[("attribute", attribute), ("given", given), ("code", code)],
                    )
                    .attribute(attribute)
                    .value(given),
                );
            }
            let check = CodeCheck::dated(ListName::Zorgvraagtype, attribute, code, z.datum());
            self.check_code(check, path, report);
        }
    }

    fn groep_code(&self, t: &Zorgtraject, path: &RecordPath, report: &mut Report) {
        match t.groep_code_note() {
            Some(GroepCodeNote::Blank) => report.push(
                Diagnostic::localized(
                    Severity::Info,
                    Rule::GroepCodeBlank,
                    path.clone(),
                    "groep-code-blank",
                    &[],
                )
                .attribute(attr::GROEP_CODE),
            ),
            Some(GroepCodeNote::Trimmed) => {
                let shown = t.groep_code().map(privacy::shown).unwrap_or_default();
                report.push(
                    Diagnostic::localized(
                        Severity::Warning,
                        Rule::GroepCodeTrimmed,
                        path.clone(),
                        "groep-code-trimmed",
                        &[("value", &shown)],
                    )
                    .attribute(attr::GROEP_CODE)
                    .value(shown.into_owned()),
                )
            }
            None => {}
        }
        let Some(groep_code) = t.groep_code() else { return };
        if !privacy::admit(attr::GROEP_CODE, groep_code, path, report) {
            return;
        }
        if let Some(org) = self.organisatie.filter(|o| !o.contains(groep_code)) {
            let known: Vec<&str> = org.groep_codes().take(20).collect();
            report.push(
                Diagnostic::from_phrase(
                    Severity::Error,
                    Rule::GroepCodeUnknown,
                    path.clone(),
                    Phrase::new(
                        "groep-code-unknown",
                        &[
                            ("groep_code", groep_code),
                            (
                                "allowed",
                                &format!(
                                    "{}{}",
                                    known.join(", "),
                                    if org.groep_codes().count() > known.len() {
                                        ", …"
                                    } else {
                                        ""
                                    }
                                ),
                            ),
                        ],
                    ),
                )
                .attribute(attr::GROEP_CODE)
                .value(groep_code),
            );
        }
    }

    /// The note that groep_codes were not checked against an organisation structure, when
    /// none is loaded and `delivered_groep_code` says a delivered trajectory had one: say it
    /// once per run, at its end.
    pub fn groep_codes_unchecked(&self, delivered_groep_code: bool) -> Option<Diagnostic> {
        (self.organisatie.is_none() && delivered_groep_code).then(|| {
            Diagnostic::localized(
                Severity::Info,
                Rule::GroepCodeUnchecked,
                RecordPath::default(),
                "groep-code-unchecked",
                &[],
            )
            .attribute(attr::GROEP_CODE)
        })
    }
}

/// Calls `guard` with the position and record of every record of `all` that is not
/// `delivered` (positions of those that are, in order): what selection leaves out of the file
/// still passes the privacy guard, since it shows what the export maps.
fn guard_left_out<T>(all: &[T], delivered: &[(usize, &T)], mut guard: impl FnMut(usize, &T)) {
    if delivered.len() == all.len() {
        return;
    }
    let mut kept = delivered.iter().map(|(pos, _)| *pos).peekable();
    for (i, record) in all.iter().enumerate() {
        if kept.next_if_eq(&(i + 1)).is_none() {
            guard(i + 1, record);
        }
    }
}

fn guard_item(item: &Item, path: &RecordPath, report: &mut Report) {
    privacy::admit(attr::ITEM_CODE, item.item_code(), path, report);
    privacy::admit(attr::SCORE, item.score(), path, report);
}

/// The privacy guard on the children of a delivered trajectory that selection leaves out
/// (dated after the quarter, on request).
fn guard_children_left_out(
    t: &Zorgtraject,
    primair: &[(usize, &Primair)],
    typeringen: &[(usize, &Zorgvraagtypering)],
    prestaties: &[(usize, &Prestatie)],
    metingen: &[(usize, &Meting)],
    path: &RecordPath,
    report: &mut Report,
) {
    guard_left_out(t.primair(), primair, |pos, p| {
        let p_path = path.child(element::PRIMAIR, pos);
        privacy::admit(
            attr::CL_D5_DIAGNOSE_CODE,
            p.cl_d5_diagnose_code(),
            &p_path,
            report,
        );
    });
    guard_left_out(t.zorgvraagtyperingen(), typeringen, |pos, z| {
        let z_path = path.child(element::ZORGVRAAGTYPERING, pos);
        for (attribute, code) in [
            (attr::ZORGVRAAGTYPE_CODE_HONOS, z.zorgvraagtype_code_honos()),
            (attr::ZORGVRAAGTYPE_CODE, z.zorgvraagtype_code()),
        ] {
            if let Some(code) = code {
                privacy::admit(attribute, code, &z_path, report);
            }
        }
    });
    guard_left_out(t.prestaties(), prestaties, |pos, p| {
        let p_path = path.child(element::PRESTATIE, pos);
        privacy::admit(attr::PRESTATIE_CODE, p.prestatie_code(), &p_path, report);
    });
    guard_left_out(t.metingen(), metingen, |pos, m| {
        let m_path = path.child(element::METING, pos);
        privacy::admit(
            attr::MEETINSTRUMENT_CODE,
            m.meetinstrument_code(),
            &m_path,
            report,
        );
        for (i, item) in m.items().iter().enumerate() {
            guard_item(item, &m_path.child(element::ITEM, i + 1), report);
        }
    });
}

/// Checks the shape of an item_code or score that goes into the file: an error when the
/// value is not a short code or number. Returns whether the value is shaped and clean (its
/// list check may follow).
fn shaped(attribute: &'static str, value: &str, path: &RecordPath, report: &mut Report) -> bool {
    let (rule, ok) = match attribute {
        attr::SCORE => (Rule::ScoreFormat, privacy::is_short_number(value)),
        _ => (Rule::ItemCodeFormat, privacy::is_short_code(value)),
    };
    if !privacy::admit(attribute, value, path, report) {
        return false;
    }
    if !ok {
        let shown = privacy::mask(value);
        report.push(
            Diagnostic::localized(
                Severity::Error,
                rule,
                path.clone(),
                rule.id(),
                &[("value", &shown)],
            )
            .attribute(attribute)
            .value(shown),
        );
    }
    ok
}

impl<'c> CodeCheck<'c> {
    /// A code of a record dated `datum`.
    fn dated(list: ListName, attribute: &'static str, value: &'c str, datum: Date) -> Self {
        CodeCheck {
            list,
            attribute,
            value,
            scope: Scope::default(),
            from: datum,
            to: datum,
        }
    }
}

fn child_date(begindatum: Date, datum: Date, path: &RecordPath, report: &mut Report) {
    if datum >= begindatum {
        return;
    }
    report.push(
        Diagnostic::localized(
            Severity::Warning,
            Rule::ChildBeforeBegindatum,
            path.clone(),
            "child-before-begindatum",
            &[
                ("datum", &datum.to_string()),
                ("begindatum", &begindatum.to_string()),
            ],
        )
        .attribute(attr::DATUM)
        .value(crate::datum::format_date(datum)),
    );
}

/// A CQi background question (items 17 to 21) found in a file: the model leaves them out.
fn background_question(instrument: &str, item_code: &str, path: &RecordPath, report: &mut Report) {
    report.push(
        Diagnostic::localized(
            Severity::Warning,
            Rule::ItemNotAllowed,
            path.clone(),
            "item-not-allowed.background",
            &[("item_code", item_code), ("meetinstrument_code", instrument)],
        )
        .attribute(attr::ITEM_CODE)
        .value(item_code),
    );
}

/// A Prestatie or Zorgvraagtypering dated after its trajectory's einddatum: a warning (not
/// for metingen: a CQi filled in after the treatment ended is normal).
fn child_after_einddatum(einddatum: Option<Date>, datum: Date, path: &RecordPath, report: &mut Report) {
    let Some(einddatum) = einddatum.filter(|e| datum > *e) else {
        return;
    };
    let (datum, einddatum) = (
        crate::datum::format_date(datum),
        crate::datum::format_date(einddatum),
    );
    report.push(
        Diagnostic::localized(
            Severity::Warning,
            Rule::ChildAfterEinddatum,
            path.clone(),
            "child-after-einddatum",
            &[
                ("element", path.element.unwrap_or_default()),
                ("datum", &datum),
                ("einddatum", &einddatum),
            ],
        )
        .attribute(attr::DATUM)
        .value(datum.clone()),
    );
}

/// A warning when `datum_creatie` falls on or before the quarter's last day: the model asks for
/// the data of the previous quarter ("data over het voorgaande kwartaal"), and a quarter that
/// has not ended yet is incomplete.
pub fn quarter_not_ended(datum_creatie: PrimitiveDateTime, quarter: Quarter) -> Option<Diagnostic> {
    let created = datum_creatie.date();
    if created > quarter.last_day() {
        return None;
    }
    let key = if created < quarter.first_day() {
        "quarter-not-ended.not-begun"
    } else {
        "quarter-not-ended"
    };
    let value = crate::datum::format_datetime(datum_creatie);
    Some(
        Diagnostic::localized(
            Severity::Warning,
            Rule::QuarterNotEnded,
            RecordPath::default(),
            key,
            &[
                ("datum_creatie", &value),
                ("kwartaal", &quarter.to_string()),
                ("last_day", &crate::datum::format_date(quarter.last_day())),
                ("next_day", &crate::datum::format_date(quarter.next().first_day())),
            ],
        )
        .attribute(attr::DATUM_CREATIE)
        .value(value),
    )
}

/// Checks a file's own period: one calendar quarter, and over when the file was created.
fn check_periode(bestand: &Bestand, periode: &Periode, report: &mut Report) {
    if periode.quarter().is_none() {
        let (begin, end) = (
            crate::datum::format_date(periode.begin),
            crate::datum::format_date(periode.end),
        );
        let path = RecordPath {
            element: Some(element::BESTAND),
            ..RecordPath::default()
        };
        report.push(
            Diagnostic::localized(
                Severity::Error,
                Rule::PeriodNotQuarter,
                path,
                "periode-not-quarter",
                &[
                    ("begin", &begin),
                    ("end", &end),
                    ("kwartaal", &bestand.kwartaal.to_string()),
                    (
                        "first_day",
                        &crate::datum::format_date(bestand.kwartaal.first_day()),
                    ),
                    (
                        "last_day",
                        &crate::datum::format_date(bestand.kwartaal.last_day()),
                    ),
                ],
            )
            .attribute(attr::BEGINDATUM_PERIODE)
            .value(begin.clone()),
        );
    }
    report
        .diagnostics
        .extend(quarter_not_ended(bestand.datum_creatie, bestand.kwartaal));
}

/// Checks that a trajectory found in a file belongs there by the selection rules, for the
/// period `first ..= last` the file covers.
fn check_selection(t: &Zorgtraject, first: Date, last: Date, path: &RecordPath, report: &mut Report) {
    let (rule, key, attribute, value) = if t.begindatum() > last {
        (
            Rule::StartsAfterPeriod,
            "zorgtraject-starts-after-period",
            attr::BEGINDATUM,
            t.begindatum(),
        )
    } else {
        match t.einddatum() {
            Some(end) if end < first => (
                Rule::EndedBeforePeriod,
                "zorgtraject-ended-before-period",
                attr::EINDDATUM,
                end,
            ),
            Some(end) if end > last => (
                Rule::ClosedAfterPeriod,
                "zorgtraject-closed-after-period",
                attr::EINDDATUM,
                end,
            ),
            _ => return,
        }
    };
    let value = crate::datum::format_date(value);
    report.push(
        Diagnostic::localized(
            Severity::Error,
            rule,
            path.clone(),
            key,
            &[
                ("value", &value),
                ("first_day", &crate::datum::format_date(first)),
                ("last_day", &crate::datum::format_date(last)),
            ],
        )
        .attribute(attribute)
        .value(value.clone()),
    );
}

/// Validates everything in a file read back from XML: every record in it counts as delivered.
/// The file's period is taken to be its `kwartaal`; see [`validate_bestand_in_period`].
pub fn validate_bestand(bestand: &Bestand, lists: &CodeLists, organisatie: Option<&Organisatie>) -> Report {
    let periode = Periode::of_quarter(bestand.kwartaal);
    validate_bestand_in_period(bestand, &periode, lists, organisatie)
}

/// Validates everything in a file read back from XML, with the period the file says it covers
/// ([`crate::xml::read::read_bestand_any_period`]): the period itself (one calendar quarter,
/// ended when the file was created), the selection rules for every trajectory (none ended
/// before the period, none starts after it, none closed after it: those are delivered open),
/// a zorgaanbieder given twice, and every content rule.
pub fn validate_bestand_in_period(
    bestand: &Bestand,
    periode: &Periode,
    lists: &CodeLists,
    organisatie: Option<&Organisatie>,
) -> Report {
    let validator = Validator::new(lists, organisatie, bestand.kwartaal);
    let mut report = Report::new();
    check_periode(bestand, periode, &mut report);
    let codes: Vec<_> = bestand.zorgaanbieders.iter().map(|za| za.code()).collect();
    report.diagnostics.extend(zorgaanbieders_given_twice(&codes));
    let everything = Filter::everything();
    let mut groep_code_seen = false;
    for za in &bestand.zorgaanbieders {
        let za_path = RecordPath::zorgaanbieder(za.code().as_str());
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            let path = za_path.zorgtraject(t.id(), i + 1);
            if periode.begin <= periode.end {
                check_selection(t, periode.begin, periode.end, &path, &mut report);
            }
            validator.zorgtraject(&TrajectView::unfiltered(t), &path, &mut report);
            groep_code_seen |= t.groep_code().is_some();
        }
        for (i, m) in za.metingen().iter().enumerate() {
            validator.loose_meting(
                m,
                &everything,
                &za_path.child(element::METING, i + 1),
                &mut report,
            );
        }
    }
    report
        .diagnostics
        .extend(validator.groep_codes_unchecked(groep_code_seen));
    report
}

/// One error for every zorgaanbieder given a second time (or more) in `codes`, in order.
///
/// A provider's records belong in one `Zorgaanbieder` element. Streaming input cannot merge a
/// provider that comes back after another one without holding the whole file, so every input
/// path refuses a provider given twice (rule `zorgaanbieder-not-contiguous`) rather than merge
/// it: give each provider once, with all its records.
pub fn zorgaanbieders_given_twice(codes: &[AgbCode]) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if !seen.insert(*code) {
            out.push(zorgaanbieder_given_twice(*code, i + 1));
        }
    }
    out
}

/// The error for zorgaanbieder `code` given again, at `position` (1-based) among the providers.
pub fn zorgaanbieder_given_twice(code: AgbCode, position: usize) -> Diagnostic {
    Diagnostic::localized(
        Severity::Error,
        Rule::ZorgaanbiederNotContiguous,
        RecordPath::zorgaanbieder(code.as_str()),
        "zorgaanbieder-not-contiguous.twice",
        &[
            ("zorgaanbieder_code", code.as_str()),
            ("position", &position.to_string()),
        ],
    )
    .attribute(attr::ZORGAANBIEDER_CODE)
    .value(code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_input() {
        let all = [1, 2, 3, 4];
        let kept = with_positions(&all, all.iter().filter(|x| **x % 2 == 0));
        assert_eq!(kept, vec![(2, &2), (4, &4)]);
    }
}
