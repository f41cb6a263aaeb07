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
