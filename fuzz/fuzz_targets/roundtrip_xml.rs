//! Round trip: any file the reader accepts must write and read back to the same model, and
//! writing that again must give the same bytes (the writer's output is canonical).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::xml::read::read_bestand;
use spiegelinformatie::xml::write::write_bestand;

fuzz_target!(|data: &[u8]| {
    let Ok(bestand) = read_bestand(data) else {
        return;
    };
    let written = write_bestand(&bestand, Vec::new()).expect("writing to memory cannot fail");
    let again = match read_bestand(written.as_slice()) {
        Ok(b) => b,
        Err(e) => panic!(
            "the writer produced a file the reader refuses: {e}\n{}",
            String::from_utf8_lossy(&written)
        ),
    };
    assert_eq!(bestand, again, "the model changed in a round trip");
    let rewritten = write_bestand(&again, Vec::new()).expect("writing to memory cannot fail");
    assert_eq!(written, rewritten, "writing is not canonical");
});
