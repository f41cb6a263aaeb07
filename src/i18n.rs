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
    // --- memory ---
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
