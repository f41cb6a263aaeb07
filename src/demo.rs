//! Deterministic synthetic deliveries: the bundled demo provider and scalable workloads.
//!
//! Nothing here is real data. A seeded generator (SplitMix64) draws trajectories with
//! diagnoses, typings, consults and CQi metingen from the code lists' known codes, so the same
//! seed and profile always give the same records.

use time::{Date, Duration};

use crate::model::{
    AgbCode, Delivery, Item, Meting, Neven, Prestatie, Primair, Zorgaanbieder, Zorgtraject, Zorgvraagtypering,
};
use crate::quarter::Quarter;

/// The instrument of every demo meting.
pub const CQI: &str = "CQi-GGZ-VZ-AKWA";

const DSM5: [&str; 7] = [
    "D5_5.03",
    "D5_4.02.02.02",
    "D5_1.04.03",
    "D5_1.03.01",
    "D5_7.01.01",
    "D5_6.01",
    "D5_15.01",
];

const CONSULTS: [&str; 12] = [
    "CO0018", "CO0083", "CO0148", "CO0213", "CO0042", "CO0107", "CO0172", "CO0237", "CO0050", "CO0115",
    "CO0180", "CO0245",
];

const OVERIGE: [&str; 3] = ["OV0007", "OV0008", "OV0012"];

/// The consult codes the Zorgprestatiemodel numbers `CO0001`… run to at least `CO1025` (the
/// highest on the bundled list).
const CONSULT_NUMBERS: u32 = 1040;

/// The bundled list's consult codes all lie on three columns of the consult numbering (every
/// 65th code from CO0018, CO0042 and CO0050); `unlisted_consult` never draws from them.
const LISTED_CONSULT_COLUMNS: [u32; 3] = [18, 42, 50];

/// A consult code from the numbering `CO0001`–`CO1040` that is not on the bundled prestatie
/// list, written into `out`. The codes follow the numbering of the verified examples; which
/// of them the NZa lists has not been checked here: the point is a well-formed code the
/// partial list does not know.
pub fn unlisted_consult(rng: &mut Rng, out: &mut String) {
    let mut number = rng.between(1, CONSULT_NUMBERS);
    while LISTED_CONSULT_COLUMNS.contains(&(number % 65)) {
        number = number % CONSULT_NUMBERS + 1;
    }
    out.clear();
    let _ = std::fmt::Write::write_fmt(out, format_args!("CO{number:04}"));
}

const ZORGVRAAGTYPEN: [u8; 20] = [
    1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
];

/// A small, fast, seedable pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        let span = u64::from(high.saturating_sub(low)) + 1;
        low + (self.next_u64() % span) as u32
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }

    /// An index into a slice of `len` elements (`len` must not be 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.between(0, len.saturating_sub(1) as u32) as usize
    }

    /// A copy of one element of `items` (which must not be empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
}

/// The shape of a synthetic provider.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The providers: AGB code and their groep_codes.
    pub zorgaanbieders: Vec<(AgbCode, Vec<String>)>,
    /// Trajectories in all (spread over the providers in turn).
    pub zorgtrajecten: usize,
    /// Loose metingen per provider.
    pub loose_metingen: usize,
    /// Primary diagnoses per trajectory.
    pub primair: (u32, u32),
    /// Secondary diagnoses per trajectory.
    pub neven: (u32, u32),
    /// Typings per trajectory.
    pub zorgvraagtyperingen: (u32, u32),
    /// Prestaties per trajectory.
    pub prestaties: (u32, u32),
    /// Linked metingen per trajectory.
    pub metingen: (u32, u32),
    /// The last day any record may carry.
    pub last_day: Date,
    /// How many days back from `last_day` trajectories may begin.
    pub span_days: u32,
    /// The seed.
    pub seed: u64,
    /// Draw consults from the Zorgprestatiemodel's consult numbering outside the bundled
    /// prestatie list (see [`unlisted_consult`]), so that every prestatie raises the
    /// `prestatie-code-unknown` warning: the workload for diagnostics at scale.
    pub unlisted_prestaties: bool,
}

fn agb(code: &str) -> AgbCode {
    // no-panic: only called with the eight-digit literals below (the demo tests build them).
    AgbCode::new(code).unwrap_or_else(|_| unreachable!("literal AGB codes are valid"))
}

/// `date` moved by `days`, stopping at the ends of the calendar instead of panicking
/// (`Date + Duration` panics past 9999-12-31, and quarters go up to 9999-Q4).
/// `date` moved by `days`, kept within the years a file can carry (see [`crate::model::YEARS`]),
/// so that every record the generator makes is one the model accepts.
fn shift(date: Date, days: i64) -> Date {
    let first =
        Date::from_calendar_date(*crate::model::YEARS.start(), time::Month::January, 1).unwrap_or(Date::MIN);
    let last =
        Date::from_calendar_date(*crate::model::YEARS.end(), time::Month::December, 31).unwrap_or(Date::MAX);
    date.checked_add(Duration::days(days))
        .unwrap_or(if days < 0 { first } else { last })
        .clamp(first, last)
}

impl Profile {
    /// The bundled demo: 2 providers, 3 groep_codes, 360 trajectories over two years ending
    /// on the last day of `quarter`.
    pub fn demo(quarter: Quarter) -> Self {
        Self {
            zorgaanbieders: vec![
                (
                    agb("54012345"),
                    vec!["Locatie Noord".to_string(), "Locatie Zuid".to_string()],
                ),
                (agb("94076543"), vec!["Praktijk De Linde".to_string()]),
            ],
            zorgtrajecten: 360,
            loose_metingen: 12,
            primair: (1, 2),
            neven: (0, 2),
            zorgvraagtyperingen: (1, 3),
            prestaties: (2, 14),
            metingen: (0, 1),
            last_day: quarter.last_day(),
            span_days: 730,
            seed: 20_240_401,
            unlisted_prestaties: false,
        }
    }

    /// Workload W1 of the benchmarks scaled by `factor`: 100,000 × factor trajectories with
    /// 1-2 primary and 0-3 secondary diagnoses, 1-4 typings, 20-100 prestaties, 0-2 metingen of
    /// 16 items, plus loose metingen, over three years ending with `quarter`.
    pub fn workload(quarter: Quarter, factor: usize) -> Self {
        Self {
            zorgaanbieders: vec![(
                agb("54012345"),
                (1..=12).map(|i| format!("Team {i:02}")).collect(),
            )],
            zorgtrajecten: 100_000 * factor,
            loose_metingen: 2_000 * factor,
            primair: (1, 2),
            neven: (0, 3),
            zorgvraagtyperingen: (1, 4),
            prestaties: (20, 100),
            metingen: (0, 2),
            last_day: quarter.last_day(),
            span_days: 3 * 365,
            seed: 42,
            unlisted_prestaties: false,
        }
    }

    /// The first day records may carry: `span_days` before `last_day`, but never before
    /// 2022-01-01, when the Zorgprestatiemodel (and its codes) took effect.
    fn first_day(&self) -> Date {
        let zpm_start = Date::from_calendar_date(2022, time::Month::January, 1).unwrap_or(Date::MIN);
        shift(self.last_day, -i64::from(self.span_days)).max(zpm_start)
    }
}

/// Draws records for a [`Profile`]; usable as a stream (one trajectory at a time).
pub struct Generator<'p> {
    profile: &'p Profile,
    rng: Rng,
}

impl<'p> Generator<'p> {
    /// A generator for `profile`.
    pub fn new(profile: &'p Profile) -> Self {
        Self {
            profile,
            rng: Rng::new(profile.seed),
        }
    }

    fn day_between(&mut self, first: Date, last: Date) -> Date {
        let span = (last - first).whole_days().max(0) as u32;
        shift(first, i64::from(self.rng.between(0, span)))
    }

    fn meting(&mut self, datum: Date) -> Meting {
        // Meting::new refuses an empty instrument code (CQI is a non-empty constant) and years
        // outside model::YEARS (every date here comes through `shift`, which clamps).
        // no-panic: see the two lines above.
        let mut meting = Meting::new(CQI, datum).unwrap_or_else(|_| unreachable!("constant instrument"));
        for item in 1..=16u32 {
            let score = self.rng.between(1, 5).to_string();
            if let Ok(item) = Item::new(&item.to_string(), &score) {
                meting.add_item(item);
            }
        }
        meting
    }

    /// The `index`-th trajectory for the provider with `groep_codes`.
    pub fn zorgtraject(&mut self, index: usize, groep_codes: &[String]) -> Zorgtraject {
        let p = self.profile;
        let begin = self.day_between(p.first_day(), p.last_day);
        let closes = self.rng.chance(80);
        let end = closes.then(|| shift(begin, i64::from(self.rng.between(14, 300))));
        let last_child_day = end.unwrap_or(p.last_day).min(shift(p.last_day, 60));
        let id = format!("EPD-{:06}", index + 1);
        let mut builder = Zorgtraject::builder(begin).id(id.clone());
        if let Some(end) = end {
            builder = builder.einddatum(end);
        }
        if !groep_codes.is_empty() && self.rng.chance(95) {
            if let Some(groep) = groep_codes.get(self.rng.index(groep_codes.len())) {
                builder = builder.groep_code(groep);
            }
        }
        // A profile built by hand may hold a groep_code the model refuses (empty, control
        // characters): the trajectory is then drawn without one.
        let mut t = builder.build().unwrap_or_else(|_| {
            let mut plain = Zorgtraject::builder(begin).id(id);
            if let Some(end) = end {
                plain = plain.einddatum(end);
            }
            // A builder refuses only a bad groep_code or einddatum < begindatum, and `shift`
            // never moves einddatum before begin.
            let built = plain.build();
            // no-panic: see above.
            built.unwrap_or_else(|_| unreachable!("einddatum after begindatum"))
        });
        self.children(&mut t, begin, last_child_day);
        t
    }

    fn children(&mut self, t: &mut Zorgtraject, begin: Date, last: Date) {
        let p = self.profile;
        for _ in 0..self.rng.between(p.primair.0, p.primair.1) {
            let datum = self.day_between(begin, last);
            if let Ok(r) = Primair::new(self.rng.pick(&DSM5), datum) {
                t.add_primair(r);
            }
        }
        for _ in 0..self.rng.between(p.neven.0, p.neven.1) {
            if let Ok(r) = Neven::new(self.rng.pick(&DSM5)) {
                t.add_neven(r);
            }
        }
        for _ in 0..self.rng.between(p.zorgvraagtyperingen.0, p.zorgvraagtyperingen.1) {
            let datum = self.day_between(begin, last);
            let honos = self.rng.pick(&ZORGVRAAGTYPEN).to_string();
            let chosen = if self.rng.chance(85) {
                honos.clone()
            } else {
                self.rng.pick(&ZORGVRAAGTYPEN).to_string()
            };
            if let Ok(r) = Zorgvraagtypering::new(Some(&honos), Some(&chosen), datum) {
                t.add_zorgvraagtypering(r);
            }
        }
        let mut datum = begin;
        let mut unlisted = String::new();
        for _ in 0..self.rng.between(p.prestaties.0, p.prestaties.1) {
            let code = if self.rng.chance(92) {
                if p.unlisted_prestaties {
                    unlisted_consult(&mut self.rng, &mut unlisted);
                    unlisted.as_str()
                } else {
                    self.rng.pick(&CONSULTS)
                }
            } else {
                self.rng.pick(&OVERIGE)
            };
            if let Ok(r) = Prestatie::new(code, datum.min(last)) {
                t.add_prestatie(r);
            }
            datum = shift(datum, i64::from(self.rng.between(0, 14)));
        }
        for _ in 0..self.rng.between(p.metingen.0, p.metingen.1) {
            let d = self.day_between(begin, last);
            t.add_meting(self.meting(d));
        }
    }

    /// A loose meting somewhere in the last year of the profile.
    pub fn loose_meting(&mut self) -> Meting {
        let last = self.profile.last_day;
        let d = self.day_between(shift(last, -365), last);
        self.meting(d)
    }

    /// Every record of the profile, one provider at a time, in a deterministic order.
    pub fn delivery(mut self) -> Delivery {
        let p = self.profile;
        let mut delivery = Delivery::new();
        let providers = p.zorgaanbieders.len().max(1);
        for (n, (code, groups)) in p.zorgaanbieders.iter().enumerate() {
            let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(*code));
            for i in (n..p.zorgtrajecten).step_by(providers) {
                za.add_zorgtraject(self.zorgtraject(i, groups));
            }
            for _ in 0..p.loose_metingen {
                za.add_meting(self.loose_meting());
            }
        }
        delivery
    }
}

/// Writes every record of the profile as JSON Lines (`docs/information-model.md`), one record at a time, so that
/// workloads larger than memory can be made. Returns the number of lines.
pub fn write_jsonl<W: std::io::Write>(profile: &Profile, mut out: W) -> std::io::Result<u64> {
    use crate::json::{MetingJson, ZorgtrajectJson};
    let mut generator = Generator::new(profile);
    let providers = profile.zorgaanbieders.len().max(1);
    let mut lines = 0;
    for (n, (code, groups)) in profile.zorgaanbieders.iter().enumerate() {
        for i in (n..profile.zorgtrajecten).step_by(providers) {
            let t = ZorgtrajectJson::from_model(&generator.zorgtraject(i, groups));
            let line = serde_json::json!({"zorgaanbieder_code": code.as_str(), "zorgtraject": t});
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
            lines += 1;
        }
        for _ in 0..profile.loose_metingen {
            let m = MetingJson::from_model(&generator.loose_meting());
            let line = serde_json::json!({"zorgaanbieder_code": code.as_str(), "meting": m});
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
            lines += 1;
        }
    }
    out.flush()?;
    Ok(lines)
}

/// The bundled demo delivery, with data up to the end of `quarter`.
pub fn demo_delivery(quarter: Quarter) -> Delivery {
    Generator::new(&Profile::demo(quarter)).delivery()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_deterministic_and_realistic() {
        let q: Quarter = "2024-Q1".parse().unwrap();
        let a = demo_delivery(q);
        assert_eq!(a, demo_delivery(q));
        assert_eq!(a.zorgaanbieders.len(), 2);
        let trajecten: Vec<_> = a.zorgaanbieders.iter().flat_map(|z| z.zorgtrajecten()).collect();
        assert_eq!(trajecten.len(), 360);
        let groups: std::collections::BTreeSet<_> = trajecten.iter().filter_map(|t| t.groep_code()).collect();
        assert_eq!(groups.len(), 3);
        assert!(trajecten.iter().any(|t| t.einddatum().is_none()));
        assert!(trajecten
            .iter()
            .any(|t| t.einddatum().is_some_and(|e| q.contains(e))));
        assert!(trajecten
            .iter()
            .all(|t| !t.primair().is_empty() && !t.prestaties().is_empty()));
        assert!(trajecten.iter().any(|t| !t.metingen().is_empty()));
        assert!(a.zorgaanbieders.iter().all(|z| z.metingen().len() == 12));
        assert_ne!(a, demo_delivery(q.next()));
    }

    #[test]
    fn jsonl_has_the_same_records_as_the_delivery() {
        let q: Quarter = "2024-Q1".parse().unwrap();
        let profile = Profile::demo(q);
        let mut out = Vec::new();
        let lines = write_jsonl(&profile, &mut out).unwrap();
        assert_eq!(lines, 360 + 2 * 12);
        let mut reader = crate::jsonl::JsonLinesReader::new(&out[..]);
        let mut report = crate::Report::new();
        let mut trajecten = Vec::new();
        while let Some(line) = reader.next_line(&mut report).unwrap() {
            if let Some(crate::jsonl::Record::Zorgtraject(t)) = line.record {
                trajecten.push(t);
            }
        }
        let delivery = Generator::new(&profile).delivery();
        let expected: Vec<_> = delivery
            .zorgaanbieders
            .iter()
            .flat_map(|z| z.zorgtrajecten().to_vec())
            .collect();
        assert_eq!(trajecten, expected);
    }

    #[test]
    fn the_last_and_first_representable_quarters_do_not_overflow_dates() {
        // Regression: `date + Duration` panics past 9999-12-31; `spiegel demo -k 9999-Q4` did.
        for q in ["9999-Q4", "9999-Q3", "1000-Q1"] {
            let q: Quarter = q.parse().unwrap();
            let d = demo_delivery(q);
            assert_eq!(d.zorgaanbieders.len(), 2);
            let mut profile = Profile::workload(q, 1);
            profile.zorgtrajecten = 50;
            profile.loose_metingen = 20;
            write_jsonl(&profile, std::io::sink()).unwrap();
        }
    }

    #[test]
    fn a_hand_made_profile_with_a_refused_groep_code_does_not_panic() {
        let q: Quarter = "2024-Q1".parse().unwrap();
        let mut profile = Profile::demo(q);
        profile.zorgaanbieders = vec![(agb("12345678"), vec![String::new(), "a\u{1}b".to_string()])];
        let d = Generator::new(&profile).delivery();
        let trajecten = d.zorgaanbieders[0].zorgtrajecten();
        assert_eq!(trajecten.len(), 360);
        assert!(trajecten.iter().all(|t| t.groep_code().is_none()));
    }

    #[test]
    fn workload_has_w1_shape() {
        let q: Quarter = "2024-Q1".parse().unwrap();
        let mut profile = Profile::workload(q, 1);
        profile.zorgtrajecten = 50;
        let d = Generator::new(&profile).delivery();
        for t in d.zorgaanbieders[0].zorgtrajecten() {
            assert!((20..=100).contains(&t.prestaties().len()));
            assert!((1..=2).contains(&t.primair().len()));
            assert!(t.metingen().iter().all(|m| m.items().len() == 16));
        }
    }

    #[test]
    fn the_unlisted_workload_raises_one_warning_per_consult() {
        let mut profile = Profile::workload(Quarter::new(2024, 4).unwrap(), 1);
        profile.zorgtrajecten = 40;
        profile.loose_metingen = 0;
        profile.unlisted_prestaties = true;
        let delivery = Generator::new(&profile).delivery();
        let lists = crate::CodeLists::bundled();
        let known = |code: &str| {
            lists
                .list(crate::ListName::Prestatie)
                .entries()
                .iter()
                .any(|e| e.code() == code)
        };
        let mut consults = 0;
        for t in delivery.zorgaanbieders.iter().flat_map(|za| za.zorgtrajecten()) {
            for p in t.prestaties() {
                let code = p.prestatie_code();
                if code.starts_with("CO") {
                    consults += 1;
                    assert!(!known(code), "{code} is on the bundled list");
                }
            }
        }
        assert!(consults > 100, "{consults}");
    }
}
