//! Hosts that call the C ABI in ways a library must survive (issue #12, "Calls"):
//! - a C++ program whose `thread_local` object calls the library from its destructor, after
//!   the library's own thread-local storage is gone (on a worker thread and on the main
//!   thread at exit): no abort, every call gives its documented code;
//! - a C program whose write callbacks call back into their own delivery or stream: refused
//!   with SPIEGEL_WRONG_STATE, the XML unchanged, the handle not freed;
//! - a C program that points the file outputs at `/dev/null`, a directory, a symbolic link
//!   and the file its organisation structure was read from, under `umask 077` and `022`.
//!
//! Needs gcc and g++. Without them the tests print SKIPPED, unless `CI` is set: then they fail.
//!
//! Unix only: the hosts use POSIX (`umask`, `/dev/null`, symbolic links, pthreads), and inside
//! Wine there is no gcc. scripts/windows.sh runs bindings/c/hostile.c and the thread test
//! against the Windows DLL.
#![cfg(unix)]

mod common;

use common::library_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `tests/hosts/<source>` with `compiler` and `flags`; returns the executable.
fn compile(compiler: &str, flags: &[&str], source: &str, out_dir: &Path) -> PathBuf {
    let exe = out_dir.join(source.replace('.', "_"));
    let source = root().join("tests/hosts").join(source);
    let output = Command::new(compiler)
        .args(flags)
        .args(["-Wall", "-Wextra", "-Werror", "-g", "-pthread"])
        .arg("-I")
        .arg(root().join("include"))
        .arg("-I")
        .arg(root().join("bindings/c"))
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(library_dir())
        .arg("-lspiegelinformatie")
        .output()
        .expect("the compiler runs");
    assert!(
        output.status.success(),
        "{compiler} failed on {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

fn run(exe: &Path) -> Output {
    let output = Command::new(exe)
        .env("LD_LIBRARY_PATH", library_dir())
        .output()
        .expect("the program runs");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn a_cpp_thread_local_destructor_can_call_the_library() {
    if !common::tool_available("g++") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("g++", &["-std=c++17"], "tls_destructor.cpp", dir.path());
    let output = run(&exe);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the host did not survive its thread_local destructors ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for place in ["worker thread: 0 failure(s)", "main thread: 0 failure(s)"] {
        assert!(stderr.contains(place), "no '{place}' in:\n{stderr}");
    }
}

#[test]
fn write_callbacks_cannot_reenter_their_own_handle() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("gcc", &["-std=c99", "-pedantic"], "reentry.c", dir.path());
    let output = run(&exe);
    assert!(
        output.status.success(),
        "re-entry was not refused ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn c_abi_outputs_never_replace_devices_directories_or_inputs() {
    if !common::tool_available("gcc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = compile("gcc", &["-std=c99", "-pedantic"], "outputs.c", dir.path());
    let scratch = dir.path().join("scratch");
    std::fs::create_dir(&scratch).unwrap();
    let output = Command::new(&exe)
        .arg(&scratch)
        .env("LD_LIBRARY_PATH", library_dir())
        .output()
        .expect("the program runs");
    assert!(
        output.status.success(),
        "outputs ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(&scratch)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".spiegel-"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}
