//! JSON deliveries on arbitrary bytes, through both entry points (`&str` and `Read`), and an
//! accepted delivery through the whole job: selection, validation, writing, preview, and the
//! JSON writer (whose output must read back to the same delivery).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::json::{read_delivery, read_delivery_str, write_delivery};
use spiegelinformatie::{generate, preview_delivery, CodeLists, GenerateOptions, Quarter};
use time::macros::datetime;

fuzz_target!(|data: &[u8]| {
    let from_reader = read_delivery(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(from_reader.is_err(), "invalid UTF-8 was accepted");
        return;
    };
    let from_str = read_delivery_str(text);
    assert_eq!(
        from_reader.is_ok(),
        from_str.is_ok(),
        "the two entry points disagree"
    );
    let Ok((delivery, _report)) = from_str else {
        return;
    };
    let quarter = Quarter::new(2024, 1).expect("a valid quarter");
    let options = GenerateOptions::new(quarter, datetime!(2024-04-03 10:15:00));
    let _ = generate(&delivery, &options, std::io::sink());
    let lists = CodeLists::shared_bundled();
    let _ = preview_delivery(&delivery, &options, lists.as_ref());

    let mut json = Vec::new();
    write_delivery(&delivery, &mut json).expect("writing JSON to memory cannot fail");
    let (again, report) = read_delivery(json.as_slice()).expect("our own JSON reads back");
    assert!(
        report.diagnostics.is_empty(),
        "our own JSON has errors: {:?}",
        report.diagnostics
    );
    assert_eq!(delivery, again, "the delivery changed in a JSON round trip");
});
