//! Streaming generation: push records one at a time, get the file written as they come.
//!
//! Memory is bounded by one trajectory plus fixed buffers (and the loose metingen of the current
//! provider, which the format puts after its trajectories), never by the size of the file. The
//! report stays complete. Because bytes are written before the last record is seen, a writer
//! that receives a file with errors must discard it: [`generate_jsonl_file`] does that for you
//! (temporary file, renamed only when there are no errors).

use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::sync::mpsc;

use crate::diagnostic::{Diagnostic, RecordPath, Report};
use crate::generate::{admit_loose_meting, admit_zorgtraject};
use crate::generate::{GenerateError, GenerateOptions};
use crate::jsonl::{JsonLinesReader, Line, Record};
use crate::model::{AgbCode, Meting, Zorgtraject};
use crate::names::element;
use crate::xml::XmlWriter;

/// Why the stream could not go on.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Writing failed.
    #[error("writing failed: {0}")]
    Io(#[from] io::Error),
    /// A record came before any provider was started.
    #[error("a {0} was pushed before start_zorgaanbieder")]
    NoZorgaanbieder(&'static str),
    /// A provider was started a second time after another one.
    #[error("zorgaanbieder {0} was started again after other zorgaanbieders; each provider's records must be contiguous")]
    Reappears(AgbCode),
}

struct Provider {
    code: AgbCode,
    path: RecordPath,
    trajectories: usize,
    loose: Vec<(usize, Meting)>,
    loose_seen: usize,
}

/// Writes a file from records pushed one at a time. See the module documentation.
pub struct StreamGenerator<W: Write> {
    writer: XmlWriter<W>,
    options: GenerateOptions,
    report: Report,
    provider: Option<Provider>,
    finished: HashSet<AgbCode>,
    /// Whether a delivered trajectory had a groep_code (for the once-per-run note).
    groep_code_seen: bool,
}

impl<W: Write> StreamGenerator<W> {
    /// Starts the file (writes the XML declaration and `Bestand`).
    pub fn new(out: W, options: GenerateOptions) -> io::Result<Self> {
        let mut writer = XmlWriter::new(out);
        writer.start(options.datum_creatie, options.quarter)?;
        let mut report = Report::new();
        report.diagnostics.extend(options.quarter_not_ended());
        Ok(Self {
            writer,
            options,
            report,
            provider: None,
            finished: HashSet::new(),
            groep_code_seen: false,
        })
    }

    /// The report so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Adds diagnostics found elsewhere (e.g. while reading the input) to the report.
    pub fn add_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.report.push(diagnostic);
    }

    /// Adds a report made elsewhere (e.g. while reading the input), with its counts.
    pub fn add_report(&mut self, report: Report) {
        self.report.merge(report);
    }

    /// Starts provider `code`, closing the previous one.
    pub fn start_zorgaanbieder(&mut self, code: AgbCode) -> Result<(), StreamError> {
        if self.provider.as_ref().is_some_and(|p| p.code == code) {
            return Ok(());
        }
        if self.finished.contains(&code) {
            return Err(StreamError::Reappears(code));
        }
        self.close_provider()?;
        self.writer.start_zorgaanbieder(code)?;
        self.provider = Some(Provider {
            code,
            path: RecordPath::zorgaanbieder(code.as_str()),
            trajectories: 0,
            loose: Vec::new(),
            loose_seen: 0,
        });
        Ok(())
    }

    fn close_provider(&mut self) -> io::Result<()> {
        let Some(provider) = self.provider.take() else {
            return Ok(());
        };
        let filter = self.options.selector().meting_filter();
        for (_, meting) in &provider.loose {
            self.writer.loose_meting(meting, &filter)?;
        }
        self.writer.end_zorgaanbieder()?;
        self.finished.insert(provider.code);
        Ok(())
    }

    /// Selects, checks and writes one trajectory of the current provider.
    pub fn zorgtraject(&mut self, traject: &Zorgtraject) -> Result<(), StreamError> {
        let provider = self
            .provider
            .as_mut()
            .ok_or(StreamError::NoZorgaanbieder(element::ZORGTRAJECT))?;
        provider.trajectories += 1;
        let path = provider.path.zorgtraject(traject.id(), provider.trajectories);
        let (selector, validator) = (self.options.selector(), self.options.validator());
        if let Some(view) = admit_zorgtraject(&selector, &validator, traject, &path, &mut self.report) {
            self.groep_code_seen |= traject.groep_code().is_some();
            self.writer.zorgtraject(&view)?;
        }
        Ok(())
    }

    /// Selects and keeps one loose meting of the current provider (written when the provider
    /// ends, after its trajectories, as the format requires).
    pub fn loose_meting(&mut self, meting: Meting) -> Result<(), StreamError> {
        let provider = self
            .provider
            .as_mut()
            .ok_or(StreamError::NoZorgaanbieder(element::METING))?;
        provider.loose_seen += 1;
        let position = provider.loose_seen;
        let path = provider.path.child(element::METING, position);
        let (selector, validator) = (self.options.selector(), self.options.validator());
        if admit_loose_meting(&selector, &validator, &meting, &path, &mut self.report) {
            provider.loose.push((position, meting));
        }
        Ok(())
    }

    /// Ends the file and returns the writer and the report. The caller must discard the output
    /// when the report has errors.
    pub fn finish(mut self) -> Result<(W, Report), StreamError> {
        self.close_provider()?;
        let out = self.writer.finish()?;
        let unchecked = self
            .options
            .validator()
            .groep_codes_unchecked(self.groep_code_seen);
        self.report.diagnostics.extend(unchecked);
        Ok((out, self.report))
    }
}

/// How many lines go from the reading to the writing thread at once (one hand-over per batch
/// instead of per line keeps the threads from waking each other for every record).
const BATCH_LINES: usize = 64;

/// How many batches may wait between the reading and the writing thread.
const PIPELINE_DEPTH: usize = 4;

/// Reads JSON Lines from `input` and writes the quarter's file to `out`, parsing on one thread
/// and selecting and writing on the calling one. Returns the complete report; when it has
/// errors the output must be discarded (see [`generate_jsonl_file`]).
///
/// Lines travel in batches; written batches go back to the reading thread, which drops their
/// records and refills them: records are freed by the thread that allocated them, which keeps
/// the allocator on its fast, thread-local path.
pub fn generate_jsonl<R, W>(input: R, options: &GenerateOptions, out: W) -> Result<(W, Report), GenerateError>
where
    R: BufRead + Send,
    W: Write,
{
    let mut stream = StreamGenerator::new(out, options.clone())?;
    let (tx, rx) = mpsc::sync_channel::<Vec<Line>>(PIPELINE_DEPTH);
    let (back_tx, back_rx) = mpsc::channel::<Vec<Line>>();
    let (read_report, fatal) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut reader = JsonLinesReader::new(input);
            let mut report = Report::new();
            loop {
                let mut batch = back_rx.try_recv().unwrap_or_default();
                batch.clear();
                batch.reserve(BATCH_LINES);
                let end = loop {
                    match reader.next_line(&mut report) {
                        Ok(Some(line)) => {
                            batch.push(line);
                            if batch.len() == BATCH_LINES {
                                break None;
                            }
                        }
                        Ok(None) => break Some(None),
                        Err(fatal) => break Some(Some(fatal)),
                    }
                };
                if !batch.is_empty() && tx.send(batch).is_err() {
                    return (report, None);
                }
                if let Some(fatal) = end {
                    return (report, fatal);
                }
            }
        });
        let written = write_lines(&mut stream, rx, back_tx);
        let (report, fatal) = reader.join().unwrap_or_else(|_| (Report::new(), None));
        written.map(|()| (report, fatal))
    })?;
    let mut read_report = read_report;
    options.admit_unrepresentable(&mut read_report);
    stream.add_report(read_report);
    if let Some(fatal) = fatal {
        stream.add_diagnostic(*fatal);
    }
    stream.finish().map_err(stream_to_generate)
}

fn write_lines<W: Write>(
    stream: &mut StreamGenerator<W>,
    rx: mpsc::Receiver<Vec<Line>>,
    back: mpsc::Sender<Vec<Line>>,
) -> Result<(), GenerateError> {
    for mut batch in rx {
        for line in &mut batch {
            stream
                .start_zorgaanbieder(line.zorgaanbieder)
                .map_err(stream_to_generate)?;
            match &mut line.record {
                Some(Record::Zorgtraject(t)) => stream.zorgtraject(t),
                Some(Record::Meting(_)) => match line.record.take() {
                    Some(Record::Meting(m)) => stream.loose_meting(m),
                    _ => Ok(()),
                },
                None => Ok(()),
            }
            .map_err(stream_to_generate)?;
        }
        // The reading thread may have finished already; then the batch is dropped here.
        let _ = back.send(batch);
    }
    Ok(())
}

fn stream_to_generate(e: StreamError) -> GenerateError {
    match e {
        StreamError::Io(e) => GenerateError::Io(e),
        other => GenerateError::Io(io::Error::other(other.to_string())),
    }
}

/// Like [`generate_jsonl`], to a file at `path`, atomically: the file appears only when the
/// report has no errors; otherwise [`GenerateError::Invalid`] carries the report.
pub fn generate_jsonl_file<R: BufRead + Send>(
    input: R,
    options: &GenerateOptions,
    path: &Path,
) -> Result<Report, GenerateError> {
    crate::output::write_atomically(path, |file| {
        let (_, report) = generate_jsonl(input, options, file)?;
        if report.has_errors() {
            return Err(GenerateError::Invalid(Box::new(report)));
        }
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{MetingJson, ZorgtrajectJson};
    use time::macros::datetime;

    fn to_jsonl(delivery: &crate::Delivery) -> String {
        let mut out = String::new();
        for za in &delivery.zorgaanbieders {
            for t in za.zorgtrajecten() {
                let line = serde_json::json!({"zorgaanbieder_code": za.code().as_str(), "zorgtraject": ZorgtrajectJson::from_model(t)});
                out.push_str(&line.to_string());
                out.push('\n');
            }
            for m in za.metingen() {
                let line = serde_json::json!({"zorgaanbieder_code": za.code().as_str(), "meting": MetingJson::from_model(m)});
                out.push_str(&line.to_string());
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn streaming_writes_the_same_bytes_as_the_in_memory_path() {
        let q: crate::Quarter = "2024-Q2".parse().unwrap();
        let delivery = crate::demo::demo_delivery(q);
        let options = GenerateOptions::new(q, datetime!(2024-07-02 08:00:00));
        let mut expected = Vec::new();
        let expected_report = crate::generate(&delivery, &options, &mut expected).unwrap();
        let (got, report) = generate_jsonl(to_jsonl(&delivery).as_bytes(), &options, Vec::new()).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!(report, expected_report);
    }

    #[test]
    fn errors_leave_no_file_and_a_complete_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xml");
        let input = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "A", "begindatum": "2024-02-30"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "B", "begindatum": "2024-01-01", "einddatum": "2023-01-01"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"id": "C", "begindatum": "2024-01-01"}}"#,
        );
        let options = GenerateOptions::new("2024-Q1".parse().unwrap(), datetime!(2024-04-02 08:00:00));
        let err = generate_jsonl_file(input.as_bytes(), &options, &path).unwrap_err();
        let GenerateError::Invalid(report) = err else {
            panic!("expected Invalid")
        };
        assert_eq!(report.count(crate::Severity::Error), 2);
        assert_eq!(report.selection.zorgtrajecten_open, 1);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_reappearing_provider_stops_with_the_line() {
        let input = concat!(
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "87654321", "zorgtraject": {"begindatum": "2024-01-01"}}"#,
            "\n",
            r#"{"zorgaanbieder_code": "12345678", "zorgtraject": {"begindatum": "2024-01-01"}}"#,
        );
        let options = GenerateOptions::new("2024-Q1".parse().unwrap(), datetime!(2024-04-02 08:00:00));
        let (_, report) = generate_jsonl(input.as_bytes(), &options, Vec::new()).unwrap();
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == crate::Rule::ZorgaanbiederNotContiguous)
            .unwrap();
        assert_eq!(d.path.line, Some(3));
        assert!(report.has_errors());
    }

    #[test]
    fn pushing_before_a_provider_is_refused() {
        let options = GenerateOptions::new("2024-Q1".parse().unwrap(), datetime!(2024-04-02 08:00:00));
        let mut s = StreamGenerator::new(Vec::new(), options).unwrap();
        let t = Zorgtraject::builder(time::macros::date!(2024 - 01 - 01))
            .build()
            .unwrap();
        assert!(matches!(s.zorgtraject(&t), Err(StreamError::NoZorgaanbieder(_))));
    }
}
