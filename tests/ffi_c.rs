//! Builds the C programs of bindings/c against the cdylib and runs them: the example, the
//! reference test (byte-identical to the golden file), the stream test (streaming, validating
//! and previewing files), the threads test and the hostile-calls test; the reference, stream
//! and hostile tests also under valgrind (no errors, nothing definitely
//! or indirectly lost).
//!
//! Needs gcc (and valgrind for the valgrind tests). Without them the tests print SKIPPED,
//! unless `CI` is set: then they fail.
//!
//! Unix only: inside Wine there is no gcc and valgrind. scripts/windows.sh runs the same programs
//! against the Windows DLL.
#![cfg(unix)]

mod common;

use common::library_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `bindings/c/<program>.c` as strict C99 and returns the executable.
fn compile(program: &str, out_dir: &Path) -> PathBuf {
    let exe = out_dir.join(program);
    let source = root().join("bindings/c").join(format!("{program}.c"));
    let output = Command::new("gcc")
        .args([
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-g",
            "-pthread",
        ])
        .arg("-I")
        .arg(root().join("include"))
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(library_dir())
        .arg("-lspiegelinformatie")
        .output()
        .expect("gcc runs");
    assert!(
        output.status.success(),
        "gcc failed on {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

fn run(mut command: Command) -> Output {
    command.env("LD_LIBRARY_PATH", library_dir());
    let output = command.output().expect("the program runs");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `exe args` directly, or under valgrind with leak checking.
fn run_program(exe: &Path, args: &[&Path], valgrind: bool) -> Output {
    let mut command = if valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "-q",
            "--error-exitcode=1",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
        ])
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    command.args(args);
    run(command)
}

fn golden() -> PathBuf {
    common::reference::golden_path()
}

#[test]
fn example_writes_a_file() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("example", dir.path());
    let xml = dir.path().join("example.xml");
    let output = run_program(&exe, &[&xml], false);
    assert_success("example", &output);
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(text.contains(r#"<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>"#));
    assert!(text.contains(r#"begindatum_aangeleverde_periode="2024-01-01""#));
}

#[test]
fn reference_delivery_from_c_is_byte_identical_to_the_golden_file() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("test", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], false);
    assert_success("test", &output);
    let from_c = std::fs::read(dir.path().join("reference-from-c.xml")).unwrap();
    assert_eq!(from_c, std::fs::read(golden()).unwrap());
}

#[test]
fn streaming_validating_and_previewing_from_c() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("stream", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], false);
    assert_success("stream", &output);
    let streamed = std::fs::read(dir.path().join("streamed.xml")).unwrap();
    assert_eq!(streamed, std::fs::read(golden()).unwrap());
}

#[test]
fn stream_test_is_clean_under_valgrind() {
    if !common::tool_available("gcc") || !common::tool_available("valgrind") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("stream", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], true);
    assert_success("stream under valgrind", &output);
}

#[test]
fn threads_each_write_their_own_delivery() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("threads", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], false);
    assert_success("threads", &output);
}

#[test]
fn hostile_calls_give_their_documented_codes() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("hostile", dir.path());
    let output = run_program(&exe, &[dir.path()], false);
    assert_success("hostile", &output);
}

#[test]
fn reference_test_is_clean_under_valgrind() {
    if !common::tool_available("gcc") || !common::tool_available("valgrind") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("test", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], true);
    assert_success("test under valgrind", &output);
}

#[test]
fn hostile_test_is_clean_under_valgrind() {
    if !common::tool_available("gcc") || !common::tool_available("valgrind") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("hostile", dir.path());
    let output = run_program(&exe, &[dir.path()], true);
    assert_success("hostile under valgrind", &output);
}

#[test]
fn bulk_functions_write_the_reference_and_collect_refusals() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("bulk", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], false);
    assert_success("bulk", &output);
    for file in ["bulk-streamed.xml", "bulk-delivery.xml"] {
        let written = std::fs::read(dir.path().join(file)).unwrap();
        assert_eq!(written, std::fs::read(golden()).unwrap(), "{file}");
    }
}

#[test]
fn bulk_test_is_clean_under_valgrind() {
    if !common::tool_available("gcc") || !common::tool_available("valgrind") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("bulk", dir.path());
    let output = run_program(&exe, &[&golden(), dir.path()], true);
    assert_success("bulk under valgrind", &output);
}

/// The cdylib carries the SONAME `libspiegelinformatie.so.<ABI major>`, so programs linked
/// against it keep working across compatible updates and refuse an incompatible one.
#[test]
fn the_shared_library_has_the_abi_major_as_its_soname() {
    if !common::tool_available("readelf") {
        return;
    }
    let output = Command::new("readelf")
        .arg("-d")
        .arg(library_dir().join("libspiegelinformatie.so"))
        .output()
        .expect("readelf runs");
    let dynamic = String::from_utf8_lossy(&output.stdout);
    let expected = format!("Library soname: [{}]", common::soname());
    assert!(dynamic.contains(&expected), "{expected} not in:\n{dynamic}");
}
