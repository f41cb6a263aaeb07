//! Every element and attribute name of the file format, in one place.
//!
//! The names follow Tabel 2 of the information model verbatim. The XML writer and reader, the
//! JSON mapping, the XSD and the diagnostics all take their names from here, so adapting to the
//! official XSD, should it spell something differently, is a change to this file alone.

/// Element names as written in the XML.
pub mod element {
    /// The root element: one per file.
    pub const BESTAND: &str = "Bestand";
    /// A provider.
    pub const ZORGAANBIEDER: &str = "Zorgaanbieder";
    /// A care trajectory.
    pub const ZORGTRAJECT: &str = "Zorgtraject";
    /// A primary diagnosis.
    pub const PRIMAIR: &str = "Primair";
    /// A secondary diagnosis.
    pub const NEVEN: &str = "Neven";
    /// A care-demand typing.
    pub const ZORGVRAAGTYPERING: &str = "Zorgvraagtypering";
    /// A Zorgprestatiemodel service.
    pub const PRESTATIE: &str = "Prestatie";
    /// A measurement (questionnaire).
    pub const METING: &str = "Meting";
    /// One answered item of a measurement.
    pub const ITEM: &str = "Item";
}

/// Attribute names as written in the XML and used as JSON fields.
pub mod attr {
    /// `Bestand`: when the file was made.
    pub const DATUM_CREATIE: &str = "datum_creatie";
    /// `Bestand`: first day of the delivered quarter.
    pub const BEGINDATUM_PERIODE: &str = "begindatum_aangeleverde_periode";
    /// `Bestand`: last day of the delivered quarter.
    pub const EINDDATUM_PERIODE: &str = "einddatum_aangeleverde_periode";
    /// `Zorgaanbieder`: the AGB code.
    pub const ZORGAANBIEDER_CODE: &str = "zorgaanbieder_code";
    /// `Zorgtraject`: start date.
    pub const BEGINDATUM: &str = "begindatum";
    /// `Zorgtraject`: end date (absent when open).
    pub const EINDDATUM: &str = "einddatum";
    /// `Zorgtraject`: location or department from the organisation structure.
    pub const GROEP_CODE: &str = "groep_code";
    /// `Primair`/`Neven`: DSM-5 code.
    pub const CL_D5_DIAGNOSE_CODE: &str = "cl_d5_diagnose_code";
    /// Date of a `Primair`, `Zorgvraagtypering`, `Prestatie` or `Meting`.
    pub const DATUM: &str = "datum";
    /// `Zorgvraagtypering`: the type advised by the HoNOS+.
    pub const ZORGVRAAGTYPE_CODE_HONOS: &str = "zorgvraagtype_code_honos";
    /// `Zorgvraagtypering`: the type set by the clinician.
    pub const ZORGVRAAGTYPE_CODE: &str = "zorgvraagtype_code";
    /// `Prestatie`: the Zorgprestatiemodel code.
    pub const PRESTATIE_CODE: &str = "prestatie_code";
    /// `Meting`: the questionnaire.
    pub const MEETINSTRUMENT_CODE: &str = "meetinstrument_code";
    /// `Item`: the item of the questionnaire.
    pub const ITEM_CODE: &str = "item_code";
    /// `Item`: the answer.
    pub const SCORE: &str = "score";
}

/// Every element name, root first.
pub const ELEMENTS: [&str; 9] = [
    element::BESTAND,
    element::ZORGAANBIEDER,
    element::ZORGTRAJECT,
    element::PRIMAIR,
    element::NEVEN,
    element::ZORGVRAAGTYPERING,
    element::PRESTATIE,
    element::METING,
    element::ITEM,
];

/// Every attribute name, in Tabel-2 order.
pub const ATTRIBUTES: [&str; 15] = [
    attr::DATUM_CREATIE,
    attr::BEGINDATUM_PERIODE,
    attr::EINDDATUM_PERIODE,
    attr::ZORGAANBIEDER_CODE,
    attr::BEGINDATUM,
    attr::EINDDATUM,
    attr::GROEP_CODE,
    attr::CL_D5_DIAGNOSE_CODE,
    attr::DATUM,
    attr::ZORGVRAAGTYPE_CODE_HONOS,
    attr::ZORGVRAAGTYPE_CODE,
    attr::PRESTATIE_CODE,
    attr::MEETINSTRUMENT_CODE,
    attr::ITEM_CODE,
    attr::SCORE,
];

/// JSON-only names: the child arrays (element names in lower case) and the vendor key.
pub mod json {
    /// Array of zorgaanbieders.
    pub const ZORGAANBIEDER: &str = "zorgaanbieder";
    /// Array of zorgtrajecten (or one, in JSON Lines).
    pub const ZORGTRAJECT: &str = "zorgtraject";
    /// Array of primary diagnoses.
    pub const PRIMAIR: &str = "primair";
    /// Array of secondary diagnoses.
    pub const NEVEN: &str = "neven";
    /// Array of typings.
    pub const ZORGVRAAGTYPERING: &str = "zorgvraagtypering";
    /// Array of prestaties.
    pub const PRESTATIE: &str = "prestatie";
    /// Array of metingen (or one loose meting, in JSON Lines).
    pub const METING: &str = "meting";
    /// Array of items.
    pub const ITEM: &str = "item";
    /// The vendor's own trajectory key: used in diagnostics, never written to the XML.
    pub const ID: &str = "id";
}
