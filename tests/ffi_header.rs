//! The committed C header must equal the one build.rs generates, and must compile as C99 and
//! as C++11 without a single warning.

mod common;

use std::path::{Path, PathBuf};

fn generated() -> PathBuf {
    Path::new(env!("OUT_DIR")).join("spiegelinformatie.h")
}

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include/spiegelinformatie.h")
}

#[test]
fn committed_header_is_current() {
    let fresh = std::fs::read_to_string(generated()).expect("build.rs wrote the header to OUT_DIR");
    if std::env::var_os("SPIEGEL_BLESS").is_some() {
        // Other tests in this binary read the header at the same time: replace it atomically
        // so they never see it half-written.
        let temp = committed().with_extension("h.tmp");
        std::fs::write(&temp, &fresh).expect("include/ is writable");
        std::fs::rename(&temp, committed()).expect("include/spiegelinformatie.h is replaceable");
        return;
    }
    let old = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        old == fresh,
        "include/spiegelinformatie.h is stale: src/ffi or cbindgen.toml changed.\n\
         Refresh it with:  SPIEGEL_BLESS=1 cargo test --test ffi_header\n\
         and commit the result."
    );
}

#[cfg(unix)]
fn syntax_check(compiler: &str, args: &[&str]) {
    if !common::tool_available(compiler) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join(if compiler == "g++" { "h.cpp" } else { "h.c" });
    std::fs::write(
        &source,
        "#include \"spiegelinformatie.h\"\nint main(void) { return SPIEGEL_OK; }\n",
    )
    .unwrap();
    let include = committed().parent().unwrap().to_path_buf();
    let output = std::process::Command::new(compiler)
        .args(args)
        .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"])
        .arg(&include)
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{compiler} {args:?} rejects the header:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// Unix only: inside Wine there is no gcc. scripts/windows.sh compiles the C programs, header
// included, with MinGW-w64's gcc.
#[cfg(unix)]
#[test]
fn header_compiles_as_c99() {
    syntax_check("gcc", &["-std=c99"]);
}

#[cfg(unix)]
#[test]
fn header_compiles_as_cpp11() {
    syntax_check("g++", &["-std=c++11"]);
}

#[test]
fn every_exported_function_is_in_the_header_and_prefixed() {
    let header = std::fs::read_to_string(committed()).unwrap();
    let declared: Vec<&str> = header
        .lines()
        .filter_map(|l| l.split_once('(').map(|(head, _)| head))
        .filter_map(|head| head.split_whitespace().last())
        .filter(|name| name.starts_with("spiegel_"))
        .collect();
    assert!(declared.len() >= 30, "only {} functions declared", declared.len());
    for line in header.lines().filter(|l| l.starts_with("#define ")) {
        let name = line.split_whitespace().nth(1).unwrap();
        assert!(
            name.starts_with("SPIEGEL_") || name == "SPIEGELINFORMATIE_H",
            "unprefixed {name}"
        );
    }
    let code: Vec<&str> = header
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with('*') && !l.starts_with("/*") && !l.starts_with("//"))
        .collect();
    for line in code {
        for word in ["enum", "bool", "_Bool", "char", "int ", "long", "float", "double"] {
            assert!(
                !line.contains(word),
                "only fixed-width integers, size_t and opaque pointers may cross: {line}"
            );
        }
    }
}
