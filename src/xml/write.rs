//! Streams a Spiegelinformatie file to any `io::Write`.
//!
//! The layout is fixed: UTF-8 with an XML declaration, two-space indentation, `\n` line ends,
//! attributes in Tabel-2 order, children in the order of the hierarchy (`docs/information-model.md`), elements
//! without children self-closed. The same records always give the same bytes.

use std::io::{self, Write};

use time::{Date, PrimitiveDateTime};

use crate::datum::{push_date, push_datetime};
use crate::model::{AgbCode, Bestand, Meting};
use crate::names::{attr, element};
use crate::quarter::Quarter;
use crate::select::{Filter, TrajectView};

const FLUSH_AT: usize = 64 * 1024;

/// Indentation for up to eight levels (the format nests five deep).
const SPACES: &[u8; 16] = b"                ";

/// Appends `value` escaped for a double-quoted attribute: `& < > "` as entities, and tab, line
/// feed and carriage return as character references so that parsers do not normalise them away.
pub fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\t' => b"&#9;",
            b'\n' => b"&#10;",
            b'\r' => b"&#13;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(replacement);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Writes one file, element by element. Call [`start`](Self::start), then per provider
/// [`start_zorgaanbieder`](Self::start_zorgaanbieder), its trajectories and loose metingen,
/// [`end_zorgaanbieder`](Self::end_zorgaanbieder), and finally [`finish`](Self::finish).
pub struct XmlWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
}

impl<W: Write> XmlWriter<W> {
    /// A writer to `out`. Output is buffered internally; `out` need not be buffered.
    pub fn new(out: W) -> Self {
        Self {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
        }
    }

    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn indent(&mut self, indent: usize) {
        self.buf.extend_from_slice(&SPACES[..2 * indent]);
    }

    fn open(&mut self, indent: usize, name: &str) {
        self.indent(indent);
        self.buf.push(b'<');
        self.buf.extend_from_slice(name.as_bytes());
    }

    fn text_attr(&mut self, name: &str, value: &str) {
        self.buf.push(b' ');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        escape_attribute(&mut self.buf, value);
        self.buf.push(b'"');
    }

    fn date_attr(&mut self, name: &str, value: Date) {
        self.buf.push(b' ');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        push_date(&mut self.buf, value);
        self.buf.push(b'"');
    }

    fn close_empty(&mut self) {
        self.buf.extend_from_slice(b"/>\n");
    }

    fn close_start(&mut self) {
        self.buf.extend_from_slice(b">\n");
    }

    fn end(&mut self, indent: usize, name: &str) {
        self.indent(indent);
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b">\n");
    }

    /// Writes the XML declaration and the opening `Bestand` element. A `datum_creatie` whose
    /// year the file cannot carry (see [`crate::model::YEARS`]) is refused as invalid input.
    pub fn start(&mut self, datum_creatie: PrimitiveDateTime, kwartaal: Quarter) -> io::Result<()> {
        if !crate::model::YEARS.contains(&datum_creatie.year()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("datum_creatie {datum_creatie} has a year outside 1000..=9999"),
            ));
        }
        self.buf
            .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.open(0, element::BESTAND);
        self.buf.extend_from_slice(b" ");
        self.buf.extend_from_slice(attr::DATUM_CREATIE.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        push_datetime(&mut self.buf, datum_creatie);
        self.buf.push(b'"');
        self.date_attr(attr::BEGINDATUM_PERIODE, kwartaal.first_day());
        self.date_attr(attr::EINDDATUM_PERIODE, kwartaal.last_day());
        self.close_start();
        self.maybe_flush()
    }

    /// Opens a `Zorgaanbieder` element.
    pub fn start_zorgaanbieder(&mut self, code: AgbCode) -> io::Result<()> {
        self.open(1, element::ZORGAANBIEDER);
        self.text_attr(attr::ZORGAANBIEDER_CODE, code.as_str());
        self.close_start();
        self.maybe_flush()
    }

    /// Writes one trajectory as selected, with its delivered children.
    pub fn zorgtraject(&mut self, view: &TrajectView<'_>) -> io::Result<()> {
        let t = view.traject();
        self.open(2, element::ZORGTRAJECT);
        self.date_attr(attr::BEGINDATUM, t.begindatum());
        if let Some(einddatum) = view.einddatum() {
            self.date_attr(attr::EINDDATUM, einddatum);
        }
        if let Some(groep) = view.groep_code() {
            self.text_attr(attr::GROEP_CODE, groep);
        }
        if !view.has_children() {
            self.close_empty();
            return self.maybe_flush();
        }
        self.close_start();
        for p in view.primair() {
            self.open(3, element::PRIMAIR);
            self.text_attr(attr::CL_D5_DIAGNOSE_CODE, p.cl_d5_diagnose_code());
            self.date_attr(attr::DATUM, p.datum());
            self.close_empty();
        }
        for n in view.neven() {
            self.open(3, element::NEVEN);
            self.text_attr(attr::CL_D5_DIAGNOSE_CODE, n.cl_d5_diagnose_code());
            self.close_empty();
        }
        let filter = view.filter();
        for z in view.zorgvraagtyperingen() {
            self.open(3, element::ZORGVRAAGTYPERING);
            if let Some(code) = z.zorgvraagtype_code_honos_as_given() {
                self.text_attr(
                    attr::ZORGVRAAGTYPE_CODE_HONOS,
                    filter.zorgvraagtype_spelling(code),
                );
            }
            if let Some(code) = z.zorgvraagtype_code_as_given() {
                self.text_attr(attr::ZORGVRAAGTYPE_CODE, filter.zorgvraagtype_spelling(code));
            }
            self.date_attr(attr::DATUM, z.datum());
            self.close_empty();
        }
        for p in view.prestaties() {
            self.open(3, element::PRESTATIE);
            self.text_attr(attr::PRESTATIE_CODE, p.prestatie_code());
            self.date_attr(attr::DATUM, p.datum());
            self.close_empty();
        }
        for m in view.metingen() {
            self.meting(3, m, &filter);
        }
        self.end(2, element::ZORGTRAJECT);
        self.maybe_flush()
    }

    fn meting(&mut self, indent: usize, meting: &Meting, filter: &Filter<'_>) {
        self.open(indent, element::METING);
        self.text_attr(attr::MEETINSTRUMENT_CODE, meting.meetinstrument_code());
        self.date_attr(attr::DATUM, meting.datum());
        let mut items = filter.items(meting).peekable();
        if items.peek().is_none() {
            self.close_empty();
            return;
        }
        self.close_start();
        for item in items {
            self.open(indent + 1, element::ITEM);
            self.text_attr(attr::ITEM_CODE, item.item_code());
            self.text_attr(attr::SCORE, item.score());
            self.close_empty();
        }
        self.end(indent, element::METING);
    }

    /// Writes one loose meting (directly below the provider), with the items `filter` keeps.
    pub fn loose_meting(&mut self, meting: &Meting, filter: &Filter<'_>) -> io::Result<()> {
        self.meting(2, meting, filter);
        self.maybe_flush()
    }

    /// Closes the `Zorgaanbieder` element.
    pub fn end_zorgaanbieder(&mut self) -> io::Result<()> {
        self.end(1, element::ZORGAANBIEDER);
        self.maybe_flush()
    }

    /// Closes `Bestand`, flushes everything and returns the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.end(0, element::BESTAND);
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes `bestand` exactly as it is: every record, every item, every einddatum.
pub fn write_bestand<W: Write>(bestand: &Bestand, out: W) -> io::Result<W> {
    let mut w = XmlWriter::new(out);
    w.start(bestand.datum_creatie, bestand.kwartaal)?;
    let everything = Filter::everything();
    for za in &bestand.zorgaanbieders {
        w.start_zorgaanbieder(za.code())?;
        for t in za.zorgtrajecten() {
            w.zorgtraject(&TrajectView::unfiltered(t))?;
        }
        for m in za.metingen() {
            w.loose_meting(m, &everything)?;
        }
        w.end_zorgaanbieder()?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        let mut out = Vec::new();
        escape_attribute(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_markup_quotes_and_whitespace_controls() {
        assert_eq!(escaped("Locatie A"), "Locatie A");
        assert_eq!(escaped(r#"a&b<c>"d"'e"#), "a&amp;b&lt;c&gt;&quot;d&quot;'e");
        assert_eq!(escaped("x\ty\nz\r"), "x&#9;y&#10;z&#13;");
        assert_eq!(escaped("Grüße 日本"), "Grüße 日本");
    }
}
