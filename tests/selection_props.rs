//! Quarter selection against a deliberately naive oracle, over random dates.

use proptest::prelude::*;
use spiegelinformatie::select::{classify, Inclusion};
use spiegelinformatie::Quarter;
use time::{Date, Duration};

/// Naive: a trajectory is in the file when it is active on at least one day of the quarter,
/// walking every day; its einddatum is written only when that day lies in the quarter.
fn oracle(begin: Date, end: Option<Date>, q: Quarter) -> Option<Option<Date>> {
    let mut day = q.first_day();
    let mut active = false;
    while day <= q.last_day() {
        if begin <= day && end.is_none_or(|e| day <= e) {
            active = true;
        }
        day = day.next_day().unwrap();
    }
    let end_in_quarter = end.filter(|e| {
        let mut d = q.first_day();
        while d <= q.last_day() {
            if d == *e {
                return true;
            }
            d = d.next_day().unwrap();
        }
        false
    });
    active.then_some(end_in_quarter)
}

fn day(offset: i64) -> Date {
    Date::from_calendar_date(2022, time::Month::January, 1).unwrap() + Duration::days(offset)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn selection_matches_the_oracle(begin in 0i64..1200, length in proptest::option::of(0i64..500), qi in 0u8..12) {
        let q = Quarter::new(2022 + i32::from(qi / 4), qi % 4 + 1).unwrap();
        let begin = day(begin);
        let end = length.map(|l| begin + Duration::days(l));
        let got = classify(begin, end, q).ok().map(|inc| inc.einddatum_written(end));
        prop_assert_eq!(got, oracle(begin, end, q));
        if let Ok(Inclusion::OpenEndsAfterQuarter) = classify(begin, end, q) {
            prop_assert!(end.unwrap() > q.last_day());
        }
    }

    #[test]
    fn quarter_contains_exactly_its_days(offset in 0i64..3000) {
        let d = day(offset);
        let q = Quarter::containing(d);
        prop_assert!(q.first_day() <= d && d <= q.last_day());
        prop_assert!(q.next().first_day() == q.last_day().next_day().unwrap());
        prop_assert_eq!(q.to_string().parse::<Quarter>().unwrap(), q);
        prop_assert_eq!(Quarter::due_on(d).next(), q);
    }
}
