//! Criterion benchmarks on W1/10 (10,000 trajectories; the full W1 runs in `benches/run.sh`):
//!
//! - `write/*`: our writer alone (model in memory → XML) against the minimal hand-rolled
//!   baseline, to a `Vec`;
//! - `generate/*`: quarter selection, validation and writing of the in-memory delivery, to
//!   `io::sink`, to a `Vec` and to a file;
//! - `jsonl/*`: JSON Lines in memory → XML (`generate_jsonl`: parse, select, validate, write);
//! - `xsd/*`: libxml2 validation (`XsdValidator`) of the produced file.
//!
//! Run: `cargo bench --bench spiegel` (add a filter such as `-- write` to run one group).

mod support;

use std::hint::black_box;
use std::io;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use spiegelinformatie::stream::generate_jsonl;
use spiegelinformatie::xml::write::write_bestand;
use spiegelinformatie::{generate, generate_file, GenerateOptions};

const TRAJECTORIES: usize = 10_000;

fn options() -> GenerateOptions {
    GenerateOptions::new(support::quarter(), support::CREATED)
}

fn benches(c: &mut Criterion) {
    let delivery = support::delivery(TRAJECTORIES);
    let options = options();

    let bestand = support::bestand(delivery.clone());
    let ours = write_bestand(&bestand, Vec::new()).unwrap();
    let baseline = support::baseline_write(&bestand, Vec::new()).unwrap();
    assert!(
        ours == baseline,
        "the baseline must write the same bytes as our writer"
    );
    let mut g = c.benchmark_group("write");
    g.sample_size(20).throughput(Throughput::Bytes(ours.len() as u64));
    g.bench_function("ours", |b| {
        b.iter(|| write_bestand(black_box(&bestand), Vec::with_capacity(ours.len())).unwrap())
    });
    g.bench_function("baseline", |b| {
        b.iter(|| support::baseline_write(black_box(&bestand), Vec::with_capacity(ours.len())).unwrap())
    });
    g.finish();

    let mut xml = Vec::new();
    generate(&delivery, &options, &mut xml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w1-10.xml");
    let mut g = c.benchmark_group("generate");
    g.sample_size(10).throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function("sink", |b| {
        b.iter(|| generate(black_box(&delivery), &options, io::sink()).unwrap())
    });
    g.bench_function("vec", |b| {
        b.iter(|| generate(black_box(&delivery), &options, Vec::with_capacity(xml.len())).unwrap())
    });
    g.bench_function("file", |b| {
        b.iter(|| generate_file(black_box(&delivery), &options, &path).unwrap())
    });
    g.finish();

    let mut jsonl = Vec::new();
    spiegelinformatie::demo::write_jsonl(&support::profile(TRAJECTORIES), &mut jsonl).unwrap();
    let (streamed, _) = generate_jsonl(&jsonl[..], &options, Vec::new()).unwrap();
    assert!(
        streamed == xml,
        "streaming must write the same bytes as the in-memory path"
    );
    let mut g = c.benchmark_group("jsonl");
    g.sample_size(10)
        .throughput(Throughput::Bytes(jsonl.len() as u64));
    g.bench_function("generate_jsonl", |b| {
        b.iter(|| generate_jsonl(black_box(&jsonl[..]), &options, io::sink()).unwrap())
    });
    g.finish();

    #[cfg(feature = "xsd")]
    {
        std::fs::write(&path, &xml).unwrap();
        let mut validator = spiegelinformatie::xsd::XsdValidator::bundled().unwrap();
        assert!(validator.validate_file(&path).unwrap().is_empty());
        let mut g = c.benchmark_group("xsd");
        g.sample_size(10).throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function("validate_file", |b| {
            b.iter(|| validator.validate_file(&path).unwrap())
        });
        g.finish();
    }
}

criterion_group!(spiegel, benches);
criterion_main!(spiegel);
