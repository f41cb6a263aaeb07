//! The privacy guard: no value may carry person data into the file.
//!
//! Spiegelinformatie is anonymous: the information model says the data "bevatten geen
//! persoonskenmerken". Every text attribute that reaches the file passes through [`admit`],
//! called from one place, the content [`Validator`](crate::validate::Validator), which every
//! path to a file shares (the Rust API, JSON, JSON Lines, the streaming generator, the C ABI
//! and the wrappers built on it, and `validate` of an existing file).
//!
//! **Which attributes.** Every attribute that is not a typed date and not the AGB code:
//! `groep_code`, `cl_d5_diagnose_code`, `zorgvraagtype_code_honos`, `zorgvraagtype_code`,
//! `prestatie_code`, `meetinstrument_code`, `item_code` and `score` ([`GUARDED`]). Dates
//! (`begindatum`, `einddatum`, `datum`, `datum_creatie`, the period) are dates by design and are
//! parsed into real dates before they reach a record; `zorgaanbieder_code` is exactly eight
//! digits, checked as an AGB code. A well-formed DSM-5 code (`D5_4.02.02.02`) is the code's own
//! structure and is not read as a date or a number.
//!
//! **How.** The value is first folded ([`fold`]): compatibility forms become plain ASCII
//! (full-width `１２３` and `＠`, other scripts' decimal digits, super- and subscript and
//! circled digits, Unicode dashes and spaces), invisible format characters (zero-width space
//! and joiners, word joiner, byte-order mark, soft hyphen, direction marks) are removed. Then:
//!
//! * **BSN** ([`PersonData::Bsn`]): digit groups separated only by spaces, dots, dashes,
//!   slashes, underscores, commas or brackets are read as one number; nine digits, or eight
//!   (an implied leading zero, only as one unbroken number), that pass the elfproef.
//!   `111 222 333`, `1112.22.333` and `111-222-333` are all the number 111222333; groups
//!   holding two four-digit years are a year range (`2024/2025`), not a number.
//! * **E-mail** ([`PersonData::Email`]): `name@domain.tld`, also with spaces around the `@`,
//!   written `(at)`, `[at]`, `(dot)`, or spelled out `jan at example dot nl`.
//! * **Phone** ([`PersonData::Phone`]): Dutch numbers, ten digits starting `0` and a non-zero
//!   digit (`06 1234 5678`, `020-123 45 67`), or nine after `+31`, `0031` or `+31 (0)`.
//! * **Date** ([`PersonData::Date`]): what can be a birth date: `dd-mm-yyyy`, `yyyy-mm-dd`,
//!   `dd-mm-yy` and `yy-mm-dd` (three groups with one kind of separator, not part of a longer
//!   chain), `ddmmyyyy` and
//!   `yyyymmdd`, with `-`, `/`, `.`, `_` or spaces, and `d maart 1985`, `1 feb '85`,
//!   `12-mrt-1985`, `March 12, 1985` with Dutch and English month names and abbreviations. Only
//!   real calendar dates count; four-digit years from 1900 to 2099.
//!
//! A hit is an error with its own rule (`privacy-bsn`, `privacy-email`, `privacy-phone`,
//! `privacy-date`). The diagnostic shows the value masked ([`mask`]): the report can be sent to
//! a support desk. A number that is part of a date or phone number found in the same value is
//! reported as that, not again as a BSN.
//!
//! Names and addresses cannot be recognised in free text; for `groep_code` the real protection
//! is the organisation structure: when it is loaded, only its codes pass.
//!
//! The same module holds the shapes that leave no room for text: a `score` is a short number
//! ([`is_short_number`]) and an `item_code` a short code ([`is_short_code`]).

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::names::attr;

/// The attributes the guard reads: every attribute of the file that is not a typed date and
/// not the AGB code.
pub const GUARDED: [&str; 8] = [
    attr::GROEP_CODE,
    attr::CL_D5_DIAGNOSE_CODE,
    attr::ZORGVRAAGTYPE_CODE_HONOS,
    attr::ZORGVRAAGTYPE_CODE,
    attr::PRESTATIE_CODE,
    attr::MEETINSTRUMENT_CODE,
    attr::ITEM_CODE,
    attr::SCORE,
];

/// The kind of person data a value looks like it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PersonData {
    /// A citizen service number (BSN): nine digits, or eight, passing the elfproef.
    Bsn,
    /// An e-mail address.
    Email,
    /// A Dutch phone number.
    Phone,
    /// A date that can be a birth date.
    Date,
}

impl PersonData {
    /// The rule of a hit.
    pub fn rule(self) -> Rule {
        match self {
            PersonData::Bsn => Rule::PrivacyBsn,
            PersonData::Email => Rule::PrivacyEmail,
            PersonData::Phone => Rule::PrivacyPhone,
            PersonData::Date => Rule::PrivacyDate,
        }
    }
}

/// The longest `score` that is still a short number, in characters.
pub const SCORE_MAX_LEN: usize = 8;
/// The longest `item_code`, in characters.
pub const ITEM_CODE_MAX_LEN: usize = 32;

/// Whether `score` is a short number: an optional `-`, one to four digits, and optionally a
/// `.` or `,` with one or two decimals (`4`, `10`, `-1`, `2.5`, `2,5`).
pub fn is_short_number(score: &str) -> bool {
    let unsigned = score.strip_prefix('-').unwrap_or(score);
    let (whole, fraction) = match unsigned.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    score.len() <= SCORE_MAX_LEN && digits(whole, 4) && fraction.is_none_or(|f| digits(f, 2))
}

/// Whether `item_code` is a short code: 1 to [`ITEM_CODE_MAX_LEN`] ASCII letters, digits,
/// `.`, `-` and `_`.
pub fn is_short_code(item_code: &str) -> bool {
    (1..=ITEM_CODE_MAX_LEN).contains(&item_code.len())
        && item_code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Checks `value` of `attribute` and reports every kind of person data found in it as an error
/// with the value masked. Returns whether the value is clean; a value that is not clean must
/// not be shown unmasked in any other diagnostic.
pub fn admit(attribute: &'static str, value: &str, path: &RecordPath, report: &mut Report) -> bool {
    let found = scan_attribute(attribute, value);
    if found.is_empty() {
        return true;
    }
    let masked = mask(value);
    for kind in found {
        report.push(
            Diagnostic::localized(
                Severity::Error,
                kind.rule(),
                path.clone(),
                kind.rule().id(),
                &[("attribute", attribute), ("value", &masked)],
            )
            .attribute(attribute)
            .value(masked.clone()),
        );
    }
    false
}

/// What the guard finds in `value` of `attribute` (see the module documentation).
pub fn scan_attribute(attribute: &str, value: &str) -> Vec<PersonData> {
    if attribute == attr::CL_D5_DIAGNOSE_CODE && crate::codelists::is_dsm5_code(value) {
        return Vec::new();
    }
    scan(value)
}

/// The value as a diagnostic may show it: as given when the guard finds nothing in it, masked
/// otherwise.
pub fn shown(value: &str) -> Cow<'_, str> {
    if scan(value).is_empty() {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(mask(value))
    }
}

/// `diagnostic` with its value masked everywhere it appears (value, message, message
/// parameters, the path's AGB code as given) when it is about a text attribute or the AGB code
/// and the guard finds person data in it; unchanged otherwise. For diagnostics made before the
/// guard runs, such as a refused record.
pub fn masked(mut diagnostic: Diagnostic) -> Diagnostic {
    // Dates are dates by design: only text attributes and the AGB code can hide person data.
    let text = diagnostic
        .attribute
        .is_some_and(|a| a == attr::ZORGAANBIEDER_CODE || GUARDED.contains(&a));
    let Some(raw) = diagnostic.value.clone().filter(|v| text && !scan(v).is_empty()) else {
        return diagnostic;
    };
    let hidden = mask(&raw);
    diagnostic.message = diagnostic.message.replace(&raw, &hidden);
    if let Some(text) = &mut diagnostic.text {
        text.replace_in_args(&raw, &hidden);
    }
    if diagnostic.path.zorgaanbieder.as_deref() == Some(raw.as_str()) {
        diagnostic.path.zorgaanbieder = Some(hidden.clone());
    }
    diagnostic.value = Some(hidden);
    diagnostic
}

/// An item_code as a diagnostic may show it: as given when it is a short code the guard finds
/// nothing in, masked otherwise (free text in a code may be a name).
pub fn shown_code(value: &str) -> Cow<'_, str> {
    if is_short_code(value) {
        shown(value)
    } else {
        Cow::Owned(mask(value))
    }
}

/// Every kind of person data in `value`, each once, in the order of [`PersonData`].
pub fn scan(value: &str) -> Vec<PersonData> {
    if cannot_hold_person_data(value) {
        return Vec::new();
    }
    let folded = fold(value);
    let tokens = tokenize(&folded);
    let chains = chains(&tokens);
    let mut found = Vec::new();
    let mut claimed: Vec<Span> = Vec::new();
    let (dates, written_date) = find_dates(&tokens, &chains);
    let phones = find_phones(&chains);
    claimed.extend(dates.iter().chain(&phones).copied());
    if find_bsn(&chains, &claimed) {
        found.push(PersonData::Bsn);
    }
    if has_email(&folded) {
        found.push(PersonData::Email);
    }
    if !phones.is_empty() {
        found.push(PersonData::Phone);
    }
    if !dates.is_empty() || written_date {
        found.push(PersonData::Date);
    }
    found
}

/// A quick pass for the common case (codes such as `CO0018`, `16`, `CQi-GGZ-VZ-AKWA`): plain
/// ASCII without `@`, brackets (as in `(at)`) or ` at ` cannot hold an e-mail address, and
/// with fewer than three digits, or one group of fewer than eight, it cannot hold a BSN
/// (eight or nine digits), a phone number (ten) or a date (a day and a year at least).
fn cannot_hold_person_data(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (mut digits, mut groups, mut in_group) = (0usize, 0usize, false);
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            digits += 1;
            groups += usize::from(!in_group);
            in_group = true;
            continue;
        }
        in_group = false;
        let spelled_at = matches!(b, b'a' | b'A')
            && i.checked_sub(1).and_then(|p| bytes.get(p)) == Some(&b' ')
            && matches!(bytes.get(i + 1), Some(b't' | b'T'))
            && bytes.get(i + 2) == Some(&b' ');
        if !b.is_ascii() || matches!(b, b'@' | b'(' | b'[' | b'{' | b'<') || spelled_at {
            return false;
        }
    }
    digits < 3 || (groups == 1 && digits < 8)
}

/// Folds `value` for reading: compatibility forms to ASCII, every space to ` `, every dash to
/// `-`, invisible format characters removed.
pub fn fold(value: &str) -> String {
    value.chars().filter_map(fold_char).collect()
}

/// The first code point of each run of ten decimal digits 0–9 outside ASCII (Unicode
/// general category Nd), so that any script's digits read as digits.
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
    0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0,
    0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50,
    0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140,
    0x1E2F0, 0x1E950, 0x1FBF0,
];

fn ascii_digit(value: u32) -> Option<char> {
    char::from_digit(value, 10)
}

/// The decimal digit a non-ASCII character stands for, if any.
fn digit_of(c: char) -> Option<char> {
    let cp = u32::from(c);
    if let Some(zero) = DIGIT_ZEROS.iter().find(|z| (**z..*z + 10).contains(&cp)) {
        return ascii_digit(cp - zero);
    }
    match cp {
        0xB9 => Some('1'),
        0xB2 => Some('2'),
        0xB3 => Some('3'),
        0x2070 => Some('0'),
        0x2074..=0x2079 => ascii_digit(cp - 0x2070),
        0x2080..=0x2089 => ascii_digit(cp - 0x2080),
        0x2460..=0x2468 => ascii_digit(cp - 0x245F),
        0x24EA => Some('0'),
        0x2776..=0x277E => ascii_digit(cp - 0x2775),
        0x2780..=0x2788 => ascii_digit(cp - 0x277F),
        0x278A..=0x2792 => ascii_digit(cp - 0x2789),
        _ => None,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(if c.is_ascii_whitespace() { ' ' } else { c });
    }
    if is_invisible(c) {
        return None;
    }
    if c.is_whitespace() {
        return Some(' ');
    }
    if let Some(d) = digit_of(c) {
        return Some(d);
    }
    Some(match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        '\u{FE52}' | '\u{2024}' => '.',
        '\u{FE6B}' => '@',
        '\u{2044}' | '\u{2215}' => '/',
        // Full-width ASCII: U+FF01..U+FF5E map onto U+0021..U+007E.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        other => other,
    })
}

/// A piece of folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A run of ASCII digits.
    Digits(String),
    /// A run of letters, lower-cased.
    Word(String),
    /// A run of separators: what may stand between the parts of a number or a date.
    Sep(String),
    /// `+`.
    Plus,
    /// Anything else.
    Other,
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '/' | '.' | '_' | ',' | '(' | ')' | '\'')
}

fn tokenize(folded: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for c in folded.chars() {
        match (out.last_mut(), c) {
            (Some(Token::Digits(s)), c) if c.is_ascii_digit() => s.push(c),
            (Some(Token::Word(s)), c) if c.is_alphabetic() => s.extend(c.to_lowercase()),
            (Some(Token::Sep(s)), c) if is_separator(c) => s.push(c),
            (_, c) if c.is_ascii_digit() => out.push(Token::Digits(c.to_string())),
            (_, c) if c.is_alphabetic() => out.push(Token::Word(c.to_lowercase().collect())),
            (_, c) if is_separator(c) => out.push(Token::Sep(c.to_string())),
            (_, '+') => out.push(Token::Plus),
            _ => out.push(Token::Other),
        }
    }
    out
}

/// Digit groups joined only by separators: the numbers and numeric dates of a value.
#[derive(Debug)]
struct Chain<'t> {
    groups: Vec<&'t str>,
    /// The separator run between group `i` and `i + 1`.
    seps: Vec<&'t str>,
    /// Whether a `+` stands right before the first group.
    plus: bool,
}

fn chains(tokens: &[Token]) -> Vec<Chain<'_>> {
    let mut out: Vec<Chain<'_>> = Vec::new();
    let mut current: Option<Chain<'_>> = None;
    let mut pending_sep: Option<&str> = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Digits(d) => match (&mut current, pending_sep.take()) {
                (Some(chain), Some(sep)) => {
                    chain.seps.push(sep);
                    chain.groups.push(d);
                }
                _ => {
                    out.extend(current.take());
                    let before = |back: usize| i.checked_sub(back).and_then(|p| tokens.get(p));
                    let plus = match before(1) {
                        Some(Token::Plus) => true,
                        Some(Token::Sep(_)) => before(2) == Some(&Token::Plus),
                        _ => false,
                    };
                    current = Some(Chain {
                        groups: vec![d],
                        seps: Vec::new(),
                        plus,
                    });
                }
            },
            Token::Sep(s) if current.is_some() && pending_sep.is_none() => pending_sep = Some(s),
            _ => {
                out.extend(current.take());
                pending_sep = None;
            }
        }
    }
    out.extend(current);
    out
}

/// Groups `first..=last` of chain `chain`: the digits a finding is made of.
#[derive(Debug, Clone, Copy)]
struct Span {
    chain: usize,
    first: usize,
    last: usize,
}

impl Span {
    fn overlaps(&self, other: &Span) -> bool {
        self.chain == other.chain && self.first <= other.last && other.first <= self.last
    }
}

/// Whether nine digits pass the BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible
/// by 11. Anything but exactly nine ASCII digits fails; so do nine zeros.
pub fn passes_elfproef(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) || b.iter().all(|d| *d == b'0') {
        return false;
    }
    let sum: i64 = b
        .iter()
        .zip([9i64, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(d, w)| i64::from(d - b'0') * w)
        .sum();
    sum % 11 == 0
}

/// Whether eight or nine digits are a BSN (eight with an implied leading zero).
fn is_bsn(digits: &str) -> bool {
    match digits.len() {
        9 => passes_elfproef(digits),
        8 => passes_elfproef(&format!("0{digits}")),
        _ => false,
    }
}

/// Calls `f` with every run of consecutive groups of every chain, joined, while the joined
/// digits are at most `max` long.
fn for_each_run(chains: &[Chain<'_>], max: usize, mut f: impl FnMut(Span, &str, &Chain<'_>)) {
    for (c, chain) in chains.iter().enumerate() {
        for first in 0..chain.groups.len() {
            let mut joined = String::new();
            for (last, group) in chain.groups.iter().enumerate().skip(first) {
                joined.push_str(group);
                if joined.len() > max {
                    break;
                }
                f(
                    Span {
                        chain: c,
                        first,
                        last,
                    },
                    &joined,
                    chain,
                );
            }
        }
    }
}

/// Whether a run of groups can be a BSN written in parts. Eight digits with an implied
/// leading zero only count as one group (`10000021`), and a run holding two four-digit years
/// is a year range (`2024/2025`), not a number.
fn may_be_bsn(span: Span, digits: &str, chain: &Chain<'_>) -> bool {
    if span.first == span.last {
        return true;
    }
    let years = chain.groups[span.first..=span.last]
        .iter()
        .filter(|g| full_year(g).is_some())
        .count();
    digits.len() == 9 && years < 2
}

fn find_bsn(chains: &[Chain<'_>], claimed: &[Span]) -> bool {
    let mut found = false;
    for_each_run(chains, 9, |span, digits, chain| {
        if !found
            && is_bsn(digits)
            && may_be_bsn(span, digits, chain)
            && !claimed.iter().any(|c| c.overlaps(&span))
        {
            found = true;
        }
    });
    found
}

/// Whether nine digits after a country code are a Dutch subscriber number (an optional
/// trunk `0` first).
fn national_after_country_code(rest: &str) -> bool {
    let rest = match rest.strip_prefix('0') {
        Some(r) if r.len() == 9 => r,
        _ => rest,
    };
    rest.len() == 9 && !rest.starts_with('0')
}

fn is_phone(digits: &str, plus: bool, at_chain_start: bool) -> bool {
    if plus && at_chain_start {
        if let Some(rest) = digits.strip_prefix("31") {
            return national_after_country_code(rest);
        }
    }
    if let Some(rest) = digits.strip_prefix("0031") {
        return national_after_country_code(rest);
    }
    if digits.len() == 11 && digits.starts_with("316") {
        return true;
    }
    digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00")
}

fn find_phones(chains: &[Chain<'_>]) -> Vec<Span> {
    let mut found = Vec::new();
    for_each_run(chains, 14, |span, digits, chain| {
        if is_phone(digits, chain.plus, span.first == 0) {
            found.push(span);
        }
    });
    found
}

/// Whether `year`/`month`/`day` make a real date.
fn real_date(year: i32, month: u8, day: u8) -> bool {
    time::Month::try_from(month)
        .ok()
        .is_some_and(|m| time::Date::from_calendar_date(year, m, day).is_ok())
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
}

/// A four-digit year a birth date can have.
fn full_year(digits: &str) -> Option<i32> {
    let y = i32::try_from(number(digits)?).ok()?;
    (digits.len() == 4 && (1900..=2099).contains(&y)).then_some(y)
}

fn day_or_month(digits: &str) -> Option<u8> {
    let n = u8::try_from(number(digits)?).ok()?;
    (1..=2).contains(&digits.len()).then_some(n)
}

/// Day-month-year or month-day-year with a four-digit year, or year-month-day.
fn numeric_date_full_year(a: &str, b: &str, c: &str) -> bool {
    if let (Some(x), Some(y), Some(year)) = (day_or_month(a), day_or_month(b), full_year(c)) {
        return real_date(year, y, x) || real_date(year, x, y);
    }
    if let (Some(year), Some(m), Some(d)) = (full_year(a), day_or_month(b), day_or_month(c)) {
        return real_date(year, m, d);
    }
    false
}

/// Day-month-year with a two-digit year (read as 19yy or 20yy), or year-month-day with a
/// two-digit year and a two-digit day.
fn numeric_date_short_year(a: &str, b: &str, c: &str) -> bool {
    let two = |x: &str| x.len() == 2 && number(x).is_some();
    let dmy =
        matches!((day_or_month(a), day_or_month(b)), (Some(d), Some(m)) if two(c) && real_date(2000, m, d));
    let ymd = matches!((day_or_month(b), day_or_month(c)), (Some(m), Some(d)) if two(a) && two(c) && real_date(2000, m, d));
    dmy || ymd
}

/// What a separator run is, for comparing: its first character that is not a space or an
/// apostrophe (`12 - 03 - '85` has `-` twice), or a space.
fn sep_kind(sep: &str) -> char {
    sep.chars().find(|c| !matches!(c, ' ' | '\'')).unwrap_or(' ')
}

/// Eight digits read as `ddmmyyyy` or `yyyymmdd`.
fn compact_date(run: &str) -> bool {
    if run.len() != 8 {
        return false;
    }
    let part = |r: std::ops::Range<usize>| run.get(r).unwrap_or_default();
    numeric_date_full_year(part(0..2), part(2..4), part(4..8))
        || numeric_date_full_year(part(0..4), part(4..6), part(6..8))
}

fn find_numeric_dates(chains: &[Chain<'_>], found: &mut Vec<Span>) {
    for (c, chain) in chains.iter().enumerate() {
        let g = &chain.groups;
        for (i, group) in g.iter().enumerate() {
            if compact_date(group) {
                found.push(Span {
                    chain: c,
                    first: i,
                    last: i,
                });
            }
        }
        for i in 0..g.len().saturating_sub(2) {
            let (a, b, cc) = (g[i], g[i + 1], g[i + 2]);
            let span = Span {
                chain: c,
                first: i,
                last: i + 2,
            };
            if numeric_date_full_year(a, b, cc) {
                found.push(span);
                continue;
            }
            // A two-digit year only when the three groups stand on their own: one separator
            // between them, and no further group joined by that same separator.
            let sep = sep_kind(chain.seps[i]);
            let alone = sep_kind(chain.seps[i + 1]) == sep
                && (i == 0 || sep_kind(chain.seps[i - 1]) != sep)
                && chain.seps.get(i + 2).is_none_or(|s| sep_kind(s) != sep);
            if alone && numeric_date_short_year(a, b, cc) {
                found.push(span);
            }
        }
    }
}

/// The month a Dutch or English month name or abbreviation means.
fn month_number(word: &str) -> Option<u8> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "januari", "january"],
        &["feb", "febr", "februari", "february"],
        &["mrt", "mar", "maa", "maart", "march"],
        &["apr", "april"],
        &["mei", "may"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "augustus", "august"],
        &["sep", "sept", "september"],
        &["okt", "oct", "oktober", "october"],
        &["nov", "november"],
        &["dec", "december"],
    ];
    let index = MONTHS.iter().position(|names| names.contains(&word))?;
    u8::try_from(index + 1).ok()
}

fn year_of(digits: &str) -> Option<i32> {
    match digits.len() {
        4 => full_year(digits),
        2 => number(digits).map(|_| 2000),
        _ => None,
    }
}

/// `d maart 1985`, `1-feb-85`, `12mrt1985`: a day, a month name, a year. The tokens between
/// may only be separators.
fn written_date(tokens: &[Token]) -> bool {
    // Ordinal endings (`12e`, `1ste`, `3rd`) and `van` (`12 van maart`) stand between the
    // parts of a date.
    let filler = |t: &Token| match t {
        Token::Sep(_) => true,
        Token::Word(w) => matches!(
            w.as_str(),
            "e" | "ste" | "de" | "st" | "nd" | "rd" | "th" | "van" | "of"
        ),
        _ => false,
    };
    let significant: Vec<&Token> = tokens.iter().filter(|t| !filler(t)).collect();
    significant.windows(3).any(|w| match w {
        [Token::Digits(d), Token::Word(m), Token::Digits(y)]
        | [Token::Word(m), Token::Digits(d), Token::Digits(y)] => {
            match (day_or_month(d), month_number(m), year_of(y)) {
                (Some(d), Some(m), Some(y)) => real_date(y, m, d),
                _ => false,
            }
        }
        _ => false,
    })
}

/// The numeric dates in the value (their groups are claimed: not read again as a BSN) and
/// whether it holds a written date (its day and year are too short to make a BSN).
fn find_dates(tokens: &[Token], chains: &[Chain<'_>]) -> (Vec<Span>, bool) {
    let mut found = Vec::new();
    find_numeric_dates(chains, &mut found);
    (found, written_date(tokens))
}

/// Whether the folded value holds an e-mail address.
fn has_email(folded: &str) -> bool {
    let mut compact: String = folded
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    for (spelled, plain) in [
        ("(at)", "@"),
        ("[at]", "@"),
        ("{at}", "@"),
        ("<at>", "@"),
        ("(dot)", "."),
        ("[dot]", "."),
        ("{dot}", "."),
    ] {
        if compact.contains(spelled) {
            compact = compact.replace(spelled, plain);
        }
    }
    compact
        .match_indices('@')
        .any(|(at, _)| local_part_before(&compact[..at]) && domain_after(&compact[at + 1..]))
        || spelled_out_email(folded)
}

/// `jan at example dot nl`: words joined by ` at ` and ` dot ` (or ` punt `) ending in a
/// top-level domain of two or more letters.
fn spelled_out_email(folded: &str) -> bool {
    let lower = folded.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.windows(5).any(|w| {
        let word = |x: &str| {
            !x.is_empty()
                && x.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        };
        word(w[0])
            && w[1] == "at"
            && word(w[2])
            && matches!(w[3], "dot" | "punt")
            && w[4].chars().count() >= 2
            && w[4].chars().all(char::is_alphabetic)
    })
}

fn local_part_before(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '%'))
}

fn domain_after(text: &str) -> bool {
    let domain: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let domain = domain.trim_end_matches('.');
    let mut labels = domain.split('.');
    let first = labels.next().unwrap_or_default();
    let tld = domain.rsplit('.').next().unwrap_or_default();
    domain.contains('.')
        && !first.is_empty()
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
}

/// The most characters a masked value shows.
const MASK_MAX_CHARS: usize = 64;

/// `value` with its person data hidden: every run of letters and digits becomes `***`, except
/// the start of the first run (its first three characters when it starts with a digit, its
/// first character otherwise); spaces and punctuation stay, invisible characters go, and the
/// result ends with `…` after about 64 characters. `111 222 333` → `111 *** ***`, `jan@example.nl` →
/// `j***@***.***`.
pub fn mask(value: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    let mut first_run = true;
    let mut kept = 0usize;
    let mut keep = 0usize;
    for c in value.chars() {
        if out.chars().count() >= MASK_MAX_CHARS {
            out.push('…');
            break;
        }
        let Some(folded) = fold_char(c) else { continue };
        if c.is_alphanumeric() {
            if !in_run {
                in_run = true;
                if first_run {
                    keep = if folded.is_ascii_digit() { 3 } else { 1 };
                } else {
                    out.push_str("***");
                }
            }
            if first_run {
                if kept < keep {
                    out.push(c);
                    kept += 1;
                } else if kept == keep {
                    out.push_str("***");
                    kept += 1;
                }
            }
        } else {
            if in_run {
                first_run = false;
            }
            in_run = false;
            out.push(folded);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(value: &str) -> Vec<PersonData> {
        scan(value)
    }

    #[test]
    fn elfproef() {
        assert!(passes_elfproef("111222333"));
        assert!(!passes_elfproef("123456789"));
        assert!(!passes_elfproef("000000000"));
        assert!(!passes_elfproef("11122233"));
        assert!(is_bsn("11122233") == passes_elfproef("011122233"));
    }

    #[test]
    fn numbers_are_read_across_separators_and_folding() {
        for value in [
            "111222333",
            "111 222 333",
            "1112.22.333",
            "111-222-333",
            "１１１２２２３３３",
            "111\u{200B}222\u{200B}333",
            "111\u{AD}222333",
            "Team 2 111222333",
        ] {
            assert_eq!(kinds(value), [PersonData::Bsn], "{value}");
        }
    }

    #[test]
    fn masks_hide_all_but_a_prefix() {
        assert_eq!(mask("111 222 333"), "111 *** ***");
        assert_eq!(mask("111222333"), "111***");
        assert_eq!(mask("jan@example.nl"), "j***@***.***");
        assert_eq!(mask("Jan Jansen, 12-03-1985"), "J*** ***, ***-***-***");
        assert_eq!(mask("１１１ x"), "１１１ ***");
        assert!(mask(&"1 ".repeat(200)).chars().count() <= MASK_MAX_CHARS + 3);
    }

    #[test]
    fn the_quick_pass_never_hides_a_finding() {
        for value in [
            "CO0018",
            "16",
            "1985",
            "1 mei 85",
            "12345678",
            "jan at x dot nl",
            "a@b.nl",
            "0612345678",
            "12-3-85",
            "Team 2 3 85",
            "x(at)y.nl",
            "D5_5.03",
        ] {
            if cannot_hold_person_data(value) {
                let tokens = tokenize(&fold(value));
                let chains = chains(&tokens);
                let (dates, written) = find_dates(&tokens, &chains);
                assert!(
                    dates.is_empty()
                        && !written
                        && find_phones(&chains).is_empty()
                        && !find_bsn(&chains, &[]),
                    "{value}"
                );
                assert!(!has_email(value), "{value}");
            }
        }
        assert!(cannot_hold_person_data("CO0018"));
        assert!(!cannot_hold_person_data("1 mei 85"));
    }

    #[test]
    fn shapes() {
        for ok in ["1", "4", "10", "-1", "2.5", "2,5", "1234"] {
            assert!(is_short_number(ok), "{ok}");
        }
        for bad in ["", "x", "12345", "1.234", "0612345678", "4 ", "-", "1.", ".5"] {
            assert!(!is_short_number(bad), "{bad}");
        }
        for ok in ["1", "16", "Q1.a", "T_2-b"] {
            assert!(is_short_code(ok), "{ok}");
        }
        for bad in ["", "a b", "jan@example.nl", &"x".repeat(33)] {
            assert!(!is_short_code(bad), "{bad}");
        }
    }
}
