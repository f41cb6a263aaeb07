//! Content validation: codes against their lists, dates in order, the organisation structure,
//! and the privacy guard on groep_code.
//!
//! What the model already refuses (AGB codes, real dates, einddatum ≥ begindatum, a typing
//! without codes, empty values) never reaches this module. What is checked here is checked on
//! exactly what goes into the file: [`generate`](crate::generate::generate) validates the
//! trajectories and loose metingen that quarter selection keeps, with their delivered
//! children and items; [`validate_bestand`] validates everything in a file read back.
//!
//! | rule | severity |
//! |---|---|
//! | `cl-d5-diagnose-code-format`, `prestatie-code-format` | error |
//! | `cl-d5-diagnose-code-unknown`, `zorgvraagtype-code-unknown`, `prestatie-code-unknown`, `meetinstrument-code-unknown`, `item-code-unknown`, `score-unknown` | error against a complete list, warning against a partial one |
//! | `zorgvraagtype-code-normalised` | info |
//! | `child-before-begindatum`, `meting-without-items`, `primair-missing` | warning |
//! | `groep-code-unknown`, `groep-code-bsn`, `groep-code-date` | error |
//!
//! A code is checked against the entries valid on its record's date. A Neven has no date: its
//! code must be valid on some day of the trajectory as delivered, from begindatum to the
//! einddatum written (or the quarter's last day when the trajectory is delivered open).

use time::{Date, Month};

use crate::codelists::{CodeLists, Completeness, ListName, Organisatie, Scope, Validity};
use crate::diagnostic::{Diagnostic, EntryKey, RecordPath, Report, Rule, Severity};
use crate::model::{Bestand, Meting, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;
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

fn when(from: Date, to: Date) -> String {
    if from == to {
        format!("on {from}")
    } else {
        format!("at any day from {from} to {to}")
    }
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
        if let (Some(format), Some(rule)) = (c.list.format(), format_rule(c.list)) {
            if !(format.check)(c.value) {
                let message = format!(
                    "{} '{}' is malformed: expected {}",
                    c.attribute, c.value, format.description
                );
                report.push(
                    Diagnostic::new(Severity::Error, rule, path.clone(), message)
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
        let (problem, note) = match validity {
            Validity::Valid => return,
            Validity::Unknown => ("is not on".to_string(), String::new()),
            Validity::OutsidePeriod(periods) => (
                format!("is not valid {} on", when(c.from, c.to)),
                format!(" (it is valid {periods})"),
            ),
        };
        let partial = match list.completeness() {
            Completeness::Partial => {
                "; the list is partial, so this is a warning: load the official list to check fully"
            }
            Completeness::Complete => "",
        };
        let instrument = c
            .scope
            .meetinstrument_code
            .map(|m| format!(" for {m}"))
            .unwrap_or_default();
        let message = format!(
            "{} '{}' {problem} the {} list{instrument}{note}; allowed {}: {}{partial}",
            c.attribute,
            c.value,
            c.list,
            when(c.from, c.to),
            list.describe_allowed(c.scope, Some((c.from, c.to))),
        );
        report.push(
            Diagnostic::new(
                severity_for(list.completeness()),
                unknown_rule(c.list),
                path.clone(),
                message,
            )
            .attribute(c.attribute)
            .value(c.value),
        );
    }

    /// Validates a trajectory as it goes into the file. `path` is the trajectory's path.
    pub fn zorgtraject(&self, view: &TrajectView<'_>, path: &RecordPath, report: &mut Report) {
        let t = view.traject();
        if let Some(groep_code) = t.groep_code() {
            self.groep_code(groep_code, path, report);
        }
        let begin = t.begindatum();
        let primair = with_positions(t.primair(), view.primair());
        if primair.is_empty() {
            report.push(Diagnostic::new(
                Severity::Warning,
                Rule::PrimairMissing,
                path.clone(),
                "the trajectory has no primary diagnosis (Primair); the PVM cannot assign a diagnosegroep: deliver the primary DSM-5 diagnosis",
            ));
        }
        for (pos, p) in primair {
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
        for (pos, z) in with_positions(t.zorgvraagtyperingen(), view.zorgvraagtyperingen()) {
            let z_path = path.child(element::ZORGVRAAGTYPERING, pos);
            self.zorgvraagtypering(z, &z_path, report);
            child_date(begin, z.datum(), &z_path, report);
        }
        for (pos, p) in with_positions(t.prestaties(), view.prestaties()) {
            let p_path = path.child(element::PRESTATIE, pos);
            let check = CodeCheck::dated(
                ListName::Prestatie,
                attr::PRESTATIE_CODE,
                p.prestatie_code(),
                p.datum(),
            );
            self.check_code(check, &p_path, report);
            child_date(begin, p.datum(), &p_path, report);
        }
        let filter = view.filter();
        for (pos, m) in with_positions(t.metingen(), view.metingen()) {
            let m_path = path.child(element::METING, pos);
            self.meting(m, &filter, &m_path, report);
            child_date(begin, m.datum(), &m_path, report);
        }
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
        let items = with_positions(meting.items(), filter.items(meting));
        if items.is_empty() {
            report.push(Diagnostic::new(
                Severity::Warning,
                Rule::MetingWithoutItems,
                path.clone(),
                "the Meting is delivered without items (none given, or none on the item list); a meting carries its answered items: deliver them or leave the meting out",
            ));
        }
        for (pos, item) in items {
            let item_path = path.child(element::ITEM, pos);
            let mut check = CodeCheck::dated(ListName::Items, attr::ITEM_CODE, item.item_code(), datum);
            check.scope.meetinstrument_code = Some(instrument);
            self.check_code(check, &item_path, report);
            let mut check = CodeCheck::dated(ListName::Scores, attr::SCORE, item.score(), datum);
            check.scope = Scope {
                meetinstrument_code: Some(instrument),
                item_code: Some(item.item_code()),
            };
            self.check_code(check, &item_path, report);
        }
    }

    fn zorgvraagtypering(&self, z: &Zorgvraagtypering, path: &RecordPath, report: &mut Report) {
        let codes = [
            (
                attr::ZORGVRAAGTYPE_CODE_HONOS,
                z.zorgvraagtype_code_honos(),
                z.normalised_from_honos(),
            ),
            (
                attr::ZORGVRAAGTYPE_CODE,
                z.zorgvraagtype_code(),
                z.normalised_from(),
            ),
        ];
        for (attribute, code, given) in codes {
            let Some(code) = code else { continue };
            if let Some(given) = given {
                report.push(
                    Diagnostic::new(
                        Severity::Info,
                        Rule::ZorgvraagtypeNormalised,
                        path.clone(),
                        format!("{attribute} '{given}' is delivered as '{code}': the file writes zorgvraagtype codes as plain numbers (1-8, 10-21)"),
                    )
                    .attribute(attribute)
                    .value(given),
                );
            }
            let check = CodeCheck::dated(ListName::Zorgvraagtype, attribute, code, z.datum());
            self.check_code(check, path, report);
        }
    }

    fn groep_code(&self, groep_code: &str, path: &RecordPath, report: &mut Report) {
        let mut push = |rule, message: String| {
            report.push(
                Diagnostic::new(Severity::Error, rule, path.clone(), message)
                    .attribute(attr::GROEP_CODE)
                    .value(groep_code),
            );
        };
        if let Some(bsn) = find_bsn(groep_code) {
            push(
                Rule::GroepCodeBsn,
                format!("groep_code '{groep_code}' contains '{bsn}', a 9-digit number that passes the BSN eleven-test; the file must stay anonymous: use a location or department code from the organisation structure"),
            );
        }
        if let Some(date) = find_date(groep_code) {
            push(
                Rule::GroepCodeDate,
                format!("groep_code '{groep_code}' contains the date '{date}' (possibly a birth date); the file must stay anonymous: use a location or department code without dates"),
            );
        }
        if let Some(org) = self.organisatie.filter(|o| !o.contains(groep_code)) {
            let known: Vec<&str> = org.groep_codes().take(20).collect();
            push(
                Rule::GroepCodeUnknown,
                format!(
                    "groep_code '{groep_code}' is not in the organisation structure; allowed: {}{}",
                    known.join(", "),
                    if org.groep_codes().count() > known.len() {
                        ", …"
                    } else {
                        ""
                    }
                ),
            );
        }
    }
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
        Diagnostic::new(
            Severity::Warning,
            Rule::ChildBeforeBegindatum,
            path.clone(),
            format!("datum {datum} lies before the trajectory's begindatum {begindatum}; expected a date on or after {begindatum}"),
        )
        .attribute(attr::DATUM)
        .value(crate::datum::format_date(datum)),
    );
}

/// Validates everything in a file read back from XML: every record in it counts as delivered.
pub fn validate_bestand(bestand: &Bestand, lists: &CodeLists, organisatie: Option<&Organisatie>) -> Report {
    let validator = Validator::new(lists, organisatie, bestand.kwartaal);
    let mut report = Report::new();
    let everything = Filter::everything();
    for za in &bestand.zorgaanbieders {
        let za_path = RecordPath::zorgaanbieder(za.code().as_str());
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            let path = za_path.zorgtraject(t.id(), i + 1);
            validator.zorgtraject(&TrajectView::unfiltered(t), &path, &mut report);
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
}

/// Whether nine digits pass the BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible
/// by 11. Anything but exactly nine ASCII digits fails; so do nine zeros.
pub fn passes_elfproef(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) || b.iter().all(|d| *d == b'0') {
        return false;
    }
    let sum: i64 = b
        .iter()
        .zip([9i64, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(d, w)| i64::from(d - b'0') * w)
        .sum();
    sum % 11 == 0
}

/// The maximal runs of ASCII digits in `text`.
fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// The first run of exactly nine digits in `text` that passes the BSN eleven-test.
pub fn find_bsn(text: &str) -> Option<&str> {
    digit_runs(text).find(|run| passes_elfproef(run))
}

/// A piece of text, for finding dates: a run of digits, a separator, or anything else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token<'t> {
    Digits(&'t str),
    Separator(char),
    Other,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Token::Digits(text.get(s..i).unwrap_or_default()));
        }
        out.push(if matches!(c, '-' | '/' | '.') {
            Token::Separator(c)
        } else {
            Token::Other
        });
    }
    if let Some(s) = start {
        out.push(Token::Digits(text.get(s..).unwrap_or_default()));
    }
    out
}

/// Whether year/month/day (as digit strings) make a real date with a year 1900–2099.
fn real_date(year: &str, month: &str, day: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (year.parse::<i32>(), month.parse::<u8>(), day.parse::<u8>()) else {
        return false;
    };
    (1900..=2099).contains(&y)
        && Month::try_from(m)
            .ok()
            .is_some_and(|m| Date::from_calendar_date(y, m, d).is_ok())
}

fn separated_date(window: &[Token<'_>]) -> Option<String> {
    let [Token::Digits(a), Token::Separator(s1), Token::Digits(b), Token::Separator(s2), Token::Digits(c)] =
        *window
    else {
        return None;
    };
    let short = |x: &str| (1..=2).contains(&x.len());
    let found = s1 == s2
        && ((short(a) && short(b) && c.len() == 4 && real_date(c, b, a))
            || (a.len() == 4 && short(b) && short(c) && real_date(a, b, c)));
    found.then(|| format!("{a}{s1}{b}{s2}{c}"))
}

fn compact_date(run: &str) -> bool {
    let part = |r: std::ops::Range<usize>| run.get(r).unwrap_or_default();
    run.len() == 8
        && (real_date(part(4..8), part(2..4), part(0..2)) || real_date(part(0..4), part(4..6), part(6..8)))
}

/// The first date in `text`: `dd-mm-yyyy` or `yyyy-mm-dd` with `-`, `/` or `.` as separator
/// (day and month may be one digit), or eight digits in a row read as `ddmmyyyy` or
/// `yyyymmdd`; only real dates with a year from 1900 to 2099 count.
pub fn find_date(text: &str) -> Option<String> {
    let tokens = tokens(text);
    if let Some(found) = tokens.windows(5).find_map(separated_date) {
        return Some(found);
    }
    digit_runs(text).find(|run| compact_date(run)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elfproef() {
        assert!(passes_elfproef("111222333"));
        assert!(!passes_elfproef("123456789"));
        assert!(!passes_elfproef("000000000"));
        assert!(!passes_elfproef("11122233"));
        assert!(!passes_elfproef("1112223333"));
        assert_eq!(find_bsn("Team 111222333 Noord"), Some("111222333"));
        assert_eq!(find_bsn("Team 1111222333"), None);
        assert_eq!(find_bsn("123456789"), None);
    }

    #[test]
    fn dates_in_text() {
        for (text, found) in [
            ("Kliniek 01-02-1985", "01-02-1985"),
            ("1985-02-01 team", "1985-02-01"),
            ("x 1/2/1985", "1/2/1985"),
            ("geb.31.12.2001", "31.12.2001"),
            ("P01021985", "01021985"),
            ("19850201", "19850201"),
        ] {
            assert_eq!(find_date(text).as_deref(), Some(found), "{text}");
        }
        for text in [
            "Locatie A",
            "31-02-1985",
            "01-02/1985",
            "Afdeling 12-2024",
            "12345678",
            "01-02-85",
            "01-13-1985",
            "Team 2",
            "01-02-2150",
        ] {
            assert_eq!(find_date(text), None, "{text}");
        }
    }

    #[test]
    fn positions_follow_the_input() {
        let all = [1, 2, 3, 4];
        let kept = with_positions(&all, all.iter().filter(|x| **x % 2 == 0));
        assert_eq!(kept, vec![(2, &2), (4, &4)]);
    }
}
