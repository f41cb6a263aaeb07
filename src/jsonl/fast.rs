//! The fast path of the JSON Lines reader: a byte scanner that builds the model straight from
//! one line, without serde's intermediate records and without allocating a string twice.
//!
//! It only accepts lines that are well-formed, complete and valid in the plain form every
//! exporter writes (no escapes, no `null`, no duplicate or unknown keys, every record
//! representable). On anything else it gives up (`None`) and the caller parses the line again
//! on the serde path, which produces the exact diagnostics. So the fast path never decides
//! what a problem looks like; it only has to build, for the lines it accepts, the same records
//! the serde path builds (a test compares both on every line of the demo and on mutations).

use crate::model::{parse_date, AgbCode, Item, Meting, Neven, Prestatie, Primair};
use crate::model::{Zorgtraject, Zorgvraagtypering};
use crate::names::attr;

use super::Record;

/// Gives up: the line goes to the serde path.
struct Bail;

type Fast<T> = Result<T, Bail>;

impl<E> From<E> for Bail
where
    E: std::error::Error,
{
    fn from(_: E) -> Self {
        Bail
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.at += 1;
        }
    }

    /// Skips whitespace and takes `byte` when it comes next.
    #[inline]
    fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    #[inline]
    fn require(&mut self, byte: u8) -> Fast<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// A string without escapes or control characters (anything else gives up).
    #[inline]
    fn string(&mut self) -> Fast<&'a str> {
        self.require(b'"')?;
        let start = self.at;
        let len = string_len(&self.bytes[start..]).ok_or(Bail)?;
        self.at = start + len + 1;
        // Both ends are ASCII bytes of valid UTF-8 text, so they are character boundaries.
        self.text.get(start..start + len).ok_or(Bail)
    }

    /// Reads `{ "key": value, ... }`, calling `field` with each key; `field` reads the value.
    #[inline]
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Fast<()>) -> Fast<()> {
        self.require(b'{')?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.require(b':')?;
            field(self, key)?;
            if self.eat(b'}') {
                return Ok(());
            }
            self.require(b',')?;
        }
    }

    /// Reads `[ element, ... ]`, calling `element` for each one.
    #[inline]
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Fast<()>) -> Fast<()> {
        self.require(b'[')?;
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            element(self)?;
            if self.eat(b']') {
                return Ok(());
            }
            self.require(b',')?;
        }
    }

    /// An object whose keys are all in `names` and whose values are all strings: the values
    /// by name (keys may come in any order).
    #[inline]
    fn flat<const N: usize>(&mut self, names: [&str; N]) -> Fast<[Option<&'a str>; N]> {
        let mut values = [None; N];
        self.object(|s, key| {
            let slot = names.iter().position(|n| *n == key).ok_or(Bail)?;
            set_once(&mut values[slot], s.string()?)
        })?;
        Ok(values)
    }

    fn meting(&mut self) -> Fast<Meting> {
        let (mut instrument, mut datum) = (None, None);
        let mut items = Vec::new();
        let mut seen_items = false;
        self.object(|s, key| match key {
            "meetinstrument_code" => set_once(&mut instrument, s.string()?),
            "datum" => set_once(&mut datum, s.string()?),
            "item" if !seen_items => {
                seen_items = true;
                s.array(|s| {
                    let [code, score] = s.flat([attr::ITEM_CODE, attr::SCORE])?;
                    items.push(Item::new(code.ok_or(Bail)?, score.ok_or(Bail)?)?);
                    Ok(())
                })
            }
            _ => Err(Bail),
        })?;
        let datum = parse_date(attr::DATUM, datum.ok_or(Bail)?)?;
        let mut meting = Meting::new(instrument.ok_or(Bail)?, datum)?;
        items.into_iter().for_each(|i| meting.add_item(i));
        Ok(meting)
    }

    fn zorgtraject(&mut self) -> Fast<Zorgtraject> {
        let mut text: [Option<&'a str>; 4] = [None; 4];
        let mut seen = [false; 5];
        let mut primair = Vec::new();
        let mut neven = Vec::new();
        let mut typeringen = Vec::new();
        let mut prestaties = Vec::new();
        let mut metingen = Vec::new();
        self.object(|s, key| {
            let once = |seen: &mut bool| {
                if std::mem::replace(seen, true) {
                    Err(Bail)
                } else {
                    Ok(())
                }
            };
            match key {
                "id" => set_once(&mut text[0], s.string()?),
                "begindatum" => set_once(&mut text[1], s.string()?),
                "einddatum" => set_once(&mut text[2], s.string()?),
                "groep_code" => set_once(&mut text[3], s.string()?),
                "primair" => {
                    once(&mut seen[0])?;
                    s.array(|s| {
                        let [code, datum] = s.flat([attr::CL_D5_DIAGNOSE_CODE, attr::DATUM])?;
                        let datum = parse_date(attr::DATUM, datum.ok_or(Bail)?)?;
                        primair.push(Primair::new(code.ok_or(Bail)?, datum)?);
                        Ok(())
                    })
                }
                "neven" => {
                    once(&mut seen[1])?;
                    s.array(|s| {
                        let [code] = s.flat([attr::CL_D5_DIAGNOSE_CODE])?;
                        neven.push(Neven::new(code.ok_or(Bail)?)?);
                        Ok(())
                    })
                }
                "zorgvraagtypering" => {
                    once(&mut seen[2])?;
                    s.array(|s| {
                        let [honos, code, datum] = s.flat([
                            attr::ZORGVRAAGTYPE_CODE_HONOS,
                            attr::ZORGVRAAGTYPE_CODE,
                            attr::DATUM,
                        ])?;
                        let datum = parse_date(attr::DATUM, datum.ok_or(Bail)?)?;
                        typeringen.push(Zorgvraagtypering::new(honos, code, datum)?);
                        Ok(())
                    })
                }
                "prestatie" => {
                    once(&mut seen[3])?;
                    s.array(|s| {
                        let [code, datum] = s.flat([attr::PRESTATIE_CODE, attr::DATUM])?;
                        let datum = parse_date(attr::DATUM, datum.ok_or(Bail)?)?;
                        prestaties.push(Prestatie::new(code.ok_or(Bail)?, datum)?);
                        Ok(())
                    })
                }
                "meting" => {
                    once(&mut seen[4])?;
                    s.array(|s| {
                        metingen.push(s.meting()?);
                        Ok(())
                    })
                }
                _ => Err(Bail),
            }
        })?;
        let [id, begin, end, groep] = text;
        let mut builder = Zorgtraject::builder(parse_date(attr::BEGINDATUM, begin.ok_or(Bail)?)?);
        if let Some(id) = id {
            builder = builder.id(id);
        }
        if let Some(end) = end {
            builder = builder.einddatum(parse_date(attr::EINDDATUM, end)?);
        }
        if let Some(groep) = groep {
            builder = builder.groep_code(groep);
        }
        let mut t = builder.build()?;
        primair.into_iter().for_each(|r| t.add_primair(r));
        neven.into_iter().for_each(|r| t.add_neven(r));
        typeringen.into_iter().for_each(|r| t.add_zorgvraagtypering(r));
        prestaties.into_iter().for_each(|r| t.add_prestatie(r));
        metingen.into_iter().for_each(|r| {
            t.add_meting(r);
        });
        Ok(t)
    }

    /// The whole line: one object, then only whitespace.
    fn line(&mut self) -> Fast<(AgbCode, Record)> {
        let mut code = None;
        let mut record = None;
        self.object(|s, key| match key {
            "zorgaanbieder_code" => set_once(&mut code, s.string()?),
            "zorgtraject" if record.is_none() => {
                record = Some(Record::Zorgtraject(s.zorgtraject()?));
                Ok(())
            }
            "meting" if record.is_none() => {
                record = Some(Record::Meting(s.meting()?));
                Ok(())
            }
            _ => Err(Bail),
        })?;
        self.ws();
        if self.at != self.bytes.len() {
            return Err(Bail);
        }
        Ok((AgbCode::new(code.ok_or(Bail)?)?, record.ok_or(Bail)?))
    }
}

/// The length of the string body at the start of `rest` (up to its closing quote), or `None`
/// when an escape, a control character or the end of the line comes first. Eight bytes at a
/// time: codes and dates are short, so one or two steps find the quote.
#[inline]
pub(super) fn string_len(rest: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut at = 0;
    while let Some(chunk) = rest.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        // High bit set in each byte that is '"', '\\' or below 0x20 (exact for the lowest one,
        // which is all that is used).
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let hits = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let hits = hits & HIGH;
        if hits != 0 {
            let i = at + (hits.trailing_zeros() / 8) as usize;
            return (rest[i] == b'"').then_some(i);
        }
        at += 8;
    }
    let i = at
        + rest[at..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    (rest[i] == b'"').then_some(i)
}

fn set_once<'a>(slot: &mut Option<&'a str>, value: &'a str) -> Fast<()> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(Bail),
    }
}

/// The provider and the record of a plain, valid line; `None` when the line needs the serde
/// path (anything unusual, malformed or invalid).
pub(super) fn parse_line(text: &str) -> Option<(AgbCode, Record)> {
    Scanner::new(text).line().ok()
}
