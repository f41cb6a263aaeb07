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

/// The directory holding `libspiegelinformatie.so` of this very build.
///
/// `cargo test` builds every crate type of the library, the cdylib included, into the
/// directory of the test executables (`target/<profile>/deps`), so that is where to look. If
/// it is not there (another build tool), `cargo build --lib` makes it: safe here, because
/// cargo no longer holds its build lock while tests run.
#[cfg(unix)]
pub fn library_dir() -> &'static std::path::Path {
    use std::path::PathBuf;
    use std::sync::OnceLock;
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let deps = std::env::current_exe()
            .expect("test executable path")
            .parent()
            .expect("deps directory")
            .to_path_buf();
        let name = "libspiegelinformatie.so";
        if deps.join(name).exists() {
            link_soname(&deps);
            return deps;
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args(["build", "--lib"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo can be run");
        assert!(status.success(), "cargo build --lib failed");
        let profile_dir = deps.parent().expect("profile directory").to_path_buf();
        assert!(
            profile_dir.join(name).exists(),
            "no {name} in {}",
            profile_dir.display()
        );
        link_soname(&profile_dir);
        profile_dir
    })
}
