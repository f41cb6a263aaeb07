//! Calendar quarters and the delivery calendar (Bijlage 3).

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// A calendar quarter: a year and a number 1..=4. Always valid once constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    number: u8,
}

/// Why a quarter could not be made or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuarterError {
    /// The quarter number is not 1, 2, 3 or 4.
    #[error("quarter number {0} is not 1, 2, 3 or 4")]
    Number(u8),
    /// The year is outside 1000..=9999.
    #[error("year {0} is outside 1000..=9999")]
    Year(i32),
    /// The text is not of the form `2024-Q1`.
    #[error("'{0}' is not a quarter; expected e.g. 2024-Q1 (also 2024Q1, 2024-q1)")]
    Syntax(String),
}

impl QuarterError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::text;
        match self {
            QuarterError::Number(n) => text(lang, "quarter.number", &[("number", &n.to_string())]),
            QuarterError::Year(y) => text(lang, "quarter.year", &[("year", &y.to_string())]),
            QuarterError::Syntax(t) => text(lang, "quarter.syntax", &[("text", t)]),
        }
    }
}

impl Quarter {
    /// The quarter `number` (1..=4) of `year` (1000..=9999).
    pub fn new(year: i32, number: u8) -> Result<Self, QuarterError> {
        if !(1..=4).contains(&number) {
            return Err(QuarterError::Number(number));
        }
        if !(1000..=9999).contains(&year) {
            return Err(QuarterError::Year(year));
        }
        Ok(Self { year, number })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The quarter number, 1..=4.
    pub fn number(self) -> u8 {
        self.number
    }

    /// The quarter that contains `date`.
    pub fn containing(date: Date) -> Self {
        let number = (u8::from(date.month()) - 1) / 3 + 1;
        Self {
            year: date.year(),
            number,
        }
    }

    /// The first day of the quarter (`begindatum_aangeleverde_periode`).
    pub fn first_day(self) -> Date {
        let month = Month::try_from(3 * self.number - 2).unwrap_or(Month::January);
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    /// The last day of the quarter (`einddatum_aangeleverde_periode`).
    pub fn last_day(self) -> Date {
        self.next().first_day().previous_day().unwrap_or(Date::MAX)
    }

    /// Whether `date` lies in the quarter (both ends included).
    pub fn contains(self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The quarter before this one.
    pub fn previous(self) -> Self {
        if self.number == 1 {
            Self {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Self {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        if self.number == 4 {
            Self {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Self {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The quarter whose file is due on `date`: files are sent in the quarter after the one
    /// they cover (Bijlage 3), so on 2025-01-15 the file of 2024-Q4 is due.
    pub fn due_on(date: Date) -> Self {
        Self::containing(date).previous()
    }

    /// [`Quarter::due_on`], refusing a date whose due quarter lies outside the years a file
    /// can carry (on 1000-01-15 the due quarter would be 999-Q4).
    pub fn checked_due_on(date: Date) -> Result<Self, QuarterError> {
        let due = Self::containing(date).previous();
        Self::new(due.year, due.number)
    }

    /// The quarters from `self` to `last`, both included (empty when `last` comes first).
    pub fn through(self, last: Quarter) -> impl Iterator<Item = Quarter> {
        std::iter::successors(Some(self), |q| Some(q.next())).take_while(move |q| *q <= last)
    }
}

/// The period a file says it covers (`begindatum_` and `einddatum_aangeleverde_periode`), as
/// written: normally one calendar quarter, but a file made elsewhere may say anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periode {
    /// `begindatum_aangeleverde_periode`.
    pub begin: Date,
    /// `einddatum_aangeleverde_periode`.
    pub end: Date,
}

impl Periode {
    /// The period of quarter `q`: its first to its last day.
    pub fn of_quarter(q: Quarter) -> Self {
        Self {
            begin: q.first_day(),
            end: q.last_day(),
        }
    }

    /// The calendar quarter the period is, when it is exactly one.
    pub fn quarter(&self) -> Option<Quarter> {
        let number = (u8::from(self.begin.month()) - 1) / 3 + 1;
        Quarter::new(self.begin.year(), number)
            .ok()
            .filter(|q| Periode::of_quarter(*q) == *self)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

impl FromStr for Quarter {
    type Err = QuarterError;

    /// Parses `2024-Q1`, `2024Q1` and `2024-q1`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || QuarterError::Syntax(text.to_string());
        let trimmed = text.trim();
        let (year, rest) = trimmed.split_at_checked(4).ok_or_else(syntax)?;
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let number = rest
            .strip_prefix('Q')
            .or_else(|| rest.strip_prefix('q'))
            .ok_or_else(syntax)?;
        if !year.bytes().all(|b| b.is_ascii_digit()) || number.len() != 1 {
            return Err(syntax());
        }
        let year: i32 = year.parse().map_err(|_| syntax())?;
        let number: u8 = number.parse().map_err(|_| syntax())?;
        Quarter::new(year, number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn q(text: &str) -> Quarter {
        text.parse().unwrap()
    }

    #[test]
    fn parses_the_three_spellings() {
        assert_eq!(q("2024-Q1"), Quarter::new(2024, 1).unwrap());
        assert_eq!(q("2024Q1"), Quarter::new(2024, 1).unwrap());
        assert_eq!(q("2024-q3"), Quarter::new(2024, 3).unwrap());
    }

    #[test]
    fn refuses_malformed_quarters() {
        for bad in [
            "2024-Q5", "2024-Q0", "2024", "24-Q1", "2024-Q12", "abcd-Q1", "2024-X1", "", "2024--Q1",
            "+202-Q1",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn first_and_last_days() {
        assert_eq!(q("2024-Q1").first_day(), date!(2024 - 01 - 01));
        assert_eq!(q("2024-Q1").last_day(), date!(2024 - 03 - 31));
        assert_eq!(q("2024-Q2").last_day(), date!(2024 - 06 - 30));
        assert_eq!(q("2024-Q3").first_day(), date!(2024 - 07 - 01));
        assert_eq!(q("2024-Q3").last_day(), date!(2024 - 09 - 30));
        assert_eq!(q("2024-Q4").last_day(), date!(2024 - 12 - 31));
    }

    #[test]
    fn containing_and_neighbours() {
        assert_eq!(Quarter::containing(date!(2024 - 04 - 01)), q("2024-Q2"));
        assert_eq!(Quarter::containing(date!(2024 - 03 - 31)), q("2024-Q1"));
        assert_eq!(q("2024-Q1").previous(), q("2023-Q4"));
        assert_eq!(q("2024-Q4").next(), q("2025-Q1"));
        assert_eq!(q("2023-Q3").through(q("2024-Q2")).count(), 4);
        assert_eq!(q("2024-Q2").through(q("2023-Q3")).count(), 0);
    }

    #[test]
    fn delivery_calendar_of_bijlage_3() {
        let cases = [
            (date!(2024 - 04 - 01), "2024-Q1"),
            (date!(2024 - 06 - 30), "2024-Q1"),
            (date!(2024 - 07 - 15), "2024-Q2"),
            (date!(2024 - 12 - 31), "2024-Q3"),
            (date!(2025 - 01 - 15), "2024-Q4"),
            (date!(2025 - 03 - 31), "2024-Q4"),
        ];
        for (day, due) in cases {
            assert_eq!(Quarter::due_on(day), q(due), "on {day}");
        }
        let q4 = Quarter::due_on(date!(2025 - 01 - 15));
        assert_eq!(
            (q4.first_day(), q4.last_day()),
            (date!(2024 - 10 - 01), date!(2024 - 12 - 31))
        );
    }

    #[test]
    fn no_due_quarter_before_the_year_1000() {
        assert_eq!(
            Quarter::checked_due_on(date!(1000 - 01 - 01)),
            Err(QuarterError::Year(999))
        );
        assert_eq!(Quarter::checked_due_on(date!(1000 - 04 - 01)), Ok(q("1000-Q1")));
        assert_eq!(Quarter::checked_due_on(date!(2025 - 01 - 15)), Ok(q("2024-Q4")));
    }

    #[test]
    fn displays_canonically() {
        assert_eq!(q("2024q2").to_string(), "2024-Q2");
    }
}
