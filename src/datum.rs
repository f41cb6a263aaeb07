//! Strict parsing and fast formatting of the two date forms of the file:
//! `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS` (no offset, no fraction).

use time::{Date, Month, PrimitiveDateTime, Time};

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses a real calendar date written exactly as `YYYY-MM-DD`, with a year from 1000 to 9999.
pub fn parse_date(text: &str) -> Option<Date> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
        return None;
    };
    let year = digits(&[y0, y1, y2, y3]).filter(|y| *y >= 1000)?;
    let month = Month::try_from(u8::try_from(digits(&[m0, m1])?).ok()?).ok()?;
    let day = u8::try_from(digits(&[d0, d1])?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, day).ok()
}

/// Parses a date-time written exactly as `YYYY-MM-DDTHH:MM:SS`.
pub fn parse_datetime(text: &str) -> Option<PrimitiveDateTime> {
    let (date, time) = text.split_at_checked(10)?;
    let &[b'T', h0, h1, b':', m0, m1, b':', s0, s1] = time.as_bytes() else {
        return None;
    };
    let date = parse_date(date)?;
    let part = |pair: [u8; 2]| digits(&pair).and_then(|v| u8::try_from(v).ok());
    let time = Time::from_hms(part([h0, h1])?, part([m0, m1])?, part([s0, s1])?).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_padded(out: &mut Vec<u8>, value: u32, width: usize) {
    let start = out.len();
    let mut v = value;
    for _ in 0..width {
        out.push(b'0' + (v % 10) as u8);
        v /= 10;
    }
    if let Some(digits) = out.get_mut(start..) {
        digits.reverse();
    }
}

/// Appends `date` as `YYYY-MM-DD`.
pub fn push_date(out: &mut Vec<u8>, date: Date) {
    push_padded(out, date.year().unsigned_abs(), 4);
    out.push(b'-');
    push_padded(out, u32::from(u8::from(date.month())), 2);
    out.push(b'-');
    push_padded(out, u32::from(date.day()), 2);
}

/// Appends `moment` as `YYYY-MM-DDTHH:MM:SS`.
pub fn push_datetime(out: &mut Vec<u8>, moment: PrimitiveDateTime) {
    push_date(out, moment.date());
    out.push(b'T');
    push_padded(out, u32::from(moment.hour()), 2);
    out.push(b':');
    push_padded(out, u32::from(moment.minute()), 2);
    out.push(b':');
    push_padded(out, u32::from(moment.second()), 2);
}

/// `date` as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    let mut out = Vec::with_capacity(10);
    push_date(&mut out, date);
    String::from_utf8(out).unwrap_or_default()
}

/// `moment` as `YYYY-MM-DDTHH:MM:SS`.
pub fn format_datetime(moment: PrimitiveDateTime) -> String {
    let mut out = Vec::with_capacity(19);
    push_datetime(&mut out, moment);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(parse_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01 ",
            "+024-01-01",
            "２０２４-01-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_datetimes_without_offset() {
        assert_eq!(
            parse_datetime("2025-01-06T09:30:00"),
            Some(datetime!(2025-01-06 09:30:00))
        );
        for bad in [
            "2025-01-06T24:00:00",
            "2025-01-06 09:30:00",
            "2025-01-06T09:30:00Z",
            "2025-01-06T09:30",
            "2025-01-06T09:30:00.5",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_date(date!(1000 - 01 - 02)), "1000-01-02");
        assert_eq!(
            format_datetime(datetime!(2024-04-03 10:05:09)),
            "2024-04-03T10:05:09"
        );
        let d = date!(2031 - 12 - 31);
        assert_eq!(parse_date(&format_date(d)), Some(d));
    }
}
