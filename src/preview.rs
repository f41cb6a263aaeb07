//! Preview: what the PVM will share of a file, and what it will drop.
//!
//! ZorgTTP's Privacy Verzend Module aggregates the file per provider and `groep_code` and
//! shares a kind of data only when the group reaches its threshold ([`DREMPEL_ZORGTRAJECTEN`],
//! [`DREMPEL_AFGESLOTEN`], [`DREMPEL_METINGEN`]). A preview computes those counts locally,
//! before the file is sent, together with what the PVM derives per trajectory.
//!
//! Make one from a delivery and the options of the file ([`preview_delivery`]: the library's
//! quarter selection is applied, so the preview shows exactly what the file would contain) or
//! from a file read back ([`preview_bestand`]: everything in it is delivered). Export it as a
//! text table, JSON, CSV or a self-contained HTML page, in Dutch or English
//! ([`crate::i18n::Lang`]); keys and CSV column ids stay the same in both.
//!
//! # Choices
//!
//! * **Groups are per provider:** trajectories are grouped by (`zorgaanbieder_code`,
//!   `groep_code`), because a groep_code is one organisation's ("zoals vastgesteld in de
//!   organisatiestructuur"). Trajectories without `groep_code` form one group per AGB code
//!   with `groep_code` `None`. [`PreviewOptions::pool_agb`] pools the AGB codes (for one
//!   organisation with one structure over several AGB codes); the group then has
//!   `zorgaanbieder_code` `None` and lists its codes in `zorgaanbieder_codes`. Groups are
//!   sorted by AGB code, then named groups by code, the `None` group last.
//! * **Counts.** `zorgtrajecten`: trajectories in the file. `afgesloten`: those with an
//!   `einddatum` written in the file (an einddatum after the quarter is not written, so that
//!   trajectory counts as open). `metingen`: the linked metingen written in the file for the
//!   group's trajectories, whatever their date; `metingen_in_kwartaal`: those dated in the
//!   quarter (the list the PVM shares).
//! * **Metingen follow the trajectory threshold:** linked metingen are information from a
//!   trajectory, so they are shared only when the group reaches [`DREMPEL_ZORGTRAJECTEN`]
//!   trajectories and [`DREMPEL_METINGEN`] metingen in the file.
//! * **Loose metingen** have no `groep_code`. Assumption: the PVM counts them per AGB code
//!   (pooled with [`PreviewOptions::pool_agb`]) against [`DREMPEL_METINGEN`], using the loose
//!   metingen in the file. See [`LosseMetingen`].
//! * **Primary diagnosis that counts:** of the primary diagnoses in the file, the one with
//!   the latest `datum` on or before the quarter's last day; on equal dates the one given
//!   last. Every primary diagnosis gets its diagnosegroep and whether it was established in
//!   the quarter.
//! * **Diagnosis groups** come from a [`DiagnosegroepLookup`]: the `diagnosegroep` code list
//!   (loaded or bundled). One name per group: the bundled chapter row `D5_5` has the same name
//!   as the model's `D5_5.03` → Angststoornis. A group found through a chapter row of a
//!   partial list is an approximation ([`Diagnosegroep::benadering`]), marked in every format.
//! * **Consults:** prestaties whose `prestatie_code` starts with `CO` (the Zorgprestatiemodel
//!   consults); other prestaties (overleg, …) are not contact. [`TrajectPreview::consulten`]
//!   counts the consults in the file, whatever their date; `consulten_in_kwartaal` those in
//!   the quarter.
//! * **Status** (see [`Status`]): closed trajectories are `afgesloten`. Otherwise the consults
//!   dated on or before the quarter's last day decide, with the prestatie list's `soort`
//!   column: none → waiting for diagnostiek; any behandeling → in behandeling; only
//!   diagnostiek → in diagnostiek, or waiting for behandeling when the counting primary
//!   diagnosis is dated on or after the last diagnostiek consult; consults of unknown soort
//!   only → in care, soort unknown.
//! * **Treatment duration** of a closed trajectory: `einddatum − begindatum` in days,
//!   exclusive of the first day (same day = 0 days), and in minutes: the sum of the `minuten`
//!   column of its consults in the file. Consults whose minutes the list does not give are
//!   counted in `consulten_zonder_minuten`.

mod html;
mod text;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Serialize, Serializer};
use time::Date;

use crate::codelists::{CodeLists, Soort};
use crate::datum::format_date;
use crate::diagnostic::{RecordPath, Report};
use crate::generate::GenerateOptions;
use crate::i18n::{self, Lang};
use crate::model::{Bestand, Delivery, Meting, Zorgaanbieder};
use crate::names::element;
use crate::privacy;
use crate::quarter::Quarter;
use crate::select::TrajectView;

pub use html::escape_html;

/// PVM threshold: trajectory data of a group is shared from this many trajectories on.
pub const DREMPEL_ZORGTRAJECTEN: u64 = 5;
/// PVM threshold: data about closed trajectories (treatment duration) is shared from this many
/// closed trajectories on.
pub const DREMPEL_AFGESLOTEN: u64 = 5;
/// PVM threshold: metingen of a group are shared from this many metingen on.
pub const DREMPEL_METINGEN: u64 = 5;

/// Prefix of the Zorgprestatiemodel consult codes (`CO0001`, …).
pub const CONSULT_PREFIX: &str = "CO";

/// The three PVM thresholds, as reported in the JSON under `drempel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Drempels {
    /// Minimum number of trajectories.
    pub zorgtrajecten: u64,
    /// Minimum number of closed trajectories.
    pub afgesloten: u64,
    /// Minimum number of metingen.
    pub metingen: u64,
}

impl Drempels {
    /// The thresholds the PVM applies.
    pub const PVM: Drempels = Drempels {
        zorgtrajecten: DREMPEL_ZORGTRAJECTEN,
        afgesloten: DREMPEL_AFGESLOTEN,
        metingen: DREMPEL_METINGEN,
    };
}

/// How a preview groups trajectories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PreviewOptions {
    /// Pool trajectories and loose metingen of every AGB code in the file by groep_code (for
    /// an organisation with one structure over several AGB codes). Off: per AGB code.
    pub pool_agb: bool,
}

/// A diagnosegroep as the PVM reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Diagnosegroep {
    /// The group's name.
    pub naam: String,
    /// Whether the group is an approximation (from a DSM-5 chapter row of a partial list):
    /// the PVM's own grouping of the code is not known.
    pub benadering: bool,
}

/// Maps a primary DSM-5 code to the diagnosegroep the PVM reports.
pub trait DiagnosegroepLookup {
    /// The diagnosegroep of `code`, or `None` when it is unknown.
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep>;
}

/// A closure giving a name: the group is taken as exact (not an approximation).
impl<F: Fn(&str) -> Option<String>> DiagnosegroepLookup for F {
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep> {
        self(code).map(|naam| Diagnosegroep {
            naam,
            benadering: false,
        })
    }
}

/// The loaded (or bundled) diagnosegroep table of the code lists.
impl DiagnosegroepLookup for CodeLists {
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep> {
        self.diagnosegroep_match(code)
            .map(|(naam, benadering)| Diagnosegroep {
                naam: naam.to_string(),
                benadering,
            })
    }
}

/// The diagnosis groups of `CodeLists` (loaded or bundled), with [`BuiltinDiagnosegroepen`]
/// for codes the table does not map: what the CLI and the C ABI preview with.
#[derive(Debug, Clone, Copy)]
pub struct CodeListGroups<'a>(pub &'a CodeLists);

impl DiagnosegroepLookup for CodeListGroups<'_> {
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep> {
        DiagnosegroepLookup::diagnosegroep(self.0, code)
            .or_else(|| BuiltinDiagnosegroepen.diagnosegroep(code))
    }
}

/// The built-in table: the bundled `diagnosegroep` list (`codelists/diagnosegroep.csv`), so
/// its names are the same as everywhere else: `D5_5.03` → Angststoornis (the model's pair),
/// other well-formed codes → their DSM-5 chapter's group, marked as an approximation.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinDiagnosegroepen;

impl DiagnosegroepLookup for BuiltinDiagnosegroepen {
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep> {
        DiagnosegroepLookup::diagnosegroep(CodeLists::shared_bundled().as_ref(), code)
    }
}

/// The DSM-5 chapter (1..=22) of a code `D5_<chapter>.<…>`, or `None` when malformed.
pub fn dsm5_chapter(code: &str) -> Option<u8> {
    let rest = code.strip_prefix("D5_")?;
    let (chapter, tail) = rest.split_once('.')?;
    if tail.is_empty() || chapter.starts_with('0') || !chapter.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    chapter.parse::<u8>().ok().filter(|c| (1..=22).contains(c))
}

/// Asks `first`, then `second` when `first` does not know the code: put a loaded table first
/// and [`BuiltinDiagnosegroepen`] second.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fallback<A, B>(pub A, pub B);

impl<A: DiagnosegroepLookup, B: DiagnosegroepLookup> DiagnosegroepLookup for Fallback<A, B> {
    fn diagnosegroep(&self, code: &str) -> Option<Diagnosegroep> {
        self.0.diagnosegroep(code).or_else(|| self.1.diagnosegroep(code))
    }
}

fn ser_date<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_date(*date))
}

fn ser_opt_date<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&format_date(*d)),
        None => s.serialize_none(),
    }
}

fn ser_quarter<S: Serializer>(q: &Quarter, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(q)
}

fn ser_opt_quarter<S: Serializer>(q: &Option<Quarter>, s: S) -> Result<S::Ok, S::Error> {
    match q {
        Some(q) => s.collect_str(q),
        None => s.serialize_none(),
    }
}

fn ser_opt_soort<S: Serializer>(soort: &Option<Soort>, s: S) -> Result<S::Ok, S::Error> {
    match soort {
        Some(x) => s.serialize_str(x.as_str()),
        None => s.serialize_none(),
    }
}

/// A trajectory's status as the PVM derives it (see the module documentation, "Status").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No consult dated on or before the quarter's last day.
    WachtendOpDiagnostiek,
    /// Only diagnostiek consults so far.
    BezigMetDiagnostiek,
    /// Only diagnostiek consults, and the primary diagnosis is dated on or after the last one.
    WachtendOpBehandeling,
    /// At least one behandeling consult.
    BezigMetBehandeling,
    /// Consults, none of them behandeling, some of a soort the prestatie list does not give.
    BezigSoortOnbekend,
    /// An einddatum is written in the file.
    Afgesloten,
}

impl Status {
    /// Every status, in the order of a care path.
    pub const ALL: [Status; 6] = [
        Status::WachtendOpDiagnostiek,
        Status::BezigMetDiagnostiek,
        Status::WachtendOpBehandeling,
        Status::BezigMetBehandeling,
        Status::BezigSoortOnbekend,
        Status::Afgesloten,
    ];

    /// The id, as in the JSON (`wachtend_op_diagnostiek`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::WachtendOpDiagnostiek => "wachtend_op_diagnostiek",
            Status::BezigMetDiagnostiek => "bezig_met_diagnostiek",
            Status::WachtendOpBehandeling => "wachtend_op_behandeling",
            Status::BezigMetBehandeling => "bezig_met_behandeling",
            Status::BezigSoortOnbekend => "bezig_soort_onbekend",
            Status::Afgesloten => "afgesloten",
        }
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> String {
        i18n::text(lang, &format!("preview.status.{}", self.as_str()), &[])
    }
}

/// A primary diagnosis with the year-quarter of its date and its diagnosegroep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrimairPreview {
    /// The DSM-5 code.
    pub cl_d5_diagnose_code: String,
    /// The date it was established.
    #[serde(serialize_with = "ser_date")]
    pub datum: Date,
    /// Year-quarter of `datum`.
    #[serde(serialize_with = "ser_quarter")]
    pub kwartaal: Quarter,
    /// Its diagnosegroep (`None`: the lookup does not know the code).
    pub diagnosegroep: Option<String>,
    /// Whether the diagnosegroep is an approximation.
    pub diagnosegroep_benadering: bool,
    /// Whether it was established in the quarter ("vastgesteld in het kwartaal").
    pub in_kwartaal: bool,
}

/// A typing dated in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZorgvraagtyperingPreview {
    /// The type advised by the HoNOS+.
    pub zorgvraagtype_code_honos: Option<String>,
    /// The type set by the clinician.
    pub zorgvraagtype_code: Option<String>,
    /// The date.
    #[serde(serialize_with = "ser_date")]
    pub datum: Date,
    /// Year-quarter of `datum`.
    #[serde(serialize_with = "ser_quarter")]
    pub kwartaal: Quarter,
}

/// A prestatie dated in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrestatiePreview {
    /// The code.
    pub prestatie_code: String,
    /// The date.
    #[serde(serialize_with = "ser_date")]
    pub datum: Date,
    /// Year-quarter of `datum`.
    #[serde(serialize_with = "ser_quarter")]
    pub kwartaal: Quarter,
    /// Whether it is a consult (`CO…`).
    pub consult: bool,
    /// Diagnostiek or behandeling, from the prestatie list (`None`: not known).
    #[serde(serialize_with = "ser_opt_soort")]
    pub soort: Option<Soort>,
    /// Minutes, from the prestatie list (`None`: not known).
    pub minuten: Option<u32>,
}

/// A meting dated in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetingPreview {
    /// The questionnaire.
    pub meetinstrument_code: String,
    /// The date it was filled in.
    #[serde(serialize_with = "ser_date")]
    pub datum: Date,
    /// Year-quarter of `datum`.
    #[serde(serialize_with = "ser_quarter")]
    pub kwartaal: Quarter,
    /// The number of items written in the file.
    pub items: u64,
}

/// One trajectory as the PVM derives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrajectPreview {
    /// The provider's AGB code.
    pub zorgaanbieder_code: String,
    /// The vendor's key, when known (never in the file; absent when read from a file).
    pub id: Option<String>,
    /// 1-based position among the provider's trajectories in the input.
    pub positie: usize,
    /// Start date.
    #[serde(serialize_with = "ser_date")]
    pub begindatum: Date,
    /// Year-quarter of `begindatum`.
    #[serde(serialize_with = "ser_quarter")]
    pub begindatum_kwartaal: Quarter,
    /// The einddatum written in the file (`None`: delivered open).
    #[serde(serialize_with = "ser_opt_date")]
    pub einddatum: Option<Date>,
    /// Year-quarter of `einddatum`.
    #[serde(serialize_with = "ser_opt_quarter")]
    pub einddatum_kwartaal: Option<Quarter>,
    /// Whether an einddatum is written (closed).
    pub afgesloten: bool,
    /// The primary diagnosis that counts (see the module documentation).
    pub primair: Option<PrimairPreview>,
    /// Its diagnosegroep (`None` when there is no counting diagnosis or the lookup does not
    /// know the code).
    pub diagnosegroep: Option<String>,
    /// Whether that diagnosegroep is an approximation.
    pub diagnosegroep_benadering: bool,
    /// Whether the counting primary diagnosis was established in the quarter.
    pub primair_in_kwartaal: bool,
    /// Every primary diagnosis in the file, each with its group and quarter flag.
    pub primaire_diagnosen: Vec<PrimairPreview>,
    /// Whether secondary diagnoses exist.
    pub nevendiagnosen: bool,
    /// The typings dated in the quarter.
    pub zorgvraagtyperingen: Vec<ZorgvraagtyperingPreview>,
    /// The prestaties dated in the quarter.
    pub prestaties: Vec<PrestatiePreview>,
    /// The linked metingen dated in the quarter.
    pub metingen: Vec<MetingPreview>,
    /// The number of linked metingen in the file (any date).
    pub metingen_in_bestand: u64,
    /// Consults (`CO…` prestaties) in the file, any date.
    pub consulten: u64,
    /// Consults dated in the quarter.
    pub consulten_in_kwartaal: u64,
    /// The status (see [`Status`]).
    pub status: Status,
    /// For closed trajectories: `einddatum − begindatum` in days (same day = 0).
    pub behandelduur_dagen: Option<i64>,
    /// For closed trajectories: the minutes of its consults in the file, as far as the
    /// prestatie list gives them.
    pub behandelduur_minuten: Option<u64>,
    /// Consults in the file whose minutes the prestatie list does not give.
    pub consulten_zonder_minuten: u64,
}

/// Why a kind of data of a group will not be shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reden", rename_all = "snake_case")]
pub enum NietGedeeld {
    /// Fewer trajectories than [`DREMPEL_ZORGTRAJECTEN`]: no trajectory data at all.
    Zorgtrajecten {
        /// The trajectories in the group.
        aantal: u64,
    },
    /// Fewer closed trajectories than [`DREMPEL_AFGESLOTEN`]: no treatment duration.
    Afgesloten {
        /// The closed trajectories in the group.
        aantal: u64,
    },
    /// Fewer metingen than [`DREMPEL_METINGEN`].
    Metingen {
        /// The metingen in the file for the group.
        aantal: u64,
    },
    /// Enough metingen, but the group misses the trajectory threshold.
    MetingenZonderZorgtrajecten {
        /// The trajectories in the group.
        aantal: u64,
    },
}

impl NietGedeeld {
    /// The sentence a person reads.
    pub fn text(self, lang: Lang) -> String {
        let (key, aantal, drempel) = match self {
            NietGedeeld::Zorgtrajecten { aantal } => {
                ("preview.dropped.zorgtrajecten", aantal, DREMPEL_ZORGTRAJECTEN)
            }
            NietGedeeld::Afgesloten { aantal } => ("preview.dropped.afgesloten", aantal, DREMPEL_AFGESLOTEN),
            NietGedeeld::Metingen { aantal } => ("preview.dropped.metingen", aantal, DREMPEL_METINGEN),
            NietGedeeld::MetingenZonderZorgtrajecten { aantal } => (
                "preview.dropped.metingen_zorgtrajecten",
                aantal,
                DREMPEL_ZORGTRAJECTEN,
            ),
        };
        i18n::text(
            lang,
            key,
            &[
                ("count", &aantal.to_string()),
                ("threshold", &drempel.to_string()),
            ],
        )
    }
}

/// One group: a provider's (or, pooled, every provider's) groep_code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groep {
    /// The provider's AGB code; `None` when AGB codes are pooled.
    pub zorgaanbieder_code: Option<String>,
    /// The AGB codes of the group's trajectories, sorted.
    pub zorgaanbieder_codes: Vec<String>,
    /// The groep_code; `None` for trajectories without one.
    pub groep_code: Option<String>,
    /// Trajectories in the file.
    pub zorgtrajecten: u64,
    /// Closed trajectories (einddatum written).
    pub afgesloten: u64,
    /// Linked metingen in the file (any date): the count the metingen verdict uses.
    pub metingen: u64,
    /// Linked metingen dated in the quarter: the list the PVM shares.
    pub metingen_in_kwartaal: u64,
    /// The trajectories, in input order.
    pub trajecten: Vec<TrajectPreview>,
}

impl Groep {
    /// Whether trajectory data will be shared (at least [`DREMPEL_ZORGTRAJECTEN`]).
    pub fn deelt_zorgtrajecten(&self) -> bool {
        self.zorgtrajecten >= DREMPEL_ZORGTRAJECTEN
    }

    /// Whether closed-trajectory data will be shared (at least [`DREMPEL_AFGESLOTEN`]).
    pub fn deelt_afgesloten(&self) -> bool {
        self.deelt_zorgtrajecten() && self.afgesloten >= DREMPEL_AFGESLOTEN
    }

    /// Whether the linked metingen will be shared: the group reaches the trajectory threshold
    /// and has at least [`DREMPEL_METINGEN`] metingen in the file.
    pub fn deelt_metingen(&self) -> bool {
        self.deelt_zorgtrajecten() && self.metingen >= DREMPEL_METINGEN
    }

    /// The groep_code for people, or "(no groep_code)" in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match &self.groep_code {
            Some(code) => code.clone(),
            None => i18n::text(lang, "preview.no_groep_code", &[]),
        }
    }

    /// The AGB code(s) for people: the code, or the pooled codes joined by `+`.
    pub fn agb_label(&self) -> String {
        match &self.zorgaanbieder_code {
            Some(code) => code.clone(),
            None => self.zorgaanbieder_codes.join("+"),
        }
    }

    /// What will not be shared, and why; empty when everything will be.
    pub fn niet_gedeeld(&self) -> Vec<NietGedeeld> {
        let mut out = Vec::new();
        if !self.deelt_zorgtrajecten() {
            out.push(NietGedeeld::Zorgtrajecten {
                aantal: self.zorgtrajecten,
            });
        } else if !self.deelt_afgesloten() {
            out.push(NietGedeeld::Afgesloten {
                aantal: self.afgesloten,
            });
        }
        if self.metingen < DREMPEL_METINGEN {
            out.push(NietGedeeld::Metingen {
                aantal: self.metingen,
            });
        } else if !self.deelt_zorgtrajecten() {
            out.push(NietGedeeld::MetingenZonderZorgtrajecten {
                aantal: self.zorgtrajecten,
            });
        }
        out
    }

    /// One paragraph: the counts, then what will not be shared and why (or that everything
    /// will be).
    pub fn toelichting(&self, lang: Lang) -> String {
        let counts = i18n::text(
            lang,
            "preview.group_counts",
            &[
                ("trajectories", &self.zorgtrajecten.to_string()),
                ("closed", &self.afgesloten.to_string()),
                ("metingen", &self.metingen.to_string()),
                ("metingen_in_quarter", &self.metingen_in_kwartaal.to_string()),
            ],
        );
        let dropped = self.niet_gedeeld();
        if dropped.is_empty() {
            return format!("{counts} {}", i18n::text(lang, "preview.everything_shared", &[]));
        }
        let reasons: Vec<String> = dropped.iter().map(|d| d.text(lang)).collect();
        format!("{counts} {}", reasons.join(" "))
    }

    /// The distributions the portal can show of this group.
    pub fn verdeling(&self) -> Verdeling {
        Verdeling::of(&self.trajecten)
    }
}

/// Counts per value, sorted by count (highest first), then by name.
pub type Telling = Vec<(String, u64)>;

/// What the portal can show of a group: counts of its trajectories and their records.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Verdeling {
    /// Trajectories per diagnosegroep of the counting primary diagnosis (name, count);
    /// approximations are listed in `diagnosegroepen_benadering`; trajectories without a
    /// group are under the empty name.
    pub diagnosegroepen: Telling,
    /// The names in `diagnosegroepen` that are approximations.
    pub diagnosegroepen_benadering: Vec<String>,
    /// Typings dated in the quarter per `zorgvraagtype_code` (the clinician's; the empty name
    /// when only the HoNOS+ type is given).
    pub zorgvraagtypen: Telling,
    /// Typings dated in the quarter per `zorgvraagtype_code_honos` (the HoNOS+ advice; the
    /// empty name when only the clinician's type is given).
    pub zorgvraagtypen_honos: Telling,
    /// Typings dated in the quarter where the clinician's type differs from the HoNOS+ one
    /// (both given).
    pub zorgvraagtyperingen_afwijkend: u64,
    /// Prestaties dated in the quarter per `prestatie_code`.
    pub prestaties: Telling,
    /// Trajectories per status id ([`Status::as_str`]), in the order of [`Status::ALL`],
    /// statuses without trajectories left out.
    pub status: Telling,
    /// Closed trajectories per duration bucket id ([`DUUR_KLASSEN`]).
    pub behandelduur: Telling,
    /// Sum of the known consult minutes of the closed trajectories.
    pub behandelduur_minuten: u64,
}

/// The treatment-duration buckets: id and the last day it holds (`None`: no upper bound).
pub const DUUR_KLASSEN: [(&str, Option<i64>); 6] = [
    ("0-30", Some(30)),
    ("31-90", Some(90)),
    ("91-180", Some(180)),
    ("181-365", Some(365)),
    ("366-730", Some(730)),
    ("731+", None),
];

fn duur_klasse(dagen: i64) -> &'static str {
    DUUR_KLASSEN
        .iter()
        .find(|(_, last)| last.is_none_or(|last| dagen <= last))
        .map_or("731+", |(id, _)| id)
}

fn sorted_counts(map: BTreeMap<String, u64>) -> Telling {
    let mut out: Telling = map.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

impl Verdeling {
    fn of(trajecten: &[TrajectPreview]) -> Verdeling {
        let mut diagnosegroepen = BTreeMap::new();
        let mut benadering = std::collections::BTreeSet::new();
        let mut zorgvraagtypen = BTreeMap::new();
        let mut honos = BTreeMap::new();
        let mut afwijkend = 0u64;
        let mut prestaties = BTreeMap::new();
        let mut status = BTreeMap::new();
        let mut duur = BTreeMap::new();
        let mut minuten = 0u64;
        for t in trajecten {
            let groep = t.diagnosegroep.clone().unwrap_or_default();
            if t.diagnosegroep_benadering {
                benadering.insert(groep.clone());
            }
            *diagnosegroepen.entry(groep).or_insert(0u64) += 1;
            for z in &t.zorgvraagtyperingen {
                *zorgvraagtypen
                    .entry(z.zorgvraagtype_code.clone().unwrap_or_default())
                    .or_insert(0u64) += 1;
                *honos
                    .entry(z.zorgvraagtype_code_honos.clone().unwrap_or_default())
                    .or_insert(0u64) += 1;
                afwijkend += u64::from(matches!(
                    (&z.zorgvraagtype_code_honos, &z.zorgvraagtype_code),
                    (Some(h), Some(c)) if h != c
                ));
            }
            for p in &t.prestaties {
                *prestaties.entry(p.prestatie_code.clone()).or_insert(0u64) += 1;
            }
            *status.entry(t.status).or_insert(0u64) += 1;
            if let Some(dagen) = t.behandelduur_dagen {
                *duur.entry(duur_klasse(dagen)).or_insert(0u64) += 1;
            }
            minuten += t.behandelduur_minuten.unwrap_or(0);
        }
        Verdeling {
            diagnosegroepen: sorted_counts(diagnosegroepen),
            diagnosegroepen_benadering: benadering.into_iter().collect(),
            zorgvraagtypen: sorted_counts(zorgvraagtypen),
            zorgvraagtypen_honos: sorted_counts(honos),
            zorgvraagtyperingen_afwijkend: afwijkend,
            prestaties: sorted_counts(prestaties),
            status: Status::ALL
                .iter()
                .filter_map(|s| status.get(s).map(|n| (s.as_str().to_string(), *n)))
                .collect(),
            behandelduur: DUUR_KLASSEN
                .iter()
                .filter_map(|(id, _)| duur.get(id).map(|n| (id.to_string(), *n)))
                .collect(),
            behandelduur_minuten: minuten,
        }
    }
}

/// The loose metingen (no groep_code, in no group) of one AGB code, or of all when pooled.
///
/// Assumption (the model gives loose metingen no group): the PVM applies the metingen
/// threshold to the loose metingen in the file per AGB code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LosseMetingen {
    /// The AGB code; `None` when AGB codes are pooled.
    pub zorgaanbieder_code: Option<String>,
    /// Loose metingen in the file: the count the verdict uses.
    pub in_bestand: u64,
    /// Those dated in the quarter: the list the PVM shares.
    pub in_kwartaal: u64,
}

impl LosseMetingen {
    /// Whether they will be shared (at least [`DREMPEL_METINGEN`] in the file).
    pub fn gedeeld(&self) -> bool {
        self.in_bestand >= DREMPEL_METINGEN
    }
}

/// What the PVM will make of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The quarter the file covers.
    pub kwartaal: Quarter,
    /// Whether AGB codes were pooled ([`PreviewOptions::pool_agb`]).
    pub pool_agb: bool,
    /// The groups, by AGB code: named ones sorted by code, the `None` group last.
    pub groepen: Vec<Groep>,
    /// Loose metingen per AGB code (one entry when pooled), only for codes that have some.
    pub losse_metingen: Vec<LosseMetingen>,
}

impl Preview {
    /// All loose metingen in the file.
    pub fn losse_metingen_totaal(&self) -> u64 {
        self.losse_metingen.iter().map(|l| l.in_bestand).sum()
    }
}

/// How much a text or JSON export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Per group only.
    #[default]
    Groepen,
    /// Per group and per trajectory.
    Trajecten,
}

/// The CSV columns, in order (the first nine as before per-provider groups; new columns come
/// last, so readers by position keep working). Booleans are `true`/`false`; the `None` group
/// has an empty `groep_code` (a real groep_code is never empty); `toelichting` is in the
/// chosen language; pooled groups list their AGB codes joined by `+`; `diagnosegroepen` is
/// `name=count` pairs joined by `; `, an approximation marked `~` and named so.
pub const CSV_HEADER: [&str; 12] = [
    "kwartaal",
    "groep_code",
    "zorgtrajecten",
    "afgesloten",
    "metingen",
    "deelt_zorgtrajecten",
    "deelt_afgesloten",
    "deelt_metingen",
    "toelichting",
    "zorgaanbieder_code",
    "metingen_in_kwartaal",
    "diagnosegroepen",
];

/// Previews the file `options` would make of `delivery`, per provider: the quarter selection
/// of [`generate`](crate::generate::generate) is applied with the same options; the
/// prestatie list of `options.codelists` gives soort and minutes.
pub fn preview_delivery(
    delivery: &Delivery,
    options: &GenerateOptions,
    lookup: &dyn DiagnosegroepLookup,
) -> Preview {
    preview_delivery_with(delivery, options, lookup, PreviewOptions::default())
}

/// [`preview_delivery`] with [`PreviewOptions`].
pub fn preview_delivery_with(
    delivery: &Delivery,
    options: &GenerateOptions,
    lookup: &dyn DiagnosegroepLookup,
    preview_options: PreviewOptions,
) -> Preview {
    let selector = options.selector();
    let mut scratch = Report::new();
    let mut builder = Builder::new(options.quarter, lookup, &options.codelists, preview_options);
    for za in &delivery.zorgaanbieders {
        let za_path = RecordPath::zorgaanbieder(za.code().as_str());
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            let path = za_path.zorgtraject(t.id(), i + 1);
            if let Some(view) = selector.zorgtraject(t, &path, &mut scratch) {
                builder.traject(za, i + 1, &view);
            }
        }
        for (i, m) in za.metingen().iter().enumerate() {
            if selector.loose_meting(m, &za_path.child(element::METING, i + 1), &mut scratch) {
                builder.losse_meting(za, m);
            }
        }
    }
    builder.finish()
}

/// Previews a file read back, per provider: everything in it is delivered, for the quarter
/// it covers; the bundled prestatie list gives soort and minutes.
pub fn preview_bestand(bestand: &Bestand, lookup: &dyn DiagnosegroepLookup) -> Preview {
    preview_bestand_with(
        bestand,
        lookup,
        &CodeLists::shared_bundled(),
        PreviewOptions::default(),
    )
}

/// [`preview_bestand`] with the code lists for the prestatie list, and [`PreviewOptions`].
pub fn preview_bestand_with(
    bestand: &Bestand,
    lookup: &dyn DiagnosegroepLookup,
    lists: &CodeLists,
    preview_options: PreviewOptions,
) -> Preview {
    let mut builder = Builder::new(bestand.kwartaal, lookup, lists, preview_options);
    for za in &bestand.zorgaanbieders {
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            builder.traject(za, i + 1, &TrajectView::unfiltered(t));
        }
        for m in za.metingen() {
            builder.losse_meting(za, m);
        }
    }
    builder.finish()
}

/// Sort key of a group: AGB code (empty when pooled), unnamed last, groep_code.
type GroepKey = (Option<String>, bool, String);

struct Builder<'l> {
    kwartaal: Quarter,
    lookup: &'l dyn DiagnosegroepLookup,
    lists: &'l CodeLists,
    pool_agb: bool,
    groepen: BTreeMap<GroepKey, Groep>,
    losse: BTreeMap<Option<String>, LosseMetingen>,
}

impl<'l> Builder<'l> {
    fn new(
        kwartaal: Quarter,
        lookup: &'l dyn DiagnosegroepLookup,
        lists: &'l CodeLists,
        options: PreviewOptions,
    ) -> Self {
        Self {
            kwartaal,
            lookup,
            lists,
            pool_agb: options.pool_agb,
            groepen: BTreeMap::new(),
            losse: BTreeMap::new(),
        }
    }

    fn agb_key(&self, za: &Zorgaanbieder) -> Option<String> {
        (!self.pool_agb).then(|| za.code().as_str().to_string())
    }

    fn traject(&mut self, za: &Zorgaanbieder, positie: usize, view: &TrajectView<'_>) {
        let t = trajectory(za, positie, view, self.kwartaal, self.lookup, self.lists);
        let code = view.traject().groep_code().map(str::to_string);
        let agb = self.agb_key(za);
        let key = (agb.clone(), code.is_none(), code.clone().unwrap_or_default());
        let groep = self.groepen.entry(key).or_insert_with(|| Groep {
            zorgaanbieder_code: agb,
            zorgaanbieder_codes: Vec::new(),
            // A groep_code the privacy guard flags blocks the file; the preview, which people
            // read and pass on, shows it masked like every diagnostic does.
            groep_code: code.as_deref().map(|c| privacy::shown(c).into_owned()),
            zorgtrajecten: 0,
            afgesloten: 0,
            metingen: 0,
            metingen_in_kwartaal: 0,
            trajecten: Vec::new(),
        });
        if let Err(at) = groep.zorgaanbieder_codes.binary_search(&t.zorgaanbieder_code) {
            groep.zorgaanbieder_codes.insert(at, t.zorgaanbieder_code.clone());
        }
        groep.zorgtrajecten += 1;
        groep.afgesloten += u64::from(t.afgesloten);
        groep.metingen += t.metingen_in_bestand;
        groep.metingen_in_kwartaal += t.metingen.len() as u64;
        groep.trajecten.push(t);
    }

    fn losse_meting(&mut self, za: &Zorgaanbieder, m: &Meting) {
        let agb = self.agb_key(za);
        let entry = self.losse.entry(agb.clone()).or_insert_with(|| LosseMetingen {
            zorgaanbieder_code: agb,
            in_bestand: 0,
            in_kwartaal: 0,
        });
        entry.in_bestand += 1;
        entry.in_kwartaal += u64::from(self.kwartaal.contains(m.datum()));
    }

    fn finish(self) -> Preview {
        Preview {
            kwartaal: self.kwartaal,
            pool_agb: self.pool_agb,
            groepen: self.groepen.into_values().collect(),
            losse_metingen: self.losse.into_values().collect(),
        }
    }
}

fn meting_preview(m: &Meting, items: u64) -> MetingPreview {
    MetingPreview {
        meetinstrument_code: m.meetinstrument_code().to_string(),
        datum: m.datum(),
        kwartaal: Quarter::containing(m.datum()),
        items,
    }
}

fn is_consult(code: &str) -> bool {
    code.starts_with(CONSULT_PREFIX)
}

fn primair_preview(
    p: &crate::model::Primair,
    q: Quarter,
    lookup: &dyn DiagnosegroepLookup,
) -> PrimairPreview {
    let groep = lookup.diagnosegroep(p.cl_d5_diagnose_code());
    PrimairPreview {
        cl_d5_diagnose_code: p.cl_d5_diagnose_code().to_string(),
        datum: p.datum(),
        kwartaal: Quarter::containing(p.datum()),
        diagnosegroep_benadering: groep.as_ref().is_some_and(|g| g.benadering),
        diagnosegroep: groep.map(|g| g.naam),
        in_kwartaal: q.contains(p.datum()),
    }
}

/// The latest primary diagnosis dated on or before `end`; on equal dates the last given.
fn counting_primair(all: &[PrimairPreview], end: Date) -> Option<&PrimairPreview> {
    all.iter()
        .filter(|p| p.datum <= end)
        .fold(None::<&PrimairPreview>, |best, p| match best {
            Some(b) if b.datum > p.datum => Some(b),
            _ => Some(p),
        })
}

/// What the consults up to the quarter's end say about an open trajectory.
#[derive(Default)]
struct Consults {
    behandeling: bool,
    onbekend: bool,
    laatste_diagnostiek: Option<Date>,
}

impl Consults {
    fn add(&mut self, soort: Option<Soort>, datum: Date) {
        match soort {
            Some(Soort::Behandeling) => self.behandeling = true,
            Some(Soort::Diagnostiek) => {
                self.laatste_diagnostiek = self.laatste_diagnostiek.max(Some(datum));
            }
            None => self.onbekend = true,
        }
    }

    fn status(&self, diagnose: Option<Date>) -> Status {
        if self.behandeling {
            Status::BezigMetBehandeling
        } else if self.onbekend {
            Status::BezigSoortOnbekend
        } else if let Some(laatste) = self.laatste_diagnostiek {
            if diagnose.is_some_and(|d| d >= laatste) {
                Status::WachtendOpBehandeling
            } else {
                Status::BezigMetDiagnostiek
            }
        } else {
            Status::WachtendOpDiagnostiek
        }
    }
}

fn trajectory(
    za: &Zorgaanbieder,
    positie: usize,
    view: &TrajectView<'_>,
    q: Quarter,
    lookup: &dyn DiagnosegroepLookup,
    lists: &CodeLists,
) -> TrajectPreview {
    let t = view.traject();
    let end = q.last_day();
    let primaire_diagnosen: Vec<PrimairPreview> =
        view.primair().map(|p| primair_preview(p, q, lookup)).collect();
    let primair = counting_primair(&primaire_diagnosen, end).cloned();
    let filter = view.filter();
    let einddatum = view.einddatum();
    let mut consults = Consults::default();
    let mut consulten = 0u64;
    let mut consulten_in_kwartaal = 0u64;
    let mut minuten = 0u64;
    let mut zonder_minuten = 0u64;
    let mut prestaties = Vec::new();
    for p in view.prestaties() {
        let consult = is_consult(p.prestatie_code());
        let entry = lists.prestatie_entry(p.prestatie_code(), p.datum());
        let soort = entry.and_then(|e| e.soort());
        let minutes = entry.and_then(|e| e.minuten());
        if consult {
            consulten += 1;
            match minutes {
                Some(m) => minuten += u64::from(m),
                None => zonder_minuten += 1,
            }
            if p.datum() <= end {
                consults.add(soort, p.datum());
            }
        }
        if q.contains(p.datum()) {
            consulten_in_kwartaal += u64::from(consult);
            prestaties.push(PrestatiePreview {
                prestatie_code: p.prestatie_code().to_string(),
                datum: p.datum(),
                kwartaal: Quarter::containing(p.datum()),
                consult,
                soort,
                minuten: minutes,
            });
        }
    }
    let status = match einddatum {
        Some(_) => Status::Afgesloten,
        None => consults.status(primair.as_ref().map(|p| p.datum)),
    };
    TrajectPreview {
        zorgaanbieder_code: za.code().as_str().to_string(),
        id: t.id().map(str::to_string),
        positie,
        begindatum: t.begindatum(),
        begindatum_kwartaal: Quarter::containing(t.begindatum()),
        einddatum,
        einddatum_kwartaal: einddatum.map(Quarter::containing),
        afgesloten: einddatum.is_some(),
        diagnosegroep: primair.as_ref().and_then(|p| p.diagnosegroep.clone()),
        diagnosegroep_benadering: primair.as_ref().is_some_and(|p| p.diagnosegroep_benadering),
        primair_in_kwartaal: primair.as_ref().is_some_and(|p| p.in_kwartaal),
        primair,
        primaire_diagnosen,
        nevendiagnosen: view.neven().next().is_some(),
        zorgvraagtyperingen: view
            .zorgvraagtyperingen()
            .filter(|z| q.contains(z.datum()))
            .map(|z| ZorgvraagtyperingPreview {
                zorgvraagtype_code_honos: z.zorgvraagtype_code_honos().map(str::to_string),
                zorgvraagtype_code: z.zorgvraagtype_code().map(str::to_string),
                datum: z.datum(),
                kwartaal: Quarter::containing(z.datum()),
            })
            .collect(),
        prestaties,
        metingen: view
            .metingen()
            .filter(|m| q.contains(m.datum()))
            .map(|m| meting_preview(m, filter.items(m).count() as u64))
            .collect(),
        metingen_in_bestand: view.metingen().count() as u64,
        consulten,
        consulten_in_kwartaal,
        status,
        behandelduur_dagen: einddatum.map(|e| (e - t.begindatum()).whole_days()),
        behandelduur_minuten: einddatum.map(|_| minuten),
        consulten_zonder_minuten: zonder_minuten,
    }
}

#[derive(Serialize)]
struct JsonPreview<'p> {
    kwartaal: String,
    taal: &'static str,
    pool_agb: bool,
    drempel: Drempels,
    groepen: Vec<JsonGroep<'p>>,
    losse_metingen: Vec<JsonLosse<'p>>,
}

#[derive(Serialize)]
struct JsonGroep<'p> {
    zorgaanbieder_code: Option<&'p str>,
    zorgaanbieder_codes: &'p [String],
    groep_code: Option<&'p str>,
    zorgtrajecten: u64,
    afgesloten: u64,
    metingen: u64,
    metingen_in_kwartaal: u64,
    deelt_zorgtrajecten: bool,
    deelt_afgesloten: bool,
    deelt_metingen: bool,
    niet_gedeeld: Vec<NietGedeeld>,
    toelichting: String,
    verdeling: Verdeling,
    #[serde(skip_serializing_if = "Option::is_none")]
    trajecten: Option<&'p [TrajectPreview]>,
}

#[derive(Serialize)]
struct JsonLosse<'p> {
    #[serde(flatten)]
    losse: &'p LosseMetingen,
    gedeeld: bool,
    aanname: String,
}

impl Preview {
    fn json(&self, detail: Detail, lang: Lang) -> JsonPreview<'_> {
        JsonPreview {
            kwartaal: self.kwartaal.to_string(),
            taal: lang.code(),
            pool_agb: self.pool_agb,
            drempel: Drempels::PVM,
            groepen: self
                .groepen
                .iter()
                .map(|g| JsonGroep {
                    zorgaanbieder_code: g.zorgaanbieder_code.as_deref(),
                    zorgaanbieder_codes: &g.zorgaanbieder_codes,
                    groep_code: g.groep_code.as_deref(),
                    zorgtrajecten: g.zorgtrajecten,
                    afgesloten: g.afgesloten,
                    metingen: g.metingen,
                    metingen_in_kwartaal: g.metingen_in_kwartaal,
                    deelt_zorgtrajecten: g.deelt_zorgtrajecten(),
                    deelt_afgesloten: g.deelt_afgesloten(),
                    deelt_metingen: g.deelt_metingen(),
                    niet_gedeeld: g.niet_gedeeld(),
                    toelichting: g.toelichting(lang),
                    verdeling: g.verdeling(),
                    trajecten: (detail == Detail::Trajecten).then_some(g.trajecten.as_slice()),
                })
                .collect(),
            losse_metingen: self
                .losse_metingen
                .iter()
                .map(|l| JsonLosse {
                    losse: l,
                    gedeeld: l.gedeeld(),
                    aanname: i18n::text(lang, "preview.loose.assumption", &[]),
                })
                .collect(),
        }
    }

    /// The preview as a JSON value.
    ///
    /// Keys: `kwartaal` (`"2024-Q1"`), `taal` (`en`/`nl`: the language of the texts),
    /// `pool_agb`, `drempel` (`zorgtrajecten`, `afgesloten`, `metingen`), `groepen` (each
    /// `zorgaanbieder_code` (null when pooled), `zorgaanbieder_codes`, `groep_code` (null for
    /// none), `zorgtrajecten`, `afgesloten`, `metingen`, `metingen_in_kwartaal`,
    /// `deelt_zorgtrajecten`, `deelt_afgesloten`, `deelt_metingen`, `niet_gedeeld` (objects
    /// with `reden` and `aantal`), `toelichting` (text), `verdeling` (the fields of
    /// [`Verdeling`]), and with [`Detail::Trajecten`] `trajecten`: the fields of
    /// [`TrajectPreview`]), `losse_metingen` (each `zorgaanbieder_code`, `in_bestand`,
    /// `in_kwartaal`, `gedeeld`, `aanname`). Dates are `YYYY-MM-DD`, quarters `YYYY-Qn`.
    pub fn to_json_value(&self, detail: Detail, lang: Lang) -> serde_json::Value {
        serde_json::to_value(self.json(detail, lang)).unwrap_or(serde_json::Value::Null)
    }

    /// Writes the JSON of [`to_json_value`](Self::to_json_value), pretty-printed.
    pub fn write_json<W: Write>(&self, out: W, detail: Detail, lang: Lang) -> io::Result<()> {
        serde_json::to_writer_pretty(out, &self.json(detail, lang)).map_err(io::Error::from)
    }

    /// Writes one CSV row per group under [`CSV_HEADER`].
    pub fn write_csv<W: Write>(&self, out: W, lang: Lang) -> io::Result<()> {
        let mut w = crate::report::csv_writer(out);
        w.write_record(CSV_HEADER)?;
        let kwartaal = self.kwartaal.to_string();
        for g in &self.groepen {
            w.write_record([
                kwartaal.clone(),
                g.groep_code.clone().unwrap_or_default(),
                g.zorgtrajecten.to_string(),
                g.afgesloten.to_string(),
                g.metingen.to_string(),
                g.deelt_zorgtrajecten().to_string(),
                g.deelt_afgesloten().to_string(),
                g.deelt_metingen().to_string(),
                g.toelichting(lang),
                g.agb_label(),
                g.metingen_in_kwartaal.to_string(),
                diagnosegroepen_cell(&g.verdeling(), lang),
            ])?;
        }
        w.flush()
    }

    /// A readable text table in `lang`: one line per group, the sentences, the loose metingen,
    /// and with [`Detail::Trajecten`] a line per trajectory.
    pub fn to_text(&self, detail: Detail, lang: Lang) -> String {
        text::render(self, detail, lang)
    }

    /// Writes [`to_text`](Self::to_text).
    pub fn write_text<W: Write>(&self, mut out: W, detail: Detail, lang: Lang) -> io::Result<()> {
        out.write_all(self.to_text(detail, lang).as_bytes())
    }

    /// A self-contained HTML page in `lang` (no scripts, no external resources): a summary
    /// table of every group first, then per group the thresholds, what will not be shared and
    /// why, and charts (inline SVG, with their numbers) of diagnosegroepen,
    /// zorgvraagtyperingen, prestaties in the quarter, status, and treatment duration.
    pub fn to_html(&self, lang: Lang) -> String {
        html::render(self, lang)
    }

    /// Writes [`to_html`](Self::to_html).
    pub fn write_html<W: Write>(&self, mut out: W, lang: Lang) -> io::Result<()> {
        out.write_all(self.to_html(lang).as_bytes())
    }
}

/// A diagnosegroep name for people: the empty name is "no diagnosegroep", approximations get
/// the marker `~` and the word.
fn diagnosegroep_label(naam: &str, benadering: bool, lang: Lang) -> String {
    if naam.is_empty() {
        i18n::text(lang, "preview.no_diagnosegroep", &[])
    } else if benadering {
        i18n::text(lang, "preview.approximation", &[("name", naam)])
    } else {
        naam.to_string()
    }
}

fn diagnosegroepen_cell(v: &Verdeling, lang: Lang) -> String {
    v.diagnosegroepen
        .iter()
        .map(|(naam, n)| {
            let benadering = v.diagnosegroepen_benadering.contains(naam);
            format!("{}={n}", diagnosegroep_label(naam, benadering, lang))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_parse_strictly() {
        assert_eq!(dsm5_chapter("D5_4.02.02.02"), Some(4));
        assert_eq!(dsm5_chapter("D5_22.01"), Some(22));
        for bad in [
            "D5_0.01", "D5_05.03", "D5_23.01", "D5_5", "D5_5.", "X5_5.03", "D5_.01", "",
        ] {
            assert_eq!(dsm5_chapter(bad), None, "{bad}");
        }
    }

    #[test]
    fn duration_buckets_have_inclusive_upper_bounds() {
        assert_eq!(duur_klasse(0), "0-30");
        assert_eq!(duur_klasse(30), "0-30");
        assert_eq!(duur_klasse(31), "31-90");
        assert_eq!(duur_klasse(365), "181-365");
        assert_eq!(duur_klasse(731), "731+");
    }
}
