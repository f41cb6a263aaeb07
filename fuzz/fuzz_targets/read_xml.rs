//! The XML reader on arbitrary bytes: it must return `Ok` or `Err`, never panic, hang or
//! allocate without bound. An accepted file also goes through what callers do next with it:
//! the content rules (`spiegel validate`) and the PVM preview (`spiegel preview`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::xml::read::read_bestand;
use spiegelinformatie::{preview_bestand, validate_bestand, CodeLists};

fuzz_target!(|data: &[u8]| {
    if let Ok(bestand) = read_bestand(data) {
        let lists = CodeLists::shared_bundled();
        let _ = validate_bestand(&bestand, &lists, None);
        let _ = preview_bestand(&bestand, lists.as_ref());
    }
});
