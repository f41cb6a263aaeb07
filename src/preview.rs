//! Preview: what the PVM will share of a file, and what it will drop (SPEC.md, "What the PVM
//! does with the file").
//!
//! ZorgTTP's Privacy Verzend Module aggregates the file per `groep_code` and shares a kind of
//! data only when the group reaches its threshold ([`DREMPEL_ZORGTRAJECTEN`],
//! [`DREMPEL_AFGESLOTEN`], [`DREMPEL_METINGEN`]). A preview computes those counts locally,
//! before the file is sent, together with what the PVM derives per trajectory.
//!
//! Make one from a delivery and the options of the file ([`preview_delivery`]: the library's
//! quarter selection is applied, so the preview shows exactly what the file would contain) or
//! from a file read back ([`preview_bestand`]: everything in it is delivered). Export it as a
//! text table, JSON, CSV or a self-contained HTML page.
//!
//! # Choices
//!
//! * **Groups.** Trajectories are grouped by `groep_code` over the whole file (across
//!   providers, as the PVM sees the file). Trajectories without `groep_code` form one group
//!   with `groep_code` `None`, present only when there are such trajectories. Named groups come
//!   first, sorted by code; the `None` group comes last.
//! * **Counts.** `zorgtrajecten`: trajectories in the file. `afgesloten`: those with an
//!   `einddatum` written in the file (an einddatum after the quarter is not written, so that
//!   trajectory counts as open). `metingen`: the linked metingen written in the file for the
//!   group's trajectories, whatever their date.
//! * **Loose metingen** have no `groep_code`; they are not counted in any group (not even the
//!   `None` group) but reported separately as [`Preview::losse_metingen`].
//! * **Primary diagnosis that counts:** of the primary diagnoses in the file, the one with
//!   the latest `datum` on or before the quarter's last day; on equal dates the one given
//!   last. When every primary diagnosis is dated after the quarter, none counts.
//! * **Established in the quarter:** the counting primary diagnosis' `datum` lies in the
//!   quarter.
//! * **Consults:** prestaties whose `prestatie_code` starts with `CO` (the Zorgprestatiemodel
//!   consult codes). [`TrajectPreview::consulten`] counts every prestatie in the file, whatever
//!   its date (the PVM uses all prestaties); [`TrajectPreview::consulten_in_kwartaal`] only
//!   those dated in the quarter.
//! * **Status:** [`Status::Wachtend`] when the trajectory has no prestatie (of any kind) dated
//!   on or before the quarter's last day, otherwise [`Status::InDiagnostiekOfBehandeling`].
//! * **Treatment duration** of a closed trajectory: `einddatum − begindatum` in days,
//!   exclusive of the first day (a trajectory that begins and ends on the same day lasts 0
//!   days).
//! * **Diagnosis groups** come from a [`DiagnosegroepLookup`]; [`BuiltinDiagnosegroepen`] is
//!   the fallback that knows one official pair and otherwise names the DSM-5 chapter.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::{Serialize, Serializer};
use time::Date;

use crate::datum::format_date;
use crate::diagnostic::{RecordPath, Report};
use crate::generate::GenerateOptions;
use crate::model::{Bestand, Delivery, Meting, Zorgaanbieder};
use crate::names::element;
use crate::quarter::Quarter;
use crate::select::TrajectView;

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

/// Maps a primary DSM-5 code to the diagnosegroep the PVM reports.
pub trait DiagnosegroepLookup {
    /// The diagnosegroep of `code`, or `None` when it is unknown.
    fn diagnosegroep(&self, code: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> DiagnosegroepLookup for F {
    fn diagnosegroep(&self, code: &str) -> Option<String> {
        self(code)
    }
}

/// The loaded (or bundled) diagnosegroep table of the code lists.
impl DiagnosegroepLookup for crate::codelists::CodeLists {
    fn diagnosegroep(&self, code: &str) -> Option<String> {
        crate::codelists::CodeLists::diagnosegroep(self, code).map(str::to_string)
    }
}

/// The diagnosis groups of `CodeLists` (loaded or bundled), with [`BuiltinDiagnosegroepen`]
/// for codes the table does not map: what the CLI and the C ABI preview with.
#[derive(Debug, Clone, Copy)]
pub struct CodeListGroups<'a>(pub &'a crate::codelists::CodeLists);

impl DiagnosegroepLookup for CodeListGroups<'_> {
    fn diagnosegroep(&self, code: &str) -> Option<String> {
        self.0
            .diagnosegroep(code)
            .map(str::to_string)
            .or_else(|| BuiltinDiagnosegroepen.diagnosegroep(code))
    }
}

/// The built-in fallback: `D5_5.03` (Paniekstoornis, and codes below it such as
/// `D5_5.03.01`) → `Angststoornis`, the one official pair known; any other well-formed code
/// `D5_<chapter>.…` → `DSM-5 hoofdstuk <chapter>`; anything else → `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinDiagnosegroepen;

impl DiagnosegroepLookup for BuiltinDiagnosegroepen {
    fn diagnosegroep(&self, code: &str) -> Option<String> {
        if code == "D5_5.03" || code.starts_with("D5_5.03.") {
            return Some("Angststoornis".to_string());
        }
        dsm5_chapter(code).map(|chapter| format!("DSM-5 hoofdstuk {chapter}"))
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
    fn diagnosegroep(&self, code: &str) -> Option<String> {
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

/// A trajectory's status as the PVM derives it from its prestaties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No prestatie dated on or before the quarter's last day.
    Wachtend,
    /// At least one prestatie dated on or before the quarter's last day.
    InDiagnostiekOfBehandeling,
}

impl Status {
    /// `wachtend` or `in_diagnostiek_of_behandeling` (as in the JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Wachtend => "wachtend",
            Status::InDiagnostiekOfBehandeling => "in_diagnostiek_of_behandeling",
        }
    }
}

/// A primary diagnosis with the year-quarter of its date.
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
    /// Whether the counting primary diagnosis was established in the quarter.
    pub primair_in_kwartaal: bool,
    /// Every primary diagnosis in the file, with the year-quarter of its date.
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
    /// Waiting or in diagnosis/treatment.
    pub status: Status,
    /// For closed trajectories: `einddatum − begindatum` in days (same day = 0).
    pub behandelduur_dagen: Option<i64>,
}

/// One groep_code: counts, thresholds met, and its trajectories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groep {
    /// The groep_code; `None` for trajectories without one.
    pub groep_code: Option<String>,
    /// Trajectories in the file.
    pub zorgtrajecten: u64,
    /// Closed trajectories (einddatum written).
    pub afgesloten: u64,
    /// Linked metingen in the file.
    pub metingen: u64,
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
        self.afgesloten >= DREMPEL_AFGESLOTEN
    }

    /// Whether metingen will be shared (at least [`DREMPEL_METINGEN`]).
    pub fn deelt_metingen(&self) -> bool {
        self.metingen >= DREMPEL_METINGEN
    }

    /// A name for people: the groep_code, or `(geen groep_code)`.
    pub fn label(&self) -> &str {
        self.groep_code.as_deref().unwrap_or("(geen groep_code)")
    }

    /// One sentence: what will be shared and what will be dropped.
    pub fn toelichting(&self) -> String {
        let parts = [
            ("trajectory data", self.zorgtrajecten, DREMPEL_ZORGTRAJECTEN),
            ("closed-trajectory data", self.afgesloten, DREMPEL_AFGESLOTEN),
            ("metingen", self.metingen, DREMPEL_METINGEN),
        ];
        let shared: Vec<&str> = parts.iter().filter(|p| p.1 >= p.2).map(|p| p.0).collect();
        let dropped: Vec<String> = parts
            .iter()
            .filter(|p| p.1 < p.2)
            .map(|p| format!("{} ({} < {})", p.0, p.1, p.2))
            .collect();
        let counts = format!(
            "{}: {} trajectories, {} closed, {} metingen",
            self.label(),
            self.zorgtrajecten,
            self.afgesloten,
            self.metingen
        );
        match (shared.is_empty(), dropped.is_empty()) {
            (_, true) => format!("{counts}; everything will be shared."),
            (true, false) => format!(
                "{counts}; nothing will be shared: dropped are {}.",
                dropped.join(", ")
            ),
            (false, false) => format!(
                "{counts}; shared: {}; dropped: {}.",
                shared.join(", "),
                dropped.join(", ")
            ),
        }
    }
}

/// What the PVM will make of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The quarter the file covers.
    pub kwartaal: Quarter,
    /// The groups: named ones sorted by code, the `None` group last.
    pub groepen: Vec<Groep>,
    /// Loose metingen in the file (no groep_code; counted in no group).
    pub losse_metingen: u64,
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

/// The CSV columns, in order. Booleans are `true`/`false`; the `None` group has an empty
/// `groep_code` (a real groep_code is never empty).
pub const CSV_HEADER: [&str; 9] = [
    "kwartaal",
    "groep_code",
    "zorgtrajecten",
    "afgesloten",
    "metingen",
    "deelt_zorgtrajecten",
    "deelt_afgesloten",
    "deelt_metingen",
    "toelichting",
];

/// Previews the file `options` would make of `delivery`: the quarter selection of
/// [`generate`](crate::generate::generate) is applied with the same options.
pub fn preview_delivery(
    delivery: &Delivery,
    options: &GenerateOptions,
    lookup: &dyn DiagnosegroepLookup,
) -> Preview {
    let selector = options.selector();
    let mut scratch = Report::new();
    let mut builder = Builder::new(options.quarter, lookup);
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
                builder.losse_metingen += 1;
            }
        }
    }
    builder.finish()
}

/// Previews a file read back: everything in it is delivered, for the quarter it covers.
pub fn preview_bestand(bestand: &Bestand, lookup: &dyn DiagnosegroepLookup) -> Preview {
    let mut builder = Builder::new(bestand.kwartaal, lookup);
    for za in &bestand.zorgaanbieders {
        for (i, t) in za.zorgtrajecten().iter().enumerate() {
            builder.traject(za, i + 1, &TrajectView::unfiltered(t));
        }
        builder.losse_metingen += za.metingen().len() as u64;
    }
    builder.finish()
}

struct Builder<'l> {
    kwartaal: Quarter,
    lookup: &'l dyn DiagnosegroepLookup,
    groepen: BTreeMap<Option<String>, Groep>,
    losse_metingen: u64,
}

impl<'l> Builder<'l> {
    fn new(kwartaal: Quarter, lookup: &'l dyn DiagnosegroepLookup) -> Self {
        Self {
            kwartaal,
            lookup,
            groepen: BTreeMap::new(),
            losse_metingen: 0,
        }
    }

    fn traject(&mut self, za: &Zorgaanbieder, positie: usize, view: &TrajectView<'_>) {
        let t = trajectory(za, positie, view, self.kwartaal, self.lookup);
        let code = view.traject().groep_code().map(str::to_string);
        let groep = self.groepen.entry(code.clone()).or_insert_with(|| Groep {
            groep_code: code,
            zorgtrajecten: 0,
            afgesloten: 0,
            metingen: 0,
            trajecten: Vec::new(),
        });
        groep.zorgtrajecten += 1;
        groep.afgesloten += u64::from(t.afgesloten);
        groep.metingen += t.metingen_in_bestand;
        groep.trajecten.push(t);
    }

    fn finish(self) -> Preview {
        let mut groepen: Vec<Groep> = Vec::with_capacity(self.groepen.len());
        let mut none = None;
        for (code, groep) in self.groepen {
            match code {
                Some(_) => groepen.push(groep),
                None => none = Some(groep),
            }
        }
        groepen.extend(none);
        Preview {
            kwartaal: self.kwartaal,
            groepen,
            losse_metingen: self.losse_metingen,
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

fn trajectory(
    za: &Zorgaanbieder,
    positie: usize,
    view: &TrajectView<'_>,
    q: Quarter,
    lookup: &dyn DiagnosegroepLookup,
) -> TrajectPreview {
    let t = view.traject();
    let end = q.last_day();
    let primaire_diagnosen: Vec<PrimairPreview> = view
        .primair()
        .map(|p| PrimairPreview {
            cl_d5_diagnose_code: p.cl_d5_diagnose_code().to_string(),
            datum: p.datum(),
            kwartaal: Quarter::containing(p.datum()),
        })
        .collect();
    // The latest dated on or before the quarter's end; on equal dates the last given.
    let primair = primaire_diagnosen
        .iter()
        .filter(|p| p.datum <= end)
        .fold(None::<&PrimairPreview>, |best, p| match best {
            Some(b) if b.datum > p.datum => Some(b),
            _ => Some(p),
        })
        .cloned();
    let diagnosegroep = primair
        .as_ref()
        .and_then(|p| lookup.diagnosegroep(&p.cl_d5_diagnose_code));
    let primair_in_kwartaal = primair.as_ref().is_some_and(|p| q.contains(p.datum));
    let filter = view.filter();
    let einddatum = view.einddatum();
    let mut prestaties_voor_einde = 0u64;
    let mut consulten = 0u64;
    let mut consulten_in_kwartaal = 0u64;
    let mut prestaties = Vec::new();
    for p in view.prestaties() {
        let consult = is_consult(p.prestatie_code());
        consulten += u64::from(consult);
        prestaties_voor_einde += u64::from(p.datum() <= end);
        if q.contains(p.datum()) {
            consulten_in_kwartaal += u64::from(consult);
            prestaties.push(PrestatiePreview {
                prestatie_code: p.prestatie_code().to_string(),
                datum: p.datum(),
                kwartaal: Quarter::containing(p.datum()),
            });
        }
    }
    TrajectPreview {
        zorgaanbieder_code: za.code().to_string(),
        id: t.id().map(str::to_string),
        positie,
        begindatum: t.begindatum(),
        begindatum_kwartaal: Quarter::containing(t.begindatum()),
        einddatum,
        einddatum_kwartaal: einddatum.map(Quarter::containing),
        afgesloten: einddatum.is_some(),
        primair,
        diagnosegroep,
        primair_in_kwartaal,
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
        status: if prestaties_voor_einde == 0 {
            Status::Wachtend
        } else {
            Status::InDiagnostiekOfBehandeling
        },
        behandelduur_dagen: einddatum.map(|e| (e - t.begindatum()).whole_days()),
    }
}

#[derive(Serialize)]
struct JsonPreview<'p> {
    kwartaal: String,
    drempel: Drempels,
    groepen: Vec<JsonGroep<'p>>,
    losse_metingen: u64,
}

#[derive(Serialize)]
struct JsonGroep<'p> {
    groep_code: Option<&'p str>,
    zorgtrajecten: u64,
    afgesloten: u64,
    metingen: u64,
    deelt_zorgtrajecten: bool,
    deelt_afgesloten: bool,
    deelt_metingen: bool,
    toelichting: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    trajecten: Option<&'p [TrajectPreview]>,
}

impl Preview {
    fn json(&self, detail: Detail) -> JsonPreview<'_> {
        JsonPreview {
            kwartaal: self.kwartaal.to_string(),
            drempel: Drempels::PVM,
            groepen: self
                .groepen
                .iter()
                .map(|g| JsonGroep {
                    groep_code: g.groep_code.as_deref(),
                    zorgtrajecten: g.zorgtrajecten,
                    afgesloten: g.afgesloten,
                    metingen: g.metingen,
                    deelt_zorgtrajecten: g.deelt_zorgtrajecten(),
                    deelt_afgesloten: g.deelt_afgesloten(),
                    deelt_metingen: g.deelt_metingen(),
                    toelichting: g.toelichting(),
                    trajecten: (detail == Detail::Trajecten).then_some(g.trajecten.as_slice()),
                })
                .collect(),
            losse_metingen: self.losse_metingen,
        }
    }

    /// The preview as a JSON value.
    ///
    /// Keys: `kwartaal` (`"2024-Q1"`), `drempel` (`zorgtrajecten`, `afgesloten`, `metingen`),
    /// `groepen` (each `groep_code` (null for none), `zorgtrajecten`, `afgesloten`, `metingen`,
    /// `deelt_zorgtrajecten`, `deelt_afgesloten`, `deelt_metingen`, `toelichting`, and with
    /// [`Detail::Trajecten`] `trajecten`: the fields of [`TrajectPreview`]), `losse_metingen`.
    /// Dates are `YYYY-MM-DD`, quarters `YYYY-Qn`.
    pub fn to_json_value(&self, detail: Detail) -> serde_json::Value {
        serde_json::to_value(self.json(detail)).unwrap_or(serde_json::Value::Null)
    }

    /// Writes the JSON of [`to_json_value`](Self::to_json_value), pretty-printed.
    pub fn write_json<W: Write>(&self, out: W, detail: Detail) -> io::Result<()> {
        serde_json::to_writer_pretty(out, &self.json(detail)).map_err(io::Error::from)
    }

    /// Writes one CSV row per group under [`CSV_HEADER`].
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
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
                g.toelichting(),
            ])?;
        }
        w.flush()
    }

    /// A readable text table: one line per group, the sentences, and with
    /// [`Detail::Trajecten`] a line per trajectory.
    pub fn to_text(&self, detail: Detail) -> String {
        let mut s = String::new();
        let yes = |b: bool| if b { "yes" } else { "no" };
        let _ = writeln!(
            s,
            "Preview of {} (PVM thresholds: {} trajectories, {} closed, {} metingen per groep_code)",
            self.kwartaal, DREMPEL_ZORGTRAJECTEN, DREMPEL_AFGESLOTEN, DREMPEL_METINGEN
        );
        let width = self
            .groepen
            .iter()
            .map(|g| g.label().chars().count())
            .chain([9])
            .max()
            .unwrap_or(9);
        let _ = writeln!(
            s,
            "{:<width$}  {:>12}  {:>10}  {:>8}  {:>7}  {:>7}  {:>7}",
            "groep_code", "trajectories", "closed", "metingen", "shares", "shares", "shares"
        );
        let _ = writeln!(
            s,
            "{:<width$}  {:>12}  {:>10}  {:>8}  {:>7}  {:>7}  {:>7}",
            "", "", "", "", "traj.", "closed", "meting."
        );
        for g in &self.groepen {
            let _ = writeln!(
                s,
                "{:<width$}  {:>12}  {:>10}  {:>8}  {:>7}  {:>7}  {:>7}",
                g.label(),
                g.zorgtrajecten,
                g.afgesloten,
                g.metingen,
                yes(g.deelt_zorgtrajecten()),
                yes(g.deelt_afgesloten()),
                yes(g.deelt_metingen())
            );
        }
        if self.groepen.is_empty() {
            let _ = writeln!(s, "(no trajectories in the file)");
        }
        let _ = writeln!(
            s,
            "Loose metingen (no groep_code, in no group): {}",
            self.losse_metingen
        );
        let _ = writeln!(s);
        for g in &self.groepen {
            let _ = writeln!(s, "- {}", g.toelichting());
        }
        if detail == Detail::Trajecten {
            for g in &self.groepen {
                let _ = writeln!(s, "\n{}:", g.label());
                for t in &g.trajecten {
                    let _ = writeln!(s, "  {}", traject_line(t));
                }
            }
        }
        s
    }

    /// Writes [`to_text`](Self::to_text).
    pub fn write_text<W: Write>(&self, mut out: W, detail: Detail) -> io::Result<()> {
        out.write_all(self.to_text(detail).as_bytes())
    }

    /// A self-contained HTML page (no scripts, no external resources): per group one bar chart
    /// (inline SVG) of trajectories, closed trajectories and metingen against the thresholds.
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        let title = format!("Spiegelinformatie preview {}", self.kwartaal);
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape_html(&title),
            HTML_STYLE,
            escape_html(&title)
        );
        let _ = writeln!(
            s,
            "<p>The PVM shares a group's data only from {DREMPEL_ZORGTRAJECTEN} trajectories, \
             {DREMPEL_AFGESLOTEN} closed trajectories and {DREMPEL_METINGEN} metingen on; \
             below a threshold the data is neither used nor kept. The dashed line marks the threshold.</p>"
        );
        if self.groepen.is_empty() {
            let _ = writeln!(s, "<p>No trajectories in the file.</p>");
        }
        for g in &self.groepen {
            let _ = writeln!(
                s,
                "<section class=\"groep\">\n<h2>{}</h2>\n{}<p>{}</p>\n</section>",
                escape_html(g.label()),
                bar_chart(g),
                escape_html(&g.toelichting())
            );
        }
        let _ = writeln!(
            s,
            "<p>Loose metingen (no groep_code, in no group): {}</p>\n</body>\n</html>",
            self.losse_metingen
        );
        s
    }

    /// Writes [`to_html`](Self::to_html).
    pub fn write_html<W: Write>(&self, mut out: W) -> io::Result<()> {
        out.write_all(self.to_html().as_bytes())
    }
}

fn traject_line(t: &TrajectPreview) -> String {
    let who = match &t.id {
        Some(id) => format!("{} '{}'", t.zorgaanbieder_code, id),
        None => format!("{} #{}", t.zorgaanbieder_code, t.positie),
    };
    let end = match (t.einddatum, t.einddatum_kwartaal, t.behandelduur_dagen) {
        (Some(e), Some(q), Some(d)) => format!("closed {} ({q}), {d} days", format_date(e)),
        _ => "open".to_string(),
    };
    let diag = match &t.primair {
        Some(p) => format!(
            "{} -> {} ({}{})",
            p.cl_d5_diagnose_code,
            t.diagnosegroep.as_deref().unwrap_or("unknown group"),
            p.kwartaal,
            if t.primair_in_kwartaal {
                ", established in quarter"
            } else {
                ""
            }
        ),
        None => "no primary diagnosis".to_string(),
    };
    format!(
        "{who}: begin {} ({}), {end}; {diag}; secondary: {}; {}; consults {} ({} in quarter); \
         in quarter: {} typings, {} prestaties, {} metingen",
        format_date(t.begindatum),
        t.begindatum_kwartaal,
        if t.nevendiagnosen { "yes" } else { "no" },
        t.status.as_str(),
        t.consulten,
        t.consulten_in_kwartaal,
        t.zorgvraagtyperingen.len(),
        t.prestaties.len(),
        t.metingen.len()
    )
}

const HTML_STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}\n\
h2{margin-bottom:.2em}\n\
section.groep{border-top:1px solid #ccc;padding-top:.5em;margin-top:1em}\n\
.met{fill:#2e7d32}\n.niet{fill:#c62828}\n\
.drempel{stroke:#333;stroke-width:2;stroke-dasharray:6 4}\n\
svg text{font-size:13px;font-family:sans-serif}\n";

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One horizontal bar chart: three bars against a dashed threshold line.
fn bar_chart(g: &Groep) -> String {
    const LABEL_W: u64 = 150;
    const PLOT_W: u64 = 400;
    const BAR_H: u64 = 24;
    const GAP: u64 = 12;
    let bars = [
        ("trajectories", g.zorgtrajecten, DREMPEL_ZORGTRAJECTEN),
        ("closed", g.afgesloten, DREMPEL_AFGESLOTEN),
        ("metingen", g.metingen, DREMPEL_METINGEN),
    ];
    let max_drempel = bars.iter().map(|b| b.2).max().unwrap_or(1);
    let scale_max = bars
        .iter()
        .map(|b| b.1)
        .max()
        .unwrap_or(0)
        .max(max_drempel * 2)
        .max(1);
    let x = |v: u64| LABEL_W + v.min(scale_max) * PLOT_W / scale_max;
    let height = GAP + bars.len() as u64 * (BAR_H + GAP) + 16;
    let width = LABEL_W + PLOT_W + 60;
    let mut s = format!(
        "<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape_html(&format!(
            "{}: {} trajectories, {} closed, {} metingen",
            g.label(),
            g.zorgtrajecten,
            g.afgesloten,
            g.metingen
        ))
    );
    for (i, (label, value, drempel)) in bars.iter().enumerate() {
        let y = GAP + i as u64 * (BAR_H + GAP);
        let class = if value >= drempel { "met" } else { "niet" };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\n\
             <rect class=\"{class}\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"{BAR_H}\"><title>{label}: {value} (threshold {drempel})</title></rect>\n\
             <text x=\"{}\" y=\"{}\">{value}</text>\n\
             <line class=\"drempel\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            LABEL_W - 8,
            y + BAR_H * 2 / 3,
            x(*value) - LABEL_W,
            x(*value) + 6,
            y + BAR_H * 2 / 3,
            x(*drempel),
            y.saturating_sub(GAP / 2),
            x(*drempel),
            y + BAR_H + GAP / 2,
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">threshold {}</text>\n</svg>",
        x(max_drempel),
        height - 4,
        max_drempel
    );
    s
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
    fn html_escapes_everything() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
