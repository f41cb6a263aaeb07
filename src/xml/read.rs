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
//! - The hierarchy of SPEC.md, with the element and attribute names of [`crate::names`]:
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

use crate::model::{
    parse_date, parse_datetime, AgbCode, Bestand, Item, Meting, ModelError, Neven, Prestatie, Primair,
    Zorgaanbieder, Zorgtraject, Zorgvraagtypering,
};
use crate::names::{attr, element};
use crate::quarter::Quarter;

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
    /// What is wrong.
    pub message: String,
    /// What kind of problem it is.
    pub kind: ReadErrorKind,
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
        Diagnostic::new(Severity::Error, Rule::Syntax, path, self.to_string())
    }

    fn io(message: String) -> Self {
        Self {
            line: 0,
            column: 0,
            message,
            kind: ReadErrorKind::Io,
        }
    }
}

/// Reads a whole file from `input` into a [`Bestand`].
///
/// `input` is read in a streaming fashion; memory grows with the records, not with the text.
pub fn read_bestand<R: BufRead>(input: R) -> Result<Bestand, ReadError> {
    let mut reader = Reader::from_reader(Tracked::new(input, MAX_EVENT_LEN));
    let config = reader.config_mut();
    config.enable_all_checks(true);
    config.expand_empty_elements = false;
    let mut buf = Vec::new();
    let mut doc = Document::default();
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
                    return Ok(bestand);
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
        format!("processing instructions are not allowed: <?{target} ...?>"),
    )
}

fn doctype(here: &Here<'_>) -> ReadError {
    here.error(
        ReadErrorKind::Forbidden,
        "DTDs are not allowed: a Spiegelinformatie file must not contain <!DOCTYPE ...> \
         (entity declarations could be used for XXE or entity-expansion attacks)",
    )
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
    let file = File::open(path).map_err(|e| ReadError::io(format!("cannot open {}: {e}", path.display())))?;
    read_bestand(BufReader::new(file)).map_err(|mut e| {
        if e.kind == ReadErrorKind::Io {
            e.message = format!("cannot read {}: {}", path.display(), e.message);
        }
        e
    })
}

/// Where the current event starts, and how to turn offsets into lines and columns.
struct Here<'a> {
    lines: &'a Lines,
    start: u64,
}

impl Here<'_> {
    fn error_at(&self, offset: u64, kind: ReadErrorKind, message: impl Into<String>) -> ReadError {
        let at = self.lines.locate(offset);
        ReadError {
            line: at.line,
            column: at.column,
            message: message.into(),
            kind,
        }
    }

    fn error(&self, kind: ReadErrorKind, message: impl Into<String>) -> ReadError {
        self.error_at(self.start, kind, message)
    }

    fn xml_error(&self, error: XmlError, stop: Option<Stop>, position: u64) -> ReadError {
        if let Some(stop) = stop {
            return self.stop_error(stop);
        }
        let (kind, message) = match &error {
            XmlError::Io(e) => return ReadError::io(format!("read error: {e}")),
            XmlError::Encoding(e) => (ReadErrorKind::Encoding, format!("not UTF-8: {e}")),
            XmlError::Syntax(e) => (ReadErrorKind::Syntax, format!("malformed XML: {e}")),
            XmlError::IllFormed(e) => (ReadErrorKind::Syntax, format!("malformed XML: {e}")),
            other => (ReadErrorKind::Syntax, format!("malformed XML: {other}")),
        };
        self.error_at(position.max(self.start), kind, message)
    }

    fn stop_error(&self, stop: Stop) -> ReadError {
        match stop {
            Stop::Encoding { offset, message } => self.error_at(offset, ReadErrorKind::Encoding, message),
            Stop::Control { offset, byte } => self.error_at(
                offset,
                ReadErrorKind::Encoding,
                format!("control character U+{byte:04X} is not allowed in an XML file"),
            ),
            Stop::TooLong { offset, limit } => self.error_at(
                offset,
                ReadErrorKind::Limit,
                format!(
                    "a single tag, text or comment is longer than {limit} bytes; \
                     attribute values are limited to {MAX_ATTRIBUTE_LEN} bytes"
                ),
            ),
            Stop::Io(e) => ReadError::io(format!("read error: {e}")),
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
        let syntax = |message: String| here.error(ReadErrorKind::Syntax, message);
        if !first {
            return Err(syntax(
                "the XML declaration <?xml ...?> must be at the very start of the file".into(),
            ));
        }
        let version = decl
            .version()
            .map_err(|e| syntax(format!("malformed XML declaration: {e}")))?;
        if version != "1.0" {
            return Err(syntax(format!(
                "XML version {version} is not supported: expected version=\"1.0\""
            )));
        }
        match decl.encoding() {
            None => Ok(()),
            Some(Ok(encoding)) if encoding.eq_ignore_ascii_case("UTF-8") => Ok(()),
            Some(Ok(encoding)) => Err(here.error(
                ReadErrorKind::Encoding,
                format!("the XML declaration says encoding=\"{encoding}\"; only UTF-8 is accepted"),
            )),
            Some(Err(e)) => Err(syntax(format!("malformed XML declaration: {e}"))),
        }
    }

    fn text(&self, text: &str, here: &Here<'_>) -> Result<(), ReadError> {
        let Some(first) = text.bytes().position(|b| !is_xml_whitespace(b)) else {
            return Ok(());
        };
        let message = match self.stack.last() {
            Some(frame) => format!(
                "text is not allowed in <{}>, only elements: '{}'",
                frame.name,
                snippet(text)
            ),
            None => format!(
                "text is not allowed outside the root element <{}>: '{}'",
                element::BESTAND,
                snippet(text)
            ),
        };
        let offset = here.start + first as u64;
        Err(here.error_at(offset, ReadErrorKind::Structure, message))
    }

    fn reference(&self, reference: &BytesRef<'_>, here: &Here<'_>) -> ReadError {
        let name: &str = reference;
        if reference.is_char_ref() || PREDEFINED_ENTITIES.contains(&name) {
            let place = self.stack.last().map_or_else(
                || "outside the root element".to_string(),
                |frame| format!("in <{}>", frame.name),
            );
            return here.error(
                ReadErrorKind::Structure,
                format!("text is not allowed {place}, only elements: '&{name};'"),
            );
        }
        here.error(ReadErrorKind::Forbidden, entity_message(name))
    }

    fn end_of_input(&mut self, here: &Here<'_>) -> Result<Bestand, ReadError> {
        let end = here.lines.end_offset();
        if let Some(frame) = self.stack.last() {
            let at = frame.at;
            let message = format!(
                "the file ends inside <{}> (opened at line {}, column {}): it is truncated",
                frame.name, at.line, at.column
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
                format!("the file has no root element <{}>", element::BESTAND),
            )),
            _ => Err(here.error_at(
                end,
                ReadErrorKind::Syntax,
                format!("the file is empty: expected <{}>", element::BESTAND),
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
                format!(
                    "<{raw_name}> after the end of the root element: a file has one <{}>",
                    element::BESTAND
                ),
            ));
        }
        let Some(name) = crate::names::ELEMENTS.iter().copied().find(|n| *n == raw_name) else {
            let place = parent.map_or_else(|| "as the root".to_string(), |p| format!("in <{p}>"));
            return Err(here.error(
                ReadErrorKind::Structure,
                format!("unknown element <{raw_name}> {place}"),
            ));
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
                self.header = Some(read_header(tag, here)?);
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
            return Err(here.error(ReadErrorKind::Syntax, "end tag without a start tag"));
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

fn misplaced(name: &str, parent: Option<&str>) -> String {
    let expected: Vec<String> = allowed_parents(name)
        .iter()
        .map(|p| p.map_or_else(|| "the root".to_string(), |p| format!("<{p}>")))
        .collect();
    let expected = expected.join(" or ");
    match parent {
        None if name != element::BESTAND => {
            format!("the root element must be <{}>, not <{name}>", element::BESTAND)
        }
        None => format!("<{name}> is not allowed here: it belongs in {expected}"),
        Some(parent) => {
            format!("<{name}> is not allowed in <{parent}>: it belongs in {expected}")
        }
    }
}

/// For states `open` already rules out; kept so that no input can panic the reader.
fn not_here(name: &str) -> String {
    format!("<{name}> is not allowed here")
}

fn entity_message(name: &str) -> String {
    format!(
        "entity reference &{name}; is not allowed: only &amp; &lt; &gt; &quot; &apos; and \
         character references (&#...;) may be used"
    )
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
                    format!(
                        "unknown attribute {key} on <{element}> (allowed: {})",
                        names.join(", ")
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
                    format!(
                        "attribute {key} on <{element}> is {} bytes long; at most \
                         {MAX_ATTRIBUTE_LEN} are allowed",
                        value.len()
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
                    format!(
                        "duplicate attribute {name} on <{element}> (first given at line {}, \
                         column {})",
                        first.line, first.column
                    ),
                )
            }
            AttrError::ExpectedEq(pos)
            | AttrError::ExpectedValue(pos)
            | AttrError::UnquotedValue(pos)
            | AttrError::ExpectedQuote(pos, _) => (
                *pos,
                ReadErrorKind::Syntax,
                format!("malformed attribute on <{element}>: {error}"),
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
                format!("<{}>: required attribute {name} is missing", self.element),
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
            ModelError::Missing { .. } => error.to_string(),
            _ => format!("<{}>: {error}", self.element),
        };
        self.error(error.attribute(), ReadErrorKind::Value, message)
    }

    /// An error placed at `attribute` when it is present, else at the element.
    fn error(&self, attribute: Option<&str>, kind: ReadErrorKind, message: String) -> ReadError {
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
            format!("attribute {key} on <{element}>: {other}"),
        ),
    }
}

/// `Bestand`: the creation moment and the quarter the period covers.
fn read_header(tag: &BytesStart<'_>, here: &Here<'_>) -> Result<(PrimitiveDateTime, Quarter), ReadError> {
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
    let number = (u8::from(begin.month()) - 1) / 3 + 1;
    let quarter = Quarter::new(begin.year(), number)
        .ok()
        .filter(|q| q.first_day() == begin && q.last_day() == end);
    let Some(quarter) = quarter else {
        return Err(a.error(
            Some(attr::BEGINDATUM_PERIODE),
            ReadErrorKind::Value,
            format!(
                "<{}>: the period {} .. {} is not one calendar quarter: {} must be the first \
                 day and {} the last day of the same quarter (e.g. 2024-01-01 .. 2024-03-31)",
                element::BESTAND,
                crate::datum::format_date(begin),
                crate::datum::format_date(end),
                attr::BEGINDATUM_PERIODE,
                attr::EINDDATUM_PERIODE,
            ),
        ));
    };
    Ok((datum_creatie, quarter))
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
