//! Quarter selection: which trajectories, children, loose metingen and items go into the file
//! of a quarter (SPEC.md, "Which trajectories go into the file for quarter Q").

use time::Date;

use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::i18n::{Lang, Phrase};
use crate::model::{Item, Meting, Neven, Prestatie, Primair, Zorgtraject, Zorgvraagtypering};
use crate::names::{attr, element};
use crate::quarter::Quarter;

/// Decides which items of a meting may be delivered (SPEC rule 6).
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

/// Classifies a trajectory for quarter `q` (SPEC rules 1–3).
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
    /// Leave out child records dated after the quarter (not the default: SPEC rule 4 delivers
    /// all of them). For reproducible re-deliveries of old quarters.
    pub drop_children_after_quarter: bool,
}

/// What of a record's children is delivered: the date cut-off and the item list.
#[derive(Clone, Copy)]
pub struct Filter<'a> {
    cutoff: Option<Date>,
    items: &'a dyn ItemPolicy,
}

impl<'a> Filter<'a> {
    /// A filter that keeps every child and applies `items`.
    pub fn new(cutoff: Option<Date>, items: &'a dyn ItemPolicy) -> Self {
        Self { cutoff, items }
    }

    /// Keeps everything: writes records exactly as they are.
    pub fn everything() -> Filter<'static> {
        Filter {
            cutoff: None,
            items: &AllItems,
        }
    }

    fn keeps(&self, datum: Date) -> bool {
        self.cutoff.is_none_or(|c| datum <= c)
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
}

impl<'a> TrajectView<'a> {
    /// The trajectory exactly as it is (for writing what was read).
    pub fn unfiltered(traject: &'a Zorgtraject) -> Self {
        Self {
            traject,
            einddatum: traject.einddatum(),
            filter: Filter::everything(),
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
    /// Delivered linked metingen.
    pub fn metingen(&self) -> impl Iterator<Item = &'a Meting> + use<'a> {
        let f = self.filter;
        self.traject.metingen().iter().filter(move |r| f.keeps(r.datum()))
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
}

impl<'a> Selector<'a> {
    /// A selector for `quarter`.
    pub fn new(quarter: Quarter, options: SelectionOptions, items: &'a dyn ItemPolicy) -> Self {
        Self {
            quarter,
            options,
            items,
        }
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
        Filter::new(cutoff, self.items)
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
        };
        self.report_children_left_out(&view, path, report);
        for (i, meting) in view.metingen().enumerate() {
            self.report_items_left_out(meting, &path.child(element::METING, i + 1), report);
        }
        Some(view)
    }

    /// Whether a loose meting is delivered (its datum lies in the quarter: SPEC rule 5).
    /// `path` is the meting's own path; dropped items are reported in `report`.
    pub fn loose_meting(&self, meting: &Meting, path: &RecordPath, report: &mut Report) -> bool {
        if !self.quarter.contains(meting.datum()) {
            report.selection.loose_metingen_left_out += 1;
            return false;
        }
        report.selection.loose_metingen_delivered += 1;
        self.report_items_left_out(meting, path, report);
        true
    }

    /// The filter for the items of delivered loose metingen.
    pub fn meting_filter(&self) -> Filter<'a> {
        Filter::new(None, self.items)
    }

    fn report_children_left_out(&self, view: &TrajectView<'_>, path: &RecordPath, report: &mut Report) {
        if !self.options.drop_children_after_quarter {
            return;
        }
        let t = view.traject();
        let kept = view.primair().count()
            + view.zorgvraagtyperingen().count()
            + view.prestaties().count()
            + view.metingen().count();
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
            report.push(
                Diagnostic::from_phrase(
                    Severity::Warning,
                    Rule::ItemNotAllowed,
                    path.child(element::ITEM, i + 1),
                    Phrase::new(
                        "item-not-allowed",
                        &[
                            ("item_code", item.item_code()),
                            ("meetinstrument_code", meting.meetinstrument_code()),
                            ("datum", &meting.datum().to_string()),
                        ],
                    )
                    .text_arg("allowed", self.items.allowed_phrase()),
                )
                .attribute(attr::ITEM_CODE)
                .value(item.item_code()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn q1() -> Quarter {
        "2024-Q1".parse().unwrap()
    }

    /// The seven worked examples of SPEC.md, for 2024-Q1.
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
