//! Every text a person reads, in Dutch and in English: one catalogue, keyed, with named
//! parameters.
//!
//! A text is looked up by its key (for a diagnostic: its rule id, or the rule id and a variant
//! after a dot, such as `date.datum_creatie`) and filled with named parameters written
//! `{name}` in both languages. Rule ids, JSON keys and CSV column ids stay language-neutral;
//! only what a person reads changes with the language.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The language of the texts a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language, in catalogue order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// `en` or `nl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language of a code or a locale name: `nl`, `NL`, `nl_NL.UTF-8`, `nl-BE` → Dutch;
    /// `en`, `en_GB.UTF-8`, `C`, `POSIX` → English. Anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "nl" => Some(Lang::Nl),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that
    /// is set and not empty decides; `nl*` means Dutch, anything else English.
    pub fn from_env() -> Lang {
        Self::from_locale_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] with the variables read through `var` (for tests).
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::parse(&value))
            .unwrap_or(Lang::En)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language '{other}': use nl or en")),
        }
    }
}

/// One text of the catalogue, in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The key: a rule id, a rule id with a variant (`rule.variant`), or a dotted name for
    /// other texts (`cli.…`, `preview.…`, `report.…`).
    pub key: &'static str,
    /// The English text, with `{name}` parameters.
    pub en: &'static str,
    /// The Dutch text, with the same parameters.
    pub nl: &'static str,
}

impl Entry {
    /// The text in `lang`, parameters unfilled.
    pub fn template(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Nl => self.nl,
        }
    }
}

/// The catalogue: every text, in both languages. Keys are unique (a test checks it).
pub static CATALOGUE: &[Entry] = &[
    // --- i18n: general ---
    Entry {
        key: "lang.name",
        en: "English",
        nl: "Nederlands",
    },
    Entry {
        key: "text.empty",
        en: "",
        nl: "",
    },
    Entry {
        key: "text.plain",
        en: "{text}",
        nl: "{text}",
    },
    Entry {
        key: "severity.error",
        en: "error",
        nl: "fout",
    },
    Entry {
        key: "severity.warning",
        en: "warning",
        nl: "waarschuwing",
    },
    Entry {
        key: "severity.info",
        en: "info",
        nl: "melding",
    },
    Entry {
        key: "path.line",
        en: "line {line}",
        nl: "regel {line}",
    },
    Entry {
        key: "path.file",
        en: "(file)",
        nl: "(bestand)",
    },
    Entry {
        key: "text.list",
        en: "{first}, {rest}",
        nl: "{first}, {rest}",
    },
    Entry {
        key: "period.range",
        en: "{from} to {to}",
        nl: "{from} tot en met {to}",
    },
    Entry {
        key: "when.day",
        en: "on {date}",
        nl: "op {date}",
    },
    Entry {
        key: "when.range",
        en: "at any day from {from} to {to}",
        nl: "op een dag van {from} tot en met {to}",
    },
    Entry {
        key: "report.counts",
        en: "{errors} error(s), {warnings} warning(s), {infos} info",
        nl: "{errors} fout(en), {warnings} waarschuwing(en), {infos} melding(en)",
    },
    Entry {
        key: "plan.written",
        en: "{quarter}: wrote {file}: {zorgtrajecten} zorgtrajecten ({afgesloten} afgesloten), {metingen} metingen, {losse_metingen} losse metingen; {errors} errors, {warnings} warnings",
        nl: "{quarter}: {file} geschreven: {zorgtrajecten} zorgtrajecten ({afgesloten} afgesloten), {metingen} metingen, {losse_metingen} losse metingen; {errors} fouten, {warnings} waarschuwingen",
    },
    Entry {
        key: "plan.invalid",
        en: "{quarter}: no file written: the delivery has {errors} error(s){first}; {warnings} warnings",
        nl: "{quarter}: geen bestand geschreven: de aanlevering bevat {errors} fout(en){first}; {warnings} waarschuwingen",
    },
    Entry {
        key: "plan.first-error",
        en: " (first: {diagnostic})",
        nl: " (eerste: {diagnostic})",
    },
    Entry {
        key: "plan.failed",
        en: "{quarter}: no file written to {file}: {detail}",
        nl: "{quarter}: geen bestand geschreven naar {file}: {detail}",
    },
    Entry {
        key: "plan.due",
        en: "Due: {quarter} (period {begindatum} to {einddatum}), to send between {from} and {to}",
        nl: "Aan de beurt: {quarter} (aangeleverde periode {begindatum} tot en met {einddatum}), te versturen van {from} tot en met {to}",
    },
    Entry {
        key: "plan.complete",
        en: "Every quarter from {from} to {to} has a file",
        nl: "Elk kwartaal van {from} tot en met {to} heeft een bestand",
    },
    Entry {
        key: "plan.missing",
        en: "Missing: {quarters}",
        nl: "Ontbreekt: {quarters}",
    },
    Entry {
        key: "plan.skipped",
        en: "Skipped {file}: {reason}",
        nl: "Overgeslagen: {file}: {reason}",
    },
    Entry {
        key: "plan.entry-unreadable",
        en: "a directory entry could not be read: {detail}",
        nl: "een item in de map is niet te lezen: {detail}",
    },
    Entry {
        key: "plan.header.io",
        en: "cannot read the file: {detail}",
        nl: "kan het bestand niet lezen: {detail}",
    },
    Entry {
        key: "plan.header.xml",
        en: "not an XML file: {detail}",
        nl: "geen XML-bestand ({detail})",
    },
    Entry {
        key: "plan.header.no-root",
        en: "no root element found in the first {limit} bytes",
        nl: "geen hoofdelement gevonden in de eerste {limit} bytes",
    },
    Entry {
        key: "plan.header.not-bestand",
        en: "the root element is <{name}>, not <Bestand>: not a Spiegelinformatie file",
        nl: "het hoofdelement is <{name}>, niet <Bestand>: dit is geen bestand Spiegelinformatie",
    },
    Entry {
        key: "plan.header.missing",
        en: "the Bestand element has no {attribute}",
        nl: "het element Bestand heeft geen {attribute}",
    },
    Entry {
        key: "plan.header.date",
        en: "{attribute} '{value}' is not a real date",
        nl: "{attribute} '{value}' is geen bestaande datum",
    },
    Entry {
        key: "plan.header.not-a-quarter",
        en: "the period {begindatum} to {einddatum} is not exactly one calendar quarter",
        nl: "de aangeleverde periode {begindatum} tot en met {einddatum} is niet precies één kalenderkwartaal",
    },
    Entry {
        key: "quarter.number",
        en: "quarter number {number} is not 1, 2, 3 or 4",
        nl: "kwartaalnummer {number} is niet 1, 2, 3 of 4",
    },
    Entry {
        key: "quarter.year",
        en: "year {year} is outside 1000..=9999",
        nl: "jaar {year} ligt niet tussen 1000 en 9999",
    },
    Entry {
        key: "quarter.syntax",
        en: "'{text}' is not a quarter; expected e.g. 2024-Q1 (also 2024Q1, 2024-q1)",
        nl: "'{text}' is geen kwartaal; schrijf bijvoorbeeld 2024-Q1 (of 2024Q1, 2024-q1)",
    },
    // --- i18n: the command line (cli.arg.<id>, or cli.arg.<subcommand>.<id>) ---
    Entry {
        key: "cli.about",
        en: "Generate, check and plan the quarterly Spiegelinformatie file for GGZ Dataportaal",
        nl: "Het kwartaalbestand Spiegelinformatie voor GGZ Dataportaal maken, controleren en plannen",
    },
    Entry {
        key: "cli.about.generate",
        en: "Write the XML file of one quarter from a JSON delivery.",
        nl: "Schrijf het XML-bestand van één kwartaal uit een aanlevering in JSON.",
    },
    Entry {
        key: "cli.about.validate",
        en: "Check an existing file: well-formedness, the XSD, and every content rule.",
        nl: "Controleer een bestaand bestand: goedgevormde XML, het XSD-schema en elke inhoudelijke regel.",
    },
    Entry {
        key: "cli.about.schedule",
        en: "Show which quarter's file is due on a date, and its period.",
        nl: "Toon welk kwartaalbestand op een datum aan de beurt is, met de aangeleverde periode.",
    },
    Entry {
        key: "cli.about.demo",
        en: "Write the bundled demo delivery (JSON) and the XML of the quarter due today.",
        nl: "Schrijf de meegeleverde demo-aanlevering (JSON) en het XML-bestand van het kwartaal dat vandaag aan de beurt is.",
    },
    Entry {
        key: "cli.about.preview",
        en: "Show what GGZ Dataportaal will receive: per AGB code and groep_code the counts against the PVM thresholds, and what will not be shared.",
        nl: "Toon wat GGZ Dataportaal ontvangt: per AGB-code en groep_code de aantallen naast de drempels van de PVM, en wat niet gedeeld wordt.",
    },
    Entry {
        key: "cli.about.workload",
        en: "Write a synthetic benchmark workload as JSON Lines (W1 = 100,000 trajectories).",
        nl: "Schrijf een kunstmatige testbelasting als JSON Lines (W1 = 100.000 zorgtrajecten).",
    },
    Entry {
        key: "cli.exit-codes",
        en: "Exit codes:\n  0  success (warnings may have been printed)\n  1  the input has errors: nothing was written (see the messages or --report)\n  2  the command could not run: bad arguments, unreadable or unwritable files",
        nl: "Afsluitcodes:\n  0  gelukt (er kunnen waarschuwingen zijn getoond)\n  1  de invoer bevat fouten: er is niets geschreven (zie de meldingen of --report)\n  2  de opdracht kon niet worden uitgevoerd: onjuiste argumenten, of een bestand dat niet te lezen of te schrijven is",
    },
    Entry {
        key: "cli.help-template",
        en: "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
        nl: "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}",
    },
    Entry {
        key: "cli.heading.options",
        en: "Options",
        nl: "Opties",
    },
    Entry {
        key: "cli.heading.arguments",
        en: "Arguments",
        nl: "Argumenten",
    },
    Entry {
        key: "cli.heading.commands",
        en: "Commands",
        nl: "Opdrachten",
    },
    Entry {
        key: "cli.value.command",
        en: "COMMAND",
        nl: "OPDRACHT",
    },
    Entry {
        key: "cli.arg.help",
        en: "Print help",
        nl: "Toon deze hulptekst",
    },
    Entry {
        key: "cli.arg.version",
        en: "Print version",
        nl: "Toon het versienummer",
    },
    Entry {
        key: "cli.arg.quiet",
        en: "No progress display and no summary on stderr (errors are still printed).",
        nl: "Geen voortgang en geen samenvatting op stderr (fouten worden wel getoond).",
    },
    Entry {
        key: "cli.arg.lang",
        en: "The language of messages, help and reports: nl or en (default: nl when LC_ALL, LC_MESSAGES or LANG starts with nl, else en).",
        nl: "De taal van meldingen, hulptekst en rapporten: nl of en (standaard nl als LC_ALL, LC_MESSAGES of LANG met nl begint, anders en).",
    },
    Entry {
        key: "cli.arg.input",
        en: "The delivery as JSON or JSON Lines (the input format in the README); `-` reads standard input.",
        nl: "De aanlevering als JSON of JSON Lines (het invoerformaat in de README); `-` leest standaardinvoer.",
    },
    Entry {
        key: "cli.arg.preview.input",
        en: "The delivery as JSON or JSON Lines, or an existing XML file (`.xml`); `-` reads standard input.",
        nl: "De aanlevering als JSON of JSON Lines, of een bestaand XML-bestand (`.xml`); `-` leest standaardinvoer.",
    },
    Entry {
        key: "cli.arg.input_format",
        en: "The input's format: auto (by the file's extension: .jsonl and .ndjson are JSON Lines, .xml a Spiegelinformatie file, anything else JSON), json, jsonl (streamed), xml (preview only). Default: auto.",
        nl: "Het formaat van de invoer: auto (naar de extensie: .jsonl en .ndjson zijn JSON Lines, .xml een bestand Spiegelinformatie, al het andere JSON), json, jsonl (gestreamd), xml (alleen bij preview). Standaard: auto.",
    },
    Entry {
        key: "cli.arg.quarter",
        en: "The quarter, e.g. 2024-Q1 (also 2024Q1, 2024-q1).",
        nl: "Het kwartaal, bijvoorbeeld 2024-Q1 (of 2024Q1, 2024-q1).",
    },
    Entry {
        key: "cli.arg.preview.quarter",
        en: "The quarter to preview (not needed for an XML file: it covers one).",
        nl: "Het kwartaal om te bekijken (niet nodig bij een XML-bestand: dat beslaat er één).",
    },
    Entry {
        key: "cli.arg.demo.quarter",
        en: "The quarter (default: the one due today).",
        nl: "Het kwartaal (standaard: het kwartaal dat vandaag aan de beurt is).",
    },
    Entry {
        key: "cli.arg.workload.quarter",
        en: "The data runs up to the end of this quarter. Default: 2024-Q4.",
        nl: "De gegevens lopen tot het einde van dit kwartaal. Standaard: 2024-Q4.",
    },
    Entry {
        key: "cli.arg.out",
        en: "Where to write the XML (atomically; nothing is written when the input has errors).",
        nl: "Waar het XML-bestand komt (in één keer; er wordt niets geschreven als de invoer fouten bevat).",
    },
    Entry {
        key: "cli.arg.preview.out",
        en: "Write to this file instead of standard output.",
        nl: "Schrijf naar dit bestand in plaats van naar standaarduitvoer.",
    },
    Entry {
        key: "cli.arg.demo.out",
        en: "The directory to write into (created when missing).",
        nl: "De map om in te schrijven (wordt aangemaakt als die ontbreekt).",
    },
    Entry {
        key: "cli.arg.workload.out",
        en: "Where to write the JSON Lines (`-` for standard output).",
        nl: "Waar de JSON Lines komen (`-` voor standaarduitvoer).",
    },
    Entry {
        key: "cli.arg.from",
        en: "Historical deliveries: the first quarter of a range (one file per quarter).",
        nl: "Historische aanleveringen: het eerste kwartaal van een reeks (één bestand per kwartaal).",
    },
    Entry {
        key: "cli.arg.schedule.from",
        en: "List every quarter from this one up to the one due that has no file in --dir yet.",
        nl: "Noem elk kwartaal vanaf dit kwartaal tot het kwartaal dat aan de beurt is waarvoor nog geen bestand in --dir staat.",
    },
    Entry {
        key: "cli.arg.to",
        en: "The last quarter of the range (included).",
        nl: "Het laatste kwartaal van de reeks (telt mee).",
    },
    Entry {
        key: "cli.arg.out_dir",
        en: "The directory for the files of a range, named `spiegelinformatie_<AGB or multi>_<YYYY>Q<n>.xml`.",
        nl: "De map voor de bestanden van een reeks, met de naam `spiegelinformatie_<AGB of multi>_<JJJJ>Q<n>.xml`.",
    },
    Entry {
        key: "cli.arg.created",
        en: "datum_creatie, as YYYY-MM-DDTHH:MM:SS (default: now, local time).",
        nl: "datum_creatie, als JJJJ-MM-DDTUU:MM:SS (standaard: nu, lokale tijd).",
    },
    Entry {
        key: "cli.arg.drop_children_after_quarter",
        en: "Leave out child records dated after the quarter (for re-deliveries of old quarters).",
        nl: "Laat onderliggende gegevens met een datum na het kwartaal weg (voor het opnieuw aanleveren van oude kwartalen).",
    },
    Entry {
        key: "cli.arg.preview.drop_children_after_quarter",
        en: "Leave out child records dated after the quarter, as generate would with this option.",
        nl: "Laat onderliggende gegevens met een datum na het kwartaal weg, zoals generate met deze optie doet.",
    },
    Entry {
        key: "cli.arg.report",
        en: "Also write the report of all diagnostics: CSV or JSON, by the file's extension.",
        nl: "Schrijf ook het rapport met alle meldingen: CSV of JSON, naar de extensie van het bestand.",
    },
    Entry {
        key: "cli.arg.codelists",
        en: "Code lists to use instead of the bundled ones: a directory (every *.csv in it replaces the list its `# list:` line names) or one list file. See codelists/README.md.",
        nl: "Codelijsten in plaats van de meegeleverde: een map (elk *.csv-bestand daarin vervangt de lijst die de regel `# list:` noemt) of één lijstbestand. Zie codelists/README.md.",
    },
    Entry {
        key: "cli.arg.organisatie",
        en: "The organisation structure: one groep_code per line. A groep_code not on it is an error.",
        nl: "De organisatiestructuur: één groep_code per regel. Een groep_code die er niet in staat is een fout.",
    },
    Entry {
        key: "cli.arg.format",
        en: "How to print the summary: text or json. Default: text.",
        nl: "Hoe de samenvatting wordt getoond: text (leesbare tekst) of json. Standaard: text.",
    },
    Entry {
        key: "cli.arg.preview.format",
        en: "Output format: text (a table), json, csv (one row per group: AGB code and groep_code), html (a self-contained page: a summary table, then charts per group). Default: text.",
        nl: "Het uitvoerformaat: text (een tabel), json, csv (één regel per groep: AGB-code en groep_code), html (een op zichzelf staande pagina: eerst een overzichtstabel, dan grafieken per groep). Standaard: text.",
    },
    Entry {
        key: "cli.arg.schedule.format",
        en: "How to print: text or json. Default: text.",
        nl: "Hoe het resultaat wordt getoond: text (leesbare tekst) of json. Standaard: text.",
    },
    Entry {
        key: "cli.arg.file",
        en: "The Spiegelinformatie XML file.",
        nl: "Het XML-bestand Spiegelinformatie.",
    },
    Entry {
        key: "cli.arg.xsd",
        en: "Validate against this XSD (e.g. the official one) instead of the bundled reconstruction.",
        nl: "Controleer tegen dit XSD-schema (bijvoorbeeld het officiële) in plaats van de meegeleverde reconstructie.",
    },
    Entry {
        key: "cli.arg.date",
        en: "The date to plan for (default: today).",
        nl: "De datum waarvoor gepland wordt (standaard: vandaag).",
    },
    Entry {
        key: "cli.arg.dir",
        en: "The directory of earlier files (their period attributes are read).",
        nl: "De map met eerdere bestanden (hun periode wordt gelezen).",
    },
    Entry {
        key: "cli.arg.details",
        en: "Include every trajectory as the PVM derives it (text and JSON).",
        nl: "Neem elk zorgtraject op zoals de PVM het afleidt (tekst en JSON).",
    },
    Entry {
        key: "cli.arg.factor",
        en: "Size in multiples of W1 (100,000 trajectories with 20-100 prestaties each). Default: 1.",
        nl: "Omvang in veelvouden van W1 (100.000 zorgtrajecten met elk 20-100 prestaties). Standaard: 1.",
    },
    Entry {
        key: "cli.arg.trajectories",
        en: "Override the number of trajectories.",
        nl: "Een ander aantal zorgtrajecten.",
    },
    Entry {
        key: "cli.not-a-date-time",
        en: "'{text}' is not a date-time: expected YYYY-MM-DDTHH:MM:SS",
        nl: "'{text}' is geen datum met tijd: schrijf JJJJ-MM-DDTUU:MM:SS",
    },
    Entry {
        key: "cli.not-a-date",
        en: "'{text}' is not a real date: expected YYYY-MM-DD",
        nl: "'{text}' is geen bestaande datum: schrijf JJJJ-MM-DD",
    },
    Entry {
        key: "cli.unknown-language",
        en: "unknown language '{text}': use nl or en",
        nl: "onbekende taal '{text}': gebruik nl of en",
    },
    Entry {
        key: "cli.codelists-failed",
        en: "code lists: {detail}",
        nl: "codelijsten: {detail}",
    },
    Entry {
        key: "cli.organisatie-failed",
        en: "organisatie: {detail}",
        nl: "organisatiestructuur: {detail}",
    },
    Entry {
        key: "cli.cannot-read",
        en: "cannot read {path}: {detail}",
        nl: "kan {path} niet lezen: {detail}",
    },
    Entry {
        key: "cli.cannot-write",
        en: "cannot write {path}: {detail}",
        nl: "kan {path} niet schrijven: {detail}",
    },
    Entry {
        key: "cli.cannot-write-report",
        en: "cannot write report {path}: {detail}",
        nl: "kan het rapport {path} niet schrijven: {detail}",
    },
    Entry {
        key: "cli.cannot-create",
        en: "cannot create {path}: {detail}",
        nl: "kan {path} niet aanmaken: {detail}",
    },
    Entry {
        key: "cli.cannot-list",
        en: "cannot list {path}: {detail}",
        nl: "kan de inhoud van {path} niet lezen: {detail}",
    },
    Entry {
        key: "cli.cannot-write-preview",
        en: "cannot write the preview: {detail}",
        nl: "kan het overzicht niet schrijven: {detail}",
    },
    Entry {
        key: "cli.summary",
        en: "{what}: {trajectories} trajectories ({closed} closed, {open} open, of which {einddatum_left_out} with einddatum left out), {loose} loose metingen; left out: {ended_before} ended before, {start_after} start after, {loose_left_out} loose metingen, {items_left_out} items; {errors} error(s), {warnings} warning(s)",
        nl: "{what}: {trajectories} zorgtrajecten ({closed} afgesloten, {open} openstaand, waarvan {einddatum_left_out} met weggelaten einddatum), {loose} losse metingen; weggelaten: {ended_before} eerder afgesloten, {start_after} later begonnen, {loose_left_out} losse metingen, {items_left_out} items; {errors} fout(en), {warnings} waarschuwing(en)",
    },
    Entry {
        key: "cli.not-written",
        en: "not written",
        nl: "niet geschreven",
    },
    Entry {
        key: "cli.wrote",
        en: "wrote {path}",
        nl: "{path} geschreven",
    },
    Entry {
        key: "cli.errors-not-written",
        en: "{errors} error(s): {path} was not written",
        nl: "{errors} fout(en): {path} is niet geschreven",
    },
    Entry {
        key: "cli.xml-is-not-a-delivery",
        en: "{path}: XML is not a delivery input; give JSON or JSON Lines",
        nl: "{path}: een XML-bestand is geen aanlevering; geef JSON of JSON Lines",
    },
    Entry {
        key: "cli.generate-needs-quarter-or-range",
        en: "give --quarter and --out, or --from, --to and --out-dir",
        nl: "geef --quarter en --out, of --from, --to en --out-dir",
    },
    Entry {
        key: "cli.quarters-not-written",
        en: "{failed} of {total} quarter(s) were not written",
        nl: "{failed} van de {total} kwartalen zijn niet geschreven",
    },
    Entry {
        key: "cli.path-error",
        en: "{path}: {detail}",
        nl: "{path}: {detail}",
    },
    Entry {
        key: "cli.preview-other-quarter",
        en: "{path} covers {quarter}, not the quarter asked for",
        nl: "{path} beslaat {quarter}, niet het gevraagde kwartaal",
    },
    Entry {
        key: "cli.preview-needs-quarter",
        en: "--quarter is needed to preview a JSON or JSON Lines delivery",
        nl: "--quarter is nodig om een aanlevering in JSON of JSON Lines te bekijken",
    },
    Entry {
        key: "cli.preview-errors",
        en: "{errors} error(s) in the input: no preview",
        nl: "{errors} fout(en) in de invoer: geen overzicht",
    },
    Entry {
        key: "cli.xsd-could-not-run",
        en: "XSD validation could not run: {detail}",
        nl: "de controle tegen het XSD-schema kon niet worden uitgevoerd: {detail}",
    },
    Entry {
        key: "cli.validate-summary",
        en: "{path}: {errors} error(s), {warnings} warning(s)",
        nl: "{path}: {errors} fout(en), {warnings} waarschuwing(en)",
    },
    Entry {
        key: "cli.not-valid",
        en: "{path} is not valid",
        nl: "{path} is niet geldig",
    },
    Entry {
        key: "cli.schedule",
        en: "On {day} the file of {quarter} is due: period {begindatum} to {einddatum}",
        nl: "Op {day} is het bestand van {quarter} aan de beurt: aangeleverde periode {begindatum} tot en met {einddatum}",
    },
    Entry {
        key: "cli.wrote-demo-input",
        en: "wrote {path} (the demo input)",
        nl: "{path} geschreven (de demo-invoer)",
    },
    Entry {
        key: "cli.wrote-lines",
        en: "wrote {lines} lines to {path}",
        nl: "{lines} regels geschreven naar {path}",
    },
    Entry {
        key: "cli.progress.generate",
        en: "reading, selecting and writing",
        nl: "lezen, selecteren en schrijven",
    },
    Entry {
        key: "cli.progress.reading",
        en: "reading input",
        nl: "invoer lezen",
    },
    Entry {
        key: "cli.progress.quarters",
        en: "writing quarters",
        nl: "kwartalen schrijven",
    },
    Entry {
        key: "cli.progress.validating",
        en: "validating",
        nl: "controleren",
    },
    Entry {
        key: "cli.progress.demo",
        en: "generating demo data",
        nl: "demogegevens maken",
    },
    Entry {
        key: "cli.progress.xml",
        en: "writing XML",
        nl: "XML schrijven",
    },
    Entry {
        key: "cli.progress.workload",
        en: "writing {trajectories} trajectories",
        nl: "{trajectories} zorgtrajecten schrijven",
    },
    Entry {
        key: "cli.about.help",
        en: "Print this message or the help of the given subcommand(s)",
        nl: "Toon deze hulptekst of die van de genoemde opdracht(en)",
    },
    Entry {
        key: "cli.error.unknown-argument",
        en: "spiegel: unknown argument '{argument}'",
        nl: "spiegel: onbekend argument '{argument}'",
    },
    Entry {
        key: "cli.error.unknown-command",
        en: "spiegel: unknown command '{command}'",
        nl: "spiegel: onbekende opdracht '{command}'",
    },
    Entry {
        key: "cli.error.missing",
        en: "spiegel: these arguments are required: {argument}",
        nl: "spiegel: deze argumenten zijn verplicht: {argument}",
    },
    Entry {
        key: "cli.error.conflict",
        en: "spiegel: '{argument}' cannot be used with '{other}'",
        nl: "spiegel: '{argument}' gaat niet samen met '{other}'",
    },
    Entry {
        key: "cli.error.invalid-choice",
        en: "spiegel: '{value}' is not a value of {argument}; possible: {valid}",
        nl: "spiegel: '{value}' is geen waarde voor {argument}; mogelijk: {valid}",
    },
    Entry {
        key: "cli.error.invalid-value",
        en: "spiegel: '{value}' for {argument}: {detail}",
        nl: "spiegel: '{value}' voor {argument}: {detail}",
    },
    Entry {
        key: "cli.error.see-help",
        en: "See spiegel --help (or spiegel <command> --help).",
        nl: "Zie spiegel --help (of spiegel <opdracht> --help).",
    },
    // --- i18n: the C ABI's last errors ---
    Entry {
        key: "ffi.records-refused",
        en: "{errors} record(s) refused, the rest loaded; the first: {first}",
        nl: "er zijn {errors} gegevens geweigerd, de rest is geladen; de eerste: {first}",
    },
    Entry {
        key: "ffi.the-first",
        en: "; the first: {first}",
        nl: "; de eerste: {first}",
    },
    Entry {
        key: "ffi.not-written",
        en: "the delivery has {errors} error(s); no file was written{first}",
        nl: "de aanlevering bevat {errors} fout(en); er is geen bestand geschreven{first}",
    },
    Entry {
        key: "ffi.stream-not-usable",
        en: "the delivery has {errors} error(s); the file must not be used{first}",
        nl: "de aanlevering bevat {errors} fout(en); het bestand mag niet worden gebruikt{first}",
    },
    Entry {
        key: "ffi.preview-refused",
        en: "{errors} record(s) were refused, so a preview would miss them{first}",
        nl: "er zijn {errors} gegevens geweigerd, dus een overzicht zou ze missen{first}",
    },
    Entry {
        key: "ffi.file-has-errors",
        en: "'{path}' has {errors} error(s){first}",
        nl: "'{path}' bevat {errors} fout(en){first}",
    },
    // --- i18n: the XML reader (inside syntax.xml) ---
    Entry {
        key: "text.or",
        en: "{first} or {rest}",
        nl: "{first} of {rest}",
    },
    Entry {
        key: "xml.cannot-open",
        en: "cannot open {path}: {detail}",
        nl: "kan {path} niet openen: {detail}",
    },
    Entry {
        key: "xml.cannot-read",
        en: "cannot read {path}: {detail}",
        nl: "kan {path} niet lezen: {detail}",
    },
    Entry {
        key: "xml.read-error",
        en: "read error: {detail}",
        nl: "leesfout: {detail}",
    },
    Entry {
        key: "xml.not-utf8",
        en: "not UTF-8: {detail}",
        nl: "geen UTF-8: {detail}; sla het bestand op als UTF-8",
    },
    Entry {
        key: "xml.malformed",
        en: "malformed XML: {detail}",
        nl: "geen goedgevormde XML ({detail})",
    },
    Entry {
        key: "xml.utf8-truncated",
        en: "the file ends inside a UTF-8 sequence: it is not valid UTF-8",
        nl: "het bestand eindigt midden in een UTF-8-teken: het is geen geldige UTF-8",
    },
    Entry {
        key: "xml.utf16",
        en: "the file is UTF-16 (it starts with a UTF-16 byte order mark); only UTF-8 is accepted",
        nl: "het bestand is UTF-16 (het begint met een UTF-16-bytevolgordeteken); alleen UTF-8 wordt geaccepteerd: sla het op als UTF-8",
    },
    Entry {
        key: "xml.invalid-utf8",
        en: "invalid UTF-8: the file must be encoded in UTF-8",
        nl: "ongeldige UTF-8: het bestand moet in UTF-8 zijn opgeslagen",
    },
    Entry {
        key: "xml.control-character",
        en: "control character U+{code} is not allowed in an XML file",
        nl: "het stuurteken U+{code} mag niet in een XML-bestand staan; haal het weg",
    },
    Entry {
        key: "xml.too-long",
        en: "a single tag, text or comment is longer than {limit} bytes; attribute values are limited to {max} bytes",
        nl: "één tag, tekst of commentaar is langer dan {limit} bytes; een attribuutwaarde mag hoogstens {max} bytes lang zijn",
    },
    Entry {
        key: "xml.processing-instruction",
        en: "processing instructions are not allowed: <?{target} ...?>",
        nl: "verwerkingsinstructies zijn niet toegestaan: <?{target} ...?>; haal ze weg",
    },
    Entry {
        key: "xml.dtd",
        en: "DTDs are not allowed: a Spiegelinformatie file must not contain <!DOCTYPE ...> (entity declarations could be used for XXE or entity-expansion attacks)",
        nl: "een DTD is niet toegestaan: een bestand Spiegelinformatie bevat geen <!DOCTYPE ...> (entiteitdeclaraties kunnen worden misbruikt voor XXE- of entity-expansion-aanvallen)",
    },
    Entry {
        key: "xml.declaration-not-first",
        en: "the XML declaration <?xml ...?> must be at the very start of the file",
        nl: "de XML-declaratie <?xml ...?> moet helemaal aan het begin van het bestand staan",
    },
    Entry {
        key: "xml.declaration-malformed",
        en: "malformed XML declaration: {detail}",
        nl: "onjuiste XML-declaratie ({detail})",
    },
    Entry {
        key: "xml.version",
        en: "XML version {version} is not supported: expected version=\"1.0\"",
        nl: "XML-versie {version} wordt niet ondersteund: verwacht version=\"1.0\"",
    },
    Entry {
        key: "xml.encoding",
        en: "the XML declaration says encoding=\"{encoding}\"; only UTF-8 is accepted",
        nl: "de XML-declaratie noemt encoding=\"{encoding}\"; alleen UTF-8 wordt geaccepteerd",
    },
    Entry {
        key: "xml.text-in-element",
        en: "text is not allowed in <{element}>, only elements: '{text}'",
        nl: "tekst is niet toegestaan in <{element}>, alleen elementen: '{text}'",
    },
    Entry {
        key: "xml.text-outside-root",
        en: "text is not allowed outside the root element <{root}>: '{text}'",
        nl: "tekst is niet toegestaan buiten het hoofdelement <{root}>: '{text}'",
    },
    Entry {
        key: "xml.reference-in-element",
        en: "text is not allowed in <{element}>, only elements: '&{name};'",
        nl: "tekst is niet toegestaan in <{element}>, alleen elementen: '&{name};'",
    },
    Entry {
        key: "xml.reference-outside-root",
        en: "text is not allowed outside the root element, only elements: '&{name};'",
        nl: "tekst is niet toegestaan buiten het hoofdelement, alleen elementen: '&{name};'",
    },
    Entry {
        key: "xml.truncated",
        en: "the file ends inside <{element}> (opened at line {line}, column {column}): it is truncated",
        nl: "het bestand eindigt binnen <{element}> (geopend op regel {line}, kolom {column}): het is afgebroken",
    },
    Entry {
        key: "xml.no-root",
        en: "the file has no root element <{root}>",
        nl: "het bestand heeft geen hoofdelement <{root}>",
    },
    Entry {
        key: "xml.empty",
        en: "the file is empty: expected <{root}>",
        nl: "het bestand is leeg: verwacht <{root}>",
    },
    Entry {
        key: "xml.after-root",
        en: "<{element}> after the end of the root element: a file has one <{root}>",
        nl: "<{element}> na het einde van het hoofdelement: een bestand heeft één <{root}>",
    },
    Entry {
        key: "xml.unknown-element",
        en: "unknown element <{element}> in <{parent}>",
        nl: "onbekend element <{element}> in <{parent}>",
    },
    Entry {
        key: "xml.unknown-element-root",
        en: "unknown element <{element}> as the root",
        nl: "onbekend element <{element}> als hoofdelement",
    },
    Entry {
        key: "xml.end-without-start",
        en: "end tag without a start tag",
        nl: "sluittag zonder openingstag",
    },
    Entry {
        key: "xml.the-root",
        en: "the root",
        nl: "het hoofdniveau",
    },
    Entry {
        key: "xml.root-must-be",
        en: "the root element must be <{root}>, not <{element}>",
        nl: "het hoofdelement moet <{root}> zijn, niet <{element}>",
    },
    Entry {
        key: "xml.misplaced-root",
        en: "<{element}> is not allowed here: it belongs in {expected}",
        nl: "<{element}> hoort hier niet: het hoort in {expected}",
    },
    Entry {
        key: "xml.misplaced",
        en: "<{element}> is not allowed in <{parent}>: it belongs in {expected}",
        nl: "<{element}> hoort niet in <{parent}>: het hoort in {expected}",
    },
    Entry {
        key: "xml.not-here",
        en: "<{element}> is not allowed here",
        nl: "<{element}> hoort hier niet",
    },
    Entry {
        key: "xml.entity",
        en: "entity reference &{name}; is not allowed: only &amp; &lt; &gt; &quot; &apos; and character references (&#...;) may be used",
        nl: "de entiteitverwijzing &{name}; is niet toegestaan: alleen &amp; &lt; &gt; &quot; &apos; en tekenverwijzingen (&#...;) mogen worden gebruikt",
    },
    Entry {
        key: "xml.unknown-attribute",
        en: "unknown attribute {attribute} on <{element}> (allowed: {allowed})",
        nl: "onbekend attribuut {attribute} bij <{element}> (toegestaan: {allowed})",
    },
    Entry {
        key: "xml.attribute-too-long",
        en: "attribute {attribute} on <{element}> is {length} bytes long; at most {max} are allowed",
        nl: "attribuut {attribute} bij <{element}> is {length} bytes lang; hoogstens {max} bytes is toegestaan",
    },
    Entry {
        key: "xml.duplicate-attribute",
        en: "duplicate attribute {attribute} on <{element}> (first given at line {line}, column {column})",
        nl: "attribuut {attribute} staat twee keer bij <{element}> (de eerste keer op regel {line}, kolom {column})",
    },
    Entry {
        key: "xml.malformed-attribute",
        en: "malformed attribute on <{element}>: {detail}",
        nl: "onjuist geschreven attribuut bij <{element}> ({detail})",
    },
    Entry {
        key: "xml.required-missing",
        en: "<{element}>: required attribute {attribute} is missing",
        nl: "<{element}>: het verplichte attribuut {attribute} ontbreekt",
    },
    Entry {
        key: "xml.in-element",
        en: "<{element}>: {detail}",
        nl: "<{element}>: {detail}",
    },
    Entry {
        key: "xml.attribute-value",
        en: "attribute {attribute} on <{element}>: {detail}",
        nl: "attribuut {attribute} bij <{element}>: {detail}",
    },
    Entry {
        key: "xml.period",
        en: "<{element}>: the period {begin} .. {end} is not one calendar quarter: {begin_attribute} must be the first day and {end_attribute} the last day of the same quarter (e.g. 2024-01-01 .. 2024-03-31)",
        nl: "<{element}>: de aangeleverde periode {begin} .. {end} is geen kalenderkwartaal: {begin_attribute} moet de eerste en {end_attribute} de laatste dag van hetzelfde kwartaal zijn (bijvoorbeeld 2024-01-01 .. 2024-03-31)",
    },
    // --- i18n: code lists and the organisation structure ---
    Entry {
        key: "codelist.at-line",
        en: "{origin}, line {line}: {detail}",
        nl: "{origin}, regel {line}: {detail}",
    },
    Entry {
        key: "codelist.in-file",
        en: "{origin}: {detail}",
        nl: "{origin}: {detail}",
    },
    Entry {
        key: "codelist.metadata-twice",
        en: "metadata '# {key}: ...' given twice",
        nl: "de kopregel '# {key}: ...' staat er twee keer in; laat er één staan",
    },
    Entry {
        key: "codelist.unknown-list",
        en: "unknown list '{value}'; expected one of {names}",
        nl: "onbekende lijst '{value}'; verwacht een van {names}",
    },
    Entry {
        key: "codelist.completeness",
        en: "completeness '{value}': expected 'complete' or 'partial'",
        nl: "completeness '{value}': verwacht 'complete' (volledig) of 'partial' (onvolledig)",
    },
    Entry {
        key: "codelist.metadata-missing",
        en: "metadata line '# {key}: ...' is missing before the header",
        nl: "de kopregel '# {key}: ...' ontbreekt vóór de kolomnamen",
    },
    Entry {
        key: "codelist.unknown-column",
        en: "unknown column '{name}'; expected columns: {columns}",
        nl: "onbekende kolom '{name}'; verwachte kolommen: {columns}",
    },
    Entry {
        key: "codelist.column-twice",
        en: "column '{name}' twice",
        nl: "kolom '{name}' staat er twee keer in",
    },
    Entry {
        key: "codelist.no-code-column",
        en: "the header has no 'code' column (expected e.g. code,omschrijving,ingangsdatum,einddatum)",
        nl: "de kolomnamen bevatten geen kolom 'code' (verwacht bijvoorbeeld code,omschrijving,ingangsdatum,einddatum)",
    },
    Entry {
        key: "codelist.date",
        en: "{column} '{value}' is not a real date: expected YYYY-MM-DD or empty",
        nl: "{column} '{value}' is geen bestaande datum: schrijf JJJJ-MM-DD of laat het leeg",
    },
    Entry {
        key: "codelist.empty-code",
        en: "empty code",
        nl: "lege code",
    },
    Entry {
        key: "codelist.malformed-code",
        en: "code '{code}' is malformed for list {list}: expected {expected}",
        nl: "code '{code}' heeft niet de juiste vorm voor de lijst {list}: verwacht {expected}",
    },
    Entry {
        key: "codelist.end-before-start",
        en: "einddatum {end} lies before ingangsdatum {start}",
        nl: "einddatum {end} ligt vóór ingangsdatum {start}",
    },
    Entry {
        key: "codelist.not-csv",
        en: "not a CSV row: {detail}",
        nl: "geen CSV-regel ({detail})",
    },
    Entry {
        key: "codelist.no-header",
        en: "the header row is missing",
        nl: "de regel met kolomnamen ontbreekt",
    },
    Entry {
        key: "codelist.cannot-read",
        en: "cannot read the file: {detail}",
        nl: "kan het bestand niet lezen: {detail}",
    },
    Entry {
        key: "codelist.cannot-read-dir",
        en: "cannot read the directory: {detail}",
        nl: "kan de map niet lezen: {detail}",
    },
    Entry {
        key: "codelist.already-loaded",
        en: "list {list} is already loaded from {first}; one file per list",
        nl: "de lijst {list} is al geladen uit {first}; één bestand per lijst",
    },
    Entry {
        key: "codelist.unbalanced-quotes",
        en: "unbalanced quotes in '{line}': write \"...\" with \"\" for a quote inside",
        nl: "aanhalingstekens in '{line}' sluiten niet: schrijf \"...\" met \"\" voor een aanhalingsteken erin",
    },
    Entry {
        key: "codelist.no-groep-code",
        en: "no groep_code in the file (one per line)",
        nl: "geen enkele groep_code in het bestand (één per regel)",
    },
    // --- i18n: rules (key = rule id, or rule id + "." + variant) ---
    Entry {
        key: "syntax.json",
        en: "JSON input, line {line}, column {column}: {detail}",
        nl: "JSON-invoer, regel {line}, kolom {column}: de invoer is hier niet te lezen ({detail}); herstel de invoer op die plek",
    },
    Entry {
        key: "syntax.jsonl",
        en: "line {line}: column {column}: {detail}",
        nl: "regel {line}, kolom {column}: deze regel is niet te lezen ({detail}); herstel de regel",
    },
    Entry {
        key: "syntax.jsonl.one-record",
        en: "line {line}: a line holds exactly one of \"zorgtraject\" or \"meting\"",
        nl: "regel {line}: een regel bevat precies één \"zorgtraject\" of één \"meting\", niet beide en niet geen van beide",
    },
    Entry {
        key: "syntax.line",
        en: "line {line}: {detail}",
        nl: "regel {line}: de invoer is niet te lezen ({detail})",
    },
    Entry {
        key: "syntax.xml",
        en: "line {line}, column {column}: {detail}",
        nl: "regel {line}, kolom {column}: {detail}",
    },
    Entry {
        key: "syntax.xml.unreadable",
        en: "{detail}",
        nl: "{detail}",
    },
    Entry {
        key: "syntax.libxml",
        en: "{detail} (column {column})",
        nl: "het bestand is geen goedgevormde XML (kolom {column}; libxml2: {detail})",
    },
    Entry {
        key: "syntax.libxml.no-column",
        en: "{detail}",
        nl: "het bestand is geen goedgevormde XML (libxml2: {detail})",
    },
    Entry {
        key: "agb-code",
        en: "zorgaanbieder_code '{value}' is not an AGB code: expected exactly 8 digits",
        nl: "zorgaanbieder_code '{value}' is geen AGB-code: een AGB-code bestaat uit precies 8 cijfers",
    },
    Entry {
        key: "date",
        en: "{attribute} '{value}' is not a real date: expected YYYY-MM-DD",
        nl: "{attribute} '{value}' is geen bestaande datum: schrijf de datum als JJJJ-MM-DD",
    },
    Entry {
        key: "date.date-time",
        en: "{attribute} '{value}' is not a date-time: expected YYYY-MM-DDTHH:MM:SS without offset",
        nl: "{attribute} '{value}' is geen datum met tijd: schrijf JJJJ-MM-DDTUU:MM:SS, zonder tijdzone",
    },
    Entry {
        key: "einddatum-before-begindatum",
        en: "einddatum '{einddatum}' lies before begindatum '{begindatum}': einddatum must be on or after begindatum",
        nl: "einddatum '{einddatum}' ligt vóór begindatum '{begindatum}': de einddatum van een zorgtraject valt op of na de begindatum",
    },
    Entry {
        key: "required",
        en: "{element}: required attribute {attribute} is missing or empty",
        nl: "{element}: het verplichte attribuut {attribute} ontbreekt of is leeg; vul het in",
    },
    Entry {
        key: "zorgvraagtype-missing",
        en: "Zorgvraagtypering needs zorgvraagtype_code_honos or zorgvraagtype_code (or both); neither is given",
        nl: "de Zorgvraagtypering heeft geen zorgvraagtype_code_honos en geen zorgvraagtype_code; geef er minstens één (of beide)",
    },
    Entry {
        key: "character",
        en: "{attribute} '{value}' contains U+{code_point}, a character XML 1.0 cannot carry",
        nl: "{attribute} '{value}' bevat het teken U+{code_point}, dat niet in een XML 1.0-bestand kan staan; haal het teken weg",
    },
    Entry {
        key: "item-not-allowed",
        en: "item_code '{item_code}' is not on the item list of {meetinstrument_code} on {datum}; allowed: {allowed}. The item is not delivered",
        nl: "item_code '{item_code}' staat op {datum} niet op de itemlijst van {meetinstrument_code}; toegestaan: {allowed}. Dit item wordt niet aangeleverd",
    },
    Entry {
        key: "child-after-quarter",
        en: "{count} child record(s) dated after {last_day} left out, as asked (drop children after quarter)",
        nl: "{count} onderliggende gegevens met een datum na {last_day} weggelaten, zoals gevraagd (gegevens na het kwartaal weglaten)",
    },
    Entry {
        key: "zorgaanbieder-not-contiguous",
        en: "line {line}: zorgaanbieder {code} appears again after other zorgaanbieders; the lines of one zorgaanbieder must be contiguous",
        nl: "regel {line}: zorgaanbieder {code} komt opnieuw voor na andere zorgaanbieders; zet alle regels van één zorgaanbieder aaneengesloten",
    },
    Entry {
        key: "zorgaanbieder-not-contiguous.stream",
        en: "zorgaanbieder {code} was started again after other zorgaanbieders; each provider's records must be contiguous",
        nl: "zorgaanbieder {code} is opnieuw gestart na andere zorgaanbieders; lever alle gegevens van één zorgaanbieder aaneengesloten aan",
    },
    Entry {
        key: "xsd",
        en: "{detail} (column {column})",
        nl: "het bestand voldoet niet aan het XSD-schema (kolom {column}; libxml2: {detail})",
    },
    Entry {
        key: "xsd.no-column",
        en: "{detail}",
        nl: "het bestand voldoet niet aan het XSD-schema (libxml2: {detail})",
    },
    Entry {
        key: "child-before-begindatum",
        en: "datum {datum} lies before the trajectory's begindatum {begindatum}; expected a date on or after {begindatum}",
        nl: "datum {datum} ligt vóór de begindatum {begindatum} van het zorgtraject; verwacht een datum op of na {begindatum}",
    },
    Entry {
        key: "cl-d5-diagnose-code-format",
        en: "{attribute} '{value}' is malformed: expected {expected}",
        nl: "{attribute} '{value}' heeft niet de juiste vorm: verwacht {expected}",
    },
    Entry {
        key: "prestatie-code-format",
        en: "{attribute} '{value}' is malformed: expected {expected}",
        nl: "{attribute} '{value}' heeft niet de juiste vorm: verwacht {expected}",
    },
    Entry {
        key: "cl-d5-diagnose-code-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "zorgvraagtype-code-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "zorgvraagtype-code-normalised",
        en: "{attribute} '{given}' is delivered as '{code}', the spelling of the zorgvraagtype list in use",
        nl: "{attribute} '{given}' wordt aangeleverd als '{code}', de schrijfwijze van de gebruikte zorgvraagtypelijst",
    },
    Entry {
        key: "prestatie-code-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "meetinstrument-code-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "item-code-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "score-unknown",
        en: "{attribute} '{value}' {problem}; allowed {when}: {allowed}{partial}",
        nl: "{attribute} '{value}' {problem}; toegestaan {when}: {allowed}{partial}",
    },
    Entry {
        key: "meting-without-items",
        en: "the Meting is delivered without items (none given, or none on the item list); a meting carries its answered items: deliver them or leave the meting out",
        nl: "de meting wordt zonder items aangeleverd (geen items gegeven, of geen enkel item staat op de itemlijst); een meting bevat de beantwoorde items: lever die aan of laat de meting weg",
    },
    Entry {
        key: "primair-missing",
        en: "the trajectory has no primary diagnosis (Primair); the PVM cannot assign a diagnosegroep: deliver the primary DSM-5 diagnosis",
        nl: "het zorgtraject heeft geen primaire diagnose (Primair), zodat de PVM geen diagnosegroep kan toekennen: lever de primaire DSM-5-diagnose aan",
    },
    Entry {
        key: "groep-code-unknown",
        en: "groep_code '{groep_code}' is not in the organisation structure; allowed: {allowed}",
        nl: "groep_code '{groep_code}' staat niet in de organisatiestructuur; toegestaan: {allowed}",
    },
    Entry {
        key: "groep-code-bsn",
        en: "groep_code '{groep_code}' contains '{bsn}', a 9-digit number that passes the BSN eleven-test; the file must stay anonymous: use a location or department code from the organisation structure",
        nl: "groep_code '{groep_code}' bevat '{bsn}', een getal van 9 cijfers dat de elfproef voor een BSN doorstaat; het bestand moet anoniem blijven: gebruik een locatie- of afdelingscode uit de organisatiestructuur",
    },
    Entry {
        key: "groep-code-date",
        en: "groep_code '{groep_code}' contains the date '{date}' (possibly a birth date); the file must stay anonymous: use a location or department code without dates",
        nl: "groep_code '{groep_code}' bevat de datum '{date}' (mogelijk een geboortedatum); het bestand moet anoniem blijven: gebruik een locatie- of afdelingscode zonder datum",
    },
    // --- i18n: phrases inside rule texts ---
    Entry {
        key: "code.not-on-list",
        en: "is not on the {list} list{instrument}",
        nl: "staat niet op de lijst {list}{instrument}",
    },
    Entry {
        key: "code.outside-period",
        en: "is not valid {when} on the {list} list{instrument} (it is valid {periods})",
        nl: "is {when} niet geldig op de lijst {list}{instrument} (wel geldig {periods})",
    },
    Entry {
        key: "code.for-instrument",
        en: " for {meetinstrument_code}",
        nl: " voor {meetinstrument_code}",
    },
    Entry {
        key: "code.partial-list",
        en: "; the list is partial, so this is a warning: load the official list to check fully",
        nl: "; de lijst is onvolledig, daarom is dit een waarschuwing: laad de officiële lijst om volledig te controleren",
    },
    Entry {
        key: "format.dsm5",
        en: "D5_<chapter 1-22 without leading zero>.<2 digits>[.<2 digits>...], e.g. D5_5.03 or D5_4.02.02.02",
        nl: "D5_<hoofdstuk 1-22 zonder voorloopnul>.<2 cijfers>[.<2 cijfers>...], bijvoorbeeld D5_5.03 of D5_4.02.02.02",
    },
    Entry {
        key: "format.prestatie",
        en: "two capital letters and four digits, e.g. CO0018",
        nl: "twee hoofdletters en vier cijfers, bijvoorbeeld CO0018",
    },
    Entry {
        key: "format.dsm5-prefix",
        en: "D5_<chapter 1-22>[.<2 digits>...], e.g. D5_5 or D5_5.03",
        nl: "D5_<hoofdstuk 1-22>[.<2 cijfers>...], bijvoorbeeld D5_5 of D5_5.03",
    },
    Entry {
        key: "list.allowed",
        en: "{codes} (list {list}, {completeness}, version '{version}')",
        nl: "{codes} (lijst {list}, {completeness}, versie '{version}')",
    },
    Entry {
        key: "list.allowed.none",
        en: "no code",
        nl: "geen enkele code",
    },
    Entry {
        key: "list.allowed.codes",
        en: "{codes}",
        nl: "{codes}",
    },
    Entry {
        key: "list.allowed.count",
        en: "one of its {count} codes",
        nl: "een van de {count} codes op de lijst",
    },
    Entry {
        key: "list.complete",
        en: "complete",
        nl: "volledig",
    },
    Entry {
        key: "list.partial",
        en: "partial",
        nl: "onvolledig",
    },
    Entry {
        key: "select.items.core-cqi",
        en: "item codes 1 to 16 of the CQi-GGZ-VZ-AKWA",
        nl: "de itemcodes 1 tot en met 16 van de CQi-GGZ-VZ-AKWA",
    },
    // --- files ---
    Entry {
        key: "output.not-regular",
        en: "{path} is not a regular file (a directory, a device, a pipe or a socket): it is never replaced; give the path of a file",
        nl: "{path} is geen gewoon bestand (een map, een apparaat, een pipe of een socket): dat wordt nooit vervangen; geef het pad van een bestand op",
    },
    Entry {
        key: "output.too-many-links",
        en: "{path}: too many symbolic links (a loop?): nothing was written",
        nl: "{path}: te veel symbolische koppelingen (een kringloop?): er is niets geschreven",
    },
    Entry {
        key: "output.is-input",
        en: "{output} is also an input of this run ({input}): it would be overwritten while it is read; write to another file",
        nl: "{output} is ook een invoerbestand van deze opdracht ({input}): het zou worden overschreven terwijl het wordt gelezen; schrijf naar een ander bestand",
    },
    Entry {
        key: "output.twice",
        en: "{first} and {second} are the same file: give each output its own file",
        nl: "{first} en {second} zijn hetzelfde bestand: geef elke uitvoer een eigen bestand",
    },
    // --- memory ---
    Entry {
        key: "value-too-long",
        en: "{attribute} is {length} bytes long; at most {limit} bytes are allowed",
        nl: "{attribute} is {length} bytes lang; er zijn hoogstens {limit} bytes toegestaan",
    },
    Entry {
        key: "xsd.not-listed",
        en: "{count} more schema violations are not listed: only the first {limit} distinct \
             messages are kept; correct these first and validate again",
        nl: "Nog {count} schemafouten worden niet getoond: alleen de eerste {limit} \
             verschillende meldingen worden bewaard; herstel eerst deze en valideer opnieuw",
    },
    Entry {
        key: "syntax.jsonl-line-too-long",
        en: "the line is longer than {limit} bytes, the most a JSON Lines line may be; \
             reading stopped here: put one record per line",
        nl: "de regel is langer dan {limit} bytes, het maximum voor een regel in JSON Lines; \
             het lezen is hier gestopt: zet één record per regel",
    },
    Entry {
        key: "syntax.not-utf8",
        en: "column {column}: the input is not UTF-8 here; save the file as UTF-8",
        nl: "kolom {column}: de invoer is hier geen UTF-8; sla het bestand op als UTF-8",
    },
    Entry {
        key: "syntax.json-not-utf8",
        en: "the input is not UTF-8 here (UTF-16 and other encodings are not accepted); save the \
             file as UTF-8",
        nl: "de invoer is hier geen UTF-8 (UTF-16 en andere coderingen worden niet geaccepteerd); \
             sla het bestand op als UTF-8",
    },
    Entry {
        key: "syntax.json-unreadable",
        en: "the input cannot be read: {error}",
        nl: "de invoer kan niet gelezen worden: {error}",
    },
    Entry {
        key: "cli.schedule-date-out-of-range",
        en: "--date {date}: no file can be due on that date ({reason}); give a date from \
             1000-04-01 on",
        nl: "--date {date}: op die datum kan geen bestand verschuldigd zijn ({reason}); geef een \
             datum vanaf 1000-04-01",
    },
    Entry {
        key: "cli.input-is-directory",
        en: "{path} is a directory; give the input file (JSON or JSON Lines)",
        nl: "{path} is een map; geef het invoerbestand (JSON of JSON Lines)",
    },
    Entry {
        key: "report.repeated",
        en: "{count} times in all",
        nl: "{count} keer in totaal",
    },
    Entry {
        key: "report.repeated-at",
        en: "{count} times in all; also at {places}",
        nl: "{count} keer in totaal; ook bij {places}",
    },
    Entry {
        key: "report.more-entries",
        en: "… and {entries} more distinct problems ({count} in all), not shown here; the full \
             report (CSV or JSON) lists every one",
        nl: "… en nog {entries} andere meldingen ({count} in totaal), hier niet getoond; het \
             volledige rapport (CSV of JSON) bevat ze allemaal",
    },
    Entry {
        key: "report.not-listed",
        en: "{count} more diagnostics were counted but not kept: the report keeps at most \
             {limit} distinct problems; correct the most frequent ones first",
        nl: "nog {count} meldingen zijn geteld maar niet bewaard: het rapport bewaart hoogstens \
             {limit} verschillende problemen; herstel eerst de meldingen die het vaakst voorkomen",
    },
    // --- privacy ---
    Entry {
        key: "privacy-bsn",
        en: "{attribute} '{value}' holds a number that passes the BSN elfproef (a citizen service number); the file is anonymous and may carry no person data: check how the export fills {attribute} and deliver the code that belongs there",
        nl: "{attribute} '{value}' bevat een nummer dat de elfproef van een BSN doorstaat; het bestand is anoniem en mag geen persoonsgegevens bevatten: controleer hoe de export {attribute} vult en lever de code die erin hoort",
    },
    Entry {
        key: "privacy-email",
        en: "{attribute} '{value}' holds an e-mail address; the file is anonymous and may carry no person data: check how the export fills {attribute} and deliver the code that belongs there",
        nl: "{attribute} '{value}' bevat een e-mailadres; het bestand is anoniem en mag geen persoonsgegevens bevatten: controleer hoe de export {attribute} vult en lever de code die erin hoort",
    },
    Entry {
        key: "privacy-phone",
        en: "{attribute} '{value}' holds a phone number; the file is anonymous and may carry no person data: check how the export fills {attribute} and deliver the code that belongs there",
        nl: "{attribute} '{value}' bevat een telefoonnummer; het bestand is anoniem en mag geen persoonsgegevens bevatten: controleer hoe de export {attribute} vult en lever de code die erin hoort",
    },
    Entry {
        key: "privacy-date",
        en: "{attribute} '{value}' holds a date, possibly a birth date; the file is anonymous and may carry no person data: check how the export fills {attribute} and deliver the code that belongs there, without a date",
        nl: "{attribute} '{value}' bevat een datum, mogelijk een geboortedatum; het bestand is anoniem en mag geen persoonsgegevens bevatten: controleer hoe de export {attribute} vult en lever de code die erin hoort, zonder datum",
    },
    Entry {
        key: "score-format",
        en: "score '{value}' is not a short number; a score is the answer given on the item, such as 1 to 5 (at most 4 digits, optionally a decimal part): deliver the answer's value",
        nl: "score '{value}' is geen kort getal; een score is het gegeven antwoord op het item, zoals 1 tot en met 5 (hoogstens 4 cijfers, eventueel met decimalen): lever de waarde van het antwoord",
    },
    Entry {
        key: "item-code-format",
        en: "item_code '{value}' is not a short code; an item_code has 1 to 32 letters, digits, '.', '-' or '_', such as 1 to 16 for the CQi-GGZ-VZ-AKWA: deliver the item's code",
        nl: "item_code '{value}' is geen korte code; een item_code bestaat uit 1 tot 32 letters, cijfers, '.', '-' of '_', zoals 1 tot en met 16 bij de CQi-GGZ-VZ-AKWA: lever de code van het item",
    },
    Entry {
        key: "groep-code-blank",
        en: "groep_code is blank and is left out: a trajectory without location or department has no groep_code (\"Is er geen locatie of afdeling, dan wordt de groep_code niet gedeeld\"); leave the attribute out to stop this note",
        nl: "groep_code is leeg en wordt weggelaten: een zorgtraject zonder locatie of afdeling heeft geen groep_code (\"Is er geen locatie of afdeling, dan wordt de groep_code niet gedeeld\"); laat het attribuut weg om deze melding te voorkomen",
    },
    Entry {
        key: "groep-code-trimmed",
        en: "groep_code '{value}' had spaces before or after it; they were removed, so it counts as the same groep_code as '{value}' everywhere: remove the spaces in the export",
        nl: "groep_code '{value}' had spaties ervoor of erachter; die zijn verwijderd, zodat de groep_code overal telt als '{value}': haal de spaties weg in de export",
    },
    Entry {
        key: "groep-code-unchecked",
        en: "no organisation structure was loaded, so the groep_codes were not checked against it; a groep_code that holds a name cannot be recognised otherwise: load the organisation structure (locations and departments) to check every groep_code",
        nl: "er is geen organisatiestructuur geladen, dus de groep_codes zijn daar niet tegen gecontroleerd; een groep_code met een naam erin is anders niet te herkennen: laad de organisatiestructuur (locaties en afdelingen) om elke groep_code te controleren",
    },
    // --- fidelity ---
    Entry {
        key: "meting-without-items.left-out",
        en: "the {meetinstrument_code} meting of {datum} has no item left to deliver ({items_given} given, none of which may be delivered); it is not written and not counted: deliver its answered items, or leave the meting out",
        nl: "de meting {meetinstrument_code} van {datum} houdt geen item over om aan te leveren ({items_given} aangeleverd, waarvan geen enkel item mag worden aangeleverd); de meting wordt niet in het bestand opgenomen en niet meegeteld: lever de beantwoorde items mee, of laat de meting weg",
    },
    Entry {
        key: "child-after-einddatum",
        en: "the {element} is dated {datum}, after the trajectory's einddatum {einddatum}; a closed trajectory has no {element} after it ended: check the date, or the einddatum",
        nl: "de {element} heeft datum {datum}, na de einddatum {einddatum} van het zorgtraject; een afgesloten zorgtraject heeft geen {element} na het afsluiten: controleer de datum, of de einddatum",
    },
    Entry {
        key: "quarter-not-ended",
        en: "the file was created on {datum_creatie}, before {kwartaal} ended on {last_day}; the file carries the data of a quarter that is over (\"data over het voorgaande kwartaal\"), so records of the rest of the quarter are missing: create it again on or after {next_day}",
        nl: "het bestand is gemaakt op {datum_creatie}, voordat {kwartaal} afliep op {last_day}; het bestand hoort de data over het voorgaande kwartaal te bevatten, en gegevens uit de rest van het kwartaal ontbreken nu: maak het opnieuw op of na {next_day}",
    },
    Entry {
        key: "quarter-not-ended.not-begun",
        en: "the file was created on {datum_creatie}, before {kwartaal} (ending {last_day}) had even begun; the file carries the data of a quarter that is over (\"data over het voorgaande kwartaal\"): check the quarter, or create the file on or after {next_day}",
        nl: "het bestand is gemaakt op {datum_creatie}, nog voordat {kwartaal} (tot en met {last_day}) begonnen was; het bestand hoort de data over het voorgaande kwartaal te bevatten: controleer het kwartaal, of maak het bestand op of na {next_day}",
    },
    Entry {
        key: "periode-not-quarter",
        en: "the aangeleverde periode {begin} .. {end} is not one calendar quarter: begindatum_aangeleverde_periode must be the first day and einddatum_aangeleverde_periode the last day of the same quarter; the other rules were checked against {kwartaal} ({first_day} .. {last_day}), the quarter of its begindatum",
        nl: "de aangeleverde periode {begin} .. {end} is niet één kalenderkwartaal: begindatum_aangeleverde_periode moet de eerste en einddatum_aangeleverde_periode de laatste dag van hetzelfde kwartaal zijn; de andere regels zijn gecontroleerd voor {kwartaal} ({first_day} .. {last_day}), het kwartaal van de begindatum",
    },
    Entry {
        key: "zorgtraject-starts-after-period",
        en: "the zorgtraject begins on {value}, after the aangeleverde periode ({first_day} .. {last_day}) ended; a zorgtraject that starts after the period does not belong in its file: leave it out",
        nl: "het zorgtraject begint op {value}, na het einde van de aangeleverde periode ({first_day} .. {last_day}); een zorgtraject dat na de periode start hoort niet in dit bestand: laat het weg",
    },
    Entry {
        key: "zorgtraject-ended-before-period",
        en: "the zorgtraject ended on {value}, before the aangeleverde periode ({first_day} .. {last_day}) began; a zorgtraject closed before the period does not belong in its file: leave it out",
        nl: "het zorgtraject is afgesloten op {value}, vóór het begin van de aangeleverde periode ({first_day} .. {last_day}); een zorgtraject dat vóór de periode is afgesloten hoort niet in dit bestand: laat het weg",
    },
    Entry {
        key: "zorgtraject-closed-after-period",
        en: "the zorgtraject is delivered closed with einddatum {value}, after the aangeleverde periode ({first_day} .. {last_day}); a zorgtraject still open at the end of the period is delivered as open, even when it was closed later: leave the einddatum out",
        nl: "het zorgtraject is afgesloten aangeleverd met einddatum {value}, na de aangeleverde periode ({first_day} .. {last_day}); een zorgtraject dat aan het eind van de periode nog openstond, lever je aan als openstaand, ook als het later is afgesloten: laat de einddatum weg",
    },
    Entry {
        key: "item-not-allowed.background",
        en: "item_code '{item_code}' is one of the five background questions (items 17 to 21) of the {meetinstrument_code}, which the model leaves out (\"Lever alleen de eerste 16 items van de CQi-GGZ-VZ-AKWA aan en de optionele thema's\"): do not deliver it",
        nl: "item_code '{item_code}' is een van de vijf achtergrondvragen (items 17 tot en met 21) van de {meetinstrument_code}; lever alleen de eerste 16 items van de CQi-GGZ-VZ-AKWA aan en de optionele thema's: laat dit item weg",
    },
    Entry {
        key: "record-left-out",
        en: "{count} record(s) that cannot be represented were left out, as asked (leave out unrepresentable), and the file was written without them; each one's problem is listed as a warning: correct them in the EPD and deliver the quarter again",
        nl: "{count} gegeven(s) die niet in het bestand passen zijn weggelaten, zoals gevraagd (onleesbare gegevens weglaten), en het bestand is zonder ze gemaakt; elk probleem staat hierboven als waarschuwing: corrigeer ze in het EPD en lever het kwartaal opnieuw aan",
    },
    Entry {
        key: "plan.quarter-not-ended",
        en: "{kwartaal} had not ended (it ends {last_day}): the file is incomplete, make it again after that day",
        nl: "{kwartaal} was nog niet afgelopen (het loopt tot en met {last_day}): het bestand is onvolledig, maak het na die dag opnieuw",
    },
    Entry {
        key: "zorgaanbieder-not-contiguous.twice",
        en: "zorgaanbieder {zorgaanbieder_code} is given again (zorgaanbieder #{position}); a zorgaanbieder is given once, with all its zorgtrajecten and metingen: put its records together",
        nl: "zorgaanbieder {zorgaanbieder_code} komt nogmaals voor (zorgaanbieder #{position}); een zorgaanbieder staat er één keer in, met al zijn zorgtrajecten en metingen: voeg de gegevens samen",
    },
    // --- preview ---
    Entry {
        key: "preview.status.wachtend_op_diagnostiek",
        en: "waiting for diagnostiek",
        nl: "wachtend op diagnostiek",
    },
    Entry {
        key: "preview.status.bezig_met_diagnostiek",
        en: "in diagnostiek",
        nl: "bezig met diagnostiek",
    },
    Entry {
        key: "preview.status.wachtend_op_behandeling",
        en: "waiting for behandeling",
        nl: "wachtend op behandeling",
    },
    Entry {
        key: "preview.status.bezig_met_behandeling",
        en: "in behandeling",
        nl: "bezig met behandeling",
    },
    Entry {
        key: "preview.status.bezig_soort_onbekend",
        en: "in care (diagnostiek or behandeling not known from the prestatie list)",
        nl: "in zorg (diagnostiek of behandeling onbekend uit de prestatielijst)",
    },
    Entry {
        key: "preview.status.afgesloten",
        en: "closed (afgesloten)",
        nl: "afgesloten",
    },
    Entry {
        key: "preview.dropped.zorgtrajecten",
        en: "No trajectory data will be shared (zorgvraagtyperingen, diagnosegroepen, prestaties, status, treatment duration): the PVM needs at least {threshold} trajectories and the group has {count}.",
        nl: "Er worden geen gegevens uit de zorgtrajecten gedeeld (zorgvraagtyperingen, diagnosegroepen, prestaties, status, behandelduur): de PVM vraagt minimaal {threshold} zorgtrajecten en de groep heeft er {count}.",
    },
    Entry {
        key: "preview.dropped.afgesloten",
        en: "The treatment duration will not be shared: the PVM needs at least {threshold} closed trajectories and the group has {count}.",
        nl: "De behandelduur wordt niet gedeeld: de PVM vraagt minimaal {threshold} afgesloten zorgtrajecten en de groep heeft er {count}.",
    },
    Entry {
        key: "preview.dropped.metingen",
        en: "The metingen will not be shared: the PVM needs at least {threshold} metingen and the group has {count} in the file.",
        nl: "De metingen worden niet gedeeld: de PVM vraagt minimaal {threshold} metingen en de groep heeft er {count} in het bestand.",
    },
    Entry {
        key: "preview.dropped.metingen_zorgtrajecten",
        en: "The metingen will not be shared either: they come from trajectories, and the PVM needs at least {threshold} trajectories (the group has {count}).",
        nl: "Ook de metingen worden niet gedeeld: ze horen bij zorgtrajecten, en de PVM vraagt minimaal {threshold} zorgtrajecten (de groep heeft er {count}).",
    },
    Entry {
        key: "preview.group_counts",
        en: "Trajectories: {trajectories}; closed: {closed}; metingen in the file: {metingen} (dated in the quarter: {metingen_in_quarter}).",
        nl: "Zorgtrajecten: {trajectories}; afgesloten: {closed}; metingen in het bestand: {metingen} (met een datum in het kwartaal: {metingen_in_quarter}).",
    },
    Entry {
        key: "preview.everything_shared",
        en: "Everything will be shared.",
        nl: "Alles wordt gedeeld.",
    },
    Entry {
        key: "preview.no_groep_code",
        en: "(no groep_code)",
        nl: "(geen groep_code)",
    },
    Entry {
        key: "preview.no_diagnosegroep",
        en: "(no diagnosegroep)",
        nl: "(geen diagnosegroep)",
    },
    Entry {
        key: "preview.approximation",
        en: "~{name} (approximation)",
        nl: "~{name} (benadering)",
    },
    Entry {
        key: "preview.loose.assumption",
        en: "Assumption: loose metingen (without a trajectory) have no groep_code, so the preview counts them per AGB code against the metingen threshold.",
        nl: "Aanname: losse metingen (zonder zorgtraject) hebben geen groep_code; de preview telt ze daarom per AGB-code tegen de drempel voor metingen.",
    },
    Entry {
        key: "preview.loose.shared",
        en: "AGB {agb}: loose metingen in the file: {count} (dated in the quarter: {in_quarter}); they will be shared (at least {threshold}).",
        nl: "AGB {agb}: losse metingen in het bestand: {count} (met een datum in het kwartaal: {in_quarter}); ze worden gedeeld (minimaal {threshold}).",
    },
    Entry {
        key: "preview.loose.dropped",
        en: "AGB {agb}: loose metingen in the file: {count} (dated in the quarter: {in_quarter}); they will not be shared, the PVM needs at least {threshold}.",
        nl: "AGB {agb}: losse metingen in het bestand: {count} (met een datum in het kwartaal: {in_quarter}); ze worden niet gedeeld, de PVM vraagt er minimaal {threshold}.",
    },
    Entry {
        key: "preview.loose.none",
        en: "No loose metingen in the file.",
        nl: "Geen losse metingen in het bestand.",
    },
    Entry {
        key: "preview.pooled",
        en: "all AGB codes together",
        nl: "alle AGB-codes samen",
    },
    Entry {
        key: "preview.text.title",
        en: "Preview of {quarter} per AGB code and groep_code (PVM thresholds: {trajectories} trajectories, {closed} closed, {metingen} metingen)",
        nl: "Preview van {quarter} per AGB-code en groep_code (drempels van de PVM: {trajectories} zorgtrajecten, {closed} afgesloten, {metingen} metingen)",
    },
    Entry {
        key: "preview.col.agb",
        en: "AGB code",
        nl: "AGB-code",
    },
    Entry {
        key: "preview.col.groep_code",
        en: "groep_code",
        nl: "groep_code",
    },
    Entry {
        key: "preview.col.trajectories",
        en: "trajectories",
        nl: "zorgtrajecten",
    },
    Entry {
        key: "preview.col.closed",
        en: "closed",
        nl: "afgesloten",
    },
    Entry {
        key: "preview.col.metingen",
        en: "metingen in file",
        nl: "metingen in bestand",
    },
    Entry {
        key: "preview.col.metingen_in_quarter",
        en: "metingen in quarter",
        nl: "metingen in kwartaal",
    },
    Entry {
        key: "preview.col.shares_trajectories",
        en: "shares trajectories",
        nl: "deelt zorgtrajecten",
    },
    Entry {
        key: "preview.col.shares_closed",
        en: "shares closed",
        nl: "deelt afgesloten",
    },
    Entry {
        key: "preview.col.shares_metingen",
        en: "shares metingen",
        nl: "deelt metingen",
    },
    Entry {
        key: "preview.col.diagnosegroepen",
        en: "diagnosegroepen",
        nl: "diagnosegroepen",
    },
    Entry {
        key: "preview.yes",
        en: "yes",
        nl: "ja",
    },
    Entry {
        key: "preview.no",
        en: "no",
        nl: "nee",
    },
    Entry {
        key: "preview.no_trajectories",
        en: "No trajectories in the file.",
        nl: "Geen zorgtrajecten in het bestand.",
    },
    Entry {
        key: "preview.traject.closed",
        en: "closed {date} ({quarter}), treatment duration {days} days, {minutes} minutes",
        nl: "afgesloten {date} ({quarter}), behandelduur {days} dagen, {minutes} minuten",
    },
    Entry {
        key: "preview.traject.open",
        en: "open",
        nl: "openstaand",
    },
    Entry {
        key: "preview.traject.established_in_quarter",
        en: "established in the quarter",
        nl: "vastgesteld in het kwartaal",
    },
    Entry {
        key: "preview.traject.no_primary",
        en: "no primary diagnosis",
        nl: "geen primaire diagnose",
    },
    Entry {
        key: "preview.traject.line",
        en: "{who}: begin {begin} ({begin_quarter}), {end}; {diagnoses}; secondary diagnoses: {secondary}; {status}; consults {consults} ({consults_in_quarter} in the quarter); in the quarter: {typings} zorgvraagtyperingen, {prestaties} prestaties, {metingen} metingen",
        nl: "{who}: begin {begin} ({begin_quarter}), {end}; {diagnoses}; nevendiagnoses: {secondary}; {status}; consulten {consults} ({consults_in_quarter} in het kwartaal); in het kwartaal: {typings} zorgvraagtyperingen, {prestaties} prestaties, {metingen} metingen",
    },
    Entry {
        key: "preview.html.title",
        en: "Spiegelinformatie preview {quarter}",
        nl: "Spiegelinformatie preview {quarter}",
    },
    Entry {
        key: "preview.html.intro",
        en: "What the PVM will share with GGZ Dataportaal, per AGB code and groep_code. The PVM shares data from trajectories only when a group has at least {trajectories} trajectories, the treatment duration only from {closed} closed trajectories, and metingen only from {metingen} metingen (and {trajectories} trajectories). Below a threshold the data is neither used nor kept. The dashed line in each first chart marks the threshold.",
        nl: "Wat de PVM deelt met GGZ Dataportaal, per AGB-code en groep_code. De PVM deelt gegevens uit zorgtrajecten pas als een groep minimaal {trajectories} zorgtrajecten heeft, de behandelduur pas vanaf {closed} afgesloten zorgtrajecten, en metingen pas vanaf {metingen} metingen (en {trajectories} zorgtrajecten). Onder een drempel worden de gegevens niet gebruikt en niet bewaard. De stippellijn in elke eerste grafiek is de drempel.",
    },
    Entry {
        key: "preview.html.approximation_note",
        en: "A diagnosegroep marked ~ (approximation) is the DSM-5 chapter of the code: the PVM's own grouping of that code is not in the code list. Load the official diagnosegroep list to replace it.",
        nl: "Een diagnosegroep met ~ (benadering) is het DSM-5-hoofdstuk van de code: hoe de PVM die code zelf groepeert staat niet in de codelijst. Laad de officiële diagnosegroeplijst om dit te vervangen.",
    },
    Entry {
        key: "preview.html.pooled_note",
        en: "AGB codes are pooled: one groep_code of several AGB codes counts as one group.",
        nl: "De AGB-codes zijn samengevoegd: één groep_code van meerdere AGB-codes telt als één groep.",
    },
    Entry {
        key: "preview.html.summary",
        en: "Summary per group",
        nl: "Overzicht per groep",
    },
    Entry {
        key: "preview.html.loose",
        en: "Loose metingen",
        nl: "Losse metingen",
    },
    Entry {
        key: "preview.html.details",
        en: "Details per group",
        nl: "Details per groep",
    },
    Entry {
        key: "preview.html.group_heading",
        en: "AGB {agb} · groep_code {groep_code}",
        nl: "AGB {agb} · groep_code {groep_code}",
    },
    Entry {
        key: "preview.html.group_heading_none",
        en: "AGB {agb} · trajectories without groep_code",
        nl: "AGB {agb} · zorgtrajecten zonder groep_code",
    },
    Entry {
        key: "preview.html.chart.thresholds",
        en: "Thresholds",
        nl: "Drempels",
    },
    Entry {
        key: "preview.html.chart.diagnosegroepen",
        en: "Diagnosegroepen (trajectories)",
        nl: "Diagnosegroepen (zorgtrajecten)",
    },
    Entry {
        key: "preview.html.chart.zorgvraagtypen",
        en: "Zorgvraagtyperingen dated in the quarter",
        nl: "Zorgvraagtyperingen met een datum in het kwartaal",
    },
    Entry {
        key: "preview.html.chart.prestaties",
        en: "Prestaties dated in the quarter",
        nl: "Prestaties met een datum in het kwartaal",
    },
    Entry {
        key: "preview.html.chart.status",
        en: "Status of the trajectories",
        nl: "Status van de zorgtrajecten",
    },
    Entry {
        key: "preview.html.chart.duration",
        en: "Treatment duration of the closed trajectories",
        nl: "Behandelduur van de afgesloten zorgtrajecten",
    },
    Entry {
        key: "preview.html.none",
        en: "none",
        nl: "geen",
    },
    Entry {
        key: "preview.html.minutes",
        en: "Treatment duration in minutes of the closed trajectories (consults with known minutes): {minutes} minutes in total.",
        nl: "Behandelduur in minuten van de afgesloten zorgtrajecten (consulten met bekende minuten): in totaal {minutes} minuten.",
    },
    Entry {
        key: "preview.html.not_shared",
        en: "will not be shared",
        nl: "wordt niet gedeeld",
    },
    Entry {
        key: "preview.html.only_honos",
        en: "only HoNOS+ type given",
        nl: "alleen zorgvraagtype volgens HoNOS+",
    },
    Entry {
        key: "preview.html.zorgvraagtype",
        en: "zorgvraagtype {code}",
        nl: "zorgvraagtype {code}",
    },
    Entry {
        key: "preview.html.threshold",
        en: "threshold {threshold}",
        nl: "drempel {threshold}",
    },
    Entry {
        key: "preview.html.honos_deviations",
        en: "Bars: the type set by the clinician (zorgvraagtype_code). Typings where the clinician deviates from the HoNOS+ type: {count}.",
        nl: "Balken: het zorgvraagtype van de behandelaar (zorgvraagtype_code). Zorgvraagtyperingen waarin de behandelaar afwijkt van de HoNOS+: {count}.",
    },
    Entry {
        key: "preview.html.others",
        en: "{count} others (together)",
        nl: "{count} andere (samen)",
    },
    Entry {
        key: "preview.html.days",
        en: "{range} days",
        nl: "{range} dagen",
    },
    // --- bulk ---
    Entry {
        key: "bulk.layout.truncated",
        en: "the packed buffer ends inside {what} at offset {offset}: {missing} more bytes were expected; check the lengths you wrote",
        nl: "de gepakte buffer houdt op midden in {what} op positie {offset}: er werden nog {missing} bytes verwacht; controleer de lengtes die u schreef",
    },
    Entry {
        key: "bulk.layout.tag",
        en: "unknown record tag {tag} at offset {offset} of the packed buffer: use 1 (primair), 2 (neven), 3 (zorgvraagtypering), 4 (prestatie), 5 (meting) or 6 (item)",
        nl: "onbekende recordsoort {tag} op positie {offset} van de gepakte buffer: gebruik 1 (primair), 2 (neven), 3 (zorgvraagtypering), 4 (prestatie), 5 (meting) of 6 (item)",
    },
    Entry {
        key: "bulk.layout.not_here",
        en: "record tag {tag} at offset {offset} is not allowed among loose metingen: only 5 (meting) and 6 (item)",
        nl: "recordsoort {tag} op positie {offset} hoort niet bij losse metingen: alleen 5 (meting) en 6 (item)",
    },
    Entry {
        key: "bulk.layout.item_first",
        en: "the item at offset {offset} of the packed buffer has no meting before it: put each meting before its items",
        nl: "het item op positie {offset} van de gepakte buffer heeft geen meting ervoor: zet elke meting vóór haar items",
    },
    Entry {
        key: "bulk.layout.text",
        en: "{problem} (at offset {offset} of the packed buffer)",
        nl: "{problem} (op positie {offset} van de gepakte buffer)",
    },
    Entry {
        key: "bulk.refused",
        en: "{refused} of the {total} records were refused or skipped (the refused ones are in the report and block the file); the first: {first}",
        nl: "{refused} van de {total} records zijn geweigerd of overgeslagen (de geweigerde staan in het rapport en houden het bestand tegen); de eerste: {first}",
    },
    Entry {
        key: "bulk.selection_unknown",
        en: "selection count {which} does not exist: use one of SPIEGEL_SELECTION_* (1 to 9)",
        nl: "selectieteller {which} bestaat niet: gebruik een van SPIEGEL_SELECTION_* (1 tot en met 9)",
    },
    Entry {
        key: "bulk.skipped_item",
        en: "item skipped: the meting it belongs to was refused (see the report)",
        nl: "item overgeslagen: de meting waar het bij hoort is geweigerd (zie het rapport)",
    },
    // --- cli merge ---
    Entry {
        key: "cli.arg.leave_out_unrepresentable",
        en: "Leave out records that cannot be represented (the trajectory or loose meting they are in) and write the file anyway; their errors are reported as warnings.",
        nl: "Laat gegevens weg die niet in het bestand kunnen worden opgenomen (met het zorgtraject of de losse meting waarin ze staan) en schrijf het bestand toch; hun fouten worden dan als waarschuwingen gemeld.",
    },
    Entry {
        key: "cli.arg.pool_agb",
        en: "Pool the AGB codes: one groep_code of several AGB codes counts as one group (for an organisation with one structure over several AGB codes). Default: per AGB code.",
        nl: "Voeg de AGB-codes samen: één groep_code onder meerdere AGB-codes telt als één groep (voor een organisatie met één structuur over meerdere AGB-codes). Standaard: per AGB-code.",
    },
    Entry {
        key: "cli.arg.unlisted_prestaties",
        en: "Consults with Zorgprestatiemodel codes that are not on the bundled (partial) prestatie list: every one raises a warning (the workload for diagnostics at scale).",
        nl: "Consulten met prestatiecodes uit het Zorgprestatiemodel die niet op de meegeleverde (onvolledige) prestatielijst staan: elk geeft een waarschuwing (de testbelasting voor grote aantallen meldingen).",
    },
    Entry {
        key: "cli.cannot-write-stdout",
        en: "cannot write to standard output: {detail}",
        nl: "kan niet naar standaarduitvoer schrijven: {detail}",
    },
    Entry {
        key: "cli.cannot-check-outputs",
        en: "cannot check the output paths: {detail}",
        nl: "kan de paden van de uitvoerbestanden niet controleren: {detail}",
    },
    Entry {
        key: "cli.cannot-replace-output",
        en: "cannot replace an output: {detail}",
        nl: "kan een uitvoerbestand niet vervangen: {detail}",
    },
    Entry {
        key: "cli.input-errors-no-file",
        en: "{errors} error(s) in the input: no file was written",
        nl: "{errors} fout(en) in de invoer: er is geen bestand geschreven",
    },
    Entry {
        key: "cli.range-failed",
        en: "{detail}; no file was written",
        nl: "{detail}; er is geen bestand geschreven",
    },
];

/// The entry with `key`.
pub fn entry(key: &str) -> Option<&'static Entry> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    INDEX
        .get_or_init(|| CATALOGUE.iter().map(|e| (e.key, e)).collect())
        .get(key)
        .copied()
}

/// The text `key` in `lang`, with every `{name}` replaced by its value in `args`.
///
/// A key that is not in the catalogue gives the key itself (a test keeps every used key in the
/// catalogue); a parameter without a value is left as `{name}`.
pub fn text(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    match entry(key) {
        Some(e) => fill(e.template(lang), args),
        None => key.to_string(),
    }
}

/// The value of a named parameter: plain (a code, a date, a number: the same in every
/// language) or itself a catalogue text, rendered in the language of the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A value that reads the same in every language.
    Plain(String),
    /// A catalogue text (a phrase such as "on 2024-03-01" or "the list is partial").
    Text(Box<Phrase>),
}

/// A catalogue key with its parameters: a text not yet rendered in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The catalogue key.
    pub key: &'static str,
    /// The named parameters.
    pub args: Vec<(&'static str, Arg)>,
}

impl Phrase {
    /// The text `key` with plain parameters.
    pub fn new(key: &'static str, args: &[(&'static str, &str)]) -> Self {
        Self {
            key,
            args: args
                .iter()
                .map(|(n, v)| (*n, Arg::Plain((*v).to_string())))
                .collect(),
        }
    }

    /// With one more plain parameter.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Plain(value.into())));
        self
    }

    /// With one more parameter that is itself a catalogue text.
    pub fn text_arg(mut self, name: &'static str, phrase: Phrase) -> Self {
        self.args.push((name, Arg::Text(Box::new(phrase))));
        self
    }

    /// The text in `lang`, every parameter filled (nested texts in the same language).
    pub fn render(&self, lang: Lang) -> String {
        let rendered: Vec<(&str, std::borrow::Cow<'_, str>)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Plain(v) => std::borrow::Cow::Borrowed(v.as_str()),
                    Arg::Text(p) => std::borrow::Cow::Owned(p.render(lang)),
                };
                (*name, value)
            })
            .collect();
        let args: Vec<(&str, &str)> = rendered.iter().map(|(n, v)| (*n, v.as_ref())).collect();
        text(lang, self.key, &args)
    }

    /// Replaces `raw` by `hidden` in every plain parameter, nested ones included (masking).
    pub fn replace_in_args(&mut self, raw: &str, hidden: &str) {
        for (_, arg) in &mut self.args {
            match arg {
                Arg::Plain(v) => *v = v.replace(raw, hidden),
                Arg::Text(p) => p.replace_in_args(raw, hidden),
            }
        }
    }

    /// Every catalogue key this phrase uses, its own and its nested ones.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        for (_, arg) in &self.args {
            if let Arg::Text(p) = arg {
                keys.extend(p.keys());
            }
        }
        keys
    }
}

/// Replaces every `{name}` in `template` by its value in `args`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The parameter names of a template, in order of first appearance.
pub fn parameters(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = CATALOGUE.iter().map(|e| e.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is in the catalogue twice");
    }

    #[test]
    fn both_languages_use_the_same_parameters() {
        for e in CATALOGUE {
            let mut en = parameters(e.en);
            let mut nl = parameters(e.nl);
            en.sort_unstable();
            nl.sort_unstable();
            assert_eq!(
                en, nl,
                "{}: the English and Dutch texts use different parameters",
                e.key
            );
            assert!(
                e.key == "text.empty" || (!e.en.is_empty() && !e.nl.is_empty()),
                "{}: a text is empty",
                e.key
            );
        }
    }

    #[test]
    fn every_rule_has_a_text_in_both_languages() {
        for rule in crate::diagnostic::Rule::ALL {
            let id = rule.id();
            let texts: Vec<&Entry> = CATALOGUE
                .iter()
                .filter(|e| e.key == id || e.key.strip_prefix(id).is_some_and(|v| v.starts_with('.')))
                .collect();
            assert!(!texts.is_empty(), "rule {id} has no text in the catalogue");
            for e in texts {
                assert!(!e.en.trim().is_empty(), "{}: no English text", e.key);
                assert!(!e.nl.trim().is_empty(), "{}: no Dutch text", e.key);
            }
        }
    }

    /// The library's source files (src/, without the test modules at their end).
    fn library_sources() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let code = match text.find("#[cfg(test)]") {
                        Some(at) => text[..at].to_string(),
                        None => text,
                    };
                    out.push((path, code));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        assert!(out.len() > 10, "the source files were not found");
        out
    }

    /// The `index`-th argument of each call `call` in `code`, when it is a string literal.
    fn keys_after<'c>(code: &'c str, call: &str, index: usize) -> Vec<&'c str> {
        let mut keys = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + call.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(arg) = nth_argument(rest, index) {
                if let Some(key) = arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                    keys.push(key);
                }
            }
        }
        keys
    }

    /// The `index`-th top-level argument (trimmed) of the argument list that `args` starts.
    fn nth_argument(args: &str, index: usize) -> Option<&str> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let (mut start, mut n) = (0, 0);
        for (i, c) in args.char_indices() {
            if in_string {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => escaped = false,
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    return (n == index).then(|| args[start..i].trim());
                }
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    if n == index {
                        return Some(args[start..i].trim());
                    }
                    n += 1;
                    start = i + 1;
                }
                _ => {}
            }
        }
        None
    }

    #[test]
    fn every_key_the_source_uses_is_in_the_catalogue() {
        let calls = [
            ("Diagnostic::localized(", 3),
            ("Phrase::new(", 0),
            ("text(", 1),
            ("tr(", 0),
            ("tr_args(", 0),
            ("fixed(", 1),
        ];
        let mut checked = 0;
        for (path, code) in library_sources() {
            for (call, index) in calls {
                for key in keys_after(&code, call, index) {
                    assert!(
                        entry(key).is_some(),
                        "{}: {call}\"{key}\" is not in the catalogue",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 30, "only {checked} keys found: the scan is broken");
    }

    /// The string literals of `code` (escapes left as written).
    fn string_literals(code: &str) -> Vec<&str> {
        let mut literals = Vec::new();
        let mut start = None;
        let mut escaped = false;
        for (i, c) in code.char_indices() {
            match (start, escaped, c) {
                (Some(_), true, _) => escaped = false,
                (Some(_), false, '\\') => escaped = true,
                (Some(s), false, '"') => {
                    literals.push(&code[s..i]);
                    start = None;
                }
                (None, _, '"') => start = Some(i + 1),
                _ => {}
            }
        }
        literals
    }

    #[test]
    fn every_dotted_key_written_in_the_source_is_in_the_catalogue() {
        let prefixes: std::collections::BTreeSet<&str> = CATALOGUE
            .iter()
            .filter_map(|e| e.key.split_once('.').map(|(p, _)| p))
            .collect();
        let looks_like_key = |s: &str| {
            s.split_once('.').is_some_and(|(p, rest)| {
                prefixes.contains(p)
                    && !rest.is_empty()
                    && !["json", "jsonl", "csv", "xml", "xsd", "html", "txt"].contains(&rest)
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c))
            })
        };
        let mut checked = 0;
        for (path, code) in library_sources() {
            for literal in string_literals(&code).into_iter().filter(|l| looks_like_key(l)) {
                assert!(
                    entry(literal).is_some(),
                    "{}: \"{literal}\" is not in the catalogue",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} keys found: the scan is broken");
    }

    #[test]
    fn no_library_diagnostic_has_a_raw_message() {
        for (path, code) in library_sources() {
            if path.ends_with("diagnostic.rs") {
                continue;
            }
            assert!(
                !code.contains("Diagnostic::new("),
                "{}: a diagnostic made with Diagnostic::new and a raw (English-only) message; \
                 use Diagnostic::localized with a catalogue key",
                path.display()
            );
        }
    }

    #[test]
    fn error_types_say_in_english_what_the_catalogue_says() {
        use crate::model::ModelError as E;
        let day = time::macros::date!(2024 - 01 - 02);
        let header = [
            crate::plan::HeaderError::NoRoot,
            crate::plan::HeaderError::Xml("x".into()),
            crate::plan::HeaderError::NotBestand("html".into()),
            crate::plan::HeaderError::Missing("begindatum_aangeleverde_periode"),
            crate::plan::HeaderError::Date {
                attribute: "begindatum_aangeleverde_periode",
                value: "x".into(),
            },
            crate::plan::HeaderError::NotAQuarter {
                begindatum: "2024-01-01".into(),
                einddatum: "2024-01-31".into(),
            },
            crate::plan::HeaderError::Io(std::io::Error::other("gone")),
        ];
        for e in header {
            assert_eq!(e.to_string(), e.phrase().render(Lang::En));
            assert_ne!(e.phrase().render(Lang::Nl), e.to_string());
        }
        let model = [
            E::AgbCode { value: "1234".into() },
            E::Date {
                attribute: "datum",
                value: "2024-02-30".into(),
            },
            E::DateTime {
                attribute: "datum_creatie",
                value: "x".into(),
            },
            E::EndBeforeBegin {
                begindatum: day,
                einddatum: day,
            },
            E::Missing {
                element: "Prestatie",
                attribute: "prestatie_code",
            },
            E::NoZorgvraagtype,
            E::Character {
                attribute: "groep_code",
                value: "a\\u{1}".into(),
                code_point: 1,
            },
        ];
        for e in model {
            assert_eq!(e.to_string(), e.message_in(Lang::En));
            assert_ne!(e.message_in(Lang::Nl), e.message_in(Lang::En));
        }
        use crate::quarter::QuarterError as Q;
        for e in [Q::Number(5), Q::Year(99), Q::Syntax("x".into())] {
            assert_eq!(e.to_string(), e.message_in(Lang::En));
            assert_ne!(e.message_in(Lang::Nl), e.message_in(Lang::En));
        }
    }

    #[test]
    fn code_list_errors_have_their_own_dutch_text() {
        use crate::codelists::{CodeList, Organisatie};
        let head = "# list: prestatie\n# source: s\n# version: 1\n# completeness: partial\n";
        let columns = "code,omschrijving,ingangsdatum,einddatum\n";
        let broken = [
            format!("{head}{columns}CO0001,a,2024-02-30,\n"),
            format!("{head}{columns}XX1,a,,\n"),
            format!("{head}{columns}CO0001,a,2024-01-02,2024-01-01\n"),
            format!("{head}{columns},a,,\n"),
            format!("{head}code,kleur\n"),
            format!("{head}omschrijving\n"),
            head.to_string(),
            "# list: prestatie\n# list: prestatie\n".to_string(),
            "# list: kleuren\n".to_string(),
            "# completeness: soms\n".to_string(),
            format!("# list: prestatie\n{columns}"),
        ];
        for text in &broken {
            let Err(e) = CodeList::parse(text, "t.csv") else {
                panic!("accepted: {text}")
            };
            assert_eq!(e.message_in(Lang::En), e.to_string());
            assert_ne!(e.message_in(Lang::Nl), e.to_string(), "no Dutch for {e}");
            assert!(
                e.message_in(Lang::Nl).starts_with("t.csv"),
                "{}",
                e.message_in(Lang::Nl)
            );
        }
        for text in ["", "\"open\n"] {
            let Err(e) = Organisatie::parse(text, "o.txt") else {
                panic!("accepted: {text}")
            };
            assert_ne!(e.message_in(Lang::Nl), e.to_string(), "no Dutch for {e}");
        }
    }

    #[test]
    fn nested_phrases_render_in_the_same_language() {
        let p = Phrase::new("code.not-on-list", &[("list", "prestatie")]).text_arg(
            "instrument",
            Phrase::new("code.for-instrument", &[("meetinstrument_code", "X")]),
        );
        assert_eq!(p.render(Lang::En), "is not on the prestatie list for X");
        assert_eq!(p.render(Lang::Nl), "staat niet op de lijst prestatie voor X");
        assert_eq!(p.keys(), vec!["code.not-on-list", "code.for-instrument"]);
    }

    #[test]
    fn fill_replaces_named_parameters() {
        assert_eq!(
            fill(
                "{attribute} '{value}' is {value}",
                &[("attribute", "score"), ("value", "x")]
            ),
            "score 'x' is x"
        );
        assert_eq!(fill("{missing} {", &[]), "{missing} {");
    }

    #[test]
    fn language_follows_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale_vars(env(&[("LANG", "nl_NL.UTF-8")])), Lang::Nl);
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "C"), ("LANG", "nl_NL.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LC_MESSAGES", "nl_BE")])),
            Lang::Nl
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        assert_eq!(text(Lang::Nl, "lang.name", &[]), "Nederlands");
    }
}
