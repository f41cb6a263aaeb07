//! Shared by the benchmarks: the workload, the minimal hand-rolled writer (the baseline our
//! writer is measured against) and a flat text form of the records for the C-ABI harness.
#![allow(dead_code)]

use std::io::{self, Write};

use spiegelinformatie::datum::{push_date, push_datetime};
use spiegelinformatie::demo::{Generator, Profile};
use spiegelinformatie::model::{parse_date, Bestand, Item, Meting, Neven, Prestatie, Primair};
use spiegelinformatie::model::{AgbCode, Delivery, Zorgaanbieder, Zorgtraject, Zorgvraagtypering};
use spiegelinformatie::Quarter;
use time::macros::datetime;
use time::PrimitiveDateTime;

/// The quarter every benchmark writes.
pub fn quarter() -> Quarter {
    "2024-Q4".parse().unwrap()
}

/// `datum_creatie` of every benchmark file (fixed, so outputs can be compared).
pub const CREATED: PrimitiveDateTime = datetime!(2025-01-02 08:00:00);

/// W1 scaled: `trajectories` trajectories (W1 has 100,000), loose metingen in proportion.
pub fn profile(trajectories: usize) -> Profile {
    let mut p = Profile::workload(quarter(), 1);
    p.loose_metingen = trajectories / 50;
    p.zorgtrajecten = trajectories;
    p
}

pub fn delivery(trajectories: usize) -> Delivery {
    Generator::new(&profile(trajectories)).delivery()
}

pub fn bestand(delivery: Delivery) -> Bestand {
    Bestand {
        datum_creatie: CREATED,
        kwartaal: quarter(),
        zorgaanbieders: delivery.zorgaanbieders,
    }
}

/// The minimal hand-rolled writer: the same layout as `spiegelinformatie::xml::write_bestand`,
/// written as straight-line byte pushes into one buffer flushed every 64 KiB. It is the
/// reference for "how fast can this file be written at all".
pub fn baseline_write<W: Write>(b: &Bestand, mut out: W) -> io::Result<W> {
    fn esc(buf: &mut Vec<u8>, v: &str) {
        for &c in v.as_bytes() {
            match c {
                b'&' => buf.extend_from_slice(b"&amp;"),
                b'<' => buf.extend_from_slice(b"&lt;"),
                b'>' => buf.extend_from_slice(b"&gt;"),
                b'"' => buf.extend_from_slice(b"&quot;"),
                b'\t' => buf.extend_from_slice(b"&#9;"),
                b'\n' => buf.extend_from_slice(b"&#10;"),
                b'\r' => buf.extend_from_slice(b"&#13;"),
                _ => buf.push(c),
            }
        }
    }
    fn meting(buf: &mut Vec<u8>, ind: &[u8], m: &Meting) {
        buf.extend_from_slice(ind);
        buf.extend_from_slice(b"<Meting meetinstrument_code=\"");
        esc(buf, m.meetinstrument_code());
        buf.extend_from_slice(b"\" datum=\"");
        push_date(buf, m.datum());
        if m.items().is_empty() {
            buf.extend_from_slice(b"\"/>\n");
            return;
        }
        buf.extend_from_slice(b"\">\n");
        for i in m.items() {
            buf.extend_from_slice(ind);
            buf.extend_from_slice(b"  <Item item_code=\"");
            esc(buf, i.item_code());
            buf.extend_from_slice(b"\" score=\"");
            esc(buf, i.score());
            buf.extend_from_slice(b"\"/>\n");
        }
        buf.extend_from_slice(ind);
        buf.extend_from_slice(b"</Meting>\n");
    }
    let mut buf = Vec::with_capacity(80 * 1024);
    buf.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bestand datum_creatie=\"");
    push_datetime(&mut buf, b.datum_creatie);
    buf.extend_from_slice(b"\" begindatum_aangeleverde_periode=\"");
    push_date(&mut buf, b.kwartaal.first_day());
    buf.extend_from_slice(b"\" einddatum_aangeleverde_periode=\"");
    push_date(&mut buf, b.kwartaal.last_day());
    buf.extend_from_slice(b"\">\n");
    for za in &b.zorgaanbieders {
        buf.extend_from_slice(b"  <Zorgaanbieder zorgaanbieder_code=\"");
        buf.extend_from_slice(za.code().as_str().as_bytes());
        buf.extend_from_slice(b"\">\n");
        for t in za.zorgtrajecten() {
            buf.extend_from_slice(b"    <Zorgtraject begindatum=\"");
            push_date(&mut buf, t.begindatum());
            if let Some(e) = t.einddatum() {
                buf.extend_from_slice(b"\" einddatum=\"");
                push_date(&mut buf, e);
            }
            if let Some(g) = t.groep_code() {
                buf.extend_from_slice(b"\" groep_code=\"");
                esc(&mut buf, g);
            }
            let empty = t.primair().is_empty()
                && t.neven().is_empty()
                && t.zorgvraagtyperingen().is_empty()
                && t.prestaties().is_empty()
                && t.metingen().is_empty();
            if empty {
                buf.extend_from_slice(b"\"/>\n");
                continue;
            }
            buf.extend_from_slice(b"\">\n");
            for p in t.primair() {
                buf.extend_from_slice(b"      <Primair cl_d5_diagnose_code=\"");
                esc(&mut buf, p.cl_d5_diagnose_code());
                buf.extend_from_slice(b"\" datum=\"");
                push_date(&mut buf, p.datum());
                buf.extend_from_slice(b"\"/>\n");
            }
            for n in t.neven() {
                buf.extend_from_slice(b"      <Neven cl_d5_diagnose_code=\"");
                esc(&mut buf, n.cl_d5_diagnose_code());
                buf.extend_from_slice(b"\"/>\n");
            }
            for z in t.zorgvraagtyperingen() {
                buf.extend_from_slice(b"      <Zorgvraagtypering");
                if let Some(c) = z.zorgvraagtype_code_honos() {
                    buf.extend_from_slice(b" zorgvraagtype_code_honos=\"");
                    esc(&mut buf, c);
                    buf.push(b'"');
                }
                if let Some(c) = z.zorgvraagtype_code() {
                    buf.extend_from_slice(b" zorgvraagtype_code=\"");
                    esc(&mut buf, c);
                    buf.push(b'"');
                }
                buf.extend_from_slice(b" datum=\"");
                push_date(&mut buf, z.datum());
                buf.extend_from_slice(b"\"/>\n");
            }
            for p in t.prestaties() {
                buf.extend_from_slice(b"      <Prestatie prestatie_code=\"");
                esc(&mut buf, p.prestatie_code());
                buf.extend_from_slice(b"\" datum=\"");
                push_date(&mut buf, p.datum());
                buf.extend_from_slice(b"\"/>\n");
            }
            for m in t.metingen() {
                meting(&mut buf, b"      ", m);
            }
            buf.extend_from_slice(b"    </Zorgtraject>\n");
            if buf.len() >= 64 * 1024 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        for m in za.metingen() {
            meting(&mut buf, b"    ", m);
            if buf.len() >= 64 * 1024 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(b"  </Zorgaanbieder>\n");
    }
    buf.extend_from_slice(b"</Bestand>\n");
    out.write_all(&buf)?;
    out.flush()?;
    Ok(out)
}

/// One record in flat form: a tag and its text fields (tab-separated, one per line, in the
/// order the ABI adds them). `-` stands for an absent optional field.
///
/// `Z code` · `T key begin end groep` · `P code datum` · `N code` · `V honos code datum` ·
/// `R code datum` · `M instrument datum` (linked to the last T) · `L instrument datum`
/// (loose) · `I item_code score` (of the last M or L).
pub fn write_flat<W: Write>(d: &Delivery, mut out: W) -> io::Result<()> {
    let opt = |v: Option<&str>| v.unwrap_or("-").to_string();
    let date = |d: time::Date| spiegelinformatie::datum::format_date(d);
    let items = |out: &mut W, m: &Meting| -> io::Result<()> {
        for i in m.items() {
            writeln!(out, "I\t{}\t{}", i.item_code(), i.score())?;
        }
        Ok(())
    };
    for za in &d.zorgaanbieders {
        writeln!(out, "Z\t{}", za.code())?;
        for t in za.zorgtrajecten() {
            let end = t.einddatum().map(date);
            writeln!(
                out,
                "T\t{}\t{}\t{}\t{}",
                opt(t.id()),
                date(t.begindatum()),
                opt(end.as_deref()),
                opt(t.groep_code())
            )?;
            for p in t.primair() {
                writeln!(out, "P\t{}\t{}", p.cl_d5_diagnose_code(), date(p.datum()))?;
            }
            for n in t.neven() {
                writeln!(out, "N\t{}", n.cl_d5_diagnose_code())?;
            }
            for z in t.zorgvraagtyperingen() {
                writeln!(
                    out,
                    "V\t{}\t{}\t{}",
                    opt(z.zorgvraagtype_code_honos()),
                    opt(z.zorgvraagtype_code()),
                    date(z.datum())
                )?;
            }
            for p in t.prestaties() {
                writeln!(out, "R\t{}\t{}", p.prestatie_code(), date(p.datum()))?;
            }
            for m in t.metingen() {
                writeln!(out, "M\t{}\t{}", m.meetinstrument_code(), date(m.datum()))?;
                items(&mut out, m)?;
            }
        }
        for m in za.metingen() {
            writeln!(out, "L\t{}\t{}", m.meetinstrument_code(), date(m.datum()))?;
            items(&mut out, m)?;
        }
    }
    out.flush()
}

/// Splits flat text into records of fields (done before timing, as the C harness does).
pub fn split_flat(text: &str) -> Vec<Vec<&str>> {
    text.lines().map(|l| l.split('\t').collect()).collect()
}

/// Builds the delivery from flat records with the Rust API, from text as the C ABI gets it
/// (dates parsed, codes checked): the Rust-native counterpart of the C harness.
pub fn build_from_flat(records: &[Vec<&str>]) -> Delivery {
    fn opt(v: &str) -> Option<&str> {
        (v != "-").then_some(v)
    }
    fn date(v: &str) -> time::Date {
        parse_date("datum", v).unwrap()
    }
    struct State {
        d: Delivery,
        traject: Option<Zorgtraject>,
        meting: Option<(Meting, bool)>,
    }
    impl State {
        fn flush_meting(&mut self) {
            match (self.meting.take(), self.traject.as_mut()) {
                (Some((m, true)), _) => {
                    self.d.zorgaanbieders.last_mut().unwrap().add_meting(m);
                }
                (Some((m, false)), Some(t)) => {
                    t.add_meting(m);
                }
                _ => {}
            }
        }
        fn flush_traject(&mut self) {
            self.flush_meting();
            if let Some(t) = self.traject.take() {
                self.d.zorgaanbieders.last_mut().unwrap().add_zorgtraject(t);
            }
        }
    }
    let mut s = State {
        d: Delivery::new(),
        traject: None,
        meting: None,
    };
    for r in records {
        match r[0] {
            "Z" => {
                s.flush_traject();
                s.d.add_zorgaanbieder(Zorgaanbieder::new(AgbCode::new(r[1]).unwrap()));
            }
            "T" => {
                s.flush_traject();
                let mut b = Zorgtraject::builder(date(r[2]));
                if let Some(k) = opt(r[1]) {
                    b = b.id(k);
                }
                if let Some(e) = opt(r[3]) {
                    b = b.einddatum(date(e));
                }
                if let Some(g) = opt(r[4]) {
                    b = b.groep_code(g);
                }
                s.traject = Some(b.build().unwrap());
            }
            "L" => {
                s.flush_traject();
                s.meting = Some((Meting::new(r[1], date(r[2])).unwrap(), true));
            }
            "M" => {
                s.flush_meting();
                s.meting = Some((Meting::new(r[1], date(r[2])).unwrap(), false));
            }
            "I" => {
                let item = Item::new(r[1], r[2]).unwrap();
                s.meting.as_mut().unwrap().0.add_item(item);
            }
            tag => {
                let t = s.traject.as_mut().unwrap();
                match tag {
                    "P" => t.add_primair(Primair::new(r[1], date(r[2])).unwrap()),
                    "N" => t.add_neven(Neven::new(r[1]).unwrap()),
                    "V" => t.add_zorgvraagtypering(
                        Zorgvraagtypering::new(opt(r[1]), opt(r[2]), date(r[3])).unwrap(),
                    ),
                    "R" => t.add_prestatie(Prestatie::new(r[1], date(r[2])).unwrap()),
                    _ => panic!("unknown record {tag}"),
                }
            }
        }
    }
    s.flush_traject();
    s.d
}
