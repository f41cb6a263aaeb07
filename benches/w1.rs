//! Full-size measurements for `benches/run.sh` (a plain program, not criterion):
//!
//! - `w1 writer [N]`: our writer alone against the minimal hand-rolled baseline on W1
//!   (N trajectories, default 100,000), model in memory → `Vec`, best and median of 5 runs;
//! - `w1 flat PATH [N]`: writes the records in the flat form the C harness reads;
//! - `w1 build PATH OUT.xml`: builds the delivery from that flat file with the Rust API (the
//!   counterpart of `benches/c_abi.c`) and writes the quarter's file, timing both steps.
//!
//! Cargo passes `--bench` to bench programs; it is ignored.

mod support;

use std::time::{Duration, Instant};

use spiegelinformatie::xml::write::write_bestand;
use spiegelinformatie::GenerateOptions;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn writer(n: usize) {
    let bestand = support::bestand(support::delivery(n));
    let ours = write_bestand(&bestand, Vec::new()).unwrap();
    let base = support::baseline_write(&bestand, Vec::new()).unwrap();
    assert!(
        ours == base,
        "the baseline must write the same bytes as our writer"
    );
    let (mut t_ours, mut t_base) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(write_bestand(&bestand, Vec::with_capacity(ours.len())).unwrap());
        t_ours.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(support::baseline_write(&bestand, Vec::with_capacity(ours.len())).unwrap());
        t_base.push(t.elapsed());
    }
    let (o, b) = (median(t_ours), median(t_base));
    println!(
        "writer-alone {n} trajectories, {} bytes: ours {:.3} s ({:.0} MB/s), baseline {:.3} s ({:.0} MB/s), ours/baseline throughput {:.2}",
        ours.len(),
        o.as_secs_f64(),
        mbps(ours.len(), o),
        b.as_secs_f64(),
        mbps(ours.len(), b),
        b.as_secs_f64() / o.as_secs_f64()
    );
}

fn build(flat: &str, out: &str) {
    let text = std::fs::read_to_string(flat).unwrap();
    let records = support::split_flat(&text);
    let t = Instant::now();
    let delivery = support::build_from_flat(&records);
    let built = t.elapsed();
    let options = GenerateOptions::new(support::quarter(), support::CREATED);
    let t = Instant::now();
    spiegelinformatie::generate_file(&delivery, &options, std::path::Path::new(out)).unwrap();
    let written = t.elapsed();
    println!(
        "rust-build {} records: build {:.3} s, write {:.3} s",
        records.len(),
        built.as_secs_f64(),
        written.as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let n = |i: usize| args.get(i).map_or(100_000, |v| v.parse().unwrap());
    match args.first().map(String::as_str) {
        Some("writer") => writer(n(1)),
        Some("flat") => {
            let file = std::io::BufWriter::new(std::fs::File::create(&args[1]).unwrap());
            support::write_flat(&support::delivery(n(2)), file).unwrap();
        }
        Some("build") => build(&args[1], &args[2]),
        _ => eprintln!("usage: w1 writer [N] | flat PATH [N] | build PATH OUT.xml"),
    }
}
