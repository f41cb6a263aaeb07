//! The small value parsers: quarters, dates, date-times, AGB codes. Each accepted value must
//! format back to an accepted value that is equal (dates and AGB codes: to the same text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::datum::{format_date, format_datetime, parse_date, parse_datetime};
use spiegelinformatie::{AgbCode, Quarter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(q) = text.parse::<Quarter>() {
        assert_eq!(q.to_string().parse::<Quarter>().ok(), Some(q));
        assert!(q.first_day() <= q.last_day());
        assert!(q.contains(q.first_day()) && q.contains(q.last_day()));
        assert_eq!(Quarter::containing(q.last_day()), q);
        assert_eq!(q.next().previous(), q);
    }
    if let Some(d) = parse_date(text) {
        assert_eq!(format_date(d), text);
        let q = Quarter::containing(d);
        assert!(q.contains(d));
    }
    if let Some(dt) = parse_datetime(text) {
        assert_eq!(format_datetime(dt), text);
    }
    if let Ok(agb) = AgbCode::new(text) {
        assert_eq!(agb.as_str(), text);
    }
});
