//! `spiegel`: generate, check and plan Spiegelinformatie files from the command line.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::{Arc, OnceLock};

use spiegelinformatie::codelists::{CodeLists, Organisatie};
use spiegelinformatie::i18n::{self, Lang};
use spiegelinformatie::output::{self, Ready, Refused};
use spiegelinformatie::preview::{self, CodeListGroups, Detail, PreviewOptions};
use spiegelinformatie::validate_file::{validate_file, ValidateFileError, ValidateFileOptions};
use spiegelinformatie::xml::read::read_bestand_file;
use spiegelinformatie::{
    datum, demo, json, jsonl, plan, report, stream, Delivery, GenerateError, GenerateOptions, Quarter,
    RangeOptions, Report, SelectionOptions, Severity,
};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings may have been printed)
  1  the input has errors: nothing was written (see the messages or --report)
  2  the command could not run: bad arguments, unreadable or unwritable files";

#[derive(Parser)]
#[command(name = "spiegel", version, about = "Generate, check and plan the quarterly Spiegelinformatie file for GGZ Dataportaal", after_help = EXIT_CODES)]
struct Cli {
    /// No progress display and no summary on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The language of messages, help and reports: nl or en (default: nl when LC_ALL,
    /// LC_MESSAGES or LANG starts with nl, else en).
    #[arg(long, global = true, value_name = "nl|en", value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable text.
    Text,
    /// JSON on stdout.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Write the XML file of one quarter from a JSON delivery.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
    /// Check an existing file: well-formedness, the XSD, and every content rule.
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Show which quarter's file is due on a date, and its period.
    #[command(after_help = EXIT_CODES)]
    Schedule(ScheduleArgs),
    /// Write the bundled demo delivery (JSON) and the XML of the quarter due today.
    #[command(after_help = EXIT_CODES)]
    Demo(DemoArgs),
    /// Show what GGZ Dataportaal will receive: per AGB code and groep_code the counts against the PVM thresholds.
    #[command(after_help = EXIT_CODES)]
    Preview(PreviewArgs),
    /// Write a synthetic benchmark workload as JSON Lines (W1 = 100,000 trajectories).
    #[command(after_help = EXIT_CODES)]
    Workload(WorkloadArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// By the file's extension: .jsonl and .ndjson are JSON Lines, .xml a Spiegelinformatie
    /// file (preview only), anything else JSON.
    Auto,
    /// One JSON document (read into memory).
    Json,
    /// JSON Lines, streamed: memory does not grow with the input.
    Jsonl,
    /// A Spiegelinformatie XML file (preview only).
    Xml,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PreviewFormat {
    /// A readable table.
    Text,
    /// JSON (keys: kwartaal, groepen, …).
    Json,
    /// CSV, one row per group (AGB code and groep_code).
    Csv,
    /// A self-contained HTML page: a summary table, then charts per group.
    Html,
}

#[derive(clap::Args)]
struct PreviewArgs {
    /// The delivery as JSON or JSON Lines, or an existing XML file (`.xml`); `-` reads
    /// standard input.
    #[arg(long, short)]
    input: PathBuf,
    /// The input's format.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// The quarter to preview (not needed for an XML file: it covers one).
    #[arg(long, short = 'k', value_parser = parse_quarter)]
    quarter: Option<Quarter>,
    #[command(flatten)]
    lists: ListArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: PreviewFormat,
    /// Include every trajectory as the PVM derives it (text and JSON).
    #[arg(long)]
    details: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Leave out child records dated after the quarter, as generate would with this option.
    #[arg(long)]
    drop_children_after_quarter: bool,
    /// Pool the AGB codes: one groep_code of several AGB codes counts as one group (for an
    /// organisation with one structure over several AGB codes). Default: per AGB code.
    #[arg(long)]
    pool_agb: bool,
}

#[derive(clap::Args)]
struct WorkloadArgs {
    /// Where to write the JSON Lines (`-` for standard output).
    #[arg(long, short)]
    out: PathBuf,
    /// Size in multiples of W1 (100,000 trajectories with 20-100 prestaties each).
    #[arg(long, default_value_t = 1)]
    factor: usize,
    /// Override the number of trajectories.
    #[arg(long)]
    trajectories: Option<usize>,
    /// The data runs up to the end of this quarter.
    #[arg(long, short = 'k', value_parser = parse_quarter, default_value = "2024-Q4")]
    quarter: Quarter,
    /// Consults with Zorgprestatiemodel codes that are not on the bundled (partial) prestatie
    /// list: every one raises a warning (the workload for diagnostics at scale).
    #[arg(long)]
    unlisted_prestaties: bool,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The delivery as JSON or JSON Lines (see docs/information-model.md); `-` reads standard input.
    #[arg(long, short)]
    input: PathBuf,
    /// The input's format.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// The quarter, e.g. 2024-Q1 (also 2024Q1, 2024-q1).
    #[arg(long, short = 'k', value_parser = parse_quarter, required_unless_present_all = ["from", "to"], conflicts_with_all = ["from", "to"], requires = "out")]
    quarter: Option<Quarter>,
    /// Where to write the XML (atomically; nothing is written when the input has errors).
    #[arg(long, short, conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// Historical deliveries: the first quarter of a range (one file per quarter).
    #[arg(long, value_parser = parse_quarter, requires_all = ["to", "out_dir"])]
    from: Option<Quarter>,
    /// The last quarter of the range (included).
    #[arg(long, value_parser = parse_quarter, requires = "from")]
    to: Option<Quarter>,
    /// The directory for the files of a range, named `spiegelinformatie_<AGB or multi>_<YYYY>Q<n>.xml`.
    #[arg(long, requires = "from")]
    out_dir: Option<PathBuf>,
    /// datum_creatie, as YYYY-MM-DDTHH:MM:SS (default: now, local time).
    #[arg(long, value_parser = parse_created)]
    created: Option<PrimitiveDateTime>,
    /// Leave out child records dated after the quarter (for re-deliveries of old quarters).
    #[arg(long)]
    drop_children_after_quarter: bool,
    /// Leave out records that cannot be represented (the trajectory or loose meting they are
    /// in) and write the file anyway; their errors are reported as warnings.
    #[arg(long)]
    leave_out_unrepresentable: bool,
    /// Also write the report of all diagnostics: CSV or JSON, by the file's extension.
    #[arg(long)]
    report: Option<PathBuf>,
    #[command(flatten)]
    lists: ListArgs,
    /// How to print the summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// The code lists and the organisation structure to check against.
#[derive(clap::Args)]
struct ListArgs {
    /// Code lists to use instead of the bundled ones: a directory (every *.csv in it replaces
    /// the list its `# list:` line names) or one list file. See codelists/README.md.
    #[arg(long)]
    codelists: Option<PathBuf>,
    /// The organisation structure: one groep_code per line. A groep_code not on it is an error.
    #[arg(long)]
    organisatie: Option<PathBuf>,
}

impl ListArgs {
    fn codelists(&self) -> Result<Arc<CodeLists>, Failure> {
        let Some(path) = &self.codelists else {
            return Ok(CodeLists::shared_bundled());
        };
        let loaded = if path.is_dir() {
            CodeLists::load_dir(path)
        } else {
            let mut lists = CodeLists::bundled();
            lists.load_file(path).map(|_| lists)
        };
        loaded
            .map(Arc::new)
            .map_err(|e| Failure::run(tr("cli.codelists-failed", &[("detail", &e.message_in(lang()))])))
    }

    /// The list files this run reads.
    fn inputs(&self) -> [Option<&Path>; 2] {
        [self.codelists.as_deref(), self.organisatie.as_deref()]
    }

    fn organisatie(&self) -> Result<Option<Arc<Organisatie>>, Failure> {
        self.organisatie
            .as_ref()
            .map(|path| {
                Organisatie::load_file(path).map(Arc::new).map_err(|e| {
                    Failure::run(tr("cli.organisatie-failed", &[("detail", &e.message_in(lang()))]))
                })
            })
            .transpose()
    }
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// The Spiegelinformatie XML file.
    file: PathBuf,
    /// Validate against this XSD (e.g. the official one) instead of the bundled reconstruction.
    #[arg(long)]
    xsd: Option<PathBuf>,
    #[command(flatten)]
    lists: ListArgs,
    /// Also write every diagnostic: CSV or JSON, by the file's extension.
    #[arg(long)]
    report: Option<PathBuf>,
    /// How to print the summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct ScheduleArgs {
    /// The date to plan for (default: today).
    #[arg(long, value_parser = parse_day)]
    date: Option<Date>,
    /// List every quarter from this one up to the one due that has no file in --dir yet.
    #[arg(long, value_parser = parse_quarter, requires = "dir")]
    from: Option<Quarter>,
    /// The directory of earlier files (their period attributes are read).
    #[arg(long, requires = "from")]
    dir: Option<PathBuf>,
    /// How to print.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct DemoArgs {
    /// The directory to write into (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// The quarter (default: the one due today).
    #[arg(long, short = 'k', value_parser = parse_quarter)]
    quarter: Option<Quarter>,
    /// datum_creatie, as YYYY-MM-DDTHH:MM:SS (default: now, local time).
    #[arg(long, value_parser = parse_created)]
    created: Option<PrimitiveDateTime>,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    text.parse()
        .map_err(|e: spiegelinformatie::QuarterError| e.message_in(lang()))
}

fn parse_created(text: &str) -> Result<PrimitiveDateTime, String> {
    datum::parse_datetime(text).ok_or_else(|| tr("cli.not-a-date-time", &[("text", text)]))
}

fn parse_day(text: &str) -> Result<Date, String> {
    datum::parse_date(text).ok_or_else(|| tr("cli.not-a-date", &[("text", text)]))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse::<Lang>()
        .map_err(|_| tr("cli.unknown-language", &[("text", text)]))
}

/// The language of this run: `--lang`, else the locale.
static LANG: OnceLock<Lang> = OnceLock::new();

fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The catalogue text `key` in this run's language.
fn tr(key: &str, args: &[(&str, &str)]) -> String {
    i18n::text(lang(), key, args)
}

/// `--lang` as given on the command line (read before parsing, so that the help and clap's
/// own messages can be in that language); `None` when absent or not a language.
fn lang_from_args(args: impl Iterator<Item = std::ffi::OsString>) -> Option<Lang> {
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    args.iter()
        .enumerate()
        .find_map(|(i, arg)| match arg.strip_prefix("--lang") {
            Some("") => args.get(i + 1).and_then(|v| v.parse().ok()),
            Some(rest) => rest.strip_prefix('=').and_then(|v| v.parse().ok()),
            None => None,
        })
}

/// The command line definition with its help in `lang`, from the catalogue (`cli.about.…`,
/// `cli.arg.…`; a test checks that every argument has a text). The doc comments above are
/// the developers' notes and clap's fallback.
fn command_in(lang: Lang) -> clap::Command {
    let command = Cli::command();
    let mut command = translate_command(command, None, lang);
    // clap adds its `help` subcommand when the command is built.
    command.build();
    command.mut_subcommand("help", |c| c.about(fixed(lang, "cli.about.help")))
}

/// `command` (subcommand `sub`, or the root) and its subcommands with the texts in `lang`.
fn translate_command(mut command: clap::Command, sub: Option<&str>, lang: Lang) -> clap::Command {
    let about_key = match sub {
        Some(name) => format!("cli.about.{name}"),
        None => "cli.about".to_string(),
    };
    if let Some(entry) = i18n::entry(&about_key) {
        command = command.about(entry.template(lang));
    }
    command = translate_args(command, sub, lang);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name.as_str(), |c| translate_command(c, Some(&name), lang));
    }
    command = command
        .after_help(i18n::text(lang, "cli.exit-codes", &[]))
        .help_template(i18n::text(lang, "cli.help-template", &[]))
        .subcommand_help_heading(fixed(lang, "cli.heading.commands"))
        .subcommand_value_name(fixed(lang, "cli.value.command"));
    translate_builtin_flags(command, sub.is_none(), lang)
}

/// The help of every argument of `command` in `lang`.
fn translate_args(mut command: clap::Command, sub: Option<&str>, lang: Lang) -> clap::Command {
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let Some(help) = arg_help(sub, &id, lang) else {
            continue;
        };
        command = command.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "cli.heading.arguments"
            } else {
                "cli.heading.options"
            };
            // clap writes "Possible values" and "default" in English only: the catalogue text
            // names the values and the default itself, in either language.
            let own_words = a.get_action().takes_values();
            a.help(help)
                .help_heading(fixed(lang, heading))
                .hide_possible_values(own_words)
                .hide_default_value(own_words)
        });
    }
    command
}

/// clap's own `--help` (and on the root `--version`), replaced by the same flags with texts
/// in `lang`.
fn translate_builtin_flags(command: clap::Command, root: bool, lang: Lang) -> clap::Command {
    let flag = |id: &'static str, short: char, action: clap::ArgAction, help: &'static str| {
        clap::Arg::new(id)
            .short(short)
            .long(id)
            .action(action)
            .help(fixed(lang, help))
            .help_heading(fixed(lang, "cli.heading.options"))
    };
    let command =
        command
            .disable_help_flag(true)
            .arg(flag("help", 'h', clap::ArgAction::Help, "cli.arg.help"));
    match root {
        true => command.disable_version_flag(true).arg(flag(
            "version",
            'V',
            clap::ArgAction::Version,
            "cli.arg.version",
        )),
        false => command,
    }
}

/// The catalogue text `key` (without parameters) in `lang`, for clap's headings.
fn fixed(lang: Lang, key: &'static str) -> &'static str {
    i18n::entry(key).map_or(key, |e| e.template(lang))
}

/// The help of argument `id` of subcommand `sub` in `lang`: `cli.arg.<sub>.<id>`, else the
/// shared `cli.arg.<id>`.
fn arg_help(sub: Option<&str>, id: &str, lang: Lang) -> Option<&'static str> {
    sub.and_then(|s| i18n::entry(&format!("cli.arg.{s}.{id}")))
        .or_else(|| i18n::entry(&format!("cli.arg.{id}")))
        .map(|e| e.template(lang))
}

/// Why a command failed: the exit code and what to say.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
        }
    }
    fn run(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
    /// Exit 2 without a message: standard output was closed by its reader, or standard
    /// error cannot be written (so there is nowhere to say why).
    fn quiet() -> Self {
        Self {
            code: 2,
            message: String::new(),
        }
    }
    /// An output could not be written (or was refused): exit 2.
    fn output(path: &Path, e: &io::Error) -> Self {
        match Refused::of(e) {
            Some(refused) => Self::run(refused.message(lang())),
            None => Self::run(cannot("cli.cannot-write", path, e)),
        }
    }
}

type Outcome = Result<(), Failure>;

/// Writes to standard output and flushes. A closed pipe ends the run quietly with exit 2;
/// any other failure (`> /dev/full`) is exit 2 with a message. Never a panic.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Outcome {
    let mut out = io::stdout().lock();
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| stdout_failure(&e))
}

fn stdout_failure(e: &io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::quiet()
    } else {
        Failure::run(tr("cli.cannot-write-stdout", &[("detail", &e.to_string())]))
    }
}

/// Writes to standard error and flushes; when that fails there is nowhere to report it: exit
/// 2 quietly.
fn to_stderr(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Outcome {
    let mut err = io::stderr().lock();
    write(&mut err)
        .and_then(|()| err.flush())
        .map_err(|_| Failure::quiet())
}

/// `println!` that fails instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => { to_stdout(|w| writeln!(w, $($arg)*)) };
}

/// `eprintln!` that fails instead of panicking.
macro_rules! tell {
    ($($arg:tt)*) => { to_stderr(|w| writeln!(w, $($arg)*)) };
}

/// Refuses, before anything is read or written, outputs that are inputs, that coincide, or
/// that are not regular files (exit 2).
fn check_outputs(inputs: &[Option<&Path>], outputs: &[Option<&Path>]) -> Outcome {
    let inputs: Vec<&Path> = inputs.iter().flatten().copied().collect();
    let outputs: Vec<&Path> = outputs.iter().flatten().copied().collect();
    output::check_outputs(&inputs, &outputs).map_err(|e| match Refused::of(&e) {
        Some(refused) => Failure::run(refused.message(lang())),
        None => Failure::run(tr("cli.cannot-check-outputs", &[("detail", &e.to_string())])),
    })
}

/// Renames every staged output into place (after all of them were written).
fn commit(staged: Vec<Ready>) -> Outcome {
    output::commit_all(staged)
        .map_err(|e| Failure::run(tr("cli.cannot-replace-output", &[("detail", &e.to_string())])))
}

/// A directory made for this run, removed again (when still empty) unless the run succeeds.
struct MadeDir(Option<PathBuf>);

impl MadeDir {
    fn create(dir: &Path) -> Result<Self, Failure> {
        if dir.is_dir() {
            return Ok(Self(None));
        }
        std::fs::create_dir_all(dir).map_err(|e| Failure::run(cannot("cli.cannot-create", dir, &e)))?;
        Ok(Self(Some(dir.to_path_buf())))
    }
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for MadeDir {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn now_local() -> PrimitiveDateTime {
    let now = OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc());
    let now = now.replace_nanosecond(0).unwrap_or(now);
    PrimitiveDateTime::new(now.date(), now.time())
}

fn today() -> Date {
    now_local().date()
}

/// A spinner on stderr while long work runs; drawn only on a terminal, never in pipes.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn start(quiet: bool, message: &str) -> Self {
        if quiet || !io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or(ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        Self(Some(bar))
    }
    fn set(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        refuse_directory(path)?;
        File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    result.map_err(|e| Failure::run(cannot("cli.cannot-read", path, &e)))?;
    Ok(bytes)
}

/// "cannot read/write/create <path>: <why>" in this run's language.
fn cannot(key: &str, path: &Path, error: &dyn std::fmt::Display) -> String {
    tr(
        key,
        &[
            ("path", &path.display().to_string()),
            ("detail", &error.to_string()),
        ],
    )
}

/// A directory is no input: exit 2 before reading (reading one fails only at the first read,
/// which would look like an error in the input).
fn refuse_directory(path: &Path) -> Outcome {
    if path.is_dir() {
        return Err(Failure::run(tr(
            "cli.input-is-directory",
            &[("path", &path.display().to_string())],
        )));
    }
    Ok(())
}

/// Writes the report (CSV, or JSON by the extension) to a temporary file for `path`.
fn stage_report(path: &Path, rep: &Report) -> Result<Ready, Failure> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    output::stage(path, |w| {
        if is_json {
            report::write_json_in(rep, lang(), w)
        } else {
            report::write_csv_in(rep, lang(), w)
        }
    })
    .map(|((), ready)| ready)
    .map_err(|e| match Refused::of(&e) {
        Some(refused) => Failure::run(refused.message(lang())),
        None => Failure::run(cannot("cli.cannot-write-report", path, &e)),
    })
}

/// Prints the errors and warnings, bounded: at most `MAX_TERMINAL_ENTRIES` entries (each with
/// its count), then a line counting the rest (all are in a `--report` file).
fn print_problems(rep: &Report) -> Outcome {
    let max = spiegelinformatie::limits::MAX_TERMINAL_ENTRIES;
    to_stderr(|err| {
        for line in report::problem_lines(rep, false, max, lang()) {
            writeln!(err, "{line}")?;
        }
        Ok(())
    })
}

fn print_summary(rep: &Report, format: Format, quiet: bool, what: &str) -> Outcome {
    match format {
        Format::Json => to_stdout(|w| {
            report::write_json_in(rep, lang(), &mut *w)?;
            writeln!(w)
        }),
        Format::Text if !quiet => {
            let s = &rep.selection;
            let n = |v: u64| v.to_string();
            let line = tr(
                "cli.summary",
                &[
                    ("what", what),
                    ("trajectories", &n(s.zorgtrajecten_closed + s.zorgtrajecten_open)),
                    ("closed", &n(s.zorgtrajecten_closed)),
                    ("open", &n(s.zorgtrajecten_open)),
                    ("einddatum_left_out", &n(s.einddatum_left_out)),
                    ("loose", &n(s.loose_metingen_delivered)),
                    ("ended_before", &n(s.zorgtrajecten_ended_before)),
                    ("start_after", &n(s.zorgtrajecten_start_after)),
                    ("loose_left_out", &n(s.loose_metingen_left_out)),
                    ("items_left_out", &n(s.items_left_out)),
                    ("errors", &rep.count(Severity::Error).to_string()),
                    ("warnings", &rep.count(Severity::Warning).to_string()),
                ],
            );
            tell!("{line}")
        }
        Format::Text => Ok(()),
    }
}

fn has_extension(path: &Path, names: &[&str]) -> bool {
    path.extension()
        .is_some_and(|e| names.iter().any(|n| e.eq_ignore_ascii_case(n)))
}

fn wants_jsonl(path: &Path, format: InputFormat) -> bool {
    match format {
        InputFormat::Jsonl => true,
        InputFormat::Json | InputFormat::Xml => false,
        InputFormat::Auto => has_extension(path, &["jsonl", "ndjson"]),
    }
}

fn wants_xml(path: &Path, format: InputFormat) -> bool {
    match format {
        InputFormat::Xml => true,
        InputFormat::Json | InputFormat::Jsonl => false,
        InputFormat::Auto => has_extension(path, &["xml"]),
    }
}

fn open_input(path: &Path) -> Result<Box<dyn io::BufRead + Send>, Failure> {
    if path == Path::new("-") {
        return Ok(Box::new(io::BufReader::with_capacity(1 << 20, io::stdin())));
    }
    refuse_directory(path)?;
    let file = File::open(path).map_err(|e| Failure::run(cannot("cli.cannot-read", path, &e)))?;
    Ok(Box::new(io::BufReader::with_capacity(1 << 20, file)))
}

/// Reads a whole delivery (JSON, or JSON Lines collected in memory) and its conversion report.
fn load_delivery(path: &Path, format: InputFormat) -> Result<(Delivery, Report), Failure> {
    if wants_xml(path, format) {
        return Err(Failure::run(tr(
            "cli.xml-is-not-a-delivery",
            &[("path", &path.display().to_string())],
        )));
    }
    if wants_jsonl(path, format) {
        return jsonl::read_delivery(open_input(path)?).map_err(|d| Failure::input(d.display_in(lang())));
    }
    let bytes = read_input(path)?;
    json::read_delivery_bytes(&bytes).map_err(|e| Failure::input(e.to_diagnostic().message_in(lang())))
}

fn generate_options(args: &GenerateArgs, quarter: Quarter) -> Result<GenerateOptions, Failure> {
    let mut options = GenerateOptions::new(quarter, args.created.unwrap_or_else(now_local));
    options.selection = SelectionOptions {
        drop_children_after_quarter: args.drop_children_after_quarter,
    };
    options.codelists = args.lists.codelists()?;
    options.organisatie = args.lists.organisatie()?;
    options.leave_out_unrepresentable = args.leave_out_unrepresentable;
    Ok(options)
}

impl GenerateArgs {
    /// The files this run reads.
    fn inputs(&self) -> [Option<&Path>; 3] {
        let [codelists, organisatie] = self.lists.inputs();
        [Some(self.input.as_path()), codelists, organisatie]
    }
}

/// Generates the XML into a temporary file for `out`: the report, and the staged file when
/// the delivery has no errors.
fn stage_xml(
    args: &GenerateArgs,
    options: &GenerateOptions,
    out: &Path,
) -> Result<(Report, Option<Ready>), Failure> {
    let result = if wants_jsonl(&args.input, args.input_format) {
        let input = open_input(&args.input)?;
        output::stage(out, |w| {
            let (_, report) = stream::generate_jsonl(input, options, w)?;
            if report.has_errors() {
                return Err(GenerateError::Invalid(Box::new(report)));
            }
            Ok(report)
        })
        .map(|(report, ready)| (Report::new(), report, ready))
    } else {
        let (delivery, mut rep) = load_delivery(&args.input, args.input_format)?;
        options.admit_unrepresentable(&mut rep);
        if rep.has_errors() {
            return Ok((rep, None));
        }
        output::stage(out, |w| spiegelinformatie::generate(&delivery, options, w))
            .map(|(report, ready)| (rep, report, ready))
    };
    match result {
        Ok((mut rep, generated, ready)) => {
            rep.merge(generated);
            Ok((rep, Some(ready)))
        }
        Err(GenerateError::Invalid(found)) => Ok((*found, None)),
        Err(GenerateError::Io(e)) => Err(Failure::output(out, &e)),
    }
}

/// "wrote <path>" in this run's language.
fn wrote(path: &Path) -> String {
    tr("cli.wrote", &[("path", &path.display().to_string())])
}

fn cmd_generate(args: &GenerateArgs, quiet: bool) -> Outcome {
    let (Some(quarter), Some(out)) = (args.quarter, args.out.as_deref()) else {
        return cmd_generate_range(args, quiet);
    };
    check_outputs(&args.inputs(), &[Some(out), args.report.as_deref()])?;
    let progress = Progress::start(quiet, &tr("cli.progress.generate", &[]));
    let options = generate_options(args, quarter)?;
    let (rep, xml) = stage_xml(args, &options, out)?;
    drop(progress);
    let report = args
        .report
        .as_deref()
        .map(|path| stage_report(path, &rep))
        .transpose()?;
    print_problems(&rep)?;
    let staged: Vec<Ready> = xml.into_iter().chain(report).collect();
    if rep.has_errors() {
        print_summary(&rep, args.format, quiet, &tr("cli.not-written", &[]))?;
        commit(staged)?;
        return Err(Failure::input(tr(
            "cli.errors-not-written",
            &[
                ("errors", &rep.count(Severity::Error).to_string()),
                ("path", &out.display().to_string()),
            ],
        )));
    }
    print_summary(&rep, args.format, quiet, &wrote(out))?;
    commit(staged)
}

/// Historical deliveries: every quarter's file and the report are written to temporary
/// files first; a failure to write any of them (exit 2) changes nothing. Quarters with errors
/// get no file (exit 1), the others are written.
fn cmd_generate_range(args: &GenerateArgs, quiet: bool) -> Outcome {
    let (Some(from), Some(to), Some(dir)) = (args.from, args.to, args.out_dir.as_deref()) else {
        return Err(Failure::run(tr("cli.generate-needs-quarter-or-range", &[])));
    };
    check_outputs(&args.inputs(), &[args.report.as_deref()])?;
    let progress = Progress::start(quiet, &tr("cli.progress.reading", &[]));
    let (delivery, mut rep) = load_delivery(&args.input, args.input_format)?;
    let template = generate_options(args, from)?;
    template.admit_unrepresentable(&mut rep);
    if rep.has_errors() {
        drop(progress);
        print_problems(&rep)?;
        let staged: Vec<Ready> = args
            .report
            .as_deref()
            .map(|path| stage_report(path, &rep))
            .transpose()?
            .into_iter()
            .collect();
        print_summary(&rep, args.format, quiet, &tr("cli.not-written", &[]))?;
        commit(staged)?;
        return Err(Failure::input(tr(
            "cli.input-errors-no-file",
            &[("errors", &rep.count(Severity::Error).to_string())],
        )));
    }
    let paths = plan::range_paths(&delivery, from, to, dir);
    let outputs: Vec<Option<&Path>> = paths
        .iter()
        .map(|p| Some(p.as_path()))
        .chain([args.report.as_deref()])
        .collect();
    check_outputs(&args.inputs(), &outputs)?;
    progress.set(&tr("cli.progress.quarters", &[]));
    let mut options = RangeOptions::new(template.datum_creatie);
    options.selection = template.selection;
    options.codelists = template.codelists;
    options.organisatie = template.organisatie;
    let made = MadeDir::create(dir)?;
    let staged = plan::stage_range(&delivery, from, to, dir, &options);
    drop(progress);
    if let Some((failed, _)) = staged
        .iter()
        .find(|(r, _)| matches!(r.outcome, plan::Outcome::Failed(_)))
    {
        return Err(Failure::run(tr(
            "cli.range-failed",
            &[("detail", &failed.summary_in(lang()))],
        )));
    }
    let mut all = rep;
    let mut files = Vec::new();
    let mut summaries = Vec::new();
    for (result, ready) in staged {
        summaries.push(result.summary_in(lang()));
        all.merge(result.report);
        files.extend(ready);
    }
    if let Some(path) = &args.report {
        files.push(stage_report(path, &all)?);
    }
    to_stdout(|w| summaries.iter().try_for_each(|line| writeln!(w, "{line}")))?;
    print_problems(&all)?;
    let not_written = summaries.len() + usize::from(args.report.is_some()) - files.len();
    let wrote_any = !files.is_empty();
    commit(files)?;
    if wrote_any {
        made.keep();
    }
    match not_written {
        0 => Ok(()),
        n => Err(Failure::input(tr(
            "cli.quarters-not-written",
            &[
                ("failed", &n.to_string()),
                ("total", &summaries.len().to_string()),
            ],
        ))),
    }
}

fn preview_of(args: &PreviewArgs, quiet: bool) -> Result<spiegelinformatie::Preview, Failure> {
    let lists = args.lists.codelists()?;
    let preview_options = PreviewOptions {
        pool_agb: args.pool_agb,
    };
    let lookup = CodeListGroups(&lists);
    if wants_xml(&args.input, args.input_format) {
        let bestand = read_bestand_file(&args.input).map_err(|e| {
            Failure::input(tr(
                "cli.path-error",
                &[
                    ("path", &args.input.display().to_string()),
                    ("detail", &e.to_diagnostic().message_in(lang())),
                ],
            ))
        })?;
        if args.quarter.is_some_and(|q| q != bestand.kwartaal) {
            return Err(Failure::input(tr(
                "cli.preview-other-quarter",
                &[
                    ("path", &args.input.display().to_string()),
                    ("quarter", &bestand.kwartaal.to_string()),
                ],
            )));
        }
        return Ok(preview::preview_bestand_with(
            &bestand,
            &lookup,
            &lists,
            preview_options,
        ));
    }
    let Some(quarter) = args.quarter else {
        return Err(Failure::run(tr("cli.preview-needs-quarter", &[])));
    };
    let progress = Progress::start(quiet, &tr("cli.progress.reading", &[]));
    let (delivery, rep) = load_delivery(&args.input, args.input_format)?;
    drop(progress);
    print_problems(&rep)?;
    if rep.has_errors() {
        return Err(Failure::input(tr(
            "cli.preview-errors",
            &[("errors", &rep.count(Severity::Error).to_string())],
        )));
    }
    let mut options = GenerateOptions::new(quarter, now_local());
    options.selection.drop_children_after_quarter = args.drop_children_after_quarter;
    options.codelists = Arc::clone(&lists);
    Ok(preview::preview_delivery_with(
        &delivery,
        &options,
        &lookup,
        preview_options,
    ))
}

fn cmd_preview(args: &PreviewArgs, quiet: bool) -> Outcome {
    let [codelists, organisatie] = args.lists.inputs();
    check_outputs(
        &[Some(args.input.as_path()), codelists, organisatie],
        &[args.out.as_deref()],
    )?;
    let preview = preview_of(args, quiet)?;
    let detail = if args.details {
        Detail::Trajecten
    } else {
        Detail::Groepen
    };
    let lang = lang();
    let write = |w: &mut dyn Write| match args.format {
        PreviewFormat::Text => preview.write_text(w, detail, lang),
        PreviewFormat::Json => preview
            .write_json(&mut *w, detail, lang)
            .and_then(|()| writeln!(w)),
        PreviewFormat::Csv => preview.write_csv(w, lang),
        PreviewFormat::Html => preview.write_html(w, lang),
    };
    match &args.out {
        Some(path) => output::write_atomically(path, |f| write(f)).map_err(|e| Failure::output(path, &e)),
        None => to_stdout(write),
    }
}

/// Checks the file against the XSD, our own reader and every content rule.
fn validation_report(args: &ValidateArgs) -> Result<Report, Failure> {
    // Said here, in the run's language, rather than by the XSD pass in English.
    File::open(&args.file).map_err(|e| Failure::run(cannot("cli.cannot-read", &args.file, &e)))?;
    let options = ValidateFileOptions {
        xsd: args.xsd.clone(),
        codelists: args.lists.codelists()?,
        organisatie: args.lists.organisatie()?,
    };
    validate_file(&args.file, &options).map_err(|e| match e {
        ValidateFileError::Unreadable(message) => Failure::run(message),
        other => Failure::run(tr("cli.xsd-could-not-run", &[("detail", &other.to_string())])),
    })
}

fn cmd_validate(args: &ValidateArgs, quiet: bool) -> Outcome {
    let [codelists, organisatie] = args.lists.inputs();
    check_outputs(
        &[
            Some(args.file.as_path()),
            args.xsd.as_deref(),
            codelists,
            organisatie,
        ],
        &[args.report.as_deref()],
    )?;
    let progress = Progress::start(quiet, &tr("cli.progress.validating", &[]));
    let rep = validation_report(args)?;
    drop(progress);
    let report = args
        .report
        .as_deref()
        .map(|path| stage_report(path, &rep))
        .transpose()?;
    print_problems(&rep)?;
    match args.format {
        Format::Json => print_summary(&rep, Format::Json, quiet, "")?,
        Format::Text if !quiet => {
            let line = tr(
                "cli.validate-summary",
                &[
                    ("path", &args.file.display().to_string()),
                    ("errors", &rep.count(Severity::Error).to_string()),
                    ("warnings", &rep.count(Severity::Warning).to_string()),
                ],
            );
            tell!("{line}")?
        }
        Format::Text => {}
    }
    commit(report.into_iter().collect())?;
    if rep.has_errors() {
        return Err(Failure::input(tr(
            "cli.not-valid",
            &[("path", &args.file.display().to_string())],
        )));
    }
    Ok(())
}

fn cmd_schedule(args: &ScheduleArgs) -> Outcome {
    let day = args.date.unwrap_or_else(today);
    Quarter::checked_due_on(day).map_err(|e| {
        let date = datum::format_date(day);
        let reason = e.message_in(lang());
        Failure::run(tr(
            "cli.schedule-date-out-of-range",
            &[("date", &date), ("reason", &reason)],
        ))
    })?;
    if let (Some(from), Some(dir)) = (args.from, args.dir.as_deref()) {
        return schedule_with_files(day, from, dir, args.format);
    }
    let due = Quarter::due_on(day);
    match args.format {
        Format::Json => say!(
            "{}",
            serde_json::json!({
                "datum": datum::format_date(day),
                "kwartaal": due.to_string(),
                "begindatum_aangeleverde_periode": datum::format_date(due.first_day()),
                "einddatum_aangeleverde_periode": datum::format_date(due.last_day()),
            })
        ),
        Format::Text => say!(
            "{}",
            tr(
                "cli.schedule",
                &[
                    ("day", &day.to_string()),
                    ("quarter", &due.to_string()),
                    ("begindatum", &due.first_day().to_string()),
                    ("einddatum", &due.last_day().to_string()),
                ],
            )
        ),
    }
}

fn schedule_with_files(day: Date, from: Quarter, dir: &Path, format: Format) -> Outcome {
    let found =
        plan::schedule(day, from, dir).map_err(|e| Failure::run(cannot("cli.cannot-list", dir, &e)))?;
    match format {
        Format::Text => say!("{}", found.summary_in(lang())),
        Format::Json => say!(
            "{}",
            serde_json::json!({
                "datum": datum::format_date(day),
                "kwartaal": found.due.quarter.to_string(),
                "begindatum_aangeleverde_periode": datum::format_date(found.due.begindatum),
                "einddatum_aangeleverde_periode": datum::format_date(found.due.einddatum),
                "aanwezig": found.found.iter().map(|f| serde_json::json!({"kwartaal": f.quarter.to_string(), "bestand": f.path.display().to_string()})).collect::<Vec<_>>(),
                "ontbrekend": found.missing.iter().map(Quarter::to_string).collect::<Vec<_>>(),
                "overgeslagen": found.skipped.iter().map(|f| serde_json::json!({"bestand": f.path.display().to_string(), "reden": f.reason_in(lang())})).collect::<Vec<_>>(),
            })
        ),
    }
}

/// Writes the demo input and its XML: both to temporary files first, then renamed.
fn cmd_demo(args: &DemoArgs, quiet: bool) -> Outcome {
    let quarter = args.quarter.unwrap_or_else(|| Quarter::due_on(today()));
    let delivery = demo::demo_delivery(quarter);
    let input = args.out.join("demo-input.json");
    let xml = args.out.join(plan::file_name(&delivery, quarter));
    check_outputs(&[], &[Some(&input), Some(&xml)])?;
    let made = MadeDir::create(&args.out)?;
    let progress = Progress::start(quiet, &tr("cli.progress.demo", &[]));
    let ((), staged_input) = output::stage(&input, |w| {
        json::write_delivery(&delivery, w).map_err(io::Error::other)
    })
    .map_err(|e| Failure::output(&input, &e))?;
    progress.set(&tr("cli.progress.xml", &[]));
    let options = GenerateOptions::new(quarter, args.created.unwrap_or_else(now_local));
    let (rep, staged_xml) = output::stage(&xml, |w| spiegelinformatie::generate(&delivery, &options, w))
        .map_err(|e| match e {
            GenerateError::Invalid(r) => Failure::input(report::summary_in(&r, false, lang())),
            GenerateError::Io(e) => Failure::output(&xml, &e),
        })?;
    drop(progress);
    print_problems(&rep)?;
    if !quiet {
        let line = tr("cli.wrote-demo-input", &[("path", &input.display().to_string())]);
        tell!("{line}")?;
    }
    print_summary(&rep, Format::Text, quiet, &wrote(&xml))?;
    commit(vec![staged_input, staged_xml])?;
    made.keep();
    Ok(())
}

fn cmd_workload(args: &WorkloadArgs, quiet: bool) -> Outcome {
    let mut profile = demo::Profile::workload(args.quarter, args.factor);
    if let Some(n) = args.trajectories {
        profile.zorgtrajecten = n;
    }
    check_outputs(&[], &[Some(&args.out)])?;
    profile.unlisted_prestaties = args.unlisted_prestaties;
    let progress = Progress::start(
        quiet,
        &tr(
            "cli.progress.workload",
            &[("trajectories", &profile.zorgtrajecten.to_string())],
        ),
    );
    let lines = if args.out == Path::new("-") {
        let mut out = io::BufWriter::new(io::stdout().lock());
        demo::write_jsonl(&profile, &mut out)
            .and_then(|lines| out.flush().map(|()| lines))
            .map_err(|e| stdout_failure(&e))
    } else {
        output::write_atomically(&args.out, |w| demo::write_jsonl(&profile, w))
            .map_err(|e| Failure::output(&args.out, &e))
    };
    drop(progress);
    let lines = lines?;
    if !quiet {
        let line = tr(
            "cli.wrote-lines",
            &[
                ("lines", &lines.to_string()),
                ("path", &args.out.display().to_string()),
            ],
        );
        tell!("{line}")?;
    }
    Ok(())
}

/// A wrong command line: clap writes its messages in English only, so in another language the
/// common mistakes get a catalogue sentence (with clap's names and values) and exit code 2 as
/// clap's own; help, version and the rare kinds are clap's.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let key = match e.kind() {
        _ if lang() == Lang::En => return clap_exit(&e),
        ErrorKind::UnknownArgument => "cli.error.unknown-argument",
        ErrorKind::InvalidSubcommand => "cli.error.unknown-command",
        ErrorKind::MissingRequiredArgument => "cli.error.missing",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return clap_exit(&e)
        }
        ErrorKind::ArgumentConflict => "cli.error.conflict",
        ErrorKind::InvalidValue => "cli.error.invalid-choice",
        ErrorKind::ValueValidation => "cli.error.invalid-value",
        _ => return clap_exit(&e),
    };
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let detail = std::error::Error::source(&e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let args = [
        ("argument", context(ContextKind::InvalidArg)),
        ("value", context(ContextKind::InvalidValue)),
        ("valid", context(ContextKind::ValidValue)),
        ("other", context(ContextKind::PriorArg)),
        ("command", context(ContextKind::InvalidSubcommand)),
        ("detail", detail),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let _ = tell!("{}\n{}", tr(key, &args), tr("cli.error.see-help", &[]));
    ExitCode::from(2)
}

/// clap's own text (help, version, or a usage error) with clap's exit code; exit 2 when
/// printing it fails.
fn clap_exit(e: &clap::Error) -> ExitCode {
    match e.print() {
        Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
        Err(_) => ExitCode::from(2),
    }
}

fn main() -> ExitCode {
    let lang = lang_from_args(std::env::args_os()).unwrap_or_else(Lang::from_env);
    let _ = LANG.set(lang);
    let cli = match command_in(lang)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let outcome = match &cli.command {
        Command::Generate(args) => cmd_generate(args, cli.quiet),
        Command::Schedule(args) => cmd_schedule(args),
        Command::Demo(args) => cmd_demo(args, cli.quiet),
        Command::Workload(args) => cmd_workload(args, cli.quiet),
        Command::Preview(args) => cmd_preview(args, cli.quiet),
        Command::Validate(args) => cmd_validate(args, cli.quiet),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                let _ = tell!("spiegel: {}", failure.message.trim_end());
            }
            ExitCode::from(failure.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_argument_has_its_help_in_the_catalogue() {
        let root = Cli::command();
        let unexplained = |sub: Option<&str>, command: &clap::Command| -> Vec<String> {
            command
                .get_arguments()
                .map(|arg| arg.get_id().as_str())
                .filter(|id| arg_help(sub, id, Lang::Nl).is_none())
                .map(|id| format!("cli.arg.{}{id}", sub.map(|s| format!("{s}.")).unwrap_or_default()))
                .collect()
        };
        let mut missing = unexplained(None, &root);
        for sub in root.get_subcommands() {
            let name = sub.get_name();
            if i18n::entry(&format!("cli.about.{name}")).is_none() {
                missing.push(format!("cli.about.{name}"));
            }
            missing.extend(unexplained(Some(name), sub));
        }
        assert!(
            missing.is_empty(),
            "no help text in the catalogue for: {missing:?}"
        );
    }

    #[test]
    fn the_english_exit_codes_are_the_catalogue_text() {
        assert_eq!(EXIT_CODES, i18n::text(Lang::En, "cli.exit-codes", &[]));
    }

    #[test]
    fn both_languages_build_a_valid_command() {
        for lang in Lang::ALL {
            command_in(lang).debug_assert();
        }
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let args = |a: &[&str]| {
            a.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            lang_from_args(args(&["spiegel", "--lang", "nl", "x"])),
            Some(Lang::Nl)
        );
        assert_eq!(
            lang_from_args(args(&["spiegel", "x", "--lang=EN"])),
            Some(Lang::En)
        );
        assert_eq!(lang_from_args(args(&["spiegel", "--lang", "fr"])), None);
        assert_eq!(lang_from_args(args(&["spiegel", "--language", "nl"])), None);
    }
}
