//! No panics in library code: every `.unwrap()`, `.expect(`, `panic!`, `unreachable!`,
//! `todo!` and `unimplemented!` in `src/` outside test code must carry a justification
//! `// no-panic: <reason>` on the same line or the line before. The library runs inside the
//! vendors' patient-record systems; a panic that crosses into them takes their product down.
//!
//! Test code is skipped: items marked `#[cfg(test)]` (the `mod tests` blocks, test helpers).
//! Comments, doc comments (doctests may unwrap) and string literals are skipped as well.

use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] = &[
    ".unwrap()",
    ".expect(",
    "panic!",
    "unreachable!",
    "todo!",
    "unimplemented!",
];
const MARKER: &str = "// no-panic:";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments, string and char literals blanked out (replaced by spaces, line
/// breaks kept), so that matches and braces are only those of code.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, c: u8| out.push(if c == b'\n' { b'\n' } else { b' ' });
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'/' && next == Some(b'/') {
            while i < b.len() && b[i] != b'\n' {
                blank(&mut out, b[i]);
                i += 1;
            }
        } else if c == b'/' && next == Some(b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(next, Some(b'"') | Some(b'#')) && !prev_is_ident(b, i) {
            // Raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while i <= j {
                blank(&mut out, b[i]);
                i += 1;
            }
            while i < b.len() && !b[i..].starts_with(&close) {
                blank(&mut out, b[i]);
                i += 1;
            }
            let n = close.len().min(b.len() - i);
            out.resize(out.len() + n, b' ');
            i += n;
        } else if c == b'"' {
            blank(&mut out, c);
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
                blank(&mut out, b[i]);
                i += 1;
            }
            if i < b.len() {
                out.push(b' ');
                i += 1;
            }
        } else if c == b'\'' && is_char_literal(b, i) {
            let end = char_literal_end(b, i);
            while i < end {
                blank(&mut out, b[i]);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn prev_is_ident(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// `'x'`, `'\n'`, `'\u{..}'`, `b'x'` rather than a lifetime `'a`.
fn is_char_literal(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        Some(b'\\') => true,
        Some(_) => {
            // One (possibly multi-byte) character, then a quote.
            let rest = &b[i + 1..];
            let len = std::str::from_utf8(&rest[..rest.len().min(4)])
                .map(|s| s.chars().next().map_or(1, char::len_utf8))
                .unwrap_or_else(|e| {
                    std::str::from_utf8(&rest[..e.valid_up_to()])
                        .ok()
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8)
                });
            b.get(i + 1 + len) == Some(&b'\'')
        }
        None => false,
    }
}

fn char_literal_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if b.get(j) == Some(&b'\\') {
        j += 2;
    } else {
        j += 1;
    }
    while j < b.len() && b[j] != b'\'' {
        j += 1;
    }
    (j + 1).min(b.len())
}

/// Blanks every item marked `#[cfg(test)]`: from the attribute to the end of the item (the
/// matching `}` of its first block, or the `;` that ends it first).
fn without_test_items(code: &str) -> String {
    let mut b = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]").map(|p| p + from) {
        let mut i = at + "#[cfg(test)]".len();
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b';' if depth == 0 => {
                    i += 1;
                    break;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        for c in &mut b[at..i.min(code.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = i.min(code.len());
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Every unjustified panic site in `src` as `path:line: text`.
fn violations(path: &Path, src: &str) -> Vec<String> {
    let code = without_test_items(&code_only(src));
    let raw: Vec<&str> = src.lines().collect();
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let Some(what) = FORBIDDEN.iter().find(|f| line.contains(*f)) else {
            continue;
        };
        let justified = raw.get(n).is_some_and(|l| l.contains(MARKER))
            || (n > 0 && raw.get(n - 1).is_some_and(|l| l.trim_start().starts_with(MARKER)));
        if !justified {
            found.push(format!(
                "{}:{}: `{what}` without a `{MARKER} <reason>` comment: {}",
                path.display(),
                n + 1,
                raw.get(n).map_or("", |l| l.trim())
            ));
        }
    }
    found
}

#[test]
fn library_code_has_no_unjustified_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 20, "src/ not found where expected");
    let mut all = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        all.extend(violations(
            f.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(f),
            &src,
        ));
    }
    assert!(
        all.is_empty(),
        "panics in library code (remove them, or justify each with `{MARKER} <reason>`):\n{}",
        all.join("\n")
    );
}

// The scanner itself.

fn scan(src: &str) -> Vec<String> {
    violations(Path::new("x.rs"), src)
}

#[test]
fn the_scanner_finds_each_form() {
    for bad in [
        "fn f() { x.unwrap(); }",
        "fn f() { x.expect(\"why\"); }",
        "fn f() { panic!(\"no\"); }",
        "fn f() { unreachable!() }",
        "fn f() { todo!() }",
        "fn f() { unimplemented!() }",
    ] {
        assert_eq!(scan(bad).len(), 1, "{bad}");
    }
}

#[test]
fn the_scanner_accepts_justified_and_harmless_forms() {
    for ok in [
        "fn f() { x.unwrap(); } // no-panic: x is Some here",
        "// no-panic: checked above\nfn f() { x.unwrap(); }",
        "fn f() { x.unwrap_or(1); x.unwrap_or_default(); x.expect_err(); }",
        "/// let v = x.unwrap();\nfn f() {}",
        "// x.unwrap()\nfn f() {}",
        "/* panic!() */ fn f() {}",
        "fn f() { let s = \"don't .unwrap() here\"; }",
        "fn f() { let s = r#\"panic!(\"x\")\"#; }",
        "fn f<'a>(x: &'a str) -> char { '{' }",
        "#[cfg(test)]\nmod tests {\n fn g() { x.unwrap(); }\n}\n",
        "#[cfg(test)]\nfn helper() { x.unwrap(); }\n",
    ] {
        assert!(scan(ok).is_empty(), "{ok}: {:?}", scan(ok));
    }
}

#[test]
fn code_after_a_test_module_is_still_scanned() {
    let src = "#[cfg(test)]\nmod tests {\n fn g() { if x { y() } }\n}\nfn f() { x.unwrap(); }\n";
    assert_eq!(scan(src).len(), 1);
    let src = "#[cfg(test)]\nuse foo::bar;\nfn f() { x.unwrap(); }\n";
    assert_eq!(scan(src).len(), 1);
}

#[test]
fn a_marker_two_lines_up_does_not_count() {
    assert_eq!(scan("// no-panic: far away\n\nfn f() { x.unwrap(); }").len(), 1);
}
