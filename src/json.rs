//! The JSON interchange format (`docs/information-model.md`, "JSON and JSON Lines"): it mirrors the
//! XML one to one. Attributes are string fields with the Tabel-2 names; children are arrays
//! keyed by the element name in lower case; a zorgtraject may carry the vendor's `id`.
//!
//! Reading never stops at the first problem: every record that cannot be represented becomes
//! an error diagnostic with its path, and the rest is read.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::datum::format_date;
use crate::diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
use crate::model::{
    parse_date, AgbCode, Delivery, Item, Meting, ModelError, Neven, Prestatie, Primair, Zorgaanbieder,
    Zorgtraject, Zorgvraagtypering,
};
use crate::names::{attr, element};

// Field names below must equal `crate::names`; a test checks that they do.

/// The whole delivery: `{"zorgaanbieder": [...]}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "the delivery as a JSON object: {\"zorgaanbieder\": [...]}"
)]
pub struct DeliveryJson {
    /// The providers.
    #[serde(default)]
    pub zorgaanbieder: Vec<ZorgaanbiederJson>,
}

/// One provider.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a zorgaanbieder as a JSON object"
)]
pub struct ZorgaanbiederJson {
    /// AGB code.
    #[serde(default)]
    pub zorgaanbieder_code: Option<String>,
    /// Trajectories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zorgtraject: Vec<ZorgtrajectJson>,
    /// Loose metingen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meting: Vec<MetingJson>,
}

/// One trajectory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a zorgtraject as a JSON object"
)]
pub struct ZorgtrajectJson {
    /// The vendor's own key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Start date.
    #[serde(default)]
    pub begindatum: Option<String>,
    /// End date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub einddatum: Option<String>,
    /// Location/department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groep_code: Option<String>,
    /// Primary diagnoses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primair: Vec<PrimairJson>,
    /// Secondary diagnoses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neven: Vec<NevenJson>,
    /// Typings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zorgvraagtypering: Vec<ZorgvraagtyperingJson>,
    /// Prestaties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prestatie: Vec<PrestatieJson>,
    /// Linked metingen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meting: Vec<MetingJson>,
}

/// A primary diagnosis.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a primair as a JSON object"
)]
pub struct PrimairJson {
    /// DSM-5 code.
    #[serde(default)]
    pub cl_d5_diagnose_code: Option<String>,
    /// Date established.
    #[serde(default)]
    pub datum: Option<String>,
}

/// A secondary diagnosis.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", expecting = "a neven as a JSON object")]
pub struct NevenJson {
    /// DSM-5 code.
    #[serde(default)]
    pub cl_d5_diagnose_code: Option<String>,
}

/// A typing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a zorgvraagtypering as a JSON object"
)]
pub struct ZorgvraagtyperingJson {
    /// HoNOS+ advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zorgvraagtype_code_honos: Option<String>,
    /// Clinician's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zorgvraagtype_code: Option<String>,
    /// Date.
    #[serde(default)]
    pub datum: Option<String>,
}

/// A prestatie.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    remote = "Self",
    expecting = "a prestatie as a JSON object"
)]
pub struct PrestatieJson {
    /// Code.
    #[serde(default)]
    pub prestatie_code: Option<String>,
    /// Date.
    #[serde(default)]
    pub datum: Option<String>,
}

/// A meting.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", expecting = "a meting as a JSON object")]
pub struct MetingJson {
    /// Instrument.
    #[serde(default)]
    pub meetinstrument_code: Option<String>,
    /// Date.
    #[serde(default)]
    pub datum: Option<String>,
    /// Items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<ItemJson>,
}

/// An item.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", expecting = "an item as a JSON object")]
pub struct ItemJson {
    /// Item code.
    #[serde(default)]
    pub item_code: Option<String>,
    /// Score.
    #[serde(default)]
    pub score: Option<String>,
}

/// Implements `Serialize` and `Deserialize` for types derived with `#[serde(remote = "Self")]`,
/// deserializing from a JSON object only (never from an array).
macro_rules! objects_only {
    ($($t:ident),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $t::deserialize(crate::json::ObjectOnly(deserializer))
            }
        }
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $t::serialize(self, serializer)
            }
        }
    )*};
}

// A struct that serde derives accepts a JSON array as its fields by position
// (`["2024-01-01", ...]` for a zorgtraject): every record of the format is an object, so each
// type's derived code (`remote = "Self"` makes it an inherent function) is called through
// `objects_only`, which lets serde_json accept a JSON object only.
objects_only!(
    DeliveryJson,
    ZorgaanbiederJson,
    ZorgtrajectJson,
    PrimairJson,
    NevenJson,
    ZorgvraagtyperingJson,
    PrestatieJson,
    MetingJson,
    ItemJson
);

/// A deserializer that reads a struct from a JSON object only: it turns the derived code's
/// request for a struct (which serde_json satisfies with an object or an array) into a request
/// for a map (an object only).
pub(crate) struct ObjectOnly<D>(pub(crate) D);

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Why JSON could not be read at all (as opposed to records that are wrong).
#[derive(Debug, thiserror::Error)]
#[error("JSON input, line {line}, column {column}: {message}")]
pub struct JsonSyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What serde_json says.
    pub message: String,
}

impl From<serde_json::Error> for JsonSyntaxError {
    fn from(e: serde_json::Error) -> Self {
        let message = e.to_string();
        // serde_json appends " at line L column C"; keep the message without it.
        let message = message
            .rfind(" at line ")
            .map_or(message.clone(), |i| message[..i].to_string());
        Self {
            line: e.line(),
            // serde_json gives column 0 for a problem found before the line's first character.
            column: e.column().max(1),
            message,
        }
    }
}

impl JsonSyntaxError {
    /// The error as a diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::localized(
            Severity::Error,
            Rule::Syntax,
            RecordPath {
                line: Some(self.line as u64),
                ..RecordPath::default()
            },
            "syntax.json",
            &[
                ("line", &self.line.to_string()),
                ("column", &self.column.to_string()),
                ("detail", &self.message),
            ],
        )
    }
}

/// Collects the diagnostics of one conversion.
struct Convert<'r> {
    report: &'r mut Report,
}

impl Convert<'_> {
    fn record<T>(&mut self, path: &RecordPath, result: Result<T, ModelError>) -> Option<T> {
        result
            .map_err(|e| self.report.push(Diagnostic::from_model_error(&e, path.clone())))
            .ok()
    }

    fn required<'v>(
        &mut self,
        path: &RecordPath,
        element: &'static str,
        attribute: &'static str,
        value: &'v Option<String>,
    ) -> Option<&'v str> {
        let v = value.as_deref();
        if v.is_none() {
            self.record::<()>(path, Err(ModelError::Missing { element, attribute }));
        }
        v
    }

    fn date(
        &mut self,
        path: &RecordPath,
        element: &'static str,
        attribute: &'static str,
        value: &Option<String>,
    ) -> Option<time::Date> {
        let text = self.required(path, element, attribute, value)?;
        self.record(path, parse_date(attribute, text))
    }

    fn zorgaanbieder(&mut self, json: &ZorgaanbiederJson) -> Option<Zorgaanbieder> {
        let code_text = json.zorgaanbieder_code.as_deref().unwrap_or("");
        let path = RecordPath::zorgaanbieder(code_text);
        let code = self.required(
            &path,
            element::ZORGAANBIEDER,
            attr::ZORGAANBIEDER_CODE,
            &json.zorgaanbieder_code,
        )?;
        let code = self.record(&path, AgbCode::new(code));
        let trajecten: Vec<_> = json
            .zorgtraject
            .iter()
            .enumerate()
            .filter_map(|(i, t)| self.zorgtraject(t, &path.zorgtraject(t.id.as_deref(), i + 1)))
            .collect();
        let metingen: Vec<_> = json
            .meting
            .iter()
            .enumerate()
            .filter_map(|(i, m)| self.meting(m, &path.child(element::METING, i + 1)))
            .collect();
        let mut za = Zorgaanbieder::new(code?);
        trajecten.into_iter().for_each(|t| {
            za.add_zorgtraject(t);
        });
        metingen.into_iter().for_each(|m| {
            za.add_meting(m);
        });
        Some(za)
    }

    fn zorgtraject(&mut self, json: &ZorgtrajectJson, path: &RecordPath) -> Option<Zorgtraject> {
        const E: &str = element::ZORGTRAJECT;
        let begin = self.date(path, E, attr::BEGINDATUM, &json.begindatum);
        let end = match &json.einddatum {
            None => Some(None),
            Some(text) => self.record(path, parse_date(attr::EINDDATUM, text)).map(Some),
        };
        let children_ok = self.children(json, path);
        let (begin, end, mut children) = (begin?, end?, children_ok?);
        let mut builder = Zorgtraject::builder(begin);
        if let Some(id) = &json.id {
            builder = builder.id(id.clone());
        }
        if let Some(end) = end {
            builder = builder.einddatum(end);
        }
        if let Some(groep) = &json.groep_code {
            builder = builder.groep_code(groep);
        }
        let mut traject = self.record(path, builder.build())?;
        children.apply(&mut traject);
        Some(traject)
    }

    fn children(&mut self, json: &ZorgtrajectJson, path: &RecordPath) -> Option<Children> {
        let mut c = Children::default();
        let mut ok = true;
        for (i, p) in json.primair.iter().enumerate() {
            let path = path.child(element::PRIMAIR, i + 1);
            let code = self.required(
                &path,
                element::PRIMAIR,
                attr::CL_D5_DIAGNOSE_CODE,
                &p.cl_d5_diagnose_code,
            );
            let datum = self.date(&path, element::PRIMAIR, attr::DATUM, &p.datum);
            let record = code
                .zip(datum)
                .and_then(|(code, datum)| self.record(&path, Primair::new(code, datum)));
            ok &= record.map(|r| c.primair.push(r)).is_some();
        }
        for (i, n) in json.neven.iter().enumerate() {
            let path = path.child(element::NEVEN, i + 1);
            let code = self.required(
                &path,
                element::NEVEN,
                attr::CL_D5_DIAGNOSE_CODE,
                &n.cl_d5_diagnose_code,
            );
            let record = code.and_then(|code| self.record(&path, Neven::new(code)));
            ok &= record.map(|r| c.neven.push(r)).is_some();
        }
        for (i, z) in json.zorgvraagtypering.iter().enumerate() {
            let path = path.child(element::ZORGVRAAGTYPERING, i + 1);
            let datum = self.date(&path, element::ZORGVRAAGTYPERING, attr::DATUM, &z.datum);
            let record = datum.and_then(|datum| {
                let made = Zorgvraagtypering::new(
                    z.zorgvraagtype_code_honos.as_deref(),
                    z.zorgvraagtype_code.as_deref(),
                    datum,
                );
                self.record(&path, made)
            });
            ok &= record.map(|r| c.typeringen.push(r)).is_some();
        }
        for (i, p) in json.prestatie.iter().enumerate() {
            let path = path.child(element::PRESTATIE, i + 1);
            let code = self.required(&path, element::PRESTATIE, attr::PRESTATIE_CODE, &p.prestatie_code);
            let datum = self.date(&path, element::PRESTATIE, attr::DATUM, &p.datum);
            let record = code
                .zip(datum)
                .and_then(|(code, datum)| self.record(&path, Prestatie::new(code, datum)));
            ok &= record.map(|r| c.prestaties.push(r)).is_some();
        }
        for (i, m) in json.meting.iter().enumerate() {
            let record = self.meting(m, &path.child(element::METING, i + 1));
            ok &= record.map(|r| c.metingen.push(r)).is_some();
        }
        ok.then_some(c)
    }

    fn meting(&mut self, json: &MetingJson, path: &RecordPath) -> Option<Meting> {
        let code = self.required(
            path,
            element::METING,
            attr::MEETINSTRUMENT_CODE,
            &json.meetinstrument_code,
        );
        let datum = self.date(path, element::METING, attr::DATUM, &json.datum);
        let mut items = Vec::with_capacity(json.item.len());
        let mut ok = true;
        for (i, item) in json.item.iter().enumerate() {
            let path = path.child(element::ITEM, i + 1);
            let code = self.required(&path, element::ITEM, attr::ITEM_CODE, &item.item_code);
            let score = self.required(&path, element::ITEM, attr::SCORE, &item.score);
            let record = code
                .zip(score)
                .and_then(|(c, s)| self.record(&path, Item::new(c, s)));
            ok &= record.map(|r| items.push(r)).is_some();
        }
        let mut meting = code
            .zip(datum)
            .and_then(|(c, d)| self.record(path, Meting::new(c, d)))?;
        items.into_iter().for_each(|i| meting.add_item(i));
        ok.then_some(meting)
    }
}

#[derive(Default)]
struct Children {
    primair: Vec<Primair>,
    neven: Vec<Neven>,
    typeringen: Vec<Zorgvraagtypering>,
    prestaties: Vec<Prestatie>,
    metingen: Vec<Meting>,
}

impl Children {
    fn apply(&mut self, t: &mut Zorgtraject) {
        self.primair.drain(..).for_each(|r| t.add_primair(r));
        self.neven.drain(..).for_each(|r| t.add_neven(r));
        self.typeringen.drain(..).for_each(|r| t.add_zorgvraagtypering(r));
        self.prestaties.drain(..).for_each(|r| t.add_prestatie(r));
        self.metingen.drain(..).for_each(|r| {
            t.add_meting(r);
        });
    }
}

impl DeliveryJson {
    /// Converts to the model. Every record that cannot be represented becomes an error in
    /// `report` and is left out; the rest is converted.
    pub fn to_delivery(&self, report: &mut Report) -> Delivery {
        let mut convert = Convert { report };
        Delivery {
            zorgaanbieders: self
                .zorgaanbieder
                .iter()
                .filter_map(|za| convert.zorgaanbieder(za))
                .collect(),
        }
    }

    /// The JSON form of `delivery`.
    pub fn from_delivery(delivery: &Delivery) -> Self {
        Self {
            zorgaanbieder: delivery
                .zorgaanbieders
                .iter()
                .map(ZorgaanbiederJson::from_model)
                .collect(),
        }
    }
}

impl ZorgtrajectJson {
    /// Converts one trajectory; problems go to `report` under `path` (the trajectory's path).
    pub fn to_model(&self, path: &RecordPath, report: &mut Report) -> Option<Zorgtraject> {
        Convert { report }.zorgtraject(self, path)
    }

    /// The JSON form of a trajectory.
    pub fn from_model(t: &Zorgtraject) -> Self {
        Self {
            id: t.id().map(str::to_string),
            begindatum: Some(format_date(t.begindatum())),
            einddatum: t.einddatum().map(format_date),
            groep_code: t.groep_code_as_given().map(str::to_string),
            primair: t
                .primair()
                .iter()
                .map(|p| PrimairJson {
                    cl_d5_diagnose_code: Some(p.cl_d5_diagnose_code().to_string()),
                    datum: Some(format_date(p.datum())),
                })
                .collect(),
            neven: t
                .neven()
                .iter()
                .map(|n| NevenJson {
                    cl_d5_diagnose_code: Some(n.cl_d5_diagnose_code().to_string()),
                })
                .collect(),
            zorgvraagtypering: t
                .zorgvraagtyperingen()
                .iter()
                .map(|z| ZorgvraagtyperingJson {
                    // The spelling the delivery holds (`03`, `ZT3`), not the canonical `3`:
                    // the file's spelling is chosen against the code list when the XML is
                    // written, and JSON must read back to the same delivery.
                    zorgvraagtype_code_honos: z.zorgvraagtype_code_honos_as_given().map(str::to_string),
                    zorgvraagtype_code: z.zorgvraagtype_code_as_given().map(str::to_string),
                    datum: Some(format_date(z.datum())),
                })
                .collect(),
            prestatie: t
                .prestaties()
                .iter()
                .map(|p| PrestatieJson {
                    prestatie_code: Some(p.prestatie_code().to_string()),
                    datum: Some(format_date(p.datum())),
                })
                .collect(),
            meting: t.metingen().iter().map(MetingJson::from_model).collect(),
        }
    }
}

impl MetingJson {
    /// Converts one meting; problems go to `report` under `path` (the meting's path).
    pub fn to_model(&self, path: &RecordPath, report: &mut Report) -> Option<Meting> {
        Convert { report }.meting(self, path)
    }

    /// The JSON form of a meting.
    pub fn from_model(m: &Meting) -> Self {
        Self {
            meetinstrument_code: Some(m.meetinstrument_code().to_string()),
            datum: Some(format_date(m.datum())),
            item: m
                .items()
                .iter()
                .map(|i| ItemJson {
                    item_code: Some(i.item_code().to_string()),
                    score: Some(i.score().to_string()),
                })
                .collect(),
        }
    }
}

impl ZorgaanbiederJson {
    /// The JSON form of a provider.
    pub fn from_model(za: &Zorgaanbieder) -> Self {
        Self {
            zorgaanbieder_code: Some(za.code().to_string()),
            zorgtraject: za
                .zorgtrajecten()
                .iter()
                .map(ZorgtrajectJson::from_model)
                .collect(),
            meting: za.metingen().iter().map(MetingJson::from_model).collect(),
        }
    }
}

/// Reads a whole JSON delivery. Returns the records that could be represented and a report
/// with an error for each one that could not; fails only when the JSON itself is unreadable
/// (including input that is not UTF-8: the error names its line and column). A UTF-8 byte
/// order mark is skipped.
pub fn read_delivery<R: Read>(mut input: R) -> Result<(Delivery, Report), JsonSyntaxError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| JsonSyntaxError {
        line: 0,
        column: 0,
        message: crate::i18n::text(
            crate::i18n::Lang::En,
            "syntax.json-unreadable",
            &[("error", &e.to_string())],
        ),
    })?;
    read_delivery_bytes(&bytes)
}

/// Reads a JSON delivery from bytes (see [`read_delivery`]).
pub fn read_delivery_bytes(input: &[u8]) -> Result<(Delivery, Report), JsonSyntaxError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|e| {
        let (line, column) = utf8_error_position(input, e.valid_up_to());
        JsonSyntaxError {
            line,
            column,
            message: crate::i18n::text(crate::i18n::Lang::En, "syntax.json-not-utf8", &[]),
        }
    })?;
    parse_delivery(text)
}

/// Reads a JSON delivery from a string (see [`read_delivery`]).
pub fn read_delivery_str(input: &str) -> Result<(Delivery, Report), JsonSyntaxError> {
    parse_delivery(input.strip_prefix('\u{FEFF}').unwrap_or(input))
}

/// Reads a JSON delivery whose byte order mark, if any, is already skipped: one mark only, so
/// that every entry point refuses a second one as the JSON syntax error it is.
fn parse_delivery(input: &str) -> Result<(Delivery, Report), JsonSyntaxError> {
    let json: DeliveryJson = serde_json::from_str(input)?;
    let mut report = Report::new();
    let delivery = json.to_delivery(&mut report);
    Ok((delivery, report))
}

/// The 1-based line and column (in characters) of byte `offset` in `bytes`, whose first
/// `offset` bytes are valid UTF-8.
pub fn utf8_error_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (line, column)
}

/// Writes `delivery` as pretty-printed JSON in the interchange format.
pub fn write_delivery<W: std::io::Write>(delivery: &Delivery, out: W) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, &DeliveryJson::from_delivery(delivery))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SPEC_EXAMPLE: &str = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "12345678",
  "zorgtraject": [{"id": "EPD-4711", "begindatum": "2023-11-02", "groep_code": "Locatie A",
    "primair": [{"cl_d5_diagnose_code": "D5_5.03", "datum": "2023-11-20"}],
    "neven": [{"cl_d5_diagnose_code": "D5_6.01"}],
    "zorgvraagtypering": [{"zorgvraagtype_code_honos": "3", "zorgvraagtype_code": "3", "datum": "2023-11-20"}],
    "prestatie": [{"prestatie_code": "CO0001", "datum": "2023-11-02"}],
    "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-02-10",
                "item": [{"item_code": "1", "score": "4"}]}]}],
  "meting": [{"meetinstrument_code": "CQi-GGZ-VZ-AKWA", "datum": "2024-03-01",
              "item": [{"item_code": "1", "score": "3"}]}]}]}"#;

    #[test]
    fn reads_the_spec_example() {
        let (d, report) = read_delivery_str(SPEC_EXAMPLE).unwrap();
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let za = &d.zorgaanbieders[0];
        assert_eq!(za.code().as_str(), "12345678");
        let t = &za.zorgtrajecten()[0];
        assert_eq!(t.id(), Some("EPD-4711"));
        assert_eq!(t.groep_code(), Some("Locatie A"));
        assert_eq!(t.primair()[0].cl_d5_diagnose_code(), "D5_5.03");
        assert_eq!(t.metingen()[0].items()[0].score(), "4");
        assert_eq!(za.metingen().len(), 1);
    }

    #[test]
    fn json_round_trips_through_the_model() {
        let (d, _) = read_delivery_str(SPEC_EXAMPLE).unwrap();
        let mut out = Vec::new();
        write_delivery(&d, &mut out).unwrap();
        let (again, report) = read_delivery(&out[..]).unwrap();
        assert!(report.diagnostics.is_empty());
        assert_eq!(again, d);
    }

    #[test]
    fn every_bad_record_is_reported_with_its_path() {
        let input = r#"{"zorgaanbieder": [{"zorgaanbieder_code": "1234",
          "zorgtraject": [
            {"id": "T1", "begindatum": "2024-02-30"},
            {"id": "T2", "begindatum": "2024-02-01", "einddatum": "2024-01-01"},
            {"id": "T3", "begindatum": "2024-02-01", "prestatie": [{"datum": "2024-02-02"}]},
            {"begindatum": "2024-02-01", "zorgvraagtypering": [{"datum": "2024-02-02"}]}
          ]}]}"#;
        let (d, report) = read_delivery_str(input).unwrap();
        assert!(d.zorgaanbieders.is_empty());
        let got: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.path.zorgtraject_id.clone(), d.attribute))
            .collect();
        assert_eq!(
            got,
            vec![
                (Rule::AgbCode, None, Some("zorgaanbieder_code")),
                (Rule::Date, Some("T1".into()), Some("begindatum")),
                (Rule::EndBeforeBegin, Some("T2".into()), Some("einddatum")),
                (Rule::Required, Some("T3".into()), Some("prestatie_code")),
                (Rule::ZorgvraagtypeMissing, None, None),
            ]
        );
        assert_eq!(report.diagnostics[4].path.zorgtraject_position, Some(4));
        assert!(report.diagnostics[1].message.contains("2024-02-30"));
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_syntax_errors_with_position() {
        let err = read_delivery_str(
            "{\"zorgaanbieder\": [{\"zorgaanbieder_code\": \"12345678\",\n \"zorgtrajekt\": []}]}",
        )
        .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("zorgtrajekt"), "{}", err.message);
        let err = read_delivery_str(r#"{"zorgaanbieder": [{"zorgaanbieder_code": 12345678}]}"#).unwrap_err();
        assert!(err.message.contains("expected a string"), "{}", err.message);
    }

    #[test]
    fn field_names_match_the_names_module() {
        let json = serde_json::to_value(DeliveryJson::from_delivery(
            &read_delivery_str(SPEC_EXAMPLE).unwrap().0,
        ))
        .unwrap();
        let za = &json[crate::names::json::ZORGAANBIEDER][0];
        assert!(za.get(attr::ZORGAANBIEDER_CODE).is_some());
        let t = &za[crate::names::json::ZORGTRAJECT][0];
        for key in [attr::BEGINDATUM, attr::GROEP_CODE, crate::names::json::ID] {
            assert!(t.get(key).is_some(), "{key}");
        }
        assert!(t[crate::names::json::PRIMAIR][0]
            .get(attr::CL_D5_DIAGNOSE_CODE)
            .is_some());
        assert!(t[crate::names::json::NEVEN][0]
            .get(attr::CL_D5_DIAGNOSE_CODE)
            .is_some());
        let z = &t[crate::names::json::ZORGVRAAGTYPERING][0];
        for key in [
            attr::ZORGVRAAGTYPE_CODE_HONOS,
            attr::ZORGVRAAGTYPE_CODE,
            attr::DATUM,
        ] {
            assert!(z.get(key).is_some(), "{key}");
        }
        assert!(t[crate::names::json::PRESTATIE][0]
            .get(attr::PRESTATIE_CODE)
            .is_some());
        let m = &t[crate::names::json::METING][0];
        assert!(m.get(attr::MEETINSTRUMENT_CODE).is_some());
        let i = &m[crate::names::json::ITEM][0];
        assert!(i.get(attr::ITEM_CODE).is_some() && i.get(attr::SCORE).is_some());
    }

    #[test]
    fn an_array_where_an_object_belongs_is_refused_with_its_place() {
        for (text, line) in [
            (r#"["12345678"]"#, 1),
            (r#"{"zorgaanbieder": [["12345678", []]]}"#, 1),
            ("{\"zorgaanbieder\": [{\"zorgaanbieder_code\": \"12345678\",\n \"zorgtraject\": [[\"x\", \"2024-01-01\"]]}]}", 2),
        ] {
            let e = read_delivery_str(text).err().unwrap_or_else(|| panic!("accepted: {text}"));
            // The offending `[`: the last one before the first string that follows it.
            let line_text = text.lines().nth(line - 1).unwrap();
            let bracket = line_text.find("[\"").unwrap() + 1;
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.column == bracket || e.column + 1 == bracket, "{text}: {e}");
            assert!(e.message.contains("sequence"), "{e}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_invalid_utf8_is_placed() {
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SPEC_EXAMPLE.as_bytes()].concat();
        let (d, _) = read_delivery_bytes(&with_bom).unwrap();
        assert_eq!(d.zorgaanbieders.len(), 1);

        let mut bad = SPEC_EXAMPLE.as_bytes().to_vec();
        let at = SPEC_EXAMPLE.find("Locatie").unwrap();
        bad[at] = 0xE9; // Latin-1 é
        let e = read_delivery(&bad[..]).unwrap_err();
        let line_start = SPEC_EXAMPLE[..at].rfind('\n').unwrap() + 1;
        assert_eq!((e.line, e.column), (2, at - line_start + 1), "{e}");

        // UTF-16 with its byte order mark: refused at the first byte.
        let utf16: Vec<u8> = "\u{FEFF}{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let e = read_delivery(&utf16[..]).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1), "{e}");
    }
}
