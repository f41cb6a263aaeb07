//! THE reference delivery: the same records, built in every language that binds the C ABI,
//! must give the byte-identical file `bindings/reference/reference.xml`.
//!
//! It is described once, as data, below; `bindings/reference/README.md` lists it as a table
//! for the C#, Java and Delphi wrappers, and `bindings/c/test.c` builds it call by call.
//!
//! What it covers: two zorgaanbieders; a closed, an open, an open-ending-after-the-quarter
//! and an excluded trajectory; every child kind (two primary diagnoses, a secondary one,
//! typings with one or both codes, prestaties, a linked meting with items); item 17, which is
//! dropped with a warning; a loose meting inside and one outside the quarter; a groep_code
//! that needs XML escaping and is not ASCII; a trajectory of one day.

use spiegelinformatie::{
    generate, AgbCode, Delivery, GenerateOptions, Item, Meting, Neven, Prestatie, Primair, Quarter, Report,
    Zorgaanbieder, Zorgtraject, Zorgvraagtypering,
};

/// The quarter of the reference file.
pub const QUARTER: &str = "2024-Q1";
/// Its fixed datum_creatie.
pub const DATUM_CREATIE: &str = "2024-04-03T10:15:00";
/// The groep_code that needs escaping: `&`, `"`, an em dash, German and Japanese.
pub const GROEP_ZUID: &str = "Locatie Zuid & \"Noord\" — Grüße 日本";
/// The instrument of every meting.
pub const CQI: &str = "CQi-GGZ-VZ-AKWA";

pub struct MetingDef {
    pub datum: &'static str,
    /// (item_code, score)
    pub items: &'static [(&'static str, &'static str)],
}

pub struct TrajectDef {
    pub vendor_key: &'static str,
    pub begindatum: &'static str,
    pub einddatum: Option<&'static str>,
    pub groep_code: Option<&'static str>,
    /// (cl_d5_diagnose_code, datum)
    pub primair: &'static [(&'static str, &'static str)],
    pub neven: &'static [&'static str],
    /// (zorgvraagtype_code_honos, zorgvraagtype_code, datum)
    pub typeringen: &'static [(Option<&'static str>, Option<&'static str>, &'static str)],
    /// (prestatie_code, datum)
    pub prestaties: &'static [(&'static str, &'static str)],
    pub metingen: &'static [MetingDef],
}

pub struct ProviderDef {
    pub code: &'static str,
    pub trajecten: &'static [TrajectDef],
    pub metingen: &'static [MetingDef],
}

pub const PROVIDERS: &[ProviderDef] = &[
    ProviderDef {
        code: "12345678",
        trajecten: &[
            // Closed in the quarter: delivered with its einddatum.
            TrajectDef {
                vendor_key: "REF-CLOSED",
                begindatum: "2023-06-01",
                einddatum: Some("2024-02-15"),
                groep_code: Some(GROEP_ZUID),
                primair: &[("D5_5.03", "2023-06-20"), ("D5_4.02.02.02", "2024-01-10")],
                neven: &["D5_6.01"],
                typeringen: &[
                    (Some("3"), Some("3"), "2023-06-20"),
                    (Some("11"), None, "2024-01-10"),
                ],
                prestaties: &[("CO0001", "2023-06-01"), ("CO0002", "2024-02-01")],
                metingen: &[MetingDef {
                    datum: "2024-02-10",
                    // Item 17 is not on the list: dropped with a warning.
                    items: &[("1", "4"), ("2", "3"), ("17", "2")],
                }],
            },
            // Open: delivered without einddatum.
            TrajectDef {
                vendor_key: "REF-OPEN",
                begindatum: "2023-11-02",
                einddatum: None,
                groep_code: Some("Locatie A"),
                primair: &[("D5_7.01", "2023-11-20")],
                neven: &[],
                typeringen: &[(None, Some("5"), "2023-11-20")],
                prestaties: &[("CO0001", "2024-03-05")],
                metingen: &[],
            },
            // Ends after the quarter: delivered as open; its prestatie after the quarter is
            // delivered too (the default).
            TrajectDef {
                vendor_key: "REF-ENDS-AFTER",
                begindatum: "2024-03-31",
                einddatum: Some("2024-05-10"),
                groep_code: None,
                primair: &[],
                neven: &[],
                typeringen: &[],
                prestaties: &[("CO0001", "2024-04-15")],
                metingen: &[],
            },
            // Ended before the quarter: not in the file.
            TrajectDef {
                vendor_key: "REF-EXCLUDED",
                begindatum: "2023-01-01",
                einddatum: Some("2023-12-31"),
                groep_code: Some("Locatie A"),
                primair: &[],
                neven: &[],
                typeringen: &[],
                prestaties: &[("CO0001", "2023-02-01")],
                metingen: &[],
            },
        ],
        metingen: &[
            // In the quarter: delivered.
            MetingDef {
                datum: "2024-03-01",
                items: &[("1", "3"), ("16", "5")],
            },
            // After the quarter: not in the file.
            MetingDef {
                datum: "2024-04-02",
                items: &[("1", "2")],
            },
        ],
    },
    ProviderDef {
        code: "87654321",
        trajecten: &[
            // One day, closed on its first day.
            TrajectDef {
                vendor_key: "REF-B-1",
                begindatum: "2024-01-01",
                einddatum: Some("2024-01-01"),
                groep_code: None,
                primair: &[("D5_2.01", "2024-01-01")],
                neven: &[],
                typeringen: &[],
                prestaties: &[],
                metingen: &[],
            },
        ],
        metingen: &[MetingDef {
            datum: "2024-01-15",
            items: &[("5", "1")],
        }],
    },
];

fn date(text: &str) -> time::Date {
    spiegelinformatie::datum::parse_date(text).expect("reference dates are real")
}

fn meting(def: &MetingDef) -> Meting {
    let mut m = Meting::new(CQI, date(def.datum)).unwrap();
    for (code, score) in def.items {
        m.add_item(Item::new(code, score).unwrap());
    }
    m
}

/// The reference delivery, built with the Rust API.
pub fn delivery() -> Delivery {
    let mut delivery = Delivery::new();
    for p in PROVIDERS {
        let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new(p.code).unwrap()));
        for t in p.trajecten {
            let mut b = Zorgtraject::builder(date(t.begindatum)).id(t.vendor_key);
            if let Some(e) = t.einddatum {
                b = b.einddatum(date(e));
            }
            if let Some(g) = t.groep_code {
                b = b.groep_code(g);
            }
            for (code, datum) in t.primair {
                b = b.primair(Primair::new(code, date(datum)).unwrap());
            }
            for code in t.neven {
                b = b.neven(Neven::new(code).unwrap());
            }
            for (honos, code, datum) in t.typeringen {
                b = b.zorgvraagtypering(Zorgvraagtypering::new(*honos, *code, date(datum)).unwrap());
            }
            for (code, datum) in t.prestaties {
                b = b.prestatie(Prestatie::new(code, date(datum)).unwrap());
            }
            for m in t.metingen {
                b = b.meting(meting(m));
            }
            za.add_zorgtraject(b.build().unwrap());
        }
        for m in p.metingen {
            za.add_meting(meting(m));
        }
    }
    delivery
}

/// The options of the reference file.
pub fn options() -> GenerateOptions {
    let quarter: Quarter = QUARTER.parse().unwrap();
    let datum_creatie = spiegelinformatie::datum::parse_datetime(DATUM_CREATIE).unwrap();
    GenerateOptions::new(quarter, datum_creatie)
}

/// The reference file and its report, made with the Rust API.
pub fn xml() -> (Vec<u8>, Report) {
    let mut out = Vec::new();
    let report = generate(&delivery(), &options(), &mut out).expect("the reference delivery is valid");
    (out, report)
}

/// Where the golden file lives.
pub fn golden_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/reference/reference.xml")
}
