//! The Rust side of the peer benchmark (`benches/peers/run.sh`, BENCHMARKS.md "Peers"):
//!
//! - `peers flat IN.jsonl OUT.flat`: the records of a `spiegel workload` file in the flat form
//!   every peer program reads (see `benches/support/mod.rs`, `write_flat`);
//! - `peers native FLAT OUT.xml QUARTER`: the Rust-native build of the same records, the
//!   counterpart of the C ABI bulk path (`c_bulk.c`): the flat records are loaded into memory
//!   first (dates parsed); the timed phase builds each trajectory with the model's
//!   constructors and pushes it to the streaming generator, skipping the children of
//!   trajectories not in the quarter (as the bulk path's early answer lets a caller do).
//!
//! Prints `RESULT native SECONDS RSS_BEFORE_KIB PEAK_KIB CPU_SECONDS` (peak RSS of the timed
//! phase: the peak is reset just before it through /proc/self/clear_refs; CPU = user + system
//! time of the phase).
//!
//! Cargo passes `--bench` to bench programs; it is ignored.

#[path = "../support/mod.rs"]
mod support;

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::time::Instant;

use spiegelinformatie::model::{parse_date, AgbCode, Item, Meting, Neven, Prestatie, Primair};
use spiegelinformatie::model::{Zorgtraject, Zorgvraagtypering};
use spiegelinformatie::select::classify;
use spiegelinformatie::stream::StreamGenerator;
use spiegelinformatie::{GenerateOptions, Quarter};
use time::Date;

/// One flat record with its dates parsed (the in-memory form before timing).
enum Rec {
    Z(String),
    T(Option<String>, Date, Option<Date>, Option<String>),
    P(String, Date),
    N(String),
    V(Option<String>, Option<String>, Date),
    R(String, Date),
    M(String, Date),
    L(String, Date),
    I(String, String),
}

fn load(path: &str) -> Vec<Rec> {
    let text = std::fs::read_to_string(path).expect("the flat file");
    let opt = |v: &str| (v != "-").then(|| v.to_string());
    let date = |v: &str| parse_date("datum", v).expect("a date");
    support::split_flat(&text)
        .into_iter()
        .map(|r| match r[0] {
            "Z" => Rec::Z(r[1].to_string()),
            "T" => Rec::T(opt(r[1]), date(r[2]), opt(r[3]).map(|e| date(&e)), opt(r[4])),
            "P" => Rec::P(r[1].to_string(), date(r[2])),
            "N" => Rec::N(r[1].to_string()),
            "V" => Rec::V(opt(r[1]), opt(r[2]), date(r[3])),
            "R" => Rec::R(r[1].to_string(), date(r[2])),
            "M" => Rec::M(r[1].to_string(), date(r[2])),
            "L" => Rec::L(r[1].to_string(), date(r[2])),
            "I" => Rec::I(r[1].to_string(), r[2].to_string()),
            tag => panic!("unknown record {tag}"),
        })
        .collect()
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU seconds (user + system) of this process so far, from /proc/self/stat (100 ticks/s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn native(flat: &str, out: &str, quarter: &str) {
    let records = load(flat);
    let quarter: Quarter = quarter.parse().expect("a quarter");
    let options = GenerateOptions::new(quarter, support::CREATED);
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmRSS:");
    let (t, c0) = (Instant::now(), cpu_seconds());
    let file = BufWriter::with_capacity(1 << 16, File::create(out).expect("the output"));
    let mut g = StreamGenerator::new(file, options).expect("the header");
    let mut traject: Option<Zorgtraject> = None;
    let mut skip = false;
    let mut meting: Option<Meting> = None;
    let mut loose: Option<Meting> = None;
    let finish_traject = |g: &mut StreamGenerator<_>, t: &mut Option<Zorgtraject>, m: &mut Option<Meting>| {
        if let (Some(t), Some(m)) = (t.as_mut(), m.take()) {
            t.add_meting(m);
        }
        if let Some(t) = t.take() {
            g.zorgtraject(&t).expect("written");
        }
    };
    for r in &records {
        if !matches!(r, Rec::I(..)) {
            if let Some(m) = loose.take() {
                g.loose_meting(m).expect("kept");
            }
        }
        match r {
            Rec::Z(code) => {
                finish_traject(&mut g, &mut traject, &mut meting);
                g.start_zorgaanbieder(AgbCode::new(code).expect("an AGB code"))
                    .expect("started");
            }
            Rec::T(key, begin, end, groep) => {
                finish_traject(&mut g, &mut traject, &mut meting);
                let mut b = Zorgtraject::builder(*begin);
                if let Some(k) = key {
                    b = b.id(k.as_str());
                }
                if let Some(e) = end {
                    b = b.einddatum(*e);
                }
                if let Some(gc) = groep {
                    b = b.groep_code(gc);
                }
                let built = b.build().expect("a trajectory");
                skip = classify(built.begindatum(), built.einddatum(), quarter).is_err();
                traject = Some(built);
            }
            Rec::L(code, datum) => {
                finish_traject(&mut g, &mut traject, &mut meting);
                loose = Some(Meting::new(code, *datum).expect("a meting"));
            }
            Rec::I(code, score) => {
                let item = Item::new(code, score).expect("an item");
                if let Some(m) = loose.as_mut() {
                    m.add_item(item);
                } else if !skip {
                    meting.as_mut().expect("a meting").add_item(item);
                }
            }
            _ if skip => {}
            Rec::P(code, datum) => traject
                .as_mut()
                .expect("open")
                .add_primair(Primair::new(code, *datum).expect("primair")),
            Rec::N(code) => traject
                .as_mut()
                .expect("open")
                .add_neven(Neven::new(code).expect("neven")),
            Rec::V(honos, code, datum) => traject.as_mut().expect("open").add_zorgvraagtypering(
                Zorgvraagtypering::new(honos.as_deref(), code.as_deref(), *datum).expect("zorgvraagtypering"),
            ),
            Rec::R(code, datum) => traject
                .as_mut()
                .expect("open")
                .add_prestatie(Prestatie::new(code, *datum).expect("prestatie")),
            Rec::M(code, datum) => {
                if let (Some(t), Some(m)) = (traject.as_mut(), meting.take()) {
                    t.add_meting(m);
                }
                meting = Some(Meting::new(code, *datum).expect("a meting"));
            }
        }
    }
    finish_traject(&mut g, &mut traject, &mut meting);
    if let Some(m) = loose.take() {
        g.loose_meting(m).expect("kept");
    }
    let (file, report) = g.finish().expect("finished");
    assert!(!report.has_errors(), "the workload has errors");
    file.into_inner().expect("flushed").sync_all().expect("synced");
    let seconds = t.elapsed().as_secs_f64();
    println!(
        "RESULT native {seconds:.3} {before} {} {:.2}",
        status_kib("VmHWM:"),
        cpu_seconds() - c0
    );
}

fn flat(jsonl: &str, out: &str) {
    let input = BufReader::new(File::open(jsonl).expect("the JSON Lines"));
    let (delivery, report) = spiegelinformatie::jsonl::read_delivery(input).expect("readable");
    assert!(!report.has_errors(), "the workload has errors");
    support::write_flat(
        &delivery,
        BufWriter::new(File::create(out).expect("the flat file")),
    )
    .expect("written");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["flat", jsonl, out] => flat(jsonl, out),
        ["native", flat_path, out, quarter] => native(flat_path, out, quarter),
        _ => eprintln!("usage: peers flat IN.jsonl OUT.flat | native FLAT OUT.xml QUARTER"),
    }
}
