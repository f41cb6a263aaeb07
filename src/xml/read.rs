//! Reads a Spiegelinformatie file back into the model.
//!
//! The reader streams: it holds one event (a tag, a run of text, a comment) at a time and the
//! records built so far, never the whole text. It is strict where safety and meaning are at
//! stake and lenient about order:
//!
//! - UTF-8 only (a byte order mark is fine); invalid UTF-8, NUL and other control characters
//!   are errors with their exact position.
//! - No DTD (`<!DOCTYPE ...>`), no entity references other than the five predefined ones and
//!   character references, no processing instructions: XXE and entity expansion are impossible.
//! - The hierarchy of `docs/information-model.md`, with the element and attribute names of [`crate::names`]:
//!   unknown or misplaced elements, unknown or duplicate attributes and text content are
//!   errors. Children may come in any order; the model keeps them in document order per kind.
//! - Every value goes through the model's constructors, so a file that reads is a file the
//!   writer could have written.
//!
//! Every error carries the 1-based line and column (in characters) where it was found.

mod tracked;

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use quick_xml::errors::Error as XmlError;
use quick_xml::escape::EscapeError;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use time::PrimitiveDateTime;

use crate::i18n::Phrase;
use crate::model::{
    parse_date, parse_datetime, AgbCode, Bestand, Item, Meting, ModelError, Neven, Prestatie, Primair,
    Zorgaanbieder, Zorgtraject, Zorgvraagtypering,
};
use crate::names::{attr, element};
use crate::quarter::{Periode, Quarter};

use tracked::{LineColumn, Lines, Stop, Tracked};

/// The limits the reader enforces, from the one limit table ([`crate::limits`]): an attribute
/// value (after unescaping) of at most [`MAX_ATTRIBUTE_LEN`] bytes, one tag, text run or
/// comment of at most [`MAX_EVENT_LEN`] bytes (this bounds the reader's memory).
pub use crate::limits::{MAX_ATTRIBUTE_LEN, MAX_EVENT_LEN};

/// What kind of problem a [`ReadError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    Io,
    /// Not UTF-8: invalid bytes, a UTF-16 file, another declared encoding, control characters.
    Encoding,
    /// Not well-formed XML: unclosed tags, mismatched end tags, truncation, an empty file.
    Syntax,
    /// Refused for safety: a DTD, an entity reference, a processing instruction.
    Forbidden,
    /// Well-formed, but not the Spiegelinformatie structure: unknown or misplaced elements,
    /// unknown, duplicate or missing attributes, text content.
    Structure,
    /// An attribute value the model refuses (bad date, AGB code, period, ...).
    Value,
    /// Beyond a size limit ([`MAX_ATTRIBUTE_LEN`], [`MAX_EVENT_LEN`]).
    Limit,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    /// 1-based line; 0 when the error has no place in the file (I/O).
    pub line: u64,
    /// 1-based column, counted in characters; 0 when `line` is 0.
    pub column: u64,
    /// What is wrong, in English ([`ReadError::message_in`] gives either language).
    pub message: String,
    /// What kind of problem it is.
    pub kind: ReadErrorKind,
    /// `message` as a catalogue text.
    text: Phrase,
}

/// What a reader error says: a catalogue text, or (for what quick-xml says) a sentence of its
/// own wrapped in one.
struct Said(Phrase);

impl From<Phrase> for Said {
    fn from(phrase: Phrase) -> Self {
        Said(phrase)
    }
}

impl From<String> for Said {
    fn from(text: String) -> Self {
        Said(Phrase::new("text.plain", &[("text", &text)]))
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Self {
        Said(Phrase::new("text.plain", &[("text", text)]))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
        }
    }
}

impl ReadError {
    /// The error as an error diagnostic (rule `syntax`) at its line.
    pub fn to_diagnostic(&self) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::{Diagnostic, RecordPath, Rule, Severity};
        let path = RecordPath::default();
        let path = if self.line == 0 {
            path
        } else {
            path.at_line(self.line)
        };
        let message = if self.line == 0 {
            Phrase::new("syntax.xml.unreadable", &[]).text_arg("detail", self.text.clone())
        } else {
            Phrase::new(
                "syntax.xml",
                &[
                    ("line", &self.line.to_string()),
                    ("column", &self.column.to_string()),
                ],
            )
            .text_arg("detail", self.text.clone())
        };
        Diagnostic::from_phrase(Severity::Error, Rule::Syntax, path, message)
    }

    /// What is wrong, in `lang` (without the line and column).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        self.text.render(lang)
    }

    fn io(message: impl Into<Said>) -> Self {
        let Said(text) = message.into();
        Self {
            line: 0,
            column: 0,
            message: text.render(crate::i18n::Lang::En),
            kind: ReadErrorKind::Io,
            text,
        }
    }
}

/// Reads a whole file from `input` into a [`Bestand`].
///
/// `input` is read in a streaming fashion; memory grows with the records, not with the text.
/// A period that is not one calendar quarter is an error here; [`read_bestand_any_period`]
/// reads such a file too.
pub fn read_bestand<R: BufRead>(input: R) -> Result<Bestand, ReadError> {
    read_with(input, Document::default()).map(|(bestand, _)| bestand)
}

/// Like [`read_bestand`], but a period that is not one calendar quarter is read too: the
/// [`Periode`] returned says what the file says, and the [`Bestand`]'s `kwartaal` is the
/// quarter that contains the period's begindatum. For validating foreign files, where a wrong
/// period is a content rule (`periode-not-quarter`), not a reason to stop reading.
pub fn read_bestand_any_period<R: BufRead>(input: R) -> Result<(Bestand, Periode), ReadError> {
    let doc = Document {
        any_period: true,
        ..Document::default()
    };
    let (bestand, periode) = read_with(input, doc)?;
    let periode = periode.unwrap_or_else(|| Periode::of_quarter(bestand.kwartaal));
    Ok((bestand, periode))
}

/// [`read_bestand_any_period`] of the file at `path` (see [`read_bestand_file`]).
pub fn read_bestand_file_any_period(path: &Path) -> Result<(Bestand, Periode), ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(format!("cannot open {}: {e}", path.display())))?;
    read_bestand_any_period(BufReader::new(file)).map_err(|e| with_path(e, path))
}

fn with_path(mut e: ReadError, path: &Path) -> ReadError {
    if e.kind == ReadErrorKind::Io {
        let shown = path.display().to_string();
        e.text = Phrase::new("xml.cannot-read", &[("path", &shown)]).text_arg("detail", e.text);
        e.message = e.text.render(crate::i18n::Lang::En);
    }
    e
}

fn read_with<R: BufRead>(input: R, mut doc: Document) -> Result<(Bestand, Option<Periode>), ReadError> {
    let mut reader = Reader::from_reader(Tracked::new(input, MAX_EVENT_LEN));
    let config = reader.config_mut();
    config.enable_all_checks(true);
    config.expand_empty_elements = false;
    let mut buf = Vec::new();
    loop {
        reader.get_mut().mark();
        buf.clear();
        let start = reader.buffer_position();
        match reader.read_event_into(&mut buf) {
            Ok(event) => {
                let here = Here {
                    lines: reader.get_ref().line_index(),
                    start,
                };
                if let Some(bestand) = doc.on_event(event, &here)? {
                    return Ok((bestand, doc.periode));
                }
            }
            Err(error) => {
                let position = reader.error_position();
                let stop = reader.get_mut().take_stop();
                let here = Here {
                    lines: reader.get_ref().line_index(),
                    start,
                };
                return Err(here.xml_error(error, stop, position));
            }
        }
    }
}

/// Checks that `input` is safe to hand to another XML parser (libxml2), without building
/// records: UTF-8 without forbidden control characters, no DTD, no processing instruction, no
/// entity other than the predefined ones, every tag, text run and comment within
/// [`MAX_EVENT_LEN`], at most [`MAX_ATTRIBUTES_PER_ELEMENT`] attributes per element, nesting
/// at most [`MAX_DEPTH`] deep, and well-formed as far as quick-xml checks. Memory stays within
/// one event whatever the input. Returns the number of bytes read.
///
/// [`MAX_ATTRIBUTES_PER_ELEMENT`]: crate::limits::MAX_ATTRIBUTES_PER_ELEMENT
/// [`MAX_DEPTH`]: crate::limits::MAX_DEPTH
pub fn scan<R: BufRead>(input: R) -> Result<u64, ReadError> {
    let mut reader = Reader::from_reader(Tracked::new(input, MAX_EVENT_LEN));
    let config = reader.config_mut();
    config.enable_all_checks(true);
    config.expand_empty_elements = false;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut first = true;
    loop {
        reader.get_mut().mark();
        buf.clear();
        let start = reader.buffer_position();
        let event = reader.read_event_into(&mut buf);
        let here = Here {
            lines: reader.get_ref().line_index(),
            start,
        };
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                let position = reader.error_position();
                let stop = reader.get_mut().take_stop();
                let here = Here {
                    lines: reader.get_ref().line_index(),
                    start,
                };
                return Err(here.xml_error(error, stop, position));
            }
        };
        match event {
            Event::Decl(decl) => Document::default().declaration(&decl, first, &here)?,
            Event::Start(tag) => {
                depth += 1;
                scan_tag(&tag, depth, &here)?;
            }
            Event::Empty(tag) => scan_tag(&tag, depth + 1, &here)?,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                if !reference.is_char_ref() && !PREDEFINED_ENTITIES.contains(&name) {
                    return Err(here.error(ReadErrorKind::Forbidden, entity_message(name)));
                }
            }
            Event::PI(pi) => return Err(processing_instruction(pi.target(), &here)),
            Event::DocType(_) => return Err(doctype(&here)),
            Event::Text(_) | Event::CData(_) | Event::Comment(_) => {}
            Event::Eof => return Ok(here.lines.end_offset()),
        }
        first = false;
    }
}

fn processing_instruction(target: &str, here: &Here<'_>) -> ReadError {
    here.error(
        ReadErrorKind::Forbidden,
        Phrase::new("xml.processing-instruction", &[("target", target)]),
    )
}

fn doctype(here: &Here<'_>) -> ReadError {
    here.error(ReadErrorKind::Forbidden, Phrase::new("xml.dtd", &[]))
}

/// The gate's checks on one tag: depth, number of attributes, well-formed attributes without
/// foreign entities.
fn scan_tag(tag: &BytesStart<'_>, depth: usize, here: &Here<'_>) -> Result<(), ReadError> {
    use crate::limits::{MAX_ATTRIBUTES_PER_ELEMENT, MAX_DEPTH};
    let name = tag.name().into_inner();
    if depth > MAX_DEPTH {
        return Err(here.error(
            ReadErrorKind::Limit,
            format!("<{name}> is nested {depth} elements deep; at most {MAX_DEPTH} are allowed"),
        ));
    }
    for (count, attribute) in tag.attributes().with_checks(false).enumerate() {
        let attribute = attribute.map_err(|error| {
            here.error(
                ReadErrorKind::Syntax,
                format!("malformed attribute on <{name}>: {error}"),
            )
        })?;
        // Only the predefined entities and character references, as in text.
        if attribute.value.contains('&') {
            if let Err(XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity))) =
                attribute.normalized_value(XmlVersion::Implicit1_0)
            {
                return Err(here.error(ReadErrorKind::Forbidden, entity_message(&entity)));
            }
        }
        if count >= MAX_ATTRIBUTES_PER_ELEMENT {
            return Err(here.error(
                ReadErrorKind::Limit,
                format!(
                    "<{name}> has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes; no \
                     Spiegelinformatie element has more than 3"
                ),
            ));
        }
    }
    Ok(())
}

/// Opens and reads the file at `path`. Failing to open or read it is a [`ReadError`] of kind
/// [`ReadErrorKind::Io`] with line 0.
pub fn read_bestand_file(path: &Path) -> Result<Bestand, ReadError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| {
        ReadError::io(Phrase::new(
            "xml.cannot-open",
            &[("path", &shown), ("detail", &e.to_string())],
        ))
    })?;
    read_bestand(BufReader::new(file)).map_err(|e| with_path(e, path))
}

/// Where the current event starts, and how to turn offsets into lines and columns.
struct Here<'a> {
    lines: &'a Lines,
    start: u64,
}

impl Here<'_> {
    fn error_at(&self, offset: u64, kind: ReadErrorKind, message: impl Into<Said>) -> ReadError {
        let at = self.lines.locate(offset);
        let Said(text) = message.into();
        ReadError {
            line: at.line,
            column: at.column,
            message: text.render(crate::i18n::Lang::En),
            kind,
            text,
        }
    }

    fn error(&self, kind: ReadErrorKind, message: impl Into<Said>) -> ReadError {
        self.error_at(self.start, kind, message)
    }

    fn xml_error(&self, error: XmlError, stop: Option<Stop>, position: u64) -> ReadError {
        if let Some(stop) = stop {
            return self.stop_error(stop);
        }
        let (kind, message) = match &error {
            XmlError::Io(e) => return ReadError::io(detail("xml.read-error", e)),
            XmlError::Encoding(e) => (ReadErrorKind::Encoding, detail("xml.not-utf8", e)),
            XmlError::Syntax(e) => (ReadErrorKind::Syntax, detail("xml.malformed", e)),
            XmlError::IllFormed(e) => (ReadErrorKind::Syntax, detail("xml.malformed", e)),
            other => (ReadErrorKind::Syntax, detail("xml.malformed", other)),
        };
        self.error_at(position.max(self.start), kind, message)
    }

    fn stop_error(&self, stop: Stop) -> ReadError {
        match stop {
            Stop::Encoding { offset, message } => {
                self.error_at(offset, ReadErrorKind::Encoding, Phrase::new(message, &[]))
            }
            Stop::Control { offset, byte } => self.error_at(
                offset,
                ReadErrorKind::Encoding,
                Phrase::new("xml.control-character", &[("code", &format!("{byte:04X}"))]),
            ),
            Stop::TooLong { offset, limit } => self.error_at(
                offset,
                ReadErrorKind::Limit,
                Phrase::new(
                    "xml.too-long",
                    &[
                        ("limit", &limit.to_string()),
                        ("max", &MAX_ATTRIBUTE_LEN.to_string()),
                    ],
                ),
            ),
            Stop::Io(e) => ReadError::io(detail("xml.read-error", e)),
        }
    }

    /// Offset in the file of `part`, a slice of the tag `tag` that starts this event.
    fn offset_in_tag(&self, tag: &str, part: &str) -> u64 {
        let rel = part.as_ptr().addr().wrapping_sub(tag.as_ptr().addr());
        let rel = if rel <= tag.len() { rel } else { 0 };
        self.start + 1 + rel as u64
    }
}

/// An element being read, with what it has collected so far.
enum Open {
    Bestand,
    Zorgaanbieder(Zorgaanbieder),
    Zorgtraject(Zorgtraject),
    Meting(Meting),
    /// An element without children of its own (its record is already stored).
    Leaf,
}

struct Frame {
    name: &'static str,
    at: LineColumn,
    open: Open,
}

/// The document read so far.
#[derive(Default)]
struct Document {
    stack: Vec<Frame>,
    header: Option<(PrimitiveDateTime, Quarter)>,
    zorgaanbieders: Vec<Zorgaanbieder>,
    seen_event: bool,
    root_closed: bool,
    /// Whether a period that is not one quarter is read (see [`read_bestand_any_period`]).
    any_period: bool,
    /// The period as written, when `any_period`.
    periode: Option<Periode>,
}

const PREDEFINED_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];

/// The parents an element may have (`None`: the root).
fn allowed_parents(name: &str) -> &'static [Option<&'static str>] {
    match name {
        element::BESTAND => &[None],
        element::ZORGAANBIEDER => &[Some(element::BESTAND)],
        element::ZORGTRAJECT => &[Some(element::ZORGAANBIEDER)],
        element::PRIMAIR | element::NEVEN | element::ZORGVRAAGTYPERING | element::PRESTATIE => {
            &[Some(element::ZORGTRAJECT)]
        }
        element::METING => &[Some(element::ZORGTRAJECT), Some(element::ZORGAANBIEDER)],
        element::ITEM => &[Some(element::METING)],
        _ => &[],
    }
}

fn is_xml_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn snippet(text: &str) -> String {
    let trimmed = text.trim();
    let mut out: String = trimmed.chars().take(40).collect();
    if out.len() < trimmed.len() {
        out.push('…');
    }
    out
}

impl Document {
    /// Handles one event; returns the file once the root is closed and the input has ended.
    fn on_event(&mut self, event: Event<'_>, here: &Here<'_>) -> Result<Option<Bestand>, ReadError> {
        let first = !self.seen_event;
        self.seen_event = true;
        match event {
            Event::Decl(decl) => self.declaration(&decl, first, here)?,
            Event::Start(tag) => self.open(&tag, here)?,
            Event::Empty(tag) => {
                self.open(&tag, here)?;
                self.close(here)?;
            }
            Event::End(_) => self.close(here)?,
            Event::Text(text) => self.text(&text, here)?,
            Event::CData(data) => self.text(&data, here)?,
            Event::GeneralRef(reference) => return Err(self.reference(&reference, here)),
            Event::Comment(_) => {}
            Event::PI(pi) => return Err(processing_instruction(pi.target(), here)),
            Event::DocType(_) => return Err(doctype(here)),
            Event::Eof => return self.end_of_input(here).map(Some),
        }
        Ok(None)
    }

    fn declaration(&self, decl: &BytesDecl<'_>, first: bool, here: &Here<'_>) -> Result<(), ReadError> {
        let syntax = |message: Phrase| here.error(ReadErrorKind::Syntax, message);
        if !first {
            return Err(syntax(Phrase::new("xml.declaration-not-first", &[])));
        }
        let version = decl
            .version()
            .map_err(|e| syntax(detail("xml.declaration-malformed", e)))?;
        if version != "1.0" {
            return Err(syntax(Phrase::new("xml.version", &[("version", &version)])));
        }
        match decl.encoding() {
            None => Ok(()),
            Some(Ok(encoding)) if encoding.eq_ignore_ascii_case("UTF-8") => Ok(()),
            Some(Ok(encoding)) => Err(here.error(
                ReadErrorKind::Encoding,
                Phrase::new("xml.encoding", &[("encoding", &encoding)]),
            )),
            Some(Err(e)) => Err(syntax(detail("xml.declaration-malformed", e))),
        }
    }

    fn text(&self, text: &str, here: &Here<'_>) -> Result<(), ReadError> {
        let Some(first) = text.bytes().position(|b| !is_xml_whitespace(b)) else {
            return Ok(());
        };
        let message = match self.stack.last() {
            Some(frame) => Phrase::new(
                "xml.text-in-element",
                &[("element", frame.name), ("text", &snippet(text))],
            ),
            None => Phrase::new(
                "xml.text-outside-root",
                &[("root", element::BESTAND), ("text", &snippet(text))],
            ),
        };
        let offset = here.start + first as u64;
        Err(here.error_at(offset, ReadErrorKind::Structure, message))
    }

    fn reference(&self, reference: &BytesRef<'_>, here: &Here<'_>) -> ReadError {
        let name: &str = reference;
        if reference.is_char_ref() || PREDEFINED_ENTITIES.contains(&name) {
            let message = match self.stack.last() {
                Some(frame) => Phrase::new(
                    "xml.reference-in-element",
                    &[("element", frame.name), ("name", name)],
                ),
                None => Phrase::new("xml.reference-outside-root", &[("name", name)]),
            };
            return here.error(ReadErrorKind::Structure, message);
        }
        here.error(ReadErrorKind::Forbidden, entity_message(name))
    }

    fn end_of_input(&mut self, here: &Here<'_>) -> Result<Bestand, ReadError> {
        let end = here.lines.end_offset();
        if let Some(frame) = self.stack.last() {
            let at = frame.at;
            let message = Phrase::new(
                "xml.truncated",
                &[
                    ("element", frame.name),
                    ("line", &at.line.to_string()),
                    ("column", &at.column.to_string()),
                ],
            );
            return Err(here.error_at(end, ReadErrorKind::Syntax, message));
        }
        match self.header.take() {
            Some((datum_creatie, kwartaal)) if self.root_closed => Ok(Bestand {
                datum_creatie,
                kwartaal,
                zorgaanbieders: std::mem::take(&mut self.zorgaanbieders),
            }),
            _ if self.seen_event && end > 0 => Err(here.error_at(
                end,
                ReadErrorKind::Syntax,
                Phrase::new("xml.no-root", &[("root", element::BESTAND)]),
            )),
            _ => Err(here.error_at(
                end,
                ReadErrorKind::Syntax,
                Phrase::new("xml.empty", &[("root", element::BESTAND)]),
            )),
        }
    }

    /// Checks where element `tag` stands, reads its attributes and pushes it.
    fn open(&mut self, tag: &BytesStart<'_>, here: &Here<'_>) -> Result<(), ReadError> {
        let raw_name = tag.name().into_inner();
        let parent = self.stack.last().map(|f| f.name);
        if self.root_closed {
            return Err(here.error(
                ReadErrorKind::Structure,
                Phrase::new(
                    "xml.after-root",
                    &[("element", raw_name), ("root", element::BESTAND)],
                ),
            ));
        }
        let Some(name) = crate::names::ELEMENTS.iter().copied().find(|n| *n == raw_name) else {
            let message = match parent {
                Some(p) => Phrase::new("xml.unknown-element", &[("element", raw_name), ("parent", p)]),
                None => Phrase::new("xml.unknown-element-root", &[("element", raw_name)]),
            };
            return Err(here.error(ReadErrorKind::Structure, message));
        };
        if !allowed_parents(name).contains(&parent) {
            return Err(here.error(ReadErrorKind::Structure, misplaced(name, parent)));
        }
        let open = self.read_element(name, tag, here)?;
        self.stack.push(Frame {
            name,
            at: here.lines.locate(here.start),
            open,
        });
        Ok(())
    }

    fn read_element(
        &mut self,
        name: &'static str,
        tag: &BytesStart<'_>,
        here: &Here<'_>,
    ) -> Result<Open, ReadError> {
        match name {
            element::BESTAND => {
                let (header, periode) = read_header(tag, here, self.any_period)?;
                self.header = Some(header);
                self.periode = Some(periode);
                Ok(Open::Bestand)
            }
            element::ZORGAANBIEDER => {
                let a = Attrs::read(tag, name, [attr::ZORGAANBIEDER_CODE], here)?;
                let code = a.required(attr::ZORGAANBIEDER_CODE)?;
                let code = AgbCode::new(&code).map_err(|e| a.fail(e))?;
                Ok(Open::Zorgaanbieder(Zorgaanbieder::new(code)))
            }
            element::ZORGTRAJECT => read_zorgtraject(tag, here).map(Open::Zorgtraject),
            element::METING => read_meting(tag, here).map(Open::Meting),
            _ => {
                self.read_leaf(name, tag, here)?;
                Ok(Open::Leaf)
            }
        }
    }

    /// Reads a record without children and stores it in its parent right away.
    fn read_leaf(
        &mut self,
        name: &'static str,
        tag: &BytesStart<'_>,
        here: &Here<'_>,
    ) -> Result<(), ReadError> {
        let parent = self.stack.last_mut().map(|f| &mut f.open);
        match (name, parent) {
            (element::ITEM, Some(Open::Meting(meting))) => meting.add_item(read_item(tag, here)?),
            (element::PRIMAIR, Some(Open::Zorgtraject(t))) => t.add_primair(read_primair(tag, here)?),
            (element::NEVEN, Some(Open::Zorgtraject(t))) => t.add_neven(read_neven(tag, here)?),
            (element::ZORGVRAAGTYPERING, Some(Open::Zorgtraject(t))) => {
                t.add_zorgvraagtypering(read_zorgvraagtypering(tag, here)?)
            }
            (element::PRESTATIE, Some(Open::Zorgtraject(t))) => t.add_prestatie(read_prestatie(tag, here)?),
            _ => return Err(here.error(ReadErrorKind::Structure, not_here(name))),
        }
        Ok(())
    }

    /// Closes the innermost element and hands its record to its parent.
    fn close(&mut self, here: &Here<'_>) -> Result<(), ReadError> {
        let Some(frame) = self.stack.pop() else {
            return Err(here.error(ReadErrorKind::Syntax, Phrase::new("xml.end-without-start", &[])));
        };
        let parent = self.stack.last_mut().map(|f| &mut f.open);
        match (frame.open, parent) {
            (Open::Bestand, None) => self.root_closed = true,
            (Open::Zorgaanbieder(za), Some(Open::Bestand)) => self.zorgaanbieders.push(za),
            (Open::Zorgtraject(t), Some(Open::Zorgaanbieder(za))) => {
                za.add_zorgtraject(t);
            }
            (Open::Meting(m), Some(Open::Zorgtraject(t))) => {
                t.add_meting(m);
            }
            (Open::Meting(m), Some(Open::Zorgaanbieder(za))) => {
                za.add_meting(m);
            }
            (Open::Leaf, Some(_)) => {}
            _ => return Err(here.error(ReadErrorKind::Structure, not_here(frame.name))),
        }
        Ok(())
    }
}

fn misplaced(name: &str, parent: Option<&str>) -> Phrase {
    let place = |p: &Option<&str>| match p {
        Some(p) => Phrase::new("text.plain", &[("text", &format!("<{p}>"))]),
        None => Phrase::new("xml.the-root", &[]),
    };
    let mut parents = allowed_parents(name).iter().rev();
    let last = parents
        .next()
        .map_or_else(|| Phrase::new("xml.the-root", &[]), place);
    let expected = parents.fold(last, |rest, p| {
        Phrase::new("text.or", &[])
            .text_arg("first", place(p))
            .text_arg("rest", rest)
    });
    match parent {
        None if name != element::BESTAND => Phrase::new(
            "xml.root-must-be",
            &[("root", element::BESTAND), ("element", name)],
        ),
        None => Phrase::new("xml.misplaced-root", &[("element", name)]).text_arg("expected", expected),
        Some(parent) => Phrase::new("xml.misplaced", &[("element", name), ("parent", parent)])
            .text_arg("expected", expected),
    }
}

/// For states `open` already rules out; kept so that no input can panic the reader.
fn not_here(name: &str) -> Phrase {
    Phrase::new("xml.not-here", &[("element", name)])
}

fn entity_message(name: &str) -> Phrase {
    Phrase::new("xml.entity", &[("name", name)])
}

/// The catalogue text `key` around `detail`, a message of quick-xml or the system (English).
fn detail(key: &'static str, detail: impl std::fmt::Display) -> Phrase {
    Phrase::new(key, &[("detail", &detail.to_string())])
}

/// The attributes of one element, by the names it allows, with their offsets in the file.
struct Attrs<'t, 'h, const N: usize> {
    element: &'static str,
    names: [&'static str; N],
    values: [Option<(Cow<'t, str>, u64)>; N],
    here: &'h Here<'h>,
}

impl<'t, 'h, const N: usize> Attrs<'t, 'h, N> {
    /// Reads the attributes of `tag`: each must be one of `names`, once, with a value of at
    /// most [`MAX_ATTRIBUTE_LEN`] bytes and only predefined entities.
    fn read(
        tag: &'t BytesStart<'_>,
        element: &'static str,
        names: [&'static str; N],
        here: &'h Here<'h>,
    ) -> Result<Self, ReadError> {
        let mut attrs = Self {
            element,
            names,
            values: std::array::from_fn(|_| None),
            here,
        };
        let raw: &str = tag;
        for attribute in tag.attributes() {
            let attribute = attribute.map_err(|e| attrs.attr_error(raw, &e))?;
            let key = attribute.key.into_inner();
            let offset = here.offset_in_tag(raw, key);
            let Some(index) = names.iter().position(|n| *n == key) else {
                return Err(here.error_at(
                    offset,
                    ReadErrorKind::Structure,
                    Phrase::new(
                        "xml.unknown-attribute",
                        &[
                            ("attribute", key),
                            ("element", element),
                            ("allowed", &names.join(", ")),
                        ],
                    ),
                ));
            };
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| value_error(here, offset, key, element, e))?;
            if value.len() > MAX_ATTRIBUTE_LEN {
                return Err(here.error_at(
                    offset,
                    ReadErrorKind::Limit,
                    Phrase::new(
                        "xml.attribute-too-long",
                        &[
                            ("attribute", key),
                            ("element", element),
                            ("length", &value.len().to_string()),
                            ("max", &MAX_ATTRIBUTE_LEN.to_string()),
                        ],
                    ),
                ));
            }
            if let Some(slot) = attrs.values.get_mut(index) {
                *slot = Some((value, offset));
            }
        }
        Ok(attrs)
    }

    fn attr_error(&self, raw: &str, error: &AttrError) -> ReadError {
        let element = self.element;
        let (pos, kind, message) = match error {
            AttrError::Duplicated(pos, previous) => {
                let name = attribute_name_at(raw, *pos);
                let first = self.here.lines.locate(self.here.start + 1 + *previous as u64);
                (
                    *pos,
                    ReadErrorKind::Structure,
                    Phrase::new(
                        "xml.duplicate-attribute",
                        &[
                            ("attribute", name),
                            ("element", element),
                            ("line", &first.line.to_string()),
                            ("column", &first.column.to_string()),
                        ],
                    ),
                )
            }
            AttrError::ExpectedEq(pos)
            | AttrError::ExpectedValue(pos)
            | AttrError::UnquotedValue(pos)
            | AttrError::ExpectedQuote(pos, _) => (
                *pos,
                ReadErrorKind::Syntax,
                Phrase::new(
                    "xml.malformed-attribute",
                    &[("element", element), ("detail", &error.to_string())],
                ),
            ),
        };
        self.here
            .error_at(self.here.start + 1 + pos as u64, kind, message)
    }

    fn get(&self, name: &str) -> Option<&str> {
        let index = self.names.iter().position(|n| *n == name)?;
        self.values.get(index)?.as_ref().map(|(v, _)| v.as_ref())
    }

    /// The value of a required attribute, or an error naming element and attribute.
    fn required(&self, name: &'static str) -> Result<Cow<'_, str>, ReadError> {
        match self.get(name) {
            Some(value) => Ok(Cow::Borrowed(value)),
            None => Err(self.here.error(
                ReadErrorKind::Structure,
                Phrase::new(
                    "xml.required-missing",
                    &[("element", self.element), ("attribute", name)],
                ),
            )),
        }
    }

    /// A required date attribute.
    fn date(&self, name: &'static str) -> Result<time::Date, ReadError> {
        let value = self.required(name)?;
        parse_date(name, &value).map_err(|e| self.fail(e))
    }

    /// `error` from the model, placed at the attribute it is about (or at the element).
    fn fail(&self, error: ModelError) -> ReadError {
        let message = match error {
            ModelError::Missing { .. } => error.phrase(),
            _ => {
                Phrase::new("xml.in-element", &[("element", self.element)]).text_arg("detail", error.phrase())
            }
        };
        self.error(error.attribute(), ReadErrorKind::Value, message)
    }

    /// An error placed at `attribute` when it is present, else at the element.
    fn error(&self, attribute: Option<&str>, kind: ReadErrorKind, message: Phrase) -> ReadError {
        let offset = attribute
            .and_then(|name| {
                let index = self.names.iter().position(|n| *n == name)?;
                self.values.get(index)?.as_ref().map(|(_, offset)| *offset)
            })
            .unwrap_or(self.here.start);
        self.here.error_at(offset, kind, message)
    }
}

fn attribute_name_at(raw: &str, pos: usize) -> &str {
    let rest = raw.get(pos..).unwrap_or_default();
    let end = rest
        .find(|c: char| c == '=' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default()
}

fn value_error(here: &Here<'_>, offset: u64, key: &str, element: &str, error: XmlError) -> ReadError {
    match error {
        XmlError::Escape(EscapeError::UnrecognizedEntity(_, name)) => {
            here.error_at(offset, ReadErrorKind::Forbidden, entity_message(&name))
        }
        other => here.error_at(
            offset,
            ReadErrorKind::Syntax,
            Phrase::new(
                "xml.attribute-value",
                &[
                    ("attribute", key),
                    ("element", element),
                    ("detail", &other.to_string()),
                ],
            ),
        ),
    }
}

/// `Bestand`: the creation moment and the quarter the period covers, and the period as
/// written. With `any_period`, a period that is not one quarter gives the quarter containing
/// its begindatum instead of an error.
fn read_header(
    tag: &BytesStart<'_>,
    here: &Here<'_>,
    any_period: bool,
) -> Result<((PrimitiveDateTime, Quarter), Periode), ReadError> {
    let names = [
        attr::DATUM_CREATIE,
        attr::BEGINDATUM_PERIODE,
        attr::EINDDATUM_PERIODE,
    ];
    let a = Attrs::read(tag, element::BESTAND, names, here)?;
    let creatie = a.required(attr::DATUM_CREATIE)?;
    let datum_creatie = parse_datetime(attr::DATUM_CREATIE, &creatie).map_err(|e| a.fail(e))?;
    let begin = a.date(attr::BEGINDATUM_PERIODE)?;
    let end = a.date(attr::EINDDATUM_PERIODE)?;
    let periode = Periode { begin, end };
    let quarter = periode
        .quarter()
        .or_else(|| any_period.then(|| Quarter::containing(begin)));
    let Some(quarter) = quarter else {
        return Err(a.error(
            Some(attr::BEGINDATUM_PERIODE),
            ReadErrorKind::Value,
            Phrase::new(
                "xml.period",
                &[
                    ("element", element::BESTAND),
                    ("begin", &crate::datum::format_date(begin)),
                    ("end", &crate::datum::format_date(end)),
                    ("begin_attribute", attr::BEGINDATUM_PERIODE),
                    ("end_attribute", attr::EINDDATUM_PERIODE),
                ],
            ),
        ));
    };
    Ok(((datum_creatie, quarter), periode))
}

fn read_zorgtraject(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Zorgtraject, ReadError> {
    let names = [attr::BEGINDATUM, attr::EINDDATUM, attr::GROEP_CODE];
    let a = Attrs::read(tag, element::ZORGTRAJECT, names, here)?;
    let mut builder = Zorgtraject::builder(a.date(attr::BEGINDATUM)?);
    if a.get(attr::EINDDATUM).is_some() {
        builder = builder.einddatum(a.date(attr::EINDDATUM)?);
    }
    if let Some(groep_code) = a.get(attr::GROEP_CODE) {
        builder = builder.groep_code(groep_code);
    }
    builder.build().map_err(|e| a.fail(e))
}

fn read_meting(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Meting, ReadError> {
    let names = [attr::MEETINSTRUMENT_CODE, attr::DATUM];
    let a = Attrs::read(tag, element::METING, names, here)?;
    let instrument = a.required(attr::MEETINSTRUMENT_CODE)?;
    Meting::new(&instrument, a.date(attr::DATUM)?).map_err(|e| a.fail(e))
}

fn read_item(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Item, ReadError> {
    let a = Attrs::read(tag, element::ITEM, [attr::ITEM_CODE, attr::SCORE], here)?;
    let code = a.required(attr::ITEM_CODE)?;
    let score = a.required(attr::SCORE)?;
    Item::new(&code, &score).map_err(|e| a.fail(e))
}

fn read_primair(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Primair, ReadError> {
    let names = [attr::CL_D5_DIAGNOSE_CODE, attr::DATUM];
    let a = Attrs::read(tag, element::PRIMAIR, names, here)?;
    let code = a.required(attr::CL_D5_DIAGNOSE_CODE)?;
    Primair::new(&code, a.date(attr::DATUM)?).map_err(|e| a.fail(e))
}

fn read_neven(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Neven, ReadError> {
    let a = Attrs::read(tag, element::NEVEN, [attr::CL_D5_DIAGNOSE_CODE], here)?;
    let code = a.required(attr::CL_D5_DIAGNOSE_CODE)?;
    Neven::new(&code).map_err(|e| a.fail(e))
}

fn read_zorgvraagtypering(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Zorgvraagtypering, ReadError> {
    let names = [
        attr::ZORGVRAAGTYPE_CODE_HONOS,
        attr::ZORGVRAAGTYPE_CODE,
        attr::DATUM,
    ];
    let a = Attrs::read(tag, element::ZORGVRAAGTYPERING, names, here)?;
    let datum = a.date(attr::DATUM)?;
    Zorgvraagtypering::new(
        a.get(attr::ZORGVRAAGTYPE_CODE_HONOS),
        a.get(attr::ZORGVRAAGTYPE_CODE),
        datum,
    )
    .map_err(|e| a.fail(e))
}

fn read_prestatie(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<Prestatie, ReadError> {
    let names = [attr::PRESTATIE_CODE, attr::DATUM];
    let a = Attrs::read(tag, element::PRESTATIE, names, here)?;
    let code = a.required(attr::PRESTATIE_CODE)?;
    Prestatie::new(&code, a.date(attr::DATUM)?).map_err(|e| a.fail(e))
}
