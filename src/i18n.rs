//! Every text a person reads, in Dutch and in English: one catalogue, keyed, with named
//! parameters.
//!
//! A text is looked up by its key (for a diagnostic: its rule id, or the rule id and a variant
//! after a dot, such as `date.datum_creatie`) and filled with named parameters written
//! `{name}` in both languages. Rule ids, JSON keys and CSV column ids stay language-neutral;
//! only what a person reads changes with the language.

use std::fmt;

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
    Entry {
        key: "lang.name",
        en: "English",
        nl: "Nederlands",
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
        key: "xsd-not-listed",
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
];

/// The entry with `key`.
pub fn entry(key: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.key == key)
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
            assert!(!e.en.is_empty() && !e.nl.is_empty(), "{}: a text is empty", e.key);
        }
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
