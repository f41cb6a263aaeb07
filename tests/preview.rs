//! The preview: counts per groep_code against the PVM thresholds, per-trajectory derivations,
//! and the four exports.

use std::collections::BTreeSet;

use spiegelinformatie::i18n::Lang;
use spiegelinformatie::preview::{
    preview_bestand, preview_delivery, preview_delivery_with, BuiltinDiagnosegroepen, Detail,
    DiagnosegroepLookup, Fallback, NietGedeeld, Preview, PreviewOptions, Status, TrajectPreview, CSV_HEADER,
    DREMPEL_AFGESLOTEN, DREMPEL_METINGEN, DREMPEL_ZORGTRAJECTEN,
};
use spiegelinformatie::{
    generate, AgbCode, Bestand, Delivery, GenerateOptions, Meting, Neven, Prestatie, Primair, Quarter,
    Zorgaanbieder, Zorgtraject, ZorgtrajectBuilder, Zorgvraagtypering,
};
use time::macros::{date, datetime};
use time::Date;

fn q(text: &str) -> Quarter {
    text.parse().unwrap()
}

fn options(quarter: &str) -> GenerateOptions {
    GenerateOptions::new(q(quarter), datetime!(2024-04-03 10:15:00))
}

fn traject(groep: Option<&str>, begin: Date, end: Option<Date>) -> ZorgtrajectBuilder {
    let mut b = Zorgtraject::builder(begin);
    if let Some(g) = groep {
        b = b.groep_code(g);
    }
    if let Some(e) = end {
        b = b.einddatum(e);
    }
    b
}

fn meting(d: Date) -> Meting {
    // A meting without items is not delivered: give each one an answered item.
    Meting::new("CQi-GGZ-VZ-AKWA", d)
        .unwrap()
        .with_item(spiegelinformatie::Item::new("1", "3").unwrap())
}

fn delivery(trajecten: Vec<Zorgtraject>, losse: Vec<Meting>) -> Delivery {
    let mut delivery = Delivery::new();
    let za = delivery.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    for t in trajecten {
        za.add_zorgtraject(t);
    }
    for m in losse {
        za.add_meting(m);
    }
    delivery
}

fn preview(d: &Delivery, quarter: &str) -> Preview {
    preview_delivery(d, &options(quarter), &BuiltinDiagnosegroepen)
}

fn only_traject(p: &Preview) -> &TrajectPreview {
    assert_eq!(p.groepen.len(), 1);
    assert_eq!(p.groepen[0].trajecten.len(), 1);
    &p.groepen[0].trajecten[0]
}

#[test]
fn thresholds_are_five() {
    assert_eq!(
        (DREMPEL_ZORGTRAJECTEN, DREMPEL_AFGESLOTEN, DREMPEL_METINGEN),
        (5, 5, 5)
    );
}

#[test]
fn trajectory_threshold_at_4_5_6() {
    for n in [4u64, 5, 6] {
        let ts = (0..n)
            .map(|_| traject(Some("A"), date!(2023 - 06 - 01), None).build().unwrap())
            .collect();
        let p = preview(&delivery(ts, vec![]), "2024-Q1");
        let g = &p.groepen[0];
        assert_eq!(g.zorgtrajecten, n);
        assert_eq!(g.deelt_zorgtrajecten(), n >= 5, "{n} trajectories");
        assert!(!g.deelt_afgesloten());
        assert!(!g.deelt_metingen());
    }
}

#[test]
fn closed_threshold_at_4_5_6() {
    for n in [4u64, 5, 6] {
        let mut ts: Vec<Zorgtraject> = (0..n)
            .map(|_| {
                traject(Some("A"), date!(2023 - 06 - 01), Some(date!(2024 - 02 - 15)))
                    .build()
                    .unwrap()
            })
            .collect();
        // Open ones make sure only the closed count decides.
        ts.extend((0..3).map(|_| traject(Some("A"), date!(2023 - 06 - 01), None).build().unwrap()));
        let p = preview(&delivery(ts, vec![]), "2024-Q1");
        let g = &p.groepen[0];
        assert_eq!(g.afgesloten, n);
        assert_eq!(g.zorgtrajecten, n + 3);
        assert_eq!(g.deelt_afgesloten(), n >= 5, "{n} closed");
        assert!(g.deelt_zorgtrajecten());
    }
}

#[test]
fn metingen_threshold_at_4_5_6() {
    for n in [4u64, 5, 6] {
        // Five trajectories, so that only the metingen count decides.
        let mut b = traject(Some("A"), date!(2023 - 06 - 01), None);
        for i in 0..n {
            b = b.meting(meting(date!(2024 - 01 - 10) + time::Duration::days(i as i64)));
        }
        let mut ts = vec![b.build().unwrap()];
        ts.extend((0..4).map(|_| traject(Some("A"), date!(2023 - 06 - 01), None).build().unwrap()));
        let p = preview(&delivery(ts, vec![]), "2024-Q1");
        let g = &p.groepen[0];
        assert_eq!(g.metingen, n);
        assert_eq!(g.deelt_metingen(), n >= 5, "{n} metingen");
    }
}

#[test]
fn counts_follow_the_quarter_selection_and_the_none_group_comes_last() {
    let ts = vec![
        // Group B: closed in the quarter, with two linked metingen (one after the quarter:
        // still in the file by default).
        traject(Some("B"), date!(2023 - 06 - 01), Some(date!(2024 - 02 - 15)))
            .meting(meting(date!(2024 - 01 - 10)))
            .meting(meting(date!(2024 - 05 - 10)))
            .build()
            .unwrap(),
        // Group B: ends after the quarter, so delivered open.
        traject(Some("B"), date!(2023 - 06 - 01), Some(date!(2024 - 05 - 10)))
            .build()
            .unwrap(),
        // Group A: ended before the quarter: not in the file.
        traject(Some("A"), date!(2023 - 06 - 01), Some(date!(2023 - 12 - 31)))
            .build()
            .unwrap(),
        // Group A: open.
        traject(Some("A"), date!(2024 - 03 - 31), None).build().unwrap(),
        // No groep_code: one closed on its first day, one open starting after: not in file.
        traject(None, date!(2024 - 01 - 01), Some(date!(2024 - 01 - 01)))
            .meting(meting(date!(2024 - 01 - 01)))
            .build()
            .unwrap(),
        traject(None, date!(2024 - 04 - 01), None).build().unwrap(),
    ];
    let losse = vec![meting(date!(2024 - 03 - 01)), meting(date!(2024 - 04 - 01))];
    let p = preview(&delivery(ts, losse), "2024-Q1");
    assert_eq!(p.kwartaal, q("2024-Q1"));
    let summary: Vec<_> = p
        .groepen
        .iter()
        .map(|g| (g.groep_code.as_deref(), g.zorgtrajecten, g.afgesloten, g.metingen))
        .collect();
    assert_eq!(
        summary,
        vec![(Some("A"), 1, 0, 0), (Some("B"), 2, 1, 2), (None, 1, 1, 1)]
    );
    assert_eq!(p.groepen[2].label(Lang::Nl), "(geen groep_code)");
    assert_eq!(p.groepen[2].label(Lang::En), "(no groep_code)");
    // Loose metingen: only the one dated in the quarter, in no group.
    assert_eq!(p.losse_metingen_totaal(), 1);
}

#[test]
fn counts_agree_with_the_generated_file() {
    let ts = vec![
        traject(Some("A"), date!(2023 - 06 - 01), Some(date!(2024 - 02 - 15)))
            .meting(meting(date!(2024 - 01 - 10)))
            .meting(meting(date!(2024 - 05 - 10)))
            .build()
            .unwrap(),
        traject(None, date!(2023 - 06 - 01), Some(date!(2024 - 05 - 10)))
            .build()
            .unwrap(),
        traject(Some("A"), date!(2024 - 04 - 01), None).build().unwrap(),
    ];
    let d = delivery(ts, vec![]);
    let mut opts = options("2024-Q1");
    for drop_after in [false, true] {
        opts.selection.drop_children_after_quarter = drop_after;
        let mut xml = Vec::new();
        generate(&d, &opts, &mut xml).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        let p = preview_delivery(&d, &opts, &BuiltinDiagnosegroepen);
        let sum = |f: fn(&spiegelinformatie::preview::Groep) -> u64| p.groepen.iter().map(f).sum::<u64>();
        assert_eq!(
            sum(|g| g.zorgtrajecten) as usize,
            xml.matches("<Zorgtraject ").count()
        );
        assert_eq!(sum(|g| g.afgesloten) as usize, xml.matches(" einddatum=").count());
        assert_eq!(sum(|g| g.metingen) as usize, xml.matches("<Meting ").count());
        assert_eq!(sum(|g| g.metingen), if drop_after { 1 } else { 2 });
    }
}

#[test]
fn diagnosis_groups_from_the_builtin_table_have_one_name() {
    let b = BuiltinDiagnosegroepen;
    let group = |code: &str| b.diagnosegroep(code).map(|g| (g.naam, g.benadering));
    // The model's pair, exact; every other anxiety code gets the same name, as an approximation.
    assert_eq!(group("D5_5.03"), Some(("Angststoornis".into(), false)));
    assert_eq!(group("D5_5.03.01"), Some(("Angststoornis".into(), false)));
    assert_eq!(group("D5_5.02"), Some(("Angststoornis".into(), true)));
    assert_eq!(group("D5_5.01"), Some(("Angststoornis".into(), true)));
    assert_eq!(
        group("D5_4.02.02.02"),
        Some(("Depressieve-stemmingsstoornissen".into(), true))
    );
    assert_eq!(group("F41.0"), None);
    assert_eq!(group("D5_23.01"), None);
    // The same names as the bundled CSV gives.
    let lists = spiegelinformatie::CodeLists::bundled();
    for code in ["D5_5.03", "D5_5.02", "D5_4.02.02.02", "D5_22.01"] {
        assert_eq!(
            b.diagnosegroep(code).map(|g| g.naam).as_deref(),
            lists.diagnosegroep(code),
            "{code}"
        );
    }
    // No group name in the bundled table says "hoofdstuk" or is a plural twin of another.
    let names: BTreeSet<&str> = lists
        .list(spiegelinformatie::ListName::Diagnosegroep)
        .entries()
        .iter()
        .map(|e| e.omschrijving())
        .collect();
    assert!(names.contains("Angststoornis") && !names.contains("Angststoornissen"));
    assert!(names.iter().all(|n| !n.contains("hoofdstuk")));
    // A loaded table first, the fallback second.
    let table = |code: &str| (code == "D5_4.02.02.02").then(|| "Depressie".to_string());
    let both = Fallback(table, BuiltinDiagnosegroepen);
    let depressie = both.diagnosegroep("D5_4.02.02.02").unwrap();
    assert_eq!(
        (depressie.naam.as_str(), depressie.benadering),
        ("Depressie", false)
    );
    assert_eq!(both.diagnosegroep("D5_5.03").unwrap().naam, "Angststoornis");
}

#[test]
fn the_latest_primary_on_or_before_quarter_end_counts() {
    let t = traject(Some("A"), date!(2023 - 06 - 01), None)
        .primair(Primair::new("D5_4.02.02.02", date!(2023 - 11 - 20)).unwrap())
        .primair(Primair::new("D5_5.03", date!(2024 - 02 - 01)).unwrap())
        .primair(Primair::new("D5_6.01", date!(2024 - 05 - 01)).unwrap())
        .neven(Neven::new("D5_6.01").unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    let primair = t.primair.as_ref().unwrap();
    assert_eq!(primair.cl_d5_diagnose_code, "D5_5.03");
    assert_eq!(t.diagnosegroep.as_deref(), Some("Angststoornis"));
    assert!(!t.diagnosegroep_benadering);
    assert!(t.primair_in_kwartaal);
    assert!(t.nevendiagnosen);
    // Every primary diagnosis gets its group and its "established in the quarter" flag.
    let all: Vec<_> = t
        .primaire_diagnosen
        .iter()
        .map(|p| {
            (
                p.diagnosegroep.as_deref(),
                p.diagnosegroep_benadering,
                p.in_kwartaal,
            )
        })
        .collect();
    assert_eq!(
        all,
        [
            (Some("Depressieve-stemmingsstoornissen"), true, false),
            (Some("Angststoornis"), false, true),
            (
                Some("Obsessieve-compulsieve en verwante stoornissen"),
                true,
                false
            ),
        ]
    );

    // The same trajectory previewed for 2023-Q4: the 2023-11-20 diagnosis counts.
    let t2 = traject(Some("A"), date!(2023 - 06 - 01), None)
        .primair(Primair::new("D5_4.02.02.02", date!(2023 - 11 - 20)).unwrap())
        .primair(Primair::new("D5_5.03", date!(2024 - 02 - 01)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t2.clone()], vec![]), "2023-Q4");
    let t = only_traject(&p);
    assert_eq!(
        t.diagnosegroep.as_deref(),
        Some("Depressieve-stemmingsstoornissen")
    );
    assert!(t.diagnosegroep_benadering);
    assert!(t.primair_in_kwartaal);
    assert!(!t.nevendiagnosen);

    // For 2024-Q2 the 2024-02-01 diagnosis counts, established before the quarter.
    let p = preview(&delivery(vec![t2], vec![]), "2024-Q2");
    let t = only_traject(&p);
    assert_eq!(t.primair.as_ref().unwrap().cl_d5_diagnose_code, "D5_5.03");
    assert!(!t.primair_in_kwartaal);

    // Only a diagnosis after the quarter: none counts.
    let t3 = traject(Some("A"), date!(2023 - 06 - 01), None)
        .primair(Primair::new("D5_5.03", date!(2024 - 05 - 01)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t3], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert_eq!(t.primair, None);
    assert_eq!(t.diagnosegroep, None);
    assert!(!t.primair_in_kwartaal);
}

#[test]
fn dates_become_year_quarters_and_lists_hold_the_quarter_only() {
    let t = traject(Some("A"), date!(2024 - 04 - 12), Some(date!(2024 - 06 - 30)))
        .primair(Primair::new("D5_5.03", date!(2024 - 04 - 12)).unwrap())
        .zorgvraagtypering(Zorgvraagtypering::new(Some("3"), Some("3"), date!(2024 - 04 - 12)).unwrap())
        .zorgvraagtypering(Zorgvraagtypering::new(None, Some("4"), date!(2024 - 07 - 01)).unwrap())
        .prestatie(Prestatie::new("CO0001", date!(2024 - 04 - 12)).unwrap())
        .prestatie(Prestatie::new("OV0001", date!(2024 - 08 - 01)).unwrap())
        .meting(meting(date!(2024 - 06 - 30)))
        .meting(meting(date!(2024 - 07 - 01)))
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q2");
    let t = only_traject(&p);
    assert_eq!(t.begindatum_kwartaal, q("2024-Q2"));
    assert_eq!(t.einddatum_kwartaal, Some(q("2024-Q2")));
    assert_eq!(t.primair.as_ref().unwrap().kwartaal, q("2024-Q2"));
    assert_eq!(t.zorgvraagtyperingen.len(), 1);
    assert_eq!(t.zorgvraagtyperingen[0].kwartaal, q("2024-Q2"));
    assert_eq!(t.prestaties.len(), 1);
    assert_eq!(t.prestaties[0].prestatie_code, "CO0001");
    assert_eq!(t.metingen.len(), 1);
    assert_eq!(t.metingen[0].kwartaal, q("2024-Q2"));
    assert_eq!(t.metingen_in_bestand, 2);
    assert_eq!(p.groepen[0].metingen, 2);
    assert_eq!(p.groepen[0].metingen_in_kwartaal, 1);
    assert_eq!(Quarter::containing(date!(2024 - 04 - 12)).to_string(), "2024-Q2");
}

fn status_of(b: ZorgtrajectBuilder) -> TrajectPreview {
    let p = preview(&delivery(vec![b.build().unwrap()], vec![]), "2024-Q1");
    only_traject(&p).clone()
}

#[test]
fn status_comes_from_the_consults_and_the_prestatie_list() {
    let open = || traject(Some("A"), date!(2024 - 01 - 10), None);
    // Bundled: CO0018 diagnostiek 5 minutes, CO0213 behandeling 15, OV0007 overleg (no consult).
    let pr = |code: &str, d: Date| Prestatie::new(code, d).unwrap();
    assert_eq!(status_of(open()).status, Status::WachtendOpDiagnostiek);
    // Only consults count as contact: an overleg alone leaves the trajectory waiting.
    let t = status_of(open().prestatie(pr("OV0007", date!(2024 - 01 - 11))));
    assert_eq!((t.status, t.consulten), (Status::WachtendOpDiagnostiek, 0));
    let t = status_of(open().prestatie(pr("CO0018", date!(2024 - 01 - 11))));
    assert_eq!(t.status, Status::BezigMetDiagnostiek);
    // A primary diagnosis on or after the last diagnostiek consult: waiting for behandeling.
    let t = status_of(
        open()
            .prestatie(pr("CO0018", date!(2024 - 01 - 11)))
            .primair(Primair::new("D5_5.03", date!(2024 - 01 - 11)).unwrap()),
    );
    assert_eq!(t.status, Status::WachtendOpBehandeling);
    let t = status_of(
        open()
            .prestatie(pr("CO0018", date!(2024 - 01 - 11)))
            .prestatie(pr("CO0213", date!(2024 - 02 - 11)))
            .primair(Primair::new("D5_5.03", date!(2024 - 01 - 11)).unwrap()),
    );
    assert_eq!(t.status, Status::BezigMetBehandeling);
    // A consult the list says nothing about.
    let t = status_of(open().prestatie(pr("CO9999", date!(2024 - 01 - 11))));
    assert_eq!(t.status, Status::BezigSoortOnbekend);
    // A behandeling consult after the quarter does not count yet.
    let t = status_of(
        open()
            .prestatie(pr("CO0018", date!(2024 - 01 - 11)))
            .prestatie(pr("CO0213", date!(2024 - 04 - 11))),
    );
    assert_eq!(t.status, Status::BezigMetDiagnostiek);
    // Closed is closed, whatever the consults.
    let t = status_of(
        traject(Some("A"), date!(2024 - 01 - 10), Some(date!(2024 - 02 - 01)))
            .prestatie(pr("CO0213", date!(2024 - 01 - 11))),
    );
    assert_eq!(t.status, Status::Afgesloten);
    assert_eq!(Status::Afgesloten.label(Lang::Nl), "afgesloten");
    assert_eq!(
        Status::WachtendOpBehandeling.label(Lang::Nl),
        "wachtend op behandeling"
    );
}

#[test]
fn consults_and_duration_in_days_and_minutes() {
    let t = traject(Some("A"), date!(2024 - 01 - 10), Some(date!(2024 - 02 - 15)))
        .prestatie(Prestatie::new("CO0018", date!(2024 - 01 - 10)).unwrap())
        .prestatie(Prestatie::new("OV0007", date!(2024 - 01 - 11)).unwrap())
        .prestatie(Prestatie::new("CO0213", date!(2024 - 02 - 01)).unwrap())
        .prestatie(Prestatie::new("CO9999", date!(2024 - 04 - 02)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert_eq!(t.consulten, 3);
    assert_eq!(t.consulten_in_kwartaal, 2);
    assert!(t.afgesloten);
    assert_eq!(t.behandelduur_dagen, Some(36));
    assert_eq!(t.behandelduur_minuten, Some(5 + 15));
    assert_eq!(t.consulten_zonder_minuten, 1);
    let kinds: Vec<_> = t
        .prestaties
        .iter()
        .map(|p| (p.consult, p.soort.map(|s| s.as_str()), p.minuten))
        .collect();
    assert_eq!(
        kinds,
        [
            (true, Some("diagnostiek"), Some(5)),
            (false, None, None),
            (true, Some("behandeling"), Some(15))
        ]
    );

    // Same day: 0 days.
    let t = traject(Some("A"), date!(2024 - 01 - 01), Some(date!(2024 - 01 - 01)))
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    assert_eq!(only_traject(&p).behandelduur_dagen, Some(0));
    assert_eq!(only_traject(&p).behandelduur_minuten, Some(0));

    // Open (einddatum after the quarter is not written): no duration.
    let t = traject(Some("A"), date!(2024 - 01 - 01), Some(date!(2024 - 05 - 01)))
        .prestatie(Prestatie::new("CO0018", date!(2024 - 01 - 10)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert!(!t.afgesloten);
    assert_eq!(t.einddatum, None);
    assert_eq!((t.behandelduur_dagen, t.behandelduur_minuten), (None, None));
    assert_eq!(t.status, Status::BezigMetDiagnostiek);
}

#[test]
fn a_bestand_is_previewed_as_it_is() {
    let mut za = Zorgaanbieder::new(AgbCode::new("12345678").unwrap());
    za.add_zorgtraject(
        traject(Some("A"), date!(2023 - 01 - 01), Some(date!(2024 - 03 - 01)))
            .meting(meting(date!(2022 - 01 - 01)))
            .build()
            .unwrap(),
    );
    za.add_meting(meting(date!(2022 - 01 - 01)));
    let bestand = Bestand {
        datum_creatie: datetime!(2024-04-03 10:15:00),
        kwartaal: q("2024-Q1"),
        zorgaanbieders: vec![za],
    };
    let p = preview_bestand(&bestand, &BuiltinDiagnosegroepen);
    assert_eq!(p.kwartaal, q("2024-Q1"));
    let g = &p.groepen[0];
    assert_eq!(
        (g.zorgtrajecten, g.afgesloten, g.metingen, g.metingen_in_kwartaal),
        (1, 1, 1, 0)
    );
    assert_eq!(p.losse_metingen.len(), 1);
    assert_eq!(
        (p.losse_metingen[0].in_bestand, p.losse_metingen[0].in_kwartaal),
        (1, 0)
    );
}

/// Two providers; "Locatie A" at both, trajectories without groep_code at both.
fn two_providers(per_provider: usize) -> Delivery {
    let mut d = Delivery::new();
    for agb in ["11111111", "22222222"] {
        let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new(agb).unwrap()));
        for _ in 0..per_provider {
            za.add_zorgtraject(
                traject(Some("Locatie A"), date!(2023 - 06 - 01), None)
                    .build()
                    .unwrap(),
            );
            za.add_zorgtraject(traject(None, date!(2023 - 06 - 01), None).build().unwrap());
        }
    }
    d
}

#[test]
fn groups_are_per_provider_unless_pooled() {
    let d = two_providers(3);
    let p = preview(&d, "2024-Q1");
    let summary: Vec<_> = p
        .groepen
        .iter()
        .map(|g| {
            (
                g.zorgaanbieder_code.as_deref(),
                g.groep_code.as_deref(),
                g.zorgtrajecten,
                g.deelt_zorgtrajecten(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some("11111111"), Some("Locatie A"), 3, false),
            (Some("11111111"), None, 3, false),
            (Some("22222222"), Some("Locatie A"), 3, false),
            (Some("22222222"), None, 3, false),
        ]
    );
    assert!(!p.pool_agb);

    let pooled = preview_delivery_with(
        &d,
        &options("2024-Q1"),
        &BuiltinDiagnosegroepen,
        PreviewOptions { pool_agb: true },
    );
    assert!(pooled.pool_agb);
    let summary: Vec<_> = pooled
        .groepen
        .iter()
        .map(|g| {
            (
                g.zorgaanbieder_code.as_deref(),
                g.groep_code.as_deref(),
                g.zorgtrajecten,
                g.deelt_zorgtrajecten(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [(None, Some("Locatie A"), 6, true), (None, None, 6, true)]
    );
    assert_eq!(pooled.groepen[0].zorgaanbieder_codes, ["11111111", "22222222"]);
    assert_eq!(pooled.groepen[0].agb_label(), "11111111+22222222");

    // zorgaanbieder_code in every format.
    let v = p.to_json_value(Detail::Groepen, Lang::En);
    assert_eq!(v["groepen"][2]["zorgaanbieder_code"], "22222222");
    assert_eq!(v["groepen"][2]["groep_code"], "Locatie A");
    let v = pooled.to_json_value(Detail::Groepen, Lang::En);
    assert!(v["groepen"][0]["zorgaanbieder_code"].is_null());
    assert_eq!(
        v["groepen"][0]["zorgaanbieder_codes"],
        serde_json::json!(["11111111", "22222222"])
    );
    let mut csv = Vec::new();
    p.write_csv(&mut csv, Lang::En).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let agb = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "zorgaanbieder_code")
        .unwrap();
    let codes: Vec<String> = reader.records().map(|r| r.unwrap()[agb].to_string()).collect();
    assert_eq!(codes, ["11111111", "11111111", "22222222", "22222222"]);
    let text = p.to_text(Detail::Groepen, Lang::En);
    assert!(
        text.lines()
            .any(|l| l.starts_with("22222222") && l.contains("Locatie A")),
        "{text}"
    );
    let html = p.to_html(Lang::En);
    assert!(html.contains("AGB 22222222 · groep_code Locatie A"));
}

#[test]
fn metingen_follow_the_trajectory_threshold() {
    // 2 trajectories with 6 metingen: the metingen are not shared.
    let with_metingen = |n_traj: usize| {
        let ts = (0..n_traj)
            .map(|i| {
                let mut b = traject(Some("A"), date!(2023 - 06 - 01), None);
                if i < 2 {
                    for day in 0..3 {
                        b = b.meting(meting(date!(2024 - 01 - 10) + time::Duration::days(day)));
                    }
                }
                b.build().unwrap()
            })
            .collect();
        preview(&delivery(ts, vec![]), "2024-Q1")
    };
    let p = with_metingen(2);
    let g = &p.groepen[0];
    assert_eq!(g.metingen, 6);
    assert!(!g.deelt_metingen());
    assert_eq!(
        g.niet_gedeeld(),
        [
            NietGedeeld::Zorgtrajecten { aantal: 2 },
            NietGedeeld::MetingenZonderZorgtrajecten { aantal: 2 }
        ]
    );
    assert!(g
        .toelichting(Lang::En)
        .contains("The metingen will not be shared either"));
    assert!(g
        .toelichting(Lang::Nl)
        .contains("Ook de metingen worden niet gedeeld"));
    let p = with_metingen(5);
    assert!(p.groepen[0].deelt_metingen());
    assert!(p.groepen[0]
        .niet_gedeeld()
        .contains(&NietGedeeld::Afgesloten { aantal: 0 }));
}

#[test]
fn metingen_in_the_quarter_are_shown_beside_those_in_the_file() {
    let ts = (0..5)
        .map(|_| {
            traject(Some("A"), date!(2023 - 06 - 01), None)
                .meting(meting(date!(2023 - 12 - 10)))
                .meting(meting(date!(2024 - 01 - 10)))
                .build()
                .unwrap()
        })
        .collect();
    let p = preview(&delivery(ts, vec![]), "2024-Q1");
    let g = &p.groepen[0];
    assert_eq!((g.metingen, g.metingen_in_kwartaal), (10, 5));
    let sentence = g.toelichting(Lang::En);
    assert!(
        sentence.contains("metingen in the file: 10 (dated in the quarter: 5)"),
        "{sentence}"
    );
    let v = p.to_json_value(Detail::Groepen, Lang::En);
    assert_eq!(v["groepen"][0]["metingen_in_kwartaal"], 5);
    let html = p.to_html(Lang::Nl);
    assert!(html.contains("metingen in kwartaal") && html.contains("metingen in bestand"));
}

#[test]
fn loose_metingen_get_a_verdict_per_agb_code() {
    let mut d = Delivery::new();
    for (agb, n) in [("11111111", 5), ("22222222", 2)] {
        let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new(agb).unwrap()));
        for i in 0..n {
            za.add_meting(meting(date!(2024 - 01 - 10) + time::Duration::days(i)));
        }
    }
    let p = preview(&d, "2024-Q1");
    let verdicts: Vec<_> = p
        .losse_metingen
        .iter()
        .map(|l| (l.zorgaanbieder_code.as_deref(), l.in_bestand, l.gedeeld()))
        .collect();
    assert_eq!(
        verdicts,
        [(Some("11111111"), 5, true), (Some("22222222"), 2, false)]
    );
    let text = p.to_text(Detail::Groepen, Lang::En);
    assert!(
        text.contains("AGB 22222222: loose metingen in the file: 2"),
        "{text}"
    );
    assert!(text.contains("Assumption:"));
    let v = p.to_json_value(Detail::Groepen, Lang::Nl);
    assert_eq!(v["losse_metingen"][0]["gedeeld"], true);
    assert!(v["losse_metingen"][1]["aanname"]
        .as_str()
        .unwrap()
        .starts_with("Aanname"));
    let pooled = preview_delivery_with(
        &d,
        &options("2024-Q1"),
        &BuiltinDiagnosegroepen,
        PreviewOptions { pool_agb: true },
    );
    assert_eq!(pooled.losse_metingen.len(), 1);
    assert_eq!(pooled.losse_metingen[0].in_bestand, 7);
    assert!(pooled.losse_metingen[0].gedeeld());
}

fn sample() -> Preview {
    let mut ts: Vec<Zorgtraject> = (0..5)
        .map(|i| {
            traject(Some("Locatie <Zuid> & \"Noord\""), date!(2023 - 06 - 01), None)
                .primair(
                    Primair::new(if i < 2 { "D5_5.03" } else { "D5_5.02" }, date!(2024 - 01 - 05)).unwrap(),
                )
                .build()
                .unwrap()
        })
        .collect();
    ts.push(traject(None, date!(2023 - 06 - 01), None).build().unwrap());
    preview(&delivery(ts, vec![meting(date!(2024 - 02 - 01))]), "2024-Q1")
}

fn keys(value: &serde_json::Value) -> BTreeSet<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn json_has_the_documented_keys() {
    let p = sample();
    let v = p.to_json_value(Detail::Groepen, Lang::En);
    assert_eq!(
        keys(&v),
        BTreeSet::from([
            "kwartaal",
            "taal",
            "pool_agb",
            "drempel",
            "groepen",
            "losse_metingen"
        ])
    );
    assert_eq!(v["kwartaal"], "2024-Q1");
    assert_eq!(v["taal"], "en");
    assert_eq!(v["losse_metingen"][0]["in_bestand"], 1);
    assert_eq!(
        v["drempel"],
        serde_json::json!({"zorgtrajecten": 5, "afgesloten": 5, "metingen": 5})
    );
    let groepen = v["groepen"].as_array().unwrap();
    assert_eq!(groepen.len(), 2);
    let group_keys = BTreeSet::from([
        "zorgaanbieder_code",
        "zorgaanbieder_codes",
        "groep_code",
        "zorgtrajecten",
        "afgesloten",
        "metingen",
        "metingen_in_kwartaal",
        "deelt_zorgtrajecten",
        "deelt_afgesloten",
        "deelt_metingen",
        "niet_gedeeld",
        "toelichting",
        "verdeling",
    ]);
    for g in groepen {
        assert_eq!(keys(g), group_keys);
    }
    assert_eq!(groepen[0]["groep_code"], "Locatie <Zuid> & \"Noord\"");
    assert_eq!(groepen[0]["zorgaanbieder_code"], "12345678");
    assert_eq!(groepen[0]["zorgtrajecten"], 5);
    assert_eq!(groepen[0]["deelt_zorgtrajecten"], true);
    assert_eq!(groepen[0]["deelt_afgesloten"], false);
    assert_eq!(
        groepen[0]["niet_gedeeld"],
        serde_json::json!([{"reden": "afgesloten", "aantal": 0}, {"reden": "metingen", "aantal": 0}])
    );
    // One anxiety group: 2 exact + 3 approximated, one name, the approximation marked.
    assert_eq!(
        groepen[0]["verdeling"]["diagnosegroepen"],
        serde_json::json!([["Angststoornis", 5]])
    );
    assert_eq!(
        groepen[0]["verdeling"]["diagnosegroepen_benadering"],
        serde_json::json!(["Angststoornis"])
    );
    assert!(groepen[1]["groep_code"].is_null());

    let v = p.to_json_value(Detail::Trajecten, Lang::En);
    let t = &v["groepen"][1]["trajecten"][0];
    assert_eq!(t["begindatum"], "2023-06-01");
    assert_eq!(t["begindatum_kwartaal"], "2023-Q2");
    assert!(t["einddatum"].is_null());
    assert_eq!(t["status"], "wachtend_op_diagnostiek");
    let t = &v["groepen"][0]["trajecten"][4];
    assert_eq!(t["primaire_diagnosen"][0]["diagnosegroep_benadering"], true);
    assert_eq!(t["primaire_diagnosen"][0]["in_kwartaal"], true);
    let mut written = Vec::new();
    p.write_json(&mut written, Detail::Groepen, Lang::Nl).unwrap();
    let reread: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(reread, p.to_json_value(Detail::Groepen, Lang::Nl));
    // Keys do not change with the language; texts do.
    assert_eq!(keys(&reread), keys(&v));
    assert_ne!(
        reread["groepen"][0]["toelichting"],
        v["groepen"][0]["toelichting"]
    );
}

#[test]
fn csv_has_one_row_per_group() {
    let p = sample();
    let mut out = Vec::new();
    p.write_csv(&mut out, Lang::En).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "kwartaal,groep_code,zorgtrajecten,afgesloten,metingen,deelt_zorgtrajecten,deelt_afgesloten,deelt_metingen,toelichting,zorgaanbieder_code,metingen_in_kwartaal,diagnosegroepen"
    );
    assert_eq!(lines[0], CSV_HEADER.join(","));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Locatie <Zuid> & \"Noord\"");
    let cells: Vec<&str> = rows[0].iter().skip(2).take(6).collect();
    assert_eq!(cells, ["5", "0", "0", "true", "false", "false"]);
    assert_eq!(&rows[0][9], "12345678");
    assert_eq!(&rows[0][11], "~Angststoornis (approximation)=5");
    assert_eq!(&rows[1][1], "");
    assert_eq!(&rows[1][5], "false");
    // The header stays; the texts follow the language.
    let mut nl = Vec::new();
    p.write_csv(&mut nl, Lang::Nl).unwrap();
    let nl = String::from_utf8(nl).unwrap();
    assert_eq!(nl.lines().next(), Some(lines[0]));
    assert!(nl.contains("~Angststoornis (benadering)=5"));
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    for forbidden in [
        "http:", "https:", "//", "<script", "<link", "@import", "url(", "<img", "<iframe", "src=",
    ] {
        assert!(!lower.contains(forbidden), "the page contains {forbidden}");
    }
}

#[test]
fn html_is_self_contained_escaped_and_shows_every_group() {
    let p = sample();
    let html = p.to_html(Lang::Nl);
    assert_self_contained(&html);
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(!html.contains("<Zuid>"));
    assert!(html.contains("Locatie &lt;Zuid&gt; &amp; &quot;Noord&quot;"));
    assert!(html.contains("(geen groep_code)"));
    // One threshold chart per group, three threshold lines each.
    assert_eq!(html.matches("class=\"drempel\"").count(), 3 * p.groepen.len());
    assert_eq!(html.matches("<section class=\"groep\"").count(), p.groepen.len());
    // The summary table comes before the details, with a row per group.
    let summary = html.find("class=\"overzicht\"").unwrap();
    assert!(summary < html.find("<section").unwrap());
    assert_eq!(html.matches("<tr><td class=\"t\">").count(), p.groepen.len());
    // Charts carry their numbers, approximations are marked, what is dropped says why.
    assert!(html.contains(">~Angststoornis (benadering)</text>"));
    assert!(html.contains("<figcaption>Diagnosegroepen (zorgtrajecten)</figcaption>"));
    assert!(html.contains("Status van de zorgtrajecten"));
    assert!(html.contains(">wachtend op diagnostiek</text>"));
    assert!(html.contains("De behandelduur wordt niet gedeeld: de PVM vraagt minimaal 5 afgesloten zorgtrajecten en de groep heeft er 0."));
    assert!(html.contains("wordt niet gedeeld"));
    let english = p.to_html(Lang::En);
    assert_self_contained(&english);
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("Status of the trajectories"));
}

#[test]
fn every_text_of_every_format_comes_from_the_catalogue() {
    // A key missing from the catalogue comes out as the key itself.
    let mut d = two_providers(3);
    let za = &mut d.zorgaanbieders[0];
    za.add_zorgtraject(
        traject(Some("B"), date!(2023 - 06 - 01), Some(date!(2024 - 02 - 01)))
            .primair(Primair::new("D5_5.02", date!(2024 - 01 - 05)).unwrap())
            .zorgvraagtypering(Zorgvraagtypering::new(Some("3"), None, date!(2024 - 01 - 05)).unwrap())
            .prestatie(Prestatie::new("CO0018", date!(2024 - 01 - 05)).unwrap())
            .build()
            .unwrap(),
    );
    za.add_meting(meting(date!(2024 - 01 - 10)));
    for pool_agb in [false, true] {
        let p = preview_delivery_with(
            &d,
            &options("2024-Q1"),
            &BuiltinDiagnosegroepen,
            PreviewOptions { pool_agb },
        );
        for lang in Lang::ALL {
            let mut csv = Vec::new();
            p.write_csv(&mut csv, lang).unwrap();
            let outputs = [
                p.to_text(Detail::Trajecten, lang),
                p.to_json_value(Detail::Trajecten, lang).to_string(),
                String::from_utf8(csv).unwrap(),
                p.to_html(lang),
            ];
            for out in outputs {
                assert!(!out.contains("preview."), "a key without text: {out}");
            }
        }
    }
}

#[test]
fn text_table_names_providers_groups_and_sentences() {
    let p = sample();
    let text = p.to_text(Detail::Trajecten, Lang::En);
    assert!(text.contains("Preview of 2024-Q1"));
    assert!(text.contains("(no groep_code)"));
    assert!(text.contains("12345678 #6"));
    assert!(text.contains("~Angststoornis (approximation)"));
    let sentence = p.groepen[0].toelichting(Lang::En);
    assert!(
        sentence.contains("The treatment duration will not be shared"),
        "{sentence}"
    );
    assert!(p.groepen[1]
        .toelichting(Lang::En)
        .contains("No trajectory data will be shared"));
    let dutch = p.to_text(Detail::Trajecten, Lang::Nl);
    assert!(dutch.contains("Preview van 2024-Q1"));
    assert!(dutch.contains("vastgesteld in het kwartaal"));
    assert!(dutch.contains("wachtend op diagnostiek"));
}

#[test]
fn a_provider_with_300_groups_gets_a_readable_page() {
    let mut d = Delivery::new();
    let za = d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new("12345678").unwrap()));
    for g in 0..300 {
        for i in 0..(g % 9) {
            za.add_zorgtraject(
                traject(
                    Some(&format!("Team {g:03}")),
                    date!(2023 - 06 - 01),
                    (i % 2 == 0).then_some(date!(2024 - 02 - 01)),
                )
                .build()
                .unwrap(),
            );
        }
    }
    let p = preview(&d, "2024-Q1");
    let groups = p.groepen.len();
    assert_eq!(groups, 300 - 300 / 9 - 1);
    let html = p.to_html(Lang::Nl);
    assert_self_contained(&html);
    assert_eq!(html.matches("<section class=\"groep\"").count(), groups);
    for g in &p.groepen {
        let code = g.groep_code.as_deref().unwrap();
        assert!(
            html.contains(&format!(
                "\">{code}</a></td><td>{}</td><td>{}</td>",
                g.zorgtrajecten, g.afgesloten
            )),
            "{code}"
        );
    }
}

#[test]
fn code_list_groups_ask_the_table_first_then_the_builtin_fallback() {
    use spiegelinformatie::preview::CodeListGroups;
    use spiegelinformatie::{CodeList, CodeLists};
    let mut lists = CodeLists::bundled();
    let table = "# list: diagnosegroep\n# source: test\n# version: t\n# completeness: partial\n\
                 code,omschrijving,ingangsdatum,einddatum\nD5_5.03,Paniek (eigen tabel),,\n";
    lists.replace(CodeList::parse(table, "test").unwrap());
    let groups = CodeListGroups(&lists);
    assert_eq!(
        groups.diagnosegroep("D5_5.03").unwrap().naam,
        "Paniek (eigen tabel)"
    );
    assert_eq!(
        groups.diagnosegroep("D5_4.02.02.02"),
        BuiltinDiagnosegroepen.diagnosegroep("D5_4.02.02.02")
    );
    assert!(groups.diagnosegroep("D5_4.02.02.02").unwrap().benadering);
    assert_eq!(groups.diagnosegroep("not a code"), None);
    // A complete list's chapter rows are the authority: no approximation.
    let complete = "# list: diagnosegroep\n# source: test\n# version: t\n# completeness: complete\n\
                    code,omschrijving\nD5_4,Depressie\n";
    lists.replace(CodeList::parse(complete, "test").unwrap());
    let g = CodeListGroups(&lists).diagnosegroep("D5_4.02.02.02").unwrap();
    assert_eq!((g.naam.as_str(), g.benadering), ("Depressie", false));
}

#[test]
fn the_prestatie_list_reads_soort_and_minuten_and_old_files_still_load() {
    use spiegelinformatie::CodeList;
    let head = "# list: prestatie\n# source: test\n# version: t\n# completeness: partial\n";
    let old = CodeList::parse(&format!("{head}code,omschrijving\nCO0001,x\n"), "old").unwrap();
    assert_eq!(
        (old.entries()[0].soort(), old.entries()[0].minuten()),
        (None, None)
    );
    let new = CodeList::parse(
        &format!("{head}code,soort,minuten\nCO0001,behandeling,45\nCO0002,,\n"),
        "new",
    )
    .unwrap();
    assert_eq!(new.entries()[0].soort().map(|s| s.as_str()), Some("behandeling"));
    assert_eq!(new.entries()[0].minuten(), Some(45));
    assert_eq!(new.entries()[1].minuten(), None);
    for bad in [
        "CO0001,Behandeling,45",
        "CO0001,behandeling,-5",
        "CO0001,behandeling,4.5",
        "CO0001,consult,",
    ] {
        let err = CodeList::parse(&format!("{head}code,soort,minuten\n{bad}\n"), "bad").unwrap_err();
        assert!(err.to_string().contains("line 6"), "{bad}: {err}");
    }
    // The bundled list: every code whose description names Diagnostiek/Behandeling and minutes
    // has them in its columns.
    let lists = spiegelinformatie::CodeLists::bundled();
    let list = lists.list(spiegelinformatie::ListName::Prestatie);
    let mut filled = 0;
    for e in list.entries() {
        let d = e.omschrijving();
        let soort = if d.contains(" Diagnostiek ") {
            Some("diagnostiek")
        } else if d.contains(" Behandeling ") {
            Some("behandeling")
        } else {
            None
        };
        assert_eq!(e.soort().map(|s| s.as_str()), soort, "{}", e.code());
        let minutes = d
            .strip_suffix(" minuten")
            .and_then(|rest| rest.rsplit(' ').next())
            .and_then(|n| n.parse::<u32>().ok());
        assert_eq!(e.minuten(), minutes, "{}", e.code());
        filled += usize::from(minutes.is_some());
    }
    assert!(filled >= 30, "{filled}");
}

#[test]
fn typings_are_counted_per_clinician_type_and_per_honos_type() {
    let z = |h: Option<&str>, c: Option<&str>| Zorgvraagtypering::new(h, c, date!(2024 - 02 - 01)).unwrap();
    let t = traject(Some("A"), date!(2023 - 06 - 01), None)
        .zorgvraagtypering(z(Some("3"), Some("3")))
        .zorgvraagtypering(z(Some("3"), Some("4")))
        .zorgvraagtypering(z(None, Some("5")))
        .zorgvraagtypering(Zorgvraagtypering::new(Some("6"), Some("6"), date!(2023 - 12 - 01)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let v = p.groepen[0].verdeling();
    let counts = |t: &[(String, u64)]| t.iter().map(|(k, n)| (k.clone(), *n)).collect::<Vec<_>>();
    assert_eq!(
        counts(&v.zorgvraagtypen),
        [("3".to_string(), 1), ("4".to_string(), 1), ("5".to_string(), 1)]
    );
    assert_eq!(
        counts(&v.zorgvraagtypen_honos),
        [("3".to_string(), 2), (String::new(), 1)]
    );
    assert_eq!(v.zorgvraagtyperingen_afwijkend, 1);
    let html = p.to_html(Lang::Nl);
    assert!(html.contains("afwijkt van de HoNOS+: 1."));
    assert!(html.contains(">zorgvraagtype 5</text>"));
}
