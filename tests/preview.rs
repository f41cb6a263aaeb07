//! The preview: counts per groep_code against the PVM thresholds, per-trajectory derivations,
//! and the four exports.

use std::collections::BTreeSet;

use spiegelinformatie::preview::{
    preview_bestand, preview_delivery, BuiltinDiagnosegroepen, Detail, DiagnosegroepLookup, Fallback,
    Preview, Status, TrajectPreview, CSV_HEADER, DREMPEL_AFGESLOTEN, DREMPEL_METINGEN, DREMPEL_ZORGTRAJECTEN,
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
        let mut b = traject(Some("A"), date!(2023 - 06 - 01), None);
        for i in 0..n {
            b = b.meting(meting(date!(2024 - 01 - 10) + time::Duration::days(i as i64)));
        }
        let p = preview(&delivery(vec![b.build().unwrap()], vec![]), "2024-Q1");
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
    assert_eq!(p.groepen[2].label(), "(geen groep_code)");
    // Loose metingen: only the one dated in the quarter, in no group.
    assert_eq!(p.losse_metingen, 1);
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
fn diagnosis_groups_from_the_builtin_fallback() {
    let b = BuiltinDiagnosegroepen;
    assert_eq!(b.diagnosegroep("D5_5.03").as_deref(), Some("Angststoornis"));
    assert_eq!(b.diagnosegroep("D5_5.03.01").as_deref(), Some("Angststoornis"));
    assert_eq!(
        b.diagnosegroep("D5_4.02.02.02").as_deref(),
        Some("DSM-5 hoofdstuk 4")
    );
    assert_eq!(b.diagnosegroep("D5_5.01").as_deref(), Some("DSM-5 hoofdstuk 5"));
    assert_eq!(b.diagnosegroep("F41.0"), None);
    // A loaded table first, the fallback second.
    let table = |code: &str| (code == "D5_4.02.02.02").then(|| "Depressie".to_string());
    let both = Fallback(table, BuiltinDiagnosegroepen);
    assert_eq!(both.diagnosegroep("D5_4.02.02.02").as_deref(), Some("Depressie"));
    assert_eq!(both.diagnosegroep("D5_5.03").as_deref(), Some("Angststoornis"));
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
    assert!(t.primair_in_kwartaal);
    assert!(t.nevendiagnosen);
    assert_eq!(t.primaire_diagnosen.len(), 3);

    // The same trajectory previewed for 2023-Q4: the 2023-11-20 diagnosis counts.
    let t2 = traject(Some("A"), date!(2023 - 06 - 01), None)
        .primair(Primair::new("D5_4.02.02.02", date!(2023 - 11 - 20)).unwrap())
        .primair(Primair::new("D5_5.03", date!(2024 - 02 - 01)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t2.clone()], vec![]), "2023-Q4");
    let t = only_traject(&p);
    assert_eq!(t.diagnosegroep.as_deref(), Some("DSM-5 hoofdstuk 4"));
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
    assert_eq!(Quarter::containing(date!(2024 - 04 - 12)).to_string(), "2024-Q2");
}

#[test]
fn consults_status_and_duration() {
    let t = traject(Some("A"), date!(2024 - 01 - 10), Some(date!(2024 - 02 - 15)))
        .prestatie(Prestatie::new("CO0001", date!(2024 - 01 - 10)).unwrap())
        .prestatie(Prestatie::new("OV0001", date!(2024 - 01 - 11)).unwrap())
        .prestatie(Prestatie::new("CO0002", date!(2024 - 02 - 01)).unwrap())
        .prestatie(Prestatie::new("CO0003", date!(2024 - 04 - 02)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert_eq!(t.consulten, 3);
    assert_eq!(t.consulten_in_kwartaal, 2);
    assert_eq!(t.status, Status::InDiagnostiekOfBehandeling);
    assert!(t.afgesloten);
    assert_eq!(t.behandelduur_dagen, Some(36));

    // Same day: 0 days. Only a prestatie after the quarter: still waiting.
    let t = traject(Some("A"), date!(2024 - 01 - 01), Some(date!(2024 - 01 - 01)))
        .prestatie(Prestatie::new("CO0001", date!(2024 - 04 - 01)).unwrap())
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert_eq!(t.behandelduur_dagen, Some(0));
    assert_eq!(t.status, Status::Wachtend);
    assert_eq!(t.consulten, 1);
    assert_eq!(t.consulten_in_kwartaal, 0);

    // Open (einddatum after the quarter is not written): no duration; no prestatie: waiting.
    let t = traject(Some("A"), date!(2024 - 01 - 01), Some(date!(2024 - 05 - 01)))
        .build()
        .unwrap();
    let p = preview(&delivery(vec![t], vec![]), "2024-Q1");
    let t = only_traject(&p);
    assert!(!t.afgesloten);
    assert_eq!(t.einddatum, None);
    assert_eq!(t.behandelduur_dagen, None);
    assert_eq!(t.status, Status::Wachtend);
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
    assert_eq!((g.zorgtrajecten, g.afgesloten, g.metingen), (1, 1, 1));
    assert_eq!(p.losse_metingen, 1);
}

fn sample() -> Preview {
    let mut ts: Vec<Zorgtraject> = (0..5)
        .map(|_| {
            traject(Some("Locatie <Zuid> & \"Noord\""), date!(2023 - 06 - 01), None)
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
    let v = p.to_json_value(Detail::Groepen);
    assert_eq!(
        keys(&v),
        BTreeSet::from(["kwartaal", "drempel", "groepen", "losse_metingen"])
    );
    assert_eq!(v["kwartaal"], "2024-Q1");
    assert_eq!(v["losse_metingen"], 1);
    assert_eq!(
        v["drempel"],
        serde_json::json!({"zorgtrajecten": 5, "afgesloten": 5, "metingen": 5})
    );
    let groepen = v["groepen"].as_array().unwrap();
    assert_eq!(groepen.len(), 2);
    let group_keys = BTreeSet::from([
        "groep_code",
        "zorgtrajecten",
        "afgesloten",
        "metingen",
        "deelt_zorgtrajecten",
        "deelt_afgesloten",
        "deelt_metingen",
        "toelichting",
    ]);
    for g in groepen {
        assert_eq!(keys(g), group_keys);
    }
    assert_eq!(groepen[0]["groep_code"], "Locatie <Zuid> & \"Noord\"");
    assert_eq!(groepen[0]["zorgtrajecten"], 5);
    assert_eq!(groepen[0]["deelt_zorgtrajecten"], true);
    assert_eq!(groepen[0]["deelt_afgesloten"], false);
    assert!(groepen[1]["groep_code"].is_null());

    let v = p.to_json_value(Detail::Trajecten);
    let t = &v["groepen"][1]["trajecten"][0];
    assert_eq!(t["begindatum"], "2023-06-01");
    assert_eq!(t["begindatum_kwartaal"], "2023-Q2");
    assert!(t["einddatum"].is_null());
    assert_eq!(t["status"], "wachtend");
    let mut written = Vec::new();
    p.write_json(&mut written, Detail::Groepen).unwrap();
    let reread: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(reread, p.to_json_value(Detail::Groepen));
}

#[test]
fn csv_has_one_row_per_group() {
    let p = sample();
    let mut out = Vec::new();
    p.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "kwartaal,groep_code,zorgtrajecten,afgesloten,metingen,deelt_zorgtrajecten,deelt_afgesloten,deelt_metingen,toelichting"
    );
    assert_eq!(lines[0], CSV_HEADER.join(","));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Locatie <Zuid> & \"Noord\"");
    let cells: Vec<&str> = rows[0].iter().skip(2).take(6).collect();
    assert_eq!(cells, ["5", "0", "0", "true", "false", "false"]);
    assert_eq!(&rows[1][1], "");
    assert_eq!(&rows[1][5], "false");
}

#[test]
fn html_is_self_contained_escaped_and_has_a_chart_per_group() {
    let p = sample();
    let html = p.to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("@import"));
    assert!(!html.contains("url("));
    assert_eq!(html.matches("<svg").count(), p.groepen.len());
    assert_eq!(html.matches("class=\"drempel\"").count(), 3 * p.groepen.len());
    assert!(!html.contains("<Zuid>"));
    assert!(html.contains("Locatie &lt;Zuid&gt; &amp; &quot;Noord&quot;"));
    assert!(html.contains("(geen groep_code)"));
}

#[test]
fn text_table_names_groups_and_sentences() {
    let p = sample();
    let text = p.to_text(Detail::Trajecten);
    assert!(text.contains("Preview of 2024-Q1"));
    assert!(text.contains("(geen groep_code)"));
    assert!(text.contains("everything will be shared") || text.contains("dropped"));
    assert!(text.contains("12345678 #6"));
    let sentence = p.groepen[0].toelichting();
    assert!(sentence.contains("shared: trajectory data"), "{sentence}");
    assert!(sentence.contains("closed-trajectory data (0 < 5)"), "{sentence}");
    assert!(p.groepen[1].toelichting().contains("nothing will be shared"));
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
        groups.diagnosegroep("D5_5.03").as_deref(),
        Some("Paniek (eigen tabel)")
    );
    assert_eq!(
        groups.diagnosegroep("D5_4.02.02.02"),
        BuiltinDiagnosegroepen.diagnosegroep("D5_4.02.02.02")
    );
    assert!(groups.diagnosegroep("D5_4.02.02.02").is_some());
    assert_eq!(groups.diagnosegroep("not a code"), None);
}
