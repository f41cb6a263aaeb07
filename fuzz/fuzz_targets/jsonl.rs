//! JSON Lines on arbitrary bytes: the in-memory reader, and the streaming generator (reader
//! thread + writer) that must agree with it and with the in-memory generator.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::jsonl::read_delivery;
use spiegelinformatie::stream::generate_jsonl;
use spiegelinformatie::{generate, GenerateOptions, Quarter};
use time::macros::datetime;

fuzz_target!(|data: &[u8]| {
    let quarter = Quarter::new(2024, 1).expect("a valid quarter");
    let options = GenerateOptions::new(quarter, datetime!(2024-04-03 10:15:00));
    let read = read_delivery(data);
    let streamed = generate_jsonl(data, &options, Vec::new());
    if let (Ok((delivery, report)), Ok((bytes, stream_report))) = (read, streamed) {
        if report.has_errors() || stream_report.has_errors() {
            return;
        }
        let mut expected = Vec::new();
        if generate(&delivery, &options, &mut expected).is_ok() {
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&expected),
                "streaming and in-memory generation disagree"
            );
        }
    }
});
