//! Code-list files and organisation files on arbitrary text. The first byte picks the parser;
//! an accepted list is then used the way validation uses it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spiegelinformatie::codelists::Scope;
use spiegelinformatie::{CodeList, Organisatie};
use time::macros::date;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if which & 1 == 0 {
        if let Ok(list) = CodeList::parse(text, "fuzz") {
            let from = date!(2024 - 01 - 01);
            let to = date!(2024 - 03 - 31);
            for entry in list.entries().iter().take(8) {
                let _ = list.check(entry.code(), Scope::default(), from, to);
                let _ = list.entries_for(entry.code(), Scope::default()).count();
            }
            let _ = list.check("D5_5.03", Scope::default(), from, to);
            let _ = list.describe_allowed(Scope::default(), Some((from, to)));
            let _ = list.describe_allowed(Scope::default(), None);
        }
    } else if let Ok(org) = Organisatie::parse(text, "fuzz") {
        for code in org.groep_codes().take(8) {
            assert!(org.contains(code));
        }
    }
});
