//! From a delivery to the file of one quarter: select, check, and write only when nothing
//! blocks. Nothing is written when the report has errors.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use time::PrimitiveDateTime;

use crate::diagnostic::{RecordPath, Report};
use crate::model::{Delivery, Meting, Zorgaanbieder};
use crate::names::element;
use crate::quarter::Quarter;
use crate::select::{CoreCqiItems, ItemPolicy, SelectionOptions, Selector, TrajectView};
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
    /// Which items may be delivered.
    pub items: Arc<dyn ItemPolicy>,
}

impl GenerateOptions {
    /// Options for `quarter`, created at `datum_creatie`, with the bundled item list.
    pub fn new(quarter: Quarter, datum_creatie: PrimitiveDateTime) -> Self {
        Self {
            quarter,
            datum_creatie,
            selection: SelectionOptions::default(),
            items: Arc::new(CoreCqiItems),
        }
    }
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

fn plan<'d>(delivery: &'d Delivery, selector: &Selector<'d>, report: &mut Report) -> Vec<ProviderPlan<'d>> {
    delivery
        .zorgaanbieders
        .iter()
        .map(|za| {
            let za_path = RecordPath::zorgaanbieder(za.code().as_str());
            let zorgtrajecten = za
                .zorgtrajecten()
                .iter()
                .enumerate()
                .filter_map(|(i, t)| selector.zorgtraject(t, &za_path.zorgtraject(t.id(), i + 1), report))
                .collect();
            let metingen = za
                .metingen()
                .iter()
                .enumerate()
                .filter(|(i, m)| selector.loose_meting(m, &za_path.child(element::METING, i + 1), report))
                .map(|(_, m)| m)
                .collect();
            ProviderPlan {
                zorgaanbieder: za,
                zorgtrajecten,
                metingen,
            }
        })
        .collect()
}

/// Selects the quarter's records of `delivery` and writes the file to `out`.
///
/// Returns the report (warnings, info, selection counts). When it has errors nothing is
/// written and [`GenerateError::Invalid`] carries it.
pub fn generate<W: Write>(
    delivery: &Delivery,
    options: &GenerateOptions,
    out: W,
) -> Result<Report, GenerateError> {
    let mut report = Report::new();
    let selector = Selector::new(options.quarter, options.selection, options.items.as_ref());
    let plans = plan(delivery, &selector, &mut report);
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
