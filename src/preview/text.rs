//! The plain-text preview: a table per group, the sentences, the loose metingen and, on
//! request, a line per trajectory.

use std::fmt::Write as _;

use super::{diagnosegroep_label, Detail, Groep, LosseMetingen, Preview, TrajectPreview};
use super::{DREMPEL_AFGESLOTEN, DREMPEL_METINGEN, DREMPEL_ZORGTRAJECTEN};
use crate::datum::format_date;
use crate::i18n::{text, Lang};

pub(super) fn render(p: &Preview, detail: Detail, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        text(
            lang,
            "preview.text.title",
            &[
                ("quarter", &p.kwartaal.to_string()),
                ("trajectories", &DREMPEL_ZORGTRAJECTEN.to_string()),
                ("closed", &DREMPEL_AFGESLOTEN.to_string()),
                ("metingen", &DREMPEL_METINGEN.to_string()),
            ],
        )
    );
    table(&mut s, p, lang);
    let _ = writeln!(s);
    for g in &p.groepen {
        let _ = writeln!(
            s,
            "- {} / {}: {}",
            g.agb_label(),
            g.label(lang),
            g.toelichting(lang)
        );
        let groups = diagnosegroepen_line(g, lang);
        if !groups.is_empty() {
            let _ = writeln!(
                s,
                "  {}: {groups}",
                text(lang, "preview.col.diagnosegroepen", &[])
            );
        }
    }
    loose(&mut s, p, lang);
    if detail == Detail::Trajecten {
        for g in &p.groepen {
            let _ = writeln!(s, "\n{} / {}:", g.agb_label(), g.label(lang));
            for t in &g.trajecten {
                let _ = writeln!(s, "  {}", traject_line(t, lang));
            }
        }
    }
    s
}

fn yes_no(b: bool, lang: Lang) -> String {
    text(lang, if b { "preview.yes" } else { "preview.no" }, &[])
}

fn table(s: &mut String, p: &Preview, lang: Lang) {
    let header: Vec<String> = [
        "preview.col.agb",
        "preview.col.groep_code",
        "preview.col.trajectories",
        "preview.col.closed",
        "preview.col.metingen",
        "preview.col.metingen_in_quarter",
        "preview.col.shares_trajectories",
        "preview.col.shares_closed",
        "preview.col.shares_metingen",
    ]
    .iter()
    .map(|k| text(lang, k, &[]))
    .collect();
    let rows: Vec<Vec<String>> = p
        .groepen
        .iter()
        .map(|g| {
            vec![
                g.agb_label(),
                g.label(lang),
                g.zorgtrajecten.to_string(),
                g.afgesloten.to_string(),
                g.metingen.to_string(),
                g.metingen_in_kwartaal.to_string(),
                yes_no(g.deelt_zorgtrajecten(), lang),
                yes_no(g.deelt_afgesloten(), lang),
                yes_no(g.deelt_metingen(), lang),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                if i < 2 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        let _ = writeln!(s, "{}", cells.join("  ").trim_end());
    }
    if p.groepen.is_empty() {
        let _ = writeln!(s, "{}", text(lang, "preview.no_trajectories", &[]));
    }
}

fn diagnosegroepen_line(g: &Groep, lang: Lang) -> String {
    let v = g.verdeling();
    v.diagnosegroepen
        .iter()
        .map(|(naam, n)| {
            let benadering = v.diagnosegroepen_benadering.contains(naam);
            format!("{} {n}", diagnosegroep_label(naam, benadering, lang))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn loose_line(l: &LosseMetingen, lang: Lang) -> String {
    let agb = l
        .zorgaanbieder_code
        .clone()
        .unwrap_or_else(|| text(lang, "preview.pooled", &[]));
    text(
        lang,
        if l.gedeeld() {
            "preview.loose.shared"
        } else {
            "preview.loose.dropped"
        },
        &[
            ("agb", &agb),
            ("count", &l.in_bestand.to_string()),
            ("in_quarter", &l.in_kwartaal.to_string()),
            ("threshold", &DREMPEL_METINGEN.to_string()),
        ],
    )
}

fn loose(s: &mut String, p: &Preview, lang: Lang) {
    if p.losse_metingen.is_empty() {
        let _ = writeln!(s, "{}", text(lang, "preview.loose.none", &[]));
        return;
    }
    for l in &p.losse_metingen {
        let _ = writeln!(s, "- {}", loose_line(l, lang));
    }
    let _ = writeln!(s, "  ({})", text(lang, "preview.loose.assumption", &[]));
}

fn traject_line(t: &TrajectPreview, lang: Lang) -> String {
    let who = match &t.id {
        Some(id) => format!("{} '{}'", t.zorgaanbieder_code, id),
        None => format!("{} #{}", t.zorgaanbieder_code, t.positie),
    };
    let end = match (t.einddatum, t.einddatum_kwartaal, t.behandelduur_dagen) {
        (Some(e), Some(q), Some(d)) => text(
            lang,
            "preview.traject.closed",
            &[
                ("date", &format_date(e)),
                ("quarter", &q.to_string()),
                ("days", &d.to_string()),
                ("minutes", &t.behandelduur_minuten.unwrap_or(0).to_string()),
            ],
        ),
        _ => text(lang, "preview.traject.open", &[]),
    };
    let diagnoses: Vec<String> = t
        .primaire_diagnosen
        .iter()
        .map(|p| {
            let groep = diagnosegroep_label(
                p.diagnosegroep.as_deref().unwrap_or(""),
                p.diagnosegroep_benadering,
                lang,
            );
            let flag = if p.in_kwartaal {
                format!(", {}", text(lang, "preview.traject.established_in_quarter", &[]))
            } else {
                String::new()
            };
            format!("{} -> {groep} ({}{flag})", p.cl_d5_diagnose_code, p.kwartaal)
        })
        .collect();
    let diag = if diagnoses.is_empty() {
        text(lang, "preview.traject.no_primary", &[])
    } else {
        diagnoses.join("; ")
    };
    text(
        lang,
        "preview.traject.line",
        &[
            ("who", &who),
            ("begin", &format_date(t.begindatum)),
            ("begin_quarter", &t.begindatum_kwartaal.to_string()),
            ("end", &end),
            ("diagnoses", &diag),
            ("secondary", &yes_no(t.nevendiagnosen, lang)),
            ("status", &t.status.label(lang)),
            ("consults", &t.consulten.to_string()),
            ("consults_in_quarter", &t.consulten_in_kwartaal.to_string()),
            ("typings", &t.zorgvraagtyperingen.len().to_string()),
            ("prestaties", &t.prestaties.len().to_string()),
            ("metingen", &t.metingen.len().to_string()),
        ],
    )
}
