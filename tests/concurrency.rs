//! Several threads share one `Arc<CodeLists>` (and one organisation structure) and generate
//! separate deliveries at once: in memory, streaming from JSON Lines, to files, through the C
//! ABI, and validate files (reader + content rules, and libxml2 with one validator per thread),
//! hammering for a bounded time. Every output must equal the single-threaded result.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use spiegelinformatie::demo::{write_jsonl, Generator, Profile};
use spiegelinformatie::stream::generate_jsonl;
use spiegelinformatie::xml::read_bestand_file;
use spiegelinformatie::{
    generate, generate_file, json, validate_bestand, CodeLists, Delivery, GenerateOptions, Organisatie,
    Quarter, Report,
};
use time::macros::datetime;

const THREADS: usize = 4;
const HAMMER: Duration = Duration::from_secs(4);

/// One job: a delivery in both input forms, its options, and the single-threaded results.
struct Job {
    delivery: Delivery,
    jsonl: Vec<u8>,
    json: String,
    options: GenerateOptions,
    xml: Vec<u8>,
    report: Report,
    validation: Report,
}

fn jobs(lists: &Arc<CodeLists>) -> Vec<Job> {
    let quarters: [Quarter; 4] = ["2024-Q1", "2024-Q2", "2024-Q3", "2023-Q4"].map(|q| q.parse().unwrap());
    let organisatie = Arc::new(Organisatie::new([
        "Locatie Noord",
        "Locatie Zuid",
        "Praktijk De Linde",
    ]));
    quarters
        .iter()
        .enumerate()
        .map(|(i, &q)| {
            let mut profile = Profile::demo(q);
            profile.seed = 1000 + i as u64;
            profile.zorgtrajecten = 120;
            let delivery = Generator::new(&profile).delivery();
            let mut jsonl = Vec::new();
            write_jsonl(&profile, &mut jsonl).unwrap();
            let mut json = Vec::new();
            json::write_delivery(&delivery, &mut json).unwrap();
            let mut options = GenerateOptions::new(q, datetime!(2024-10-02 08:00:00));
            options.codelists = Arc::clone(lists);
            if i % 2 == 1 {
                options.organisatie = Some(Arc::clone(&organisatie));
            }
            let mut xml = Vec::new();
            let report = generate(&delivery, &options, &mut xml).unwrap();
            let bestand = spiegelinformatie::xml::read_bestand(xml.as_slice()).unwrap();
            let validation = validate_bestand(&bestand, lists, options.organisatie.as_deref());
            Job {
                delivery,
                jsonl,
                json: String::from_utf8(json).unwrap(),
                options,
                xml,
                report,
                validation,
            }
        })
        .collect()
}

/// The C ABI path: load the JSON, set quarter and datum_creatie, write into a buffer.
fn through_the_c_abi(job: &Job) -> Vec<u8> {
    use spiegelinformatie::ffi::*;
    unsafe {
        let mut d = std::ptr::null_mut();
        assert_eq!(spiegel_delivery_new(&mut d), SPIEGEL_OK);
        let q = job.options.quarter.to_string();
        assert_eq!(spiegel_delivery_set_quarter(d, q.as_ptr(), q.len()), SPIEGEL_OK);
        let created = "2024-10-02T08:00:00";
        assert_eq!(
            spiegel_delivery_set_datum_creatie(d, created.as_ptr(), created.len()),
            SPIEGEL_OK
        );
        assert_eq!(
            spiegel_delivery_load_json(d, job.json.as_ptr(), job.json.len()),
            SPIEGEL_OK
        );
        let mut len = 0usize;
        let mut report = std::ptr::null_mut();
        let code = spiegel_delivery_write_buffer(d, std::ptr::null_mut(), 0, &mut len, &mut report);
        assert_eq!(code, SPIEGEL_BUFFER_TOO_SMALL);
        spiegel_report_free(report);
        let mut buf = vec![0u8; len + 1];
        let mut report = std::ptr::null_mut();
        let code = spiegel_delivery_write_buffer(d, buf.as_mut_ptr(), buf.len(), &mut len, &mut report);
        assert_eq!(code, SPIEGEL_OK);
        spiegel_report_free(report);
        spiegel_delivery_free(d);
        buf.truncate(len);
        buf
    }
}

fn check_file(path: &Path, job: &Job, lists: &CodeLists) {
    assert_eq!(std::fs::read(path).unwrap(), job.xml);
    let bestand = read_bestand_file(path).unwrap();
    let validation = validate_bestand(&bestand, lists, job.options.organisatie.as_deref());
    assert_eq!(validation, job.validation);
}

#[test]
fn threads_sharing_code_lists_produce_the_single_threaded_results() {
    // A list set of our own (not the process-wide bundled one), shared by every thread.
    let lists =
        Arc::new(CodeLists::load_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("codelists")).unwrap());
    let jobs = jobs(&lists);
    // The C ABI agrees single-threaded too (it uses the bundled lists, which are the same).
    for job in &jobs {
        assert_eq!(through_the_c_abi(job), job.xml);
    }
    let dir = tempfile::tempdir().unwrap();
    let shared_target: PathBuf = dir.path().join("shared.xml");
    let rounds = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (jobs, lists, rounds, dir, shared_target) =
                (&jobs, &lists, &rounds, dir.path(), &shared_target);
            s.spawn(move || {
                #[cfg(feature = "xsd")]
                let mut xsd = spiegelinformatie::xsd::XsdValidator::bundled().unwrap();
                let mut round = 0usize;
                while round < 2 || start.elapsed() < HAMMER {
                    let job = &jobs[(t + round) % jobs.len()];
                    // In memory.
                    let mut xml = Vec::new();
                    let report = generate(&job.delivery, &job.options, &mut xml).unwrap();
                    assert_eq!(xml, job.xml, "thread {t} round {round}: in-memory output differs");
                    assert_eq!(report, job.report);
                    // Streaming, with its own reader thread.
                    let (streamed, stream_report) =
                        generate_jsonl(job.jsonl.as_slice(), &job.options, Vec::new()).unwrap();
                    assert_eq!(
                        streamed, job.xml,
                        "thread {t} round {round}: streamed output differs"
                    );
                    assert_eq!(stream_report, job.report);
                    // To a file of this thread, then read back and validated.
                    let own = dir.join(format!("t{t}.xml"));
                    generate_file(&job.delivery, &job.options, &own).unwrap();
                    check_file(&own, job, lists);
                    #[cfg(feature = "xsd")]
                    assert!(xsd.validate_file(&own).unwrap().is_empty());
                    // To one file shared by all threads: renames are atomic, so whatever is
                    // there at any moment is one complete output, never a mixture.
                    generate_file(&job.delivery, &job.options, shared_target).unwrap();
                    let now = std::fs::read(shared_target).unwrap();
                    assert!(jobs.iter().any(|j| j.xml == now), "the shared file is a mixture");
                    // Through the C ABI.
                    assert_eq!(through_the_c_abi(job), job.xml);
                    round += 1;
                    rounds.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let rounds = rounds.load(Ordering::Relaxed);
    assert!(rounds >= (2 * THREADS) as u64);
    eprintln!("{rounds} rounds in {:?}", start.elapsed());
    // No temporary file left behind by any thread.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<_> = (0..THREADS).map(|t| format!("t{t}.xml")).collect();
    expected.push("shared.xml".to_string());
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn the_bundled_lists_are_shared_not_copied() {
    let a = CodeLists::shared_bundled();
    let handles: Vec<_> = (0..THREADS)
        .map(|_| std::thread::spawn(CodeLists::shared_bundled))
        .collect();
    for h in handles {
        assert!(Arc::ptr_eq(&a, &h.join().unwrap()));
    }
}
