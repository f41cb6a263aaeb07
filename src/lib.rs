//! # spiegelinformatie
//!
//! Produce the quarterly **Spiegelinformatie** XML file that Dutch ggz providers send, through
//! ZorgTTP's Privacy Verzend Module, to GGZ Dataportaal — correct the first time, with a
//! diagnostic for every record that is wrong.
//!
//! The layers, bottom up: [`names`] (every element and attribute name), [`quarter`] (quarters
//! and the delivery calendar), [`model`] (the records, with constructors that refuse invalid
//! states), [`select`] (which records go into the file of a quarter), [`diagnostic`] (what is
//! wrong, where), [`xml`] and [`json`] (the formats), [`generate`](mod@generate) (the whole job), and `ffi`
//! (the C ABI) on top.
//!
//! ```
//! use spiegelinformatie::{generate, AgbCode, Delivery, GenerateOptions, Prestatie, Primair,
//!     Quarter, Zorgaanbieder, Zorgtraject};
//! use time::macros::{date, datetime};
//!
//! let mut delivery = Delivery::new();
//! let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678")?));
//! za.add_zorgtraject(
//!     Zorgtraject::builder(date!(2023 - 11 - 02))
//!         .id("EPD-4711")
//!         .groep_code("Locatie A")
//!         .primair(Primair::new("D5_5.03", date!(2023 - 11 - 20))?)
//!         .prestatie(Prestatie::new("CO0001", date!(2023 - 11 - 02))?)
//!         .build()?,
//! );
//! let quarter: Quarter = "2024-Q1".parse()?;
//! let options = GenerateOptions::new(quarter, datetime!(2024-04-03 10:15:00));
//! let mut xml = Vec::new();
//! let report = generate(&delivery, &options, &mut xml)?;
//! assert!(!report.has_errors());
//! assert!(String::from_utf8(xml)?.contains(r#"<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod codelists;
pub mod datum;
pub mod demo;
pub mod diagnostic;
pub mod ffi;
pub mod generate;
pub mod i18n;
pub mod json;
pub mod jsonl;
pub mod limits;
pub mod model;
pub mod names;
pub mod output;
pub mod plan;
pub mod preview;
pub mod privacy;
pub mod quarter;
pub mod report;
pub mod select;
pub mod stream;
pub mod validate;
pub mod validate_file;
pub mod xml;
#[cfg(feature = "xsd")]
pub mod xsd;

pub use codelists::{CodeList, CodeListError, CodeLists, Completeness, ListName, Organisatie};
pub use diagnostic::{Diagnostic, RecordPath, Report, Rule, Severity};
pub use generate::{generate, generate_file, GenerateError, GenerateOptions};
pub use i18n::Lang;
pub use model::{
    AgbCode, Bestand, Delivery, Item, Meting, ModelError, Neven, Prestatie, Primair, Zorgaanbieder,
    Zorgtraject, ZorgtrajectBuilder, Zorgvraagtypering,
};
pub use plan::{generate_range, schedule, QuarterResult, RangeOptions, Schedule};
pub use preview::{preview_bestand, preview_delivery, BuiltinDiagnosegroepen, DiagnosegroepLookup, Preview};
pub use quarter::{Quarter, QuarterError};
pub use select::{ItemPolicy, SelectionOptions};
pub use validate::{validate_bestand, Validator};
pub use validate_file::{validate_file, ValidateFileError, ValidateFileOptions};
