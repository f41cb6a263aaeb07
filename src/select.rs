//! Quarter selection: which trajectories, children, loose metingen and items go into the file
//! of a quarter (`docs/information-model.md`, "Which records go into a quarter's file").

use time::Date;

use crate::codelists::CodeList;
use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::i18n::{Lang, Phrase};
use crate::model::{Item, Meting, Neven, Prestatie, Primair, Zorgtraject, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;

/// Decides which items of a meting may be delivered (selection rule 6 of `docs/information-model.md`).
pub trait ItemPolicy: Send + Sync {
    /// Whether item `item_code` of `meetinstrument_code`, filled in on `datum`, is on the list.
    fn allows(&self, meetinstrument_code: &str, item_code: &str, datum: Date) -> bool;
    /// A short description of what is allowed, for the warning.
    fn allowed(&self) -> String;
    /// [`ItemPolicy::allowed`] as a catalogue text, to render in either language.
    fn allowed_phrase(&self) -> Phrase {
        Phrase::new("text.plain", &[("text", &self.allowed())])
    }
}

/// The bundled default: items `1` to `16` of the CQi-GGZ-VZ-AKWA.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreCqiItems;

impl ItemPolicy for CoreCqiItems {
    fn allows(&self, _meetinstrument_code: &str, item_code: &str, _datum: Date) -> bool {
        matches!(item_code.parse::<u8>(), Ok(1..=16)) && !item_code.starts_with(['0', '+'])
    }
    fn allowed(&self) -> String {
        self.allowed_phrase().render(Lang::En)
    }
    fn allowed_phrase(&self) -> Phrase {
        Phrase::new("select.items.core-cqi", &[])
    }
}

/// Lets every item through: for writing a file exactly as it was read.
#[derive(Debug, Clone, Copy, Default)]
pub struct AllItems;

impl ItemPolicy for AllItems {
    fn allows(&self, _: &str, _: &str, _: Date) -> bool {
        true
    }
    fn allowed(&self) -> String {
        "any item".to_string()
    }
}

/// How a trajectory takes part in the file of a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inclusion {
    /// einddatum lies in the quarter: delivered closed, with that einddatum.
    Closed,
    /// No einddatum: delivered open.
    Open,
    /// einddatum after the quarter: delivered as open, the einddatum left out of the file.
    OpenEndsAfterQuarter,
}

/// Why a trajectory is not in the file of a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// It ended before the quarter began.
    EndedBefore,
    /// It begins after the quarter ended.
    StartsAfter,
}

/// Classifies a trajectory for quarter `q` (selection rules 1–3 of `docs/information-model.md`).
pub fn classify(begindatum: Date, einddatum: Option<Date>, q: Quarter) -> Result<Inclusion, Exclusion> {
    if begindatum > q.last_day() {
        return Err(Exclusion::StartsAfter);
    }
    match einddatum {
        None => Ok(Inclusion::Open),
        Some(end) if end < q.first_day() => Err(Exclusion::EndedBefore),
        Some(end) if end <= q.last_day() => Ok(Inclusion::Closed),
        Some(_) => Ok(Inclusion::OpenEndsAfterQuarter),
    }
}

impl Inclusion {
    /// The einddatum to write for a trajectory that ends on `einddatum`.
    pub fn einddatum_written(self, einddatum: Option<Date>) -> Option<Date> {
        match self {
            Inclusion::Closed => einddatum,
            Inclusion::Open | Inclusion::OpenEndsAfterQuarter => None,
        }
    }
}

/// Options of quarter selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SelectionOptions {
    /// Leave out child records dated after the quarter (not the default: selection rule 4 delivers
    /// all of them). For reproducible re-deliveries of old quarters.
    pub drop_children_after_quarter: bool,
}

/// The CQi-GGZ-VZ-AKWA items the model leaves out by name: "Lever alleen de eerste 16 items
/// van de CQi-GGZ-VZ-AKWA aan en de optionele thema's" excludes the five background questions,
/// items 17 to 21. Every other item (the optional themes included) is delivered.
pub fn is_excluded_item(meetinstrument_code: &str, item_code: &str) -> bool {
    meetinstrument_code == CQI_GGZ_VZ_AKWA
        && matches!(item_code.parse::<u8>(), Ok(17..=21))
        && !item_code.starts_with(['0', '+'])
}

/// The meetinstrument of the model.
const CQI_GGZ_VZ_AKWA: &str = "CQi-GGZ-VZ-AKWA";

/// What of a record's children is delivered: the date cut-off, the item list, the
/// zorgvraagtype spellings, and whether a meting left without items is still written.
#[derive(Clone, Copy)]
pub struct Filter<'a> {
    cutoff: Option<Date>,
    items: &'a dyn ItemPolicy,
    zorgvraagtype: Option<&'a CodeList>,
    keep_empty_metingen: bool,
}

impl<'a> Filter<'a> {
    /// A filter that keeps every child dated up to `cutoff` (all when `None`), applies
    /// `items`, and leaves out metingen without a delivered item.
    pub fn new(cutoff: Option<Date>, items: &'a dyn ItemPolicy) -> Self {
        Self {
            cutoff,
            items,
            zorgvraagtype: None,
            keep_empty_metingen: false,
        }
    }

    /// The same filter, writing zorgvraagtype codes in the spelling `list` has.
    pub fn with_zorgvraagtype_list(mut self, list: &'a CodeList) -> Self {
        self.zorgvraagtype = Some(list);
        self
    }

    /// Keeps everything: writes records exactly as they are.
    pub fn everything() -> Filter<'static> {
        Filter {
            cutoff: None,
            items: &AllItems,
            zorgvraagtype: None,
            keep_empty_metingen: true,
        }
    }

    fn keeps(&self, datum: Date) -> bool {
        self.cutoff.is_none_or(|c| datum <= c)
    }

    /// Whether `meting` goes into the file: dated up to the cut-off, and with at least one
    /// delivered item (a meting left without items is not written).
    pub fn delivers(&self, meting: &Meting) -> bool {
        self.keeps(meting.datum()) && (self.keep_empty_metingen || self.items(meting).next().is_some())
    }

    /// The spelling of zorgvraagtype `code` written to the file: the one the zorgvraagtype
    /// list has, or `code` as given when the list has none (or no list applies).
    pub fn zorgvraagtype_spelling<'c>(&self, code: &'c str) -> &'c str
    where
        'a: 'c,
    {
        self.zorgvraagtype
            .and_then(|list| list.zorgvraagtype_spelling(code))
            .unwrap_or(code)
    }

    /// The items of `meting` that are delivered.
    pub fn items<'m>(&self, meting: &'m Meting) -> impl Iterator<Item = &'m Item> + use<'m, 'a> {
        let items = self.items;
        meting
            .items()
            .iter()
            .filter(move |i| items.allows(meting.meetinstrument_code(), i.item_code(), meting.datum()))
    }
}

/// A trajectory as it goes into the file: the einddatum to write and the children to keep.
#[derive(Clone, Copy)]
pub struct TrajectView<'a> {
    traject: &'a Zorgtraject,
    einddatum: Option<Date>,
    filter: Filter<'a>,
    exactly_as_given: bool,
}

impl<'a> TrajectView<'a> {
    /// The trajectory exactly as it is (for writing what was read).
    pub fn unfiltered(traject: &'a Zorgtraject) -> Self {
        Self {
            traject,
            einddatum: traject.einddatum(),
            filter: Filter::everything(),
            exactly_as_given: true,
        }
    }

    /// The groep_code written to the file: trimmed (a blank one left out) in a delivery, the
    /// value as given when the trajectory is written exactly as it is.
    pub fn groep_code(&self) -> Option<&'a str> {
        if self.exactly_as_given {
            self.traject.groep_code_as_given()
        } else {
            self.traject.groep_code()
        }
    }

    /// The underlying record.
    pub fn traject(&self) -> &'a Zorgtraject {
        self.traject
    }
    /// The einddatum written to the file.
    pub fn einddatum(&self) -> Option<Date> {
        self.einddatum
    }
    /// The filter applied to children.
    pub fn filter(&self) -> Filter<'a> {
        self.filter
    }
    /// Delivered primary diagnoses.
    pub fn primair(&self) -> impl Iterator<Item = &'a Primair> + use<'a> {
        let f = self.filter;
        self.traject.primair().iter().filter(move |r| f.keeps(r.datum()))
    }
    /// Delivered secondary diagnoses (undated: always all).
    pub fn neven(&self) -> impl Iterator<Item = &'a Neven> + use<'a> {
        self.traject.neven().iter()
    }
    /// Delivered typings.
    pub fn zorgvraagtyperingen(&self) -> impl Iterator<Item = &'a Zorgvraagtypering> + use<'a> {
        let f = self.filter;
        self.traject
            .zorgvraagtyperingen()
            .iter()
            .filter(move |r| f.keeps(r.datum()))
    }
    /// Delivered prestaties.
    pub fn prestaties(&self) -> impl Iterator<Item = &'a Prestatie> + use<'a> {
        let f = self.filter;
        self.traject
            .prestaties()
            .iter()
            .filter(move |r| f.keeps(r.datum()))
    }
    /// Delivered linked metingen (those with at least one delivered item).
    pub fn metingen(&self) -> impl Iterator<Item = &'a Meting> + use<'a> {
        let f = self.filter;
        self.traject.metingen().iter().filter(move |r| f.delivers(r))
    }
    /// Whether anything is written inside the trajectory's element.
    pub fn has_children(&self) -> bool {
        self.primair().next().is_some()
            || self.neven().next().is_some()
            || self.zorgvraagtyperingen().next().is_some()
            || self.prestaties().next().is_some()
            || self.metingen().next().is_some()
    }
}

/// Applies quarter selection record by record, counting and reporting every drop.
pub struct Selector<'a> {
    quarter: Quarter,
    options: SelectionOptions,
    items: &'a dyn ItemPolicy,
    zorgvraagtype: Option<&'a CodeList>,
}

impl<'a> Selector<'a> {
    /// A selector for `quarter`.
    pub fn new(quarter: Quarter, options: SelectionOptions, items: &'a dyn ItemPolicy) -> Self {
        Self {
            quarter,
            options,
            items,
            zorgvraagtype: None,
        }
    }

    /// The same selector, writing zorgvraagtype codes in the spelling `list` has.
    pub fn with_zorgvraagtype_list(mut self, list: &'a CodeList) -> Self {
        self.zorgvraagtype = Some(list);
        self
    }

    /// The quarter selected for.
    pub fn quarter(&self) -> Quarter {
        self.quarter
    }

    fn filter(&self) -> Filter<'a> {
        let cutoff = self
            .options
            .drop_children_after_quarter
            .then(|| self.quarter.last_day());
        self.with_spellings(Filter::new(cutoff, self.items))
    }

    fn with_spellings(&self, filter: Filter<'a>) -> Filter<'a> {
        match self.zorgvraagtype {
            Some(list) => filter.with_zorgvraagtype_list(list),
            None => filter,
        }
    }

    /// The trajectory as delivered, or `None` when it is not in the quarter's file.
    /// `path` is the trajectory's own path; drops are counted and reported in `report`.
    pub fn zorgtraject<'t>(
        &self,
        traject: &'t Zorgtraject,
        path: &RecordPath,
        report: &mut Report,
    ) -> Option<TrajectView<'t>>
    where
        'a: 't,
    {
        let counts = &mut report.selection;
        let inclusion = match classify(traject.begindatum(), traject.einddatum(), self.quarter) {
            Ok(inclusion) => inclusion,
            Err(Exclusion::EndedBefore) => {
                counts.zorgtrajecten_ended_before += 1;
                return None;
            }
            Err(Exclusion::StartsAfter) => {
                counts.zorgtrajecten_start_after += 1;
                return None;
            }
        };
        match inclusion {
            Inclusion::Closed => counts.zorgtrajecten_closed += 1,
            Inclusion::Open => counts.zorgtrajecten_open += 1,
            Inclusion::OpenEndsAfterQuarter => {
                counts.zorgtrajecten_open += 1;
                counts.einddatum_left_out += 1;
            }
        }
        let view = TrajectView {
            traject,
            einddatum: inclusion.einddatum_written(traject.einddatum()),
            filter: self.filter(),
            exactly_as_given: false,
        };
        self.report_children_left_out(&view, path, report);
        let filter = view.filter();
        for (i, meting) in traject.metingen().iter().enumerate() {
            if !filter.keeps(meting.datum()) {
                continue;
            }
            let meting_path = path.child(element::METING, i + 1);
            self.report_items_left_out(meting, &meting_path, report);
            if !filter.delivers(meting) {
                report_meting_left_out(meting, &meting_path, report);
            }
        }
        Some(view)
    }

    /// Whether a loose meting is delivered (its datum lies in the quarter: selection rule 5).
    /// `path` is the meting's own path; dropped items are reported in `report`.
    pub fn loose_meting(&self, meting: &Meting, path: &RecordPath, report: &mut Report) -> bool {
        if !self.quarter.contains(meting.datum()) {
            report.selection.loose_metingen_left_out += 1;
            return false;
        }
        self.report_items_left_out(meting, path, report);
        if !self.meting_filter().delivers(meting) {
            report_meting_left_out(meting, path, report);
            return false;
        }
        report.selection.loose_metingen_delivered += 1;
        true
    }

    /// The filter for the items of delivered loose metingen.
    pub fn meting_filter(&self) -> Filter<'a> {
        self.with_spellings(Filter::new(None, self.items))
    }

    fn report_children_left_out(&self, view: &TrajectView<'_>, path: &RecordPath, report: &mut Report) {
        if !self.options.drop_children_after_quarter {
            return;
        }
        let t = view.traject();
        let filter = view.filter();
        let kept = view.primair().count()
            + view.zorgvraagtyperingen().count()
            + view.prestaties().count()
            + t.metingen().iter().filter(|m| filter.keeps(m.datum())).count();
        let total =
            t.primair().len() + t.zorgvraagtyperingen().len() + t.prestaties().len() + t.metingen().len();
        let left_out = total - kept;
        if left_out == 0 {
            return;
        }
        report.selection.children_after_quarter_left_out += left_out as u64;
        report.push(Diagnostic::localized(
            Severity::Info,
            Rule::ChildAfterQuarter,
            path.clone(),
            "child-after-quarter",
            &[
                ("count", &left_out.to_string()),
                ("last_day", &self.quarter.last_day().to_string()),
            ],
        ));
    }

    fn report_items_left_out(&self, meting: &Meting, path: &RecordPath, report: &mut Report) {
        for (i, item) in meting.items().iter().enumerate() {
            if self
                .items
                .allows(meting.meetinstrument_code(), item.item_code(), meting.datum())
            {
                continue;
            }
            report.selection.items_left_out += 1;
            let shown = crate::privacy::shown_code(item.item_code());
            report.push(
                Diagnostic::from_phrase(
                    Severity::Warning,
                    Rule::ItemNotAllowed,
                    path.child(element::ITEM, i + 1),
                    Phrase::new(
                        "item-not-allowed",
                        &[
                            ("item_code", &shown),
                            (
                                "meetinstrument_code",
                                &crate::privacy::shown(meting.meetinstrument_code()),
                            ),
                            ("datum", &meting.datum().to_string()),
                        ],
                    )
                    .text_arg("allowed", self.items.allowed_phrase()),
                )
                .attribute(attr::ITEM_CODE)
                .value(shown.into_owned()),
            );
        }
    }
}

/// Reports and counts a meting that is not written because none of its items is delivered.
fn report_meting_left_out(meting: &Meting, path: &RecordPath, report: &mut Report) {
    report.selection.metingen_without_items_left_out += 1;
    let given = meting.items().len().to_string();
    report.push(
        Diagnostic::localized(
            Severity::Warning,
            Rule::MetingWithoutItems,
            path.clone(),
            "meting-without-items.left-out",
            &[
                ("meetinstrument_code", meting.meetinstrument_code()),
                ("datum", &crate::datum::format_date(meting.datum())),
                ("items_given", &given),
            ],
        )
        .attribute(attr::MEETINSTRUMENT_CODE)
        .value(meting.meetinstrument_code()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn q1() -> Quarter {
        "2024-Q1".parse().unwrap()
    }

    /// The seven worked examples of `docs/information-model.md`, for 2024-Q1.
    #[test]
    fn worked_examples_of_the_spec() {
        let cases: [(Date, Option<Date>, Option<Option<Date>>); 7] = [
            (
                date!(2023 - 06 - 01),
                Some(date!(2024 - 02 - 15)),
                Some(Some(date!(2024 - 02 - 15))),
            ),
            (date!(2023 - 06 - 01), None, Some(None)),
            (date!(2023 - 06 - 01), Some(date!(2024 - 05 - 10)), Some(None)),
            (date!(2024 - 03 - 31), None, Some(None)),
            (
                date!(2024 - 01 - 01),
                Some(date!(2024 - 01 - 01)),
                Some(Some(date!(2024 - 01 - 01))),
            ),
            (date!(2023 - 06 - 01), Some(date!(2023 - 12 - 31)), None),
            (date!(2024 - 04 - 01), None, None),
        ];
        for (begin, end, expected) in cases {
            let got = classify(begin, end, q1())
                .ok()
                .map(|inc| inc.einddatum_written(end));
            assert_eq!(got, expected, "begindatum {begin}, einddatum {end:?}");
        }
    }

    #[test]
    fn einddatum_after_quarter_is_open_not_closed() {
        let got = classify(date!(2023 - 06 - 01), Some(date!(2024 - 05 - 10)), q1());
        assert_eq!(got, Ok(Inclusion::OpenEndsAfterQuarter));
        assert_eq!(
            classify(date!(2024 - 04 - 01), None, q1()),
            Err(Exclusion::StartsAfter)
        );
        assert_eq!(
            classify(date!(2023 - 06 - 01), Some(date!(2023 - 12 - 31)), q1()),
            Err(Exclusion::EndedBefore)
        );
    }

    #[test]
    fn only_the_background_questions_are_excluded() {
        for excluded in ["17", "18", "19", "20", "21"] {
            assert!(is_excluded_item("CQi-GGZ-VZ-AKWA", excluded), "{excluded}");
        }
        for kept in ["1", "16", "22", "017", "+17", "T1", "17a"] {
            assert!(!is_excluded_item("CQi-GGZ-VZ-AKWA", kept), "{kept}");
        }
        assert!(!is_excluded_item("OTHER", "17"));
    }

    #[test]
    fn core_items_are_one_to_sixteen() {
        let d = date!(2024 - 01 - 01);
        let p = CoreCqiItems;
        for ok in ["1", "9", "16"] {
            assert!(p.allows("CQi-GGZ-VZ-AKWA", ok, d), "{ok}");
        }
        for bad in ["0", "17", "01", "+1", "a", "", "1.0"] {
            assert!(!p.allows("CQi-GGZ-VZ-AKWA", bad, d), "{bad}");
        }
    }
}
