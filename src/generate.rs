//! From a delivery to the file of one quarter: select, check, and write only when nothing
//! blocks. Nothing is written when the report has errors.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use time::PrimitiveDateTime;

use crate::codelists::{CodeLists, Organisatie};
use crate::diagnostic::{RecordPath, Report};
use crate::model::{Delivery, Meting, Zorgaanbieder};
use crate::names::element;
use crate::quarter::Quarter;
use crate::select::{SelectionOptions, Selector, TrajectView};
use crate::validate::Validator;
use crate::xml::XmlWriter;

/// How to make the file.
#[derive(Clone)]
pub struct GenerateOptions {
    /// The quarter the file covers.
    pub quarter: Quarter,
    /// `datum_creatie` of the file.
    pub datum_creatie: PrimitiveDateTime,
    /// Quarter-selection options.
    pub selection: SelectionOptions,
    /// The code lists: codes are validated against them, and the `items` list decides which
    /// items are delivered. Default: the bundled lists.
    pub codelists: Arc<CodeLists>,
    /// The provider's organisation structure; when given, every groep_code must be on it.
    pub organisatie: Option<Arc<Organisatie>>,
    /// Leave out the records that cannot be represented and write the file all the same
    /// (the model's "Lever alles aan wat je hebt"). Off by default: such a record blocks the
    /// file. When on, each one's error stays in the report as a warning, and one
    /// `record-left-out` info says how many there were. What is left out is the smallest
    /// record the file can do without: a trajectory with everything in it when the trajectory
    /// or any of its children cannot be represented; a loose meting with its items; a
    /// zorgaanbieder whose AGB code cannot be read, with all its records.
    /// See [`GenerateOptions::admit_unrepresentable`].
    pub leave_out_unrepresentable: bool,
}

impl GenerateOptions {
    /// Options for `quarter`, created at `datum_creatie`, with the bundled code lists and no
    /// organisation structure.
    pub fn new(quarter: Quarter, datum_creatie: PrimitiveDateTime) -> Self {
        Self {
            quarter,
            datum_creatie,
            selection: SelectionOptions::default(),
            codelists: CodeLists::shared_bundled(),
            organisatie: None,
            leave_out_unrepresentable: false,
        }
    }

    /// Applies [`leave_out_unrepresentable`](Self::leave_out_unrepresentable) to the report of
    /// reading the input: when it is on, every error of a record that cannot be represented
    /// (already left out by the reader) becomes a warning, and one `record-left-out` info
    /// counts them. When it is off, the report is left as it is and those errors block the
    /// file.
    pub fn admit_unrepresentable(&self, report: &mut Report) {
        if !self.leave_out_unrepresentable {
            return;
        }
        let mut count = 0usize;
        for d in &mut report.diagnostics {
            if d.severity == crate::Severity::Error && d.rule.is_unrepresentable() {
                d.severity = crate::Severity::Warning;
                count += 1;
            }
        }
        if count > 0 {
            report.push(crate::Diagnostic::localized(
                crate::Severity::Info,
                crate::Rule::RecordLeftOut,
                RecordPath::default(),
                "record-left-out",
                &[("count", &count.to_string())],
            ));
        }
    }

    /// The quarter selection these options ask for.
    pub fn selector(&self) -> Selector<'_> {
        Selector::new(self.quarter, self.selection, self.codelists.as_ref())
            .with_zorgvraagtype_list(self.codelists.list(crate::codelists::ListName::Zorgvraagtype))
    }

    /// The warning that the quarter had not ended at `datum_creatie`, if it had not
    /// ([`crate::validate::quarter_not_ended`]).
    pub fn quarter_not_ended(&self) -> Option<crate::Diagnostic> {
        crate::validate::quarter_not_ended(self.datum_creatie, self.quarter)
    }

    /// The content validation these options ask for.
    pub fn validator(&self) -> Validator<'_> {
        Validator::new(&self.codelists, self.organisatie.as_deref(), self.quarter)
    }
}

/// Selects one trajectory and validates it when it is delivered: the step every path to a
/// file (in memory, streaming) takes for each trajectory. `path` is the trajectory's own.
pub(crate) fn admit_zorgtraject<'t>(
    selector: &Selector<'t>,
    validator: &Validator<'_>,
    traject: &'t crate::model::Zorgtraject,
    path: &RecordPath,
    report: &mut Report,
) -> Option<TrajectView<'t>> {
    let view = selector.zorgtraject(traject, path, report)?;
    validator.zorgtraject(&view, path, report);
    Some(view)
}

/// Selects one loose meting and validates it when it is delivered. `path` is the meting's own.
pub(crate) fn admit_loose_meting(
    selector: &Selector<'_>,
    validator: &Validator<'_>,
    meting: &Meting,
    path: &RecordPath,
    report: &mut Report,
) -> bool {
    if !selector.loose_meting(meting, path, report) {
        return false;
    }
    validator.loose_meting(meting, &selector.meting_filter(), path, report);
    true
}

/// Why no file was made.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The delivery has errors; the report lists them. Nothing was written.
    #[error("the delivery has {} error(s); no file was written", .0.count(crate::Severity::Error))]
    Invalid(Box<Report>),
    /// Writing failed.
    #[error("writing the file failed: {0}")]
    Io(#[from] io::Error),
}

/// What goes into the file for one provider.
struct ProviderPlan<'d> {
    zorgaanbieder: &'d Zorgaanbieder,
    zorgtrajecten: Vec<TrajectView<'d>>,
    metingen: Vec<&'d Meting>,
}

/// Selects one provider's records and validates exactly what is delivered.
fn plan_provider<'d>(
    za: &'d Zorgaanbieder,
    selector: &Selector<'d>,
    validator: &Validator<'_>,
    report: &mut Report,
) -> ProviderPlan<'d> {
    let za_path = RecordPath::zorgaanbieder(za.code().as_str());
    let mut zorgtrajecten = Vec::new();
    for (i, t) in za.zorgtrajecten().iter().enumerate() {
        let path = za_path.zorgtraject(t.id(), i + 1);
        zorgtrajecten.extend(admit_zorgtraject(selector, validator, t, &path, report));
    }
    let mut metingen = Vec::new();
    for (i, m) in za.metingen().iter().enumerate() {
        let path = za_path.child(element::METING, i + 1);
        if admit_loose_meting(selector, validator, m, &path, report) {
            metingen.push(m);
        }
    }
    ProviderPlan {
        zorgaanbieder: za,
        zorgtrajecten,
        metingen,
    }
}

fn plan<'d>(
    delivery: &'d Delivery,
    selector: &Selector<'d>,
    validator: &Validator<'_>,
    report: &mut Report,
) -> Vec<ProviderPlan<'d>> {
    delivery
        .zorgaanbieders
        .iter()
        .map(|za| plan_provider(za, selector, validator, report))
        .collect()
}

/// Selects the quarter's records of `delivery` and writes the file to `out`.
///
/// The delivered records are validated (see [`crate::validate`]). Returns the report
/// (warnings, info, selection counts). When it has errors nothing is written and
/// [`GenerateError::Invalid`] carries it.
pub fn generate<W: Write>(
    delivery: &Delivery,
    options: &GenerateOptions,
    out: W,
) -> Result<Report, GenerateError> {
    let mut report = Report::new();
    report.diagnostics.extend(options.quarter_not_ended());
    let codes: Vec<_> = delivery.zorgaanbieders.iter().map(Zorgaanbieder::code).collect();
    report
        .diagnostics
        .extend(crate::validate::zorgaanbieders_given_twice(&codes));
    let selector = options.selector();
    let validator = options.validator();
    let plans = plan(delivery, &selector, &validator, &mut report);
    let groep_code_seen = plans
        .iter()
        .flat_map(|p| &p.zorgtrajecten)
        .any(|view| view.traject().groep_code().is_some());
    report
        .diagnostics
        .extend(validator.groep_codes_unchecked(groep_code_seen));
    if report.has_errors() {
        return Err(GenerateError::Invalid(Box::new(report)));
    }
    let mut w = XmlWriter::new(out);
    w.start(options.datum_creatie, options.quarter)?;
    let filter = selector.meting_filter();
    for p in &plans {
        w.start_zorgaanbieder(p.zorgaanbieder.code())?;
        for view in &p.zorgtrajecten {
            w.zorgtraject(view)?;
        }
        for m in &p.metingen {
            w.loose_meting(m, &filter)?;
        }
        w.end_zorgaanbieder()?;
    }
    w.finish()?;
    Ok(report)
}

/// Like [`generate`], to a file at `path`, atomically: the file appears complete or not at
/// all, and an existing file is left untouched when anything fails.
pub fn generate_file(
    delivery: &Delivery,
    options: &GenerateOptions,
    path: &Path,
) -> Result<Report, GenerateError> {
    crate::output::write_atomically(path, |file| generate(delivery, options, file))
}
