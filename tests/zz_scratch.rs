use spiegelinformatie::privacy::scan;
#[test]
fn scratch() {
    let pos = [
        "bsn=111222333",
        "BSN: 111 22 2333",
        "111.222.333",
        "１１１－２２２－３３３",
        "111\u{2009}222\u{2009}333",
        "111\u{202F}222 333",
        "1000 0021",
        "Jan.Jansen@Gmail.com",
        "jan_jansen+ggz@mail.example.co.uk",
        "jan @ example . nl",
        "jan(at)example(dot)nl",
        "j.jansen [at] example [dot] nl",
        "06 - 12 34 56 78",
        "06.12.34.56.78",
        "+31-6-12345678",
        "0612 345 678",
        "0031-(0)6-1234-5678",
        "tel: 0201234567",
        "+31 20 - 1234567",
        "+316 12345678",
        "0031 20 1234567",
        "12-3-1985",
        "3-12-85",
        "12/03/85",
        "12.3.85",
        "1985/03/12",
        "1985.03.12",
        "12 Maart '85",
        "12maart1985",
        "maart 12, 1985",
        "12 mrt. 1985",
        "12-03-1985T00:00",
        "19850312",
        "12 - 03 - 1985",
        "2001-5-5",
        "12 March 1985",
        "Mar 12 1985",
        "1ste januari 2000",
        "3rd of May 1990",
        "geb.12.3.1985",
        "12/3/'85",
        "Dec 31, 1999",
        "31-dec-1999",
        "1 oktober 1960",
        "Jan Jansen 111222333",
        "pat 123456782",
        "Noord 1985-03-12",
        "2012.34.567",
        "BSN 0111.22.233",
    ];
    let mut miss = vec![];
    for p in pos {
        if scan(p).is_empty() {
            miss.push(p);
        }
    }
    let neg = [
        "Locatie A",
        "Team Noord 2",
        "Afdeling K-12",
        "Kliniek 3B",
        "Zorgteam 2024",
        "Polikliniek Zuid-Oost",
        "Kamer 12.05",
        "Team 3-4",
        "Afdeling 12 B",
        "Unit 2024-03",
        "Locatie 1012 AB",
        "Postbus 123",
        "Gebouw 7, kamer 12",
        "Team 2024/2025",
        "FACT-team 3",
        "Jeugd 12-18",
        "Ouderen 65+",
        "Team 1.2.3",
        "Ambulant 2023 Q4",
        "Team Amsterdam Oost 2",
        "Kliniek 24/7",
        "Locatie 2e etage",
        "Afdeling 3.14",
        "Team 10 12",
        "Centrum (Noord)",
        "Klinische opname [crisis]",
        "Team at home",
        "Afdeling 100",
        "Team 2024 Q1 Noord",
        "KVK 12345678",
        "Kamer 0.12",
        "Team 12-2024",
        "Zorg op maat",
        "HIC 3",
        "Locatie Maart",
        "Team mei",
        "1 2 3",
        "Locatie 2-3-4",
        "Team 2023-2024 1",
        "Seizoen 2024/2025",
    ];
    let mut fp = vec![];
    for n in neg {
        let f = scan(n);
        if !f.is_empty() {
            fp.push((n, f));
        }
    }
    println!("MISS {miss:?}\nFP {fp:?}");
}
