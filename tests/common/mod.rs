//! Shared by the integration tests: the reference delivery and tool discovery.
#![allow(dead_code)]

pub mod reference;

use std::process::Command;

/// Whether `tool` can be run. When it cannot: under `CI` the test fails; otherwise a clear
/// SKIPPED line is printed and the caller skips.
pub fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required in CI but cannot be run");
        }
        eprintln!("SKIPPED: {tool} is not installed; install it to run this test");
    }
    found
}

/// The name the dynamic linker looks for: the cdylib's SONAME, `libspiegelinformatie.so.<ABI
/// major>` (set by build.rs). Programs linked with `-lspiegelinformatie` record it, so the
/// directory they load from needs it as a link to `libspiegelinformatie.so`, as `ldconfig`
/// makes one after an installation.
pub fn soname() -> String {
    format!(
        "libspiegelinformatie.so.{}",
        spiegelinformatie::ffi::SPIEGEL_ABI_VERSION
    )
}

/// Makes `dir/<soname>` point to `dir/libspiegelinformatie.so` (the fresh build's), replacing a
/// stale link.
#[cfg(unix)]
pub fn link_soname(dir: &std::path::Path) {
    let link = dir.join(soname());
    let _ = std::fs::remove_file(&link);
    match std::os::unix::fs::symlink("libspiegelinformatie.so", &link) {
        Ok(()) => {}
        // Another test binary made it at the same moment.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => panic!("{}: {e}", link.display()),
    }
}
