//! The HTML preview: one self-contained page (no scripts, no fonts, no images from anywhere:
//! the charts are inline SVG), a summary table of every group first, details below.

use std::fmt::Write as _;

use super::text::loose_line;
use super::{diagnosegroep_label, Groep, Preview, Status, Telling, Verdeling};
use super::{DREMPEL_AFGESLOTEN, DREMPEL_METINGEN, DREMPEL_ZORGTRAJECTEN};
use crate::i18n::{text, Lang};

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Catalogue text, escaped for HTML.
fn t(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    escape_html(&text(lang, key, args))
}

const STYLE: &str = "body{font-family:sans-serif;margin:1.5em 2em;color:#222;max-width:78em}\n\
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:2px solid #555}\n\
h3{margin:.2em 0}\n\
table{border-collapse:collapse;font-size:.92em}\n\
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:right}\n\
th{background:#eee}td.t{text-align:left}\n\
td.ja{background:#e3f1e4;color:#1b5e20}td.nee{background:#fbe4e4;color:#8e1c1c}\n\
section.groep{border-top:1px solid #ccc;padding-top:.6em;margin-top:1.2em}\n\
p.toelichting{margin:.3em 0 .6em}p.nok{color:#8e1c1c}p.ok{color:#1b5e20}\n\
div.charts{display:flex;flex-wrap:wrap;gap:.5em 1.5em}\n\
figure{margin:0;width:540px}figcaption{font-weight:bold;margin:.3em 0}\n\
figure.niet-gedeeld .bar{fill:#9e9e9e}figure.niet-gedeeld figcaption{color:#8e1c1c}\n\
.bar{fill:#1565c0}.met{fill:#2e7d32}.niet{fill:#c62828}\n\
.drempel{stroke:#333;stroke-width:2;stroke-dasharray:6 4}\n\
svg text{font-size:13px;font-family:sans-serif}\n\
p.leeg{color:#666;font-style:italic;margin:.2em 0 1em}\n\
.noot{color:#555;font-size:.9em}\n";

pub(super) fn render(p: &Preview, lang: Lang) -> String {
    let mut s = String::new();
    let title = t(
        lang,
        "preview.html.title",
        &[("quarter", &p.kwartaal.to_string())],
    );
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        lang.code()
    );
    let thresholds = [
        ("trajectories", DREMPEL_ZORGTRAJECTEN.to_string()),
        ("closed", DREMPEL_AFGESLOTEN.to_string()),
        ("metingen", DREMPEL_METINGEN.to_string()),
    ];
    let args: Vec<(&str, &str)> = thresholds.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _ = writeln!(s, "<p>{}</p>", t(lang, "preview.html.intro", &args));
    let _ = writeln!(
        s,
        "<p class=\"noot\">{}</p>",
        t(lang, "preview.html.approximation_note", &[])
    );
    if p.pool_agb {
        let _ = writeln!(
            s,
            "<p class=\"noot\">{}</p>",
            t(lang, "preview.html.pooled_note", &[])
        );
    }
    summary_table(&mut s, p, lang);
    loose_metingen(&mut s, p, lang);
    let _ = writeln!(s, "<h2>{}</h2>", t(lang, "preview.html.details", &[]));
    for (i, g) in p.groepen.iter().enumerate() {
        group_section(&mut s, i + 1, g, lang);
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn yes_no_cell(b: bool, lang: Lang) -> String {
    let (class, key) = if b {
        ("ja", "preview.yes")
    } else {
        ("nee", "preview.no")
    };
    format!("<td class=\"{class}\">{}</td>", t(lang, key, &[]))
}

fn summary_table(s: &mut String, p: &Preview, lang: Lang) {
    let _ = writeln!(s, "<h2>{}</h2>", t(lang, "preview.html.summary", &[]));
    if p.groepen.is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"leeg\">{}</p>",
            t(lang, "preview.no_trajectories", &[])
        );
        return;
    }
    s.push_str("<table class=\"overzicht\">\n<thead><tr>");
    for key in [
        "preview.col.agb",
        "preview.col.groep_code",
        "preview.col.trajectories",
        "preview.col.closed",
        "preview.col.metingen",
        "preview.col.metingen_in_quarter",
        "preview.col.shares_trajectories",
        "preview.col.shares_closed",
        "preview.col.shares_metingen",
    ] {
        let _ = write!(s, "<th>{}</th>", t(lang, key, &[]));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for (i, g) in p.groepen.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr><td class=\"t\">{}</td><td class=\"t\"><a href=\"#g{}\">{}</a></td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}{}{}</tr>",
            escape_html(&g.agb_label()),
            i + 1,
            escape_html(&g.label(lang)),
            g.zorgtrajecten,
            g.afgesloten,
            g.metingen,
            g.metingen_in_kwartaal,
            yes_no_cell(g.deelt_zorgtrajecten(), lang),
            yes_no_cell(g.deelt_afgesloten(), lang),
            yes_no_cell(g.deelt_metingen(), lang),
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn loose_metingen(s: &mut String, p: &Preview, lang: Lang) {
    let _ = writeln!(s, "<h2>{}</h2>", t(lang, "preview.html.loose", &[]));
    if p.losse_metingen.is_empty() {
        let _ = writeln!(s, "<p class=\"leeg\">{}</p>", t(lang, "preview.loose.none", &[]));
        return;
    }
    s.push_str("<ul>\n");
    for l in &p.losse_metingen {
        let _ = writeln!(s, "<li>{}</li>", escape_html(&loose_line(l, lang)));
    }
    let _ = writeln!(
        s,
        "</ul>\n<p class=\"noot\">{}</p>",
        t(lang, "preview.loose.assumption", &[])
    );
}

fn group_section(s: &mut String, n: usize, g: &Groep, lang: Lang) {
    let ok = g.niet_gedeeld().is_empty();
    let _ = writeln!(
        s,
        "<section class=\"groep\" id=\"g{n}\">\n<h3>{}</h3>\n<p class=\"toelichting {}\">{}</p>\n<div class=\"charts\">",
        group_heading(g, lang),
        if ok { "ok" } else { "nok" },
        escape_html(&g.toelichting(lang)),
    );
    figure(
        s,
        &t(lang, "preview.html.chart.thresholds", &[]),
        true,
        lang,
        &threshold_chart(g, lang),
    );
    let v = g.verdeling();
    let shared = g.deelt_zorgtrajecten();
    // Zorgvraagtypen: all of them (at most 20 exist), in code order.
    let charts = [
        (
            "preview.html.chart.diagnosegroepen",
            diagnosegroep_bars(&v, lang),
            shared,
            MAX_BARS,
        ),
        (
            "preview.html.chart.zorgvraagtypen",
            zorgvraagtype_bars(&v, lang),
            shared,
            21,
        ),
        (
            "preview.html.chart.prestaties",
            v.prestaties.clone(),
            shared,
            MAX_BARS,
        ),
        (
            "preview.html.chart.status",
            status_bars(&v, lang),
            shared,
            MAX_BARS,
        ),
        (
            "preview.html.chart.duration",
            duration_bars(&v, lang),
            g.deelt_afgesloten(),
            MAX_BARS,
        ),
    ];
    let last = charts.len() - 1;
    for (i, (key, bars, gedeeld, max_bars)) in charts.into_iter().enumerate() {
        let title = t(lang, key, &[]);
        let mut body = if bars.is_empty() {
            format!("<p class=\"leeg\">{}</p>", t(lang, "preview.html.none", &[]))
        } else {
            bar_chart(&title, &bars, max_bars, lang)
        };
        // The deviations from the HoNOS+ belong to the typings; the minutes to the treatment
        // duration, the last chart.
        if key == "preview.html.chart.zorgvraagtypen" && !bars.is_empty() {
            let note = t(
                lang,
                "preview.html.honos_deviations",
                &[("count", &v.zorgvraagtyperingen_afwijkend.to_string())],
            );
            let _ = writeln!(body, "<p class=\"noot\">{note}</p>");
        }
        if i == last && !bars.is_empty() {
            let minutes = v.behandelduur_minuten.to_string();
            let note = t(lang, "preview.html.minutes", &[("minutes", &minutes)]);
            let _ = writeln!(body, "<p class=\"noot\">{note}</p>");
        }
        figure(s, &title, gedeeld, lang, &body);
    }
    s.push_str("</div>\n</section>\n");
}

fn group_heading(g: &Groep, lang: Lang) -> String {
    match &g.groep_code {
        Some(code) => t(
            lang,
            "preview.html.group_heading",
            &[("agb", &g.agb_label()), ("groep_code", code)],
        ),
        None => t(
            lang,
            "preview.html.group_heading_none",
            &[("agb", &g.agb_label())],
        ),
    }
}

fn figure(s: &mut String, title: &str, gedeeld: bool, lang: Lang, body: &str) {
    let (class, note) = if gedeeld {
        ("", String::new())
    } else {
        (
            " class=\"niet-gedeeld\"",
            format!(" ({})", t(lang, "preview.html.not_shared", &[])),
        )
    };
    let _ = writeln!(
        s,
        "<figure{class}><figcaption>{title}{note}</figcaption>\n{body}</figure>"
    );
}

fn diagnosegroep_bars(v: &Verdeling, lang: Lang) -> Telling {
    v.diagnosegroepen
        .iter()
        .map(|(naam, n)| {
            let benadering = v.diagnosegroepen_benadering.contains(naam);
            (diagnosegroep_label(naam, benadering, lang), *n)
        })
        .collect()
}

fn zorgvraagtype_bars(v: &Verdeling, lang: Lang) -> Telling {
    let mut codes: Vec<&(String, u64)> = v.zorgvraagtypen.iter().collect();
    // Numeric codes in number order, then anything else, the HoNOS-only bar last.
    codes.sort_by_key(|(code, _)| {
        (
            code.is_empty(),
            code.parse::<u32>().unwrap_or(u32::MAX),
            code.clone(),
        )
    });
    codes
        .into_iter()
        .map(|(code, n)| {
            let label = if code.is_empty() {
                text(lang, "preview.html.only_honos", &[])
            } else {
                text(lang, "preview.html.zorgvraagtype", &[("code", code)])
            };
            (label, *n)
        })
        .collect()
}

fn status_bars(v: &Verdeling, lang: Lang) -> Telling {
    v.status
        .iter()
        .map(|(id, n)| {
            let label = Status::ALL
                .iter()
                .find(|s| s.as_str() == id)
                .map_or_else(|| id.clone(), |s| s.label(lang));
            (label, *n)
        })
        .collect()
}

fn duration_bars(v: &Verdeling, lang: Lang) -> Telling {
    v.behandelduur
        .iter()
        .map(|(range, n)| (text(lang, "preview.html.days", &[("range", range)]), *n))
        .collect()
}

/// Most bars a chart shows by default; the rest is summed into one last bar.
const MAX_BARS: usize = 12;

/// A horizontal bar chart, each bar with its label above it and its number after it; bars
/// after `max_bars` are summed into one "N others" bar.
fn bar_chart(title: &str, bars: &[(String, u64)], max_bars: usize, lang: Lang) -> String {
    const WIDTH: u64 = 520;
    const PLOT: u64 = 440;
    const ROW: u64 = 36;
    let mut shown: Vec<(String, u64)> = bars.iter().take(max_bars).cloned().collect();
    if bars.len() > max_bars {
        let rest: u64 = bars.iter().skip(max_bars).map(|b| b.1).sum();
        let label = text(
            lang,
            "preview.html.others",
            &[("count", &(bars.len() - max_bars).to_string())],
        );
        shown.push((label, rest));
    }
    let max = shown.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = shown.len() as u64 * ROW + 4;
    let mut s = format!(
        "<svg class=\"chart\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape_html(title)
    );
    for (i, (label, value)) in shown.iter().enumerate() {
        let y = i as u64 * ROW;
        let w = (value * PLOT / max).max(u64::from(*value > 0) * 2);
        let label = escape_html(label);
        let _ = writeln!(
            s,
            "<text x=\"0\" y=\"{}\">{label}</text>\n\
             <rect class=\"bar\" x=\"0\" y=\"{}\" width=\"{w}\" height=\"14\"><title>{label}: {value}</title></rect>\n\
             <text x=\"{}\" y=\"{}\">{value}</text>",
            y + 13,
            y + 17,
            w + 6,
            y + 29,
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Three bars (trajectories, closed, metingen in the file) against a dashed threshold line.
fn threshold_chart(g: &Groep, lang: Lang) -> String {
    const LABEL_W: u64 = 170;
    const PLOT_W: u64 = 300;
    const BAR_H: u64 = 24;
    const GAP: u64 = 12;
    let bars = [
        (
            text(lang, "preview.col.trajectories", &[]),
            g.zorgtrajecten,
            DREMPEL_ZORGTRAJECTEN,
        ),
        (
            text(lang, "preview.col.closed", &[]),
            g.afgesloten,
            DREMPEL_AFGESLOTEN,
        ),
        (
            text(lang, "preview.col.metingen", &[]),
            g.metingen,
            DREMPEL_METINGEN,
        ),
    ];
    let max_drempel = bars.iter().map(|b| b.2).max().unwrap_or(1);
    let scale_max = bars
        .iter()
        .map(|b| b.1)
        .max()
        .unwrap_or(0)
        .max(max_drempel * 2)
        .max(1);
    let x = |v: u64| LABEL_W + v.min(scale_max) * PLOT_W / scale_max;
    let height = GAP + bars.len() as u64 * (BAR_H + GAP) + 16;
    let width = LABEL_W + PLOT_W + 60;
    let mut s = format!(
        "<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">\n",
        t(lang, "preview.html.chart.thresholds", &[])
    );
    for (i, (label, value, drempel)) in bars.iter().enumerate() {
        let y = GAP + i as u64 * (BAR_H + GAP);
        let class = if value >= drempel { "met" } else { "niet" };
        let label = escape_html(label);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\n\
             <rect class=\"{class}\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"{BAR_H}\"><title>{label}: {value} / {drempel}</title></rect>\n\
             <text x=\"{}\" y=\"{}\">{value}</text>\n\
             <line class=\"drempel\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            LABEL_W - 8,
            y + BAR_H * 2 / 3,
            x(*value) - LABEL_W,
            x(*value) + 6,
            y + BAR_H * 2 / 3,
            x(*drempel),
            y.saturating_sub(GAP / 2),
            x(*drempel),
            y + BAR_H + GAP / 2,
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n</svg>",
        x(max_drempel),
        height - 4,
        t(
            lang,
            "preview.html.threshold",
            &[("threshold", &max_drempel.to_string())]
        )
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn long_charts_sum_the_tail_into_one_bar() {
        let bars: Vec<(String, u64)> = (0..15).map(|i| (format!("c{i}"), 1)).collect();
        let svg = bar_chart("x", &bars, MAX_BARS, Lang::Nl);
        assert_eq!(svg.matches("<rect").count(), MAX_BARS + 1);
        assert!(svg.contains(">3 andere (samen)</text>"));
        assert!(svg.contains(">3</text>"));
    }
}
