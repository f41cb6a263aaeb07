//! The hand-written JSON Lines fast path against serde on arbitrary bytes: reading with and
//! without the fast path must give the same lines, the same report and the same fatal error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::jsonl::{JsonLinesReader, Line};
use spiegelinformatie::{Diagnostic, Report};

fn read_all(reader: &mut JsonLinesReader<&[u8]>) -> (Vec<Line>, Report, Option<Box<Diagnostic>>) {
    let mut report = Report::new();
    let mut lines = Vec::new();
    loop {
        match reader.next_line(&mut report) {
            Ok(Some(line)) => lines.push(line),
            Ok(None) => return (lines, report, None),
            Err(fatal) => return (lines, report, Some(fatal)),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let fast = read_all(&mut JsonLinesReader::new(data));
    let serde = read_all(&mut JsonLinesReader::new(data).serde_only());
    assert_eq!(fast, serde, "the fast path and serde disagree");
});
